//! Daily digests: which articles belong to which date in the configured time zone, and the
//! view models the pages and the exporter read.

use std::collections::BTreeMap;

use app::models::{ArchiveDay, Article, Coverage, Digest, DigestItem, Lead};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::dates::{day_bounds, local_date, local_time};
use crate::db::articles::Listing;
use crate::db::{DbError, Store};
use crate::stories::cluster::{group, group_apart, Post};
use crate::stories::{Fingerprint, FINGERPRINT_VERSION};

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
    let rows_of_claims = store.claims_of_articles(&ids).await?;
    let mut cards: Vec<app::models::ClaimCard> = rows_of_claims
        .iter()
        .map(|c| crate::claims::views::card(c, tz))
        .collect();
    crate::results::attach_measured(store, &rows_of_claims, &mut cards).await?;
    for card in cards {
        claims.entry(card.article_id).or_default().push(card);
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
    // The lead was written from the day's articles, before they were grouped.
    let lead = lead_for(store, &date_s, lead_language, &items).await?;
    let items = with_translations(store, items, lead_language).await?;
    let items = one_section_per_story(store, items, lead_language).await?;
    let translation_progress = translation_progress(&items, lead_language);
    let placements = store.placements(&ids).await?.into_iter().collect();
    let crate::ranking::Arranged {
        items,
        series,
        hidden,
    } = crate::ranking::arrange(items, &placements);
    let notes = store.digest_notes(&date_s).await?;
    let around = store.neighbours(from, to).await?;
    Ok(Some(Digest {
        date: date_s,
        lead,
        items: with_notes(items, &notes),
        series,
        hidden,
        notes: day_notes(&notes),
        prev: fmt(around.before),
        next: fmt(around.after),
        translation_progress,
    }))
}

/// The editors' splits as pairs of positions (in `posts`, whose article ids are `ids`) for
/// `group_apart`: `(taken, member)` for every other post of the story the post was taken out
/// of, as the grouping alone makes it (what the editor saw), so what the taken post kept out
/// of that story stays out.
fn kept_apart(posts: &[Post<'_>], ids: &[i64], splits: &[(i64, i64)]) -> Vec<(usize, usize)> {
    if splits.is_empty() {
        return Vec::new();
    }
    let at: std::collections::HashMap<i64, usize> =
        ids.iter().enumerate().map(|(k, id)| (*id, k)).collect();
    let stories = group(posts);
    let mut apart = Vec::new();
    for (taken, story) in splits {
        let (Some(&taken), Some(&story)) = (at.get(taken), at.get(story)) else {
            continue;
        };
        let members: Vec<usize> = stories
            .iter()
            .find(|s| s.lead == story || s.also.iter().any(|(m, _)| *m == story))
            .map(|s| {
                std::iter::once(s.lead)
                    .chain(s.also.iter().map(|(m, _)| *m))
                    .collect()
            })
            .unwrap_or_else(|| vec![story]);
        apart.extend(
            members
                .into_iter()
                .filter(|m| *m != taken)
                .map(|m| (taken, m)),
        );
    }
    apart
}

/// Folds the posts that cover one announcement into the section of its earliest post, with
/// "also covered by" entries (their claims shown in that section, still their own). Posts
/// without a current fingerprint keep their own section, and so does a post an editor took
/// out of a section ("Not the same story"). A section whose post is in another language than
/// `digest_language` takes the first folded post written in it, with a summary, as its
/// `report`: readers get an outlet's own text before a machine translation.
async fn one_section_per_story(
    store: &Store,
    items: Vec<DigestItem>,
    digest_language: &str,
) -> Result<Vec<DigestItem>, DbError> {
    if items.len() < 2 {
        return Ok(items);
    }
    let ids: Vec<i64> = items.iter().map(|i| i.article_id).collect();
    let mut prints: std::collections::HashMap<i64, Fingerprint> = Default::default();
    for (id, data) in store.fingerprints(&ids, FINGERPRINT_VERSION).await? {
        match serde_json::from_str(&data) {
            Ok(fp) => {
                prints.insert(id, fp);
            }
            Err(e) => tracing::warn!(article = id, error = %e, "unreadable story fingerprint"),
        }
    }
    let posts: Vec<Post<'_>> = items
        .iter()
        .map(|i| Post {
            published: chrono::DateTime::parse_from_rfc3339(&i.published_at)
                .map(|t| t.timestamp())
                .unwrap_or(0),
            fingerprint: prints.get(&i.article_id),
        })
        .collect();
    let apart = kept_apart(&posts, &ids, &store.story_splits(&ids).await?);
    let stories = group_apart(&posts, &apart);
    let mut slots: Vec<Option<DigestItem>> = items.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(stories.len());
    for story in stories {
        let Some(mut lead) = slots[story.lead].take() else {
            continue;
        };
        for (m, reason) in story.also {
            let Some(other) = slots[m].take() else {
                continue;
            };
            lead.claims.extend(other.claims);
            if lead.report.is_none()
                && lead.language != digest_language
                && other.language == digest_language
                && !other.summary.is_empty()
            {
                lead.report = Some(app::models::Report {
                    article_id: other.article_id,
                    vendor: other.vendor.clone(),
                    title: other.title.clone(),
                    url: other.url.clone(),
                    language: other.language.clone(),
                    summary: other.summary,
                });
            }
            lead.also.push(Coverage {
                article_id: other.article_id,
                vendor: other.vendor,
                title: other.title,
                url: other.url,
                language: other.language,
                why: reason.describe(),
            });
        }
        out.push(lead);
    }
    Ok(out)
}

/// Whether a title or sentence of this digest is still waiting for its translation into
/// `target` (a refused one is not asked again, so it does not count).
pub fn awaits_translation(digest: &Digest, target: &str) -> bool {
    digest
        .translation_progress
        .as_ref()
        .is_some_and(|p| p.language == target && p.waiting > 0)
}

/// One stored translation as the page may show it: checked again by the meaning check, which
/// translations stored before it existed have not been through (a disagreement is a refusal).
fn still_checked(
    stored: Option<&Option<String>>,
    source: &str,
    from: &str,
    target: &str,
) -> Option<Option<String>> {
    let stored = stored?;
    Some(
        stored
            .clone()
            .filter(|text| crate::translate::meaning::check(source, text, from, target).is_empty()),
    )
}

/// Attaches to each post written in another language than the digest's the checked
/// translations of its title and summary sentences (`crate::translate`), where any was tried.
async fn with_translations(
    store: &Store,
    mut items: Vec<DigestItem>,
    target: &str,
) -> Result<Vec<DigestItem>, DbError> {
    use crate::translate::{sentence_hash, PROMPT_VERSION};
    let foreign = |i: &DigestItem| crate::translate::needs_translation(&i.language, target);
    if !items.iter().any(foreign) {
        return Ok(items);
    }
    let hashes: Vec<String> = items
        .iter()
        .filter(|i| foreign(i))
        .flat_map(|i| std::iter::once(&i.title).chain(i.summary.iter().map(|s| &s.text)))
        .map(|t| sentence_hash(t))
        .collect();
    let found: std::collections::HashMap<String, Option<String>> = store
        .stored_translations(&hashes, target, PROMPT_VERSION)
        .await?
        .into_iter()
        .collect();
    for item in items.iter_mut().filter(|i| foreign(i)) {
        let from = item.language.clone();
        let title = still_checked(
            found.get(&sentence_hash(&item.title)),
            &item.title,
            &from,
            target,
        );
        let sentences: Vec<Option<Option<String>>> = item
            .summary
            .iter()
            .map(|s| still_checked(found.get(&sentence_hash(&s.text)), &s.text, &from, target))
            .collect();
        let waiting: Vec<bool> = sentences.iter().map(Option::is_none).collect();
        if title.is_some() || sentences.iter().any(Option::is_some) {
            item.translation = Some(app::models::Translation {
                language: target.to_string(),
                title_waiting: title.is_none(),
                title: title.flatten(),
                sentences: sentences.into_iter().map(Option::flatten).collect(),
                waiting,
            });
        }
    }
    Ok(items)
}

/// How many titles and summary sentences the sections show in another language than
/// `target`, and how many of them still wait for a translation (`texts_awaiting_translation`).
/// `None` when no section's post is in the other language.
fn translation_progress(
    items: &[DigestItem],
    target: &str,
) -> Option<app::models::TranslationProgress> {
    let lang = app::i18n::Lang::parse(target)?;
    let foreign: Vec<&DigestItem> = items
        .iter()
        .filter(|i| crate::translate::needs_translation(&i.language, target))
        .collect();
    if foreign.is_empty() {
        return None;
    }
    let sentences = foreign
        .iter()
        .map(|i| {
            1 + if i.report_for(lang).is_none() {
                i.summary.len()
            } else {
                0
            }
        })
        .sum();
    Some(app::models::TranslationProgress {
        language: target.to_string(),
        sentences,
        waiting: texts_awaiting_translation(items, target).len(),
    })
}

/// The titles and shown summary sentences of these sections that wait for a translation into
/// `target` (never tried; a refused one is not asked again), each with the language it is
/// written in: every title first, then the sentences, in the sections' order. A section whose
/// body is an outlet's report in `target` waits only for its title.
pub fn texts_awaiting_translation(items: &[DigestItem], target: &str) -> Vec<(String, String)> {
    let Some(lang) = app::i18n::Lang::parse(target) else {
        return Vec::new();
    };
    let mut titles = Vec::new();
    let mut sentences = Vec::new();
    for item in items
        .iter()
        .filter(|i| crate::translate::needs_translation(&i.language, target))
    {
        let shown = item.translation_for(lang);
        if shown.is_none_or(|t| t.title_waiting) {
            titles.push((item.title.clone(), item.language.clone()));
        }
        if item.report_for(lang).is_some() {
            continue;
        }
        for (k, s) in item.summary.iter().enumerate() {
            if shown.is_none_or(|t| t.waiting.get(k).copied().unwrap_or(true)) {
                sentences.push((s.text.clone(), item.language.clone()));
            }
        }
    }
    titles.extend(sentences);
    titles
}

/// Puts each story's headline and commentary (written about any of its posts) on its section.
fn with_notes(mut items: Vec<DigestItem>, notes: &[crate::db::notes::NoteRow]) -> Vec<DigestItem> {
    use app::vocab::NoteKind;
    for item in &mut items {
        let ids: Vec<i64> = std::iter::once(item.article_id)
            .chain(item.also.iter().map(|c| c.article_id))
            .collect();
        let find = |kind: NoteKind| {
            notes
                .iter()
                .find(|n| n.kind == kind.key() && ids.contains(&n.article_id))
                .map(crate::db::notes::NoteRow::note)
        };
        item.headline = find(NoteKind::Headline);
        item.commentary = find(NoteKind::Commentary);
    }
    items
}

fn day_notes(notes: &[crate::db::notes::NoteRow]) -> app::models::DayNotes {
    use app::vocab::NoteKind;
    let find = |kind: NoteKind| {
        notes
            .iter()
            .find(|n| n.kind == kind.key())
            .map(crate::db::notes::NoteRow::note)
    };
    app::models::DayNotes {
        lead: find(NoteKind::Lead),
        closing: find(NoteKind::Closing),
    }
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
        hosted_by: (row.host != row.vendor).then(|| row.host.clone()),
        article_id: row.id,
        vendor: row.vendor,
        title: row.title,
        url: row.url,
        published_at: local_time(row.published_at, tz),
        date_estimated: row.date_estimated,
        language: row.language,
        summary,
        claims: Vec::new(),
        also: Vec::new(),
        rank: Default::default(),
        translation: None,
        headline: None,
        commentary: None,
        report: None,
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
