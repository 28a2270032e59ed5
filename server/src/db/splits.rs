//! `story_splits`: editors' "Not the same story" decisions — a post taken out of the digest
//! section it was grouped into — each with its editor, append-only. The grouping reads them
//! as pairs kept apart (read with the day's page: `db::day_page`).

use app::ids::ArticleId;

use super::{on_pool, Result, Store};

/// One decision as logged.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StorySplit {
    /// The post taken out.
    #[sqlx(try_from = "i64")]
    pub article_id: ArticleId,
    /// The lead of the section it was taken out of.
    #[sqlx(try_from = "i64")]
    pub story_article_id: ArticleId,
    pub editor: String,
    pub at: String,
}

impl Store {
    /// Logs an editor's decision that `article_id` is not the story `story_article_id` leads.
    pub async fn split_story(
        &self,
        article_id: ArticleId,
        story_article_id: ArticleId,
        editor: &str,
        at: &str,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO story_splits (article_id, story_article_id, editor, at)
             VALUES ($1, $2, $3, $4)";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(article_id.get())
            .bind(story_article_id.get())
            .bind(editor)
            .bind(at)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The newest decisions, newest first.
    pub async fn story_split_log(&self, limit: i64) -> Result<Vec<StorySplit>> {
        const SQL: &str = "SELECT article_id, story_article_id, editor, at FROM story_splits
             ORDER BY id DESC LIMIT $1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(limit).fetch_all(p).await)?)
    }
}
