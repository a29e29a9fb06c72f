#!/usr/bin/env bash
# Runs every test (unit, contract and integration), then the vertical slice and real-time tests again with the servers on
# the distributed backend (PostgreSQL + Redis, SENTINELA_TEST_BACKEND=distributed), and ends with the line
# "N passed, N failed" summed over both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --for-tests
log=$(mktemp)
status=0
# Every project first, benchmarks and tools included: `dotnet test` alone builds only what the tests reference.
dotnet build Sentinela.slnx -c Release --nologo 2>&1 | tee "$log" || status=$?
dotnet test Sentinela.slnx -c Release 2>&1 | tee -a "$log" || status=$?
# FHIR ingestion → analysis → alert log and API → real-time delivery (SignalR, client SDK, jurisdictions) → push.
distributed=(
  Sentinela.Tests.Ingestion
  Sentinela.Tests.Analysis.OutbreakDetectionTests
  Sentinela.Tests.Alerts
  Sentinela.Tests.Delivery
  Sentinela.Tests.Identity.JurisdictionTests
  Sentinela.Tests.Observability.AlertTraceTests
  Sentinela.Tests.Push.PushDispatchTests
  Sentinela.Tests.Storage.TestBackendTests
)
filter=$(printf 'FullyQualifiedName~%s.|' "${distributed[@]}")
echo "== The slice and real-time tests again, on the distributed backend"
SENTINELA_TEST_BACKEND=distributed dotnet test tests/Sentinela.Tests -c Release --no-build --filter "${filter%|}" 2>&1 | tee -a "$log" || status=$?
# Sum the per-run summaries ("Failed: 0, Passed: 42, ...") into one line CI can read.
grep -E '^(Passed|Failed)!' "$log" | awk '{ for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
  END { printf "%d passed, %d failed\n", p, f }' || true
rm -f "$log"
exit $status
