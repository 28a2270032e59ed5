//! `claims`, `claim_extractions`, `claim_refinements`, `entity_aliases` and `seed_applied`:
//! the claims found in articles and what was done to read them.

use app::ids::{ArticleId, ClaimId};
use app::vocab::{ClaimKind, Status};
use chrono::{DateTime, Utc};

use super::time::Time;
use super::{on_pool, on_reads, on_tx, placeholders, Engine, Reads, Result, Store, Tx, IN_CHUNK};

/// A claim joined with its article.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    pub id: ClaimId,
    pub article_id: ArticleId,
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
    pub status_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub article_title: String,
    pub article_url: String,
    pub published_at: DateTime<Utc>,
}

impl ClaimRow {
    /// The sentence's span in the article text (`span_start`, `span_end`: the columns).
    pub fn span(&self) -> app::span::CharSpan {
        app::span::CharSpan::from_stored(self.span_start, self.span_end)
    }
}

/// The row as the database holds it; `ClaimRow` is what the rest of Proofwire sees.
#[derive(sqlx::FromRow)]
struct Stored {
    id: i64,
    article_id: i64,
    vendor: String,
    kind: String,
    subject: Option<String>,
    metric: Option<String>,
    value: Option<String>,
    value_num: Option<f64>,
    unit: Option<String>,
    comparison: Option<String>,
    qualifier: Option<String>,
    settings: String,
    subject_from_context: bool,
    subject_entity: Option<String>,
    metric_entity: Option<String>,
    sentence: String,
    span_start: i64,
    span_end: i64,
    content_hash: String,
    fields_method: String,
    current: bool,
    status: String,
    status_at: Option<Time>,
    created_at: Time,
    article_title: String,
    article_url: String,
    published_at: Time,
}

impl From<Stored> for ClaimRow {
    fn from(r: Stored) -> ClaimRow {
        ClaimRow {
            id: ClaimId::new(r.id),
            article_id: ArticleId::new(r.article_id),
            vendor: r.vendor,
            // Kinds a newer extractor no longer uses read as "other"; statuses are checked by
            // `verify-log` against the log, which only ever records vocabulary keys.
            kind: ClaimKind::parse(&r.kind).unwrap_or(ClaimKind::Other),
            subject: r.subject,
            metric: r.metric,
            value: r.value,
            value_num: r.value_num,
            unit: r.unit,
            comparison: r.comparison,
            qualifier: r.qualifier,
            settings: serde_json::from_str(&r.settings).unwrap_or_default(),
            subject_from_context: r.subject_from_context,
            subject_entity: r.subject_entity,
            metric_entity: r.metric_entity,
            sentence: r.sentence,
            span_start: r.span_start,
            span_end: r.span_end,
            content_hash: r.content_hash,
            fields_method: r.fields_method,
            current: r.current,
            status: Status::parse(&r.status).unwrap_or(Status::Unverified),
            status_at: super::time::opt(r.status_at),
            created_at: r.created_at.0,
            article_title: r.article_title,
            article_url: r.article_url,
            published_at: r.published_at.0,
        }
    }
}

const CLAIM_SELECT: &str = "SELECT c.id, c.article_id, c.vendor, c.kind, c.subject, c.metric,
       c.value, c.value_num, c.unit, c.comparison, c.qualifier, c.settings,
       c.subject_from_context, c.subject_entity, c.metric_entity, c.sentence, c.span_start,
       c.span_end, c.content_hash, c.fields_method, c.current, c.status, c.status_at,
       c.created_at, a.title AS article_title, a.url AS article_url,
       a.published_at AS published_at
     FROM claims c JOIN articles a ON a.id = c.article_id";

/// The fields of a claim as an extractor or editor wrote them.
#[derive(Debug, Clone)]
pub struct ClaimFields<'a> {
    pub kind: &'a str,
    pub subject: Option<&'a str>,
    pub metric: Option<&'a str>,
    pub value: Option<&'a str>,
    pub value_num: Option<f64>,
    pub unit: Option<&'a str>,
    pub comparison: Option<&'a str>,
    pub qualifier: Option<&'a str>,
    /// JSON array of strings.
    pub settings: String,
    pub subject_from_context: bool,
    pub subject_entity: Option<String>,
    pub metric_entity: Option<String>,
    pub sentence: &'a str,
    pub span_start: i64,
    pub span_end: i64,
    pub fields_method: &'a str,
}

/// A current claim as reconciliation compares it with a new version.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CurrentClaim {
    #[sqlx(try_from = "i64")]
    pub id: ClaimId,
    pub kind: String,
    pub subject: Option<String>,
    pub metric: Option<String>,
    pub value: Option<String>,
    pub value_num: Option<f64>,
    pub qualifier: Option<String>,
    pub settings: String,
    pub sentence: String,
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
    /// Leaves out business facts (funding, revenue, usage…), which are never claims.
    pub no_business_facts: bool,
    /// Only claims about this canonical model / on this canonical benchmark.
    pub subject_entity: Option<String>,
    pub metric_entity: Option<String>,
    pub limit: i64,
    /// Rows of the ordered list skipped before the first returned.
    pub offset: i64,
}

/// A claim whose subject or metric has no canonical entity yet.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Unresolved {
    #[sqlx(try_from = "i64")]
    pub id: ClaimId,
    pub subject: Option<String>,
    pub metric: Option<String>,
    pub subject_entity: Option<String>,
    pub metric_entity: Option<String>,
}

/// A claim waiting for the model to structure its fields.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ToRefine {
    #[sqlx(try_from = "i64")]
    pub id: ClaimId,
    pub sentence: String,
    pub kind: String,
    pub subject: Option<String>,
    pub subject_from_context: bool,
    pub metric: Option<String>,
    pub value: Option<String>,
    pub value_num: Option<f64>,
    pub unit: Option<String>,
    pub comparison: Option<String>,
}

/// The fields the model chose, as written back onto the claim, with the entities of the
/// chosen names resolved by the caller (a chosen subject is another name).
#[derive(Debug, Clone)]
pub struct RefinedFields<'a> {
    pub kind: &'a str,
    pub subject: Option<&'a str>,
    pub subject_from_context: bool,
    pub subject_entity: Option<&'a str>,
    pub metric: Option<&'a str>,
    pub metric_entity: Option<&'a str>,
    pub fields_method: &'a str,
}

/// One attempt of the model to structure a claim (see `claim_refinements`).
#[derive(Debug, Clone)]
pub struct Refinement<'a> {
    pub claim_id: ClaimId,
    pub sentence: &'a str,
    pub method: &'a str,
    pub accepted: bool,
    pub rejected: Option<&'a str>,
    pub raw: &'a str,
    pub ms: f64,
    pub at: &'a str,
}

/// An alias editors added to a canonical model or benchmark.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AliasRow {
    pub kind: String,
    pub entity_id: String,
    pub alias: String,
}

impl Tx {
    pub async fn insert_claim(
        &mut self,
        article_id: ArticleId,
        vendor: &str,
        content_hash: &str,
        f: &ClaimFields<'_>,
        now: &str,
    ) -> Result<ClaimId> {
        const SQL: &str = "INSERT INTO claims (article_id, vendor, kind, subject, metric, value,
               value_num, unit, comparison, sentence, span_start, span_end, content_hash,
               fields_method, created_at, updated_at, qualifier, settings, subject_from_context,
               subject_entity, metric_entity)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16,
               $17, $18, $19, $20)
             RETURNING id";
        Ok(on_tx!(self, c => sqlx::query_scalar(SQL)
            .bind(article_id.get())
            .bind(vendor)
            .bind(f.kind)
            .bind(f.subject)
            .bind(f.metric)
            .bind(f.value)
            .bind(f.value_num)
            .bind(f.unit)
            .bind(f.comparison)
            .bind(f.sentence)
            .bind(f.span_start)
            .bind(f.span_end)
            .bind(content_hash)
            .bind(f.fields_method)
            .bind(now)
            .bind(f.qualifier)
            .bind(&f.settings)
            .bind(f.subject_from_context)
            .bind(&f.subject_entity)
            .bind(&f.metric_entity)
            .fetch_one(&mut *c)
            .await
            .map(ClaimId::new))?)
    }

    /// Moves a claim to the sentence of a new version and makes it current again.
    pub async fn update_claim(
        &mut self,
        id: ClaimId,
        content_hash: &str,
        f: &ClaimFields<'_>,
        now: &str,
    ) -> Result<()> {
        const SQL: &str = "UPDATE claims SET sentence = $2, span_start = $3, span_end = $4,
               content_hash = $5, value = $6, value_num = $7, unit = $8, comparison = $9,
               subject = $10, metric = $11, kind = $12, fields_method = $13, current = TRUE,
               updated_at = $14, qualifier = $15, settings = $16, subject_from_context = $17,
               subject_entity = $18, metric_entity = $19
             WHERE id = $1";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(id.get())
            .bind(f.sentence)
            .bind(f.span_start)
            .bind(f.span_end)
            .bind(content_hash)
            .bind(f.value)
            .bind(f.value_num)
            .bind(f.unit)
            .bind(f.comparison)
            .bind(f.subject)
            .bind(f.metric)
            .bind(f.kind)
            .bind(f.fields_method)
            .bind(now)
            .bind(f.qualifier)
            .bind(&f.settings)
            .bind(f.subject_from_context)
            .bind(&f.subject_entity)
            .bind(&f.metric_entity)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// A later version no longer makes the claim.
    pub async fn retire_claim(&mut self, id: ClaimId, now: &str) -> Result<()> {
        const SQL: &str = "UPDATE claims SET current = FALSE, updated_at = $2 WHERE id = $1";
        on_tx!(self, c => sqlx::query(SQL).bind(id.get()).bind(now).execute(&mut *c).await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// (content hash, extractor version) of the article's last extraction.
    pub async fn last_extraction(
        &mut self,
        article_id: ArticleId,
    ) -> Result<Option<(String, i64)>> {
        const SQL: &str =
            "SELECT content_hash, extractor_version FROM claim_extractions WHERE article_id = $1";
        Ok(
            on_tx!(self, c => sqlx::query_as(SQL).bind(article_id.get()).fetch_optional(&mut *c).await)?,
        )
    }

    pub async fn record_extraction(
        &mut self,
        article_id: ArticleId,
        content_hash: &str,
        extractor_version: i64,
        now: &str,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO claim_extractions (article_id, content_hash,
               extractor_version, extracted_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT(article_id) DO UPDATE SET content_hash = excluded.content_hash,
               extractor_version = excluded.extractor_version,
               extracted_at = excluded.extracted_at";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(article_id.get())
            .bind(content_hash)
            .bind(extractor_version)
            .bind(now)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    pub async fn current_claims_of(&mut self, article_id: ArticleId) -> Result<Vec<CurrentClaim>> {
        const SQL: &str = "SELECT id, kind, subject, metric, value, value_num, qualifier,
               settings, sentence
             FROM claims WHERE article_id = $1 AND current = TRUE ORDER BY id";
        Ok(on_tx!(self, c => sqlx::query_as(SQL).bind(article_id.get()).fetch_all(&mut *c).await)?)
    }

    /// The claim's kind key, or `None` when there is no such claim.
    pub async fn claim_kind(&mut self, id: ClaimId) -> Result<Option<String>> {
        const SQL: &str = "SELECT kind FROM claims WHERE id = $1";
        Ok(on_tx!(self, c => sqlx::query_scalar(SQL).bind(id.get()).fetch_optional(&mut *c).await)?)
    }

    pub async fn claim_status(&mut self, id: ClaimId) -> Result<Option<String>> {
        const SQL: &str = "SELECT status FROM claims WHERE id = $1";
        Ok(on_tx!(self, c => sqlx::query_scalar(SQL).bind(id.get()).fetch_optional(&mut *c).await)?)
    }

    pub async fn set_claim_status(&mut self, id: ClaimId, status: Status, at: &str) -> Result<()> {
        const SQL: &str =
            "UPDATE claims SET status = $2, status_at = $3, updated_at = $3 WHERE id = $1";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(id.get())
            .bind(status.key())
            .bind(at)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Writes the model's fields, only while the claim still has the sentence it read.
    pub async fn refine_claim(
        &mut self,
        id: ClaimId,
        sentence: &str,
        f: &RefinedFields<'_>,
    ) -> Result<()> {
        const SQL: &str = "UPDATE claims SET kind = $3, subject = $4, subject_from_context = $5,
               subject_entity = $6, metric = $7, metric_entity = $8, fields_method = $9
             WHERE id = $1 AND sentence = $2";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(id.get())
            .bind(sentence)
            .bind(f.kind)
            .bind(f.subject)
            .bind(f.subject_from_context)
            .bind(f.subject_entity)
            .bind(f.metric)
            .bind(f.metric_entity)
            .bind(f.fields_method)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Forgets every model reading of a claim whose fields the rules just rewrote: what the
    /// model read were the old fields, so it reads the claim again.
    pub async fn forget_refinements(&mut self, claim: ClaimId) -> Result<()> {
        const SQL: &str = "DELETE FROM claim_refinements WHERE claim_id = $1";
        on_tx!(self, c => sqlx::query(SQL).bind(claim.get()).execute(&mut *c).await.map(|_| ()))?;
        Ok(())
    }

    /// Records a model attempt, replacing an earlier one for the same sentence and method.
    pub async fn record_refinement(&mut self, r: &Refinement<'_>) -> Result<()> {
        const DELETE: &str =
            "DELETE FROM claim_refinements WHERE claim_id = $1 AND sentence = $2 AND method = $3";
        const INSERT: &str = "INSERT INTO claim_refinements
               (claim_id, sentence, method, accepted, rejected, raw, ms, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        on_tx!(self, c => {
            sqlx::query(DELETE)
                .bind(r.claim_id.get())
                .bind(r.sentence)
                .bind(r.method)
                .execute(&mut *c)
                .await?;
            sqlx::query(INSERT)
                .bind(r.claim_id.get())
                .bind(r.sentence)
                .bind(r.method)
                .bind(r.accepted)
                .bind(r.rejected)
                .bind(r.raw)
                .bind(r.ms)
                .bind(r.at)
                .execute(&mut *c)
                .await
                .map(|d| d.rows_affected())
        })?;
        Ok(())
    }

    /// Sets a claim's entities; returns whether anything changed.
    /// Gives a claim the entities it has none of yet (one already set stays as it is);
    /// returns whether anything changed.
    pub async fn fill_claim_entities(
        &mut self,
        id: ClaimId,
        subject: Option<&str>,
        metric: Option<&str>,
    ) -> Result<bool> {
        const SQL: &str = "UPDATE claims SET subject_entity = COALESCE(subject_entity, $2),
               metric_entity = COALESCE(metric_entity, $3)
             WHERE id = $1 AND ((subject_entity IS NULL AND $2 IS NOT NULL)
                                OR (metric_entity IS NULL AND $3 IS NOT NULL))";
        let done = on_tx!(self, c => sqlx::query(SQL)
            .bind(id.get())
            .bind(subject)
            .bind(metric)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(done > 0)
    }

    /// Points every claim subject and result model linked to `from` at `to`; returns how many
    /// rows moved.
    pub async fn move_model_entity(&mut self, from: &str, to: &str) -> Result<usize> {
        const CLAIMS: &str = "UPDATE claims SET subject_entity = $2 WHERE subject_entity = $1";
        const RESULTS: &str =
            "UPDATE third_party_results SET model_entity = $2 WHERE model_entity = $1";
        let mut moved = 0;
        for sql in [CLAIMS, RESULTS] {
            moved += on_tx!(self, c => sqlx::query(sql)
                .bind(from)
                .bind(to)
                .execute(&mut *c)
                .await
                .map(|d| d.rows_affected()))?;
        }
        Ok(usize::try_from(moved).unwrap_or(usize::MAX))
    }

    pub async fn insert_alias(&mut self, a: &AliasRow, actor: &str, at: &str) -> Result<()> {
        const SQL: &str = "INSERT INTO entity_aliases (kind, entity_id, alias, added_by, added_at)
             VALUES ($1, $2, $3, $4, $5)";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(&a.kind)
            .bind(&a.entity_id)
            .bind(&a.alias)
            .bind(actor)
            .bind(at)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }
}

impl Reads {
    /// Current claims of these articles, in article then text order.
    pub async fn claims_of_articles(&self, ids: &[ArticleId]) -> Result<Vec<ClaimRow>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(IN_CHUNK) {
            let sql = format!(
                "{CLAIM_SELECT} WHERE c.current = TRUE AND c.article_id IN ({})
                 ORDER BY c.article_id, c.span_start, c.id",
                placeholders(1, chunk.len())
            );
            let rows: Vec<Stored> = on_reads!(self, p => {
                let mut q = sqlx::query_as(&sql);
                for id in chunk {
                    q = q.bind(id.get());
                }
                q.fetch_all(p).await
            })?;
            out.extend(rows.into_iter().map(ClaimRow::from));
        }
        Ok(out)
    }
}

impl Store {
    /// Claims with a subject or metric but no entity for it (read outside any write: resolving
    /// them is CPU work the write lock must not wait for).
    pub async fn unresolved_claims(&self) -> Result<Vec<Unresolved>> {
        const SQL: &str = "SELECT id, subject, metric, subject_entity, metric_entity FROM claims
             WHERE (subject IS NOT NULL AND subject_entity IS NULL)
                OR (metric IS NOT NULL AND metric_entity IS NULL)";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    pub async fn claim(&self, id: ClaimId) -> Result<Option<ClaimRow>> {
        let sql = format!("{CLAIM_SELECT} WHERE c.id = $1");
        let row: Option<Stored> =
            on_pool!(self, p => sqlx::query_as(&sql).bind(id.get()).fetch_optional(p).await)?;
        Ok(row.map(ClaimRow::from))
    }

    pub async fn claims(&self, f: &ClaimFilter) -> Result<Vec<ClaimRow>> {
        let order = if f.oldest_first {
            "a.published_at ASC, c.id ASC"
        } else {
            "a.published_at DESC, c.id ASC"
        };
        let sql = format!(
            "{CLAIM_SELECT}
             WHERE ($1 IS NULL OR c.status = $1) AND ($2 IS NULL OR lower(c.vendor) = lower($2))
               AND ($3 IS NULL OR c.kind = $3) AND ($4 IS NULL OR a.published_at >= $4)
               AND ($5 IS NULL OR a.published_at < $5) AND (NOT $6 OR c.current)
               AND (NOT $8 OR c.kind NOT IN ('business', 'other'))
               AND (NOT $11 OR c.kind <> 'business')
               AND ($9 IS NULL OR c.subject_entity = $9)
               AND ($10 IS NULL OR c.metric_entity = $10)
             ORDER BY {order} LIMIT $7 OFFSET $12"
        );
        let rows: Vec<Stored> = on_pool!(self, p => sqlx::query_as(&sql)
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
            .bind(f.no_business_facts)
            .bind(f.offset)
            .fetch_all(p)
            .await)?;
        Ok(rows.into_iter().map(ClaimRow::from).collect())
    }

    /// (vendor, status, count) over current claims (business facts are no claims).
    pub async fn claim_status_counts(&self) -> Result<Vec<(String, String, i64)>> {
        const SQL: &str = "SELECT vendor, status, COUNT(*) FROM claims
             WHERE current = TRUE AND kind <> 'business'
             GROUP BY vendor, status ORDER BY vendor, status";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// Current benchmark claims per vendor.
    pub async fn benchmark_claims_per_vendor(&self) -> Result<Vec<(String, i64)>> {
        const SQL: &str = "SELECT vendor, COUNT(*) FROM claims
             WHERE current = TRUE AND kind = 'benchmark'
             GROUP BY vendor ORDER BY vendor";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// Current benchmark claims with a value whose model and benchmark are both known
    /// entities: the ones a published result can measure.
    pub async fn measurable_claims(&self) -> Result<Vec<ClaimRow>> {
        let sql = format!(
            "{CLAIM_SELECT} WHERE c.current = TRUE AND c.kind = 'benchmark'
               AND c.value_num IS NOT NULL AND c.subject_entity IS NOT NULL
               AND c.metric_entity IS NOT NULL
             ORDER BY c.id"
        );
        let rows: Vec<Stored> = on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        Ok(rows.into_iter().map(ClaimRow::from).collect())
    }

    /// Current claims by status (for `/metrics`; business facts carry none).
    pub async fn claims_by_status(&self) -> Result<Vec<(String, i64)>> {
        const SQL: &str = "SELECT status, COUNT(*) FROM claims
             WHERE current = TRUE AND kind <> 'business'
             GROUP BY status ORDER BY status";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// Publication times of every current claim's article.
    pub async fn claim_times(&self) -> Result<Vec<String>> {
        const SQL: &str =
            "SELECT a.published_at FROM claims c JOIN articles a ON a.id = c.article_id
             WHERE c.current = TRUE AND c.kind <> 'business'";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL).fetch_all(p).await)?)
    }

    pub async fn claim_vendors(&self) -> Result<Vec<String>> {
        const SQL: &str = "SELECT DISTINCT vendor FROM claims
            WHERE kind <> 'business' ORDER BY vendor";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL).fetch_all(p).await)?)
    }

    /// (id, stored status) of every claim, for checking the log.
    pub async fn claim_statuses(&self) -> Result<Vec<(i64, String)>> {
        const SQL: &str = "SELECT id, status FROM claims ORDER BY id";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// Articles whose current version this extractor has not read.
    pub async fn pending_extraction(&self, extractor_version: i64) -> Result<Vec<ArticleId>> {
        const SQL: &str = "SELECT a.id FROM articles a
               LEFT JOIN claim_extractions e ON e.article_id = a.id
             WHERE e.article_id IS NULL OR e.content_hash != a.content_hash
                OR e.extractor_version != $1
             ORDER BY a.id";
        let ids: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(SQL).bind(extractor_version).fetch_all(p).await)?;
        Ok(ids.into_iter().map(ArticleId::new).collect())
    }

    /// (vendor, claimed, measured) for every percentage claim's independent measurement.
    pub async fn independent_measurements(&self) -> Result<Vec<(String, f64, f64)>> {
        const SQL: &str = "SELECT c.vendor, c.value_num, e.measured_num
             FROM evidence e JOIN claims c ON c.id = e.claim_id
             WHERE c.unit = '%' AND c.value_num IS NOT NULL AND e.measured_num IS NOT NULL
               AND e.relation IN ('third_party', 'community')
               AND c.kind NOT IN ('business', 'other')";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// Current claims, the only claim of their sentence, that `method` has not read yet (only
    /// `claim`, when given).
    pub async fn claims_to_refine(
        &self,
        method: &str,
        claim: Option<ClaimId>,
    ) -> Result<Vec<ToRefine>> {
        const SQL: &str = "SELECT c.id, c.sentence, c.kind, c.subject, c.subject_from_context,
               c.metric, c.value, c.value_num, c.unit, c.comparison
             FROM claims c
             WHERE c.current = TRUE AND NOT EXISTS (SELECT 1 FROM claim_refinements r
               WHERE r.claim_id = c.id AND r.sentence = c.sentence AND r.method = $1)
               AND ($2 IS NULL OR c.id = $2)
             ORDER BY c.id";
        Ok(on_pool!(self, p => sqlx::query_as(SQL)
            .bind(method)
            .bind(claim.map(ClaimId::get))
            .fetch_all(p)
            .await)?)
    }

    /// The first claim of the article at `canonical_url` whose sentence contains `needle`.
    pub async fn claim_in_sentence(
        &self,
        canonical_url: &str,
        needle: &str,
    ) -> Result<Option<ClaimId>> {
        let sql = match self.engine() {
            Engine::Sqlite => {
                "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id
                 WHERE a.canonical_url = $1 AND instr(c.sentence, $2) > 0 ORDER BY c.id LIMIT 1"
            }
            Engine::Postgres => {
                "SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id
                 WHERE a.canonical_url = $1 AND strpos(c.sentence, $2) > 0 ORDER BY c.id LIMIT 1"
            }
        };
        Ok(on_pool!(self, p => sqlx::query_scalar(sql)
            .bind(canonical_url)
            .bind(needle)
            .fetch_optional(p)
            .await
            .map(|id: Option<i64>| id.map(ClaimId::new)))?)
    }

    pub async fn entity_aliases(&self) -> Result<Vec<AliasRow>> {
        const SQL: &str = "SELECT kind, entity_id, alias FROM entity_aliases ORDER BY added_at";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// Whether this editorial seed entry was already applied.
    pub async fn seed_done(&self, seed_id: &str) -> Result<bool> {
        const SQL: &str = "SELECT seed_id FROM seed_applied WHERE seed_id = $1";
        let found: Option<String> =
            on_pool!(self, p => sqlx::query_scalar(SQL).bind(seed_id).fetch_optional(p).await)?;
        Ok(found.is_some())
    }

    pub async fn mark_seed(&self, seed_id: &str, at: &str) -> Result<()> {
        const SQL: &str = "INSERT INTO seed_applied (seed_id, applied_at) VALUES ($1, $2)
             ON CONFLICT DO NOTHING";
        on_pool!(self, p => sqlx::query(SQL).bind(seed_id).bind(at).execute(p).await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }
}
