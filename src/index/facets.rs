//! Facet counts of a search: how many matching documents per province, type,
//! year of issue and issuer level, read from fast-field columns (no stored
//! document is loaded).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{AllQuery, Query};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::query::{self, Filters, ParsedQuery};
use super::search::SearchIndex;
use super::IndexError;

/// One value of a facet and its count; `value` is `None` for documents
/// without one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    pub value: Option<String>,
    pub count: usize,
}

/// Counts of the matching documents by field, most first (years newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Matching documents.
    pub total: usize,
    pub provinces: Vec<FacetValue>,
    /// Type slugs (`ke_hoach`).
    pub types: Vec<FacetValue>,
    /// Years of issue (`2022`).
    pub years: Vec<FacetValue>,
    /// Issuer level slugs (`tinh`, see `query::LEVELS`).
    pub levels: Vec<FacetValue>,
}

impl SearchIndex {
    /// Facet counts of the documents a query (with request filters) matches;
    /// every document when both are empty.
    pub fn facets(&self, query_text: &str, filters: &Filters) -> Result<Facets, IndexError> {
        let searcher = self.reader.searcher();
        let query: Box<dyn Query> = if query_text.trim().is_empty() && filters.is_empty() {
            Box::new(AllQuery)
        } else {
            let mut parsed = query::parse(query_text).or_else(|e| {
                if matches!(e, query::QueryError::Empty) && !filters.is_empty() {
                    Ok(ParsedQuery::default())
                } else {
                    Err(e)
                }
            })?;
            super::search::merge_filters(&mut parsed.filters, filters);
            self.plan(query_text, &parsed, &searcher, false)?.query
        };
        let (counts, total) = searcher.search(&*query, &(FacetCollector, Count))?;
        Ok(Facets {
            total,
            provinces: sorted(counts.provinces),
            types: sorted(counts.types),
            years: years(counts.days),
            levels: sorted(counts.levels),
        })
    }
}

impl SearchIndex {
    /// The issuer level slug of each document id that has one (read from a
    /// fast-field column; unknown ids are left out).
    pub fn levels_of(&self, ids: &[&str]) -> Result<HashMap<String, String>, IndexError> {
        use tantivy::collector::TopDocs;
        use tantivy::query::TermQuery;
        use tantivy::schema::IndexRecordOption;
        let searcher = self.reader.searcher();
        let mut out = HashMap::new();
        for &id in ids {
            let q = TermQuery::new(
                tantivy::Term::from_field_text(self.fields.id, id),
                IndexRecordOption::Basic,
            );
            let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
            let Some((_, addr)) = top.first() else {
                continue;
            };
            let reader = searcher.segment_reader(addr.segment_ord);
            let Some(col) = reader.fast_fields().str("issuer_level")? else {
                continue;
            };
            if let Some(ord) = col.ords().first(addr.doc_id) {
                let mut s = String::new();
                if matches!(col.ord_to_str(ord, &mut s), Ok(true)) {
                    out.insert(id.to_string(), s);
                }
            }
        }
        Ok(out)
    }
}

/// Counts by value, most first, then by value.
fn sorted(map: HashMap<Option<String>, usize>) -> Vec<FacetValue> {
    let mut v: Vec<FacetValue> = map
        .into_iter()
        .map(|(value, count)| FacetValue { value, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v
}

/// Day counts (days since 1970, `None` for undated) → year counts, newest first.
fn years(days: HashMap<Option<i64>, usize>) -> Vec<FacetValue> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let mut by_year: HashMap<Option<i32>, usize> = HashMap::new();
    for (day, n) in days {
        let year = day
            .and_then(|d| epoch.checked_add_signed(chrono::Duration::days(d)))
            .map(|d| d.year());
        *by_year.entry(year).or_default() += n;
    }
    let mut v: Vec<(Option<i32>, usize)> = by_year.into_iter().collect();
    // Newest first, undated last.
    v.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    v.into_iter()
        .map(|(y, count)| FacetValue {
            value: y.map(|y| y.to_string()),
            count,
        })
        .collect()
}

#[derive(Debug, Default)]
struct Counts {
    provinces: HashMap<Option<String>, usize>,
    types: HashMap<Option<String>, usize>,
    levels: HashMap<Option<String>, usize>,
    /// Days since 1970 → count.
    days: HashMap<Option<i64>, usize>,
}

struct FacetCollector;

struct FacetSegment {
    province: Option<StrColumn>,
    doc_type: Option<StrColumn>,
    level: Option<StrColumn>,
    date: Option<Column<tantivy::DateTime>>,
    province_ords: HashMap<Option<u64>, usize>,
    type_ords: HashMap<Option<u64>, usize>,
    level_ords: HashMap<Option<u64>, usize>,
    days: HashMap<Option<i64>, usize>,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let fast = reader.fast_fields();
        Ok(FacetSegment {
            province: fast.str("province")?,
            doc_type: fast.str("doc_type")?,
            level: fast.str("issuer_level")?,
            date: fast.date("date").ok(),
            province_ords: HashMap::new(),
            type_ords: HashMap::new(),
            level_ords: HashMap::new(),
            days: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut out = Counts::default();
        for f in fruits {
            merge(&mut out.provinces, f.provinces);
            merge(&mut out.types, f.types);
            merge(&mut out.levels, f.levels);
            merge(&mut out.days, f.days);
        }
        Ok(out)
    }
}

fn merge<K: std::hash::Hash + Eq>(into: &mut HashMap<K, usize>, from: HashMap<K, usize>) {
    for (k, n) in from {
        *into.entry(k).or_default() += n;
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let ord = |c: &Option<StrColumn>| c.as_ref().and_then(|c| c.ords().first(doc));
        *self.province_ords.entry(ord(&self.province)).or_default() += 1;
        *self.type_ords.entry(ord(&self.doc_type)).or_default() += 1;
        *self.level_ords.entry(ord(&self.level)).or_default() += 1;
        let day = self
            .date
            .as_ref()
            .and_then(|c| c.first(doc))
            .map(|d| d.into_timestamp_secs().div_euclid(86_400));
        *self.days.entry(day).or_default() += 1;
    }

    fn harvest(self) -> Counts {
        Counts {
            provinces: names(&self.province, self.province_ords),
            types: names(&self.doc_type, self.type_ords),
            levels: names(&self.level, self.level_ords),
            days: self.days,
        }
    }
}

/// Ordinal counts of one segment → counts by string.
fn names(
    column: &Option<StrColumn>,
    ords: HashMap<Option<u64>, usize>,
) -> HashMap<Option<String>, usize> {
    let mut out = HashMap::new();
    for (ord, n) in ords {
        let name = ord.and_then(|o| {
            let mut s = String::new();
            let col = column.as_ref()?;
            matches!(col.ord_to_str(o, &mut s), Ok(true)).then_some(s)
        });
        *out.entry(name).or_default() += n;
    }
    out
}
