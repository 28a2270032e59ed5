//! What matters today: each story of a day gets a score from signals a reader can check (the
//! kind of post; what it is about — a security incident, regulation or a ruling, a large deal
//! or market move, a research landmark; its checkable claims; how many outlets covered it and
//! how many of them are major; whether it names a versioned model or product), the best lead
//! the digest, the rest follow grouped by vendor, and a vendor's series of minor posts
//! (guides, customer stories, recaps, columns) fold into one line.
//!
//! `words` (every word list, from `content/ranking.toml`), `kind` (what a post is), `score`
//! (its points and why), `headline` (two sections of one story kept out of the top block
//! twice), `evaluate` and `news_days` (`proofwire eval-ranking`), and here the arrangement of
//! a day's sections.

pub mod evaluate;
pub mod headline;
pub mod kind;
pub mod news_days;
pub mod score;
pub mod words;

use std::collections::HashMap;

use app::ids::ArticleId;
use app::models::{RankReason, Series, SeriesPost};
use app::vocab::{Placement, RankSignal, StoryKind};

use crate::stories::post::Section;
use headline::Headline;
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
pub fn arrange(sections: Vec<Section>, placements: &HashMap<ArticleId, Placement>) -> Arranged {
    let decided = |s: &Section| {
        s.article_ids()
            .find_map(|id| placements.get(&id).copied())
            .filter(|p| *p != Placement::Auto)
    };
    let (hidden, mut sections): (Vec<Section>, Vec<Section>) = sections
        .into_iter()
        .partition(|s| decided(s) == Some(Placement::Hide));
    let hidden = hidden
        .into_iter()
        .map(|s| SeriesPost {
            article_id: s.lead.article_id,
            title: s.lead.title,
            url: s.lead.url,
        })
        .collect();
    for section in &mut sections {
        let text = section.lead.summary_text();
        let other_titles: Vec<&str> = section.also.iter().map(|(p, _)| p.title.as_str()).collect();
        let (other_outlets, major_outlets) = outlets(section);
        let rank = score(&Signals {
            title: &section.lead.title,
            url: &section.lead.url,
            text: &text,
            other_titles: &other_titles,
            trackable_claims: checkable_claims(section),
            other_outlets,
            major_outlets,
        });
        section.rank = rank;
        match decided(section) {
            Some(Placement::Pin) => section.rank.reasons.push(reason(RankSignal::Pinned)),
            Some(Placement::Demote) => section.rank.reasons.push(reason(RankSignal::Demoted)),
            _ => {}
        }
    }
    let editor = decided;
    // Stable: equal scores keep the day's order (publication time).
    sections.sort_by(|a, b| {
        let key = |s: &Section| match editor(s) {
            Some(Placement::Pin) => 1,
            Some(Placement::Demote) => -1,
            _ => 0,
        };
        key(b)
            .cmp(&key(a))
            .then(b.rank.score.total_cmp(&a.rank.score))
    });
    let mut top = 0;
    let mut top_headlines: Vec<Headline> = Vec::new();
    for section in &mut sections {
        let decision = editor(section);
        let leads = section.rank.score >= TOP_MIN_SCORE
            && !section.rank.kind.is_some_and(StoryKind::is_minor)
            && decision != Some(Placement::Demote);
        let headline = Headline::of(&section.lead.title);
        if decision != Some(Placement::Pin)
            && leads
            && top < TOP
            && top_headlines.iter().any(|h| h.same_story(&headline))
        {
            // A second section of a story already in the block: it stays below.
            section.rank.reasons.push(reason(RankSignal::Echo));
            continue;
        }
        if decision == Some(Placement::Pin) || (leads && top < TOP) {
            section.rank.top = true;
            top += 1;
            top_headlines.push(headline);
        }
    }
    let (lead, rest): (Vec<Section>, Vec<Section>) = sections.into_iter().partition(|s| s.rank.top);
    let (mut rest, series) = fold_series(rest, &|s| editor(s) == Some(Placement::Pin));
    let mut vendors: Vec<String> = Vec::new();
    for s in &rest {
        if !vendors.contains(&s.lead.vendor) {
            vendors.push(s.lead.vendor.clone());
        }
    }
    for s in &series {
        if !vendors.contains(&s.vendor) {
            vendors.push(s.vendor.clone());
        }
    }
    // Stable: each vendor's sections keep their order.
    rest.sort_by_key(|s| vendors.iter().position(|v| v == &s.lead.vendor));
    let mut grouped = lead;
    grouped.extend(rest);
    let mut series = series;
    series.sort_by_key(|s| vendors.iter().position(|v| v == &s.vendor));
    Arranged {
        sections: grouped,
        series,
        hidden,
    }
}

/// A day's stories as the digest shows them.
#[derive(Debug)]
pub struct Arranged {
    pub sections: Vec<Section>,
    pub series: Vec<Series>,
    /// Stories an editor hid (listed as such, never silently dropped).
    pub hidden: Vec<SeriesPost>,
}

/// How many outlets other than the lead post's carried the story (distinct hosts; a post
/// without an address counts by its vendor), and how many of the story's posts come from a
/// major outlet.
fn outlets(section: &Section) -> (usize, usize) {
    let w = words::words();
    let key = |url: &str, vendor: &str| {
        let h = words::host(url);
        if h.is_empty() {
            format!("vendor:{}", vendor.to_lowercase())
        } else {
            h
        }
    };
    let lead = key(&section.lead.url, &section.lead.vendor);
    let mut others: Vec<String> = Vec::new();
    for (c, _) in &section.also {
        let k = key(&c.url, &c.vendor);
        if k != lead && !others.contains(&k) {
            others.push(k);
        }
    }
    let major = std::iter::once(section.lead.url.as_str())
        .chain(section.also.iter().map(|(c, _)| c.url.as_str()))
        .filter(|u| words::major_outlet(&words::host(u), w))
        .count();
    (others.len(), major)
}

/// The section's trackable claims, where a claim without a value made by a sentence that also
/// states a figure ("Qwen3-Max, with over one trillion parameters, surpasses rival models")
/// restates that sentence and is not counted again.
fn checkable_claims(section: &Section) -> usize {
    let trackable: Vec<_> = section.claims().filter(|c| c.kind.is_trackable()).collect();
    trackable
        .iter()
        .filter(|c| {
            c.value.is_some()
                || !trackable.iter().any(|o| {
                    o.value.is_some()
                        && o.article_id == c.article_id
                        && o.span_start == c.span_start
                })
        })
        .count()
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
    sections: Vec<Section>,
    pinned: &dyn Fn(&Section) -> bool,
) -> (Vec<Section>, Vec<Series>) {
    let foldable = |s: &Section| {
        s.rank.kind.is_some_and(StoryKind::is_minor)
            && s.also.is_empty()
            && !s.claims().any(|c| c.kind.is_trackable())
            && !pinned(s)
    };
    let mut counts: HashMap<(String, StoryKind), usize> = HashMap::new();
    for s in sections.iter().filter(|s| foldable(s)) {
        if let Some(k) = s.rank.kind {
            *counts.entry((s.lead.vendor.clone(), k)).or_default() += 1;
        }
    }
    let mut series: Vec<Series> = Vec::new();
    let mut kept = Vec::with_capacity(sections.len());
    for s in sections {
        let key = s.rank.kind.map(|k| (s.lead.vendor.clone(), k));
        let folds = foldable(&s)
            && key
                .as_ref()
                .is_some_and(|k| counts.get(k).copied().unwrap_or(0) >= SERIES_MIN);
        let Some((vendor, kind)) = key.filter(|_| folds) else {
            kept.push(s);
            continue;
        };
        let post = SeriesPost {
            article_id: s.lead.article_id,
            title: s.lead.title,
            url: s.lead.url,
        };
        match series
            .iter_mut()
            .find(|x| x.vendor == vendor && x.kind == kind)
        {
            Some(x) => x.posts.push(post),
            None => series.push(Series {
                vendor,
                kind,
                posts: vec![post],
            }),
        }
    }
    (kept, series)
}

#[cfg(test)]
mod tests {
    use super::*;
    use evaluate::LabelledPost;
    use proptest::prelude::*;

    fn post(i: usize, title: &str, host: &str) -> Section {
        Section::alone(evaluate::post(
            &LabelledPost {
                id: format!("p{i}"),
                story: format!("s{i}"),
                date: "2026-01-01".into(),
                vendor: "Vendor".into(),
                url: format!("https://{host}/{i}"),
                title: title.into(),
                text: String::new(),
                lang: "en".into(),
            },
            i,
        ))
    }

    #[test]
    fn a_story_shown_twice_leads_once_and_never_leads_kinds_stay_out() {
        let items = vec![
            post(0, "Acme to invest $2 billion in Globex", "a.example"),
            post(
                1,
                "Acme boosts rivalry with $2 billion investment",
                "b.example",
            ),
            post(
                2,
                "Regulator fines Initech over data protection",
                "c.example",
            ),
            post(3, "Opinion: what the Acme deal means", "d.example"),
            post(4, "How to use Globex agents", "e.example"),
        ];
        let a = arrange(items, &HashMap::new());
        let top: Vec<i64> = a
            .sections
            .iter()
            .filter(|s| s.rank.top)
            .map(|s| s.lead.article_id.get())
            .collect();
        assert!(top.contains(&0) && top.contains(&2), "{top:?}");
        assert!(!top.contains(&1) && !top.contains(&3) && !top.contains(&4));
        let echo = a
            .sections
            .iter()
            .find(|s| s.lead.article_id == ArticleId::new(1))
            .expect("kept");
        assert!(echo
            .rank
            .reasons
            .iter()
            .any(|r| r.signal == RankSignal::Echo));
    }

    #[test]
    fn outlets_count_distinct_hosts_other_than_the_lead_and_major_ones() {
        let mut item = post(0, "Acme news", "www.reuters.com");
        for (i, host) in ["reuters.com", "b.example", "b.example", "techcrunch.com"]
            .into_iter()
            .enumerate()
        {
            let p = post(i + 1, "x", host);
            item.also
                .push((p.lead, crate::stories::similarity::Reason::SameText(1.0)));
        }
        assert_eq!(outlets(&item), (2, 3));
    }

    fn title() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec![
                "Acme",
                "Globex",
                "Initech",
                "삼성전자",
                "Opinion:",
                "How to",
            ]),
            prop::sample::select(vec![
                "launches",
                "invests $3 billion in",
                "is sued over copyright by",
                "breach hits",
                "explainer:",
                "tips for",
                "wins Nobel with",
                "raises funding from",
            ]),
            prop::sample::select(vec!["Hooli", "Umbrella", "모델", "agents"]),
            "\\PC{0,12}",
        )
            .prop_map(|(a, b, c, d)| format!("{a} {b} {c}{d}"))
    }

    proptest! {
        /// Whatever a day holds: at most `TOP` stories lead, each with the minimum score and of
        /// a kind that may lead, no two of them one story by their headlines, all first.
        #[test]
        fn the_top_block_holds_whatever_the_day(titles in prop::collection::vec(title(), 0..14)) {
            let sections: Vec<Section> = titles
                .iter()
                .enumerate()
                .map(|(i, t)| post(i, t, &format!("h{}.example", i % 3)))
                .collect();
            let a = arrange(sections, &HashMap::new());
            let top: Vec<&Section> = a.sections.iter().filter(|s| s.rank.top).collect();
            prop_assert!(top.len() <= TOP);
            prop_assert!(a.sections.iter().take(top.len()).all(|s| s.rank.top));
            for (n, t) in top.iter().enumerate() {
                prop_assert!(t.rank.score >= TOP_MIN_SCORE);
                prop_assert!(!t.rank.kind.is_some_and(StoryKind::is_minor));
                for u in &top[n + 1..] {
                    prop_assert!(!Headline::of(&t.lead.title).same_story(&Headline::of(&u.lead.title)));
                }
            }
        }
    }
}
