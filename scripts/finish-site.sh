#!/usr/bin/env bash
# After `cargo leptos build`: names the browser bundle by its content and compresses every
# static asset once, so the server can send it for a year without asking again and never
# compresses it per request (server/src/web/assets.rs).
#   - pkg/proofwire.<first 16 hex of its SHA-256>.{js,wasm}, listed in <site>/hash.txt
#     (the server checks them against the plain files before using them);
#   - beside every .js, .wasm and .css: .br (brotli 11) and .gz (gzip 9). No .zst: brotli 11 is
#     smaller, and a browser that takes zstd takes br too.
#   usage: scripts/finish-site.sh [SITE_DIR]   (default target/site)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
site="${1:-target/site}"
pkg="$site/pkg"
for ext in js wasm; do
  [ -f "$pkg/proofwire.$ext" ] || { echo "finish-site: $pkg/proofwire.$ext is missing (build the site first)" >&2; exit 1; }
done
# Last build's named copies and compressed files go; the plain files stay.
find "$pkg" -maxdepth 1 -type f \( -name 'proofwire.????????????????.*' -o -name '*.br' -o -name '*.gz' -o -name '*.zst' \) -delete
hashes=""
for ext in js wasm; do
  h=$(sha256sum "$pkg/proofwire.$ext" | cut -c1-16)
  cp "$pkg/proofwire.$ext" "$pkg/proofwire.$h.$ext"
  hashes+="$ext: $h"$'\n'
done
find "$pkg" -maxdepth 1 -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' \) -print0 |
  while IFS= read -r -d '' f; do
    gzip -9 -n -k -f "$f"
    brotli -q 11 -k -f "$f"
  done
printf '%s' "$hashes" >"$site/hash.txt.partial"
mv "$site/hash.txt.partial" "$site/hash.txt"
wasm=$(ls "$pkg"/proofwire.????????????????.wasm)
printf 'finish-site: %s — %d bytes, brotli %d, gzip %d\n' "$(basename "$wasm")" \
  "$(stat -c %s "$wasm")" "$(stat -c %s "$wasm.br")" "$(stat -c %s "$wasm.gz")"
