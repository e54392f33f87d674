//! The tantivy index: schema, atomic builds, search with snippets and sections.
//!
//! Every body is indexed from one analysis pass (`analysis::body_tokens`) as
//! words with diacritics (`body`) and folded (`body_folded`), and as adjacent
//! word pairs, folded (`pairs`, with positions: phrases are runs of pairs) and
//! with diacritics (`pairs_exact`). So `ban tuyen giao` finds `Ban Tuyên giáo`,
//! documents where the words stand together rank first, and a query typed with
//! diacritics scores documents that match them exactly higher. Document
//! numbers are single tokens (see `analysis`).

mod builder;
mod facets;
mod layout;
pub mod query;
mod schema;
mod search;
mod snippet;
mod suggest;

pub use builder::{document, BuildDoc, IndexBuilder};
pub use facets::{FacetValue, Facets};
pub use layout::{current_generation, current_name, exists, ReaderLock, Staging, CURRENT};
pub use query::{Filters, ParsedQuery, QueryError};
pub use schema::province_key;
pub use search::{
    DocumentList, DocumentSummary, DocumentView, Hit, ListRequest, SearchIndex, SearchRequest,
    SearchResponse, DEFAULT_LIMIT, MAX_LIMIT, MAX_LIST_LIMIT,
};
pub use suggest::{Spelling, Suggestion, WordSpellings};

use std::path::{Path, PathBuf};

/// Folder of the tantivy index inside a generation.
pub const TANTIVY_DIR: &str = "tantivy";

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index in {dir}: run `vanban index` first (or `vanban serve`, which builds one)")]
    NoIndex { dir: PathBuf },
    #[error("the index in {dir} is damaged ({reason}); rebuild it with `vanban index`")]
    Corrupt { dir: PathBuf, reason: String },
    #[error(
        "another `vanban index` is writing to {dir}; wait for it to finish and run this again"
    )]
    Busy { dir: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("search index: {0} (if it persists, rebuild the index with `vanban index`)")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("limit must be between 1 and {MAX_LIMIT}, got {0}")]
    Limit(usize),
    #[error("cannot encode a stored value: {0}")]
    Encode(#[from] serde_json::Error),
}

impl IndexError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        IndexError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// True when the caller's input, not the index, is at fault.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, IndexError::Query(_) | IndexError::Limit(_))
    }
}
