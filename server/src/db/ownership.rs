//! What `proofwire repair-ownership` reads (every article's address, owner and vendor, the
//! sources that carry it, the versions kept of its text) and writes (the article's address,
//! owner and vendor, and `ownership_repairs`, the append-only log of every change it made).

use app::ids::{ArticleId, SourceId};

use super::time::Time;
use super::{on_pool, on_tx, Result, Store, Tx};
use chrono::{DateTime, Utc};

/// An article as the repair judges it (no text).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Held {
    #[sqlx(try_from = "i64")]
    pub id: ArticleId,
    pub canonical_url: String,
    pub url: String,
    #[sqlx(try_from = "String")]
    pub owner: SourceId,
    pub vendor: String,
    pub title: String,
    pub content_hash: String,
}

/// A source that carries an article, and where it is read from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Carrier {
    #[sqlx(try_from = "i64")]
    pub article_id: ArticleId,
    #[sqlx(try_from = "String")]
    pub source_id: SourceId,
    pub location: Option<String>,
    pub vendor: Option<String>,
    pub first_seen: String,
}

/// A version of an article whose text was kept (versions written since migration 018).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeptVersion {
    pub content_hash: String,
    #[sqlx(try_from = "String")]
    pub source_id: SourceId,
    pub url: String,
    pub vendor: String,
    pub title: String,
    pub content_html: String,
    pub content_text: String,
    pub text_origin: String,
    #[sqlx(try_from = "Time")]
    pub last_seen: DateTime<Utc>,
}

/// One logged change of one field of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub article_id: ArticleId,
    pub field: &'static str,
    pub before: String,
    pub after: String,
    pub reason: String,
}

impl Store {
    pub async fn held_articles(&self) -> Result<Vec<Held>> {
        const SQL: &str = "SELECT id, canonical_url, url, source_id AS owner, vendor, title,
               content_hash FROM articles ORDER BY id";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    pub async fn carriers(&self) -> Result<Vec<Carrier>> {
        const SQL: &str = "SELECT x.article_id, x.source_id, s.location, s.vendor, x.first_seen
             FROM article_sources x LEFT JOIN sources s ON s.id = x.source_id
             ORDER BY x.article_id, x.first_seen, x.source_id";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// The versions of an article whose text was kept, newest last.
    pub async fn kept_versions(&self, article_id: ArticleId) -> Result<Vec<KeptVersion>> {
        const SQL: &str = "SELECT content_hash, source_id, url, vendor, title, content_html,
               content_text, text_origin, last_seen
             FROM article_versions
             WHERE article_id = $1 AND source_id IS NOT NULL AND url IS NOT NULL
               AND vendor IS NOT NULL AND title IS NOT NULL AND content_html IS NOT NULL
               AND content_text IS NOT NULL AND text_origin IS NOT NULL
             ORDER BY last_seen, first_seen";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(article_id.get()).fetch_all(p).await)?)
    }

    pub async fn count_repairs(&self) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM ownership_repairs";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL).fetch_one(p).await)?)
    }
}

impl Tx {
    /// Puts back an article's address, owner and vendor (its text is left as it is).
    pub async fn reassign_article(
        &mut self,
        id: ArticleId,
        url: &str,
        owner: &SourceId,
        vendor: &str,
        now: &str,
    ) -> Result<()> {
        const SQL: &str =
            "UPDATE articles SET url = $2, source_id = $3, vendor = $4, updated_at = $5
             WHERE id = $1";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(id.get())
            .bind(url)
            .bind(owner.as_str())
            .bind(vendor)
            .bind(now)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Makes `source_id`'s next reading of the article's entry write it again: forgets the
    /// entry hash it last carried, and its feed's validators (an unchanged feed would answer
    /// 304 and never be read).
    pub async fn forget_entry(
        &mut self,
        article_id: ArticleId,
        source_id: &SourceId,
    ) -> Result<()> {
        const ENTRY: &str = "UPDATE article_sources SET feed_hash = NULL
             WHERE article_id = $1 AND source_id = $2";
        on_tx!(self, c => sqlx::query(ENTRY)
            .bind(article_id.get())
            .bind(source_id.as_str())
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        self.forget_validators(source_id).await
    }

    /// `source_id` no longer carries the article (its entry links another address now): its
    /// link and the GUIDs that named the article go, and its feed is read in full next time,
    /// which stores the address its entry links now as an article of its own.
    pub async fn drop_carrier(
        &mut self,
        article_id: ArticleId,
        source_id: &SourceId,
    ) -> Result<()> {
        const LINK: &str = "DELETE FROM article_sources WHERE article_id = $1 AND source_id = $2";
        const GUIDS: &str = "DELETE FROM article_guids WHERE article_id = $1 AND source_id = $2";
        on_tx!(self, c => {
            for sql in [LINK, GUIDS] {
                sqlx::query(sql)
                    .bind(article_id.get())
                    .bind(source_id.as_str())
                    .execute(&mut *c)
                    .await?;
            }
            Ok::<(), sqlx::Error>(())
        })?;
        self.forget_validators(source_id).await
    }

    async fn forget_validators(&mut self, source_id: &SourceId) -> Result<()> {
        const SQL: &str = "UPDATE sources SET etag = NULL, last_modified = NULL WHERE id = $1";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(source_id.as_str())
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    pub async fn log_repair(&mut self, r: &Repair, now: &str) -> Result<()> {
        const SQL: &str = "INSERT INTO ownership_repairs (article_id, field, before, after,
               reason, at) VALUES ($1, $2, $3, $4, $5, $6)";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(r.article_id.get())
            .bind(r.field)
            .bind(&r.before)
            .bind(&r.after)
            .bind(&r.reason)
            .bind(now)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }
}
