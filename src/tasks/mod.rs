//! Task questions over extracted records: "which provinces gave Ban Tuyên giáo a task".
//!
//! `vanban index` writes a task store beside the search index
//! ([`TaskStoreBuilder`], one per generation, folder [`TaskStore::DIR`]); `serve`
//! and `vanban tasks` open it ([`TaskStore::open`]) and ask it [`TaskQuery`]s:
//! filter by organ (key or any alias), full text, province, document and
//! deadline window, grouped by province, organ or document. Every task answered
//! carries its document, section, deadline and evidence.
//!
//! The store is a tantivy index, one tantivy document per task, not an
//! in-memory table: at 50k documents × ~50 tasks the task texts alone would
//! blow the server's memory budget as heap strings, while a memory-mapped index
//! keeps an idle server small. Filters are term and range lookups, full text
//! uses the crate's Vietnamese analyzers, and grouping reads fast-field columns
//! for every match but loads only the returned page from the doc store (see
//! `store.rs` and `collect.rs`).

mod collect;
mod organs;
mod query;
mod store;

use std::path::PathBuf;

pub use query::{
    parse_due, CsvSink, Deadline, GroupBy, OrganSummary, TaskDocument, TaskGroup, TaskHit,
    TaskQuery, TaskResult, CSV_BOM, CSV_HEADER, DEFAULT_LIMIT, MAX_LIMIT,
};
pub use store::{TaskStore, TaskStoreBuilder, Visit, WalkSummary};

/// Everything that can go wrong building, opening or asking the task store.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    /// A file or folder of the store could not be read or written.
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The tantivy index under the store failed.
    #[error("task index error ({0}); if it persists, rebuild the index with `vanban index`")]
    Index(#[from] tantivy::TantivyError),
    /// The store's summary file is unreadable (written by another version?).
    #[error(
        "task store summary {path} is unreadable ({source}); rebuild the index with `vanban index`"
    )]
    Summary {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    /// A file of the store is damaged (a bit flipped, a file cut short).
    #[error(
        "the task store in {dir} is damaged ({reason}); rebuild the index with `vanban index`"
    )]
    Damaged { dir: PathBuf, reason: String },
    /// An answer could not be written (CSV to a closed pipe, …).
    #[error("cannot write the answer: {0}")]
    Write(String),
    /// A stored task could not be read back.
    #[error("stored task is unreadable ({0}); rebuild the index with `vanban index`")]
    Corrupt(String),
    /// The `organ` filter names no organ key or alias the store knows.
    #[error("no organ key or alias matches `{name}`{}", suggest(.suggestions))]
    UnknownOrgan {
        name: String,
        suggestions: Vec<String>,
    },
    /// The task-text query (`q`) cannot be read.
    #[error("cannot read the task-text query: {0}")]
    Query(#[from] crate::index::QueryError),
    /// A query value is malformed (a date, a grouping…).
    #[error("invalid `{name}`: {message}")]
    InvalidParameter { name: String, message: String },
}

impl TaskError {
    /// True when the error was caused by the query, not by the store.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            TaskError::UnknownOrgan { .. }
                | TaskError::InvalidParameter { .. }
                | TaskError::Query(_)
        )
    }
}

fn suggest(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; GET /api/organs (or `vanban tasks --organs`) lists the known organs".to_string()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}
