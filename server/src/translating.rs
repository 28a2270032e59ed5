//! Translating a day into the digest's language: what its page shows in the other language,
//! in the order a reader meets it. The day's digest is built as the page builds it, so only
//! sections' titles and the summaries they show are translated: a post folded into another's
//! section, or whose section shows a report an outlet wrote in the digest's language, costs
//! no model time for a text nobody reads there. Titles go first, then the summary sentences,
//! each section in the order the page arranges them (top stories first).
//!
//! It sits above `digest` and `translate` alike, so neither imports the other's work loop.

use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;

use crate::db::Store;
use crate::digest::build_digest;
use crate::summarize::backend::Model;
use crate::summarize::pipeline::PipelineError;
use crate::translate::{self, sentence_hash, PROMPT_VERSION};

/// The texts of `day`'s page in `target` still waiting for a translation, with the language
/// each is written in: every title first, then the shown summary sentences.
pub async fn waiting(
    store: &Store,
    tz: Tz,
    target: &str,
    day: NaiveDate,
) -> Result<Vec<(String, String)>, PipelineError> {
    let Some(lang) = app::i18n::Lang::parse(target) else {
        return Ok(Vec::new());
    };
    let Some(digest) = build_digest(store, tz, Some(day), target).await? else {
        return Ok(Vec::new());
    };
    let foreign: Vec<&app::models::DigestItem> = digest
        .items
        .iter()
        .filter(|i| i.language != target && matches!(i.language.as_str(), "en" | "ko"))
        .collect();
    let mut titles = Vec::new();
    let mut sentences = Vec::new();
    for item in foreign {
        let shown = item.translation_for(lang);
        if shown.is_none_or(|t| t.title_waiting) {
            titles.push((item.title.clone(), item.language.clone()));
        }
        if item.report_for(lang).is_some() {
            continue;
        }
        for (k, s) in item.summary.iter().enumerate() {
            let tried = shown.is_some_and(|t| !t.waiting.get(k).copied().unwrap_or(true));
            if !tried {
                sentences.push((s.text.clone(), item.language.clone()));
            }
        }
    }
    titles.extend(sentences);
    Ok(titles)
}

/// Translates at most `limit` of the texts `waiting` lists, each once per model and prompt
/// (a sentence met twice is asked once). A translation that fails its check is stored as
/// failed and the page shows the original. Returns how many were translated; 0 when nothing
/// of the day is left.
pub async fn translate_some(
    store: &Store,
    model: &Model,
    tz: Tz,
    target: &str,
    day: NaiveDate,
    limit: usize,
) -> Result<usize, PipelineError> {
    let key = model.key();
    let mut done = 0;
    for (text, source) in waiting(store, tz, target, day).await? {
        if done >= limit {
            break;
        }
        let hash = sentence_hash(&text);
        if store
            .has_translation(&hash, target, &key, PROMPT_VERSION)
            .await?
        {
            continue;
        }
        let t = translate::translate(model, &text, &source, target).await?;
        let problems = t
            .problems
            .iter()
            .map(|p| p.describe())
            .collect::<Vec<_>>()
            .join("; ");
        let at = crate::dates::ts(Utc::now());
        store
            .save_translation(&crate::db::translations::NewTranslation {
                source_hash: &hash,
                target,
                model: &key,
                prompt_version: PROMPT_VERSION,
                text: t.text.as_deref(),
                problems: &problems,
                raw: &t.raw,
                ms: t.ms,
                at: &at,
            })
            .await?;
        done += 1;
    }
    Ok(done)
}

/// Everything of `day` still waiting (`translate_some` without a limit).
pub async fn translate_day(
    store: &Store,
    model: &Model,
    tz: Tz,
    target: &str,
    day: NaiveDate,
) -> Result<usize, PipelineError> {
    translate_some(store, model, tz, target, day, usize::MAX).await
}
