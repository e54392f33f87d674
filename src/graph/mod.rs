//! The implementation graph: which documents implement, continue, cite and are
//! attached to which.
//!
//! Built from extracted [`Record`](crate::extract::Record)s only (never from text or the index):
//! [`GraphBuilder::add`] one record per corpus document, [`GraphBuilder::finish`],
//! then [`Graph::save`] beside the tantivy index (`graph.bin`, [`store`]); `serve`
//! calls [`Graph::load`].
//!
//! **Nodes** are corpus documents plus documents that are only referenced,
//! carrying what the citations say about them (ref, type, date, issuer, name).
//! Which mentions are the same document is decided in [`key`] (numbers are
//! reused: every term restarts them and every province has its own `65-KH/TU`).
//!
//! **Edges** ([`RelationKind`]): `implements` (a record's `implements`), `cites`
//! (its `citations`), and `implements` / `continues` / `attached_to` stated by a
//! record's `relations` between other documents. Each edge keeps the evidence of
//! every document that states it: the stating document, the byte span and, for
//! `implements` / `continues` / `attached_to`, the sentence. `cites` edges keep
//! only the span of the first mention (callers fetch the text) so the graph stays
//! small at tens of thousands of documents.
//!
//! **Queries** ([`query`]): implementers of a reference (direct and transitive),
//! the chain upward from a document, the neighbourhood of a node, counts, and the
//! citations of one document. **Exports** ([`export`]): json, dot, mermaid,
//! graphml and an in-process svg.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::extract::{DocType, RelationKind};

pub mod build;
pub mod coverage;
pub mod export;
pub mod key;
pub mod neighbours;
pub mod query;
pub mod store;

pub use build::GraphBuilder;
pub use export::Format;
pub use query::{
    Chain, CitationOut, Counts, DocumentCitations, EvidenceOut, Hop, Implementer, Implementers,
    ImplementersOptions, NodeSummary, PathOut, Subgraph,
};

/// Everything that can go wrong building, loading or querying the graph.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("cannot read or write graph file {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("graph file {path} is not valid: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error(
        "graph file {path} has format version {found}, this vanban reads version {expected}; \
         rebuild it with `vanban index`"
    )]
    Version {
        path: PathBuf,
        found: String,
        expected: u32,
    },
    #[error("graph file {path} is inconsistent: {message}")]
    Corrupt { path: PathBuf, message: String },
    /// No node carries or is cited as this reference.
    #[error(
        "no document or citation matches `{reference}`{}",
        did_you_mean(suggestions)
    )]
    UnknownReference {
        reference: String,
        /// The closest known references (edit distance on lookup keys), best first.
        suggestions: Vec<String>,
    },
    /// No corpus document (or node key) with this id.
    #[error("no document with id `{id}`{}", did_you_mean(suggestions))]
    UnknownDocument {
        id: String,
        suggestions: Vec<String>,
    },
    /// A neighbourhood depth outside `0..=max`.
    #[error("depth {depth} is out of range (0 to {max})")]
    InvalidDepth { depth: usize, max: usize },
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// Where a referenced document's number is valid: numbers are unique only
/// within a scope (and, inside it, a date).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Scope {
    /// A central body's reference (`/TW`, `-CP`, `-TTg`, `/BCT`, `/BBT`).
    Central,
    /// A local reference scoped to a province (the display name, `Kiên Giang`).
    Province(String),
    /// A local reference cited by a document whose province is unknown, or a
    /// document named without a number: scoped to that one document (its id).
    Document(String),
}

/// One node: a corpus document, or a document known only from citations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable key, unique in the graph: the corpus id for corpus documents,
    /// `21-KL/TW@2021-10-25`, `65-KH/TU@kien-giang@2022-01-12`,
    /// `65-KH/TU@doc:001_…`, `name@001_…:Nghị quyết …` for the others.
    pub key: String,
    /// Corpus document id (`000_1ea4fda105d58d5d`); `None` for referenced-only nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The corpus document's `source` path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Normalised số/ký hiệu (the corpus document's `number`, or the cited ref).
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Name of a document cited without a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The corpus document's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub doc_type: DocType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    pub scope: Scope,
}

impl Node {
    /// True for a document of the corpus (it has an id and a source).
    pub fn is_corpus(&self) -> bool {
        self.id.is_some()
    }

    /// Short display text: the reference, else the name, else the corpus id
    /// (at most [`Node::LABEL_CHARS`] characters).
    pub fn label(&self) -> String {
        let full = self
            .reference
            .as_deref()
            .or(self.name.as_deref())
            .or(self.id.as_deref())
            .unwrap_or(self.key.as_str());
        truncate_chars(full, Self::LABEL_CHARS)
    }

    /// Longest label, in characters.
    pub const LABEL_CHARS: usize = 40;
}

/// Cut `s` to at most `max` characters, marking a cut with `…`.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Where an edge was stated. Kept small (24 bytes): a graph of tens of
/// thousands of documents has millions of `cites` edges, which carry only a span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "EvidenceWire", into = "EvidenceWire")]
pub struct EdgeEvidence {
    /// Node index of the stating corpus document.
    pub doc: u32,
    /// Byte span `[start, end)` in that document's normalised text.
    pub span: Option<[u32; 2]>,
    /// The sentence and section, for `implements` / `continues` / `attached_to`;
    /// shared by the edges one sentence states (and once per distinct sentence
    /// in `graph.bin`).
    pub statement: Option<Arc<Statement>>,
}

/// The sentence stating an edge, and the section it stands under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sentence: String,
    pub section: Option<String>,
}

impl EdgeEvidence {
    /// The span as `usize` offsets.
    pub fn span(&self) -> Option<[usize; 2]> {
        self.span.map(|[a, b]| [a as usize, b as usize])
    }

    /// The sentence, if one was kept.
    pub fn sentence(&self) -> Option<&str> {
        self.statement.as_ref().map(|s| s.sentence.as_str())
    }

    /// The section path, if known.
    pub fn section(&self) -> Option<&str> {
        self.statement.as_ref().and_then(|s| s.section.as_deref())
    }
}

/// How [`EdgeEvidence`] is written in JSON (`graph.json` of format 1, exports).
#[derive(Serialize, Deserialize)]
struct EvidenceWire {
    doc: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    span: Option<[u32; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sentence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    section: Option<String>,
}

impl From<EvidenceWire> for EdgeEvidence {
    fn from(w: EvidenceWire) -> Self {
        let statement = match (w.sentence, w.section) {
            (None, None) => None,
            (sentence, section) => Some(Arc::new(Statement {
                sentence: sentence.unwrap_or_default(),
                section,
            })),
        };
        EdgeEvidence {
            doc: w.doc,
            span: w.span,
            statement,
        }
    }
}

impl From<EdgeEvidence> for EvidenceWire {
    fn from(e: EdgeEvidence) -> Self {
        let (sentence, section) = match e.statement {
            Some(s) => (
                Some(s.sentence.clone()).filter(|s| !s.is_empty()),
                s.section.clone(),
            ),
            None => (None, None),
        };
        EvidenceWire {
            doc: e.doc,
            span: e.span,
            sentence,
            section,
        }
    }
}

/// An edge `from → to` of one kind, with the evidence of every document stating it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub kind: RelationKind,
    /// For `cites`: how many times the citing document mentions the target.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub mentions: u32,
    pub evidence: Vec<EdgeEvidence>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The built graph, loaded at `serve` start. Immutable once built.
#[derive(Debug, Default)]
pub struct Graph {
    pub(crate) g: DiGraph<Node, Edge>,
    /// Corpus id → node.
    pub(crate) by_id: HashMap<String, NodeIndex>,
    /// Node key → node.
    pub(crate) by_key: HashMap<String, NodeIndex>,
    /// [`key::ref_key`] → every node carrying that reference.
    pub(crate) by_ref: HashMap<String, Vec<NodeIndex>>,
}

impl Graph {
    /// File name of the persisted graph inside an index generation (see [`store`]).
    pub const FILE: &'static str = "graph.bin";

    /// Build from nodes and edges, creating the lookup tables.
    pub(crate) fn from_parts(g: DiGraph<Node, Edge>) -> Graph {
        let mut by_id = HashMap::new();
        let mut by_key = HashMap::with_capacity(g.node_count());
        let mut by_ref: HashMap<String, Vec<NodeIndex>> = HashMap::new();
        for ix in g.node_indices() {
            let n = &g[ix];
            if let Some(id) = &n.id {
                by_id.insert(id.clone(), ix);
            }
            by_key.insert(n.key.clone(), ix);
            if let Some(r) = &n.reference {
                by_ref.entry(key::ref_key(r)).or_default().push(ix);
            }
        }
        Graph {
            g,
            by_id,
            by_key,
            by_ref,
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.g.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.g.edge_count()
    }

    /// Every node, in index order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.g.node_weights()
    }

    /// The node of a corpus document.
    pub fn node_by_id(&self, id: &str) -> Option<&Node> {
        self.by_id.get(id).map(|&ix| &self.g[ix])
    }

    /// Every node carrying a reference (tolerant lookup, see [`key::ref_key`]).
    pub fn nodes_by_ref(&self, reference: &str) -> Vec<&Node> {
        self.by_ref
            .get(&key::ref_key(reference))
            .map(|v| v.iter().map(|&ix| &self.g[ix]).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    //! Gold records as graph input for the unit tests.
    use super::*;
    use crate::extract::Record;

    /// Every gold record with its corpus id (`000_1ea4fda105d58d5d`).
    pub fn gold_records() -> Vec<(String, Record)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("tests/gold exists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("gold readable");
                let rec: Record = serde_json::from_str(&text).expect("gold parses as Record");
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                (crate::pipeline::doc_id(name), rec)
            })
            .collect()
    }

    pub fn gold_graph() -> Graph {
        let mut b = GraphBuilder::new();
        for (id, rec) in gold_records() {
            b.add(&id, &rec);
        }
        b.finish()
    }
}
