#!/usr/bin/env bash
# Invariant: no module cycle inside server/src or app/src (no two top-level modules reach each
# other through their `crate::` imports), and nothing in server/src/db imports a module above
# it (scripts/module-layers.txt). The check first proves on a planted cycle that it can fail.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
graph=scripts/module-graph.py
planted=$(mktemp -d)
trap 'rm -rf "$planted"' EXIT
mkdir -p "$planted/db"
printf 'use crate::b::B;\n' > "$planted/a.rs"
printf 'use crate::{a::A, dates};\n' > "$planted/b.rs"
printf 'pub struct T;\n' > "$planted/dates.rs"
printf 'use crate::a::A;\n' > "$planted/db/mod.rs"
if python3 "$graph" "$planted" --layers scripts/module-layers.txt --check > "$planted/out"; then
  echo "module-graph.py missed a planted cycle and an upward import:"; cat "$planted/out"; exit 1
fi
grep -q "NEW (not allowed): cycle a b" "$planted/out" && grep -q "NEW (not allowed): upward db a" "$planted/out" || {
  echo "module-graph.py did not name the planted cycle and upward import:"; cat "$planted/out"; exit 1; }
status=0
python3 "$graph" server/src --layers scripts/module-layers.txt --check --scope server || status=1
python3 "$graph" app/src --check --scope app || status=1
exit $status
