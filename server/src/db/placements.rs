//! `story_placements` and `story_placement_log`: editors' decisions about where a story goes
//! in its day's digest (`crate::ranking`), and the append-only record of every one of them.

use app::ids::ArticleId;
use app::vocab::Placement;

use super::{on_pool, Result, Store};

/// One decision an editor made, as logged.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PlacementChange {
    #[sqlx(try_from = "i64")]
    pub article_id: ArticleId,
    pub placement: String,
    pub editor: String,
    pub at: String,
}

impl Store {
    /// Records an editor's decision (`Auto` removes the standing one) and logs it, in one
    /// transaction.
    pub async fn set_placement(
        &self,
        article_id: ArticleId,
        placement: Placement,
        editor: &str,
        at: &str,
    ) -> Result<()> {
        const UPSERT: &str = "INSERT INTO story_placements (article_id, placement, editor, at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (article_id) DO UPDATE SET placement = excluded.placement,
               editor = excluded.editor, at = excluded.at";
        const CLEAR: &str = "DELETE FROM story_placements WHERE article_id = $1";
        const LOG: &str = "INSERT INTO story_placement_log (article_id, placement, editor, at)
             VALUES ($1, $2, $3, $4)";
        // The standing decision and its log line take the same values.
        let writes: &[&str] = if placement == Placement::Auto {
            &[LOG]
        } else {
            &[UPSERT, LOG]
        };
        let mut tx = self.begin().await?;
        super::on_tx!(tx, c => {
            if placement == Placement::Auto {
                sqlx::query(CLEAR).bind(article_id.get()).execute(&mut *c).await?;
            }
            for sql in writes {
                sqlx::query(sql)
                    .bind(article_id.get())
                    .bind(placement.key())
                    .bind(editor)
                    .bind(at)
                    .execute(&mut *c)
                    .await?;
            }
            Ok::<(), sqlx::Error>(())
        })?;
        tx.commit().await
    }

    /// The newest placement decisions, newest first.
    pub async fn placement_changes(&self, limit: i64) -> Result<Vec<PlacementChange>> {
        const SQL: &str = "SELECT article_id, placement, editor, at FROM story_placement_log
             ORDER BY id DESC LIMIT $1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(limit).fetch_all(p).await)?)
    }
}
