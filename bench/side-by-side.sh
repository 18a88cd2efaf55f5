#!/usr/bin/env bash
# First cut of the side-by-side measurement of PERFORMANCE.md: D (demo source directly), Y (bare YARP
# to the same source) and G (the Interchange gateway: token, decision, masking, durable audit), driven
# by wrk in interleaved rounds. Prints throughput and latency per round, and G/Y, Y/D medians.
# Usage: bench/side-by-side.sh [rounds=3] [seconds=10] [limit=2]   (limit=2 ≈ 1 KB, limit=70 ≈ 32 KB)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; seconds=${2:-10}; limit=${3:-2}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

dotnet build standalone/Interchange.Standalone -c Release -nologo -v q >/dev/null
dotnet build bench/Interchange.Bench.BareYarp -c Release -nologo -v q >/dev/null
data=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

# The demo lists with the per-minute limits lifted: the benchmark measures the allow path, not 429s.
mkdir -p "$data/lists" && cp policies/lists/* "$data/lists/"
sed -i -E 's/per_minute: [0-9]+/per_minute: 1000000000/' "$data/lists"/*.yaml
standalone/Interchange.Standalone/bin/Release/net10.0/Interchange.Standalone --urls http://127.0.0.1:9080 --data "$data" --lists "$data/lists" >"$data/g.log" 2>&1 &
pids+=($!)
samples/Interchange.Samples/bin/Release/net10.0/Interchange.Samples --urls http://127.0.0.1:9001 >"$data/d.log" 2>&1 &
pids+=($!)
bench/Interchange.Bench.BareYarp/bin/Release/net10.0/Interchange.Bench.BareYarp --urls http://127.0.0.1:9002 --destination http://127.0.0.1:9001/ >"$data/y.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do curl -sf http://127.0.0.1:9080/.well-known/openid-configuration >/dev/null && curl -sf http://127.0.0.1:9002/health >/dev/null && break; sleep 0.5; done

token=$(curl -s -u sz-civil-affairs:sz-civil-affairs-secret -d grant_type=client_credentials http://127.0.0.1:9080/connect/token | tr -d '\n ' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
path="business-licenses/records?limit=$limit"
bytes_g=$(curl -s -H "Authorization: Bearer $token" -H 'Interchange-Purpose: business-verification' "http://127.0.0.1:9080/data/$path" | wc -c)
bytes_d=$(curl -s "http://127.0.0.1:9001/$path" | wc -c)
echo "payload: source $bytes_d bytes, after masking $bytes_g bytes"

run() { # name url [headers...]
  local name=$1 url=$2; shift 2
  local args=(); for h in "$@"; do args+=(-H "$h"); done
  wrk -t1 -c32 -d2s "${args[@]}" "$url" >/dev/null
  local out; out=$(wrk -t1 -c32 -d"${seconds}s" --latency "${args[@]}" "$url")
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local p50; p50=$(awk '/ 50%/ {print $2}' <<<"$out")
  local p99; p99=$(awk '/ 99%/ {print $2}' <<<"$out")
  local errors; errors=$(grep -Eo 'Non-2xx or 3xx responses: [0-9]+' <<<"$out" || true)
  printf '%-2s %10s req/s  p50 %8s  p99 %8s  %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
  echo "$name $rps" >>"$data/results"
}

for round in $(seq "$rounds"); do
  echo "round $round"
  run D "http://127.0.0.1:9001/$path"
  run Y "http://127.0.0.1:9002/$path"
  run G "http://127.0.0.1:9080/data/$path" "Authorization: Bearer $token" "Interchange-Purpose: business-verification"
done

median() { grep "^$1 " "$data/results" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
d=$(median D); y=$(median Y); g=$(median G)
awk -v d="$d" -v y="$y" -v g="$g" 'BEGIN { printf "medians: D %.0f  Y %.0f  G %.0f req/s;  G/Y %.2f  Y/D %.2f\n", d, y, g, g/y, y/d }'
