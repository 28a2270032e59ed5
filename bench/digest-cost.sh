#!/usr/bin/env bash
# What an uncached digest page costs the server: the 2026-02-21 demo digest (Korean) with the
# page cache off under wrk (2 threads, 32 connections, DURATION seconds, 20), and the server's
# CPU time (user + system, from /proc) divided by the requests it answered. With
# BEFORE_BIN=path/to/an/older/proofwire the two binaries run in turns, ROUNDS (5) times each,
# each on a fresh copy of the demo; prints every run, the medians and the ratio of this tree's
# median CPU per request to the older one's (issue 26 part 3: at most 1.0 against the
# 2026-11-28 code). CPU per request is steadier than req/s on a shared machine, where wrk takes
# part of the same two cores. Stops by itself.
set -euo pipefail
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-5}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
demo_sources "$work/sources.toml"
tick_us=$((1000000 / $(getconf CLK_TCK)))

# "cpu_us_per_request req_per_s requests" of one fresh server of binary $1.
run_one() {
  local bin=$1 dir
  dir=$(mktemp -d -p "$work")
  demo_config "$dir" "$work/sources.toml"
  "$bin" --config "$dir/proofwire.toml" ingest >/dev/null 2>&1
  local port pid url
  port=$(free_port)
  PROOFWIRE_ADDR="127.0.0.1:$port" PROOFWIRE_SERVER_PAGE_CACHE=false RUST_LOG=warn \
    "$bin" --config "$dir/proofwire.toml" serve >"$dir/serve.log" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  url="http://127.0.0.1:$port/digest/2026-02-21"
  curl -fs -H 'Accept-Language: ko' "$url" >/dev/null
  local before after
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  wrk -t2 -c32 -d"${DURATION}s" -H 'Accept-Language: ko' "$url" >"$dir/wrk.txt"
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$dir/wrk.txt" "$before" "$after" "$tick_us" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
before, after, tick = (int(float(x)) for x in sys.argv[2:5])
n = int(re.search(r"(\d+) requests in", t).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
if bad:
    sys.exit(f"{bad.group(1)} answers were not 2xx/3xx")
print(f"{(after - before) * tick / n:.0f} {rps:.0f} {n}")
PY
}

names=(this)
bins=("$BIN")
if [ -n "${BEFORE_BIN:-}" ]; then names+=(before); bins+=("$BEFORE_BIN"); fi
declare -A cpu rps
for r in $(seq "$ROUNDS"); do
  for k in "${!bins[@]}"; do
    # In this shell, not a subshell, so the server it starts is in `pids` for the exit trap.
    run_one "${bins[$k]}" >"$work/one.txt"
    read -r c q n <"$work/one.txt"
    echo "round $r ${names[$k]}: ${c} µs CPU a request, ${q} req/s ($n requests)"
    cpu[${names[$k]}]+="$c "
    rps[${names[$k]}]+="$q "
  done
done
python3 - "${cpu[this]}" "${rps[this]}" "${cpu[before]:-}" "${rps[before]:-}" <<'PY'
import statistics, sys
this_cpu, this_rps, before_cpu, before_rps = (list(map(float, a.split())) for a in sys.argv[1:5])
print(f"this tree: median {statistics.median(this_cpu):.0f} µs CPU a request, {statistics.median(this_rps):.0f} req/s")
if before_cpu:
    print(f"before:    median {statistics.median(before_cpu):.0f} µs CPU a request, {statistics.median(before_rps):.0f} req/s")
    ratio = statistics.median(this_cpu) / statistics.median(before_cpu)
    print(f"ratio of CPU a request, this tree / before: {ratio:.2f} (issue 26 part 3: at most 1.0)")
PY
