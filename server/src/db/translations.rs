//! `translations`: titles and summary sentences translated into the digest language and
//! checked (`crate::translate`), cached by sentence hash, target, model and prompt version.

use super::{on_pool, on_reads, placeholders, Reads, Result, Store, IN_CHUNK};

/// One translation as stored; `text` is `None` when it failed its check.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTranslation<'a> {
    pub source_hash: &'a str,
    pub target: &'a str,
    pub model: &'a str,
    pub prompt_version: i64,
    pub text: Option<&'a str>,
    pub problems: &'a str,
    pub raw: &'a str,
    pub ms: f64,
    pub at: &'a str,
}

/// Which stored translations count: those made by the `current` prompts, and the ones that
/// passed made by any version since `passed_since` (whose prompt for a first answer was the
/// same, so the current one would give them again). A refusal of an older version is tried
/// again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    pub current: i64,
    pub passed_since: i64,
}

impl Reads {
    pub async fn stored_translations(
        &self,
        hashes: &[String],
        target: &str,
        version: Version,
    ) -> Result<Vec<(String, Option<String>)>> {
        // By hash, so a day with thousands of sentences (claim sentences since they are
        // translated) is merged in one pass, not by a scan per row.
        let mut out: std::collections::HashMap<String, Option<String>> = Default::default();
        for chunk in hashes.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT source_hash, text FROM translations
                 WHERE target = $1
                   AND (prompt_version = $2 OR (prompt_version >= $3 AND text IS NOT NULL))
                   AND source_hash IN ({})
                 ORDER BY at",
                placeholders(4, chunk.len())
            );
            let rows: Vec<(String, Option<String>)> = on_reads!(self, p => {
                let mut q = sqlx::query_as(&sql)
                    .bind(target)
                    .bind(version.current)
                    .bind(version.passed_since);
                for h in chunk {
                    q = q.bind(h);
                }
                q.fetch_all(p).await
            })?;
            // Oldest first: a later checked translation replaces an earlier one; a refusal
            // never hides one that passed.
            for (h, t) in rows {
                let slot = out.entry(h).or_default();
                if t.is_some() {
                    *slot = t;
                }
            }
        }
        Ok(out.into_iter().collect())
    }
}

impl Store {
    /// Whether this sentence was translated into `target` by `model` with this `version`.
    pub async fn has_translation(
        &self,
        source_hash: &str,
        target: &str,
        model: &str,
        version: Version,
    ) -> Result<bool> {
        const SQL: &str = "SELECT COUNT(*) FROM translations
             WHERE source_hash = $1 AND target = $2 AND model = $3
               AND (prompt_version = $4 OR (prompt_version >= $5 AND text IS NOT NULL))";
        let n: i64 = on_pool!(self, p => sqlx::query_scalar(SQL)
            .bind(source_hash)
            .bind(target)
            .bind(model)
            .bind(version.current)
            .bind(version.passed_since)
            .fetch_one(p)
            .await)?;
        Ok(n > 0)
    }

    pub async fn save_translation(&self, t: &NewTranslation<'_>) -> Result<()> {
        const SQL: &str = "INSERT INTO translations
               (source_hash, target, model, prompt_version, text, problems, raw, ms, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (source_hash, target, model, prompt_version) DO UPDATE SET
               text = excluded.text, problems = excluded.problems, raw = excluded.raw,
               ms = excluded.ms, at = excluded.at";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(t.source_hash)
            .bind(t.target)
            .bind(t.model)
            .bind(t.prompt_version)
            .bind(t.text)
            .bind(t.problems)
            .bind(t.raw)
            .bind(t.ms)
            .bind(t.at)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The newest checked translation into `target` of each of these sentences (by hash), of
    /// any model, of this `version`. Sentences with none are absent.
    pub async fn checked_translations(
        &self,
        hashes: &[String],
        target: &str,
        version: Version,
    ) -> Result<Vec<(String, String)>> {
        Ok(self
            .stored_translations(hashes, target, version)
            .await?
            .into_iter()
            .filter_map(|(h, t)| t.map(|t| (h, t)))
            .collect())
    }

    /// What is stored for each of these sentences (by hash) in `target` of this `version`, of
    /// any model: the newest checked translation, or `None` when every try was refused.
    /// Sentences never tried (or only refused by an older version) are absent.
    /// Which of these hashes this model has a translation into `target` of that counts (as
    /// `has_translation`, for many at once).
    pub async fn translated_among(
        &self,
        hashes: &[String],
        target: &str,
        model: &str,
        version: Version,
    ) -> Result<std::collections::HashSet<String>> {
        let mut out = std::collections::HashSet::new();
        for chunk in hashes.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT DISTINCT source_hash FROM translations
                 WHERE target = $1 AND model = $2
                   AND (prompt_version = $3 OR (prompt_version >= $4 AND text IS NOT NULL))
                   AND source_hash IN ({})",
                placeholders(5, chunk.len())
            );
            let rows: Vec<String> = on_pool!(self, p => {
                let mut q = sqlx::query_scalar(&sql)
                    .bind(target)
                    .bind(model)
                    .bind(version.current)
                    .bind(version.passed_since);
                for h in chunk {
                    q = q.bind(h);
                }
                q.fetch_all(p).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }
}
