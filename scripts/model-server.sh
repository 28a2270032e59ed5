#!/usr/bin/env bash
# An OpenAI-compatible model server for the remote-backend tests and benchmarks: llama-cpp-python's
# server from PyPI (it builds llama.cpp from its sdist with the compilers setup.sh installs;
# pip keeps the built wheel in its cache, so a second install on the same machine is quick).
#   scripts/model-server.sh install     create .tools/llama-server (idempotent)
#   scripts/model-server.sh python      print the venv's python (for tests and bench/)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.tools/llama-server"
VERSION=0.3.36
case "${1:-install}" in
  install)
    if "$VENV/bin/python" -c "import llama_cpp, llama_cpp.server, uvicorn; assert llama_cpp.__version__ == '$VERSION'" 2>/dev/null; then
      echo "[setup] llama-cpp-python $VERSION server present"
      exit 0
    fi
    echo "[setup] installing llama-cpp-python[server] $VERSION (builds llama.cpp: ~5 minutes the first time)"
    python3 -m venv "$VENV"
    CMAKE_BUILD_PARALLEL_LEVEL=2 "$VENV/bin/pip" install --quiet --disable-pip-version-check \
      "llama-cpp-python[server]==$VERSION"
    ;;
  python) echo "$VENV/bin/python" ;;
  *) echo "usage: $0 install|python" >&2; exit 2 ;;
esac
