//! The page's hits without scoring every match. Counting and ranking in one pass scores each of
//! tens of thousands of matches of a common word; here the count (and the vendor facets) take a
//! pass that computes no score, and the best hits take one that lets tantivy skip blocks of
//! postings that cannot reach the page (block-max WAND), or, by date, reads only the date.
//!
//! Both orders break ties by article id, highest first, so a page lists the same hits whatever
//! the segment layout: the threshold handed to tantivy sits just below the lowest kept score, so
//! a match with an equal score still arrives and the id decides.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// One kept hit; ordered by key, then article id.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Kept<K> {
    key: K,
    id: u64,
    doc: DocId,
}

/// The `n` greatest of what is pushed, by (key, id).
struct Best<K> {
    n: usize,
    heap: BinaryHeap<Reverse<Ordered<K>>>,
}

/// Total order over keys that are only partially ordered (scores); NaN never occurs in BM25.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ordered<K>(Kept<K>);

impl<K: PartialOrd> Eq for Ordered<K> {}
impl<K: PartialOrd> PartialOrd for Ordered<K> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<K: PartialOrd> Ord for Ordered<K> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        by_key_then_id((&self.0.key, self.0.id), (&other.0.key, other.0.id))
    }
}

/// The one order of hits: by key, then by article id.
fn by_key_then_id<K: PartialOrd>(a: (&K, u64), b: (&K, u64)) -> std::cmp::Ordering {
    a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal)
}

impl<K: PartialOrd + Copy> Best<K> {
    fn new(n: usize) -> Self {
        Best {
            n,
            heap: BinaryHeap::with_capacity(n + 1),
        }
    }

    fn full(&self) -> bool {
        self.heap.len() >= self.n
    }

    /// The lowest kept key once full: nothing below it can enter.
    fn floor(&self) -> Option<K> {
        if self.full() {
            self.heap.peek().map(|r| r.0 .0.key)
        } else {
            None
        }
    }

    /// Whether (key, id) would enter.
    fn admits(&self, key: K, id: u64) -> bool {
        match self.heap.peek() {
            Some(low) if self.full() => (key, id) > (low.0 .0.key, low.0 .0.id),
            _ => self.n > 0,
        }
    }

    fn push(&mut self, kept: Kept<K>) {
        if self.admits(kept.key, kept.id) {
            self.heap.push(Reverse(Ordered(kept)));
            if self.heap.len() > self.n {
                self.heap.pop();
            }
        }
    }

    fn into_sorted(self) -> Vec<Kept<K>> {
        let mut v: Vec<Kept<K>> = self.heap.into_iter().map(|r| r.0 .0).collect();
        v.sort_by_key(|k| Reverse(Ordered(*k)));
        v
    }
}

fn ids(reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
    reader.fast_fields().u64("id")
}

/// Merges per-segment best lists into the page: skip `offset`, keep `limit`.
fn merge<K: PartialOrd + Copy>(
    fruits: Vec<Vec<(K, u64, DocAddress)>>,
    limit: usize,
    offset: usize,
) -> Vec<(K, DocAddress)> {
    let mut all: Vec<(K, u64, DocAddress)> = fruits.into_iter().flatten().collect();
    all.sort_by(|a, b| by_key_then_id((&b.0, b.1), (&a.0, a.1)));
    all.into_iter()
        .skip(offset)
        .take(limit)
        .map(|(k, _, a)| (k, a))
        .collect()
}

/// One segment's best, by score or by date.
pub struct SegmentBest<K> {
    best: Best<K>,
    ids: Column<u64>,
    segment_ord: SegmentOrdinal,
    /// Set when ordering by date.
    published: Option<Column<tantivy::DateTime>>,
    dates: Vec<Option<tantivy::DateTime>>,
    /// Matches seen (the date order's count; the score order is counted apart).
    count: usize,
}

impl<K: PartialOrd + Copy> SegmentBest<K> {
    fn new(n: usize, segment_ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self> {
        Ok(SegmentBest {
            best: Best::new(n),
            ids: ids(reader)?,
            segment_ord,
            published: None,
            dates: Vec::new(),
            count: 0,
        })
    }

    fn push(&mut self, doc: DocId, key: K) {
        // The id is read only for a key that can enter.
        if self.best.floor().is_some_and(|low| key < low) {
            return;
        }
        let id = self.ids.first(doc).unwrap_or(0);
        self.best.push(Kept { key, id, doc });
    }

    fn fruit(self) -> Vec<(K, u64, DocAddress)> {
        let ord = self.segment_ord;
        self.best
            .into_sorted()
            .into_iter()
            .map(|k| (k.key, k.id, DocAddress::new(ord, k.doc)))
            .collect()
    }
}

fn nanos(date: Option<tantivy::DateTime>) -> i64 {
    date.map_or(i64::MIN, |d| d.into_timestamp_nanos())
}

/// The best-scored hits, ties by article id. Its own pass: the threshold it hands tantivy
/// lets a union of terms skip blocks (block-max WAND); in a tuple it still works, scoring all.
pub struct TopScored {
    pub limit: usize,
    pub offset: usize,
}

impl SegmentCollector for SegmentBest<Score> {
    type Fruit = Vec<(Score, u64, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.push(doc, score);
    }

    fn harvest(self) -> Self::Fruit {
        self.fruit()
    }
}

impl Collector for TopScored {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentBest<Score>;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        SegmentBest::new(self.limit + self.offset, segment_ord, reader)
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(Score, u64, DocAddress)>>,
    ) -> tantivy::Result<Self::Fruit> {
        Ok(merge(fruits, self.limit, self.offset))
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(Score, u64, DocAddress)>> {
        let mut child = self.for_segment(segment_ord, reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                child.push(doc, score);
            }
            // Just below the lowest kept score: an equal score may still win on its id.
            child.best.floor().map_or(Score::MIN, f32::next_down)
        })?;
        Ok(child.harvest())
    }
}

/// The newest hits by `published`, ties by article id, and how many matched; scores are never
/// computed.
pub struct Newest {
    pub limit: usize,
    pub offset: usize,
}

impl SegmentCollector for SegmentBest<i64> {
    type Fruit = (usize, Vec<(i64, u64, DocAddress)>);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.count += 1;
        let date = self.published.as_ref().and_then(|c| c.first(doc));
        self.push(doc, nanos(date));
    }

    /// Alone (not in a tuple) and with nothing deleted, tantivy hands over blocks of matches:
    /// their dates are read together.
    fn collect_block(&mut self, docs: &[DocId]) {
        self.count += docs.len();
        let mut dates = std::mem::take(&mut self.dates);
        dates.clear();
        dates.resize(docs.len(), None);
        if let Some(published) = &self.published {
            published.first_vals(docs, &mut dates);
        }
        for (&doc, &date) in docs.iter().zip(&dates) {
            self.push(doc, nanos(date));
        }
        self.dates = dates;
    }

    fn harvest(self) -> Self::Fruit {
        (self.count, self.fruit())
    }
}

impl Collector for Newest {
    type Fruit = (usize, Vec<(i64, DocAddress)>);
    type Child = SegmentBest<i64>;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let mut child = SegmentBest::new(self.limit + self.offset, segment_ord, reader)?;
        child.published = Some(reader.fast_fields().date("published")?);
        Ok(child)
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(usize, Vec<(i64, u64, DocAddress)>)>,
    ) -> tantivy::Result<Self::Fruit> {
        let total = fruits.iter().map(|(n, _)| n).sum();
        let lists = fruits.into_iter().map(|(_, l)| l).collect();
        Ok((total, merge(lists, self.limit, self.offset)))
    }
}

/// How many documents match, each segment counted by its weight: a lone term from its document
/// frequency, anything else by iterating without scores.
pub struct Counted;

impl Collector for Counted {
    type Fruit = usize;
    /// Inside a tuple it counts what it is handed, as tantivy's `Count` does.
    type Child = <Count as Collector>::Child;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Count.for_segment(segment_ord, reader)
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, counts: Vec<usize>) -> tantivy::Result<usize> {
        Ok(counts.into_iter().sum())
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        _: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<usize> {
        Ok(weight.count(reader)? as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The kept hits are exactly the first of everything sorted by (key, id) descending,
        /// whatever the order they come in and however many keys are equal.
        #[test]
        fn best_keeps_the_greatest_by_key_then_id(
            (keys, ids) in (0usize..80).prop_flat_map(|len| (
                proptest::collection::vec(0u8..6, len),
                Just((0..len as u64).collect::<Vec<u64>>()).prop_shuffle(),
            )),
            n in 0usize..12,
        ) {
            let items: Vec<(u8, u64)> = keys.into_iter().zip(ids).collect();
            let mut best: Best<u8> = Best::new(n);
            for (doc, (key, id)) in items.iter().enumerate() {
                best.push(Kept { key: *key, id: *id, doc: doc as DocId });
            }
            let got: Vec<(u8, u64)> = best.into_sorted().iter().map(|k| (k.key, k.id)).collect();
            let mut want: Vec<(u8, u64)> = items.clone();
            want.sort_by(|a, b| b.cmp(a));
            want.truncate(n);
            prop_assert_eq!(got, want);
        }
    }
}
