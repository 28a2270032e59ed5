#!/usr/bin/env bash
# Invariant: all SQL is in server/src/db. Outside it, no Rust file may use sqlx or hold a
# string that looks like a SQL statement. (Tests and benches may, to inspect or tamper.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
if hits=$(grep -rn --include='*.rs' -E '\bsqlx\b' server/src app/src | grep -v '^server/src/db/' | grep -vE '^[^:]+:[0-9]+:\s*//'); then
  echo "sqlx used outside server/src/db:"; echo "$hits"; status=1
fi
# A statement keyword at the start of a string literal, followed by SQL's next word.
pattern='"\s*(SELECT\s+[A-Za-z_*(]|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX|TRIGGER)|ALTER TABLE|DROP (TABLE|TRIGGER)|PRAGMA |VACUUM)'
if hits=$(grep -rnE --include='*.rs' "$pattern" server/src app/src | grep -v '^server/src/db/'); then
  echo "SQL outside server/src/db:"; echo "$hits"; status=1
fi
[ $status -eq 0 ] && echo "all SQL is in server/src/db"
exit $status
