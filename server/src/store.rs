//! Writing an article version atomically: the article, its GUID and feed link, its summary,
//! its claims with their corrections and log events, in one transaction through the data
//! layer (`crate::db`). What goes in is computed before the transaction opens (`Reading`), so
//! the write lock is held for writing only.
//!
//! `Store` is the data layer's handle under the name the rest of the code knows it by.

use chrono::{DateTime, Utc};

use crate::claims::record::record_article_version;
use crate::dates::ts;
pub use crate::db::articles::{ArticleRecord, ArticleRow, Existing};
pub use crate::db::sources::{SourceRow, SourceState};
pub use crate::db::summaries::SummaryRun;
pub use crate::db::{Db as Store, DbError, Result};
use crate::summarize::Summary;

/// What was read from an article's text, computed before its write transaction opens.
#[derive(Debug, Clone)]
pub struct Reading {
    pub summary: Summary,
    pub claims: Vec<crate::claims::extract::ExtractedClaim>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Inserted(i64),
    Updated(i64),
    Linked(i64),
}

impl Store {
    /// Inserts a new article with its summary and claims, or replaces the content of
    /// `existing`, in one transaction.
    pub async fn save_article(
        &self,
        existing: Option<i64>,
        rec: &ArticleRecord,
        guid: Option<&str>,
        feed_hash: &str,
        reading: Reading,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let Reading { summary, claims } = reading;
        let now_s = ts(now);
        // The claim log appended below must not race another writer.
        let mut tx = self.begin_write().await?;
        let id = match existing {
            Some(id) => {
                tx.update_article(id, rec, &now_s).await?;
                id
            }
            None => match tx.insert_article(rec, &now_s).await? {
                Some(id) => id,
                None => {
                    // Another feed stored the same post a moment ago: link, don't overwrite.
                    let id = tx.article_id_by_url(&rec.canonical_url).await?;
                    tx.link_seen(id, &rec.source_id, guid, feed_hash, &now_s)
                        .await?;
                    tx.commit().await?;
                    return Ok(Saved::Linked(id));
                }
            },
        };
        tx.link_seen(id, &rec.source_id, guid, feed_hash, &now_s)
            .await?;
        tx.write_summary(id, &summary, &rec.content_hash, &now_s)
            .await?;
        record_article_version(&mut tx, id, &rec.vendor, claims, &rec.content_hash, &now_s).await?;
        tx.commit().await?;
        Ok(match existing {
            Some(_) => Saved::Updated(id),
            None => Saved::Inserted(id),
        })
    }

    /// Replaces only the summary (when the summarizer changed but the article did not).
    pub async fn save_summary(
        &self,
        article_id: i64,
        summary: &Summary,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_immediate().await?;
        let Some(hash) = tx.content_hash(article_id).await? else {
            return Ok(());
        };
        tx.write_summary(article_id, summary, &hash, &ts(now))
            .await?;
        tx.commit().await
    }

    /// Records a model run and, when it produced a summary worth showing, that summary — in one
    /// transaction, and only if the article still has the text the model read.
    pub async fn save_model_run(
        &self,
        run: &SummaryRun,
        summary: Option<&Summary>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let now_s = ts(now);
        let mut tx = self.begin_immediate().await?;
        if tx.content_hash(run.article_id).await?.as_deref() != Some(run.content_hash.as_str()) {
            // The article changed while the model was reading it; the next run redoes it.
            return Ok(false);
        }
        tx.record_run(run, &now_s).await?;
        if let Some(summary) = summary {
            tx.write_summary(run.article_id, summary, &run.content_hash, &now_s)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
