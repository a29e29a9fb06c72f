#!/usr/bin/env bash
# HTTP ingest benchmark: for each scenario, start a fresh server on a fresh SQLite file, run the load harness against
# it, stop the server. Usage: bench/ingest-benchmark.sh [count] [repeats]   (defaults 60000 and 2)
# Scenarios are "concurrency bundle-size" pairs; override with SCENARIOS="16 0;64 0;4 100;16 100".
# WARMUP=N (default 30000) hemograms are stored first and not counted: a fresh server runs at about half speed for its
# first minute (.NET's tiered PGO; docs/BENCHMARKS.md), so a short warm-up measures start-up; WARMUP=1000 does.
# BACKEND=distributed runs the server on PostgreSQL instead: a throwaway cluster (bench/throwaway-postgres.sh), with a
# fresh database per run.
# EXTRA_SETTINGS="--Section:Key=value …" adds server settings (e.g. --Sentinela:Ingestion:LeanJsonReader=false).
# REDIS=host:port (with BACKEND=distributed) adds Redis as several instances use it: shared radius index, region windows, bus.
# SERVER_DIR=DIR runs a server built elsewhere (a copy of bin/Release/net10.0), to compare two builds side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
count=${1:-60000}
repeats=${2:-2}
port=${PORT:-5090}
warmup=${WARMUP:-30000}
municipalities=${MUNICIPALITIES:-$(realpath -m "$repo/../shared/data/municipios.csv")}
IFS=';' read -r -a scenarios <<< "${SCENARIOS:-16 0;64 0;4 100;16 100}"

[ -n "${SERVER_DIR:-}" ] || dotnet build -c Release src/Sentinela.Server >/dev/null
dotnet build -c Release bench/Sentinela.LoadHarness >/dev/null
server_dir=${SERVER_DIR:-"$repo/src/Sentinela.Server/bin/Release/net10.0"}
backend=${BACKEND:-embedded}
if [ "$backend" = distributed ]; then
  pg_port=${PG_PORT:-5433}
  source bench/throwaway-postgres.sh
  start_throwaway_postgres "$pg_port"
  trap stop_throwaway_postgres EXIT
fi
harness="$repo/bench/Sentinela.LoadHarness/bin/Release/net10.0/sentinela-load.dll"

for scenario in "${scenarios[@]}"; do
  read -r concurrency bundle <<< "$scenario"
  for run in $(seq 1 "$repeats"); do
    work=$(mktemp -d "/tmp/bench-XXXXXX")
    # A laboratory with a quota that does not throttle the measurement.
    settings=(--Sentinela:Storage:Embedded:Path="$work/db.sqlite" --Sentinela:Limits:HemogramsPerMinutePerLab=100000000)
    settings+=(${EXTRA_SETTINGS:-})
    if [ "$backend" = distributed ]; then
      database="bench_$(basename "$work" | tr -dc 'a-zA-Z0-9')"
      "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$database"
      settings+=(--Sentinela:Storage:Backend=Distributed
        --Sentinela:Storage:Distributed:PostgreSql="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database")
      if [ -n "${REDIS:-}" ]; then settings+=(--Sentinela:Storage:Distributed:Redis="$REDIS"); fi
    fi
    export SENTINELA_API_KEY=$(cd "$server_dir" && dotnet sentinela-server.dll create-lab --name "Benchmark" "${settings[@]}" | tail -1)
    # Run from the build output so the server reads its appsettings.json, as a deployment does.
    (cd "$server_dir" && exec dotnet sentinela-server.dll "${settings[@]}" \
        --Sentinela:Geography:MunicipalitiesFile="$municipalities" \
        --Urls="http://127.0.0.1:$port") >"$work/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
      curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
      sleep 0.2
    done
    echo "== $backend, concurrency $concurrency, bundle $bundle, run $run (server pid $pid)"
    dotnet "$harness" --server "http://127.0.0.1:$port" --count "$count" --concurrency "$concurrency" \
      --bundle "$bundle" --warmup "$warmup" --server-pid "$pid" || echo "(harness reported failures)"
    kill "$pid"
    wait "$pid" || true
    grep -E "fail|error|Exception" -i "$work/server.log" | head -5 || true
    rm -rf "$work"
  done
done
