-- wrk script for bench/search_bench.sh: cycles through the query paths in $QUERIES with the
-- session cookie in $COOKIE, and reports p50/p95/p99 latency and the non-2xx count.
local paths = {}
for line in io.lines(os.getenv("QUERIES")) do paths[#paths + 1] = line end
local cookie = os.getenv("COOKIE")
local i = 0

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Cookie"] = cookie })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d, non-2xx %d, socket errors %d\n", summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout))
  for _, p in ipairs({ 50, 95, 99 }) do
    io.write(string.format("p%d %.1f ms\n", p, latency:percentile(p) / 1000))
  end
end
