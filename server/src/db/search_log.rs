//! `search_log`, and the article rows the search index is built from. Triggers fill the log
//! (see the migrations), so no write path can forget the index.

use app::ids::{ArticleId, SourceId};
use chrono::{DateTime, Utc};

use super::time::Time;
use super::{on_pool, placeholders, Engine, Result, Store, IN_CHUNK};
use crate::dates::ts;

/// An article as the index stores it: its text, its summary in reading order, and the
/// distinct statuses of its current claims (comma-separated, in no particular order).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SearchDoc {
    #[sqlx(try_from = "i64")]
    pub id: ArticleId,
    pub title: String,
    pub url: String,
    pub content_text: String,
    pub vendor: String,
    #[sqlx(try_from = "String")]
    pub source_id: SourceId,
    pub language: String,
    #[sqlx(try_from = "Time")]
    pub published_at: DateTime<Utc>,
    pub summary: String,
    pub statuses: String,
}

fn doc_select(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => {
            "SELECT a.id, a.title, a.url, a.content_text, a.vendor, a.source_id, a.language,
               a.published_at,
               COALESCE((SELECT group_concat(text, ' ') FROM
                           (SELECT text FROM summary_sentences WHERE article_id = a.id
                            ORDER BY position)), '') AS summary,
               COALESCE((SELECT group_concat(DISTINCT status) FROM claims
                           WHERE article_id = a.id AND current = TRUE), '') AS statuses
             FROM articles a"
        }
        Engine::Postgres => {
            "SELECT a.id, a.title, a.url, a.content_text, a.vendor, a.source_id, a.language,
               a.published_at,
               COALESCE((SELECT string_agg(text, ' ' ORDER BY position) FROM summary_sentences
                           WHERE article_id = a.id), '') AS summary,
               COALESCE((SELECT string_agg(DISTINCT status, ',') FROM claims
                           WHERE article_id = a.id AND current = TRUE), '') AS statuses
             FROM articles a"
        }
    }
}

impl Store {
    /// Index rows of these articles (any order; missing ids are simply absent).
    pub async fn search_docs(&self, ids: &[ArticleId]) -> Result<Vec<SearchDoc>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IN_CHUNK) {
            let sql = format!(
                "{} WHERE a.id IN ({})",
                doc_select(self.engine()),
                placeholders(1, chunk.len())
            );
            let rows: Vec<SearchDoc> = on_pool!(self, p => {
                let mut q = sqlx::query_as(&sql);
                for id in chunk {
                    q = q.bind(id.get());
                }
                q.fetch_all(p).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Index rows in id order after `after`, at most `limit` (a rebuild's pages).
    pub async fn search_docs_after(&self, after: i64, limit: i64) -> Result<Vec<SearchDoc>> {
        let sql = format!(
            "{} WHERE a.id > $1 ORDER BY a.id LIMIT $2",
            doc_select(self.engine())
        );
        Ok(on_pool!(self, p => sqlx::query_as(&sql).bind(after).bind(limit).fetch_all(p).await)?)
    }

    /// The newest change's position (0 when none is logged).
    pub async fn latest_change(&self) -> Result<i64> {
        const SQL: &str = "SELECT COALESCE(MAX(seq), 0) FROM search_log";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL).fetch_one(p).await)?)
    }

    /// What every page built from articles depends on, as one comparable value: the newest
    /// change to an article, summary or claim (the triggers log those; `article_changes` keeps
    /// the newest per article after the log is pruned), the newest claim log event (evidence,
    /// statuses, dismissals), the newest lead, the newest story fingerprint (which groups a
    /// day's articles), the newest editor's placement (which orders them) and split (which
    /// keeps two apart), the newest translation and editor's note, and the newest third-party
    /// result and editor's entity name (claim lines say what others measured). Equal values
    /// mean the same pages.
    pub async fn content_version(&self) -> Result<String> {
        const SQL: &str = "SELECT (SELECT COALESCE(MAX(seq), 0) FROM article_changes),
                (SELECT COUNT(*) FROM articles),
                (SELECT COALESCE(MAX(id), 0) FROM claim_events),
                (SELECT COALESCE(MAX(created_at), '') FROM digest_leads),
                (SELECT COALESCE(MAX(computed_at), '') FROM article_fingerprints),
                (SELECT COALESCE(MAX(id), 0) FROM story_placement_log),
                (SELECT COALESCE(MAX(at), '') FROM translations),
                (SELECT COALESCE(MAX(id), 0) FROM digest_note_log),
                (SELECT COALESCE(MAX(id), 0) FROM story_splits),
                (SELECT COALESCE(MAX(id), 0) FROM third_party_results),
                (SELECT COALESCE(MAX(at), '') FROM (SELECT added_at AS at FROM entity_aliases
                   UNION ALL SELECT reviewed_at FROM name_reviews) named)";
        type Version = (
            i64,
            i64,
            i64,
            String,
            String,
            i64,
            String,
            i64,
            i64,
            i64,
            String,
        );
        let (
            seq,
            articles,
            event,
            lead,
            stories,
            placed,
            translated,
            noted,
            split,
            measured,
            named,
        ): Version = on_pool!(self, p => sqlx::query_as(SQL).fetch_one(p).await)?;
        Ok(format!(
            "{seq}.{articles}.{event}.{lead}.{stories}.{placed}.{translated}.{noted}.{split}.{measured}.{named}"
        ))
    }

    /// What one day's digest is built from (its articles are those published in `[from,
    /// to)`; `day` is its `YYYY-MM-DD`), as one comparable value: how many articles it has and
    /// the newest change to any of them, their summaries or claims, the newest claim log event,
    /// fingerprint, editor's placement and editor's split ("Not the same story") of one of
    /// them, the day's newest lead and editor's note, and the newest translation (a translation is stored by its sentence's hash, not by
    /// day, so any new one counts for every day; only the model writes them), and the newest
    /// third-party result and editor's entity name (they change what a claim line says others
    /// measured, on any day; evidence sources are read rarely). A change on another day leaves
    /// it as it is. Equal values mean the same day.
    pub async fn day_version(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        day: &str,
    ) -> Result<String> {
        const SQL: &str = "WITH day AS (
                SELECT id FROM articles WHERE published_at >= $1 AND published_at < $2)
            SELECT (SELECT COUNT(*) FROM day),
                (SELECT COALESCE(MAX(c.seq), 0) FROM article_changes c
                   JOIN day ON day.id = c.article_id),
                (SELECT COALESCE(MAX(e.id), 0) FROM claim_events e
                   JOIN claims c ON c.id = e.claim_id JOIN day ON day.id = c.article_id),
                (SELECT COALESCE(MAX(f.computed_at), '') FROM article_fingerprints f
                   JOIN day ON day.id = f.article_id),
                (SELECT COALESCE(MAX(l.id), 0) FROM story_placement_log l
                   JOIN day ON day.id = l.article_id),
                (SELECT COALESCE(MAX(created_at), '') FROM digest_leads WHERE date = $3),
                (SELECT COALESCE(MAX(id), 0) FROM digest_note_log WHERE day = $3),
                (SELECT COALESCE(MAX(at), '') FROM translations),
                (SELECT COALESCE(MAX(s.id), 0) FROM story_splits s
                   JOIN day ON day.id = s.article_id OR day.id = s.story_article_id),
                (SELECT COALESCE(MAX(id), 0) FROM third_party_results),
                (SELECT COALESCE(MAX(at), '') FROM (SELECT added_at AS at FROM entity_aliases
                   UNION ALL SELECT reviewed_at FROM name_reviews) named)";
        type Version = (
            i64,
            i64,
            i64,
            String,
            i64,
            String,
            i64,
            String,
            i64,
            i64,
            String,
        );
        let (
            articles,
            seq,
            event,
            stories,
            placed,
            lead,
            noted,
            translated,
            split,
            measured,
            named,
        ): Version = on_pool!(self, p => sqlx::query_as(SQL)
                .bind(ts(from))
                .bind(ts(to))
                .bind(day)
                .fetch_one(p)
                .await)?;
        Ok(format!(
            "{articles}.{seq}.{event}.{stories}.{placed}.{lead}.{noted}.{translated}.{split}.{measured}.{named}"
        ))
    }

    /// (article, newest position) of every article changed after position `from`.
    pub async fn changes_since(&self, from: i64) -> Result<Vec<(i64, i64)>> {
        const SQL: &str = "SELECT article_id, MAX(seq) FROM search_log WHERE seq > $1
             GROUP BY article_id";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(from).fetch_all(p).await)?)
    }

    /// Articles changed after position `from`.
    pub async fn changed_count(&self, from: i64) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(DISTINCT article_id) FROM search_log WHERE seq > $1";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL).bind(from).fetch_one(p).await)?)
    }

    /// Records how far `replica`'s index has read, then drops the changes every replica seen
    /// since `live_since` has read (a replica gone longer than that rebuilds when it returns).
    pub async fn record_position(
        &self,
        replica: &str,
        position: i64,
        now: &str,
        live_since: &str,
    ) -> Result<()> {
        const POSITION: &str = "INSERT INTO search_positions (replica, position, seen_at)
             VALUES ($1, $2, $3)
             ON CONFLICT (replica) DO UPDATE SET position = excluded.position,
               seen_at = excluded.seen_at";
        const FLOOR: &str = "SELECT MIN(position) FROM search_positions WHERE seen_at >= $1";
        const MARK: &str = "UPDATE search_log_pruned SET upto = $1 WHERE id = 1 AND upto < $1";
        const PRUNE: &str = "DELETE FROM search_log WHERE seq <= $1";
        let mut tx = self.begin().await?;
        let floor: Option<i64> = super::on_tx!(tx, c => {
            sqlx::query(POSITION)
                .bind(replica)
                .bind(position)
                .bind(now)
                .execute(&mut *c)
                .await?;
            sqlx::query_scalar(FLOOR).bind(live_since).fetch_one(&mut *c).await
        })?;
        if let Some(floor) = floor.filter(|f| *f > 0) {
            super::on_tx!(tx, c => {
                sqlx::query(MARK).bind(floor).execute(&mut *c).await?;
                sqlx::query(PRUNE)
                    .bind(floor)
                    .execute(&mut *c)
                    .await
                    .map(|d| d.rows_affected())
            })?;
        }
        tx.commit().await
    }

    /// Changes up to this position were pruned: an index that read less must rebuild.
    pub async fn pruned_upto(&self) -> Result<i64> {
        const SQL: &str = "SELECT upto FROM search_log_pruned WHERE id = 1";
        let v: Option<i64> = on_pool!(self, p => sqlx::query_scalar(SQL).fetch_optional(p).await)?;
        Ok(v.unwrap_or(0))
    }
}
