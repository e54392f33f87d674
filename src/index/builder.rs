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
pub struct BuildDoc {
    values: Vec<(Field, OwnedValue)>,
    /// Held while the document waits in tantivy's queue (see [`InFlight`]).
    ticket: Option<Ticket>,
}

impl BuildDoc {
    fn add_text(&mut self, field: Field, text: impl Into<String>) {
        self.values.push((field, OwnedValue::Str(text.into())));
    }

    fn add_pre_tokenized_text(&mut self, field: Field, pre: PreTokenizedString) {
        self.values.push((field, OwnedValue::PreTokStr(pre)));
    }

    fn add_date(&mut self, field: Field, date: DateTime) {
        self.values.push((field, OwnedValue::Date(date)));
    }
}

/// Documents handed to tantivy and not yet indexed, at most [`IN_FLIGHT`].
///
/// tantivy's queue between `add_document` and its indexing threads holds up
/// to 10,000 documents, and one of ours carries its four token streams (about
/// 2 MB for a 28 KB plan). While tantivy flushes or merges a segment, the
/// workers kept filling the queue: hundreds of megabytes, the peak of a 50k
/// build. A ticket per document, returned when tantivy drops the document
/// after indexing it, keeps the queue short.
#[derive(Debug, Default)]
struct InFlight {
    count: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

/// Documents queued for tantivy at once (about 2 MB each).
const IN_FLIGHT: usize = 32;

/// How long `add` waits for a free place before handing the document over
/// anyway (tantivy's own errors then surface from `add_document`).
const IN_FLIGHT_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

#[derive(Debug)]
struct Ticket(std::sync::Arc<InFlight>);

impl InFlight {
    /// Wait for a free place (at most [`IN_FLIGHT_WAIT`]) and take it.
    fn take(self: &std::sync::Arc<Self>) -> Ticket {
        let count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        let (mut count, _) = self
            .freed
            .wait_timeout_while(count, IN_FLIGHT_WAIT, |n| *n >= IN_FLIGHT)
            .unwrap_or_else(|e| e.into_inner());
        *count += 1;
        Ticket(std::sync::Arc::clone(self))
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut count = self.0.count.lock().unwrap_or_else(|e| e.into_inner());
        *count = count.saturating_sub(1);
        self.0.freed.notify_one();
    }
}

impl Document for BuildDoc {
    type Value<'a> = &'a OwnedValue;
    type FieldsValuesIter<'a> = std::iter::Map<
        std::slice::Iter<'a, (Field, OwnedValue)>,
        fn(&'a (Field, OwnedValue)) -> (Field, &'a OwnedValue),
    >;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.values.iter().map(|(field, value)| (*field, value))
    }
}

/// Writes a generation's tantivy index.
pub struct IndexBuilder {
    index: Index,
    writer: IndexWriter<BuildDoc>,
    in_flight: std::sync::Arc<InFlight>,
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
        Ok(IndexBuilder {
            index,
            writer,
            in_flight: std::sync::Arc::default(),
        })
    }

    /// Add one document made by [`document`].
    /// Waits while tantivy's queue is full (see [`InFlight`]).
    pub fn add(&mut self, mut doc: BuildDoc) -> Result<(), IndexError> {
        doc.ticket = Some(self.in_flight.take());
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every ticket comes back once tantivy has indexed its document, so a
    /// long build never waits on places that are never freed.
    #[test]
    fn tickets_come_back_when_tantivy_has_indexed_the_documents() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let first = std::fs::read_dir(&corpus)
            .expect("corpus")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "txt"))
            .expect("a .txt in corpus/");
        let doc = crate::ingest::read(&corpus, &first).expect("readable");
        let processed = crate::pipeline::process(doc, None);
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut builder = IndexBuilder::create(tmp.path(), 1, 16_000_000).expect("builder");
        let in_flight = std::sync::Arc::clone(&builder.in_flight);
        for _ in 0..IN_FLIGHT * 3 {
            builder
                .add(document(&processed).expect("document"))
                .expect("add");
            let queued = *in_flight.count.lock().expect("lock");
            assert!(queued <= IN_FLIGHT, "{queued} documents queued");
        }
        builder.commit().expect("commit");
        assert_eq!(*in_flight.count.lock().expect("lock"), 0);
    }
}
