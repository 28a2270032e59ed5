//! `proofwire eval-translations`: sentences with their key facts (`content/eval/
//! translations.jsonl`, conventions in `translations.md`), translated by the configured model
//! one at a time and checked as the digest checks them. Reported per model: how many were
//! shown translated and how many fell back to the original, how many of the labelled facts the
//! shown translations keep, whether every number and name of what is shown survived (it must:
//! that is the check), and the time per sentence.

use std::fmt::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{check, translate, Translated};
use crate::summarize::backend::Model;
use crate::summarize::llama::LlmError;
use crate::summarize::numbers;

#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    pub id: String,
    pub from: String,
    pub to: String,
    pub text: String,
    pub facts: Vec<String>,
    /// In the sealed part: never tuned on, never printed while tuning.
    #[serde(default)]
    pub held_out: bool,
    /// A translation written by hand (the 2026-12-05 sentences).
    #[serde(default)]
    pub reference: Option<String>,
}

/// The sets given, one after the other; an id may be used once across them.
pub fn load_all(paths: &[std::path::PathBuf]) -> Result<Vec<Item>, String> {
    let mut items: Vec<Item> = Vec::new();
    for path in paths {
        for item in load(path)? {
            if items.iter().any(|i| i.id == item.id) {
                return Err(format!("{}: id {} is used twice", path.display(), item.id));
            }
            items.push(item);
        }
    }
    Ok(items)
}

pub fn load(path: &Path) -> Result<Vec<Item>, String> {
    crate::eval::jsonl(path, |item: &Item| {
        match (item.from.as_str(), item.to.as_str()) {
            ("en", "ko") | ("ko", "en") => Ok(()),
            _ => Err("from/to must be en→ko or ko→en".into()),
        }
    })
}

/// Whether `fact` is in `text`: its numbers all stated (in any form: "$7.5 million" is kept by
/// "750만 달러") and its other Latin words present ("Gemini 3 Pro" needs Gemini and Pro).
pub fn keeps(text: &str, fact: &str) -> bool {
    let wanted = numbers::numbers(fact);
    let got = numbers::numbers(text);
    if !wanted.iter().all(|n| numbers::contains(&got, *n)) {
        return false;
    }
    let lower = text.to_lowercase();
    let words: Vec<String> = numbers::words(fact)
        .into_iter()
        .map(str::to_lowercase)
        .filter(|w| {
            w.chars().any(|c| c.is_ascii_alphabetic())
                && (wanted.is_empty() || !w.chars().any(|c| c.is_ascii_digit()))
                && !numbers::is_number_word(w)
        })
        .collect();
    if words.is_empty() && wanted.is_empty() {
        return lower.contains(&fact.to_lowercase());
    }
    // A month is kept by its name or its number (February → 2월).
    words.iter().all(|w| {
        lower.contains(w.as_str())
            || check::month_number(w).is_some_and(|m| numbers::contains(&got, m as f64))
    })
}

pub struct Run<'a> {
    pub model: String,
    pub rows: Vec<(&'a Item, Translated)>,
}

/// One group of rows (a split and a direction) of a run.
pub struct Group<'r, 'a> {
    pub rows: Vec<&'r (&'a Item, Translated)>,
}

impl Run<'_> {
    /// The rows of one split (held out or not) and, if given, one direction ("en-ko").
    pub fn group(&self, held_out: bool, direction: Option<&str>) -> Group<'_, '_> {
        Group {
            rows: self
                .rows
                .iter()
                .filter(|(item, _)| {
                    item.held_out == held_out
                        && direction.is_none_or(|d| d == format!("{}-{}", item.from, item.to))
                })
                .collect(),
        }
    }
}

impl Group<'_, '_> {
    pub fn translated(&self) -> usize {
        self.rows.iter().filter(|(_, t)| t.text.is_some()).count()
    }

    /// Answers the meaning check refused (with or without other problems).
    pub fn meaning_refused(&self) -> usize {
        self.rows
            .iter()
            .filter(|(_, t)| {
                t.problems
                    .iter()
                    .any(|p| matches!(p, check::Problem::Meaning(_)))
            })
            .count()
    }

    /// (facts kept, facts) over the sentences shown translated.
    pub fn facts(&self) -> (usize, usize) {
        self.rows
            .iter()
            .filter_map(|(item, t)| t.text.as_ref().map(|text| (item, text)))
            .fold((0, 0), |(kept, all), (item, text)| {
                let k = item.facts.iter().filter(|f| keeps(text, f)).count();
                (kept + k, all + item.facts.len())
            })
    }

    /// (glossary terms carried, glossary terms) over every answer, shown or not: the
    /// restored text when shown, else the model's answer as given.
    pub fn glossary(&self) -> (usize, usize) {
        let g = super::glossary::glossary();
        self.rows.iter().fold((0, 0), |(carried, all), (item, t)| {
            let hits = g.find(&item.text, &item.from, &item.to);
            let answer = t.text.as_deref().unwrap_or(&t.raw);
            let missing = g.missing(&hits, answer, &item.to).len();
            (carried + hits.len() - missing, all + hits.len())
        })
    }

    /// Sentences shown (translated or original) whose numbers and names all survive: the
    /// plain check of the shown text against its source, on numbers and names alone (whether
    /// the text is in the target language is judged on the model's own words, see
    /// `check::check_restored`).
    pub fn anchors_intact(&self) -> usize {
        use check::Problem::{AddedName, AddedNumber, MissingName, MissingNumber};
        self.rows
            .iter()
            .filter(|(item, t)| match &t.text {
                Some(text) => {
                    let masked = super::prepare(&item.text, &item.from, &item.to).masked;
                    !check::check(&item.text, text, &item.to).iter().any(|p| {
                        matches!(
                            p,
                            MissingNumber(_) | AddedNumber(_) | MissingName(_) | AddedName(_)
                        ) && !super::respelled_name(&masked, &item.to, p)
                    })
                }
                None => true,
            })
            .count()
    }

    pub fn mean_ms(&self) -> f64 {
        if self.rows.is_empty() {
            return 0.0;
        }
        self.rows.iter().map(|(_, t)| t.ms).sum::<f64>() / self.rows.len() as f64
    }
}

/// A model's answer kept on disk, so a long run can be resumed and its answers judged again
/// after the checks change (`--answers FILE`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Answer {
    pub model: String,
    pub prompt_version: i64,
    pub id: String,
    pub raw: String,
    pub ms: f64,
    /// What the model was given (recorded since prompt version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked: Option<String>,
}

pub fn load_answers(path: &Path) -> Result<Vec<Answer>, String> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    crate::eval::jsonl(path, |_: &Answer| Ok(()))
}

/// Translates `items` with `model`, taking an answer from `answers` when one is kept for this
/// model, prompt wording and grammar (`ANSWER_VERSION`) and masked sentence (the last kept wins), and appending each new answer to `save`. With
/// `kept_only`, a sentence without a kept answer is left out instead (judge a stopped run
/// again without asking the model).
pub async fn run<'a>(
    model: &Model,
    items: &'a [&'a Item],
    answers: &[Answer],
    save: Option<&Path>,
    kept_only: bool,
) -> Result<Run<'a>, LlmError> {
    let describe = model.describe();
    let mut rows = Vec::with_capacity(items.len());
    for item in items {
        let prepared = super::prepare(&item.text, &item.from, &item.to);
        // The entity lists and the masking rules change what the model is given; an answer
        // is reused only for the same masked text (older answers, without it, are asked again).
        let same_masking = |a: &Answer| a.masked.as_deref() == Some(prepared.masked.text.as_str());
        let kept = answers.iter().rev().find(|a| {
            a.model == describe
                && a.prompt_version == super::ANSWER_VERSION
                && a.id == item.id
                && same_masking(a)
        });
        let translated = match kept {
            Some(a) => super::verdict(
                &item.text,
                &prepared,
                a.raw.clone(),
                &item.from,
                &item.to,
                a.ms,
            ),
            None if kept_only => continue,
            None => {
                let t = translate(model, &item.text, &item.from, &item.to).await?;
                if let Some(path) = save {
                    let answer = Answer {
                        model: describe.clone(),
                        prompt_version: super::ANSWER_VERSION,
                        id: item.id.clone(),
                        raw: t.raw.clone(),
                        ms: t.ms,
                        masked: Some(prepared.masked.text.clone()),
                    };
                    append_answer(path, &answer);
                }
                t
            }
        };
        rows.push((*item, translated));
    }
    Ok(Run {
        model: describe,
        rows,
    })
}

fn append_answer(path: &Path, answer: &Answer) {
    use std::io::Write as _;
    let Ok(line) = serde_json::to_string(answer) else {
        return;
    };
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| writeln!(f, "{line}"));
    if let Err(e) = written {
        eprintln!("cannot keep the answer in {}: {e}", path.display());
    }
}

/// Per model, split (tuning, held out) and direction: shown translated, fell back, refused by
/// the meaning check, facts kept, wrong numbers or names shown, glossary terms carried, time.
pub fn table(runs: &[Run<'_>]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| model | split | direction | sentences | shown translated | fell back to the original | refused by the meaning check | facts kept in translations | wrong numbers or names shown | glossary terms carried (all answers) | s per sentence |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|");
    for r in runs {
        for (held_out, split) in [(false, "tuning"), (true, "held out")] {
            for direction in ["en-ko", "ko-en"] {
                let g = r.group(held_out, Some(direction));
                let n = g.rows.len();
                if n == 0 {
                    continue;
                }
                let (kept, facts) = g.facts();
                let (carried, terms) = g.glossary();
                let _ = writeln!(
                    out,
                    "| {} | {split} | {direction} | {n} | {} ({:.0} %) | {} | {} | {kept}/{facts} | {} | {carried}/{terms} | {:.1} |",
                    r.model,
                    g.translated(),
                    g.translated() as f64 * 100.0 / n as f64,
                    n - g.translated(),
                    g.meaning_refused(),
                    n - g.anchors_intact(),
                    g.mean_ms() / 1000.0
                );
            }
        }
    }
    out
}

/// Each tuning sentence with what the model answered and, for a fallback, why. Held-out
/// sentences and their answers are never printed: only their figures.
pub fn details(run: &Run<'_>) -> String {
    let mut out = String::new();
    for (item, t) in run.rows.iter().filter(|(item, _)| !item.held_out) {
        let verdict = match &t.text {
            Some(_) => "shown".to_string(),
            None => format!(
                "original shown: {}",
                t.problems
                    .iter()
                    .map(check::Problem::describe)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        };
        let _ = writeln!(
            out,
            "{} {} → {}\n  {}\n  {}\n  {}\n",
            item.id,
            item.from,
            item.to,
            item.text,
            t.masked,
            t.raw.trim()
        );
        let _ = writeln!(out, "  [{verdict}]\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_loads_and_its_facts_are_in_its_sentences() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let items = load(&root.join("content/eval/translations.jsonl")).expect("set");
        assert!(items.len() >= 25);
        for item in &items {
            for f in &item.facts {
                assert!(
                    keeps(&item.text, f),
                    "{}: fact {f:?} is not in its own sentence",
                    item.id
                );
            }
        }
    }

    #[test]
    fn facts_are_kept_in_any_number_form() {
        assert!(keeps("OpenAI는 750만 달러를 약정했다", "$7.5 million"));
        assert!(!keeps("OpenAI는 75만 달러를 약정했다", "$7.5 million"));
        assert!(keeps("모델은 Lyria 3으로 구동된다", "Lyria 3"));
        assert!(!keeps("모델은 버전 3으로 구동된다", "Lyria 3"));
    }
}
