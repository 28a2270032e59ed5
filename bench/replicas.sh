#!/usr/bin/env bash
# The same page and API load (wrk, DURATION s, CONNECTIONS connections, bench/paths.lua) on:
#   A  one replica on the embedded SQLite file,
#   B  one replica on Postgres (a throwaway cluster, the demo copied in with `copy-db`),
#      A and B taking the load in turns (ROUNDS=3 rounds of DURATION/3 s each),
#   C  two replicas on that Postgres behind HAProxy (deploy/haproxy.cfg), scheduling every
#      3 s; halfway through, the leader is killed with kill -9.
# Prints req/s, p99 and errors of each side by side with ratios, the failover time (kill -9
# to the next scheduled round starting on the survivor), the search freshness across
# replicas (a post's commit to the other replica finding it), and copy-db of a generated
# corpus of CORPUS posts (100000) into Postgres. Exits non-zero on any failed request.
# Release build; everything on loopback; stops by itself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-64}
CORPUS=${CORPUS:-100000}
cargo build --release -q -p server --bin proofwire
BIN=$PWD/target/release/proofwire

work=$(mktemp -d)
pgdir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/pg-cluster.sh stop "$pgdir"
  rm -rf "$work" "$pgdir"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
admin=$(scripts/pg-cluster.sh start "$pgdir")
pg_db() { psql "$admin" -qc "CREATE DATABASE $1" >/dev/null; echo "${admin%/postgres}/$1"; }
wait_up() { for _ in $(seq 300); do curl -fs "$1/healthz" >/dev/null && return 0; sleep 0.2; done; echo "$1 never came up" >&2; exit 1; }

# A local feed whose items the freshness step adds to.
feed_port=$(free_port)
mkdir -p "$work/feed"
write_feed() {
  python3 - "$work/feed/feed.xml" "$1" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
items = "".join(
    f"<item><title>Fresh post {i}</title><link>https://fresh.example/{i}</link><guid>fresh-{i}</guid>"
    f"<pubDate>Sat, 21 Feb 2026 0{i % 10}:00:00 GMT</pubDate><description>Codename fresh{i}x is out.</description></item>"
    for i in range(n))
open(path, "w").write(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Fresh</title><link>https://fresh.example/</link>{items}</channel></rss>')
PY
}
write_feed 1
(cd "$work/feed" && exec python3 -m http.server "$feed_port" --bind 127.0.0.1 >/dev/null 2>&1) & pids+=($!)
python3 - "$PWD" > "$work/sources.toml" <<'PY'
import sys
root = sys.argv[1]
for b in open(f"{root}/content/sources.toml").read().split("[[source]]")[1:]:
    if "path =" in b:
        print("[[source]]" + b.replace('path = "demo/', f'path = "{root}/content/demo/'))
PY
cat >> "$work/sources.toml" <<EOT

[[source]]
id = "fresh"
name = "Fresh"
vendor = "Fresh Lab"
url = "http://127.0.0.1:$feed_port/feed.xml"
language = "en"
EOT
config() { # dir database_url interval
  mkdir -p "$1"
  cat > "$1/proofwire.toml" <<EOT
data_dir = "$1/data"
database_url = "$2"
sources_file = "$work/sources.toml"
claims_seed = "$PWD/content/demo/claims.toml"
site_root = "$PWD/target/site"
ingest_interval_minutes = $3
[summarizer]
enabled = false
[fetch]
allow_hosts = ["127.0.0.1:$feed_port"]
fetch_pages = false
EOT
  echo "$1/proofwire.toml"
}
load() { # name url
  echo "== $1: wrk ${CONNECTIONS} connections, ${DURATION} s on $2" >&2
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/paths.lua "$2" | grep '^RESULT'
}
calc() { python3 -c "print(round($1, 3))"; }
# Rounds of one side as one RESULT line: requests and seconds summed, the worst p99, errors summed.
combine() {
  python3 - "$1" <<'PY'
import re, sys
rows = [dict(re.findall(r"(\w+)=([0-9.]+)", l)) for l in sys.argv[1].splitlines() if l.startswith("RESULT")]
req = sum(float(r["requests"]) for r in rows); sec = sum(float(r["seconds"]) for r in rows)
err = {k: sum(int(float(r[k])) for r in rows) for k in ("http_errors", "connect", "read", "write", "timeout")}
print(f"RESULT requests={int(req)} seconds={sec:.1f} rps={req / sec:.1f} p50_ms={max(float(r['p50_ms']) for r in rows):.1f} "
      f"p99_ms={max(float(r['p99_ms']) for r in rows):.1f} max_ms={max(float(r['max_ms']) for r in rows):.1f} "
      + " ".join(f"{k}={v}" for k, v in err.items()))
PY
}
field() { echo "$1" | sed -E "s/.* $2=([0-9.]+).*/\1/"; }
errors() { echo "$1" | sed -E 's/.*http_errors=([0-9]+) connect=([0-9]+) read=([0-9]+) write=([0-9]+) timeout=([0-9]+).*/\1 \2 \3 \4 \5/' | awk '{print $1+$2+$3+$4+$5}'; }

# A: SQLite. B: Postgres, the same data moved with copy-db. Both run at once and take the load
# in turns (ROUNDS rounds each), so a change in the machine's speed hits both alike.
ca=$(config "$work/a" "" 600)
"$BIN" --config "$ca" ingest >/dev/null
db=$(pg_db proofwire)
"$BIN" --config "$ca" copy-db --from "sqlite://$work/a/data/proofwire.db" --to "$db"
cb=$(config "$work/b" "$db" 600)
pa=$(free_port); pb=$(free_port)
RUST_LOG=warn "$BIN" --config "$ca" serve --addr "127.0.0.1:$pa" >"$work/a.log" 2>&1 & pid_a=$!; pids+=($pid_a)
RUST_LOG=warn "$BIN" --config "$cb" serve --addr "127.0.0.1:$pb" >"$work/b.log" 2>&1 & pid_b=$!; pids+=($pid_b)
wait_up "http://127.0.0.1:$pa"; wait_up "http://127.0.0.1:$pb"
ROUNDS=${ROUNDS:-3}
ra_all=""; rb_all=""
for _ in $(seq "$ROUNDS"); do
  ra_all+="$(DURATION=$((DURATION / ROUNDS)) load "one replica, SQLite" "http://127.0.0.1:$pa")"$'\n'
  rb_all+="$(DURATION=$((DURATION / ROUNDS)) load "one replica, Postgres" "http://127.0.0.1:$pb")"$'\n'
done
ra=$(combine "$ra_all"); rb=$(combine "$rb_all")
kill "$pid_a" "$pid_b"; wait "$pid_a" "$pid_b" 2>/dev/null || true

# C: two replicas behind HAProxy, scheduling every 3 s; the leader dies halfway.
c1=$(config "$work/c1" "$db" 0.05); c2=$(config "$work/c2" "$db" 0.05)
p1=$(free_port); p2=$(free_port); plb=$(free_port)
RUST_LOG=warn "$BIN" --config "$c1" serve --addr "127.0.0.1:$p1" >"$work/c1.log" 2>&1 & pid_1=$!; pids+=($pid_1)
RUST_LOG=warn "$BIN" --config "$c2" serve --addr "127.0.0.1:$p2" >"$work/c2.log" 2>&1 & pid_2=$!; pids+=($pid_2)
wait_up "http://127.0.0.1:$p1"; wait_up "http://127.0.0.1:$p2"
PROOFWIRE_LB_BIND=127.0.0.1:$plb PROOFWIRE_REPLICA_1=127.0.0.1:$p1 PROOFWIRE_REPLICA_2=127.0.0.1:$p2 \
  haproxy -db -f deploy/haproxy.cfg >/dev/null 2>&1 & pids+=($!)
wait_up "http://127.0.0.1:$plb"
# (No `curl | grep -q`: grep leaving early makes curl fail, and pipefail then fails the line.)
leader_pid() {
  for p in "$p1:$pid_1" "$p2:$pid_2"; do
    if grep -qx 'proofwire_scheduler_leader 1' <<<"$(curl -fs "http://127.0.0.1:${p%%:*}/metrics" || true)"; then
      echo "${p#*:}"; return 0
    fi
  done
  return 0
}
found() { grep -q '"total":1' <<<"$(curl -fs "$1" || true)"; }
for _ in $(seq 100); do [ -n "$(leader_pid)" ] && break; sleep 0.1; done
(
  sleep $((DURATION / 2))
  victim=$(leader_pid)
  killed=$(date -u +%Y-%m-%dT%H:%M:%SZ); t0=$(date +%s.%N)
  kill -9 "$victim"
  until [ "$(psql "$db" -Atc "SELECT last_round_at > '$killed' FROM schedule")" = t ]; do sleep 0.05; done
  echo "failover_s=$(calc "$(date +%s.%N) - $t0")" > "$work/failover"
  echo "$victim" > "$work/victim"
) & killer=$!
rc=$(load "two replicas behind HAProxy (leader killed at $((DURATION / 2)) s)" "http://127.0.0.1:$plb")
wait "$killer"
victim=$(cat "$work/victim")
if [ "$victim" = "$pid_1" ]; then survivor=$p2; other=$p1; victim_config=$c1; else survivor=$p1; other=$p2; victim_config=$c2; fi

# Freshness: a new post, from its commit to each live replica's index finding it.
kill -0 "$pid_1" 2>/dev/null && kill -0 "$pid_2" 2>/dev/null && { echo "the leader was not killed" >&2; exit 1; }
write_feed 2
until [ "$(psql "$db" -Atc "SELECT COUNT(*) FROM articles WHERE title = 'Fresh post 1'")" = 1 ]; do sleep 0.02; done
t0=$(date +%s.%N)
until found "http://127.0.0.1:$survivor/api/search?q=fresh1x"; do sleep 0.02; done
fresh=$(calc "$(date +%s.%N) - $t0")
# A replica that is not the leader: start the killed one again and measure it there.
RUST_LOG=warn "$BIN" --config "$victim_config" serve --addr "127.0.0.1:$other" >>"$work/restarted.log" 2>&1 & pids+=($!)
wait_up "http://127.0.0.1:$other"
write_feed 3
until [ "$(psql "$db" -Atc "SELECT COUNT(*) FROM articles WHERE title = 'Fresh post 2'")" = 1 ]; do sleep 0.02; done
t0=$(date +%s.%N)
until found "http://127.0.0.1:$other/api/search?q=fresh2x"; do sleep 0.02; done
fresh_follower=$(calc "$(date +%s.%N) - $t0")
"$BIN" --config "$c1" verify-log

# copy-db of a generated corpus.
corpus=$work/corpus
"$BIN" --config "$(config "$corpus" "" 600)" migrate >/dev/null
python3 - "$corpus/data/proofwire.db" "$CORPUS" <<'PY'
import sqlite3, sys, random
path, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
words = "model benchmark release agent reasoning latency tokens context training dataset evaluation safety open weights inference cluster".split()
db = sqlite3.connect(path)
db.execute("INSERT INTO sources (id, name, vendor, location, language) VALUES ('gen', 'Gen', 'Gen Lab', 'generated', 'en')")
for i in range(1, n + 1):
    text = " ".join(random.choice(words) for _ in range(400)) + f". Model G-{i} scores {50 + i % 40}.5% on MMLU."
    t = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z"
    db.execute("INSERT INTO articles (id, canonical_url, url, source_id, vendor, title, language, published_at, fetched_at, updated_at, content_html, content_text, content_hash, text_origin) VALUES (?, ?, ?, 'gen', 'Gen Lab', ?, 'en', ?, ?, ?, '', ?, ?, 'feed')",
               (i, f"https://gen.example/{i}", f"https://gen.example/{i}", f"Post {i}", t, t, t, text, f"h{i}"))
    db.execute("INSERT INTO article_sources (article_id, source_id, first_seen, feed_hash) VALUES (?, 'gen', ?, ?)", (i, t, f"f{i}"))
    db.execute("INSERT INTO summaries (article_id, method, content_hash, created_at) VALUES (?, 'extractive', ?, ?)", (i, f"h{i}", t))
    for p in range(3):
        db.execute("INSERT INTO summary_sentences (article_id, position, text, src_start, src_end) VALUES (?, ?, ?, ?, ?)", (i, p, text[p * 80:(p + 1) * 80], p * 80, (p + 1) * 80))
db.commit()
PY
corpus_db=$(pg_db corpus)
t0=$(date +%s.%N)
"$BIN" --config "$work/a/proofwire.toml" copy-db --from "sqlite://$corpus/data/proofwire.db" --to "$corpus_db" >"$work/copy.out"
copy_s=$(calc "$(date +%s.%N) - $t0")
rows=$(sed -E 's/^copied ([0-9]+) rows.*/\1/' "$work/copy.out")

echo
echo "$ra"; echo "$rb"; echo "$rc"
printf '%-46s %10s %10s %8s\n' "" "req/s" "p99 ms" "errors"
for row in "one replica, SQLite|$ra" "one replica, Postgres|$rb" "two replicas + HAProxy, leader killed|$rc"; do
  r=${row#*|}
  printf '%-46s %10s %10s %8s\n' "${row%%|*}" "$(field "$r" rps)" "$(field "$r" p99_ms)" "$(errors "$r")"
done
echo "Postgres / SQLite throughput: $(calc "$(field "$rb" rps) / $(field "$ra" rps)")"
echo "two replicas / one on Postgres: $(calc "$(field "$rc" rps) / $(field "$rb" rps)")"
echo "$(cat "$work/failover") (kill -9 of the leader to the next scheduled round on the survivor)"
echo "search freshness: ${fresh} s on the leader, ${fresh_follower} s on the other replica (commit to found)"
echo "copy-db of $CORPUS generated posts ($rows rows) into Postgres: ${copy_s} s"
total=$(( $(errors "$ra") + $(errors "$rb") + $(errors "$rc") ))
[ "$total" = 0 ] || { echo "FAILED: $total errors"; exit 1; }
