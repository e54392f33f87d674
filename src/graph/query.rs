//! Graph questions, answered with their evidence: implementers of a reference,
//! the chain upward from a document, the neighbourhood of a node, counts, and
//! the citations of a document.
//!
//! **Which edges are followed transitively.** "X implements Y" is followed
//! through `implements` edges (a record's own `implements` and the `implements`
//! relations it states between other documents) and `continues` edges
//! (`54-KL/TW` *tiếp tục thực hiện* `99-QĐ/TW`: carrying out 54-KL/TW carries
//! 99-QĐ/TW on). `cites` and `attached_to` are never followed: a mention is not
//! an implementation, and a plan attached to a decision is issued by it, not
//! carrying it out.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use chrono::NaiveDate;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::{Deserialize, Serialize};

use crate::extract::{DocType, RelationKind};

use super::key::{edit_distance, ref_key};
use super::{EdgeEvidence, Graph, GraphError, Node, Scope};

/// Longest implementation path followed (edges).
pub const MAX_CHAIN_DEPTH: usize = 8;
/// Most statements given per hop of an implementer's path (`evidence_total`
/// counts them all; [`Graph::chain`] of a document gives every one).
pub const MAX_HOP_EVIDENCE: usize = 3;
/// Most paths reported per implementer (shortest first).
pub const MAX_PATHS_PER_NODE: usize = 16;
/// Most paths enumerated by one query, a guard against dense graphs.
const MAX_PATHS_TOTAL: usize = 20_000;
/// Deepest neighbourhood `subgraph` accepts.
pub const MAX_DEPTH: usize = 5;
/// Most nodes `subgraph` returns; beyond it the answer says `truncated`.
pub const MAX_SUBGRAPH_NODES: usize = 1_000;
/// Most suggestions given for an unknown reference.
const MAX_SUGGESTIONS: usize = 5;

/// Parse a comma-separated list of edge kinds (`implements,continues`).
pub fn parse_kinds(list: &str) -> Result<Vec<RelationKind>, String> {
    const ALL: [RelationKind; 4] = [
        RelationKind::Implements,
        RelationKind::Cites,
        RelationKind::Continues,
        RelationKind::AttachedTo,
    ];
    let mut kinds = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let k = ALL
            .into_iter()
            .find(|k| k.slug() == part.to_ascii_lowercase())
            .ok_or_else(|| {
                format!("unknown edge kind `{part}` (expected implements, cites, continues or attached_to)")
            })?;
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    if kinds.is_empty() {
        return Err("no edge kind given".to_string());
    }
    Ok(kinds)
}

fn follows(kind: RelationKind) -> bool {
    matches!(kind, RelationKind::Implements | RelationKind::Continues)
}

/// Implementers found by [`Graph::reach`]: node → (distance, the edge leaving
/// it on one shortest path).
pub(super) type Reach = HashMap<NodeIndex, (usize, EdgeIndex)>;

/// What a node is, for answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeSummary {
    pub key: String,
    /// Corpus id, `null` for referenced-only documents.
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub label: String,
    pub doc_type: DocType,
    pub date: Option<NaiveDate>,
    pub issuer: Option<String>,
    pub province: Option<String>,
    pub scope: Scope,
}

impl NodeSummary {
    /// The summary of one node.
    pub fn of(n: &Node) -> Self {
        NodeSummary {
            key: n.key.clone(),
            id: n.id.clone(),
            source: n.source.clone(),
            reference: n.reference.clone(),
            name: n.name.clone(),
            title: n.title.clone(),
            label: n.label(),
            doc_type: n.doc_type,
            date: n.date,
            issuer: n.issuer.clone(),
            province: n.province.clone(),
            scope: n.scope.clone(),
        }
    }
}

/// One node on a path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathNode {
    pub key: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Where a statement was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceOut {
    /// Corpus id of the document that states it.
    pub doc: String,
    pub source: Option<String>,
    /// Byte span in that document's normalised text (`null` when unknown).
    pub span: Option<[usize; 2]>,
    /// The sentence; for `cites` edges the graph keeps only the span, and
    /// `/api/documents/{id}/citations` fills the sentence from the stored text.
    pub sentence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// One edge of a path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    pub from: String,
    pub to: String,
    pub kind: RelationKind,
    /// Where the edge is stated. In implementers answers at most
    /// [`MAX_HOP_EVIDENCE`], the implementer's own statements first (an edge
    /// between two central documents may be stated by hundreds of plans).
    pub evidence: Vec<EvidenceOut>,
    /// How many documents state the edge in all.
    #[serde(default)]
    pub evidence_total: usize,
}

/// A path: nodes in order and the edges between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathOut {
    pub nodes: Vec<PathNode>,
    pub hops: Vec<Hop>,
}

/// What [`Graph::implementers_with`] returns: which implementers and which paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImplementersOptions {
    /// Follow implements/continues edges through other documents.
    pub transitive: bool,
    /// Every path of each returned implementer (at most [`MAX_PATHS_PER_NODE`],
    /// shortest first) instead of its shortest path only.
    pub all_paths: bool,
    /// Implementers skipped at the start of each list.
    pub offset: usize,
    /// Most implementers returned per list; `None` for all.
    pub limit: Option<usize>,
}

/// A document implementing the asked reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Implementer {
    pub key: String,
    /// Corpus id (`null` for referenced-only documents).
    pub id: Option<String>,
    pub source: Option<String>,
    pub number: Option<String>,
    pub province: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    /// True when one of its paths is a single edge.
    pub direct: bool,
    /// The shortest path, from this document to the asked one.
    pub path: Vec<PathNode>,
    /// Evidence of the shortest path's first edge.
    pub evidence: Option<EvidenceOut>,
    /// The shortest path with the evidence of every hop; every path (shortest
    /// first, at most [`MAX_PATHS_PER_NODE`]) when all paths were asked.
    pub paths: Vec<PathOut>,
}

/// Answer of [`Graph::implementers`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Implementers {
    /// The reference as asked.
    #[serde(rename = "ref")]
    pub reference: String,
    pub transitive: bool,
    /// Every document the reference names (several when the number is reused:
    /// their date, issuer and scope tell them apart).
    pub targets: Vec<NodeSummary>,
    /// Corpus documents implementing it, in all.
    pub total: usize,
    /// Documents outside the corpus implementing it, in all.
    pub referenced_total: usize,
    /// Implementers skipped at the start of each list (paging).
    pub offset: usize,
    /// True when `paths` holds every path, not only the shortest.
    pub all_paths: bool,
    /// Corpus documents implementing it (this page): direct first, then by
    /// path length, then by key.
    pub implementers: Vec<Implementer>,
    /// Documents outside the corpus that the corpus says implement it
    /// (`03-KH/TW`, a province's `65-KH/TU`), paged like `implementers`.
    pub referenced_implementers: Vec<Implementer>,
}

/// Answer of [`Graph::chain`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chain {
    pub start: NodeSummary,
    /// Paths from `start` up to each root, shortest first.
    pub paths: Vec<PathOut>,
    /// Documents at the top: implemented, implementing nothing themselves.
    pub roots: Vec<NodeSummary>,
}

/// Answer of [`Graph::counts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub nodes: usize,
    /// Corpus documents.
    pub documents: usize,
    /// Documents known only from citations.
    pub referenced: usize,
    pub edges: usize,
    /// Edges per kind (`implements`, `cites`, `continues`, `attached_to`).
    pub edges_by_kind: BTreeMap<String, usize>,
}

/// One citation of a document (or of it, for `cited_by`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitationOut {
    pub document: NodeSummary,
    pub mentions: u32,
    /// The citing document also implements it.
    pub implements: bool,
    pub evidence: Vec<EvidenceOut>,
}

/// Answer of [`Graph::citations`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentCitations {
    pub document: NodeSummary,
    /// What it cites, in the order of first mention.
    pub citations: Vec<CitationOut>,
    /// Corpus documents citing it.
    pub cited_by: Vec<CitationOut>,
}

/// The neighbourhood of some nodes: see [`Graph::subgraph`]; rendered by
/// [`super::export`].
#[derive(Debug, Clone)]
pub struct Subgraph<'g> {
    pub(crate) graph: &'g Graph,
    /// The nodes the query named.
    pub roots: Vec<NodeIndex>,
    /// Every node with its distance from the nearest root, in BFS order.
    pub nodes: Vec<(NodeIndex, usize)>,
    /// Every edge between two returned nodes.
    pub edges: Vec<EdgeIndex>,
    /// True when [`MAX_SUBGRAPH_NODES`] cut the neighbourhood short.
    pub truncated: bool,
}

impl Graph {
    fn summary(&self, ix: NodeIndex) -> NodeSummary {
        NodeSummary::of(&self.g[ix])
    }

    fn path_node(&self, ix: NodeIndex) -> PathNode {
        let n = &self.g[ix];
        PathNode {
            key: n.key.clone(),
            label: n.label(),
            id: n.id.clone(),
            reference: n.reference.clone(),
        }
    }

    pub(crate) fn evidence_out(&self, e: &EdgeEvidence) -> EvidenceOut {
        let doc = self.g.node_weight(NodeIndex::new(e.doc as usize));
        EvidenceOut {
            doc: doc
                .and_then(|n| n.id.clone())
                .unwrap_or_else(|| e.doc.to_string()),
            source: doc.and_then(|n| n.source.clone()),
            span: e.span(),
            sentence: e.sentence().map(str::to_string),
            section: e.section().map(str::to_string),
        }
    }

    /// One edge with its evidence: all of it, or with `cap` at most that many
    /// statements, those of the document `first` (the implementer asked
    /// about) first. `evidence_total` counts them all.
    fn hop(&self, e: EdgeIndex, cap: Option<(usize, NodeIndex)>) -> Option<Hop> {
        let (a, b) = self.g.edge_endpoints(e)?;
        let w = &self.g[e];
        let evidence = match cap {
            Some((n, first)) if w.evidence.len() > n => {
                let own = |ev: &&EdgeEvidence| ev.doc as usize == first.index();
                w.evidence
                    .iter()
                    .filter(own)
                    .chain(w.evidence.iter().filter(|ev| !own(ev)))
                    .take(n)
                    .map(|ev| self.evidence_out(ev))
                    .collect()
            }
            _ => w.evidence.iter().map(|ev| self.evidence_out(ev)).collect(),
        };
        Some(Hop {
            from: self.g[a].key.clone(),
            to: self.g[b].key.clone(),
            kind: w.kind,
            evidence,
            evidence_total: w.evidence.len(),
        })
    }

    /// A path given as edges in order, every hop with all its evidence.
    fn path_out(&self, edges: &[EdgeIndex]) -> PathOut {
        self.path_out_capped(edges, None)
    }

    /// A path given as edges in order; see [`Graph::hop`] for `cap`.
    fn path_out_capped(&self, edges: &[EdgeIndex], cap: Option<(usize, NodeIndex)>) -> PathOut {
        let mut nodes = Vec::with_capacity(edges.len() + 1);
        let mut hops = Vec::with_capacity(edges.len());
        for (i, &e) in edges.iter().enumerate() {
            if let Some((a, b)) = self.g.edge_endpoints(e) {
                if i == 0 {
                    nodes.push(self.path_node(a));
                }
                nodes.push(self.path_node(b));
            }
            hops.extend(self.hop(e, cap));
        }
        PathOut { nodes, hops }
    }

    /// Every node a query string names: a corpus id, a node key, or a
    /// reference (tolerant: `21-kl/tw`, `21 KL/TW`, `99-QD/TW`).
    pub fn resolve(&self, query: &str) -> Result<Vec<NodeIndex>, GraphError> {
        let q = query.trim();
        if let Some(&ix) = self.by_id.get(q) {
            return Ok(vec![ix]);
        }
        // A node key with a scope or date (`21-KL/TW@2021-10-25`) names one node.
        // A plain reference names every node carrying it: an undated node's key
        // is the bare reference, and must not hide its dated namesakes.
        if q.contains('@') {
            if let Some(&ix) = self.by_key.get(q) {
                return Ok(vec![ix]);
            }
        }
        match self.by_ref.get(&ref_key(q)) {
            Some(v) if !v.is_empty() => Ok(v.clone()),
            _ if self.by_key.contains_key(q) => {
                Ok(self.by_key.get(q).into_iter().copied().collect())
            }
            _ => Err(GraphError::UnknownReference {
                reference: q.to_string(),
                suggestions: self.suggest_refs(q),
            }),
        }
    }

    /// The known references closest to `query` (edit distance on lookup keys).
    pub fn suggest_refs(&self, query: &str) -> Vec<String> {
        let qk = ref_key(query);
        let qlen = qk.chars().count();
        let limit = (qlen / 2).max(3);
        let mut scored: Vec<(usize, &str, String)> = self
            .by_ref
            .iter()
            .filter(|(k, _)| k.chars().count().abs_diff(qlen) <= limit)
            .filter_map(|(k, nodes)| {
                let d = edit_distance(&qk, k);
                let display = nodes.first().and_then(|&ix| self.g[ix].reference.clone())?;
                (d <= limit).then_some((d, k.as_str(), display))
            })
            .collect();
        scored.sort();
        scored
            .into_iter()
            .map(|(_, _, d)| d)
            .take(MAX_SUGGESTIONS)
            .collect()
    }

    /// Corpus ids closest to `query` (prefix matches first, then edit distance).
    pub fn suggest_ids(&self, query: &str) -> Vec<String> {
        let q = query.trim();
        let mut scored: Vec<(usize, &String)> = self
            .by_id
            .keys()
            .filter_map(|id| {
                if !q.is_empty() && id.starts_with(q) {
                    Some((0, id))
                } else {
                    let d = edit_distance(q, id);
                    (d <= 3).then_some((d, id))
                }
            })
            .collect();
        scored.sort();
        scored
            .into_iter()
            .map(|(_, id)| id.clone())
            .take(MAX_SUGGESTIONS)
            .collect()
    }

    /// Documents implementing `reference`: directly (one `implements` or
    /// `continues` edge) or, with `transitive`, through other documents
    /// (`001 → 65-KH/TU → 21-KL/TW`). Every implementer, each with its shortest
    /// path and that path's evidence; see [`Graph::implementers_with`] for pages
    /// and every path.
    pub fn implementers(
        &self,
        reference: &str,
        transitive: bool,
    ) -> Result<Implementers, GraphError> {
        self.implementers_with(
            reference,
            &ImplementersOptions {
                transitive,
                ..ImplementersOptions::default()
            },
        )
    }

    /// [`Graph::implementers`] with paging and a choice of paths.
    ///
    /// One breadth-first walk up the incoming `implements` / `continues` edges
    /// finds every implementer with its distance and one shortest path; they are
    /// ordered (direct first, then by path length, then by key) and only the page
    /// asked for is turned into answers. With [`ImplementersOptions::all_paths`],
    /// the paths of the page's implementers are enumerated (at most
    /// [`MAX_PATHS_PER_NODE`] each, shortest first).
    pub fn implementers_with(
        &self,
        reference: &str,
        opts: &ImplementersOptions,
    ) -> Result<Implementers, GraphError> {
        let targets = self.resolve(reference)?;
        let max_depth = if opts.transitive { MAX_CHAIN_DEPTH } else { 1 };
        let pred = self.reach(&targets, max_depth);
        let mut corpus: Vec<(usize, &str, NodeIndex)> = Vec::new();
        let mut others: Vec<(usize, &str, NodeIndex)> = Vec::new();
        for (&ix, &(depth, _)) in &pred {
            let n = &self.g[ix];
            let list = if n.is_corpus() {
                &mut corpus
            } else {
                &mut others
            };
            list.push((depth, n.key.as_str(), ix));
        }
        // Direct first, then shorter paths, then by key (the order of earlier versions).
        corpus.sort_unstable();
        others.sort_unstable();
        let page = |list: &[(usize, &str, NodeIndex)]| -> Vec<Implementer> {
            list.iter()
                .skip(opts.offset)
                .take(opts.limit.unwrap_or(usize::MAX))
                .map(|&(_, _, ix)| self.implementer(ix, &pred, &targets, max_depth, opts.all_paths))
                .collect()
        };
        Ok(Implementers {
            reference: reference.trim().to_string(),
            transitive: opts.transitive,
            targets: targets.iter().map(|&t| self.summary(t)).collect(),
            total: corpus.len(),
            referenced_total: others.len(),
            offset: opts.offset,
            all_paths: opts.all_paths,
            implementers: page(&corpus),
            referenced_implementers: page(&others),
        })
    }

    /// Every node implementing one of `targets` through at most `max_depth`
    /// `implements` / `continues` edges (one breadth-first walk up the incoming
    /// edges), with its distance and the edge leaving it on one shortest path.
    pub(super) fn reach(&self, targets: &[NodeIndex], max_depth: usize) -> Reach {
        let mut pred: Reach = HashMap::new();
        let mut queue: VecDeque<(NodeIndex, usize)> = targets.iter().map(|&t| (t, 0)).collect();
        while let Some((node, depth)) = queue.pop_front() {
            if depth >= max_depth {
                continue;
            }
            for e in self.g.edges_directed(node, Direction::Incoming) {
                if !follows(e.weight().kind) {
                    continue;
                }
                let src = e.source();
                if targets.contains(&src) || pred.contains_key(&src) {
                    continue;
                }
                pred.insert(src, (depth + 1, e.id()));
                queue.push_back((src, depth + 1));
            }
        }
        pred
    }

    /// One implementer's answer: its shortest path from `pred`, and every path
    /// when asked.
    pub(super) fn implementer(
        &self,
        ix: NodeIndex,
        pred: &HashMap<NodeIndex, (usize, EdgeIndex)>,
        targets: &[NodeIndex],
        max_depth: usize,
        all_paths: bool,
    ) -> Implementer {
        let mut shortest = Vec::new();
        let mut at = ix;
        while let Some(&(_, e)) = pred.get(&at) {
            shortest.push(e);
            match self.g.edge_endpoints(e) {
                Some((_, b)) if shortest.len() <= MAX_CHAIN_DEPTH => at = b,
                _ => break,
            }
        }
        let paths = if all_paths {
            let mut paths = Vec::new();
            let mut on_path = vec![ix];
            let mut edges = Vec::new();
            self.collect_to_targets(ix, max_depth, targets, &mut on_path, &mut edges, &mut paths);
            paths.sort_by_key(|p| p.len());
            paths.truncate(MAX_PATHS_PER_NODE);
            paths
        } else {
            vec![shortest]
        };
        let n = &self.g[ix];
        let cap = Some((MAX_HOP_EVIDENCE, ix));
        let outs: Vec<PathOut> = paths.iter().map(|p| self.path_out_capped(p, cap)).collect();
        let first = outs.first();
        Implementer {
            key: n.key.clone(),
            id: n.id.clone(),
            source: n.source.clone(),
            number: n.reference.clone(),
            province: n.province.clone(),
            date: n.date,
            title: n.title.clone(),
            issuer: n.issuer.clone(),
            direct: pred.get(&ix).is_some_and(|&(d, _)| d == 1),
            path: first.map(|p| p.nodes.clone()).unwrap_or_default(),
            evidence: first
                .and_then(|p| p.hops.first())
                .and_then(|h| h.evidence.first().cloned()),
            paths: outs,
        }
    }

    /// Walk outgoing implements/continues edges from `node` down to the targets,
    /// recording every simple path of at most `max_depth` edges that ends at
    /// the first target it meets.
    fn collect_to_targets(
        &self,
        node: NodeIndex,
        max_depth: usize,
        targets: &[NodeIndex],
        on_path: &mut Vec<NodeIndex>,
        edges: &mut Vec<EdgeIndex>,
        paths: &mut Vec<Vec<EdgeIndex>>,
    ) {
        for e in self.g.edges_directed(node, Direction::Outgoing) {
            if !follows(e.weight().kind) || paths.len() >= MAX_PATHS_TOTAL {
                continue;
            }
            let dst = e.target();
            if on_path.contains(&dst) {
                continue;
            }
            edges.push(e.id());
            if targets.contains(&dst) {
                paths.push(edges.clone());
            } else if edges.len() < max_depth {
                on_path.push(dst);
                self.collect_to_targets(dst, max_depth, targets, on_path, edges, paths);
                on_path.pop();
            }
            edges.pop();
        }
    }

    /// The chain upward from a document (corpus id, node key, or a reference
    /// naming one node) to its roots, through `implements` and `continues`.
    pub fn chain(&self, id: &str) -> Result<Chain, GraphError> {
        let start = self.resolve_document(id)?;
        let mut paths: Vec<Vec<EdgeIndex>> = Vec::new();
        let mut edges = Vec::new();
        let mut on_path = vec![start];
        self.collect_downstream(start, &mut on_path, &mut edges, &mut paths);
        paths.sort_by_key(|p| p.len());
        let mut roots = Vec::new();
        let mut seen = HashSet::new();
        for p in &paths {
            if let Some(&last) = p.last() {
                if let Some((_, b)) = self.g.edge_endpoints(last) {
                    if seen.insert(b) {
                        roots.push(self.summary(b));
                    }
                }
            }
        }
        Ok(Chain {
            start: self.summary(start),
            paths: paths.iter().map(|p| self.path_out(p)).collect(),
            roots,
        })
    }

    fn collect_downstream(
        &self,
        node: NodeIndex,
        on_path: &mut Vec<NodeIndex>,
        edges: &mut Vec<EdgeIndex>,
        paths: &mut Vec<Vec<EdgeIndex>>,
    ) {
        let mut extended = false;
        for e in self.g.edges_directed(node, Direction::Outgoing) {
            if !follows(e.weight().kind) || paths.len() >= MAX_PATHS_TOTAL {
                continue;
            }
            let dst = e.target();
            if on_path.contains(&dst) {
                continue;
            }
            extended = true;
            edges.push(e.id());
            if edges.len() >= MAX_CHAIN_DEPTH {
                paths.push(edges.clone());
            } else {
                on_path.push(dst);
                self.collect_downstream(dst, on_path, edges, paths);
                on_path.pop();
            }
            edges.pop();
        }
        if !extended && !edges.is_empty() {
            paths.push(edges.clone());
        }
    }

    /// The one node a document query names: corpus id, node key, or a
    /// reference carried by exactly one node.
    fn resolve_document(&self, id: &str) -> Result<NodeIndex, GraphError> {
        let q = id.trim();
        if let Some(&ix) = self.by_id.get(q) {
            return Ok(ix);
        }
        if q.contains('@') {
            if let Some(&ix) = self.by_key.get(q) {
                return Ok(ix);
            }
        }
        match self.by_ref.get(&ref_key(q)).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some(many) if !many.is_empty() => Err(GraphError::UnknownDocument {
                id: q.to_string(),
                suggestions: many.iter().map(|&ix| self.g[ix].key.clone()).collect(),
            }),
            _ => match self.by_key.get(q) {
                Some(&ix) => Ok(ix),
                None => Err(GraphError::UnknownDocument {
                    id: q.to_string(),
                    suggestions: self.suggest_ids(q),
                }),
            },
        }
    }

    /// The neighbourhood of `root` (id, node key or reference; every node a
    /// reused reference names) to `depth` edges, in both directions. `kinds`
    /// limits the edges followed and returned (all kinds when `None`).
    pub fn subgraph(
        &self,
        root: &str,
        depth: usize,
        kinds: Option<&[RelationKind]>,
    ) -> Result<Subgraph<'_>, GraphError> {
        if depth > MAX_DEPTH {
            return Err(GraphError::InvalidDepth {
                depth,
                max: MAX_DEPTH,
            });
        }
        let roots = self.resolve(root)?;
        let allowed = |k: RelationKind| kinds.is_none_or(|ks| ks.contains(&k));
        let mut dist: HashMap<NodeIndex, usize> = HashMap::new();
        let mut order = Vec::new();
        let mut queue = VecDeque::new();
        let mut truncated = false;
        for &r in &roots {
            if dist.insert(r, 0).is_none() {
                order.push((r, 0));
                queue.push_back(r);
            }
        }
        'bfs: while let Some(n) = queue.pop_front() {
            let d = dist.get(&n).copied().unwrap_or(0);
            if d >= depth {
                continue;
            }
            let mut next: Vec<NodeIndex> = self
                .g
                .edges_directed(n, Direction::Outgoing)
                .filter(|e| allowed(e.weight().kind))
                .map(|e| e.target())
                .chain(
                    self.g
                        .edges_directed(n, Direction::Incoming)
                        .filter(|e| allowed(e.weight().kind))
                        .map(|e| e.source()),
                )
                .collect();
            next.sort();
            next.dedup();
            for m in next {
                if dist.contains_key(&m) {
                    continue;
                }
                if order.len() >= MAX_SUBGRAPH_NODES {
                    truncated = true;
                    break 'bfs;
                }
                dist.insert(m, d + 1);
                order.push((m, d + 1));
                queue.push_back(m);
            }
        }
        // Edges between returned nodes, from their adjacency (not a scan of
        // the whole graph).
        let mut edges: Vec<EdgeIndex> = order
            .iter()
            .flat_map(|&(n, _)| self.g.edges_directed(n, Direction::Outgoing))
            .filter(|e| allowed(e.weight().kind) && dist.contains_key(&e.target()))
            .map(|e| e.id())
            .collect();
        edges.sort();
        Ok(Subgraph {
            graph: self,
            roots,
            nodes: order,
            edges,
            truncated,
        })
    }

    /// How many nodes and edges of each kind.
    pub fn counts(&self) -> Counts {
        let documents = self.g.node_weights().filter(|n| n.is_corpus()).count();
        let mut edges_by_kind = BTreeMap::new();
        for k in [
            RelationKind::Implements,
            RelationKind::Cites,
            RelationKind::Continues,
            RelationKind::AttachedTo,
        ] {
            edges_by_kind.insert(k.slug().to_string(), 0);
        }
        for w in self.g.edge_weights() {
            *edges_by_kind.entry(w.kind.slug().to_string()).or_default() += 1;
        }
        Counts {
            nodes: self.g.node_count(),
            documents,
            referenced: self.g.node_count() - documents,
            edges: self.g.edge_count(),
            edges_by_kind,
        }
    }

    /// What a corpus document cites (with the span of its first mention) and
    /// which corpus documents cite it.
    pub fn citations(&self, id: &str) -> Result<DocumentCitations, GraphError> {
        let ix = self
            .by_id
            .get(id.trim())
            .copied()
            .ok_or_else(|| GraphError::UnknownDocument {
                id: id.trim().to_string(),
                suggestions: self.suggest_ids(id),
            })?;
        let implemented: HashSet<NodeIndex> = self
            .g
            .edges_directed(ix, Direction::Outgoing)
            .filter(|e| e.weight().kind == RelationKind::Implements)
            .map(|e| e.target())
            .collect();
        let mut citations: Vec<(Option<usize>, CitationOut)> = self
            .g
            .edges_directed(ix, Direction::Outgoing)
            .filter(|e| e.weight().kind == RelationKind::Cites)
            .map(|e| {
                let w = e.weight();
                let first = w
                    .evidence
                    .iter()
                    .filter_map(|ev| ev.span())
                    .map(|s| s[0])
                    .min();
                (
                    first,
                    CitationOut {
                        document: self.summary(e.target()),
                        mentions: w.mentions,
                        implements: implemented.contains(&e.target()),
                        evidence: w.evidence.iter().map(|ev| self.evidence_out(ev)).collect(),
                    },
                )
            })
            .collect();
        // Spans first, in text order; then the rest in insertion order.
        citations.sort_by_key(|(s, _)| (s.is_none(), *s));
        let cited_by = self
            .g
            .edges_directed(ix, Direction::Incoming)
            .filter(|e| e.weight().kind == RelationKind::Cites)
            .map(|e| {
                let w = e.weight();
                let implements = self
                    .g
                    .edges_connecting(e.source(), ix)
                    .any(|x| x.weight().kind == RelationKind::Implements);
                CitationOut {
                    document: self.summary(e.source()),
                    mentions: w.mentions,
                    implements,
                    evidence: w.evidence.iter().map(|ev| self.evidence_out(ev)).collect(),
                }
            })
            .collect();
        Ok(DocumentCitations {
            document: self.summary(ix),
            citations: citations.into_iter().map(|(_, c)| c).collect(),
            cited_by,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testutil::gold_graph;

    const D000: &str = "000_1ea4fda105d58d5d";
    const D001: &str = "001_f48e0f285acd8aa3";
    const D002: &str = "002_2b1aea7b6ed069a4";
    const D003: &str = "003_e07fff3062a41059";
    const D004: &str = "004_720b4a823c11e609";

    fn labels(p: &[PathNode]) -> Vec<String> {
        p.iter()
            .map(|n| n.id.clone().unwrap_or_else(|| n.label.clone()))
            .collect()
    }

    fn ids(a: &Implementers) -> Vec<&str> {
        a.implementers
            .iter()
            .filter_map(|i| i.id.as_deref())
            .collect()
    }

    #[test]
    fn implementers_of_21_kl_tw() {
        let g = gold_graph();
        let a = g.implementers("21-KL/TW", true).expect("known");
        assert_eq!(ids(&a), [D000, D001]);
        assert_eq!(a.total, 2);
        // By default only the shortest path, with its evidence.
        let i001 = &a.implementers[1];
        assert!(i001.direct);
        assert_eq!(i001.paths.len(), 1);
        assert_eq!(labels(&i001.path), [D001, "21-KL/TW"]);
        assert_eq!(labels(&i001.paths[0].nodes), [D001, "21-KL/TW"]);
        assert!(i001.paths[0].hops.iter().all(|h| !h.evidence.is_empty()));
        // Every path on request.
        let all = ImplementersOptions {
            transitive: true,
            all_paths: true,
            ..ImplementersOptions::default()
        };
        let a = g.implementers_with("21-KL/TW", &all).expect("known");
        let i001 = &a.implementers[1];
        let paths: Vec<Vec<String>> = i001.paths.iter().map(|p| labels(&p.nodes)).collect();
        assert!(
            paths.contains(&vec![D001.into(), "21-KL/TW".into()]),
            "{paths:?}"
        );
        assert!(
            paths.contains(&vec![D001.into(), "65-KH/TU".into(), "21-KL/TW".into()]),
            "{paths:?}"
        );
        // The evidence names the document that states each edge.
        assert_eq!(i001.evidence.as_ref().map(|e| e.doc.as_str()), Some(D001));
        // Referenced-only implementers: 03-KH/TW (000) and 001's 65-KH/TU.
        let refs: Vec<_> = a
            .referenced_implementers
            .iter()
            .filter_map(|i| i.number.as_deref())
            .collect();
        assert!(
            refs.contains(&"03-KH/TW") && refs.contains(&"65-KH/TU"),
            "{refs:?}"
        );
        // Without --transitive the paths are single edges.
        let a = g.implementers("21-KL/TW", false).expect("known");
        assert_eq!(ids(&a), [D000, D001]);
        assert!(a
            .implementers
            .iter()
            .all(|i| i.direct && i.paths.iter().all(|p| p.hops.len() == 1)));
    }

    #[test]
    fn implementers_pages_keep_order_and_total() {
        let g = gold_graph();
        let whole = g.implementers("21-KL/TW", true).expect("known");
        let mut seen = Vec::new();
        let mut seen_refs = Vec::new();
        for offset in 0..4 {
            let opts = ImplementersOptions {
                transitive: true,
                offset,
                limit: Some(1),
                ..ImplementersOptions::default()
            };
            let a = g.implementers_with("21-KL/TW", &opts).expect("known");
            assert_eq!(a.total, whole.total, "offset {offset}");
            assert_eq!(a.referenced_total, whole.referenced_total);
            assert_eq!(a.offset, offset);
            assert!(a.implementers.len() <= 1);
            seen.extend(a.implementers);
            seen_refs.extend(a.referenced_implementers);
        }
        assert_eq!(seen, whole.implementers);
        assert_eq!(seen_refs, whole.referenced_implementers);
    }

    #[test]
    fn shortest_path_is_the_first_of_all_paths() {
        // For every gold reference, the default answer's path is as short as the
        // shortest of all paths, every hop has evidence, and the sets agree.
        let g = gold_graph();
        for r in ["21-KL/TW", "99-QĐ/TW", "28-NQ/TW", "12-NQ/TW", "54-KL/TW"] {
            let short = g.implementers(r, true).expect("known");
            let all = g
                .implementers_with(
                    r,
                    &ImplementersOptions {
                        transitive: true,
                        all_paths: true,
                        ..ImplementersOptions::default()
                    },
                )
                .expect("known");
            assert_eq!(ids(&short), ids(&all), "{r}");
            for (s, a) in short.implementers.iter().zip(&all.implementers) {
                assert_eq!(s.paths.len(), 1, "{r}");
                assert_eq!(s.path.len(), a.paths[0].nodes.len(), "{r} {}", s.key);
                assert_eq!(s.direct, a.direct, "{r}");
                assert!(s.paths[0].hops.iter().all(|h| !h.evidence.is_empty()));
                assert!(s.evidence.is_some(), "{r} {}", s.key);
            }
        }
    }

    #[test]
    fn hop_evidence_is_capped_with_the_implementers_own_first() {
        let mut g = gold_graph();
        let d001 = g.by_id[D001];
        let target = g.resolve("21-KL/TW").expect("known")[0];
        let e =
            g.g.find_edge(d001, target)
                .expect("001 implements 21-KL/TW");
        let before = g.g[e].evidence.len();
        let own = g.g[e].evidence[0].clone();
        // Five other documents state the same edge, before 001's own statement.
        let others: Vec<EdgeEvidence> = (0..5)
            .map(|i| EdgeEvidence {
                doc: g.by_id[D000].index() as u32,
                span: Some([i, i + 1]),
                statement: None,
            })
            .collect();
        g.g[e].evidence.splice(0..0, others);
        let a = g.implementers("21-KL/TW", true).expect("known");
        let i001 = a
            .implementers
            .iter()
            .find(|i| i.id.as_deref() == Some(D001));
        let hop = &i001.expect("001 listed").paths[0].hops[0];
        assert_eq!(hop.evidence_total, before + 5);
        assert_eq!(hop.evidence.len(), MAX_HOP_EVIDENCE);
        assert_eq!(hop.evidence[0].doc, D001);
        assert_eq!(hop.evidence[0].span, own.span());
        // The chain of 001 keeps every statement.
        let c = g.chain(D001).expect("known");
        let hop = c
            .paths
            .iter()
            .flat_map(|p| &p.hops)
            .find(|h| h.from == g.g[d001].key && h.to == g.g[target].key)
            .expect("edge in chain");
        assert_eq!(hop.evidence.len(), before + 5);
    }

    #[test]
    fn implementers_99_reaches_004_through_plan_and_conclusion() {
        let g = gold_graph();
        let a = g.implementers("99-QĐ/TW", true).expect("known");
        assert_eq!(ids(&a), [D004]);
        let i = &a.implementers[0];
        assert!(!i.direct);
        assert_eq!(
            labels(&i.path),
            [D004, "2323-CV/TU", "54-KL/TW", "99-QĐ/TW"]
        );
        let kinds: Vec<_> = i.paths[0].hops.iter().map(|h| h.kind).collect();
        assert_eq!(
            kinds,
            [
                RelationKind::Implements,
                RelationKind::Implements,
                RelationKind::Continues
            ]
        );
        assert!(g
            .implementers("99-QĐ/TW", false)
            .expect("known")
            .implementers
            .is_empty());
    }

    #[test]
    fn implementers_of_other_gold_references() {
        const CASES: &[(&str, &[&str])] = &[
            ("28-NQ/TW", &[D002]),
            ("12-NQ/TW", &[D003]),
            ("12-KH/TW", &[D002]),
            ("08-KH/TW", &[D003]),
            ("2323-CV/TU", &[D004]),
            ("54-KL/TW", &[D004]),
            ("65-KH/TU", &[D001]),
            ("05-CT/TW", &[]),
        ];
        let g = gold_graph();
        for (r, want) in CASES {
            let a = g
                .implementers(r, true)
                .unwrap_or_else(|e| panic!("{r}: {e}"));
            assert_eq!(ids(&a), *want, "{r}");
        }
    }

    #[test]
    fn lookup_is_tolerant() {
        const CASES: &[&str] = &["21-kl/tw", "21 KL/TW", " 21-KL/TW ", "21-KL/TW@2021-10-25"];
        let g = gold_graph();
        for q in CASES {
            let a = g
                .implementers(q, true)
                .unwrap_or_else(|e| panic!("{q}: {e}"));
            assert_eq!(ids(&a), [D000, D001], "{q}");
        }
        for q in ["99-QD/TW", "99-qđ/tw", "99 QĐ/TW"] {
            let a = g
                .implementers(q, true)
                .unwrap_or_else(|e| panic!("{q}: {e}"));
            assert_eq!(ids(&a), [D004], "{q}");
        }
    }

    #[test]
    fn unknown_reference_suggests_closest() {
        let g = gold_graph();
        const CASES: &[(&str, &str)] = &[
            ("21-KL/TX", "21-KL/TW"),
            ("22-KL/TW", "21-KL/TW"),
            ("99-QĐ/T", "99-QĐ/TW"),
            ("2332-CV/TU", "2323-CV/TU"),
        ];
        for (q, want) in CASES {
            match g.implementers(q, true) {
                Err(GraphError::UnknownReference {
                    reference,
                    suggestions,
                }) => {
                    assert_eq!(reference, *q);
                    assert!(
                        suggestions.iter().any(|s| s == want),
                        "{q}: {suggestions:?}"
                    );
                }
                other => panic!("{q}: {other:?}"),
            }
        }
    }

    #[test]
    fn chains_go_up_to_roots() {
        let g = gold_graph();
        let c = g.chain(D004).expect("known");
        assert_eq!(c.start.id.as_deref(), Some(D004));
        assert_eq!(
            labels(&c.paths[0].nodes),
            [D004, "2323-CV/TU", "54-KL/TW", "99-QĐ/TW"]
        );
        assert_eq!(c.roots.len(), 1);
        assert_eq!(c.roots[0].reference.as_deref(), Some("99-QĐ/TW"));

        let c = g.chain(D001).expect("known");
        let roots: Vec<_> = c
            .roots
            .iter()
            .filter_map(|r| r.reference.as_deref())
            .collect();
        assert_eq!(roots, ["21-KL/TW"]);
        assert_eq!(c.paths.len(), 2);

        match g.chain("001") {
            Err(GraphError::UnknownDocument { suggestions, .. }) => {
                assert_eq!(suggestions, [D001]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn subgraph_depths() {
        let g = gold_graph();
        let s = g.subgraph("21-KL/TW", 1, None).expect("known");
        let at1: HashSet<String> = s
            .nodes
            .iter()
            .filter(|(_, d)| *d == 1)
            .map(|(ix, _)| g.g[*ix].id.clone().unwrap_or_else(|| g.g[*ix].label()))
            .collect();
        for want in [D000, D001, D002, "03-KH/TW", "65-KH/TU"] {
            assert!(at1.contains(want), "{want} not in {at1:?}");
        }
        let s2 = g.subgraph("21-KL/TW", 2, None).expect("known");
        assert!(s2.nodes.len() > s.nodes.len());
        let only = [RelationKind::Implements, RelationKind::Continues];
        let s = g.subgraph("21-KL/TW", 2, Some(&only)).expect("known");
        assert!(s.edges.iter().all(|&e| only.contains(&g.g[e].kind)));
        assert!(matches!(
            g.subgraph("21-KL/TW", MAX_DEPTH + 1, None),
            Err(GraphError::InvalidDepth { .. })
        ));
    }

    #[test]
    fn edge_kind_lists() {
        const CASES: &[(&str, Option<&[RelationKind]>)] = &[
            ("implements", Some(&[RelationKind::Implements])),
            (
                "implements, Continues,implements",
                Some(&[RelationKind::Implements, RelationKind::Continues]),
            ),
            (
                "attached_to,cites",
                Some(&[RelationKind::AttachedTo, RelationKind::Cites]),
            ),
            ("", None),
            ("implement", None),
        ];
        for (s, want) in CASES {
            assert_eq!(parse_kinds(s).ok().as_deref(), *want, "{s:?}");
        }
    }

    #[test]
    fn counts_and_citations() {
        let g = gold_graph();
        let c = g.counts();
        assert_eq!(c.documents, 5);
        assert_eq!(c.nodes, c.documents + c.referenced);
        assert_eq!(c.edges, c.edges_by_kind.values().sum::<usize>());
        assert_eq!(c.edges_by_kind["attached_to"], 3);

        let cits = g.citations(D004).expect("known");
        let refs: Vec<_> = cits
            .citations
            .iter()
            .filter_map(|c| c.document.reference.as_deref())
            .collect();
        assert_eq!(refs.len(), 7);
        let cv = cits
            .citations
            .iter()
            .find(|c| c.document.reference.as_deref() == Some("2323-CV/TU"))
            .expect("cited");
        assert!(cv.implements);
        assert_eq!(cv.mentions, 3);
        assert!(g.citations("nope").is_err());
    }

    #[test]
    fn evidence_flows_from_records() {
        use crate::extract::{Citation, DocRef, Evidence, Record, Relation};
        let ev = |a: usize, b: usize, s: &str| Evidence {
            span: [a, b],
            sentence: s.to_string(),
            section: Some("I.1".into()),
        };
        let rec = Record {
            source: "kg/60.txt".into(),
            number: Some("60-KH/TU".into()),
            province: Some("Kiên Giang".into()),
            implements: vec![DocRef {
                reference: Some("03-KH/TW".into()),
                name: None,
                doc_type: DocType::KeHoach,
                date: None,
                issuer: Some("Bộ Chính trị".into()),
                evidence: Some(ev(10, 60, "Thực hiện Kế hoạch số 03-KH/TW …")),
            }],
            citations: vec![
                Citation {
                    reference: Some("03-KH/TW".into()),
                    name: None,
                    doc_type: DocType::KeHoach,
                    date: None,
                    issuer: None,
                    mentions: 2,
                    spans: vec![[30, 38], [400, 408]],
                },
                Citation {
                    reference: Some("21-KL/TW".into()),
                    name: None,
                    doc_type: DocType::KetLuan,
                    date: None,
                    issuer: None,
                    mentions: 1,
                    spans: vec![[70, 78]],
                },
            ],
            relations: vec![Relation {
                from: Some("03-KH/TW".into()),
                from_name: None,
                to: Some("21-KL/TW".into()),
                to_name: None,
                kind: RelationKind::Implements,
                evidence: Some(ev(
                    62,
                    120,
                    "Kế hoạch số 03-KH/TW … thực hiện Kết luận số 21-KL/TW",
                )),
            }],
            ..Record::default()
        };
        let mut b = crate::graph::GraphBuilder::new();
        b.add("kg~60", &rec);
        let g = b.finish();
        let a = g.implementers("21-KL/TW", true).expect("known");
        let i = &a.implementers[0];
        assert_eq!(i.id.as_deref(), Some("kg~60"));
        let hops = &i.paths[0].hops;
        assert_eq!(hops.len(), 2);
        let first = &hops[0].evidence[0];
        assert_eq!(first.span, Some([10, 60]));
        assert_eq!(
            first.sentence.as_deref(),
            Some("Thực hiện Kế hoạch số 03-KH/TW …")
        );
        assert_eq!(first.section.as_deref(), Some("I.1"));
        assert_eq!(first.source.as_deref(), Some("kg/60.txt"));
        assert_eq!(hops[1].evidence[0].span, Some([62, 120]));
        // Cites edges keep only the first span.
        let cits = g.citations("kg~60").expect("known");
        let c = &cits.citations[0];
        assert_eq!(c.document.reference.as_deref(), Some("03-KH/TW"));
        assert_eq!(c.mentions, 2);
        assert!(c.implements);
        assert_eq!(c.evidence[0].span, Some([30, 38]));
        assert_eq!(c.evidence[0].sentence, None);
    }

    #[test]
    fn ambiguous_reference_lists_every_node() {
        use crate::extract::{Citation, Record};
        let cite = |date: &str| Citation {
            reference: Some("21-NQ/TW".into()),
            name: None,
            doc_type: DocType::NghiQuyet,
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            issuer: None,
            mentions: 1,
            spans: vec![],
        };
        let mut b = crate::graph::GraphBuilder::new();
        // Two dated documents plus one mention without a date (it fits both, so it
        // stays its own node, whose key is the bare reference).
        for (id, date) in [("a", "2017-10-25"), ("b", "2022-06-16"), ("c", "")] {
            b.add(
                id,
                &Record {
                    source: format!("{id}.txt"),
                    citations: vec![cite(date)],
                    ..Record::default()
                },
            );
        }
        let g = b.finish();
        let a = g.implementers("21-nq/tw", true).expect("known");
        let dates: Vec<_> = a
            .targets
            .iter()
            .map(|t| t.date.map(|d| d.to_string()))
            .collect();
        assert_eq!(a.targets.len(), 3, "{dates:?}");
        assert_eq!(g.resolve("21-NQ/TW").expect("known").len(), 3);
        assert_eq!(g.resolve("21-NQ/TW@2017-10-25").expect("known").len(), 1);
        assert!(matches!(
            g.chain("21-NQ/TW"),
            Err(GraphError::UnknownDocument { suggestions, .. }) if suggestions.len() >= 2
        ));
    }
}
