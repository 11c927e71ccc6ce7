-- wrk script for devtools/benchmark.py: requests rotate over the paths listed in the
-- file named by BENCH_PATHS (one per line), and done() prints one JSON line with the
-- counts and the 50th/95th/99th percentile latencies (microseconds).
local paths = {}
local file = io.open(os.getenv("BENCH_PATHS"), "r")
for line in file:lines() do
  if line ~= "" then paths[#paths + 1] = line end
end
file:close()

local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter - 1) % #paths + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
