//! `jobs`: model work (summaries, lead paragraphs, claim structuring) that any replica with a
//! model may claim. On Postgres a claim skips rows another replica has locked (`FOR UPDATE
//! SKIP LOCKED`), so two replicas never take the same job; on SQLite the one process's write
//! lock does the same. A job whose worker died is claimed again when its lease runs out.

use chrono::{DateTime, Utc};

use super::{on_pool, Engine, Result, Store};
use crate::dates::ts;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub key: String,
    pub payload: String,
    pub attempts: i64,
}

/// Jobs by state (for `/metrics` and tests).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobCounts {
    pub queued: i64,
    pub running: i64,
    pub done: i64,
    pub failed: i64,
}

impl Store {
    /// Queues work unless the same work (`key`) is queued, running or done already.
    pub async fn enqueue_job(
        &self,
        kind: &str,
        key: &str,
        payload: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        const SQL: &str = "INSERT INTO jobs (kind, key, payload, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (key) DO NOTHING";
        let n = on_pool!(self, p => sqlx::query(SQL)
            .bind(kind)
            .bind(key)
            .bind(payload)
            .bind(ts(now))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(n > 0)
    }

    /// Takes the oldest job that is queued, or running on a lease that ran out, for `lease`.
    /// Jobs tried `max_attempts` times are not taken again.
    pub async fn claim_job(
        &self,
        worker: &str,
        lease: std::time::Duration,
        max_attempts: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<Job>> {
        let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
        let lock = match self.engine() {
            Engine::Postgres => "FOR UPDATE SKIP LOCKED",
            // The statement runs under SQLite's single write lock.
            Engine::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET state = 'running', locked_by = $1, locked_until = $2,
               attempts = attempts + 1, updated_at = $3
             WHERE id = (SELECT id FROM jobs
                         WHERE (state = 'queued' OR (state = 'running' AND locked_until < $3))
                           AND attempts < $4
                         ORDER BY id LIMIT 1 {lock})
             RETURNING id, kind, key, payload, attempts"
        );
        Ok(on_pool!(self, p => sqlx::query_as(&sql)
            .bind(worker)
            .bind(ts(until))
            .bind(ts(now))
            .bind(max_attempts)
            .fetch_optional(p)
            .await)?)
    }

    /// Marks a job finished by `worker` (a job whose lease another worker took over is not
    /// touched).
    pub async fn finish_job(
        &self,
        id: i64,
        worker: &str,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str =
            "UPDATE jobs SET state = CASE WHEN $3 IS NULL THEN 'done' ELSE 'failed' END,
               error = $3, locked_until = NULL, updated_at = $4
             WHERE id = $1 AND locked_by = $2";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(id)
            .bind(worker)
            .bind(error)
            .bind(ts(now))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    /// Puts back in the queue the running jobs of workers named `prefix...` other than
    /// `except` (a stopped process of this replica): the attempt they were on does not count,
    /// since no answer came back. Returns how many.
    pub async fn release_jobs(
        &self,
        prefix: &str,
        except: &str,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        const SQL: &str = "UPDATE jobs SET state = 'queued', locked_by = NULL,
               locked_until = NULL, updated_at = $3,
               attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
             WHERE state = 'running' AND substr(locked_by, 1, length($1)) = $1
               AND locked_by <> $2";
        Ok(on_pool!(self, p => sqlx::query(SQL)
            .bind(prefix)
            .bind(except)
            .bind(ts(now))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?)
    }

    /// Puts a job that failed back in the queue for another attempt (its error kept).
    pub async fn retry_job(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        const SQL: &str = "UPDATE jobs SET state = 'queued', error = $3, locked_by = NULL,
               locked_until = NULL, updated_at = $4
             WHERE id = $1 AND locked_by = $2";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(id)
            .bind(worker)
            .bind(error)
            .bind(ts(now))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }

    pub async fn job_counts(&self) -> Result<JobCounts> {
        const SQL: &str = "SELECT state, COUNT(*) FROM jobs GROUP BY state";
        let rows: Vec<(String, i64)> = on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?;
        let mut c = JobCounts::default();
        for (state, n) in rows {
            match state.as_str() {
                "queued" => c.queued = n,
                "running" => c.running = n,
                "done" => c.done = n,
                _ => c.failed += n,
            }
        }
        Ok(c)
    }

    /// (worker, jobs it finished): who did the work.
    pub async fn jobs_done_by(&self) -> Result<Vec<(String, i64)>> {
        const SQL: &str = "SELECT locked_by, COUNT(*) FROM jobs
             WHERE state = 'done' AND locked_by IS NOT NULL GROUP BY locked_by ORDER BY locked_by";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }
}

impl Store {
    /// Jobs whose key starts with `prefix` that are queued or running.
    pub async fn unfinished_jobs(&self, prefix: &str) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM jobs
             WHERE state IN ('queued', 'running') AND substr(key, 1, length($1)) = $1";
        Ok(on_pool!(self, p => sqlx::query_scalar(SQL).bind(prefix).fetch_one(p).await)?)
    }

    /// When the last scheduled round started, on whichever replica.
    pub async fn last_round(&self) -> Result<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT last_round_at FROM schedule WHERE id = 1";
        let t: Option<Option<String>> =
            on_pool!(self, p => sqlx::query_scalar(SQL).fetch_optional(p).await)?;
        Ok(t.flatten().as_deref().and_then(crate::dates::parse_ts))
    }

    pub async fn mark_round(&self, at: DateTime<Utc>) -> Result<()> {
        const SQL: &str = "UPDATE schedule SET last_round_at = $1 WHERE id = 1";
        on_pool!(self, p => sqlx::query(SQL)
            .bind(ts(at))
            .execute(p)
            .await
            .map(|d| d.rows_affected()))?;
        Ok(())
    }
}
