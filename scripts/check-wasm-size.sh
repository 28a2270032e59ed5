#!/usr/bin/env bash
# The first load of any page costs at most WASM_BUDGET bytes of gzip'd wasm (issue 13: 250 KB).
# Builds the browser bundle as it ships (release: the wasm-release profile, wasm-opt) into
# target/site, then fails if the compressed wasm is over budget. The browser test then runs
# against this same bundle.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
budget="${WASM_BUDGET:-256000}"
cargo leptos build --release --frontend-only
# Content-named, precompressed copies, as the server sends them.
scripts/finish-site.sh
wasm=target/site/pkg/proofwire.wasm
js=target/site/pkg/proofwire.js
for f in "$wasm" "$js"; do
  [ -f "$f" ] || { echo "FAIL: $f was not built"; exit 1; }
done
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
js_gz=$(gzip -9 -c "$js" | wc -c)
br=$(brotli -q 11 -c "$wasm" | wc -c)
printf 'wasm: %d bytes raw, %d gzip (budget %d), %d brotli; js glue: %d gzip\n' "$raw" "$gz" "$budget" "$br" "$js_gz"
if [ "$gz" -gt "$budget" ]; then
  echo "FAIL: the wasm bundle is over its budget by $((gz - budget)) bytes gzip'd"
  exit 1
fi
echo "ok: the wasm bundle is within its budget"
