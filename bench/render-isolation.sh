#!/usr/bin/env bash
# Whether page renders starve the rest of the server: /healthz latency on its own and while
# RENDERS (8) uncached renders of a POSTS-post day (1,200) run at once, on one server with the
# render pool ([server] render_threads, the default) and one without (render_threads = 0),
# side by side in one run. The page cache is off, so every request renders. Prints /healthz
# p50/p99 in each case, the renders' req/s and p99, and the target (issue 26: /healthz p99
# under 50 ms while the renders run, with the pool). DURATION (10) seconds per measure; stops
# by itself.
set -euo pipefail
DURATION=${DURATION:-10}
POSTS=${POSTS:-1200}
RENDERS=${RENDERS:-8}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
day=2026-03-10

# One feed file of POSTS posts on one day: launches covered by one to six posts that share a
# product name, figures and a paragraph, the rest of each text its own.
python3 - "$work/day.xml" "$POSTS" "$day" <<'PY'
import sys, random, html, datetime, email.utils
path, n, day = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rnd = random.Random(26)
# 8,000 made-up words, drawn with a Zipf-like skew as prose is: a few very common, most rare.
parts = ("ka", "ro", "mi", "te", "su", "lan", "dor", "vek", "pil", "zu", "mar", "bo", "ni", "sha", "quo", "ve", "tal", "gri", "on", "ex")
words = [a + b + c for a in parts for b in parts for c in parts]
weights = [1.0 / (rank + 1) for rank in range(len(words))]
products = ["Gemini", "Claude", "Llama", "Qwen", "Mistral", "Grok", "Phi", "Gemma", "Veo", "Sora", "EXAONE", "Kimi", "Nova", "Granite", "Falcon"]
def text(k):
    return " ".join(rnd.choices(words, weights, k=k))
start = datetime.datetime.fromisoformat(day + "T00:30:00+00:00")
items, launch = [], 0
while len(items) < n:
    launch += 1
    product = f"{rnd.choice(products)} {rnd.randint(1, 5)}.{rnd.randint(0, 9)}"
    shared = text(120)
    figures = f"{rnd.randint(50, 99)}.{rnd.randint(0, 9)}% on a benchmark and {rnd.randint(1, 900)}K tokens of context"
    for c in range(min(rnd.randint(1, 6), n - len(items))):
        k = len(items)
        title = f"Introducing {product}" if c == 0 else f"{product} is here: what it means ({k})"
        body = f"<p>{product} scores {figures}.</p><p>{shared}.</p><p>{text(150)}</p><p>{text(60)}</p>"
        when = start + datetime.timedelta(seconds=(k * 61) % 82_000)
        items.append(f"<item><title>{html.escape(title)}</title><link>https://example.com/post/{k}</link>"
                     f"<guid>https://example.com/post/{k}</guid><pubDate>{email.utils.format_datetime(when)}</pubDate>"
                     f"<description>{html.escape(body)}</description></item>")
open(path, "w").write('<?xml version="1.0"?><rss version="2.0"><channel><title>Busy day</title>'
                      '<link>https://example.com/</link>' + "".join(items) + "</channel></rss>")
PY
cat > "$work/sources.toml" <<EOT
[[source]]
id = "busy"
name = "A busy day"
vendor = "Example"
path = "$work/day.xml"
language = "en"
EOT
cat > "$work/proofwire.toml" <<EOT
data_dir = "$work/data"
sources_file = "$work/sources.toml"
claims_seed = ""
site_root = "$PWD/target/site"
timezone = "UTC"
ingest_interval_minutes = 600
[summarizer]
enabled = false
[fetch]
max_entries_per_feed = $POSTS
[server]
page_cache = false
EOT
"$BIN" --config "$work/proofwire.toml" ingest >/dev/null

# "p50_ms p99_ms req/s non2xx" of one wrk run's output file.
figures() {
  python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(label):
    m = re.search(label + r"\s+([\d.]+)(us|ms|s)\b", t)
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)] if m else float("nan")
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
done = int(re.search(r"(\d+) requests in", t).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
# No response at all within the run: its latency is the whole run, not zero.
p50, p99 = (ms("50%"), ms("99%")) if done else (float("inf"), float("inf"))
print(f"{p50:.2f} {p99:.2f} {rps:.1f} {bad.group(1) if bad else 0} {done}")
PY
}

declare -A result first
for threads in default 0; do
  port=$(free_port)
  env_threads=()
  [ "$threads" = 0 ] && env_threads=(PROOFWIRE_SERVER_RENDER_THREADS=0)
  env "${env_threads[@]}" PROOFWIRE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
    "$BIN" --config "$work/proofwire.toml" serve >"$work/serve-$threads.log" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  # One render alone first (the day's fingerprints are written by then): its time.
  first[$threads]=$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/digest/$day")
  wrk -t1 -c1 -d"${DURATION}s" --latency "http://127.0.0.1:$port/healthz" >"$work/alone.txt"
  wrk -t1 -c"$RENDERS" -d"$((DURATION + 4))s" --timeout 30s --latency "http://127.0.0.1:$port/digest/$day" >"$work/renders.txt" &
  renders=$!
  sleep 2
  wrk -t1 -c1 -d"${DURATION}s" --latency "http://127.0.0.1:$port/healthz" >"$work/busy.txt"
  wait "$renders"
  result[$threads]="$(figures "$work/alone.txt") $(figures "$work/busy.txt") $(figures "$work/renders.txt")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

python3 - "$POSTS" "$RENDERS" "${result[default]}" "${result[0]}" "${first[default]}" "${first[0]}" <<'PY'
import sys
posts, renders = sys.argv[1], sys.argv[2]
print(f"one uncached render of the {posts}-post day, alone: {float(sys.argv[5]) * 1000:.0f} ms (pool), {float(sys.argv[6]) * 1000:.0f} ms (no pool)")
rows = [("render pool (default)", sys.argv[3]), ("no pool (render_threads = 0)", sys.argv[4])]
print(f"/healthz while {renders} uncached renders of a {posts}-post day run")
print("| server | /healthz alone p50 / p99 ms | /healthz with renders p50 / p99 ms | renders req/s | render p99 ms | non-2xx |")
print("|---|---|---|---|---|---|")
vals = {}
def lat(p50, p99, n):
    return "none answered" if n == 0 else f"{p50:.2f} / {p99:.2f} ({n:.0f} answers)"
for name, r in rows:
    v = [float(x) for x in r.split()]
    vals[name] = v
    # alone: v[0..5], with renders: v[5..10], the renders: v[10..15]
    print(f"| {name} | {lat(v[0], v[1], v[4])} | {lat(v[5], v[6], v[9])} | {v[12]:.2f} ({v[14]:.0f} pages) | {v[11]:.0f} | {v[3] + v[8] + v[13]:.0f} |")
pool, nopool = vals[rows[0][0]], vals[rows[1][0]]
print(f"/healthz answers during the renders: {pool[9]:.0f} with the pool, {nopool[9]:.0f} without")
ok = pool[9] > 0 and pool[6] < 50
print(f"target (/healthz p99 < 50 ms during the renders, with the pool): {'met' if ok else 'NOT met'}")
PY
