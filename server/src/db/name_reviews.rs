//! `name_reviews`: editors' answers about claim subjects no entity list holds, and the
//! subjects still waiting for one.

use app::ids::ClaimId;

use super::{on_pool, on_tx, Result, Store, Tx};

/// An editor's answer about one name (by its folded key).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NameReviewRow {
    pub kind: String,
    pub folded: String,
    pub name: String,
    pub verdict: String,
    pub entity_id: Option<String>,
    pub vendor: Option<String>,
    pub reviewed_by: String,
    pub reviewed_at: String,
}

/// A subject as the current trackable claims write it that has no entity, with how many
/// claims name it so, the newest of them, and one vendor that wrote it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnresolvedSubject {
    pub subject: String,
    pub claims: i64,
    pub latest: i64,
    pub vendor: String,
}

impl UnresolvedSubject {
    pub fn latest_claim(&self) -> ClaimId {
        ClaimId::new(self.latest)
    }
}

impl Store {
    pub async fn name_reviews(&self) -> Result<Vec<NameReviewRow>> {
        const SQL: &str = "SELECT kind, folded, name, verdict, entity_id, vendor, reviewed_by,
               reviewed_at FROM name_reviews ORDER BY reviewed_at, folded";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// Subjects of current claims without a subject entity, business facts left out (they
    /// never carry a verification status, so naming their subject links nothing), most named
    /// first. At most `limit` distinct spellings.
    pub async fn unresolved_subjects(&self, limit: i64) -> Result<Vec<UnresolvedSubject>> {
        const SQL: &str = "SELECT subject, COUNT(*) AS claims, MAX(id) AS latest,
               MIN(vendor) AS vendor
             FROM claims
             WHERE subject IS NOT NULL AND subject_entity IS NULL AND current = TRUE
               AND kind <> 'business'
             GROUP BY subject
             ORDER BY COUNT(*) DESC, MAX(id) DESC
             LIMIT $1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(limit).fetch_all(p).await)?)
    }
}

impl Tx {
    /// Records an answer; false when the name already has one (nothing is written then).
    pub async fn insert_name_review(&mut self, r: &NameReviewRow) -> Result<bool> {
        const SQL: &str = "INSERT INTO name_reviews (kind, folded, name, verdict, entity_id,
               vendor, reviewed_by, reviewed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (kind, folded) DO NOTHING";
        let done = on_tx!(self, c => sqlx::query(SQL)
            .bind(&r.kind)
            .bind(&r.folded)
            .bind(&r.name)
            .bind(&r.verdict)
            .bind(&r.entity_id)
            .bind(&r.vendor)
            .bind(&r.reviewed_by)
            .bind(&r.reviewed_at)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(done > 0)
    }

    /// Whether an answer names this entity id already.
    pub async fn name_review_entity_taken(&mut self, kind: &str, entity_id: &str) -> Result<bool> {
        const SQL: &str = "SELECT COUNT(*) FROM name_reviews WHERE kind = $1 AND entity_id = $2";
        let n: i64 = on_tx!(self, c => sqlx::query_scalar(SQL)
            .bind(kind)
            .bind(entity_id)
            .fetch_one(&mut *c)
            .await)?;
        Ok(n > 0)
    }
}
