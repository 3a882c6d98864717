-- wrk script for bench/run.sh: POST /api/v1/complaints with a ~1 KB Chinese complaint and a unique
-- Idempotency-Key per request.
--
--   wrk -t2 -c64 -d30s -s bench/intake.lua http://127.0.0.1:PORT -- BODY_FILE RUN_TAG [REFS_DIR]
--
-- BODY_FILE  the JSON body to send (bench/complaint.json)
-- RUN_TAG    prefix of every key, so keys of different runs (and of the warm-up) never collide
-- REFS_DIR   optional: each thread writes the case reference of every 2xx answer to REFS_DIR/refs-<n>.txt
--            so run.sh can check that every acknowledged case is really stored
--
-- Keys are RUN_TAG-<thread>-<seed>-<counter>: the thread number is unique within the run, the counter is
-- unique within the thread, and the seed is random per thread on top.
-- done() prints one "BENCH key=value" line per figure for run.sh to parse.

local threads = {}
local thread_no = 0
math.randomseed(os.time() + math.floor(os.clock() * 1e6))

function setup(thread)
   thread_no = thread_no + 1
   thread:set("id", thread_no)
   thread:set("seed", string.format("%08x", math.random(0, 0x7fffffff)))
   table.insert(threads, thread)
end

local body, tag, refs
local counter = 0
n2xx, n3xx, n4xx, n5xx = 0, 0, 0, 0

function init(args)
   local f = assert(io.open(args[1], "rb"), "cannot read body file " .. tostring(args[1]))
   body = f:read("*a")
   f:close()
   tag = args[2] or "wrk"
   if args[3] and args[3] ~= "" then
      refs = assert(io.open(args[3] .. "/refs-" .. id .. ".txt", "w"))
      -- wrk never closes a thread's Lua state cleanly, so write through line by line.
      refs:setvbuf("line")
   end
end

function request()
   counter = counter + 1
   local headers = {
      ["Content-Type"] = "application/json; charset=utf-8",
      ["Idempotency-Key"] = tag .. "-" .. id .. "-" .. seed .. "-" .. counter,
      ["User-Agent"] = "shouli-bench/wrk",
   }
   return wrk.format("POST", "/api/v1/complaints", headers, body)
end

function response(status, headers, resp_body)
   if status >= 200 and status < 300 then
      n2xx = n2xx + 1
      if refs then
         local ref = resp_body and resp_body:match('"reference":"([^"]+)"')
         refs:write((ref or "?"), "\n")
      end
   elseif status < 400 then
      n3xx = n3xx + 1
   elseif status < 500 then
      n4xx = n4xx + 1
   else
      n5xx = n5xx + 1
   end
end

function done(summary, latency, requests)
   local s2, s3, s4, s5 = 0, 0, 0, 0
   for _, t in ipairs(threads) do
      s2 = s2 + (t:get("n2xx") or 0)
      s3 = s3 + (t:get("n3xx") or 0)
      s4 = s4 + (t:get("n4xx") or 0)
      s5 = s5 + (t:get("n5xx") or 0)
   end
   local e = summary.errors
   local secs = summary.duration / 1e6
   local out = {
      { "duration_s", string.format("%.3f", secs) },
      { "requests", summary.requests },
      { "req_per_s", string.format("%.1f", summary.requests / secs) },
      { "ok_2xx", s2 },
      { "ok_2xx_per_s", string.format("%.1f", s2 / secs) },
      { "status_3xx", s3 },
      { "status_4xx", s4 },
      { "status_5xx", s5 },
      { "err_connect", e.connect },
      { "err_read", e.read },
      { "err_write", e.write },
      { "err_timeout", e.timeout },
      { "errors_total", e.connect + e.read + e.write + e.timeout + s3 + s4 + s5 },
      { "lat_mean_ms", string.format("%.2f", latency.mean / 1000) },
      { "lat_p50_ms", string.format("%.2f", latency:percentile(50) / 1000) },
      { "lat_p90_ms", string.format("%.2f", latency:percentile(90) / 1000) },
      { "lat_p99_ms", string.format("%.2f", latency:percentile(99) / 1000) },
      { "lat_p999_ms", string.format("%.2f", latency:percentile(99.9) / 1000) },
      { "lat_max_ms", string.format("%.2f", latency.max / 1000) },
   }
   for _, kv in ipairs(out) do
      io.write(string.format("BENCH %s=%s\n", kv[1], tostring(kv[2])))
   end
end
