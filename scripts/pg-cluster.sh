#!/usr/bin/env bash
# A throwaway Postgres cluster on a free loopback port, for tests and benchmarks.
#   scripts/pg-cluster.sh start DIR   initdb into DIR (owned by the `postgres` user), start the
#                                     server, print its admin URL (also written to DIR/url)
#   scripts/pg-cluster.sh stop DIR    stop it (the caller removes DIR)
# Debian's `postgresql` package provides the binaries; initdb refuses to run as root, so the
# cluster runs as the `postgres` account that package creates. Only 127.0.0.1 is listened on
# and only local connections are trusted.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "postgresql is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
case "$cmd" in
start)
  mkdir -p "$dir"; chown postgres "$dir"; chmod 700 "$dir"
  # The postgres account must be able to reach DIR (a directory inside a root-only temp
  # directory is not reachable).
  as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; echo "initdb into $dir failed" >&2; exit 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # fsync off: the cluster is thrown away, and the tests measure our code, not the disk.
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null
  url="postgres://postgres@127.0.0.1:$port/postgres"
  echo "$url" >"$dir/url"
  echo "$url"
  ;;
stop)
  [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
