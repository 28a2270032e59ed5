//! `proofwire eval-ranking`: does the digest lead with what an editor would? Each labelled day
//! (`content/eval/ranking.toml`, conventions in `ranking.md`) is built as the digest builds it
//! — fingerprints and story grouping, claims from the rule extractor, then `arrange` — and its
//! top k sections are compared with the editor's lead stories (k = their number, at most 5).

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

use app::ids::ArticleId;
use app::models::SummarySentence;
use app::vocab::Status;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::db::claims::ClaimRow;
use crate::stories::evaluate as stories_eval;
use crate::stories::post::{sections, Post, Section};
use crate::stories::Fingerprint;

#[derive(Debug, Clone, Deserialize)]
pub struct Day {
    pub date: String,
    pub lead: Vec<String>,
    #[serde(default)]
    pub held_out: bool,
}

#[derive(Debug, Deserialize)]
struct Days {
    day: Vec<Day>,
}

/// A post of the sets: the story set's fields plus the vendor and address the ranking reads.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledPost {
    pub id: String,
    pub story: String,
    pub date: String,
    pub vendor: String,
    pub url: String,
    pub title: String,
    pub text: String,
    /// `en` or `ko` where the set says (the news days do).
    #[serde(default)]
    pub lang: String,
}

pub struct Set {
    pub days: Vec<Day>,
    pub posts: Vec<LabelledPost>,
}

/// Loads the days and every post of the story set and the ranking set.
pub fn load(days: &Path, posts: &[&Path]) -> Result<Set, String> {
    let text = std::fs::read_to_string(days)
        .map_err(|e| format!("cannot read {}: {e}", days.display()))?;
    let parsed: Days = toml::from_str(&text).map_err(|e| format!("{}: {e}", days.display()))?;
    let mut all = Vec::new();
    for path in posts {
        // The story set's loader checks its format; both files share it.
        stories_eval::load(path)?;
        all.extend(crate::eval::jsonl(path, |_: &LabelledPost| Ok(()))?);
    }
    for d in &parsed.day {
        for l in &d.lead {
            if !all.iter().any(|p| p.date == d.date && &p.story == l) {
                return Err(format!(
                    "{}: lead {l:?} of {} is no post of that day",
                    days.display(),
                    d.date
                ));
            }
        }
    }
    Ok(Set {
        days: parsed.day,
        posts: all,
    })
}

pub struct DayResult<'a> {
    pub day: &'a Day,
    /// The sections in reading order: (story label, title, vendor, top, why).
    pub sections: Vec<(String, String, String, bool, String)>,
    pub folded: Vec<String>,
    /// The top block against the leads.
    pub block: Block,
    pub hits: usize,
    pub k: usize,
}

impl DayResult<'_> {
    pub fn precision(&self) -> f64 {
        if self.k == 0 {
            1.0
        } else {
            self.hits as f64 / self.k as f64
        }
    }
}

/// One day's posts built as the digest builds them: grouped into stories, arranged, and each
/// section's story label (the label of most of its posts; a tie goes to the section's lead post).
pub struct Built {
    pub sections: Vec<Section>,
    pub series: Vec<app::models::Series>,
    pub label_of: HashMap<ArticleId, String>,
}

impl Built {
    /// A section's story label ("" for a section the labels do not know).
    pub fn label(&self, section: &Section) -> &str {
        self.label_of
            .get(&section.lead.article_id)
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Groups and arranges one day's posts through the digest's own code path
/// (`stories::post::sections`, then `arrange`).
pub fn build(posts: &[&LabelledPost]) -> Built {
    let grouped = sections(
        posts.iter().enumerate().map(|(i, p)| post(p, i)).collect(),
        &[],
    );
    let mut label_of: HashMap<ArticleId, String> = HashMap::new();
    for section in &grouped {
        let members: Vec<&str> = section
            .article_ids()
            .filter_map(|id| usize::try_from(id.get()).ok())
            .filter_map(|m| posts.get(m))
            .map(|p| p.story.as_str())
            .collect();
        label_of.insert(section.lead.article_id, majority(&members).to_string());
    }
    let super::Arranged {
        sections, series, ..
    } = super::arrange(grouped, &HashMap::new());
    Built {
        sections,
        series,
        label_of,
    }
}

/// The label most of `labels` carry; on a tie the first of the tied in order (the lead post's
/// when it is among them).
fn majority<'a>(labels: &[&'a str]) -> &'a str {
    let count = |l: &str| labels.iter().filter(|x| **x == l).count();
    let best = labels.iter().map(|l| count(l)).max().unwrap_or(0);
    labels
        .iter()
        .find(|l| count(l) == best)
        .copied()
        .unwrap_or("")
}

/// What a day's top block holds against the editor's leads. A lead story shown twice in the
/// block counts once: the second section is a wasted place.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Block {
    pub days: usize,
    /// Sections in the top block.
    pub shown: usize,
    /// Of those, sections of a lead story (each lead once).
    pub right: usize,
    /// Lead stories of the days.
    pub leads: usize,
    /// Lead stories found in the block.
    pub found: usize,
    /// Sections in the block whose story is no lead and a kind that never leads (guide, tips,
    /// recap, explainer, newsletter, column, podcast, customer story, event listing).
    pub never_lead: usize,
}

impl Block {
    pub fn of(built: &Built, lead: &[String]) -> Block {
        let mut seen: Vec<&str> = Vec::new();
        let mut b = Block {
            days: 1,
            leads: lead.len(),
            ..Block::default()
        };
        for section in built.sections.iter().filter(|s| s.rank.top) {
            let label = built.label(section);
            b.shown += 1;
            if lead.iter().any(|l| l == label) {
                if !seen.contains(&label) {
                    seen.push(label);
                    b.right += 1;
                    b.found += 1;
                }
            } else if never_lead_label(label) {
                b.never_lead += 1;
            }
        }
        b
    }

    pub fn plus(self, o: Block) -> Block {
        Block {
            days: self.days + o.days,
            shown: self.shown + o.shown,
            right: self.right + o.right,
            leads: self.leads + o.leads,
            found: self.found + o.found,
            never_lead: self.never_lead + o.never_lead,
        }
    }

    /// Right stories in the block / stories in the block (1 for an empty block: it claims
    /// nothing wrong; recall shows what it missed).
    pub fn precision(&self) -> f64 {
        if self.shown == 0 {
            1.0
        } else {
            self.right as f64 / self.shown as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.leads == 0 {
            1.0
        } else {
            self.found as f64 / self.leads as f64
        }
    }

    pub fn mean_size(&self) -> f64 {
        if self.days == 0 {
            0.0
        } else {
            self.shown as f64 / self.days as f64
        }
    }
}

/// Label words the sets give never-lead items (`chatgpt-gov-explainer`, `guide-…`,
/// `gemini-3-newsletter-column`, `davos-ai-roundup`): read from the label, never the post.
const NEVER_LEAD_LABEL_WORDS: [&str; 16] = [
    "guide",
    "howto",
    "how-to",
    "tips",
    "tip",
    "recap",
    "roundup",
    "explainer",
    "newsletter",
    "column",
    "opinion",
    "podcast",
    "customer",
    "listing",
    "tutorial",
    "review",
];

pub fn never_lead_label(label: &str) -> bool {
    label
        .split(['-', '_'])
        .any(|w| NEVER_LEAD_LABEL_WORDS.contains(&w))
}

/// Builds one day as the digest does and scores its top k.
pub fn run_day<'a>(set: &Set, day: &'a Day) -> DayResult<'a> {
    let posts: Vec<&LabelledPost> = set.posts.iter().filter(|p| p.date == day.date).collect();
    let built = build(&posts);
    let arranged = &built.sections;
    let k = day.lead.len().min(super::TOP);
    let hits = arranged
        .iter()
        .take(k)
        .filter(|i| day.lead.iter().any(|l| l == built.label(i)))
        .count();
    DayResult {
        day,
        block: Block::of(&built, &day.lead),
        sections: arranged
            .iter()
            .map(|i| {
                (
                    built.label(i).to_string(),
                    i.lead.title.clone(),
                    i.lead.vendor.clone(),
                    i.rank.top,
                    why(i),
                )
            })
            .collect(),
        folded: folded(&built),
        hits,
        k,
    }
}

/// A section's rank explained, with the posts folded into it.
pub fn why(s: &Section) -> String {
    std::iter::once(s.rank.explain(app::i18n::Lang::En))
        .chain(
            s.also
                .iter()
                .map(|(p, why)| format!("also {:?} ({})", p.title, why.describe())),
        )
        .collect::<Vec<_>>()
        .join("; ")
}

/// The folded series, one line each ("7 guides from OpenAI").
pub fn folded(built: &Built) -> Vec<String> {
    built
        .series
        .iter()
        .map(|s| {
            format!(
                "{} {} from {}",
                s.posts.len(),
                s.kind.plural(app::i18n::Lang::En),
                s.vendor
            )
        })
        .collect()
}

/// The post as the digest would hold it, at `index` (its article id, and its time in seconds:
/// the set's order stands for the day's).
pub(crate) fn post(p: &LabelledPost, index: usize) -> Post {
    // The digest reads a post's summary; an extractive summary is the text's opening.
    let opening: String = p.text.chars().take(300).collect();
    Post {
        article_id: ArticleId::new(index as i64),
        vendor: p.vendor.clone(),
        // The set labels the company a post is about; who published it is the site (an
        // outlet's post comes from the outlet's source in the product).
        host: url::Url::parse(&p.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| p.vendor.clone()),
        title: p.title.clone(),
        url: p.url.clone(),
        published_at: DateTime::from_timestamp(index as i64, 0).unwrap_or_default(),
        date_estimated: false,
        language: p.lang.clone(),
        summary: vec![SummarySentence {
            end: opening.chars().count(),
            text: opening,
            start: 0,
        }],
        claims: post_claims(p, index),
        fingerprint: Some(Fingerprint::of(&p.title, &p.text)),
    }
}

/// The claims the rule extractor finds in the post, as the digest would read them.
fn post_claims(p: &LabelledPost, index: usize) -> Vec<ClaimRow> {
    crate::claims::extract::extract(&p.text)
        .into_iter()
        .map(|c| ClaimRow {
            id: app::ids::ClaimId::new(0),
            article_id: ArticleId::new(index as i64),
            vendor: p.vendor.clone(),
            kind: c.kind,
            subject: c.subject,
            metric: c.metric,
            value: c.value,
            value_num: c.value_num,
            unit: c.unit,
            comparison: c.comparison,
            qualifier: c.qualifier,
            settings: Vec::new(),
            subject_from_context: false,
            subject_entity: None,
            metric_entity: None,
            sentence: String::new(),
            span_start: 0,
            span_end: 0,
            content_hash: String::new(),
            fields_method: String::new(),
            current: true,
            status: Status::Unverified,
            status_at: None,
            created_at: DateTime::<Utc>::default(),
            article_title: p.title.clone(),
            article_url: p.url.clone(),
            published_at: DateTime::<Utc>::default(),
        })
        .collect()
}

pub struct Report<'a> {
    pub days: Vec<DayResult<'a>>,
}

impl<'a> Report<'a> {
    pub fn run(set: &'a Set) -> Report<'a> {
        Report {
            days: set.days.iter().map(|d| run_day(set, d)).collect(),
        }
    }

    /// Micro-averaged top-k precision over the tuned or the held-out days.
    pub fn precision(&self, held_out: bool) -> (usize, usize) {
        self.days
            .iter()
            .filter(|d| d.day.held_out == held_out)
            .fold((0, 0), |(h, k), d| (h + d.hits, k + d.k))
    }

    /// The top blocks of the tuned or the held-out days, summed.
    pub fn block(&self, held_out: bool) -> Block {
        self.days
            .iter()
            .filter(|d| d.day.held_out == held_out)
            .fold(Block::default(), |a, d| a.plus(d.block))
    }
}

pub fn table(report: &Report<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| day | part | posts → sections (+ folded) | top-k hits | precision | top block right/shown | never-lead in block |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for d in &report.days {
        let _ = writeln!(
            out,
            "| {} | {} | {} + {} | {}/{} | {:.3} | {}/{} | {} |",
            d.day.date,
            if d.day.held_out {
                "held out"
            } else {
                "tuned on"
            },
            d.sections.len(),
            d.folded.len(),
            d.hits,
            d.k,
            d.precision(),
            d.block.right,
            d.block.shown,
            d.block.never_lead,
        );
    }
    for (name, held) in [("tuned on", false), ("held out", true)] {
        let (h, k) = report.precision(held);
        let b = report.block(held);
        if k > 0 {
            let _ = writeln!(
                out,
                "| all | {name} | | {h}/{k} | {:.3} | {}/{} ({:.3}; recall {:.3}; mean block {:.2}) | {} |",
                h as f64 / k as f64,
                b.right,
                b.shown,
                b.precision(),
                b.recall(),
                b.mean_size(),
                b.never_lead,
            );
        }
    }
    out
}

/// Each day's sections in order, with why (the held-out days only with `include_held_out`).
pub fn details(report: &Report<'_>, include_held_out: bool) -> String {
    let mut out = String::new();
    for d in report
        .days
        .iter()
        .filter(|d| include_held_out || !d.day.held_out)
    {
        let _ = writeln!(out, "{} (lead: {})", d.day.date, d.day.lead.join(", "));
        for (i, (story, title, vendor, top, why)) in d.sections.iter().enumerate() {
            let mark = if d.day.lead.contains(story) { "*" } else { " " };
            let _ = writeln!(
                out,
                "  {mark}{:>2}. {}{title} ({vendor}) [{story}] — {why}",
                i + 1,
                if *top { "TOP " } else { "" }
            );
        }
        for f in &d.folded {
            let _ = writeln!(out, "      folded: {f}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> Set {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        load(
            &root.join("content/eval/ranking.toml"),
            &[
                &root.join("content/eval/stories.jsonl"),
                &root.join("content/eval/ranking.jsonl"),
            ],
        )
        .expect("the ranking set loads")
    }

    /// The target: top-5 precision >= 0.8, on the days tuned on and on the held-out day.
    #[test]
    fn the_top_stories_meet_the_target_on_the_labelled_days() {
        let set = set();
        let report = Report::run(&set);
        for held in [false, true] {
            let (h, k) = report.precision(held);
            assert!(k > 0);
            let p = h as f64 / k as f64;
            assert!(
                p >= 0.8,
                "top-k precision {p:.3} (held out: {held})\n{}",
                table(&report)
            );
        }
    }

    /// The top block (every section marked top, not just the first k) on the vendor-launch
    /// days, no worse than when the news-day signals were added (2026-12-05): 10 of 10 right
    /// and 10 of 11 leads found on the tuned-on days, 5 of 5 and 5 of 5 on the held-out day.
    #[test]
    fn the_top_block_is_no_worse_than_the_last_measure() {
        let set = set();
        let report = Report::run(&set);
        for (held, precision, recall) in [(false, 1.0, 0.9), (true, 1.0, 1.0)] {
            let b = report.block(held);
            assert!(
                b.precision() >= precision && b.recall() >= recall && b.never_lead == 0,
                "held out: {held}: {b:?}\n{}",
                table(&report)
            );
        }
    }

    #[test]
    fn a_section_is_the_story_of_most_of_its_posts() {
        assert_eq!(majority(&["a", "b", "b"]), "b");
        assert_eq!(majority(&["a", "b"]), "a");
        assert_eq!(majority(&[]), "");
        assert!(never_lead_label("chatgpt-gov-explainer"));
        assert!(never_lead_label("devday-agentkit-howto"));
        assert!(!never_lead_label("eu-ai-act-vote"));
    }

    #[test]
    fn guides_never_lead_and_fold_into_one_line() {
        let set = set();
        let report = Report::run(&set);
        let day = report
            .days
            .iter()
            .find(|d| d.day.date == "2025-08-05")
            .expect("day");
        assert!(day
            .sections
            .iter()
            .all(|(story, _, _, top, _)| !(story.starts_with("guide-") && *top)));
        assert!(
            day.folded.iter().any(|f| f.contains("guides from OpenAI")),
            "{:?}",
            day.folded
        );
        assert!(
            !day.sections
                .iter()
                .any(|(story, ..)| story.starts_with("guide-")),
            "guides left as sections"
        );
    }
}
