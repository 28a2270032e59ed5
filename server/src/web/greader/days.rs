//! A finished day's top stories as one item of `feed/top-stories`: the day's lead and each top
//! story's checked summary. A day is an item only once it is over (in the configured zone), so
//! an app that keeps an item as it first read it keeps the whole day; its time is the day's
//! end, which never moves, so paging by time stays exact.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::models::Digest;
use chrono::{DateTime, NaiveDate, Utc};

use super::super::error::AppError;
use super::super::WebState;
use crate::dates::{day_bounds, local_date};
use crate::digest::build_digest;

/// The finished days `feed/top-stories` and the reading list carry.
pub const TOP_DAYS: u64 = 14;

/// One day's top stories (the digest holds only those sections).
#[derive(Debug)]
pub struct TopDay {
    pub date: NaiveDate,
    /// The day's end: the item's time.
    pub at: DateTime<Utc>,
    pub digest: Digest,
}

/// Built days by date, each with the day's content version: a digest is built once per
/// version of its day, not on every sync. Only the recent days are kept.
#[derive(Clone, Default)]
pub struct TopDays {
    built: Arc<Mutex<Built>>,
}

/// Per date: the day's content version when built, and what it built to.
type Built = HashMap<NaiveDate, (String, Option<Arc<TopDay>>)>;

impl TopDays {
    /// The top stories of `date`, if it is over and had any.
    pub async fn day(
        &self,
        state: &WebState,
        date: NaiveDate,
    ) -> Result<Option<Arc<TopDay>>, AppError> {
        let tz = state.settings.tz;
        let now = Utc::now();
        let (from, to) = day_bounds(date, tz);
        if to > now {
            return Ok(None);
        }
        let date_s = date.format("%Y-%m-%d").to_string();
        let version = state.store().day_version(from, to, &date_s).await?;
        if version.starts_with("0.") {
            // No article that day.
            return Ok(None);
        }
        if let Some((v, day)) = self.lock().get(&date) {
            if *v == version {
                return Ok(day.clone());
            }
        }
        let lang = state.settings.default_lang;
        let digest = build_digest(state.store(), tz, Some(date), lang.code()).await?;
        let day = digest.and_then(|mut d| {
            d.items.retain(|i| i.rank.top);
            (!d.items.is_empty()).then(|| {
                Arc::new(TopDay {
                    date,
                    at: to,
                    digest: d,
                })
            })
        });
        let recent = local_date(now, tz) - chrono::Days::new(TOP_DAYS + 1);
        let mut built = self.lock();
        built.retain(|d, _| *d >= recent);
        if date >= recent {
            built.insert(date, (version, day.clone()));
        }
        Ok(day)
    }

    /// The last `TOP_DAYS` finished days that had top stories, newest first.
    pub async fn recent(&self, state: &WebState) -> Result<Vec<Arc<TopDay>>, AppError> {
        let today = local_date(Utc::now(), state.settings.tz);
        let mut days = Vec::new();
        for back in 1..=TOP_DAYS {
            let Some(date) = today.checked_sub_days(chrono::Days::new(back)) else {
                break;
            };
            if let Some(day) = self.day(state, date).await? {
                days.push(day);
            }
        }
        Ok(days)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Built> {
        // A panic while holding it leaves only a cache behind: keep using it.
        self.built.lock().unwrap_or_else(|p| p.into_inner())
    }
}
