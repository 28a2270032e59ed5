//! All claim-tracker SQL: recording an article version's claims, editors' evidence and status
//! changes (each with its log event, in one transaction), and the reads the pages need.

use app::vocab::{ClaimKind, EvidenceKind, Relation, Status, Verdict, STATUS_VOCABULARY_VERSION};
use serde_json::json;
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

use super::entities::{install, lexicon, Alias, EntityKind};
use super::extract::{extract, ExtractedClaim, EXTRACTOR_VERSION, RULES_METHOD};
use super::log;
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

/// A claim row joined with its article.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    pub id: i64,
    pub article_id: i64,
    pub vendor: String,
    pub kind: ClaimKind,
    pub subject: Option<String>,
    pub metric: Option<String>,
    pub value: Option<String>,
    pub value_num: Option<f64>,
    pub unit: Option<String>,
    pub comparison: Option<String>,
    pub qualifier: Option<String>,
    pub settings: Vec<String>,
    pub subject_from_context: bool,
    pub subject_entity: Option<String>,
    pub metric_entity: Option<String>,
    pub sentence: String,
    pub span_start: i64,
    pub span_end: i64,
    pub content_hash: String,
    pub fields_method: String,
    pub current: bool,
    pub status: Status,
    pub status_at: Option<String>,
    pub created_at: String,
    pub article_title: String,
    pub article_url: String,
    pub published_at: String,
}

const CLAIM_SELECT: &str = "SELECT c.*, a.title AS article_title, a.url AS article_url,
       a.published_at AS published_at
     FROM claims c JOIN articles a ON a.id = c.article_id";

fn claim_from_row(r: &sqlx::sqlite::SqliteRow) -> ClaimRow {
    let kind: String = r.get("kind");
    let status: String = r.get("status");
    ClaimRow {
        id: r.get("id"),
        article_id: r.get("article_id"),
        vendor: r.get("vendor"),
        kind: ClaimKind::parse(&kind).unwrap_or(ClaimKind::Other),
        subject: r.get("subject"),
        metric: r.get("metric"),
        value: r.get("value"),
        value_num: r.get("value_num"),
        unit: r.get("unit"),
        comparison: r.get("comparison"),
        qualifier: r.get("qualifier"),
        settings: serde_json::from_str(&r.get::<String, _>("settings")).unwrap_or_default(),
        subject_from_context: r.get("subject_from_context"),
        subject_entity: r.get("subject_entity"),
        metric_entity: r.get("metric_entity"),
        sentence: r.get("sentence"),
        span_start: r.get("span_start"),
        span_end: r.get("span_end"),
        content_hash: r.get("content_hash"),
        fields_method: r.get("fields_method"),
        current: r.get("current"),
        status: Status::parse(&status).unwrap_or(Status::Unverified),
        status_at: r.get("status_at"),
        created_at: r.get("created_at"),
        article_title: r.get("article_title"),
        article_url: r.get("article_url"),
        published_at: r.get("published_at"),
    }
}

/// A write transaction that holds SQLite's write lock from its first statement, so the log's
/// last hash cannot change between reading it and appending after it.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

fn recorded_payload(article_id: i64, content_hash: &str, c: &ExtractedClaim) -> serde_json::Value {
    json!({
        "article_id": article_id,
        "content_hash": content_hash,
        "sentence": c.sentence,
        "span": [c.start, c.end],
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

fn entity_of(kind: EntityKind, name: Option<&str>) -> Option<String> {
    let lexicon = lexicon();
    name.and_then(|n| lexicon.canonical(kind, n))
        .map(str::to_string)
}

fn settings_json(c: &ExtractedClaim) -> String {
    serde_json::to_string(&c.settings).unwrap_or_else(|_| "[]".into())
}

async fn insert_claim(
    tx: &mut Transaction<'_, Sqlite>,
    article_id: i64,
    vendor: &str,
    content_hash: &str,
    c: &ExtractedClaim,
    now: &str,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(
        "INSERT INTO claims (article_id, vendor, kind, subject, metric, value, value_num, unit,
           comparison, sentence, span_start, span_end, content_hash, fields_method, created_at,
           updated_at, qualifier, settings, subject_from_context, subject_entity, metric_entity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17,
           ?18, ?19, ?20)
         RETURNING id",
    )
    .bind(article_id)
    .bind(vendor)
    .bind(c.kind.key())
    .bind(&c.subject)
    .bind(&c.metric)
    .bind(&c.value)
    .bind(c.value_num)
    .bind(&c.unit)
    .bind(&c.comparison)
    .bind(&c.sentence)
    .bind(c.start as i64)
    .bind(c.end as i64)
    .bind(content_hash)
    .bind(RULES_METHOD)
    .bind(now)
    .bind(&c.qualifier)
    .bind(settings_json(c))
    .bind(c.subject_from_context)
    .bind(entity_of(EntityKind::Model, c.subject.as_deref()))
    .bind(entity_of(EntityKind::Benchmark, c.metric.as_deref()))
    .fetch_one(&mut **tx)
    .await?
    .get(0);
    log::append(
        tx,
        id,
        "recorded",
        now,
        SYSTEM_ACTOR,
        &recorded_payload(article_id, content_hash, c),
    )
    .await?;
    Ok(id)
}

/// Moves a claim to the sentence of the new version (same claim, new text or new place).
async fn update_claim_text(
    tx: &mut Transaction<'_, Sqlite>,
    id: i64,
    content_hash: &str,
    c: &ExtractedClaim,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE claims SET sentence = ?2, span_start = ?3, span_end = ?4, content_hash = ?5,
           value = ?6, value_num = ?7, unit = ?8, comparison = ?9, subject = ?10,
           metric = ?11, kind = ?12, fields_method = ?13, current = 1, updated_at = ?14,
           qualifier = ?15, settings = ?16, subject_from_context = ?17, subject_entity = ?18,
           metric_entity = ?19
         WHERE id = ?1",
    )
    .bind(id)
    .bind(&c.sentence)
    .bind(c.start as i64)
    .bind(c.end as i64)
    .bind(content_hash)
    .bind(&c.value)
    .bind(c.value_num)
    .bind(&c.unit)
    .bind(&c.comparison)
    .bind(&c.subject)
    .bind(&c.metric)
    .bind(c.kind.key())
    .bind(RULES_METHOD)
    .bind(now)
    .bind(&c.qualifier)
    .bind(settings_json(c))
    .bind(c.subject_from_context)
    .bind(entity_of(EntityKind::Model, c.subject.as_deref()))
    .bind(entity_of(EntityKind::Benchmark, c.metric.as_deref()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records an article version (inside the article's own transaction) and extracts its claims
/// unless this version was already read by this extractor. When the text changed since the
/// last extraction, claims are reconciled: a changed value or a claim the new text no longer
/// makes is a correction event on the existing claim.
pub async fn record_article_version(
    tx: &mut Transaction<'_, Sqlite>,
    article_id: i64,
    vendor: &str,
    found: Vec<ExtractedClaim>,
    content_hash: &str,
    now: &str,
) -> Result<VersionOutcome, sqlx::Error> {
    sqlx::query(
        "INSERT INTO article_versions (article_id, content_hash, first_seen, last_seen)
         VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT(article_id, content_hash) DO UPDATE SET last_seen = excluded.last_seen",
    )
    .bind(article_id)
    .bind(content_hash)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let previous = sqlx::query(
        "SELECT content_hash, extractor_version FROM claim_extractions WHERE article_id = ?1",
    )
    .bind(article_id)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)));
    if let Some((hash, version)) = &previous {
        if hash == content_hash && *version == EXTRACTOR_VERSION as i64 {
            return Ok(VersionOutcome::default());
        }
    }
    let text_changed = previous
        .as_ref()
        .is_some_and(|(hash, _)| hash != content_hash);
    let recorded: Vec<Recorded> = sqlx::query(
        "SELECT id, kind, subject, metric, value, value_num, qualifier, settings, sentence
         FROM claims WHERE article_id = ?1 AND current = 1 ORDER BY id",
    )
    .bind(article_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| Recorded {
        id: r.get("id"),
        kind: r.get("kind"),
        subject: r.get("subject"),
        metric: r.get("metric"),
        value: r.get("value"),
        value_num: r.get("value_num"),
        qualifier: r.get("qualifier"),
        settings: serde_json::from_str(&r.get::<String, _>("settings")).unwrap_or_default(),
        sentence: r.get("sentence"),
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
    let by_id = |id: i64| recorded.iter().find(|r| r.id == id);
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
                "span": [found[i].start, found[i].end],
            });
            log::append(tx, id, "restated", now, SYSTEM_ACTOR, &payload).await?;
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
                "span": [found[i].start, found[i].end],
            });
            log::append(tx, id, "correction", now, SYSTEM_ACTOR, &payload).await?;
            out.corrected += 1;
        }
        for &id in &plan.removed {
            let (before, before_value) = by_id(id)
                .map(|r| (r.sentence.clone(), r.value.clone()))
                .unwrap_or_default();
            sqlx::query("UPDATE claims SET current = 0, updated_at = ?2 WHERE id = ?1")
                .bind(id)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            let payload = json!({
                "change": "removed", "from_value": before_value, "from_sentence": before,
                "from_hash": old_hash, "to_hash": content_hash,
            });
            log::append(tx, id, "correction", now, SYSTEM_ACTOR, &payload).await?;
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
            log::append(tx, id, "reextracted", now, SYSTEM_ACTOR, &payload).await?;
            out.reextracted += 1;
        }
        for &id in &plan.removed {
            sqlx::query("UPDATE claims SET current = 0, updated_at = ?2 WHERE id = ?1")
                .bind(id)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            let before = by_id(id);
            let payload = json!({
                "change": "dropped", "extractor_version": EXTRACTOR_VERSION,
                "from_value": before.and_then(|r| r.value.clone()),
                "from_sentence": before.map(|r| r.sentence.clone()),
            });
            log::append(tx, id, "reextracted", now, SYSTEM_ACTOR, &payload).await?;
            out.dropped += 1;
        }
    }
    for &i in &plan.added {
        insert_claim(tx, article_id, vendor, content_hash, &found[i], now).await?;
        out.added += 1;
    }
    sqlx::query(
        "INSERT INTO claim_extractions (article_id, content_hash, extractor_version, extracted_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(article_id) DO UPDATE SET content_hash = excluded.content_hash,
           extractor_version = excluded.extractor_version, extracted_at = excluded.extracted_at",
    )
    .bind(article_id)
    .bind(content_hash)
    .bind(EXTRACTOR_VERSION as i64)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(out)
}

/// Articles whose current version has not been read by this extractor (databases from before
/// the claim tracker, or a new extractor version).
pub async fn pending_extraction(pool: &SqlitePool) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT a.id FROM articles a LEFT JOIN claim_extractions e ON e.article_id = a.id
         WHERE e.article_id IS NULL OR e.content_hash != a.content_hash
            OR e.extractor_version != ?1
         ORDER BY a.id",
    )
    .bind(EXTRACTOR_VERSION as i64)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

/// Extracts one article's claims from its stored text, in its own transaction. Extraction runs
/// contained ([`crate::contained`]): an article it fails on is logged and left for the next
/// extractor version, and the other articles go on.
pub async fn extract_stored(
    pool: &SqlitePool,
    article_id: i64,
    now: &str,
) -> Result<VersionOutcome, sqlx::Error> {
    let Some(r) =
        sqlx::query("SELECT vendor, content_text, content_hash FROM articles WHERE id = ?1")
            .bind(article_id)
            .fetch_optional(pool)
            .await?
    else {
        return Ok(VersionOutcome::default());
    };
    let (vendor, text, hash): (String, String, String) = (r.get(0), r.get(1), r.get(2));
    let found = match crate::contained::run(EXTRACTION_BUDGET, move || extract(&text)).await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(article = article_id, error = %e, "claims not extracted");
            return Ok(VersionOutcome::default());
        }
    };
    let mut tx = begin_write(pool).await?;
    // The text may have changed while it was read: that version is recorded by its own run.
    let current: Option<String> =
        sqlx::query_scalar("SELECT content_hash FROM articles WHERE id = ?1")
            .bind(article_id)
            .fetch_optional(&mut *tx)
            .await?;
    if current.as_deref() != Some(hash.as_str()) {
        return Ok(VersionOutcome::default());
    }
    let out = record_article_version(&mut tx, article_id, &vendor, found, &hash, now).await?;
    tx.commit().await?;
    Ok(out)
}

/// Time claim extraction may take on one article's text (it is size-capped; this is the
/// backstop for a rule that goes quadratic on some input).
pub const EXTRACTION_BUDGET: std::time::Duration = std::time::Duration::from_secs(20);

pub async fn claim(pool: &SqlitePool, id: i64) -> Result<Option<ClaimRow>, sqlx::Error> {
    Ok(sqlx::query(&format!("{CLAIM_SELECT} WHERE c.id = ?1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(claim_from_row))
}

/// Filters for listing claims, already checked.
#[derive(Debug, Default, Clone)]
pub struct ClaimFilter {
    pub status: Option<Status>,
    pub vendor: Option<String>,
    pub kind: Option<ClaimKind>,
    /// UTC bounds on the article's publication time, `[from, until)`.
    pub from: Option<String>,
    pub until: Option<String>,
    pub current_only: bool,
    pub oldest_first: bool,
    /// Only claims someone could reproduce or check (no business facts, nothing unclassified).
    pub trackable_only: bool,
    /// Only claims about this canonical model / on this canonical benchmark.
    pub subject_entity: Option<String>,
    pub metric_entity: Option<String>,
    pub limit: i64,
}

pub async fn claims(pool: &SqlitePool, f: &ClaimFilter) -> Result<Vec<ClaimRow>, sqlx::Error> {
    let order = if f.oldest_first {
        "a.published_at ASC, c.id ASC"
    } else {
        "a.published_at DESC, c.id ASC"
    };
    let sql = format!(
        "{CLAIM_SELECT}
         WHERE (?1 IS NULL OR c.status = ?1) AND (?2 IS NULL OR lower(c.vendor) = lower(?2))
           AND (?3 IS NULL OR c.kind = ?3) AND (?4 IS NULL OR a.published_at >= ?4)
           AND (?5 IS NULL OR a.published_at < ?5) AND (?6 = 0 OR c.current = 1)
           AND (?8 = 0 OR c.kind NOT IN ('business', 'other'))
           AND (?9 IS NULL OR c.subject_entity = ?9) AND (?10 IS NULL OR c.metric_entity = ?10)
         ORDER BY {order} LIMIT ?7"
    );
    Ok(sqlx::query(&sql)
        .bind(f.status.map(|s| s.key()))
        .bind(&f.vendor)
        .bind(f.kind.map(|k| k.key()))
        .bind(&f.from)
        .bind(&f.until)
        .bind(f.current_only)
        .bind(f.limit)
        .bind(f.trackable_only)
        .bind(&f.subject_entity)
        .bind(&f.metric_entity)
        .fetch_all(pool)
        .await?
        .iter()
        .map(claim_from_row)
        .collect())
}

/// Current claims of these articles, in article then text order.
pub async fn claims_of_articles(
    pool: &SqlitePool,
    ids: &[i64],
) -> Result<Vec<ClaimRow>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in ids.chunks(400) {
        let placeholders = vec!["?"; chunk.len()].join(",");
        let sql = format!(
            "{CLAIM_SELECT} WHERE c.current = 1 AND c.article_id IN ({placeholders})
             ORDER BY c.article_id, c.span_start, c.id"
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        out.extend(q.fetch_all(pool).await?.iter().map(claim_from_row));
    }
    Ok(out)
}

/// (vendor, status, count) over current claims.
pub async fn status_counts(pool: &SqlitePool) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT vendor, status, COUNT(*) FROM claims WHERE current = 1
         GROUP BY vendor, status ORDER BY vendor, status",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2)))
    .collect())
}

/// Publication times of every current claim's article (the chart buckets them by local month).
pub async fn claim_times(pool: &SqlitePool) -> Result<Vec<String>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT a.published_at FROM claims c JOIN articles a ON a.id = c.article_id
         WHERE c.current = 1",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

pub async fn vendors(pool: &SqlitePool) -> Result<Vec<String>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT DISTINCT vendor FROM claims ORDER BY vendor")
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect(),
    )
}

/// Evidence as an editor submitted it, already validated.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub url: String,
    pub title: String,
    pub organisation: String,
    pub kind: EvidenceKind,
    pub relation: Relation,
    pub verdict: Verdict,
    pub measured_value: Option<String>,
    pub measured_num: Option<f64>,
    pub interval: Option<String>,
    pub settings: Option<String>,
    pub note: Option<String>,
    pub article_id: Option<i64>,
    /// The third-party result this evidence was accepted from, if any.
    pub result_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct EvidenceRow {
    pub id: i64,
    pub claim_id: i64,
    pub ev: NewEvidence,
    pub added_by: String,
    pub added_at: String,
}

async fn claim_exists(tx: &mut Transaction<'_, Sqlite>, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM claims WHERE id = ?1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

async fn insert_evidence(
    tx: &mut Transaction<'_, Sqlite>,
    claim_id: i64,
    ev: &NewEvidence,
    actor: &str,
    at: &str,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query(
        "INSERT INTO evidence (claim_id, url, title, organisation, kind, relation, verdict,
           measured_value, measured_num, interval, settings, note, article_id, added_by, added_at,
           result_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         RETURNING id",
    )
    .bind(claim_id)
    .bind(&ev.url)
    .bind(&ev.title)
    .bind(&ev.organisation)
    .bind(ev.kind.key())
    .bind(ev.relation.key())
    .bind(ev.verdict.key())
    .bind(&ev.measured_value)
    .bind(ev.measured_num)
    .bind(&ev.interval)
    .bind(&ev.settings)
    .bind(&ev.note)
    .bind(ev.article_id)
    .bind(actor)
    .bind(at)
    .bind(ev.result_id)
    .fetch_one(&mut **tx)
    .await?
    .get(0);
    let payload = json!({
        "evidence_id": id, "url": ev.url, "title": ev.title, "organisation": ev.organisation,
        "kind": ev.kind.key(), "relation": ev.relation.key(), "verdict": ev.verdict.key(),
        "measured_value": ev.measured_value, "measured_num": ev.measured_num,
        "interval": ev.interval, "settings": ev.settings,
        "note": ev.note, "article_id": ev.article_id, "result_id": ev.result_id,
    });
    log::append(tx, claim_id, "evidence", at, actor, &payload).await?;
    Ok(id)
}

/// Adds evidence and its log event in one transaction.
pub async fn add_evidence(
    pool: &SqlitePool,
    claim_id: i64,
    ev: &NewEvidence,
    actor: &str,
    at: &str,
) -> Result<i64, ClaimError> {
    let mut tx = begin_write(pool).await?;
    if !claim_exists(&mut tx, claim_id).await? {
        return Err(ClaimError::NotFound);
    }
    let id = insert_evidence(&mut tx, claim_id, ev, actor, at).await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets a claim's status with a reason and the evidence that justifies it; the status column
/// and the log event are written together.
pub async fn set_status(
    pool: &SqlitePool,
    claim_id: i64,
    to: Status,
    reason: &str,
    evidence: &[i64],
    actor: &str,
    at: &str,
) -> Result<(), ClaimError> {
    let mut tx = begin_write(pool).await?;
    let Some(from) = sqlx::query("SELECT status FROM claims WHERE id = ?1")
        .bind(claim_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.get::<String, _>(0))
    else {
        return Err(ClaimError::NotFound);
    };
    for id in evidence {
        let ok = sqlx::query("SELECT 1 FROM evidence WHERE id = ?1 AND claim_id = ?2")
            .bind(id)
            .bind(claim_id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if !ok {
            return Err(ClaimError::Invalid(format!(
                "evidence {id} does not belong to claim {claim_id}"
            )));
        }
    }
    sqlx::query("UPDATE claims SET status = ?2, status_at = ?3, updated_at = ?3 WHERE id = ?1")
        .bind(claim_id)
        .bind(to.key())
        .bind(at)
        .execute(&mut *tx)
        .await?;
    let payload = json!({
        "from": from, "to": to.key(), "reason": reason, "evidence": evidence,
        "vocabulary": STATUS_VOCABULARY_VERSION,
    });
    log::append(&mut tx, claim_id, "status", at, actor, &payload).await?;
    tx.commit().await?;
    Ok(())
}

fn evidence_from_row(r: &sqlx::sqlite::SqliteRow) -> EvidenceRow {
    let kind: String = r.get("kind");
    let relation: String = r.get("relation");
    let verdict: String = r.get("verdict");
    EvidenceRow {
        id: r.get("id"),
        claim_id: r.get("claim_id"),
        ev: NewEvidence {
            url: r.get("url"),
            title: r.get("title"),
            organisation: r.get("organisation"),
            kind: EvidenceKind::parse(&kind).unwrap_or(EvidenceKind::Commentary),
            relation: Relation::parse(&relation).unwrap_or(Relation::ThirdParty),
            verdict: Verdict::parse(&verdict).unwrap_or(Verdict::Context),
            measured_value: r.get("measured_value"),
            measured_num: r.get("measured_num"),
            interval: r.get("interval"),
            settings: r.get("settings"),
            note: r.get("note"),
            article_id: r.get("article_id"),
            result_id: r.get("result_id"),
        },
        added_by: r.get("added_by"),
        added_at: r.get("added_at"),
    }
}

pub async fn evidence_of(
    pool: &SqlitePool,
    claim_id: i64,
) -> Result<Vec<EvidenceRow>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT * FROM evidence WHERE claim_id = ?1 ORDER BY id")
            .bind(claim_id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(evidence_from_row)
            .collect(),
    )
}

pub async fn versions_of(
    pool: &SqlitePool,
    article_id: i64,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT content_hash, first_seen, last_seen FROM article_versions
         WHERE article_id = ?1 ORDER BY first_seen",
    )
    .bind(article_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2)))
    .collect())
}

/// Articles already dismissed or accepted as evidence for this claim.
pub async fn handled_suggestions(
    pool: &SqlitePool,
    claim_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT article_id FROM suggestion_dismissals WHERE claim_id = ?1
         UNION SELECT article_id FROM evidence WHERE claim_id = ?1 AND article_id IS NOT NULL",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

/// A later article or a third-party result suggested for a claim: what an editor dismisses.
#[derive(Debug, Clone, Copy)]
enum Suggested {
    Article(i64),
    Result(i64),
}

/// Records the dismissal (once) and its log event, in one transaction.
async fn dismiss(
    pool: &SqlitePool,
    claim_id: i64,
    what: Suggested,
    actor: &str,
    at: &str,
) -> Result<(), ClaimError> {
    let mut tx = begin_write(pool).await?;
    if !claim_exists(&mut tx, claim_id).await? {
        return Err(ClaimError::NotFound);
    }
    let (sql, id, key, name) = match what {
        Suggested::Article(id) => (
            "INSERT INTO suggestion_dismissals (claim_id, article_id, dismissed_by, dismissed_at)
             SELECT ?1, id, ?3, ?4 FROM articles WHERE id = ?2 ON CONFLICT DO NOTHING",
            id,
            "article_id",
            "article",
        ),
        Suggested::Result(id) => (
            "INSERT INTO result_dismissals (claim_id, result_id, dismissed_by, dismissed_at)
             SELECT ?1, id, ?3, ?4 FROM third_party_results WHERE id = ?2 ON CONFLICT DO NOTHING",
            id,
            "result_id",
            "result",
        ),
    };
    let inserted = sqlx::query(sql)
        .bind(claim_id)
        .bind(id)
        .bind(actor)
        .bind(at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if inserted == 0 {
        return Err(ClaimError::Invalid(format!(
            "{name} {id} does not exist or was already dismissed"
        )));
    }
    let payload = json!({ key: id });
    log::append(&mut tx, claim_id, "dismissed", at, actor, &payload).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn dismiss_suggestion(
    pool: &SqlitePool,
    claim_id: i64,
    article_id: i64,
    actor: &str,
    at: &str,
) -> Result<(), ClaimError> {
    dismiss(pool, claim_id, Suggested::Article(article_id), actor, at).await
}

fn kind_key(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Model => "model",
        EntityKind::Benchmark => "benchmark",
    }
}

/// The aliases editors added.
pub async fn entity_aliases(pool: &SqlitePool) -> Result<Vec<Alias>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT kind, entity_id, alias FROM entity_aliases ORDER BY added_at")
            .fetch_all(pool)
            .await?
            .iter()
            .filter_map(|r| {
                let kind = match r.get::<String, _>(0).as_str() {
                    "model" => EntityKind::Model,
                    "benchmark" => EntityKind::Benchmark,
                    _ => return None,
                };
                Some(Alias {
                    kind,
                    entity: r.get(1),
                    alias: r.get(2),
                })
            })
            .collect(),
    )
}

/// Loads the editors' aliases into the process's lexicon.
pub async fn load_entity_aliases(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    install(&entity_aliases(pool).await?);
    Ok(())
}

/// Adds a name an entity is written as, after checking it names no other entity; then every
/// claim and result whose subject, metric, model or benchmark had no entity is resolved again.
/// Returns how many claims and results gained an entity.
pub async fn add_entity_alias(
    pool: &SqlitePool,
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
    let mut tx = begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO entity_aliases (kind, entity_id, alias, added_by, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(kind_key(alias.kind))
    .bind(&alias.entity)
    .bind(text)
    .bind(actor)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    load_entity_aliases(pool).await?;
    Ok(resolve_entities(pool).await?)
}

/// Gives claims and third-party results whose names had no entity the one the lexicon now
/// knows (names already resolved are left alone).
pub async fn resolve_entities(pool: &SqlitePool) -> Result<usize, sqlx::Error> {
    let mut tx = begin_write(pool).await?;
    let mut changed = 0;
    let rows = sqlx::query(
        "SELECT id, subject, metric, subject_entity, metric_entity FROM claims
         WHERE (subject IS NOT NULL AND subject_entity IS NULL)
            OR (metric IS NOT NULL AND metric_entity IS NULL)",
    )
    .fetch_all(&mut *tx)
    .await?;
    for r in &rows {
        let subject = r.get::<Option<String>, _>("subject_entity").or_else(|| {
            entity_of(
                EntityKind::Model,
                r.get::<Option<String>, _>("subject").as_deref(),
            )
        });
        let metric = r.get::<Option<String>, _>("metric_entity").or_else(|| {
            entity_of(
                EntityKind::Benchmark,
                r.get::<Option<String>, _>("metric").as_deref(),
            )
        });
        if subject.is_some() || metric.is_some() {
            let done = sqlx::query(
                "UPDATE claims SET subject_entity = ?2, metric_entity = ?3 WHERE id = ?1
                   AND (subject_entity IS NOT ?2 OR metric_entity IS NOT ?3)",
            )
            .bind(r.get::<i64, _>("id"))
            .bind(subject)
            .bind(metric)
            .execute(&mut *tx)
            .await?;
            changed += done.rows_affected() as usize;
        }
    }
    let rows = sqlx::query(
        "SELECT id, model, benchmark, model_entity, benchmark_entity FROM third_party_results
         WHERE model_entity IS NULL OR benchmark_entity IS NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    for r in &rows {
        let model = r
            .get::<Option<String>, _>("model_entity")
            .or_else(|| crate::results::matching::model_entity(&r.get::<String, _>("model")));
        let bench = r.get::<Option<String>, _>("benchmark_entity").or_else(|| {
            crate::results::matching::benchmark_entity(&r.get::<String, _>("benchmark"))
        });
        let done = sqlx::query(
            "UPDATE third_party_results SET model_entity = ?2, benchmark_entity = ?3 WHERE id = ?1
               AND (model_entity IS NOT ?2 OR benchmark_entity IS NOT ?3)",
        )
        .bind(r.get::<i64, _>("id"))
        .bind(model)
        .bind(bench)
        .execute(&mut *tx)
        .await?;
        changed += done.rows_affected() as usize;
    }
    tx.commit().await?;
    Ok(changed)
}

/// (vendor, claimed, measured) for every percentage claim's accepted independent measurement
/// (third-party or community evidence with a number).
pub async fn independent_measurements(
    pool: &SqlitePool,
) -> Result<Vec<(String, f64, f64)>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT c.vendor, c.value_num, e.measured_num FROM evidence e JOIN claims c ON c.id = e.claim_id
         WHERE c.unit = '%' AND c.value_num IS NOT NULL AND e.measured_num IS NOT NULL
           AND e.relation IN ('third_party', 'community') AND c.kind NOT IN ('business', 'other')",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2)))
    .collect())
}

/// Dismisses a suggested third-party result for a claim, with its log event.
pub async fn dismiss_result(
    pool: &SqlitePool,
    claim_id: i64,
    result_id: i64,
    actor: &str,
    at: &str,
) -> Result<(), ClaimError> {
    dismiss(pool, claim_id, Suggested::Result(result_id), actor, at).await
}

/// Third-party results already accepted as evidence for, or dismissed from, this claim.
pub async fn handled_results(pool: &SqlitePool, claim_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT result_id FROM result_dismissals WHERE claim_id = ?1
         UNION SELECT result_id FROM evidence WHERE claim_id = ?1 AND result_id IS NOT NULL",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

/// Whether this seed entry was already applied (`mark_seed` records it).
pub async fn seed_done(pool: &SqlitePool, seed_id: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM seed_applied WHERE seed_id = ?1")
        .bind(seed_id)
        .fetch_optional(pool)
        .await?
        .is_some())
}

pub async fn mark_seed(pool: &SqlitePool, seed_id: &str, at: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT OR IGNORE INTO seed_applied (seed_id, applied_at) VALUES (?1, ?2)")
        .bind(seed_id)
        .bind(at)
        .execute(pool)
        .await?;
    Ok(())
}
