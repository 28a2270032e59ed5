//! The data layer: every SQL statement Proofwire runs, for both engines it speaks.
//!
//! `Store` is a pool of the embedded SQLite file (the default) or of a Postgres server
//! (`database_url = "postgres://…"`). Each module holds one group of tables and adds its
//! queries to `Store` (reads and single-statement writes) or to `Tx` (the steps of a transaction
//! that the layers above compose). Callers see typed rows and `DbError`, never the driver.
//!
//! One SQL text serves both engines wherever their dialects agree (`$N` parameters, `ON
//! CONFLICT`, `RETURNING`, `IS DISTINCT FROM`, `TRUE`/`FALSE`); where they differ, the module
//! writes both texts side by side. Times are stored as fixed-width RFC 3339 UTC text on both
//! engines (see `crate::dates::ts`), so they compare as text and a copy between engines is
//! exact. Each engine has its own migrations (`migrations/sqlite`, `migrations/postgres`).

pub mod articles;
pub mod briefings;
pub mod claims;
pub mod copy;
pub mod day_page;
pub mod events;
pub mod evidence;
pub mod fingerprints;
pub mod jobs;
pub mod leader;
pub mod logins;
pub mod maintenance;
pub mod name_reviews;
pub mod notes;
pub mod ownership;
pub mod placements;
pub mod raw;
pub mod reader;
pub mod reads;
pub mod results;
pub mod rounds;
pub mod search_log;
pub mod sources;
pub mod splits;
pub mod sqlite_library;
pub mod summaries;
pub mod time;
pub mod translations;
pub mod users;
pub mod websub;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

pub(crate) use reads::on_reads;
pub use reads::Reads;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database URL {0:?} is not valid: use a sqlite:// path or a postgres:// URL")]
    Url(String),
    #[error(
        "the target database is not empty (table {0} has rows); copy into a new, empty database"
    )]
    NotEmpty(&'static str),
    #[error("{0} is not available on {1}")]
    Unsupported(&'static str, Engine),
}

pub type Result<T> = std::result::Result<T, DbError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "Postgres",
        })
    }
}

#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A connection pool of either engine. Cheap to clone.
///
/// A `Store` is also a [`Reads`] that holds no connection (`Deref`): the queries a page runs
/// in a row are defined on `Reads`, so they run alike on the pool and on one held connection
/// (`Store::hold`).
#[derive(Clone)]
pub struct Store {
    reads: Reads,
}

impl std::ops::Deref for Store {
    type Target = Reads;

    fn deref(&self) -> &Reads {
        &self.reads
    }
}

pub(crate) enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// An open transaction; dropped without `commit`, it rolls back.
pub struct Tx {
    pub(crate) inner: TxInner,
}

/// Runs `$body` against the pool with `$p` bound to the engine's native pool. The body is
/// written once and compiled once per engine, so a query that one engine cannot decode fails
/// to build rather than at run time.
macro_rules! on_pool {
    ($db:expr, $p:ident => $body:expr) => {
        match $db.pool_of_store() {
            $crate::db::Pool::Sqlite($p) => $body,
            $crate::db::Pool::Postgres($p) => $body,
        }
    };
}

/// As `on_pool!`, with `$c` bound to the transaction's connection (`&mut *$c` per statement).
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match &mut $tx.inner {
            $crate::db::TxInner::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::TxInner::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

pub(crate) use {on_pool, on_tx};

/// Connections to Postgres per process by default. More than a few per core only makes the
/// server switch between backends: on 2 cores, 8 served 13% more requests than 16.
pub const DEFAULT_POSTGRES_CONNECTIONS: u32 = 8;

/// Key of the Postgres advisory lock that serialises appends to the claim log (any number of
/// replicas, one chain).
const LOG_LOCK: i64 = 0x5052_4f4f_4657_0001;

/// Where the database is: `sqlite://PATH` (or a bare path) or `postgres://…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl Location {
    pub fn parse(url: &str) -> Result<Location> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Location::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() || url.contains("://") && !url.starts_with("sqlite:") {
            return Err(DbError::Url(redacted(url)));
        }
        Ok(Location::Sqlite(path.into()))
    }

    /// The location without a password, for logs and messages.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(p) => format!("sqlite://{}", p.display()),
            Location::Postgres(url) => redacted(url),
        }
    }
}

/// A database URL without its password (for logs and error messages).
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "(unparseable URL)".to_string(),
    }
}

impl Store {
    fn on(pool: Pool) -> Store {
        Store {
            reads: Reads::pooled(pool),
        }
    }

    /// The pool, for `on_pool!`: a method of `Store` alone, so a query written in `impl Reads`
    /// cannot use `on_pool!` and take a second connection while one is held.
    pub(crate) fn pool_of_store(&self) -> &Pool {
        &self.pool
    }

    /// Reads on one connection of the pool, held until the `Reads` is dropped.
    pub async fn hold(&self) -> Result<Reads> {
        Reads::holding(&self.pool).await
    }

    /// Opens (creating if needed) and migrates the database at `location`.
    pub async fn connect(location: &Location) -> Result<Store> {
        Store::connect_with(location, DEFAULT_POSTGRES_CONNECTIONS).await
    }

    /// As `connect`, with at most `max_connections` to a Postgres server (the embedded file
    /// keeps its own small pool).
    pub async fn connect_with(location: &Location, max_connections: u32) -> Result<Store> {
        match location {
            Location::Sqlite(path) => Store::open(path).await,
            Location::Postgres(url) => {
                let options = PgConnectOptions::from_str(url)?.application_name("proofwire");
                let pool = PgPoolOptions::new()
                    .max_connections(max_connections.max(1))
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options)
                    .await?;
                let db = Store::on(Pool::Postgres(pool));
                db.migrate().await?;
                Ok(db)
            }
        }
    }

    /// Opens (creating if needed) and migrates the SQLite file at `path`.
    pub async fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| DbError::DataDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            // A connection to a file in this process cannot have gone away: checking one on
            // every acquire is a round trip to its worker thread per query.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        let db = Store::on(Pool::Sqlite(pool));
        db.migrate().await?;
        Ok(db)
    }

    /// Opens a SQLite file without changing it (no migrations, no writes): for checking a
    /// backup before it is restored.
    pub async fn open_read_only(path: &Path) -> Result<Store> {
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .read_only(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Ok(Store::on(Pool::Sqlite(pool)))
    }

    /// Applies the engine's pending migrations.
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("../migrations/sqlite").run(p).await?,
            Pool::Postgres(p) => sqlx::migrate!("../migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        match self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    pub async fn close(&self) {
        on_pool!(self, p => p.close().await)
    }

    pub async fn begin(&self) -> Result<Tx> {
        Ok(Tx {
            inner: match &self.pool {
                Pool::Sqlite(p) => TxInner::Sqlite(p.begin().await?),
                Pool::Postgres(p) => TxInner::Postgres(p.begin().await?),
            },
        })
    }

    /// A transaction that reads before it writes. On SQLite it takes the write lock at
    /// `BEGIN` (waiting for it up to the busy timeout): a deferred one that read first fails at
    /// once with "database is locked" when another write got in between. On Postgres an
    /// ordinary transaction.
    pub async fn begin_immediate(&self) -> Result<Tx> {
        Ok(Tx {
            inner: match &self.pool {
                Pool::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
                Pool::Postgres(p) => TxInner::Postgres(p.begin().await?),
            },
        })
    }

    /// A transaction that may append to the claim log: it holds the log's lock from its
    /// first statement, so the last hash cannot change between reading it and appending after
    /// it — SQLite's write lock (`BEGIN IMMEDIATE`), or on Postgres an advisory lock every
    /// replica takes.
    pub async fn begin_write(&self) -> Result<Tx> {
        self.begin_locked(LOG_LOCK).await
    }

    /// A transaction that is the only one holding `lock` until it ends: SQLite's one write
    /// lock, or the Postgres transaction advisory lock `lock` (every replica takes the same).
    pub(crate) async fn begin_locked(&self, lock: i64) -> Result<Tx> {
        Ok(Tx {
            inner: match &self.pool {
                Pool::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
                Pool::Postgres(p) => {
                    let mut tx = p.begin().await?;
                    sqlx::query("SELECT pg_advisory_xact_lock($1)")
                        .bind(lock)
                        .execute(&mut *tx)
                        .await?;
                    TxInner::Postgres(tx)
                }
            },
        })
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// `$first, $first+1, …` for `n` values (an `IN (…)` list).
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Rows per `IN (…)` list: SQLite caps the parameters of one statement.
pub(crate) const IN_CHUNK: usize = 400;
