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

use tantivy::collector::{Collector, SegmentCollector};
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
        (&self.0.key, self.0.id)
            .partial_cmp(&(&other.0.key, other.0.id))
            .unwrap_or(std::cmp::Ordering::Equal)
    }
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
    all.sort_by(|a, b| {
        (&b.0, b.1)
            .partial_cmp(&(&a.0, a.1))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    all.into_iter()
        .skip(offset)
        .take(limit)
        .map(|(k, _, a)| (k, a))
        .collect()
}

/// The best-scored hits, ties by article id.
pub struct TopScored {
    pub limit: usize,
    pub offset: usize,
}

/// The newest hits by `published`, ties by article id; scores are never computed.
pub struct Newest {
    pub limit: usize,
    pub offset: usize,
}

/// Never used: both collectors work in `collect_segment`, where the whole segment is in view.
pub struct Unused;

impl SegmentCollector for Unused {
    type Fruit = Vec<(Score, u64, DocAddress)>;
    fn collect(&mut self, _: DocId, _: Score) {}
    fn harvest(self) -> Self::Fruit {
        Vec::new()
    }
}

/// The same, for the date order's fruit.
pub struct UnusedByDate;

impl SegmentCollector for UnusedByDate {
    type Fruit = Vec<(i64, u64, DocAddress)>;
    fn collect(&mut self, _: DocId, _: Score) {}
    fn harvest(self) -> Self::Fruit {
        Vec::new()
    }
}

impl Collector for TopScored {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = Unused;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Unused> {
        Ok(Unused)
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
        let ids = ids(reader)?;
        let alive = reader.alive_bitset();
        let mut best: Best<Score> = Best::new(self.limit + self.offset);
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                let id = ids.first(doc).unwrap_or(0);
                best.push(Kept {
                    key: score,
                    id,
                    doc,
                });
            }
            // Just below the lowest kept score: an equal score may still win on its id.
            best.floor().map_or(Score::MIN, f32::next_down)
        })?;
        Ok(best
            .into_sorted()
            .into_iter()
            .map(|k| (k.key, k.id, DocAddress::new(segment_ord, k.doc)))
            .collect())
    }
}

impl Collector for Newest {
    type Fruit = Vec<(i64, DocAddress)>;
    type Child = UnusedByDate;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<UnusedByDate> {
        Ok(UnusedByDate)
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(i64, u64, DocAddress)>>,
    ) -> tantivy::Result<Self::Fruit> {
        Ok(merge(fruits, self.limit, self.offset))
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(i64, u64, DocAddress)>> {
        let ids = ids(reader)?;
        let published = reader.fast_fields().date("published")?;
        let alive = reader.alive_bitset();
        let mut best: Best<i64> = Best::new(self.limit + self.offset);
        let mut dates = Vec::new();
        weight.for_each_no_score(reader, &mut |docs| {
            dates.clear();
            dates.resize(docs.len(), None);
            published.first_vals(docs, &mut dates);
            for (&doc, date) in docs.iter().zip(&dates) {
                let key = date.map_or(i64::MIN, |d| d.into_timestamp_nanos());
                // The id is read only for a date that can enter.
                if best.floor().is_some_and(|low| key < low) {
                    continue;
                }
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let id = ids.first(doc).unwrap_or(0);
                    best.push(Kept { key, id, doc });
                }
            }
        })?;
        Ok(best
            .into_sorted()
            .into_iter()
            .map(|k| (k.key, k.id, DocAddress::new(segment_ord, k.doc)))
            .collect())
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
