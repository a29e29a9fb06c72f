# Sourced by the benchmark scripts: a throwaway PostgreSQL cluster (fsync on, as in production), started from
# /usr/lib/postgresql/*/bin, as user sentinela-test when run as root. Sets pg_bin and pg_dir; the caller stops it with
# stop_throwaway_postgres (e.g. in its EXIT trap).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u sentinela-test -- "$@"; else "$@"; fi; }

start_throwaway_postgres() { # port
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pg_dir=$(mktemp -d /tmp/bench-pg-XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    id -u sentinela-test >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin sentinela-test
    chown -R sentinela-test: "$pg_dir"
  fi
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $1 -c listen_addresses=127.0.0.1 -k $pg_dir -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
}

stop_throwaway_postgres() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null
  rm -rf "$pg_dir"
}
