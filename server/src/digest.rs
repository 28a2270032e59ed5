//! Daily digests: which articles belong to which date in the configured time zone, and the
//! view models the pages and the exporter read.

use std::collections::BTreeMap;

use app::models::{ArchiveDay, Article, Digest, DigestItem, Lead};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::dates::{day_bounds, local_date, local_time};
use crate::db::articles::Listing;
use crate::store::{DbError, Store};

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

/// The digest of `date`, or of the latest date with articles. `None` when nothing is stored.
pub async fn build_digest(
    store: &Store,
    tz: Tz,
    date: Option<NaiveDate>,
    lead_language: &str,
) -> Result<Option<Digest>, DbError> {
    let date = match date {
        Some(d) => d,
        None => match store.latest_published().await? {
            Some(t) => local_date(t, tz),
            None => return Ok(None),
        },
    };
    let (from, to) = day_bounds(date, tz);
    let rows = store.listings_between(from, to).await?;
    let mut summaries = store.summaries_between(from, to).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut claims: std::collections::HashMap<i64, Vec<app::models::ClaimCard>> =
        Default::default();
    for c in store.claims_of_articles(&ids).await? {
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
    let around = store.neighbours(from, to).await?;
    Ok(Some(Digest {
        date: date_s,
        lead,
        items,
        prev: fmt(around.before),
        next: fmt(around.after),
    }))
}

/// The stored model lead, if it was written from exactly these items.
async fn lead_for(
    store: &Store,
    date: &str,
    language: &str,
    items: &[DigestItem],
) -> Result<Option<Lead>, DbError> {
    let Some(crate::db::summaries::Lead {
        input_hash: hash,
        text,
        ..
    }) = store.digest_lead(date, language).await?
    else {
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

fn item(row: Listing, summary: Vec<app::models::SummarySentence>, tz: Tz) -> DigestItem {
    DigestItem {
        article_id: row.id,
        vendor: row.vendor,
        title: row.title,
        url: row.url,
        published_at: local_time(row.published_at, tz),
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
) -> Result<Option<Article>, DbError> {
    let Some(row) = store.article(id).await? else {
        return Ok(None);
    };
    let dropped = if with_dropped {
        match store.latest_model_run(id).await? {
            Some(run) => {
                serde_json::from_str::<Vec<crate::summarize::grounding::Dropped>>(&run.dropped)
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
    let digest_date = local_date(row.published_at, tz)
        .format("%Y-%m-%d")
        .to_string();
    Ok(Some(Article {
        id: row.id,
        vendor: row.vendor,
        source_name,
        title: row.title,
        url: row.url,
        canonical_url: row.canonical_url,
        language: row.language,
        published_at: local_time(row.published_at, tz),
        date_estimated: row.date_estimated,
        fetched_at: local_time(row.fetched_at, tz),
        updated_at: local_time(row.updated_at, tz),
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
        crate::dates::parse_ts(s).expect("timestamp")
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
}
