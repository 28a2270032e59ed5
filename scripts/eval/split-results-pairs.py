#!/usr/bin/env python3
"""Gives every pair of content/eval/results-pairs-*.jsonl a split, `tune` or `test`, and keeps
a placed pair where it is, so the sealed test part never moves.

How a new pair is placed (seed 20261205, fixed before the matcher's failures on the pairs were
read): a pair whose claim SITE (registrable domain of `claim_source`) is already placed goes
where that site is. The other sites are placed file by file, each labelled batch on its own:
drawn in seeded order, they go to `test` until the batch's test part holds at least 30 % of
its pairs, passing over a site that would take it beyond 40 % (one page of 60 pairs must not
be the whole test part). Placing by batch (rule of 2026-12-06, written before the second batch
was labelled) gives every new batch its own sealed part; placing by the whole set's share, as
before, would have put a new batch almost all in `tune`. A site is in one part only, so no rule
tuned on `tune` saw the pages the test claims come from; the published results (leaderboard
files) are shared by both parts.

  scripts/eval/split-results-pairs.py      # prints counts only, never pairs
"""
import collections
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sites import site  # noqa: E402

SEED = 20261205
DIR = Path(__file__).resolve().parents[2] / "content/eval"


def main():
    files = sorted(DIR.glob("results-pairs-*.jsonl"))
    rows = {f: [json.loads(l) for l in f.read_text(encoding="utf-8").splitlines() if l.strip()] for f in files}
    every = [r for f in files for r in rows[f]]
    placed = {site(r["claim_source"]): r["split"] for r in every if "split" in r}
    for f in files:
        batch = rows[f]
        new_sites = sorted({site(r["claim_source"]) for r in batch} - set(placed))
        size = collections.Counter(site(r["claim_source"]) for r in batch)
        total = len(batch)
        in_test = sum(1 for r in batch if placed.get(site(r["claim_source"])) == "test")
        random.Random(SEED).shuffle(new_sites)
        for s in new_sites:
            if in_test >= 0.30 * total or in_test + size[s] > 0.40 * total:
                placed[s] = "tune"
            else:
                placed[s] = "test"
                in_test += size[s]
        for r in batch:
            r.setdefault("split", placed[site(r["claim_source"])])
        f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch), encoding="utf-8")
    counts = collections.Counter((r["split"], r["same"]) for f in files for r in rows[f])
    for split in ("tune", "test"):
        print(f"{split}: {counts[(split, True)] + counts[(split, False)]} pairs, "
              f"{counts[(split, True)]} the same, {counts[(split, False)]} not")


if __name__ == "__main__":
    main()
