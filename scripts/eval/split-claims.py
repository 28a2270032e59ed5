#!/usr/bin/env python3
"""Gives every sentence of content/eval/claims.jsonl a split (train, dev or test) and merges new
labelled files into it. Sentences that already have a split keep it, so the sealed test part
never moves; the test ids are also pinned by a hash in server/src/claims/evaluate.rs.

How a new sentence is placed (seed 20261205, fixed before any rule read the new sentences):
  * test: whole SITES (registrable domain) drawn in seeded order from the sites that no
    sentence outside the new batch uses, until each language has at least 160 test sentences;
    a site is in test entirely or not at all, so no rule tuned on train or dev saw its pages;
  * the remaining new sentences: whole PAGES, seeded, half to train and half to dev; from the
    batch of 2026-12-07 (ids 3000 and up, seed 20261207) whole SITES instead, so that dev has
    sites no rule was tuned on.
Sentences from before splits existed: ids under 200 are train (the rules were written from
them); 200 and up are dev (that batch was held out and its failures never read).

  scripts/eval/split-claims.py [NEW.jsonl ...]   # prints counts only, never sentences
"""
import collections
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sites import site  # noqa: E402

SEED = 20261205
# The site halves of the batches from 2026-12-07 on, fixed before any rule read them.
SEED_SITES = 20261207
TEST_PER_LANG = 160
SET = Path(__file__).resolve().parents[2] / "content/eval/claims.jsonl"


def batch_of(row):
    return int(row["id"].lstrip("enko") or 0)


def normalise(item):
    for c in item.get("claims", []):
        if isinstance(c.get("set"), str):
            c["set"] = [c["set"]]
    return item


def main(new_files):
    rows = [json.loads(l) for l in SET.read_text(encoding="utf-8").splitlines() if l.strip()]
    ids = {r["id"] for r in rows}
    texts = {r["text"] for r in rows}
    fresh = []
    for f in new_files:
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = normalise(json.loads(line))
            if r["id"] in ids:
                sys.exit(f"{f}: id {r['id']} is already in the set")
            if r["text"] in texts:
                continue  # the same sentence twice is one sentence
            ids.add(r["id"])
            texts.add(r["text"])
            fresh.append(r)
    rows.extend(fresh)

    for r in rows:
        if "split" in r or r.get("batch") == "new":
            continue
        n = int(r["id"].lstrip("enko") or 0)
        if n < 1000:
            r["split"] = "train" if n < 200 else "dev"
    unplaced = [r for r in rows if "split" not in r]

    rng = random.Random(SEED)
    placed_sites = {site(r["src"]) for r in rows if "split" in r}
    by_site = collections.defaultdict(list)
    for r in unplaced:
        by_site[site(r["src"])].append(r)
    candidates = sorted(s for s in by_site if s not in placed_sites)
    rng.shuffle(candidates)
    test_count = collections.Counter(r["lang"] for r in rows if r.get("split") == "test")
    for s in candidates:
        lang = collections.Counter(r["lang"] for r in by_site[s]).most_common(1)[0][0]
        if test_count[lang] >= TEST_PER_LANG:
            continue
        for r in by_site[s]:
            r["split"] = "test"
            test_count[r["lang"]] += 1

    # From the batch of 2026-12-07 (ids 3000 and up) on, whole SITES go to train or dev, so dev
    # also measures sites no rule was tuned on (the earlier halves by page share their sites
    # with train, which is why dev scored far above the sealed test).
    split_of_site = {}
    for r in rows:
        if "split" in r:
            split_of_site.setdefault(site(r["src"]), r["split"])
    for r in rows:
        if "split" not in r and batch_of(r) >= 3000 and site(r["src"]) in split_of_site:
            if split_of_site[site(r["src"])] == "test":
                sys.exit(f"{r['id']}: its site {site(r['src'])} is a sealed test site")
            r["split"] = split_of_site[site(r["src"])]
    by_site_batch = sorted({site(r["src"]) for r in rows if "split" not in r and batch_of(r) >= 3000})
    random.Random(SEED_SITES).shuffle(by_site_batch)
    site_half = {s: ("train" if i % 2 == 0 else "dev") for i, s in enumerate(by_site_batch)}
    for r in rows:
        if "split" not in r and batch_of(r) >= 3000:
            r["split"] = site_half[site(r["src"])]

    pages = sorted({r["src"] for r in rows if "split" not in r})
    rng.shuffle(pages)
    half = {p: ("train" if i % 2 == 0 else "dev") for i, p in enumerate(pages)}
    for r in rows:
        if "split" not in r:
            r["split"] = half[r["src"]]

    order = ["id", "lang", "split", "src", "ctx", "text", "claims", "neg"]
    with SET.open("w", encoding="utf-8") as out:
        for r in rows:
            keyed = {k: r[k] for k in order if k in r}
            keyed.update({k: v for k, v in r.items() if k not in keyed})
            out.write(json.dumps(keyed, ensure_ascii=False) + "\n")

    table = collections.Counter((r["split"], r["lang"]) for r in rows)
    sites = collections.defaultdict(set)
    for r in rows:
        sites[r["split"]].add(site(r["src"]))
    print(f"{len(rows)} sentences ({len(fresh)} new), {len({site(r['src']) for r in rows})} sites")
    for split in ("train", "dev", "test"):
        print(f"  {split}: en {table[(split, 'en')]}, ko {table[(split, 'ko')]}, sites {len(sites[split])}")


if __name__ == "__main__":
    main(sys.argv[1:])
