//! The content version the page cache (`page_cache.rs`) keys a rendered digest page by: what
//! of the database a digest page is rendered from, read without rendering it.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::dates::{day_bounds, local_date};
use crate::db::{DbError, Store};

/// A digest page: the latest day's (`/`) or one day's (`/digest/{date}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestPage {
    Latest,
    Day(NaiveDate),
}

/// Everything a digest page is rendered from, as one comparable value (what the page cache
/// keys a rendered page by): which page, the day it shows, that day's own content
/// (`Store::day_version`) and the dates its previous/next links go to. An ingestion that touches
/// only today changes today's value and the latest page's, and no other day's (except the
/// day before when today's first post gives it a "next" link).
pub async fn page_version(store: &Store, tz: Tz, page: DigestPage) -> Result<String, DbError> {
    let (kind, date) = match page {
        DigestPage::Day(d) => ("day", d),
        DigestPage::Latest => match store.latest_published().await? {
            Some(t) => ("latest", local_date(t, tz)),
            None => return Ok("latest.none".into()),
        },
    };
    let date_s = date.format("%Y-%m-%d").to_string();
    let (from, to) = day_bounds(date, tz);
    let content = store.day_version(from, to, &date_s).await?;
    let around = store.neighbours(from, to).await?;
    let day = |t: Option<DateTime<Utc>>| {
        t.map(|t| local_date(t, tz).format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    Ok(format!(
        "{kind}|{date_s}|{content}|{}|{}",
        day(around.before),
        day(around.after)
    ))
}
