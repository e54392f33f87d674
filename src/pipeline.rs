//! Drives a whole corpus through the pipeline:
//! ingest → normalize → parse → extract → index + graph + task store.
//!
//! Reading, normalising and extracting run on worker threads; documents are
//! handed to the writers in corpus order, so a build is deterministic. The
//! generation is published only when every part is written (see `index::Staging`).

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use serde::Serialize;

use crate::extract::manifest::{Manifest, ManifestError};
use crate::extract::{self, Record};
use crate::graph::{Graph, GraphBuilder, GraphError};
use crate::index::{IndexBuilder, IndexError, Staging};
use crate::ingest::{self, IngestError, SkipReason, Skipped, SourceDoc};
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
    /// Files with extensions other than .txt/.md (not read).
    pub ignored: usize,
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
    let discovery = ingest::discover(root)?;
    let (manifest, problems) = Manifest::load(root)?;
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
        bytes: 0,
        seconds: 0.0,
        manifest_problems: problems.iter().map(|p| p.to_string()).collect(),
        without_province: 0,
    };

    let mut accept = |result: Result<Processed, Skipped>| -> Result<(), PipelineError> {
        match result {
            Ok(p) => {
                index.add(&p)?;
                graph.add(&p.id, &p.record);
                tasks.add(&p.id, &p.record)?;
                report.documents += 1;
                report.bytes += p.source.bytes;
                report.tasks += p.record.tasks.len();
                report.citations += p.record.citations.len();
                if p.record.province.is_none() {
                    report.without_province += 1;
                }
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
    run_workers(root, &discovery.files, &manifest, opts.threads, &mut accept)?;

    if report.documents == 0 {
        // The staging folder is dropped (removed); CURRENT is untouched.
        return Err(PipelineError::NoDocuments {
            corpus: root.to_path_buf(),
            skipped: report.skipped.len(),
            ignored: report.ignored,
        });
    }
    observer.stage("committing the search index");
    index.commit()?;
    observer.stage("building the graph");
    let graph = graph.finish();
    graph.save(&staging.path().join(Graph::FILE))?;
    observer.stage("writing the task store");
    tasks.finish()?;

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

/// Read and process `files` on `threads` workers, feeding results to `accept`
/// in file order. Stops early when `accept` fails.
fn run_workers(
    root: &Path,
    files: &[PathBuf],
    manifest: &Manifest,
    threads: usize,
    accept: &mut dyn FnMut(Result<Processed, Skipped>) -> Result<(), PipelineError>,
) -> Result<(), PipelineError> {
    let next = AtomicUsize::new(0);
    let workers = threads.clamp(1, 64);
    let (tx, rx) = mpsc::sync_channel::<(usize, Result<Processed, Skipped>)>(workers * 8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let result = ingest::read(root, path).and_then(|doc| {
                    let source = doc.source.clone();
                    let overrides = manifest.overrides_for(root, &doc.source);
                    std::panic::catch_unwind(AssertUnwindSafe(|| process(doc, overrides.as_ref())))
                        .map_err(|panic| Skipped {
                            source,
                            reason: SkipReason::Internal(panic_message(&panic)),
                        })
                });
                if tx.send((i, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0usize;
        for (i, result) in rx {
            pending.insert(i, result);
            while let Some(result) = pending.remove(&want) {
                accept(result)?;
                want += 1;
            }
        }
        Ok(())
    })
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
/// extension, with `/` replaced by `~` so it fits in one URL segment.
pub fn doc_id(source: &str) -> String {
    let stem = match source.rfind('.') {
        Some(dot) if !source[dot..].contains('/') => &source[..dot],
        _ => source,
    };
    stem.replace('/', "~")
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

/// Normalise, parse and extract one decoded document.
pub fn process(doc: SourceDoc, overrides: Option<&extract::manifest::Overrides>) -> Processed {
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
    Processed {
        id: doc_id(&doc.source),
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
