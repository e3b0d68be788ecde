-- wrk script: at the end of a run, appends one JSON line with throughput and latency
-- percentiles (microseconds) to $WRK_OUT (or prints it), labelled $WRK_LABEL.
-- Used by benchmarks/run.sh; benchmarks' Report reads the lines.
local label = os.getenv("WRK_LABEL") or "run"
local out = os.getenv("WRK_OUT")
if out == "" then out = nil end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  local line = string.format(
    '{"label":"%s","requests":%d,"duration_us":%d,"rps":%.1f,"mean_us":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,"errors":%d,"non2xx":%d}',
    label, summary.requests, summary.duration, summary.requests / secs, latency.mean,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, errors, e.status)
  if out then
    local f = assert(io.open(out, "a"))
    f:write(line .. "\n")
    f:close()
  end
  io.write(line .. "\n")
end
