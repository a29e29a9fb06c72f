#!/usr/bin/env bash
# HTTP ingest benchmark: for each scenario, start a fresh server on a fresh SQLite file, run the load harness against
# it, stop the server. Usage: bench/ingest-benchmark.sh [count] [repeats]   (defaults 20000 and 2)
# Scenarios are "concurrency bundle-size" pairs; override with SCENARIOS="16 0;64 0;4 100;16 100".
# WARMUP=N (default 1000) hemograms are stored first and not counted; a large N measures ingest against a full index.
# BACKEND=distributed runs the server on PostgreSQL instead: a throwaway cluster (fsync on, as in production) is started
# here from /usr/lib/postgresql/*/bin, as user sentinela-test when run as root, with a fresh database per run.
# REDIS=host:port (with BACKEND=distributed) adds Redis as several instances use it: shared radius index, region windows, bus.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
count=${1:-20000}
repeats=${2:-2}
port=${PORT:-5090}
warmup=${WARMUP:-1000}
municipalities=${MUNICIPALITIES:-$(realpath -m "$repo/../shared/data/municipios.csv")}
IFS=';' read -r -a scenarios <<< "${SCENARIOS:-16 0;64 0;4 100;16 100}"

dotnet build -c Release src/Sentinela.Server >/dev/null
dotnet build -c Release bench/Sentinela.LoadHarness >/dev/null
server_dir="$repo/src/Sentinela.Server/bin/Release/net10.0"
backend=${BACKEND:-embedded}
if [ "$backend" = distributed ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d /tmp/bench-pg-XXXXXX)
  pg_port=${PG_PORT:-5433}
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u sentinela-test -- "$@"; else "$@"; fi; }
  if [ "$(id -u)" = 0 ]; then
    id -u sentinela-test >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin sentinela-test
    chown -R sentinela-test: "$pg_dir"
  fi
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
  trap 'as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null; rm -rf "$pg_dir"' EXIT
fi
harness="$repo/bench/Sentinela.LoadHarness/bin/Release/net10.0/sentinela-load.dll"

for scenario in "${scenarios[@]}"; do
  read -r concurrency bundle <<< "$scenario"
  for run in $(seq 1 "$repeats"); do
    work=$(mktemp -d "/tmp/bench-XXXXXX")
    # A laboratory with a quota that does not throttle the measurement.
    settings=(--Sentinela:Storage:Embedded:Path="$work/db.sqlite" --Sentinela:Limits:HemogramsPerMinutePerLab=100000000)
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
