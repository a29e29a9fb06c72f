#!/usr/bin/env bash
# Login latency end to end (HTTP + Argon2id verify + token issue + refresh-token insert) on a fresh embedded server.
# Usage: bench/login-benchmark.sh [sequential-count] [concurrent-count] [concurrency]   (defaults 50, 64, 8)
# Argon2 cost via ARGON2_MEMORY_KIB / ARGON2_ITERATIONS (defaults: the shipped 19456 KiB, 2 passes).
set -euo pipefail
cd "$(dirname "$0")/.."
sequential=${1:-50}
concurrent=${2:-64}
parallel=${3:-8}
port=${PORT:-5091}
dotnet build -c Release src/Sentinela.Server >/dev/null
server_dir="$(pwd)/src/Sentinela.Server/bin/Release/net10.0"
work=$(mktemp -d /tmp/login-bench-XXXXXX)
settings=(--Sentinela:Storage:Embedded:Path="$work/db.sqlite" --Sentinela:Limits:RestRequestsPerMinute=1000000
  --Sentinela:Identity:Argon2MemoryKiB="${ARGON2_MEMORY_KIB:-19456}" --Sentinela:Identity:Argon2Iterations="${ARGON2_ITERATIONS:-2}")
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
(cd "$server_dir" && SENTINELA_PASSWORD=$password dotnet sentinela-server.dll create-admin --cpf 529.982.247-25 "${settings[@]}" >/dev/null)
(cd "$server_dir" && exec dotnet sentinela-server.dll "${settings[@]}" --Urls="http://127.0.0.1:$port") >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done

login() { curl -fs -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
  -d "{\"cpf\":\"52998224725\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/auth/login"; }
export -f login; export password port
report() { sort -n | awk -v label="$1" '{ t[NR] = $1 * 1000 } END {
  printf "%s: n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms\n", label, NR, t[int(NR*0.5+0.5)], t[int(NR*0.95+0.5)], t[NR] }'; }

for _ in 1 2 3 4 5; do login >/dev/null; done   # warm-up: JIT, pools
for _ in $(seq 1 "$sequential"); do login; done | report "sequential"
start=$(date +%s.%N)
seq 1 "$concurrent" | xargs -P "$parallel" -I{} bash -c login | report "concurrency $parallel"
end=$(date +%s.%N)
awk -v n="$concurrent" -v s="$start" -v e="$end" 'BEGIN { printf "throughput: %.1f logins/s\n", n / (e - s) }'
