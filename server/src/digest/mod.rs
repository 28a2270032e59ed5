//! Daily digests: which articles belong to which date in the configured time zone, and the
//! view models the pages and the exporter read.
//!
//! A day's digest is built from domain posts: `posts` reads the day's `stories::post::Post`s
//! (times as `DateTime`), `stories::post::sections` folds them into one section per story,
//! `crate::ranking::arrange` orders them, and `page` makes the page's structs last
//! (`app::models::DigestItem`, with times formatted in the configured zone). Grouping and
//! ranking are skipped when `arrangements` kept their outcome for the same inputs. The translations
//! a section shows, and what of the day still waits for one, are `translate::day`'s.

mod arrangements;
mod page;
pub mod posts;

use std::collections::BTreeMap;

use app::ids::ArticleId;
use app::models::{ArchiveDay, Article, Digest, Lead};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::dates::{day_bounds, local_date, local_time};
use crate::db::articles::Neighbours;
use crate::db::day_page::DayPage;
use crate::db::notes::NoteRow;
use crate::db::{DbError, Store};
use crate::stories::post::{sections, Post};
use crate::translate::day::{self as translation, Shown};
use arrangements::{Arrangements, Grouped, Outcome};

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
    let Some(day) = read_day(store, tz, date, lead_language).await? else {
        return Ok(None);
    };
    Ok(Some(arrange_day(day, tz, lead_language)))
}

/// All a day's page shows, as stored.
struct DayRead {
    date: String,
    day: posts::Day,
    lead: Option<crate::db::summaries::Lead>,
    splits: Vec<(ArticleId, ArticleId)>,
    translations: translation::Stored,
    measured: crate::results::Measured,
    notes: Vec<NoteRow>,
    around: Neighbours,
}

/// Every read of a day's page, on one connection given back before the page is grouped,
/// ranked and made: a build keeps a connection from ingestion, jobs or sessions only while it
/// reads. What depends on the grouping (translations, others' results) is read for all the
/// day's posts, folded ones too (see `translate::day::stored` for what that costs).
async fn read_day(
    store: &Store,
    tz: Tz,
    date: Option<NaiveDate>,
    lead_language: &str,
) -> Result<Option<DayRead>, DbError> {
    let store = &store.hold().await?;
    let date = match date {
        Some(d) => d,
        None => match store.latest_published().await? {
            Some(t) => local_date(t, tz),
            None => return Ok(None),
        },
    };
    let (from, to) = day_bounds(date, tz);
    let date = date.format("%Y-%m-%d").to_string();
    let day = posts::between(store, from, to).await?;
    let DayPage {
        notes,
        splits,
        lead,
        around,
    } = store.day_page(from, to, &date, lead_language).await?;
    Ok(Some(DayRead {
        lead,
        splits,
        translations: translation::stored(store, &day.posts, lead_language).await?,
        measured: crate::results::by_others(store, day.posts.iter().flat_map(|p| &p.claims))
            .await?,
        notes,
        around,
        date,
        day,
    }))
}

/// The page of a day read by `read_day`: its posts grouped into stories, ranked and made
/// into the page's items (no query: pure computation; grouping and ranking taken from
/// `Arrangements::shared` when this day's inputs were arranged before).
fn arrange_day(read: DayRead, tz: Tz, lead_language: &str) -> Digest {
    let kept = Arrangements::shared();
    let DayRead {
        date,
        day,
        lead,
        splits,
        translations: stored_translations,
        measured,
        notes,
        around,
    } = read;
    let key = arrangements::key(day.as_stored(), &splits, &day.placements);
    let known = kept.get(&date, key).filter(|o| o.fits(&day.posts));
    let (posts, placements) = match known {
        Some(_) => day.unparsed(),
        None => day.fingerprinted(),
    };
    let fmt =
        |t: Option<DateTime<Utc>>| t.map(|t| local_date(t, tz).format("%Y-%m-%d").to_string());
    // The lead was written from the day's posts, before they were grouped.
    let lead = lead.and_then(|stored| current_lead(stored, lead_language, &posts));
    let sections = match &known {
        Some(outcome) => outcome.regroup(posts),
        None => sections(posts, &splits),
    };
    let translations = translation::translations(&stored_translations, &sections, lead_language);
    // Every section counts, the ones an editor hid or a series folds too.
    let translation_progress = translation::progress(
        &sections
            .iter()
            .map(|s| Shown::section(s, &translations, lead_language))
            .collect::<Vec<_>>(),
        lead_language,
    );
    let arranged = match known {
        Some(outcome) => outcome.rearrange(sections),
        None => {
            let grouped = Grouped::of(&sections);
            let arranged = crate::ranking::arrange(sections, &placements);
            kept.keep(&date, key, Outcome::new(grouped, &arranged));
            arranged
        }
    };
    let crate::ranking::Arranged {
        sections,
        series,
        hidden,
    } = arranged;
    let items = page::items(sections, translations, &measured, tz, lead_language);
    let claim_translations =
        translation::claim_translations(&stored_translations, &items, lead_language);
    let translation_progress = translation::with_claims(
        translation_progress,
        &items,
        &claim_translations,
        lead_language,
    );
    Digest {
        lead,
        items: page::with_notes(items, &notes),
        series,
        hidden,
        notes: page::day_notes(&notes),
        prev: fmt(around.before),
        next: fmt(around.after),
        translation_progress,
        claim_translations,
        date,
    }
}

/// The stored model lead, if it was written from exactly these posts.
fn current_lead(
    stored: crate::db::summaries::Lead,
    language: &str,
    posts: &[Post],
) -> Option<Lead> {
    let current: Vec<(String, String, Vec<app::models::SummarySentence>)> = posts
        .iter()
        .map(|p| (p.vendor.clone(), p.title.clone(), p.summary.clone()))
        .collect();
    (crate::summarize::pipeline::lead_input_hash(&current) == stored.input_hash).then(|| Lead {
        language: language.to_string(),
        text: stored.text,
    })
}

/// `with_dropped` adds what the grounding check removed from the latest model summary (the
/// editors' debug view).
pub async fn build_article(
    store: &Store,
    tz: Tz,
    id: ArticleId,
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
        .unwrap_or_else(|| row.source_id.to_string());
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

    /// What `read_day` returns holds no connection: on a pool of one, the pool has its
    /// connection back while the day is still to be arranged.
    #[tokio::test]
    async fn a_day_is_arranged_with_its_connection_given_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let one = crate::db::reads::pool_of_one(dir.path()).await;
        let seoul: Tz = "Asia/Seoul".parse().expect("tz");
        let date = NaiveDate::from_ymd_opt(2026, 2, 21);

        let read = read_day(&one, seoul, date, "ko")
            .await
            .expect("read")
            .expect("a given date is always read");
        let meanwhile =
            tokio::time::timeout(std::time::Duration::from_secs(5), one.latest_published())
                .await
                .expect("the connection was still held after the reads");
        assert_eq!(meanwhile.expect("pooled read"), None);
        let digest = arrange_day(read, seoul, "ko");
        assert_eq!(digest.date, "2026-02-21");
        assert!(digest.items.is_empty());
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
