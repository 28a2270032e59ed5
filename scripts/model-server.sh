#!/usr/bin/env bash
# An OpenAI-compatible model server for the remote backend, its tests and benchmarks: llama-cpp-python's
# server from PyPI, which builds llama.cpp from its sdist with the compilers setup.sh installs.
#   scripts/model-server.sh install   build it if needed, then prove it answers (idempotent)
#   scripts/model-server.sh check     one short completion through the installed server
#   scripts/model-server.sh flags     the llama.cpp build flags this machine gets
#   scripts/model-server.sh python    the venv's python (for tests and bench/)
#
# Why the flags are fixed: llama.cpp's default (native on: the compiler's "native" CPU) compiles for
# every feature the build CPU advertises. A virtual machine can advertise AMX (Sapphire Rapids)
# without letting a process use the tile state, and such a build dies with a protection fault at
# `ldtilecfg` on its first completion while /v1/models still answers. So: no native, no AMX, no
# AVX-512; AVX2, FMA and F16C (every x86-64 cloud CPU of the last decade) where /proc/cpuinfo
# lists them, SSE-only otherwise. pip's wheel cache is keyed by the sdist, not by these flags, so
# pip builds with --no-cache-dir and we keep the wheel in a cache of our own keyed by the flags.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.tools/llama-server"
VERSION=0.3.36
STAMP="$VENV/proofwire-build-flags"

portable_flags() {
  local flags="-DGGML_NATIVE=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_AVX512=OFF"
  if [[ "$(uname -m)" == x86_64 ]]; then
    local cpu; cpu=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
    local f
    for f in avx avx2 fma f16c; do
      if [[ " $cpu " == *" $f "* ]]; then
        flags+=" -DGGML_${f^^}=ON"
      else
        flags+=" -DGGML_${f^^}=OFF"
      fi
    done
  fi
  echo "$flags"
}
FLAGS=$(portable_flags)
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/proofwire/llama-cpp-python-$VERSION-$(printf '%s' "$FLAGS" | sha256sum | cut -c1-16)"

installed() {
  "$VENV/bin/python" -c "import llama_cpp, llama_cpp.server, uvicorn; assert llama_cpp.__version__ == '$VERSION'" 2>/dev/null &&
    [[ -f "$STAMP" && "$(cat "$STAMP")" == "$FLAGS" ]]
}

build() { # [fresh]: drop our cached wheel and build from the sdist again
  if [[ "${1:-}" == fresh ]]; then rm -rf "$CACHE"; fi
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  local pip=("$VENV/bin/pip" --disable-pip-version-check --quiet --no-cache-dir)
  if ! ls "$CACHE"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    echo "[setup] building llama-cpp-python $VERSION with CMAKE_ARGS=\"$FLAGS\" (~5 minutes)"
    mkdir -p "$CACHE.partial"
    CMAKE_ARGS="$FLAGS" CMAKE_BUILD_PARALLEL_LEVEL=2 \
      "${pip[@]}" wheel --no-deps --no-binary llama-cpp-python -w "$CACHE.partial" "llama-cpp-python==$VERSION"
    rm -rf "$CACHE" && mv "$CACHE.partial" "$CACHE"
  fi
  "${pip[@]}" install --find-links "$CACHE" "llama-cpp-python[server]==$VERSION"
  echo "$FLAGS" >"$STAMP"
}

# Starts the installed server on a free loopback port with the default model, asks for one short
# completion, and checks the process is still alive afterwards. On failure prints why: how the
# process ended (the signal, for a crash) and the last lines of its stderr.
check() {
  local model
  model=$(python3 - "$ROOT" <<'PY'
import os, sys, tomllib
root = sys.argv[1]
with open(os.path.join(root, "content", "models.toml"), "rb") as f:
    m = next(m for m in tomllib.load(f)["model"] if m.get("default"))
print(os.path.join(root, ".tools", "models", m["file"]))
PY
)
  [[ -f "$model" ]] || { echo "model-server check: no model at $model (scripts/fetch-model.sh installs it)" >&2; return 1; }
  "$VENV/bin/python" - "$model" <<'PY'
import json, os, signal, socket, subprocess, sys, tempfile, time, urllib.request

model = sys.argv[1]
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
log = tempfile.NamedTemporaryFile(prefix="model-server-check-", suffix=".log", delete=False)
proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1",
                         "--port", str(port), "--n_threads", "2", "--n_ctx", "512"],
                        stdout=log, stderr=subprocess.STDOUT)

def fail(what):
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        pass
    code = proc.poll()
    if code is None:
        how = "it is still running"
        proc.kill()
        proc.wait()
    elif code < 0:
        how = f"the model server exited (signal {-code}, {signal.Signals(-code).name})"
    else:
        how = f"the model server exited (status {code})"
    with open(log.name, errors="replace") as f:
        tail = f.read().splitlines()[-15:]
    sys.exit(f"model-server check failed: {what}; {how} - last lines of its output:\n" + "\n".join("  " + l for l in tail))

base = f"http://127.0.0.1:{port}/v1"
deadline = time.time() + 180
while True:
    if proc.poll() is not None:
        fail("it stopped while loading")
    try:
        urllib.request.urlopen(base + "/models", timeout=2).read()
        break
    except Exception:
        if time.time() > deadline:
            fail("it did not answer /v1/models within 180 s")
        time.sleep(0.3)
body = json.dumps({"messages": [{"role": "user", "content": "Say OK."}], "max_tokens": 4}).encode()
req = urllib.request.Request(base + "/chat/completions", body, {"Content-Type": "application/json"})
started = time.time()
try:
    answer = json.loads(urllib.request.urlopen(req, timeout=300).read())
    text = answer["choices"][0]["message"]["content"]
except Exception as e:
    fail(f"a completion failed ({e})")
time.sleep(0.5)
if proc.poll() is not None:
    fail("it exited after answering")
proc.terminate()
proc.wait()
os.unlink(log.name)
print(f"[setup] model server answered a completion in {time.time() - started:.1f} s: {text.strip()!r}")
PY
}

case "${1:-install}" in
  install)
    if installed; then
      echo "[setup] llama-cpp-python $VERSION server present (CMAKE_ARGS=\"$FLAGS\")"
    else
      build
    fi
    if ! check; then
      echo "[setup] the model server does not work; rebuilding it once from the sdist" >&2
      build fresh
      check || { echo "[setup] the model server still fails after a fresh build (see above)" >&2; exit 1; }
    fi
    ;;
  check) check ;;
  flags) echo "$FLAGS" ;;
  python) echo "$VENV/bin/python" ;;
  *) echo "usage: $0 install|check|flags|python" >&2; exit 2 ;;
esac
