#!/usr/bin/env bash
# Starts Sentinela on its embedded default (SQLite under ./data) and, unless DEMO=0, drives it with the simulator for
# DURATION (default 60s): Minas Gerais background traffic plus a platelets-low outbreak in Contagem.
# Where: Urls (as the server reads it) or PORT, else http://127.0.0.1:5080, or the next free port when that one is taken.
# On the first run it creates an administrator with a random password and a demo laboratory, and prints both (kept in
# ./data/demo-credentials). Then open the dashboard at the printed address and log in with the administrator's CPF and
# password. Ctrl+C, or SIGTERM/SIGHUP to this script, stops the server and the simulator it started.
set -euo pipefail
cd "$(dirname "$0")/.."
began=$SECONDS
say() { printf '== run [%3ds]: %s\n' $((SECONDS - began)) "$*"; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -n "${Urls:-}" ]; then
  urls=$Urls
elif [ -n "${PORT:-}" ]; then
  urls=http://127.0.0.1:$PORT
else
  port=5080
  while port_taken $port && [ $port -lt 5100 ]; do port=$((port + 1)); done
  [ $port = 5080 ] || say "port 5080 is taken (another Sentinela?); using $port"
  urls=http://127.0.0.1:$port
fi
# The first address, with a wildcard host made local, is where this script and the simulator reach the server.
base=$(sed -E 's/;.*//; s#://(\*|\+|0\.0\.0\.0|\[::\])(:|/|$)#://127.0.0.1\2#; s#/$##' <<< "$urls")
if port_taken "$(sed -E 's#.*:([0-9]+).*#\1#' <<< "$base")"; then
  echo "run.sh: $base is already in use; choose another with PORT=… or Urls=…" >&2
  exit 1
fi

say "checking and installing what running needs (scripts/setup.sh; the tests' extras come with --for-tests)"
scripts/setup.sh
say "building the server and the simulator (Release; a first build takes a few minutes)"
for project in src/Sentinela.Server src/Sentinela.Simulator; do
  # One line per project built, and any warning or error; the full log only when the build fails.
  log=$(mktemp)
  # No build servers: nothing this script starts outlives it.
  if ! dotnet build "$project" -c Release --nologo -v minimal -clp:NoSummary --disable-build-servers > "$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; exit 1
  fi
  grep -E ' -> |warning|error' "$log" | sed -E 's#^ *#   #; s# -> .*/(bin/)#  →  \1#' || true
  rm -f "$log"
done
server_bin=src/Sentinela.Server/bin/Release/net10.0/sentinela-server
simulator_bin=src/Sentinela.Simulator/bin/Release/net10.0/sentinela-simulator

mkdir -p data
# The demo laboratory's key stands in for the six simulated laboratories, so it gets their combined quota.
# Readable log lines for watching the demo (production writes JSON lines).
args=("--Urls=$urls" "--Sentinela:Storage:Embedded:Path=$(pwd)/data/sentinela.db"
  "--Sentinela:Limits:HemogramsPerMinutePerLab=${LAB_QUOTA:-3000}" "--Sentinela:Observability:LogFormat=Text")
if [ -f ../shared/data/municipios.csv ]; then
  args+=("--Sentinela:Geography:MunicipalitiesFile=$(realpath ../shared/data/municipios.csv)")
fi
# Children die with this script even when it is killed outright (SIGKILL): setpriv asks the kernel to signal them.
orphan_guard=()
command -v setpriv >/dev/null 2>&1 && orphan_guard=(setpriv --pdeathsig TERM --)
server() { "$server_bin" "$@" "${args[@]}"; }

credentials=data/demo-credentials
if [ ! -f "$credentials" ]; then
  say "first run: creating the demo administrator and laboratory"
  admin_cpf=529.982.247-25
  admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  SENTINELA_PASSWORD=$admin_password server create-admin --cpf "$admin_cpf" --name "Administrador da demonstração"
  lab_key=$(server create-lab --name "Laboratório da demonstração" | tail -1)
  (umask 077; printf 'ADMIN_CPF=%s\nADMIN_PASSWORD=%s\nLAB_KEY=%s\n' "$admin_cpf" "$admin_password" "$lab_key" > "$credentials")
fi
# shellcheck source=/dev/null
source "$credentials"

pids=()
stop() {
  trap - EXIT INT TERM HUP
  [ ${#pids[@]} -eq 0 ] || { kill -TERM "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
}
trap stop EXIT
trap 'say "stopping"; stop; exit 130' INT
trap 'stop; exit 143' TERM HUP

say "starting the server"
# Started directly (not through a function's subshell), so the pid is the server's own and SIGTERM reaches it.
"${orphan_guard[@]}" "$server_bin" "${args[@]}" &
pids+=($!)
for _ in $(seq 1 240); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "run.sh: the server exited during start-up (see above)" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$base/health/ready" >/dev/null || { echo "run.sh: the server did not become ready within 2 minutes" >&2; exit 1; }
say "server listening on $urls — dashboard at $base/"
echo "   Administrator: CPF $ADMIN_CPF, password $ADMIN_PASSWORD (also in $credentials)"

if [ "${DEMO:-1}" != 0 ]; then
  login=$(curl -fs -H 'Content-Type: application/json' -d "{\"cpf\":\"$ADMIN_CPF\",\"password\":\"$ADMIN_PASSWORD\"}" "$base/api/auth/login")
  say "simulator: ${DURATION:-60s} of traffic at 20 hemograms/s, outbreak in Contagem from second 10"
  SENTINELA_TOKEN=$(sed -E 's/.*"accessToken":"([^"]+)".*/\1/' <<< "$login") SENTINELA_API_KEY=$LAB_KEY \
    "${orphan_guard[@]}" "$simulator_bin" --server "$base" --rate 20 --duration "${DURATION:-60s}" \
      --outbreak platelets:low:3118601:start=10s &
  pids+=($!)
  wait "${pids[1]}" || true
  say "demo traffic done; the server keeps running at $base/ (Ctrl+C to stop)"
fi
wait "${pids[0]}"
