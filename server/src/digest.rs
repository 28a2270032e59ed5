//! Daily digests: which articles belong to which date in the configured time zone, and the
//! view models the pages and the exporter read.

use std::collections::BTreeMap;

use app::models::{ArchiveDay, Article, Digest, DigestItem, Lead};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::store::{parse_ts, ArticleRow, Store, StoreError};

pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// The first instant of a local date; a date whose midnight falls in a DST gap starts at
/// the first local time that exists.
fn start_of(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    for hour in 0..4 {
        let t = d.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default());
        if let Some(local) = tz.from_local_datetime(&t).earliest() {
            return local.with_timezone(&Utc);
        }
    }
    Utc.from_utc_datetime(&d.and_time(NaiveTime::default()))
}

/// `[start, end)` of a local date in UTC.
pub fn day_bounds(d: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let next = d.succ_opt().unwrap_or(d);
    (start_of(d, tz), start_of(next, tz))
}

pub fn local_rfc3339(t: &str, tz: Tz) -> String {
    parse_ts(t)
        .map(|u| {
            u.with_timezone(&tz)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_else(|| t.to_string())
}

/// Archive entries, newest date first.
pub fn group_by_date(times: &[DateTime<Utc>], tz: Tz) -> Vec<ArchiveDay> {
    let mut days: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for t in times {
        *days.entry(local_date(*t, tz)).or_default() += 1;
    }
    days.into_iter()
        .rev()
        .map(|(d, count)| ArchiveDay {
            date: d.format("%Y-%m-%d").to_string(),
            count,
        })
        .collect()
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The digest of `date`, or of the latest date with articles. `None` when nothing is stored.
pub async fn build_digest(
    store: &Store,
    tz: Tz,
    date: Option<NaiveDate>,
    lead_language: &str,
) -> Result<Option<Digest>, StoreError> {
    let date = match date {
        Some(d) => d,
        None => match store.latest_published().await? {
            Some(t) => local_date(t, tz),
            None => return Ok(None),
        },
    };
    let (from, to) = day_bounds(date, tz);
    let rows = store.articles_between(from, to).await?;
    let mut summaries = store.summaries_between(from, to).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut claims: std::collections::HashMap<i64, Vec<app::models::ClaimCard>> =
        Default::default();
    for c in crate::claims::store::claims_of_articles(store.pool(), &ids).await? {
        claims
            .entry(c.article_id)
            .or_default()
            .push(crate::claims::views::card(&c, tz));
    }
    let items: Vec<DigestItem> = rows
        .into_iter()
        .map(|row| {
            let summary = summaries.remove(&row.id).unwrap_or_default();
            let mut it = item(row, summary, tz);
            it.claims = claims.remove(&it.article_id).unwrap_or_default();
            it
        })
        .collect();
    let fmt =
        |t: Option<DateTime<Utc>>| t.map(|t| local_date(t, tz).format("%Y-%m-%d").to_string());
    let date_s = date.format("%Y-%m-%d").to_string();
    let lead = lead_for(store, &date_s, lead_language, &items).await?;
    Ok(Some(Digest {
        date: date_s,
        lead,
        items,
        prev: fmt(store.last_published_before(from).await?),
        next: fmt(store.first_published_from(to).await?),
    }))
}

/// The stored model lead, if it was written from exactly these items.
async fn lead_for(
    store: &Store,
    date: &str,
    language: &str,
    items: &[DigestItem],
) -> Result<Option<Lead>, StoreError> {
    let Some((hash, text)) = store.digest_lead(date, language).await? else {
        return Ok(None);
    };
    let current: Vec<(String, String, Vec<app::models::SummarySentence>)> = items
        .iter()
        .map(|i| (i.vendor.clone(), i.title.clone(), i.summary.clone()))
        .collect();
    Ok(
        (crate::summarize::pipeline::lead_input_hash(&current) == hash).then(|| Lead {
            language: language.to_string(),
            text,
        }),
    )
}

fn item(row: ArticleRow, summary: Vec<app::models::SummarySentence>, tz: Tz) -> DigestItem {
    DigestItem {
        article_id: row.id,
        vendor: row.vendor,
        title: row.title,
        url: row.url,
        published_at: local_rfc3339(&row.published_at, tz),
        date_estimated: row.date_estimated,
        language: row.language,
        summary,
        claims: Vec::new(),
    }
}

/// `with_dropped` adds what the grounding check removed from the latest model summary (the
/// editors' debug view).
pub async fn build_article(
    store: &Store,
    tz: Tz,
    id: i64,
    with_dropped: bool,
) -> Result<Option<Article>, StoreError> {
    let Some(row) = store.article(id).await? else {
        return Ok(None);
    };
    let dropped = if with_dropped {
        match store.latest_model_run(id).await? {
            Some((_, json, _)) => {
                serde_json::from_str::<Vec<crate::summarize::grounding::Dropped>>(&json)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| app::models::DroppedSentence {
                        text: d.text,
                        reason: d.reason.to_string(),
                    })
                    .collect()
            }
            None => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let (method, summary) = store.summary(id).await?;
    let source_name = store
        .source_name(&row.source_id)
        .await?
        .unwrap_or_else(|| row.source_id.clone());
    let digest_date = parse_ts(&row.published_at)
        .map(|t| local_date(t, tz).format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    Ok(Some(Article {
        id: row.id,
        vendor: row.vendor,
        source_name,
        title: row.title,
        url: row.url,
        canonical_url: row.canonical_url,
        language: row.language,
        published_at: local_rfc3339(&row.published_at, tz),
        date_estimated: row.date_estimated,
        fetched_at: local_rfc3339(&row.fetched_at, tz),
        updated_at: local_rfc3339(&row.updated_at, tz),
        digest_date,
        text: row.content_text,
        summary,
        summary_method: method,
        dropped,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        parse_ts(s).expect("timestamp")
    }

    #[test]
    fn seoul_dates_differ_from_utc_dates() {
        let seoul: Tz = "Asia/Seoul".parse().expect("tz");
        // 20:00 UTC on the 20th is 05:00 on the 21st in Seoul.
        assert_eq!(
            local_date(utc("2026-02-20T20:00:00Z"), seoul),
            NaiveDate::from_ymd_opt(2026, 2, 21).expect("date")
        );
        let (from, to) = day_bounds(NaiveDate::from_ymd_opt(2026, 2, 21).expect("date"), seoul);
        assert_eq!(from, utc("2026-02-20T15:00:00Z"));
        assert_eq!(to, utc("2026-02-21T15:00:00Z"));
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let ny: Tz = "America/New_York".parse().expect("tz");
        let (a, b) = day_bounds(NaiveDate::from_ymd_opt(2026, 3, 8).expect("date"), ny);
        assert_eq!((b - a).num_hours(), 23);
        let (a, b) = day_bounds(NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"), ny);
        assert_eq!((b - a).num_hours(), 25);
    }

    #[test]
    fn groups_newest_first() {
        let seoul: Tz = "Asia/Seoul".parse().expect("tz");
        let days = group_by_date(
            &[
                utc("2026-02-20T01:00:00Z"),
                utc("2026-02-20T16:00:00Z"),
                utc("2026-02-21T02:00:00Z"),
                utc("2026-02-19T10:00:00Z"),
            ],
            seoul,
        );
        let got: Vec<(String, usize)> = days.into_iter().map(|d| (d.date, d.count)).collect();
        assert_eq!(
            got,
            vec![
                ("2026-02-21".to_string(), 2),
                ("2026-02-20".to_string(), 1),
                ("2026-02-19".to_string(), 1)
            ]
        );
    }

    #[test]
    fn parses_only_strict_dates() {
        assert!(parse_date("2026-02-21").is_some());
        for bad in ["2026-2-21", "2026-02-30", "yesterday", "2026-02-21x", ""] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }
}
