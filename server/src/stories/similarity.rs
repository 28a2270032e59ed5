//! Whether two posts tell the same story, and why: each rule is a reason a reader can check
//! ("the same text", "the same names and numbers"), never a score from a black box.

use super::fingerprint::{resemblance, Fingerprint};

/// What two posts share, borrowed from their fingerprints: a digest compares every pair of
/// its day's posts on each render, so nothing is copied until a reason is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap<'a> {
    /// Estimated share of word shingles in common (0..1).
    pub text: f64,
    /// Share of title words in common (Jaccard, 0..1).
    pub title: f64,
    pub names: Vec<&'a str>,
    pub numbers: Vec<&'a str>,
    /// Shared numbers over the smaller post's distinctive numbers.
    pub numbers_share: f64,
    /// Names both headlines carry.
    pub headline: Vec<&'a str>,
}

/// Why two posts were put together.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Mostly the same text: a reprint, a syndicated copy, a rewrite of one press release.
    SameText(f64),
    /// The same names and the same figures, however worded, in whatever language.
    SameFacts {
        names: Vec<String>,
        numbers: Vec<String>,
    },
    /// The same versioned product, and something more in common (a figure, headline words or
    /// text): two posts about one launch rarely share only the product's name.
    SameProduct { product: String, also: String },
    /// Nearly the same headline naming the same thing.
    SameHeadline(Vec<String>),
}

impl Reason {
    /// One line for readers (English; names and numbers are shown as the posts have them).
    pub fn describe(&self) -> String {
        match self {
            Reason::SameText(share) => format!("{:.0}% of the text in common", share * 100.0),
            Reason::SameFacts { names, numbers } => format!(
                "same names ({}) and figures ({})",
                names.join(", "),
                numbers.join(", ")
            ),
            Reason::SameProduct { product, also } => format!("both about {product}, {also}"),
            Reason::SameHeadline(names) => {
                format!(
                    "both headlines name {}, a day apart at most",
                    names.join(", ")
                )
            }
        }
    }
}

/// Thresholds, measured on `content/eval/stories.jsonl` (see `proofwire eval-stories`).
const SAME_TEXT: f64 = 0.30;
const FACTS_NAMES: usize = 1;
const FACTS_NUMBERS: usize = 2;
const FACTS_NUMBER_SHARE: f64 = 0.3;
const PRODUCT_TITLE: f64 = 0.2;
const PRODUCT_TEXT: f64 = 0.1;
const SAME_TITLE: f64 = 0.5;
/// Shared names from which differing headlines no longer mean different stories.
const CONTRADICTION_NAMES: usize = 3;
/// 36 hours: a day and the next, whatever the time zones of the posts.
const HEADLINE_WINDOW_SECS: i64 = 36 * 3600;

pub fn overlap<'a>(a: &'a Fingerprint, b: &'a Fingerprint) -> Overlap<'a> {
    let names = common(&a.names, &b.names);
    let numbers = common(&a.numbers, &b.numbers);
    let smaller = a.numbers.len().min(b.numbers.len());
    let numbers_share = if smaller == 0 {
        0.0
    } else {
        numbers.len() as f64 / smaller as f64
    };
    let shared_title = common(&a.title_words, &b.title_words).len();
    let union = a.title_words.len() + b.title_words.len() - shared_title;
    Overlap {
        headline: common(&a.headline, &b.headline),
        text: resemblance(a, b),
        title: if union == 0 {
            0.0
        } else {
            shared_title as f64 / union as f64
        },
        names,
        numbers,
        numbers_share,
    }
}

/// The reason two posts `apart_secs` apart are one story, if they are.
pub fn same_story(o: &Overlap<'_>, apart_secs: i64) -> Option<Reason> {
    if o.text >= SAME_TEXT {
        return Some(Reason::SameText(o.text));
    }
    if o.names.len() >= FACTS_NAMES
        && o.numbers.len() >= FACTS_NUMBERS
        && o.numbers_share >= FACTS_NUMBER_SHARE
    {
        return Some(Reason::SameFacts {
            names: owned(&o.names),
            numbers: owned(&o.numbers),
        });
    }
    if let Some(product) = o
        .names
        .iter()
        .find(|n| n.chars().any(|c| c.is_ascii_digit()))
    {
        let also = if !o.numbers.is_empty() {
            Some(format!("same figures ({})", o.numbers.join(", ")))
        } else if o.title >= PRODUCT_TITLE {
            Some(format!(
                "{:.0}% of headline words in common",
                o.title * 100.0
            ))
        } else if o.text >= PRODUCT_TEXT {
            Some(format!("{:.0}% of the text in common", o.text * 100.0))
        } else {
            None
        };
        if let Some(also) = also {
            return Some(Reason::SameProduct {
                product: product.to_string(),
                also,
            });
        }
    }
    // Coverage of a launch comes the same day or the next; a later piece naming the product in
    // its headline (a review, a follow-up) needs more in common than its name.
    if apart_secs <= HEADLINE_WINDOW_SECS {
        let versioned = o
            .headline
            .iter()
            .find(|n| n.chars().any(|c| c.is_ascii_digit()));
        let named = versioned.or_else(|| o.headline.first().filter(|_| o.names.len() >= 2));
        if let Some(name) = named {
            return Some(Reason::SameHeadline(vec![name.to_string()]));
        }
    }
    // Nearly the same headline with one shared name is a template ("ChatGPT for sales teams",
    // "ChatGPT for marketing teams"); two shared names make it one subject.
    if o.title >= SAME_TITLE && o.names.len() >= 2 {
        return Some(Reason::SameHeadline(owned(&o.names)));
    }
    None
}

/// Whether two posts are plainly about different things: both headlines name something in
/// Latin script, none of it the same (Antigravity and Gemini 3; Veo 3 and Deep Think), and
/// the posts share little else (a headline naming a predecessor, "since GPT-2", is no
/// contradiction when the texts share many names or figures). Names in other scripts are not
/// compared across scripts (제미나이 3 is Gemini 3).
pub fn contradicts(a: &Fingerprint, b: &Fingerprint, o: &Overlap<'_>) -> bool {
    let latin = |f: &Fingerprint| f.headline.iter().any(|n| n.is_ascii());
    latin(a)
        && latin(b)
        && !o.headline.iter().any(|n| n.is_ascii())
        && o.names.len() < CONTRADICTION_NAMES
        && o.numbers.len() < FACTS_NUMBERS
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Items of two sorted, deduplicated lists found in both.
fn common<'a>(a: &'a [String], b: &[String]) -> Vec<&'a str> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i].as_str());
                i += 1;
                j += 1;
            }
        }
    }
    out
}
