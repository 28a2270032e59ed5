//! `proofwire eval-ranking` on the outlet news days (`content/eval/news-days/`: `posts.jsonl`,
//! `leads.toml`, conventions in its README): busy days of funding, policy, rulings, market
//! moves and launches as news outlets reported them. Each day is built through the digest's
//! own grouping and arrangement (`evaluate::build`) and its top block — the sections marked
//! top, however many — is compared with the editor's leads.
//!
//! The held-out days are reported only as sums: no title, story or per-day row of theirs is
//! ever printed, so no rule can be tuned on them by reading the output.

use std::collections::HashSet;
use std::fmt::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::evaluate::{build, folded, why, Block, Built, Day, LabelledPost};

#[derive(Debug, Deserialize)]
struct Days {
    day: Vec<Day>,
}

/// Every labelled day in the folder, with its posts.
pub struct Set {
    pub days: Vec<Day>,
    pub posts: Vec<LabelledPost>,
}

/// Reads `leads.toml` and `posts.jsonl` of `dir`: however many days they hold. Refuses a set
/// whose labels do not add up (a day twice, a lead no post of the day carries, a day without
/// posts, posts of a date no day lists, an id twice).
pub fn load(dir: &Path) -> Result<Set, String> {
    let leads = dir.join("leads.toml");
    let posts_path = dir.join("posts.jsonl");
    let text = std::fs::read_to_string(&leads)
        .map_err(|e| format!("cannot read {}: {e}", leads.display()))?;
    let parsed: Days = toml::from_str(&text).map_err(|e| format!("{}: {e}", leads.display()))?;
    let posts: Vec<LabelledPost> = crate::eval::jsonl(&posts_path, |p: &LabelledPost| {
        NaiveDate::parse_from_str(&p.date, "%Y-%m-%d")
            .map_err(|_| format!("date {:?} is not YYYY-MM-DD", p.date))?;
        if p.story.trim().is_empty() || p.id.trim().is_empty() {
            return Err(format!("post {:?} has no id or story label", p.id));
        }
        Ok(())
    })?;
    let at = |m: String| format!("{}: {m}", leads.display());
    let mut dates = HashSet::new();
    for d in &parsed.day {
        if !dates.insert(d.date.as_str()) {
            return Err(at(format!("day {} is listed twice", d.date)));
        }
        if !posts.iter().any(|p| p.date == d.date) {
            return Err(at(format!("day {} has no posts", d.date)));
        }
        if let Some(l) = d
            .lead
            .iter()
            .find(|l| !posts.iter().any(|p| p.date == d.date && &p.story == *l))
        {
            return Err(at(format!(
                "lead {l:?} of {} is no post of that day",
                d.date
            )));
        }
    }
    let mut ids = HashSet::new();
    for p in &posts {
        if !dates.contains(p.date.as_str()) {
            return Err(at(format!(
                "post {} is of {}, a day not listed",
                p.id, p.date
            )));
        }
        if !ids.insert(p.id.as_str()) {
            return Err(format!("{}: id {} twice", posts_path.display(), p.id));
        }
    }
    Ok(Set {
        days: parsed.day,
        posts,
    })
}

pub struct DayBlock<'a> {
    pub day: &'a Day,
    pub posts: usize,
    pub built: Built,
    pub block: Block,
}

pub struct Report<'a> {
    pub days: Vec<DayBlock<'a>>,
}

impl<'a> Report<'a> {
    pub fn run(set: &'a Set) -> Report<'a> {
        Report {
            days: set
                .days
                .iter()
                .map(|day| {
                    let posts: Vec<&LabelledPost> =
                        set.posts.iter().filter(|p| p.date == day.date).collect();
                    let built = build(&posts);
                    DayBlock {
                        block: Block::of(&built, &day.lead),
                        posts: posts.len(),
                        built,
                        day,
                    }
                })
                .collect(),
        }
    }

    /// The top blocks of the tuned-on or the held-out days, summed.
    pub fn block(&self, held_out: bool) -> Block {
        self.days
            .iter()
            .filter(|d| d.day.held_out == held_out)
            .fold(Block::default(), |a, d| a.plus(d.block))
    }

    fn posts(&self, held_out: bool) -> usize {
        self.days
            .iter()
            .filter(|d| d.day.held_out == held_out)
            .map(|d| d.posts)
            .sum()
    }
}

/// One row per part, sums only.
pub fn table(report: &Report<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| news days | days | posts | top block right/shown | precision | lead recall | mean block | never-lead in block |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for (name, held) in [("tuned on", false), ("held out", true)] {
        let b = report.block(held);
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {}/{} | {:.3} | {:.3} ({}/{}) | {:.2} | {} |",
            b.days,
            report.posts(held),
            b.right,
            b.shown,
            b.precision(),
            b.recall(),
            b.found,
            b.leads,
            b.mean_size(),
            b.never_lead,
        );
    }
    out
}

/// Each tuned-on day's sections in order, with why. Never a held-out day's.
pub fn details(report: &Report<'_>) -> String {
    let mut out = String::new();
    for d in report.days.iter().filter(|d| !d.day.held_out) {
        let _ = writeln!(
            out,
            "{} (lead: {}) block {}/{}",
            d.day.date,
            d.day.lead.join(", "),
            d.block.right,
            d.block.shown
        );
        for (i, item) in d.built.items.iter().enumerate() {
            let story = d.built.label(item);
            let mark = if d.day.lead.iter().any(|l| l == story) {
                "*"
            } else {
                " "
            };
            let _ = writeln!(
                out,
                "  {mark}{:>2}. {}{} ({}) [{story}] — {}",
                i + 1,
                if item.rank.top { "TOP " } else { "" },
                item.title,
                item.vendor,
                why(item)
            );
        }
        for f in folded(&d.built) {
            let _ = writeln!(out, "      folded: {f}");
        }
    }
    out
}
