//! Writing documents into a new tantivy index.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::PreTokenizedString;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument};

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

/// Writes a generation's tantivy index.
pub struct IndexBuilder {
    index: Index,
    writer: IndexWriter,
    fields: Fields,
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
        let (schema, fields) = schema::build();
        let index = Index::create_in_dir(&dir, schema)?;
        crate::analysis::register(&index);
        let threads = threads.max(1);
        // tantivy wants at least 15 MB per thread.
        let memory = memory_bytes.max(threads * 16_000_000);
        let writer = index.writer_with_num_threads(threads, memory)?;
        Ok(IndexBuilder {
            index,
            writer,
            fields,
        })
    }

    /// Add one processed document.
    pub fn add(&mut self, p: &Processed) -> Result<(), IndexError> {
        let f = &self.fields;
        let r = &p.record;
        let mut doc = TantivyDocument::default();
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
            doc.add_text(f.organs, organ);
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
