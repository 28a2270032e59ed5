//! `users` and `sessions`: editors' accounts and their logins.

use app::ids::UserId;

use super::{on_pool, Result, Store};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    #[sqlx(try_from = "i64")]
    pub id: UserId,
    pub password_hash: Option<String>,
}

/// The user a live session belongs to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub name: String,
    pub editor: bool,
    pub csrf_token: String,
}

impl Store {
    /// Adds a user; false when the name is taken.
    pub async fn insert_user(
        &self,
        name: &str,
        password_hash: Option<&str>,
        editor: bool,
        now: &str,
    ) -> Result<bool> {
        const SQL: &str = "INSERT INTO users (name, password_hash, editor, created_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT(name) DO NOTHING";
        let done = on_pool!(self, p => sqlx::query(SQL)
            .bind(name)
            .bind(password_hash)
            .bind(editor)
            .bind(now)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn credentials(&self, name: &str) -> Result<Option<Credentials>> {
        const SQL: &str = "SELECT id, password_hash FROM users WHERE name = $1";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).bind(name).fetch_optional(p).await)?)
    }

    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: UserId,
        csrf_token: &str,
        created_at: &str,
        expires_at: &str,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at,
               expires_at) VALUES ($1, $2, $3, $4, $5)";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(token_hash)
            .bind(user_id.get())
            .bind(csrf_token)
            .bind(created_at)
            .bind(expires_at)
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// The user of an unexpired session.
    pub async fn session(&self, token_hash: &str, now: &str) -> Result<Option<SessionRow>> {
        const SQL: &str = "SELECT u.name, u.editor, s.csrf_token
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2";
        Ok(on_pool!(self, p => sqlx::query_as(SQL)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(p)
            .await)?)
    }

    /// Ends a session, and every expired one with it.
    pub async fn end_session(&self, token_hash: &str, now: &str) -> Result<()> {
        const SQL: &str = "DELETE FROM sessions WHERE token_hash = $1 OR expires_at <= $2";
        on_pool!(self, p => sqlx::query(SQL).bind(token_hash).bind(now).execute(p).await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }
}
