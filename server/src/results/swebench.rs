//! SWE-bench's leaderboards as SWE-bench publishes them: `data/leaderboards.json` in
//! SWE-bench/swe-bench.github.io (CC BY-NC 4.0), the file https://www.swebench.com is built
//! from. One list of runs per board ("Verified", "bash-only", "Lite", "Test", "Multimodal",
//! "Multilingual"), each run with its name, `resolved` (the percentage of the board's tasks
//! solved), its date and tags ("Model: claude-3-7-sonnet-20250219", "Org: SWE-agent",
//! "System: Attempts - 1"). SWE-bench checks every submission's patches with its own harness;
//! every row is stored as third party, a vendor's own submission ("Tools + Claude 4 Sonnet")
//! included, as the file does not say who submitted a run.
//!
//! Two kinds of board. On the model-only boards (bash-only, Multilingual) SWE-bench itself runs
//! each model in mini-SWE-agent, a bash-only agent, and the row's name is the model's ("GPT-5
//! (2025-08-07) (medium reasoning)"). On the others a row is an agent system ("OpenHands + Claude
//! 4 Sonnet", "TRAE"): what it measures is the system, so the model is read from its one
//! "Model:" tag, and a row naming no model or several is skipped with its reason, never
//! guessed from the system's name. Such a row carries the setting "agent system: …", which the
//! matcher's scaffold axis keeps apart from a vendor's own agentic or single-patch run.

use std::collections::HashSet;

use serde_json::Value;

use super::matching::{model_entity, system_entity};
use super::parse::{Measured, Parsed, Problem, MAX_RESULTS};
use crate::claims::entities::{lexicon, EntityKind};

/// The site the boards are shown on.
pub const SITE: &str = "https://www.swebench.com/";

/// What the settings of a run by a named agent system start with (the scaffold axis reads it).
pub const AGENT_SYSTEM: &str = "agent system: ";

/// One row as the file writes it.
#[derive(Debug, Clone, Copy)]
pub struct RowText<'a> {
    /// The board's name ("Verified", "bash-only").
    pub board: &'a str,
    /// The row's name: the model on a model-only board, the system on the others.
    pub name: &'a str,
    pub tags: &'a [String],
    /// The mini-SWE-agent version a model-only board ran (`mini-swe-agent_version`).
    pub harness_version: Option<&'a str>,
    /// The submitter's site (`site`): a maker's own address says the run is its own.
    pub site: Option<&'a str>,
}

/// What a row measures, as Proofwire stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub model: String,
    pub benchmark: String,
    pub settings: Vec<String>,
}

/// A board as Proofwire's entity lists name what it measures.
struct Board {
    benchmark: String,
    /// SWE-bench runs the model itself in mini-SWE-agent; the row's name is the model's.
    model_only: bool,
    /// The tab of https://www.swebench.com that shows the board.
    page: String,
}

fn board(name: &str) -> Board {
    let name = name.trim();
    let known = |benchmark: &str, model_only: bool, tab: &str| Board {
        benchmark: benchmark.to_string(),
        model_only,
        page: format!("{SITE}#{tab}"),
    };
    match name.to_ascii_lowercase().as_str() {
        "verified" => known("SWE-bench Verified", false, "verified"),
        // swebench.com: the bash-only board runs mini-SWE-agent on SWE-bench Verified.
        "bash-only" | "bash only" => known("SWE-bench Verified", true, "bash-only"),
        "lite" => known("SWE-bench Lite", false, "lite"),
        // The 2,294 tasks of the paper's test set ("Full" on the site).
        "test" | "full" => known("SWE-bench (full test set)", false, "test"),
        "multimodal" => known("SWE-bench Multimodal", false, "multimodal"),
        "multilingual" => known("SWE-bench Multilingual", true, "multilingual"),
        _ => {
            let plain = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
            Board {
                benchmark: format!("SWE-bench {name}"),
                model_only: false,
                page: if plain {
                    format!("{SITE}#{}", name.to_ascii_lowercase())
                } else {
                    SITE.to_string()
                },
            }
        }
    }
}

/// A name cut to 120 characters, for a reason shown to people.
fn shown(s: &str) -> String {
    const MAX: usize = 120;
    let mut out: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

const EFFORTS: &[&str] = &["minimal", "low", "medium", "high"];

/// "medium reasoning", "high" → "medium effort", "high effort"; anything else as written.
fn setting_of(part: &str) -> String {
    let lower = part.trim().to_lowercase();
    let level = lower
        .strip_suffix(" reasoning")
        .or_else(|| lower.strip_suffix(" reasoning effort"))
        .unwrap_or(&lower);
    if EFFORTS.contains(&level) {
        format!("{level} effort")
    } else {
        part.trim().to_string()
    }
}

/// A model-only board's row name → the model (with its release tag) and the run's settings:
/// "GPT-5 (2025-08-07) (medium reasoning)" → ("GPT-5 (2025-08-07)", ["medium effort"]);
/// "Claude 4.5 Opus medium (20251101)" → ("Claude 4.5 Opus (20251101)", ["medium effort"]);
/// "GLM-4.6 (T=1)" → ("GLM-4.6", ["T=1"]). An unclosed parenthesis is part of the name.
pub fn model_and_settings(name: &str) -> (String, Vec<String>) {
    let mut head = String::new();
    let mut groups: Vec<String> = Vec::new();
    let mut group = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    group.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push(std::mem::take(&mut group));
                } else {
                    group.push(c);
                }
            }
            _ if depth > 0 => group.push(c),
            _ => head.push(c),
        }
    }
    if depth > 0 {
        head.push('(');
        head.push_str(&group);
    }
    let mut settings = Vec::new();
    let mut words: Vec<&str> = head.split_whitespace().collect();
    if let Some(last) = words.last() {
        if words.len() > 1 && EFFORTS.contains(&last.to_lowercase().as_str()) {
            settings.push(format!("{} effort", last.to_lowercase()));
            words.pop();
        }
    }
    let mut model = words.join(" ");
    let mut releases = Vec::new();
    for g in groups.iter().map(|g| g.trim()).filter(|g| !g.is_empty()) {
        if super::aider::is_release_tag(g) {
            releases.push(g);
        } else {
            settings.push(setting_of(g));
        }
    }
    if !releases.is_empty() {
        model = format!("{model} ({})", releases.join(", "));
    }
    (model.trim().to_string(), settings)
}

/// A model tag's value as a name: a Hugging Face address is its repository id.
fn tag_model(value: &str) -> String {
    let v = value.trim();
    match v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
    {
        Some(rest) => rest
            .split_once('/')
            .map_or(rest, |(_, path)| path)
            .trim_matches('/')
            .to_string(),
        None => v.to_string(),
    }
}

/// Two spellings of one model ("claude-3-5-sonnet-20241022", "claude-3.5-sonnet-20241022").
fn model_key(name: &str) -> String {
    model_entity(name).unwrap_or_else(|| {
        name.to_lowercase()
            .chars()
            .map(|c| if matches!(c, '.' | '_' | ' ') { '-' } else { c })
            .collect()
    })
}

/// "System: Attempts - 1" → "single attempt"; "System: Attempts - 2+" → "multiple attempts
/// (2+)"; other tags as written. Model tags are read apart (`None`).
fn tag_setting(tag: &str) -> Option<String> {
    let tag = tag.trim();
    if tag.is_empty() || tag.starts_with("Model:") {
        return None;
    }
    let attempts = tag
        .strip_prefix("System:")
        .map(str::trim)
        .and_then(|t| t.strip_prefix("Attempts"))
        .map(|t| t.trim_start_matches([' ', '-', ':']).trim());
    Some(match attempts {
        Some("1") => "single attempt".to_string(),
        Some(n) if n.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("multiple attempts ({n})")
        }
        _ => tag.to_string(),
    })
}

/// The setting of a run the model's maker submitted in its own harness ("Tools + Claude 3.5
/// Sonnet (2024-10-22)", Org: Anthropic): the run its own claims report, an agentic one.
pub const MAKERS_OWN: &str = "agentic, the maker's own submission: ";

/// Whether the maker of the model the row ran submitted it: an "Org:" tag or the row's site
/// names the maker ("Tools + Claude 4 Sonnet", site www.anthropic.com), or the system's name
/// is the model's own ("GLM-4.6").
fn maker_submitted(name: &str, tags: &[String], site: Option<&str>, model: &str) -> bool {
    let Some(id) = model_entity(model) else {
        return false;
    };
    if model_entity(name).as_deref() == Some(id.as_str()) {
        return true;
    }
    let lexicon = lexicon();
    let Some(vendor) = lexicon
        .get(EntityKind::Model, &id)
        .and_then(|e| e.vendor.as_deref())
    else {
        return false;
    };
    let site = site.and_then(site_name);
    tags.iter()
        .filter_map(|t| t.trim().strip_prefix("Org:"))
        .chain(site.as_deref())
        .any(|org| same_maker(org, vendor))
}

/// The name a site's address is registered under: "https://www.anthropic.com/" → "anthropic",
/// "https://www.lgresearch.ai/" → "lgresearch" ("https://qwenlm.github.io/" → "github", which
/// names no maker).
fn site_name(site: &str) -> Option<String> {
    let registrable = crate::canonical::registrable_site(site)?;
    registrable.split('.').next().map(str::to_string)
}

/// Model teams that publish under their own name, and their makers as the entity lists name
/// them.
const TEAMS: &[(&str, &str)] = &[
    ("qwen", "alibaba"),
    ("deepmind", "google"),
    ("gemini", "google"),
    ("z.ai", "zhipu"),
];

/// "Anthropic" and "Anthropic"; "Mistral" and "Mistral AI"; "Qwen" and "Alibaba". Compared by
/// first word, as leaderboards shorten makers' names.
fn same_maker(org: &str, vendor: &str) -> bool {
    let first = |s: &str| {
        s.split_whitespace()
            .next()
            .map(str::to_lowercase)
            .unwrap_or_default()
    };
    let (org, vendor) = (first(org), first(vendor));
    !org.is_empty() && (org == vendor || TEAMS.iter().any(|(t, m)| org == *t && vendor == *m))
}

const MAX_NAME: usize = 500;
const MAX_TAGS: usize = 64;

/// What one row measures: the one function that reads a row, shared by the adapter and by
/// `eval-results` (which reads its labelled SWE-bench pairs through it).
pub fn read_row(row: RowText<'_>) -> Result<Reading, String> {
    let name = row.name.trim();
    // Real rows have a short name and a dozen tags at most; each tag's model is looked up in
    // the entity lists, so a hostile row's count is bounded before any is.
    let long = |s: &str| s.chars().nth(MAX_NAME).is_some();
    if long(name) || long(row.board) || row.tags.len() > MAX_TAGS {
        return Err(format!(
            "{}: a name over {MAX_NAME} characters or over {MAX_TAGS} tags",
            shown(name)
        ));
    }
    let b = board(row.board);
    let models: Vec<String> = row
        .tags
        .iter()
        .filter_map(|t| t.trim().strip_prefix("Model:"))
        .map(tag_model)
        .filter(|m| !m.is_empty())
        .collect();
    let mut settings = Vec::new();
    let model = if b.model_only {
        let (model, from_name) = model_and_settings(name);
        settings.extend(from_name);
        settings.push(match row.harness_version.map(str::trim) {
            Some(v) if !v.is_empty() => format!("bash-only (mini-SWE-agent {v})"),
            _ => "bash-only (mini-SWE-agent)".to_string(),
        });
        // The board's name for the model, unless the entity lists know only its one tag's
        // ("Qwen3-Coder 480B/A35B Instruct" beside "Model: Qwen3-Coder-480B-A35B-Instruct").
        let tagged = match models.as_slice() {
            [one] if model.is_empty() || model_entity(&model).is_none() => Some(one),
            _ => None,
        };
        match tagged {
            Some(t) if model.is_empty() || model_entity(t).is_some() => t.clone(),
            _ if !model.is_empty() => model,
            _ => return Err("a run with no model named".into()),
        }
    } else {
        let mut distinct: Vec<(String, &String)> = Vec::new();
        for m in &models {
            let key = model_key(m);
            if !distinct.iter().any(|(k, _)| *k == key) {
                distinct.push((key, m));
            }
        }
        match distinct.as_slice() {
            [(_, one)] => {
                if maker_submitted(name, row.tags, row.site, one) {
                    settings.push(format!("{MAKERS_OWN}{name}"));
                } else if !name.is_empty() {
                    settings.push(format!("{AGENT_SYSTEM}{name}"));
                }
                (*one).clone()
            }
            // A row that names no one model but an agent system the entity lists know measures
            // that system: a claim about the system ("Amazon Q Developer Agent resolves
            // 13.8 %") is what it bears on.
            _ if system_entity(name).is_some() => name.to_string(),
            [] => {
                return Err(format!(
                "{}: an agent system whose tags name no model; which model it ran cannot be told",
                shown(name)
            ))
            }
            many => {
                let names: Vec<String> = many.iter().map(|(_, m)| shown(m)).collect();
                return Err(format!(
                    "{}: several models ({}); which one the result measures cannot be told",
                    shown(name),
                    names.join(", ")
                ));
            }
        }
    };
    for s in row.tags.iter().filter_map(|t| tag_setting(t)) {
        if !settings.contains(&s) {
            settings.push(s);
        }
    }
    Ok(Reading {
        model,
        benchmark: b.benchmark,
        settings,
    })
}

/// A row's tags (`"Org: …"`, `"Model: …"`); none when absent or not strings.
pub(super) fn tags(row: &Value) -> Vec<String> {
    row.get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn percent(v: &Value) -> Result<f64, String> {
    let x = match v.get("resolved") {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().trim_end_matches('%').trim().parse().ok(),
        None | Some(Value::Null) => return Err("no resolved".into()),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
    .ok_or("resolved is not a number")?;
    if (0.0..=100.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("resolved {x} is not a percentage"))
    }
}

/// Why a row SWE-bench flagged is skipped: swebench.com leaves such rows out of its tables.
fn flagged(v: &Value) -> Option<String> {
    let why = match v.get("warning")? {
        Value::Null | Value::Bool(false) => return None,
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => format!(" ({})", shown(s.trim())),
        _ => String::new(),
    };
    Some(format!(
        "SWE-bench flagged it with a warning{why} and does not list it"
    ))
}

fn entry(board_name: &str, v: &Value) -> Result<Measured, String> {
    if !v.is_object() {
        return Err("not a run".into());
    }
    let name = text(v, "name").ok_or("a run with no name")?;
    if let Some(why) = flagged(v) {
        return Err(format!("{}: {why}", shown(&name)));
    }
    let score = percent(v).map_err(|e| format!("{}: {e}", shown(&name)))?;
    let tags = tags(v);
    let version = text(v, "mini-swe-agent_version");
    let site = text(v, "site");
    let reading = read_row(RowText {
        board: board_name,
        name: &name,
        tags: &tags,
        harness_version: version.as_deref(),
        site: site.as_deref(),
    })?;
    let date = text(v, "date")
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| d.to_string());
    Ok(Measured {
        model: reading.model,
        benchmark: reading.benchmark,
        score,
        unit: Some("%".into()),
        lower: None,
        upper: None,
        stderr: None,
        date,
        settings: reading.settings,
        url: Some(board(board_name).page),
        relationship: "third_party".into(),
    })
}

/// A board as the file writes it: its name and its runs, each run as any JSON value.
struct BoardRuns {
    name: Value,
    runs: Option<Vec<Value>>,
}

/// The file's usual shape, read without building what this reader never looks at (the
/// per-task details newer runs carry are most of the file).
#[derive(serde::Deserialize)]
struct FileDoc {
    leaderboards: Vec<BoardDoc>,
}

#[derive(serde::Deserialize)]
struct BoardDoc {
    #[serde(default)]
    name: Value,
    #[serde(default)]
    results: Option<Vec<RunDoc>>,
}

#[derive(serde::Deserialize)]
struct RunDoc {
    #[serde(default)]
    name: Value,
    #[serde(default)]
    resolved: Value,
    #[serde(default)]
    date: Value,
    #[serde(default)]
    tags: Value,
    #[serde(default)]
    warning: Value,
    #[serde(default)]
    folder: Value,
    #[serde(default, rename = "mini-swe-agent_version")]
    version: Value,
    #[serde(default)]
    site: Value,
}

impl RunDoc {
    fn into_value(self) -> Value {
        serde_json::json!({
            "name": self.name, "resolved": self.resolved, "date": self.date, "tags": self.tags,
            "warning": self.warning, "folder": self.folder, "mini-swe-agent_version": self.version,
            "site": self.site,
        })
    }
}

/// The boards, or the reason there are none: the usual shape first; any other JSON value by
/// value, so one odd run costs only itself.
fn boards(body: &str) -> Result<Vec<BoardRuns>, Problem> {
    if let Ok(doc) = serde_json::from_str::<FileDoc>(body) {
        return Ok(doc
            .leaderboards
            .into_iter()
            .map(|b| BoardRuns {
                name: b.name,
                runs: b
                    .results
                    .map(|runs| runs.into_iter().map(RunDoc::into_value).collect()),
            })
            .collect());
    }
    let mut doc: Value = serde_json::from_str(body).map_err(|e| Problem {
        at: e.line().max(1),
        reason: format!("not JSON: {e}"),
    })?;
    let Some(Value::Array(boards)) = doc.get_mut("leaderboards").map(Value::take) else {
        return Err(Problem {
            at: 1,
            reason: "no \"leaderboards\" list".into(),
        });
    };
    Ok(boards
        .into_iter()
        .map(|mut b| BoardRuns {
            name: b.get_mut("name").map(Value::take).unwrap_or_default(),
            runs: match b.get_mut("results").map(Value::take) {
                Some(Value::Array(runs)) => Some(runs),
                _ => None,
            },
        })
        .collect())
}

/// The whole file: every board's runs. A run that cannot be read is reported with its place
/// among all the file's runs (1-based, in file order) and skipped. A run that stands on a
/// model-only board and again on an agent board (the same `folder`) is kept once, as the
/// model-only board reads it.
pub fn leaderboards(body: &str) -> Parsed {
    let mut out = Parsed::default();
    let boards = match boards(body) {
        Ok(boards) => boards,
        Err(problem) => {
            out.problems.push(problem);
            return out;
        }
    };
    // Each board with the place of its first run among all runs.
    let mut first = 1usize;
    let mut placed = Vec::with_capacity(boards.len());
    for b in &boards {
        placed.push((first, b));
        first = first.saturating_add(b.runs.as_ref().map_or(0, Vec::len));
    }
    let model_only = |b: &BoardRuns| b.name.as_str().is_some_and(|n| board(n).model_only);
    let order = placed
        .iter()
        .filter(|(_, b)| model_only(b))
        .chain(placed.iter().filter(|(_, b)| !model_only(b)));
    let mut seen: HashSet<(String, String)> = HashSet::new();
    'boards: for (at, b) in order {
        let name = b.name.as_str().map(str::trim).filter(|n| !n.is_empty());
        let (Some(name), Some(runs)) = (name, &b.runs) else {
            out.problems.push(Problem {
                at: *at,
                reason: "a board without a name or a list of runs".into(),
            });
            continue;
        };
        for (i, run) in runs.iter().enumerate() {
            if out.results.len() >= MAX_RESULTS || out.problems.len() >= MAX_RESULTS {
                break 'boards;
            }
            let at = at.saturating_add(i);
            let m = match entry(name, run) {
                Ok(m) => m,
                Err(reason) => {
                    out.problems.push(Problem {
                        at,
                        reason: format!("{}: {reason}", shown(name)),
                    });
                    continue;
                }
            };
            if let Some(folder) = text(run, "folder") {
                if !seen.insert((m.benchmark.clone(), folder)) {
                    out.problems.push(Problem {
                        at,
                        reason: format!(
                            "{}: {}: the same run as a model-only board's, kept once",
                            shown(name),
                            shown(&text(run, "name").unwrap_or_default())
                        ),
                    });
                    continue;
                }
            }
            out.results.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tags(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    fn row<'a>(board: &'a str, name: &'a str, tags: &'a [String]) -> RowText<'a> {
        RowText {
            board,
            name,
            tags,
            harness_version: None,
            site: None,
        }
    }

    #[test]
    fn a_model_only_boards_name_is_the_model_and_its_settings() {
        assert_eq!(
            model_and_settings("GPT-5 (2025-08-07) (medium reasoning)"),
            ("GPT-5 (2025-08-07)".into(), vec!["medium effort".into()])
        );
        assert_eq!(
            model_and_settings("Claude 4.5 Opus medium (20251101)"),
            (
                "Claude 4.5 Opus (20251101)".into(),
                vec!["medium effort".into()]
            )
        );
        assert_eq!(
            model_and_settings("GLM-4.6 (T=1)"),
            ("GLM-4.6".into(), vec!["T=1".into()])
        );
        assert_eq!(
            model_and_settings("Devstral small (2512)"),
            ("Devstral small (2512)".into(), vec![])
        );
        assert_eq!(model_and_settings("Medium").0, "Medium");
        assert_eq!(model_and_settings("Kimi (K2").0, "Kimi (K2");
    }

    #[test]
    fn bash_only_is_swe_bench_verified_run_by_an_agent() {
        let t = tags(&[
            "Org: Anthropic",
            "Model: claude-4-sonnet-20250514",
            "System: Attempts - 1",
        ]);
        let r = read_row(RowText {
            harness_version: Some("1.0.0"),
            ..row("bash-only", "Claude 4 Sonnet (20250514)", &t)
        })
        .expect("a model-only row");
        assert_eq!(r.model, "Claude 4 Sonnet (20250514)");
        assert_eq!(r.benchmark, "SWE-bench Verified");
        assert_eq!(
            r.settings,
            [
                "bash-only (mini-SWE-agent 1.0.0)",
                "Org: Anthropic",
                "single attempt"
            ]
        );
        // Without its tags (as the labelled pairs write it) the name still tells the model.
        let bare = read_row(row("bash-only", "GPT-4.1 (2025-04-14)", &[])).expect("row");
        assert_eq!(bare.model, "GPT-4.1 (2025-04-14)");
        assert_eq!(bare.settings, ["bash-only (mini-SWE-agent)"]);
        // A name the entity lists do not know gives way to the one tag they do.
        let qwen = tags(&["Model: Qwen3-Coder-480B-A35B-Instruct"]);
        let r = read_row(row("bash-only", "Qwen3-Coder 480B/A35B Instruct", &qwen)).expect("row");
        assert_eq!(r.model, "Qwen3-Coder-480B-A35B-Instruct");
        let unknown = tags(&["Model: minimax-m2"]);
        let r = read_row(row("bash-only", "Minimax M2", &unknown)).expect("row");
        assert_eq!(r.model, "Minimax M2");
    }

    #[test]
    fn an_agent_systems_model_is_its_one_model_tag_or_the_row_is_skipped() {
        let one = tags(&[
            "Model: claude-3-7-sonnet-20250219",
            "Org: SWE-agent",
            "System: Attempts - 2+",
        ]);
        let r = read_row(row(
            "Verified",
            "SWE-agent + Claude 3.7 Sonnet w/ Review Heavy",
            &one,
        ))
        .expect("one model");
        assert_eq!(r.model, "claude-3-7-sonnet-20250219");
        assert_eq!(
            r.settings,
            [
                "agent system: SWE-agent + Claude 3.7 Sonnet w/ Review Heavy",
                "Org: SWE-agent",
                "multiple attempts (2+)"
            ]
        );
        // Two spellings of one model are one model.
        let same = tags(&[
            "Model: claude-3-5-sonnet-20241022",
            "Model: claude-3.5-sonnet-20241022",
        ]);
        let r = read_row(row(
            "Verified",
            "Tools + Claude 3.5 Sonnet (2024-10-22)",
            &same,
        ))
        .expect("one model twice");
        assert_eq!(r.model, "claude-3-5-sonnet-20241022");
        let several = tags(&["Model: claude-4-sonnet", "Model: o4-mini"]);
        let e = read_row(row("Verified", "Unlisted Agent", &several)).unwrap_err();
        assert!(e.contains("several models"), "{e}");
        let none = tags(&["Org: OpenHands", "System: Attempts - 1"]);
        let e = read_row(row("Test", "SWE-agent 1.0 (Claude 3.7 Sonnet)", &none)).unwrap_err();
        assert!(e.contains("name no model"), "{e}");
        let crowd: Vec<String> = (0..=MAX_TAGS).map(|i| format!("Org: {i}")).collect();
        assert!(read_row(row("Verified", "X", &crowd)).is_err());
        let odd = tags(&["Model: o3", "System: Attempts - many"]);
        let r = read_row(row("Verified", "X", &odd)).expect("one model");
        assert_eq!(r.settings, ["agent system: X", "System: Attempts - many"]);
        let hf = tags(&["Model: https://huggingface.co/agentica-org/DeepSWE-Preview"]);
        assert_eq!(
            read_row(row("Verified", "DeepSWE-Preview", &hf))
                .expect("one model")
                .model,
            "agentica-org/DeepSWE-Preview"
        );
    }

    #[test]
    fn a_row_naming_no_one_model_measures_the_agent_system_the_lists_know() {
        let several = tags(&[
            "Model: claude-4-sonnet",
            "Model: o4-mini",
            "Org: Refact.ai",
            "System: Attempts - 1",
        ]);
        let r = read_row(row("Verified", "Refact.ai Agent", &several)).expect("a known system");
        assert_eq!(r.model, "Refact.ai Agent");
        assert_eq!(model_entity(&r.model).as_deref(), Some("refact-ai-agent"));
        assert_eq!(r.benchmark, "SWE-bench Verified");
        // It is the system's own run, not a model inside someone else's system.
        assert_eq!(r.settings, ["Org: Refact.ai", "single attempt"]);
        let none = tags(&["Org: AWS", "System: Attempts - 1"]);
        let r = read_row(row(
            "Lite",
            "Amazon Q Developer Agent (v20240430-dev)",
            &none,
        ))
        .expect("a known system");
        assert_eq!(
            system_entity(&r.model).as_deref(),
            Some("amazon-q-developer-agent")
        );
        assert_eq!(r.benchmark, "SWE-bench Lite");
        assert_eq!(
            crate::claims::entities::benchmark_entity("SWE-bench Lite").as_deref(),
            Some("swe-bench-lite")
        );
        // A row with one model tag is still that model's result, whatever system ran it.
        let one = tags(&["Model: claude-3-7-sonnet-20250219", "Org: Refact.ai"]);
        let r = read_row(row("Verified", "Refact.ai Agent", &one)).expect("one model");
        assert_eq!(r.model, "claude-3-7-sonnet-20250219");
        // A system the lists do not know is still skipped with its reason.
        let e = read_row(row("Verified", "Unlisted Agent v3", &none)).unwrap_err();
        assert!(e.contains("name no model"), "{e}");
    }

    #[test]
    fn a_makers_own_submission_is_its_agentic_run_and_anyone_elses_system_is_a_system() {
        let read = |name: &str, t: &[&str]| read_row(row("Verified", name, &tags(t))).expect("row");
        // "Org:" names the model's maker (Anthropic makes Claude; Qwen is Alibaba's team).
        let anthropic = read(
            "Tools + Claude 3.5 Sonnet (2024-10-22)",
            &["Model: claude-3-5-sonnet-20241022", "Org: Anthropic"],
        );
        assert_eq!(
            anthropic.settings[0],
            format!("{MAKERS_OWN}Tools + Claude 3.5 Sonnet (2024-10-22)")
        );
        let qwen = read(
            "OpenHands + Qwen3-Coder-480B-A35B-Instruct",
            &[
                "Model: Qwen3-Coder-480B-A35B-Instruct",
                "Org: Qwen",
                "Org: OpenHands",
            ],
        );
        assert!(
            qwen.settings[0].starts_with(MAKERS_OWN),
            "{:?}",
            qwen.settings
        );
        // The system's name is the model's own.
        let glm = read("GLM-4.6", &["Model: zai-org/GLM-4.6", "Org: Z.ai"]);
        assert!(
            glm.settings[0].starts_with(MAKERS_OWN),
            "{:?}",
            glm.settings
        );
        // Someone else's system with the same model stays a system.
        let swe_agent = read(
            "SWE-agent + Claude 3.5 Sonnet",
            &["Model: claude-3-5-sonnet-20241022", "Org: SWE-agent"],
        );
        assert_eq!(
            swe_agent.settings[0],
            format!("{AGENT_SYSTEM}SWE-agent + Claude 3.5 Sonnet")
        );
        // A first word alone is not a maker ("Anthropic" is not "OpenAI").
        assert!(!same_maker("OpenAI", "Anthropic"));
        assert!(same_maker("Mistral", "Mistral AI"));
        assert!(!same_maker("", "Mistral AI"));
    }

    #[test]
    fn each_board_is_the_benchmark_the_entity_lists_name() {
        let t = tags(&["Model: gpt-4o-2024-05-13"]);
        let bench = |b: &str| read_row(row(b, "X", &t)).map(|r| r.benchmark);
        assert_eq!(bench("Verified").as_deref(), Ok("SWE-bench Verified"));
        assert_eq!(bench("Lite").as_deref(), Ok("SWE-bench Lite"));
        assert_eq!(bench("Multimodal").as_deref(), Ok("SWE-bench Multimodal"));
        assert_eq!(bench("Test").as_deref(), Ok("SWE-bench (full test set)"));
        assert_eq!(bench("Java").as_deref(), Ok("SWE-bench Java"));
        let entity =
            |b: &str| super::super::matching::benchmark_entity(&bench(b).unwrap_or_default());
        assert_eq!(entity("Verified").as_deref(), Some("swe-bench-verified"));
        assert_eq!(entity("bash-only").as_deref(), Some("swe-bench-verified"));
        assert_eq!(entity("Test").as_deref(), Some("swe-bench"));
        assert_ne!(entity("Lite"), entity("Verified"));
        assert_eq!(
            board("bash-only").page,
            "https://www.swebench.com/#bash-only"
        );
        assert_eq!(board("a b").page, SITE);
    }

    #[test]
    fn flagged_unreadable_and_repeated_runs_are_reported_and_skipped() {
        let body = r#"{"leaderboards": [
          {"name": "Verified", "results": [
            {"name": "mini-SWE-agent + o3", "folder": "f1", "resolved": 58.4, "date": "2025-07-26",
             "tags": ["Model: o3-20250416", "System: Attempts - 1"], "warning": null},
            {"name": "Blackbox AI Agent", "folder": "f2", "resolved": 62.8, "tags": null, "warning": true},
            {"name": "Big", "folder": "f3", "resolved": 101, "tags": ["Model: o3"]},
            {"name": "NaN", "folder": "f4", "resolved": "lots", "tags": ["Model: o3"]}
          ]},
          {"name": "bash-only", "results": [
            {"name": "o3 (2025-04-16)", "folder": "f1", "resolved": 58.4, "date": "2025-07-26",
             "tags": ["Model: o3-20250416", "System: Attempts - 1"], "mini-swe-agent_version": "1.0.0"}
          ]},
          {"results": []}
        ]}"#;
        let p = leaderboards(body);
        assert_eq!(p.results.len(), 1, "{:?}", p.problems);
        let r = &p.results[0];
        assert_eq!(
            (r.model.as_str(), r.benchmark.as_str(), r.score),
            ("o3 (2025-04-16)", "SWE-bench Verified", 58.4)
        );
        assert_eq!(r.date.as_deref(), Some("2025-07-26"));
        assert_eq!(r.relationship, "third_party");
        let at: Vec<usize> = p.problems.iter().map(|p| p.at).collect();
        assert_eq!(at, [1, 2, 3, 4, 6], "{:?}", p.problems);
        assert!(p.problems[0].reason.contains("kept once"));
        assert!(p.problems[1].reason.contains("warning"));
        assert!(p.problems[2].reason.contains("not a percentage"));
        assert!(p.problems[3].reason.contains("not a number"));
        assert!(p.problems[4].reason.contains("without a name"));
        for bad in [
            "",
            "[]",
            "{\"leaderboards\": 3}",
            "{\"leaderboards\": [1, null]}",
        ] {
            let p = leaderboards(bad);
            assert!(p.results.is_empty() && !p.problems.is_empty(), "{bad:?}");
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(leaderboards(&deep).results.is_empty());
    }

    /// JSON-ish text: the file's own keys and values among arbitrary Unicode.
    fn jsonish() -> impl Strategy<Value = String> {
        let atom = prop_oneof![
            Just("{\"leaderboards\":[".to_string()),
            Just("{\"name\":\"bash-only\",\"results\":[".to_string()),
            Just("{\"name\":\"Verified\",\"results\":[".to_string()),
            Just("{\"name\":".to_string()),
            Just("\"resolved\":".to_string()),
            Just("\"tags\":[\"Model: ".to_string()),
            Just("\"System: Attempts - ".to_string()),
            Just("\"warning\":".to_string()),
            Just("\"date\":\"2025-02-30\"".to_string()),
            Just("\"folder\":\"f\"".to_string()),
            Just("\"mini-swe-agent_version\":".to_string()),
            Just("]}".to_string()),
            Just("}".to_string()),
            Just(",".to_string()),
            Just("\"".to_string()),
            "-?[0-9]{1,4}(\\.[0-9]{1,3})?(e[0-9]{1,3})?",
            "\\PC{0,12}",
            Just("(".to_string()),
            Just(")".to_string()),
            Just("1e999".to_string()),
            Just("null".to_string()),
            Just("true".to_string()),
        ];
        proptest::collection::vec(atom, 0..60).prop_map(|parts| parts.concat())
    }

    /// Any JSON value, Unicode strings and non-finite-looking numbers included.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>().prop_map(|x| {
                serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
            }),
            (-1000i64..1000).prop_map(Value::from),
            "\\PC{0,16}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map("\\PC{0,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// A run shaped like the file's, each field either plausible or any JSON at all.
    fn run() -> impl Strategy<Value = Value> {
        let name = prop_oneof!["\\PC{0,30}".prop_map(Value::String), any_json()];
        let resolved = prop_oneof![
            (-50.0f64..150.0).prop_map(Value::from),
            "-?[0-9]{1,3}(\\.[0-9]{1,2})?%?".prop_map(Value::String),
            any_json(),
        ];
        let tag = prop_oneof![
            "(Model: |System: Attempts - |Org: )\\PC{0,16}".prop_map(Value::String),
            any_json(),
        ];
        let tags = prop_oneof![
            proptest::collection::vec(tag, 0..4).prop_map(Value::Array),
            any_json()
        ];
        let warning = prop_oneof![Just(Value::Null), any_json()];
        let folder = prop_oneof!["f[0-3]".prop_map(Value::String), any_json()];
        // A maker's site decides how a run is read: any address, or anything else.
        let site = prop_oneof![
            "https?://(www\\.)?\\PC{0,12}(\\.[a-z]{1,4}){0,2}/?".prop_map(Value::String),
            any_json()
        ];
        (name, resolved, tags, warning, folder, any_json(), site).prop_map(
            |(name, resolved, tags, warning, folder, date, site)| {
                serde_json::json!({"name": name, "resolved": resolved, "tags": tags,
                    "warning": warning, "folder": folder, "date": date, "site": site})
            },
        )
    }

    proptest! {
        #[test]
        fn any_file_of_runs_gives_each_run_a_result_or_a_problem(
            boards in proptest::collection::vec(
                ("bash-only|Verified|Lite|Test|Multilingual|\\PC{0,10}",
                 proptest::collection::vec(run(), 0..6)),
                0..4,
            ),
        ) {
            let named = boards.iter().all(|(b, _)| !b.trim().is_empty());
            let rows: usize = boards.iter().map(|(_, runs)| runs.len()).sum();
            let file = serde_json::json!({"leaderboards": boards
                .iter()
                .map(|(name, runs)| serde_json::json!({"name": name, "results": runs}))
                .collect::<Vec<_>>()});
            let p = leaderboards(&file.to_string());
            for r in &p.results {
                prop_assert!((0.0..=100.0).contains(&r.score), "{}", r.score);
                prop_assert!(!r.model.trim().is_empty());
                prop_assert!(r.benchmark.starts_with("SWE-bench"));
            }
            if named {
                prop_assert_eq!(p.results.len() + p.problems.len(), rows, "{:?}", p.problems);
            }
        }

        #[test]
        fn any_text_is_runs_or_problems_and_every_score_a_percentage(body in jsonish()) {
            let p = leaderboards(&body);
            for r in &p.results {
                prop_assert!((0.0..=100.0).contains(&r.score), "{}", r.score);
                prop_assert!(!r.model.trim().is_empty());
            }
        }

        #[test]
        fn any_row_is_read_or_refused_without_panicking(
            board in "\\PC{0,12}|bash-only|Verified",
            name in "\\PC{0,40}",
            t in proptest::collection::vec("(Model: |System: Attempts - |Org: )?\\PC{0,20}", 0..4),
        ) {
            if let Ok(r) = read_row(row(&board, &name, &t)) {
                prop_assert!(!r.model.is_empty());
                prop_assert!(r.benchmark.starts_with("SWE-bench"));
            }
        }
    }
}
