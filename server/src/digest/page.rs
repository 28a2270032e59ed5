//! The page's view of a day, made last: each arranged `Section` becomes an
//! `app::models::DigestItem` (times in the configured zone, claims as cards with what others
//! measured, folded posts as coverage, a report in the page's language, the translation),
//! and the editors' notes are put on their sections and on the day.

use std::collections::HashMap;

use app::ids::ArticleId;
use app::models::{ClaimCard, Coverage, DayNotes, DigestItem, Report, Translation};
use app::vocab::NoteKind;
use chrono_tz::Tz;

use crate::dates::local_time;
use crate::db::notes::NoteRow;
use crate::results::Measured;
use crate::stories::post::Section;

/// The page's sections, in the order given. `translations` are by lead article
/// (`translate::day::translations`); `measured` is what others measured on the day's claims
/// (`results::by_others`); `digest_language` picks each section's report.
pub fn items(
    sections: Vec<Section>,
    mut translations: HashMap<ArticleId, Translation>,
    measured: &Measured,
    tz: Tz,
    digest_language: &str,
) -> Vec<DigestItem> {
    let mut cards: Vec<ClaimCard> = sections
        .iter()
        .flat_map(|s| s.claims())
        .map(|c| crate::claims::views::card(c, tz))
        .collect();
    crate::results::attach(measured, &mut cards);
    let mut cards = cards.into_iter();
    sections
        .into_iter()
        .map(|s| {
            let claims = cards.by_ref().take(s.claims().count()).collect();
            let translation = translations.remove(&s.lead.article_id);
            item(s, claims, translation, tz, digest_language)
        })
        .collect()
}

fn item(
    section: Section,
    claims: Vec<ClaimCard>,
    translation: Option<Translation>,
    tz: Tz,
    digest_language: &str,
) -> DigestItem {
    let report = section.report(digest_language).map(|p| Report {
        article_id: p.article_id,
        vendor: p.vendor.clone(),
        title: p.title.clone(),
        url: p.url.clone(),
        language: p.language.clone(),
        summary: p.summary.clone(),
    });
    let Section { lead, also, rank } = section;
    DigestItem {
        hosted_by: (lead.host != lead.vendor).then_some(lead.host),
        article_id: lead.article_id,
        vendor: lead.vendor,
        title: lead.title,
        url: lead.url,
        published_at: local_time(lead.published_at, tz),
        date_estimated: lead.date_estimated,
        language: lead.language,
        summary: lead.summary,
        claims,
        also: also
            .into_iter()
            .map(|(p, why)| Coverage {
                article_id: p.article_id,
                vendor: p.vendor,
                title: p.title,
                url: p.url,
                language: p.language,
                why: why.describe(),
            })
            .collect(),
        rank,
        translation,
        headline: None,
        commentary: None,
        report,
    }
}

/// Puts each story's headline and commentary (written about any of its posts) on its section.
pub fn with_notes(mut items: Vec<DigestItem>, notes: &[NoteRow]) -> Vec<DigestItem> {
    for item in &mut items {
        let ids: Vec<i64> = std::iter::once(item.article_id.get())
            .chain(item.also.iter().map(|c| c.article_id.get()))
            .collect();
        let find = |kind: NoteKind| {
            notes
                .iter()
                .find(|n| n.kind == kind.key() && ids.contains(&n.article_id))
                .map(NoteRow::note)
        };
        item.headline = find(NoteKind::Headline);
        item.commentary = find(NoteKind::Commentary);
    }
    items
}

/// The editors' lead and closing section for the day.
pub fn day_notes(notes: &[NoteRow]) -> DayNotes {
    let find = |kind: NoteKind| {
        notes
            .iter()
            .find(|n| n.kind == kind.key())
            .map(NoteRow::note)
    };
    DayNotes {
        lead: find(NoteKind::Lead),
        closing: find(NoteKind::Closing),
    }
}
