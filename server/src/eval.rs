//! `proofwire eval-summaries`: runs each candidate model over the evaluation set in
//! `content/eval/articles.toml` and prints, per model, what the README's table reports.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::config::Config;
use crate::config::SummarizerConfig;
use crate::summarize::backend::Model;
use crate::summarize::grounding::DropReason;
use crate::summarize::model::ModelSummarizer;
use crate::summarize::numbers::{self, numbers};
use crate::summarize::{Extractive, Summarizer, SummaryInput};

#[derive(Debug, Deserialize)]
struct EvalSet {
    article: Vec<EvalArticle>,
}

#[derive(Debug, Deserialize)]
pub struct EvalArticle {
    pub id: String,
    pub language: String,
    pub title: String,
    pub text: String,
    /// Each fact is a list of acceptable wordings; a number matches by value.
    pub facts: Vec<Vec<String>>,
}

pub fn load(path: &Path) -> Result<Vec<EvalArticle>, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", path.display())))?;
    let set: EvalSet = toml::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{} is not a valid evaluation set: {e}",
            path.display()
        ))
    })?;
    Ok(set.article)
}

/// Why a summary evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Model(#[from] crate::summarize::llama::LlmError),
    #[error(transparent)]
    Pipeline(#[from] crate::summarize::pipeline::PipelineError),
}

/// Whether `summary` states the fact in one of its wordings.
pub fn covers(summary: &str, fact: &[String]) -> bool {
    let lower = summary.to_lowercase();
    let stated = numbers(summary);
    fact.iter().any(|alt| {
        let values = numbers(alt);
        if !values.is_empty() && alt.chars().filter(|c| c.is_alphabetic()).count() < 3 {
            values.iter().all(|v| numbers::contains(&stated, *v))
        } else {
            lower.contains(&alt.to_lowercase())
        }
    })
}

#[derive(Debug, Default)]
pub struct Row {
    pub name: String,
    pub articles: usize,
    pub generated_sentences: usize,
    pub kept_sentences: usize,
    /// Numbers the model wrote that the source does not contain (before the check).
    pub numbers_wrong: usize,
    pub numbers_written: usize,
    /// Numbers in what readers see (after the check): must be 0.
    pub numbers_wrong_shown: usize,
    pub facts: usize,
    pub facts_covered: usize,
    pub fallbacks: usize,
    pub shown_chars: usize,
    pub time: Duration,
    pub generated_tokens: usize,
    pub generation_time: Duration,
}

impl Row {
    fn print_header() {
        println!("| model | grounded sentences | numbers wrong (written → shown) | key facts covered | fallbacks | avg length | time / article | generation |");
        println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    }

    fn print(&self) {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                a as f64 * 100.0 / b as f64
            }
        };
        println!(
            "| {} | {:.0}% ({}/{}) | {} of {} → {} | {:.0}% ({}/{}) | {}/{} | {:.0} chars | {:.1} s | {:.1} tok/s |",
            self.name,
            pct(self.kept_sentences, self.generated_sentences),
            self.kept_sentences,
            self.generated_sentences,
            self.numbers_wrong,
            self.numbers_written,
            self.numbers_wrong_shown,
            pct(self.facts_covered, self.facts),
            self.facts_covered,
            self.facts,
            self.fallbacks,
            self.articles,
            self.shown_chars as f64 / self.articles.max(1) as f64,
            self.time.as_secs_f64() / self.articles.max(1) as f64,
            self.generated_tokens as f64 / self.generation_time.as_secs_f64().max(1e-9),
        );
    }
}

fn extractive_row(set: &[EvalArticle]) -> Row {
    let mut row = Row {
        name: "extractive-v1 (no model)".into(),
        ..Row::default()
    };
    for a in set {
        let started = std::time::Instant::now();
        let s = Extractive.summarize(&SummaryInput {
            title: &a.title,
            text: &a.text,
            language: &a.language,
        });
        row.time += started.elapsed();
        let text: Vec<&str> = s.sentences.iter().map(|s| s.text.as_str()).collect();
        let text = text.join(" ");
        row.articles += 1;
        // Extractive sentences are the source's own: every number in them is right.
        row.numbers_written += numbers(&text).len();
        row.generated_sentences += s.sentences.len();
        row.kept_sentences += s.sentences.len();
        row.facts += a.facts.len();
        row.facts_covered += a.facts.iter().filter(|f| covers(&text, f)).count();
        row.shown_chars += text.chars().count();
    }
    row
}

/// The items of a labelled set in JSON Lines (one object a line; blank lines skipped), each
/// checked by `valid`; an error names the file and line.
pub fn jsonl<T: serde::de::DeserializeOwned>(
    path: &Path,
    valid: impl Fn(&T) -> Result<(), String>,
) -> Result<Vec<T>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut items = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let at = |e: String| format!("{}:{}: {e}", path.display(), i + 1);
        let item: T = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
        valid(&item).map_err(at)?;
        items.push(item);
    }
    Ok(items)
}

/// The models to measure: each backend named, in order; `local` once per model file (the
/// configured model when none is given).
pub fn candidates(
    config: &Config,
    models: &[PathBuf],
    backends: &[String],
) -> Vec<(String, SummarizerConfig)> {
    let models: Vec<PathBuf> = if models.is_empty() {
        vec![config.summarizer.model.clone()]
    } else {
        models.to_vec()
    };
    let mut candidates: Vec<(String, SummarizerConfig)> = Vec::new();
    for backend in backends {
        if backend == "openai" {
            let mut cfg = config.summarizer.clone();
            cfg.backend = "openai".into();
            candidates.push((format!("openai:{}", cfg.api_model), cfg));
            continue;
        }
        for path in &models {
            let mut cfg = config.summarizer.clone();
            cfg.backend = "local".into();
            // Only the configured default's checksum is known; other files are measured as given.
            if *path != config.summarizer.model {
                cfg.model_sha256 = String::new();
            }
            cfg.model = path.clone();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            candidates.push((name, cfg));
        }
    }
    candidates
}

/// `backends`: `local` (each of `models`, default the configured one) and/or `openai` (the
/// configured server), each measured on the same set in one run.
pub async fn run(
    config: &Config,
    set_path: &Path,
    models: &[PathBuf],
    backends: &[String],
) -> Result<(), Error> {
    let set = load(set_path)?;
    let ko = set.iter().filter(|a| a.language == "ko").count();
    println!(
        "evaluation set {}: {} articles ({} Korean, {} English), {} facts; summaries in each article's language; threads {}",
        set_path.display(),
        set.len(),
        ko,
        set.len() - ko,
        set.iter().map(|a| a.facts.len()).sum::<usize>(),
        config.summarizer.threads
    );
    let mut rows = vec![extractive_row(&set)];
    for (name, cfg) in candidates(config, models, backends) {
        let started = std::time::Instant::now();
        let model = Model::start(&cfg).await?;
        eprintln!(
            "{name}: ready in {:.1} s ({})",
            started.elapsed().as_secs_f64(),
            model.describe()
        );
        let summarizer = ModelSummarizer::new(model, cfg.max_new_tokens, None);
        let mut row = Row {
            name,
            ..Row::default()
        };
        for a in &set {
            let input = SummaryInput {
                title: &a.title,
                text: &a.text,
                language: &a.language,
            };
            let checked = summarizer.summarize(&input).await?;
            let g = &checked.generation;
            row.articles += 1;
            row.time += g.prompt_time + g.generation_time;
            row.generated_tokens += g.generated_tokens;
            row.generation_time += g.generation_time;
            row.generated_sentences += checked.kept + checked.dropped.len();
            row.kept_sentences += checked.kept;
            let source = numbers(&format!("{}\n{}", a.title, a.text));
            for n in numbers(&g.text) {
                row.numbers_written += 1;
                if !numbers::contains(&source, n) {
                    row.numbers_wrong += 1;
                }
            }
            let shown = match &checked.summary {
                Some(s) => s
                    .sentences
                    .iter()
                    .map(|s| s.text.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
                None => {
                    row.fallbacks += 1;
                    Extractive
                        .summarize(&input)
                        .sentences
                        .iter()
                        .map(|s| s.text.clone())
                        .collect::<Vec<_>>()
                        .join(" ")
                }
            };
            row.numbers_wrong_shown += numbers(&shown)
                .into_iter()
                .filter(|n| !numbers::contains(&source, *n))
                .count();
            row.facts += a.facts.len();
            row.facts_covered += a.facts.iter().filter(|f| covers(&shown, f)).count();
            row.shown_chars += shown.chars().count();
            let numbers_dropped = checked
                .dropped
                .iter()
                .filter(|d| matches!(d.reason, DropReason::Number(_)))
                .count();
            eprintln!(
                "  {:<28} kept {}/{} ({} for numbers) {:>5.1} s (prompt {} tok, {} reused, {:.1} s; wrote {} tok {:.1} s)  {}",
                a.id,
                checked.kept,
                checked.kept + checked.dropped.len(),
                numbers_dropped,
                (g.prompt_time + g.generation_time).as_secs_f64(),
                g.prompt_tokens,
                g.reused_tokens,
                g.prompt_time.as_secs_f64(),
                g.generated_tokens,
                g.generation_time.as_secs_f64(),
                if checked.summary.is_none() {
                    "fallback"
                } else {
                    ""
                }
            );
        }
        rows.push(row);
    }
    println!();
    Row::print_header();
    for r in &rows {
        r.print();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_match_by_wording_or_value() {
        let fact = vec!["7.5 million".to_string(), "750만".to_string()];
        assert!(covers("OpenAI gave $7.5M to the project.", &fact));
        assert!(covers("오픈AI는 750만 달러를 냈다.", &fact));
        assert!(!covers("OpenAI gave $75M.", &fact));
        assert!(covers(
            "The Alignment Project got money.",
            &["Alignment Project".to_string()]
        ));
    }

    #[test]
    fn the_bundled_set_is_large_enough_and_consistent() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/eval/articles.toml");
        let set = load(&path).expect("evaluation set");
        assert!(set.len() >= 20, "{} articles", set.len());
        assert!(set.iter().filter(|a| a.language == "ko").count() >= 6);
        for a in &set {
            assert!(!a.facts.is_empty(), "{} has no facts", a.id);
            // Every fact must be stated by the article itself, or the coverage figure lies.
            let source = format!("{}\n{}", a.title, a.text);
            for f in &a.facts {
                assert!(
                    covers(&source, f),
                    "{}: fact {f:?} is not in the article",
                    a.id
                );
            }
        }
    }
}
