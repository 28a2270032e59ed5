#!/usr/bin/env python3
"""Export the small slices of public repositories that generate.py needs.

Run this only when refreshing the snapshots; generate.py reads the JSON it writes and
never needs the repositories themselves.

    python3 export_sources.py \
        --eee   /path/to/evaleval/every_eval_ever      (a git directory or work tree) \
        --epoch /path/to/epoch-research/benchmark-stitching \
        --swebench /path/to/SWE-bench/swe-bench.github.io \
        --aider /path/to/Aider-AI/aider \
        --out   content/entity-sources/

Each option is optional; only the slices given are rewritten. The inputs are read with `git show HEAD:<path>` (bare mirrors are fine). Stdlib only.
Everything written records the commit it came from and the file each name was seen in.
"""

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, check=True).stdout


def head(repo):
    return git(repo, "rev-parse", "HEAD").decode().strip()


def files(repo):
    return git(repo, "ls-tree", "-r", "HEAD", "--name-only").decode().split("\n")


def show(repo, path):
    try:
        return git(repo, "show", f"HEAD:{path}").decode("utf-8", "replace")
    except subprocess.CalledProcessError:
        return ""  # e.g. an LFS object or a blob the snapshot does not carry


# ---------------------------------------------------------------------------------------
# Every Eval Ever
# ---------------------------------------------------------------------------------------

# Hugging Face / API namespaces of model developers. Anything else that looks like
# "a/b" in the repository (datasets, GitHub repos, paths) is ignored.
EEE_DEVELOPERS = {
    "openai", "anthropic", "google", "meta-llama", "meta", "qwen", "Qwen", "alibaba",
    "deepseek-ai", "deepseek", "microsoft", "moonshotai", "mistral", "mistralai", "01-ai",
    "xai", "x-ai", "nvidia", "eleutherai", "EleutherAI", "zai-org", "cohere",
}

MODEL_ID = re.compile(
    r"(?<![A-Za-z0-9._/-])([A-Za-z0-9][A-Za-z0-9-]{1,30})/([A-Za-z0-9][A-Za-z0-9._:-]{1,80})(?![A-Za-z0-9/])"
)

# HAL maps leaderboard display names to model ids; the display names are spellings too.
HAL_OVERRIDE = re.compile(r"^\s*'([^']+)':\s*'([a-z0-9-]+/[A-Za-z0-9._:-]+)',\s*$")

# Benchmark names as the adapters and fixtures spell them, with the file that must
# contain that exact spelling. The export checks each one and drops any that is absent.
EEE_BENCHMARKS = [
    ("Artificial Analysis Coding Index", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("Artificial Analysis Math Index", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("Artificial Analysis Intelligence Index", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("MMLU-Pro", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("GPQA", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("LiveCodeBench", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("SciCode", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("MATH-500", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("AIME", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("AIME 2025", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("IFBench", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("AA-LCR", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("Terminal-Bench Hard", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("tau2", "every_eval_ever/adapters/artificial_analysis/adapter.py"),
    ("AssistantBench", "every_eval_ever/adapters/hal/adapter.py"),
    ("CORE-Bench Hard", "every_eval_ever/adapters/hal/adapter.py"),
    ("GAIA", "every_eval_ever/adapters/hal/adapter.py"),
    ("Online Mind2Web", "every_eval_ever/adapters/hal/adapter.py"),
    ("Scicode", "every_eval_ever/adapters/hal/adapter.py"),
    ("ScienceAgentBench", "every_eval_ever/adapters/hal/adapter.py"),
    ("SWE-bench Verified Mini", "every_eval_ever/adapters/hal/adapter.py"),
    ("TAU-bench Airline", "every_eval_ever/adapters/hal/adapter.py"),
    ("USACO", "every_eval_ever/adapters/hal/adapter.py"),
    ("IFEval", "every_eval_ever/adapters/hfopenllm_v2/adapter.py"),
    ("BBH", "every_eval_ever/adapters/hfopenllm_v2/adapter.py"),
    ("MATH Level 5", "every_eval_ever/adapters/hfopenllm_v2/adapter.py"),
    ("MUSR", "every_eval_ever/adapters/hfopenllm_v2/adapter.py"),
    ("MMLU-PRO", "every_eval_ever/adapters/hfopenllm_v2/adapter.py"),
    ("Humanity's Last Exam", "every_eval_ever/adapters/hle/adapter.py"),
    ("RewardBench", "every_eval_ever/adapters/rewardbench/adapter.py"),
    ("RewardBench 2", "every_eval_ever/adapters/rewardbench/adapter.py"),
    ("SWE-bench Verified", "every_eval_ever/adapters/swe_bench_verified/adapter.py"),
    ("MT-Bench", "every_eval_ever/adapters/mt_bench/adapter.py"),
    ("Multi-SWE-bench", "every_eval_ever/adapters/multi_swe_bench/adapter.py"),
    ("SWE-PolyBench", "every_eval_ever/adapters/swe_polybench/adapter.py"),
    ("Terminal-Bench 2.0", "every_eval_ever/adapters/terminal_bench_2/adapter.py"),
    ("Global MMLU Lite", "every_eval_ever/adapters/global_mmlu_lite/adapter.py"),
    ("ARC-AGI-1", "every_eval_ever/adapters/arc_agi/adapter.py"),
    ("ARC-AGI-2", "tests/test_arc_agi_adapter.py"),
    ("BFCL", "every_eval_ever/adapters/README.md"),
    ("CocoaBench", "every_eval_ever/adapters/cocoabench/adapter.py"),
    ("SciArena", "every_eval_ever/adapters/sciarena/adapter.py"),
    ("LEXam", "every_eval_ever/adapters/lexam/adapter.py"),
    ("LiveCodeBench Pro", "README.md"),
    ("Vectara Hallucination Leaderboard", "every_eval_ever/adapters/vectara_hallucination_leaderboard/adapter.py"),
    ("Finance Agent", "tests/data/vals_ai/finance_agent_payload.json"),
    ("APEX-Agents", "tests/data/mercor_eval/api_payload.json"),
    ("AA-Omniscience", "every_eval_ever/adapters/llm_stats/adapter.py"),
    ("Vending-Bench 2", "every_eval_ever/adapters/llm_stats/adapter.py"),
    ("HELM Capabilities", "every_eval_ever/adapters/catalog.py"),
    ("HELM Lite", "every_eval_ever/adapters/catalog.py"),
    ("HELM Classic", "every_eval_ever/adapters/catalog.py"),
    ("HELM Instruct", "every_eval_ever/adapters/catalog.py"),
    ("HELM MMLU", "every_eval_ever/adapters/catalog.py"),
    ("HellaSwag", "tests/data/helm/commonsense-dataset=hellaswag,method=multiple_choice_joint,model=eleutherai_pythia-1b-v0/run_spec.json"),
    ("NarrativeQA", "tests/data/helm/narrative_qa-model=openai_gpt2/run_spec.json"),
    ("GSM8K", "every_eval_ever/helpers/schema.py"),
    ("CVE-Bench", "tests/test_inspect_edge_cases.py"),
]

# catalog.py spells the HELM leaderboards HELM_Lite etc.; accept that spelling as the proof.
SPELLING_IN_FILE = {name: name.replace(" ", "_") for name, _ in EEE_BENCHMARKS if name.startswith("HELM ")}


def export_eee(repo):
    commit = head(repo)
    models = {}
    for path in files(repo):
        if not path or path.endswith(("uv.lock", ".html")):
            continue
        text = show(repo, path)
        for m in MODEL_ID.finditer(text):
            dev, model = m.group(1), m.group(2).rstrip(".:-")
            if dev in EEE_DEVELOPERS:
                models.setdefault(f"{dev}/{model}", set()).add(path)
    hal = "every_eval_ever/adapters/hal/adapter.py"
    display = []
    for line in show(repo, hal).splitlines():
        m = HAL_OVERRIDE.match(line)
        if m:
            display.append({"display": m.group(1), "model": m.group(2), "path": hal})
    benchmarks = []
    for name, path in EEE_BENCHMARKS:
        text = show(repo, path)
        if name in text or SPELLING_IN_FILE.get(name, "\0") in text:
            benchmarks.append({"name": name, "path": path})
        else:
            print(f"eee: {name!r} not found in {path}; left out", file=sys.stderr)
    return {
        "repository": "https://github.com/evaleval/every_eval_ever",
        "commit": commit,
        "license": "MIT",
        "models": [{"id": k, "paths": sorted(v)} for k, v in sorted(models.items())],
        "model_display_names": sorted(display, key=lambda d: (d["model"], d["display"])),
        "benchmarks": benchmarks,
    }


# ---------------------------------------------------------------------------------------
# Epoch AI, benchmark-stitching ("A Rosetta Stone for AI Benchmarks")
# ---------------------------------------------------------------------------------------

EPOCH_NAME = re.compile(r'^df_\w+\["benchmark"\]\s*=\s*"([^"]+)"', re.M)


def export_epoch(repo):
    commit = head(repo)
    loader = "data_loader.py"
    names = [{"name": n, "path": loader} for n in EPOCH_NAME.findall(show(repo, loader))]
    runs = "data/benchmarks_runs.csv"
    tasks = sorted({row["task"].strip() for row in csv.DictReader(io.StringIO(show(repo, runs).lstrip("\ufeff")))})
    names += [{"name": t, "path": runs} for t in tasks]
    versions = "data/model_versions.csv"
    models = []
    for row in csv.DictReader(io.StringIO(show(repo, versions).lstrip("\ufeff"))):
        model = (row.get("Model") or "").strip()
        if not model:
            continue
        models.append({
            "version": row["id"].strip(),
            "model": model,
            "hf_developer": (row.get("Hugging Face developer id") or "").strip(),
            "path": versions,
        })
    models.sort(key=lambda m: (m["model"], m["version"]))
    return {
        "repository": "https://github.com/epoch-research/benchmark-stitching",
        "commit": commit,
        "license": "MIT (Copyright (c) 2025 Epoch AI)",
        "benchmarks": names,
        "models": models,
    }


# ---------------------------------------------------------------------------------------
# SWE-bench's leaderboards (swebench.com): agent systems and the boards' benchmarks
# ---------------------------------------------------------------------------------------

SWEBENCH_FILE = "data/leaderboards.json"


def export_swebench(repo):
    """The boards, and each row whose tags do not name exactly one model: such a row measures
    an agent system (Amazon Q Developer Agent, Refact.ai Agent), which is what a vendor's claim
    about it names. Rows with one model tag are results on that model (results/swebench.rs)."""
    # A snapshot may list the newest blob without carrying it (the file is several MB): read
    # the newest version the snapshot has, and record which.
    commit, text = None, ""
    for c in git(repo, "log", "--format=%H", "--", SWEBENCH_FILE).decode().split():
        try:
            text = git(repo, "show", f"{c}:{SWEBENCH_FILE}").decode("utf-8", "replace")
        except subprocess.CalledProcessError:
            continue
        commit = c
        break
    if commit is None:
        sys.exit(f"{repo}: no commit carries {SWEBENCH_FILE}")
    data = json.loads(text)
    boards, systems, rows = [], [], []
    for board in data.get("leaderboards", []):
        bname = str(board.get("name", "")).strip()
        if not bname:
            continue
        boards.append(bname)
        for row in board.get("results", []):
            name = str(row.get("name", "")).strip()
            tags = [str(t) for t in row.get("tags") or [] if isinstance(t, str)]
            if name:
                rows.append({"board": bname, "name": name, "tags": tags})
            models = sorted({t.split(":", 1)[1].strip().lower() for t in tags if t.startswith("Model:")})
            if not name or len(models) == 1:
                continue
            orgs = sorted({t.split(":", 1)[1].strip() for t in tags if t.startswith("Org:")})
            systems.append({"name": name, "board": bname, "orgs": orgs, "models": len(models)})
    systems.sort(key=lambda r: (r["name"], r["board"]))
    return {
        "repo": "https://github.com/SWE-bench/swe-bench.github.io",
        "commit": commit,
        "path": SWEBENCH_FILE,
        "license": "CC BY-NC 4.0 (swebench.com); names only are used",
        "boards": sorted(set(boards)),
        "systems": systems,
        # Every row's name and tags, as the product's adapter reads them: the names the
        # coverage check (server/src/results/coverage.rs) resolves.
        "rows": sorted(rows, key=lambda r: (r["board"], r["name"])),
        # generate.py's summary line counts these two lists.
        "models": systems,
        "benchmarks": sorted(set(boards)),
    }


# ---------------------------------------------------------------------------------------
# Aider's leaderboards (aider.chat/docs/leaderboards/): the rows' model names and API ids
# ---------------------------------------------------------------------------------------

# The leaderboard files, each with the benchmark it ranks: the polyglot benchmark (225 Exercism
# exercises in six languages, since December 2024) and the earlier code editing benchmark (133
# Python exercises). They are different benchmarks.
AIDER_FILES = {
    "aider/website/_data/polyglot_leaderboard.yml": "Aider polyglot",
    "aider/website/_data/edit_leaderboard.yml": "Aider code editing",
}
AIDER_ENTRY = re.compile(r"^- dirname:", re.M)
AIDER_FIELD = re.compile(r"^\s+(model|edit_format|command):\s*(.*?)\s*$", re.M)
AIDER_COMMAND_MODEL = re.compile(r"--model\s+(\S+)")


def export_aider(repo):
    """Each row's `model` (the name the leaderboard shows and the product stores), its edit
    format and the model id its `command` passed to aider. The files are flat lists of
    `key: value` maps, read without a YAML parser (stdlib only)."""
    rows, files_read = [], {}
    for path, benchmark in AIDER_FILES.items():
        text = show(repo, path)
        if not text:
            sys.exit(f"{repo}: HEAD does not carry {path}")
        files_read[path] = git(repo, "log", "-1", "--format=%H", "--", path).decode().strip()
        for chunk in AIDER_ENTRY.split(text)[1:]:
            fields = {k: v.strip().strip("'\"") for k, v in AIDER_FIELD.findall(chunk)}
            name = fields.get("model", "")
            if not name:
                continue
            cmd = AIDER_COMMAND_MODEL.search(fields.get("command", ""))
            rows.append({
                "file": path,
                "benchmark": benchmark,
                "model": name,
                "edit_format": fields.get("edit_format", ""),
                "command_model": cmd.group(1) if cmd else "",
            })
    rows.sort(key=lambda r: (r["benchmark"], r["model"], r["edit_format"], r["command_model"]))
    return {
        "repo": "https://github.com/Aider-AI/aider",
        "commit": head(repo),
        "files": files_read,
        "license": "Apache-2.0 (the repository's LICENSE.txt); names only are used",
        "rows": rows,
        # generate.py's summary line counts these two lists.
        "models": rows,
        "benchmarks": sorted(set(AIDER_FILES.values())),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eee")
    ap.add_argument("--epoch")
    ap.add_argument("--swebench")
    ap.add_argument("--aider")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "content", "entity-sources"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    jobs = [(name, fn, repo) for name, fn, repo in (
        ("every_eval_ever.json", export_eee, a.eee),
        ("epoch_benchmark_stitching.json", export_epoch, a.epoch),
        ("swebench.json", export_swebench, a.swebench),
        ("aider.json", export_aider, a.aider),
    ) if repo]
    if not jobs:
        ap.error("give at least one of --eee, --epoch, --swebench, --aider")
    for name, fn, repo in jobs:
        data = fn(repo)
        with open(os.path.join(a.out, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")
        print(f"wrote {name}: {len(data['models'])} model or system rows, {len(data['benchmarks'])} benchmark names @ {data['commit'][:12]}")


if __name__ == "__main__":
    main()
