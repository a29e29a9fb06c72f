#!/usr/bin/env bash
# Runs every test (unit, contract and integration) and ends with the line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
log=$(mktemp)
status=0
dotnet test Sentinela.slnx -c Release 2>&1 | tee "$log" || status=$?
# Sum the per-assembly summaries ("Failed: 0, Passed: 42, ...") into one line CI can read.
grep -E '^(Passed|Failed)!' "$log" | awk '{ for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
  END { printf "%d passed, %d failed\n", p, f }' || true
rm -f "$log"
exit $status
