-- wrk's done hook for bench/serve.sh: one line "ZF p50_ms p90_ms p99_ms max_ms requests_per_s failed" for the script
-- to read; failed: answers of status 400 and above, and socket errors (connect, read, write, timeout).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("ZF %.2f %.2f %.2f %.2f %.1f %d\n", latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests / (summary.duration / 1e6),
    e.status + e.connect + e.read + e.write + e.timeout))
end
