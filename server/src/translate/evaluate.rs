//! `proofwire eval-translations`: sentences with their key facts (`content/eval/
//! translations.jsonl`, conventions in `translations.md`), translated by the configured model
//! one at a time and checked as the digest checks them. Reported per model: how many were
//! shown translated and how many fell back to the original, how many of the labelled facts the
//! shown translations keep, whether every number and name of what is shown survived (it must:
//! that is the check), and the time per sentence.

use std::fmt::Write;
use std::path::Path;

use serde::Deserialize;

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

impl Run<'_> {
    pub fn translated(&self) -> usize {
        self.rows.iter().filter(|(_, t)| t.text.is_some()).count()
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

    /// Sentences shown (translated or original) whose numbers and names all survive: the
    /// plain check of the shown text against its source, on numbers and names alone (whether
    /// the text is in the target language is judged on the model's own words, see
    /// `check::check_restored`).
    pub fn anchors_intact(&self) -> usize {
        use check::Problem::{AddedName, AddedNumber, MissingName, MissingNumber};
        self.rows
            .iter()
            .filter(|(item, t)| match &t.text {
                Some(text) => !check::check(&item.text, text, &item.to).iter().any(|p| {
                    matches!(
                        p,
                        MissingNumber(_) | AddedNumber(_) | MissingName(_) | AddedName(_)
                    )
                }),
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

pub async fn run<'a>(model: &Model, items: &'a [Item]) -> Result<Run<'a>, LlmError> {
    let mut rows = Vec::with_capacity(items.len());
    for item in items {
        rows.push((
            item,
            translate(model, &item.text, &item.from, &item.to).await?,
        ));
    }
    Ok(Run {
        model: model.describe(),
        rows,
    })
}

pub fn table(runs: &[Run<'_>]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| model | sentences | shown translated | fell back to the original | facts kept in translations | numbers and names intact in what is shown | s per sentence |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for r in runs {
        let n = r.rows.len();
        let (kept, facts) = r.facts();
        let _ = writeln!(
            out,
            "| {} | {n} | {} | {} | {kept}/{facts} | {}/{n} | {:.1} |",
            r.model,
            r.translated(),
            n - r.translated(),
            r.anchors_intact(),
            r.mean_ms() / 1000.0
        );
    }
    out
}

/// Each sentence with what the model answered and, for a fallback, why.
pub fn details(run: &Run<'_>) -> String {
    let mut out = String::new();
    for (item, t) in &run.rows {
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
