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
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    TextAnalyzer, Token, TokenStream, Tokenizer,
};

pub const ANALYZER: &str = "proofwire";
/// Lowercase words without stemming: the dictionary spelling suggestions are drawn from.
pub const SPELL_ANALYZER: &str = "proofwire_spell";
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
    TextAnalyzer::from(NormalizedTokenizer)
}

/// What every word of [`analyzer`] goes through: dropped when 40 bytes or longer, lowercased,
/// ASCII-folded and stemmed. Applied to one word at a time (the raw tokenizer passes it whole).
fn normalizer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Words normalized on this thread: stemming was a fifth of indexing time and most of a
/// snippet's, and text repeats its words. Cleared when full, so hostile text cannot grow it.
const NORMALIZED_CACHE: usize = 65_536;

thread_local! {
    static NORMALIZED: std::cell::RefCell<(TextAnalyzer, std::collections::HashMap<String, Option<String>>)> =
        std::cell::RefCell::new((normalizer(), std::collections::HashMap::new()));
}

/// The term `word` becomes, or None when the filters drop it.
fn normalized(word: &str) -> Option<String> {
    NORMALIZED.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (analyzer, cache) = &mut *cell;
        if let Some(term) = cache.get(word) {
            return term.clone();
        }
        let mut stream = analyzer.token_stream(word);
        let term = stream.advance().then(|| stream.token().text.clone());
        drop(stream);
        if cache.len() >= NORMALIZED_CACHE {
            cache.clear();
        }
        cache.insert(word.to_string(), term.clone());
        term
    })
}

/// [`MixedTokenizer`]'s words through [`normalizer`]'s filters (positions kept, as the filters
/// keep them), one cache lookup per word.
#[derive(Clone, Default)]
pub struct NormalizedTokenizer;

impl Tokenizer for NormalizedTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let tokens: Vec<Token> = tokenize(text, false)
            .into_iter()
            .filter_map(|mut t| {
                t.text = normalized(&t.text)?;
                Some(t)
            })
            .collect();
        remember_derived(text, &tokens);
        VecTokenStream { tokens, next: 0 }
    }
}

/// How many recent texts' pairs a thread keeps, and the longest text it keeps them for.
const RECENT_TEXTS: usize = 4;
const RECENT_TEXT_BYTES: usize = 256 * 1024;

/// What the pair and window fields index of one text, found from its analysis.
struct Derived {
    buckets: Vec<u64>,
    /// The terms, one after another, with where each ends and its position: the windows are
    /// made from them only when the window field asks (queries and snippets analyze texts
    /// too, and never ask), at about the text's size.
    terms: String,
    ends: Vec<(u32, u32)>,
}

impl Derived {
    fn of(tokens: &[Token]) -> Derived {
        let mut terms = String::new();
        let mut ends = Vec::with_capacity(tokens.len());
        for t in tokens {
            terms.push_str(&t.text);
            let end = u32::try_from(terms.len()).unwrap_or(u32::MAX);
            ends.push((end, u32::try_from(t.position).unwrap_or(u32::MAX)));
        }
        Derived {
            buckets: super::phrase::buckets(tokens.iter().map(|t| (t.position, t.text.as_str()))),
            terms,
            ends,
        }
    }

    fn windows(&self) -> Vec<String> {
        let mut start = 0usize;
        let mut terms = Vec::with_capacity(self.ends.len());
        for &(end, position) in &self.ends {
            let end = end as usize;
            // The offsets were taken on this same string, at the end of whole terms.
            let Some(term) = self.terms.get(start..end) else {
                return Vec::new();
            };
            terms.push((position as usize, term));
            start = end;
        }
        super::windows::windows(&terms)
    }
}

thread_local! {
    /// The index writer analyzes a document's title, summary and text for their own fields and
    /// then for the pair and window fields: what the first analysis found spares the others,
    /// each of which doubled indexing time. Keyed by the whole text, so a hit is the same text.
    static RECENT: std::cell::RefCell<std::collections::VecDeque<(String, Derived)>> =
        const { std::cell::RefCell::new(std::collections::VecDeque::new()) };
}

fn remember_derived(text: &str, tokens: &[Token]) {
    if text.len() > RECENT_TEXT_BYTES {
        return;
    }
    let derived = Derived::of(tokens);
    RECENT.with(|cell| {
        let mut recent = cell.borrow_mut();
        if recent.len() >= RECENT_TEXTS {
            recent.pop_front();
        }
        recent.push_back((text.to_string(), derived));
    });
}

/// `pick` of what the recent analysis of the same text derived, if it is kept.
fn recent<T>(text: &str, pick: impl FnOnce(&Derived) -> T) -> Option<T> {
    RECENT.with(|cell| {
        cell.borrow()
            .iter()
            .rev()
            .find(|(t, _)| t == text)
            .map(|(_, d)| pick(d))
    })
}

/// The pair buckets of `text` ([`super::phrase::buckets`] of its analyzed terms).
pub fn pair_buckets(text: &str) -> Vec<u64> {
    recent(text, |d| d.buckets.clone())
        .unwrap_or_else(|| Derived::of(&analyzed_tokens(text)).buckets)
}

/// The indexed windows of `text` ([`super::windows::windows`] of its analyzed terms).
pub fn text_windows(text: &str) -> Vec<String> {
    recent(text, Derived::windows).unwrap_or_else(|| Derived::of(&analyzed_tokens(text)).windows())
}

/// The same analysis as [`analyzer`] as tantivy's filter chain runs it, without the cache: the
/// reference the cached one is tested against.
#[cfg(test)]
fn uncached_analyzer() -> TextAnalyzer {
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

/// The analyzed terms of `text` with their positions.
pub fn analyzed(text: &str) -> Vec<(usize, String)> {
    analyzed_tokens(text)
        .into_iter()
        .map(|t| (t.position, t.text))
        .collect()
}

/// The tokens [`analyzer`] makes of `text` (terms, positions, offsets into `text`): what the
/// index stores for a field analyzed with it.
pub fn analyzed_tokens(text: &str) -> Vec<Token> {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
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

pub(super) fn is_cjk(c: char) -> bool {
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

impl VecTokenStream {
    /// Terms of no text of their own (no offsets), one position each.
    pub(super) fn of_terms(terms: Vec<String>) -> VecTokenStream {
        let tokens = terms
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token {
                position,
                text,
                ..Token::default()
            })
            .collect();
        VecTokenStream { tokens, next: 0 }
    }
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

    fn tokens_of(mut a: TextAnalyzer, text: &str) -> Vec<Token> {
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    proptest::proptest! {
        /// The cached analysis gives the terms, positions and offsets of the filter chain.
        #[test]
        fn cached_analysis_equals_the_filter_chain(
            text in "([A-Za-zÀ-ÿ0-9]{1,45}|[가-힣]{1,5}|[ .,\\-]|announc(e|ed|ing|ement)|정렬(을|은)?){0,40}"
        ) {
            proptest::prop_assert_eq!(tokens_of(analyzer(), &text), tokens_of(uncached_analyzer(), &text));
            // Twice: the second run reads the cache.
            proptest::prop_assert_eq!(tokens_of(analyzer(), &text), tokens_of(uncached_analyzer(), &text));
        }

    }

    proptest::proptest! {
        /// The buckets and windows kept from an earlier analysis are the ones a fresh analysis gives.
        #[test]
        fn kept_pairs_and_windows_equal_fresh_ones(
            texts in proptest::collection::vec("([a-z]{1,8}|[가-힣]{1,4}|[ .,]|\\PC{0,3}){0,30}", 1..8),
        ) {
            let fresh: Vec<Derived> = texts.iter().map(|t| Derived::of(&analyzed_tokens(t))).collect();
            for (t, want) in texts.iter().zip(&fresh) {
                proptest::prop_assert_eq!(&pair_buckets(t), &want.buckets);
                let tokens = analyzed_tokens(t);
                let terms: Vec<(usize, &str)> = tokens.iter().map(|k| (k.position, k.text.as_str())).collect();
                let windows = super::super::windows::windows(&terms);
                proptest::prop_assert_eq!(&want.windows(), &windows);
                proptest::prop_assert_eq!(&text_windows(t), &windows);
            }
        }
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
