#!/usr/bin/env bash
# Proves the browser (wasm) build compiles none of the server-only crates: lists the dependency
# tree of the hydrate entry crate for wasm32 and fails if any of them appears.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tree="$(cargo tree -p frontend --target wasm32-unknown-unknown -e normal --prefix none --format '{p}')"
count="$(printf '%s\n' "$tree" | sort -u | wc -l)"
bad=0
for crate in sqlx sqlx-core libsqlite3-sys tantivy reqwest llama-cpp-2 llama-cpp-sys-2 ammonia feed-rs scraper tokio hyper axum; do
  if printf '%s\n' "$tree" | grep -Eq "^${crate} v"; then
    echo "FAIL: the wasm bundle depends on ${crate}:"
    cargo tree -p frontend --target wasm32-unknown-unknown -e normal -i "$crate" | head -20
    bad=1
  fi
done
if [ "$bad" -ne 0 ]; then exit 1; fi
echo "ok: ${count} crates in the wasm build; none of sqlx, tantivy, reqwest, llama-cpp-2, ammonia, feed-rs, scraper, tokio, hyper, axum"
