# Shared by the benchmark scripts (sourced, not run): the release binary, a work directory
# and the processes started in it (stopped and removed on exit), free loopback ports, wrk, and
# the demo sources with absolute paths.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
command -v wrk >/dev/null || { apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; }
# BENCH_PROFILE=dev measures a debug build (for a quick look; published figures are release).
BENCH_PROFILE=${BENCH_PROFILE:-release}
cargo build --profile "$BENCH_PROFILE" -q -p server --bin proofwire
BIN=$PWD/target/$([ "$BENCH_PROFILE" = dev ] && echo debug || echo "$BENCH_PROFILE")/proofwire

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The bundled demo snapshot's sources (read from files), written to $1.
demo_sources() {
  python3 - "$PWD" > "$1" <<'PY'
import sys
root = sys.argv[1]
blocks = open(f"{root}/content/sources.toml").read().split("[[source]]")
for b in blocks[1:]:
    if "path =" in b:
        print("[[source]]" + b.replace('path = "demo/', f'path = "{root}/content/demo/'))
PY
}

# $1/proofwire.toml for the demo snapshot alone (sources from $2, written by demo_sources), its
# data in $1/data, the summarizer off. Used by digest.sh and digest-cost.sh.
demo_config() {
  cat > "$1/proofwire.toml" <<EOT
data_dir = "$1/data"
sources_file = "$2"
claims_seed = "$PWD/content/demo/claims.toml"
site_root = "$PWD/target/site"
ingest_interval_minutes = 600
[summarizer]
enabled = false
EOT
}

# A server's set-up on the demo snapshot plus the load feed served on loopback port $3: writes
# $1/sources.toml and $1/proofwire.toml (listening on port $2); $4 is the [summarizer] body
# ("enabled = false" unless given). Used by load.sh and render.sh.
load_setup() {
  local dir=$1 port=$2 feed_port=$3 summarizer=${4:-enabled = false}
  demo_sources "$dir/sources.toml"
  cat >> "$dir/sources.toml" <<EOT

[[source]]
id = "load"
name = "Load"
vendor = "Load Lab"
url = "http://127.0.0.1:$feed_port/feed.xml"
language = "en"
EOT
  cat > "$dir/proofwire.toml" <<EOT
data_dir = "$dir/data"
sources_file = "$dir/sources.toml"
claims_seed = "$PWD/content/demo/claims.toml"
site_root = "$PWD/target/site"
addr = "127.0.0.1:$port"
ingest_interval_minutes = 600
[summarizer]
$summarizer
[fetch]
allow_hosts = ["127.0.0.1:$feed_port"]
fetch_pages = false
EOT
}
