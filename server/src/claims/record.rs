//! Recording what the claim tracker learns, each step with its log event in one transaction:
//! an article version's claims (extraction and reconciliation are pure; this applies their
//! plan), editors' evidence, status changes and dismissals, and editors' entity names. All
//! SQL is in `crate::db`.

use app::ids::{ArticleId, ClaimId, ResultId};
use app::vocab::STATUS_VOCABULARY_VERSION;
use app::vocab::{ClaimKind, NameVerdict, Status};
use serde_json::json;

use crate::db::claims::{AliasRow, ClaimFields};
pub use crate::db::claims::{ClaimFilter, ClaimRow};
use crate::db::evidence::Suggested;
pub use crate::db::evidence::{EvidenceRow, NewEvidence};
use crate::db::{DbError, Store, Tx};

use super::entities::{install, lexicon, Alias, EditorNames, Entity, EntityKind};
use super::extract::{extract, ExtractedClaim, EXTRACTOR_VERSION, RULES_METHOD};
use super::log::{self, EventKind};
use super::reconcile::{fields_changed, reconcile, same_text, Recorded};
use super::ClaimError;

/// The actor of events Proofwire records itself (extraction, corrections).
pub const SYSTEM_ACTOR: &str = "proofwire";

/// What recording an article version did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct VersionOutcome {
    pub added: usize,
    pub corrected: usize,
    pub removed: usize,
    pub restated: usize,
    /// Claims whose fields a newer extractor read differently (same text).
    pub reextracted: usize,
    /// Claims a newer extractor no longer finds in the same text.
    pub dropped: usize,
}

fn recorded_payload(article_id: i64, content_hash: &str, c: &ExtractedClaim) -> serde_json::Value {
    json!({
        "article_id": article_id,
        "content_hash": content_hash,
        "sentence": c.sentence,
        "span": [c.span.start, c.span.end],
        "kind": c.kind.key(),
        "subject": c.subject,
        "metric": c.metric,
        "value": c.value,
        "unit": c.unit,
        "comparison": c.comparison,
        "qualifier": c.qualifier,
        "settings": c.settings,
        "subject_from_context": c.subject_from_context,
    })
}

/// A claim's subject resolves as a published result's model name does (a maker's name before
/// it, a Korean spelling, an id in brackets), so the two meet.
fn entity_of(kind: EntityKind, name: Option<&str>) -> Option<String> {
    let name = name?;
    match kind {
        EntityKind::Model => super::entities::model_entity(name),
        EntityKind::Benchmark => lexicon().canonical(kind, name).map(str::to_string),
    }
}

fn settings_json(c: &ExtractedClaim) -> String {
    serde_json::to_string(&c.settings).unwrap_or_else(|_| "[]".into())
}

/// The fields of an extracted claim as stored.
fn fields_of(c: &ExtractedClaim) -> ClaimFields<'_> {
    ClaimFields {
        kind: c.kind.key(),
        subject: c.subject.as_deref(),
        metric: c.metric.as_deref(),
        value: c.value.as_deref(),
        value_num: c.value_num,
        unit: c.unit.as_deref(),
        comparison: c.comparison.as_deref(),
        qualifier: c.qualifier.as_deref(),
        settings: settings_json(c),
        subject_from_context: c.subject_from_context,
        subject_entity: entity_of(EntityKind::Model, c.subject.as_deref()),
        metric_entity: entity_of(EntityKind::Benchmark, c.metric.as_deref()),
        sentence: &c.sentence,
        span_start: c.span.start as i64,
        span_end: c.span.end as i64,
        fields_method: RULES_METHOD,
    }
}

async fn insert_claim(
    tx: &mut Tx,
    article_id: ArticleId,
    vendor: &str,
    content_hash: &str,
    c: &ExtractedClaim,
    now: &str,
) -> Result<ClaimId, DbError> {
    let id = tx
        .insert_claim(article_id, vendor, content_hash, &fields_of(c), now)
        .await?;
    log::append(
        tx,
        id.get(),
        EventKind::Recorded,
        now,
        SYSTEM_ACTOR,
        &recorded_payload(article_id.get(), content_hash, c),
    )
    .await?;
    Ok(id)
}

/// Moves a claim to the sentence of the new version (same claim, new text or new place).
async fn update_claim_text(
    tx: &mut Tx,
    id: ClaimId,
    content_hash: &str,
    c: &ExtractedClaim,
    now: &str,
) -> Result<(), DbError> {
    tx.update_claim(id, content_hash, &fields_of(c), now).await
}

/// Records an article version (inside the article's own transaction) and extracts its claims
/// unless this version was already read by this extractor. When the text changed since the
/// last extraction, claims are reconciled: a changed value or a claim the new text no longer
/// makes is a correction event on the existing claim.
pub async fn record_article_version(
    tx: &mut Tx,
    article_id: ArticleId,
    vendor: &str,
    found: Vec<ExtractedClaim>,
    content_hash: &str,
    now: &str,
) -> Result<VersionOutcome, DbError> {
    tx.record_version(article_id, content_hash, now).await?;
    let previous = tx.last_extraction(article_id).await?;
    if let Some((hash, version)) = &previous {
        if hash == content_hash && *version == EXTRACTOR_VERSION as i64 {
            return Ok(VersionOutcome::default());
        }
    }
    let text_changed = previous
        .as_ref()
        .is_some_and(|(hash, _)| hash != content_hash);
    let recorded: Vec<Recorded> = tx
        .current_claims_of(article_id)
        .await?
        .into_iter()
        .map(|r| Recorded {
            id: r.id,
            kind: r.kind,
            subject: r.subject,
            metric: r.metric,
            value: r.value,
            value_num: r.value_num,
            qualifier: r.qualifier,
            settings: serde_json::from_str(&r.settings).unwrap_or_default(),
            sentence: r.sentence,
        })
        .collect();
    // Same text, newer extractor: claims keep their ids where the sentence is the same.
    let reread = previous.is_some() && !text_changed;
    let plan = if reread {
        same_text(&recorded, &found)
    } else {
        reconcile(&recorded, &found)
    };
    let mut out = VersionOutcome::default();
    let old_hash = previous.map(|(h, _)| h).unwrap_or_default();
    let by_id = |id: ClaimId| recorded.iter().find(|r| r.id == id);
    if text_changed {
        for &(id, i) in &plan.same {
            update_claim_text(tx, id, content_hash, &found[i], now).await?;
        }
        for &(id, i) in &plan.restated {
            let before = by_id(id).map(|r| r.sentence.clone()).unwrap_or_default();
            update_claim_text(tx, id, content_hash, &found[i], now).await?;
            let payload = json!({
                "change": "wording", "from_sentence": before, "to_sentence": found[i].sentence,
                "from_hash": old_hash, "to_hash": content_hash,
                "span": [found[i].span.start, found[i].span.end],
            });
            log::append(
                tx,
                id.get(),
                EventKind::Restated,
                now,
                SYSTEM_ACTOR,
                &payload,
            )
            .await?;
            out.restated += 1;
        }
        for &(id, i) in &plan.changed {
            let (before, before_value) = by_id(id)
                .map(|r| (r.sentence.clone(), r.value.clone()))
                .unwrap_or_default();
            update_claim_text(tx, id, content_hash, &found[i], now).await?;
            let payload = json!({
                "change": "value", "from_value": before_value, "to_value": found[i].value,
                "from_sentence": before, "to_sentence": found[i].sentence,
                "from_hash": old_hash, "to_hash": content_hash,
                "span": [found[i].span.start, found[i].span.end],
            });
            log::append(
                tx,
                id.get(),
                EventKind::Correction,
                now,
                SYSTEM_ACTOR,
                &payload,
            )
            .await?;
            out.corrected += 1;
        }
        for &id in &plan.removed {
            let (before, before_value) = by_id(id)
                .map(|r| (r.sentence.clone(), r.value.clone()))
                .unwrap_or_default();
            tx.retire_claim(id, now).await?;
            let payload = json!({
                "change": "removed", "from_value": before_value, "from_sentence": before,
                "from_hash": old_hash, "to_hash": content_hash,
            });
            log::append(
                tx,
                id.get(),
                EventKind::Correction,
                now,
                SYSTEM_ACTOR,
                &payload,
            )
            .await?;
            out.removed += 1;
        }
    }
    // Same text read by a newer extractor: a change in our rules is not a correction by the
    // vendor, so it is logged as `reextracted`, never as `correction`.
    if reread {
        for &(id, i) in &plan.same {
            let Some(before) = by_id(id) else { continue };
            if !fields_changed(before, &found[i]) {
                continue;
            }
            update_claim_text(tx, id, content_hash, &found[i], now).await?;
            // The model may have read the claim's old fields (a model pass can run before
            // the re-read): it reads the rules' fields again.
            tx.forget_refinements(id).await?;
            let payload = json!({
                "change": "fields", "extractor_version": EXTRACTOR_VERSION,
                "from": {"kind": before.kind, "subject": before.subject, "metric": before.metric,
                         "value": before.value, "qualifier": before.qualifier,
                         "settings": before.settings},
                "to": {"kind": found[i].kind.key(), "subject": found[i].subject,
                       "metric": found[i].metric, "value": found[i].value,
                       "qualifier": found[i].qualifier, "settings": found[i].settings,
                       "subject_from_context": found[i].subject_from_context},
            });
            log::append(
                tx,
                id.get(),
                EventKind::Reextracted,
                now,
                SYSTEM_ACTOR,
                &payload,
            )
            .await?;
            out.reextracted += 1;
        }
        for &id in &plan.removed {
            tx.retire_claim(id, now).await?;
            let before = by_id(id);
            let payload = json!({
                "change": "dropped", "extractor_version": EXTRACTOR_VERSION,
                "from_value": before.and_then(|r| r.value.clone()),
                "from_sentence": before.map(|r| r.sentence.clone()),
            });
            log::append(
                tx,
                id.get(),
                EventKind::Reextracted,
                now,
                SYSTEM_ACTOR,
                &payload,
            )
            .await?;
            out.dropped += 1;
        }
    }
    for &i in &plan.added {
        insert_claim(tx, article_id, vendor, content_hash, &found[i], now).await?;
        out.added += 1;
    }
    tx.record_extraction(article_id, content_hash, EXTRACTOR_VERSION as i64, now)
        .await?;
    Ok(out)
}

/// Articles whose current version has not been read by this extractor (databases from before
/// the claim tracker, or a new extractor version).
pub async fn pending_extraction(db: &Store) -> Result<Vec<ArticleId>, DbError> {
    db.pending_extraction(EXTRACTOR_VERSION as i64).await
}

/// Extracts one article's claims from its stored text, in its own transaction. Extraction runs
/// contained ([`crate::contained`]): an article it fails on is logged and left for the next
/// extractor version, and the other articles go on.
pub async fn extract_stored(
    db: &Store,
    article_id: ArticleId,
    now: &str,
) -> Result<VersionOutcome, DbError> {
    let Some(article) = db.article_text(article_id).await? else {
        return Ok(VersionOutcome::default());
    };
    let text = article.content_text;
    let found = match crate::contained::run(EXTRACTION_BUDGET, move || extract(&text)).await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(article = article_id.get(), error = %e, "claims not extracted");
            return Ok(VersionOutcome::default());
        }
    };
    let mut tx = db.begin_write().await?;
    // The text may have changed while it was read: that version is recorded by its own run.
    if tx.content_hash(article_id).await?.as_deref() != Some(article.content_hash.as_str()) {
        return Ok(VersionOutcome::default());
    }
    let out = record_article_version(
        &mut tx,
        article_id,
        &article.vendor,
        found,
        &article.content_hash,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// Time claim extraction may take on one article's text (it is size-capped; this is the
/// backstop for a rule that goes quadratic on some input).
pub const EXTRACTION_BUDGET: std::time::Duration = std::time::Duration::from_secs(20);

async fn insert_evidence(
    tx: &mut Tx,
    claim_id: ClaimId,
    ev: &NewEvidence,
    actor: &str,
    at: &str,
) -> Result<i64, DbError> {
    let id = tx.insert_evidence(claim_id, ev, actor, at).await?;
    let payload = json!({
        "evidence_id": id, "url": ev.url, "title": ev.title, "organisation": ev.organisation,
        "kind": ev.kind.key(), "relation": ev.relation.key(), "verdict": ev.verdict.key(),
        "measured_value": ev.measured_value, "measured_num": ev.measured_num,
        "interval": ev.interval, "settings": ev.settings,
        "note": ev.note, "article_id": ev.article_id, "result_id": ev.result_id,
    });
    log::append(tx, claim_id.get(), EventKind::Evidence, at, actor, &payload).await?;
    Ok(id)
}

/// A claim that evidence and a status may be given to: it exists and is no business fact. Business
/// facts (funding, revenue, usage, hiring…) are kept with their source but nobody reproduces
/// them, so they never carry a verification status or evidence.
async fn trackable(tx: &mut Tx, claim_id: ClaimId) -> Result<(), ClaimError> {
    let Some(kind) = tx.claim_kind(claim_id).await? else {
        return Err(ClaimError::NotFound);
    };
    match ClaimKind::parse(&kind) {
        Some(k) if !k.is_business_fact() => Ok(()),
        _ => Err(ClaimError::Invalid(format!(
            "claim {claim_id} is a business fact, not a trackable claim: it carries no \
             verification status and takes no evidence"
        ))),
    }
}

/// Adds evidence and its log event in one transaction.
pub async fn add_evidence(
    db: &Store,
    claim_id: ClaimId,
    ev: &NewEvidence,
    actor: &str,
    at: &str,
) -> Result<i64, ClaimError> {
    let mut tx = db.begin_write().await?;
    trackable(&mut tx, claim_id).await?;
    let id = insert_evidence(&mut tx, claim_id, ev, actor, at).await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets a claim's status with a reason and the evidence that justifies it; the status column
/// and the log event are written together.
pub async fn set_status(
    db: &Store,
    claim_id: ClaimId,
    to: Status,
    reason: &str,
    evidence: &[i64],
    actor: &str,
    at: &str,
) -> Result<(), ClaimError> {
    let mut tx = db.begin_write().await?;
    trackable(&mut tx, claim_id).await?;
    let Some(from) = tx.claim_status(claim_id).await? else {
        return Err(ClaimError::NotFound);
    };
    for &id in evidence {
        if !tx.evidence_belongs(id, claim_id).await? {
            return Err(ClaimError::Invalid(format!(
                "evidence {id} does not belong to claim {claim_id}"
            )));
        }
    }
    tx.set_claim_status(claim_id, to, at).await?;
    let payload = json!({
        "from": from, "to": to.key(), "reason": reason, "evidence": evidence,
        "vocabulary": STATUS_VOCABULARY_VERSION,
    });
    log::append(
        &mut tx,
        claim_id.get(),
        EventKind::Status,
        at,
        actor,
        &payload,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records the dismissal (once) and its log event, in one transaction.
async fn dismiss(
    db: &Store,
    claim_id: ClaimId,
    what: Suggested,
    actor: &str,
    at: &str,
) -> Result<(), ClaimError> {
    let mut tx = db.begin_write().await?;
    if !tx.claim_exists(claim_id).await? {
        return Err(ClaimError::NotFound);
    }
    let (id, key, name) = match what {
        Suggested::Article(id) => (id.get(), "article_id", "article"),
        Suggested::Result(id) => (id.get(), "result_id", "result"),
    };
    if !tx.dismiss(claim_id, what, actor, at).await? {
        return Err(ClaimError::Invalid(format!(
            "{name} {id} does not exist or was already dismissed"
        )));
    }
    let payload = json!({ key: id });
    log::append(
        &mut tx,
        claim_id.get(),
        EventKind::Dismissed,
        at,
        actor,
        &payload,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn dismiss_suggestion(
    db: &Store,
    claim_id: ClaimId,
    article_id: ArticleId,
    actor: &str,
    at: &str,
) -> Result<(), ClaimError> {
    dismiss(db, claim_id, Suggested::Article(article_id), actor, at).await
}

/// Dismisses a suggested third-party result for a claim, with its log event.
pub async fn dismiss_result(
    db: &Store,
    claim_id: ClaimId,
    result_id: ResultId,
    actor: &str,
    at: &str,
) -> Result<(), ClaimError> {
    dismiss(db, claim_id, Suggested::Result(result_id), actor, at).await
}

fn kind_key(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Model => "model",
        EntityKind::Benchmark => "benchmark",
    }
}

/// The aliases editors added.
pub async fn entity_aliases(db: &Store) -> Result<Vec<Alias>, DbError> {
    Ok(db
        .entity_aliases()
        .await?
        .into_iter()
        .filter_map(|r| {
            let kind = match r.kind.as_str() {
                "model" => EntityKind::Model,
                "benchmark" => EntityKind::Benchmark,
                _ => return None,
            };
            Some(Alias {
                kind,
                entity: r.entity_id,
                alias: r.alias,
            })
        })
        .collect())
}

/// The models editors confirmed from the names to confirm (`names`).
pub async fn editor_models(db: &Store) -> Result<Vec<Entity>, DbError> {
    Ok(db
        .name_reviews()
        .await?
        .into_iter()
        .filter(|r| r.kind == "model" && r.verdict == NameVerdict::Model.key())
        .filter_map(|r| {
            Some(Entity {
                id: r.entity_id?,
                name: r.name,
                vendor: r.vendor,
                aliases: Vec::new(),
                standing: None,
                source: None,
                published_as: Vec::new(),
                system: false,
            })
        })
        .collect())
}

/// Loads what editors added (their models, then their aliases) into the process's lexicon;
/// whether that differs from what this process loaded last (so links are worth resolving
/// again). One load at a time: a load that read the database before an answer was written
/// must not install its lexicon after the answer's own load did.
pub async fn load_editor_names(db: &Store) -> Result<bool, DbError> {
    static LAST: tokio::sync::Mutex<Option<String>> = tokio::sync::Mutex::const_new(None);
    let mut last = LAST.lock().await;
    let names = EditorNames {
        models: editor_models(db).await?,
        aliases: entity_aliases(db).await?,
    };
    // Every field of every name, so any change an editor made tells two loads apart.
    let key = format!("{names:?}");
    // Installed even when unchanged: the lexicon may have been replaced meanwhile (tests
    // open several databases in one process).
    install(&names);
    let changed = last.as_deref() != Some(key.as_str());
    *last = Some(key);
    Ok(changed)
}

/// Adds a name an entity is written as, after checking it names no other entity; then every
/// claim and result whose subject, metric, model or benchmark had no entity is resolved again.
/// Returns how many claims and results gained an entity.
pub async fn add_entity_alias(
    db: &Store,
    alias: &Alias,
    actor: &str,
    at: &str,
) -> Result<usize, ClaimError> {
    let text = alias.alias.trim();
    if text.is_empty() || text.chars().count() > 80 || text.chars().any(char::is_control) {
        return Err(ClaimError::Invalid(
            "A name must be 1 to 80 characters, without control characters.".into(),
        ));
    }
    let current = lexicon();
    if current.get(alias.kind, &alias.entity).is_none() {
        return Err(ClaimError::NotFound);
    }
    if let Some(other) = current.canonical(alias.kind, text) {
        return Err(ClaimError::Invalid(if other == alias.entity {
            format!("{text:?} is already a name of this entry.")
        } else {
            format!("{text:?} already names {other}; a name can belong to one entry only.")
        }));
    }
    let mut tx = db.begin_write().await?;
    let row = AliasRow {
        kind: kind_key(alias.kind).to_string(),
        entity_id: alias.entity.clone(),
        alias: text.to_string(),
    };
    tx.insert_alias(&row, actor, at).await?;
    tx.commit().await?;
    load_editor_names(db).await?;
    Ok(resolve_entities(db).await?)
}

/// Gives claims and third-party results whose names had no entity the one the lexicon now
/// knows (names already resolved are left alone), and moves links from an editor's model the
/// shipped lists now hold. The names are resolved before the write lock is taken and off the
/// async workers: on a busy database it is seconds of CPU that ingestion and the model's
/// saves must not wait behind.
pub async fn resolve_entities(db: &Store) -> Result<usize, DbError> {
    let claims = db.unresolved_claims().await?;
    let results = db.unresolved_results().await?;
    let absorbed = lexicon().absorbed().to_vec();
    type Found<I> = Vec<(I, Option<String>, Option<String>)>;
    let resolved = tokio::task::spawn_blocking(move || {
        let claims: Found<ClaimId> = claims
            .into_iter()
            .filter_map(|r| {
                let subject = r
                    .subject_entity
                    .is_none()
                    .then(|| entity_of(EntityKind::Model, r.subject.as_deref()))
                    .flatten();
                let metric = r
                    .metric_entity
                    .is_none()
                    .then(|| entity_of(EntityKind::Benchmark, r.metric.as_deref()))
                    .flatten();
                (subject.is_some() || metric.is_some()).then_some((r.id, subject, metric))
            })
            .collect();
        let results: Found<ResultId> = results
            .into_iter()
            .filter_map(|r| {
                let model = r
                    .model_entity
                    .is_none()
                    .then(|| super::entities::model_entity(&r.model))
                    .flatten();
                let bench = r
                    .benchmark_entity
                    .is_none()
                    .then(|| super::entities::benchmark_entity_at(&r.benchmark, r.url.as_deref()))
                    .flatten();
                (model.is_some() || bench.is_some()).then_some((r.id, model, bench))
            })
            .collect();
        (claims, results)
    })
    .await;
    let (claims, results) = match resolved {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(error = %e, "entities not resolved");
            return Ok(0);
        }
    };
    if claims.is_empty() && results.is_empty() && absorbed.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    let mut changed = 0;
    for (from, to) in &absorbed {
        changed += tx.move_model_entity(from, to).await?;
    }
    for (id, subject, metric) in &claims {
        if tx
            .fill_claim_entities(*id, subject.as_deref(), metric.as_deref())
            .await?
        {
            changed += 1;
        }
    }
    for (id, model, bench) in &results {
        if tx
            .fill_result_entities(*id, model.as_deref(), bench.as_deref())
            .await?
        {
            changed += 1;
        }
    }
    tx.commit().await?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_resolves_as_a_published_results_model_does() {
        let sonnet = super::super::entities::model_entity("Claude 3.5 Sonnet");
        assert!(sonnet.is_some());
        for subject in [
            "클로드 3.5 소네트",
            "Anthropic Claude 3.5 Sonnet",
            "claude-3-5-sonnet",
        ] {
            assert_eq!(
                entity_of(EntityKind::Model, Some(subject)),
                sonnet,
                "{subject}"
            );
        }
        assert_eq!(entity_of(EntityKind::Model, Some("오늘 발표한 모델")), None);
        assert_eq!(entity_of(EntityKind::Model, None), None);
        assert_eq!(
            entity_of(EntityKind::Benchmark, Some("SWE-bench Verified")).as_deref(),
            Some("swe-bench-verified")
        );
    }
}
