//! Phrases checked by position only where they can be.
//!
//! tantivy's phrase query reads the positions of every document that has all the phrase's
//! words. For a phrase of common words ("open source", "language models") that is nearly every
//! document, and it was the search page's slowest query by far. Here an index of the pairs of
//! adjacent terms each document has (hashed into a fixed number of buckets, so the dictionary
//! stays small however large the vocabulary) narrows the documents first; positions are read
//! only in those. A bucket can hold other pairs too, so the positions still decide: the answer is
//! exactly the phrase query's.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, Token, Tokenizer};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Buckets of the pair index: 2^18. With a few hundred distinct pairs per document, a bucket
/// falsely names about one document in a thousand.
const BUCKET_BITS: u32 = 18;

/// The bucket of the pair (a, b), the same on every machine and in every version that keeps
/// the schema version (FNV-1a: the index on disk depends on it).
pub fn bucket(a: &str, b: &str) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01B3;
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for byte in a.bytes().chain(std::iter::once(0xFF)).chain(b.bytes()) {
        h ^= u64::from(byte);
        h = h.wrapping_mul(PRIME);
    }
    h >> (64 - BUCKET_BITS)
}

/// The buckets of every pair of terms at adjacent positions, each once, in order.
pub fn buckets<'a>(terms: impl IntoIterator<Item = (usize, &'a str)>) -> Vec<u64> {
    let mut out = Vec::new();
    let mut last: Option<(usize, &str)> = None;
    for (position, term) in terms {
        if let Some((p, t)) = last {
            if position == p + 1 {
                out.push(bucket(t, term));
            }
        }
        last = Some((position, term));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The analyzer of the pair index's field: a text becomes the buckets of its pairs, each once.
/// It runs on the index writer's threads, like the analysis of the fields themselves.
pub const PAIRS_ANALYZER: &str = "proofwire_pairs";

pub fn pairs_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(PairsTokenizer)
}

/// A bucket as the term the index stores: three characters of 6 bits each.
pub fn bucket_term(bucket: u64) -> String {
    let mut s = String::with_capacity(3);
    push_bucket_term(&mut s, bucket);
    s
}

fn push_bucket_term(out: &mut String, bucket: u64) {
    const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    for i in (0..BUCKET_BITS.div_ceil(6)).rev() {
        out.push(char::from(DIGITS[((bucket >> (6 * i)) & 63) as usize]));
    }
}

#[derive(Clone, Default)]
pub struct PairsTokenizer;

impl Tokenizer for PairsTokenizer {
    type TokenStream<'a> = BucketStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BucketStream {
        BucketStream {
            buckets: super::analyzer::pair_buckets(text),
            next: 0,
            token: Token::default(),
        }
    }
}

/// The buckets as tokens, one reused token (a document has hundreds of pairs; a string each
/// was measurable in a rebuild).
pub struct BucketStream {
    buckets: Vec<u64>,
    next: usize,
    token: Token,
}

impl tantivy::tokenizer::TokenStream for BucketStream {
    fn advance(&mut self) -> bool {
        let Some(&b) = self.buckets.get(self.next) else {
            return false;
        };
        self.token.text.clear();
        push_bucket_term(&mut self.token.text, b);
        self.token.position = self.next;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// A phrase in any of some fields, each with its weight: found where the pair index allows it
/// and the field's positions hold its terms in order, or, when its terms are a run the window
/// fields index whole ([`super::windows`]), read from those with its count in each field.
#[derive(Clone, Debug)]
pub struct CheckedPhrase {
    /// The pair index's field.
    pairs: Field,
    /// Analyzed terms with their position relative to the first (a dropped word leaves a gap).
    terms: Vec<(u32, String)>,
    fields: Vec<(Field, Score)>,
    /// The phrase as one window term, and each field's window field (parallel to `fields`).
    window: Option<(String, Vec<Field>)>,
}

impl CheckedPhrase {
    /// None when the phrase has no pair of adjacent terms to narrow by (the caller then needs
    /// a plain phrase query).
    pub fn new(
        pairs: Field,
        windows_of: impl Fn(Field) -> Option<Field>,
        terms: &[(usize, String)],
        fields: Vec<(Field, Score)>,
    ) -> Option<CheckedPhrase> {
        let first = terms.first()?.0;
        let terms: Vec<(u32, String)> = terms
            .iter()
            .map(|(p, t)| (u32::try_from(p - first).unwrap_or(u32::MAX), t.clone()))
            .collect();
        let has_pair = terms.windows(2).any(|w| w[1].0 == w[0].0 + 1);
        let in_a_row = terms.iter().enumerate().all(|(i, (p, _))| *p as usize == i);
        let window = in_a_row
            .then(|| super::windows::window(terms.iter().map(|(_, t)| t.as_str())))
            .flatten()
            .and_then(|w| {
                let of: Option<Vec<Field>> = fields.iter().map(|(f, _)| windows_of(*f)).collect();
                Some((w, of?))
            });
        (has_pair && !fields.is_empty()).then_some(CheckedPhrase {
            pairs,
            terms,
            fields,
            window,
        })
    }

    fn candidates(&self) -> BooleanQuery {
        if let Some((window, fields)) = &self.window {
            return BooleanQuery::new(
                fields
                    .iter()
                    .map(|&f| -> (Occur, Box<dyn Query>) {
                        (
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(f, window),
                                IndexRecordOption::Basic,
                            )),
                        )
                    })
                    .collect(),
            );
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> =
            buckets(self.terms.iter().map(|(p, t)| (*p as usize, t.as_str())))
                .into_iter()
                .map(|b| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(self.pairs, &bucket_term(b)),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Must, q)
                })
                .collect();
        BooleanQuery::new(clauses)
    }

    fn field_terms(&self, field: Field) -> Vec<Term> {
        self.terms
            .iter()
            .map(|(_, t)| Term::from_field_text(field, t))
            .collect()
    }
}

impl Query for CheckedPhrase {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let candidates = self
            .candidates()
            .weight(EnableScoring::disabled_from_schema(scoring.schema()))?;
        let mut fields = Vec::with_capacity(self.fields.len());
        for (i, &(field, boost)) in self.fields.iter().enumerate() {
            let terms = self.field_terms(field);
            let window = self
                .window
                .as_ref()
                .and_then(|(w, of)| of.get(i).map(|&f| Term::from_field_text(f, w)));
            let bm25 = match scoring {
                EnableScoring::Enabled {
                    statistics_provider,
                    ..
                } => Some(Bm25Weight::for_terms(statistics_provider, &terms)?.boost_by(boost)),
                EnableScoring::Disabled { .. } => None,
            };
            fields.push(FieldWeight {
                field,
                terms,
                window,
                bm25,
            });
        }
        Ok(Box::new(CheckedWeight {
            candidates,
            offsets: self.terms.iter().map(|(p, _)| *p).collect(),
            fields,
        }))
    }

    fn query_terms<'a>(&'a self, _visitor: &mut dyn FnMut(&'a Term, bool)) {
        // Snippets are drawn from plain phrase queries built for them; the terms this query
        // holds are made when its weight is.
    }
}

struct FieldWeight {
    field: Field,
    /// The phrase's terms in the field: what it is scored by.
    terms: Vec<Term>,
    /// The phrase as a term of the field's window field: where it is read from, if it is one.
    window: Option<Term>,
    bm25: Option<Bm25Weight>,
}

struct CheckedWeight {
    candidates: Box<dyn Weight>,
    offsets: Vec<u32>,
    fields: Vec<FieldWeight>,
}

impl CheckedWeight {
    fn checked_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<CheckedScorer> {
        let mut fields = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            let (postings, counted) = match &f.window {
                Some(window) => {
                    let inverted = reader.inverted_index(window.field())?;
                    match inverted.read_postings(window, IndexRecordOption::WithFreqs)? {
                        Some(p) => (vec![p], true),
                        // The segment's field never holds the phrase.
                        None => continue,
                    }
                }
                None => {
                    let inverted = reader.inverted_index(f.field)?;
                    let mut postings = Vec::with_capacity(f.terms.len());
                    for term in &f.terms {
                        match inverted
                            .read_postings(term, IndexRecordOption::WithFreqsAndPositions)?
                        {
                            Some(p) => postings.push(p),
                            None => break,
                        }
                    }
                    // A term the segment's field lacks: the phrase cannot stand in it.
                    if postings.len() < f.terms.len() {
                        continue;
                    }
                    (postings, false)
                }
            };
            let norms = match reader.fieldnorms_readers().get_field(f.field)? {
                Some(n) if f.bm25.is_some() => n,
                _ => FieldNormReader::constant(reader.max_doc(), 1),
            };
            fields.push(FieldCheck {
                postings,
                counted,
                bm25: f.bm25.as_ref().map(|w| w.boost_by(boost)),
                norms,
            });
        }
        let mut scorer = CheckedScorer {
            candidates: self.candidates.scorer(reader, 1.0)?,
            offsets: self.offsets.clone(),
            fields,
            doc: TERMINATED,
            score: 0.0,
            positions: PositionLists::default(),
        };
        let first = scorer.candidates.doc();
        scorer.settle(first);
        Ok(scorer)
    }
}

impl Weight for CheckedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.checked_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.checked_scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not hold the phrase"
            )));
        }
        Ok(Explanation::new(
            "phrase checked by position",
            scorer.score(),
        ))
    }
}

struct FieldCheck {
    postings: Vec<SegmentPostings>,
    /// The one posting list is the phrase's window term: its frequency is the phrase's count.
    counted: bool,
    bm25: Option<Bm25Weight>,
    norms: FieldNormReader,
}

struct CheckedScorer {
    candidates: Box<dyn Scorer>,
    offsets: Vec<u32>,
    fields: Vec<FieldCheck>,
    doc: DocId,
    score: Score,
    positions: PositionLists,
}

impl CheckedScorer {
    /// Stops on `doc` when it holds the phrase, else on the next candidate that does.
    fn settle(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED && !self.check(doc) {
            doc = self.candidates.advance();
        }
        self.doc = doc;
        doc
    }

    /// Whether `doc` holds the phrase in some field; its score is then the fields' sum.
    fn check(&mut self, doc: DocId) -> bool {
        let mut score = 0.0;
        let mut found = false;
        for field in &mut self.fields {
            let count = if field.counted {
                frequency(&mut field.postings, doc)
            } else {
                self.positions
                    .occurrences(&mut field.postings, &self.offsets, doc)
            };
            if count > 0 {
                found = true;
                if let Some(w) = &field.bm25 {
                    score += w.score(field.norms.fieldnorm_id(doc), count);
                }
            }
        }
        self.score = score;
        found
    }
}

/// How often the window term of the one posting list stands in `doc` (0 when it does not).
fn frequency(postings: &mut [SegmentPostings], doc: DocId) -> u32 {
    let Some(p) = postings.first_mut() else {
        return 0;
    };
    if p.doc() < doc {
        p.seek(doc);
    }
    if p.doc() == doc {
        p.term_freq()
    } else {
        0
    }
}

/// Each term's positions in one document, and a cursor into each: buffers reused from one
/// document to the next.
#[derive(Default)]
struct PositionLists {
    lists: Vec<Vec<u32>>,
    cursors: Vec<usize>,
}

impl PositionLists {
    /// How often the terms stand at their offsets in `doc` (0 when a term is not in it).
    fn occurrences(
        &mut self,
        postings: &mut [SegmentPostings],
        offsets: &[u32],
        doc: DocId,
    ) -> u32 {
        for p in postings.iter_mut() {
            if p.doc() < doc {
                p.seek(doc);
            }
            if p.doc() != doc {
                return 0;
            }
        }
        self.lists.resize_with(postings.len(), Vec::new);
        for (p, list) in postings.iter_mut().zip(&mut self.lists) {
            list.clear();
            p.positions(list);
        }
        self.cursors.clear();
        self.cursors.resize(postings.len(), 0);
        count_aligned(&self.lists, offsets, &mut self.cursors)
    }
}

/// How many starts `s` have every term `k` at `s + offsets[k]`, each list sorted ascending.
/// The starts come in order, so each list is walked once.
fn count_aligned(lists: &[Vec<u32>], offsets: &[u32], cursors: &mut [usize]) -> u32 {
    let (Some(first), Some(&first_offset)) = (lists.first(), offsets.first()) else {
        return 0;
    };
    let mut count = 0u32;
    'starts: for &at in first {
        let Some(start) = at.checked_sub(first_offset) else {
            continue;
        };
        for ((list, &offset), cursor) in lists.iter().zip(offsets).zip(cursors.iter_mut()).skip(1) {
            let Some(want) = start.checked_add(offset) else {
                break 'starts;
            };
            while list.get(*cursor).is_some_and(|&p| p < want) {
                *cursor += 1;
            }
            match list.get(*cursor) {
                // Later starts want later positions still: none can be found.
                None => break 'starts,
                Some(&p) if p != want => continue 'starts,
                Some(_) => {}
            }
        }
        count = count.saturating_add(1);
    }
    count
}

impl DocSet for CheckedScorer {
    fn advance(&mut self) -> DocId {
        let next = self.candidates.advance();
        self.settle(next)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let next = self.candidates.seek(target);
        self.settle(next)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.candidates.size_hint()
    }
}

impl Scorer for CheckedScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_adjacent_terms_only_and_each_bucket_once() {
        let b = buckets([
            (0, "open"),
            (1, "source"),
            (3, "model"),
            (4, "open"),
            (5, "source"),
        ]);
        let mut want = vec![bucket("open", "source"), bucket("model", "open")];
        want.sort_unstable();
        want.dedup();
        assert_eq!(b, want);
        assert!(buckets([(0, "a"), (2, "b")]).is_empty());
        assert_ne!(bucket("ab", "c"), bucket("a", "bc"));
    }

    #[test]
    fn bucket_terms_differ_for_every_bucket() {
        let terms: std::collections::HashSet<String> =
            (0..1u64 << BUCKET_BITS).map(bucket_term).collect();
        assert_eq!(terms.len(), 1 << BUCKET_BITS);
    }

    proptest::proptest! {
        #[test]
        fn a_bucket_is_in_range_for_any_text(a in "\\PC{0,20}", b in "\\PC{0,20}") {
            proptest::prop_assert!(bucket(&a, &b) < 1 << BUCKET_BITS);
        }

        /// The walk counts exactly the starts a search over every start finds, whatever the
        /// positions, the gaps between the terms and the starts before the first offset.
        #[test]
        fn aligned_starts_are_counted_as_a_full_search_counts_them(
            lists in proptest::collection::vec(
                proptest::collection::btree_set(0u32..60, 0..25), 1..4),
            gaps in proptest::collection::vec(1u32..3, 3),
            first_offset in 0u32..2,
        ) {
            let lists: Vec<Vec<u32>> = lists.into_iter().map(|s| s.into_iter().collect()).collect();
            let mut offsets = vec![first_offset];
            for g in gaps.iter().take(lists.len() - 1) {
                offsets.push(offsets[offsets.len() - 1] + g);
            }
            let want = (0u32..60)
                .filter(|&s| lists.iter().zip(&offsets).all(|(l, &o)| l.contains(&(s + o))))
                .count() as u32;
            let mut cursors = vec![0; lists.len()];
            proptest::prop_assert_eq!(count_aligned(&lists, &offsets, &mut cursors), want);
        }
    }
}
