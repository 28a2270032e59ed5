//! `article_fingerprints`: each article's story fingerprint (`crate::stories`), derived from
//! its current text and recomputed when the text or the fingerprint version changes.

use app::ids::ArticleId;

use super::{on_pool, on_tx, placeholders, Result, Store, Tx, IN_CHUNK};

/// What a fingerprint is computed from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FingerprintSource {
    pub title: String,
    pub content_text: String,
    pub content_hash: String,
}

impl Store {
    /// Articles whose current text has no fingerprint of `version`, oldest first.
    pub async fn unfingerprinted(&self, version: i64) -> Result<Vec<ArticleId>> {
        const SQL: &str = "SELECT a.id FROM articles a
             LEFT JOIN article_fingerprints f ON f.article_id = a.id
             WHERE f.article_id IS NULL OR f.version <> $1 OR f.content_hash <> a.content_hash
             ORDER BY a.id";
        let ids: Vec<i64> =
            on_pool!(self, p => sqlx::query_scalar(SQL).bind(version).fetch_all(p).await)?;
        Ok(ids.into_iter().map(ArticleId::new).collect())
    }

    pub async fn fingerprint_source(&self, id: ArticleId) -> Result<Option<FingerprintSource>> {
        const SQL: &str = "SELECT title, content_text, content_hash FROM articles WHERE id = $1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(id.get()).fetch_optional(p).await)?)
    }

    /// (article, fingerprint JSON) of these articles that have a current one of `version`.
    pub async fn fingerprints(
        &self,
        ids: &[ArticleId],
        version: i64,
    ) -> Result<Vec<(ArticleId, String)>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT f.article_id, f.data FROM article_fingerprints f
                 JOIN articles a ON a.id = f.article_id AND a.content_hash = f.content_hash
                 WHERE f.version = $1 AND f.article_id IN ({})",
                placeholders(2, chunk.len())
            );
            let rows: Vec<(i64, String)> = on_pool!(self, p => {
                let mut q = sqlx::query_as(&sql).bind(version);
                for id in chunk {
                    q = q.bind(id.get());
                }
                q.fetch_all(p).await
            })?;
            out.extend(
                rows.into_iter()
                    .map(|(id, data)| (ArticleId::new(id), data)),
            );
        }
        Ok(out)
    }
}

impl Tx {
    /// Stores a fingerprint computed from the text with `content_hash`, only if the article
    /// still has that text (a newer version gets its own). Returns whether it was stored.
    pub async fn save_fingerprint(
        &mut self,
        id: ArticleId,
        content_hash: &str,
        version: i64,
        data: &str,
        now: &str,
    ) -> Result<bool> {
        const SQL: &str = "INSERT INTO article_fingerprints
                (article_id, content_hash, version, data, computed_at)
             SELECT id, content_hash, $3, $4, $5 FROM articles WHERE id = $1 AND content_hash = $2
             ON CONFLICT (article_id) DO UPDATE SET content_hash = excluded.content_hash,
                version = excluded.version, data = excluded.data,
                computed_at = excluded.computed_at";
        let done = on_tx!(self, c => sqlx::query(SQL)
            .bind(id.get())
            .bind(content_hash)
            .bind(version)
            .bind(data)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }
}
