-- wrk script of side-by-side.sh: checks every response while it measures, and optionally gives each request
-- a token of its own.
--   wrk ... -s measure.lua URL -- EXPECTED_BYTES [TOKENS_FILE [FIRST_TOKEN]]
-- EXPECTED_BYTES: the body size every answer must have (0: do not check sizes). A non-2xx answer or a body of
-- another size is counted; side-by-side.sh marks a run with any of them invalid (a fast wrong answer is not a result).
-- TOKENS_FILE: one access token per line. Requests take them in strict rotation (one wrk thread, one counter), so
-- with more tokens than the gateway's validated-token cache holds, every request carries a token the gateway has
-- not validated (or has already forgotten): each one pays the full signature check. FIRST_TOKEN (0-based) continues the
-- rotation where the previous run left it, so that no run starts on tokens the cache still holds.
-- Every request is formatted once in init() so that the client costs the same per request in every mode.

local requests = {}
local count = 0
local next_index = 0
local expected = 0

responses = 0
bad_status = 0
bad_size = 0

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected = tonumber(args[1]) or 0
  local tokens_file = args[2]
  if tokens_file ~= nil and tokens_file ~= "" then
    for token in io.lines(tokens_file) do
      if token ~= "" then
        local headers = {}
        for name, value in pairs(wrk.headers) do headers[name] = value end
        headers["Authorization"] = "Bearer " .. token
        count = count + 1
        requests[count] = wrk.format(nil, nil, headers)
      end
    end
    if count == 0 then
      error("no tokens in " .. tokens_file)
    end
    next_index = (tonumber(args[3]) or 0) % count
  else
    count = 1
    requests[1] = wrk.format()
  end
end

function request()
  next_index = next_index % count + 1
  return requests[next_index]
end

function response(status, headers, body)
  responses = responses + 1
  if status < 200 or status > 299 then
    bad_status = bad_status + 1
  elseif expected > 0 and #body ~= expected then
    bad_size = bad_size + 1
  end
end

function done(summary, latency, requests_summary)
  local checked, statuses, sizes = 0, 0, 0
  for _, thread in ipairs(threads) do
    checked = checked + thread:get("responses")
    statuses = statuses + thread:get("bad_status")
    sizes = sizes + thread:get("bad_size")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d checked=%d bad_status=%d bad_size=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    checked, statuses, sizes, e.connect + e.read + e.write + e.timeout))
end
