#!/usr/bin/env bash
# Regenerates content/search-common-terms.txt: the stems whose pairs the search index keeps
# whole (server/src/search/windows.rs), the most frequent in the real English AI-news text of
# the evaluation sets. The index's schema version must change with the list.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
cargo run --quiet -p server --bin proofwire -- search-common-terms --count 200 \
  content/eval/claims.jsonl content/eval/news-days/posts.jsonl \
  content/eval/stories.jsonl content/eval/ranking.jsonl > content/search-common-terms.txt.new
mv content/search-common-terms.txt.new content/search-common-terms.txt
echo "wrote content/search-common-terms.txt ($(grep -vc '^#' content/search-common-terms.txt) stems)"
