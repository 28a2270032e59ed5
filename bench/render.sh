#!/usr/bin/env bash
# The uncached render of the load test's 200-post day (bench/load.sh's demo + load feed, no
# load), 20 renders one at a time after 3 warm-up ones, for this tree's release binary and,
# side by side in the same run, each older binary in BEFORE_BIN (space-separated paths), the
# renders taken in turns. Prints each median and min and the ratio of this tree's to each.
# PERF=1 also records this tree's server with perf (DWARF call graphs) over 60 renders into
# $PWD/render.perf.data.
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

# One server per binary (this tree's first), each on its own copy of the set-up; then 20
# rounds, each rendering once on every server in turn, so drift on the machine falls on all
# alike. Prints each one's median and min, and this tree's median over each one's.
bins=("$BIN" ${BEFORE_BIN:-})
ports=()
for n in "${!bins[@]}"; do
  dir="$work/s$n"; port=$(free_port); mkdir -p "$dir"
  load_setup "$dir" "$port" "$feed_port"
  "${bins[$n]}" --config "$dir/proofwire.toml" ingest >/dev/null 2>&1
  RUST_LOG=warn "${bins[$n]}" --config "$dir/proofwire.toml" serve >"$dir/serve.log" 2>&1 &
  pids+=($!); ports+=("$port")
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  for i in 1 2 3; do curl -fs -o /dev/null -H 'Accept-Language: en' "http://127.0.0.1:$port/?warm=$i"; done
done
for round in $(seq 20); do
  for n in "${!bins[@]}"; do
    curl -fs -o /dev/null -w "$n %{time_total}\n" -H 'Accept-Language: en' \
      "http://127.0.0.1:${ports[$n]}/?render=$round" >> "$work/times"
  done
done
if [ -n "${PERF:-}" ]; then
  perf record -F 499 --call-graph dwarf,16384 -o "$PWD/render.perf.data" -p "${pids[1]}" -- sleep 12 >/dev/null 2>&1 &
  perfpid=$!
  sleep 1
  for i in $(seq 60); do curl -fs -o /dev/null -H 'Accept-Language: en' "http://127.0.0.1:${ports[0]}/?p=$i"; done
  wait "$perfpid" || true
fi
python3 - "$work/times" "${bins[@]}" <<'PY'
import sys
times = {}
for line in open(sys.argv[1]):
    n, t = line.split()
    times.setdefault(int(n), []).append(float(t) * 1000)
bins = sys.argv[2:]
med = {n: sorted(v)[len(v) // 2] for n, v in times.items()}
for n in sorted(times):
    v = sorted(times[n])
    name = "this tree" if n == 0 else bins[n]
    ratio = "" if n == 0 else f" (this tree / it: {med[0] / med[n]:.2f})"
    print(f"RENDER {name}: median {med[n]:.1f} ms, min {v[0]:.1f} ms{ratio}")
PY
