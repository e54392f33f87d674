//! Writing documents into a new tantivy index.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::schema::{Document, Field, OwnedValue};
use tantivy::tokenizer::PreTokenizedString;
use tantivy::{DateTime, Index, IndexWriter};

use super::schema::{self, Fields};
use super::{IndexError, TANTIVY_DIR};
use crate::extract::refs;
use crate::pipeline::Processed;

/// One entry of the stored outline: a section's span and its display path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct OutlineEntry {
    /// Byte span of the section in the normalised text.
    pub s: usize,
    pub e: usize,
    /// Depth, for choosing the innermost section.
    pub l: usize,
    /// `IV. PHÂN CÔNG THỰC HIỆN NHIỆM VỤ › 7. Ban Tuyên giáo Tỉnh ủy`.
    pub h: String,
}

/// One document on its way into tantivy: its field values as they are.
///
/// tantivy's own `TantivyDocument` keeps a pre-tokenised stream as JSON and
/// parses it back when indexing; for the four body streams of a 28 KB plan
/// that round trip was 38 % of `vanban index`'s CPU. This type hands the
/// tokens over as they are (tantivy clones each once).
#[derive(Debug, Default)]
pub struct BuildDoc(Vec<(Field, OwnedValue)>);

impl BuildDoc {
    fn add_text(&mut self, field: Field, text: impl Into<String>) {
        self.0.push((field, OwnedValue::Str(text.into())));
    }

    fn add_pre_tokenized_text(&mut self, field: Field, pre: PreTokenizedString) {
        self.0.push((field, OwnedValue::PreTokStr(pre)));
    }

    fn add_date(&mut self, field: Field, date: DateTime) {
        self.0.push((field, OwnedValue::Date(date)));
    }
}

impl Document for BuildDoc {
    type Value<'a> = &'a OwnedValue;
    type FieldsValuesIter<'a> = std::iter::Map<
        std::slice::Iter<'a, (Field, OwnedValue)>,
        fn(&'a (Field, OwnedValue)) -> (Field, &'a OwnedValue),
    >;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.0.iter().map(|(field, value)| (*field, value))
    }
}

/// Writes a generation's tantivy index.
pub struct IndexBuilder {
    index: Index,
    writer: IndexWriter<BuildDoc>,
}

/// The field handles of a new index ([`schema::build`] is deterministic, so
/// every build and every worker thread agrees on them).
fn fields() -> &'static Fields {
    static FIELDS: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
    FIELDS.get_or_init(|| schema::build().1)
}

impl IndexBuilder {
    /// Create an empty index in `generation/tantivy` with `threads` indexing threads
    /// sharing `memory_bytes` of buffer.
    pub fn create(
        generation: &Path,
        threads: usize,
        memory_bytes: usize,
    ) -> Result<IndexBuilder, IndexError> {
        let dir = generation.join(TANTIVY_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| IndexError::io(&dir, e))?;
        let (schema, _) = schema::build();
        let index = Index::create_in_dir(&dir, schema)?;
        crate::analysis::register(&index);
        let threads = threads.max(1);
        // tantivy wants at least 15 MB per thread.
        let memory = memory_bytes.max(threads * 16_000_000);
        let writer = index.writer_with_num_threads::<BuildDoc>(threads, memory)?;
        Ok(IndexBuilder { index, writer })
    }

    /// Add one document made by [`document`].
    pub fn add(&mut self, doc: BuildDoc) -> Result<(), IndexError> {
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// Commit and wait for merges; the index is complete afterwards.
    pub fn commit(mut self) -> Result<(), IndexError> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        drop(self.index);
        Ok(())
    }
}

/// The index document of one processed document: analysed body streams,
/// headings, identity fields, stored text and record. Pure, so the pipeline's
/// workers make it in parallel and the writer only hands it to tantivy.
pub fn document(p: &Processed) -> Result<BuildDoc, IndexError> {
    let f = fields();
    let r = &p.record;
    let mut doc = BuildDoc::default();
    doc.add_text(f.id, &p.id);
    doc.add_text(f.source, &p.source.source);
    if let Some(title) = &r.title {
        doc.add_text(f.title, title);
        doc.add_text(f.title_folded, title);
    }
    doc.add_text(f.text, &p.text);
    let body = crate::analysis::body_tokens(&p.text);
    let pre = |tokens| PreTokenizedString {
        text: String::new(),
        tokens,
    };
    doc.add_pre_tokenized_text(f.body, pre(body.exact));
    doc.add_pre_tokenized_text(f.body_folded, pre(body.folded));
    doc.add_pre_tokenized_text(f.pairs, pre(body.pairs));
    doc.add_pre_tokenized_text(f.pairs_exact, pre(body.pairs_exact));
    // Headings, each a value of its own (a phrase never runs from one
    // heading into the next); numbered paragraphs are running text.
    for s in p.outline.sections.iter().filter(|s| !s.inline) {
        if !s.heading.trim().is_empty() {
            doc.add_text(f.headings, &s.heading);
        }
    }
    doc.add_text(f.original, &p.source.text);
    if let Some(n) = &r.number {
        doc.add_text(f.number, n);
        doc.add_text(f.number_key, refs::lookup_key(n));
    }
    doc.add_text(f.doc_type, r.doc_type.slug());
    if let Some(prov) = &r.province {
        doc.add_text(f.province, prov);
        doc.add_text(f.province_key, schema::province_key(prov));
    }
    if let Some(issuer) = &r.issuer {
        doc.add_text(f.issuer, issuer);
    }
    if let Some(level) = r.issuer_level {
        doc.add_text(f.issuer_level, super::query::level_slug(level));
    }
    if let Some(date) = r.date {
        if let Some(dt) = date.and_hms_opt(0, 0, 0) {
            let secs = dt.and_utc().timestamp();
            doc.add_date(f.date, DateTime::from_timestamp_secs(secs));
        }
    }
    for d in &r.implements {
        if let Some(reference) = &d.reference {
            doc.add_text(f.implements, refs::lookup_key(reference));
        }
    }
    for c in &r.citations {
        if let Some(reference) = &c.reference {
            doc.add_text(f.cites, refs::lookup_key(reference));
        }
    }
    let mut organ_spans: BTreeMap<&str, Vec<[usize; 2]>> = BTreeMap::new();
    for t in &r.tasks {
        if let Some(organ) = t.organ.as_deref() {
            let spans = organ_spans.entry(organ).or_default();
            if let Some(ev) = &t.evidence {
                spans.push(ev.span);
            }
        }
    }
    for organ in organ_spans.keys() {
        doc.add_text(f.organs, *organ);
    }
    doc.add_text(f.organ_spans, serde_json::to_string(&organ_spans)?);
    let outline: Vec<OutlineEntry> = p
        .outline
        .sections
        .iter()
        .map(|s| OutlineEntry {
            s: s.start,
            e: s.end,
            l: s.level,
            h: p.outline.heading_path(s.start).unwrap_or_default(),
        })
        .collect();
    doc.add_text(f.outline, serde_json::to_string(&outline)?);
    let mut slim = r.clone();
    slim.tasks.clear();
    doc.add_text(f.record, serde_json::to_string(&slim)?);
    Ok(doc)
}
