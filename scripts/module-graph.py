#!/usr/bin/env python3
"""The import graph of a crate's top-level modules, from `crate::` paths in its sources.

Prints the modules, the edges, every cycle (strongly connected group of more than one module)
and the imports from a module to the modules a layer file says are above it. With --check,
exits 1 if any cycle or upward import is found.

Usage: module-graph.py SRC_DIR [--layers FILE] [--check] [--scope NAME] [--edges]
"""
import argparse
import os
import re
import sys

# `crate::a`, `crate::{a, b::c}` (one level of braces is what rustfmt writes for us).
PATH = re.compile(r"\bcrate::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)", re.S)
SUPER = re.compile(r"\bsuper::(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)", re.S)
COMMENT = re.compile(r"//[^\n]*")


def top_module(src, path):
    rel = os.path.relpath(path, src)
    first = rel.split(os.sep)[0]
    return first[:-3] if first.endswith(".rs") else first


def names(group):
    if group.startswith("{"):
        out = []
        depth = 0
        part = ""
        for ch in group[1:-1]:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if ch == "," and depth == 0:
                out.append(part)
                part = ""
            else:
                part += ch
        out.append(part)
        return [p.strip().split("::")[0].strip() for p in out if p.strip()]
    return [group]


def graph(src):
    modules = set()
    edges = {}
    roots = {"lib", "main"}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(dirpath, f)
            m = top_module(src, path)
            if m in roots:
                continue
            modules.add(m)
            text = COMMENT.sub("", open(path, encoding="utf-8").read())
            targets = [n for g in PATH.findall(text) for n in names(g)]
            # `super::x` in a top-level file (or a folder's mod.rs) is the crate root.
            rel = os.path.relpath(path, src).split(os.sep)
            if len(rel) == 1 or rel[-1] == "mod.rs" and len(rel) == 2:
                targets += [n for g in SUPER.findall(text) for n in names(g)]
            for t in targets:
                if t in ("self", "*") or t == m:
                    continue
                edges.setdefault((m, t), 0)
                edges[(m, t)] += 1
    # Keep only edges to modules that exist (crate::SomeType re-exported at the root is the
    # root, which everything may use).
    top = {
        (e[:-3] if e.endswith(".rs") else e)
        for e in os.listdir(src)
        if e.endswith(".rs") or os.path.isdir(os.path.join(src, e))
    } - roots
    edges = {k: v for k, v in edges.items() if k[1] in top}
    return sorted(modules | top), edges


def cycles(modules, edges):
    """Tarjan's strongly connected components; groups of two or more are cycles."""
    adj = {m: sorted({b for (a, b) in edges if a == m}) for m in modules}
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in adj[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10000)
    for m in modules:
        if m not in index:
            visit(m)
    return sorted(out)


def pair_cycles(edges):
    """Two modules that import each other: the smallest cycles, named as the issue names them."""
    return sorted({tuple(sorted((a, b))) for (a, b) in edges if (b, a) in edges})


def read_layers(path):
    """Lines `module: lower lower ...`: the only crate modules `module` may import."""
    layers = {}
    if not path:
        return layers
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, below = line.partition(":")
        layers[name.strip()] = set(below.split())
    return layers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("--layers")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--edges", action="store_true")
    ap.add_argument("--scope", default="", help="the crate's name in the failure lines")
    a = ap.parse_args()
    modules, edges = graph(a.src)
    groups = cycles(modules, edges)
    pairs = pair_cycles(edges)
    layers = read_layers(a.layers)
    upward = sorted(
        (m, t) for (m, t) in edges if m in layers and t not in layers[m]
    )
    print(f"{a.src}: {len(modules)} modules, {len(edges)} imports between them "
          f"({sum(edges.values())} paths), {len(pairs)} pairs importing each other, "
          f"{len(groups)} cycle groups, {len(upward)} imports against the layers")
    if a.edges:
        for (m, t), n in sorted(edges.items()):
            print(f"  {m} -> {t} ({n})")
    for p in pairs:
        print(f"  cycle: {p[0]} <-> {p[1]}")
    for g in groups:
        print(f"  cycle group: {' '.join(g)}")
    for m, t in upward:
        print(f"  upward: {m} -> {t}")
    if not a.check:
        return 0
    found = {f"cycle {p[0]} {p[1]}" for p in pairs}
    found |= {f"group {' '.join(g)}" for g in groups}
    found |= {f"upward {m} {t}" for m, t in upward}
    for n in sorted(found):
        print(f"NEW (not allowed): {n}" + (f" in {a.scope}" if a.scope else ""))
    return 1 if found else 0

if __name__ == "__main__":
    sys.exit(main())
