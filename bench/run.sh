#!/usr/bin/env bash
# dropuser benchmarks: one command, one table (docs/BENCHMARKS.md says what each number means).
#
#   bench/run.sh              the full run, about 8 minutes (builds first)
#   bench/run.sh --quick      short runs, to check the harness end to end (the numbers mean nothing)
#   bench/run.sh --skip-build reuse target/quarkus-app and bench/jmh/target
#
# It builds the service, starts its own redis-server on a free loopback port, seeds rooms of 1, 10, 100
# and 1000 live clients, makes a throwaway RSA key pair and signs moderator tokens with openssl, starts the
# packaged service against them, and drives it with wrk (throughput, latency, a fixed rate) and hey (exact counts).
# Redis is read with INFO commandstats around every run; redis-benchmark replays the exact EVALSHA the
# service sent (caught with MONITOR); JMH measures token verification. Everything it starts, it stops.
# Raw outputs go to bench/out/<time>/ (git-ignored). It is never part of ./mvnw test or CI.
#
# It also runs the same drops against a hand-written Node peer (bench/peer) on the same Redis, tokens and load
# generators, and measures process start to first successful drop (bench/coldstart.py) for: the packaged
# service on JDK 17, on JDK 25 with an AOT cache (bench/aot-cache.sh), as Lambda's Java runtime runs the
# -Plambda build (bench/lambda-app.sh), the Node peer, and the smallest Node HTTP server (the machine's floor).
#
# Knobs (environment): BENCH_CONNECTIONS (16), BENCH_SECONDS (20), BENCH_COLDSTART_RUNS (5),
# BENCH_RUN_OPTS (the service's JVM options: the README's run command, see RUN_OPTS below),
# BENCH_JAVA_OPTS (extra JVM options for the service, e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
build=true
for arg in "$@"; do
  case "$arg" in
    --quick) quick=true ;;
    --skip-build) build=false ;;
    *) sed -n '2,6p' "$0"; exit 2 ;;
  esac
done

CONNS=${BENCH_CONNECTIONS:-16}
# The JVM options of the README's run command (docs/BENCHMARKS.md, "Memory"): the Serial collector and a heap
# sized for what the service keeps live, instead of a quarter of the machine's memory.
RUN_OPTS=${BENCH_RUN_OPTS-"-XX:+UseSerialGC -Xms64m -Xmx96m -Xss512k -XX:ReservedCodeCacheSize=64m"}
RATE=1000   # requests/s, the issue's target
NS=(1 10 100 1000)
if $quick; then
  SECS=${BENCH_SECONDS:-3}; WARM=2; MAX_WARM=1; SINGLE_SECS=2; FLOOR_SECS=1; JMH_ARGS=(-wi 1 -w 1s -i 1 -r 1s)
else
  SECS=${BENCH_SECONDS:-20}; WARM=5; MAX_WARM=12; SINGLE_SECS=10; FLOOR_SECS=5; JMH_ARGS=(-wi 5 -w 2s -i 5 -r 2s)
fi

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------------
missing=()
for tool in java wrk hey redis-server redis-cli redis-benchmark openssl curl python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} (Debian: apt-get install -y wrk hey redis-server redis-tools openssl curl python3 openjdk-17-jdk-headless)"
plot=true
if ! command -v gnuplot >/dev/null 2>&1; then
  plot=false
  echo "bench: gnuplot not found, the plot is skipped (Debian: apt-get install -y gnuplot-nox)" >&2
fi

OUT="bench/out/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
WORK=$(mktemp -d)
APP_PID=""
REDIS_PID=""
MONITOR_PID=""
FLOOR_PID=""
PEER_PID=""
cleanup() {
  set +e
  for pid in "$MONITOR_PID" "$FLOOR_PID" "$PEER_PID" "$APP_PID" "$REDIS_PID"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"   # the throwaway private key goes with it
}
trap cleanup EXIT

record() { local IFS=$'\t'; echo "$*" >> "$RESULTS"; }

# --- build -------------------------------------------------------------------------------------------
if $build; then
  log "building the service and the JMH benchmarks"
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q -f bench/jmh/pom.xml package
  log "building the JDK 25 AOT-cache variant (target/aot-app) and the Lambda variant (target/lambda-app)"
  if [ -x "${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" ]; then bench/aot-cache.sh; fi
  bench/lambda-app.sh
fi
if command -v node >/dev/null 2>&1 && [ ! -d bench/peer/node_modules ]; then
  (cd bench/peer && npm ci --no-audit --no-fund --silent)
fi
[ -f target/quarkus-app/quarkus-run.jar ] || die "no target/quarkus-app/quarkus-run.jar: run without --skip-build"
[ -f bench/jmh/target/classpath.txt ] || die "no bench/jmh/target: run without --skip-build"

# --- Redis with seeded rooms ---------------------------------------------------------------------------
# Other work on the machine shows in every number: say how busy it was.
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${LOAD_BEFORE%% *}" 'BEGIN { exit !(l > 1.5) }'; then
  echo "bench: load average $LOAD_BEFORE on $(nproc) cores: other work will show in the numbers" >&2
fi
REDIS_PORT=$(python3 bench/tools.py free-port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
  > "$OUT/redis.log" 2>&1 &
REDIS_PID=$!
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }
for _ in $(seq 100); do rcli PING >/dev/null 2>&1 && break; sleep 0.05; done
rcli PING >/dev/null || die "redis-server did not start (see $OUT/redis.log)"

log "seeding rooms r1, r10, r100, r1000 on redis 127.0.0.1:$REDIS_PORT"
# Entries stay: every drop publishes again and answers "pending" (nobody confirms), so the load is steady.
rcli SET dropuser:node:sig-1 alive EX 100000 >/dev/null
for n in "${NS[@]}"; do
  {
    printf 'HSET dropuser:room:{r%s}:live' "$n"
    for i in $(seq "$n"); do
      printf " c%s '{\"node\":\"sig-1\",\"sid\":\"sid-%s\",\"userRef\":\"u-%s\",\"role\":\"participant\",\"joinedAt\":1}'" "$i" "$i" "$i"
    done
    printf '\n'
  } | rcli >/dev/null
  [ "$(rcli HLEN "dropuser:room:{r$n}:live")" = "$n" ] || die "seeding room r$n failed"
  python3 -c "import json,sys; print(json.dumps({'clientIds': ['c%d' % i for i in range(1, int(sys.argv[1]) + 1)]}))" "$n" \
    > "$WORK/body-$n.json"
done
echo '{}' > "$WORK/body-invalid.json"

# --- key pair and tokens ---------------------------------------------------------------------------------
ISSUER=https://issuer.bench.invalid
AUDIENCE=dropuser
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/private.pem" 2>/dev/null
openssl pkey -in "$WORK/private.pem" -pubout -out "$WORK/public.pem"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
token() {  # moderator of room $1
  local now header payload
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"%s","aud":"%s","sub":"bench-mod","groups":["moderator"],"room":"%s","iat":%s,"exp":%s}' \
    "$ISSUER" "$AUDIENCE" "$1" "$now" "$((now + 7200))" | b64url)
  printf '%s.%s.%s' "$header" "$payload" \
    "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$WORK/private.pem" | b64url)"
}
declare -A TOKEN
for n in "${NS[@]}"; do TOKEN[$n]=$(token "r$n"); done

# --- the service ---------------------------------------------------------------------------------------
HTTP_PORT=$(python3 bench/tools.py free-port)
BASE="http://127.0.0.1:$HTTP_PORT"
log "starting the service on $BASE"
start_ms=$(date +%s%3N)
# Rate limits off (0), cleanup far away: only the drops under test touch Redis.
# shellcheck disable=SC2086
env QUARKUS_HTTP_PORT="$HTTP_PORT" \
  QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT" \
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$WORK/public.pem" \
  MP_JWT_VERIFY_ISSUER="$ISSUER" MP_JWT_VERIFY_AUDIENCES="$AUDIENCE" \
  DROPUSER_CONFIRM_TIMEOUT=0s DROPUSER_RATE_LIMIT_ROOM=0 DROPUSER_RATE_LIMIT_CALLER=0 DROPUSER_CLEANUP_EVERY=24h \
  QUARKUS_LOG_CATEGORY__DEV_DROPUSER_API__LEVEL=WARN \
  java -Xlog:gc:file="$OUT/gc.log":uptime $RUN_OPTS ${BENCH_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar \
  > "$OUT/service.log" 2>&1 &
APP_PID=$!

drop() {  # drop() N BODY: one request, prints the HTTP status and the body
  curl -s --max-time 2 -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer ${TOKEN[$1]}" --data-binary "@$2" "$BASE/v1/rooms/r$1/drop" || true
}
first=""
for _ in $(seq 3000); do
  kill -0 "$APP_PID" 2>/dev/null || die "the service stopped (see $OUT/service.log)"
  first=$(drop 1 "$WORK/body-1.json")
  [ "${first##*$'\n'}" = 200 ] && break
  sleep 0.01
done
first_ms=$(( $(date +%s%3N) - start_ms ))
[ "${first##*$'\n'}" = 200 ] || die "no successful drop after 30 s: $first"
case "$first" in *'"status":"pending"'*) ;; *) die "unexpected first drop answer: $first" ;; esac
quarkus_s=$(grep -o 'started in [0-9.]*s' "$OUT/service.log" | grep -o '[0-9.]*' | head -1 || echo "?")
record run=startup ms="$first_ms" quarkus_s="${quarkus_s%.}"
echo "first successful drop ${first_ms} ms after launch" >&2

# The baseline must really be refused after the token check (1002), not for the token (1001).
refusal=$(drop 1 "$WORK/body-invalid.json")
case "$refusal" in *'"result":1002'*$'\n'400) ;; *) die "the baseline body is not refused with 1002: $refusal" ;; esac

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$APP_PID/status"; }
log "10,000 drops, then RSS"
hey -n 10000 -c 8 -m POST -T application/json -H "Authorization: Bearer ${TOKEN[1]}" -D "$WORK/body-1.json" \
  "$BASE/v1/rooms/r1/drop" > "$OUT/rss-10k.hey.txt"
grep -q '\[200\]	10000 responses' "$OUT/rss-10k.hey.txt" || die "the 10k drops were not all 200 (see $OUT/rss-10k.hey.txt)"
rss_10k=$(rss_kb)

# --- counters read around every run ------------------------------------------------------------------
CLOCK_TICKS=$(getconf CLK_TCK)
counters() {  # $1 = before|after: Redis commandstats and CPU, the service's CPU ticks
  local prefix=$1
  { rcli INFO commandstats; rcli INFO cpu; } | tr -d '\r' | awk -F'[:,=]' -v p="$prefix" '
    /^cmdstat_/ { if ($1 != "cmdstat_info") all += $3
                  if ($1 == "cmdstat_evalsha" || $1 == "cmdstat_eval") { calls += $3; usec += $5 } }
    /^used_cpu_(sys|user):/ { cpu += $2 }
    END { printf "%s_script_calls=%d\t%s_script_usec=%d\t%s_all_calls=%d\t%s_cpu_us=%d", p, calls, p, usec, p, all, p, cpu * 1e6 }'
  printf '\t%s_jvm_cpu_ticks=%s' "$prefix" "$(awk '{print $14 + $15}' "/proc/${CPU_PID:-$APP_PID}/stat")"
}

wrk_run() {  # wrk_run NAME N BODY CONNECTIONS SECONDS [record]; WRK_URL overrides the drop URL of room rN
  local name=$1 n=$2 body=$3 conns=$4 secs=$5 before after
  before=$(counters before)
  BENCH_TOKEN=${TOKEN[$n]} BENCH_BODY_FILE=$body \
    wrk -t1 -c"$conns" -d"${secs}s" --timeout 5s -s bench/wrk/post.lua "${WRK_URL:-$BASE/v1/rooms/r$n/drop}" > "$OUT/$name.wrk.txt"
  after=$(counters after)
  local result
  result=$(grep '^WRK ' "$OUT/$name.wrk.txt" | cut -c5- | tr ' ' '\t')
  [ -n "$result" ] || die "wrk printed no result (see $OUT/$name.wrk.txt)"
  [ "${6:-}" = norecord ] && return
  record run="$name" kind=wrk n="$n" conns="$conns" secs="$secs" "$result" "$before" "$after" clock_ticks="$CLOCK_TICKS"
  echo "$name: $(grep -o 'requests=[0-9]*' <<<"$result") in ${secs}s, $(grep -o 'p99_us=[0-9]*' <<<"$result")" >&2
}

# On 2 cores the JIT needs tens of seconds of load before the code is compiled for good: measured before that,
# C2 takes a third of the CPU and the numbers are half what they become. So warm up on every path the runs
# take, round after round, until the C2 compiler threads used under 2% of a round (at most MAX_WARM rounds).
c2_ticks() {  # CPU ticks of the C2 compiler threads (the thread name has a space: fields counted after ")")
  cat /proc/"$APP_PID"/task/*/stat 2>/dev/null | awk '/\(C2 CompilerThre/ { sub(/.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
log "warm-up until the JIT compiler goes quiet (rounds of $((WARM * 3 + 4)) s, not recorded)"
for round in $(seq "$MAX_WARM"); do
  c2_before=$(c2_ticks)
  wrk_run warmup-drop 1 "$WORK/body-1.json" "$CONNS" "$WARM" norecord
  wrk_run warmup-limit 1 "$WORK/body-invalid.json" "$CONNS" "$WARM" norecord
  wrk_run warmup-drop-10 10 "$WORK/body-10.json" "$CONNS" 1 norecord
  wrk_run warmup-drop-100 100 "$WORK/body-100.json" "$CONNS" 1 norecord
  wrk_run warmup-drop-1000 1000 "$WORK/body-1000.json" "$CONNS" 2 norecord
  wrk_run warmup-drop-1 1 "$WORK/body-1.json" 1 "$WARM" norecord
  c2_share=$(( ($(c2_ticks) - c2_before) * 100 / (CLOCK_TICKS * (WARM * 3 + 4)) ))
  echo "warm-up round $round: the C2 compiler used ${c2_share}% of a core" >&2
  [ "$c2_share" -lt 2 ] && break
done
record run=warmup rounds="$round" c2_last_round_pct="$c2_share"

since_launch() { echo $(( $(date +%s%3N) - start_ms )); }
measured_from_ms=$(since_launch)
log "Redis commands per request: exactly 200 drops of N clients each, counted with INFO commandstats"
for n in "${NS[@]}"; do
  before=$(counters before)
  hey -n 200 -c 4 -m POST -T application/json -H "Authorization: Bearer ${TOKEN[$n]}" -D "$WORK/body-$n.json" \
    -o csv "$BASE/v1/rooms/r$n/drop" > "$OUT/calls_n$n.hey.csv"
  after=$(counters after)
  record run="calls_n$n" kind=count n="$n" "$(python3 bench/tools.py hey-summary "$OUT/calls_n$n.hey.csv")" \
    "$before" "$after" clock_ticks="$CLOCK_TICKS"
done

log "the HTTP+JWT limit, then drops of N clients at $CONNS connections (${SECS}s each)"
wrk_run baseline 1 "$WORK/body-invalid.json" "$CONNS" "$SECS"
for n in "${NS[@]}"; do wrk_run "drop_n$n" "$n" "$WORK/body-$n.json" "$CONNS" "$SECS"; done

log "drops of N clients on 1 connection (unloaded latency, ${SINGLE_SECS}s each)"
for n in "${NS[@]}"; do wrk_run "single_n$n" "$n" "$WORK/body-$n.json" 1 "$SINGLE_SECS"; done

# A fixed rate as users make it: requests arriving independently (a Poisson stream), from 50 connections
# that each wait a random time between requests. (hey -q is not used here: its workers tick in step, so
# "1000/s" from 10 workers arrives as a burst of 10 every 10 ms, which measures queueing behind a burst.)
RATE_CONNS=50
log "the HTTP+JWT limit, then drop N=1, at about $RATE requests/s arriving at random (${SECS}s each)"
export BENCH_MEAN_DELAY_MS=$(( RATE_CONNS * 1000 / RATE - 1 ))
wrk_run baseline_rate 1 "$WORK/body-invalid.json" "$RATE_CONNS" "$SECS"
wrk_run drop_n1_rate 1 "$WORK/body-1.json" "$RATE_CONNS" "$SECS"
# The machine's own floor at that rate: the smallest HTTP server (Node, if there is one) under the same load,
# while the service sits idle.
if command -v node >/dev/null 2>&1; then
  FLOOR_PORT=$(python3 bench/tools.py free-port)
  node bench/floor-server.js "$FLOOR_PORT" & FLOOR_PID=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$FLOOR_PORT/" && break; sleep 0.05; done
  WRK_URL="http://127.0.0.1:$FLOOR_PORT/" wrk_run baseline_floor_warmup 1 "$WORK/body-invalid.json" "$RATE_CONNS" "$WARM" norecord
  WRK_URL="http://127.0.0.1:$FLOOR_PORT/" wrk_run baseline_floor_rate 1 "$WORK/body-invalid.json" "$RATE_CONNS" "$SECS"
  kill "$FLOOR_PID"; wait "$FLOOR_PID" 2>/dev/null || true; FLOOR_PID=""
else
  echo "bench: node not found, the machine's floor is not measured" >&2
fi
unset BENCH_MEAN_DELAY_MS

# Bursty arrivals, as the issue measured them: hey's 20 workers each send 50 requests/s, ticking together, so
# about 1,000 requests/s arrive in bursts of 20 every 20 ms. (The Poisson runs above measure the service; this
# one measures how the queue behind a burst drains.)
hey_burst() {  # hey_burst NAME URL; CPU_PID names the process whose CPU is counted (default: the service)
  local before after
  before=$(counters before)
  hey -z "${SECS}s" -c 20 -q 50 -m POST -T application/json -H "Authorization: Bearer ${TOKEN[1]}" \
    -D "$WORK/body-1.json" -o csv "$2" > "$OUT/$1.hey.csv"
  after=$(counters after)
  record run="$1" kind=burst "$(python3 bench/tools.py hey-summary "$OUT/$1.hey.csv")" "$before" "$after" \
    clock_ticks="$CLOCK_TICKS"
  echo "$1: $(grep -o 'p99_us=[0-9]*' "$RESULTS" | tail -1)" >&2
}
log "drop N=1 at about $RATE requests/s in bursts (hey -c 20 -q 50, ${SECS}s)"
hey_burst drop_n1_burst "$BASE/v1/rooms/r1/drop"

record run=gc from_ms="$measured_from_ms" to_ms="$(since_launch)"
rss_end=$(rss_kb)
rss_peak=$(awk '/^VmHWM/ {print $2}' "/proc/$APP_PID/status")
record run=rss kb_10k="$rss_10k" kb_end="$rss_end" kb_peak="$rss_peak"

# --- the Node peer (bench/peer): the same drops, keys and frames from a hand-written endpoint ---------------
if [ -d bench/peer/node_modules ]; then
  PEER_PORT=$(python3 bench/tools.py free-port)
  log "the Node peer on 127.0.0.1:$PEER_PORT, same Redis, tokens and loads"
  PORT=$PEER_PORT REDIS_URL="redis://127.0.0.1:$REDIS_PORT" PUBLIC_KEY="$WORK/public.pem" ISSUER="$ISSUER" \
    AUDIENCE="$AUDIENCE" node bench/peer/server.js > "$OUT/peer.log" 2>&1 &
  PEER_PID=$!
  PEER="http://127.0.0.1:$PEER_PORT"
  for _ in $(seq 200); do
    [ "$(BASE=$PEER drop 1 "$WORK/body-1.json" | tail -1)" = 200 ] && break; sleep 0.05
  done
  case "$(BASE=$PEER drop 1 "$WORK/body-1.json")" in *'"status":"pending"'*) ;; *) die "the peer does not drop (see $OUT/peer.log)" ;; esac
  WRK_URL="$PEER/v1/rooms/r1/drop" CPU_PID=$PEER_PID wrk_run peer_warmup 1 "$WORK/body-1.json" "$CONNS" "$WARM" norecord
  WRK_URL="$PEER/v1/rooms/r1/drop" CPU_PID=$PEER_PID wrk_run peer_drop_n1 1 "$WORK/body-1.json" "$CONNS" "$SECS"
  CPU_PID=$PEER_PID hey_burst peer_drop_n1_burst "$PEER/v1/rooms/r1/drop"
  WRK_URL="$PEER/v1/rooms/r1000/drop" CPU_PID=$PEER_PID wrk_run peer_single_n1000 1000 "$WORK/body-1000.json" 1 "$SINGLE_SECS"
  record run=peer_rss kb_end="$(awk '/^VmRSS/ {print $2}' "/proc/$PEER_PID/status")" \
    kb_peak="$(awk '/^VmHWM/ {print $2}' "/proc/$PEER_PID/status")"
  kill "$PEER_PID"; wait "$PEER_PID" 2>/dev/null || true; PEER_PID=""
else
  echo "bench: bench/peer/node_modules missing (npm ci in bench/peer): no peer comparison" >&2
fi

# --- the Redis floor: the exact script call, without the service --------------------------------------
log "the Redis floor: redis-benchmark replays the service's EVALSHA at $CONNS connections"
# The deadline argument (the caller's give-up time) is moved far ahead, or the replay would only ever
# take the script's "expired" exit; its position is read from drop.lua's own header.
deadline_arg=$(grep -o 'ARGV\[[0-9]*\] deadline' src/main/resources/dev/dropuser/registry/drop.lua | grep -o '[0-9]*' | head -1)
[ -n "$deadline_arg" ] || die "drop.lua's header no longer names its deadline argument"
for n in "${NS[@]}"; do
  redis-cli -p "$REDIS_PORT" MONITOR > "$WORK/monitor.txt" 2>&1 &   # not rcli: $! must be redis-cli itself
  MONITOR_PID=$!
  sleep 0.3
  drop "$n" "$WORK/body-$n.json" > /dev/null
  sleep 0.3
  kill "$MONITOR_PID"; wait "$MONITOR_PID" 2>/dev/null || true; MONITOR_PID=""
  mapfile -d '' argv < <(python3 bench/tools.py monitor-argv "$WORK/monitor.txt" "$deadline_arg")
  rcli "${argv[@]}" > "$WORK/reply.txt"
  reply=$(head -1 "$WORK/reply.txt")
  [ "$reply" = applied ] || die "the replayed script answered '$reply', not 'applied'"
  # Calibrate, then run for about FLOOR_SECS.
  redis-benchmark -p "$REDIS_PORT" -c "$CONNS" -n 200 --csv "${argv[@]}" > "$WORK/calibration.csv"
  read -r rps _ < <(python3 bench/tools.py redis-benchmark-csv "$WORK/calibration.csv")
  requests=$(python3 -c "print(max(200, int(float('$rps') * $FLOOR_SECS)))")
  before=$(counters before)
  redis-benchmark -p "$REDIS_PORT" -c "$CONNS" -n "$requests" --precision 3 --csv "${argv[@]}" > "$OUT/floor_n$n.csv"
  after=$(counters after)
  read -r rps p50 p99 < <(python3 bench/tools.py redis-benchmark-csv "$OUT/floor_n$n.csv")
  record run="floor_n$n" n="$n" conns="$CONNS" requests="$requests" rps="$rps" p50_ms="$p50" p99_ms="$p99" \
    "$before" "$after"
  echo "floor N=$n: $rps req/s, p99 $p99 ms" >&2
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""

# --- cold start: process start to first successful drop, each way of running, taking turns ---------------
variants=jvm17
[ -f target/aot-app/app.aot ] && variants+=,jvm25-aot
[ -f target/lambda-app/dropuser-1.0.0-SNAPSHOT-runner.jar ] && [ -d target/lambda-ric ] && variants+=,lambda-mock
[ -d bench/peer/node_modules ] && variants+=,peer
command -v node >/dev/null 2>&1 && variants+=,floor
coldstart_runs=${BENCH_COLDSTART_RUNS:-5}
$quick && coldstart_runs=1
log "cold start, $coldstart_runs runs each: $variants, and the service with the README's options"
COLDSTART_LOGS="$OUT" python3 bench/coldstart.py --runs "$coldstart_runs" --variants "$variants" \
  --try "jvm17-run-opts=$RUN_OPTS" --out "$RESULTS" > "$OUT/coldstart.txt" || die "cold start failed (see $OUT)"
cat "$OUT/coldstart.txt" >&2

# --- JWT verification (JMH), with the service stopped -------------------------------------------------
log "JWT verification per token (JMH)"
java -cp "bench/jmh/target/classes:$(cat bench/jmh/target/classpath.txt)" org.openjdk.jmh.Main TokenVerification \
  -f 1 "${JMH_ARGS[@]}" -rf csv -rff "$OUT/jmh.csv" > "$OUT/jmh.txt" 2>&1 || die "JMH failed (see $OUT/jmh.txt)"
while IFS=$'\t' read -r name us error; do
  record run="jwt_$name" us="$us" error="$error"
done < <(python3 bench/tools.py jmh "$OUT/jmh.csv")

# --- the table and the plot ---------------------------------------------------------------------------
record run=machine date="$(date -u '+%Y-%m-%d %H:%M UTC')" \
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" cores="$(nproc)" \
  load_before="$LOAD_BEFORE" load_after="$load_after" ns="$(IFS=,; echo "${NS[*]}")" \
  java="$(java -version 2>&1 | head -1)" redis="$(redis-server --version | cut -d' ' -f3)"
status=0
python3 bench/tools.py table "$RESULTS" "$OUT" | tee "$OUT/table.txt" || status=$?
if $plot; then
  png=docs/benchmarks-latency-vs-n.png
  $quick && png="$OUT/latency-vs-n.png"   # a quick run's numbers do not belong in docs/
  gnuplot -e "data='$OUT/latency-vs-n.dat'; out='$png'; conns='$CONNS'" bench/plot.gp && echo "plot: $png"
fi
echo "raw outputs: $OUT"
exit "$status"
