#!/usr/bin/env python3
"""What a process's resident memory is made of, read from a copy of /proc/PID/smaps
(`SMAPS=PREFIX bash bench/load.sh` keeps one): resident and anonymous MB by kind of
mapping. Thread stacks are told by the guard page right below them; malloc's per-thread
arenas by their 64 MB-aligned reservations; the rest of the anonymous memory is large
blocks malloc took with mmap."""
import re
import sys
from collections import defaultdict

HEADER = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$")
ARENA = 64 << 20


def mappings(path):
    cur = None
    with open(path) as f:
        for line in f:
            m = HEADER.match(line)
            if m:
                if cur:
                    yield cur
                start, end, perms, name = m.groups()
                cur = {"start": int(start, 16), "end": int(end, 16), "perms": perms,
                       "name": name.strip()}
                continue
            key, _, rest = line.partition(":")
            parts = rest.split()
            if cur is not None and parts and parts[0].isdigit():
                cur[key] = int(parts[0])
    if cur:
        yield cur


def summarize(path):
    ms = list(mappings(path))
    # A position-independent executable is mapped first, below the heap.
    binary = ms[0]["name"] if ms and ms[0]["name"].startswith("/") else None
    # The guard page of a thread stack is an inaccessible anonymous mapping ending where the
    # stack starts; an arena's unused reserve is inaccessible too, but after it, not before.
    guard_ends = {m["end"] for m in ms
                  if m["perms"].startswith("---") and not m["name"] and m["end"] - m["start"] <= 64 << 10}
    arena_starts = set()
    for m in ms:
        if not m["name"] and m["start"] % ARENA == 0:
            arena_starts.add(m["start"])

    def kind(m):
        name = m["name"]
        if name == "[heap]":
            return "main heap (brk)"
        if name.startswith("["):
            return name
        if name:
            if name == binary:
                return "the binary's pages"
            if "/index/" in name or name.endswith((".idx", ".term", ".pos", ".store", ".fast", ".fieldnorm")):
                return "search index files"
            if name.endswith((".db", ".db-shm", ".db-wal")):
                return "SQLite files"
            return "other files (libraries, …)"
        if m["start"] in guard_ends:
            return "thread stacks"
        if any(m["start"] >= a and m["end"] <= a + ARENA for a in arena_starts):
            return "malloc thread arenas"
        return "other anonymous (mmap'd blocks)"

    rss, anon, count = defaultdict(int), defaultdict(int), defaultdict(int)
    for m in ms:
        k = kind(m)
        rss[k] += m.get("Rss", 0)
        anon[k] += m.get("Anonymous", 0)
        count[k] += 1
    print(f"{path}: resident {sum(rss.values()) / 1024:.1f} MB, anonymous {sum(anon.values()) / 1024:.1f} MB")
    for k in sorted(rss, key=lambda k: -rss[k]):
        if rss[k] == 0:
            continue
        print(f"  {k:<34} {rss[k] / 1024:6.1f} MB resident {anon[k] / 1024:6.1f} MB anonymous  ({count[k]} mappings)")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: bench/smaps-summary.py SMAPS_FILE...")
    for p in sys.argv[1:]:
        summarize(p)
