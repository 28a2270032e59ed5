//! A stream's items in order, a page at a time. Articles come from the database, already
//! filtered and cut at the cursor; finished days' top stories are merged in by the same key
//! (time in seconds, then item number), so a page ends at the same place whichever kind its
//! last item is, and every item is on exactly one page.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::json;

use super::super::error::AppError;
use super::super::WebState;
use crate::db::reader::{ReaderUser, RefQuery};
use crate::greader::ids::Item;
use crate::greader::query::{Cursor, StreamQuery};
use crate::greader::streams::{State, Stream};

#[derive(Debug, Clone, Copy)]
pub struct Ref {
    pub item: Item,
    pub at: DateTime<Utc>,
}

impl Ref {
    fn key(&self) -> (i64, i64) {
        (self.at.timestamp(), self.item.number())
    }
}

pub struct Page {
    pub refs: Vec<Ref>,
    pub continuation: Option<Cursor>,
}

fn instant(name: &str, secs: i64) -> Result<DateTime<Utc>, AppError> {
    Utc.timestamp_opt(secs, 0)
        .single()
        .ok_or_else(|| AppError::BadRequest(format!("{name}={secs} is out of range")))
}

/// The exact vendor names behind a vendor stream's slug.
async fn vendor_names(state: &WebState, slug: &str) -> Result<Vec<String>, AppError> {
    Ok(state
        .store()
        .reader_vendors()
        .await?
        .into_iter()
        .filter(|v| crate::search::index::slug(&v.vendor) == slug)
        .map(|v| v.vendor)
        .collect())
}

/// One page of `q` for `user`.
pub async fn page(state: &WebState, user: &ReaderUser, q: &StreamQuery) -> Result<Page, AppError> {
    if q.contradictory {
        return Ok(Page {
            refs: Vec::new(),
            continuation: None,
        });
    }
    let after = q
        .after
        .map(|c| Ok::<_, AppError>((instant("c", c.secs)?, c.item)))
        .transpose()?;
    let from = q.newer_than.map(|t| instant("ot", t)).transpose()?;
    let to = q.older_than.map(|t| instant("nt", t)).transpose()?;
    let wanted = q.count + 1;
    let mut refs: Vec<Ref> = Vec::new();
    if !matches!(q.stream, Stream::TopStories) {
        let vendors = match &q.stream {
            Stream::Vendor(slug) => Some(vendor_names(state, slug).await?),
            _ => None,
        };
        let rows = state
            .store()
            .reader_refs(&RefQuery {
                user_id: user.id,
                vendors,
                from,
                to,
                after,
                oldest_first: q.oldest_first,
                read: q.read,
                starred: q.starred,
                limit: i64::try_from(wanted).unwrap_or(i64::MAX),
            })
            .await?;
        refs.extend(rows.into_iter().filter_map(|(id, at)| {
            Item::from_number(id)
                .filter(|i| matches!(i, Item::Article(_)))
                .map(|item| Ref { item, at })
        }));
    }
    if !matches!(q.stream, Stream::Vendor(_)) {
        let cursor = q.after.map(|c| (c.secs, c.item));
        let days: Vec<Ref> = state
            .greader_days
            .recent(state)
            .await?
            .iter()
            .map(|d| Ref {
                item: Item::Day(d.date),
                at: d.at,
            })
            .filter(|r| {
                let secs = r.at.timestamp();
                q.newer_than.is_none_or(|t| secs >= t)
                    && q.older_than.is_none_or(|t| secs < t)
                    && cursor.is_none_or(|c| {
                        if q.oldest_first {
                            r.key() > c
                        } else {
                            r.key() < c
                        }
                    })
            })
            .collect();
        let numbers: Vec<i64> = days.iter().map(|r| r.item.number()).collect();
        let marks = state.store().reader_states(user.id, &numbers).await?;
        for day in days {
            let mark = marks.iter().find(|m| m.item_id == day.item.number());
            let read = mark.is_some_and(|m| m.read);
            let starred = mark.is_some_and(|m| m.starred);
            if q.read.is_none_or(|r| r == read) && q.starred.is_none_or(|s| s == starred) {
                refs.push(day);
            }
        }
    }
    refs.sort_by_key(|r| r.key());
    if !q.oldest_first {
        refs.reverse();
    }
    let continuation = if refs.len() > q.count {
        refs.truncate(q.count);
        refs.last().map(|r| Cursor {
            secs: r.at.timestamp(),
            item: r.item.number(),
        })
    } else {
        None
    };
    Ok(Page { refs, continuation })
}

/// Every unread item of a stream published at or before `until` (seconds), for
/// `mark-all-as-read`.
pub async fn all_unread(
    state: &WebState,
    user: &ReaderUser,
    stream: Stream,
    until: Option<i64>,
) -> Result<Vec<i64>, AppError> {
    let mut q = StreamQuery {
        stream,
        count: 1000,
        after: None,
        oldest_first: false,
        newer_than: None,
        older_than: until.map(|t| t.saturating_add(1)),
        read: Some(false),
        starred: None,
        contradictory: false,
    };
    let mut found = Vec::new();
    loop {
        let page = page(state, user, &q).await?;
        found.extend(page.refs.iter().map(|r| r.item.number()));
        match page.continuation {
            Some(c) => q.after = Some(c),
            None => return Ok(found),
        }
    }
}

/// The numbers of those `items` that exist: stored articles, and finished days with top stories.
pub async fn existing(state: &WebState, items: &[Item]) -> Result<Vec<i64>, AppError> {
    let articles: Vec<i64> = items
        .iter()
        .filter_map(|i| match i {
            Item::Article(id) => Some(*id),
            Item::Day(_) => None,
        })
        .collect();
    let mut found: Vec<i64> = state
        .store()
        .reader_items(&articles)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    for item in items {
        if let Item::Day(date) = item {
            if state.greader_days.day(state, *date).await?.is_some() {
                found.push(item.number());
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// Unread items per feed and in the reading list, each with its newest item's time.
pub async fn unread_counts(
    state: &WebState,
    user: &ReaderUser,
    max: usize,
) -> Result<Vec<serde_json::Value>, AppError> {
    let mut streams = vec![Stream::State(State::ReadingList), Stream::TopStories];
    let vendors = state.store().reader_vendors().await?;
    let mut slugs: Vec<String> = vendors
        .iter()
        .map(|v| crate::search::index::slug(&v.vendor))
        .filter(|s| !s.is_empty())
        .collect();
    slugs.sort();
    slugs.dedup();
    streams.extend(slugs.into_iter().map(Stream::Vendor));
    let mut counts = Vec::new();
    for stream in streams {
        let q = StreamQuery {
            stream: stream.clone(),
            count: max,
            after: None,
            oldest_first: false,
            newer_than: None,
            older_than: None,
            read: Some(false),
            starred: None,
            contradictory: false,
        };
        let page = page(state, user, &q).await?;
        let Some(newest) = page.refs.first() else {
            continue;
        };
        counts.push(json!({
            "id": stream.id(),
            "count": page.refs.len(),
            "newestItemTimestampUsec": (newest.at.timestamp() * 1_000_000).to_string(),
        }));
    }
    Ok(counts)
}
