//! `login_attempts`: failed-login counting shared by every replica (and kept across restarts).

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{on_tx, Result, Store};
use crate::dates::{parse_ts, ts};

/// Key of the Postgres advisory lock that makes checking and counting one step.
const LOGIN_LOCK: i64 = 0x5052_4f4f_4657_0002;

/// A key and how many attempts it may make in the window.
pub struct Limit<'a> {
    pub key: &'a str,
    pub max: usize,
}

impl Store {
    /// Counts an attempt against every key, or refuses it with the time to wait when any key
    /// is at its limit. Checking and counting happen in one locked transaction, so parallel
    /// attempts on any number of replicas cannot all slip past the check. Returns the ids of
    /// the attempt's rows (`login_succeeded` takes some back).
    pub async fn begin_login(
        &self,
        limits: &[Limit<'_>],
        window: Duration,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<Vec<i64>, Duration>> {
        let window_c = chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
        let since = ts(now - window_c);
        let mut tx = self.begin_locked(LOGIN_LOCK).await?;
        // Old attempts count for nothing; dropping them keeps the table small.
        on_tx!(tx, c => sqlx::query("DELETE FROM login_attempts WHERE at <= $1")
            .bind(&since)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        for l in limits {
            let (count, oldest): (i64, Option<String>) = on_tx!(tx, c => sqlx::query_as(
                "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE key = $1 AND at > $2",
            )
            .bind(l.key)
            .bind(&since)
            .fetch_one(&mut *c)
            .await)?;
            if count as usize >= l.max {
                let oldest = oldest.as_deref().and_then(parse_ts).unwrap_or(now);
                let waited = (now - oldest).to_std().unwrap_or_default();
                return Ok(Err(window.saturating_sub(waited)));
            }
        }
        let mut ids = Vec::with_capacity(limits.len());
        for l in limits {
            let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
                "INSERT INTO login_attempts (key, at) VALUES ($1, $2) RETURNING id",
            )
            .bind(l.key)
            .bind(ts(now))
            .fetch_one(&mut *c)
            .await)?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(Ok(ids))
    }

    /// A successful login: the user's failures are forgotten, and the attempt's rows in
    /// `taken_back` no longer count.
    pub async fn login_succeeded(&self, user_key: &str, taken_back: &[i64]) -> Result<()> {
        let mut tx = self.begin_locked(LOGIN_LOCK).await?;
        on_tx!(tx, c => sqlx::query("DELETE FROM login_attempts WHERE key = $1")
            .bind(user_key)
            .execute(&mut *c)
            .await
            .map(|d| d.rows_affected()))?;
        for id in taken_back {
            on_tx!(tx, c => sqlx::query("DELETE FROM login_attempts WHERE id = $1")
                .bind(id)
                .execute(&mut *c)
                .await
                .map(|d| d.rows_affected()))?;
        }
        tx.commit().await
    }
}
