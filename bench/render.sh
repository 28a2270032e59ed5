#!/usr/bin/env bash
# The uncached render of the load test's 200-post day (bench/load.sh's demo + load feed, no
# load), 20 renders one at a time after 3 warm-up ones, for this tree's release binary and,
# side by side in the same run, each older binary in BEFORE_BIN (space-separated paths).
# Prints each median and min and the ratio of each to this tree's. PERF=1 also records this
# tree's server with perf (DWARF call graphs) over 60 renders into $PWD/render.perf.data.
# Stops by itself.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$work/feed"
python3 - "$work/feed/feed.xml" <<'PY'
import sys, html
items = "".join(
    f"<item><title>Load post {i}</title><link>https://load.example/post/{i}</link><guid>load-{i}</guid>"
    f"<pubDate>Sat, 21 Feb 2026 0{i % 10}:00:00 GMT</pubDate><description>{html.escape(f'<p>Model L-{i} scores {50 + i % 40}.0% on MathBench in run 0, up from {40 + i % 30}%.</p><p>It is available today.</p>')}</description></item>"
    for i in range(200))
open(sys.argv[1], "w").write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Load</title><link>https://load.example/</link>{items}</channel></rss>')
PY
feed_port=$(free_port)
(cd "$work/feed" && exec python3 -m http.server "$feed_port" --bind 127.0.0.1 >/dev/null 2>&1) & pids+=($!)

# "median min" in ms of 20 uncached renders by binary $1 (label $2).
renders() {
  local bin=$1 label=$2 dir="$work/$2" port server
  mkdir -p "$dir"; port=$(free_port)
  demo_sources "$dir/sources.toml"
  printf '\n[[source]]\nid = "load"\nname = "Load"\nvendor = "Load Lab"\nurl = "http://127.0.0.1:%s/feed.xml"\nlanguage = "en"\n' "$feed_port" >> "$dir/sources.toml"
  cat > "$dir/proofwire.toml" <<EOT
data_dir = "$dir/data"
sources_file = "$dir/sources.toml"
claims_seed = "$PWD/content/demo/claims.toml"
site_root = "$PWD/target/site"
addr = "127.0.0.1:$port"
ingest_interval_minutes = 600
[summarizer]
enabled = false
[fetch]
allow_hosts = ["127.0.0.1:$feed_port"]
fetch_pages = false
EOT
  "$bin" --config "$dir/proofwire.toml" ingest >/dev/null 2>&1
  RUST_LOG=warn "$bin" --config "$dir/proofwire.toml" serve >"$dir/serve.log" 2>&1 &
  server=$!; pids+=($server)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  for i in 1 2 3; do curl -fs -o /dev/null -H 'Accept-Language: en' "http://127.0.0.1:$port/?warm=$i"; done
  for i in $(seq 20); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H 'Accept-Language: en' "http://127.0.0.1:$port/?render=$i"
  done | sort -n | awk '{a[NR]=$1*1000} END {printf "%.1f %.1f\n", a[int(NR/2)+1], a[1]}'
  if [ -n "${PERF:-}" ] && [ "$label" = this ]; then
    perf record -F 499 --call-graph dwarf,16384 -o "$PWD/render.perf.data" -p "$server" -- sleep 12 >/dev/null 2>&1 &
    local perfpid=$!
    sleep 1
    for i in $(seq 60); do curl -fs -o /dev/null -H 'Accept-Language: en' "http://127.0.0.1:$port/?p=$i"; done
    wait "$perfpid" || true
  fi
  kill "$server"; wait "$server" 2>/dev/null || true
}

read -r this_med this_min < <(renders "$BIN" this)
n=0
for before in ${BEFORE_BIN:-}; do
  n=$((n + 1))
  read -r med min < <(renders "$before" "before$n")
  printf 'RENDER %s: median %s ms, min %s ms (this tree / it: %.2f)\n' "$before" "$med" "$min" \
    "$(python3 -c "print($this_med / $med)")"
done
printf 'RENDER this tree: median %s ms, min %s ms\n' "$this_med" "$this_min"
