#!/usr/bin/env bash
# Installs what Proofwire needs on a fresh Debian machine: `scripts/setup.sh run` only what
# building and serving need (scripts/run), `scripts/setup.sh` (or `test`) also what the tests
# need (a browser, Postgres, haproxy, wrk, the audit tools, an OpenAI-compatible model server).
# Idempotent: each step checks what is already there. Only the package registries are used
# (Debian apt, crates.io, npm, PyPI); nothing is downloaded from GitHub or a model hub.
set -euo pipefail
FOR="${1:-test}"
case "$FOR" in
  run | test) ;;
  *) echo "usage: scripts/setup.sh [run|test]" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
mkdir -p "$TOOLS"
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------
# cmake, clang and libclang-dev build llama.cpp (llama-cpp-sys-2); make builds jemalloc (the
# server's allocator, tikv-jemalloc-sys); python3-pip fetches the model;
# postgresql (server and psql) is the second engine the tests run on; haproxy balances the
# replica test; wrk drives the load benchmarks; brotli compresses the static assets once
# at build time (scripts/finish-site.sh).
APT_PKGS=(curl ca-certificates pkg-config make cmake clang libclang-dev python3 python3-pip brotli)
if [ "$FOR" = test ]; then APT_PKGS+=(chromium chromium-driver postgresql haproxy wrk); fi
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || {
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q "${missing[@]}"
  }
fi

# --- Rust targets ------------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# --- cargo tools, built from the registry's source with a lockfile kept in tools/ ------------
# `cargo install --locked cargo-leptos@0.3.11` fails on rustc 1.95 (its lockfile pins a crate that
# needs 1.96), so we build the same source with a lockfile that differs only in that crate.
# LTO is switched off for these installs: it triples their build time for no benefit to us.
# cargo-leptos is built unoptimised (opt-level 0): it only starts cargo, wasm-bindgen and
# wasm-opt and minifies one stylesheet, so an optimised build bought nothing: measured on 2
# cores, 388 s to install against 720 s, the same site byte for byte, and a no-op
# `cargo leptos build --release` 4.9–5.2 s against 4.7–5.1 s. wasm-bindgen-cli stays optimised
# (it rewrites the whole wasm file; opt-level 1 installed in 116 s against 120 s: no gain).
install_from_crate() { # name version lockfile opt-level [cargo install args...]
  local name=$1 version=$2 lock=$3 opt=$4; shift 4
  local src="$TOOLS/src/$name-$version"
  if [ ! -f "$src/Cargo.toml" ]; then
    mkdir -p "$TOOLS/src"
    curl -fsSL --retry 3 "https://static.crates.io/crates/$name/$name-$version.crate" \
      | tar xz -C "$TOOLS/src"
  fi
  cp "$lock" "$src/Cargo.lock"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" CARGO_TARGET_DIR="$TOOLS/target-$name" \
    cargo install --locked --force --path "$src" "$@"
  # The installed binary is all we need; its build tree is ~2 GB that CI's disk can use better.
  rm -rf "$TOOLS/target-$name"
}
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (a few minutes)"
  install_from_crate cargo-leptos "$CARGO_LEPTOS_VERSION" "$ROOT/tools/cargo-leptos-$CARGO_LEPTOS_VERSION.Cargo.lock" 0 \
    --features no_downloads
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  install_from_crate wasm-bindgen-cli "$WASM_BINDGEN_VERSION" "$ROOT/tools/wasm-bindgen-cli-$WASM_BINDGEN_VERSION.Cargo.lock" 3
fi

# --- wasm-opt from npm (Debian's binaryen 108 breaks hydration) ----------------------------
if [ ! -x "$TOOLS/node/node_modules/.bin/wasm-opt" ]; then
  log "npm install binaryen@$BINARYEN_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/node" "binaryen@$BINARYEN_VERSION" >/dev/null
fi
# --- the browser audit (scripts/browser-audit.mjs) from npm: Lighthouse 12.2.3 (13 needs Node 22),
# axe-core and puppeteer-core, at the versions locked in tools/audit ---------------------------
if [ "$FOR" = test ] && { ! cmp -s "$ROOT/tools/audit/package-lock.json" "$TOOLS/audit/package-lock.json" \
  || [ ! -f "$TOOLS/audit/node_modules/lighthouse/package.json" ]; }; then
  log "npm ci lighthouse, axe-core, puppeteer-core (tools/audit)"
  mkdir -p "$TOOLS/audit"
  cp "$ROOT/tools/audit/package.json" "$ROOT/tools/audit/package-lock.json" "$TOOLS/audit/"
  (cd "$TOOLS/audit" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
# --- the default local model, from PyPI, checked against the SHA-256 in content/models.toml ----
"$ROOT/scripts/fetch-model.sh"
# --- an OpenAI-compatible model server (PyPI), for the remote-backend tests: building it from
# its sdist takes minutes that serving does not need ------------------------------------------
if [ "$FOR" = test ]; then "$ROOT/scripts/model-server.sh" install; fi
log "ready"
