#!/usr/bin/env bash
# Starts Sentinela on its embedded default (SQLite under ./data) at http://127.0.0.1:5080 and, unless DEMO=0, drives it
# with the simulator for a minute: Minas Gerais background traffic plus a platelets-low outbreak in Contagem.
# Watch the server's "Surto detectado" lines, then open the dashboard at http://127.0.0.1:5080/ (an account comes from
# `sentinela-server create-admin`, see README) or browse http://127.0.0.1:5080/api/alerts. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet build Sentinela.slnx -c Release --verbosity quiet --nologo

# dotnet run starts in the project folder; keep the data under the repository's ./data instead.
args=("--Sentinela:Storage:Embedded:Path=$(pwd)/data/sentinela.db")
if [ -f ../shared/data/municipios.csv ]; then
  args+=("--Sentinela:Geography:MunicipalitiesFile=$(realpath ../shared/data/municipios.csv)")
fi
dotnet run -c Release --no-build --project src/Sentinela.Server -- "${args[@]}" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 60); do
  curl -fs http://127.0.0.1:5080/health/ready >/dev/null 2>&1 && break
  sleep 0.5
done

if [ "${DEMO:-1}" != 0 ]; then
  dotnet run -c Release --no-build --project src/Sentinela.Simulator -- \
    --server http://127.0.0.1:5080 --rate 20 --duration "${DURATION:-60s}" \
    --outbreak platelets:low:3118601:start=10s
  echo "Demo traffic done; the server keeps running at http://127.0.0.1:5080 (Ctrl+C to stop)."
fi
wait $server
