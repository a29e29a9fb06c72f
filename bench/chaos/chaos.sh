#!/usr/bin/env bash
# The chaos suite (issue 16), full run: PostgreSQL under pg_auto_failover (monitor + primary + synchronous standby),
# Redis master + replica + 3 Sentinels, three sentinela-server processes behind haproxy, all on loopback free ports;
# 30 SDK apps watching Contagem and a laboratory posting an outbreak there; then every fault in turn, each with a
# 10-second window before, during and after it. Prints the chaos table (and appends it to REPORT, default
# /tmp/sentinela-chaos-report.md; copy it to docs/OPERATIONS.md). Exit status 1 when an invariant or a timing goal failed.
#
#   bench/chaos/chaos.sh                                  # every fault
#   bench/chaos/chaos.sh control kill-instance            # only some (control first: the baseline of the same run)
#   WINDOW=20 CLIENTS=100 bench/chaos/chaos.sh            # longer windows, more apps
#   NO_BUILD=1                                            # run the test project's existing Release build
#
# Faults: control kill-instance sigterm-instance network-delay redis-restart sentinel-failover redis-master-kill
# postgres-stop postgres-primary-kill (see tests/Sentinela.Tests/Chaos/Fault.cs). The CI smoke is the same test with
# its defaults (control, kill-instance, sentinel-failover, postgres-primary-kill; 5 s windows; 10 apps), run by
# scripts/test.sh with every other test. Needs haproxy, pg-auto-failover-cli and postgresql-15-auto-failover
# (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
faults=$(IFS=,; echo "${*:-all}")
report=${REPORT-/tmp/sentinela-chaos-report.md}
if [ "${NO_BUILD:-0}" != 1 ]; then
  dotnet build tests/Sentinela.Tests -c Release --nologo -v quiet >/dev/null
fi
# The test host starts every service itself and removes it when done; the trap covers an interrupted run.
set -m
CHAOS_FAULTS=$faults CHAOS_WINDOW_SECONDS=${WINDOW:-10} CHAOS_CLIENTS=${CLIENTS:-30} CHAOS_ASSERT_TIMING=1 CHAOS_REPORT=$report \
  dotnet test tests/Sentinela.Tests -c Release --no-build --filter "FullyQualifiedName~Sentinela.Tests.Chaos.ChaosSuiteTests" \
  --logger "console;verbosity=normal" &
runner=$!
trap 'kill -- -$runner 2>/dev/null || true' EXIT INT TERM
status=0
wait $runner || status=$?
trap - EXIT INT TERM
[ -f "$report" ] && tail -n 15 "$report"
exit $status
