//! The task store: a tantivy index with one tantivy document per task.
//!
//! Why tantivy and not an in-memory table: at the target scale (50k documents ×
//! ~50 tasks = 2.5M tasks) the task texts alone are hundreds of megabytes as
//! heap `String`s, over the serve budget of 500 MB. A tantivy index is on disk
//! and memory-mapped, so an idle server holds only the OS page cache; filters
//! are term lookups in its inverted index (organ key, province, document,
//! deadline window as i64 ranges), full text uses the crate's Vietnamese
//! analyzers (diacritics kept and folded), and grouping reads string fast
//! fields (column stores) per matching task ([`super::collect`]), so counting
//! and grouping all matches of one organ never opens the compressed doc store:
//! only the tasks of the returned page are loaded. The only things held in
//! memory are the organ summary (keys and the names seen for them) and the
//! provinces, written beside the index as `summary.json`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    STORED, STRING,
};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::collect::{BucketCollector, Buckets, FastMap};
use super::organs::{name_key, OrganResolver};
use super::query::{deadline_kind_slug, GroupBy, OrganSummary, TaskDocument, TaskGroup, TaskHit};
use super::{TaskError, TaskQuery, TaskResult};
use crate::analysis::QueryToken;
use crate::extract::{Record, Task};
use crate::index::QueryError;
use crate::normalize::fold;

/// File beside the index with the organ and province summary.
const SUMMARY_FILE: &str = "summary.json";
/// Bumped when the schema or the summary changes.
const FORMAT_VERSION: u32 = 1;
/// Indexed `province_key` of documents whose province is not known.
const NO_PROVINCE: &str = "~";
/// Aliases kept per organ in the summary (most frequent first).
const MAX_ALIASES: usize = 100;
/// Indexing memory budget of the build (split over tantivy's indexing threads).
const WRITER_BUDGET: usize = 50_000_000;

/// Fast-field names the collector reads.
const F_DOC_ID: &str = "doc_id";
const F_PROVINCE: &str = "province";
const F_ORGAN: &str = "organ";
const F_SEQ: &str = "seq";

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
struct Fields {
    doc_id: Field,
    number_key: Field,
    source: Field,
    number: Field,
    title: Field,
    date: Field,
    doc_date: Field,
    province: Field,
    province_key: Field,
    organ: Field,
    assignee: Field,
    role: Field,
    text: Field,
    text_folded: Field,
    section: Field,
    deadline_kind: Field,
    due_lo: Field,
    due_hi: Field,
    seq: Field,
    task: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text_with = |tokenizer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let int = NumericOptions::default().set_indexed().set_fast();
        let fields = Fields {
            doc_id: b.add_text_field(F_DOC_ID, STRING | STORED | FAST),
            number_key: b.add_text_field("number_key", STRING),
            source: b.add_text_field("source", STORED),
            number: b.add_text_field("number", STORED),
            title: b.add_text_field("title", STORED),
            date: b.add_text_field("date", STORED),
            doc_date: b.add_i64_field("doc_date", int.clone()),
            province: b.add_text_field(F_PROVINCE, STRING | STORED | FAST),
            province_key: b.add_text_field("province_key", STRING),
            organ: b.add_text_field(F_ORGAN, STRING | STORED | FAST),
            assignee: b.add_text_field("assignee", text_with(crate::analysis::FOLDED)),
            role: b.add_text_field("role", STRING),
            text: b.add_text_field("text", text_with(crate::analysis::EXACT)),
            text_folded: b.add_text_field("text_folded", text_with(crate::analysis::FOLDED)),
            section: b.add_text_field("section", STRING),
            deadline_kind: b.add_text_field("deadline_kind", STRING),
            due_lo: b.add_i64_field("due_lo", int.clone()),
            due_hi: b.add_i64_field("due_hi", int),
            seq: b.add_u64_field(F_SEQ, FAST),
            task: b.add_text_field("task", STORED),
        };
        (b.build(), fields)
    }

    fn of(schema: &Schema) -> Result<Fields, TaskError> {
        let (expected, fields) = Fields::schema();
        if *schema != expected {
            return Err(TaskError::Corrupt(
                "the task index was written by another version of vanban; run `vanban index` again"
                    .into(),
            ));
        }
        Ok(fields)
    }
}

/// Days since the common era, the integer form of dates in the index.
fn days(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// Case- and diacritic-insensitive form of a document number (`60-KH/TU`).
fn number_key(number: &str) -> String {
    fold(number)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Values that select documents with no known province.
fn is_null_word(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "null" | "none" | "unknown" | "~"
    )
}

/// Organ and province counts, written at build end and read at open.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Summary {
    version: u32,
    documents: usize,
    tasks: usize,
    documents_without_province: usize,
    organs: Vec<SummaryOrgan>,
    provinces: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SummaryOrgan {
    key: String,
    task_count: usize,
    /// (name as written, tasks)
    aliases: Vec<(String, usize)>,
}

/// Collects tasks during an index build and writes the task store.
pub struct TaskStoreBuilder {
    dir: Option<PathBuf>,
    index: Index,
    writer: IndexWriter,
    fields: Fields,
    documents: usize,
    tasks: usize,
    without_province: usize,
    organs: BTreeMap<String, (usize, HashMap<String, usize>)>,
    provinces: BTreeMap<String, usize>,
}

impl std::fmt::Debug for TaskStoreBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskStoreBuilder")
            .field("dir", &self.dir)
            .field("documents", &self.documents)
            .field("tasks", &self.tasks)
            .finish_non_exhaustive()
    }
}

impl TaskStoreBuilder {
    /// Start a new store in `dir` (created if missing; it must not hold an index yet).
    pub fn create(dir: &Path) -> Result<Self, TaskError> {
        std::fs::create_dir_all(dir).map_err(|source| TaskError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, _) = Fields::schema();
        let index = Index::create_in_dir(dir, schema)?;
        Self::with_index(index, Some(dir.to_path_buf()))
    }

    /// Start a store held in memory (tests, small corpora); see [`Self::into_store`].
    pub fn in_memory() -> Result<Self, TaskError> {
        let (schema, _) = Fields::schema();
        Self::with_index(Index::create_in_ram(schema), None)
    }

    fn with_index(index: Index, dir: Option<PathBuf>) -> Result<Self, TaskError> {
        crate::analysis::register(&index);
        let fields = Fields::of(&index.schema())?;
        let writer = index.writer(WRITER_BUDGET)?;
        Ok(TaskStoreBuilder {
            dir,
            index,
            writer,
            fields,
            documents: 0,
            tasks: 0,
            without_province: 0,
            organs: BTreeMap::new(),
            provinces: BTreeMap::new(),
        })
    }

    /// Add the tasks of one document, identified by its stable id.
    pub fn add(&mut self, id: &str, record: &Record) -> Result<(), TaskError> {
        let f = self.fields;
        self.documents += 1;
        let province = record.province.as_deref().filter(|p| !p.trim().is_empty());
        match province {
            Some(p) => *self.provinces.entry(p.to_string()).or_default() += 1,
            None => self.without_province += 1,
        }
        for (seq, task) in record.tasks.iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.doc_id, id);
            doc.add_text(f.source, &record.source);
            doc.add_u64(f.seq, seq as u64);
            if let Some(n) = &record.number {
                doc.add_text(f.number, n);
                doc.add_text(f.number_key, number_key(n));
            }
            if let Some(t) = &record.title {
                doc.add_text(f.title, t);
            }
            if let Some(d) = record.date {
                doc.add_text(f.date, d.to_string());
                doc.add_i64(f.doc_date, days(d));
            }
            match province {
                Some(p) => {
                    doc.add_text(f.province, p);
                    doc.add_text(f.province_key, name_key(p));
                }
                None => doc.add_text(f.province_key, NO_PROVINCE),
            }
            if let Some(o) = task.organ.as_deref().filter(|o| !o.is_empty()) {
                doc.add_text(f.organ, o);
                let entry = self.organs.entry(o.to_string()).or_default();
                entry.0 += 1;
                if let Some(a) = task.assignee.as_deref() {
                    *entry.1.entry(a.to_string()).or_default() += 1;
                }
            }
            if let Some(a) = &task.assignee {
                doc.add_text(f.assignee, a);
            }
            doc.add_text(f.role, task.role.slug());
            doc.add_text(f.text, &task.text);
            // Folded here as well as by the analyzer, so diacritic-free search
            // works whatever the analyzer does.
            doc.add_text(f.text_folded, fold(&task.text));
            if let Some(s) = &task.section {
                doc.add_text(f.section, s);
            }
            if let Some(d) = &task.deadline {
                doc.add_text(f.deadline_kind, deadline_kind_slug(d));
                // A deadline with one open end reaches to the far past or future.
                if d.start.is_some() || d.end.is_some() {
                    doc.add_i64(f.due_lo, d.start.map(days).unwrap_or(i64::MIN));
                    doc.add_i64(f.due_hi, d.end.map(days).unwrap_or(i64::MAX));
                }
            }
            let json = serde_json::to_string(task)
                .map_err(|e| TaskError::Corrupt(format!("cannot serialise a task: {e}")))?;
            doc.add_text(f.task, json);
            self.writer.add_document(doc)?;
            self.tasks += 1;
        }
        Ok(())
    }

    fn summary(&self) -> Summary {
        let organs = self
            .organs
            .iter()
            .map(|(key, (count, aliases))| {
                let mut aliases: Vec<(String, usize)> =
                    aliases.iter().map(|(a, n)| (a.clone(), *n)).collect();
                aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                aliases.truncate(MAX_ALIASES);
                SummaryOrgan {
                    key: key.clone(),
                    task_count: *count,
                    aliases,
                }
            })
            .collect();
        Summary {
            version: FORMAT_VERSION,
            documents: self.documents,
            tasks: self.tasks,
            documents_without_province: self.without_province,
            organs,
            provinces: self
                .provinces
                .iter()
                .map(|(p, n)| (p.clone(), *n))
                .collect(),
        }
    }

    fn commit(mut self) -> Result<(Index, Option<PathBuf>, Summary), TaskError> {
        self.writer.commit()?;
        let summary = self.summary();
        self.writer.wait_merging_threads()?;
        if let Some(dir) = &self.dir {
            let path = dir.join(SUMMARY_FILE);
            let tmp = dir.join(format!("{SUMMARY_FILE}.tmp"));
            let io = |source| TaskError::Io {
                path: path.clone(),
                source,
            };
            let json =
                serde_json::to_vec_pretty(&summary).map_err(|source| TaskError::Summary {
                    path: path.clone(),
                    source,
                })?;
            std::fs::write(&tmp, json).map_err(io)?;
            std::fs::rename(&tmp, &path).map_err(io)?;
        }
        Ok((self.index, self.dir, summary))
    }

    /// Commit the index and write the summary.
    pub fn finish(self) -> Result<(), TaskError> {
        self.commit().map(|_| ())
    }

    /// Commit and open the store for queries (in memory or on disk).
    pub fn into_store(self) -> Result<TaskStore, TaskError> {
        let (index, _, summary) = self.commit()?;
        TaskStore::from_parts(index, summary)
    }
}

/// One piece of a [`TaskStore::walk`], in answer order.
#[derive(Debug, Clone)]
pub enum Visit {
    /// A group with its counts (its `documents` empty); its documents follow.
    Group(TaskGroup),
    /// A document of the last group, with the page's tasks.
    Document(TaskDocument),
}

/// What a [`TaskStore::walk`] found besides the pieces.
#[derive(Debug, Clone)]
pub struct WalkSummary {
    /// Matching tasks, on and off the page.
    pub total: usize,
    /// The organ keys the `organ` filter resolved to.
    pub organs: Option<Vec<String>>,
    /// How to fix a `null` province group, when there is one.
    pub hint: Option<String>,
}

/// The task store, opened at `serve` start.
pub struct TaskStore {
    reader: IndexReader,
    fields: Fields,
    summary: Summary,
    resolver: OrganResolver,
}

impl std::fmt::Debug for TaskStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskStore")
            .field("documents", &self.summary.documents)
            .field("tasks", &self.summary.tasks)
            .finish_non_exhaustive()
    }
}

impl TaskStore {
    /// Folder name of the task store inside an index generation.
    pub const DIR: &'static str = "tasks";

    /// Open the store written by [`TaskStoreBuilder`] in `dir`.
    pub fn open(dir: &Path) -> Result<TaskStore, TaskError> {
        let path = dir.join(SUMMARY_FILE);
        let bytes = std::fs::read(&path).map_err(|source| TaskError::Io {
            path: path.clone(),
            source,
        })?;
        let summary: Summary =
            serde_json::from_slice(&bytes).map_err(|source| TaskError::Summary {
                path: path.clone(),
                source,
            })?;
        if summary.version != FORMAT_VERSION {
            return Err(TaskError::Corrupt(format!(
                "{} has format {}, this vanban reads {FORMAT_VERSION}; run `vanban index` again",
                path.display(),
                summary.version
            )));
        }
        let damaged = |reason: String| TaskError::Damaged {
            dir: dir.to_path_buf(),
            reason,
        };
        // Every file's checksum is checked once here: a damaged file is an
        // error now, not a panic inside tantivy at the first query. A panic
        // all the same (damage the checksums cannot see) is the same error.
        let opened = std::panic::catch_unwind(|| -> Result<TaskStore, TaskError> {
            let index = Index::open_in_dir(dir).map_err(|e| damaged(e.to_string()))?;
            let bad = index
                .validate_checksum()
                .map_err(|e| damaged(e.to_string()))?;
            if !bad.is_empty() {
                let mut names: Vec<String> = bad.iter().map(|p| p.display().to_string()).collect();
                names.sort();
                return Err(damaged(format!(
                    "checksum mismatch in {}",
                    names.join(", ")
                )));
            }
            TaskStore::from_parts(index, summary)
        });
        opened.unwrap_or_else(|_| Err(damaged("tantivy failed reading it".into())))
    }

    fn from_parts(index: Index, summary: Summary) -> Result<TaskStore, TaskError> {
        crate::analysis::register(&index);
        let fields = Fields::of(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let resolver = OrganResolver::new(
            summary.organs.iter().map(|o| {
                (
                    o.key.as_str(),
                    o.aliases.iter().map(|(a, _)| a.as_str()).collect(),
                )
            }),
            summary.provinces.iter().map(|(p, _)| p.as_str()),
        );
        Ok(TaskStore {
            reader,
            fields,
            summary,
            resolver,
        })
    }

    /// Number of tasks in the store.
    pub fn len(&self) -> usize {
        self.summary.tasks
    }

    /// True when the store holds no task.
    pub fn is_empty(&self) -> bool {
        self.summary.tasks == 0
    }

    /// Number of documents added (with or without tasks).
    pub fn documents(&self) -> usize {
        self.summary.documents
    }

    /// Every organ key with the names it was written as and its task count,
    /// most tasks first.
    pub fn organs(&self) -> Vec<OrganSummary> {
        let mut out: Vec<OrganSummary> = self
            .summary
            .organs
            .iter()
            .map(|o| OrganSummary {
                key: o.key.clone(),
                aliases_seen: o.aliases.iter().map(|(a, _)| a.clone()).collect(),
                task_count: o.task_count,
            })
            .collect();
        out.sort_by(|a, b| b.task_count.cmp(&a.task_count).then(a.key.cmp(&b.key)));
        out
    }

    /// The organ keys `name` (a key or an alias) resolves to; empty when none.
    pub fn resolve_organ(&self, name: &str) -> Vec<String> {
        self.resolver.resolve(name)
    }

    /// Answer a task question: the whole answer in memory (bounded by the
    /// query's `limit`; see [`TaskStore::walk`] to stream a large one).
    pub fn query(&self, q: &TaskQuery) -> Result<TaskResult, TaskError> {
        let mut out_groups: Vec<TaskGroup> = Vec::new();
        let summary = self.walk(q, usize::MAX, &mut |visit| {
            match visit {
                Visit::Group(g) => out_groups.push(g),
                Visit::Document(d) => {
                    if let Some(g) = out_groups.last_mut() {
                        g.documents.push(d);
                    }
                }
            }
            Ok(())
        })?;
        if q.group_by == GroupBy::Document {
            out_groups.retain(|g| !g.documents.is_empty());
        }
        let returned = out_groups
            .iter()
            .flat_map(|g| &g.documents)
            .map(|d| d.tasks.len())
            .sum();
        let total = summary.total;
        Ok(TaskResult {
            group_by: q.group_by,
            organs: summary.organs,
            total,
            returned,
            offset: q.offset,
            truncated: returned + q.offset.min(total) < total,
            groups: out_groups,
            hint: summary.hint,
        })
    }

    /// Answer a task question piece by piece, in answer order: each group
    /// (with its counts, no documents) followed by the documents of the page
    /// in it, each with its tasks. Tasks are loaded `batch` documents at a
    /// time, so a whole-store answer streams in bounded memory.
    pub fn walk(
        &self,
        q: &TaskQuery,
        batch: usize,
        visit: &mut dyn FnMut(Visit) -> Result<(), TaskError>,
    ) -> Result<WalkSummary, TaskError> {
        // Damage the checksums at open could not see must not take the
        // process down: tantivy's panic becomes an error.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.walk_inner(q, batch, visit)
        }))
        .unwrap_or_else(|_| {
            Err(TaskError::Damaged {
                dir: PathBuf::from("(task store)"),
                reason: "tantivy failed reading it".into(),
            })
        })
    }

    fn walk_inner(
        &self,
        q: &TaskQuery,
        batch: usize,
        visit: &mut dyn FnMut(Visit) -> Result<(), TaskError>,
    ) -> Result<WalkSummary, TaskError> {
        let (query, organs) = self.build_query(q)?;
        let group_field = match q.group_by {
            GroupBy::Province => F_PROVINCE,
            GroupBy::Organ => F_ORGAN,
            GroupBy::Document => F_DOC_ID,
        };
        let searcher = self.reader.searcher();
        let collector = |with_hits| BucketCollector {
            group_field,
            doc_field: F_DOC_ID,
            seq_field: F_SEQ,
            with_hits,
        };
        // Pass 1: count every match per (group, document).
        let counts = searcher.search(&*query, &collector(false))?;
        let total = counts.values().map(|b| b.count).sum();

        // Groups in answer order, each with its documents.
        let mut unordered: FastMap<Option<Arc<str>>, Vec<Arc<str>>> = FastMap::default();
        for (g, d) in counts.keys() {
            unordered.entry(g.clone()).or_default().push(d.clone());
        }
        let mut groups: Vec<(GroupOrder, Vec<Arc<str>>)> = unordered
            .into_iter()
            .map(|(g, docs)| (GroupOrder::new(g), docs))
            .collect();
        groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));

        // Plan the page: every group with its counts, and which tasks (by
        // rank in their document) of which documents it returns.
        enum Item {
            Group(TaskGroup),
            /// (group, document, its matches, page range within them)
            Doc(Option<Arc<str>>, Arc<str>, usize, std::ops::Range<usize>),
        }
        let start = q.offset;
        let end = q.limit.map_or(usize::MAX, |l| start.saturating_add(l));
        let mut pos = 0usize;
        let mut items: Vec<Item> = Vec::new();
        let mut null_docs: Vec<Arc<str>> = Vec::new();
        let mut null_documents = 0;
        for (order, mut docs) in groups {
            docs.sort_unstable();
            let key = order.key;
            if key.is_none() && q.group_by == GroupBy::Province {
                null_documents += docs.len();
                null_docs.extend(docs.iter().take(3).cloned());
            }
            let group_at = items.len();
            let mut task_count = 0;
            items.push(Item::Group(TaskGroup {
                key: key.as_deref().map(str::to_string),
                task_count: 0,
                document_count: docs.len(),
                documents: Vec::new(),
            }));
            for d in docs {
                let count = counts.get(&(key.clone(), d.clone())).map_or(0, |b| b.count);
                task_count += count;
                let (lo, hi) = (pos.max(start), (pos + count).min(end));
                if lo < hi {
                    items.push(Item::Doc(key.clone(), d, count, lo - pos..hi - pos));
                }
                pos += count;
            }
            if let Some(Item::Group(g)) = items.get_mut(group_at) {
                g.task_count = task_count;
            }
        }

        // The hint's example sources: the first documents with no province.
        let hint = if null_documents > 0 {
            let only = any_term(
                null_docs
                    .iter()
                    .map(|d| Term::from_field_text(self.fields.doc_id, d)),
            );
            let restricted =
                BooleanQuery::new(vec![(Occur::Must, query.box_clone()), (Occur::Must, only)]);
            let hits = searcher.search(&restricted, &collector(true))?;
            let sources = null_docs
                .iter()
                .filter_map(|d| {
                    let address = hits.get(&(None, d.clone()))?.hits.first()?.0;
                    Some(
                        self.load_document(&searcher, d, address, 0)
                            .map(|doc| doc.source),
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            Some(province_hint(null_documents, &sources))
        } else {
            None
        };

        // Pass 2, a batch of documents at a time: the addresses of their
        // tasks, then the page's tasks loaded from the doc store.
        let batch = batch.max(1);
        let mut rest = items.as_slice();
        while !rest.is_empty() {
            let mut n_docs = 0;
            let mut cut = 0;
            while cut < rest.len() {
                if matches!(rest[cut], Item::Doc(..)) {
                    if n_docs == batch {
                        break;
                    }
                    n_docs += 1;
                }
                cut += 1;
            }
            let (chunk, tail) = rest.split_at(cut);
            rest = tail;
            let mut hits = if n_docs == 0 {
                Buckets::default()
            } else {
                let docs = chunk.iter().filter_map(|i| match i {
                    Item::Doc(_, d, ..) => Some(Term::from_field_text(self.fields.doc_id, d)),
                    Item::Group(_) => None,
                });
                let restricted = BooleanQuery::new(vec![
                    (Occur::Must, query.box_clone()),
                    (Occur::Must, any_term(docs)),
                ]);
                searcher.search(&restricted, &collector(true))?
            };
            for item in chunk {
                match item {
                    Item::Group(g) => visit(Visit::Group(g.clone()))?,
                    Item::Doc(key, d, count, range) => {
                        let Some(bucket) = hits.get_mut(&(key.clone(), d.clone())) else {
                            continue;
                        };
                        bucket.hits.sort_unstable_by_key(|&(_, seq)| seq);
                        let Some(page) = bucket.hits.get(range.clone()) else {
                            continue;
                        };
                        let Some(&(first, _)) = page.first() else {
                            continue;
                        };
                        let mut doc = self.load_document(&searcher, d, first, *count)?;
                        doc.tasks = page
                            .iter()
                            .map(|&(address, _)| self.load(&searcher, d, address))
                            .collect::<Result<_, _>>()?;
                        visit(Visit::Document(doc))?;
                    }
                }
            }
        }
        Ok(WalkSummary {
            total,
            organs,
            hint,
        })
    }

    /// The tantivy query for the filters, and the organ keys `organ` resolved to.
    #[allow(clippy::type_complexity)]
    fn build_query(
        &self,
        q: &TaskQuery,
    ) -> Result<(Box<dyn Query>, Option<Vec<String>>), TaskError> {
        let f = self.fields;
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let term = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();

        let mut organs = None;
        if let Some(name) = given(&q.organ) {
            let keys = self.resolver.resolve(&name);
            if keys.is_empty() {
                return Err(TaskError::UnknownOrgan {
                    suggestions: self.resolver.suggestions(&name, 5),
                    name,
                });
            }
            must.push((
                Occur::Must,
                any_term(keys.iter().map(|k| Term::from_field_text(f.organ, k))),
            ));
            organs = Some(keys);
        }
        if let Some(text) = given(&q.q) {
            must.push((Occur::Must, self.text_query(&text)?));
        }
        if let Some(p) = given(&q.province) {
            let key = if is_null_word(&p) {
                NO_PROVINCE.to_string()
            } else {
                name_key(&p)
            };
            must.push((Occur::Must, term(f.province_key, &key)));
        }
        if let Some(d) = given(&q.document) {
            let either: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Should, term(f.doc_id, &d)),
                (Occur::Should, term(f.number_key, &number_key(&d))),
            ];
            must.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        if let (Some(from), Some(to)) = (q.due_from, q.due_to) {
            if from > to {
                return Err(TaskError::InvalidParameter {
                    name: "due_to".into(),
                    message: format!("{to} is before due_from {from}"),
                });
            }
        }
        // Overlap of [due_lo, due_hi] with [from, to]: due_hi ≥ from and due_lo ≤ to.
        if let Some(from) = q.due_from {
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(f.due_hi, days(from))),
                    Bound::Unbounded,
                )),
            ));
        }
        if let Some(to) = q.due_to {
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Included(Term::from_field_i64(f.due_lo, days(to))),
                )),
            ));
        }
        let query: Box<dyn Query> = if must.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(must))
        };
        Ok((query, organs))
    }

    /// The task-text query, in vanban's own query language (`index::query`):
    /// words (all must match), "phrases", -exclusions and document numbers,
    /// never tantivy's query syntax (whose parser recurses on brackets). A
    /// word typed with diacritics matches them (both tone styles); one typed
    /// without matches any diacritics.
    fn text_query(&self, text: &str) -> Result<Box<dyn Query>, TaskError> {
        let parsed = crate::index::query::parse(text)?;
        if !parsed.filters.is_empty() {
            return Err(TaskError::InvalidParameter {
                name: "q".into(),
                message: "filters (province:, organ:, from:, …) are not part of a task-text \
                          query; use the province, organ, document, due_from and due_to \
                          parameters"
                    .into(),
            });
        }
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let tokens = crate::analysis::query_tokens(&parsed.free_text);
        if !parsed.free_text.trim().is_empty() && tokens.is_empty() && parsed.phrases.is_empty() {
            return Err(QueryError::NothingSearchable(parsed.free_text.clone()).into());
        }
        let numbers: Vec<&QueryToken> = tokens.iter().filter(|t| t.is_number).collect();
        for t in &tokens {
            let inside_number =
                !t.is_number && numbers.iter().any(|n| t.start >= n.start && t.end <= n.end);
            if !inside_number {
                clauses.push((Occur::Must, token_query(f, t)));
            }
        }
        for p in &parsed.phrases {
            let toks = crate::analysis::query_tokens(p);
            if toks.is_empty() {
                return Err(QueryError::NothingSearchable(p.clone()).into());
            }
            clauses.push((Occur::Must, phrase_query(f, &toks)));
        }
        for x in &parsed.excluded {
            let toks = crate::analysis::query_tokens(x);
            if !toks.is_empty() {
                clauses.push((Occur::MustNot, phrase_query(f, &toks)));
            }
        }
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    fn text_of(&self, doc: &TantivyDocument, field: Field) -> Option<String> {
        doc.get_first(field)
            .and_then(|v| v.as_str().map(str::to_string))
    }

    /// The document-level fields of the document `hit` belongs to.
    fn load_document(
        &self,
        searcher: &tantivy::Searcher,
        id: &str,
        address: DocAddress,
        task_count: usize,
    ) -> Result<TaskDocument, TaskError> {
        let f = self.fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(TaskDocument {
            id: id.to_string(),
            source: self.text_of(&doc, f.source).unwrap_or_default(),
            number: self.text_of(&doc, f.number),
            title: self.text_of(&doc, f.title),
            province: self.text_of(&doc, f.province),
            date: self
                .text_of(&doc, f.date)
                .and_then(|d| d.parse::<NaiveDate>().ok()),
            task_count,
            tasks: Vec::new(),
        })
    }

    /// One stored task with its document's id, source and province.
    fn load(
        &self,
        searcher: &tantivy::Searcher,
        id: &str,
        address: DocAddress,
    ) -> Result<TaskHit, TaskError> {
        let f = self.fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = self
            .text_of(&doc, f.task)
            .ok_or_else(|| TaskError::Corrupt("a task has no stored body".into()))?;
        let task: Task = serde_json::from_str(&json)
            .map_err(|e| TaskError::Corrupt(format!("stored task: {e}")))?;
        Ok(TaskHit {
            document: id.to_string(),
            source: self.text_of(&doc, f.source).unwrap_or_default(),
            province: self.text_of(&doc, f.province),
            section: task.section,
            heading: task.heading,
            text: task.text,
            deadline: task.deadline,
            role: task.role,
            assignee: task.assignee,
            organ: task.organ,
            evidence: task.evidence,
        })
    }
}

/// One word or document number of a task-text query: exact when typed with
/// diacritics, folded otherwise.
fn token_query(f: Fields, t: &QueryToken) -> Box<dyn Query> {
    let term = if t.exact != t.folded && !t.is_number {
        Term::from_field_text(f.text, &t.exact)
    } else {
        Term::from_field_text(f.text_folded, &t.folded)
    };
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// A quoted phrase of a task-text query (a single word or number: that term).
fn phrase_query(f: Fields, toks: &[QueryToken]) -> Box<dyn Query> {
    let numbers: Vec<(usize, usize)> = toks
        .iter()
        .filter(|t| t.is_number)
        .map(|t| (t.start, t.end))
        .collect();
    // A number's parts are indexed under it; the number alone stands for them.
    let parts: Vec<&QueryToken> = toks
        .iter()
        .filter(|t| t.is_number || !numbers.iter().any(|&(s, e)| t.start >= s && t.end <= e))
        .collect();
    if parts.len() == 1 {
        return token_query(f, parts[0]);
    }
    let exact = parts.iter().any(|t| t.exact != t.folded && !t.is_number);
    let base = parts.first().map_or(0, |t| t.position);
    let terms: Vec<(usize, Term)> = parts
        .iter()
        .map(|t| {
            let term = if exact {
                Term::from_field_text(f.text, &t.exact)
            } else {
                Term::from_field_text(f.text_folded, &t.folded)
            };
            (t.position.saturating_sub(base), term)
        })
        .collect();
    Box::new(PhraseQuery::new_with_offset(terms))
}

/// A query matching any of `terms`: a disjunction of term queries when they
/// are few (cheap to set up), a term-set automaton when they are many.
fn any_term(terms: impl Iterator<Item = Term>) -> Box<dyn Query> {
    let mut terms: Vec<Term> = terms.collect();
    terms.sort();
    terms.dedup();
    if terms.len() == 1 {
        if let Some(t) = terms.pop() {
            return Box::new(TermQuery::new(t, IndexRecordOption::Basic));
        }
    }
    if terms.len() <= 32 {
        let clauses = terms
            .into_iter()
            .map(|t| -> (Occur, Box<dyn Query>) {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
                )
            })
            .collect();
        return Box::new(BooleanQuery::new(clauses));
    }
    Box::new(TermSetQuery::new(terms))
}

/// Sort order of groups: named groups by folded name, the `null` group last.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct GroupOrder {
    is_null: bool,
    folded: String,
    key: Option<Arc<str>>,
}

impl GroupOrder {
    fn new(key: Option<Arc<str>>) -> Self {
        GroupOrder {
            is_null: key.is_none(),
            folded: key.as_deref().map(name_key).unwrap_or_default(),
            key,
        }
    }
}

/// What to tell the user about documents with no known province.
fn province_hint(documents: usize, sources: &[String]) -> String {
    let example = sources.first().map(String::as_str).unwrap_or("FILE.txt");
    let listed = if sources.is_empty() {
        String::new()
    } else {
        let more = if documents > sources.len() {
            ", …"
        } else {
            ""
        };
        format!(" ({}{more})", sources.join(", "))
    };
    let documents = match documents {
        1 => "1 document with no known province is".to_string(),
        n => format!("{n} documents with no known province are"),
    };
    format!(
        "{documents} grouped under null{listed}. \
         To supply the province, add a row `source,province` to `manifest.csv` at the \
         corpus root (for example `{example},<tỉnh>`), or write a sidecar \
         `FILE.meta.toml` next to the file containing `province = \"<tỉnh>\"`; then run \
         `vanban index` again."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-checked gold records, keyed by their file stem (the corpus id).
    fn gold() -> Vec<(String, Record)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("tests/gold exists") {
            let path = entry.expect("readable dir entry").path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).expect("readable gold file");
                let record: Record = serde_json::from_str(&text).expect("gold parses as Record");
                let id = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .expect("utf-8 name")
                    .to_string();
                out.push((id, record));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn store() -> TaskStore {
        let mut b = TaskStoreBuilder::in_memory().expect("builder");
        for (id, r) in gold() {
            b.add(&id, &r).expect("add");
        }
        b.into_store().expect("store")
    }

    fn gold_count(pred: impl Fn(&str, &Record, &Task) -> bool) -> usize {
        gold()
            .iter()
            .map(|(id, r)| r.tasks.iter().filter(|t| pred(id, r, t)).count())
            .sum()
    }

    #[test]
    fn every_gold_task_is_stored() {
        let s = store();
        assert_eq!(s.len(), gold_count(|_, _, _| true));
        let all = s.query(&TaskQuery::default()).expect("query");
        assert_eq!(all.total, s.len());
        assert_eq!(all.returned, s.len());
        assert!(!all.truncated);
        // Document grouping keeps each document's tasks in text order.
        for (id, r) in gold().iter().filter(|(_, r)| !r.tasks.is_empty()) {
            let g = all
                .groups
                .iter()
                .find(|g| g.key.as_deref() == Some(id))
                .unwrap_or_else(|| panic!("group for {id}"));
            let texts: Vec<&str> = g.documents[0]
                .tasks
                .iter()
                .map(|t| t.text.as_str())
                .collect();
            let want: Vec<&str> = r.tasks.iter().map(|t| t.text.as_str()).collect();
            assert_eq!(texts, want, "order of {id}");
        }
    }

    #[test]
    fn ban_tuyen_giao_by_province() {
        let s = store();
        let r = s
            .query(&TaskQuery {
                organ: Some("ban tuyen giao".into()),
                group_by: GroupBy::Province,
                ..TaskQuery::default()
            })
            .expect("query");
        let keys: Vec<Option<&str>> = r.groups.iter().map(|g| g.key.as_deref()).collect();
        assert_eq!(keys, vec![Some("Kiên Giang"), Some("Trà Vinh"), None]);
        let want = |p: Option<&str>| {
            gold_count(|_, r, t| {
                r.province.as_deref() == p && t.organ.as_deref() == Some("ban_tuyen_giao")
            })
        };
        for g in &r.groups {
            assert_eq!(g.task_count, want(g.key.as_deref()), "{:?}", g.key);
            assert!(g.documents[0]
                .tasks
                .iter()
                .all(|t| t.organ.as_deref() == Some("ban_tuyen_giao")));
        }
        assert_eq!(r.groups[2].documents[0].id, "002_2b1aea7b6ed069a4");
        let hint = r.hint.expect("hint for the null group");
        assert!(
            hint.contains("manifest.csv") && hint.contains("meta.toml"),
            "{hint}"
        );
        assert_eq!(r.organs, Some(vec!["ban_tuyen_giao".to_string()]));
    }

    #[test]
    fn filters() {
        let s = store();
        let count = |q: TaskQuery| s.query(&q).expect("query").total;
        let kg = gold_count(|_, r, _| r.province.as_deref() == Some("Kiên Giang"));
        assert_eq!(
            count(TaskQuery {
                province: Some("kien giang".into()),
                ..TaskQuery::default()
            }),
            kg
        );
        let unknown = gold_count(|_, r, _| r.province.is_none());
        assert_eq!(
            count(TaskQuery {
                province: Some("null".into()),
                ..TaskQuery::default()
            }),
            unknown
        );
        let d000 = gold_count(|id, _, _| id.starts_with("000"));
        for doc in ["000_1ea4fda105d58d5d", "60-KH/TU", "60-kh/tu"] {
            assert_eq!(
                count(TaskQuery {
                    document: Some(doc.into()),
                    ..TaskQuery::default()
                }),
                d000,
                "document {doc}"
            );
        }
        // Full text, with and without diacritics.
        let phrase = gold_count(|_, _, t| t.text.to_lowercase().contains("sinh hoạt chính trị"));
        assert!(phrase > 0);
        assert!(
            count(TaskQuery {
                q: Some("sinh hoạt chính trị".into()),
                ..TaskQuery::default()
            }) >= phrase
        );
    }

    #[test]
    fn due_window_overlaps() {
        let s = store();
        let from = NaiveDate::from_ymd_opt(2022, 3, 1).expect("date");
        let to = NaiveDate::from_ymd_opt(2022, 4, 30).expect("date");
        let want = gold_count(|_, _, t| {
            t.deadline.as_ref().is_some_and(|d| {
                (d.start.is_some() || d.end.is_some())
                    && d.start.is_none_or(|s| s <= to)
                    && d.end.is_none_or(|e| e >= from)
            })
        });
        assert!(want > 0);
        let r = s
            .query(&TaskQuery {
                due_from: Some(from),
                due_to: Some(to),
                ..TaskQuery::default()
            })
            .expect("query");
        assert_eq!(r.total, want);
        for t in r.tasks() {
            let d = t.deadline.as_ref().expect("dated");
            assert!(d.start.is_none_or(|s| s <= to) && d.end.is_none_or(|e| e >= from));
        }
        let bad = s.query(&TaskQuery {
            due_from: Some(to),
            due_to: Some(from),
            ..TaskQuery::default()
        });
        assert!(matches!(bad, Err(TaskError::InvalidParameter { .. })));
    }

    #[test]
    fn paging_covers_every_task_once() {
        let s = store();
        let total = s.len();
        let mut seen = Vec::new();
        let mut offset = 0;
        while offset < total {
            let r = s
                .query(&TaskQuery {
                    group_by: GroupBy::Organ,
                    offset,
                    limit: Some(17),
                    ..TaskQuery::default()
                })
                .expect("query");
            assert_eq!(r.total, total);
            assert!(r.returned <= 17 && r.returned > 0);
            seen.extend(
                r.tasks()
                    .map(|t| (t.document.clone(), t.text.clone(), t.organ.clone())),
            );
            offset += r.returned;
        }
        let whole = s
            .query(&TaskQuery {
                group_by: GroupBy::Organ,
                ..TaskQuery::default()
            })
            .expect("query");
        let all: Vec<_> = whole
            .tasks()
            .map(|t| (t.document.clone(), t.text.clone(), t.organ.clone()))
            .collect();
        assert_eq!(seen, all);
    }

    #[test]
    fn unknown_organ_is_bad_input() {
        let s = store();
        let r = s.query(&TaskQuery {
            organ: Some("Ban Chỉ huy Vũ trụ".into()),
            ..TaskQuery::default()
        });
        match r {
            Err(e @ TaskError::UnknownOrgan { .. }) => assert!(e.is_bad_input()),
            other => panic!("expected UnknownOrgan, got {other:?}"),
        }
    }

    #[test]
    fn organs_summary_counts_gold() {
        let s = store();
        let organs = s.organs();
        let btg = organs
            .iter()
            .find(|o| o.key == "ban_tuyen_giao")
            .expect("ban_tuyen_giao listed");
        assert_eq!(
            btg.task_count,
            gold_count(|_, _, t| t.organ.as_deref() == Some("ban_tuyen_giao"))
        );
        assert!(btg
            .aliases_seen
            .iter()
            .any(|a| a == "Ban Tuyên giáo Tỉnh ủy"));
        assert!(organs
            .windows(2)
            .all(|w| w[0].task_count >= w[1].task_count));
    }

    #[test]
    fn odd_text_queries_never_fail() {
        let s = store();
        const QUERIES: &[&str] = &[
            "\"",
            "(",
            ")",
            "AND",
            "OR NOT",
            "*",
            "text:",
            "doc_id:",
            "a:b:c",
            "[1 TO",
            "~2",
            "+-",
            "^",
            "Ban Tuyên giáo\u{0}",
            "tuyên\u{301}",
            "ủy ban",
            "uỷ ban",
            "đ",
            "🙂",
        ];
        // Each answers, or is the caller's mistake with a message; never a
        // store error, never a panic (tantivy's query parser recursed on `(`).
        let brackets = format!("q={}", "(".repeat(3000));
        let nested = "((((ban) tuyên) giáo) [x] {y} \"a (b\")".to_string();
        let queries =
            QUERIES
                .iter()
                .map(|q| q.to_string())
                .chain([brackets, nested, ")".repeat(10_000)]);
        for q in queries {
            let r = s.query(&TaskQuery {
                q: Some(q.clone()),
                limit: Some(0),
                ..TaskQuery::default()
            });
            match r {
                Ok(_) => {}
                Err(e) if e.is_bad_input() => assert!(!e.to_string().is_empty()),
                Err(e) => panic!("q={q:?}: {e:?}"),
            }
        }
        let err = s
            .query(&TaskQuery {
                q: Some("(".repeat(760)),
                ..TaskQuery::default()
            })
            .expect_err("nothing to search");
        assert!(err.to_string().contains("nothing searchable"), "{err}");
        // Without diacritics a query matches any; with them, only those.
        let count = |q: &str| {
            s.query(&TaskQuery {
                q: Some(q.to_string()),
                ..TaskQuery::default()
            })
            .expect("query")
            .total
        };
        let exact = gold_count(|_, _, t| t.text.to_lowercase().contains("ủy ban kiểm tra"));
        assert!(exact > 0);
        assert!(count("Ủy ban Kiểm tra") >= exact);
        assert!(count("uy ban kiem tra") >= count("Ủy ban Kiểm tra"));
        assert_eq!(count("tuyen truyen"), count("tuyên truyền"));
        assert!(count("bán") < count("ban"));
    }

    #[test]
    fn store_of_records_without_tasks() {
        let mut b = TaskStoreBuilder::in_memory().expect("builder");
        for (id, mut r) in gold() {
            r.tasks.clear();
            b.add(&id, &r).expect("add");
        }
        let s = b.into_store().expect("store");
        assert!(s.is_empty());
        assert!(s.organs().is_empty());
        let r = s
            .query(&TaskQuery {
                group_by: GroupBy::Province,
                ..TaskQuery::default()
            })
            .expect("query");
        assert_eq!((r.total, r.groups.len(), r.hint.is_none()), (0, 0, true));
        // A name the organ table knows is a valid filter even with no tasks.
        let btg = s
            .query(&TaskQuery {
                organ: Some("Ban Tuyên giáo".into()),
                ..TaskQuery::default()
            })
            .expect("known organ");
        assert_eq!(btg.total, 0);
        assert_eq!(btg.organs, Some(vec!["ban_tuyen_giao".to_string()]));
    }

    #[test]
    fn a_flipped_bit_in_any_file_is_an_error_never_a_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(TaskStore::DIR);
        let mut b = TaskStoreBuilder::create(&path).expect("create");
        for (id, r) in gold() {
            b.add(&id, &r).expect("add");
        }
        b.finish().expect("finish");
        let files: Vec<PathBuf> = std::fs::read_dir(&path)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_file())
            .collect();
        assert!(files.len() > 5, "{files:?}");
        let mut damaged = 0;
        for file in &files {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let original = std::fs::read(file).expect("read");
            if original.is_empty() || name.ends_with(".lock") {
                continue;
            }
            for at in [original.len() / 2, original.len() - 1] {
                let mut bytes = original.clone();
                bytes[at] ^= 0x10;
                std::fs::write(file, &bytes).expect("write");
                // Open and ask: an error or an answer, never a panic.
                let outcome = std::panic::catch_unwind(|| {
                    TaskStore::open(&path).and_then(|s| {
                        s.query(&TaskQuery {
                            q: Some("tuyên truyền".into()),
                            ..TaskQuery::default()
                        })
                    })
                });
                let result = outcome.unwrap_or_else(|_| panic!("{name} byte {at}: panicked"));
                if let Err(e) = result {
                    damaged += 1;
                    let text = e.to_string();
                    assert!(text.contains("vanban index"), "{name} byte {at}: {text}");
                }
            }
            std::fs::write(file, &original).expect("restore");
        }
        assert!(damaged >= files.len(), "most flips are caught: {damaged}");
        TaskStore::open(&path).expect("intact again");
    }

    #[test]
    fn on_disk_store_round_trips() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(TaskStore::DIR);
        let mut b = TaskStoreBuilder::create(&path).expect("create");
        for (id, r) in gold() {
            b.add(&id, &r).expect("add");
        }
        b.finish().expect("finish");
        let s = TaskStore::open(&path).expect("open");
        assert_eq!(s.len(), gold_count(|_, _, _| true));
        assert_eq!(s.documents(), gold().len());
        assert!(matches!(
            TaskStore::open(dir.path()),
            Err(TaskError::Io { .. })
        ));
    }
}
