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
        for (i, item) in d.built.sections.iter().enumerate() {
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
                item.lead.title,
                item.lead.vendor,
                why(item)
            );
        }
        for f in folded(&d.built) {
            let _ = writeln!(out, "      folded: {f}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> Set {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        load(&root.join("content/eval/news-days")).expect("the news days load")
    }

    /// Floors from the last measure (2026-12-05, `proofwire eval-ranking`), as ratios so that
    /// days the lead adds to the folder are held to them too; never-lead items in the top
    /// block are held at none, the target. A change that makes either part worse
    /// fails here; the message holds sums only, never a held-out day's stories.
    #[test]
    fn news_days_are_no_worse_than_the_last_measure() {
        let set = real();
        let report = Report::run(&set);
        for (name, held, precision, recall) in [
            ("tuned on", false, 0.86, 0.95),
            ("held out", true, HELD_OUT_PRECISION, HELD_OUT_RECALL),
        ] {
            let b = report.block(held);
            assert!(b.days > 0, "{name}: no days");
            assert!(
                b.precision() >= precision,
                "{name}: top-block precision {:.3} < {precision}",
                b.precision()
            );
            assert!(
                b.recall() >= recall,
                "{name}: lead recall {:.3} < {recall}",
                b.recall()
            );
            assert_eq!(b.never_lead, 0, "{name}: never-lead items in the top block");
            assert!(
                b.mean_size() <= super::super::TOP as f64,
                "{name}: mean block {:.2}",
                b.mean_size()
            );
        }
    }

    /// Measured after the rules were written from the tuned-on days only (2026-12-05): on the
    /// first 7 held-out days 19 of 23 top sections right and 19 of 25 leads found; with the 4
    /// days added later (never read by a rule) 31 of 37 and 31 of 40.
    const HELD_OUT_PRECISION: f64 = 0.83;
    const HELD_OUT_RECALL: f64 = 0.77;

    /// Nothing of a held-out day — its date, its stories, its posts' titles — is in what the
    /// command prints, with or without `--show`.
    #[test]
    fn held_out_days_are_never_printed() {
        let set = real();
        let report = Report::run(&set);
        let printed = format!("{}{}", table(&report), details(&report));
        let tuned_titles: HashSet<&str> = set
            .posts
            .iter()
            .filter(|p| set.days.iter().any(|d| d.date == p.date && !d.held_out))
            .map(|p| p.title.as_str())
            .collect();
        // A story covered on a tuned-on day as well (second-day coverage) is printed for that day.
        let tuned_stories: HashSet<&str> = set
            .posts
            .iter()
            .filter(|p| set.days.iter().any(|d| d.date == p.date && !d.held_out))
            .map(|p| p.story.as_str())
            .collect();
        let mut checked = 0;
        for d in set.days.iter().filter(|d| d.held_out) {
            assert!(!printed.contains(&d.date), "a held-out date is printed");
            for p in set.posts.iter().filter(|p| p.date == d.date) {
                if !tuned_titles.contains(p.title.as_str()) {
                    assert!(!printed.contains(&p.title), "a held-out title is printed");
                    checked += 1;
                }
                assert!(
                    tuned_stories.contains(p.story.as_str())
                        || !printed.contains(&format!("[{}]", p.story)),
                    "a held-out story is printed"
                );
            }
        }
        assert!(checked > 0);
    }

    fn write(dir: &Path, leads: &str, posts: &[(&str, &str, &str)]) {
        std::fs::write(dir.join("leads.toml"), leads).expect("write leads");
        let lines: Vec<String> = posts
            .iter()
            .map(|(id, date, story)| {
                serde_json::json!({
                    "id": id, "story": story, "date": date, "vendor": "V",
                    "outlet": "o.example", "url": format!("https://o.example/{id}"),
                    "lang": "en", "title": format!("Title {id}"), "text": "Text."
                })
                .to_string()
            })
            .collect();
        std::fs::write(dir.join("posts.jsonl"), lines.join("\n")).expect("write posts");
    }

    #[test]
    fn the_loader_reads_whatever_days_the_folder_holds_and_refuses_what_does_not_add_up() {
        let dir = tempfile::tempdir().expect("temp dir");
        let two = "[[day]]\ndate = \"2026-01-01\"\nlead = [\"a\"]\n\n\
                   [[day]]\ndate = \"2026-01-02\"\nlead = [\"b\"]\nheld_out = true\n";
        write(
            dir.path(),
            two,
            &[
                ("n1", "2026-01-01", "a"),
                ("n2", "2026-01-02", "b"),
                ("n3", "2026-01-02", "c"),
            ],
        );
        let set = load(dir.path()).expect("loads");
        assert_eq!(set.days.len(), 2);
        let report = Report::run(&set);
        assert_eq!(report.block(false).days, 1);
        assert_eq!(report.block(true).days, 1);

        let bad = [
            ("[[day]]\ndate = \"2026-01-01\"\nlead = [\"zzz\"]\n", "no post"),
            (
                "[[day]]\ndate = \"2026-01-01\"\nlead = []\n[[day]]\ndate = \"2026-01-01\"\nlead = []\n",
                "twice",
            ),
            ("[[day]]\ndate = \"2026-01-03\"\nlead = []\n", "no posts"),
        ];
        for (leads, why) in bad {
            write(dir.path(), leads, &[("n1", "2026-01-01", "a")]);
            let err = load(dir.path()).err().unwrap_or_default();
            assert!(err.contains(why), "{why}: {err}");
        }
        write(
            dir.path(),
            "[[day]]\ndate = \"2026-01-01\"\nlead = []\n",
            &[("n1", "2026-01-01", "a"), ("n2", "2026-01-09", "a")],
        );
        assert!(load(dir.path()).is_err(), "a post of an unlisted day");
        write(
            dir.path(),
            "[[day]]\ndate = \"2026-01-01\"\nlead = []\n",
            &[("n1", "2026-01-01", "a"), ("n1", "2026-01-01", "b")],
        );
        assert!(load(dir.path()).is_err(), "an id twice");
    }
}
