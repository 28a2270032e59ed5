//! The background pass of the model over stored claims: for each claim the rules found, the
//! model chooses its subject, metric and kind among the spans the rules propose
//! (`claims::choose`), by index under a grammar, so nothing it returns can be text the sentence
//! does not hold; `choose::merge` keeps only a subject the rules did not find. The rules' kind,
//! value, unit, comparison, qualifier and settings are never touched.
//! Each (claim sentence, model, prompt and merge) is read once; every answer is recorded,
//! refused or not.

use std::time::Instant;

use app::ids::ClaimId;
use app::vocab::ClaimKind;

use super::choose::{self, Choice, Options};
use super::entities::{benchmark_entity, model_entity};
use super::extract::ExtractedClaim;
use crate::dates::ts;
use crate::db::claims::{RefinedFields, Refinement, ToRefine};
use crate::db::Store;
use crate::summarize::backend::Model;
use crate::summarize::llama::LlmError;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RefineStats {
    pub read: usize,
    /// Answers that passed the check.
    pub accepted: usize,
    pub rejected: usize,
    /// Claims whose kind, subject or metric the answer changed.
    pub completed: usize,
}

/// The method recorded with each answer: the model, the prompt and the merge.
pub fn method(model: &Model) -> String {
    choose::product_method(model)
}

/// Reads every current claim this model, prompt and merge have not read in its current wording.
pub async fn run(store: &Store, model: &Model) -> Result<RefineStats, RefineError> {
    let method = method(model);
    let mut stats = RefineStats::default();
    for claim in store.claims_to_refine(&method, None).await? {
        refine_one(store, model, &method, claim, &mut stats).await?;
    }
    Ok(stats)
}

/// Reads one claim (a job of the work queue), if this model and prompt still have to.
pub async fn refine_claim(
    store: &Store,
    model: &Model,
    claim_id: ClaimId,
) -> Result<RefineStats, RefineError> {
    let method = method(model);
    let mut stats = RefineStats::default();
    if let Some(claim) = store
        .claims_to_refine(&method, Some(claim_id))
        .await?
        .into_iter()
        .next()
    {
        refine_one(store, model, &method, claim, &mut stats).await?;
    }
    Ok(stats)
}

/// The stored claim as the choosing pass reads it (its span is not needed: only the sentence).
fn as_extracted(r: &ToRefine) -> ExtractedClaim {
    ExtractedClaim {
        kind: ClaimKind::parse(&r.kind).unwrap_or(ClaimKind::Other),
        subject: r.subject.clone(),
        metric: r.metric.clone(),
        value: r.value.clone(),
        value_num: r.value_num,
        unit: r.unit.clone(),
        comparison: r.comparison.clone(),
        qualifier: None,
        settings: Vec::new(),
        subject_from_context: r.subject_from_context,
        sentence: r.sentence.clone(),
        span: app::span::CharSpan::default(),
    }
}

async fn refine_one(
    store: &Store,
    model: &Model,
    method: &str,
    r: ToRefine,
    stats: &mut RefineStats,
) -> Result<(), RefineError> {
    let rules = as_extracted(&r);
    // A subject the rules took from before the sentence is offered as an option too.
    let context = rules
        .subject
        .as_deref()
        .filter(|_| rules.subject_from_context);
    let options = Options::of(&rules.sentence, context);
    let started = Instant::now();
    let generation = model
        .generate(choose::prompt(&rules, context, &options))
        .await?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let verdict = serde_json::from_str::<Choice>(generation.text.trim())
        .map_err(|e| format!("not the JSON the grammar allows: {e}"))
        .and_then(|c| choose::check(&options, &c));
    stats.read += 1;
    let mut tx = store.begin_write().await?;
    if let Ok(picked) = &verdict {
        stats.accepted += 1;
        let merged = choose::merge(&rules, picked);
        if merged.kind != rules.kind
            || merged.subject != rules.subject
            || merged.metric != rules.metric
        {
            let fields_method = format!("{}+{method}", super::extract::RULES_METHOD);
            let subject_entity = merged.subject.as_deref().and_then(model_entity);
            let metric_entity = merged.metric.as_deref().and_then(benchmark_entity);
            let fields = RefinedFields {
                kind: merged.kind.key(),
                subject: merged.subject.as_deref(),
                subject_from_context: merged.subject_from_context,
                subject_entity: subject_entity.as_deref(),
                metric: merged.metric.as_deref(),
                metric_entity: metric_entity.as_deref(),
                fields_method: &fields_method,
            };
            // The claim may have been corrected meanwhile: only the sentence read is written.
            tx.refine_claim(r.id, &r.sentence, &fields).await?;
            stats.completed += 1;
        }
    } else {
        stats.rejected += 1;
    }
    let at = ts(chrono::Utc::now());
    tx.record_refinement(&Refinement {
        claim_id: r.id,
        sentence: &r.sentence,
        method,
        accepted: verdict.is_ok(),
        rejected: verdict.as_ref().err().map(String::as_str),
        raw: &generation.text,
        ms,
        at: &at,
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum RefineError {
    #[error("database error: {0}")]
    Db(#[from] crate::db::DbError),
    #[error(transparent)]
    Model(#[from] LlmError),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(kind: &str, subject: Option<&str>, from_context: bool) -> ToRefine {
        ToRefine {
            id: ClaimId::new(1),
            sentence: "It scores 71.3% on SWE-bench Verified, ahead of Nova-1.".into(),
            kind: kind.into(),
            subject: subject.map(str::to_string),
            subject_from_context: from_context,
            metric: Some("SWE-bench Verified".into()),
            value: Some("71.3%".into()),
            value_num: Some(71.3),
            unit: Some("%".into()),
            comparison: None,
        }
    }

    #[test]
    fn a_stored_claim_is_read_with_its_value_and_the_subject_it_took_from_before() {
        let r = stored("benchmark", Some("Nova-2"), true);
        let c = as_extracted(&r);
        assert_eq!(c.kind, ClaimKind::Benchmark);
        assert_eq!(c.value.as_deref(), Some("71.3%"));
        let o = Options::of(&c.sentence, c.subject.as_deref());
        assert!(o.subjects.iter().any(|s| s == "Nova-2"), "{o:?}");
        let unknown = as_extracted(&stored("no-such-kind", None, false));
        assert_eq!(unknown.kind, ClaimKind::Other);
    }
}
