//! The one text analyzer for every searchable field, for English and Korean alike, with
//! nothing to download.
//!
//! Latin (and other alphabetic, non-CJK) words are lowercased, ASCII-folded and stemmed.
//! Runs of Hangul, Han and Kana become overlapping two-character bigrams, in the manner of
//! Lucene's CJK bigram filter, with one position per bigram so phrase queries work. Two
//! Korean additions make the variants users type find each other:
//! - a trailing particle (조사) is dropped from a Korean word of three or more syllables, so
//!   정렬을, 정렬은 and 정렬 all index as 정렬;
//! - words separated only by spaces are joined by one bigram across the space, so 정렬 연구
//!   and 정렬연구 produce the same bigrams.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

pub const ANALYZER: &str = "proofwire";
/// Lowercase words without stemming: the dictionary spelling suggestions are drawn from.
pub const SPELL_ANALYZER: &str = "proofwire_spell";
/// Pairs of adjacent analyzed terms ("open source"): a two-word phrase becomes one term lookup
/// instead of a position check in every document that has both words.
pub const SHINGLE_ANALYZER: &str = "proofwire_shingle";

/// Korean particles, longest first so 에서는 wins over 는.
const PARTICLES: &[&str] = &[
    "에서는",
    "으로는",
    "에게서",
    "에서",
    "에게",
    "으로",
    "까지",
    "부터",
    "보다",
    "처럼",
    "마다",
    "이나",
    "에는",
    "에도",
    "과의",
    "와의",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "로",
    "와",
    "과",
    "도",
];

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(MixedTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

pub fn spell_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(MixedTokenizer { words_only: true })
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub fn shingle_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(ShingleTokenizer)
}

/// The analyzed terms of `text` with their positions.
pub fn analyzed(text: &str) -> Vec<(usize, String)> {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone()));
    }
    out
}

/// The shingle terms of already analyzed tokens: each adjacent pair, joined by a space.
pub fn shingles(tokens: &[(usize, String)]) -> Vec<String> {
    tokens
        .windows(2)
        .filter(|w| w[1].0 == w[0].0 + 1)
        .map(|w| {
            let mut s = String::with_capacity(w[0].1.len() + w[1].1.len() + 1);
            s.push_str(&w[0].1);
            s.push(' ');
            s.push_str(&w[1].1);
            s
        })
        .collect()
}

#[derive(Clone, Default)]
pub struct ShingleTokenizer;

impl Tokenizer for ShingleTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens = shingles(&analyzed(text))
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text,
                position_length: 1,
            })
            .collect();
        VecTokenStream { tokens, next: 0 }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Word,
    Cjk,
    Space,
    Other,
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

fn is_cjk(c: char) -> bool {
    is_hangul(c)
        || matches!(c,
            '\u{3040}'..='\u{30FF}'      // Hiragana, Katakana
            | '\u{3400}'..='\u{4DBF}'    // Han extension A
            | '\u{4E00}'..='\u{9FFF}'    // Han
            | '\u{F900}'..='\u{FAFF}')
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

#[derive(Clone, Default)]
pub struct MixedTokenizer {
    /// Emit only alphabetic words (no CJK bigrams): the spelling dictionary's view.
    words_only: bool,
}

pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for MixedTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream {
            tokens: tokenize(text, self.words_only),
            next: 0,
        }
    }
}

/// A maximal run of one class: byte range and its characters with byte offsets.
struct Run {
    class: Class,
    start: usize,
    end: usize,
}

fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (i, c) in text.char_indices() {
        let k = class(c);
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(r) if r.class == k => r.end = end,
            _ => out.push(Run {
                class: k,
                start: i,
                end,
            }),
        }
    }
    out
}

fn strip_particle(word: &str) -> &str {
    let syllables = word.chars().count();
    if syllables < 3 || !word.chars().all(is_hangul) {
        return word;
    }
    for p in PARTICLES {
        if let Some(stem) = word.strip_suffix(p) {
            if stem.chars().count() >= 2 {
                return stem;
            }
        }
    }
    word
}

fn tokenize(text: &str, words_only: bool) -> Vec<Token> {
    let runs = runs(text);
    let mut tokens = Vec::new();
    let push = |tokens: &mut Vec<Token>, from: usize, to: usize| {
        let position = tokens.len();
        tokens.push(Token {
            offset_from: from,
            offset_to: to,
            position,
            text: text[from..to].to_string(),
            position_length: 1,
        });
    };
    // The last kept character of the previous CJK word (offset, char), when only spaces lie
    // between.
    let mut join_from: Option<(usize, char)> = None;
    for (i, run) in runs.iter().enumerate() {
        match run.class {
            Class::Word => {
                join_from = None;
                push(&mut tokens, run.start, run.end);
            }
            Class::Space => {}
            Class::Other => join_from = None,
            Class::Cjk if words_only => {}
            Class::Cjk => {
                let word = &text[run.start..run.end];
                let attached_to_word = i > 0 && runs[i - 1].class == Class::Word;
                // "GPT-5를": a particle glued to a Latin word or number carries no meaning.
                if attached_to_word && PARTICLES.contains(&word) {
                    join_from = None;
                    continue;
                }
                let kept = strip_particle(word);
                let chars: Vec<(usize, char)> = kept
                    .char_indices()
                    .map(|(o, c)| (run.start + o, c))
                    .collect();
                let Some(&(first_at, first)) = chars.first() else {
                    continue;
                };
                if let Some((prev_at, prev)) = join_from {
                    push(&mut tokens, prev_at, first_at + first.len_utf8());
                    // The span covers the space (and a dropped particle); the term does not.
                    if let Some(t) = tokens.last_mut() {
                        t.text = format!("{prev}{first}");
                    }
                }
                if chars.len() == 1 {
                    push(&mut tokens, first_at, first_at + first.len_utf8());
                }
                for pair in chars.windows(2) {
                    let (a, _) = pair[0];
                    let (b, cb) = pair[1];
                    push(&mut tokens, a, b + cb.len_utf8());
                }
                let next_is_space_then_cjk =
                    runs.get(i + 1).is_some_and(|r| r.class == Class::Space)
                        && runs.get(i + 2).is_some_and(|r| r.class == Class::Cjk);
                join_from = next_is_space_then_cjk.then(|| chars[chars.len() - 1]);
            }
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut a = analyzer();
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn english_is_lowercased_folded_and_stemmed() {
        assert_eq!(terms("Announced"), terms("announcement"));
        assert_eq!(terms("announces"), terms("announce"));
        assert_eq!(terms("Café NAÏVE"), vec!["cafe", "naiv"]);
        assert_eq!(terms("llama.cpp"), vec!["llama", "cpp"]);
    }

    #[test]
    fn korean_particles_and_spacing_give_the_same_bigrams() {
        assert_eq!(terms("정렬을"), vec!["정렬"]);
        assert_eq!(terms("정렬은"), vec!["정렬"]);
        assert_eq!(terms("정렬"), vec!["정렬"]);
        assert_eq!(terms("정렬 연구"), vec!["정렬", "렬연", "연구"]);
        assert_eq!(terms("정렬연구"), terms("정렬 연구"));
        assert_eq!(terms("정렬을 연구"), terms("정렬 연구"));
        // Two syllables are never stripped: 평가 is a word, not 평 + 가.
        assert_eq!(terms("평가"), vec!["평가"]);
    }

    #[test]
    fn korean_is_not_touched_by_the_english_stemmer() {
        assert_eq!(terms("모델들"), vec!["모델", "델들"]);
    }

    #[test]
    fn mixed_text_keeps_positions_in_order() {
        let mut a = analyzer();
        let mut stream = a.token_stream("GPT-5를 출시 today");
        let mut seen = Vec::new();
        while let Some(t) = stream.next() {
            seen.push((t.text.clone(), t.position));
        }
        assert_eq!(
            seen,
            vec![
                ("gpt".to_string(), 0),
                ("5".to_string(), 1),
                ("출시".to_string(), 2),
                ("today".to_string(), 3)
            ]
        );
    }

    #[test]
    fn shingles_pair_adjacent_terms() {
        assert_eq!(
            shingles(&analyzed("Open-source models")),
            vec!["open sourc", "sourc model"]
        );
        assert_eq!(
            shingles(&analyzed("정렬 연구")),
            vec!["정렬 렬연", "렬연 연구"]
        );
        assert!(shingles(&analyzed("word")).is_empty());
    }

    #[test]
    fn single_syllable_words_are_unigrams_and_joined() {
        assert_eq!(terms("새 모델"), vec!["새", "새모", "모델"]);
    }

    #[test]
    fn offsets_cover_the_original_text() {
        let text = "오픈AI가 정렬을 연구";
        for t in tokenize(text, false) {
            let slice = &text[t.offset_from..t.offset_to];
            // A join bigram spans the gap: its first and last characters are the term.
            let first = slice
                .chars()
                .next()
                .map(|c| c.to_string())
                .unwrap_or_default();
            let last = slice
                .chars()
                .last()
                .map(|c| c.to_string())
                .unwrap_or_default();
            if t.text.chars().count() == 2 && slice.chars().count() > 2 {
                assert_eq!(format!("{first}{last}"), t.text, "{slice}");
            } else {
                assert_eq!(slice, t.text, "{slice}");
            }
        }
    }
}
