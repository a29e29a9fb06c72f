#!/usr/bin/env bash
# Bulk import benchmark: COUNT simulator hemograms as gzip NDJSON, imported into a fresh SQLite file by the command
# (sentinela-server import, twice: the second run is all duplicates), then posted to POST /fhir/$import of a fresh
# server. Usage: bench/import-benchmark.sh [count]   (default 50000)
# EXTRA_SETTINGS="--Sentinela:Ingestion:LeanJsonReader=false" measures the Firely-only path.
# SERVER_DIR=DIR runs a server built elsewhere (a copy of bin/Release/net10.0), to compare two builds side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
count=${1:-50000}
port=${PORT:-5091}
municipalities=${MUNICIPALITIES:-$(realpath -m "$repo/../shared/data/municipios.csv")}

[ -n "${SERVER_DIR:-}" ] || dotnet build -c Release src/Sentinela.Server >/dev/null
dotnet build -c Release bench/Sentinela.LoadHarness >/dev/null
server_dir=${SERVER_DIR:-"$repo/src/Sentinela.Server/bin/Release/net10.0"}
harness="$repo/bench/Sentinela.LoadHarness/bin/Release/net10.0/sentinela-load.dll"
work=$(mktemp -d "/tmp/import-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
dotnet "$harness" import --count "$count" --seed 15 --municipalities "$municipalities" --ndjson-out "$work/history.ndjson.gz"

settings=(--Sentinela:Storage:Embedded:Path="$work/cli.sqlite" --Sentinela:Geography:MunicipalitiesFile="$municipalities")
settings+=(${EXTRA_SETTINGS:-})
for run in first again; do
  echo "== command, $run import (load average $(cut -d' ' -f1 /proc/loadavg))"
  (cd "$server_dir" && /usr/bin/time -f "wall %e s, CPU %U s user + %S s system" dotnet sentinela-server.dll import "$work/history.ndjson.gz" "${settings[@]}") || true
done

settings=(--Sentinela:Storage:Embedded:Path="$work/server.sqlite" --Sentinela:Geography:MunicipalitiesFile="$municipalities")
settings+=(${EXTRA_SETTINGS:-})
export SENTINELA_API_KEY=$(cd "$server_dir" && dotnet sentinela-server.dll create-lab --name "Benchmark" "${settings[@]}" | tail -1)
(cd "$server_dir" && exec dotnet sentinela-server.dll "${settings[@]}" --Urls="http://127.0.0.1:$port") >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "== POST /fhir/\$import (server pid $pid, load average $(cut -d' ' -f1 /proc/loadavg))"
dotnet "$harness" import --server "http://127.0.0.1:$port" --count "$count" --seed 15 --municipalities "$municipalities" --server-pid "$pid" || echo "(harness reported failures)"
kill "$pid"
wait "$pid" || true
grep -E "fail|error|Exception" -i "$work/server.log" | head -5 || true
