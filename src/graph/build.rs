//! Building the graph from records: [`GraphBuilder`].
//!
//! `add` only collects what each record says (compactly: no text is kept but
//! the evidence sentences of `implements` and `relations`); `finish` decides
//! identity across documents (see [`super::key`]) and creates nodes and edges.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::extract::{DocType, Evidence, Record, RelationKind};

use super::key::{self, ref_key, scope_key, scope_of, Item};
use super::{Edge, EdgeEvidence, Graph, Node, Scope, Statement};

/// A corpus document as the builder keeps it.
#[derive(Debug)]
struct DocEntry {
    id: String,
    source: String,
    number: Option<String>,
    title: Option<String>,
    doc_type: DocType,
    date: Option<NaiveDate>,
    issuer: Option<String>,
    province: Option<String>,
    /// Scope of the local references it cites (its province, else itself).
    local: Scope,
}

/// One referenced document as one corpus document mentions it (a document's
/// citations, implements and relation ends with the same ref are one mention).
/// Strings are interned ([`Sym`]) and the scope is derived from the citing
/// document, so a mention is a few words however many a corpus has.
#[derive(Debug)]
struct Mention {
    doc: u32,
    reference: Option<Sym>,
    name: Option<Sym>,
    issuer: Option<Sym>,
    doc_type: DocType,
    date: Option<NaiveDate>,
    /// The reference is central (`/TW`, `-CP`, …).
    central: bool,
}

/// An interned string.
type Sym = u32;

/// Each distinct string once.
#[derive(Debug, Default)]
struct Interner {
    map: HashMap<String, Sym>,
    strings: Vec<String>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> Sym {
        if let Some(&k) = self.map.get(s) {
            return k;
        }
        let k = self.strings.len() as Sym;
        self.strings.push(s.to_string());
        self.map.insert(s.to_string(), k);
        k
    }

    fn get(&self, k: Sym) -> &str {
        self.strings.get(k as usize).map_or("", String::as_str)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Doc(u32),
    Mention(u32),
}

#[derive(Debug)]
struct PendingEdge {
    from: End,
    to: End,
    kind: RelationKind,
    mentions: u32,
    /// `doc` is the index of the stating corpus document (= its node index).
    evidence: EdgeEvidence,
}

/// Collects records during an index build; [`GraphBuilder::finish`] builds the graph.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    docs: Vec<DocEntry>,
    ids: HashMap<String, u32>,
    mentions: Vec<Mention>,
    edges: Vec<PendingEdge>,
    strings: Interner,
}

/// Per-document key of a mention: a reference key or a folded name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum MentionKey {
    Ref(String),
    Name(String),
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn name_key(name: &str) -> String {
    crate::normalize::fold(name)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one corpus document, identified by its stable id
    /// ([`crate::pipeline::doc_id`]). A second record with an id already added
    /// is ignored (with a warning).
    pub fn add(&mut self, id: &str, record: &Record) {
        if self.ids.contains_key(id) {
            tracing::warn!(id, "document added twice to the graph; keeping the first");
            return;
        }
        let d = self.docs.len() as u32;
        self.ids.insert(id.to_string(), d);
        let province = non_empty(record.province.as_deref()).map(str::to_string);
        let local = match &province {
            Some(p) => Scope::Province(p.clone()),
            None => Scope::Document(id.to_string()),
        };
        let number = non_empty(record.number.as_deref()).map(str::to_string);
        self.docs.push(DocEntry {
            id: id.to_string(),
            source: record.source.clone(),
            number: number.clone(),
            title: record.title.clone(),
            doc_type: record.doc_type,
            date: record.date,
            issuer: record.issuer.clone(),
            province,
            local,
        });
        let mut ctx = DocCtx {
            d,
            seen: HashMap::new(),
            first_span: HashMap::new(),
        };

        for c in &record.citations {
            let Some(end) = self.mention(&mut ctx, c.reference.as_deref(), c.name.as_deref())
            else {
                continue;
            };
            self.fill(
                end,
                c.doc_type,
                c.date,
                c.issuer.as_deref(),
                c.name.as_deref(),
            );
            let span = c.spans.first().copied();
            if let (Some(s), End::Mention(m)) = (span, end) {
                ctx.first_span.entry(m).or_insert(s);
            }
            self.push_edge(
                End::Doc(d),
                end,
                RelationKind::Cites,
                u32::try_from(c.mentions).unwrap_or(u32::MAX),
                d,
                span,
                None,
            );
        }
        for imp in &record.implements {
            let Some(end) = self.mention(&mut ctx, imp.reference.as_deref(), imp.name.as_deref())
            else {
                continue;
            };
            self.fill(
                end,
                imp.doc_type,
                imp.date,
                imp.issuer.as_deref(),
                imp.name.as_deref(),
            );
            let fallback = match end {
                End::Mention(m) => ctx.first_span.get(&m).copied(),
                End::Doc(_) => None,
            };
            self.push_edge(
                End::Doc(d),
                end,
                RelationKind::Implements,
                0,
                d,
                fallback,
                imp.evidence.as_ref(),
            );
        }
        for rel in &record.relations {
            let from = match (
                non_empty(rel.from.as_deref()),
                non_empty(rel.from_name.as_deref()),
            ) {
                (None, None) => Some(End::Doc(d)),
                (r, n) => self.mention(&mut ctx, r, n),
            };
            let to = self.mention(&mut ctx, rel.to.as_deref(), rel.to_name.as_deref());
            let (Some(from), Some(to)) = (from, to) else {
                tracing::debug!(id, ?rel, "relation without a usable end skipped");
                continue;
            };
            self.push_edge(from, to, rel.kind, 0, d, None, rel.evidence.as_ref());
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_edge(
        &mut self,
        from: End,
        to: End,
        kind: RelationKind,
        mentions: u32,
        doc: u32,
        span: Option<[usize; 2]>,
        evidence: Option<&Evidence>,
    ) {
        if from == to {
            return;
        }
        let compact = |[a, b]: [usize; 2]| Some([u32::try_from(a).ok()?, u32::try_from(b).ok()?]);
        let evidence = match evidence {
            Some(e) => EdgeEvidence {
                doc,
                span: compact(e.span),
                statement: Some(std::sync::Arc::new(Statement {
                    sentence: e.sentence.clone(),
                    section: e.section.clone(),
                })),
            },
            None => EdgeEvidence {
                doc,
                span: span.and_then(compact),
                statement: None,
            },
        };
        self.edges.push(PendingEdge {
            from,
            to,
            kind,
            mentions,
            evidence,
        });
    }

    /// The end a reference or name of the current document stands for: its one
    /// mention of that ref or name. (A document citing its own number is not
    /// special here: the mention joins the document's group and, unless a
    /// different date or issuer makes it an older namesake, its cluster, and
    /// the self-loop is dropped in `finish`.)
    fn mention(
        &mut self,
        ctx: &mut DocCtx,
        reference: Option<&str>,
        name: Option<&str>,
    ) -> Option<End> {
        let reference = non_empty(reference);
        let name = non_empty(name);
        let mkey = match (reference, name) {
            (Some(r), _) => MentionKey::Ref(ref_key(r)),
            (None, Some(n)) => MentionKey::Name(name_key(n)),
            (None, None) => return None,
        };
        if let Some(&end) = ctx.seen.get(&mkey) {
            return Some(end);
        }
        let m = self.mentions.len() as u32;
        let mention = Mention {
            doc: ctx.d,
            reference: reference.map(|r| self.strings.intern(r)),
            name: name.map(|n| self.strings.intern(n)),
            issuer: None,
            doc_type: DocType::Other,
            date: None,
            central: reference.is_some_and(crate::extract::refs::is_central),
        };
        self.mentions.push(mention);
        let end = End::Mention(m);
        ctx.seen.insert(mkey, end);
        Some(end)
    }

    /// Complete a mention with what one more statement says about it.
    fn fill(
        &mut self,
        end: End,
        doc_type: DocType,
        date: Option<NaiveDate>,
        issuer: Option<&str>,
        name: Option<&str>,
    ) {
        let End::Mention(m) = end else { return };
        let issuer = non_empty(issuer).map(|i| self.strings.intern(i));
        let name = non_empty(name).map(|n| self.strings.intern(n));
        let Some(mention) = self.mentions.get_mut(m as usize) else {
            return;
        };
        if mention.doc_type == DocType::Other {
            mention.doc_type = doc_type;
        }
        if mention.date.is_none() {
            mention.date = date;
        }
        if mention.issuer.is_none() {
            mention.issuer = issuer;
        }
        if mention.name.is_none() {
            mention.name = name;
        }
    }

    /// Decide identity across documents and build the graph.
    pub fn finish(self) -> Graph {
        let GraphBuilder {
            docs,
            mentions,
            edges,
            strings,
            ..
        } = self;
        let mut g: DiGraph<Node, Edge> = DiGraph::with_capacity(docs.len(), edges.len());
        // Corpus documents first: the node index of document d is d.
        for doc in &docs {
            g.add_node(Node {
                key: doc.id.clone(),
                id: Some(doc.id.clone()),
                source: Some(doc.source.clone()),
                reference: doc.number.clone(),
                name: None,
                title: doc.title.clone(),
                doc_type: doc.doc_type,
                date: doc.date,
                issuer: doc.issuer.clone(),
                province: doc.province.clone(),
                scope: match &doc.number {
                    Some(n) => scope_of(n, &doc.local),
                    None => Scope::Document(doc.id.clone()),
                },
            });
        }
        let mut keys: HashSet<String> = docs.iter().map(|d| d.id.clone()).collect();
        let mut mention_node: Vec<Option<NodeIndex>> = vec![None; mentions.len()];
        let doc_id = |d: u32| docs.get(d as usize).map_or("", |d| d.id.as_str());
        let scope_of_mention = |m: &Mention| -> Scope {
            if m.reference.is_none() {
                Scope::Document(doc_id(m.doc).to_string())
            } else if m.central {
                Scope::Central
            } else {
                docs.get(m.doc as usize)
                    .map_or(Scope::Central, |d| d.local.clone())
            }
        };

        // Group corpus numbers and referenced mentions by ref + scope.
        #[derive(Clone, Copy)]
        enum Member {
            Doc(u32),
            Mention(u32),
        }
        let mut groups: BTreeMap<(String, String), Vec<Member>> = BTreeMap::new();
        for (d, doc) in docs.iter().enumerate() {
            if let Some(n) = &doc.number {
                let scope = scope_of(n, &doc.local);
                groups
                    .entry((ref_key(n), scope_key(&scope)))
                    .or_default()
                    .push(Member::Doc(d as u32));
            }
        }
        for (m, mention) in mentions.iter().enumerate() {
            match mention.reference {
                Some(r) => groups
                    .entry((
                        ref_key(strings.get(r)),
                        scope_key(&scope_of_mention(mention)),
                    ))
                    .or_default()
                    .push(Member::Mention(m as u32)),
                None => {
                    // A document named without a number: its own node, scoped
                    // to the citing document.
                    let name = mention.name.map(|n| strings.get(n).to_string());
                    let k = unique_key(
                        &mut keys,
                        format!(
                            "name@{}:{}",
                            doc_id(mention.doc),
                            name.as_deref().unwrap_or("")
                        ),
                    );
                    let ix = g.add_node(Node {
                        key: k,
                        id: None,
                        source: None,
                        reference: None,
                        name,
                        title: None,
                        doc_type: mention.doc_type,
                        date: mention.date,
                        issuer: mention.issuer.map(|i| strings.get(i).to_string()),
                        province: None,
                        scope: scope_of_mention(mention),
                    });
                    mention_node[m] = Some(ix);
                }
            }
        }

        let mut issuer_keys: HashMap<(Sym, String), Option<String>> = HashMap::new();
        for members in groups.values() {
            // Every member of a group shares its scope, hence its province.
            let scope = match members.first() {
                Some(Member::Doc(d)) => docs
                    .get(*d as usize)
                    .and_then(|doc| doc.number.as_deref().map(|n| scope_of(n, &doc.local))),
                Some(Member::Mention(m)) => mentions.get(*m as usize).map(&scope_of_mention),
                None => None,
            }
            .unwrap_or(Scope::Central);
            let province = match &scope {
                Scope::Province(p) => Some(p.as_str()),
                _ => None,
            };
            let items: Vec<Item> = members
                .iter()
                .map(|m| match *m {
                    Member::Doc(d) => {
                        let doc = &docs[d as usize];
                        Item {
                            date: doc.date,
                            issuer: doc
                                .issuer
                                .as_deref()
                                .and_then(|i| key::issuer_key(i, province)),
                        }
                    }
                    Member::Mention(m) => {
                        let mention = &mentions[m as usize];
                        let issuer = mention.issuer.and_then(|i| {
                            issuer_keys
                                .entry((i, province.unwrap_or("").to_string()))
                                .or_insert_with(|| key::issuer_key(strings.get(i), province))
                                .clone()
                        });
                        Item {
                            date: mention.date,
                            issuer,
                        }
                    }
                })
                .collect();
            let assign = key::cluster(&items);
            let n_clusters = assign.iter().max().map_or(0, |m| m + 1);
            for c in 0..n_clusters {
                let in_c: Vec<Member> = members
                    .iter()
                    .zip(&assign)
                    .filter(|(_, &a)| a == c)
                    .map(|(m, _)| *m)
                    .collect();
                // Never merge two corpus documents: the first one (in corpus
                // order) stands for the cluster's citations.
                let corpus = in_c.iter().find_map(|m| match m {
                    Member::Doc(d) => Some(NodeIndex::new(*d as usize)),
                    Member::Mention(_) => None,
                });
                let ms: Vec<&Mention> = in_c
                    .iter()
                    .filter_map(|m| match m {
                        Member::Mention(m) => mentions.get(*m as usize),
                        Member::Doc(_) => None,
                    })
                    .collect();
                let ix = match corpus {
                    Some(ix) => ix,
                    None => {
                        let node = merged_node(&ms, &strings, scope.clone());
                        let k = unique_key(&mut keys, node.key.clone());
                        g.add_node(Node { key: k, ..node })
                    }
                };
                for m in &in_c {
                    if let Member::Mention(m) = m {
                        mention_node[*m as usize] = Some(ix);
                    }
                }
            }
        }

        // Edges, one per (from, to, kind), with every statement's evidence.
        let resolve = |e: End| -> Option<NodeIndex> {
            match e {
                End::Doc(d) => Some(NodeIndex::new(d as usize)),
                End::Mention(m) => mention_node.get(m as usize).copied().flatten(),
            }
        };
        let mut seen: HashMap<(NodeIndex, NodeIndex, RelationKind), petgraph::graph::EdgeIndex> =
            HashMap::new();
        for pe in edges {
            let (Some(from), Some(to)) = (resolve(pe.from), resolve(pe.to)) else {
                continue;
            };
            if from == to {
                continue;
            }
            if pe.kind == RelationKind::Cites {
                // A document's citations are one per cited node already (its
                // mentions are unique per ref, and different refs never share
                // a node), so they skip the de-duplication table.
                g.add_edge(
                    from,
                    to,
                    Edge {
                        kind: pe.kind,
                        mentions: pe.mentions,
                        evidence: vec![pe.evidence],
                    },
                );
                continue;
            }
            match seen.get(&(from, to, pe.kind)) {
                Some(&e) => {
                    let edge = &mut g[e];
                    edge.mentions = edge.mentions.saturating_add(pe.mentions);
                    if !edge.evidence.contains(&pe.evidence) {
                        edge.evidence.push(pe.evidence);
                    }
                }
                None => {
                    let e = g.add_edge(
                        from,
                        to,
                        Edge {
                            kind: pe.kind,
                            mentions: pe.mentions,
                            evidence: vec![pe.evidence],
                        },
                    );
                    seen.insert((from, to, pe.kind), e);
                }
            }
        }
        Graph::from_parts(g)
    }
}

/// What the builder knows about the current document while adding it.
struct DocCtx {
    d: u32,
    seen: HashMap<MentionKey, End>,
    first_span: HashMap<u32, [usize; 2]>,
}

/// `key`, or `key#2`, `key#3`… if taken.
fn unique_key(keys: &mut HashSet<String>, key: String) -> String {
    let mut k = key.clone();
    let mut n = 2;
    while keys.contains(&k) {
        k = format!("{key}#{n}");
        n += 1;
    }
    keys.insert(k.clone());
    k
}

/// The most frequent value (first seen wins ties).
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (v, n) in counts {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((v, n));
        }
    }
    best.map(|(v, _)| v.to_string())
}

/// A referenced-only node from the mentions that are one document.
fn merged_node(ms: &[&Mention], strings: &Interner, scope: Scope) -> Node {
    let text = |k: Option<Sym>| k.map(|k| strings.get(k));
    let reference = most_common(ms.iter().filter_map(|m| text(m.reference)));
    let doc_type = most_common(
        ms.iter()
            .filter(|m| m.doc_type != DocType::Other)
            .map(|m| m.doc_type.slug()),
    )
    .and_then(|s| DocType::from_slug(&s))
    .unwrap_or(DocType::Other);
    let date = ms.iter().find_map(|m| m.date);
    let issuer = most_common(ms.iter().filter_map(|m| text(m.issuer)));
    let name = most_common(ms.iter().filter_map(|m| text(m.name)));
    let province = match &scope {
        Scope::Province(p) => Some(p.clone()),
        _ => None,
    };
    let mut key = reference.clone().unwrap_or_default();
    match &scope {
        Scope::Central => {}
        Scope::Province(p) => {
            key.push('@');
            key.push_str(&key::province_slug(p));
        }
        Scope::Document(id) => {
            key.push_str("@doc:");
            key.push_str(id);
        }
    }
    if let Some(d) = date {
        key.push('@');
        key.push_str(&d.to_string());
    }
    Node {
        key,
        id: None,
        source: None,
        reference,
        name,
        title: None,
        doc_type,
        date,
        issuer,
        province,
        scope,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Citation, Record};
    use petgraph::visit::EdgeRef;

    /// A corpus document of a table case: (id, province, number, date, citations
    /// as (ref, date, issuer)); "" means absent.
    type Doc = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str, &'static str)],
    );
    /// (doc a, ref a, doc b, ref b, same node?); ref "" = the document itself.
    type Expect = (&'static str, &'static str, &'static str, &'static str, bool);

    fn opt(s: &str) -> Option<String> {
        (!s.is_empty()).then(|| s.to_string())
    }

    fn record(doc: &Doc) -> Record {
        let (id, province, number, date, cites) = doc;
        Record {
            source: format!("{id}.txt"),
            number: opt(number),
            province: opt(province),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            citations: cites
                .iter()
                .map(|(r, d, i)| Citation {
                    reference: opt(r),
                    name: None,
                    doc_type: DocType::Other,
                    date: NaiveDate::parse_from_str(d, "%Y-%m-%d").ok(),
                    issuer: opt(i),
                    mentions: 1,
                    spans: vec![],
                })
                .collect(),
            ..Record::default()
        }
    }

    fn node_of(g: &Graph, doc: &str, reference: &str) -> NodeIndex {
        let d = g.by_id[doc];
        if reference.is_empty() {
            return d;
        }
        let k = ref_key(reference);
        g.g.neighbors(d)
            .find(|&n| g.g[n].reference.as_deref().map(ref_key).as_deref() == Some(k.as_str()))
            .unwrap_or_else(|| panic!("{doc} does not cite {reference}"))
    }

    #[test]
    fn identity_table() {
        const BCH: &str = "Ban Chấp hành Trung ương";
        const CASES: &[(&str, &[Doc], &[Expect])] = &[
            (
                "central, same date, two provinces: one document",
                &[
                    (
                        "a",
                        "Kiên Giang",
                        "",
                        "",
                        &[("21-KL/TW", "2021-10-25", BCH)],
                    ),
                    ("b", "Vĩnh Long", "", "", &[("21-KL/TW", "2021-10-25", BCH)]),
                ],
                &[("a", "21-KL/TW", "b", "21-KL/TW", true)],
            ),
            (
                "central, spelled differently",
                &[
                    ("a", "", "", "", &[("21-KL/TW", "2021-10-25", BCH)]),
                    (
                        "b",
                        "",
                        "",
                        "",
                        &[(
                            "21-kl/tw",
                            "2021-10-25",
                            "Ban Chấp hành Trung ương Đảng khóa XIII",
                        )],
                    ),
                ],
                &[("a", "21-KL/TW", "b", "21-kl/tw", true)],
            ),
            (
                "central, reused number in another term",
                &[
                    ("a", "", "", "", &[("21-NQ/TW", "2017-10-25", BCH)]),
                    ("b", "", "", "", &[("21-NQ/TW", "2022-06-16", BCH)]),
                ],
                &[("a", "21-NQ/TW", "b", "21-NQ/TW", false)],
            ),
            (
                "central, dated and undated: nothing distinguishes them",
                &[
                    ("a", "", "", "", &[("21-KL/TW", "2021-10-25", BCH)]),
                    ("b", "", "", "", &[("21-KL/TW", "", "")]),
                ],
                &[("a", "21-KL/TW", "b", "21-KL/TW", true)],
            ),
            (
                "central, undated between two terms stays apart",
                &[
                    ("a", "", "", "", &[("21-NQ/TW", "2017-10-25", "")]),
                    ("b", "", "", "", &[("21-NQ/TW", "2022-06-16", "")]),
                    ("c", "", "", "", &[("21-NQ/TW", "", "")]),
                ],
                &[
                    ("c", "21-NQ/TW", "a", "21-NQ/TW", false),
                    ("c", "21-NQ/TW", "b", "21-NQ/TW", false),
                ],
            ),
            (
                "central, same date, different issuers",
                &[
                    (
                        "a",
                        "",
                        "",
                        "",
                        &[("05-CT/TW", "2016-05-15", "Bộ Chính trị")],
                    ),
                    ("b", "", "", "", &[("05-CT/TW", "2016-05-15", "Ban Bí thư")]),
                ],
                &[("a", "05-CT/TW", "b", "05-CT/TW", false)],
            ),
            (
                "central, undated with the same issuer joins",
                &[
                    (
                        "a",
                        "",
                        "",
                        "",
                        &[("05-CT/TW", "2016-05-15", "Bộ Chính trị")],
                    ),
                    ("b", "", "", "", &[("05-CT/TW", "", "Bộ Chính trị")]),
                    ("c", "", "", "", &[("05-CT/TW", "", "")]),
                ],
                &[
                    ("a", "05-CT/TW", "b", "05-CT/TW", true),
                    ("a", "05-CT/TW", "c", "05-CT/TW", true),
                ],
            ),
            (
                "local, two provinces: two documents",
                &[
                    ("a", "Kiên Giang", "", "", &[("65-KH/TU", "2022-01-12", "")]),
                    ("b", "Vĩnh Long", "", "", &[("65-KH/TU", "2022-01-12", "")]),
                ],
                &[("a", "65-KH/TU", "b", "65-KH/TU", false)],
            ),
            (
                "local, same province (spelled differently)",
                &[
                    ("a", "Kiên Giang", "", "", &[("65-KH/TU", "2022-01-12", "")]),
                    (
                        "b",
                        "tỉnh Kiên Giang",
                        "",
                        "",
                        &[("65-KH/TU", "", "Tỉnh ủy")],
                    ),
                ],
                &[("a", "65-KH/TU", "b", "65-KH/TU", true)],
            ),
            (
                "local, provinces unknown: scoped to each document",
                &[
                    ("a", "", "", "", &[("65-KH/TU", "2022-01-12", "")]),
                    ("b", "", "", "", &[("65-KH/TU", "2022-01-12", "")]),
                ],
                &[("a", "65-KH/TU", "b", "65-KH/TU", false)],
            ),
            (
                "corpus document is the node its province cites",
                &[
                    ("plan", "Kiên Giang", "65-KH/TU", "2022-01-12", &[]),
                    ("a", "Kiên Giang", "", "", &[("65-KH/TU", "2022-01-12", "")]),
                    ("b", "Kiên Giang", "", "", &[("65-KH/TU", "", "")]),
                ],
                &[
                    ("plan", "", "a", "65-KH/TU", true),
                    ("plan", "", "b", "65-KH/TU", true),
                ],
            ),
            (
                "corpus document of another province is not",
                &[
                    ("plan", "Vĩnh Long", "65-KH/TU", "2022-01-12", &[]),
                    ("a", "Kiên Giang", "", "", &[("65-KH/TU", "2022-01-12", "")]),
                ],
                &[("plan", "", "a", "65-KH/TU", false)],
            ),
            (
                "corpus document with another date is not",
                &[
                    ("plan", "Kiên Giang", "65-KH/TU", "2017-03-01", &[]),
                    ("a", "Kiên Giang", "", "", &[("65-KH/TU", "2022-01-12", "")]),
                ],
                &[("plan", "", "a", "65-KH/TU", false)],
            ),
            (
                "central corpus document is cited from anywhere",
                &[
                    ("kl", "", "21-KL/TW", "2021-10-25", &[]),
                    ("a", "Kiên Giang", "", "", &[("21-KL/TW", "2021-10-25", "")]),
                ],
                &[("kl", "", "a", "21-KL/TW", true)],
            ),
            (
                "an older namesake with the document's number is not itself",
                &[
                    (
                        "plan",
                        "Kiên Giang",
                        "60-KH/TU",
                        "2022-03-22",
                        &[("60-KH/TU", "2017-05-02", "")],
                    ),
                    ("b", "Kiên Giang", "", "", &[("60-KH/TU", "2022-03-22", "")]),
                ],
                &[
                    ("plan", "60-KH/TU", "plan", "", false),
                    ("b", "60-KH/TU", "plan", "", true),
                ],
            ),
            (
                "two corpus documents are never one node",
                &[
                    ("p1", "Kiên Giang", "65-KH/TU", "2022-01-12", &[]),
                    ("p2", "Kiên Giang", "65-KH/TU", "2022-01-12", &[]),
                ],
                &[("p1", "", "p2", "", false)],
            ),
        ];
        for (name, docs, expects) in CASES {
            let mut b = GraphBuilder::new();
            for doc in *docs {
                b.add(doc.0, &record(doc));
            }
            let g = b.finish();
            for (da, ra, db, rb, same) in *expects {
                let (na, nb) = (node_of(&g, da, ra), node_of(&g, db, rb));
                assert_eq!(
                    na == nb,
                    *same,
                    "case {name:?}: {da}:{ra} vs {db}:{rb} ({:?} vs {:?})",
                    g.g[na].key,
                    g.g[nb].key
                );
            }
        }
    }

    #[test]
    fn a_document_citing_its_own_number_is_itself() {
        let doc: Doc = (
            "plan",
            "Kiên Giang",
            "60-KH/TU",
            "2022-03-22",
            &[("60-kh/tu", "", ""), ("21-KL/TW", "", "")],
        );
        let mut b = GraphBuilder::new();
        b.add(doc.0, &record(&doc));
        let g = b.finish();
        assert_eq!(g.node_count(), 2, "the plan and 21-KL/TW");
        assert_eq!(g.edge_count(), 1, "no self-loop");
    }

    #[test]
    fn gold_nodes_and_edges() {
        let g = crate::graph::testutil::gold_graph();
        assert_eq!(g.by_id.len(), 5);
        // One 21-KL/TW for 000, 001 and 002 (dated, dated, undated).
        let kl = g.nodes_by_ref("21-KL/TW");
        assert_eq!(kl.len(), 1, "{kl:?}");
        assert_eq!(kl[0].key, "21-KL/TW@2021-10-25");
        // 001 has no province: its 65-KH/TU is scoped to 001.
        let kh = g.nodes_by_ref("65-KH/TU");
        assert_eq!(kh.len(), 1);
        assert_eq!(kh[0].scope, Scope::Document("001_f48e0f285acd8aa3".into()));
        // 2323-CV/TU is scoped to Vĩnh Long (004's province).
        let cv = g.nodes_by_ref("2323-CV/TU");
        assert_eq!(cv.len(), 1);
        assert_eq!(cv[0].province.as_deref(), Some("Vĩnh Long"));
        // No self loops, and the 000's attached_to starts at a name node.
        for e in g.g.edge_indices() {
            let (a, b) = g.g.edge_endpoints(e).unwrap_or_else(|| unreachable!());
            assert_ne!(a, b);
        }
        let d4 = g.by_id["004_720b4a823c11e609"];
        let attached: Vec<_> =
            g.g.edges(d4)
                .filter(|e| e.weight().kind == RelationKind::AttachedTo)
                .map(|e| g.g[e.target()].label())
                .collect();
        assert_eq!(attached, ["2772/QĐ-UBND"]);
    }
}
