//! Persistence: `graph.bin` beside the tantivy index.
//!
//! A compact binary file, read in one pass at `serve` start (a JSON file of a
//! million edges took seconds to parse). Layout, all integers little-endian:
//!
//! ```text
//! magic     8 bytes  "VANBANG\0"
//! version   u32      FORMAT_VERSION
//! nodes     u64 n, then n bytes: the nodes as a JSON array (the `Node` fields)
//! sentences u64 count, then per distinct statement: flags u8 (4 section),
//!           u32 len + UTF-8 sentence, [u32 len + UTF-8 section]
//! edges     u64 count, then per edge:
//!   from u32, to u32 (indexes into nodes), kind u8 (0 implements, 1 cites,
//!   2 continues, 3 attached_to), mentions u32, evidence count u32, then per
//!   evidence: doc u32 (index into nodes), flags u8 (1 span, 2 statement),
//!   [start u32, end u32], [statement u32 (index into sentences)]
//! ```
//!
//! One sentence often states several edges (`Thực hiện Kết luận số 21-KL/TW và
//! Kế hoạch số 65-KH/TU …`), so statements are written once and shared in
//! memory.
//!
//! A file of another format version, or an index that still has the
//! `graph.json` of format version 1, is refused with a message saying to
//! rebuild with `vanban index`. Saving writes a temporary file and renames it,
//! so a reader never sees half a graph. (`vanban graph --format json` exports
//! a neighbourhood as JSON; that is [`super::export`], not this file.)

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::extract::RelationKind;

use super::{Edge, EdgeEvidence, Graph, GraphError, Node, Statement};

/// The format version this build writes and reads (1 was `graph.json`).
pub const FORMAT_VERSION: u32 = 2;

/// First bytes of the file.
const MAGIC: &[u8; 8] = b"VANBANG\0";

const HAS_SPAN: u8 = 1;
const HAS_STATEMENT: u8 = 2;
const HAS_SECTION: u8 = 4;

fn kind_code(k: RelationKind) -> u8 {
    match k {
        RelationKind::Implements => 0,
        RelationKind::Cites => 1,
        RelationKind::Continues => 2,
        RelationKind::AttachedTo => 3,
    }
}

fn kind_of(code: u8) -> Option<RelationKind> {
    Some(match code {
        0 => RelationKind::Implements,
        1 => RelationKind::Cites,
        2 => RelationKind::Continues,
        3 => RelationKind::AttachedTo,
        _ => return None,
    })
}

/// Appends the binary encoding of the edges.
struct Writer<W: Write> {
    w: W,
}

impl<W: Write> Writer<W> {
    fn u8(&mut self, v: u8) -> std::io::Result<()> {
        self.w.write_all(&[v])
    }
    fn u32(&mut self, v: u32) -> std::io::Result<()> {
        self.w.write_all(&v.to_le_bytes())
    }
    fn u64(&mut self, v: u64) -> std::io::Result<()> {
        self.w.write_all(&v.to_le_bytes())
    }
    fn str(&mut self, s: &str) -> std::io::Result<()> {
        let len = u32::try_from(s.len()).map_err(std::io::Error::other)?;
        self.u32(len)?;
        self.w.write_all(s.as_bytes())
    }
    fn evidence(&mut self, e: &EdgeEvidence, statement: Option<u32>) -> std::io::Result<()> {
        let flags = if e.span.is_some() { HAS_SPAN } else { 0 }
            | if statement.is_some() {
                HAS_STATEMENT
            } else {
                0
            };
        self.u32(e.doc)?;
        self.u8(flags)?;
        if let Some([a, b]) = e.span {
            self.u32(a)?;
            self.u32(b)?;
        }
        if let Some(i) = statement {
            self.u32(i)?;
        }
        Ok(())
    }
}

/// How each node's object opens in the nodes' JSON (`key` is `Node`'s first field).
const NODE_OPENING: &[u8] = b"{\"key\":";

/// Deserialises the nodes' JSON array into a graph, one node at a time.
struct NodesInto<'g>(&'g mut DiGraph<Node, Edge>);

impl<'de> serde::de::DeserializeSeed<'de> for NodesInto<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for NodesInto<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of graph nodes")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(node) = seq.next_element::<Node>()? {
            self.0.add_node(node);
        }
        Ok(())
    }
}

/// Reads the binary encoding; every read checks the length left.
struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| format!("truncated at byte {}", self.at))?;
        let out = &self.buf[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.bytes(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, String> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn len(&mut self) -> Result<usize, String> {
        let n = self.u64()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.buf.len())
            .ok_or_else(|| format!("impossible length {n} at byte {}", self.at))
    }
    fn str(&mut self) -> Result<String, String> {
        let n = self.u32()? as usize;
        let at = self.at;
        let b = self.bytes(n)?;
        std::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|e| format!("text at byte {at} is not UTF-8: {e}"))
    }
    fn node(&mut self, nodes: usize) -> Result<u32, String> {
        let i = self.u32()?;
        if i as usize >= nodes {
            return Err(format!("edge refers to node {i}, there are {nodes}"));
        }
        Ok(i)
    }
    fn statement(&mut self) -> Result<Arc<Statement>, String> {
        let flags = self.u8()?;
        if flags & !HAS_SECTION != 0 {
            return Err(format!("unknown statement flags {flags:#x}"));
        }
        let sentence = self.str()?;
        let section = if flags & HAS_SECTION != 0 {
            Some(self.str()?)
        } else {
            None
        };
        Ok(Arc::new(Statement { sentence, section }))
    }
    fn evidence(
        &mut self,
        nodes: usize,
        statements: &[Arc<Statement>],
    ) -> Result<EdgeEvidence, String> {
        let doc = self.node(nodes)?;
        let flags = self.u8()?;
        if flags & !(HAS_SPAN | HAS_STATEMENT) != 0 {
            return Err(format!("unknown evidence flags {flags:#x}"));
        }
        let span = if flags & HAS_SPAN != 0 {
            Some([self.u32()?, self.u32()?])
        } else {
            None
        };
        let statement = if flags & HAS_STATEMENT != 0 {
            let i = self.u32()?;
            let s = statements.get(i as usize).ok_or_else(|| {
                format!(
                    "evidence refers to sentence {i}, there are {}",
                    statements.len()
                )
            })?;
            Some(Arc::clone(s))
        } else {
            None
        };
        Ok(EdgeEvidence {
            doc,
            span,
            statement,
        })
    }
}

impl Graph {
    /// File name of the format-1 graph that older builds wrote; its presence
    /// instead of [`Graph::FILE`] means the index must be rebuilt.
    pub const OLD_FILE: &'static str = "graph.json";

    /// Write the graph to `path` (atomically: temporary file + rename).
    pub fn save(&self, path: &Path) -> Result<(), GraphError> {
        let io = |source| GraphError::Io {
            path: path.to_path_buf(),
            source,
        };
        let nodes: Vec<&Node> = self.g.node_weights().collect();
        let nodes_json = serde_json::to_vec(&nodes).map_err(|source| GraphError::Json {
            path: path.to_path_buf(),
            source,
        })?;
        let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
        tmp_name.push(".tmp");
        let tmp = path.with_file_name(tmp_name);
        let file = File::create(&tmp).map_err(io)?;
        let mut w = Writer {
            w: BufWriter::with_capacity(1 << 20, file),
        };
        // Each distinct (sentence, section) once, in order of first use.
        let mut ids: HashMap<(&str, Option<&str>), u32> = HashMap::new();
        let mut table: Vec<&Statement> = Vec::new();
        for e in self.g.edge_weights() {
            for ev in &e.evidence {
                if let Some(st) = ev.statement.as_deref() {
                    ids.entry((st.sentence.as_str(), st.section.as_deref()))
                        .or_insert_with(|| {
                            table.push(st);
                            (table.len() - 1) as u32
                        });
                }
            }
        }
        let mut write = || -> std::io::Result<()> {
            w.w.write_all(MAGIC)?;
            w.u32(FORMAT_VERSION)?;
            w.u64(nodes_json.len() as u64)?;
            w.w.write_all(&nodes_json)?;
            w.u64(table.len() as u64)?;
            for st in &table {
                w.u8(if st.section.is_some() { HAS_SECTION } else { 0 })?;
                w.str(&st.sentence)?;
                if let Some(section) = &st.section {
                    w.str(section)?;
                }
            }
            w.u64(self.g.edge_count() as u64)?;
            for e in self.g.edge_indices() {
                let Some((a, b)) = self.g.edge_endpoints(e) else {
                    continue;
                };
                let edge: &Edge = &self.g[e];
                w.u32(a.index() as u32)?;
                w.u32(b.index() as u32)?;
                w.u8(kind_code(edge.kind))?;
                w.u32(edge.mentions)?;
                let n = u32::try_from(edge.evidence.len()).map_err(std::io::Error::other)?;
                w.u32(n)?;
                for ev in &edge.evidence {
                    let statement = ev
                        .statement
                        .as_deref()
                        .and_then(|st| ids.get(&(st.sentence.as_str(), st.section.as_deref())))
                        .copied();
                    w.evidence(ev, statement)?;
                }
            }
            w.w.flush()
        };
        write().map_err(io)?;
        drop(w);
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Read a graph written by [`Graph::save`].
    pub fn load(path: &Path) -> Result<Graph, GraphError> {
        let buf = match std::fs::read(path) {
            Ok(b) => b,
            Err(source) => {
                // An index built before format 2 has graph.json instead.
                let old = path.with_file_name(Self::OLD_FILE);
                if source.kind() == std::io::ErrorKind::NotFound && old.is_file() {
                    return Err(GraphError::Version {
                        path: old,
                        found: "1".to_string(),
                        expected: FORMAT_VERSION,
                    });
                }
                return Err(GraphError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let corrupt = |message: String| GraphError::Corrupt {
            path: path.to_path_buf(),
            message,
        };
        if buf.len() < 12 || &buf[..8] != MAGIC {
            return Err(corrupt("not a vanban graph file".to_string()));
        }
        let mut r = Reader { buf: &buf, at: 8 };
        let version = r.u32().map_err(corrupt)?;
        if version != FORMAT_VERSION {
            return Err(GraphError::Version {
                path: path.to_path_buf(),
                found: version.to_string(),
                expected: FORMAT_VERSION,
            });
        }
        let n = r.len().map_err(corrupt)?;
        let nodes_json = r.bytes(n).map_err(corrupt)?;
        // The nodes go straight into the graph, sized first: growing a
        // vector of 300,000 nodes, then moving it into the graph, copied it
        // into fresh pages again and again (page faults were most of the load
        // time at 50k documents). Every node object opens with its `key`,
        // and `{"key":` cannot stand inside a JSON string (its quotes would
        // be escaped), so counting it counts the nodes.
        let expected = memchr::memmem::find_iter(nodes_json, NODE_OPENING).count();
        let mut g: DiGraph<Node, Edge> = DiGraph::with_capacity(expected, 0);
        let mut de = serde_json::Deserializer::from_slice(nodes_json);
        serde::de::DeserializeSeed::deserialize(NodesInto(&mut g), &mut de)
            .and_then(|()| de.end())
            .map_err(|source| GraphError::Json {
                path: path.to_path_buf(),
                source,
            })?;
        let node_count = g.node_count();
        let statement_count = r.len().map_err(corrupt)?;
        // A statement takes at least 5 bytes (flags and length).
        let mut statements = Vec::with_capacity(statement_count.min(r.buf.len() / 5));
        for _ in 0..statement_count {
            statements.push(r.statement().map_err(corrupt)?);
        }
        let edge_count = r.len().map_err(corrupt)?;
        // An edge takes at least 17 bytes.
        g.reserve_edges(edge_count.min(r.buf.len() / 17));
        let mut read_edges = || -> Result<(), String> {
            for _ in 0..edge_count {
                let from = r.node(node_count)?;
                let to = r.node(node_count)?;
                let code = r.u8()?;
                let kind = kind_of(code).ok_or_else(|| format!("unknown edge kind {code}"))?;
                let mentions = r.u32()?;
                let k = r.u32()? as usize;
                if k > r.buf.len() - r.at {
                    return Err(format!("impossible evidence count {k}"));
                }
                let mut evidence = Vec::with_capacity(k);
                for _ in 0..k {
                    evidence.push(r.evidence(node_count, &statements)?);
                }
                g.add_edge(
                    NodeIndex::new(from as usize),
                    NodeIndex::new(to as usize),
                    Edge {
                        kind,
                        mentions,
                        evidence,
                    },
                );
            }
            if r.at != r.buf.len() {
                return Err(format!("{} bytes after the last edge", r.buf.len() - r.at));
            }
            Ok(())
        };
        read_edges().map_err(corrupt)?;
        Ok(Graph::from_parts(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testutil::gold_graph;

    #[test]
    fn nodes_are_counted_by_their_opening_even_when_a_name_quotes_it() {
        let mut g = gold_graph();
        let first = g.g.node_indices().next().expect("a node");
        g.g[first].name = Some(r#"{"key":"x"} in a title"#.to_string());
        let json = serde_json::to_vec(&g.g.node_weights().collect::<Vec<_>>()).expect("json");
        let counted = memchr::memmem::find_iter(&json, NODE_OPENING).count();
        assert_eq!(counted, g.node_count());
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(Graph::FILE);
        g.save(&path).expect("save");
        let h = Graph::load(&path).expect("load");
        assert_eq!(g.nodes().collect::<Vec<_>>(), h.nodes().collect::<Vec<_>>());
    }

    #[test]
    fn round_trip_keeps_answers() {
        let mut g = gold_graph();
        // Evidence of every shape: a sentence with and without a section.
        let first = g.g.edge_indices().next().expect("an edge");
        for section in [Some("IV. PHÂN CÔNG › 7.".to_string()), None] {
            g.g[first].evidence.push(EdgeEvidence {
                doc: 0,
                span: Some([3, 40]),
                statement: Some(Arc::new(Statement {
                    sentence: "Thực hiện Kết luận số 21-KL/TW …".into(),
                    section,
                })),
            });
        }
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
        // Every edge with its evidence (spans, sentences, sections) survives.
        let edges = |g: &Graph| {
            g.g.edge_indices()
                .map(|e| (g.g.edge_endpoints(e), g.g[e].clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(edges(&g), edges(&h));
        assert!(edges(&h)
            .iter()
            .any(|(_, e)| e.evidence.iter().any(|ev| ev.sentence().is_some())));
        assert!(!dir.path().join("graph.bin.tmp").exists());
    }

    #[test]
    fn refuses_other_versions_and_broken_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(Graph::FILE);
        let good = {
            gold_graph().save(&path).expect("save");
            std::fs::read(&path).expect("read")
        };
        let with_version = |v: u32| {
            let mut b = good.clone();
            b[8..12].copy_from_slice(&v.to_le_bytes());
            b
        };
        let mut bad_node = good.clone();
        // The first edge's `from`, just after the node count and the edge count.
        let n = u64::from_le_bytes(good[12..20].try_into().expect("8 bytes")) as usize;
        // The gold graph states no sentences: the statement table is empty.
        let statements = u64::from_le_bytes(good[20 + n..28 + n].try_into().expect("8 bytes"));
        assert_eq!(statements, 0);
        let first_edge = 28 + n + 8;
        bad_node[first_edge..first_edge + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let mut trailing = good.clone();
        trailing.push(0);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("version 1", with_version(1), "format version 1"),
            ("version 99", with_version(99), "format version 99"),
            (
                "not ours",
                b"{\"format_version\": 1}".to_vec(),
                "not a vanban graph",
            ),
            ("empty", Vec::new(), "not a vanban graph"),
            ("truncated", good[..good.len() - 3].to_vec(), "truncated"),
            ("bad node", bad_node, "refers to node"),
            ("trailing", trailing, "after the last edge"),
        ];
        for (name, bytes, want) in cases {
            std::fs::write(&path, &bytes).expect("write");
            match Graph::load(&path) {
                Err(e) => assert!(e.to_string().contains(want), "{name}: {e}"),
                Ok(_) => panic!("{name} loaded"),
            }
        }
        let missing = Graph::load(&dir.path().join("none.bin"));
        assert!(matches!(missing, Err(GraphError::Io { .. })));
    }

    #[test]
    fn old_graph_json_asks_for_a_rebuild() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join(Graph::OLD_FILE),
            r#"{"format_version": 1, "nodes": [], "edges": []}"#,
        )
        .expect("write");
        let err = Graph::load(&dir.path().join(Graph::FILE)).expect_err("old format");
        let msg = err.to_string();
        assert!(matches!(err, GraphError::Version { .. }), "{msg}");
        assert!(
            msg.contains("graph.json") && msg.contains("vanban index"),
            "{msg}"
        );
    }
}
