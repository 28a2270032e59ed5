//! The ranking's phrase lists searched as the digest searches them (`Phrases::any_in`'s
//! overlapping search over a normal-form text), with the automaton kind the server uses
//! (`words::PHRASES_AUTOMATON`) beside the other of a DFA and a contiguous NFA, in one run:
//! the memory the automatons of every list hold, and the time to search every list over the
//! titles and texts of the outlet news days (`content/eval/news-days`). Both kinds must find
//! the same phrases; the bench stops if they do not.
//!
//! `cargo bench -p server --bench ranking_words`

use std::path::Path;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use app::vocab::StoryKind;
use proofwire::ranking::news_days;
use proofwire::ranking::words::{self, normalize, Phrases, PHRASES_AUTOMATON};

/// Every phrase list of the bundled file: each kind's title, text and voice lists and each
/// topic's words.
fn lists() -> Vec<Vec<String>> {
    let w = words::words();
    let owned = |p: &Phrases| p.iter().map(str::to_string).collect::<Vec<_>>();
    let mut out: Vec<Vec<String>> = StoryKind::ALL
        .iter()
        .flat_map(|k| {
            let kw = w.kind(*k);
            [owned(&kw.title), owned(&kw.text), owned(&kw.voice)]
        })
        .collect();
    out.extend(w.topics.iter().map(|(_, t)| owned(&t.words)));
    out.retain(|l| !l.is_empty());
    out
}

fn build(lists: &[Vec<String>], kind: AhoCorasickKind) -> Vec<AhoCorasick> {
    lists
        .iter()
        .map(|l| {
            AhoCorasick::builder()
                .kind(Some(kind))
                .build(l)
                .expect("the bundled phrase lists build")
        })
        .collect()
}

/// Every (list, pattern, start) found over every text: what both kinds must agree on.
fn search(automatons: &[AhoCorasick], texts: &[String]) -> Vec<(usize, usize, usize)> {
    let mut found = Vec::new();
    for t in texts {
        for (i, a) in automatons.iter().enumerate() {
            for m in a.find_overlapping_iter(t) {
                found.push((i, m.pattern().as_usize(), m.start()));
            }
        }
    }
    found
}

fn time(automatons: &[AhoCorasick], texts: &[String], rounds: usize) -> Duration {
    let start = Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        n += std::hint::black_box(search(automatons, texts)).len();
    }
    std::hint::black_box(n);
    start.elapsed() / rounds as u32
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let set = news_days::load(&root.join("content/eval/news-days")).expect("the news days load");
    let texts: Vec<String> = set
        .posts
        .iter()
        .flat_map(|p| [normalize(&p.title), normalize(&p.text)])
        .collect();
    let lists = lists();
    let used = build(&lists, PHRASES_AUTOMATON);
    let other_kind = if PHRASES_AUTOMATON == AhoCorasickKind::DFA {
        AhoCorasickKind::ContiguousNFA
    } else {
        AhoCorasickKind::DFA
    };
    let other = build(&lists, other_kind);
    assert_eq!(
        search(&used, &texts),
        search(&other, &texts),
        "both automaton kinds find the same phrases"
    );
    let memory = |a: &[AhoCorasick]| a.iter().map(AhoCorasick::memory_usage).sum::<usize>();
    let rounds = 20;
    // Alternated, so a change of the machine's state meanwhile falls on both.
    let (mut t_used, mut t_other) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..3 {
        t_used += time(&used, &texts, rounds);
        t_other += time(&other, &texts, rounds);
    }
    let phrases: usize = lists.iter().map(Vec::len).sum();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{} lists, {phrases} phrases; {} texts, {:.1} kB",
        lists.len(),
        texts.len(),
        bytes as f64 / 1e3
    );
    println!(
        "memory: {PHRASES_AUTOMATON:?} {:.1} kB, {other_kind:?} {:.1} kB (ratio {:.2})",
        memory(&used) as f64 / 1e3,
        memory(&other) as f64 / 1e3,
        memory(&used) as f64 / memory(&other) as f64
    );
    println!(
        "search of every list over every text: {PHRASES_AUTOMATON:?} {:.2} ms, {other_kind:?} {:.2} ms (ratio {:.2})",
        t_used.as_secs_f64() * 1e3 / 3.0,
        t_other.as_secs_f64() * 1e3 / 3.0,
        t_used.as_secs_f64() / t_other.as_secs_f64()
    );
}
