#!/usr/bin/env python3
"""First drops after a start: the event's median per 50 drops, by drop number, for two eject runs side by side
(the service with its startup warm-up, and without it), each with the Node peer of the same run.

  bench/eject/first-drops.py --with bench/out/eject-A --without bench/out/eject-B [--out docs/benchmarks-first-drops.png]

The runs are bench/eject/run.sh --modes classic --peer-cmd '...' [--warm-up-drops 1] (results.json of each).
Needs gnuplot (Debian: gnuplot-nox). Standard library only.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile

WINDOW = 50


def medians(rows):
    events = [row["event"] for row in rows]
    return [(start + WINDOW / 2, statistics.median(events[start:start + WINDOW]))
            for start in range(0, len(events) - WINDOW + 1, WINDOW)]


def series(run_dir):
    with open(os.path.join(run_dir, "results.json")) as f:
        classic = json.load(f)["classic"]
    if not classic.get("peer"):
        raise SystemExit(f"first-drops: {run_dir} has no peer rows (run it with --peer-cmd)")
    return medians(classic["single"]["rows"]), medians(classic["peer"]["rows"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--with", dest="warm", required=True, help="run of the service with its warm-up")
    parser.add_argument("--without", dest="cold", required=True, help="run with --warm-up-drops 1")
    parser.add_argument("--out", default="docs/benchmarks-first-drops.png")
    args = parser.parse_args()
    lines = [("dropuser, warm-up 3,000", "#1f77b4", 1), ("its Node peer", "#1f77b4", 2),
             ("dropuser, warm-up 1", "#d62728", 1), ("its Node peer", "#d62728", 2)]
    data = [*series(args.warm), *series(args.cold)]
    with tempfile.TemporaryDirectory() as tmp:
        plots = []
        for i, ((title, color, dash), points) in enumerate(zip(lines, data)):
            path = os.path.join(tmp, f"{i}.dat")
            with open(path, "w") as f:
                f.writelines(f"{x:.0f} {y:.3f}\n" for x, y in points)
            plots.append(f"'{path}' using 1:2 with linespoints lw 2 dt {dash} pt 7 ps 0.5 lc rgb '{color}' title '{title}'")
        script = "\n".join([
            'set terminal pngcairo size 900,520 font "sans,11"',
            f"set output '{args.out}'",
            'set title "First drops after a start: client receives room-disconnected (classic adapter)"',
            f'set xlabel "drop number once the service is ready, after the bench’s 10 warm-up rounds (median of each {WINDOW})"',
            'set ylabel "ms after the POST (median)"',
            "set yrange [0:*]", "set grid", "set key top right",
            "plot " + ", \\\n     ".join(plots),
        ])
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
    print(f"plot: {args.out}")


if __name__ == "__main__":
    main()
