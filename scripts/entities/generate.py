#!/usr/bin/env python3
"""Build content/entities-public.toml: canonical models and benchmarks from public sources.

    scripts/entities/generate.py --check        # from the repository root; writes content/

Inputs (all local, in content/entity-sources/; refresh them with scripts/entities/export_sources.py):
  every_eval_ever.json            model ids and benchmark names from evaleval/every_eval_ever
  epoch_benchmark_stitching.json  benchmark names and model versions from epoch-research/benchmark-stitching
  curated.json                    Korean vendors' models, Hugging Face ids, Korean spellings, each with its URL
  swebench.json                   SWE-bench's boards and the rows that measure an agent system, not one model
A spelling read only on a site of the claim evaluation's sealed test split is left out.

Outputs:
  content/entities-public.toml                   same schema as content/entities.toml plus `source`
  content/entity-sources/suggested-aliases.toml  spellings for entities the editors' file has (not applied)

Rules: an entity whose id, name or any alias (compared as the Rust `fold` compares them) is in
the editors' file is not emitted; aliases of one canonical entity from several sources are merged;
an alias that two entities of the same kind would share is dropped (and printed); aliases that are
bare common words, or shorter than 3 characters without a digit, are refused. Output is sorted and
byte-for-byte deterministic for the same inputs. Stdlib only (Python 3.11+ for tomllib).
"""

import argparse
import json
import os
import re
import sys
import tomllib
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CONTENT = os.path.join(ROOT, "content")
SOURCES = os.path.join(CONTENT, "entity-sources")
EVAL_SET = os.path.join(CONTENT, "eval", "claims.jsonl")


sys.path.insert(0, os.path.join(ROOT, "scripts", "eval"))
from sites import site  # noqa: E402


def sealed_sites():
    """Sites of the claim evaluation's sealed test split: never a source of a spelling, or the
    test would no longer be text no rule has seen."""
    out = set()
    if os.path.exists(EVAL_SET):
        with open(EVAL_SET, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    if r.get("split") == "test":
                        out.add(site(r["src"]))
    return out

# ---------------------------------------------------------------------------------------
# Matching semantics, mirrored from server/src/claims/entities.rs
# ---------------------------------------------------------------------------------------

FOLD_DROP = set("-‐‑‒–—_'’()[]")


def fold(name):
    """The comparison key of a name: lowercase, without spaces, hyphens, apostrophes, brackets."""
    return "".join(c for c in name if not c.isspace() and c not in FOLD_DROP).lower()


def has_digit(s):
    return any(c.isdigit() for c in s)


def is_hangul(s):
    return any("\uac00" <= c <= "\ud7a3" for c in s)


def slug(name):
    s = unicodedata.normalize("NFKD", name.replace("τ", "tau"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace(".", "-")
    s = re.sub(r"[^0-9a-z\uac00-\ud7a3]+", "-", s)
    return s.strip("-")


# Single words that are not names on their own (the matcher would find them in any text).
COMMON_WORDS = {
    "pro", "mini", "chat", "turbo", "max", "plus", "ultra", "flash", "nano", "lite", "light",
    "base", "instruct", "large", "small", "medium", "preview", "vision", "code", "coder",
    "thinking", "think", "reasoning", "reasoner", "fast", "deep", "research", "agent",
    "assistant", "omni", "open", "next", "exp", "latest", "beta", "sonnet", "opus", "haiku",
    "scout", "maverick", "behemoth", "codex", "seed", "air", "edge", "core", "embed",
    "instant", "chinchilla", "gopher", "sonar", "arc", "helm", "index", "leaderboard", "bench",
    "benchmark", "model", "models", "expert",
}
# Multi-word phrases that are ordinary English.
COMMON_PHRASES = {"finance agent", "deep research", "computer use", "open model"}
# Korean words that are ordinary words (믿음 = belief, 라마 = lama/llama, 파이 = pie/pi, ...),
# or company names that would turn every mention of the company into a model.
KOREAN_STOP = {"믿음", "라마", "파이", "딥시크", "미스트랄", "에이닷", "오픈", "시드", "싱크", "딥"}


# A Hangul syllable block is a whole consonant-vowel(-consonant) syllable, so a two-syllable
# Korean name (젬마, 큐웬, 그록) is as distinctive as a 4-6 letter Latin one; --strict-length
# applies the 3-character rule to Hangul too.
STRICT_LENGTH = False


def alias_problem(alias):
    a = alias.strip()
    f = fold(a)
    if not f:
        return "empty"
    hangul_ok = not STRICT_LENGTH and len(f) >= 2 and all("\uac00" <= c <= "\ud7a3" for c in f)
    if len(f) < 3 and not has_digit(f) and not hangul_ok:
        return "shorter than 3 characters without a digit"
    words = [w for w in re.split(r"[\s\-‑]+", a) if w]
    if a.lower() in COMMON_PHRASES:
        return "ordinary phrase"
    if len(words) == 1 and not has_digit(a):
        if a.lower() in COMMON_WORDS:
            return "bare common word"
        if a in KOREAN_STOP:
            return "ordinary Korean word or company name"
        if not is_hangul(a) and a == a.lower():
            return "lower-case single word (would match case-insensitively)"
    return None


# ---------------------------------------------------------------------------------------
# Vendors
# ---------------------------------------------------------------------------------------

VENDOR_BY_NAME = [  # first match wins; order matters (GPT-J before GPT, Nemotron before Llama)
    (r"^(GPT-J|GPT-Neo|Pythia)", "EleutherAI"),
    (r"^Cerebras-GPT", "Cerebras"),
    (r"Nemotron|^NVILA|^NVLM", "NVIDIA"),
    (r"^Hermes", "Nous Research"),
    (r"^(GPT|gpt-|o\d|ChatGPT|InstructGPT|Computer-Using Agent|text-embedding-)", "OpenAI"),
    (r"^Claude", "Anthropic"),
    (r"^(Chinchilla|Gopher)", "Google DeepMind"),
    (r"^(Gemini|Gemma|PaLM|GLaM|T5-)", "Google"),
    (r"^(Llama|LLaMA|OPT-)", "Meta"),
    (r"^Grok", "xAI"),
    (r"^(Qwen|QwQ|QWQ|QVQ)", "Alibaba"),
    (r"^DeepSeek", "DeepSeek"),
    (r"^(Mistral|Mixtral|Ministral|Codestral|Magistral|Devstral|Pixtral)", "Mistral AI"),
    (r"^Phi-", "Microsoft"),
    (r"^Kimi", "Moonshot AI"),
    (r"^(GLM|ChatGLM)", "Zhipu AI"),
    (r"^(Command|Cohere|Aya)", "Cohere"),
    (r"^Amazon Nova", "Amazon"),
    (r"^(Jamba|Jurassic)", "AI21 Labs"),
    (r"^Yi-", "01.AI"),
    (r"^Falcon", "TII"),
    (r"^OLMo", "Ai2"),
    (r"^Granite", "IBM"),
    (r"^MiniMax", "MiniMax"),
    (r"^ERNIE", "Baidu"),
    (r"^Doubao", "ByteDance"),
    (r"^(DBRX|Dolly)", "Databricks"),
    (r"^MPT-", "MosaicML"),
    (r"^BLOOM", "BigScience"),
    (r"^Baichuan", "Baichuan"),
    (r"^Inflection", "Inflection AI"),
    (r"^(BLIP|XGen)", "Salesforce"),
    (r"^InternVL", "Shanghai AI Laboratory"),
    (r"^EXAONE", "LG AI Research"),
    (r"^(SOLAR|Solar)", "Upstage"),
    (r"^Megatron-Turing", "Microsoft and NVIDIA"),
    (r"^INTELLECT", "Prime Intellect"),
    (r"^Eurus", "PRIME-RL"),
    (r"^Reka", "Reka AI"),
    (r"^Stable Beluga", "Stability AI"),
    (r"^StarCoder", "BigCode"),
    (r"^Vicuna", "LMSYS"),
    (r"^WizardLM", "Microsoft"),
    (r"^Mathstral", "Mistral AI"),
]
VENDOR_BY_HF = {
    "meta-llama": "Meta", "facebook": "Meta", "google": "Google", "mistralai": "Mistral AI",
    "Qwen": "Alibaba", "deepseek-ai": "DeepSeek", "microsoft": "Microsoft", "01-ai": "01.AI",
    "tiiuae": "TII", "EleutherAI": "EleutherAI", "databricks": "Databricks", "mosaicml": "MosaicML",
    "bigscience": "BigScience", "baichuan-inc": "Baichuan", "Salesforce": "Salesforce",
    "moonshotai": "Moonshot AI", "nvidia": "NVIDIA", "allenai": "Ai2", "CohereForAI": "Cohere",
    "THUDM": "Zhipu AI", "MiniMaxAI": "MiniMax", "LGAI-EXAONE": "LG AI Research",
    "NousResearch": "Nous Research", "OpenGVLab": "Shanghai AI Laboratory", "upstage": "Upstage",
    "openai-community": "OpenAI", "cerebras": "Cerebras", "PrimeIntellect": "Prime Intellect",
}


def vendor_for(name, hf_developer=""):
    for pattern, vendor in VENDOR_BY_NAME:
        if re.search(pattern, name):
            return vendor
    return VENDOR_BY_HF.get(hf_developer)


# ---------------------------------------------------------------------------------------
# Model id normalisation
# ---------------------------------------------------------------------------------------

DATE_SUFFIX = re.compile(
    r"-(\d{4}-\d{2}-\d{2}|\d{8}|\d{2}-\d{2}-\d{4}|\d{2}-\d{4}|\d{2}-\d{2}|\d{4}|\d{3})$"
)
SETTING_SUFFIX = re.compile(r"-(non-reasoning|high|low|medium|minimal|xhigh)$")
VARIANT_SUFFIX = re.compile(r"-(instruct|it|chat|hf|base|preview|exp|latest|beta|versatile|fp8|tput)$")
EPOCH_SETTING = re.compile(r"_(high|low|medium|minimal|xhigh|thinking|\d+[kK])$")


def strip_suffixes(s, keep_exp=False):
    s = s.lower()
    while True:
        before = s
        s = DATE_SUFFIX.sub("", s)
        s = SETTING_SUFFIX.sub("", s)
        if not (keep_exp and s.endswith("-exp")):
            s = VARIANT_SUFFIX.sub("", s)
        if re.search(r"\d+b", s):  # "-v0.1" after a size is a weights revision, "deepseek-v3" is a name
            s = re.sub(r"-v\d+(\.\d+)?$", "", s)
        if re.match(r"^(gemini|claude)", s):
            s = re.sub(r"-thinking$", "", s)
        if s == before:
            return s


def version_key(version):
    """Key of an Epoch version id with its date, setting and variant suffixes removed."""
    v = version.strip().split("/")[-1]
    v = re.sub(r"\s*\(.*?\)", "", v)
    if ":" in v:
        return None  # ollama tags and Bedrock ids are deployments, not names
    v = EPOCH_SETTING.sub("", v)
    v = strip_suffixes(v)
    v = re.sub(r"^meta-(llama)", r"\1", v)
    return re.sub(r"[^a-z0-9]", "", v)


def name_key(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


SIZE = lambda t: t.upper() if re.fullmatch(r"\d+(\.\d+)?[bmk]", t) else t  # noqa: E731


def dotted(tokens):
    """['3', '5'] -> '3.5'; ['4', '0'] -> '4'; ['4.5'] -> '4.5'."""
    if len(tokens) == 2 and all(re.fullmatch(r"\d", t) for t in tokens):
        return tokens[0] if tokens[1] == "0" else f"{tokens[0]}.{tokens[1]}"
    if len(tokens) == 1 and re.fullmatch(r"\d+(\.\d+)?", tokens[0]):
        return tokens[0]
    return None


def eee_name(model):
    """Canonical display name for the model part of an EEE "developer/model" id, or None."""
    s = strip_suffixes(model.split(":")[0], keep_exp=True)
    s = re.sub(r"^meta-(llama)", r"\1", s)
    if s == "gpt2":
        return "GPT-2"
    m = re.fullmatch(r"gpt-oss-(\d+b)", s)
    if m:
        return f"gpt-oss-{m.group(1)}"
    m = re.fullmatch(r"gpt-(\d+(?:\.\d+)?)(o?)(?:-(mini|nano|turbo|pro))?", s)
    if m:
        tail = {"mini": " mini", "nano": " nano", "turbo": " Turbo", "pro": " Pro", None: ""}[m.group(3)]
        return f"GPT-{m.group(1)}{m.group(2)}{tail}"
    m = re.fullmatch(r"o(\d)(-mini|-pro)?", s)
    if m:
        return s
    m = re.fullmatch(r"claude-(.+)", s)
    if m:
        tokens = re.split(r"[-\s]", m.group(1))
        tiers = [t for t in tokens if t in ("opus", "sonnet", "haiku")]
        nums = [t for t in tokens if t not in ("opus", "sonnet", "haiku")]
        ver = dotted(nums)
        if len(tiers) != 1 or ver is None:
            return None
        tier = tiers[0].capitalize()
        return f"Claude {ver} {tier}" if float(ver) < 4 else f"Claude {tier} {ver}"
    m = re.fullmatch(r"gemini-(\d+(?:\.\d+)?)-(pro|flash|flash-lite|ultra|nano)(?:-(?:preview|exp|thinking))*", s)
    if m:
        tier = {"flash-lite": "Flash-Lite"}.get(m.group(2), m.group(2).capitalize())
        return f"Gemini {m.group(1)} {tier}"
    m = re.fullmatch(r"gemma-(\d+(?:\.\d+)?)-(\d+b)", s)
    if m:
        return f"Gemma {m.group(1)} {SIZE(m.group(2))}"
    m = re.fullmatch(r"gemma-(\d+b)", s)
    if m:
        return f"Gemma {SIZE(m.group(1))}"
    m = re.fullmatch(r"llama-(\d\.\d)-nemotron-(super|ultra|nano)-(\d+b)", s)
    if m:
        return f"Llama {m.group(1)} Nemotron {m.group(2).capitalize()} {SIZE(m.group(3))}"
    m = re.fullmatch(r"llama-?(\d)(?:[.-](\d))?-(\d+b)", s)
    if m:
        ver = m.group(1) + (f".{m.group(2)}" if m.group(2) else "")
        return f"Llama {ver} {SIZE(m.group(3))}"
    m = re.fullmatch(r"llama-(\d)-(scout|maverick|behemoth)(?:-\d+b-\d+e)?", s)
    if m:
        return f"Llama {m.group(1)} {m.group(2).capitalize()}"
    m = re.fullmatch(r"(qwen[\d.]*|qwq)((?:-[a-z0-9.]+)*)", s)
    if m:
        head = "QwQ" if m.group(1) == "qwq" else "Qwen" + m.group(1)[4:]
        parts = [head]
        for t in m.group(2).split("-")[1:]:
            if re.fullmatch(r"a?\d+(\.\d+)?b", t):
                parts.append(t.upper())
            elif t in ("next", "coder", "vl", "max", "plus", "turbo"):
                parts.append(t.upper() if t == "vl" else t.capitalize())
            else:
                return None
        return "-".join(parts)
    m = re.fullmatch(r"deepseek-(r\d|v[\d.]+)(-exp)?", s)
    if m:
        return f"DeepSeek-{m.group(1).upper()}{'-Exp' if m.group(2) else ''}"
    m = re.fullmatch(r"phi-(\d+(?:\.\d+)?)", s)
    if m:
        return f"Phi-{m.group(1)}"
    m = re.fullmatch(r"ministral-(\d+b)", s)
    if m:
        return f"Ministral {SIZE(m.group(1))}"
    m = re.fullmatch(r"kimi-(k[\d.]+)(-thinking)?", s)
    if m:
        return f"Kimi {m.group(1).upper()}{' Thinking' if m.group(2) else ''}"
    m = re.fullmatch(r"grok-(\d)(?:-(\d))?(?:-(fast|mini))?", s)
    if m:
        ver = m.group(1) + (f".{m.group(2)}" if m.group(2) else "")
        return f"Grok {ver}{' ' + m.group(3).capitalize() if m.group(3) else ''}"
    m = re.fullmatch(r"yi-([\d.]+)-(\d+b)", s)
    if m:
        return f"Yi-{m.group(1)}-{SIZE(m.group(2))}"
    m = re.fullmatch(r"pythia-(\d+[mb])", s)
    if m:
        return f"Pythia {SIZE(m.group(1))}"
    return None


# Ids the EEE scan finds that are not models, are test fixtures, or would mislead.
EEE_EXCLUDE = {
    "openai/azure": "deployment platform", "openai/aws": "deployment platform", "openai/gcp": "deployment platform",
    "openai/Azure": "deployment platform", "anthropic/bedrock": "deployment platform",
    "anthropic/vertex": "deployment platform", "google/vertex": "deployment platform",
    "openai/bad-score": "test fixture", "openai/gpt-test": "test fixture", "google/gemma-blocked": "test fixture",
    "google/gemma-clean": "test fixture", "anthropic/claude-fable-5-high": "test fixture (no such model)",
    "deepseek-ai/DeepSeek-V1-0324": "test fixture (no such model)", "qwen/qwen3-8b-": "truncated id",
    "microsoft/Phi-4-": "truncated id", "google/gemini-2.5-flash-lite-": "truncated id",
    "anthropic/claude-haiku-4-1": "HAL mapping to a model Anthropic never released",
    "anthropic/claude-sonnet-4-1": "HAL mapping to a model Anthropic never released",
    "google/gemini-flash-3.0": "CocoaBench label, not a Google model id",
    "deepseek/deepseek-reasoner": "API alias that has pointed at several models",
    "mistral/mistral-large-latest": "moving API alias", "mistral/mistral-small-latest": "moving API alias",
    "mistral/Mistral-Large-2411": "snapshot of Mistral Large 2 (editors' file has it)",
    "openai/codex": "product name shared by several models", "openai/deep-research": "product, not a model",
    "openai/chatgpt-agent": "product, not a model", "anthropic/claude-code": "product, not a model",
    "openai/gpt-oss": "family without size", "openai/gsm8k": "dataset", "google/IFEval": "dataset",
    "microsoft/Phi": "family without version", "alibaba/qwen3-next": "family without size",
    "qwen/qwen3": "family (editors' file has Qwen3)",
}

# Epoch "Model" names left out (ambiguous today).
EPOCH_NAME_EXCLUDE = {
    "Codex": "now also the name of a 2025 OpenAI coding agent",
    "s1": "two characters, and a common label (S1, s1) outside AI",
    "Computer-Using Agent": "also an ordinary phrase (\"a computer-using agent\")",
}
EPOCH_NAME_FIX = {"mathstral": "Mathstral"}


def clean_epoch_name(name):
    n = EPOCH_NAME_FIX.get(name.strip(), name.strip())
    n = re.sub(r"^phi-", "Phi-", n)
    n = re.sub(r"\s*\((?=[^)]*[^\dBMK.)])[^)]*\)(?=\s+\S)", "", n)  # a parenthetical mid-name
    n = re.sub(r"^(Llama \d(?:\.\d)?)-(\d+B)$", r"\1 \2", n)
    m = re.fullmatch(r"(.*\S)\s*\((\d+(?:\.\d+)?[BMK])\)", n)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    m = re.fullmatch(r"(.*\S)\s*\([^)]*\)", n)
    if m:
        return m.group(1)
    return n


# ---------------------------------------------------------------------------------------
# Benchmarks: renames that join a source's spelling to one canonical entity
# ---------------------------------------------------------------------------------------

BENCH_CANON = {
    "tau2": ("τ²-Bench", ["tau2-bench", "τ2-bench"]),
    "ARC-AGI-1": ("ARC-AGI", []),
    "Aider polyglot": ("Aider Polyglot", []),
    "Factorio learning environment": ("Factorio Learning Environment", []),
    "Terminal Bench": ("Terminal-Bench", []),
    "MUSR": ("MuSR", []),
    "Scicode": ("SciCode", []),
    "MATH level 5": ("MATH Level 5", []),
    "FrontierMath-2025-02-28-Private": ("FrontierMath", []),
    "FrontierMath-2025-02-28-Public": ("FrontierMath", []),
    "FrontierMath-Tier-4-2025-07-01-Private": ("FrontierMath Tier 4", []),
    "FrontierMath-Tier-4-2025-07-01-Public": ("FrontierMath Tier 4", []),
    "OTIS Mock AIME 2024-2025": ("OTIS Mock AIME 2024-2025", ["OTIS Mock AIME"]),
    "The Agent Company": ("TheAgentCompany", []),
}
BENCH_EXCLUDE = {"Finance Agent": "two ordinary words; Vals AI's name needs its publisher to be unambiguous"}


# ---------------------------------------------------------------------------------------
# Collection
# ---------------------------------------------------------------------------------------

class Entity:
    def __init__(self, kind, id_, name, vendor=None):
        self.kind, self.id, self.name, self.vendor = kind, id_, name, vendor
        self.aliases = {}  # fold -> (alias, source)
        self.sources = set()

    def add(self, alias, source, log):
        alias = alias.strip()
        problem = alias_problem(alias)
        if problem:
            log.append(f"refused alias {alias!r} for {self.kind} {self.id}: {problem}")
            return
        self.aliases.setdefault(fold(alias), (alias, source))
        self.sources.add(source)


class Registry:
    def __init__(self):
        self.by_key = {}  # (kind, id) -> Entity
        self.name_index = {}  # (kind, fold(name)) -> id
        self.log = []

    def entity(self, kind, id_, name, vendor, source):
        problem = alias_problem(name)
        if problem:
            self.log.append(f"refused {kind} {name!r} ({source}): {problem}")
            return None
        key = self.name_index.get((kind, fold(name)), id_)
        e = self.by_key.get((kind, key))
        if e is None:
            e = self.by_key[(kind, key)] = Entity(kind, key, name, vendor)
            self.name_index[(kind, fold(name))] = key
        if vendor and not e.vendor:
            e.vendor = vendor
        e.add(name, source, self.log)
        return e


def load_json(name):
    with open(os.path.join(SOURCES, name), encoding="utf-8") as f:
        return json.load(f)


def collect(reg):
    counts = defaultdict(int)

    cur = load_json("curated.json")
    sealed = sealed_sites()
    for c in cur["entities"]:
        aliases = [(a, f"curated: {cur['urls'][k]}") for a, k in c["aliases"]
                   if site(cur["urls"][k]) not in sealed]
        dropped = len(c["aliases"]) - len(aliases)
        if dropped:
            reg.log.append(f"{c['id']}: {dropped} spelling(s) read on a sealed test site left out")
            counts[("sealed-site spellings left out", c["kind"])] += dropped
        if not aliases:
            continue
        e = reg.entity(c["kind"], c["id"], c["name"], c.get("vendor"), aliases[0][1])
        if e is None:
            continue
        for a, s in aliases:
            e.add(a, s, reg.log)
        counts[("curated", c["kind"])] += 1

    eee = load_json("every_eval_ever.json")
    tag = f"every_eval_ever@{eee['commit'][:12]}"
    display = defaultdict(list)
    for d in eee["model_display_names"]:
        display[d["model"]].append(d)
    for m in eee["models"]:
        raw = m["id"]
        dev, model = raw.split("/", 1)
        if raw in EEE_EXCLUDE:
            reg.log.append(f"eee: left out {raw}: {EEE_EXCLUDE[raw]}")
            continue
        name = eee_name(model)
        vendor = maker_of(reg, "eee", raw, name)
        if not vendor:
            continue
        src = f"{tag}:{m['paths'][0]}"
        e = reg.entity("model", slug(name), name, vendor, src)
        if e is None:
            continue
        if not SETTING_SUFFIX.search(model.lower()) and ":" not in model:
            e.add(model, src, reg.log)
        for d in display.get(raw, []):
            e.add(d["display"], f"{tag}:{d['path']}", reg.log)
        if name.startswith("Claude "):
            parts = name.split()
            ver, tier = (parts[1], parts[2]) if parts[1][0].isdigit() else (parts[2], parts[1])
            variant = f"{src} (word-order variant of {name})"
            e.add(f"{tier} {ver}", variant, reg.log)
            e.add(f"Claude {tier} {ver}" if parts[1][0].isdigit() else f"Claude {ver} {tier}", variant, reg.log)
        counts[("every_eval_ever", "model")] += 1
    for b in eee["benchmarks"]:
        add_benchmark(reg, b["name"], f"{tag}:{b['path']}")
        counts[("every_eval_ever", "benchmark")] += 1

    ep = load_json("epoch_benchmark_stitching.json")
    tag = f"epoch-ai benchmark-stitching@{ep['commit'][:12]}"
    for b in ep["benchmarks"]:
        add_benchmark(reg, b["name"], f"{tag}:{b['path']}")
        counts[("epoch", "benchmark")] += 1
    for m in ep["models"]:
        name = clean_epoch_name(m["model"])
        if name in EPOCH_NAME_EXCLUDE:
            reg.log.append(f"epoch: left out {name}: {EPOCH_NAME_EXCLUDE[name]}")
            continue
        vendor = vendor_for(name, m["hf_developer"])
        if not vendor:
            reg.log.append(f"epoch: no vendor for {name} ({m['version']}); left out")
            continue
        src = f"{tag}:{m['path']}"
        e = reg.entity("model", slug(name), name, vendor, src)
        if e is None:
            continue
        if version_key(m["version"]) == name_key(name):
            v = EPOCH_SETTING.sub("", re.sub(r"\s*\(.*?\)", "", m["version"].strip().split("/")[-1]))
            e.add(v, src, reg.log)
        counts[("epoch", "model")] += 1

    if os.path.exists(os.path.join(SOURCES, "swebench.json")):
        collect_swebench(reg, load_json("swebench.json"), counts)
    collect_published_ids(reg, counts)
    return counts


# ---------------------------------------------------------------------------------------
# Model ids the results sources publish (SWE-bench's "Model:" tags, Aider's rows and the model
# ids their commands ran): models a published result can name, so a claim on them can meet it
# ---------------------------------------------------------------------------------------

# A published id is read only when what follows the model's name is a full date or packaging:
# a month-day, "-preview", "-exp", "-beta" or "-latest" tag can mark another model under the
# family's name (gpt-4-1106-preview is GPT-4 Turbo, kimi-k2-0905-preview a later Kimi K2,
# o1-preview not o1, gemini-2.0-flash-thinking-exp not Gemini 2.0 Flash), so such ids make no
# entity and no alias; the matcher reads their dated forms itself.
PUBLISHED_AMBIGUOUS = re.compile(
    r"(?:-(?:preview|exp|experimental|beta|latest|thinking)\b|-\d{2}-\d{2}$|-(?:0[1-9]|1[0-2])\d{2}$|:)", re.I)
PUBLISHED_SAFE = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|20\d{6}|instruct|it|chat|hf)$", re.I)


# Published ids that read as a model's name but are not that model.
PUBLISHED_EXCLUDE = {
    "qwen-max-2025-01-25": "Alibaba's qwen-max API name moves; this snapshot is Qwen2.5-Max",
}


def published_ids():
    """(id, where it was first read) for every model id the stored results sources publish."""
    out = {}
    if os.path.exists(os.path.join(SOURCES, "swebench.json")):
        sw = load_json("swebench.json")
        tag = f"swebench@{sw['commit'][:12]}:{sw['path']}"
        for r in sw.get("rows", []):
            for t in r["tags"]:
                if t.startswith("Model:"):
                    raw = t.split(":", 1)[1].strip()
                    out.setdefault(raw, f"{tag} ({r['board']} row {r['name']!r}, tag 'Model: {raw}')")
    if os.path.exists(os.path.join(SOURCES, "aider.json")):
        ai = load_json("aider.json")
        for r in ai.get("rows", []):
            raw = r["command_model"]
            if raw:
                out.setdefault(raw, f"aider@{ai['commit'][:12]}:{r['file']} (row {r['model']!r}, --model {raw})")
    return sorted(out.items())


def maker_of(reg, who, shown, name):
    """The vendor of the canonical `name` an id was read as, or None with the reason logged."""
    if not name:
        reg.log.append(f"{who}: no canonical name for {shown}; left out")
        return None
    vendor = vendor_for(name)
    if not vendor:
        reg.log.append(f"{who}: no vendor for {shown}; left out")
    return vendor


def collect_published_ids(reg, counts):
    if os.path.exists(os.path.join(SOURCES, "aider.json")):
        ai = load_json("aider.json")
        # Aider's two leaderboards rank two benchmarks (polyglot is the editors' aider-polyglot).
        for path, bench in sorted({(r["file"], r["benchmark"]) for r in ai.get("rows", [])}):
            add_benchmark(reg, bench, f"aider@{ai['commit'][:12]}:{path}")
            counts[("aider", "benchmark")] += 1
    for raw, src in published_ids():
        model = raw.strip().split("/")[-1]
        if model in PUBLISHED_EXCLUDE:
            reg.log.append(f"published: left out {raw}: {PUBLISHED_EXCLUDE[model]}")
            continue
        base = model.lower()
        while PUBLISHED_SAFE.search(base):
            base = PUBLISHED_SAFE.sub("", base)
        if PUBLISHED_AMBIGUOUS.search(base):
            reg.log.append(f"published: {raw!r} carries a tag that may name another model; left out")
            continue
        name = published_name(base)
        vendor = maker_of(reg, "published", repr(raw), name)
        if not vendor:
            continue
        # The id itself only when, its date and packaging dropped, it spells the name.
        spells = name_key(base) == name_key(name)
        known = reg.by_key.get(("model", reg.name_index.get(("model", fold(name)), slug(name))))
        if known is not None and (not spells or fold(model) in known.aliases):
            continue  # nothing the lists do not already have
        e = reg.entity("model", slug(name), name, vendor, src)
        if e is None:
            continue
        if spells:
            e.add(model, src, reg.log)
        counts[("published", "model")] += 1


def published_name(base):
    """A display name for an id the EEE formatter does not cover, in the maker's spelling."""
    m = re.fullmatch(r"gpt-(\d+(?:\.\d+)?)-codex(?:-(mini|max))?", base)
    if m:
        return f"GPT-{m.group(1)}-Codex" + (f"-{m.group(2).capitalize()}" if m.group(2) else "")
    m = re.fullmatch(r"minimax-m(\d+(?:\.\d+)?)", base)
    if m:
        return f"MiniMax-M{m.group(1)}"
    return eee_name(base)


# SWE-bench's boards as the benchmark names the claims use (Verified, bash-only and Test are the
# editors' swe-bench-verified and swe-bench).
SWEBENCH_BOARDS = {"Lite": "SWE-bench Lite", "Multimodal": "SWE-bench Multimodal",
                   "Multilingual": "SWE-bench Multilingual"}
# Words after " + " that say the rest of the name lists the models the system ran.
MODEL_HEADS = ("claude", "gpt", "chatgpt", "gemini", "llama", "qwen", "deepseek", "doubao", "o1",
               "o3", "o4", "kimi", "glm", "mistral", "devstral", "swe-llama", "mixed models")
# Names of a harness, not of a product ("Tools + Claude 3.7 Sonnet" is Anthropic's own run).
SYSTEM_STOP = {"tools"}
PARENS = re.compile(r"\s*\([^()]*\)")
# A version written after a system's name: "v2", "v2.1", "1.0", "-v1.0".
TRAILING_VERSION = re.compile(r"[\s\-]+v?\d+(?:\.\d+)*$", re.I)
V_VERSION = re.compile(r"(?<![A-Za-z])v(\d+(?:\.\d+)*)\b")


def system_name(row):
    """The agent system a SWE-bench row measures: its name without the parenthesised run tag
    ("(v20240430-dev)", "(2024-12-08)"), and without a " + models" tail when what follows the
    plus is the models it ran ("Aider + GPT 4o & Claude 3 Opus" is Aider)."""
    base = PARENS.sub("", row["name"]).strip()
    left, plus, right = base.partition(" + ")
    if plus:
        r = right.strip().lower()
        names_models = row["models"] >= 2 or "&" in r or r.startswith(MODEL_HEADS)
        # An acronym alone ("RAG + ChatGPT 3.5") is a method, not a product's name.
        if names_models and not (left.isupper() and len(left) <= 3):
            return left.strip(), base
    return base, base


def collect_swebench(reg, sw, counts):
    tag = f"swebench@{sw['commit'][:12]}:{sw['path']}"
    for board in sw["boards"]:
        if board in SWEBENCH_BOARDS:
            add_benchmark(reg, SWEBENCH_BOARDS[board], f"{tag} (board {board!r})")
            counts[("swebench", "benchmark")] += 1
    for row in sw["systems"]:
        system, base = system_name(row)
        if not system or system.lower() in SYSTEM_STOP:
            reg.log.append(f"swebench: {row['name']!r} names no system; left out")
            continue
        # Versions of one system are one entity ("Augment Agent v0", "v1"); the run's own tag
        # in brackets is dropped the same way when the name is read.
        family = TRAILING_VERSION.sub("", system).strip() or system
        vendor = row["orgs"][0] if row["orgs"] else None
        src = f"{tag} ({row['board']}: {row['name']!r})"
        e = reg.entity("system", slug(family), family, vendor, src)
        if e is None:
            continue
        for n in {system, base}:
            e.add(n, src, reg.log)
            e.add(n.replace(" + ", " "), src, reg.log)
            e.add(V_VERSION.sub(r"\1", n.replace(" + ", " ")), src, reg.log)
        counts[("swebench", "system")] += 1


def add_benchmark(reg, raw, source):
    if raw in BENCH_EXCLUDE:
        reg.log.append(f"left out benchmark {raw!r}: {BENCH_EXCLUDE[raw]}")
        return
    name, extra = BENCH_CANON.get(raw, (raw, []))
    e = reg.entity("benchmark", slug(name), name, None, source)
    if e is None:
        return
    for a in [raw, *extra]:
        e.add(a, source, reg.log)


# ---------------------------------------------------------------------------------------
# Editors' file, collisions, output
# ---------------------------------------------------------------------------------------

def load_editors(path):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    ids, folds = defaultdict(set), defaultdict(dict)
    for kind in ("model", "benchmark"):
        for e in data.get(kind, []):
            ids[kind].add(e["id"])
            for n in [e["name"], *e.get("aliases", [])]:
                folds[kind].setdefault(fold(n), e["id"])
    # [[family]] (press spellings of a model family, e.g. 제미나이 for Gemini): its name and
    # spellings are names the editors' file already has, so they count as model aliases.
    for fam in data.get("family", []):
        for n in [fam["name"], *fam.get("spellings", [])]:
            folds["model"].setdefault(fold(n), f"family:{fam['name']}")
    return ids, folds


def resolve(reg, editors_path):
    ids, folds = load_editors(editors_path)
    kept, suggestions, skipped = [], set(), []
    model_folds = {f for e in reg.by_key.values() if e.kind == "model" for f in e.aliases}
    for (kind, _), e in sorted(reg.by_key.items()):
        if kind == "system":
            # A system's names are looked up with the models' (results/swebench.rs): one a
            # model already has would make the model a system, so it is not the system's.
            for f in [f for f in e.aliases if f in folds["model"] or f in model_folds]:
                reg.log.append(f"system {e.id}: alias {e.aliases[f][0]!r} is a model's; left out")
                del e.aliases[f]
            if e.aliases:
                kept.append(e)
            continue
        hits = [folds[kind][f] for f in e.aliases if f in folds[kind]]
        if e.id in ids[kind] or hits:
            target = e.id if e.id in ids[kind] else hits[0]
            skipped.append(f"{kind} {e.id} -> editors' {target}")
            if target.startswith("family:"):
                skipped[-1] += " (a [[family]]: its spellings are matched with any version)"
                continue
            for f, (alias, src) in e.aliases.items():
                if f not in folds[kind]:
                    suggestions.add((kind, target, alias, src))
            continue
        if kind == "model" and not e.vendor:
            reg.log.append(f"model {e.id} has no vendor; left out")
            continue
        kept.append(e)
    # An alias two entities of one kind share names neither: drop it (keep it only where it
    # is that entity's own name).
    owners = defaultdict(list)
    for e in kept:
        for f in e.aliases:
            owners[(e.kind, f)].append(e)
    collisions = []
    for (kind, f), es in sorted(owners.items(), key=lambda kv: kv[0]):
        if len(es) < 2:
            continue
        own = [e for e in es if fold(e.name) == f]
        collisions.append(f"{kind} alias {es[0].aliases[f][0]!r} shared by {sorted(e.id for e in es)}"
                          + (f"; kept on {own[0].id}" if len(own) == 1 else "; dropped from all"))
        for e in es:
            if not (len(own) == 1 and e is own[0]):
                del e.aliases[f]
    kept = [e for e in kept if fold(e.name) in e.aliases]
    return kept, sorted(suggestions), skipped, collisions


def toml_str(s):
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


HEADER = """\
# Public-data canonical models and benchmarks for Proofwire's claim extractor.
# GENERATED FILE - do not edit by hand; editors' entities live in content/entities.toml.
# Regenerate (from the repository root):
#     scripts/entities/export_sources.py --eee <every_eval_ever git dir> --epoch <benchmark-stitching git dir>   # optional
#     scripts/entities/generate.py --check
# Same schema as content/entities.toml ([[model]] / [[benchmark]] with id, name, vendor, aliases),
# plus [[system]]: agent systems a leaderboard ranks as such (their names resolve like a model's
# but are never looked for in sentences), and `source` on every entity: where the entity and its spellings were read
# (every_eval_ever@<commit>:<path>, epoch-ai benchmark-stitching@<commit>:<path>, curated: <url>).
# Entities whose id, name or any alias the editors' file already has are left out; spellings
# found for those are listed in suggested-aliases.toml instead.
# Sources: {sources}
"""


def render(kept, source_line):
    lines = [HEADER.format(sources=source_line)]
    for kind in ("model", "benchmark", "system"):
        for e in sorted((e for e in kept if e.kind == kind), key=lambda e: e.id):
            name_f = fold(e.name)
            rest = sorted((a for f, (a, _) in e.aliases.items() if f != name_f), key=lambda a: (fold(a), a))
            aliases = [e.name, *rest]
            lines.append(f"[[{kind}]]")
            lines.append(f"id = {toml_str(e.id)}")
            lines.append(f"name = {toml_str(e.name)}")
            if kind == "model" or (kind == "system" and e.vendor):
                lines.append(f"vendor = {toml_str(e.vendor)}")
            lines.append("aliases = [" + ", ".join(toml_str(a) for a in aliases) + "]")
            lines.append(f"source = {toml_str('; '.join(sorted(e.sources)))}")
            lines.append("")
    return "\n".join(lines)


def render_suggestions(suggestions):
    lines = [
        "# Spellings the public sources give for entities that content/entities.toml already has.",
        "# GENERATED by generate.py; not applied anywhere. An editor may add any of these as an alias.",
        "",
    ]
    for kind, entity, alias, src in suggestions:
        lines += ["[[alias]]", f"kind = {toml_str(kind)}", f"entity = {toml_str(entity)}",
                  f"alias = {toml_str(alias)}", f"source = {toml_str(src)}", ""]
    return "\n".join(lines)


def check(path, editors_path):
    """Re-read the written file: it parses, follows the schema, and no alias is shared."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    ids, folds = load_editors(editors_path)
    problems = []
    model_names = {fold(x) for e in data.get("model", []) for x in [e["name"], *e["aliases"]]}
    for e in data.get("system", []):
        for a in [e["name"], *e["aliases"]]:
            if fold(a) in model_names or fold(a) in folds["model"]:
                problems.append(f"system {e['id']}: {a!r} is a model's name")
    for kind in ("model", "benchmark", "system"):
        seen_ids, owner = set(), {}
        for e in data.get(kind, []):
            for key in ("id", "name", "aliases", "source"):
                if key not in e:
                    problems.append(f"{kind} {e.get('id')}: missing {key}")
            if kind == "model" and not e.get("vendor"):
                problems.append(f"model {e['id']}: no vendor")
            if e["id"] in seen_ids or e["id"] in ids[kind]:
                problems.append(f"{kind} {e['id']}: duplicate id")
            seen_ids.add(e["id"])
            for a in {fold(x): x for x in [e["name"], *e["aliases"]]}.values():
                f = fold(a)
                if f in folds[kind]:
                    problems.append(f"{kind} {e['id']}: {a!r} is in the editors' file")
                if f in owner and owner[f] != e["id"]:
                    problems.append(f"{kind} alias {a!r}: {owner[f]} and {e['id']}")
                owner[f] = e["id"]
                p = alias_problem(a)
                if p:
                    problems.append(f"{kind} {e['id']}: alias {a!r}: {p}")
    return data, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("editors", nargs="?", default=os.path.join(CONTENT, "entities.toml"),
                    help="path to content/entities.toml (its entities are not repeated)")
    ap.add_argument("--out", default=CONTENT, help="directory for entities-public.toml (suggested-aliases.toml goes to entity-sources/)")
    ap.add_argument("--check", action="store_true", help="re-read and validate the written file")
    ap.add_argument("--verbose", action="store_true", help="print every refused alias and left-out id")
    ap.add_argument("--strict-length", action="store_true",
                    help="refuse two-syllable Hangul aliases too (3-character rule without exception)")
    a = ap.parse_args()
    global STRICT_LENGTH
    STRICT_LENGTH = a.strict_length

    reg = Registry()
    counts = collect(reg)
    for (what, kind), n in sorted(counts.items()):
        if what.startswith("sealed"):
            print(f"{what} ({kind}): {n}")
    kept, suggestions, skipped, collisions = resolve(reg, a.editors)

    eee, ep = load_json("every_eval_ever.json"), load_json("epoch_benchmark_stitching.json")
    source_line = (f"{eee['repository']} @ {eee['commit']} (MIT); "
                   f"{ep['repository']} @ {ep['commit']} (MIT); content/entity-sources/curated.json (per-alias URLs)")
    if os.path.exists(os.path.join(SOURCES, "swebench.json")):
        sw = load_json("swebench.json")
        source_line += f"; {sw['repo']} @ {sw['commit']} ({sw['path']}: names only)"
    if os.path.exists(os.path.join(SOURCES, "aider.json")):
        ai = load_json("aider.json")
        source_line += f"; {ai['repo']} @ {ai['commit']} ({', '.join(sorted(ai['files']))}: names only)"
    out = os.path.join(a.out, "entities-public.toml")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(render(kept, source_line))
    sugg = os.path.join(SOURCES, "suggested-aliases.toml")
    with open(sugg, "w", encoding="utf-8", newline="\n") as f:
        f.write(render_suggestions(suggestions))

    per_kind = defaultdict(int)
    per_source = defaultdict(int)
    for e in kept:
        per_kind[e.kind] += 1
        for s in {s.split("@")[0].split(":")[0] for s in e.sources}:
            per_source[(s, e.kind)] += 1
    print(f"wrote {out}: {per_kind['model']} models, {per_kind['benchmark']} benchmarks, {per_kind['system']} agent systems")
    print(f"wrote {sugg}: {len(suggestions)} suggested aliases for the editors' entities")
    for (s, kind), n in sorted(per_source.items()):
        print(f"  entities with a {kind} from {s}: {n}")
    print(f"left out as already in the editors' file: {len(skipped)}")
    print(f"alias collisions resolved: {len(collisions)}")
    for c in collisions:
        print("  " + c)
    if a.verbose:
        for line in skipped + reg.log:
            print("  " + line)
    else:
        print(f"notes (refused aliases, left-out ids): {len(reg.log)}; --verbose prints them")
    if a.check:
        data, problems = check(out, a.editors)
        print(f"check: parses with tomllib ({len(data.get('model', []))} models, "
              f"{len(data.get('benchmark', []))} benchmarks); problems: {len(problems)}")
        for p in problems:
            print("  " + p)
        if problems:
            sys.exit(1)


if __name__ == "__main__":
    main()
