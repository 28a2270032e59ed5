//! `Reads`: the queries a page runs one after another, on one connection when it asks.
//!
//! sqlx tests every connection it takes back into a pool with a round trip to the
//! connection's worker thread (SQLite) or server (Postgres), and a pool hands each query a
//! connection of its own. A digest of nine queries therefore paid eighteen round trips, each a
//! wake-up of another thread. `Store::hold` takes one connection for a run of reads and gives
//! it back once, when the `Reads` is dropped.
//!
//! Only the queries defined on `Reads` can run on a held connection, so a page built from a
//! `&Reads` cannot ask the pool for a second connection while it holds one (with every
//! connection held, that wait would never end). A `Store` is a `Reads` that holds nothing:
//! the same methods, each on a pooled connection.

use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{Postgres, Sqlite};
use tokio::sync::Mutex;

use super::{Pool, Result};

/// A pool, and the one connection of it that these reads use when one is held.
#[derive(Clone)]
pub struct Reads {
    pub(crate) pool: Pool,
    held: Option<Held>,
}

#[derive(Clone)]
pub(crate) enum Held {
    Sqlite(Arc<Mutex<PoolConnection<Sqlite>>>),
    Postgres(Arc<Mutex<PoolConnection<Postgres>>>),
}

impl Reads {
    /// Reads that take a pooled connection per query.
    pub(crate) fn pooled(pool: Pool) -> Reads {
        Reads { pool, held: None }
    }

    /// Reads on one connection taken from the pool now (waiting for one as a query would).
    pub(crate) async fn holding(pool: &Pool) -> Result<Reads> {
        let held = match pool {
            Pool::Sqlite(p) => Held::Sqlite(Arc::new(Mutex::new(p.acquire().await?))),
            Pool::Postgres(p) => Held::Postgres(Arc::new(Mutex::new(p.acquire().await?))),
        };
        Ok(Reads {
            pool: pool.clone(),
            held: Some(held),
        })
    }

    pub(crate) fn held(&self) -> Option<&Held> {
        self.held.as_ref()
    }
}

/// Runs `$body` with `$p` bound to the executor these reads use: the held connection
/// (`&mut` to it, locked for the body) or the engine's pool. As `on_pool!`, the body is written
/// once and compiled for each. The lock is not re-entrant: a body never calls another read.
macro_rules! on_reads {
    ($reads:expr, $p:ident => $body:expr) => {
        match ($reads.held(), &$reads.pool) {
            (Some($crate::db::reads::Held::Sqlite(c)), _) => {
                let mut c = c.lock().await;
                let $p = &mut **c;
                $body
            }
            (Some($crate::db::reads::Held::Postgres(c)), _) => {
                let mut c = c.lock().await;
                let $p = &mut **c;
                $body
            }
            (None, $crate::db::Pool::Sqlite($p)) => $body,
            (None, $crate::db::Pool::Postgres($p)) => $body,
        }
    };
}

pub(crate) use on_reads;

/// A store of one connection to a new, empty database (a read-only open of a migrated file):
/// where a query that asked the pool for a second connection would wait, tests see it.
#[cfg(test)]
pub(crate) async fn pool_of_one(dir: &std::path::Path) -> crate::db::Store {
    let path = dir.join("one.db");
    crate::db::Store::open(&path)
        .await
        .expect("store")
        .close()
        .await;
    crate::db::Store::open_read_only(&path)
        .await
        .expect("read-only store")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    /// Held reads keep their connection between queries and give it back when dropped: on a
    /// pool of one, the pool has nothing to give meanwhile.
    #[tokio::test]
    async fn held_reads_keep_their_connection_until_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let one = super::pool_of_one(dir.path()).await;

        let reads = one.hold().await.expect("hold");
        for _ in 0..3 {
            assert_eq!(
                reads
                    .latest_published()
                    .await
                    .expect("read on the held one"),
                None
            );
        }
        let meanwhile =
            tokio::time::timeout(Duration::from_millis(300), one.latest_published()).await;
        assert!(
            meanwhile.is_err(),
            "the pool gave its one connection away while held"
        );

        drop(reads);
        let after = tokio::time::timeout(Duration::from_secs(10), one.latest_published())
            .await
            .expect("the connection came back to the pool");
        assert_eq!(after.expect("read"), None);
    }
}
