#!/usr/bin/env bash
# The digest page against /healthz on the same release server, with the page cache on and off,
# side by side in one run: wrk, 2 threads, 32 connections, DURATION seconds (10) per path, one
# server at a time on the demo snapshot. Prints req/s and p99 for each and the digest/healthz
# ratio (issue 13's target: at least 0.04 with the digest's p99 at most 15 ms). Stops by itself.
set -euo pipefail
DURATION=${DURATION:-10}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
demo_sources "$work/sources.toml"
demo_config "$work" "$work/sources.toml"
"$BIN" --config "$work/proofwire.toml" ingest >/dev/null

# "req/s p99_ms" of one wrk run.
measure() {
  wrk -t2 -c32 -d"${DURATION}s" --latency -H 'Accept-Language: ko' "$1" >"$work/wrk.txt"
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", t)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
print(f"{rps:.0f} {p99:.2f} {bad.group(1) if bad else 0}")
PY
}

declare -A result
for cache in true false; do
  port=$(free_port)
  PROOFWIRE_ADDR="127.0.0.1:$port" PROOFWIRE_SERVER_PAGE_CACHE=$cache RUST_LOG=warn \
    "$BIN" --config "$work/proofwire.toml" serve >"$work/serve-$cache.log" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$port/digest/2026-02-21" >/dev/null
  result[$cache,healthz]=$(measure "http://127.0.0.1:$port/healthz")
  result[$cache,digest]=$(measure "http://127.0.0.1:$port/digest/2026-02-21")
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

python3 - "${result[true,healthz]}" "${result[true,digest]}" "${result[false,healthz]}" "${result[false,digest]}" <<'PY'
import sys
rows = [("cache on", sys.argv[1], sys.argv[2]), ("cache off", sys.argv[3], sys.argv[4])]
print("| server | /healthz req/s | digest req/s | digest p99 ms | digest/healthz | non-2xx/3xx |")
print("|---|---|---|---|---|---|")
for name, h, d in rows:
    hr, _, _ = (float(x) for x in h.split())
    dr, dp, bad = (float(x) for x in d.split())
    print(f"| {name} | {hr:.0f} | {dr:.0f} | {dp:.2f} | {dr / hr:.3f} | {bad:.0f} |")
on_h, on_d = (float(sys.argv[1].split()[0]), sys.argv[2].split())
ratio, p99 = float(on_d[0]) / on_h, float(on_d[1])
ok = ratio >= 0.04 and p99 <= 15
print(f"target (cache on): ratio >= 0.04 and p99 <= 15 ms: {'met' if ok else 'NOT met'}")
PY
