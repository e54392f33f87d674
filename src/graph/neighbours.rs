//! A document's neighbours by relation, both ways (vbpl's "Lược đồ"): what it
//! implements and what implements it, what it continues and what continues
//! it, what it is attached to and what is attached to it. Citations both ways
//! are [`Graph::citations`].

use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;

use crate::extract::RelationKind;

use super::query::{EvidenceOut, NodeSummary};
use super::{Graph, GraphError};

/// Most neighbours listed per relation and direction (`total` counts them all).
pub const MAX_NEIGHBOURS: usize = 200;
/// Most statements given per neighbour (`evidence_total` counts them all).
pub const MAX_NEIGHBOUR_EVIDENCE: usize = 3;

/// One neighbour and the statements of the edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbour {
    pub node: NodeSummary,
    pub evidence: Vec<EvidenceOut>,
    pub evidence_total: usize,
}

/// The neighbours of one relation in one direction.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NeighbourList {
    /// All of them.
    pub total: usize,
    /// At most [`MAX_NEIGHBOURS`], corpus documents first, then by date and key.
    pub nodes: Vec<Neighbour>,
}

/// A document's neighbours by relation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Neighbours {
    pub document: NodeSummary,
    /// Documents it implements.
    pub implements: NeighbourList,
    /// Documents implementing it (directly).
    pub implemented_by: NeighbourList,
    /// Documents it continues.
    pub continues: NeighbourList,
    /// Documents continuing it.
    pub continued_by: NeighbourList,
    /// Documents it is attached to (a plan issued with a decision).
    pub attached_to: NeighbourList,
    /// Documents attached to it.
    pub attachments: NeighbourList,
}

impl Graph {
    /// The neighbours of the node a corpus id or node key names.
    pub fn neighbours(&self, key: &str) -> Result<Neighbours, GraphError> {
        let ix = self.node_of(key).map_err(|_| GraphError::UnknownDocument {
            id: key.trim().to_string(),
            suggestions: self.suggest_ids(key),
        })?;
        let list = |kind: RelationKind, dir: Direction| -> NeighbourList {
            let mut found: Vec<Neighbour> = self
                .g
                .edges_directed(ix, dir)
                .filter(|e| e.weight().kind == kind)
                .map(|e| {
                    let other = match dir {
                        Direction::Outgoing => e.target(),
                        Direction::Incoming => e.source(),
                    };
                    let w = e.weight();
                    Neighbour {
                        node: NodeSummary::of(&self.g[other]),
                        evidence: w
                            .evidence
                            .iter()
                            .take(MAX_NEIGHBOUR_EVIDENCE)
                            .map(|ev| self.evidence_out(ev))
                            .collect(),
                        evidence_total: w.evidence.len(),
                    }
                })
                .collect();
            found.sort_by(|a, b| {
                b.node
                    .id
                    .is_some()
                    .cmp(&a.node.id.is_some())
                    .then(b.node.date.is_some().cmp(&a.node.date.is_some()))
                    .then(a.node.date.cmp(&b.node.date))
                    .then_with(|| a.node.key.cmp(&b.node.key))
            });
            found.dedup_by(|a, b| a.node.key == b.node.key);
            let total = found.len();
            found.truncate(MAX_NEIGHBOURS);
            NeighbourList {
                total,
                nodes: found,
            }
        };
        use Direction::{Incoming, Outgoing};
        use RelationKind::{AttachedTo, Continues, Implements};
        Ok(Neighbours {
            document: NodeSummary::of(&self.g[ix]),
            implements: list(Implements, Outgoing),
            implemented_by: list(Implements, Incoming),
            continues: list(Continues, Outgoing),
            continued_by: list(Continues, Incoming),
            attached_to: list(AttachedTo, Outgoing),
            attachments: list(AttachedTo, Incoming),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testutil::gold_graph;

    const D000: &str = "000_1ea4fda105d58d5d";
    const D001: &str = "001_f48e0f285acd8aa3";

    fn refs(l: &NeighbourList) -> Vec<String> {
        l.nodes
            .iter()
            .map(|n| {
                n.node
                    .reference
                    .clone()
                    .unwrap_or_else(|| n.node.key.clone())
            })
            .collect()
    }

    #[test]
    fn a_plan_lists_what_it_implements_with_evidence() {
        let g = gold_graph();
        let n = g.neighbours(D001).expect("corpus document");
        let implements = refs(&n.implements);
        assert!(
            implements.contains(&"21-KL/TW".to_string())
                && implements.contains(&"65-KH/TU".to_string()),
            "{implements:?}"
        );
        assert_eq!(n.implements.total, n.implements.nodes.len());
        for link in &n.implements.nodes {
            assert!(!link.evidence.is_empty(), "{link:?}");
            assert!(link.evidence.len() <= MAX_NEIGHBOUR_EVIDENCE);
            assert_eq!(link.evidence[0].doc, D001);
        }
    }

    #[test]
    fn a_resolution_lists_its_implementers() {
        let g = gold_graph();
        let key = g.targets("21-KL/TW").expect("known")[0].key.clone();
        let n = g.neighbours(&key).expect("node key");
        let ids: Vec<_> = n
            .implemented_by
            .nodes
            .iter()
            .filter_map(|l| l.node.id.as_deref())
            .collect();
        // Corpus documents first.
        assert_eq!(&ids[..2], [D000, D001]);
        assert!(n.implemented_by.total >= 3);
        assert!(n.implements.nodes.is_empty());
    }

    #[test]
    fn an_unknown_document_is_an_error() {
        let g = gold_graph();
        assert!(matches!(
            g.neighbours("999_nothing"),
            Err(GraphError::UnknownDocument { .. })
        ));
    }
}
