//! `evidence`, `suggestion_dismissals` (articles) and `result_dismissals` (third-party
//! results): what editors linked to a claim, and the suggestions they turned down.

use app::ids::{ArticleId, ClaimId, ResultId};
use app::vocab::{EvidenceKind, Relation, Verdict};
use chrono::{DateTime, Utc};

use super::{on_pool, on_tx, Result, Store, Tx};

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
    /// The third-party result this evidence was accepted from, if any. A plain number, as
    /// `article_id`: the claim log hashes it (`claims::record`).
    pub result_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct EvidenceRow {
    pub id: i64,
    pub claim_id: i64,
    pub ev: NewEvidence,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

/// The row as stored: vocabulary columns are text.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredEvidence {
    pub id: i64,
    pub claim_id: i64,
    pub url: String,
    pub title: String,
    pub organisation: String,
    pub kind: String,
    pub relation: String,
    pub verdict: String,
    pub measured_value: Option<String>,
    pub measured_num: Option<f64>,
    pub interval: Option<String>,
    pub settings: Option<String>,
    pub note: Option<String>,
    pub article_id: Option<i64>,
    pub result_id: Option<i64>,
    pub added_by: String,
    pub added_at: String,
}

impl From<StoredEvidence> for EvidenceRow {
    fn from(r: StoredEvidence) -> EvidenceRow {
        EvidenceRow {
            id: r.id,
            claim_id: r.claim_id,
            ev: NewEvidence {
                url: r.url,
                title: r.title,
                organisation: r.organisation,
                kind: EvidenceKind::parse(&r.kind).unwrap_or(EvidenceKind::Commentary),
                relation: Relation::parse(&r.relation).unwrap_or(Relation::ThirdParty),
                verdict: Verdict::parse(&r.verdict).unwrap_or(Verdict::Context),
                measured_value: r.measured_value,
                measured_num: r.measured_num,
                interval: r.interval,
                settings: r.settings,
                note: r.note,
                article_id: r.article_id,
                result_id: r.result_id,
            },
            added_by: r.added_by,
            // Logged as text; a row whose time is not one is reported by `verify-log`.
            added_at: crate::dates::parse_ts(&r.added_at).unwrap_or_default(),
        }
    }
}

const EVIDENCE_COLUMNS: &str = "id, claim_id, url, title, organisation, kind, relation, verdict,
    measured_value, measured_num, interval, settings, note, article_id, result_id, added_by,
    added_at";

/// A suggestion an editor turns down.
#[derive(Debug, Clone, Copy)]
pub enum Suggested {
    Article(ArticleId),
    Result(ResultId),
}

impl Tx {
    pub async fn claim_exists(&mut self, id: ClaimId) -> Result<bool> {
        const SQL: &str = "SELECT id FROM claims WHERE id = $1";
        let found: Option<i64> = on_tx!(self, c => sqlx::query_scalar(SQL).bind(id.get()).fetch_optional(&mut *c).await)?;
        Ok(found.is_some())
    }

    pub async fn insert_evidence(
        &mut self,
        claim_id: ClaimId,
        ev: &NewEvidence,
        actor: &str,
        at: &str,
    ) -> Result<i64> {
        const SQL: &str = "INSERT INTO evidence (claim_id, url, title, organisation, kind,
               relation, verdict, measured_value, measured_num, interval, settings, note,
               article_id, added_by, added_at, result_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             RETURNING id";
        Ok(on_tx!(self, c => sqlx::query_scalar(SQL)
            .bind(claim_id.get())
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
            .fetch_one(&mut *c)
            .await)?)
    }

    pub async fn evidence_belongs(&mut self, evidence_id: i64, claim_id: ClaimId) -> Result<bool> {
        const SQL: &str = "SELECT id FROM evidence WHERE id = $1 AND claim_id = $2";
        let found: Option<i64> = on_tx!(self, c => sqlx::query_scalar(SQL)
            .bind(evidence_id)
            .bind(claim_id.get())
            .fetch_optional(&mut *c)
            .await)?;
        Ok(found.is_some())
    }

    /// Records a dismissal; false when the suggestion does not exist or was dismissed before.
    pub async fn dismiss(
        &mut self,
        claim_id: ClaimId,
        what: Suggested,
        actor: &str,
        at: &str,
    ) -> Result<bool> {
        let (sql, id) = match what {
            Suggested::Article(id) => (
                "INSERT INTO suggestion_dismissals (claim_id, article_id, dismissed_by,
                   dismissed_at)
                 SELECT $1, id, $3, $4 FROM articles WHERE id = $2 ON CONFLICT DO NOTHING",
                id.get(),
            ),
            Suggested::Result(id) => (
                "INSERT INTO result_dismissals (claim_id, result_id, dismissed_by, dismissed_at)
                 SELECT $1, id, $3, $4 FROM third_party_results WHERE id = $2
                 ON CONFLICT DO NOTHING",
                id.get(),
            ),
        };
        let inserted = on_tx!(self, c => sqlx::query(sql)
            .bind(claim_id.get())
            .bind(id)
            .bind(actor)
            .bind(at)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(inserted > 0)
    }
}

impl Store {
    pub async fn evidence_of(&self, claim_id: ClaimId) -> Result<Vec<EvidenceRow>> {
        let sql =
            format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE claim_id = $1 ORDER BY id");
        let rows: Vec<StoredEvidence> =
            on_pool!(self, p => sqlx::query_as(&sql).bind(claim_id.get()).fetch_all(p).await)?;
        Ok(rows.into_iter().map(EvidenceRow::from).collect())
    }

    /// Every evidence row as stored, for checking it against the log.
    pub async fn all_evidence(&self) -> Result<Vec<StoredEvidence>> {
        let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM evidence ORDER BY id");
        Ok(on_pool!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?)
    }

    /// The id of the claim's evidence with this URL.
    pub async fn evidence_by_url(&self, claim_id: ClaimId, url: &str) -> Result<Option<i64>> {
        const SQL: &str = "SELECT id FROM evidence WHERE claim_id = $1 AND url = $2";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL)
            .bind(claim_id.get())
            .bind(url)
            .fetch_optional(p)
            .await)?)
    }

    /// Articles already dismissed or accepted as evidence for this claim.
    pub async fn handled_suggestions(&self, claim_id: ClaimId) -> Result<Vec<ArticleId>> {
        const SQL: &str = "SELECT article_id FROM suggestion_dismissals WHERE claim_id = $1
             UNION SELECT article_id FROM evidence WHERE claim_id = $1 AND article_id IS NOT NULL";
        let ids: Vec<i64> =
            on_pool!(self, p => sqlx::query_scalar(SQL).bind(claim_id.get()).fetch_all(p).await)?;
        Ok(ids.into_iter().map(ArticleId::new).collect())
    }

    /// Third-party results already accepted as evidence for, or dismissed from, this claim.
    pub async fn handled_results(&self, claim_id: ClaimId) -> Result<Vec<ResultId>> {
        const SQL: &str = "SELECT result_id FROM result_dismissals WHERE claim_id = $1
             UNION SELECT result_id FROM evidence WHERE claim_id = $1 AND result_id IS NOT NULL";
        let ids: Vec<i64> =
            on_pool!(self, p => sqlx::query_scalar(SQL).bind(claim_id.get()).fetch_all(p).await)?;
        Ok(ids.into_iter().map(ResultId::new).collect())
    }
}
