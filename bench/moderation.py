#!/usr/bin/env python3
"""Moderation bench (issue 13): Redis time of drop.lua, standard library only, never part of the tests.

  bench/moderation.py users [--entries 10000] [--users 10] [--calls 500]
      a drop by 10 userRefs in a room of 10,000 live entries: one drop.lua call each, measured with and without the
      signaling tier's users index (without it the script scans the room). Prints p50/p99/max of the script's own
      execution time (SLOWLOG, microseconds) and of the round trip seen by this client.
  bench/moderation.py audit [--calls 5000] [--rounds 7] [--baseline 05af0b2] [--mode socketio|json]
      an N=1 drop, today's audited drop.lua against the one of the baseline commit (no audit trail), on the same
      workload, in interleaved rounds: usec_per_call of evalsha from INFO commandstats (Redis' own time in the
      script). Mode socketio (the default signaling mode) publishes the two messages per client bench/run.sh does.

Starts its own redis-server on a free loopback port (redis-server on PATH) and stops it; touches no other Redis.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "src/main/resources/dev/dropuser/registry")
ROOM = "bench"
SOCKETIO = True
PREFIX = "dropuser:"


def key(suffix):
    return f"{PREFIX}room:{{{ROOM}}}:{suffix}"


class Resp:
    """A minimal RESP2 client: enough for EVALSHA, HSET, SLOWLOG and INFO."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def call(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(out))
        return self.read()

    def line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.sock.recv(1 << 16)
        head, self.buf = self.buf.split(b"\r\n", 1)
        return head

    def read(self):
        head = self.line()
        kind, rest = head[:1], head[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self.buf += self.sock.recv(1 << 16)
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError(f"unexpected reply {head!r}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis():
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="dropuser-bench-")
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", workdir], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            r = Resp(port)
            r.call("PING")
            return proc, r
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("redis-server did not start")


def source(name, commit=None):
    if commit:
        return subprocess.check_output(["git", "-C", ROOT, "show", f"{commit}:src/main/resources/dev/dropuser/registry/{name}"]).decode()
    with open(os.path.join(SCRIPTS, name)) as f:
        return f.read()


def load(r, commit=None):
    """lib.lua in front of drop.lua, as LuaScript.java does."""
    return r.call("SCRIPT", "LOAD", source("lib.lua", commit) + "\n" + source("drop.lua", commit))


def seed(r, entries, sessions_per_user=1):
    r.call("SET", PREFIX + "node:sig-1", "alive")
    users = {}
    pipe = []
    for i in range(entries):
        client, user = f"client-{i}", f"user-{i // sessions_per_user}"
        entry = json.dumps({"node": "sig-1", "sid": f"SID{i:017d}", "userRef": user, "role": "participant",
                            "joinedAt": 1764230400000}, separators=(",", ":"))
        pipe += [client, entry]
        users.setdefault(user, []).append(client)
        if len(pipe) >= 2000:
            r.call("HSET", key("live"), *pipe)
            pipe = []
    if pipe:
        r.call("HSET", key("live"), *pipe)
    flat = []
    for user, clients in users.items():
        flat += [user, json.dumps(clients, separators=(",", ":"))]
        if len(flat) >= 2000:
            r.call("HSET", key("users"), *flat)
            flat = []
    if flat:
        r.call("HSET", key("users"), *flat)


def drop_args(request_id, client_ids, user_refs, audited=True):
    """drop.lua's KEYS and ARGV in mode json (what DropScriptArgs writes), no idempotency key, no rate limit."""
    now = int(time.time() * 1000)
    settings = {"nodePrefix": PREFIX + "node:", "mode": "json", "cluster": False, "deadline": now + 60_000, "now": now,
                "requestId": request_id, "cause": 4502, "by": "bench", "banUntil": 0, "keepUser": "", "fingerprint": "",
                "markerTtl": 31_000, "roomLimit": 0, "callerLimit": 0, "window": 0, "parts": 3}
    keys = [key("live"), key("dropping"), key("bans"), key("rate"), key("rate:bench")]
    if audited:
        settings.update({"everyone": False, "userRefs": user_refs, "mayBanModerators": True, "trigger": "api",
                         "banSeconds": 0, "auditMinId": now - 30 * 86_400_000})
        keys += [key("audit"), key("users")]
    if SOCKETIO:
        # mode socketio (the default): the shapes SignalTemplates writes, with the bytes of the msgpack frame and
        # the JSON disconnect request around the holes (their exact content does not change the script's work).
        settings["mode"], settings["parts"] = "socketio", 8
        parts = ["socket.io#/#", "#", b"\x93\xa7emitter\x83\xa4type\x02\xa4data\x92\xb1room-disconnected\x85"
                 b"\xa5cause\x82\xa4code\xcd\x11\x95\xa3msg\xb9disconnected-by-service\xa8clientId",
                 b"\xa6roomId\xa5bench\xa9requestId\xa5req-1\xa3nsp\xa1/\x83\xa5rooms\x91",
                 b"\xa5flags\x80\xa6except\x90", "socket.io-request#/#",
                 '{"uid":"emitter","type":4,"opts":{"rooms":[', '],"except":[]},"close":true}']
    else:
        parts = [PREFIX + "signal:", '{"v":1,"clientIds":', "}"]
    return keys, [json.dumps(settings)] + parts + client_ids


def evalsha(r, sha, keys, argv):
    return r.call("EVALSHA", sha, len(keys), *keys, *argv)


def pct(values, p):
    values = sorted(values)
    return values[max(0, -(-len(values) * p // 100) - 1)]


def slowlog_durations(r):
    return [entry[2] for entry in r.call("SLOWLOG", "GET", "-1") if entry[3][0].upper() == b"EVALSHA"]


def bench_users(a):
    proc, r = start_redis()
    try:
        seed(r, a.entries)
        sha = load(r)
        r.call("CONFIG", "SET", "slowlog-max-len", "1000000")  # the commands inside the script are logged too
        for with_index in (True, False):
            if not with_index:
                r.call("DEL", key("users"))
            r.call("CONFIG", "SET", "slowlog-log-slower-than", "0")
            r.call("SLOWLOG", "RESET")
            rtts = []
            for i in range(a.calls):
                users = [f"user-{(i * 997 + u * 1009) % a.entries}" for u in range(a.users)]
                keys, argv = drop_args(f"req-{i}", [], users)
                started = time.perf_counter()
                reply = evalsha(r, sha, keys, argv)
                rtts.append((time.perf_counter() - started) * 1e6)
                assert reply[0] == b"applied" and len(reply[1]) == 3 * a.users, reply
                r.call("DEL", key("dropping"), key("audit"))
            r.call("CONFIG", "SET", "slowlog-log-slower-than", "10000")
            exec_us = slowlog_durations(r)
            assert len(exec_us) == a.calls, f"SLOWLOG kept {len(exec_us)} of {a.calls} calls"
            mode = "users index" if with_index else "scan (no index)"
            print(f"{a.users} userRefs, {a.entries} live entries, {mode}: {a.calls} calls, one EVALSHA each; "
                  f"script time p50 {pct(exec_us, 50) / 1000:.2f} ms p99 {pct(exec_us, 99) / 1000:.2f} ms "
                  f"max {max(exec_us) / 1000:.2f} ms; round trip p50 {pct(rtts, 50) / 1000:.2f} ms "
                  f"p99 {pct(rtts, 99) / 1000:.2f} ms")
    finally:
        proc.terminate()
        proc.wait()


def usec_per_call(r):
    for line in r.call("INFO", "commandstats").decode().splitlines():
        if line.startswith("cmdstat_evalsha:"):
            return float(dict(kv.split("=") for kv in line.split(":", 1)[1].split(","))["usec_per_call"])
    return 0.0


def bench_audit(a):
    proc, r = start_redis()
    try:
        seed(r, 1000)
        today, before = load(r), load(r, a.baseline)
        global SOCKETIO
        SOCKETIO = a.mode == "socketio"
        results = {"baseline": [], "audited": []}
        # Interleaved rounds, so that the machine's load hits both alike.
        for round_ in range(a.rounds):
            for name, sha, audited in (("baseline", before, False), ("audited", today, True)):
                r.call("CONFIG", "RESETSTAT")
                for i in range(a.calls):
                    keys, argv = drop_args(f"req-{round_}-{i}", [f"client-{i % 1000}"], [], audited)
                    reply = evalsha(r, sha, keys, argv)
                    assert reply[0] == b"applied", reply
                results[name].append(usec_per_call(r))
                r.call("DEL", key("dropping"))
        base, audited = sorted(results["baseline"]), sorted(results["audited"])
        b, t = base[len(base) // 2], audited[len(audited) // 2]
        print(f"N=1 drop, mode {a.mode}, {a.rounds} interleaved rounds of {a.calls} calls: evalsha usec_per_call median "
              f"baseline ({a.baseline}, no audit) {b:.2f}, today (audited) {t:.2f}: {100 * (t - b) / b:+.1f}%; "
              f"least-disturbed round (min) {base[0]:.2f} vs {audited[0]:.2f}: {100 * (audited[0] - base[0]) / base[0]:+.1f}%")
        print(f"  rounds baseline {['%.2f' % v for v in results['baseline']]}")
        print(f"  rounds audited  {['%.2f' % v for v in results['audited']]}")
        print(f"  audit stream length {r.call('XLEN', key('audit'))}")
    finally:
        proc.terminate()
        proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    users = sub.add_parser("users")
    users.add_argument("--entries", type=int, default=10_000)
    users.add_argument("--users", type=int, default=10)
    users.add_argument("--calls", type=int, default=500)
    audit = sub.add_parser("audit")
    audit.add_argument("--calls", type=int, default=5000)
    audit.add_argument("--rounds", type=int, default=7)
    audit.add_argument("--baseline", default="05af0b2")
    audit.add_argument("--mode", choices=["socketio", "json"], default="socketio")
    a = parser.parse_args()
    bench_users(a) if a.what == "users" else bench_audit(a)


if __name__ == "__main__":
    main()
