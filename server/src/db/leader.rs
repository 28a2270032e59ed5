//! Which replica runs the schedule: on Postgres, the one holding a session advisory lock. The
//! lock lives as long as the connection that took it, so a replica killed with `kill -9` loses
//! it when Postgres notices the connection gone, and another takes it. SQLite is one process's
//! database: that process always leads.

use sqlx::{Connection, PgConnection};

use super::{Pool, Result, Store};

/// Key of the Postgres advisory lock the scheduler holds.
const SCHEDULER_LOCK: i64 = 0x5052_4f4f_4657_0003;

/// Held while this process runs the schedule.
pub struct Leadership {
    conn: Option<PgConnection>,
}

impl Leadership {
    /// Whether the lock is still held: a session lock lasts as long as its connection, so a
    /// live connection holds it, and a lost one lost it (the caller stops leading and tries
    /// again later).
    pub async fn holds(&mut self) -> bool {
        match &mut self.conn {
            None => true,
            Some(conn) => conn.ping().await.is_ok(),
        }
    }
}

impl Store {
    /// Becomes the scheduler if no live replica is; None when another one is.
    pub async fn try_lead(&self) -> Result<Option<Leadership>> {
        match &self.pool {
            Pool::Sqlite(_) => Ok(Some(Leadership { conn: None })),
            Pool::Postgres(p) => {
                // Its own connection, out of the pool: the lock must outlive any query.
                let mut conn = p.acquire().await?;
                let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(SCHEDULER_LOCK)
                    .fetch_one(&mut *conn)
                    .await?;
                Ok(got.then(|| Leadership {
                    conn: Some(conn.detach()),
                }))
            }
        }
    }
}
