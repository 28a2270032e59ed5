#!/usr/bin/env bash
# Counts what issue 24 part 4 ("one error path") is about, for two revisions side by side:
#   scripts/count-error-paths.sh [BEFORE [AFTER]]   (default: 4ee39d1 and the work tree's HEAD)
# Each figure is a grep over server/src/web, server/src/mcp and app/src of that revision.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
before=${1:-4ee39d1}
after=${2:-HEAD}
web="server/src/web server/src/mcp"
count() { # REV PATTERN PATHS... -> matching lines
  local rev=$1 pat=$2; shift 2
  git grep -hE "$pat" "$rev" -- "$@" 2>/dev/null | wc -l
}
row() { # LABEL PATTERN PATHS...
  local label=$1 pat=$2; shift 2
  printf '%-62s %6s %6s\n' "$label" "$(count "$before" "$pat" "$@")" "$(count "$after" "$pat" "$@")"
}
printf '%-62s %6s %6s\n' "" "before" "after"
for t in AppError HtmlError BackendError PageError Response; do
  row "Err type $t in a handler/server fn/Backend signature" "Result<.*, *(error::)?$t>" $web app/src/functions.rs app/src/backend.rs
done
row "fns returning Result<_, Response>" "Result<.*, *Response>" $web
row "map_err(...) to an internal error (hand mapping)" "map_err\(.*(internal|\bdb\b|fail|Internal)" server/src/web
row "AppError::internal(...) written in a handler" "AppError::internal\(" $(echo server/src/web/*.rs server/src/web/greader server/src/mcp | tr ' ' '\n' | grep -v error.rs)
row "BackendError::Internal / PageError::Server written (web)" "BackendError::Internal|PageError::Server" server/src/web/backend.rs
row "'Err(r) => return r' blocks" "Err\(r\) => return r" server/src/web
row "handlers checking session/role by hand (calls)" "(editor_form|signed_in_editor|require_editor|require_signed_in)\(&?state|auth::session\(&?state" server/src/web/actions.rs server/src/web/briefings.rs
row "app routes setting 500 themselves (repeated status block)" "set_status\(500\)" app/src/routes
row "app routes' own error views (set_status in a page)" "set_status\([0-9]" app/src/routes
row "WebState fields holding the store (store, db, backend, search)" "^    pub (db|store|backend|search):" server/src/web/mod.rs
