#!/usr/bin/env bash
# Real-time load scenarios (issues #7, #17): for each scenario a fresh server (fresh data), the load harness against it,
# then everything stopped. Each run adds a dated row to docs/BENCHMARKS.md (APPEND= to skip, APPEND=path elsewhere).
#
#   bench/load-scenarios.sh embedded                  # steady, fanout, surge, storm on the embedded backend
#   bench/load-scenarios.sh distributed               # the same on PostgreSQL + Redis started here (INSTANCES=3: three servers)
#   bench/load-scenarios.sh embedded fanout storm     # only some: steady, fanout, idle, surge, storm
#
# fanout runs the floor first: for each N the bare SignalR app (bench/Sentinela.BareSignalR: one hub, no auth,
# Clients.All of one ~1 KB event, clients acking each) with N plain clients, then Sentinela with N SDK clients, back to
# back on the same machine, and prints Sentinela ÷ bare for latency, CPU per delivery and memory per connection; idle
# holds Sentinela's connections then bare ones; storm first times bare clients connecting as many at once.
#
# Sizes (defaults finish in a few minutes each on 2 cores):
#   STEADY_RATE=200 STEADY_SECONDS=60           open-loop hemograms/s and duration; the outbreak starts at a third
#   FANOUT_CLIENTS="1000 5000 10000"            one fresh server per N (bare, then Sentinela), stopping at the first N
#                                               whose p99 is >= 1 s or whose clients failed (FANOUT_KEEP_GOING=1 runs all)
#   IDLE_CLIENTS=50000 IDLE_SECONDS=30          idle connections held by one server (Sentinela, then bare)
#   SURGE_CLIENTS=10000 SURGE_COUNT=10000 SURGE_SECONDS=60
#   STORM_CLIENTS=10000 STORM_CONCURRENCY=1000  clients, and how many reconnect at the same moment (after the floor:
#                                               as many bare SignalR clients connecting as many at once)
#   PER_USER=500                                connections per harness user (the server's per-user limit is set to it)
#   PROCESSES=2                                 client processes (each holds N / PROCESSES connections)
#   BARE=0                                      fanout without the bare SignalR floor (e.g. N beyond one process's files)
#   CONFIGURATION=Release NO_BUILD=1            which build to run, and whether to skip building it (the CI smoke test
#                                               runs the test run's own build)
#   PORT=5090 PG_PORT=5433 REDIS_PORT=6390      where the servers listen
#   SEED=n                                      the harness's first seed (default random, printed) to repeat a run
# Exit status: 1 when a run failed (a client did not connect, receive or resume; a server did not start); p99 >= 1 s
# alone is reported, not a failure.
# The server's other limits (REST per IP, per-IP and per-instance connections, the lab quota) are raised out of the
# way: every client comes from 127.0.0.1. Every connection is a file descriptor on each side: the script raises
# `ulimit -n` as far as the hard limit allows and says so (a server cannot hold more connections than that), and one
# client address has ~28,000 ephemeral ports (net.ipv4.ip_local_port_range).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
backend=${1:-embedded}
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(steady fanout surge storm)
case "$backend" in embedded | distributed) ;; *) echo "usage: $0 embedded|distributed [steady fanout idle surge storm]" >&2; exit 2 ;; esac
instances=${INSTANCES:-1}
[ "$backend" = distributed ] || instances=1
port=${PORT:-5090}
per_user=${PER_USER:-500}
processes=${PROCESSES:-2}
append=${APPEND-$repo/docs/BENCHMARKS.md}
municipalities=${MUNICIPALITIES:-$(realpath -m "$repo/../shared/data/municipios.csv")}
[ -f "$municipalities" ] || municipalities=""
seed=${SEED:-}
label=$backend
[ "$instances" -gt 1 ] && label="$backend ×$instances"

ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open files per process: $(ulimit -n) (hard limit $(ulimit -Hn)); a server holds at most about that many connections"
configuration=${CONFIGURATION:-Release}
if [ "${NO_BUILD:-0}" != 1 ]; then
  for project in src/Sentinela.Server bench/Sentinela.LoadHarness bench/Sentinela.BareSignalR; do
    dotnet build -c "$configuration" "$project" >/dev/null
  done
fi
server_dir="$repo/src/Sentinela.Server/bin/$configuration/net10.0"
harness="$repo/bench/Sentinela.LoadHarness/bin/$configuration/net10.0/sentinela-load.dll"
bare="$repo/bench/Sentinela.BareSignalR/bin/$configuration/net10.0/sentinela-bare.dll"
base=$(mktemp -d /tmp/load-scenarios-XXXXXX)
pids=()
failed=()

# A harness exit of 3 is "too slow" (fanout p99 >= 1 s), reported in its row; anything else non-zero is a failure.
check() {
  local name=$1 status=$2
  [ "$status" = 0 ] || [ "$status" = 3 ] || failed+=("$name (exit $status)")
}

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$backend" = distributed ]; then
    [ -n "${redis_pid:-}" ] && kill "$redis_pid" 2>/dev/null
    as_pg "$pg_bin/pg_ctl" -D "$base/pg" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$base"
}
trap cleanup EXIT

if [ "$backend" = distributed ]; then
  # A throwaway PostgreSQL (fsync on, as in production; as user sentinela-test when run as root) and Redis.
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_port=${PG_PORT:-5433}
  redis_port=${REDIS_PORT:-6390}
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u sentinela-test -- "$@"; else "$@"; fi; }
  if [ "$(id -u)" = 0 ]; then
    id -u sentinela-test >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin sentinela-test
    chown sentinela-test: "$base"
  fi
  as_pg "$pg_bin/initdb" -D "$base/pg" -U postgres --auth=trust >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$base/pg" -l "$base/pg.log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $base -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --maxclients 10000 >"$base/redis.log" 2>&1 &
  redis_pid=$!
fi

# What else is using the shared cores as a run starts (the machine is shared: say so beside the numbers).
busy() {
  echo "   busiest processes now: $(top -bn1 -o %CPU | sed -n '8,12p' | awk '{printf "%s %s%%; ", $12, $9}')"
}

# One run: fresh data, an administrator and a lab made with the CLI, the server(s) started, the harness, all stopped.
run() {
  local name=$1
  shift
  local work="$base/$name" settings servers="" server_pids="" status=0
  mkdir -p "$work"
  settings=(--Sentinela:Storage:Embedded:Path="$work/db.sqlite"
    --Sentinela:Limits:HemogramsPerMinutePerLab=100000000 --Sentinela:Limits:RestRequestsPerMinute=100000000
    --Sentinela:Limits:ConnectionsPerUser="$per_user" --Sentinela:Limits:ConnectionsPerIp=10000000
    --Sentinela:Limits:ConnectionsPerInstance=10000000)
  [ -n "$municipalities" ] && settings+=(--Sentinela:Geography:MunicipalitiesFile="$municipalities")
  if [ "$backend" = distributed ]; then
    local database="load_$(echo "$name" | tr -dc 'a-z0-9')"
    "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$database"
    redis-cli -p "$redis_port" flushall >/dev/null
    settings+=(--Sentinela:Storage:Backend=Distributed
      --Sentinela:Storage:Distributed:PostgreSql="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database"
      --Sentinela:Storage:Distributed:Redis="127.0.0.1:$redis_port")
  fi
  export SENTINELA_ADMIN_CPF=52998224725
  SENTINELA_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  export SENTINELA_ADMIN_PASSWORD
  (cd "$server_dir" && SENTINELA_PASSWORD=$SENTINELA_ADMIN_PASSWORD dotnet sentinela-server.dll create-admin --cpf "$SENTINELA_ADMIN_CPF" "${settings[@]}" >/dev/null)
  SENTINELA_API_KEY=$(cd "$server_dir" && dotnet sentinela-server.dll create-lab --name "Carga" "${settings[@]}" | tail -1)
  export SENTINELA_API_KEY
  pids=()
  for i in $(seq 0 $((instances - 1))); do
    # Run from the build output so the server reads its appsettings.json, as a deployment does.
    (cd "$server_dir" && exec dotnet sentinela-server.dll "${settings[@]}" --Urls="http://127.0.0.1:$((port + i))") >"$work/server-$i.log" 2>&1 &
    pids+=($!)
    servers+="${servers:+,}http://127.0.0.1:$((port + i))"
    server_pids+="${server_pids:+,}$!"
  done
  for i in $(seq 0 $((instances - 1))); do
    for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$((port + i))/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  done
  echo "== $label: $name (server pid $server_pids; load $(cut -d' ' -f1-3 /proc/loadavg))"
  busy
  dotnet "$harness" "$@" ${municipalities:+--municipalities "$municipalities"} ${seed:+--seed "$seed"} --server "$servers" --server-pid "$server_pids" --backend "$label" ${append:+--append "$append"} || status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
  grep -hE "fail|error|Exception" -i "$work"/server-*.log | sed -E 's/^\{"Timestamp[^}]*"Message":"([^"]*)".*/\1/' | cut -c1-200 | sort | uniq -c | sort -rn | head -5 || true
  if [ "$status" != 0 ] && [ "$status" != 3 ]; then
    # A failed run's servers say why (the logs go with the run's folder): what each logged last.
    for log in "$work"/server-*.log; do echo "-- the end of $(basename "$log"):"; tail -n 25 "$log" | cut -c1-400; done
  fi
  return $status
}

# The floor: the bare SignalR app alone, the harness's plain clients against it, then stopped.
run_bare() {
  local name=$1 status=0
  shift
  mkdir -p "$base/$name"
  dotnet "$bare" --urls "http://127.0.0.1:$port" >"$base/$name/bare.log" 2>&1 &
  pids=($!)
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
  echo "== bare SignalR: $name (server pid ${pids[0]}; load $(cut -d' ' -f1-3 /proc/loadavg))"
  busy
  dotnet "$harness" "$@" ${municipalities:+--municipalities "$municipalities"} ${seed:+--seed "$seed"} --server "http://127.0.0.1:$port" --server-pid "${pids[0]}" --backend "bare SignalR" ${append:+--append "$append"} || status=$?
  kill "${pids[0]}" 2>/dev/null || true
  wait "${pids[0]}" 2>/dev/null || true
  pids=()
  return $status
}

for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    steady)
      status=0; run steady steady --rate "${STEADY_RATE:-200}" --duration "${STEADY_SECONDS:-60}" || status=$?; check steady $status ;;
    fanout)
      for n in ${FANOUT_CLIENTS:-1000 5000 10000}; do
        if [ "${BARE:-1}" = 1 ]; then
          status=0
          run_bare "bare$n" bare-fanout --clients "$n" --processes "$processes" --connect-concurrency 256 \
            --result-file "$base/bare$n.result" || status=$?
          check "bare-fanout $n" $status
        fi
        status=0
        run "fanout$n" fanout --clients "$n" --per-user "$per_user" --processes "$processes" --connect-concurrency 256 \
          --baseline "$base/bare$n.result" || status=$?
        check "fanout $n" $status
        case $status in
          0) echo "-- $n clients: p99 under 1 s, every client served" ;;
          3) echo "-- $n clients: every client served, p99 >= 1 s" ;;
          *) echo "-- $n clients: clients failed" ;;
        esac
        [ "$status" = 0 ] || [ "${FANOUT_KEEP_GOING:-0}" = 1 ] || break
      done ;;
    idle)
      n=${IDLE_CLIENTS:-50000}
      status=0
      run "idle$n" idle --clients "$n" --per-user "$per_user" --processes "$processes" --connect-concurrency 256 \
        --duration "${IDLE_SECONDS:-30}" || status=$?
      check "idle $n" $status
      status=0
      run_bare "bareidle$n" idle --kind bare --clients "$n" --processes "$processes" --connect-concurrency 256 \
        --duration "${IDLE_SECONDS:-30}" || status=$?
      check "bare idle $n" $status ;;
    surge)
      status=0
      run surge surge --clients "${SURGE_CLIENTS:-10000}" --count "${SURGE_COUNT:-10000}" --duration "${SURGE_SECONDS:-60}" \
        --per-user "$per_user" || status=$?
      check surge $status ;;
    storm)
      # The floor: as many plain SignalR clients connecting as many at once (no login, watch or resume).
      if [ "${BARE:-1}" = 1 ]; then
        status=0
        run_bare barestorm idle --kind bare --clients "${STORM_CLIENTS:-10000}" --processes "$processes" \
          --connect-concurrency "${STORM_CONCURRENCY:-1000}" --duration 1 || status=$?
        check "bare storm floor" $status
      fi
      status=0
      run storm storm --clients "${STORM_CLIENTS:-10000}" --connect-concurrency "${STORM_CONCURRENCY:-1000}" --per-user "$per_user" \
        --processes "$processes" || status=$?
      check storm $status ;;
    *) echo "unknown scenario $scenario (steady, fanout, idle, surge, storm)" >&2; exit 2 ;;
  esac
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed runs: ${failed[*]}" >&2
  exit 1
fi
