#!/usr/bin/env python3
"""Cold start: process start -> first successful drop, for several ways of running a drop endpoint.

  bench/coldstart.py [--runs N] [--variants jvm17,jvm25,jvm25-aot,lambda-mock,peer] [--out FILE]

Starts its own redis-server on a free loopback port, seeds room r1 (client c1 live on node sig-1, with a
heartbeat), signs an RS256 moderator token for r1 with the test key pair (src/test/resources/test-keys, the
%test profile's issuer and audience), then for each run of each variant, the variants taking turns: starts the
process, sends the drop (POST /v1/rooms/r1/drop, {"clientIds":["c1"]}) every 5 ms until one is answered 200
with c1 "pending", and records the milliseconds since the process was started. Each process is stopped before
the next starts. lambda-mock runs the -Plambda build against a Lambda Runtime API served here (one API Gateway
v2 event, deploy/lambda/events/drop.json filled in): process start -> the invocation's 200 response.

Variants and what they need (built beforehand; bench/run.sh and docs/BENCHMARKS.md give the commands):
  jvm17        java (17) -jar target/quarkus-app/quarkus-run.jar                     (./mvnw package)
  jvm17-unprimed  the same without the startup priming (dev.dropuser.startup.Priming)
  jvm25        the same jar on JDK 25 ($JAVA25_HOME, default Temurin 25), no cache
  jvm25-aot    JDK 25 with -XX:AOTCache=$AOT_APP/app.aot, $AOT_APP default target/aot-app (bench/aot-cache.sh)
  lambda-mock  the -Plambda build in $LAMBDA_APP (default target/lambda-app) run as Lambda's managed Java runtime
               runs it: AWS' runtime interface client (jars in target/lambda-ric) calling Quarkus' stream handler,
               against the Runtime API served here (bench/run.sh builds both)
  peer         node bench/peer/server.js                                            (npm ci in bench/peer)
  floor        node bench/floor-server.js: the smallest HTTP server, any answer counts (the machine's floor)
Extra JVM options for every JVM variant: $COLDSTART_JAVA_OPTS. Standard library only.
"""
import argparse
import http.client
import json
import os
import queue
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = os.path.join(ROOT, "src/test/resources/test-keys")
ISSUER, AUDIENCE = "https://issuer.test", "dropuser"
JAVA25 = os.environ.get("JAVA25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
BODY = b'{"clientIds":["c1"]}'
EXTRA = {}  # --try NAME=OPTIONS: more jvm17 variants with these JVM options


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def b64url(data):
    import base64
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def moderator_token(room):
    now = int(time.time())
    header = b64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({"iss": ISSUER, "aud": AUDIENCE, "sub": "bench-mod", "groups": ["moderator"],
                                 "room": room, "iat": now, "exp": now + 7200}).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", os.path.join(KEYS, "privateKey.pem")],
                               input=f"{header}.{payload}".encode(), capture_output=True, check=True).stdout
    return f"{header}.{payload}.{b64url(signature)}"


class Redis:
    def __init__(self, workdir):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", workdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if self.cli("PING") == "PONG":
                return
            time.sleep(0.02)
        raise SystemExit("coldstart: redis-server did not start")

    def cli(self, *args):
        done = subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True)
        return done.stdout.strip()

    def seed(self):
        self.cli("SET", "dropuser:node:sig-1", "alive", "EX", "100000")
        self.cli("HSET", "dropuser:room:{r1}:live", "c1",
                 '{"node":"sig-1","sid":"sid-1","userRef":"u-1","role":"participant","joinedAt":1}')
        # Drops leave c1 live (nobody confirms); a script cached by an earlier run must not help the next one.
        self.cli("SCRIPT", "FLUSH")
        self.cli("DEL", "dropuser:room:{r1}:dropping")

    def stop(self):
        self.process.terminate()
        self.process.wait()


def http_drop(port, token):
    """One drop over a new connection: (status, body) or None when nothing answers yet."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("POST", "/v1/rooms/r1/drop", BODY,
                           {"Content-Type": "application/json", "Authorization": "Bearer " + token})
        response = connection.getresponse()
        result = response.status, response.read().decode()
        connection.close()
        return result
    except OSError:
        return None


class RuntimeApi:
    """Just enough of the Lambda Runtime API (2018-06-01) for one invocation per run."""

    def __init__(self):
        self.events, self.responses = queue.Queue(), queue.Queue()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle(self):
                try:
                    super().handle()
                except OSError:
                    pass  # the runtime client was stopped while it waited for an event

            def reply(self, status, body=b"", headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if not self.path.endswith("/runtime/invocation/next"):
                    return self.reply(404)
                request_id, event = api.events.get()
                self.reply(200, event, [("Lambda-Runtime-Aws-Request-Id", request_id),
                                        ("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000)),
                                        ("Lambda-Runtime-Invoked-Function-Arn",
                                         "arn:aws:lambda:eu-west-1:123456789012:function:dropuser"),
                                        ("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000"),
                                        ("Content-Type", "application/json")])

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                api.responses.put((time.monotonic(), self.path, body))
                self.reply(202, b"{}")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def invoke(self, token, request_id):
        with open(os.path.join(ROOT, "deploy/lambda/events/drop.json")) as f:
            event = json.load(f)
        event["headers"]["authorization"] = "Bearer " + token
        del event["headers"]["idempotency-key"]
        event["body"] = BODY.decode()
        event["headers"]["content-length"] = str(len(BODY))
        self.events.put((request_id, json.dumps(event).encode()))


def cpu_ms(pid):
    """CPU time (user + system, all threads) the process has used so far: less noisy than wall time on a
    shared machine, where a busy neighbour delays the start without making it cost more."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def started_in(log_path):
    with open(log_path, errors="replace") as f:
        for line in f:
            if "started in " in line:
                return float(line.split("started in ")[1].split("s")[0])
    return None


def run_once(variant, redis, token, runtime_api, run_number, logdir):
    redis.seed()
    port = free_port()
    env = dict(os.environ, QUARKUS_HTTP_PORT=str(port), QUARKUS_REDIS_HOSTS=f"redis://127.0.0.1:{redis.port}",
               MP_JWT_VERIFY_PUBLICKEY_LOCATION=os.path.join(KEYS, "publicKey.pem"),
               MP_JWT_VERIFY_ISSUER=ISSUER, MP_JWT_VERIFY_AUDIENCES=AUDIENCE,
               DROPUSER_CONFIRM_TIMEOUT="0s", DROPUSER_RATE_LIMIT_ROOM="0", DROPUSER_RATE_LIMIT_CALLER="0",
               DROPUSER_CLEANUP_EVERY="24h",
               PORT=str(port), REDIS_URL=f"redis://127.0.0.1:{redis.port}",
               PUBLIC_KEY=os.path.join(KEYS, "publicKey.pem"), ISSUER=ISSUER, AUDIENCE=AUDIENCE)
    java_opts = shlex.split(os.environ.get("COLDSTART_JAVA_OPTS", ""))
    aot_app = os.environ.get("AOT_APP", os.path.join(ROOT, "target/aot-app"))
    lambda_app = os.environ.get("LAMBDA_APP", os.path.join(ROOT, "target/lambda-app"))
    commands = {
        "jvm17": ["java", *java_opts, "-jar", os.path.join(ROOT, "target/quarkus-app/quarkus-run.jar")],
        "jvm17-unprimed": ["java", "-Ddropuser.startup.priming=false", *java_opts, "-jar",
                           os.path.join(ROOT, "target/quarkus-app/quarkus-run.jar")],
        "jvm25": [JAVA25 + "/bin/java", *java_opts, "-jar", os.path.join(aot_app, "quarkus-run.jar")],
        "jvm25-aot": [JAVA25 + "/bin/java", "-XX:AOTCache=app.aot", *java_opts, "-jar", "quarkus-run.jar"],
        # What Lambda's managed Java runtime runs: its runtime interface client, calling Quarkus' handler.
        "lambda-mock": ["java", *java_opts, "-cp", ":".join([
            os.path.join(lambda_app, "dropuser-1.0.0-SNAPSHOT-runner.jar"), os.path.join(lambda_app, "lib/*"),
            os.path.join(ROOT, "target/lambda-ric/*")]),
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
            "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"],
        "peer": ["node", os.path.join(ROOT, "bench/peer/server.js")],
        "floor": ["node", os.path.join(ROOT, "bench/floor-server.js"), str(port)],
    }
    for name, options in EXTRA.items():
        commands[name] = ["java", *shlex.split(options), *java_opts, "-jar",
                          os.path.join(ROOT, "target/quarkus-app/quarkus-run.jar")]
    cwd = aot_app if variant == "jvm25-aot" else ROOT
    if variant == "lambda-mock":
        # A Runtime API of its own per run: the last run's runtime client may still be parked in a GET /next.
        runtime_api = RuntimeApi()
        env["AWS_LAMBDA_RUNTIME_API"] = f"127.0.0.1:{runtime_api.port}"
        env["AWS_LAMBDA_FUNCTION_NAME"] = "dropuser"
        runtime_api.invoke(token, f"run-{run_number}")
    log_path = os.path.join(logdir, f"{variant}-{run_number}.log")
    with open(log_path, "wb") as log:
        start = time.monotonic()
        process = subprocess.Popen(commands[variant], cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            first = None
            while time.monotonic() - start < 60:
                if process.poll() is not None:
                    raise SystemExit(f"coldstart: {variant} stopped (see {log_path})")
                if variant == "lambda-mock":
                    try:
                        at, path, body = runtime_api.responses.get(timeout=0.005)
                    except queue.Empty:
                        continue
                    answer = json.loads(body)
                    if "/response" in path and answer.get("statusCode") == 200 and '"pending"' in answer["body"]:
                        first = at - start
                        cpu = cpu_ms(process.pid)
                        break
                    raise SystemExit(f"coldstart: lambda answered {path} {body[:300]!r}")
                answer = http_drop(port, token)
                if answer and variant == "floor" or answer and answer[0] == 200 and '"status":"pending"' in answer[1].replace(" ", ""):
                    first = time.monotonic() - start
                    cpu = cpu_ms(process.pid)
                    break
                time.sleep(0.005)
            if first is None:
                raise SystemExit(f"coldstart: no successful drop from {variant} within 60 s (see {log_path})")
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if runtime_api:
                runtime_api.server.shutdown()
                runtime_api.server.server_close()
    return first * 1000, cpu, started_in(log_path)


def train_aot(app_dir, drops):
    """The JDK 25 AOT cache's training run: the packaged service in app_dir on JDK 25 with
    -XX:AOTCacheOutput=app.aot, driven through what a request needs (drops, a refusal, a bad token), then
    stopped; the JVM writes app.aot as it exits. Run from app_dir with the relative jar path: a cache is only
    used by a JVM started with the same class path."""
    token = moderator_token("r1")
    with tempfile.TemporaryDirectory() as workdir:
        redis = Redis(workdir)
        redis.seed()
        port = free_port()
        env = dict(os.environ, QUARKUS_HTTP_PORT=str(port), QUARKUS_REDIS_HOSTS=f"redis://127.0.0.1:{redis.port}",
                   MP_JWT_VERIFY_PUBLICKEY_LOCATION=os.path.join(KEYS, "publicKey.pem"),
                   MP_JWT_VERIFY_ISSUER=ISSUER, MP_JWT_VERIFY_AUDIENCES=AUDIENCE, DROPUSER_CONFIRM_TIMEOUT="0s",
                   DROPUSER_CLEANUP_EVERY="24h")
        command = [JAVA25 + "/bin/java", "-XX:AOTCacheOutput=app.aot",
                   *shlex.split(os.environ.get("COLDSTART_JAVA_OPTS", "")), "-jar", "quarkus-run.jar"]
        log_path = os.path.join(app_dir, "aot-training.log")
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                answered = 0
                deadline = time.monotonic() + 120
                while answered < drops and time.monotonic() < deadline:
                    if process.poll() is not None:
                        raise SystemExit(f"coldstart: the training run stopped (see {log_path})")
                    answer = http_drop(port, token)
                    if answer and answer[0] == 200:
                        answered += 1
                    else:
                        time.sleep(0.01)
                if answered < drops:
                    raise SystemExit(f"coldstart: {answered} drops answered in the training run (see {log_path})")
                for bad in ("x.y.z", token + "x"):
                    http_drop(port, bad)
            finally:
                process.terminate()
                process.wait(300)
        redis.stop()
    if not os.path.exists(os.path.join(app_dir, "app.aot")):
        raise SystemExit(f"coldstart: no {app_dir}/app.aot (see {log_path})")
    print(f"{app_dir}/app.aot: {os.path.getsize(os.path.join(app_dir, 'app.aot')) // 1024 // 1024} MB, "
          f"trained on {drops} drops", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--train-aot", metavar="APP_DIR",
                        help="only make APP_DIR/app.aot (JDK 25 AOT cache) with a training run that drops, then exit")
    parser.add_argument("--train-drops", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--variants", default="jvm17,jvm25-aot,lambda-mock,peer")
    parser.add_argument("--try", action="append", default=[], metavar="NAME=OPTIONS",
                        help="one more variant: the jvm17 jar with these JVM options (to compare options side by side)")
    parser.add_argument("--out", help="append one key=value line per variant to this file")
    args = parser.parse_args()
    if args.train_aot:
        return train_aot(os.path.abspath(args.train_aot), args.train_drops)
    variants = args.variants.split(",")
    for extra in args.__dict__["try"]:
        name, options = extra.split("=", 1)
        EXTRA[name] = options
        variants.append(name)
    token = moderator_token("r1")
    with tempfile.TemporaryDirectory() as workdir:
        redis = Redis(workdir)
        runtime_api = None
        logdir = os.environ.get("COLDSTART_LOGS", workdir)
        results = {v: [] for v in variants}
        try:
            for run in range(args.runs):
                for variant in variants:
                    ms, cpu, quarkus_s = run_once(variant, redis, token, runtime_api, run, logdir)
                    results[variant].append((ms, cpu, quarkus_s))
                    print(f"run {run + 1}/{args.runs} {variant}: first drop {ms:.0f} ms, CPU {cpu:.0f} ms"
                          + (f", Quarkus 'started in' {quarkus_s:.3f} s" if quarkus_s else ""), file=sys.stderr)
        finally:
            redis.stop()
    load = open("/proc/loadavg").read().split()[:3]
    print(f"{args.runs} runs each, taking turns; load average {' '.join(load)} on {os.cpu_count()} cores")
    print(f"{'variant':<12} {'first drop ms (median)':>22} {'min':>6} {'max':>6} {'CPU ms (median)':>16} "
          f"{'started in s (median)':>22}")
    for variant, values in results.items():
        ms = [m for m, _, _ in values]
        cpu = statistics.median([c for _, c, _ in values])
        started = [s for _, _, s in values if s is not None]
        median_started = statistics.median(started) if started else None
        print(f"{variant:<12} {statistics.median(ms):>22.0f} {min(ms):>6.0f} {max(ms):>6.0f} {cpu:>16.0f} "
              f"{(f'{median_started:.3f}' if median_started else '-'):>22}")
        if args.out:
            with open(args.out, "a") as f:
                f.write(f"run=coldstart_{variant}\tvariant={variant}\truns={len(ms)}\tms={statistics.median(ms):.0f}"
                        f"\tmin_ms={min(ms):.0f}\tmax_ms={max(ms):.0f}\tcpu_ms={cpu:.0f}"
                        f"\tquarkus_s={median_started if median_started else ''}\n")


if __name__ == "__main__":
    main()
