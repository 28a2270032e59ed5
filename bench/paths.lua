-- Rotates the load over the pages readers and API clients hit, and counts what failed.
local paths = {
  "/",
  "/digest/2026-02-21",
  "/article/1",
  "/article/5",
  "/search?q=model",
  "/search?q=%EB%AA%A8%EB%8D%B8",
  "/claims",
  "/claim/7",
  "/api/claims",
  "/api/search?q=benchmark",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

local bad = 0
response = function(status, headers, body)
  if status >= 400 then bad = bad + 1 end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f http_errors=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end
