#!/usr/bin/env bash
# Proves nothing is compiled for "whatever this CPU advertises": no build step of the project or
# its tools asks for -march=native, target-cpu=native or GGML_NATIVE=ON, the model server's build
# flags turn native off (llama.cpp's default is on), and the llama.cpp libraries already built
# hold no AMX or AVX-512 instruction. A native build on a machine that advertises AMX without
# granting it dies on its first completion (issue 33); the embedded build must keep running on
# whatever machine installs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bad=0
fail() { echo "FAIL: $*"; bad=1; }

# 1. Build steps: scripts, CI, benchmarks, deployment files, cargo configuration, build scripts.
pattern='(-march=native|-mcpu=native|target-cpu=native|GGML_NATIVE=ON|GGML_NATIVE *= *"?ON)'
files=$(git ls-files -- scripts .ci bench deploy tools Cargo.toml '*/Cargo.toml' '*build.rs' \
  '.cargo/*' '*/.cargo/*' 2>/dev/null | grep -v '^scripts/check-no-native.sh$' || true)
if [ -n "$files" ]; then
  hits=$(grep -nE "$pattern" $files || true)
  [ -z "$hits" ] || fail "a build step asks for a native build:
$hits"
fi

# 2. The environment a build here inherits.
for var in RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CFLAGS CXXFLAGS CMAKE_ARGS GGML_NATIVE; do
  val="${!var:-}"
  if [[ "$val" =~ native|^ON$ ]]; then fail "\$$var is '$val'"; fi
done

# 3. The model server is built with native off and no AMX.
flags=$(scripts/model-server.sh flags)
[[ " $flags " == *" -DGGML_NATIVE=OFF "* ]] || fail "the model server's flags do not turn GGML_NATIVE off: $flags"
! [[ "$flags" =~ AMX[A-Z0-9_]*=ON ]] || fail "the model server's flags turn AMX on: $flags"

# 4. What is already built: llama.cpp's CPU code holds no AMX tile or AVX-512 (zmm) instruction.
checked=0
if command -v objdump >/dev/null; then
  while IFS= read -r lib; do
    checked=$((checked + 1))
    n=$(objdump -d --no-show-raw-insn "$lib" | grep -cE 'ldtilecfg|tileloadd|tdpb|%zmm' || true)
    [ "$n" -eq 0 ] || fail "$lib holds $n AMX or AVX-512 instructions: it was built for this CPU, not for any x86-64"
  done < <(find .tools/llama-server target -name 'libggml-cpu*.so' -o -name 'libggml-cpu*.a' 2>/dev/null | sort -u)
fi

if [ "$bad" -ne 0 ]; then exit 1; fi
echo "ok: no native build step; model server flags: $flags; $checked built llama.cpp CPU librar$([ "$checked" = 1 ] && echo y || echo ies) without AMX or AVX-512"
