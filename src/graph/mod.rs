//! The implementation graph: which documents implement and cite which.
//!
//! OWNER: graph helper. Placeholder bodies until then.

use std::path::Path;

use crate::extract::Record;

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("cannot read or write graph file {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Collects records during an index build.
#[derive(Debug, Default)]
pub struct GraphBuilder {}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
    }
    /// Add one corpus document, identified by its stable id.
    pub fn add(&mut self, _id: &str, _record: &Record) {}
    pub fn finish(self) -> Graph {
        Graph::default()
    }
}

/// The built graph, loaded at `serve` start.
#[derive(Debug, Default)]
pub struct Graph {}

impl Graph {
    /// File name of the persisted graph inside an index generation.
    pub const FILE: &'static str = "graph.json";

    pub fn save(&self, _path: &Path) -> Result<(), GraphError> {
        Ok(())
    }
    pub fn load(_path: &Path) -> Result<Graph, GraphError> {
        Ok(Graph::default())
    }
}
