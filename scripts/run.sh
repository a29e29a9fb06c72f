#!/usr/bin/env bash
# Starts Sentinela on its embedded default (SQLite under ./data) at http://127.0.0.1:5080 and, unless DEMO=0, drives it
# with the simulator for a minute: Minas Gerais background traffic plus a platelets-low outbreak in Contagem.
# On the first run it creates an administrator with a random password and a demo laboratory, and prints both (kept in
# ./data/demo-credentials). Watch the server's "Surto detectado" lines and the simulator's alert list. Ctrl+C stops.
# Then open the dashboard at http://127.0.0.1:5080/ and log in with the administrator's CPF and password.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build Sentinela.slnx -c Release --verbosity quiet --nologo

# dotnet run starts in the project folder; keep the data under the repository's ./data instead.
mkdir -p data
# The demo laboratory's key stands in for the six simulated laboratories, so it gets their combined quota.
# Readable log lines for watching the demo (production writes JSON lines).
args=("--Sentinela:Storage:Embedded:Path=$(pwd)/data/sentinela.db" "--Sentinela:Limits:HemogramsPerMinutePerLab=${LAB_QUOTA:-3000}"
  "--Sentinela:Observability:LogFormat=Text")
if [ -f ../shared/data/municipios.csv ]; then
  args+=("--Sentinela:Geography:MunicipalitiesFile=$(realpath ../shared/data/municipios.csv)")
fi
server() { dotnet run -c Release --no-build --project src/Sentinela.Server -- "$@" "${args[@]}"; }

credentials=data/demo-credentials
if [ ! -f "$credentials" ]; then
  admin_cpf=529.982.247-25
  admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  SENTINELA_PASSWORD=$admin_password server create-admin --cpf "$admin_cpf" --name "Administrador da demonstração"
  lab_key=$(server create-lab --name "Laboratório da demonstração" | tail -1)
  (umask 077; printf 'ADMIN_CPF=%s\nADMIN_PASSWORD=%s\nLAB_KEY=%s\n' "$admin_cpf" "$admin_password" "$lab_key" > "$credentials")
fi
# shellcheck source=/dev/null
source "$credentials"
echo "Administrator: CPF $ADMIN_CPF, password $ADMIN_PASSWORD (also in $credentials)"

server &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 60); do
  curl -fs http://127.0.0.1:5080/health/ready >/dev/null 2>&1 && break
  sleep 0.5
done

if [ "${DEMO:-1}" != 0 ]; then
  login=$(curl -fs -H 'Content-Type: application/json' -d "{\"cpf\":\"$ADMIN_CPF\",\"password\":\"$ADMIN_PASSWORD\"}" http://127.0.0.1:5080/api/auth/login)
  SENTINELA_TOKEN=$(sed -E 's/.*"accessToken":"([^"]+)".*/\1/' <<< "$login") SENTINELA_API_KEY=$LAB_KEY \
    dotnet run -c Release --no-build --project src/Sentinela.Simulator -- \
      --server http://127.0.0.1:5080 --rate 20 --duration "${DURATION:-60s}" \
      --outbreak platelets:low:3118601:start=10s
  echo "Demo traffic done; the server keeps running at http://127.0.0.1:5080 (Ctrl+C to stop)."
fi
wait $pid
