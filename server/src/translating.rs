//! Translating a day into the digest's language. `translate_day` (after `proofwire summarize`,
//! and `proofwire translate`) builds the day's digest as the page builds it and translates what
//! the page shows in the other language, in the order a reader meets it: a post folded into
//! another's section, or whose section shows a report an outlet wrote in the digest's
//! language, costs no model time. Titles go first, then the summary sentences, each section in
//! the order the page arranges them (top stories first). The worker's one-sentence `step` stays
//! cheap instead (see there).
//!
//! It sits above `digest` and `translate` alike, so neither imports the other's work loop.

use std::collections::HashMap;

use app::ids::ArticleId;
use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;

use crate::db::Store;
use crate::digest::build_digest;
use crate::summarize::backend::Model;
use crate::summarize::pipeline::PipelineError;
use crate::translate::{self, sentence_hash, PROMPT_VERSION};

/// The texts of `day`'s page in `target` still waiting for a translation, with the language
/// each is written in: every title first, then the shown summary sentences, then the claim
/// sentences its claim lines quote.
pub async fn waiting(
    store: &Store,
    tz: Tz,
    target: &str,
    day: NaiveDate,
) -> Result<Vec<(String, String)>, PipelineError> {
    Ok(build_digest(store, tz, Some(day), target)
        .await?
        .map(|digest| translate::day::texts_awaiting_translation(&digest, target))
        .unwrap_or_default())
}

/// One step of the worker: translates the next title, summary sentence or claim sentence of
/// `day`'s posts in the other language that no translation exists for (titles first); 1, or 0 when
/// none is left. Unlike `waiting`, it does not build the day's digest: a step must stay short
/// (a stop waits for it, and grouping a busy day's posts is seconds of CPU in a debug build),
/// so it may translate a summary a report replaces or a folded post's; `translate_day` does not.
pub async fn step(
    store: &Store,
    model: &Model,
    tz: Tz,
    target: &str,
    day: NaiveDate,
) -> Result<usize, PipelineError> {
    let (from, to) = crate::dates::day_bounds(day, tz);
    let rows = store.articles_between(from, to).await?;
    let mut sums = store.summaries_between(from, to).await?;
    let mut titles: Vec<(String, String)> = Vec::new();
    let mut sentences: Vec<(String, String)> = Vec::new();
    let mut foreign: Vec<(ArticleId, String)> = Vec::new();
    for r in rows {
        if !crate::translate::needs_translation(&r.language, target) {
            continue;
        }
        titles.push((r.title.clone(), r.language.clone()));
        for s in sums.remove(&r.id).unwrap_or_default() {
            sentences.push((s.text, r.language.clone()));
        }
        foreign.push((r.id, r.language.clone()));
    }
    let texts: Vec<(String, String)> = titles.into_iter().chain(sentences).collect();
    if translate_first(store, model, target, &texts).await? {
        return Ok(1);
    }
    // Then the claim sentences the day's claim lines quote, read only once the rest is done.
    let ids: Vec<ArticleId> = foreign.iter().map(|(id, _)| *id).collect();
    let languages: HashMap<ArticleId, String> = foreign.into_iter().collect();
    let claims: Vec<(String, String)> = store
        .claims_of_articles(&ids)
        .await?
        .into_iter()
        .filter_map(|c| Some((c.sentence, languages.get(&c.article_id)?.clone())))
        .collect();
    Ok(usize::from(
        translate_first(store, model, target, &claims).await?,
    ))
}

/// Translates the first of `texts` (text, its language) this model and prompt have no
/// translation of, looked up for all at once (a step stays a few queries however busy the
/// day); whether it asked the model.
async fn translate_first(
    store: &Store,
    model: &Model,
    target: &str,
    texts: &[(String, String)],
) -> Result<bool, PipelineError> {
    let hashes: Vec<String> = texts.iter().map(|(t, _)| sentence_hash(t)).collect();
    let done = store
        .translated_among(&hashes, target, &model.key(), translate::VERSION)
        .await?;
    for ((text, source), hash) in texts.iter().zip(&hashes) {
        if !done.contains(hash) && translate_one(store, model, target, text, source).await? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Translates one text unless this model and prompt already did; whether it asked the model.
async fn translate_one(
    store: &Store,
    model: &Model,
    target: &str,
    text: &str,
    source: &str,
) -> Result<bool, PipelineError> {
    let key = model.key();
    let hash = sentence_hash(text);
    if store
        .has_translation(&hash, target, &key, translate::VERSION)
        .await?
    {
        return Ok(false);
    }
    let t = translate::translate(model, text, source, target).await?;
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
    Ok(true)
}

/// Translates every text `waiting` lists for `day`, each once per model and prompt (a sentence
/// met twice is asked once). A translation that fails its check is stored as failed and the
/// page shows the original. Returns how many were translated; 0 when nothing was left.
pub async fn translate_day(
    store: &Store,
    model: &Model,
    tz: Tz,
    target: &str,
    day: NaiveDate,
) -> Result<usize, PipelineError> {
    let mut done = 0;
    for (text, source) in waiting(store, tz, target, day).await? {
        if translate_one(store, model, target, &text, &source).await? {
            done += 1;
        }
    }
    Ok(done)
}
