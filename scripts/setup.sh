#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and run Sentinela; with --for-tests also what only the tests
# need (PostgreSQL and Redis binaries, Chromium, the test projects' npm packages, every project's NuGet packages).
# Idempotent: safe to run again; each step it takes says so.
set -euo pipefail
cd "$(dirname "$0")/.."
for_tests=0
case "${1:-}" in
  --for-tests) for_tests=1 ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--for-tests]" >&2; exit 2 ;;
esac
step() { echo "== setup: $*"; }
apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then return 1; fi
  step "installing $* (apt-get)"
  if [ $apt_updated = 0 ]; then apt-get update -qq; apt_updated=1; fi
  apt-get install -y -qq "$@" >/dev/null
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dot.net); it is not installable from Debian's archive." >&2
  exit 1
fi
# Node.js builds the dashboard (web/) and, for the tests, runs the JavaScript SignalR client and the browser tests.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm || { echo "Node.js and npm are required (apt-get install nodejs npm)" >&2; exit 1; }
fi
# The dashboard is built with npm into web/dist, which the server build copies beside its binaries.
if [ ! -d web/node_modules/esbuild ] || [ ! -d web/node_modules/topojson-client ]; then
  step "installing the dashboard's npm packages (web/)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
step "building the dashboard (web/ → web/dist)"
(cd web && npm run --silent build | sed 's/^/   /')

[ $for_tests = 1 ] || exit 0

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
  fi
  apt_install "${need[@]}" || echo "note: the storage tests need ${need[*]} (apt-get install ${need[*]})" >&2
fi
# The dashboard's browser tests drive Debian's Chromium with playwright-core (no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium || echo "note: the dashboard browser tests need chromium (apt-get install chromium)" >&2
fi
# The balancer tests (tests/Sentinela.Tests/Balancing) start HAProxy in front of two servers, and check the nginx
# configuration with nginx -t; neither runs as a system service (policy-rc.d keeps Debian from starting them).
balancers=()
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || balancers+=(haproxy)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || balancers+=(nginx-light)
if [ ${#balancers[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt_install "${balancers[@]}" || true
    rm -f /usr/sbin/policy-rc.d
  else
    echo "note: the balancer tests need ${balancers[*]} (apt-get install ${balancers[*]})" >&2
  fi
fi
# sqlite3 is only a convenience for developers who want to look inside the embedded store.
if ! command -v sqlite3 >/dev/null 2>&1; then
  apt_install sqlite3 || echo "note: sqlite3 CLI not installed (optional)" >&2
fi
if [ ! -d tests/js/node_modules/@microsoft/signalr ] || [ ! -d tests/js/node_modules/fhir-kit-client ]; then
  step "installing the JavaScript client tests' npm packages (SignalR, fhir-kit-client) (tests/js)"
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d tests/web-e2e/node_modules/playwright-core ]; then
  step "installing the browser tests' npm packages (tests/web-e2e)"
  (cd tests/web-e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
# The HA data-tier tests and the chaos suite run pg_auto_failover (monitor + two nodes) and haproxy on loopback themselves.
ha=()
command -v pg_autoctl >/dev/null 2>&1 || ha+=(postgresql-15-auto-failover pg-auto-failover-cli)
if [ ${#ha[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt_install "${ha[@]}"
  else
    echo "note: the HA and chaos tests need ${ha[*]} (apt-get install ${ha[*]})" >&2
  fi
fi
step "restoring NuGet packages for every project"
dotnet restore Sentinela.slnx --verbosity quiet
