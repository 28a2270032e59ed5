//! `articles`, `article_guids`, `article_sources` and `article_versions`: what was published,
//! under which GUIDs and in which feeds, and every version of its text.

use app::ids::{ArticleId, SourceId};
use chrono::{DateTime, Utc};

use super::time::Time;
use super::{on_pool, on_reads, on_tx, Reads, Result, Store, Tx};
use crate::dates::{parse_ts, ts};

/// An article already stored at a canonical URL, as one source sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Existing {
    #[sqlx(try_from = "i64")]
    pub id: ArticleId,
    pub content_hash: String,
    pub summary_method: Option<String>,
    /// The entry hash this source last carried, if this source carries the article.
    pub feed_hash: Option<String>,
    pub linked_to_source: bool,
    /// The source that wrote its title, vendor and text, and where that source is read from.
    #[sqlx(try_from = "String")]
    pub owner: SourceId,
    pub owner_location: Option<String>,
}

/// An article's owner, and where it and another source are read from (`sources.location`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimants {
    #[sqlx(try_from = "String")]
    pub owner: SourceId,
    pub owner_location: Option<String>,
    pub source_location: Option<String>,
}

/// An article ready to be written.
#[derive(Debug, Clone)]
pub struct ArticleRecord {
    pub canonical_url: String,
    pub url: String,
    pub source_id: SourceId,
    pub vendor: String,
    pub title: String,
    pub language: String,
    pub published_at: DateTime<Utc>,
    pub date_estimated: bool,
    pub content_html: String,
    pub content_text: String,
    pub content_hash: String,
    pub text_origin: &'static str,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleRow {
    #[sqlx(try_from = "i64")]
    pub id: ArticleId,
    pub canonical_url: String,
    pub url: String,
    #[sqlx(try_from = "String")]
    pub source_id: SourceId,
    pub vendor: String,
    pub title: String,
    pub language: String,
    #[sqlx(try_from = "Time")]
    pub published_at: DateTime<Utc>,
    pub date_estimated: bool,
    #[sqlx(try_from = "Time")]
    pub fetched_at: DateTime<Utc>,
    #[sqlx(try_from = "Time")]
    pub updated_at: DateTime<Utc>,
    pub content_html: String,
    pub content_text: String,
    pub content_hash: String,
    pub text_origin: String,
}

/// An article as a digest lists it (no text: a day's page needs titles, not bodies).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Listing {
    #[sqlx(try_from = "i64")]
    pub id: ArticleId,
    pub url: String,
    pub vendor: String,
    pub title: String,
    pub language: String,
    #[sqlx(try_from = "Time")]
    pub published_at: DateTime<Utc>,
    pub date_estimated: bool,
    /// The vendor of the source that carried it: another than `vendor` for a guest post.
    pub host: String,
    /// An editor's standing decision about its place in the digest (`story_placements`).
    pub placement: Option<String>,
    /// Its story fingerprint (JSON), when one of the version asked for was computed from its
    /// current text.
    pub fingerprint: Option<String>,
}

/// The publication times around a day: the last before it and the first after it.
#[derive(Debug, Clone, Default)]
pub struct Neighbours {
    pub before: Option<DateTime<Utc>>,
    pub after: Option<DateTime<Utc>>,
}

/// What claim extraction reads of a stored article.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleText {
    pub vendor: String,
    pub content_text: String,
    pub content_hash: String,
}

/// One stored version of an article's text.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Version {
    pub content_hash: String,
    #[sqlx(try_from = "Time")]
    pub first_seen: DateTime<Utc>,
    #[sqlx(try_from = "Time")]
    pub last_seen: DateTime<Utc>,
}

const ARTICLE_COLUMNS: &str = "id, canonical_url, url, source_id, vendor, title, language, \
    published_at, date_estimated, fetched_at, updated_at, content_html, content_text, content_hash, \
    text_origin";

impl Tx {
    /// Inserts a new article; None when another feed stored the same canonical URL first.
    pub async fn insert_article(
        &mut self,
        rec: &ArticleRecord,
        now: &str,
    ) -> Result<Option<ArticleId>> {
        const SQL: &str = "INSERT INTO articles (canonical_url, url, source_id, vendor, title,
               language, published_at, date_estimated, fetched_at, updated_at, content_html,
               content_text, content_hash, text_origin)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13)
             ON CONFLICT(canonical_url) DO NOTHING
             RETURNING id";
        Ok(on_tx!(self, c => sqlx::query_scalar(SQL)
            .bind(&rec.canonical_url)
            .bind(&rec.url)
            .bind(rec.source_id.as_str())
            .bind(&rec.vendor)
            .bind(&rec.title)
            .bind(&rec.language)
            .bind(ts(rec.published_at))
            .bind(rec.date_estimated)
            .bind(now)
            .bind(&rec.content_html)
            .bind(&rec.content_text)
            .bind(&rec.content_hash)
            .bind(rec.text_origin)
            .fetch_optional(&mut *c)
            .await
            .map(|id: Option<i64>| id.map(ArticleId::new)))?)
    }

    /// Replaces an article's title, vendor and text, and who wrote them. Its canonical URL never
    /// changes; `rec.url` is an address of that same canonical URL.
    pub async fn update_article(
        &mut self,
        id: ArticleId,
        rec: &ArticleRecord,
        now: &str,
    ) -> Result<()> {
        const SQL: &str = "UPDATE articles SET url = $2, title = $3, content_html = $4,
               content_text = $5, content_hash = $6, text_origin = $7, updated_at = $8,
               source_id = $9, vendor = $10
             WHERE id = $1";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(id.get())
            .bind(&rec.url)
            .bind(&rec.title)
            .bind(&rec.content_html)
            .bind(&rec.content_text)
            .bind(&rec.content_hash)
            .bind(rec.text_origin)
            .bind(now)
            .bind(rec.source_id.as_str())
            .bind(&rec.vendor)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Who owns the article, and where the owner and `source_id` are read from.
    pub async fn claimants(
        &mut self,
        article_id: ArticleId,
        source_id: &SourceId,
    ) -> Result<Claimants> {
        const SQL: &str = "SELECT a.source_id AS owner,
                (SELECT location FROM sources WHERE id = a.source_id) AS owner_location,
                (SELECT location FROM sources WHERE id = $2) AS source_location
             FROM articles a WHERE a.id = $1";
        Ok(on_tx!(self, c => sqlx::query_as(SQL)
            .bind(article_id.get())
            .bind(source_id.as_str())
            .fetch_one(&mut *c)
            .await)?)
    }

    /// The id of the article stored under this canonical URL (which must exist).
    pub async fn article_id_by_url(&mut self, canonical_url: &str) -> Result<ArticleId> {
        const SQL: &str = "SELECT id FROM articles WHERE canonical_url = $1";
        Ok(on_tx!(self, c => sqlx::query_scalar(SQL)
            .bind(canonical_url)
            .fetch_one(&mut *c)
            .await
            .map(ArticleId::new))?)
    }

    /// The article's current content hash (None when it is gone).
    pub async fn content_hash(&mut self, article_id: ArticleId) -> Result<Option<String>> {
        const SQL: &str = "SELECT content_hash FROM articles WHERE id = $1";
        Ok(on_tx!(self, c => sqlx::query_scalar(SQL)
            .bind(article_id.get())
            .fetch_optional(&mut *c)
            .await)?)
    }

    /// Records that `source_id` carried the article under `guid` with this entry hash. When
    /// the GUID named another article in this feed before, the entry has moved: the feed no
    /// longer carries that article (unless another of its GUIDs still names it), and the old
    /// article itself is left as it is.
    pub async fn link_seen(
        &mut self,
        article_id: ArticleId,
        source_id: &SourceId,
        guid: Option<&str>,
        feed_hash: &str,
        now: &str,
    ) -> Result<()> {
        const LINK: &str = "INSERT INTO article_sources (article_id, source_id, first_seen,
               feed_hash) VALUES ($1, $2, $3, $4)
             ON CONFLICT(article_id, source_id) DO UPDATE SET feed_hash = excluded.feed_hash";
        const NAMED: &str =
            "SELECT article_id FROM article_guids WHERE source_id = $1 AND guid = $2";
        const GUID: &str = "INSERT INTO article_guids (source_id, guid, article_id)
             VALUES ($1, $2, $3)
             ON CONFLICT(source_id, guid) DO UPDATE SET article_id = excluded.article_id";
        const UNLINK: &str = "DELETE FROM article_sources WHERE article_id = $1 AND source_id = $2
               AND NOT EXISTS (SELECT 1 FROM article_guids
                               WHERE source_id = $2 AND article_id = $1)";
        let source_id = source_id.as_str();
        on_tx!(self, c => {
            sqlx::query(LINK)
                .bind(article_id.get())
                .bind(source_id)
                .bind(now)
                .bind(feed_hash)
                .execute(&mut *c)
                .await?;
            if let Some(g) = guid {
                let before: Option<i64> = sqlx::query_scalar(NAMED)
                    .bind(source_id)
                    .bind(g)
                    .fetch_optional(&mut *c)
                    .await?;
                sqlx::query(GUID)
                    .bind(source_id)
                    .bind(g)
                    .bind(article_id.get())
                    .execute(&mut *c)
                    .await?;
                if let Some(moved_from) = before.filter(|&b| b != article_id.get()) {
                    sqlx::query(UNLINK)
                        .bind(moved_from)
                        .bind(source_id)
                        .execute(&mut *c)
                        .await?;
                }
            }
            Ok::<(), sqlx::Error>(())
        })?;
        Ok(())
    }

    /// Notes that this version of the article's text was seen now.
    pub async fn record_version(
        &mut self,
        article_id: ArticleId,
        content_hash: &str,
        now: &str,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO article_versions (article_id, content_hash, first_seen,
               last_seen) VALUES ($1, $2, $3, $3)
             ON CONFLICT(article_id, content_hash) DO UPDATE SET last_seen = excluded.last_seen";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(article_id.get())
            .bind(content_hash)
            .bind(now)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Keeps what this version of the article was when a source wrote it (who, from which
    /// address, title, vendor and text), so a damaged article can be put back from it. A
    /// version first written before versions kept their text gets it now.
    pub async fn keep_version(
        &mut self,
        article_id: ArticleId,
        rec: &ArticleRecord,
        now: &str,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO article_versions (article_id, content_hash, first_seen,
               last_seen, source_id, url, vendor, title, content_html, content_text, text_origin)
             VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT(article_id, content_hash) DO UPDATE SET last_seen = excluded.last_seen,
               source_id = COALESCE(article_versions.source_id, excluded.source_id),
               url = COALESCE(article_versions.url, excluded.url),
               vendor = COALESCE(article_versions.vendor, excluded.vendor),
               title = COALESCE(article_versions.title, excluded.title),
               content_html = COALESCE(article_versions.content_html, excluded.content_html),
               content_text = COALESCE(article_versions.content_text, excluded.content_text),
               text_origin = COALESCE(article_versions.text_origin, excluded.text_origin)";
        on_tx!(self, c => sqlx::query(SQL)
            .bind(article_id.get())
            .bind(&rec.content_hash)
            .bind(now)
            .bind(rec.source_id.as_str())
            .bind(&rec.url)
            .bind(&rec.vendor)
            .bind(&rec.title)
            .bind(&rec.content_html)
            .bind(&rec.content_text)
            .bind(rec.text_origin)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }
}

impl Reads {
    pub async fn latest_published(&self) -> Result<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT MAX(published_at) FROM articles";
        let t: Option<String> = on_reads!(self, p => sqlx::query_scalar(SQL).fetch_one(p).await)?;
        Ok(t.as_deref().and_then(parse_ts))
    }

    /// The articles published in `[from, to)` as a digest lists them, oldest first, each with
    /// its placement and its current fingerprint of `fingerprint_version`: one query, where a
    /// list of the day's ids bound into two more cost a render as much as the rows they read.
    pub async fn listings_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        fingerprint_version: i64,
    ) -> Result<Vec<Listing>> {
        const SQL: &str = "SELECT a.id, a.url, a.vendor, a.title, a.language, a.published_at,
               a.date_estimated, COALESCE(s.vendor, a.vendor) AS host, p.placement,
               f.data AS fingerprint
             FROM articles a LEFT JOIN sources s ON s.id = a.source_id
               LEFT JOIN story_placements p ON p.article_id = a.id
               LEFT JOIN article_fingerprints f ON f.article_id = a.id
                 AND f.content_hash = a.content_hash AND f.version = $3
             WHERE a.published_at >= $1 AND a.published_at < $2
             ORDER BY a.published_at, a.id";
        Ok(on_reads!(self, p => sqlx::query_as(SQL)
            .bind(ts(from))
            .bind(ts(to))
            .bind(fingerprint_version)
            .fetch_all(p)
            .await)?)
    }

    /// The last publication before `from` and the first at or after `to`, in one query.
    pub async fn neighbours(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Neighbours> {
        const SQL: &str = "SELECT (SELECT MAX(published_at) FROM articles WHERE published_at < $1),
                (SELECT MIN(published_at) FROM articles WHERE published_at >= $2)";
        let (before, after): (Option<String>, Option<String>) = on_reads!(self, p => sqlx::query_as(SQL)
            .bind(ts(from))
            .bind(ts(to))
            .fetch_one(p)
            .await)?;
        Ok(Neighbours {
            before: before.as_deref().and_then(parse_ts),
            after: after.as_deref().and_then(parse_ts),
        })
    }
}

impl Store {
    /// The article stored at this canonical URL, as `source_id` sees it. A GUID never finds
    /// an article: an entry that moved its GUID to another address is about that address.
    pub async fn find_existing(
        &self,
        canonical: &str,
        source_id: &SourceId,
    ) -> Result<Option<Existing>> {
        const SQL: &str = "SELECT a.id, a.content_hash, s.method AS summary_method, x.feed_hash,
                x.source_id IS NOT NULL AS linked_to_source, a.source_id AS owner,
                o.location AS owner_location
             FROM articles a
               LEFT JOIN summaries s ON s.article_id = a.id
               LEFT JOIN article_sources x ON x.article_id = a.id AND x.source_id = $2
               LEFT JOIN sources o ON o.id = a.source_id
             WHERE a.canonical_url = $1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL)
            .bind(canonical)
            .bind(source_id.as_str())
            .fetch_optional(p)
            .await)?)
    }

    /// Records that a source carried an article, in its own transaction.
    pub async fn link_seen(
        &self,
        article_id: ArticleId,
        source_id: &SourceId,
        guid: Option<&str>,
        feed_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.link_seen(article_id, source_id, guid, feed_hash, &ts(now))
            .await?;
        tx.commit().await
    }

    pub async fn article(&self, id: ArticleId) -> Result<Option<ArticleRow>> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = $1");
        Ok(on_pool!(self, p => sqlx::query_as(&sql).bind(id.get()).fetch_optional(p).await)?)
    }

    pub async fn article_text(&self, id: ArticleId) -> Result<Option<ArticleText>> {
        const SQL: &str = "SELECT vendor, content_text, content_hash FROM articles WHERE id = $1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(id.get()).fetch_optional(p).await)?)
    }

    /// Articles published in `[from, to)`, oldest first.
    pub async fn articles_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ArticleRow>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles
             WHERE published_at >= $1 AND published_at < $2 ORDER BY published_at, id"
        );
        Ok(on_pool!(self, p => sqlx::query_as(&sql)
            .bind(ts(from))
            .bind(ts(to))
            .fetch_all(p)
            .await)?)
    }

    pub async fn all_published(&self) -> Result<Vec<DateTime<Utc>>> {
        const SQL: &str = "SELECT published_at FROM articles";
        let rows: Vec<String> = on_pool!(self, p => sqlx::query_scalar(SQL).fetch_all(p).await)?;
        Ok(rows.iter().filter_map(|s| parse_ts(s)).collect())
    }

    pub async fn count_articles(&self) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM articles";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL).fetch_one(p).await)?)
    }

    pub async fn versions_of(&self, article_id: ArticleId) -> Result<Vec<Version>> {
        const SQL: &str = "SELECT content_hash, first_seen, last_seen FROM article_versions
             WHERE article_id = $1 ORDER BY first_seen";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(article_id.get()).fetch_all(p).await)?)
    }
}
