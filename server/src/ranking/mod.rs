//! What matters today: each story of a day gets a score from signals a reader can check (the
//! kind of post, its checkable claims, how many other sources covered it, whether it names a
//! versioned model or product), the best lead the digest, the rest follow grouped by vendor,
//! and a vendor's series of minor posts (guides, customer stories, recaps) fold into one line.
//!
//! `kind` (what a post is), `score` (its points and why), `evaluate` (`proofwire
//! eval-ranking`), and here the arrangement of a day's sections.

pub mod evaluate;
pub mod kind;
pub mod news_days;
pub mod score;

use std::collections::HashMap;

use app::models::{DigestItem, RankReason, Series, SeriesPost};
use app::vocab::{Placement, RankSignal, StoryKind};

pub use score::{score, Signals};

/// Stories that lead a day at most.
pub const TOP: usize = 5;
/// A story leads only with at least this score: a day of guides has no top stories.
pub const TOP_MIN_SCORE: f32 = 2.5;
/// A vendor's minor posts of one kind fold into one line from this many on.
pub const SERIES_MIN: usize = 3;

/// The day's sections in reading order — top stories first, then the rest grouped by vendor
/// (vendors in the order of their best story) — and the folded series. `placements` are the
/// editors' decisions by article: a decision about any post of a story is the story's, and it
/// outranks every signal (pinned stories lead even past five, demoted ones never lead, hidden
/// ones leave the sections for the `hidden` list).
pub fn arrange(items: Vec<DigestItem>, placements: &HashMap<i64, Placement>) -> Arranged {
    let decided = |i: &DigestItem| {
        std::iter::once(i.article_id)
            .chain(i.also.iter().map(|c| c.article_id))
            .find_map(|id| placements.get(&id).copied())
            .filter(|p| *p != Placement::Auto)
    };
    let (hidden, mut items): (Vec<DigestItem>, Vec<DigestItem>) = items
        .into_iter()
        .partition(|i| decided(i) == Some(Placement::Hide));
    let hidden = hidden
        .into_iter()
        .map(|i| SeriesPost {
            article_id: i.article_id,
            title: i.title,
            url: i.url,
        })
        .collect();
    for item in &mut items {
        let text = item.summary_text();
        item.rank = score(&Signals {
            title: &item.title,
            url: &item.url,
            text: &text,
            trackable_claims: item.claims.iter().filter(|c| c.kind.is_trackable()).count(),
            other_sources: item.also.len(),
        });
        match decided(item) {
            Some(Placement::Pin) => item.rank.reasons.push(reason(RankSignal::Pinned)),
            Some(Placement::Demote) => item.rank.reasons.push(reason(RankSignal::Demoted)),
            _ => {}
        }
    }
    let editor = decided;
    // Stable: equal scores keep the day's order (publication time).
    items.sort_by(|a, b| {
        let key = |i: &DigestItem| match editor(i) {
            Some(Placement::Pin) => 1,
            Some(Placement::Demote) => -1,
            _ => 0,
        };
        key(b)
            .cmp(&key(a))
            .then(b.rank.score.total_cmp(&a.rank.score))
    });
    let mut top = 0;
    for item in &mut items {
        let decision = editor(item);
        let leads = item.rank.score >= TOP_MIN_SCORE
            && !item.rank.kind.is_some_and(StoryKind::is_minor)
            && decision != Some(Placement::Demote);
        if decision == Some(Placement::Pin) || (leads && top < TOP) {
            item.rank.top = true;
            top += 1;
        }
    }
    let (lead, rest): (Vec<DigestItem>, Vec<DigestItem>) =
        items.into_iter().partition(|i| i.rank.top);
    let (rest, series) = fold_series(rest, &|i| editor(i) == Some(Placement::Pin));
    let mut vendors: Vec<String> = Vec::new();
    for i in &rest {
        if !vendors.contains(&i.vendor) {
            vendors.push(i.vendor.clone());
        }
    }
    for s in &series {
        if !vendors.contains(&s.vendor) {
            vendors.push(s.vendor.clone());
        }
    }
    let mut grouped = lead;
    for v in &vendors {
        grouped.extend(rest.iter().filter(|i| &i.vendor == v).cloned());
    }
    let mut series = series;
    series.sort_by_key(|s| vendors.iter().position(|v| v == &s.vendor));
    Arranged {
        items: grouped,
        series,
        hidden,
    }
}

/// A day's stories as the digest shows them.
pub struct Arranged {
    pub items: Vec<DigestItem>,
    pub series: Vec<Series>,
    /// Stories an editor hid (listed as such, never silently dropped).
    pub hidden: Vec<SeriesPost>,
}

fn reason(signal: RankSignal) -> RankReason {
    RankReason {
        signal,
        points: 0.0,
        count: 0,
    }
}

/// Folds each vendor's minor posts of one kind, from `SERIES_MIN` on, into a series. A post
/// with checkable claims, with coverage by others, or pinned by an editor keeps its section.
fn fold_series(
    items: Vec<DigestItem>,
    pinned: &dyn Fn(&DigestItem) -> bool,
) -> (Vec<DigestItem>, Vec<Series>) {
    let foldable = |i: &DigestItem| {
        i.rank.kind.is_some_and(StoryKind::is_minor)
            && i.also.is_empty()
            && !i.claims.iter().any(|c| c.kind.is_trackable())
            && !pinned(i)
    };
    let mut counts: HashMap<(String, StoryKind), usize> = HashMap::new();
    for i in items.iter().filter(|i| foldable(i)) {
        if let Some(k) = i.rank.kind {
            *counts.entry((i.vendor.clone(), k)).or_default() += 1;
        }
    }
    let mut series: Vec<Series> = Vec::new();
    let mut kept = Vec::with_capacity(items.len());
    for i in items {
        let key = i.rank.kind.map(|k| (i.vendor.clone(), k));
        let folds = foldable(&i)
            && key
                .as_ref()
                .is_some_and(|k| counts.get(k).copied().unwrap_or(0) >= SERIES_MIN);
        let Some((vendor, kind)) = key.filter(|_| folds) else {
            kept.push(i);
            continue;
        };
        let post = SeriesPost {
            article_id: i.article_id,
            title: i.title,
            url: i.url,
        };
        match series
            .iter_mut()
            .find(|s| s.vendor == vendor && s.kind == kind)
        {
            Some(s) => s.posts.push(post),
            None => series.push(Series {
                vendor,
                kind,
                posts: vec![post],
            }),
        }
    }
    (kept, series)
}
