-- wrk script for the dropuser bench: POSTs one body with one bearer token on every connection,
-- and at the end prints one machine-readable line (latencies in microseconds).
-- Inputs come from the environment (bench/run.sh sets them): BENCH_TOKEN, BENCH_BODY_FILE, and
-- BENCH_MEAN_DELAY_MS for a fixed rate: each connection then waits a random, exponentially distributed
-- time before each request, so that many connections together send a Poisson stream (requests arriving
-- independently, as users' clicks do) at about connections / mean delay requests per second.
-- No response() callback on purpose: it would run Lua for every answer and slow wrk down; wrk counts
-- answers >= 400 in errors.status, which is all the check the bench needs (it checks one answer's
-- body with curl before the runs).

local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

local meanDelay = tonumber(os.getenv("BENCH_MEAN_DELAY_MS") or "")
if meanDelay then
  function init(args)
    math.randomseed(os.time())
  end

  function delay()
    return -meanDelay * math.log(1 - math.random())
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f "
      .. "non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean,
    e.status, e.connect + e.read + e.write + e.timeout))
end
