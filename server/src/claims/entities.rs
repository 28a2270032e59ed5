//! Canonical models, systems and benchmarks (`content/entities.toml`): the names claims are
//! found by and the ids claims and third-party results are matched on.

use std::sync::{Arc, LazyLock, RwLock};

use regex::Regex;
use serde::Deserialize;

/// The bundled entity files; extraction must not depend on the working directory. The
/// editors' file, then the one generated from public registries
/// (`scripts/entities/generate.py`), which leaves out whatever the editors' file names.
const BUNDLED: &str = include_str!("../../../content/entities.toml");
const PUBLIC: &str = include_str!("../../../content/entities-public.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Model,
    Benchmark,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub vendor: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A benchmark that was retired, found contaminated or saturated, and since when.
    #[serde(default)]
    pub standing: Option<Standing>,
    /// Where a generated entity was read (the editors' own have none).
    #[serde(default)]
    pub source: Option<String>,
    /// Names one publisher gives this entity that mean something wider elsewhere (Vals AI's
    /// "SWE-bench" is the Verified set).
    #[serde(default)]
    pub published_as: Vec<PublishedAs>,
    /// An agent system a leaderboard ranks as such ("Amazon Q Developer Agent"), read from a
    /// file's `[[system]]` table: its names resolve like a model's, so a claim about it meets
    /// the leaderboard's result, but they are never looked for in sentences (many are also
    /// words: Solver, Honeycomb).
    #[serde(skip)]
    pub system: bool,
}

/// A name as one publisher's results use it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedAs {
    /// The publisher's host: its results' pages are on it or a subdomain of it.
    pub host: String,
    pub name: String,
}

/// A benchmark's standing, with the date and the page that said so.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standing {
    pub state: app::vocab::BenchmarkState,
    /// `YYYY-MM-DD`.
    pub since: String,
    pub source: String,
    #[serde(default)]
    pub note: String,
}

impl Standing {
    fn check(&self, id: &str) -> Result<(), String> {
        if chrono::NaiveDate::parse_from_str(&self.since, "%Y-%m-%d").is_err() {
            return Err(format!(
                "{id}: standing.since {:?} is not a date (YYYY-MM-DD)",
                self.since
            ));
        }
        let web = url::Url::parse(&self.source)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
        if !web {
            return Err(format!(
                "{id}: standing.source {:?} is not an http(s) address",
                self.source
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
struct EntityFile {
    #[serde(default)]
    family_tiers: Vec<String>,
    #[serde(default)]
    tier_latin: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    maker_latin: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    family: Vec<Family>,
    #[serde(default)]
    model: Vec<Entity>,
    #[serde(default)]
    benchmark: Vec<Entity>,
    #[serde(default)]
    system: Vec<Entity>,
    #[serde(default)]
    snapshot: Vec<NamedSnapshot>,
}

/// A release of a model called by a word rather than a date ("the upgraded Claude 3.5 Sonnet"
/// is the one of 2024-10-22): the name resolves to the model, and is compared as that dated
/// snapshot (`results::matching::same_snapshot`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedSnapshot {
    pub model: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub names: Vec<String>,
    /// The page that dates the release.
    pub source: String,
}

/// A model family as the press spells it in another script ("제미나이" for Gemini): a name of
/// the family with a version, a size or a tier ("제미나이 3 프로", "큐원 3 235B") is a model
/// name even when no entity lists that exact version.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub name: String,
    pub vendor: String,
    pub spellings: Vec<String>,
    /// The spelling alone names the family ("클로드"); false where it is also a common word
    /// ("파이", pie; "믿음", faith) and only a version makes it a name.
    #[serde(default)]
    pub bare: bool,
}

/// A name found in a sentence: byte range in that sentence and the entity it names.
#[derive(Debug, Clone)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub id: String,
}

#[derive(Default)]
pub struct Lexicon {
    models: Vec<Entity>,
    benchmarks: Vec<Entity>,
    model_finder: Option<Regex>,
    benchmark_finder: Option<Regex>,
    /// Family spellings with what may follow them (group 1: the spelling; 2: a version or
    /// size; 3: tiers).
    family_finder: Option<Regex>,
    /// Spellings that name the family alone.
    bare_families: Vec<String>,
    /// Alias → entity id, per kind, keyed by `fold`.
    model_ids: Vec<(String, String)>,
    benchmark_ids: Vec<(String, String)>,
    /// A release's name (by `fold`) → (model id, `YYYY-MM-DD`).
    snapshots: Vec<(String, String, String)>,
    /// Family spellings in another script with the family's own name, longest first.
    family_latin: Vec<(String, String)>,
    /// Tier words in another script with their Latin spelling ("소네트" → "Sonnet").
    tier_latin: Vec<(String, String)>,
    /// Makers as the Korean press spells them, with their Latin names, longest first.
    maker_latin: Vec<(String, String)>,
    /// Editors' models the files now hold: (the editor's id, the files' id).
    absorbed: Vec<(String, String)>,
}

/// The comparison key of a name: lowercase, without spaces, hyphens (ASCII or not),
/// apostrophes and brackets. Only ever compared, never used to slice the original.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '-' | '‐' | '‑' | '‒' | '–' | '—' | '_' | '\'' | '’' | '(' | ')' | '[' | ']'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A single capitalised word without digits ("Scout", "Claude") is also an English word or a
/// name; it is matched with its capital only.
fn case_sensitive(alias: &str) -> bool {
    !alias.contains(char::is_whitespace)
        && !alias.contains(|c: char| c.is_ascii_digit())
        && alias.starts_with(|c: char| c.is_ascii_uppercase())
        && alias.chars().skip(1).any(|c| c.is_ascii_lowercase())
}

/// One alias as a regex: separators between its parts may be a space, a hyphen, a
/// non-breaking hyphen or nothing, so "Llama3.1-8B" and "Llama 3.1 8B" are the same name.
fn alias_pattern(alias: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for piece in alias.split(|c: char| c.is_whitespace() || matches!(c, '-' | '‑')) {
        if !piece.is_empty() {
            parts.push(regex::escape(piece));
        }
    }
    let body = parts.join(r"[\s\-‑]?");
    if case_sensitive(alias) {
        body
    } else {
        format!("(?i:{body})")
    }
}

fn finder(entities: &[Entity]) -> Option<Regex> {
    let mut aliases: Vec<&str> = entities
        .iter()
        .flat_map(|e| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)))
        .collect();
    // Longest first, so "Llama 4 Maverick" wins over "Maverick".
    aliases.sort_by_key(|a| std::cmp::Reverse(a.chars().count()));
    aliases.dedup();
    if aliases.is_empty() {
        return None;
    }
    let alternation: Vec<String> = aliases.iter().map(|a| alias_pattern(a)).collect();
    Regex::new(&format!("(?:{})", alternation.join("|"))).ok()
}

fn ids(entities: &[Entity]) -> Vec<(String, String)> {
    entities
        .iter()
        .flat_map(|e| {
            std::iter::once(fold(&e.name))
                .chain(e.aliases.iter().map(|a| fold(a)))
                .map(move |k| (k, e.id.clone()))
        })
        .collect()
}

fn family_finder(families: &[Family], tiers: &[String]) -> Result<Option<Regex>, String> {
    let mut spellings: Vec<&str> = families
        .iter()
        .flat_map(|f| f.spellings.iter().map(String::as_str))
        .collect();
    if spellings.is_empty() {
        return Ok(None);
    }
    spellings.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    let mut tiers: Vec<&str> = tiers.iter().map(String::as_str).collect();
    tiers.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    let alt = |xs: &[&str]| {
        xs.iter()
            .map(|x| regex::escape(x))
            .collect::<Vec<_>>()
            .join("|")
    };
    let tier_part = if tiers.is_empty() {
        String::new()
    } else {
        format!(r"((?:[ \-](?:{})(?:[ \-]?\d+(?:\.\d+)*)?)*)", alt(&tiers))
    };
    let pattern = format!(
        r"({})((?:[ \-]?[A-Z]?[0-9]+(?:\.[0-9]+)*[A-Za-z]?)?(?:[ \-]?[0-9]+(?:\.[0-9]+)?[BbMm](?:-[A-Za-z]+)?)?){tier_part}",
        alt(&spellings)
    );
    Regex::new(&pattern)
        .map(Some)
        .map_err(|e| format!("family pattern: {e}"))
}

/// A name continues into a letter or digit on either side ("Scouting", "R1-Zero" is fine).
fn bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    !joins(before) && !joins(after)
}

impl Lexicon {
    pub fn parse(toml_text: &str) -> Result<Lexicon, String> {
        Self::with_editors(&[toml_text], &EditorNames::default())
    }

    /// The entities of the files, in order (an id a later file repeats is refused), plus what
    /// editors added: models of their own (one whose id or name the files now hold gives that
    /// entry its name instead: the files win), then aliases: (kind, entity id, alias). An
    /// alias of an entity neither has is ignored.
    pub fn with_editors(toml_texts: &[&str], editors: &EditorNames) -> Result<Lexicon, String> {
        let mut file = EntityFile {
            family_tiers: Vec::new(),
            tier_latin: Default::default(),
            maker_latin: Default::default(),
            family: Vec::new(),
            model: Vec::new(),
            benchmark: Vec::new(),
            system: Vec::new(),
            snapshot: Vec::new(),
        };
        for (n, text) in toml_texts.iter().enumerate() {
            let mut part: EntityFile =
                toml::from_str(text).map_err(|e| format!("entity file {}: {e}", n + 1))?;
            // Systems share the models' names and ids, after the models.
            for mut e in std::mem::take(&mut part.system) {
                e.system = true;
                part.model.push(e);
            }
            for e in part.model.iter() {
                if file.model.iter().any(|m| m.id == e.id) {
                    return Err(format!("model {} is listed twice", e.id));
                }
            }
            for e in part.benchmark.iter() {
                if file.benchmark.iter().any(|b| b.id == e.id) {
                    return Err(format!("benchmark {} is listed twice", e.id));
                }
            }
            file.family_tiers.extend(part.family_tiers);
            file.tier_latin.extend(part.tier_latin);
            file.maker_latin.extend(part.maker_latin);
            file.family.extend(part.family);
            file.model.extend(part.model);
            file.benchmark.extend(part.benchmark);
            file.snapshot.extend(part.snapshot);
        }
        for n in &file.snapshot {
            if chrono::NaiveDate::parse_from_str(&n.date, "%Y-%m-%d").is_err() {
                return Err(format!(
                    "snapshot of {}: {:?} is not a date",
                    n.model, n.date
                ));
            }
            if !file.model.iter().any(|m| m.id == n.model) {
                return Err(format!("snapshot of {}: no such model", n.model));
            }
        }
        for e in file.model.iter().chain(&file.benchmark) {
            if let Some(s) = &e.standing {
                s.check(&e.id)?;
            }
        }
        let mut extra = Vec::new();
        let mut absorbed: Vec<(String, String)> = Vec::new();
        for m in &editors.models {
            let named = file.model.iter().find(|e| {
                e.id == m.id
                    || fold(&e.name) == fold(&m.name)
                    || e.aliases.iter().any(|a| fold(a) == fold(&m.name))
            });
            match named {
                Some(e) => {
                    extra.push(Alias {
                        kind: EntityKind::Model,
                        entity: e.id.clone(),
                        alias: m.name.clone(),
                    });
                    if e.id != m.id {
                        absorbed.push((m.id.clone(), e.id.clone()));
                    }
                }
                None => file.model.push(m.clone()),
            }
        }
        // Aliases of an absorbed model go with it.
        extra.extend(editors.aliases.iter().map(|a| {
            let moved = absorbed
                .iter()
                .find(|(from, _)| a.kind == EntityKind::Model && *from == a.entity);
            match moved {
                Some((_, to)) => Alias {
                    entity: to.clone(),
                    ..a.clone()
                },
                None => a.clone(),
            }
        }));
        for a in &extra {
            let list = match a.kind {
                EntityKind::Model => &mut file.model,
                EntityKind::Benchmark => &mut file.benchmark,
            };
            if let Some(e) = list.iter_mut().find(|e| e.id == a.entity) {
                if !e.aliases.contains(&a.alias) {
                    e.aliases.push(a.alias.clone());
                }
            }
        }
        Ok(Lexicon {
            family_finder: family_finder(&file.family, &file.family_tiers)?,
            bare_families: file
                .family
                .iter()
                .filter(|f| f.bare)
                .flat_map(|f| f.spellings.iter().cloned())
                .collect(),
            model_finder: finder(
                &file
                    .model
                    .iter()
                    .filter(|e| !e.system)
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
            benchmark_finder: finder(&file.benchmark),
            model_ids: ids(&file.model),
            benchmark_ids: ids(&file.benchmark),
            family_latin: {
                let mut v: Vec<(String, String)> = file
                    .family
                    .iter()
                    .flat_map(|f| f.spellings.iter().map(|s| (s.clone(), f.name.clone())))
                    .collect();
                v.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
                v
            },
            tier_latin: {
                let mut v: Vec<(String, String)> = file.tier_latin.into_iter().collect();
                v.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
                v
            },
            maker_latin: {
                let mut v: Vec<(String, String)> = file.maker_latin.into_iter().collect();
                v.sort_by_key(|(s, _)| std::cmp::Reverse(s.chars().count()));
                v
            },
            snapshots: file
                .snapshot
                .iter()
                .flat_map(|n| {
                    n.names
                        .iter()
                        .map(|name| (fold(name), n.model.clone(), n.date.clone()))
                })
                .collect(),
            models: file.model,
            benchmarks: file.benchmark,
            absorbed,
        })
    }

    /// Editors' models the shipped files now hold under another id: (editor's id, files' id).
    pub fn absorbed(&self) -> &[(String, String)] {
        &self.absorbed
    }

    pub fn entities(&self, kind: EntityKind) -> &[Entity] {
        match kind {
            EntityKind::Model => &self.models,
            EntityKind::Benchmark => &self.benchmarks,
        }
    }

    pub fn get(&self, kind: EntityKind, id: &str) -> Option<&Entity> {
        self.entities(kind).iter().find(|e| e.id == id)
    }

    /// What a claim on this benchmark should say about it, if it is no longer a plain score.
    pub fn benchmark_note(&self, id: &str) -> Option<app::models::BenchmarkNote> {
        let e = self.get(EntityKind::Benchmark, id)?;
        let s = e.standing.as_ref()?;
        Some(app::models::BenchmarkNote {
            benchmark: e.name.clone(),
            state: s.state,
            since: s.since.clone(),
            source: s.source.clone(),
            note: s.note.clone(),
        })
    }

    /// The canonical id of a name as written: exact alias first, then without a
    /// parenthesised setting, and for a model without a dated snapshot suffix
    /// (`gpt-5-2025-08-07`, `claude-opus-4-5-20251101`) or a preview tag
    /// (`gemini-2.5-pro-preview-06-05`). A benchmark's year is never dropped: AIME 2026 is
    /// not AIME 2025, nor AIME.
    pub fn canonical(&self, kind: EntityKind, name: &str) -> Option<&str> {
        let table = match kind {
            EntityKind::Model => &self.model_ids,
            EntityKind::Benchmark => &self.benchmark_ids,
        };
        let look = |key: &str| {
            table
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, id)| id.as_str())
        };
        let key = fold(name);
        if key.is_empty() {
            return None;
        }
        if let Some(id) = look(&key) {
            return Some(id);
        }
        if kind == EntityKind::Model {
            if let Some((_, id, _)) = self.snapshots.iter().find(|(k, _, _)| *k == key) {
                return Some(id);
            }
        }
        // API ids write "4.5" as "4-5": a key without dots, when exactly one entity has it.
        let dotless = |key: &str| {
            let no_dots = |s: &str| s.chars().filter(|c| *c != '.').collect::<Vec<char>>();
            let key = no_dots(key);
            let mut found = table
                .iter()
                .filter(|(k, _)| k.chars().filter(|c| *c != '.').eq(key.iter().copied()))
                .map(|(_, id)| id.as_str());
            let first = found.next()?;
            found.all(|id| id == first).then_some(first)
        };
        let find = |name: &str| {
            let key = fold(name);
            (!key.is_empty())
                .then(|| look(&key).or_else(|| dotless(&key)))
                .flatten()
        };
        // A parenthesised setting is not part of the name, wherever it stands ("GPT-5 (high)
        // Pro" is not GPT-5).
        static PARENS: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\s*\([^()]*\)").expect("parenthesis pattern"));
        let bare = PARENS.replace_all(name, "");
        let bare = bare.trim();
        if kind == EntityKind::Benchmark {
            return find(bare);
        }
        static DATED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"[-\s](?:\d{4}-?\d{2}-?\d{2}|\d{4})$").expect("date suffix pattern")
        });
        static PREVIEW: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)[-\s](?:preview|exp|experimental)(?:[-\s]\d{2}-?\d{2})?$")
                .expect("preview suffix pattern")
        });
        // How a checkpoint is packaged is not another model: "-Instruct", "-it", "-Chat",
        // "-hf", and a weights revision after a size ("Codestral-22B-v0.1"). Tried last, and
        // never before a date is dropped, so "DeepSeek Chat" and "Kimi K2 Base" keep their
        // own names, and "gpt-4-1106-preview" never becomes GPT-4.
        static PACKAGING: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)(?:[-\s](?:instruct|it|chat|hf))+$").expect("packaging pattern")
        });
        static REVISION: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)[-\s]v\d+(?:\.\d+)?$").expect("weights revision pattern")
        });
        static SIZED: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?i)\d[bm](?:[-\s]|$)").expect("size pattern"));
        // A reasoning setting written onto an id ("gpt-5-high", "grok-4-1-fast-non-reasoning")
        // is a setting of the run (`results::matching` reads it), not part of the name.
        static EFFORT: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)[-_\s](?:xhigh|high|medium|low|minimal|non-reasoning)$")
                .expect("effort suffix pattern")
        });
        let bare = &*EFFORT.replace(bare, "");
        let undated = DATED.replace(bare, "");
        let released = PREVIEW.replace(&undated, "");
        let packaged = PACKAGING.replace(&released, "");
        let revised = if SIZED.is_match(&packaged) {
            REVISION.replace(&packaged, "")
        } else {
            packaged.clone()
        };
        let packaged = PACKAGING.replace(&revised, "");
        find(bare)
            .or_else(|| find(&undated))
            .or_else(|| find(&released))
            .or_else(|| find(&packaged))
    }

    /// A model name written in another script as its own name would be ("클로드 3.5 소네트" →
    /// "Claude 3.5 Sonnet", "큐원3 235B" → "Qwen3 235B", "o3 프로" → "o3 Pro"): a family
    /// spelling it starts with and each tier word in their Latin spelling. None when nothing
    /// was respelled, or when a word is neither a tier nor Latin letters and digits.
    pub fn latin(&self, name: &str) -> Option<String> {
        let name = name.trim();
        if let Some((_, maker)) = self.maker_latin.iter().find(|(s, _)| s == name) {
            return Some(maker.clone());
        }
        let family = self
            .family_latin
            .iter()
            .find(|(s, _)| name.starts_with(s.as_str()));
        let (mut out, mut rest) = match family {
            Some((spelling, family)) => (family.clone(), name.get(spelling.len()..)?),
            None => (String::new(), name),
        };
        let mut respelled = family.is_some();
        // A version written onto the spelling ("큐원3") stays written onto the name ("Qwen3").
        if respelled && rest.starts_with(|c: char| c.is_ascii_digit()) {
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            out.push_str(rest.get(..end)?);
            rest = rest.get(end..)?;
        }
        let mut words = rest.split_whitespace().peekable();
        // A word joined by a hyphen ("딥시크-V3") stays joined ("DeepSeek-V3").
        let push = |out: &mut String, word: &str| {
            if !out.is_empty() && !word.starts_with('-') {
                out.push(' ');
            }
            out.push_str(word);
        };
        while let Some(word) = words.next() {
            // Two-word tiers first ("플래시 라이트").
            let pair = words.peek().map(|next| format!("{word} {next}"));
            if let Some((_, latin)) = pair
                .as_deref()
                .and_then(|p| self.tier_latin.iter().find(|(k, _)| k == p))
            {
                push(&mut out, latin);
                respelled = true;
                words.next();
            } else if let Some((_, latin)) = self.tier_latin.iter().find(|(k, _)| k == word) {
                push(&mut out, latin);
                respelled = true;
            } else if word.chars().all(|c| c.is_ascii_graphic()) {
                push(&mut out, word);
            } else {
                return None;
            }
        }
        respelled.then_some(out)
    }

    /// Where the sentence writes a maker's Korean spelling ("딥시크", "구글 딥마인드"), as byte
    /// ranges of the sentence, longest spelling first where two start together. Whether it is
    /// a word of its own there (not 애플 in 애플리케이션) is the caller's to judge.
    pub fn maker_spellings(&self, sentence: &str) -> Vec<(usize, usize)> {
        self.maker_latin
            .iter()
            .flat_map(|(s, _)| {
                sentence
                    .match_indices(s.as_str())
                    .map(|(i, m)| (i, i + m.len()))
            })
            .collect()
    }

    /// The date of a release a name calls by a word ("upgraded Claude 3.5 Sonnet"), as
    /// `YYYY-MM-DD`.
    pub fn snapshot_date(&self, name: &str) -> Option<&str> {
        let key = fold(name);
        self.snapshots
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, date)| date.as_str())
    }

    /// Model names built on a family's spelling, as byte ranges: with a version, a size or a
    /// tier, or alone for a family whose spelling is no common word. A spelling inside a
    /// longer word ("드라마" holds "라마") is not a name.
    pub fn family_names(&self, sentence: &str) -> Vec<(usize, usize)> {
        let Some(re) = &self.family_finder else {
            return Vec::new();
        };
        re.captures_iter(sentence)
            .filter_map(|c| {
                let all = c.get(0)?;
                let spelling = c.get(1)?;
                let inside_word = sentence[..all.start()]
                    .chars()
                    .next_back()
                    .is_some_and(|ch| ch.is_alphanumeric());
                if inside_word {
                    return None;
                }
                let qualified = c.get(2).is_some_and(|m| !m.as_str().is_empty())
                    || c.get(3).is_some_and(|m| !m.as_str().is_empty());
                let bare = self.bare_families.iter().any(|b| b == spelling.as_str());
                let end = all.end()
                    - (all.as_str().len() - all.as_str().trim_end_matches(['-', ' ']).len());
                (qualified || bare).then_some((all.start(), end))
            })
            .collect()
    }

    /// Every name of `kind` in the sentence, in order, without overlaps.
    pub fn find(&self, kind: EntityKind, sentence: &str) -> Vec<Mention> {
        let finder = match kind {
            EntityKind::Model => &self.model_finder,
            EntityKind::Benchmark => &self.benchmark_finder,
        };
        let Some(re) = finder else {
            return Vec::new();
        };
        re.find_iter(sentence)
            .filter(|m| bounded(sentence, m.start(), m.end()))
            .filter_map(|m| {
                let id = self.canonical(kind, m.as_str())?.to_string();
                Some(Mention {
                    start: m.start(),
                    end: m.end(),
                    text: m.as_str().to_string(),
                    id,
                })
            })
            .collect()
    }
}

/// What editors added to the shipped entities: models confirmed from the names to confirm
/// (`claims::names`), and names of entities.
#[derive(Debug, Clone, Default)]
pub struct EditorNames {
    pub models: Vec<Entity>,
    pub aliases: Vec<Alias>,
}

/// A name an editor added to an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub kind: EntityKind,
    pub entity: String,
    pub alias: String,
}

fn bundled(editors: &EditorNames) -> Lexicon {
    Lexicon::with_editors(&[BUNDLED, PUBLIC], editors).unwrap_or_else(|e| {
        tracing::error!("content/entities*.toml is invalid ({e}); no named entities");
        Lexicon::default()
    })
}

/// The process's lexicon: the shipped entities plus what editors added (one database a
/// process; `install` replaces it when an editor adds a name).
static CURRENT: LazyLock<RwLock<Arc<Lexicon>>> =
    LazyLock::new(|| RwLock::new(Arc::new(bundled(&EditorNames::default()))));

/// The lexicon in force now.
pub fn lexicon() -> Arc<Lexicon> {
    CURRENT
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone()
}

/// Rebuilds the lexicon from the shipped files and what editors added.
pub fn install(editors: &EditorNames) {
    let next = Arc::new(bundled(editors));
    *CURRENT
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = next;
}

/// Whether two names as written are the same entity (or, for names the lexicon does not
/// know, the same after folding).
pub fn same_name(kind: EntityKind, a: &str, b: &str) -> bool {
    match (lexicon().canonical(kind, a), lexicon().canonical(kind, b)) {
        (Some(x), Some(y)) => x == y,
        _ => fold(a) == fold(b),
    }
}

/// The canonical model a published name refers to: `anthropic/claude-opus-4-6` and
/// `Claude Opus 4.6` are the same model.
pub fn model_entity(name: &str) -> Option<String> {
    let bare = name.rsplit('/').next().unwrap_or(name);
    // "OpenAI o1-mini", "Google Gemini 2.5 Pro": the maker's name before the model's.
    let unprefixed = MAKERS
        .iter()
        .chain(KOREAN_MAKERS)
        .find_map(|m| {
            bare.get(..m.len())
                .filter(|head| head.eq_ignore_ascii_case(m))
                .and_then(|_| bare.get(m.len()..))
                .and_then(|rest| rest.strip_prefix([' ', '-']))
        })
        .unwrap_or(bare);
    let lexicon = lexicon();
    lexicon
        .canonical(EntityKind::Model, name)
        .or_else(|| lexicon.canonical(EntityKind::Model, bare))
        .or_else(|| lexicon.canonical(EntityKind::Model, unprefixed))
        .or_else(|| {
            let untagged = without_deployment_tag(unprefixed)?;
            lexicon.canonical(EntityKind::Model, &untagged)
        })
        .or_else(|| bracketed_id(&lexicon, bare))
        .or_else(|| with_maker(&lexicon, unprefixed))
        .map(str::to_string)
        .or_else(|| {
            let latin = lexicon.latin(unprefixed)?;
            lexicon
                .canonical(EntityKind::Model, &latin)
                .or_else(|| lexicon.canonical(EntityKind::Model, &tier_first(&latin)?))
                .map(str::to_string)
        })
}

/// A name whose maker is part of the model's own name, published without it ("Nova Pro" is
/// Amazon Nova Pro, "Command A" Cohere Command A), and an API id's "plus" for "+"
/// ("command-r-plus" is Command R+). Only an exact entity name is accepted.
fn with_maker<'l>(lexicon: &'l Lexicon, name: &str) -> Option<&'l str> {
    static PLUS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)[-\s]plus$").expect("plus suffix pattern"));
    let plus = PLUS.replace(name, "+");
    if plus != name {
        if let Some(id) = lexicon.canonical(EntityKind::Model, &plus) {
            return Some(id);
        }
    }
    let names = [name, plus.as_ref()];
    MAKERS.iter().find_map(|m| {
        names
            .iter()
            .find_map(|n| lexicon.canonical(EntityKind::Model, &format!("{m} {n}")))
    })
}

/// A local runtime's or a host's name for a model: "qwen2.5-coder:32b-instruct-q8_0" (ollama's
/// `name:size-variant-quantization`) is "qwen2.5-coder-32b", "gpt-oss-120b:cerebras" (a
/// host after the colon) is "gpt-oss-120b". Only the size survives the tag: the rest is how
/// the weights were packaged, which `results::matching`'s weights axis keeps apart.
fn without_deployment_tag(name: &str) -> Option<String> {
    let (head, tag) = name.split_once(':')?;
    let head = head.trim();
    if head.is_empty() || head.contains(char::is_whitespace) {
        return None;
    }
    let size = tag.split(['-', '_']).find(|t| {
        let digits = t.trim_end_matches(['b', 'B', 'm', 'M']);
        digits.len() < t.len()
            && !digits.is_empty()
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == 'x')
    });
    Some(match size {
        Some(size) => format!("{head}-{size}"),
        None => head.to_string(),
    })
}

/// "Claude 4 Sonnet" → "Claude Sonnet 4": Anthropic put the tier after the version until
/// Claude 4 and before it since, and the press writes either order in Korean.
fn tier_first(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [family, version, tier] if version.starts_with(|c: char| c.is_ascii_digit()) => {
            Some(format!("{family} {tier} {version}"))
        }
        [family, tier, version] if version.starts_with(|c: char| c.is_ascii_digit()) => {
            Some(format!("{family} {version} {tier}"))
        }
        _ => None,
    }
}

/// Makers' names as the Korean press writes them before a model's ("오픈AI o3").
const KOREAN_MAKERS: &[&str] = &[
    "오픈AI",
    "오픈에이아이",
    "앤트로픽",
    "구글",
    "메타",
    "알리바바",
    "마이크로소프트",
    "엔비디아",
    "아마존",
];

/// A family's name with the exact model's id in brackets ("Devstral (24B, 代号
/// devstral-small-2505)"): the one bracketed word that names a model of that family. A model
/// of another family in brackets ("Our agent (GPT-4o)") is not the name's.
fn bracketed_id<'l>(lexicon: &'l Lexicon, name: &str) -> Option<&'l str> {
    let (outside, rest) = name.split_once(['(', '（'])?;
    let inside = rest.split([')', '）']).next()?;
    let family = fold(outside);
    if family.is_empty() {
        return None;
    }
    let mut found = inside
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | ';' | '、'))
        .filter(|word| fold(word).starts_with(&family))
        .filter_map(|word| lexicon.canonical(EntityKind::Model, word));
    let first = found.next()?;
    found.all(|id| id == first).then_some(first)
}

/// The agent system a name refers to, when it names one (`[[system]]`): "Amazon Q Developer
/// Agent (v20240430-dev)" is the system Amazon Q Developer Agent.
pub fn system_entity(name: &str) -> Option<String> {
    let lexicon = lexicon();
    let id = lexicon.canonical(EntityKind::Model, name)?;
    lexicon
        .get(EntityKind::Model, id)
        .filter(|e| e.system)
        .map(|e| e.id.clone())
}

/// Makers whose name prose puts before a model's.
const MAKERS: &[&str] = &[
    "OpenAI",
    "Anthropic",
    "Google",
    "Meta",
    "Alibaba",
    "Mistral",
    "xAI",
    "Microsoft",
    "NVIDIA",
    "Amazon",
    "Cohere",
];

pub fn benchmark_entity(name: &str) -> Option<String> {
    let lexicon = lexicon();
    lexicon
        .canonical(EntityKind::Benchmark, name)
        .or_else(|| {
            let latin = latin_benchmark_words(name)?;
            lexicon.canonical(EntityKind::Benchmark, &latin)
        })
        .or_else(|| lexicon.canonical(EntityKind::Benchmark, &without_whole_set_word(name)?))
        .map(str::to_string)
}

/// "the main SWE-bench", "full SWE-bench", "SWE-bench (full)": a word saying the whole set is
/// meant, as against its splits, names the benchmark itself (never a split: the split's own
/// name still has to be written).
fn without_whole_set_word(name: &str) -> Option<String> {
    static WHOLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:the\s+)?(?:main|full|original|complete)\s+(.+?)\s*$|^\s*(.+?)\s*\((?:full|full test set|full set)\)\s*$",
        )
        .expect("whole-set pattern")
    });
    let c = WHOLE.captures(name)?;
    c.get(1)
        .or_else(|| c.get(2))
        .map(|m| m.as_str().to_string())
}

/// How the Korean press spells the words of a benchmark's name ("SWE-벤치 베리파이드", "GPQA
/// 다이아몬드"), so the name resolves as its Latin spelling.
const BENCHMARK_WORDS_KO: &[(&str, &str)] = &[
    ("베리파이드", "Verified"),
    ("다이아몬드", "Diamond"),
    ("멀티모달", "Multimodal"),
    ("폴리글롯", "Polyglot"),
    ("라이트", "Lite"),
    ("프로", "Pro"),
    ("하드", "Hard"),
    ("벤치", "bench"),
];

/// The name with its Korean words in Latin letters; None when it has none.
fn latin_benchmark_words(name: &str) -> Option<String> {
    let mut out = name.to_string();
    for (ko, latin) in BENCHMARK_WORDS_KO {
        out = out.replace(ko, latin);
    }
    (out != name).then_some(out)
}

/// The canonical benchmark of a published result: the publisher's own name for it when the
/// result's page is on a host the entity lists (`published_as`), else as `benchmark_entity`.
pub fn benchmark_entity_at(name: &str, url: Option<&str>) -> Option<String> {
    let host = url
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
    if let Some(host) = host {
        let key = fold(name);
        let lexicon = lexicon();
        let scoped = lexicon.entities(EntityKind::Benchmark).iter().find(|e| {
            e.published_as.iter().any(|p| {
                let own = p.host.to_ascii_lowercase();
                let on_host = host == own || host.ends_with(&format!(".{own}"));
                on_host && !key.is_empty() && fold(&p.name) == key
            })
        });
        if let Some(e) = scoped {
            return Some(e.id.clone());
        }
    }
    benchmark_entity(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_systems_resolve_but_are_never_found_in_sentences() {
        let lexicon = lexicon();
        assert_eq!(
            lexicon.canonical(
                EntityKind::Model,
                "Amazon Q Developer Agent (v20240719-dev)"
            ),
            Some("amazon-q-developer-agent")
        );
        assert_eq!(
            system_entity("OpenHands CodeAct 2.1").as_deref(),
            Some("openhands-codeact")
        );
        // A model's name is never a system's.
        assert_eq!(system_entity("GPT-4o"), None);
        assert!(model_entity("GPT-4o").is_some());
        // Many systems are also words; a sentence's names are models only.
        let found = lexicon.find(
            EntityKind::Model,
            "Honeycomb and Solver beat Amazon Q Developer Agent, GPT-4o did not.",
        );
        let ids: Vec<&str> = found.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, [model_entity("GPT-4o").expect("gpt-4o").as_str()]);
    }

    #[test]
    fn a_familys_name_with_its_models_id_in_brackets_is_that_model() {
        let small = model_entity("Devstral Small");
        assert!(small.is_some());
        assert_eq!(
            model_entity("Devstral(24 B,代号 devstral-small-2505)"),
            small
        );
        assert_eq!(model_entity("Devstral (devstral-small-2505)"), small);
        // Another family's model in brackets is not the name's; nor is a bracket with no id.
        assert_eq!(model_entity("Our agent (GPT-4o)"), None);
        assert_eq!(model_entity("Devstral (24B)"), None);
        for hostile in ["(", "（）", "(((", "x (", ") (", "Devstral (devstral"] {
            let _ = model_entity(hostile);
        }
    }

    #[test]
    fn a_name_written_in_korean_resolves_as_its_latin_spelling() {
        for (korean, latin) in [
            ("클로드 3.5 소네트", "Claude 3.5 Sonnet"),
            ("클로드 소네트 4", "Claude Sonnet 4"),
            ("클로드 4 오퍼스", "Claude Opus 4"),
            ("제미나이 2.5 프로", "Gemini 2.5 Pro"),
            ("제미니 2.5 플래시 라이트", "Gemini 2.5 Flash-Lite"),
            ("딥시크 R1", "DeepSeek R1"),
            ("라마 4 매버릭", "Llama 4 Maverick"),
            ("오픈AI o3", "o3"),
            ("GPT-4o 미니", "GPT-4o mini"),
        ] {
            let id = model_entity(latin);
            assert!(id.is_some(), "{latin}");
            assert_eq!(model_entity(korean), id, "{korean}");
        }
        // A Hangul word that is no tier makes it no name; nor is a name without a family.
        assert_eq!(model_entity("클로드 3.5 소네트 후속"), None);
        assert_eq!(lexicon().latin("오늘 발표한 모델"), None);
        assert_eq!(lexicon().latin("GPT-4o"), None);
        assert_eq!(lexicon().latin("o3 프로").as_deref(), Some("o3 Pro"));
        assert_eq!(lexicon().latin("큐원3 235B").as_deref(), Some("Qwen3 235B"));
        assert_eq!(lexicon().latin("딥시크-V3").as_deref(), Some("DeepSeek-V3"));
        // Every tier word the families are found with has its Latin spelling.
        let text = BUNDLED;
        let file: EntityFile = toml::from_str(text).expect("entities.toml");
        for tier in &file.family_tiers {
            assert!(file.tier_latin.contains_key(tier), "{tier}");
        }
        for hostile in [
            "클로드",
            "클로드3",
            "클로드 3.5\u{0}",
            "큐원3.",
            "제미나이 🙂",
            "라마 4 매버릭 스카우트",
        ] {
            let _ = model_entity(hostile);
        }
    }

    #[test]
    fn a_release_called_by_a_word_is_its_dated_snapshot() {
        let lexicon = lexicon();
        for name in [
            "upgraded Claude 3.5 Sonnet",
            "Claude 3.5 Sonnet (new)",
            "claude 3.5 sonnet v2",
        ] {
            assert_eq!(lexicon.snapshot_date(name), Some("2024-10-22"), "{name}");
            assert_eq!(
                model_entity(name),
                model_entity("Claude 3.5 Sonnet"),
                "{name}"
            );
        }
        assert_eq!(
            lexicon.snapshot_date("Claude 3.5 Sonnet (old)"),
            Some("2024-06-20")
        );
        assert_eq!(lexicon.snapshot_date("Claude 3.5 Sonnet"), None);
        let bad = r#"
[[model]]
id = "m"
name = "M 1"
[[snapshot]]
model = "m"
date = "last autumn"
names = ["new M 1"]
source = "https://example.com"
"#;
        assert!(Lexicon::parse(bad).is_err());
        let orphan = bad
            .replace("model = \"m\"", "model = \"nobody\"")
            .replace("last autumn", "2024-10-22");
        assert!(Lexicon::parse(&orphan).is_err());
        assert!(Lexicon::parse(&bad.replace("last autumn", "2024-10-22")).is_ok());
    }

    #[test]
    fn a_publishers_own_name_holds_on_its_pages_only() {
        let verified = Some("swe-bench-verified".to_string());
        for url in [
            "https://www.vals.ai/benchmarks/swebench-2025-08-27",
            "https://vals.ai/benchmarks/swebench",
        ] {
            assert_eq!(
                benchmark_entity_at("SWE-bench", Some(url)),
                verified,
                "{url}"
            );
        }
        for url in [
            None,
            Some("https://example.com/vals.ai/swebench"),
            Some("https://notvals.ai/benchmarks/swebench"),
            Some("not a url"),
        ] {
            assert_eq!(
                benchmark_entity_at("SWE-bench", url),
                benchmark_entity("SWE-bench")
            );
            assert_ne!(benchmark_entity_at("SWE-bench", url), verified);
        }
        // Other names on the publisher's pages resolve as anywhere else.
        assert_eq!(
            benchmark_entity_at("MMLU-Pro", Some("https://www.vals.ai/x")),
            benchmark_entity("MMLU-Pro")
        );
    }

    #[test]
    fn a_benchmark_standing_needs_a_date_and_a_web_source() {
        let file = |since: &str, source: &str| {
            format!(
                "[[benchmark]]\nid = \"b\"\nname = \"B\"\n[benchmark.standing]\n\
                 state = \"saturated\"\nsince = \"{since}\"\nsource = \"{source}\"\n"
            )
        };
        let ok = Lexicon::parse(&file("2024-06-03", "https://arxiv.org/abs/2406.01574"))
            .expect("a valid standing parses");
        let note = ok.benchmark_note("b").expect("the standing is reported");
        assert_eq!(note.state, app::vocab::BenchmarkState::Saturated);
        assert_eq!(note.since, "2024-06-03");
        for (since, source) in [
            ("June 2024", "https://arxiv.org/abs/2406.01574"),
            ("2024-06-03", "arxiv.org/abs/2406.01574"),
            ("2024-06-03", "javascript:alert(1)"),
        ] {
            let err = Lexicon::parse(&file(since, source)).err();
            assert!(
                err.is_some_and(|e| e.contains("b: standing")),
                "{since} {source}"
            );
        }
        let unknown = "[[benchmark]]\nid = \"b\"\nname = \"B\"\n[benchmark.standing]\n\
                       state = \"broken\"\nsince = \"2024-06-03\"\nsource = \"https://x.org\"\n";
        assert!(
            Lexicon::parse(unknown).is_err(),
            "an unknown state is refused"
        );
    }

    #[test]
    fn family_spellings_with_a_version_or_tier_are_model_names() {
        let l = lexicon();
        let names = |s: &str| -> Vec<String> {
            l.family_names(s)
                .into_iter()
                .map(|(a, b)| s[a..b].to_string())
                .collect()
        };
        assert_eq!(
            names("제미나이 3 프로는 37.5%를 기록했다."),
            ["제미나이 3 프로"]
        );
        assert_eq!(names("큐원 3 235B(64점)보다 낮다"), ["큐원 3 235B"]);
        assert_eq!(
            names("클로드 4 소네트 싱킹을 앞섰다"),
            ["클로드 4 소네트 싱킹"]
        );
        assert_eq!(names("믿음 2.0의 오픈소스"), ["믿음 2.0"]);
        assert_eq!(
            names("클로드는 답했다"),
            ["클로드"],
            "a family that is no common word"
        );
        assert!(
            names("믿음을 주는 서비스").is_empty(),
            "믿음 alone is the word faith"
        );
        assert!(
            names("드라마 3편이 공개됐다").is_empty(),
            "inside a longer word"
        );
        assert!(names("The 라마- ").is_empty());
        // Foreign products and tiers as the Korean press spells them.
        assert_eq!(names("키미 K2는 오픈소스다"), ["키미 K2"]);
        assert_eq!(names("비오 3로 만든 영상"), ["비오 3"]);
        assert!(names("비오는 날").is_empty(), "비오 alone is raining");
        assert_eq!(names("코파일럿은 무료다"), ["코파일럿"]);
        assert_eq!(
            names("하이퍼클로바X 씽크는 공개됐다"),
            ["하이퍼클로바X 씽크"]
        );
    }

    proptest::proptest! {
        #[test]
        fn family_names_are_char_boundaries_inside_the_sentence(s in "\\PC{0,60}") {
            let l = lexicon();
            for (a, b) in l.family_names(&s) {
                proptest::prop_assert!(a < b && b <= s.len());
                proptest::prop_assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
            }
        }
    }

    #[test]
    fn every_public_entity_says_where_it_was_read_and_each_name_finds_its_own() {
        let public = Lexicon::parse(PUBLIC).expect("entities-public.toml parses");
        let both =
            Lexicon::with_editors(&[BUNDLED, PUBLIC], &EditorNames::default()).expect("both files");
        for kind in [EntityKind::Model, EntityKind::Benchmark] {
            assert!(public.entities(kind).len() >= 50, "{kind:?}");
            for e in public.entities(kind) {
                assert!(
                    e.source.as_deref().is_some_and(|s| !s.trim().is_empty()),
                    "{} has no source",
                    e.id
                );
                for name in std::iter::once(&e.name).chain(&e.aliases) {
                    assert_eq!(
                        both.canonical(kind, name),
                        Some(e.id.as_str()),
                        "{name:?} of {} resolves elsewhere",
                        e.id
                    );
                }
            }
        }
        let twice = format!("{PUBLIC}\n[[model]]\nid = \"gpt-5\"\nname = \"GPT 5 again\"\n");
        assert!(
            Lexicon::with_editors(&[BUNDLED, &twice], &EditorNames::default()).is_err(),
            "an id listed twice"
        );
    }

    #[test]
    fn editors_models_join_the_files_and_the_files_win_a_clash() {
        let model = |id: &str, name: &str| Entity {
            id: id.into(),
            name: name.into(),
            vendor: Some("TII".into()),
            aliases: Vec::new(),
            standing: None,
            source: None,
            published_as: Vec::new(),
            system: false,
        };
        let editors = EditorNames {
            models: vec![
                model("falcon-h1r-7b", "Falcon-H1R 7B"),
                model("gpt-5", "GPT Five Max"),
                model("my-gpt", "gpt 5"),
            ],
            aliases: vec![
                Alias {
                    kind: EntityKind::Model,
                    entity: "falcon-h1r-7b".into(),
                    alias: "Falcon H1R Seven".into(),
                },
                Alias {
                    kind: EntityKind::Model,
                    entity: "my-gpt".into(),
                    alias: "GPT Fivey".into(),
                },
            ],
        };
        let l = Lexicon::with_editors(&[BUNDLED, PUBLIC], &editors).expect("lexicon");
        let m = EntityKind::Model;
        assert_eq!(l.canonical(m, "falcon-h1r 7b"), Some("falcon-h1r-7b"));
        assert_eq!(l.canonical(m, "Falcon H1R Seven"), Some("falcon-h1r-7b"));
        let found = l.find(m, "Falcon-H1R 7B scores 88.1% on AIME 2025.");
        assert!(found.iter().any(|f| f.id == "falcon-h1r-7b"), "{found:?}");
        // An id the files hold: the editor's name becomes that entry's, the entry stays theirs.
        assert_eq!(l.canonical(m, "GPT Five Max"), Some("gpt-5"));
        assert_ne!(
            l.get(m, "gpt-5").map(|e| e.name.as_str()),
            Some("GPT Five Max")
        );
        // A name the files hold: no second entity; its links and aliases move to the files'.
        assert!(l.get(m, "my-gpt").is_none());
        assert_eq!(l.canonical(m, "gpt 5"), Some("gpt-5"));
        assert_eq!(l.absorbed(), &[("my-gpt".to_string(), "gpt-5".to_string())]);
        assert_eq!(l.canonical(m, "GPT Fivey"), Some("gpt-5"));
    }

    #[test]
    fn the_bundled_file_parses() {
        // LEXICON falls back to no entities on a bad file; a test must catch that instead.
        let l = Lexicon::with_editors(&[BUNDLED, PUBLIC], &EditorNames::default())
            .expect("content/entities.toml and entities-public.toml parse together");
        assert!(l.entities(EntityKind::Model).len() > 20);
        assert!(l.entities(EntityKind::Benchmark).len() > 10);
    }

    #[test]
    fn aliases_snapshots_and_settings_resolve_to_one_entity() {
        let l = lexicon();
        for name in ["GPT-5", "gpt-5-2025-08-07", "GPT‑5 (high)", "gpt 5"] {
            assert_eq!(
                l.canonical(EntityKind::Model, name),
                Some("gpt-5"),
                "{name}"
            );
        }
        assert_eq!(
            l.canonical(EntityKind::Benchmark, "SWE-Bench-Verified"),
            Some("swe-bench-verified")
        );
        assert_eq!(
            l.canonical(EntityKind::Benchmark, "SWE-bench Verified"),
            Some("swe-bench-verified")
        );
        assert_ne!(
            l.canonical(EntityKind::Benchmark, "SWE-bench Pro"),
            l.canonical(EntityKind::Benchmark, "SWE-bench Verified")
        );
        // A benchmark's name in the Korean press's spelling resolves as its Latin spelling.
        assert_eq!(
            benchmark_entity("GPQA 다이아몬드").as_deref(),
            benchmark_entity("GPQA Diamond").as_deref()
        );
        assert!(benchmark_entity("GPQA 다이아몬드").is_some());
        assert_eq!(
            benchmark_entity("SWE-벤치 베리파이드").as_deref(),
            benchmark_entity("SWE-bench Verified").as_deref()
        );
        // The family named without a size is its own entity; a size names the model.
        assert_eq!(l.canonical(EntityKind::Model, "gpt-oss"), Some("gpt-oss"));
        assert_eq!(
            l.canonical(EntityKind::Model, "gpt-oss-120b"),
            Some("gpt-oss-120b")
        );
    }

    #[test]
    fn finds_names_in_text_with_offsets_of_that_text() {
        let s =
            "Cerebras delivers 1,800 tokens per second for Llama3.1 8B and 카나나-1.5‑8B‑instruct.";
        let found = lexicon().find(EntityKind::Model, s);
        let ids: Vec<&str> = found.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["llama-3-1-8b", "kanana-1-5-8b"]);
        for m in &found {
            assert_eq!(&s[m.start..m.end], m.text);
        }
        // A capitalised plain word is case-sensitive; inside a longer word it is no name.
        assert!(lexicon()
            .find(EntityKind::Model, "the scout team went Scouting")
            .is_empty());
    }
}
