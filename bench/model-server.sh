#!/usr/bin/env bash
# The embedded model next to the same GGUF behind an OpenAI-compatible server (llama-cpp-python's,
# from scripts/model-server.sh), same machine, one run: `eval-summaries --backend local
# --backend openai` (grounding, numbers, facts, time per article, tokens/s for both), then how
# many concurrent requests the server takes before the mean latency of a request doubles.
# Both use THREADS generation threads (default 1, the embedded default). Stops by itself.
#   THREADS=1 LEVELS="1 2 4" [SKIP_EVAL=1] bench/model-server.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
THREADS=${THREADS:-1}
LEVELS=${LEVELS:-1 2 4}
BIN=${PROOFWIRE_BIN:-}
if [[ -z "$BIN" ]]; then
  cargo build --release -q -p server --bin proofwire
  BIN=$PWD/target/release/proofwire
fi
scripts/model-server.sh install >/dev/null
PY=$(scripts/model-server.sh python)
MODEL=$PWD/.tools/models/qwen2.5-coder-1.5b-q4_k_m.gguf
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp)
"$PY" -m llama_cpp.server --model "$MODEL" --model_alias qwen-coder --host 127.0.0.1 --port "$port" \
  --n_threads "$THREADS" --n_threads_batch 2 --n_ctx 4096 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$port/v1/models" >/dev/null && break; sleep 0.2; done

export PROOFWIRE_SUMMARIZER_API_BASE_URL="http://127.0.0.1:$port/v1"
export PROOFWIRE_SUMMARIZER_API_MODEL=qwen-coder
export PROOFWIRE_SUMMARIZER_API_SCHEMA_DIALECT=json_object
export PROOFWIRE_SUMMARIZER_API_TIMEOUT_SECS=600
export PROOFWIRE_SUMMARIZER_THREADS="$THREADS"
if [[ -z "${SKIP_EVAL:-}" ]]; then
  echo "== eval-summaries, embedded and server, threads $THREADS"
  "$BIN" eval-summaries --backend local --backend openai 2>/dev/null
fi

echo "== concurrent requests to the server (the same 120-token summary prompt each)"
python3 - "$port" $LEVELS <<'PY'
import json, sys, threading, time, urllib.request
port, levels = sys.argv[1], [int(x) for x in sys.argv[2:]]
body = json.dumps({
    "model": "qwen-coder", "temperature": 0, "max_tokens": 120,
    "messages": [
        {"role": "system", "content": "You write summaries of AI company announcements. Write exactly 3 short sentences."},
        {"role": "user", "content": "Title: Northfield funds safety research\n\nArticle:\nThe Northfield Institute committed $10 million to independent safety research. Grants range from $100,000 to $2 million. Applications open on April 1 and close on June 30, 2026. A panel of five external reviewers decides."},
    ],
}).encode()
def one(out):
    started = time.monotonic()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions", body, {"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=900) as r:
        tokens = json.load(r)["usage"]["completion_tokens"]
    out.append((time.monotonic() - started, tokens))
base = None
for n in levels:
    out = []
    threads = [threading.Thread(target=one, args=(out,)) for _ in range(n)]
    wall = time.monotonic()
    for t in threads: t.start()
    for t in threads: t.join()
    wall = time.monotonic() - wall
    mean = sum(l for l, _ in out) / len(out)
    tokens = sum(t for _, t in out)
    base = base or mean
    print(f"{n} at once: mean latency {mean:.1f} s ({mean / base:.2f}x one), {tokens / wall:.1f} tok/s over all, wall {wall:.1f} s"
          + ("  <- latency doubled" if mean >= 2 * base and n > 1 else ""))
PY
