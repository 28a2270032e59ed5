//! A stored time: RFC 3339 UTC text on both engines (see `crate::dates::ts`), read into a
//! `DateTime<Utc>` at the edge of the data layer. Text that is not a time fails the read
//! rather than turning into some default.

use chrono::{DateTime, Utc};
use sqlx::{Decode, Postgres, Sqlite, Type};

/// A time column; rows convert it to `DateTime<Utc>` (`#[sqlx(try_from = "Time")]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time(pub DateTime<Utc>);

impl From<Time> for DateTime<Utc> {
    fn from(t: Time) -> DateTime<Utc> {
        t.0
    }
}

fn parse(text: &str) -> Result<Time, sqlx::error::BoxDynError> {
    crate::dates::parse_ts(text)
        .map(Time)
        .ok_or_else(|| format!("{text:?} is not an RFC 3339 time").into())
}

impl Type<Sqlite> for Time {
    fn type_info() -> <Sqlite as sqlx::Database>::TypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
    fn compatible(ty: &<Sqlite as sqlx::Database>::TypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Sqlite> for Time {
    fn decode(
        value: <Sqlite as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        parse(<&str as Decode<Sqlite>>::decode(value)?)
    }
}

impl Type<Postgres> for Time {
    fn type_info() -> <Postgres as sqlx::Database>::TypeInfo {
        <String as Type<Postgres>>::type_info()
    }
    fn compatible(ty: &<Postgres as sqlx::Database>::TypeInfo) -> bool {
        <String as Type<Postgres>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Postgres> for Time {
    fn decode(
        value: <Postgres as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        parse(<&str as Decode<Postgres>>::decode(value)?)
    }
}

/// An optional time column as the rest of Proofwire wants it.
pub(crate) fn opt(t: Option<Time>) -> Option<DateTime<Utc>> {
    t.map(|t| t.0)
}
