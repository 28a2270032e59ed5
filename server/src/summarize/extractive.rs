//! Extractive summaries: the 2–3 most central sentences, in their original order.
//!
//! Centrality is the sum of a sentence's cosine similarity to every other sentence (LexRank
//! without the graph iterations), plus a little for sharing words with the title. Korean runs
//! become character bigrams so that particles ("정렬을", "정렬은") do not hide a shared word.

use std::collections::HashMap;

use super::sentences::{slice, split};
use super::{Summarizer, Summary, SummaryInput, SummarySentence};

const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "is", "are", "was",
    "were", "be", "by", "as", "at", "it", "its", "this", "that", "from", "we", "our", "you",
    "your", "they", "their", "has", "have", "had", "will", "can", "not", "but", "more", "than",
    "which", "who", "also", "into", "about", "how", "what", "all", "new",
];

pub struct Extractive;

const METHOD: &str = "extractive-v1";

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{ac00}'..='\u{d7a3}' | '\u{3130}'..='\u{318f}' | '\u{1100}'..='\u{11ff}')
}

pub(crate) fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut hangul: Vec<char> = Vec::new();
    let flush_word = |w: &mut String, out: &mut Vec<String>| {
        if !w.is_empty() {
            let lw = w.to_lowercase();
            if !STOP.contains(&lw.as_str())
                && (lw.chars().count() > 1 || lw.chars().all(|c| c.is_ascii_digit()))
            {
                out.push(lw);
            }
            w.clear();
        }
    };
    let flush_hangul = |h: &mut Vec<char>, out: &mut Vec<String>| {
        match h.len() {
            0 => {}
            1 => out.push(h[0].to_string()),
            _ => out.extend(h.windows(2).map(|w| w.iter().collect::<String>())),
        }
        h.clear();
    };
    for c in text.chars() {
        if is_hangul(c) {
            flush_word(&mut word, &mut out);
            hangul.push(c);
        } else if c.is_alphanumeric() {
            flush_hangul(&mut hangul, &mut out);
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            flush_hangul(&mut hangul, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_hangul(&mut hangul, &mut out);
    out
}

fn vector(terms: &[String]) -> HashMap<&str, f64> {
    let mut v = HashMap::new();
    for t in terms {
        *v.entry(t.as_str()).or_insert(0.0) += 1.0;
    }
    v
}

fn cosine(a: &HashMap<&str, f64>, b: &HashMap<&str, f64>) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, x)| b.get(k).map(|y| x * y)).sum();
    let na: f64 = a.values().map(|x| x * x).sum::<f64>().sqrt();
    let nb: f64 = b.values().map(|x| x * x).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

impl Summarizer for Extractive {
    fn method(&self) -> &str {
        METHOD
    }

    fn summarize(&self, input: &SummaryInput<'_>) -> Summary {
        let spans = split(input.text);
        let texts: Vec<String> = spans.iter().map(|s| slice(input.text, *s)).collect();
        // Headings and fragments are poor summary sentences; keep them only if nothing else.
        let eligible: Vec<usize> = (0..texts.len())
            .filter(|&i| {
                let n = texts[i].chars().count();
                (25..=400).contains(&n) && texts[i].split_whitespace().count() >= 3
            })
            .collect();
        let candidates: Vec<usize> = if eligible.is_empty() {
            (0..texts.len()).collect()
        } else {
            eligible
        };
        let term_lists: Vec<Vec<String>> = texts.iter().map(|t| terms(t)).collect();
        let vectors: Vec<HashMap<&str, f64>> = term_lists.iter().map(|t| vector(t)).collect();
        let title_terms = terms(input.title);
        let title_vec = vector(&title_terms);
        let mut scored: Vec<(f64, usize)> = candidates
            .iter()
            .map(|&i| {
                let centrality: f64 = candidates
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| cosine(&vectors[i], &vectors[j]))
                    .sum();
                let title = cosine(&vectors[i], &title_vec);
                // Vendors lead with the news; a gentle nudge toward early sentences.
                let position = 0.3 / (1.0 + i as f64);
                (centrality + 0.5 * title + position, i)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let want = if candidates.len() > 6 { 3 } else { 2 };
        let mut chosen: Vec<usize> = scored.iter().take(want).map(|(_, i)| *i).collect();
        chosen.sort_unstable();
        Summary {
            method: METHOD.to_string(),
            sentences: chosen
                .into_iter()
                .map(|i| SummarySentence {
                    text: texts[i].clone(),
                    start: spans[i].start,
                    end: spans[i].end,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_central_sentences_with_exact_spans() {
        let text = "Today we release Model X, our new reasoning model for math proofs.\n\n\
            Model X solves 7 of 10 research math proofs in our tests.\n\n\
            The weather was nice at the office.\n\n\
            Math proofs from Model X were checked by outside experts.\n\n\
            Lunch is served at noon.";
        let s = Extractive.summarize(&SummaryInput {
            title: "Model X for math proofs",
            text,
            language: "en",
        });
        assert_eq!(s.sentences.len(), 2);
        for sent in &s.sentences {
            assert_eq!(slice(text, sent.span()), sent.text);
            assert!(sent.text.contains("Model X"), "{}", sent.text);
        }
        assert!(
            s.sentences[0].start < s.sentences[1].start,
            "kept in text order"
        );
    }

    #[test]
    fn korean_particles_share_terms() {
        let a = terms("정렬을 연구한다");
        let b = terms("정렬은 중요하다");
        assert!(a.contains(&"정렬".to_string()) && b.contains(&"정렬".to_string()));
    }

    #[test]
    fn empty_text_gives_empty_summary() {
        let s = Extractive.summarize(&SummaryInput {
            title: "t",
            text: "",
            language: "ko",
        });
        assert!(s.sentences.is_empty());
    }
}
