#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test Sentinela. Idempotent: safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dot.net); it is not installable from Debian's archive." >&2
  exit 1
fi
# sqlite3 is only a convenience for operators who want to look inside the embedded store.
if ! command -v sqlite3 >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null) || echo "note: sqlite3 CLI not installed (optional)" >&2
fi
# The integration tests start their own PostgreSQL and Redis processes (never a system service): they need the binaries.
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  need+=(postgresql-15)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    # Debian's package would create and start a default cluster; nothing here uses it.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/sentinela.conf
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "note: the storage tests need ${need[*]} (apt-get install ${need[*]})" >&2
  fi
fi
# Node.js runs the official JavaScript SignalR client in the browser-client tests.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; else echo "Node.js and npm are required" >&2; exit 1; fi
fi
if [ ! -d tests/js/node_modules/@microsoft/signalr ]; then
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
fi
# The dashboard (web/) is built with npm into web/dist, which the server build copies beside its binaries.
if [ ! -d web/node_modules/esbuild ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
(cd web && npm run --silent build >/dev/null)
# The dashboard's browser tests drive Debian's Chromium with playwright-core (no browser download).
if [ ! -d tests/web-e2e/node_modules/playwright-core ]; then
  (cd tests/web-e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; else echo "note: the dashboard browser tests need chromium (apt-get install chromium)" >&2; fi
fi
# The HA data-tier tests and the chaos suite run pg_auto_failover (monitor + two nodes) and haproxy on loopback themselves.
ha=()
command -v pg_autoctl >/dev/null 2>&1 || ha+=(postgresql-15-auto-failover pg-auto-failover-cli)
command -v haproxy >/dev/null 2>&1 || ha+=(haproxy)
if [ ${#ha[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${ha[@]}" >/dev/null
    # Nothing here uses the system service the package may have started.
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now haproxy >/dev/null 2>&1 || true; fi
  else
    echo "note: the HA and chaos tests need ${ha[*]} (apt-get install ${ha[*]})" >&2
  fi
fi
dotnet restore Sentinela.slnx --verbosity quiet
