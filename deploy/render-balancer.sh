#!/usr/bin/env bash
# Prints a load-balancer configuration for Sentinela instances:
#   deploy/render-balancer.sh haproxy|nginx LISTEN INSTANCE...
# LISTEN is what the balancer binds (haproxy: 0.0.0.0:80 or 127.0.0.1:8080; nginx: 80 or 127.0.0.1:8080), each
# INSTANCE a host:port of one sentinela-server. Example:
#   deploy/render-balancer.sh haproxy 0.0.0.0:80 10.0.0.11:5080 10.0.0.12:5080 > /etc/haproxy/haproxy.cfg
set -euo pipefail
kind=${1:?usage: render-balancer.sh haproxy|nginx LISTEN INSTANCE...}
listen=${2:?listen address missing}
shift 2
[ $# -ge 1 ] || { echo "at least one instance (host:port) is needed" >&2; exit 2; }
case $kind in
  haproxy) template="$(dirname "$0")/haproxy/sentinela.cfg.template" ;;
  nginx) template="$(dirname "$0")/nginx/sentinela.conf.template" ;;
  *) echo "unknown balancer '$kind' (haproxy or nginx)" >&2; exit 2 ;;
esac
servers=""
i=0
for instance in "$@"; do
  i=$((i + 1))
  if [ "$kind" = haproxy ]; then servers+="    server s$i $instance"$'\n'
  else servers+="    server $instance max_fails=2 fail_timeout=5s;"$'\n'; fi
done
while IFS= read -r line; do
  case $line in
    @SERVER@) printf '%s' "$servers" ;;
    *) printf '%s\n' "${line//@LISTEN@/$listen}" ;;
  esac
done < "$template"
