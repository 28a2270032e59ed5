//! The vendor facets: how many matches each vendor has.
//!
//! tantivy's facet collector reads a facet field, a column that may hold several values per
//! post, walked document by document, and a vendor-filtered page counts every match of the
//! unfiltered query that way (~100k for a common word). A post has exactly one vendor, so its
//! name is a column of one value per post: read a block of matches at a time, counted by the
//! name's ordinal, and the ordinals turned into names once per segment, at the end.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The column of each post's vendor name, as shown.
pub const VENDOR_NAME: &str = "vendor_name";

/// The number of matches and, per vendor name, how many of them it has: most first, then by
/// name.
pub struct VendorCounts;

pub struct SegmentVendorCounts {
    /// None in a segment where no post has the column.
    names: Option<StrColumn>,
    counts: Vec<u64>,
    matches: usize,
    /// Ordinals of a block of matches, reused.
    ords: Vec<Option<u64>>,
}

impl SegmentVendorCounts {
    fn count(&mut self, ord: u64) {
        if let Some(n) = usize::try_from(ord)
            .ok()
            .and_then(|i| self.counts.get_mut(i))
        {
            *n += 1;
        }
    }
}

/// (vendor name, matches), most first, then by name.
pub type Facets = Vec<(String, u64)>;

type Counts = (usize, Facets);

impl SegmentCollector for SegmentVendorCounts {
    type Fruit = tantivy::Result<Counts>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.matches += 1;
        if let Some(ord) = self.names.as_ref().and_then(|c| c.ords().first(doc)) {
            self.count(ord);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.matches += docs.len();
        let Some(names) = &self.names else {
            return;
        };
        let mut ords = std::mem::take(&mut self.ords);
        ords.clear();
        ords.resize(docs.len(), None);
        names.ords().first_vals(docs, &mut ords);
        for &ord in ords.iter().flatten() {
            self.count(ord);
        }
        self.ords = ords;
    }

    fn harvest(self) -> tantivy::Result<Counts> {
        let mut out = Vec::new();
        if let Some(names) = &self.names {
            for (ord, &n) in self.counts.iter().enumerate().filter(|(_, &n)| n > 0) {
                let mut name = String::new();
                if names.ord_to_str(ord as u64, &mut name)? {
                    out.push((name, n));
                }
            }
        }
        Ok((self.matches, out))
    }
}

impl Collector for VendorCounts {
    type Fruit = Counts;
    type Child = SegmentVendorCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentVendorCounts> {
        let names = reader.fast_fields().str(VENDOR_NAME)?;
        let terms = names.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentVendorCounts {
            names,
            counts: vec![0; terms],
            matches: 0,
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<Counts>>) -> tantivy::Result<Counts> {
        let mut matches = 0;
        let mut by_name: BTreeMap<String, u64> = BTreeMap::new();
        for fruit in fruits {
            let (n, counts) = fruit?;
            matches += n;
            for (name, c) in counts {
                *by_name.entry(name).or_default() += c;
            }
        }
        let mut list: Facets = by_name.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok((matches, list))
    }
}
