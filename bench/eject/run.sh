#!/usr/bin/env bash
# Time to eject, end to end: dropuser (and, when given, a Node peer) dropping real socket.io clients from the
# reference signaling node, in the three Socket.IO modes. docs/BENCHMARKS.md ("Time to eject") says what each
# row means. Not a test: never part of ./mvnw test or CI, and it gates nothing on time.
#
#   bench/eject/run.sh                       build, then the full run (about 15 minutes on 2 cores)
#   bench/eject/run.sh --skip-build          reuse target/quarkus-app
#   bench/eject/run.sh --quick               a short run that checks the harness (its numbers mean nothing)
#   bench/eject/run.sh --peer-url URL        also drop through a peer already running at URL (same drop API, Redis
#                                            of this run: start it after the bench prints its Redis URL, or use:)
#   bench/eject/run.sh --peer-cmd 'node bench/peer/server.js'
#                                            start the peer for each mode with REDIS_URL, PORT, ADAPTER_MODE,
#                                            JWT_PUBLIC_KEY, JWT_ISSUER, JWT_AUDIENCE in its environment
#
# Other options go to eject.mjs as they are (--rounds 1000 --warmup 10 --mode-rounds 300 --fanout-rounds 20
# --fanout-clients 100 --modes classic,sharded,streams --load-seconds 20 --load-rate 1000; for the service:
# --warm-up-drops N (its startup priming, default the service's own), --java-opts '...', --java PATH,
# --jar PATH, --cwd DIR). The service gets callers once /q/health/ready says its priming is done.
# Needs Java 17, Node 20, redis-server 7 (BLMPOP, sharded pub/sub), and `npm ci` done in examples/socketio-signaling.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=true
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) build=false ;;
    --quick) args+=(--rounds 100 --mode-rounds 50 --fanout-rounds 3 --load-seconds 5) ;;
    --help|-h) sed -n '2,19p' "$0"; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done

for tool in java node redis-server; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: missing $tool" >&2; exit 1; }
done
[ -d examples/socketio-signaling/node_modules ] || (cd examples/socketio-signaling && npm ci --no-audit --no-fund)
if $build; then
  ./mvnw -B -q package -DskipTests
fi

out="bench/out/eject-$(date -u +%Y%m%dT%H%M%SZ)"
node bench/eject/eject.mjs --out "$out" "${args[@]}"
if command -v gnuplot >/dev/null 2>&1; then
  gnuplot -e "data='$out/eject-classic.dat'; out='docs/benchmarks-time-to-eject.png'" bench/eject/plot.gp
  echo "plot: docs/benchmarks-time-to-eject.png" >&2
else
  echo "bench: gnuplot not found, the plot is skipped (Debian: apt-get install -y gnuplot-nox)" >&2
fi
