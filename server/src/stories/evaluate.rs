//! `proofwire eval-stories`: precision and recall of the merges on labelled real coverage
//! (`content/eval/stories.jsonl`, conventions in `stories.md`). Every pair of posts at most
//! two days apart is decided; a pair is right when "one section" matches "one story".

use std::fmt::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use super::cluster::{group, Member, WINDOW_SECONDS};
use super::fingerprint::{Fingerprint, Publisher};
use super::similarity::overlap;

#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    pub id: String,
    pub story: String,
    pub date: String,
    pub outlet: String,
    pub lang: String,
    pub title: String,
    pub text: String,
}

impl Item {
    /// The held-out days: written and committed with the rest, never looked at while tuning.
    pub fn held_out(&self) -> bool {
        self.id.starts_with(['v', 'd', 'j', 'l'])
    }
}

pub fn load(path: &Path) -> Result<Vec<Item>, String> {
    crate::eval::jsonl(path, |item: &Item| {
        NaiveDate::parse_from_str(&item.date, "%Y-%m-%d")
            .map(|_| ())
            .map_err(|_| format!("date {:?} is not YYYY-MM-DD", item.date))
    })
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Counts {
    pub pairs: usize,
    pub true_merges: usize,
    pub false_merges: usize,
    pub missed: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        let merged = self.true_merges + self.false_merges;
        if merged == 0 {
            1.0
        } else {
            self.true_merges as f64 / merged as f64
        }
    }
    pub fn recall(&self) -> f64 {
        let same = self.true_merges + self.missed;
        if same == 0 {
            1.0
        } else {
            self.true_merges as f64 / same as f64
        }
    }
}

/// A pair decided wrongly: the two ids and whether they were merged.
#[derive(Debug, Clone)]
pub struct Mistake {
    pub a: usize,
    pub b: usize,
    pub merged: bool,
}

pub struct Report<'a> {
    pub items: &'a [Item],
    pub tuned: Counts,
    pub held_out: Counts,
    pub mistakes: Vec<Mistake>,
    fingerprints: Vec<Fingerprint>,
}

fn seconds(date: &str) -> i64 {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(0)
}

impl<'a> Report<'a> {
    pub fn run(items: &'a [Item]) -> Report<'a> {
        let fingerprints: Vec<Fingerprint> = items
            .iter()
            // Its publisher, as the digest drops a post's source's vendor (the labelled
            // `vendor` is the company a post is about, whoever wrote it).
            .map(|i| {
                Fingerprint::of(&i.title, &i.text)
                    .without(&Publisher::named(&i.outlet))
                    .into_owned()
            })
            .collect();
        let posts: Vec<Member<'_>> = items
            .iter()
            .zip(&fingerprints)
            .map(|(i, f)| Member {
                published: seconds(&i.date),
                fingerprint: Some(f),
            })
            .collect();
        let mut section = vec![0usize; items.len()];
        for (n, story) in group(&posts).into_iter().enumerate() {
            section[story.lead] = n;
            for (m, _) in story.also {
                section[m] = n;
            }
        }
        let (mut tuned, mut held_out) = (Counts::default(), Counts::default());
        let mut mistakes = Vec::new();
        for a in 0..items.len() {
            for b in (a + 1)..items.len() {
                if (posts[a].published - posts[b].published).abs() > WINDOW_SECONDS {
                    continue;
                }
                let same = items[a].story == items[b].story;
                let merged = section[a] == section[b];
                let c = if items[a].held_out() || items[b].held_out() {
                    &mut held_out
                } else {
                    &mut tuned
                };
                c.pairs += 1;
                match (same, merged) {
                    (true, true) => c.true_merges += 1,
                    (false, true) => c.false_merges += 1,
                    (true, false) => c.missed += 1,
                    (false, false) => {}
                }
                if same != merged {
                    mistakes.push(Mistake { a, b, merged });
                }
            }
        }
        Report {
            items,
            tuned,
            held_out,
            mistakes,
            fingerprints,
        }
    }
}

pub fn table(r: &Report<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| part | posts | pairs | merged right | merged wrong | missed | precision | recall |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- | --- |");
    let all = Counts {
        pairs: r.tuned.pairs + r.held_out.pairs,
        true_merges: r.tuned.true_merges + r.held_out.true_merges,
        false_merges: r.tuned.false_merges + r.held_out.false_merges,
        missed: r.tuned.missed + r.held_out.missed,
    };
    let posts = |held: Option<bool>| {
        r.items
            .iter()
            .filter(|i| held.is_none_or(|h| i.held_out() == h))
            .count()
    };
    for (name, c, n) in [
        ("all", all, posts(None)),
        ("tuned on", r.tuned, posts(Some(false))),
        ("held out", r.held_out, posts(Some(true))),
    ] {
        let _ = writeln!(
            out,
            "| {name} | {n} | {} | {} | {} | {} | {:.3} | {:.3} |",
            c.pairs,
            c.true_merges,
            c.false_merges,
            c.missed,
            c.precision(),
            c.recall()
        );
    }
    out
}

/// The wrongly decided pairs with what they share; held-out pairs only with `all`.
pub fn mistakes(r: &Report<'_>, all: bool) -> String {
    let mut out = String::new();
    for m in &r.mistakes {
        let (a, b) = (&r.items[m.a], &r.items[m.b]);
        if !all && (a.held_out() || b.held_out()) {
            continue;
        }
        let o = overlap(&r.fingerprints[m.a], &r.fingerprints[m.b]);
        let _ = writeln!(
            out,
            "{} {} ({}, {}) ~ {} ({}, {}): text {:.2}, title {:.2}, names {:?}, numbers {:?} ({:.2})",
            if m.merged { "MERGED" } else { "MISSED" },
            a.id,
            a.story,
            a.outlet,
            b.id,
            b.story,
            b.outlet,
            o.text,
            o.title,
            o.names,
            o.numbers,
            o.numbers_share
        );
    }
    out
}
