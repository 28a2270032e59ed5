//! What a day's digest page reads besides its posts — the editors' notes, their splits of the
//! day's stories, the model lead, and the publications either side of the day — in one
//! statement. Each was a query of its own; on SQLite every query is a round trip to the
//! connection's thread and back (two context switches), which was a large part of an uncached
//! page's cost.

use app::ids::ArticleId;
use chrono::{DateTime, Utc};

use super::articles::Neighbours;
use super::notes::NoteRow;
use super::summaries::Lead;
use super::{on_reads, Reads, Result};
use crate::dates::{parse_ts, ts};

/// A day's notes, splits, lead and neighbours, as `Reads::day_page` reads them.
#[derive(Debug, Default)]
pub struct DayPage {
    /// The current notes, by kind then article.
    pub notes: Vec<NoteRow>,
    /// Editors' splits `(taken, story)` where either post was published in the day, each
    /// once, in order.
    pub splits: Vec<(ArticleId, ArticleId)>,
    /// The model lead written in the page's language, if any.
    pub lead: Option<Lead>,
    pub around: Neighbours,
}

/// One row shape for the four parts, told apart by `part`. `a`/`b` are ids; `t1`..`t4` text.
#[derive(sqlx::FromRow)]
struct Row {
    part: String,
    a: i64,
    b: i64,
    t1: Option<String>,
    t2: Option<String>,
    t3: Option<String>,
    t4: Option<String>,
}

/// `$1`, `$2`: the day's bounds; `$3`: its date (`YYYY-MM-DD`); `$4`: the lead's language.
/// The first branch gives Postgres the columns' types.
const SQL: &str = "SELECT 'note' AS part, n.article_id AS a, CAST(0 AS BIGINT) AS b,
       n.kind AS t1, n.text AS t2, n.editor AS t3, n.at AS t4
     FROM digest_notes n WHERE n.day = $3
   UNION ALL
   SELECT 'split', s.article_id, s.story_article_id, NULL, NULL, NULL, NULL
     FROM story_splits s
     WHERE s.article_id IN (SELECT id FROM articles WHERE published_at >= $1 AND published_at < $2)
        OR s.story_article_id IN
           (SELECT id FROM articles WHERE published_at >= $1 AND published_at < $2)
   UNION ALL
   SELECT 'lead', 0, 0, l.input_hash, l.method, l.text, NULL
     FROM digest_leads l WHERE l.date = $3 AND l.language = $4
   UNION ALL
   SELECT 'around', 0, 0,
       (SELECT MAX(published_at) FROM articles WHERE published_at < $1),
       (SELECT MIN(published_at) FROM articles WHERE published_at >= $2), NULL, NULL";

impl Reads {
    /// The notes, splits, lead (in `language`) and neighbours of the day `date` that runs
    /// over `[from, to)`.
    pub async fn day_page(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        date: &str,
        language: &str,
    ) -> Result<DayPage> {
        let rows: Vec<Row> = on_reads!(self, p => sqlx::query_as(SQL)
            .bind(ts(from))
            .bind(ts(to))
            .bind(date)
            .bind(language)
            .fetch_all(p)
            .await)?;
        let mut page = DayPage::default();
        for row in rows {
            let Row {
                part,
                a,
                b,
                t1,
                t2,
                t3,
                t4,
            } = row;
            match part.as_str() {
                "note" => page.notes.push(NoteRow {
                    kind: t1.unwrap_or_default(),
                    article_id: a,
                    text: t2.unwrap_or_default(),
                    editor: t3.unwrap_or_default(),
                    at: t4.unwrap_or_default(),
                }),
                "split" => page.splits.push((ArticleId::new(a), ArticleId::new(b))),
                "lead" => {
                    page.lead = Some(Lead {
                        input_hash: t1.unwrap_or_default(),
                        method: t2.unwrap_or_default(),
                        text: t3.unwrap_or_default(),
                    })
                }
                "around" => {
                    page.around = Neighbours {
                        before: t1.as_deref().and_then(parse_ts),
                        after: t2.as_deref().and_then(parse_ts),
                    }
                }
                // The statement names no other part.
                _ => {}
            }
        }
        page.notes
            .sort_by(|x, y| (&x.kind, x.article_id).cmp(&(&y.kind, y.article_id)));
        page.splits.sort_unstable();
        page.splits.dedup();
        Ok(page)
    }
}
