//! Coverage: which provinces have carried out a central document, when, and how
//! long after it; the implementers of one node ordered by province; the
//! references implemented by the most documents.
//!
//! A province "has a plan" when a document of that province implements the
//! target directly or through other documents (the same walk as
//! [`Graph::implementers`]): a corpus document, or a document known only from
//! citations whose province is known (`65-KH/TU` of Tỉnh ủy Kiên Giang cited by
//! a district plan is evidence that Kiên Giang issued it). The provinces
//! counted are those of the target's time ([`provinces_at`]: 63 before
//! 1 July 2025, 34 from then).
//!
//! Every function here answers about **one node** (a corpus id or a node key):
//! a reused number (`65-KH/TU` of every province) names several documents, and
//! callers show each apart.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::extract::RelationKind;

use super::query::{Implementer, Implementers, NodeSummary, MAX_CHAIN_DEPTH};
use super::{Graph, GraphError, Scope};

/// The day the 34-unit map of provinces took over from the 63-unit one for
/// coverage: the merged provinces started work on 1 July 2025 (Nghị quyết
/// 202/2025/QH15).
pub fn map_change() -> NaiveDate {
    crate::grammar::grammar().provinces.merger()
}

/// Which list of provinces a coverage answer counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvinceMap {
    /// The 63 provinces and centrally-run cities before 1 July 2025.
    Before2025,
    /// The 34 from 1 July 2025.
    From2025,
}

impl ProvinceMap {
    /// The map in force on `date` (the 63-unit map when the date is unknown).
    pub fn at(date: Option<NaiveDate>) -> ProvinceMap {
        match date {
            Some(d) if d >= map_change() => ProvinceMap::From2025,
            _ => ProvinceMap::Before2025,
        }
    }
}

/// The provinces and centrally-run cities of a map, in table order. The one
/// place the web pages and coverage read the province table.
pub fn provinces_at(map: ProvinceMap) -> Vec<&'static str> {
    crate::grammar::grammar()
        .provinces
        .all()
        .iter()
        .filter(|p| match map {
            ProvinceMap::Before2025 => p.before_merger,
            ProvinceMap::From2025 => p.after_merger,
        })
        .map(|p| p.name.as_str())
        .collect()
}

/// The first plan of a province.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstPlan {
    pub key: String,
    /// Corpus id; `None` for a plan known only from citations.
    pub id: Option<String>,
    pub number: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub date: NaiveDate,
    /// Implements the target itself (not through another document).
    pub direct: bool,
}

/// One province of a coverage answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProvinceCoverage {
    pub province: String,
    /// Documents of the province implementing the target (corpus and cited).
    pub plans: usize,
    /// Of which in the corpus.
    pub corpus_plans: usize,
    /// The earliest dated one.
    pub first: Option<FirstPlan>,
    /// Days from the target's date to the first plan's date.
    pub lag_days: Option<i64>,
}

/// Which provinces carried out a document, for one node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub target: NodeSummary,
    /// False when the target is not a central document: a provincial plan is
    /// carried out inside its province, and a table of every province would
    /// say nothing.
    pub applicable: bool,
    /// The date lags are counted from (the target's).
    pub since: Option<NaiveDate>,
    pub map: ProvinceMap,
    /// Every province of the map, in table order.
    pub provinces: Vec<ProvinceCoverage>,
    /// Provinces with at least one plan.
    pub covered: usize,
    /// Implementers issued by central bodies (no province).
    pub central: usize,
    /// Implementers whose province is not known.
    pub unknown_province: usize,
    /// Implementers in provinces that are not on the map (a name of the other
    /// map), with their counts.
    pub elsewhere: Vec<(String, usize)>,
}

/// How [`Graph::implementers_by_province`] orders its answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByProvince {
    pub transitive: bool,
    pub offset: usize,
    /// At most this many of each list (corpus and referenced-only); `None`: all.
    pub limit: Option<usize>,
}

/// A document implemented by others, for the list of the most implemented.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Implemented {
    pub target: NodeSummary,
    /// Documents implementing it directly (corpus and cited).
    pub direct: usize,
    /// Of which in the corpus.
    pub corpus: usize,
    /// Provinces those documents come from.
    pub provinces: usize,
}

/// Most references [`Graph::most_implemented`] returns.
pub const MAX_MOST_IMPLEMENTED: usize = 500;

impl Graph {
    /// The summary of the node a corpus id or node key names exactly.
    pub fn summary_of(&self, key: &str) -> Option<NodeSummary> {
        self.node_of(key)
            .ok()
            .map(|ix| NodeSummary::of(&self.g[ix]))
    }

    /// The node a corpus id or node key names exactly.
    pub fn node_of(&self, key: &str) -> Result<NodeIndex, GraphError> {
        let k = key.trim();
        self.by_id
            .get(k)
            .or_else(|| self.by_key.get(k))
            .copied()
            .ok_or_else(|| GraphError::UnknownReference {
                reference: k.to_string(),
                suggestions: self.suggest_refs(k),
            })
    }

    /// Every node a reference (or id, or key) names, as summaries: one per
    /// document a reused number stands for.
    pub fn targets(&self, reference: &str) -> Result<Vec<NodeSummary>, GraphError> {
        let mut nodes = self.resolve(reference)?;
        nodes.sort_by(|&a, &b| {
            let (x, y) = (&self.g[a], &self.g[b]);
            y.is_corpus()
                .cmp(&x.is_corpus())
                .then(x.date.cmp(&y.date))
                .then(x.key.cmp(&y.key))
        });
        Ok(nodes
            .into_iter()
            .map(|ix| NodeSummary::of(&self.g[ix]))
            .collect())
    }

    /// Which provinces of the target's time implement the node `key`, with
    /// the first plan of each and its lag.
    pub fn coverage(&self, key: &str) -> Result<Coverage, GraphError> {
        let target = self.node_of(key)?;
        let t = &self.g[target];
        let pred = self.reach(&[target], MAX_CHAIN_DEPTH);
        let since = t.date;
        let earliest = pred.keys().filter_map(|&ix| self.g[ix].date).min();
        let map = ProvinceMap::at(since.or(earliest));
        let names = provinces_at(map);
        let mut rows: Vec<ProvinceCoverage> = names
            .iter()
            .map(|p| ProvinceCoverage {
                province: p.to_string(),
                plans: 0,
                corpus_plans: 0,
                first: None,
                lag_days: None,
            })
            .collect();
        let by_name: HashMap<String, usize> = names
            .iter()
            .enumerate()
            .map(|(i, p)| (super::key::province_key(p), i))
            .collect();
        let (mut central, mut unknown) = (0, 0);
        let mut elsewhere: BTreeMap<String, usize> = BTreeMap::new();
        // Visit implementers in a fixed order so ties on the date pick the same plan.
        let mut found: Vec<(NodeIndex, usize)> = pred.iter().map(|(&n, &(d, _))| (n, d)).collect();
        found.sort_by(|a, b| self.g[a.0].key.cmp(&self.g[b.0].key));
        for (ix, depth) in found {
            let n = &self.g[ix];
            let Some(province) = n.province.as_deref() else {
                if n.scope == Scope::Central {
                    central += 1;
                } else {
                    unknown += 1;
                }
                continue;
            };
            let Some(&row) = by_name.get(&super::key::province_key(province)) else {
                *elsewhere.entry(province.to_string()).or_default() += 1;
                continue;
            };
            let r = &mut rows[row];
            r.plans += 1;
            r.corpus_plans += usize::from(n.is_corpus());
            if let Some(date) = n.date {
                let earlier = r.first.as_ref().is_none_or(|f| date < f.date);
                if earlier {
                    r.first = Some(FirstPlan {
                        key: n.key.clone(),
                        id: n.id.clone(),
                        number: n.reference.clone(),
                        title: n.title.clone(),
                        issuer: n.issuer.clone(),
                        date,
                        direct: depth == 1,
                    });
                }
            }
        }
        for r in &mut rows {
            if let (Some(f), Some(s)) = (&r.first, since) {
                r.lag_days = Some((f.date - s).num_days());
            }
        }
        Ok(Coverage {
            target: NodeSummary::of(t),
            applicable: t.scope == Scope::Central,
            since,
            map,
            covered: rows.iter().filter(|r| r.plans > 0).count(),
            provinces: rows,
            central,
            unknown_province: unknown,
            elsewhere: elsewhere.into_iter().collect(),
        })
    }

    /// The implementers of the node `key` (directly, or through other
    /// documents with `transitive`), each with its shortest path and
    /// evidence, ordered by province (Vietnamese order, unknown last), then
    /// date, then key; a page of each list.
    pub fn implementers_by_province(
        &self,
        key: &str,
        opts: &ByProvince,
    ) -> Result<Implementers, GraphError> {
        let target = self.node_of(key)?;
        let max_depth = if opts.transitive { MAX_CHAIN_DEPTH } else { 1 };
        let pred = self.reach(&[target], max_depth);
        let mut corpus: Vec<NodeIndex> = Vec::new();
        let mut others: Vec<NodeIndex> = Vec::new();
        for &ix in pred.keys() {
            if self.g[ix].is_corpus() {
                corpus.push(ix);
            } else {
                others.push(ix);
            }
        }
        let order = |a: &NodeIndex, b: &NodeIndex| -> Ordering {
            let (x, y) = (&self.g[*a], &self.g[*b]);
            let p = |n: &super::Node| n.province.as_deref().map(province_order);
            match (p(x), p(y)) {
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (a, b) => a.cmp(&b),
            }
            .then_with(|| match (x.date, y.date) {
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (a, b) => a.cmp(&b),
            })
            .then_with(|| x.key.cmp(&y.key))
        };
        corpus.sort_by(order);
        others.sort_by(order);
        let targets = [target];
        let page = |list: &[NodeIndex]| -> Vec<Implementer> {
            list.iter()
                .skip(opts.offset)
                .take(opts.limit.unwrap_or(usize::MAX))
                .map(|&ix| self.implementer(ix, &pred, &targets, max_depth, false))
                .collect()
        };
        Ok(Implementers {
            reference: self.g[target].key.clone(),
            transitive: opts.transitive,
            targets: vec![NodeSummary::of(&self.g[target])],
            total: corpus.len(),
            referenced_total: others.len(),
            offset: opts.offset,
            all_paths: false,
            implementers: page(&corpus),
            referenced_implementers: page(&others),
        })
    }

    /// The documents implemented directly by the most others (corpus and
    /// cited), at most `limit` (capped at [`MAX_MOST_IMPLEMENTED`]), most
    /// first; each with how many of those are in the corpus and how many
    /// provinces they come from. One pass over the implements edges (the
    /// transitive answer of one document is [`Graph::coverage`]).
    pub fn most_implemented(&self, limit: usize) -> Vec<Implemented> {
        let limit = limit.min(MAX_MOST_IMPLEMENTED);
        if limit == 0 {
            return Vec::new();
        }
        // (implemented, implementer) of every implements/continues edge, once.
        let mut pairs: Vec<(u32, u32)> = self
            .g
            .edge_references()
            .filter(|e| {
                matches!(
                    e.weight().kind,
                    RelationKind::Implements | RelationKind::Continues
                )
            })
            .map(|e| (e.target().index() as u32, e.source().index() as u32))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut runs: Vec<&[(u32, u32)]> = pairs.chunk_by(|a, b| a.0 == b.0).collect();
        runs.sort_by(|a, b| {
            b.len().cmp(&a.len()).then_with(|| {
                let (x, y) = (a[0].0 as usize, b[0].0 as usize);
                self.g[NodeIndex::new(x)]
                    .key
                    .cmp(&self.g[NodeIndex::new(y)].key)
            })
        });
        runs.into_iter()
            .take(limit)
            .map(|run| {
                let target = NodeIndex::new(run[0].0 as usize);
                let mut provinces: std::collections::HashSet<&str> = Default::default();
                let mut corpus = 0;
                for &(_, src) in run {
                    let n = &self.g[NodeIndex::new(src as usize)];
                    corpus += usize::from(n.is_corpus());
                    if let Some(p) = &n.province {
                        provinces.insert(p.as_str());
                    }
                }
                Implemented {
                    target: NodeSummary::of(&self.g[target]),
                    direct: run.len(),
                    corpus,
                    provinces: provinces.len(),
                }
            })
            .collect()
    }
}

/// What a graph drawing needs: the nodes (at most `max_nodes` of a
/// neighbourhood, nearest first) and the edges between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drawing {
    /// (node, distance from the root, is a root).
    pub nodes: Vec<(NodeSummary, usize, bool)>,
    /// (from key, to key, kind): arrows go from the implementing document to
    /// the implemented one.
    pub edges: Vec<(String, String, RelationKind)>,
    /// Nodes of the neighbourhood left out (by `max_nodes` or the
    /// neighbourhood's own limit).
    pub truncated: bool,
}

impl super::Subgraph<'_> {
    /// The first `max_nodes` nodes of the neighbourhood (breadth-first order)
    /// and the edges between them, for drawing.
    pub fn drawing(&self, max_nodes: usize) -> Drawing {
        let g = &self.graph.g;
        let kept: HashMap<NodeIndex, ()> = self
            .nodes
            .iter()
            .take(max_nodes)
            .map(|&(ix, _)| (ix, ()))
            .collect();
        let nodes = self
            .nodes
            .iter()
            .take(max_nodes)
            .map(|&(ix, d)| (NodeSummary::of(&g[ix]), d, self.roots.contains(&ix)))
            .collect();
        let mut edges: Vec<(String, String, RelationKind)> = self
            .edges
            .iter()
            .filter_map(|&e| {
                let (a, b) = g.edge_endpoints(e)?;
                (kept.contains_key(&a) && kept.contains_key(&b))
                    .then(|| (g[a].key.clone(), g[b].key.clone(), g[e].kind))
            })
            .collect();
        // One arrow per (from, to, kind), however many edges state it.
        let mut seen = std::collections::HashSet::new();
        edges.retain(|e| seen.insert(e.clone()));
        Drawing {
            nodes,
            edges,
            truncated: self.truncated || self.nodes.len() > max_nodes,
        }
    }
}

/// A sort key putting Vietnamese names in dictionary order: letters by the
/// Vietnamese alphabet (`a ă â b c d đ e ê …`), then tone marks, case ignored.
pub fn vietnamese_order(s: &str) -> (Vec<u32>, Vec<u32>) {
    use unicode_normalization::UnicodeNormalization;
    let mut letters = Vec::new();
    let mut tones = Vec::new();
    for c in s.nfd() {
        let c = c.to_lowercase().next().unwrap_or(c);
        match c {
            // Combining marks of the letters ă â ê ô ơ ư: part of the letter.
            '\u{0306}' | '\u{0302}' | '\u{031B}' => {
                if let Some(last) = letters.last_mut() {
                    *last += match c {
                        '\u{0306}' => 1,
                        '\u{0302}' => 2,
                        _ => 3,
                    };
                }
            }
            // Tone marks: secondary.
            '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' => {
                tones.push(match c {
                    '\u{0300}' => 1,
                    '\u{0309}' => 2,
                    '\u{0303}' => 3,
                    '\u{0301}' => 4,
                    _ => 5,
                });
            }
            // `ð` (U+00F0) is a common stand-in for `đ`.
            'đ' | 'ð' => letters.push(u32::from('d') * 8 + 4),
            c => letters.push(u32::from(c) * 8),
        }
    }
    (letters, tones)
}

/// The order of province names (see [`vietnamese_order`]).
fn province_order(name: &str) -> (Vec<u32>, Vec<u32>) {
    vietnamese_order(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testutil::gold_graph;

    const D000: &str = "000_1ea4fda105d58d5d";
    const D001: &str = "001_f48e0f285acd8aa3";

    fn key_of(g: &Graph, reference: &str) -> String {
        let t = g.targets(reference).expect("known reference");
        assert_eq!(t.len(), 1, "{reference} names one document here");
        t[0].key.clone()
    }

    #[test]
    fn the_maps_have_63_and_34_units() {
        assert_eq!(provinces_at(ProvinceMap::Before2025).len(), 63);
        assert_eq!(provinces_at(ProvinceMap::From2025).len(), 34);
        // (date, map)
        let cases = [
            (None, ProvinceMap::Before2025),
            (
                NaiveDate::from_ymd_opt(2021, 10, 25),
                ProvinceMap::Before2025,
            ),
            (
                NaiveDate::from_ymd_opt(2025, 6, 30),
                ProvinceMap::Before2025,
            ),
            (NaiveDate::from_ymd_opt(2025, 7, 1), ProvinceMap::From2025),
            (NaiveDate::from_ymd_opt(2026, 1, 5), ProvinceMap::From2025),
        ];
        for (date, want) in cases {
            assert_eq!(ProvinceMap::at(date), want, "{date:?}");
        }
    }

    #[test]
    fn coverage_of_21_kl_tw_has_kien_giang_with_its_lag() {
        let g = gold_graph();
        let c = g.coverage(&key_of(&g, "21-KL/TW")).expect("coverage");
        assert!(c.applicable);
        assert_eq!(c.map, ProvinceMap::Before2025);
        assert_eq!(c.provinces.len(), 63);
        assert_eq!(c.since, NaiveDate::from_ymd_opt(2021, 10, 25));
        let kg = c
            .provinces
            .iter()
            .find(|p| p.province == "Kiên Giang")
            .expect("Kiên Giang is on the map");
        assert!(kg.plans >= 1 && kg.corpus_plans >= 1, "{kg:?}");
        let first = kg.first.as_ref().expect("a dated plan");
        assert_eq!(first.id.as_deref(), Some(D000));
        assert_eq!(first.number.as_deref(), Some("60-KH/TU"));
        assert_eq!(first.date, NaiveDate::from_ymd_opt(2022, 3, 22).unwrap());
        assert!(first.direct);
        // 25/10/2021 → 22/3/2022: 148 days.
        assert_eq!(kg.lag_days, Some(148));
        assert!(c.covered >= 1);
        assert_eq!(
            c.covered,
            c.provinces.iter().filter(|p| p.plans > 0).count()
        );
        // 03-KH/TW of the Central Committee is no province's plan; 001 has no province.
        assert!(c.central >= 1, "{c:?}");
        assert!(c.unknown_province >= 1, "{c:?}");
        let empty = c.provinces.iter().find(|p| p.province == "Hà Nội").unwrap();
        assert_eq!((empty.plans, empty.lag_days), (0, None));
    }

    #[test]
    fn coverage_of_a_provincial_plan_is_not_applicable() {
        let g = gold_graph();
        let c = g.coverage(D000).expect("a corpus id names its node");
        assert!(!c.applicable, "60-KH/TU is Kiên Giang's own plan");
    }

    #[test]
    fn unknown_keys_are_errors_with_suggestions() {
        let g = gold_graph();
        match g.coverage("21-KL/TX") {
            Err(GraphError::UnknownReference { .. }) => {}
            other => panic!("{other:?}"),
        }
        assert!(g.targets("no-such/REF").is_err());
    }

    #[test]
    fn implementers_by_province_put_known_provinces_first_and_page() {
        let g = gold_graph();
        let key = key_of(&g, "21-KL/TW");
        let all = ByProvince {
            transitive: true,
            ..ByProvince::default()
        };
        let a = g.implementers_by_province(&key, &all).expect("known");
        let ids: Vec<_> = a
            .implementers
            .iter()
            .filter_map(|i| i.id.as_deref())
            .collect();
        // 000 (Kiên Giang) before 001 (no province).
        assert_eq!(ids, [D000, D001]);
        assert_eq!(a.total, 2);
        assert!(a.implementers.iter().all(|i| !i.path.is_empty()));
        let page = g
            .implementers_by_province(
                &key,
                &ByProvince {
                    transitive: true,
                    offset: 1,
                    limit: Some(1),
                },
            )
            .expect("known");
        assert_eq!(page.total, 2);
        assert_eq!(page.implementers.len(), 1);
        assert_eq!(page.implementers[0].id.as_deref(), Some(D001));
    }

    #[test]
    fn most_implemented_lists_21_kl_tw() {
        let g = gold_graph();
        let top = g.most_implemented(10);
        let kl = top
            .iter()
            .find(|i| i.target.reference.as_deref() == Some("21-KL/TW"))
            .expect("21-KL/TW is implemented");
        // 000, 001, 03-KH/TW, 001's 65-KH/TU.
        assert_eq!(kl.direct, 4, "{kl:?}");
        assert_eq!(kl.corpus, 2);
        // Kiên Giang (000); 001 and its 65-KH/TU have no province.
        assert_eq!(kl.provinces, 1);
        assert!(top.windows(2).all(|w| w[0].direct >= w[1].direct));
        assert!(g.most_implemented(0).is_empty());
    }

    #[test]
    fn drawings_keep_edges_between_kept_nodes() {
        let g = gold_graph();
        let key = key_of(&g, "21-KL/TW");
        let kinds = [RelationKind::Implements, RelationKind::Continues];
        let sub = g.subgraph(&key, 2, Some(&kinds)).expect("known");
        let d = sub.drawing(100);
        assert!(!d.truncated);
        assert!(d.nodes.iter().any(|(n, _, root)| *root && n.key == key));
        assert!(d
            .nodes
            .iter()
            .any(|(n, _, _)| n.id.as_deref() == Some(D000)));
        assert!(d
            .edges
            .iter()
            .any(|(from, to, k)| from == D000 && *to == key && *k == RelationKind::Implements));
        let mut unique = d.edges.clone();
        unique.sort_by(|a, b| (&a.0, &a.1, a.2.slug()).cmp(&(&b.0, &b.1, b.2.slug())));
        unique.dedup();
        assert_eq!(unique.len(), d.edges.len(), "one arrow per pair and kind");
        let small = sub.drawing(2);
        assert!(small.truncated);
        assert_eq!(small.nodes.len(), 2);
        let keys: Vec<&str> = small.nodes.iter().map(|(n, _, _)| n.key.as_str()).collect();
        assert!(small
            .edges
            .iter()
            .all(|(a, b, _)| keys.contains(&a.as_str()) && keys.contains(&b.as_str())));
    }

    #[test]
    fn vietnamese_order_sorts_the_alphabet() {
        let mut names = vec![
            "Điện Biên",
            "Đà Nẵng",
            "Cà Mau",
            "Bình Dương",
            "Bắc Ninh",
            "Bà Rịa - Vũng Tàu",
            "An Giang",
            "Ðồng Nai",
            "Gia Lai",
            "Hà Nội",
            "Hậu Giang",
            "Hải Phòng",
            "Dak Lak",
        ];
        names.sort_by_key(|n| vietnamese_order(n));
        assert_eq!(
            names,
            [
                "An Giang",
                "Bà Rịa - Vũng Tàu",
                "Bắc Ninh",
                "Bình Dương",
                "Cà Mau",
                "Dak Lak",
                "Đà Nẵng",
                "Điện Biên",
                "Ðồng Nai",
                "Gia Lai",
                "Hà Nội",
                "Hải Phòng",
                "Hậu Giang",
            ]
        );
    }
}
