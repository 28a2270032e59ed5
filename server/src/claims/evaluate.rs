//! `proofwire eval-claims`: runs claim extraction over the labelled sentences in
//! `content/eval/claims.jsonl` (conventions in `content/eval/claims.md`) and reports
//! sentence-level precision and recall of trackable claims and per-field accuracy, per split
//! (train, dev, the sealed test) and language. The test split's failures are never printed.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use super::entities::{fold, lexicon, same_name, EntityKind};
use super::extract::{extract, value_number, ExtractedClaim};

#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    pub k: String,
    #[serde(default)]
    pub s: Option<String>,
    #[serde(default)]
    pub m: Option<String>,
    #[serde(default)]
    pub v: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub set: Vec<String>,
    #[serde(default)]
    pub sc: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    pub id: String,
    pub lang: String,
    pub src: String,
    #[serde(default)]
    pub ctx: Option<String>,
    pub text: String,
    pub claims: Vec<Label>,
    #[serde(default)]
    pub neg: Option<String>,
    pub split: Split,
}

/// The first id number of the batches split by site (2026-12-07 on): their dev half is kept
/// unread.
const FIRST_SITE_SPLIT_ID: u32 = 3000;

impl Item {
    /// A dev sentence of a batch split by site, whose failures are never printed.
    pub fn unread(&self) -> bool {
        let number: u32 = self
            .id
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap_or(0);
        self.split == Split::Dev && number >= FIRST_SITE_SPLIT_ID
    }
}

/// Which part of the set a sentence is in (`scripts/eval/split-claims.py` places new ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// What the rules may be written from and their failures read.
    Train,
    /// Scored, and its failures may be read while tuning: the gap between dev and test says
    /// whether the rules are fitted to what was read.
    Dev,
    /// Sealed: whole sites no other sentence uses, chosen by seed before any rule read them;
    /// only its scores are printed.
    Test,
}

impl Split {
    pub fn key(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Dev => "dev",
            Split::Test => "test",
        }
    }
}

impl Item {
    pub fn trackable(&self) -> bool {
        !self.claims.is_empty()
    }

    /// Sentences from before the splits (ids under 1000): those the rules were first written
    /// from, and the batch held out from them; their floors are kept as they were.
    #[cfg(test)]
    fn first_set(&self) -> bool {
        let digits = self
            .id
            .trim_start_matches(|c: char| c.is_ascii_alphabetic());
        digits.parse::<u32>().is_ok_and(|n| n < 1000)
    }
}

/// Reads the set; a malformed line is an error naming its line.
pub fn load(path: &Path) -> Result<Vec<Item>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// The claims extraction finds in the item's sentence, read after its context (so a subject
/// named there can be resolved as it would be in the article).
pub fn predict(item: &Item) -> Vec<ExtractedClaim> {
    match &item.ctx {
        Some(ctx) => {
            let full = format!("{ctx}\n\n{}", item.text);
            let skip = ctx.chars().count() + 2;
            extract(&full)
                .into_iter()
                .filter(|c| c.span.start >= skip)
                .collect()
        }
        None => extract(&item.text),
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Ratio {
    pub hit: usize,
    pub of: usize,
}

impl Ratio {
    fn add(&mut self, ok: bool) {
        self.hit += usize::from(ok);
        self.of += 1;
    }

    pub fn value(self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.hit as f64 / self.of as f64
        }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3} ({}/{})", self.value(), self.hit, self.of)
    }
}

/// Scores for one slice of the set.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub sentences: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub kind: Ratio,
    pub subject: Ratio,
    pub metric: Ratio,
    pub value: Ratio,
    pub qualifier: Ratio,
    pub settings: Ratio,
    /// Sentence recall by the kind of their first labelled claim.
    pub recall_by_kind: BTreeMap<String, Ratio>,
}

impl Scores {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One sentence's outcome.
#[derive(Debug)]
pub struct Outcome<'a> {
    pub item: &'a Item,
    pub predicted: Vec<ExtractedClaim>,
    pub trackable_predicted: bool,
    /// Per labelled claim, each field and whether it was right; empty unless the sentence is
    /// trackable in both the labels and the extraction.
    pub fields: Vec<[(&'static str, bool); 6]>,
}

impl Outcome<'_> {
    fn wrong_fields(&self) -> Vec<&'static str> {
        self.fields
            .iter()
            .flatten()
            .filter(|(_, ok)| !ok)
            .map(|(f, _)| *f)
            .collect()
    }
}

fn same_value(label: &str, got: &ExtractedClaim) -> bool {
    match (value_number(label), got.value_num) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
        _ => got.value.as_deref().is_some_and(|v| fold(v) == fold(label)),
    }
}

fn same_opt(kind: Option<EntityKind>, want: Option<&str>, got: Option<&str>) -> bool {
    match (want, got) {
        (None, None) => true,
        (Some(a), Some(b)) => match kind {
            Some(k) => same_name(k, a, b),
            None => fold(a) == fold(b),
        },
        _ => false,
    }
}

fn same_metric(want: Option<&str>, got: Option<&str>) -> bool {
    match (want, got) {
        (Some(a), Some(b))
            if lexicon().canonical(EntityKind::Benchmark, a).is_some()
                || lexicon().canonical(EntityKind::Benchmark, b).is_some() =>
        {
            same_name(EntityKind::Benchmark, a, b)
        }
        _ => same_opt(None, want, got),
    }
}

fn same_settings(want: &[String], got: &[String]) -> bool {
    let mut a: Vec<String> = want.iter().map(|s| fold(s)).collect();
    let mut b: Vec<String> = got.iter().map(|s| fold(s)).collect();
    a.sort();
    b.sort();
    a == b
}

/// Pairs each labelled claim with an extracted one: same number, else same metric, else same
/// subject, else the first left.
fn pair<'a>(labels: &[Label], got: &'a [ExtractedClaim]) -> Vec<Option<&'a ExtractedClaim>> {
    let mut used = vec![false; got.len()];
    let mut out = Vec::new();
    for l in labels {
        let pick = |used: &[bool], f: &dyn Fn(&ExtractedClaim) -> bool| {
            (0..got.len()).find(|&i| !used[i] && f(&got[i]))
        };
        let i =
            l.v.as_deref()
                .and_then(|v| pick(&used, &|c| same_value(v, c)))
                .or_else(|| {
                    l.m.as_deref()
                        .and_then(|m| pick(&used, &|c| same_metric(Some(m), c.metric.as_deref())))
                })
                .or_else(|| {
                    pick(&used, &|c| {
                        same_opt(
                            Some(EntityKind::Model),
                            l.s.as_deref(),
                            c.subject.as_deref(),
                        )
                    })
                })
                .or_else(|| pick(&used, &|_| true));
        if let Some(i) = i {
            used[i] = true;
        }
        out.push(i.map(|i| &got[i]));
    }
    out
}

pub struct Report<'a> {
    pub outcomes: Vec<Outcome<'a>>,
}

impl<'a> Report<'a> {
    pub fn run(items: &'a [Item]) -> Report<'a> {
        Self::from_predictions(items, items.iter().map(predict).collect())
    }

    /// Scores given predictions (one list per item, in order), e.g. after the model's pass.
    pub fn from_predictions(
        items: &'a [Item],
        predictions: Vec<Vec<ExtractedClaim>>,
    ) -> Report<'a> {
        let outcomes = items
            .iter()
            .zip(predictions)
            .map(|(item, predicted)| {
                let trackable: Vec<ExtractedClaim> = predicted
                    .iter()
                    .filter(|c| c.kind.is_trackable())
                    .cloned()
                    .collect();
                let trackable_predicted = !trackable.is_empty();
                let fields = if item.trackable() && trackable_predicted {
                    item.claims
                        .iter()
                        .zip(pair(&item.claims, &trackable))
                        .map(|(l, g)| field_checks(l, g))
                        .collect()
                } else {
                    Vec::new()
                };
                Outcome {
                    item,
                    predicted,
                    trackable_predicted,
                    fields,
                }
            })
            .collect();
        Report { outcomes }
    }

    /// Scores of the outcomes that pass `keep`.
    pub fn scores(&self, keep: impl Fn(&Item) -> bool) -> Scores {
        let mut s = Scores::default();
        for o in self.outcomes.iter().filter(|o| keep(o.item)) {
            s.sentences += 1;
            match (o.item.trackable(), o.trackable_predicted) {
                (true, true) => s.tp += 1,
                (false, true) => s.fp += 1,
                (true, false) => s.fn_ += 1,
                (false, false) => {}
            }
            if let Some(first) = o.item.claims.first() {
                s.recall_by_kind
                    .entry(first.k.clone())
                    .or_default()
                    .add(o.trackable_predicted);
            }
            for (field, ok) in o.fields.iter().flatten() {
                let ratio = match *field {
                    "kind" => &mut s.kind,
                    "subject" => &mut s.subject,
                    "metric" => &mut s.metric,
                    "value" => &mut s.value,
                    "qualifier" => &mut s.qualifier,
                    _ => &mut s.settings,
                };
                ratio.add(*ok);
            }
        }
        s
    }
}

fn field_checks(l: &Label, g: Option<&ExtractedClaim>) -> [(&'static str, bool); 6] {
    let Some(g) = g else {
        return [
            ("kind", false),
            ("subject", false),
            ("metric", false),
            ("value", false),
            ("qualifier", false),
            ("settings", false),
        ];
    };
    let value_ok = match &l.v {
        None => g.value.is_none(),
        Some(v) => same_value(v, g),
    };
    [
        ("kind", l.k == g.kind.key()),
        (
            "subject",
            same_opt(
                Some(EntityKind::Model),
                l.s.as_deref(),
                g.subject.as_deref(),
            ),
        ),
        ("metric", same_metric(l.m.as_deref(), g.metric.as_deref())),
        ("value", value_ok),
        (
            "qualifier",
            same_opt(None, l.q.as_deref(), g.qualifier.as_deref()),
        ),
        ("settings", same_settings(&l.set, &g.settings)),
    ]
}

/// A named part of the set: its label and which items belong to it.
type Slice = (String, Box<dyn Fn(&Item) -> bool>);

pub fn table(report: &Report<'_>) -> String {
    let mut slices: Vec<Slice> = vec![
        ("all".into(), Box::new(|_: &Item| true)),
        ("en".into(), Box::new(|i: &Item| i.lang == "en")),
        ("ko".into(), Box::new(|i: &Item| i.lang == "ko")),
    ];
    for split in [Split::Train, Split::Dev, Split::Test] {
        slices.push((
            split.key().to_string(),
            Box::new(move |i: &Item| i.split == split),
        ));
        for lang in ["en", "ko"] {
            slices.push((
                format!("{} {lang}", split.key()),
                Box::new(move |i: &Item| i.split == split && i.lang == lang),
            ));
        }
    }
    // The dev half of the batches split by site: sites no rule was tuned on and failures
    // never printed, so, beside the sealed test, a measure of what tuning carries over.
    for lang in ["en", "ko"] {
        slices.push((
            format!("dev, unread sites {lang}"),
            Box::new(move |i: &Item| i.unread() && i.lang == lang),
        ));
    }

    let mut out = String::from(
        "| slice | sentences | precision | recall | kind | subject | metric | value | qualifier | settings |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (name, keep) in &slices {
        let s = report.scores(keep);
        out.push_str(&format!(
            "| {name} | {} | {:.3} ({}/{}) | {:.3} ({}/{}) | {} | {} | {} | {} | {} | {} |\n",
            s.sentences,
            s.precision(),
            s.tp,
            s.tp + s.fp,
            s.recall(),
            s.tp,
            s.tp + s.fn_,
            s.kind,
            s.subject,
            s.metric,
            s.value,
            s.qualifier,
            s.settings
        ));
    }
    let all = report.scores(|_| true);
    out.push_str("\nsentence recall by kind: ");
    let kinds: Vec<String> = all
        .recall_by_kind
        .iter()
        .map(|(k, r)| format!("{k} {r}"))
        .collect();
    out.push_str(&kinds.join(", "));
    out.push('\n');
    out
}

/// The failures of train (and of dev with `with_dev`), one line each. The sealed test
/// split's are never printed, nor those of the dev half of the batches split by site: once
/// read, a sentence is no longer unseen.
pub fn failures(report: &Report<'_>, with_dev: bool) -> String {
    let mut out = String::new();
    for o in &report.outcomes {
        let shown = match o.item.split {
            Split::Train => true,
            Split::Dev => with_dev && !o.item.unread(),
            Split::Test => false,
        };
        if !shown {
            continue;
        }
        let want = o.item.trackable();
        let verdict = match (want, o.trackable_predicted) {
            (true, false) => "MISSED",
            (false, true) => "FALSE",
            (true, true) if !o.wrong_fields().is_empty() => "FIELDS",
            _ => continue,
        };
        out.push_str(&format!(
            "{verdict} {} [{}] {}\n",
            o.item.id,
            o.wrong_fields().join(","),
            o.item.text
        ));
        for l in &o.item.claims {
            out.push_str(&format!(
                "    want {} s={:?} m={:?} v={:?} q={:?} set={:?}\n",
                l.k, l.s, l.m, l.v, l.q, l.set
            ));
        }
        for c in &o.predicted {
            out.push_str(&format!(
                "    got  {} s={:?}{} m={:?} v={:?} q={:?} set={:?}\n",
                c.kind.key(),
                c.subject,
                if c.subject_from_context { "(ctx)" } else { "" },
                c.metric,
                c.value,
                c.qualifier,
                c.settings
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> Vec<Item> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/eval/claims.jsonl");
        load(&path).expect("the evaluation set parses")
    }

    fn site(src: &str) -> String {
        crate::canonical::registrable_site(src).unwrap_or_default()
    }

    /// The sealed test split as committed on 2026-12-05: the SHA-256 of its ids, sorted, one
    /// a line. A change here means test sentences were moved, added or dropped.
    const TEST_IDS_SHA256: &str =
        "33c49beb36bfa396af04383c1a7c188f6664694824743f9e523b9b9fe2d2cab8";

    #[test]
    fn the_split_is_by_page_and_the_test_part_is_sealed() {
        use sha2::Digest;
        use std::collections::{HashMap, HashSet};
        let items = set();
        let mut split_of_page: HashMap<&str, Split> = HashMap::new();
        for i in &items {
            let first = *split_of_page.entry(i.src.as_str()).or_insert(i.split);
            assert_eq!(first, i.split, "{}: page {} is in two splits", i.id, i.src);
        }
        let test_sites: HashSet<String> = items
            .iter()
            .filter(|i| i.split == Split::Test)
            .map(|i| site(&i.src))
            .collect();
        for i in items.iter().filter(|i| i.split != Split::Test) {
            assert!(
                !test_sites.contains(&site(&i.src)),
                "{}: its site is a test site",
                i.id
            );
        }
        let mut test: Vec<&str> = items
            .iter()
            .filter(|i| i.split == Split::Test)
            .map(|i| i.id.as_str())
            .collect();
        assert!(test.len() >= 300, "{} test sentences", test.len());
        for lang in ["en", "ko"] {
            let n = items
                .iter()
                .filter(|i| i.split == Split::Test && i.lang == lang)
                .count();
            assert!(n >= 150, "{n} {lang} test sentences");
        }
        test.sort_unstable();
        let hash = sha2::Sha256::digest(test.join("\n").as_bytes());
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, TEST_IDS_SHA256, "the sealed test split changed");
    }

    #[test]
    fn the_set_is_what_its_readme_says() {
        let items = set();
        assert!(items.len() >= 1000, "{} sentences", items.len());
        let trackable = items.iter().filter(|i| i.trackable()).count();
        assert!((0.4..=0.6).contains(&(trackable as f64 / items.len() as f64)));
        let korean = items.iter().filter(|i| i.lang == "ko").count();
        assert!(korean * 10 >= items.len() * 4, "{korean} Korean sentences");
        let digits = items
            .iter()
            .filter(|i| i.text.contains(|c: char| c.is_ascii_digit()))
            .count();
        assert!(digits * 3 >= items.len(), "{digits} with digits");
        let sites: std::collections::HashSet<String> = items.iter().map(|i| site(&i.src)).collect();
        assert!(sites.len() >= 30, "{} sites", sites.len());
        let mut ids = std::collections::HashSet::new();
        for i in &items {
            assert!(ids.insert(i.id.as_str()), "{}: id twice", i.id);
        }
        for i in &items {
            assert!(i.trackable() != i.neg.is_some(), "{}: claims xor neg", i.id);
            assert!(i.src.starts_with("http"), "{}: source", i.id);
        }
    }

    /// Issue 10's targets on the whole set: precision ≥ 0.95, recall ≥ 0.85, subject and
    /// metric accuracy ≥ 0.90. The held-out batch does not meet the field targets (subject and
    /// metric 0.73 when this was written); it is held at that floor so a change that makes new
    /// text worse fails here even when the tuned part improves.
    #[test]
    fn extraction_meets_the_targets_on_the_labelled_set() {
        let items = set();
        let report = Report::run(&items);
        let all = report.scores(Item::first_set);
        assert!(all.precision() >= 0.95, "precision {:.3}", all.precision());
        assert!(all.recall() >= 0.85, "recall {:.3}", all.recall());
        assert!(all.subject.value() >= 0.90, "subject {}", all.subject);
        assert!(all.metric.value() >= 0.90, "metric {}", all.metric);
        let held = report.scores(|i| i.first_set() && i.split == Split::Dev);
        assert!(
            held.precision() >= 0.90,
            "held-out precision {:.3}",
            held.precision()
        );
        assert!(
            held.recall() >= 0.85,
            "held-out recall {:.3}",
            held.recall()
        );
        assert!(
            held.subject.value() >= 0.70,
            "held-out subject {}",
            held.subject
        );
        assert!(
            held.metric.value() >= 0.70,
            "held-out metric {}",
            held.metric
        );
    }

    /// Floors on the splits no rule was written from, raised as the rules improve (last on
    /// 2026-12-07, when dev also took the new batch's unseen sites, whose sentences lowered its
    /// figures; `proofwire eval-claims`). Precision and recall as ratios; subjects and
    /// metrics as how many labelled claims got theirs right, since a ratio over matched claims
    /// falls when recall brings in harder sentences. They are not the issue's targets
    /// (precision 0.9, recall 0.8, subject 0.85, metric 0.8 in each language): they stop a
    /// change that makes unseen text worse while the tuned part improves.
    #[test]
    fn unseen_text_is_no_worse_than_the_last_measure() {
        let items = set();
        let report = Report::run(&items);
        for (split, lang, p, r, subject, metric) in [
            (Split::Dev, "en", 0.92, 0.80, 159, 137),
            (Split::Dev, "ko", 0.94, 0.78, 144, 127),
            (Split::Test, "en", 0.90, 0.69, 69, 66),
            (Split::Test, "ko", 0.91, 0.59, 44, 30),
        ] {
            let s = report.scores(|i| i.split == split && i.lang == lang);
            let name = format!("{} {lang}", split.key());
            assert!(s.precision() >= p, "{name} precision {:.3}", s.precision());
            assert!(s.recall() >= r, "{name} recall {:.3}", s.recall());
            assert!(s.subject.hit >= subject, "{name} subject {}", s.subject);
            assert!(s.metric.hit >= metric, "{name} metric {}", s.metric);
        }
    }

    /// The dev half of the batches split by site stays unread: `--show --dev` prints a failing
    /// dev sentence of an earlier batch and never one of those.
    #[test]
    fn the_unread_dev_half_is_never_shown() {
        let line = |id: &str| {
            format!(
                r#"{{"id": "{id}", "lang": "en", "split": "dev", "src": "https://x.example/{id}", "text": "Nova-2 scores 91.2% on MMLU.", "claims": [{{"k": "benchmark", "s": "Somebody Else", "m": "MMLU", "v": "91.2%"}}]}}"#
            )
        };
        let items: Vec<Item> = ["en1500", "en3500", "en4500"]
            .iter()
            .map(|id| serde_json::from_str(&line(id)).expect("item"))
            .collect();
        assert!(!items[0].unread() && items[1].unread() && items[2].unread());
        let report = Report::run(&items);
        let shown = failures(&report, true);
        assert!(shown.contains("en1500"), "{shown}");
        assert!(
            !shown.contains("en3500") && !shown.contains("en4500"),
            "{shown}"
        );
        // And the real set has an unread half to keep.
        assert!(set().iter().filter(|i| i.unread()).count() >= 100);
    }

    #[test]
    fn a_malformed_line_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bad.jsonl");
        std::fs::write(&path, "{\"id\":\"x\"}\nnot json\n").expect("write");
        let err = load(&path).expect_err("malformed");
        assert!(err.contains("bad.jsonl:1"), "{err}");
    }
}
