-- Issues access tokens for side-by-side.sh's fresh-token runs: client-credentials requests to the token endpoint,
-- writing the first COUNT tokens to OUT_FILE, one a line. side-by-side.sh stops wrk when the file is full (wrk's
-- main thread sleeps its whole -d whatever the script does) and times it for the endpoint's throughput.
--   wrk -t1 -c8 -d300s -H 'Authorization: Basic ...' -s tokens.lua http://identity/connect/token -- COUNT OUT_FILE
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

local want = 0
local issued = 0
local out = nil

function init(args)
  want = tonumber(args[1])
  out = io.open(args[2], "w")
end

function response(status, headers, body)
  local token = status == 200 and body:match('"access_token"%s*:%s*"([^"]+)"') or nil
  if token ~= nil and issued < want then
    out:write(token, "\n")
    issued = issued + 1
    if issued == want then
      out:flush()
      wrk.thread:stop()
    end
  end
end
