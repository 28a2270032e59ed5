//! SQL typed by hand, for tests and for tampering on purpose: the integrity tests play an
//! attacker with write access to the database. Proofwire itself never calls these.

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{ColumnIndex, Decode, Postgres, Row, Sqlite, Type};

use super::{Pool, Result, Store};

/// A row of either engine, read by column name or position.
pub enum RawRow {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

/// A type both engines decode.
pub trait Column:
    for<'r> Decode<'r, Sqlite>
    + Type<Sqlite>
    + for<'r> Decode<'r, Postgres>
    + Type<Postgres>
    + Send
    + Unpin
{
}

impl<T> Column for T where
    T: for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
        + Send
        + Unpin
{
}

impl RawRow {
    /// The column's value; panics when it has another type, as `sqlx::Row::get` does (these
    /// rows are for tests).
    pub fn get<T: Column, I>(&self, column: I) -> T
    where
        I: ColumnIndex<SqliteRow> + ColumnIndex<PgRow>,
    {
        match self {
            RawRow::Sqlite(r) => r.get(column),
            RawRow::Postgres(r) => r.get(column),
        }
    }
}

/// A value bound to a `$N` parameter.
#[derive(Debug, Clone)]
pub enum Arg {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bool(Option<bool>),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::Int(Some(v))
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Arg {
        Arg::Int(v)
    }
}
impl From<f64> for Arg {
    fn from(v: f64) -> Arg {
        Arg::Real(Some(v))
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Arg {
        Arg::Bool(Some(v))
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(Some(v.to_string()))
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(Some(v))
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(Some(v.clone()))
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Arg {
        Arg::Text(v.map(str::to_string))
    }
}

/// A statement being put together: `db.raw(sql).bind(x).fetch_all()`.
pub struct Raw<'a> {
    db: &'a Store,
    sql: String,
    args: Vec<Arg>,
}

/// Binds `Arg`s to a query of either engine, in order.
macro_rules! bound {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Real(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.clone()),
                Arg::Bool(v) => q.bind(*v),
            };
        }
        q
    }};
}
pub(crate) use bound;

impl Raw<'_> {
    pub fn bind(mut self, v: impl Into<Arg>) -> Self {
        self.args.push(v.into());
        self
    }

    /// Runs the statement; returns the rows it changed.
    pub async fn execute(self) -> Result<u64> {
        Ok(match &self.db.pool {
            Pool::Sqlite(p) => bound!(sqlx::query(&self.sql), &self.args)
                .execute(p)
                .await?
                .rows_affected(),
            Pool::Postgres(p) => bound!(sqlx::query(&self.sql), &self.args)
                .execute(p)
                .await?
                .rows_affected(),
        })
    }

    pub async fn fetch_all(self) -> Result<Vec<RawRow>> {
        Ok(match &self.db.pool {
            Pool::Sqlite(p) => bound!(sqlx::query(&self.sql), &self.args)
                .fetch_all(p)
                .await?
                .into_iter()
                .map(RawRow::Sqlite)
                .collect(),
            Pool::Postgres(p) => bound!(sqlx::query(&self.sql), &self.args)
                .fetch_all(p)
                .await?
                .into_iter()
                .map(RawRow::Postgres)
                .collect(),
        })
    }

    pub async fn fetch_optional(self) -> Result<Option<RawRow>> {
        Ok(self.fetch_all().await?.into_iter().next())
    }

    pub async fn fetch_one(self) -> Result<RawRow> {
        self.fetch_optional()
            .await?
            .ok_or_else(|| sqlx::Error::RowNotFound.into())
    }

    /// The first column of the one row the statement returns.
    pub async fn scalar<T: Column>(self) -> Result<T> {
        Ok(self.fetch_one().await?.get(0))
    }

    /// The first column of every row.
    pub async fn scalars<T: Column>(self) -> Result<Vec<T>> {
        Ok(self.fetch_all().await?.iter().map(|r| r.get(0)).collect())
    }
}

impl Raw<'_> {
    /// Every row as a typed value (a tuple or a `FromRow` struct).
    pub async fn fetch_all_as<T>(self) -> Result<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin,
    {
        Ok(match &self.db.pool {
            Pool::Sqlite(p) => {
                bound!(sqlx::query_as(&self.sql), &self.args)
                    .fetch_all(p)
                    .await?
            }
            Pool::Postgres(p) => {
                bound!(sqlx::query_as(&self.sql), &self.args)
                    .fetch_all(p)
                    .await?
            }
        })
    }

    /// The one row the statement returns, typed.
    pub async fn fetch_one_as<T>(self) -> Result<T>
    where
        T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin,
    {
        self.fetch_all_as()
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| sqlx::Error::RowNotFound.into())
    }
}

impl Store {
    pub fn raw(&self, sql: impl Into<String>) -> Raw<'_> {
        Raw {
            db: self,
            sql: sql.into(),
            args: Vec::new(),
        }
    }
}
