//! Persistence: `graph.json` beside the tantivy index.
//!
//! The file is JSON: `{"format_version": 1, "nodes": [...], "edges": [{"from":
//! 0, "to": 5, "kind": "cites", "mentions": 3, "evidence": [{"doc": 0, "span":
//! [1203, 1219]}]}]}`. `from`, `to` and evidence `doc` are indexes into `nodes`.
//! A file of another format version is refused with a message saying to rebuild.
//! Saving writes a temporary file and renames it, so a reader never sees half a
//! graph.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use super::{Edge, Graph, GraphError, Node};

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct FileOut<'a> {
    format_version: u32,
    nodes: Vec<&'a Node>,
    edges: Vec<EdgeOut<'a>>,
}

#[derive(Serialize)]
struct EdgeOut<'a> {
    from: u32,
    to: u32,
    #[serde(flatten)]
    edge: &'a Edge,
}

#[derive(Deserialize)]
struct FileIn {
    nodes: Vec<Node>,
    edges: Vec<EdgeIn>,
}

#[derive(Deserialize)]
struct EdgeIn {
    from: u32,
    to: u32,
    #[serde(flatten)]
    edge: Edge,
}

#[derive(Deserialize)]
struct VersionOnly {
    format_version: Option<serde_json::Value>,
}

impl Graph {
    /// Write the graph to `path` (atomically: temporary file + rename).
    pub fn save(&self, path: &Path) -> Result<(), GraphError> {
        let io = |source| GraphError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = FileOut {
            format_version: FORMAT_VERSION,
            nodes: self.g.node_weights().collect(),
            edges: self
                .g
                .edge_indices()
                .filter_map(|e| {
                    let (a, b) = self.g.edge_endpoints(e)?;
                    Some(EdgeOut {
                        from: a.index() as u32,
                        to: b.index() as u32,
                        edge: &self.g[e],
                    })
                })
                .collect(),
        };
        let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
        tmp_name.push(".tmp");
        let tmp = path.with_file_name(tmp_name);
        let mut w = BufWriter::new(File::create(&tmp).map_err(io)?);
        serde_json::to_writer(&mut w, &file).map_err(|source| GraphError::Json {
            path: tmp.clone(),
            source,
        })?;
        w.flush().map_err(io)?;
        drop(w);
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Read a graph written by [`Graph::save`].
    pub fn load(path: &Path) -> Result<Graph, GraphError> {
        let text = std::fs::read_to_string(path).map_err(|source| GraphError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let json_err = |source| GraphError::Json {
            path: path.to_path_buf(),
            source,
        };
        let v: VersionOnly = serde_json::from_str(&text).map_err(json_err)?;
        match v.format_version {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION.into()) => {}
            other => {
                return Err(GraphError::Version {
                    path: path.to_path_buf(),
                    found: other.map_or_else(|| "none".to_string(), |v| v.to_string()),
                    expected: FORMAT_VERSION,
                })
            }
        }
        let file: FileIn =
            serde_json::from_reader(BufReader::new(text.as_bytes())).map_err(json_err)?;
        let n = file.nodes.len();
        let corrupt = |message: String| GraphError::Corrupt {
            path: path.to_path_buf(),
            message,
        };
        let mut g: DiGraph<Node, Edge> = DiGraph::with_capacity(n, file.edges.len());
        for node in file.nodes {
            g.add_node(node);
        }
        for e in file.edges {
            let bad = [e.from, e.to]
                .into_iter()
                .chain(e.edge.evidence.iter().map(|ev| ev.doc))
                .find(|&i| i as usize >= n);
            if let Some(i) = bad {
                return Err(corrupt(format!("edge refers to node {i}, there are {n}")));
            }
            g.add_edge(
                NodeIndex::new(e.from as usize),
                NodeIndex::new(e.to as usize),
                e.edge,
            );
        }
        Ok(Graph::from_parts(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testutil::gold_graph;

    #[test]
    fn round_trip_keeps_answers() {
        let g = gold_graph();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(Graph::FILE);
        g.save(&path).expect("save");
        let h = Graph::load(&path).expect("load");
        assert_eq!(g.counts(), h.counts());
        assert_eq!(
            g.implementers("21-KL/TW", true).ok(),
            h.implementers("21-KL/TW", true).ok()
        );
        assert_eq!(g.nodes().collect::<Vec<_>>(), h.nodes().collect::<Vec<_>>());
        assert!(!dir.path().join("graph.json.tmp").exists());
    }

    #[test]
    fn refuses_other_versions_and_broken_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(Graph::FILE);
        const CASES: &[(&str, &str)] = &[
            (
                r#"{"format_version": 99, "nodes": [], "edges": []}"#,
                "version",
            ),
            (r#"{"nodes": [], "edges": []}"#, "version"),
            (
                r#"{"format_version": "1", "nodes": [], "edges": []}"#,
                "version",
            ),
            ("not json", "not valid"),
            (
                r#"{"format_version": 1, "nodes": [], "edges": [{"from": 0, "to": 1, "kind": "cites", "evidence": []}]}"#,
                "inconsistent",
            ),
        ];
        for (text, want) in CASES {
            std::fs::write(&path, text).expect("write");
            match Graph::load(&path) {
                Err(e) => assert!(e.to_string().contains(want), "{text}: {e}"),
                Ok(_) => panic!("{text} loaded"),
            }
        }
        let missing = Graph::load(&dir.path().join("none.json"));
        assert!(matches!(missing, Err(GraphError::Io { .. })));
    }
}
