//! Drives a whole corpus through the pipeline:
//! ingest → normalize → parse → extract → index + graph + task store.
//!
//! Reading, normalising and extracting run on worker threads; documents are
//! handed to the writers in corpus order, so a build is deterministic. The
//! generation is published only when every part is written (see `index::Staging`).

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::extract::manifest::{Manifest, ManifestError};
use crate::extract::{self, FieldSource, Record, TextSource};
use crate::graph::{Graph, GraphBuilder, GraphError};
use crate::index::{BuildDoc, IndexBuilder, IndexError, Staging};
use crate::ingest::{
    self, Collision, DiscoverOptions, IngestError, ReadOptions, SkipReason, Skipped, SourceDoc,
};
use crate::parse::Outline;
use crate::tasks::{TaskError, TaskStore, TaskStoreBuilder};

/// File in each generation describing the build.
pub const BUILD_INFO: &str = "build.json";

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("manifest: {0}")]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("graph: {0}")]
    Graph(#[from] GraphError),
    #[error("task store: {0}")]
    Tasks(#[from] TaskError),
    /// Nothing could be indexed: publishing would replace a working index
    /// with an empty one, so the build stops and the current index stays live.
    #[error("no readable documents in {corpus} ({skipped} skipped, {ignored} not .txt or .md); the current index is left as it was")]
    NoDocuments {
        corpus: PathBuf,
        skipped: usize,
        ignored: usize,
    },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub corpus: PathBuf,
    pub index: PathBuf,
    /// Worker threads for extraction and for tantivy's indexer.
    pub threads: usize,
    /// Memory budget of tantivy's indexer, in bytes, shared by its threads.
    pub memory_bytes: usize,
    /// How files are read: size cap (`too_large`), time budget per document, OCR.
    pub read: ReadOptions,
    /// Follow symbolic links that lead out of the corpus folder.
    pub follow_links: bool,
}

impl BuildOptions {
    pub fn new(corpus: impl Into<PathBuf>, index: impl Into<PathBuf>) -> Self {
        BuildOptions {
            corpus: corpus.into(),
            index: index.into(),
            threads: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            memory_bytes: 256 * 1024 * 1024,
            read: ReadOptions::default(),
            follow_links: false,
        }
    }
}

/// Progress callbacks (the CLI draws a progress bar with them).
pub trait Observer: Sync {
    /// The corpus was listed: `files` candidates totalling `bytes`.
    fn started(&self, _files: usize, _bytes: u64) {}
    /// One file went through (indexed or skipped).
    fn file_done(&self, _source: &str, _bytes: u64) {}
    /// A whole-corpus stage began (`committing index`, `building graph`…).
    fn stage(&self, _name: &str) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl Observer for Quiet {}

/// What a build did.
#[derive(Debug, Clone, Serialize)]
pub struct BuildReport {
    pub corpus: PathBuf,
    pub generation: PathBuf,
    pub documents: usize,
    pub tasks: usize,
    pub citations: usize,
    /// Files that could not be read or decoded, with reasons.
    pub skipped: Vec<Skipped>,
    /// Files not read (an extension vanban does not read, a link out of the corpus).
    pub ignored: usize,
    /// The ignored files by name, with the reason and what would make them readable
    /// (dot files are only counted).
    pub ignored_files: Vec<Skipped>,
    /// Files whose ids would have been the same, and the ids they got.
    pub collisions: Vec<Collision>,
    /// Documents indexed, by format (`pdf`, `docx`, …).
    pub formats: BTreeMap<String, usize>,
    /// Documents whose text came (at least partly) from OCR.
    pub ocr_documents: usize,
    /// Documents decoded from a legacy encoding (TCVN3, VNI, VISCII, Windows-1258).
    pub legacy_documents: usize,
    /// Bytes of the documents indexed.
    pub bytes: u64,
    pub seconds: f64,
    /// Bad rows of `manifest.csv` / sidecars (reported, not fatal).
    pub manifest_problems: Vec<String>,
    /// Documents indexed with no province (tasks group them under `null`).
    pub without_province: usize,
}

/// Build a new index generation from a corpus folder and publish it atomically.
pub fn build(opts: &BuildOptions, observer: &dyn Observer) -> Result<BuildReport, PipelineError> {
    let started = Instant::now();
    let root = opts.corpus.as_path();
    let discovery = ingest::discover_with(
        root,
        DiscoverOptions {
            follow_outside_links: opts.follow_links,
        },
    )?;
    let (manifest, problems) = Manifest::load(root)?;
    for c in &discovery.collisions {
        let files: Vec<String> = c
            .files
            .iter()
            .map(|(f, id)| format!("{f} → {id}"))
            .collect();
        tracing::warn!(id = %c.id, "files share an id; ids kept apart: {}", files.join(", "));
    }
    for p in &problems {
        tracing::warn!("{p}");
    }
    observer.started(discovery.files.len(), discovery.bytes);
    tracing::info!(
        files = discovery.files.len(),
        bytes = discovery.bytes,
        corpus = %root.display(),
        "indexing"
    );

    let staging = Staging::begin(&opts.index)?;
    let mut index = IndexBuilder::create(staging.path(), opts.threads, opts.memory_bytes)?;
    let mut graph = GraphBuilder::new();
    let mut tasks = TaskStoreBuilder::create(&staging.path().join(TaskStore::DIR))?;
    let mut report = BuildReport {
        corpus: root.to_path_buf(),
        generation: PathBuf::new(),
        documents: 0,
        tasks: 0,
        citations: 0,
        skipped: discovery.unlistable.clone(),
        ignored: discovery.ignored,
        ignored_files: discovery.ignored_files.clone(),
        collisions: discovery.collisions.clone(),
        formats: BTreeMap::new(),
        ocr_documents: 0,
        legacy_documents: 0,
        bytes: 0,
        seconds: 0.0,
        manifest_problems: problems.iter().map(|p| p.to_string()).collect(),
        without_province: 0,
    };

    let mut accept = |result: Result<Ready, Skipped>| -> Result<(), PipelineError> {
        match result {
            Ok(Ready { processed: p, doc }) => {
                index.add(doc?)?;
                graph.add(&p.id, &p.record);
                tasks.add(&p.id, &p.record)?;
                report.documents += 1;
                report.bytes += p.source.bytes;
                report.tasks += p.record.tasks.len();
                report.citations += p.record.citations.len();
                if p.record.province.is_none() {
                    report.without_province += 1;
                }
                *report
                    .formats
                    .entry(p.source.origin.format.name().to_string())
                    .or_default() += 1;
                report.ocr_documents += usize::from(p.source.origin.ocr);
                let e = &p.source.origin.encoding;
                report.legacy_documents += usize::from(!e.starts_with("UTF") || e.contains('+'));
                observer.file_done(&p.source.source, p.source.bytes);
            }
            Err(s) => {
                tracing::warn!(file = %s.source, reason = %s.reason, "skipped");
                observer.file_done(&s.source, 0);
                report.skipped.push(s);
            }
        }
        Ok(())
    };
    let jobs = Jobs {
        root: root.to_path_buf(),
        files: discovery.files.clone(),
        ids: discovery.ids.clone(),
        manifest,
        read: opts.read.clone(),
    };
    run_workers(Arc::new(jobs), opts.threads, &mut accept)?;

    if report.documents == 0 {
        // The staging folder is dropped (removed); CURRENT is untouched.
        return Err(PipelineError::NoDocuments {
            corpus: root.to_path_buf(),
            skipped: report.skipped.len(),
            ignored: report.ignored,
        });
    }
    // The two tantivy writers first, so their buffers are freed before the
    // graph is assembled (the peak memory of a build is the larger of the two
    // phases, not their sum).
    observer.stage("committing the search index");
    index.commit()?;
    observer.stage("writing the task store");
    tasks.finish()?;
    observer.stage("building the graph");
    let graph = graph.finish();
    graph.save(&staging.path().join(Graph::FILE))?;
    drop(graph);

    report.seconds = started.elapsed().as_secs_f64();
    let info = staging.path().join(BUILD_INFO);
    let json = serde_json::to_vec_pretty(&report).map_err(|e| PipelineError::Io {
        path: info.clone(),
        source: std::io::Error::other(e),
    })?;
    std::fs::write(&info, json).map_err(|e| PipelineError::Io {
        path: info.clone(),
        source: e,
    })?;
    report.generation = staging.publish()?;
    report.seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        documents = report.documents,
        skipped = report.skipped.len(),
        seconds = report.seconds,
        generation = %report.generation.display(),
        "index published"
    );
    Ok(report)
}

/// What the workers share.
struct Jobs {
    root: PathBuf,
    files: Vec<PathBuf>,
    ids: Vec<String>,
    manifest: Manifest,
    read: ReadOptions,
}

/// A document ready for the writers: processed, and its index document made
/// (on the worker, so the analysis of the body runs in parallel).
struct Ready {
    processed: Processed,
    doc: Result<BuildDoc, IndexError>,
}

impl Jobs {
    /// Read and process file `i`, never panicking.
    fn run(&self, i: usize) -> Result<Ready, Skipped> {
        let path = &self.files[i];
        let source = ingest::relative(&self.root, path);
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            let doc = ingest::read_with(&self.root, path, &self.read)?;
            let overrides = self.manifest.overrides_for(&self.root, &doc.source);
            let id = self
                .ids
                .get(i)
                .cloned()
                .unwrap_or_else(|| doc_id(&doc.source));
            let processed = process_as(id, doc, overrides.as_ref());
            let doc = crate::index::document(&processed);
            Ok(Ready { processed, doc })
        }))
        .unwrap_or_else(|panic| {
            Err(Skipped {
                source,
                reason: SkipReason::Internal(panic_message(&panic)),
            })
        })
    }
}

/// Read and process the files on `threads` workers, feeding results to
/// `accept` in file order. Stops early when `accept` fails.
///
/// At most a window of results waits for a slower document, so memory stays
/// flat; a document still unfinished past its time budget (plus a grace for
/// the stages after reading) is reported `timed_out` and the build goes on
/// (its worker is replaced; the late result is dropped).
fn run_workers(
    jobs: Arc<Jobs>,
    threads: usize,
    accept: &mut dyn FnMut(Result<Ready, Skipped>) -> Result<(), PipelineError>,
) -> Result<(), PipelineError> {
    let n = jobs.files.len();
    if n == 0 {
        return Ok(());
    }
    let workers = threads.clamp(1, 64);
    let window = workers * 4;
    let budget = jobs.read.time_budget + Duration::from_secs(10).min(jobs.read.time_budget);
    struct Shared {
        next: AtomicUsize,
        stop: AtomicBool,
        /// Index of the next result to accept, and a signal when it moves.
        want: Mutex<usize>,
        moved: Condvar,
        /// When each document started (for the time budget).
        started: Mutex<BTreeMap<usize, Instant>>,
    }
    let shared = Arc::new(Shared {
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        want: Mutex::new(0),
        moved: Condvar::new(),
        started: Mutex::new(BTreeMap::new()),
    });
    let (tx, rx) = mpsc::channel::<(usize, Result<Ready, Skipped>)>();
    let spawn = |tx: mpsc::Sender<(usize, Result<Ready, Skipped>)>| {
        let jobs = Arc::clone(&jobs);
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || loop {
            if shared.stop.load(Ordering::Relaxed) {
                break;
            }
            let i = shared.next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break;
            }
            // Do not run ahead of the writer by more than the window.
            {
                let mut want = shared.want.lock().unwrap_or_else(|e| e.into_inner());
                while i >= *want + window && !shared.stop.load(Ordering::Relaxed) {
                    want = shared
                        .moved
                        .wait_timeout(want, Duration::from_millis(200))
                        .map(|(g, _)| g)
                        .unwrap_or_else(|e| e.into_inner().0);
                }
            }
            shared
                .started
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(i, Instant::now());
            let result = jobs.run(i);
            if tx.send((i, result)).is_err() {
                break;
            }
        })
    };
    for _ in 0..workers {
        spawn(tx.clone());
    }
    let mut pending: BTreeMap<usize, Result<Ready, Skipped>> = BTreeMap::new();
    let mut want = 0usize;
    let finish = |shared: &Shared| {
        shared.stop.store(true, Ordering::Relaxed);
        shared.moved.notify_all();
    };
    while want < n {
        match rx.recv_timeout(Duration::from_millis(250)) {
            Ok((i, result)) => {
                if i >= want {
                    pending.insert(i, result);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                // Every worker is gone: what never arrived is lost.
                if pending.is_empty() {
                    break;
                }
            }
        }
        // Past its budget, the document in front gives way.
        let overdue = shared
            .started
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&want)
            .is_some_and(|t| t.elapsed() > budget);
        if overdue && !pending.contains_key(&want) {
            let source = ingest::relative(&jobs.root, &jobs.files[want]);
            tracing::warn!(file = %source, "over the time budget; skipped");
            pending.insert(
                want,
                Err(Skipped {
                    source,
                    reason: SkipReason::TimedOut {
                        seconds: jobs.read.time_budget.as_secs(),
                    },
                }),
            );
            spawn(tx.clone());
        }
        while let Some(result) = pending.remove(&want) {
            shared
                .started
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&want);
            if let Err(e) = accept(result) {
                finish(&shared);
                return Err(e);
            }
            want += 1;
            *shared.want.lock().unwrap_or_else(|e| e.into_inner()) = want;
            shared.moved.notify_all();
        }
    }
    finish(&shared);
    Ok(())
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// One document after every per-document stage.
#[derive(Debug, Clone)]
pub struct Processed {
    /// Stable id used by the index, the graph and the API.
    pub id: String,
    pub source: SourceDoc,
    /// The normalised text (what offsets in the record point into).
    pub text: String,
    pub outline: Outline,
    pub record: Record,
}

/// Stable document id: the path relative to the corpus root without its
/// extension, with `/` replaced by `~` so it fits in one URL segment. When two
/// files of a corpus would share it, [`ingest::assign_ids`] keeps them apart.
pub fn doc_id(source: &str) -> String {
    ingest::base_id(source)
}

/// The record of one raw (decoded, not yet normalised) text: what `vanban
/// extract` prints for a file holding it, without manifest values.
pub fn record_of(source: &str, raw: &str) -> extract::Record {
    let text = crate::normalize::normalize(raw);
    let outline = Outline::parse(&text);
    extract::extract(
        &extract::Input {
            source,
            overrides: None,
        },
        &text,
        &outline,
    )
}

/// Normalise, parse and extract one decoded document, identified by [`doc_id`].
pub fn process(doc: SourceDoc, overrides: Option<&extract::manifest::Overrides>) -> Processed {
    let id = doc_id(&doc.source);
    process_as(id, doc, overrides)
}

/// [`process`] under a given id (the corpus walk makes ids unique).
///
/// The record also says how the text was obtained (`text_source`), and the
/// file's own metadata (an HTML page's title and date) fills the fields the
/// text left empty, with provenance `metadata`.
pub fn process_as(
    id: String,
    doc: SourceDoc,
    overrides: Option<&extract::manifest::Overrides>,
) -> Processed {
    let text = crate::normalize::normalize(&doc.text);
    let outline = Outline::parse(&text);
    let record = extract::extract(
        &extract::Input {
            source: &doc.source,
            overrides,
        },
        &text,
        &outline,
    );
    let mut record = record;
    record.text_source = Some(TextSource {
        format: doc.origin.format.name().to_string(),
        encoding: doc.origin.encoding.clone(),
        confidence: (doc.origin.confidence * 1000.0).round() / 1000.0,
        ocr: doc.origin.ocr,
        tool: doc.origin.tool.clone(),
        pages: doc.origin.pages,
    });
    if record.date.is_none() {
        if let Some(d) = doc.hints.date {
            record.date = Some(d);
            record
                .provenance
                .insert("date".into(), FieldSource::Metadata);
        }
    }
    if record.title.is_none() {
        if let Some(t) = &doc.hints.title {
            record.title = Some(crate::normalize::normalize(t).trim().to_string());
            record
                .provenance
                .insert("title".into(), FieldSource::Metadata);
        }
    }
    Processed {
        id,
        source: doc,
        text,
        outline,
        record,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_paths_without_extension() {
        assert_eq!(doc_id("003_e07fff3062a41059.txt"), "003_e07fff3062a41059");
        assert_eq!(doc_id("kien-giang/2022/60.md"), "kien-giang~2022~60");
        assert_eq!(doc_id("a.b/noext"), "a.b~noext");
    }
}
