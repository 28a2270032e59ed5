# Sourced by the scripts: puts the project's tools on PATH and fixes the build environment.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.tools/node/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# leptos bakes the wasm file name into the server at compile time when cargo-leptos builds it;
# setting it for every cargo call keeps `cargo test` builds and `cargo leptos` builds identical.
export LEPTOS_OUTPUT_NAME=proofwire
cd "$ROOT"
# A CI run builds everything once from a clean clone: incremental state would only double the
# disk it needs (it ran out of disk once).
if [[ -n "${CI:-}" ]]; then export CARGO_INCREMENTAL=0; fi
