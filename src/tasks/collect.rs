//! A tantivy collector that buckets matching tasks by (group key, document
//! id), read from string fast fields, without touching the doc store.
//!
//! A query runs it twice: first counting only (per match: two column reads and,
//! as a document's tasks are adjacent, rarely a hash of two integers), which
//! gives every group's and document's counts; then, restricted to the
//! documents on the returned page, keeping each task's address and position.
//! Strings are decoded once per bucket, in one ordered pass over each
//! dictionary.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// (group key, document id): `None` group when the task has no value for it.
pub(crate) type BucketKey = (Option<Arc<str>>, Arc<str>);

/// The matching tasks of one (group, document).
#[derive(Debug, Default)]
pub(crate) struct Bucket {
    pub count: usize,
    /// Address and position in its document of each task (only when collected
    /// `with_hits`).
    pub hits: Vec<(DocAddress, u64)>,
}

pub(crate) type Buckets = FastMap<BucketKey, Bucket>;

/// A `HashMap` with [`FastHasher`]: the keys are the index's own strings and
/// integers, not attacker-chosen, and SipHash dominated grouping time.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// The multiply-rotate hash of rustc (FxHash), processing eight bytes at a time.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Collects [`Buckets`]; `group_field` and `doc_field` are string fast fields,
/// `seq_field` a u64 fast field read only `with_hits`.
pub(crate) struct BucketCollector {
    pub group_field: &'static str,
    pub doc_field: &'static str,
    pub seq_field: &'static str,
    pub with_hits: bool,
}

type OrdKey = (Option<u64>, Option<u64>);

/// A bucket of one segment: its ordinals, match count and (doc, position) pairs.
type SegmentBucket = (OrdKey, usize, Vec<(DocId, u64)>);

pub(crate) struct BucketSegmentCollector {
    segment: SegmentOrdinal,
    group: Option<StrColumn>,
    doc: Option<StrColumn>,
    seq: Option<Column<u64>>,
    /// (group ordinal, document ordinal) → index in `buckets`.
    index: FastMap<OrdKey, usize>,
    buckets: Vec<SegmentBucket>,
    /// The bucket of the previous match: a document's tasks are adjacent, so
    /// most matches skip the hash lookup.
    last: Option<(OrdKey, usize)>,
}

impl Collector for BucketCollector {
    type Fruit = Buckets;
    type Child = BucketSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        Ok(BucketSegmentCollector {
            segment,
            group: fast.str(self.group_field)?,
            doc: fast.str(self.doc_field)?,
            seq: if self.with_hits {
                Some(fast.u64(self.seq_field)?)
            } else {
                None
            },
            index: FastMap::default(),
            buckets: Vec::new(),
            last: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Buckets>) -> tantivy::Result<Buckets> {
        let mut fruits = fruits.into_iter();
        let mut merged = fruits.next().unwrap_or_default();
        for fruit in fruits {
            for (key, mut b) in fruit {
                let into = merged.entry(key).or_default();
                into.count += b.count;
                into.hits.append(&mut b.hits);
            }
        }
        Ok(merged)
    }
}

impl SegmentCollector for BucketSegmentCollector {
    type Fruit = Buckets;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let ord = |c: &Option<StrColumn>| c.as_ref().and_then(|c| c.ords().first(doc));
        let key = (ord(&self.group), ord(&self.doc));
        let slot = match self.last {
            Some((k, i)) if k == key => i,
            _ => {
                let next = self.buckets.len();
                let i = *self.index.entry(key).or_insert(next);
                if i == next {
                    self.buckets.push((key, 0, Vec::new()));
                }
                self.last = Some((key, i));
                i
            }
        };
        if let Some((_, count, hits)) = self.buckets.get_mut(slot) {
            *count += 1;
            if let Some(seq) = &self.seq {
                hits.push((doc, seq.first(doc).unwrap_or(0)));
            }
        }
    }

    fn harvest(self) -> Buckets {
        let segment = self.segment;
        let groups = Names::of(&self.group, self.buckets.iter().filter_map(|b| b.0 .0));
        let docs = Names::of(&self.doc, self.buckets.iter().filter_map(|b| b.0 .1));
        let empty: Arc<str> = Arc::from("");
        let mut out = Buckets::with_capacity_and_hasher(self.buckets.len(), Default::default());
        for ((g, d), count, hits) in self.buckets {
            let group = g.and_then(|o| groups.get(o));
            let doc = d.and_then(|o| docs.get(o)).unwrap_or_else(|| empty.clone());
            let into = out.entry((group, doc)).or_default();
            into.count += count;
            into.hits.extend(
                hits.into_iter()
                    .map(|(doc_id, seq)| (DocAddress::new(segment, doc_id), seq)),
            );
        }
        out
    }
}

/// The strings of a set of term ordinals of one segment's column, decoded in
/// one ordered pass over its dictionary (a lookup per ordinal would decode a
/// dictionary block each time).
struct Names {
    ords: Vec<u64>,
    names: Vec<Arc<str>>,
}

impl Names {
    fn of(column: &Option<StrColumn>, ords: impl Iterator<Item = u64>) -> Names {
        let mut ords: Vec<u64> = ords.collect();
        ords.sort_unstable();
        ords.dedup();
        let mut names = Vec::with_capacity(ords.len());
        let found = column.as_ref().is_some_and(|c| {
            c.dictionary()
                .sorted_ords_to_term_cb(&ords, |bytes| {
                    names.push(Arc::from(String::from_utf8_lossy(bytes).as_ref()))
                })
                .unwrap_or(false)
        });
        if !found || names.len() != ords.len() {
            // Unreadable dictionary: no names rather than wrong ones.
            return Names {
                ords: Vec::new(),
                names: Vec::new(),
            };
        }
        Names { ords, names }
    }

    fn get(&self, ord: u64) -> Option<Arc<str>> {
        let i = self.ords.binary_search(&ord).ok()?;
        self.names.get(i).cloned()
    }
}
