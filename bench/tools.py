#!/usr/bin/env python3
"""Small helpers for bench/run.sh (standard library only).

  free-port                      a free TCP port on 127.0.0.1
  hey-summary CSV                one hey -o csv run as key=value fields (latencies in microseconds)
  monitor-argv FILE INDEX        the last EVALSHA seen by redis-cli MONITOR, as NUL-separated arguments,
                                 with script argument INDEX (the deadline) moved far into the future
  redis-benchmark-csv CSV        requests/s, p50 ms and p99 ms of a redis-benchmark --csv run
  jmh CSV                        JMH's CSV as one line per benchmark: name, microseconds per token
  table RESULTS OUTDIR           the one table (printed), plus OUTDIR/table.md and OUTDIR/latency-vs-n.dat
"""
import csv
import os
import re
import socket
import sys

FAR_FUTURE_MS = "9999999999999"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def percentile(sorted_values, p):
    """Nearest-rank percentile (what wrk and HdrHistogram report)."""
    if not sorted_values:
        return 0
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def hey_summary(path):
    # hey's columns: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
    # (times in seconds, 4 decimals: a 0.1 ms resolution).
    times, non2xx, end = [], 0, 0.0
    with open(path) as f:
        for row in csv.reader(f):
            if not row or row[0] == "response-time":
                continue
            t, status, offset = float(row[0]), int(row[6]), float(row[7])
            times.append(t * 1e6)
            non2xx += not 200 <= status < 300
            end = max(end, offset + t)
    times.sort()
    fields = {
        "requests": len(times), "duration_us": int(end * 1e6),
        "p50_us": int(percentile(times, 50)), "p99_us": int(percentile(times, 99)),
        "p999_us": int(percentile(times, 99.9)), "max_us": int(times[-1] if times else 0),
        "mean_us": round(sum(times) / len(times), 1) if times else 0, "non2xx": non2xx,
    }
    print("\t".join(f"{k}={v}" for k, v in fields.items()))


def unquote_monitor_args(line):
    """Splits one MONITOR line's "quoted" arguments, undoing Redis' escaping (sdscatrepr) into bytes."""
    args, i = [], line.index('"')
    escapes = {"n": b"\n", "r": b"\r", "t": b"\t", "a": b"\a", "b": b"\b", '"': b'"', "\\": b"\\"}
    while i < len(line):
        if line[i] != '"':
            i += 1
            continue
        i += 1
        arg = bytearray()
        while line[i] != '"':
            c = line[i]
            if c == "\\":
                nxt = line[i + 1]
                if nxt == "x":
                    arg.append(int(line[i + 2:i + 4], 16))
                    i += 4
                    continue
                arg += escapes[nxt]
                i += 2
                continue
            arg += c.encode("latin-1")
            i += 1
        args.append(bytes(arg))
        i += 1
    return args


def monitor_argv(path, deadline_index):
    with open(path, encoding="latin-1") as f:
        lines = [line.rstrip("\n") for line in f if '"EVALSHA"' in line or '"evalsha"' in line]
    if not lines:
        sys.exit("no EVALSHA in the MONITOR capture")
    args = unquote_monitor_args(lines[-1])
    # EVALSHA sha numkeys key... arg...: script argument k is at 3 + numkeys + k - 1.
    numkeys = int(args[2])
    position = 3 + numkeys + int(deadline_index) - 1
    args[position] = FAR_FUTURE_MS.encode()
    if any(b"\0" in a for a in args):
        sys.exit("an argument contains a NUL byte: it cannot be passed to redis-benchmark on its command line")
    sys.stdout.buffer.write(b"\0".join(args) + b"\0")


def redis_benchmark_csv(path):
    # The first column names the command with its arguments (quotes and commas included): count from the end.
    # Columns: test, rps, avg, min, p50, p95, p99, max (latencies in ms).
    # (redis-benchmark does not escape the quotes inside it, so this is not parsed as CSV).
    with open(path, encoding="latin-1") as f:
        last = f.read().strip().splitlines()[-1]
    rps, _avg, _min, p50, _p95, p99, _max = (value.strip('"') for value in last.rsplit(",", 7)[-7:])
    print(rps, p50, p99)


def jmh(path):
    with open(path) as f:
        for row in csv.DictReader(f):
            name = row["Benchmark"].rsplit(".", 1)[-1]
            print(f"{name}\t{float(row['Score']):.1f}\t{float(row['Score Error (99.9%)'] or 'nan'):.1f}")


# ---------------------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------------------

def read_results(path):
    runs = {}
    with open(path) as f:
        for line in f:
            fields = dict(field.split("=", 1) for field in line.rstrip("\n").split("\t") if "=" in field)
            runs[fields["run"]] = fields
    return runs


def num(run, key):
    return float(run[key])


class Load:
    """One load run with the Redis and JVM counters read around it."""

    def __init__(self, run):
        self.run = run
        self.requests = num(run, "requests")
        self.seconds = num(run, "duration_us") / 1e6
        self.rps = self.requests / self.seconds if self.seconds else 0
        self.p50, self.p99, self.p999 = (num(run, k) / 1000 for k in ("p50_us", "p99_us", "p999_us"))
        self.non2xx = int(run["non2xx"])
        self.errors = int(run.get("socket_errors", 0))

        def delta(key):
            return num(run, "after_" + key) - num(run, "before_" + key)

        scripts = delta("script_calls")
        self.scripts_per_request = scripts / self.requests if self.requests else 0
        self.inner_per_request = (delta("all_calls") - scripts) / scripts if scripts else 0
        self.script_us = delta("script_usec") / scripts if scripts else 0
        self.redis_cpu_us = delta("cpu_us") / self.requests if self.requests else 0
        self.jvm_cpu_us = delta("jvm_cpu_ticks") * 1e6 / num(run, "clock_ticks") / self.requests if self.requests else 0


def gc_pauses(path, start_s, end_s):
    """Pause times (ms) from a -Xlog:gc:...:uptime log, for pauses that began between start_s and end_s."""
    pauses = []
    if not os.path.exists(path):
        return pauses
    with open(path) as f:
        for line in f:
            m = re.match(r"\[([0-9.]+)s\].* Pause .* ([0-9.]+)ms$", line.strip())
            if m and start_s <= float(m.group(1)) <= end_s:
                pauses.append(float(m.group(2)))
    return pauses


def ms(value):
    return "-" if value is None else (f"{value:.2f}" if value < 10 else f"{value:.1f}")


def table(results_path, outdir):
    runs = read_results(results_path)
    machine = runs["machine"]
    loads = {name: Load(run) for name, run in runs.items() if run.get("kind") in ("wrk",)}
    # Commands per request come from runs of exactly 200 requests with none in flight at either end.
    calls = {int(run["n"]): Load(run) for run in runs.values() if run.get("kind") == "count"}
    conns = runs["drop_n1"]["conns"]
    seconds = runs["drop_n1"]["secs"]
    base_rated = loads["baseline_rate"]
    rate_conns = runs["drop_n1_rate"]["conns"]
    ns = [int(n) for n in machine["ns"].split(",")]

    header = ["measurement", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "compared with", "scripts/req",
              "cmds in script", "Redis µs/req (CPU)", "JVM CPU µs/req"]
    rows = []

    def load_row(label, load, compared, n=None):
        exact = calls.get(n)
        scripts = f"{exact.scripts_per_request:.2f}" if exact else "0"
        inner = f"{exact.inner_per_request:.0f}" if exact else "0"
        redis_us = f"{load.script_us:.0f} ({load.redis_cpu_us:.0f})" if exact else "-"
        rows.append([label, f"{load.rps:,.0f}", ms(load.p50), ms(load.p99), ms(load.p999), compared, scripts,
                     inner, redis_us, f"{load.jvm_cpu_us:.0f}"])

    def section(title):
        rows.append([title])

    base, drop1, rated = loads["baseline"], loads["drop_n1"], loads["drop_n1_rate"]
    section(f"HTTP + JWT limit vs drop, {conns} connections, {seconds} s each")
    load_row("auth + parse, refused 1002 (limit)", base, "-")
    load_row("drop N=1", drop1, f"{drop1.rps / base.rps:.0%} of the limit", 1)
    section(f"at a fixed rate: requests arriving at random (Poisson) from {rate_conns} connections")
    load_row("auth + parse, refused 1002 (limit)", base_rated, "-")
    load_row("drop N=1", rated, f"p99 {rated.p99 / base_rated.p99:.1f}x the limit's p99", 1)
    floor_rated = loads.get("baseline_floor_rate")
    if floor_rated:
        rows.append(["trivial HTTP server (Node), same load", f"{floor_rated.rps:,.0f}", ms(floor_rated.p50),
                     ms(floor_rated.p99), ms(floor_rated.p999), "the machine's floor", "-", "-", "-", "-"])

    section(f"latency vs N: same {conns} connections, then 1 connection (unloaded)")
    for n in ns:
        load = loads[f"drop_n{n}"]
        load_row(f"drop N={n}", load, f"{load.rps / drop1.rps:.0%} of N=1 req/s" if n > 1 else "-", n)
    for n in ns:
        load = loads[f"single_n{n}"]
        load_row(f"drop N={n}, 1 connection", load,
                 f"p50 {load.p50 / loads['single_n1'].p50:.1f}x N=1" if n > 1 else "-", n)

    section(f"Redis floor: redis-benchmark, the same EVALSHA, {conns} connections")
    for n in ns:
        floor = runs.get(f"floor_n{n}")
        if not floor:
            continue
        service = loads[f"drop_n{n}"].rps
        scripts = num(floor, "after_script_calls") - num(floor, "before_script_calls")
        script_us = (num(floor, "after_script_usec") - num(floor, "before_script_usec")) / scripts
        cpu_us = (num(floor, "after_cpu_us") - num(floor, "before_cpu_us")) / num(floor, "requests")
        rows.append([f"drop.lua N={n}", f"{num(floor, 'rps'):,.0f}", ms(num(floor, "p50_ms")), ms(num(floor, "p99_ms")),
                     "-", f"service at {service / num(floor, 'rps'):.0%} of it", "1.00",
                     f"{calls[n].inner_per_request:.0f}", f"{script_us:.0f} ({cpu_us:.0f})", "-"])

    section("JWT verification per token (JMH, 1 thread, µs/token)")
    for name, label in (("rs256Token", "RS256 (RSA 2048), whole check"), ("es256Token", "ES256 (P-256), whole check"),
                        ("rs256SignatureOnly", "RS256 signature alone"), ("es256SignatureOnly", "ES256 signature alone")):
        jwt = runs.get("jwt_" + name)
        if jwt:
            us = num(jwt, "us")
            rows.append([label, f"{1e6 / us:,.0f}/s/core", "-", "-", "-", f"{us:.1f} ± {jwt['error']} µs/token",
                         "-", "-", "-", "-"])

    section("JVM")
    startup = runs["startup"]
    rows.append(["start to first successful drop", "-", "-", "-", "-",
                 f"{num(startup, 'ms'):,.0f} ms (Quarkus: started in {startup['quarkus_s']} s)", "-", "-", "-", "-"])
    gc = gc_pauses(os.path.join(os.path.dirname(results_path), "gc.log"),
                   num(runs["gc"], "from_ms") / 1000, num(runs["gc"], "to_ms") / 1000)
    if gc:
        rows.append(["GC pauses during the load runs", "-", "-", "-", "-",
                     f"{len(gc)} pauses, longest {max(gc):.1f} ms, {sum(gc):.0f} ms in all", "-", "-", "-", "-"])
    warmup = runs["warmup"]
    rows.append(["warm-up before the runs", "-", "-", "-", "-",
                 f"{warmup['rounds']} rounds, until the JIT used {warmup['c2_last_round_pct']}% of a core",
                 "-", "-", "-", "-"])
    rss = runs["rss"]
    rows.append(["RSS after 10k drops", "-", "-", "-", "-",
                 f"{num(rss, 'kb_10k') / 1024:.0f} MiB (at the end: {num(rss, 'kb_end') / 1024:.0f} MiB, "
                 f"peak {num(rss, 'kb_peak') / 1024:.0f} MiB)", "-", "-", "-", "-"])

    peer_rows(runs, loads, rows, section)

    single_max = loads[f"single_n{max(ns)}"]
    targets = [
        ("p99 <= 2 ms at 1,000 req/s, N=1", rated.p99 <= 2.0 and rated.rps >= 950,
         f"{rated.p99:.2f} ms at {rated.rps:,.0f} req/s (auth + parse alone: {base_rated.p99:.2f} ms"
         + (f"; a trivial HTTP server: {floor_rated.p99:.2f} ms)" if floor_rated else ")")),
        (">= 5,000 req/s, N=1", drop1.rps >= 5000, f"{drop1.rps:,.0f} req/s"),
        (">= 50% of the HTTP+JWT limit, N=1", drop1.rps >= 0.5 * base.rps, f"{drop1.rps / base.rps:.0%}"),
        (f"N={max(ns)} under 20 ms (1 connection, p99)", single_max.p99 < 20, f"p99 {single_max.p99:.1f} ms"),
        ("1 script call per request, any N", all(calls[n].scripts_per_request == 1 for n in ns),
         ", ".join(f"N={n}: {calls[n].scripts_per_request:.2f}" for n in ns)),
    ]
    starts = {name[len("coldstart_"):]: run for name, run in runs.items() if name.startswith("coldstart_")}
    for variant, limit in (("jvm17", 1500), ("jvm17-run-opts", 1500), ("jvm25-aot", 1000)):
        if variant in starts:
            targets.append((f"start to first drop <= {limit:,} ms ({variant})", num(starts[variant], "ms") <= limit,
                            f"{num(starts[variant], 'ms'):,.0f} ms, CPU {num(starts[variant], 'cpu_ms'):,.0f} ms"))
    if "peer_drop_n1" in loads:
        peer, burst = loads["peer_drop_n1"], {n: Load(r) for n, r in runs.items() if r.get("kind") == "burst"}
        targets += [
            (">= 2x the peer's req/s, N=1", drop1.rps >= 2 * peer.rps, f"{drop1.rps / peer.rps:.1f}x"),
            ("CPU per drop <= the peer's", drop1.jvm_cpu_us <= peer.jvm_cpu_us,
             f"{drop1.jvm_cpu_us:.0f} vs {peer.jvm_cpu_us:.0f} µs"),
            ("p99 in bursts <= the peer's", burst["drop_n1_burst"].p99 <= burst["peer_drop_n1_burst"].p99,
             f"{burst['drop_n1_burst'].p99:.1f} vs {burst['peer_drop_n1_burst'].p99:.1f} ms"),
            ("RSS after the runs <= 200 MB", num(runs["rss"], "kb_end") * 1024 <= 200e6,
             f"{num(runs['rss'], 'kb_end') * 1024 / 1e6:.0f} MB"),
        ]
    problems = [f"{name}: {load.non2xx} non-2xx, {load.errors} socket errors"
                for name, load in list(loads.items()) + [(f"calls_n{n}", c) for n, c in calls.items()]
                if not name.startswith("baseline") and (load.non2xx or load.errors)]
    for name, load in (("baseline", base), ("baseline_rate", base_rated), ("baseline_floor_rate", floor_rated)):
        if load is None:
            continue
        if load.non2xx != load.requests:
            problems.append(f"{name}: {load.requests - load.non2xx:.0f} answers were not refusals")

    title = (f"dropuser bench {machine['date']} | {machine['cpu']}, {machine['cores']} cores | "
             f"load average before: {machine['load_before']}, after: {machine.get('load_after', '?')}")
    print_text(title, header, rows, targets, problems)
    with open(os.path.join(outdir, "table.md"), "w") as md:
        write_markdown(md, header, rows, targets)
    with open(os.path.join(outdir, "latency-vs-n.dat"), "w") as dat:
        dat.write("# N  p50_1conn  p99_1conn  p50_loaded  p99_loaded  redis_script_ms\n")
        for n in ns:
            single, loaded = loads[f"single_n{n}"], loads[f"drop_n{n}"]
            dat.write(f"{n} {single.p50:.3f} {single.p99:.3f} {loaded.p50:.3f} {loaded.p99:.3f} "
                      f"{loaded.script_us / 1000:.3f}\n")
    return 1 if problems else 0


def peer_rows(runs, loads, rows, section):
    """dropuser against the Node peer (bench/peer), and the cold starts (bench/coldstart.py)."""
    starts = {name[len("coldstart_"):]: run for name, run in runs.items() if name.startswith("coldstart_")}
    if starts:
        section("cold start: process start to first successful drop (median of runs taking turns; CPU = process CPU time)")
        labels = {"jvm17": "JDK 17, java -jar (defaults)", "jvm17-run-opts": "JDK 17, README run command",
                  "jvm17-unprimed": "JDK 17, no startup priming", "jvm25": "JDK 25, aot-jar, no cache",
                  "jvm25-aot": "JDK 25 + AOT cache", "lambda-mock": "Lambda Java runtime (RIC), mock Runtime API",
                  "peer": "Node peer", "floor": "trivial HTTP server (Node)"}
        for variant, run in starts.items():
            quarkus = f", Quarkus 'started in' {float(run['quarkus_s']):.2f} s" if run.get("quarkus_s") else ""
            rows.append([labels.get(variant, variant), "-", "-", "-", "-",
                         f"{num(run, 'ms'):,.0f} ms (min {num(run, 'min_ms'):,.0f}, max {num(run, 'max_ms'):,.0f}), "
                         f"CPU {num(run, 'cpu_ms'):,.0f} ms{quarkus}", "-", "-", "-", "-"])
    peer = loads.get("peer_drop_n1")
    if not peer:
        return
    bursts = {name: run for name, run in runs.items() if run.get("kind") == "burst"}
    ours_burst, peer_burst = Load(bursts["drop_n1_burst"]), Load(bursts["peer_drop_n1_burst"])
    ours, ours_big, peer_big = loads["drop_n1"], loads["single_n1000"], loads["peer_single_n1000"]
    section("dropuser vs the Node peer (bench/peer): same Redis, tokens and load generators; CPU = the server process")
    rows.append(["drop N=1, 16 connections: dropuser", f"{ours.rps:,.0f}", ms(ours.p50), ms(ours.p99), ms(ours.p999),
                 f"{ours.rps / peer.rps:.1f}x the peer's req/s", "-", "-", "-", f"{ours.jvm_cpu_us:.0f}"])
    rows.append(["drop N=1, 16 connections: peer", f"{peer.rps:,.0f}", ms(peer.p50), ms(peer.p99), ms(peer.p999),
                 "-", "-", "-", "-", f"{peer.jvm_cpu_us:.0f}"])
    rows.append(["~1,000 req/s in bursts (hey -c 20 -q 50): dropuser", f"{ours_burst.rps:,.0f}", ms(ours_burst.p50),
                 ms(ours_burst.p99), ms(ours_burst.p999), f"p99 {ours_burst.p99 / peer_burst.p99:.2f}x the peer's",
                 "-", "-", "-", f"{ours_burst.jvm_cpu_us:.0f}"])
    rows.append(["~1,000 req/s in bursts (hey -c 20 -q 50): peer", f"{peer_burst.rps:,.0f}", ms(peer_burst.p50),
                 ms(peer_burst.p99), ms(peer_burst.p999), "-", "-", "-", "-", f"{peer_burst.jvm_cpu_us:.0f}"])
    rows.append(["drop N=1000, 1 connection: dropuser", f"{ours_big.rps:,.0f}", ms(ours_big.p50), ms(ours_big.p99),
                 ms(ours_big.p999), "-", "-", "-", "-", f"{ours_big.jvm_cpu_us:.0f}"])
    rows.append(["drop N=1000, 1 connection: peer", f"{peer_big.rps:,.0f}", ms(peer_big.p50), ms(peer_big.p99),
                 ms(peer_big.p999), "-", "-", "-", "-", f"{peer_big.jvm_cpu_us:.0f}"])
    rss, peer_rss = runs["rss"], runs["peer_rss"]
    rows.append(["RSS after all runs: dropuser / peer", "-", "-", "-", "-",
                 f"{num(rss, 'kb_end') / 1024:.0f} MiB / {num(peer_rss, 'kb_end') / 1024:.0f} MiB", "-", "-", "-", "-"])


def print_text(title, header, rows, targets, problems):
    widths = [max(len(r[i]) for r in [header] + [r for r in rows if len(r) > 1]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print(title)
    print(line)
    print("  ".join(h.ljust(w) if i in (0, 5) else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    for row in rows:
        if len(row) == 1:
            print(line)
            print(row[0])
            continue
        print("  ".join(c.ljust(w) if i in (0, 5) else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
    print(line)
    print("targets:")
    for name, met, value in targets:
        print(f"  {'met   ' if met else 'MISSED'}  {name}: {value}")
    for problem in problems:
        print(f"  CHECK   {problem}")


def write_markdown(md, header, rows, targets):
    md.write("| " + " | ".join(header) + " |\n")
    md.write("|" + "|".join("---" if i in (0, 5) else "---:" for i in range(len(header))) + "|\n")
    for row in rows:
        if len(row) == 1:
            md.write(f"| **{row[0]}** |" + " |" * (len(header) - 1) + "\n")
        else:
            md.write("| " + " | ".join(row) + " |\n")
    md.write("\n| target | result | measured |\n|---|---|---|\n")
    for name, met, value in targets:
        md.write(f"| {name} | {'met' if met else '**missed**'} | {value} |\n")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "free-port":
        free_port()
    elif command == "hey-summary":
        hey_summary(*args)
    elif command == "monitor-argv":
        monitor_argv(*args)
    elif command == "redis-benchmark-csv":
        redis_benchmark_csv(*args)
    elif command == "jmh":
        jmh(*args)
    elif command == "table":
        sys.exit(table(*args))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
