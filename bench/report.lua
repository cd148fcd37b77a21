-- wrk script for bench/run: counts every answer that is not 2xx as an error (wrk itself counts only >= 400),
-- counts page-cache hits (X-Page-Cache: hit), and prints one machine-readable line at the end:
-- BENCH requests=N seconds=S p50=µs p95=µs p99=µs non2xx=N socket_errors=N cache_hits=N
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  hits = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  local cache = headers["X-Page-Cache"] or headers["x-page-cache"]
  if cache == "hit" then
    hits = hits + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total, hits_total = 0, 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
    hits_total = hits_total + thread:get("hits")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f p50=%d p95=%d p99=%d non2xx=%d socket_errors=%d cache_hits=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), non2xx_total, e.connect + e.read + e.write + e.timeout, hits_total))
end
