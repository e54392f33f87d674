//! Exports of a [`Subgraph`]: json (nodes + edges), Graphviz dot, Mermaid,
//! GraphML, and an SVG drawn in-process (no external programs): nodes in
//! layers by their distance from the root, boxes with the reference or short
//! title, arrows labelled with the edge kind.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::str::FromStr;

use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::extract::RelationKind;

use super::query::{EvidenceOut, NodeSummary, Subgraph};
use super::truncate_chars;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Dot,
    Mermaid,
    Graphml,
    Svg,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Json,
        Format::Dot,
        Format::Mermaid,
        Format::Graphml,
        Format::Svg,
    ];

    /// The name used on the command line and in `format=`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Mermaid => "mermaid",
            Format::Graphml => "graphml",
            Format::Svg => "svg",
        }
    }

    /// HTTP content type of the rendered text.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Dot => "text/vnd.graphviz; charset=utf-8",
            Format::Mermaid => "text/plain; charset=utf-8",
            Format::Graphml => "application/graphml+xml; charset=utf-8",
            Format::Svg => "image/svg+xml",
        }
    }
}

/// The format name was not one of json, dot, mermaid, graphml, svg.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}` (expected json, dot, mermaid, graphml or svg)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or(UnknownFormat(s))
    }
}

#[derive(Serialize)]
struct JsonNode {
    #[serde(flatten)]
    node: NodeSummary,
    depth: usize,
    root: bool,
}

#[derive(Serialize)]
struct JsonEdge {
    from: String,
    to: String,
    kind: RelationKind,
    #[serde(skip_serializing_if = "is_zero")]
    mentions: u32,
    evidence: Vec<EvidenceOut>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct JsonGraph {
    roots: Vec<String>,
    truncated: bool,
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
}

/// Escape text for XML content and attribute values; drops characters XML 1.0
/// does not allow.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

impl Subgraph<'_> {
    /// Render in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => self.to_json(),
            Format::Dot => self.to_dot(),
            Format::Mermaid => self.to_mermaid(),
            Format::Graphml => self.to_graphml(),
            Format::Svg => self.to_svg(),
        }
    }

    fn node(&self, ix: NodeIndex) -> &super::Node {
        &self.graph.g[ix]
    }

    /// Second display line: type, date, province.
    fn subtitle(&self, ix: NodeIndex) -> String {
        let n = self.node(ix);
        let mut parts: Vec<String> = Vec::new();
        if n.is_corpus() {
            if let Some(t) = &n.title {
                parts.push(t.clone());
            }
        } else {
            parts.push(n.doc_type.label().to_string());
        }
        if let Some(d) = n.date {
            parts.push(d.format("%d/%m/%Y").to_string());
        }
        if let Some(p) = &n.province {
            parts.push(p.clone());
        }
        parts.join(" · ")
    }

    /// Nodes plus edges as JSON, with each edge's evidence.
    pub fn to_json(&self) -> String {
        let roots: Vec<String> = self
            .roots
            .iter()
            .map(|&r| self.node(r).key.clone())
            .collect();
        let nodes = self
            .nodes
            .iter()
            .map(|&(ix, depth)| JsonNode {
                node: NodeSummary::of(self.node(ix)),
                depth,
                root: self.roots.contains(&ix),
            })
            .collect();
        let edges = self
            .edges
            .iter()
            .filter_map(|&e| {
                let (a, b) = self.graph.g.edge_endpoints(e)?;
                let w = &self.graph.g[e];
                Some(JsonEdge {
                    from: self.node(a).key.clone(),
                    to: self.node(b).key.clone(),
                    kind: w.kind,
                    mentions: w.mentions,
                    evidence: w
                        .evidence
                        .iter()
                        .map(|ev| self.graph.evidence_out(ev))
                        .collect(),
                })
            })
            .collect();
        let out = JsonGraph {
            roots,
            truncated: self.truncated,
            nodes,
            edges,
        };
        serde_json::to_string_pretty(&out).unwrap_or_else(|e| {
            // Serialising plain strings and numbers cannot fail; keep it total.
            format!("{{\"error\": \"{}\"}}", dot_escape(&e.to_string()))
        })
    }

    /// Graphviz dot.
    pub fn to_dot(&self) -> String {
        let mut s = String::from("digraph vanban {\n  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\"];\n  edge [fontname=\"sans-serif\", fontsize=10];\n");
        for &(ix, _) in &self.nodes {
            let n = self.node(ix);
            let fill = if n.is_corpus() { "#dbeafe" } else { "#f6f8fa" };
            let pen = if self.roots.contains(&ix) { 2 } else { 1 };
            let _ = writeln!(
                s,
                "  \"{}\" [label=\"{}\\n{}\", fillcolor=\"{fill}\", penwidth={pen}];",
                dot_escape(&n.key),
                dot_escape(&n.label()),
                dot_escape(&truncate_chars(&self.subtitle(ix), 60)),
            );
        }
        for &e in &self.edges {
            if let Some((a, b)) = self.graph.g.edge_endpoints(e) {
                let k = self.graph.g[e].kind;
                let _ = writeln!(
                    s,
                    "  \"{}\" -> \"{}\" [label=\"{}\", color=\"{}\"{}];",
                    dot_escape(&self.node(a).key),
                    dot_escape(&self.node(b).key),
                    k.slug(),
                    edge_color(k),
                    if k == RelationKind::Cites {
                        ", style=dashed"
                    } else {
                        ""
                    }
                );
            }
        }
        s.push_str("}\n");
        s
    }

    /// A Mermaid flowchart.
    pub fn to_mermaid(&self) -> String {
        let mut s = String::from("flowchart BT\n");
        let ids: HashMap<NodeIndex, String> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, &(ix, _))| (ix, format!("n{i}")))
            .collect();
        for &(ix, _) in &self.nodes {
            let n = self.node(ix);
            let _ = writeln!(s, "  {}[\"{}\"]", ids[&ix], mermaid_escape(&n.label()));
        }
        for &e in &self.edges {
            if let Some((a, b)) = self.graph.g.edge_endpoints(e) {
                let k = self.graph.g[e].kind;
                let arrow = if k == RelationKind::Cites {
                    "-.->"
                } else {
                    "-->"
                };
                let _ = writeln!(s, "  {} {arrow}|{}| {}", ids[&a], k.slug(), ids[&b]);
            }
        }
        let corpus: Vec<&str> = self
            .nodes
            .iter()
            .filter(|(ix, _)| self.node(*ix).is_corpus())
            .map(|(ix, _)| ids[ix].as_str())
            .collect();
        if !corpus.is_empty() {
            s.push_str("  classDef corpus fill:#dbeafe,stroke:#1f6feb\n");
            let _ = writeln!(s, "  class {} corpus", corpus.join(","));
        }
        s
    }

    /// GraphML (XML), with node and edge attributes as `data` keys.
    pub fn to_graphml(&self) -> String {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
             \x20 <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n\
             \x20 <key id=\"ref\" for=\"node\" attr.name=\"ref\" attr.type=\"string\"/>\n\
             \x20 <key id=\"doc_id\" for=\"node\" attr.name=\"id\" attr.type=\"string\"/>\n\
             \x20 <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n\
             \x20 <key id=\"title\" for=\"node\" attr.name=\"title\" attr.type=\"string\"/>\n\
             \x20 <key id=\"doc_type\" for=\"node\" attr.name=\"doc_type\" attr.type=\"string\"/>\n\
             \x20 <key id=\"date\" for=\"node\" attr.name=\"date\" attr.type=\"string\"/>\n\
             \x20 <key id=\"issuer\" for=\"node\" attr.name=\"issuer\" attr.type=\"string\"/>\n\
             \x20 <key id=\"province\" for=\"node\" attr.name=\"province\" attr.type=\"string\"/>\n\
             \x20 <key id=\"depth\" for=\"node\" attr.name=\"depth\" attr.type=\"int\"/>\n\
             \x20 <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n\
             \x20 <key id=\"mentions\" for=\"edge\" attr.name=\"mentions\" attr.type=\"int\"/>\n\
             \x20 <graph id=\"vanban\" edgedefault=\"directed\">\n",
        );
        for &(ix, depth) in &self.nodes {
            let n = self.node(ix);
            let _ = writeln!(s, "    <node id=\"{}\">", xml_escape(&n.key));
            let mut data = |k: &str, v: Option<String>| {
                if let Some(v) = v {
                    let _ = writeln!(s, "      <data key=\"{k}\">{}</data>", xml_escape(&v));
                }
            };
            data("label", Some(n.label()));
            data("ref", n.reference.clone());
            data("doc_id", n.id.clone());
            data("name", n.name.clone());
            data("title", n.title.clone());
            data("doc_type", Some(n.doc_type.slug().to_string()));
            data("date", n.date.map(|d| d.to_string()));
            data("issuer", n.issuer.clone());
            data("province", n.province.clone());
            data("depth", Some(depth.to_string()));
            s.push_str("    </node>\n");
        }
        for &e in &self.edges {
            if let Some((a, b)) = self.graph.g.edge_endpoints(e) {
                let w = &self.graph.g[e];
                let _ = writeln!(
                    s,
                    "    <edge source=\"{}\" target=\"{}\">\n      <data key=\"kind\">{}</data>",
                    xml_escape(&self.node(a).key),
                    xml_escape(&self.node(b).key),
                    w.kind.slug()
                );
                if w.mentions > 0 {
                    let _ = writeln!(s, "      <data key=\"mentions\">{}</data>", w.mentions);
                }
                s.push_str("    </edge>\n");
            }
        }
        s.push_str("  </graph>\n</graphml>\n");
        s
    }

    /// A standalone SVG: one band of boxes per depth (the root at the top),
    /// wrapped into rows, arrows labelled with the edge kind.
    pub fn to_svg(&self) -> String {
        const BOX_W: f64 = 300.0;
        const BOX_H: f64 = 46.0;
        const GAP_X: f64 = 28.0;
        const GAP_Y: f64 = 70.0;
        const MARGIN: f64 = 24.0;
        const PER_ROW: usize = 6;

        // Layers by depth; inside a layer corpus documents first, then by label.
        let max_depth = self.nodes.iter().map(|&(_, d)| d).max().unwrap_or(0);
        let mut layers: Vec<Vec<NodeIndex>> = vec![Vec::new(); max_depth + 1];
        for &(ix, d) in &self.nodes {
            layers[d].push(ix);
        }
        for layer in &mut layers {
            layer.sort_by_key(|&ix| {
                let n = self.node(ix);
                (!n.is_corpus(), n.label())
            });
        }
        let widest = layers
            .iter()
            .map(|l| l.len().clamp(1, PER_ROW))
            .max()
            .unwrap_or(1);
        let width = MARGIN * 2.0 + widest as f64 * BOX_W + (widest as f64 - 1.0) * GAP_X;
        let mut pos: HashMap<NodeIndex, (f64, f64)> = HashMap::new(); // box centres
        let mut y = MARGIN + 24.0;
        for layer in &layers {
            for row in layer.chunks(PER_ROW) {
                let row_w = row.len() as f64 * BOX_W + (row.len() as f64 - 1.0) * GAP_X;
                let mut x = (width - row_w) / 2.0;
                for &ix in row {
                    pos.insert(ix, (x + BOX_W / 2.0, y + BOX_H / 2.0));
                    x += BOX_W + GAP_X;
                }
                y += BOX_H + GAP_Y;
            }
        }
        // Room below the last row for arcs between boxes of one row.
        let height = y - GAP_Y + MARGIN + 40.0;

        let mut s = String::new();
        let _ = writeln!(
            s,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
             viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\">"
        );
        s.push_str("  <defs>\n");
        for k in KINDS {
            let _ = writeln!(
                s,
                "    <marker id=\"arrow-{slug}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
                 markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">\
                 <path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"{color}\"/></marker>",
                slug = k.slug(),
                color = edge_color(k)
            );
        }
        s.push_str("  </defs>\n  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        let root_labels: Vec<String> = self.roots.iter().map(|&r| self.node(r).label()).collect();
        let _ = writeln!(
            s,
            "  <text x=\"{MARGIN}\" y=\"{:.0}\" font-size=\"13\" fill=\"#57606a\">{}</text>",
            MARGIN + 4.0,
            xml_escape(&format!(
                "{}{}",
                root_labels.join(", "),
                if self.truncated { " (truncated)" } else { "" }
            ))
        );

        // Edges under the boxes: one line per ordered pair, labelled with
        // every kind it carries, coloured by the strongest.
        let mut pairs: Vec<((NodeIndex, NodeIndex), Vec<RelationKind>)> = Vec::new();
        for &e in &self.edges {
            let Some(ends) = self.graph.g.edge_endpoints(e) else {
                continue;
            };
            let k = self.graph.g[e].kind;
            match pairs.iter_mut().find(|(p, _)| *p == ends) {
                Some((_, kinds)) => kinds.push(k),
                None => pairs.push((ends, vec![k])),
            }
        }
        s.push_str("  <g class=\"edges\" font-size=\"10\">\n");
        for ((a, b), mut kinds) in pairs {
            let (Some(&pa), Some(&pb)) = (pos.get(&a), pos.get(&b)) else {
                continue;
            };
            kinds.sort_by_key(|k| KINDS.iter().position(|x| x == k));
            let k = kinds[0];
            let label = kinds
                .iter()
                .map(|k| k.slug())
                .collect::<Vec<_>>()
                .join(" + ");
            let dash = if k == RelationKind::Cites {
                " stroke-dasharray=\"4 3\""
            } else {
                ""
            };
            let (d, lx, ly) = if (pa.1 - pb.1).abs() < 1.0 {
                // Same row: arc below the boxes instead of crossing them.
                let (x1, y1) = (pa.0, pa.1 + BOX_H / 2.0);
                let (x2, y2) = (pb.0, pb.1 + BOX_H / 2.0);
                let cy = y1 + 24.0 + (x2 - x1).abs() * 0.08;
                let cx = (x1 + x2) / 2.0;
                (
                    format!("M {x1:.1} {y1:.1} Q {cx:.1} {cy:.1} {x2:.1} {y2:.1}"),
                    cx,
                    (y1 + cy) / 2.0 + 4.0,
                )
            } else {
                let (x1, y1) = clip(pa, pb, BOX_W, BOX_H);
                let (x2, y2) = clip(pb, pa, BOX_W, BOX_H);
                (
                    format!("M {x1:.1} {y1:.1} L {x2:.1} {y2:.1}"),
                    (x1 + x2) / 2.0,
                    (y1 + y2) / 2.0 - 2.0,
                )
            };
            let _ = writeln!(
                s,
                "    <path d=\"{d}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.2\"{dash} \
                 marker-end=\"url(#arrow-{slug})\"/>",
                c = edge_color(k),
                slug = k.slug()
            );
            let _ = writeln!(
                s,
                "    <text x=\"{lx:.1}\" y=\"{ly:.1}\" fill=\"{}\" text-anchor=\"middle\">{label}</text>",
                edge_color(k),
            );
        }
        s.push_str("  </g>\n  <g class=\"nodes\">\n");
        for &(ix, depth) in &self.nodes {
            let Some(&(cx, cy)) = pos.get(&ix) else {
                continue;
            };
            let n = self.node(ix);
            let (fill, stroke) = if n.is_corpus() {
                ("#dbeafe", "#1f6feb")
            } else {
                ("#f6f8fa", "#8c959f")
            };
            let sw = if self.roots.contains(&ix) { 2.5 } else { 1.0 };
            let tooltip = [
                Some(n.label()),
                n.title.clone().or(n.name.clone()),
                n.issuer.clone(),
                n.date.map(|d| d.to_string()),
                n.id.clone(),
                Some(format!("depth {depth}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" — ");
            let _ = writeln!(
                s,
                "    <g>\n      <title>{}</title>\n      <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>\n      <text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1f2328\">{}</text>\n      <text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#57606a\">{}</text>\n    </g>",
                xml_escape(&tooltip),
                cx - BOX_W / 2.0,
                cy - BOX_H / 2.0,
                cy - 4.0,
                xml_escape(&n.label()),
                cy + 13.0,
                xml_escape(&truncate_chars(&self.subtitle(ix), 52)),
            );
        }
        s.push_str("  </g>\n</svg>\n");
        s
    }
}

const KINDS: [RelationKind; 4] = [
    RelationKind::Implements,
    RelationKind::Continues,
    RelationKind::AttachedTo,
    RelationKind::Cites,
];

fn edge_color(k: RelationKind) -> &'static str {
    match k {
        RelationKind::Implements => "#1f6feb",
        RelationKind::Continues => "#8250df",
        RelationKind::AttachedTo => "#bf8700",
        RelationKind::Cites => "#8c959f",
    }
}

/// Where the segment from box centre `a` towards `b` leaves box `a`.
fn clip(a: (f64, f64), b: (f64, f64), w: f64, h: f64) -> (f64, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    if dx == 0.0 && dy == 0.0 {
        return a;
    }
    let tx = if dx != 0.0 {
        (w / 2.0) / dx.abs()
    } else {
        f64::INFINITY
    };
    let ty = if dy != 0.0 {
        (h / 2.0) / dy.abs()
    } else {
        f64::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    (a.0 + dx * t, a.1 + dy * t)
}

/// A small XML well-formedness checker for tests: balanced tags, quoted
/// attributes, known entities, no stray `<` or `&`.
#[cfg(test)]
pub(crate) fn check_xml(xml: &str) -> Result<usize, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0;
    let mut rest = xml;
    let check_text = |t: &str| -> Result<(), String> {
        let mut r = t;
        while let Some(i) = r.find('&') {
            let after = &r[i + 1..];
            let end = after.find(';').ok_or_else(|| format!("bare & in {t:?}"))?;
            let ent = &after[..end];
            let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                || (ent.starts_with('#') && ent.len() > 1);
            if !ok {
                return Err(format!("unknown entity &{ent};"));
            }
            r = &after[end + 1..];
        }
        if t.contains('>') && !t.trim().is_empty() {
            // '>' is allowed in text, but our writer always escapes it.
            return Err(format!("unescaped > in {t:?}"));
        }
        Ok(())
    };
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt])?;
        let after = &rest[lt..];
        if let Some(body) = after.strip_prefix("<?") {
            let end = body.find("?>").ok_or("unterminated <?")?;
            rest = &body[end + 2..];
            continue;
        }
        if let Some(body) = after.strip_prefix("<!--") {
            let end = body.find("-->").ok_or("unterminated comment")?;
            rest = &body[end + 3..];
            continue;
        }
        let gt = after.find('>').ok_or("unterminated tag")?;
        let tag = &after[1..gt];
        rest = &after[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("close </{name}> without open"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.is_empty() || name.contains('<') {
            return Err(format!("bad tag name in <{tag}>"));
        }
        // Attributes: name="value" pairs.
        let mut attrs = tag[name_end..].trim();
        let mut seen = Vec::new();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .ok_or(format!("attribute without = in <{tag}>"))?;
            let an = attrs[..eq].trim();
            if an.is_empty() || an.contains(char::is_whitespace) || seen.contains(&an) {
                return Err(format!("bad or repeated attribute {an:?} in <{name}>"));
            }
            seen.push(an);
            let v = attrs[eq + 1..].trim_start();
            let q = v.chars().next().ok_or("attribute without value")?;
            if q != '"' && q != '\'' {
                return Err(format!("unquoted attribute {an} in <{name}>"));
            }
            let close = v[1..].find(q).ok_or("unterminated attribute")?;
            let value = &v[1..1 + close];
            if value.contains('<') {
                return Err(format!("< in attribute {an}"));
            }
            check_text(value)?;
            attrs = v[close + 2..].trim_start();
        }
        elements += 1;
        if !self_closing {
            stack.push(name.to_string());
        }
    }
    check_text(rest)?;
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> never closed"));
    }
    Ok(elements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testutil::gold_graph;

    #[test]
    fn formats_parse() {
        const CASES: &[(&str, Option<Format>)] = &[
            ("json", Some(Format::Json)),
            ("SVG", Some(Format::Svg)),
            (" dot ", Some(Format::Dot)),
            ("graphml", Some(Format::Graphml)),
            ("mermaid", Some(Format::Mermaid)),
            ("png", None),
            ("", None),
        ];
        for (s, want) in CASES {
            assert_eq!(s.parse::<Format>().ok(), *want, "{s:?}");
        }
    }

    #[test]
    fn xml_checker_rejects_broken_xml() {
        const BAD: &[&str] = &[
            "<a><b></a>",
            "<a>x & y</a>",
            "<a x=1/>",
            "<a>",
            "<a>&bogus;</a>",
            "<a x=\"1\" x=\"2\"/>",
        ];
        for b in BAD {
            assert!(check_xml(b).is_err(), "{b}");
        }
        assert_eq!(
            check_xml("<?xml version=\"1.0\"?><a x='1'><b/>t &amp; u</a>"),
            Ok(2)
        );
    }

    #[test]
    fn svg_of_21_kl_tw_depth_2_is_well_formed_and_labels_every_node() {
        let g = gold_graph();
        let sub = g.subgraph("21-KL/TW", 2, None).expect("known");
        let svg = sub.to_svg();
        let elements = check_xml(&svg).unwrap_or_else(|e| panic!("{e}"));
        assert!(elements > sub.nodes.len() * 3);
        assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        for &(ix, _) in &sub.nodes {
            let label = xml_escape(&g.g[ix].label());
            assert!(
                svg.contains(&format!(">{label}</text>")),
                "{label} not drawn"
            );
        }
        for k in ["implements", "cites"] {
            assert!(svg.contains(&format!(">{k}</text>")), "{k}");
        }
    }

    #[test]
    fn every_format_names_every_node() {
        let g = gold_graph();
        let sub = g.subgraph("99-QĐ/TW", 3, None).expect("known");
        for f in Format::ALL {
            let out = sub.render(f);
            for &(ix, _) in &sub.nodes {
                let label = g.g[ix].label();
                let shown = match f {
                    Format::Svg | Format::Graphml => xml_escape(&label),
                    Format::Dot => dot_escape(&label),
                    Format::Mermaid => mermaid_escape(&label),
                    Format::Json => serde_json::to_string(&label).unwrap_or_default(),
                };
                assert!(out.contains(&shown), "{}: {label}", f.name());
            }
            match f {
                Format::Json => {
                    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
                    assert_eq!(v["nodes"].as_array().map(Vec::len), Some(sub.nodes.len()));
                    assert_eq!(v["edges"].as_array().map(Vec::len), Some(sub.edges.len()));
                }
                Format::Graphml | Format::Svg => {
                    check_xml(&out).unwrap_or_else(|e| panic!("{}: {e}", f.name()));
                }
                Format::Dot => assert!(out.starts_with("digraph") && out.ends_with("}\n")),
                Format::Mermaid => assert!(out.starts_with("flowchart")),
            }
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(xml_escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(dot_escape("say \"hi\"\\"), "say \\\"hi\\\"\\\\");
        assert_eq!(mermaid_escape("“a” \"b\" #1"), "“a” #quot;b#quot; #35;1");
    }
}
