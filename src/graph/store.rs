//! Persistence: `graph.json` beside the tantivy index.
//!
//! The file is JSON: `{"format_version": 1, "nodes": [...], "edges": [{"from":
//! 0, "to": 5, "kind": "cites", "mentions": 3, "evidence": [{"doc": 0, "span":
//! [1203, 1219]}]}]}`. `from`, `to` and evidence `doc` are indexes into `nodes`.
//! A file of another format version is refused with a message saying to rebuild.
//! Saving writes a temporary file and renames it, so a reader never sees half a
//! graph.

use std::cell::RefCell;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::extract::RelationKind;

use super::{Edge, EdgeEvidence, Graph, GraphError, Node};

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
    kind: RelationKind,
    #[serde(skip_serializing_if = "is_zero")]
    mentions: u32,
    evidence: &'a [EdgeEvidence],
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Deserialize)]
struct EdgeIn {
    from: u32,
    to: u32,
    kind: RelationKind,
    #[serde(default)]
    mentions: u32,
    #[serde(default)]
    evidence: Vec<EdgeEvidence>,
}

/// The graph as it is read; edges are added as they stream in.
struct FileIn {
    g: DiGraph<Node, Edge>,
}

/// Adds each edge of the `edges` array to the graph as it is read, checking
/// that it refers to existing nodes.
struct EdgesSeed<'a> {
    g: &'a mut DiGraph<Node, Edge>,
}

impl<'de> DeserializeSeed<'de> for EdgesSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EdgesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of edges")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let n = self.g.node_count();
        while let Some(e) = seq.next_element::<EdgeIn>()? {
            let bad = [e.from, e.to]
                .into_iter()
                .chain(e.evidence.iter().map(|ev| ev.doc))
                .find(|&i| i as usize >= n);
            if let Some(i) = bad {
                return Err(de::Error::custom(format!(
                    "inconsistent: edge refers to node {i}, there are {n}"
                )));
            }
            self.g.add_edge(
                NodeIndex::new(e.from as usize),
                NodeIndex::new(e.to as usize),
                Edge {
                    kind: e.kind,
                    mentions: e.mentions,
                    evidence: e.evidence,
                },
            );
        }
        Ok(())
    }
}

/// Reads the file in one streaming pass, checking `format_version` (written
/// first) before the nodes and edges are read; a wrong version is recorded in
/// `wrong_version` and stops the read.
struct FileSeed<'a> {
    wrong_version: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
    type Value = FileIn;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<FileIn, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FileSeed<'_> {
    type Value = FileIn;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a vanban graph object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileIn, A::Error> {
        let mut version_seen = false;
        let mut g: Option<DiGraph<Node, Edge>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format_version" => {
                    let v: serde_json::Value = map.next_value()?;
                    if v.as_u64() != Some(u64::from(FORMAT_VERSION)) {
                        *self.wrong_version.borrow_mut() = Some(v.to_string());
                        return Err(de::Error::custom("wrong format version"));
                    }
                    version_seen = true;
                }
                "nodes" => {
                    if g.is_some() {
                        return Err(de::Error::custom("inconsistent: nodes given twice"));
                    }
                    let nodes: Vec<Node> = map.next_value()?;
                    let mut graph = DiGraph::with_capacity(nodes.len(), 0);
                    for node in nodes {
                        graph.add_node(node);
                    }
                    g = Some(graph);
                }
                "edges" => {
                    let graph = g.as_mut().ok_or_else(|| {
                        de::Error::custom("inconsistent: edges come before nodes")
                    })?;
                    map.next_value_seed(EdgesSeed { g: graph })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !version_seen {
            *self.wrong_version.borrow_mut() = Some("none".to_string());
            return Err(de::Error::custom("no format version"));
        }
        Ok(FileIn {
            g: g.unwrap_or_default(),
        })
    }
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
                    let w: &Edge = &self.g[e];
                    Some(EdgeOut {
                        from: a.index() as u32,
                        to: b.index() as u32,
                        kind: w.kind,
                        mentions: w.mentions,
                        evidence: &w.evidence,
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
        let file = File::open(path).map_err(|source| GraphError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let wrong_version = RefCell::new(None);
        let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(1 << 20, file));
        let parsed = FileSeed {
            wrong_version: &wrong_version,
        }
        .deserialize(&mut de)
        .and_then(|f| de.end().map(|()| f));
        let file = match (parsed, wrong_version.into_inner()) {
            (_, Some(found)) => {
                return Err(GraphError::Version {
                    path: path.to_path_buf(),
                    found,
                    expected: FORMAT_VERSION,
                })
            }
            (Err(source), None) if source.to_string().starts_with("inconsistent: ") => {
                let message = source.to_string();
                return Err(GraphError::Corrupt {
                    path: path.to_path_buf(),
                    message: message.trim_start_matches("inconsistent: ").to_string(),
                });
            }
            (Err(source), None) => {
                return Err(GraphError::Json {
                    path: path.to_path_buf(),
                    source,
                })
            }
            (Ok(f), None) => f,
        };
        let g = file.g;
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
            (
                r#"{"format_version": 1, "edges": [], "nodes": []}"#,
                "edges come before nodes",
            ),
            (
                r#"{"format_version": 1, "nodes": [{"key": 1}], "edges": []}"#,
                "not valid",
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
