-- wrk script for bench/soak.sh: signed-in mixed traffic. Of every 20 requests: 8 reads, 6
-- searches, 4 writes (a saved search created) and 2 uploads (a 4 KiB text file into a
-- community's library). Session cookie in $COOKIE, CSRF token in $CSRF, community id in
-- $COMMUNITY. Reports requests, non-2xx, socket errors and p50/p95/p99 latency.
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local community = os.getenv("COMMUNITY")
local json_headers = { ["Cookie"] = cookie, ["X-CSRF-Token"] = csrf, ["Content-Type"] = "application/json" }
local upload_headers = { ["Cookie"] = cookie, ["X-CSRF-Token"] = csrf, ["Content-Type"] = "text/plain" }
local read_headers = { ["Cookie"] = cookie }
local file = string.rep("Cobuy soak test line of text for the library.\n", 89)  -- 4,094 bytes
local reads = { "/api/v1/me", "/api/v1/communities", "/api/v1/notifications", "/api/v1/organisations",
                "/api/v1/communities/" .. community .. "/documents", "/api/v1/saved-searches",
                "/api/v1/pipeline", "/api/v1/me/calendar.ics" }
local searches = { "/api/v1/contracts/search", "/api/v1/contracts/search?q=refuse%20collection%20vehicles",
                   "/api/v1/contracts/search?q=laptops&country=NL", "/api/v1/contracts/search?cpv=34&sort=value",
                   "/api/v1/contracts/search?q=Stra%C3%9Fenbeleuchtung", "/api/v1/contracts/search?q=software&offset=20" }
local i = 0

request = function()
  i = i + 1
  local k = i % 20
  if k < 8 then
    return wrk.format("GET", reads[k + 1], read_headers)
  elseif k < 14 then
    return wrk.format("GET", searches[k - 7], read_headers)
  elseif k < 18 then
    local body = string.format('{"name": "soak %d", "params": {"q": "lighting", "country": "DE"}, "alerts": false}', i)
    return wrk.format("POST", "/api/v1/saved-searches", json_headers, body)
  else
    local path = string.format("/api/v1/communities/%s/documents?title=Soak%%20%d&filename=soak-%d.txt", community, i, i)
    return wrk.format("POST", path, upload_headers, file .. i)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d, non-2xx %d, socket errors %d\n", summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout))
  for _, p in ipairs({ 50, 95, 99 }) do
    io.write(string.format("p%d %.1f ms\n", p, latency:percentile(p) / 1000))
  end
end
