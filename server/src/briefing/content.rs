//! What a briefing says: the day's stories as the digest page and the Markdown export show
//! them (headline, body and claim labels come from `export`'s helpers), cut to the top stories
//! when the subscription asks for those only.

use app::i18n::{digest_title, Lang};
use app::models::Digest;
use app::vocab::BriefingScope;
use chrono::NaiveDate;
use serde::Serialize;

use crate::export::{claim_label, shown_summary, shown_title, ShownSummary};

/// When a day has no top story, a top-stories briefing still carries its first sections.
const TOP_FALLBACK: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    pub title: String,
    pub url: String,
    pub summary: String,
    /// Each claim as one line: its status (or a business fact's kind) and its sentence.
    pub claims: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    /// The digest's day, `YYYY-MM-DD`.
    pub day: String,
    pub language: Lang,
    pub title: String,
    /// The digest page.
    pub url: String,
    pub stories: Vec<Story>,
    /// Sections of the day this briefing leaves out (top stories only).
    pub left_out: usize,
    pub unsubscribe_url: String,
}

/// The briefing of `digest` in `lang`. `public_url` has no trailing slash.
pub fn from_digest(
    digest: &Digest,
    lang: Lang,
    scope: BriefingScope,
    public_url: &str,
    unsubscribe_url: String,
) -> Briefing {
    let chosen: Vec<&app::models::DigestItem> = match scope {
        BriefingScope::All => digest.items.iter().collect(),
        BriefingScope::Top => {
            let top: Vec<_> = digest.items.iter().filter(|i| i.rank.top).collect();
            if top.is_empty() {
                digest.items.iter().take(TOP_FALLBACK).collect()
            } else {
                top
            }
        }
    };
    let stories = chosen
        .iter()
        .map(|item| Story {
            title: shown_title(item, lang),
            url: item.url.clone(),
            summary: match shown_summary(item, lang) {
                ShownSummary::Report(r) => format!("{} ({})", r.summary_text(), r.vendor),
                ShownSummary::Sentences(s) => s.join(" "),
            },
            claims: item
                .claims
                .iter()
                .map(|c| format!("{}: “{}”", claim_label(c, lang), c.sentence))
                .collect(),
        })
        .collect::<Vec<_>>();
    let title = NaiveDate::parse_from_str(&digest.date, "%Y-%m-%d")
        .map(|d| digest_title(d, lang))
        .unwrap_or_else(|_| digest.date.clone());
    Briefing {
        day: digest.date.clone(),
        language: lang,
        title,
        url: format!("{public_url}/digest/{}", digest.date),
        left_out: digest.items.len().saturating_sub(stories.len()),
        stories,
        unsubscribe_url,
    }
}
