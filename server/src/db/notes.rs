//! `digest_notes` and `digest_note_log`: the editor's voice in a day's digest (lead, closing,
//! and per story a headline and a commentary), and every version of it.

use super::{on_pool, Result, Store};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct NoteRow {
    pub kind: String,
    /// 0 for the day's lead and closing.
    pub article_id: i64,
    pub text: String,
    pub editor: String,
    pub at: String,
}

impl NoteRow {
    pub fn note(&self) -> app::models::Note {
        app::models::Note {
            text: self.text.clone(),
            editor: self.editor.clone(),
            at: self.at.clone(),
        }
    }
}

impl Store {
    /// Writes a note (an empty `text` removes it) and logs the version, in one transaction.
    pub async fn save_digest_note(
        &self,
        day: &str,
        kind: &str,
        article_id: i64,
        text: &str,
        editor: &str,
        at: &str,
    ) -> Result<()> {
        const UPSERT: &str = "INSERT INTO digest_notes (day, kind, article_id, text, editor, at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (day, kind, article_id) DO UPDATE SET text = excluded.text,
               editor = excluded.editor, at = excluded.at";
        const CLEAR: &str =
            "DELETE FROM digest_notes WHERE day = $1 AND kind = $2 AND article_id = $3";
        const LOG: &str = "INSERT INTO digest_note_log (day, kind, article_id, text, editor, at)
             VALUES ($1, $2, $3, $4, $5, $6)";
        // The current note and its version in the log take the same values.
        let writes: &[&str] = if text.is_empty() {
            &[LOG]
        } else {
            &[UPSERT, LOG]
        };
        let mut tx = self.begin().await?;
        super::on_tx!(tx, c => {
            if text.is_empty() {
                sqlx::query(CLEAR).bind(day).bind(kind).bind(article_id).execute(&mut *c).await?;
            }
            for sql in writes {
                sqlx::query(sql)
                    .bind(day)
                    .bind(kind)
                    .bind(article_id)
                    .bind(text)
                    .bind(editor)
                    .bind(at)
                    .execute(&mut *c)
                    .await?;
            }
            Ok::<(), sqlx::Error>(())
        })?;
        tx.commit().await
    }

    /// Every version of a day's notes, oldest first (the history editors see).
    pub async fn digest_note_history(&self, day: &str) -> Result<Vec<NoteRow>> {
        const SQL: &str = "SELECT kind, article_id, text, editor, at FROM digest_note_log
             WHERE day = $1 ORDER BY id";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(day).fetch_all(p).await)?)
    }
}
