#!/usr/bin/env bash
# Side-by-side measurement of docs/performance.md, in one command:
#   D  the fixed-payload demo source (samples/Interchange.Samples), called directly
#   Y  bare YARP (bench/Interchange.Bench.BareYarp), one catch-all route to the same source
#   G  the Interchange gateway (gateway/Interchange.Gateway) in its own process, beside its identity server and
#      catalogue (also their own processes), forwarding to the same source
# driven by wrk in interleaved rounds (D, Y, G…, D, Y, G…), for 1 KB and 32 KB of JSON, with and without masking, with
# one reused token and with a fresh token per request. Each run is checked while it measures: every response's status
# and body size (bench/wrk/measure.lua); a run with a wrong answer is marked invalid. Prints one table of medians and
# ranges (min–max over rounds): throughput, p50/p99 latency unloaded, gateway CPU µs per request, peak RSS, G/Y and Y/D.
#
# Usage: bench/side-by-side.sh [--quick] [--rounds N] [--seconds S] [--warmup S] [--latency-seconds S]
#                              [--sizes "1 32"] [--connections 32] [--no-levers] [--keep]
#   --quick      smoke run: 1 round, 1 KB only, no lever variants, 2 s runs (checks the harness, not the gateway)
#   --no-levers  leave out the lever variants (Information logging; group commit off; masking without a subject field)
#   --keep       keep the run folder (logs, lists, databases, raw results) and print where it is
#   --hold       start and probe everything, print the URLs and a token, then wait (Ctrl-C stops): for profiling by hand
# Defaults follow docs/performance.md: 5 rounds; per target a 5 s warm-up, 15 s at -c32, then 10 s at -c1 for latency.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=5 seconds=15 warmup=5 latency_seconds=10 connections=32 sizes="1 32" levers=1 keep=0 quick=0 hold=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 rounds=1 seconds=2 warmup=1 latency_seconds=1 sizes="1" levers=0 ;;
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --latency-seconds) latency_seconds=$2; shift ;;
    --connections) connections=$2; shift ;;
    --sizes) sizes=$2; shift ;;
    --no-levers) levers=0 ;;
    --keep) keep=1 ;;
    --hold) hold=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# Records per page for each payload size: the demo source's business licences are ~480 bytes each.
limit_for() { case $1 in 1) echo 2 ;; 32) echo 70 ;; *) echo "sizes are 1 or 32 (KB)" >&2; exit 2 ;; esac; }
for s in $sizes; do limit_for "$s" >/dev/null; done

# The validated-token cache of the gateway is set to this size (the default is 10,000) so that a pool of 750 tokens,
# rotated strictly, always misses it; see "Fresh token per request" in bench/README.md.
token_cache=500
token_pool=750

port_base=${BENCH_PORT_BASE:-19000}
source_port=$((port_base + 1)) yarp_port=$((port_base + 2)) identity_port=$((port_base + 11)) catalog_port=$((port_base + 12))
gateway_port=$((port_base + 20)) gateway_info_port=$((port_base + 21)) gateway_single_port=$((port_base + 22))
issuer="http://127.0.0.1:$gateway_port/"

command -v wrk >/dev/null || { apt-get update -qq && { apt-get install -y -qq wrk || apt-get install -y -qq wrk; }; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }

run=$(mktemp -d /tmp/interchange-side-by-side.XXXXXX)
mkdir -p "$run/bin" "$run/logs" "$run/data/keys" "$run/lists" "$run/out"
declare -A pids=()
cleanup() {
  for name in "${!pids[@]}"; do kill "${pids[$name]}" 2>/dev/null || true; done
  for name in "${!pids[@]}"; do wait "${pids[$name]}" 2>/dev/null || true; done
  if [ "$keep" = 1 ]; then echo "run folder kept: $run"; else rm -rf "$run"; fi
}
trap cleanup EXIT

echo "building (Release)…" >&2
dotnet build standalone/Interchange.Standalone -c Release -nologo -v q -warnaserror >"$run/logs/build.log" 2>&1 \
  && dotnet build bench/Interchange.Bench.BareYarp -c Release -nologo -v q -warnaserror >>"$run/logs/build.log" 2>&1 \
  || { tail -30 "$run/logs/build.log" >&2; echo "build failed (see above); if another edit is half-finished, retry in a minute" >&2; exit 1; }
# Private copies: a rebuild by someone else while this runs must not replace the binaries under the processes.
for p in samples/Interchange.Samples identity/Interchange.Identity catalog/Interchange.Catalog gateway/Interchange.Gateway bench/Interchange.Bench.BareYarp; do
  cp -a "$p/bin/Release/net10.0" "$run/bin/$(basename "$p")"
done

# The harness's own lists and seed: the demo lists with every limit lifted (it measures the allow path, not 429s),
# plus two entries on the business licences source: bench-plain (every field allowed, no subject: no masking, streamed)
# and bench-streamed (business-licenses' masking rules without its subject field: masked while streaming).
cp policies/lists/* "$run/lists/"
sed -i -E 's/(per_minute|records_per_day): [0-9]+/\1: 1000000000/g' "$run/lists"/*.yaml
bench_entry() { # id title mask(0|1)
  local rep="{ type: string, personal: true, rule: allow }" remarks="{ type: string, rule: allow }"
  if [ "$3" = 1 ]; then rep="{ type: string, personal: true, rule: mask, keep_first: 1 }" remarks="{ type: string, rule: drop }"; fi
  cat <<YAML
  - dataset: $1
    title: "$2"
    classification: general
    personal: false
    sharing: unconditional
    consumers: any
    purposes:
      business-verification: "Benchmark"
    fields:
      uscc: { type: string, rule: allow }
      company_name: { type: string, rule: allow }
      legal_representative: $rep
      registered_capital: { type: number, rule: allow }
      established_date: { type: date, rule: allow }
      business_scope: { type: string, rule: allow }
      address: { type: string, rule: allow }
      status: { type: string, rule: allow }
      registration_authority: { type: string, rule: allow }
      internal_remarks: $remarks
    limits: { per_minute: 1000000000 }
YAML
}
{ bench_entry bench-plain "Benchmark: no masking" 0; bench_entry bench-streamed "Benchmark: masked, no subject" 1; } >>"$run/lists/sz-market-regulation.yaml"
seed_dataset() { # id
  printf '    {"id": "%s", "title": "Benchmark %s", "description": "Side-by-side benchmark route to the business licences source.", "provider": "sz-market-regulation", "region": "440300", "source": "{sources}/business-licenses", "updateFrequency": "daily"},\n' "$1" "$1"
}
sed -E "/^  \"datasets\": \[/r /dev/stdin" samples/seed/demo-scenario.json >"$run/seed.json" <<<"$(seed_dataset bench-plain; seed_dataset bench-streamed)"

start() { # name command... (runs in the run folder, so no appsettings.json is picked up from elsewhere)
  local name=$1; shift
  (cd "$run" && exec "$@") >"$run/logs/$name.log" 2>&1 &
  pids[$name]=$!
}
wait_for() { # name url
  for _ in $(seq 240); do
    curl -sf -o /dev/null "$2" && return 0
    kill -0 "${pids[$1]}" 2>/dev/null || { tail -20 "$run/logs/$1.log" >&2; echo "$1 exited" >&2; exit 1; }
    sleep 0.5
  done
  tail -20 "$run/logs/$1.log" >&2; echo "$1 did not come up at $2" >&2; exit 1
}

common_env=(ASPNETCORE_ENVIRONMENT=Development "Interchange__Tokens__Issuer=$issuer"
  "Interchange__Tokens__JwksUrl=http://127.0.0.1:$identity_port/.well-known/jwks")
start D "$run/bin/Interchange.Samples/Interchange.Samples" --urls "http://127.0.0.1:$source_port"
wait_for D "http://127.0.0.1:$source_port/health"
start Y "$run/bin/Interchange.Bench.BareYarp/Interchange.Bench.BareYarp" --urls "http://127.0.0.1:$yarp_port" --destination "http://127.0.0.1:$source_port/"
start identity env "${common_env[@]}" "Identity__Issuer=$issuer" "Identity__DatabasePath=$run/data/identity.db" \
  "Identity__KeysDirectory=$run/data/keys" "Identity__DemoSeedFile=$run/seed.json" "Identity__AuditDatabasePath=$run/data/audit.db" \
  "$run/bin/Interchange.Identity/Interchange.Identity" --urls "http://127.0.0.1:$identity_port"
wait_for identity "http://127.0.0.1:$identity_port/health/ready"
start catalog env "${common_env[@]}" "Catalog__DatabasePath=$run/data/catalog.db" "Catalog__AuditDatabasePath=$run/data/audit.db" \
  "Catalog__SubjectKeyPath=$run/data/keys/subject.key" "Catalog__ListsDirectory=$run/lists" "Catalog__SeedFile=$run/seed.json" \
  "Catalog__SeedSourcesBaseUrl=http://127.0.0.1:$source_port/" "Catalog__GatewayUrl=http://127.0.0.1:$gateway_port/" \
  "$run/bin/Interchange.Catalog/Interchange.Catalog" --urls "http://127.0.0.1:$catalog_port"
wait_for catalog "http://127.0.0.1:$catalog_port/health/ready"
gateway_env() { # audit file name
  echo "${common_env[@]}" "Gateway__IdentityUrl=http://127.0.0.1:$identity_port/" "Gateway__CatalogUrl=http://127.0.0.1:$catalog_port/" \
    "Gateway__CatalogDatabasePath=$run/data/catalog.db" "Gateway__AuditDatabasePath=$run/data/$1" "Gateway__ListsDirectory=$run/lists" \
    "Gateway__PseudonymKeyPath=$run/data/keys/pseudonym.key" "Gateway__CheckpointKeyPath=$run/data/keys/checkpoint.key" \
    "Gateway__SubjectKeyPath=$run/data/keys/subject.key" "Gateway__AllowLoopbackSources=true" \
    "Interchange__Tokens__ValidatedTokenCacheSize=$token_cache"
}
# shellcheck disable=SC2046 # the settings have no spaces
start G env $(gateway_env audit-g.db) "$run/bin/Interchange.Gateway/Interchange.Gateway" --urls "http://127.0.0.1:$gateway_port"
wait_for G "http://127.0.0.1:$gateway_port/health/ready"
if [ "$levers" = 1 ]; then
  # Lever: framework logging at Information (ASP.NET Core, YARP), as a default Serilog set-up would have it.
  # shellcheck disable=SC2046
  start Ginfo env $(gateway_env audit-ginfo.db) Serilog__MinimumLevel__Override__Microsoft=Information \
    Serilog__MinimumLevel__Override__System=Information Serilog__MinimumLevel__Override__Yarp=Information \
    "$run/bin/Interchange.Gateway/Interchange.Gateway" --urls "http://127.0.0.1:$gateway_info_port"
  wait_for Ginfo "http://127.0.0.1:$gateway_info_port/health/ready"
  # Lever: group commit off (one transaction and flush per audit record).
  # shellcheck disable=SC2046
  start Gsingle env $(gateway_env audit-gsingle.db) Audit__MaxBatch=1 \
    "$run/bin/Interchange.Gateway/Interchange.Gateway" --urls "http://127.0.0.1:$gateway_single_port"
  wait_for Gsingle "http://127.0.0.1:$gateway_single_port/health/ready"
fi
wait_for Y "http://127.0.0.1:$yarp_port/health"

basic=$(printf 'sz-civil-affairs:sz-civil-affairs-secret' | base64 -w0)

# Tokens live 15 minutes, so before each round the reused token is replaced and a new pool of fresh tokens is issued:
# a pool larger than the gateway's token cache, through wrk (which also gives the token endpoint's throughput).
issue_tokens() {
  token=$(curl -sf -H "Authorization: Basic $basic" -d grant_type=client_credentials "http://127.0.0.1:$identity_port/connect/token" \
    | tr -d '\n ' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  [ -n "$token" ] || { echo "no token from the identity server" >&2; exit 1; }
  # wrk keeps running for its whole -d even after the script stops its thread, so it is stopped here once the pool is full.
  : >"$run/tokens.txt"
  wrk -t1 -c8 -d300s -H "Authorization: Basic $basic" -s bench/wrk/tokens.lua \
    "http://127.0.0.1:$identity_port/connect/token" -- "$token_pool" "$run/tokens.txt" >/dev/null &
  local wrk_pid=$! start; start=$(date +%s.%N)
  while [ "$(wc -l <"$run/tokens.txt")" -lt "$token_pool" ]; do
    kill -0 "$wrk_pid" 2>/dev/null || { echo "token issuance stopped short ($(wc -l <"$run/tokens.txt") of $token_pool)" >&2; exit 1; }
    sleep 0.1
  done
  local elapsed; elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
  kill "$wrk_pid" 2>/dev/null || true; wait "$wrk_pid" 2>/dev/null || true
  echo "$token_pool $elapsed" >>"$run/out/tokens.log"
}

# Targets: name|process|url-base|dataset|token mode. D and Y do not depend on masking or tokens.
targets=("D|D|http://127.0.0.1:$source_port||none" "Y|Y|http://127.0.0.1:$yarp_port||none"
  "G masked, reused token|G|http://127.0.0.1:$gateway_port/data|business-licenses|reused"
  "G masked, fresh token|G|http://127.0.0.1:$gateway_port/data|business-licenses|fresh"
  "G no masking, reused token|G|http://127.0.0.1:$gateway_port/data|bench-plain|reused"
  "G no masking, fresh token|G|http://127.0.0.1:$gateway_port/data|bench-plain|fresh")
if [ "$levers" = 1 ]; then
  targets+=("G masked streamed (no subject), reused|G|http://127.0.0.1:$gateway_port/data|bench-streamed|reused"
    "G masked, reused, logging at Information|Ginfo|http://127.0.0.1:$gateway_info_port/data|business-licenses|reused"
    "G masked, reused, group commit off|Gsingle|http://127.0.0.1:$gateway_single_port/data|business-licenses|reused")
fi
target_url() { # url-base dataset size
  local path="records?limit=$(limit_for "$3")"
  if [ -n "$2" ]; then echo "$1/$2/$path"; else echo "$1/business-licenses/$path"; fi
}
target_headers() { # dataset mode
  [ -z "$1" ] && return 0
  echo "Interchange-Purpose: business-verification"
  [ "$2" = reused ] && echo "Authorization: Bearer $token"
  return 0
}

# Expected body size of every target at every size, and a check that masking is what the list says.
declare -A expect=()
issue_tokens
for size in $sizes; do
  for t in "${targets[@]}"; do
    IFS='|' read -r name proc base dataset mode <<<"$t"
    url=$(target_url "$base" "$dataset" "$size")
    hdrs=(); while IFS= read -r h; do [ -n "$h" ] && hdrs+=(-H "$h"); done < <(target_headers "$dataset" "$mode")
    [ "$mode" = fresh ] && hdrs+=(-H "Authorization: Bearer $(head -1 "$run/tokens.txt")")
    for _ in $(seq 40); do  # the gateway builds its routes from the catalogue every few seconds
      curl -s -o "$run/out/probe.json" -w '%{http_code}' "${hdrs[@]}" "$url" >"$run/out/probe.status" || true
      [ "$(cat "$run/out/probe.status")" = 200 ] && break; sleep 0.5
    done
    [ "$(cat "$run/out/probe.status")" = 200 ] || { echo "$name at $url answered $(cat "$run/out/probe.status"): $(head -c 300 "$run/out/probe.json")" >&2; exit 1; }
    expect["$size|$name"]=$(wc -c <"$run/out/probe.json")
    case $dataset in
      business-licenses|bench-streamed)
        ! grep -q CANARY "$run/out/probe.json" && grep -q '"legal_representative":"[^"]\*' "$run/out/probe.json" \
          || { echo "$name: the answer is not masked as the list says" >&2; exit 1; } ;;
      bench-plain) grep -q CANARY "$run/out/probe.json" || { echo "$name: the answer lost fields" >&2; exit 1; } ;;
    esac
  done
  echo "payload ${size} KB: source $(printf '%s' "${expect[$size|D]}") bytes; masked $(printf '%s' "${expect[$size|G masked, reused token]}"); unmasked through G $(printf '%s' "${expect[$size|G no masking, reused token]}")" >&2
done

if [ "$hold" = 1 ]; then
  echo "holding; Ctrl-C stops. pids: $(for n in "${!pids[@]}"; do printf '%s=%s ' "$n" "${pids[$n]}"; done)" >&2
  echo "token:   $token" >&2
  echo "fresh:   $run/tokens.txt" >&2
  for t in "${targets[@]}"; do IFS='|' read -r name _ base dataset _ <<<"$t"; echo "$name: $(target_url "$base" "$dataset" 1)" >&2; done
  while sleep 3600; do :; done
fi

clk=$(getconf CLK_TCK)
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }  # utime + stime (fields 14, 15)
peak_rss_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }

token_next=0 result=
results=$run/out/results.tsv
printf 'round\tsize\ttarget\trps\tcpu_us\trss_mb\tp50_us\tp99_us\tp50_c1_us\tp99_c1_us\tbad\n' >"$results"
measure() { # round size target-spec
  local round=$1 size=$2; IFS='|' read -r name proc base dataset mode <<<"$3"
  local url; url=$(target_url "$base" "$dataset" "$size")
  local hdrs=(); while IFS= read -r h; do [ -n "$h" ] && hdrs+=(-H "$h"); done < <(target_headers "$dataset" "$mode")
  local pid=${pids[$proc]}
  drive() { # connections seconds: one wrk run; fresh tokens continue their rotation across runs (see measure.lua)
    local args=("${expect[$size|$name]}"); [ "$mode" = fresh ] && args+=("$run/tokens.txt" "$token_next")
    result=$(wrk -t1 -c"$1" -d"$2s" -s bench/wrk/measure.lua "${hdrs[@]}" "$url" -- "${args[@]}" | grep '^RESULT')
    # Past the completed requests, skip the ones that were in flight when wrk stopped.
    token_next=$(( (token_next + $(sed -E 's/.* requests=([0-9]+) .*/\1/' <<<"$result") + $1) % token_pool ))
  }
  drive "$connections" "$warmup"
  echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true   # resets VmHWM: the peak below is this run's
  local before; before=$(cpu_ticks "$pid")
  drive "$connections" "$seconds"; local out=$result
  local after; after=$(cpu_ticks "$pid")
  local rss; rss=$(peak_rss_kb "$pid")
  drive 1 "$latency_seconds"; local c1=$result
  local v; v=$(awk -v r="$out" -v c="$c1" -v t0="$before" -v t1="$after" -v clk="$clk" -v rss="$rss" 'BEGIN {
      n = split(r, a, /[ =]/); for (i = 2; i < n; i += 2) m[a[i]] = a[i + 1]
      n = split(c, b, /[ =]/); for (i = 2; i < n; i += 2) l[b[i]] = b[i + 1]
      bad = m["bad_status"] + m["bad_size"] + m["socket_errors"] + l["bad_status"] + l["bad_size"] + l["socket_errors"]
      if (m["checked"] < m["requests"]) bad += m["requests"] - m["checked"]
      printf "%.0f\t%.1f\t%.0f\t%d\t%d\t%d\t%d\t%d",
        m["requests"] / (m["duration_us"] / 1e6), (t1 - t0) / clk * 1e6 / m["requests"], rss / 1024,
        m["p50_us"], m["p99_us"], l["p50_us"], l["p99_us"], bad }')
  printf '%s\t%s\t%s\t%s\n' "$round" "$size" "$name" "$v" >>"$results"
  printf '  %-48s %s\n' "$name ($size KB)" "$(awk -F'\t' '{ printf "%7d req/s  %6.1f µs CPU/req  %4d MB  p50/p99 c1 %d/%d µs  bad %d", $1, $2, $3, $6, $7, $8 }' <<<"$v")" >&2
}

echo "$rounds round(s) × sizes [$sizes] × ${#targets[@]} targets: ${warmup}s warm-up + ${seconds}s at -c$connections + ${latency_seconds}s at -c1 each" >&2
for round in $(seq "$rounds"); do
  echo "round $round" >&2
  [ "$round" -gt 1 ] && issue_tokens
  for size in $sizes; do
    for t in "${targets[@]}"; do measure "$round" "$size" "$t"; done
  done
done

# The table: medians and ranges over rounds; ratios per round (the rounds are interleaved), then their median and range.
tokens_line=$(awk -v pool="$token_pool" '{ a[NR] = $1 / $2 } END {
  n = NR; for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  if (n > 1) printf("%.0f (%.0f–%.0f) tokens/s at -c8, %d pools of %d", a[int((n + 1) / 2)], a[1], a[n], n, pool)
  else printf("%.0f tokens/s at -c8, one pool of %d", a[1], pool) }' "$run/out/tokens.log")
awk -F'\t' -v rounds="$rounds" -v sizes="$sizes" -v tokens="$tokens_line" -v quick="$quick" '
  function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
  function stat(key, col, fmt,   n, i, a, med) {
    n = split(vals[key, col], a, " "); for (i = 1; i <= n; i++) a[i] += 0; sort(a, n)
    med = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    return n == 1 ? sprintf(fmt, med) : sprintf(fmt " (" fmt "–" fmt ")", med, a[1], a[n])
  }
  function ratio(size, num, den, col,   r, a, n, i, x, out) {
    out = ""
    for (r = 1; r <= rounds; r++) if ((r, size, num) in row && (r, size, den) in row) {
      split(row[r, size, num], x, "\t"); n = x[col]; split(row[r, size, den], x, "\t")
      out = out " " (x[col] > 0 ? n / x[col] : 0)
    }
    vals["ratio", size num den] = out
    return stat("ratio", size num den, "%.2f")
  }
  NR == 1 { next }
  { key = $2 SUBSEP $3; if (!(key in seen)) { seen[key] = 1; order[++count] = $3; size_of[count] = $2 }
    for (c = 4; c <= 11; c++) vals[key, c] = vals[key, c] " " $c
    bad[key] += $11; row[$1, $2, $3] = $0 }
  END {
    printf "\n| size | target | req/s (-c32) | p50 / p99 unloaded, µs (-c1) | p99 at -c32, µs | CPU µs/req | peak RSS, MB | G/Y | checked |\n"
    printf "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    for (i = 1; i <= count; i++) {
      size = size_of[i]; name = order[i]; key = size SUBSEP name
      gy = name ~ /^G/ ? ratio(size, name, "Y", 4) : (name == "Y" ? "Y/D " ratio(size, "Y", "D", 4) : "")
      printf "| %s KB | %s | %s | %s / %s | %s | %s | %s | %s | %s |\n", size, name, stat(key, 4, "%.0f"),
        stat(key, 9, "%.0f"), stat(key, 10, "%.0f"), stat(key, 8, "%.0f"), stat(key, 5, "%.1f"), stat(key, 6, "%.0f"), gy,
        bad[key] ? "**INVALID: " bad[key] " wrong answers**" : "all ok"
    }
    for (s = 1; s <= split(sizes, sz, " "); s++) {
      size = sz[s]; key = size SUBSEP "G masked, reused token"
      if ((1, size, "G masked, reused token") in row) {
        vals["lat", size, 50] = ""; vals["lat", size, 99] = ""
        for (r = 1; r <= rounds; r++) if ((r, size, "Y") in row && (r, size, "G masked, reused token") in row) {
          split(row[r, size, "G masked, reused token"], g, "\t"); split(row[r, size, "Y"], y, "\t")
          vals["lat", size, 50] = vals["lat", size, 50] " " (g[9] - y[9]); vals["lat", size, 99] = vals["lat", size, 99] " " (g[10] - y[10])
        }
        printf "\n%s KB, G (masked, reused token) − Y unloaded: p50 %s µs, p99 %s µs", size, stat("lat" SUBSEP size, 50, "%.0f"), stat("lat" SUBSEP size, 99, "%.0f")
      }
    }
    printf "\nToken endpoint while issuing the fresh-token pools: %s\n", tokens
    printf "Medians over %d round(s), (min–max) where more than one; ratios are taken per round, then their median and range.\n", rounds
    if (quick) printf "Quick mode: a smoke run of the harness, not a measurement.\n"
  }' "$results"
