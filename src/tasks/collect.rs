//! A tantivy collector that reads, for every matching task, its group key,
//! document id and position from fast fields, without touching the doc store.
//! Grouping and counting a query's matches therefore costs a few column reads
//! per task; only the tasks on the returned page are loaded from the store.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// One matching task: where it is and what it groups under.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub address: DocAddress,
    pub group: Option<Arc<str>>,
    pub doc: Arc<str>,
    pub seq: u64,
}

/// Collects [`Hit`]s; `group_field` and `doc_field` are string fast fields,
/// `seq_field` a u64 fast field.
pub(crate) struct HitCollector {
    pub group_field: &'static str,
    pub doc_field: &'static str,
    pub seq_field: &'static str,
}

pub(crate) struct HitSegmentCollector {
    segment: SegmentOrdinal,
    group: Option<StrColumn>,
    doc: Option<StrColumn>,
    seq: Column<u64>,
    /// (doc, group ordinal, doc-id ordinal, seq)
    raw: Vec<(DocId, Option<u64>, Option<u64>, u64)>,
}

impl Collector for HitCollector {
    type Fruit = Vec<Hit>;
    type Child = HitSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        Ok(HitSegmentCollector {
            segment,
            group: fast.str(self.group_field)?,
            doc: fast.str(self.doc_field)?,
            seq: fast.u64(self.seq_field)?,
            raw: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Hit>>) -> tantivy::Result<Vec<Hit>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for HitSegmentCollector {
    type Fruit = Vec<Hit>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let ord = |c: &Option<StrColumn>| c.as_ref().and_then(|c| c.ords().first(doc));
        let seq = self.seq.first(doc).unwrap_or(0);
        self.raw
            .push((doc, ord(&self.group), ord(&self.doc), seq));
    }

    fn harvest(self) -> Vec<Hit> {
        let mut groups = Names::new(self.group);
        let mut docs = Names::new(self.doc);
        let empty: Arc<str> = Arc::from("");
        self.raw
            .into_iter()
            .map(|(doc, g, d, seq)| Hit {
                address: DocAddress::new(self.segment, doc),
                group: g.and_then(|o| groups.get(o)),
                doc: d.and_then(|o| docs.get(o)).unwrap_or_else(|| empty.clone()),
                seq,
            })
            .collect()
    }
}

/// Term ordinals of one segment's string column turned into shared strings,
/// each looked up once.
struct Names {
    column: Option<StrColumn>,
    cache: HashMap<u64, Option<Arc<str>>>,
    buf: String,
}

impl Names {
    fn new(column: Option<StrColumn>) -> Self {
        Names {
            column,
            cache: HashMap::new(),
            buf: String::new(),
        }
    }

    fn get(&mut self, ord: u64) -> Option<Arc<str>> {
        let column = self.column.as_ref()?;
        let buf = &mut self.buf;
        self.cache
            .entry(ord)
            .or_insert_with(|| {
                buf.clear();
                match column.ord_to_str(ord, buf) {
                    Ok(true) => Some(Arc::from(buf.as_str())),
                    _ => None,
                }
            })
            .clone()
    }
}
