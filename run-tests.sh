#!/usr/bin/env bash
# Runs every test of the interchange and prints "N passed, N failed" as its last line.
# Issue-specific services (PostgreSQL, Redis, Chromium) are installed and started here, on loopback,
# and stopped on exit; today's suite needs none of them.
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build Interchange.sln -c Release -warnaserror -nologo -v q 2>&1 | tee "$log" | tail -n 3; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
if grep -q " error " "$log"; then
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Interchange.sln -c Release --no-build --nologo -v q -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without reporting a failed test (crash, aborted host): count it.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
