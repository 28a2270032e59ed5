#!/usr/bin/env bash
# Load test: 64 connections for 60 s (DURATION, CONNECTIONS override) over the digest, article,
# search, claims and API pages of a release server on loopback, while ingestion runs over and
# over against a local feed of 200 entries that change every run. Prints the uncached render
# time of the 200-post day, req/s, p50/p99, every error and the server's resident memory after
# the load; exits non-zero if any request failed. Stops by itself.
#
# CHURN says which day the ingestion rewrites:
#   day   (default) the demo's 2026-02-21, the day `/` and `/digest/2026-02-21` show: every run
#         changes the very pages read (the figures in the README before issue 25 are this mode);
#   today today's posts, as a real news day's ingestion does: `/` (today, 200 posts) changes,
#         `/digest/2026-02-21` (the demo's 9 posts) does not.
# BEFORE_BIN=path/to/an/older/proofwire runs the same load against that binary first, then
# against this tree's, and prints both side by side.
# SMAPS=PREFIX keeps the server's /proc/PID/smaps 12 s after the load (PREFIX.before,
# PREFIX.after); `bench/smaps-summary.py FILE...` says what its resident memory is made of.
# MODEL=path/to/model.gguf serves with the summarizer on (the model loaded, summarizing the
# load feed's posts while the load runs), for the resident memory with the model; by default
# the summarizer is off.
# SERVER_WRAP="heaptrack -o FILE" runs the server under a wrapper (its MEMORY lines are then
# the wrapper's; `heaptrack_print -p 1 -l 1 FILE.zst` gives the peak and what was left).
set -euo pipefail
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-64}
CHURN=${CHURN:-day}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
feed_port=$(free_port)
mkdir -p "$work/feed"
case "$CHURN" in
  day) dates=fixed ;;
  today) dates=$(date -u -d '-15 minutes' +%s) ;;
  *) echo "CHURN is day or today" >&2; exit 2 ;;
esac
write_feed() {
  python3 - "$work/feed/feed.xml" "$1" "$dates" <<'PY'
import sys, html, email.utils
path, run, dates = sys.argv[1:4]
def when(i):
    if dates == "fixed":
        return f"Sat, 21 Feb 2026 0{i % 10}:00:00 GMT"
    # Today: one post a second before the start, so none crosses into another day.
    return email.utils.formatdate(int(dates) - 200 + i, usegmt=True)
items = "".join(
    f"<item><title>Load post {i}</title><link>https://load.example/post/{i}</link><guid>load-{i}</guid>"
    f"<pubDate>{when(i)}</pubDate><description>{html.escape(f'<p>Model L-{i} scores {50 + i % 40}.{run[-1]}% on MathBench in run {run}, up from {40 + i % 30}%.</p><p>It is available today.</p>')}</description></item>"
    for i in range(200))
open(path, "w").write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Load</title><link>https://load.example/</link>{items}</channel></rss>')
PY
}
(cd "$work/feed" && exec python3 -m http.server "$feed_port" --bind 127.0.0.1 >/dev/null 2>&1) & pids+=($!)

# One server (binary $1, label $2) on a fresh copy of the demo and the load feed: the uncached
# render of the 200-post day, then wrk while ingestion runs over and over.
load() {
  local bin=$1 label=$2 dir="$work/$2" port
  port=$(free_port)
  mkdir -p "$dir"
  write_feed 0
  # The demo snapshots (sources read from files) and the load feed.
  local summarizer="enabled = false"
  if [ -n "${MODEL:-}" ]; then
    summarizer=$(printf 'enabled = true\nmodel = "%s"\nmodel_sha256 = ""' "$(realpath "$MODEL")")
  fi
  load_setup "$dir" "$port" "$feed_port" "$summarizer"
  # Ingestion never waits on the model: with MODEL set only the server summarizes.
  sed 's/^enabled = true$/enabled = false/' "$dir/proofwire.toml" > "$dir/ingest.toml"
  "$bin" --config "$dir/ingest.toml" ingest >/dev/null
  RUST_LOG=warn ${SERVER_WRAP:-} "$bin" --config "$dir/proofwire.toml" serve >"$dir/serve.log" 2>&1 &
  local server=$!
  pids+=($server)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

  # `/` is the 200-post day in both modes; a query string keeps a request out of the page
  # cache, so each of these is a full render, one at a time, before any load.
  local renders
  renders=$(for i in $(seq 10); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H 'Accept-Language: en' "http://127.0.0.1:$port/?render=$i"
  done)
  echo "$renders" | python3 -c "
import sys
t = sorted(float(x) * 1000 for x in sys.stdin.read().split())
print(f'RENDER $label uncached render of the 200-post day, 10 in a row: median {t[len(t) // 2]:.0f} ms, min {t[0]:.0f} ms, max {t[-1]:.0f} ms')"

  # Ingestion over and over while the load runs: every run rewrites all 200 entries.
  (
    run=1
    while :; do
      write_feed "$run" 2>/dev/null || break
      "$bin" --config "$dir/ingest.toml" ingest --source load >/dev/null 2>&1 || true
      run=$((run + 1))
    done
  ) &
  local ingester=$!
  pids+=($ingester)

  echo "wrk ($label, CHURN=$CHURN): ${CONNECTIONS} connections, ${DURATION} s, 2 threads, on http://127.0.0.1:$port (ingesting meanwhile)" >&2
  # One more client, one request at a time, timing each path on its own while wrk loads the
  # server: says which pages make the tail.
  (
    while :; do
      for p in $(grep -o '"/[^"]*"' bench/paths.lua | tr -d '"'); do
        curl -s -o /dev/null -w "$p %{time_total}\n" "http://127.0.0.1:$port$p" || exit 0
      done
    done
  ) > "$dir/probe" 2>/dev/null &
  local prober=$!
  pids+=($prober)
  local result
  result=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/paths.lua "http://127.0.0.1:$port" | tee /dev/stderr | grep '^RESULT')
  kill "$prober" 2>/dev/null || true
  wait "$prober" 2>/dev/null || true
  python3 - "$dir/probe" "$label" <<'PY'
import sys, collections
times = collections.defaultdict(list)
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 2:
        times[parts[0]].append(float(parts[1]) * 1000)
for path, t in sorted(times.items(), key=lambda kv: -max(kv[1])):
    t.sort()
    print(f"PATH {sys.argv[2]} {path}: {len(t)} probes, median {t[len(t) // 2]:.0f} ms, p90 {t[int(len(t) * 0.9)]:.0f} ms, max {t[-1]:.0f} ms")
PY
  kill "$ingester" 2>/dev/null || true
  wait "$ingester" 2>/dev/null || true
  # Resident memory after the load (no model unless MODEL is set).
  # Anonymous is the heap and stacks; the rest is the binary's and the index's mapped files.
  memory() {
    echo "$(awk '/^VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$server/status" 2>/dev/null) (anonymous $(awk '/^Anonymous/ {printf "%.1f MB", $2 / 1024}' "/proc/$server/smaps_rollup" 2>/dev/null)), peak $(awk '/^VmHWM/ {printf "%.1f MB", $2 / 1024}' "/proc/$server/status" 2>/dev/null)"
  }
  echo "MEMORY $label server resident right after the load: $(memory)"
  sleep 12
  echo "MEMORY $label server resident 12 s after the load: $(memory)"
  if [ -n "${SMAPS:-}" ]; then cp "/proc/$server/smaps" "$SMAPS.$label" 2>/dev/null || true; fi
  # Under SERVER_WRAP the server is the wrapper's child: stop it by its PID first, or it would
  # outlive the run (a wrapper does not pass SIGTERM on); the wrapper's other children (a
  # profiler's reader) finish on their own when it exits.
  local child
  for child in $(ps -o pid=,args= --ppid "$server" 2>/dev/null | awk -v b="$bin" '$2 == b {print $1}'); do
    kill "$child" 2>/dev/null || true
  done
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  local runs
  runs=$(sqlite3 "$dir/data/proofwire.db" "SELECT COUNT(*) FROM article_versions av JOIN articles a ON a.id = av.article_id WHERE a.source_id = 'load'" 2>/dev/null || echo "?")
  echo "VERSIONS $label article versions written by ingestion during the run: $runs"
  echo "${result/RESULT/RESULT $label}"
}

# In this shell (not a $(…) subshell), so the exit trap knows every process started.
: > "$work/results"
if [ -n "${BEFORE_BIN:-}" ]; then
  load "$BEFORE_BIN" before >> "$work/results"
fi
load "$BIN" after >> "$work/results"
out=$(cat "$work/results")
echo "CHURN=$CHURN, $(nproc) cores shared by wrk, the server, ingestion and anything else running:"
echo "$out"
errors=$(echo "$out" | grep '^RESULT' | sed -E 's/.*http_errors=([0-9]+) connect=([0-9]+) read=([0-9]+) write=([0-9]+) timeout=([0-9]+).*/\1 \2 \3 \4 \5/' | awk '{s += $1+$2+$3+$4+$5} END {print s+0}')
[ "$errors" = "0" ] || { echo "FAILED: $errors errors"; exit 1; }
