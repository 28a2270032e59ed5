//! Writing an article version atomically: the article, its GUID and feed link, its summary,
//! its claims with their corrections and log events, and its story fingerprint, in one
//! transaction through the data layer (`crate::db`). What goes in is computed before the
//! transaction opens (`Reading`), so the write lock is held for writing only.
//!
//! `Store` is the data layer's handle under the name the rest of the code knows it by.

use app::ids::{ArticleId, SourceId};
use chrono::{DateTime, Utc};

use crate::claims::record::record_article_version;
use crate::dates::ts;
pub use crate::db::articles::{ArticleRecord, ArticleRow, Existing};
pub use crate::db::sources::{SourceRow, SourceState};
use crate::db::summaries::Summary;
pub use crate::db::summaries::SummaryRun;
pub use crate::db::{DbError, Result, Store};
use crate::ownership::{role, speaks_for, Role};
use crate::stories::{Fingerprint, FINGERPRINT_VERSION};
use crate::summarize::{Summarizer, SummaryInput};

/// What `rec`'s source may do to the stored article `id`, read inside the write transaction.
async fn role_under_lock(
    tx: &mut crate::db::Tx,
    id: ArticleId,
    rec: &ArticleRecord,
) -> Result<Role> {
    let c = tx.claimants(id, &rec.source_id).await?;
    let home = |location: &Option<String>| {
        location
            .as_deref()
            .is_some_and(|l| speaks_for(l, &rec.canonical_url))
    };
    Ok(role(
        &rec.source_id,
        home(&c.source_location),
        &c.owner,
        home(&c.owner_location),
    ))
}

/// What was read from an article's text, computed before its write transaction opens.
#[derive(Debug, Clone)]
pub struct Reading {
    pub summary: Summary,
    pub claims: Vec<crate::claims::extract::ExtractedClaim>,
    /// The story fingerprint of the same title and text, saved with them so that no stored
    /// article waits for the after-round upkeep to be grouped into its story.
    pub fingerprint: Fingerprint,
}

impl Reading {
    /// Reads one title and text: its summary, its claims and its story fingerprint. CPU work
    /// linear in the text: callers run it off the async workers, within their budget.
    pub fn of(summarizer: &dyn Summarizer, title: &str, text: &str, language: &str) -> Reading {
        Reading {
            summary: summarizer.summarize(&SummaryInput {
                title,
                text,
                language,
            }),
            claims: crate::claims::extract::extract(text),
            fingerprint: Fingerprint::of(title, text),
        }
    }
}

/// Writes the fingerprint read with `rec`'s text, in the article's transaction.
async fn write_fingerprint(
    tx: &mut crate::db::Tx,
    id: ArticleId,
    rec: &ArticleRecord,
    fingerprint: &Fingerprint,
) -> Result<()> {
    let data = fingerprint.to_json();
    let at = crate::stories::computed_at();
    tx.save_fingerprint(id, &rec.content_hash, FINGERPRINT_VERSION, &data, &at)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Inserted(ArticleId),
    Updated(ArticleId),
    Linked(ArticleId),
}

impl Store {
    /// Inserts a new article with its summary, claims and fingerprint, or replaces the title,
    /// vendor and text of `existing` (the article the caller found at `rec.canonical_url`) when
    /// `rec`'s source may write it, else records the source as carrying it; in one transaction.
    pub async fn save_article(
        &self,
        existing: Option<ArticleId>,
        rec: &ArticleRecord,
        guid: Option<&str>,
        feed_hash: &str,
        reading: Reading,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let Reading {
            summary,
            claims,
            fingerprint,
        } = reading;
        let now_s = ts(now);
        // The claim log appended below must not race another writer.
        let mut tx = self.begin_write().await?;
        let (id, inserted) = match existing {
            Some(id) => (id, false),
            None => match tx.insert_article(rec, &now_s).await? {
                Some(id) => (id, true),
                // Another feed stored the same address a moment ago.
                None => (tx.article_id_by_url(&rec.canonical_url).await?, false),
            },
        };
        if !inserted {
            // Decided again under the write lock: feeds are read concurrently, and another may
            // have stored or taken over the article since this entry was looked up. Only the
            // owner, or the address's own site's feed over an outlet, writes; others link.
            if role_under_lock(&mut tx, id, rec).await? == Role::Coverage {
                tx.link_seen(id, &rec.source_id, guid, feed_hash, &now_s)
                    .await?;
                tx.commit().await?;
                return Ok(Saved::Linked(id));
            }
            tx.update_article(id, rec, &now_s).await?;
        }
        tx.link_seen(id, &rec.source_id, guid, feed_hash, &now_s)
            .await?;
        tx.write_summary(id, &summary, &rec.content_hash, &now_s)
            .await?;
        tx.keep_version(id, rec, &now_s).await?;
        write_fingerprint(&mut tx, id, rec, &fingerprint).await?;
        record_article_version(&mut tx, id, &rec.vendor, claims, &rec.content_hash, &now_s).await?;
        tx.commit().await?;
        Ok(if inserted {
            Saved::Inserted(id)
        } else {
            Saved::Updated(id)
        })
    }

    /// Puts back an article's address, owner and vendor, and, when a kept version is given, its
    /// title and text (with their summary, claims and fingerprint, as ingestion writes a
    /// version); logs every change in `ownership_repairs`, all in one transaction. `reread`
    /// names the source whose next reading writes the text again, `dropped` the source that no
    /// longer carries the article.
    pub async fn repair_article(
        &self,
        id: ArticleId,
        (url, owner, vendor): (&str, &SourceId, &str),
        restored: Option<(ArticleRecord, Reading)>,
        (reread, dropped): (Option<&SourceId>, Option<&SourceId>),
        repairs: &[crate::db::ownership::Repair],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let now_s = ts(now);
        let mut tx = self.begin_write().await?;
        match restored {
            Some((
                rec,
                Reading {
                    summary,
                    claims,
                    fingerprint,
                },
            )) => {
                tx.update_article(id, &rec, &now_s).await?;
                tx.write_summary(id, &summary, &rec.content_hash, &now_s)
                    .await?;
                tx.keep_version(id, &rec, &now_s).await?;
                write_fingerprint(&mut tx, id, &rec, &fingerprint).await?;
                record_article_version(&mut tx, id, &rec.vendor, claims, &rec.content_hash, &now_s)
                    .await?;
            }
            None => tx.reassign_article(id, url, owner, vendor, &now_s).await?,
        }
        if let Some(source_id) = reread {
            tx.forget_entry(id, source_id).await?;
        }
        if let Some(source_id) = dropped {
            tx.drop_carrier(id, source_id).await?;
        }
        for r in repairs {
            tx.log_repair(r, &now_s).await?;
        }
        tx.commit().await
    }

    /// Replaces only the summary (when the summarizer changed but the article did not).
    pub async fn save_summary(
        &self,
        article_id: ArticleId,
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
