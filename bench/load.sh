#!/usr/bin/env bash
# Load test: 64 connections for 60 s (DURATION, CONNECTIONS override) over the digest, article,
# search, claims and API pages of a release server on loopback, while ingestion runs over and
# over against a local feed of 200 entries that change every run. Prints req/s, p50/p99 and
# every error; exits non-zero if any request failed. Stops by itself.
set -euo pipefail
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-64}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
feed_port=$(free_port); app_port=$(free_port)
mkdir -p "$work/feed"
write_feed() {
  python3 - "$work/feed/feed.xml" "$1" <<'PY'
import sys, html
path, run = sys.argv[1], sys.argv[2]
items = "".join(
    f"<item><title>Load post {i}</title><link>https://load.example/post/{i}</link><guid>load-{i}</guid>"
    f"<pubDate>Sat, 21 Feb 2026 0{i % 10}:00:00 GMT</pubDate><description>{html.escape(f'<p>Model L-{i} scores {50 + i % 40}.{run[-1]}% on MathBench in run {run}, up from {40 + i % 30}%.</p><p>It is available today.</p>')}</description></item>"
    for i in range(200))
open(path, "w").write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Load</title><link>https://load.example/</link>{items}</channel></rss>')
PY
}
write_feed 0
(cd "$work/feed" && exec python3 -m http.server "$feed_port" --bind 127.0.0.1 >/dev/null 2>&1) & pids+=($!)

# The demo snapshots (sources read from files) and the load feed.
demo_sources "$work/sources.toml"
cat >> "$work/sources.toml" <<EOT

[[source]]
id = "load"
name = "Load"
vendor = "Load Lab"
url = "http://127.0.0.1:$feed_port/feed.xml"
language = "en"
EOT
cat > "$work/proofwire.toml" <<EOT
data_dir = "$work/data"
sources_file = "$work/sources.toml"
claims_seed = "$PWD/content/demo/claims.toml"
site_root = "$PWD/target/site"
addr = "127.0.0.1:$app_port"
ingest_interval_minutes = 600
[summarizer]
enabled = false
[fetch]
allow_hosts = ["127.0.0.1:$feed_port"]
fetch_pages = false
EOT
"$BIN" --config "$work/proofwire.toml" ingest >/dev/null
RUST_LOG=warn "$BIN" --config "$work/proofwire.toml" serve >"$work/serve.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$app_port/healthz" >/dev/null && break; sleep 0.2; done

# Ingestion over and over while the load runs: every run rewrites all 200 entries.
(
  run=1
  while :; do
    write_feed "$run" 2>/dev/null || break
    "$BIN" --config "$work/proofwire.toml" ingest --source load >/dev/null 2>&1 || true
    run=$((run + 1))
  done
) & pids+=($!)
ingester=$!

echo "wrk: ${CONNECTIONS} connections, ${DURATION} s, 2 threads, on http://127.0.0.1:$app_port (ingesting meanwhile)"
result=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/paths.lua "http://127.0.0.1:$app_port" | tee /dev/stderr | grep '^RESULT')
kill "$ingester" 2>/dev/null || true
runs=$(sqlite3 "$work/data/proofwire.db" "SELECT COUNT(*) FROM article_versions av JOIN articles a ON a.id = av.article_id WHERE a.source_id = 'load'" 2>/dev/null || echo "?")
echo "article versions written by ingestion during the run: $runs"
echo "$result"
errors=$(echo "$result" | sed -E 's/.*http_errors=([0-9]+) connect=([0-9]+) read=([0-9]+) write=([0-9]+) timeout=([0-9]+).*/\1 \2 \3 \4 \5/' | awk '{print $1+$2+$3+$4+$5}')
[ "$errors" = "0" ] || { echo "FAILED: $errors errors"; exit 1; }
