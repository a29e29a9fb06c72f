#!/usr/bin/env bash
# Alert latency (POST of the hemogram that raises an alert → the alert at a SignalR client), three set-ups in turn:
#   embedded               one server, the client on it
#   distributed-same       two instances on one PostgreSQL + Redis, the client on the instance the lab posts to
#   distributed-other      the same two instances, the client on the other one (the alert crosses the Redis stream)
# Usage: bench/alert-latency.sh [alerts]   (default 25). PostgreSQL: bench/throwaway-postgres.sh; Redis: redis-server.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
alerts=${1:-25}
port=${PORT:-5390}
pg_port=${PG_PORT:-5494}
redis_port=${REDIS_PORT:-6494}
municipalities=${MUNICIPALITIES:-$(realpath -m "$repo/../shared/data/municipios.csv")}
dotnet build -c Release src/Sentinela.Server >/dev/null
dotnet build -c Release bench/Sentinela.AlertLatency >/dev/null
server_dir="$repo/src/Sentinela.Server/bin/Release/net10.0"
bench="$repo/bench/Sentinela.AlertLatency/bin/Release/net10.0/sentinela-alert-latency.dll"
export SENTINELA_CPF=123.456.789-09 SENTINELA_PASSWORD="bench-$RANDOM-$RANDOM-password"
work=$(mktemp -d /tmp/alert-latency-XXXXXX)
pids=()
source bench/throwaway-postgres.sh
start_throwaway_postgres "$pg_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --loglevel warning >"$work/redis.log" 2>&1 &
redis_pid=$!
cleanup() { kill "${pids[@]}" "$redis_pid" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; stop_throwaway_postgres; rm -rf "$work"; }
trap cleanup EXIT

# Starts one server with the given settings on the given port; waits until it is ready.
start_server() { # port settings...
  local p=$1; shift
  (cd "$server_dir" && exec dotnet sentinela-server.dll "$@" --Sentinela:Geography:MunicipalitiesFile="$municipalities" \
    --Sentinela:Limits:HemogramsPerMinutePerLab=100000000 --Sentinela:Limits:RestRequestsPerMinute=100000000 \
    --Sentinela:Identity:AccessTokenLifetime=02:00:00 \
    --Urls="http://127.0.0.1:$p") >"$work/server-$p.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$p/health/ready" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "server on $p did not become ready" >&2; exit 1
}

# Creates the administrator and a laboratory in the store the settings name; exports the lab's API key.
accounts() { # settings...
  (cd "$server_dir" && dotnet sentinela-server.dll create-admin --cpf "$SENTINELA_CPF" "$@" >/dev/null)
  export SENTINELA_API_KEY=$(cd "$server_dir" && dotnet sentinela-server.dll create-lab --name "Benchmark" "$@" | tail -1)
}

run() { # label post-port watch-port places-to-skip
  echo "== $1 ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet "$bench" --post "http://127.0.0.1:$2" --watch "http://127.0.0.1:$3" --alerts "$alerts" --skip "$4" --municipalities "$municipalities"
}

embedded=(--Sentinela:Storage:Embedded:Path="$work/embedded.db")
accounts "${embedded[@]}"
start_server "$port" "${embedded[@]}"
run embedded "$port" "$port" 0
kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; pids=()

"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres latency
distributed=(--Sentinela:Storage:Backend=Distributed
  --Sentinela:Storage:Distributed:PostgreSql="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=latency"
  --Sentinela:Storage:Distributed:Redis="127.0.0.1:$redis_port")
accounts "${distributed[@]}"
start_server "$port" "${distributed[@]}"
start_server "$((port + 1))" "${distributed[@]}"
run distributed-same "$port" "$port" 0
# The same database: new places, or every hemogram would only update the alerts of the run before.
run distributed-other "$port" "$((port + 1))" "$alerts"
