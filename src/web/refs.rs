//! `GET /refs` (the documents implemented by the most others) and
//! `GET /refs/{ref}?key=&direct=&page=&sort=&order=&edges=`: what the texts say
//! about a reference, which provinces carried it out and when (coverage), the
//! implementation graph, and the implementers grouped by province.
//!
//! A reused number (`65-KH/TU` of every province, `01-KH/TU` of every term)
//! names several documents: the page lists them apart and shows one at a time
//! (`key=` picks it).

use std::collections::HashMap;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, PreEscaped};

use super::document::node_link;
use super::fmt;
use super::layout::{self, Nav};
use super::{blocking, param, Params, WebError};
use crate::api::{AppState, Generation};
use crate::extract::RelationKind;
use crate::graph::coverage::{
    ByProvince, Coverage, Drawing, Implemented, ProvinceCoverage, ProvinceMap,
};
use crate::graph::{Format, Implementer, Implementers, NodeSummary};

/// Implementers per page.
pub const PER_PAGE: usize = 50;
/// Most nodes drawn in the graph.
pub const MAX_DRAWN: usize = 300;
/// Most nodes of the server-drawn SVG shown when scripts are off.
const MAX_SVG_NODES: usize = 120;
/// References listed on `/refs`.
const MOST_IMPLEMENTED: usize = 100;

/// How the coverage table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Province,
    Plans,
    First,
    Lag,
}

impl Sort {
    fn slug(self) -> &'static str {
        match self {
            Sort::Province => "province",
            Sort::Plans => "plans",
            Sort::First => "first",
            Sort::Lag => "lag",
        }
    }
}

/// What the visitor asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub reference: String,
    pub key: Option<String>,
    pub direct: bool,
    pub page: usize,
    pub sort: Sort,
    pub desc: bool,
    /// The address chose an order (the coverage table is then shown open).
    pub sorted: bool,
    pub cites: bool,
    pub depth: usize,
}

impl Form {
    pub fn read(reference: String, params: &Params) -> Result<Form, WebError> {
        let sort = match param(params, "sort") {
            None | Some("province") => Sort::Province,
            Some("plans") => Sort::Plans,
            Some("first") => Sort::First,
            Some("lag") => Sort::Lag,
            Some(v) => {
                return Err(super::error::bad_param(
                    "sort",
                    v,
                    "hãy dùng province, plans, first hoặc lag",
                ))
            }
        };
        let desc = match param(params, "order") {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(v) => {
                return Err(super::error::bad_param(
                    "order",
                    v,
                    "hãy dùng asc hoặc desc",
                ))
            }
        };
        let flag = |name: &str| -> Result<bool, WebError> {
            match param(params, name) {
                None | Some("0" | "false" | "no") => Ok(false),
                Some("1" | "true" | "yes") => Ok(true),
                Some(v) => Err(super::error::bad_param(name, v, "hãy dùng 1 hoặc 0")),
            }
        };
        let depth = match param(params, "depth") {
            None => 2,
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|d| (1..=4).contains(d))
                .ok_or_else(|| super::error::bad_param("depth", v, "hãy dùng một số từ 1 đến 4"))?,
        };
        Ok(Form {
            reference,
            key: param(params, "key").map(str::to_string),
            direct: flag("direct")?,
            page: super::page_number(params, 100_000)?,
            sort,
            desc,
            sorted: param(params, "sort").is_some() || param(params, "order").is_some(),
            cites: param(params, "edges")
                .is_some_and(|e| e.split(',').any(|k| k.trim() == "cites")),
            depth,
        })
    }

    /// This page's address with some values changed.
    fn href(&self, key: &str, change: &[(&str, &str)]) -> String {
        let page = self.page.to_string();
        let depth = self.depth.to_string();
        let mut pairs: Vec<(&str, &str)> = vec![
            ("key", key),
            ("direct", if self.direct { "1" } else { "" }),
            ("page", if self.page > 1 { page.as_str() } else { "" }),
            (
                "sort",
                if self.sort == Sort::Province {
                    ""
                } else {
                    self.sort.slug()
                },
            ),
            ("order", if self.desc { "desc" } else { "" }),
            (
                "edges",
                if self.cites {
                    "implements,continues,cites"
                } else {
                    ""
                },
            ),
            ("depth", if self.depth == 2 { "" } else { depth.as_str() }),
        ];
        for (k, v) in change {
            if let Some(p) = pairs.iter_mut().find(|(n, _)| n == k) {
                p.1 = v;
            }
        }
        // `key` is only needed when the number names several documents.
        if key == self.reference {
            pairs.retain(|(n, _)| *n != "key");
        }
        format!("{}{}", fmt::ref_href(&self.reference), fmt::query(&pairs))
    }
}

/// Everything the page shows.
#[derive(Debug)]
pub struct RefPage {
    pub form: Form,
    /// Every document the reference names.
    pub targets: Vec<NodeSummary>,
    /// The one shown.
    pub selected: NodeSummary,
    pub coverage: Coverage,
    pub implementers: Implementers,
    /// Issuer level slug by corpus id, for the implementers on this page.
    pub levels: HashMap<String, String>,
    pub drawing: Drawing,
    /// Keys of the implementers on this page issued by central bodies.
    pub central: std::collections::HashSet<String>,
    /// The server-drawn SVG of the same neighbourhood (when small enough).
    pub svg: Option<String>,
}

/// Read what the graph and the index know about a reference.
pub fn assemble(gen: &Generation, form: Form) -> Result<RefPage, WebError> {
    let targets = gen.graph.targets(&form.reference)?;
    let selected = match &form.key {
        Some(k) => targets
            .iter()
            .find(|t| &t.key == k)
            .cloned()
            .ok_or_else(|| WebError::NotFound {
                message: format!(
                    "Số hiệu `{}` không chỉ văn bản nào có khóa `{k}`.",
                    form.reference
                ),
                suggestions: targets
                    .iter()
                    .map(|t| (t.key.clone(), fmt::ref_key_href(&form.reference, &t.key)))
                    .collect(),
            })?,
        None => targets.first().cloned().ok_or_else(|| {
            WebError::not_found(format!(
                "Không có văn bản nào mang số hiệu `{}`.",
                form.reference
            ))
        })?,
    };
    let coverage = gen.graph.coverage(&selected.key)?;
    let implementers = gen.graph.implementers_by_province(
        &selected.key,
        &ByProvince {
            transitive: !form.direct,
            offset: (form.page - 1) * PER_PAGE,
            limit: Some(PER_PAGE),
        },
    )?;
    let ids: Vec<&str> = implementers
        .implementers
        .iter()
        .filter_map(|i| i.id.as_deref())
        .collect();
    let levels = gen.search.levels_of(&ids)?;
    let central = implementers
        .implementers
        .iter()
        .chain(&implementers.referenced_implementers)
        .filter(|i| i.province.is_none())
        .filter(|i| {
            gen.graph
                .summary_of(&i.key)
                .is_some_and(|n| n.scope == crate::graph::Scope::Central)
        })
        .map(|i| i.key.clone())
        .collect();
    let mut kinds = vec![RelationKind::Implements, RelationKind::Continues];
    if form.cites {
        kinds.push(RelationKind::Cites);
    }
    let sub = gen
        .graph
        .subgraph(&selected.key, form.depth, Some(&kinds))?;
    let drawing = sub.drawing(MAX_DRAWN);
    let svg = (sub.nodes.len() <= MAX_SVG_NODES).then(|| sub.render(Format::Svg));
    Ok(RefPage {
        form,
        targets,
        selected,
        coverage,
        implementers,
        levels,
        drawing,
        central,
        svg,
    })
}

/// `GET /refs/{ref}`.
pub async fn page(
    State(s): State<AppState>,
    reference: Result<Path<String>, PathRejection>,
    q: Result<Query<Params>, QueryRejection>,
) -> Result<Markup, WebError> {
    let Path(reference) = reference
        .map_err(|e| WebError::BadRequest(format!("Số hiệu không đọc được: {}", e.body_text())))?;
    let form = Form::read(reference.trim().to_string(), &super::params(q)?)?;
    let gen = s.current();
    let p = blocking(move || assemble(&gen, form)).await?;
    Ok(render(&p))
}

pub fn render(p: &RefPage) -> Markup {
    let t = &p.selected;
    let name = fmt::node_name(t);
    let title = match t.doc_type {
        crate::extract::DocType::Other => name.clone(),
        d => format!("{} {}", d.label(), name),
    };
    let body = html! {
        p.meta { a href="/refs" { "Thực hiện & bao phủ" } " › " (p.form.reference) }
        h1 { (title) }
        @if p.targets.len() > 1 { (targets(p)) }
        (about(t))
        @if p.coverage.applicable { (coverage(p)) }
        @else {
            h2 #coverage { "Bao phủ theo tỉnh" }
            p.muted { "Đây không phải văn bản Trung ương (" (fmt::scope_label(&t.scope)) "): nó được thực hiện trong phạm vi của cơ quan ban hành, nên không có bảng bao phủ theo tỉnh." }
        }
        (graph(p))
        (implementers(p))
    };
    layout::page_with(
        &title,
        Nav::Refs,
        body,
        &["cytoscape.min.js", "cytoscape-dagre.min.js", "app.js"],
    )
}

fn targets(p: &RefPage) -> Markup {
    html! {
        section.box {
            p {
                "Số hiệu " strong { (p.form.reference) } " chỉ " (p.targets.len())
                " văn bản khác nhau (số hiệu được đánh lại theo nhiệm kỳ và theo từng tỉnh); mỗi văn bản được trình bày riêng:"
            }
            ul {
                @for t in &p.targets {
                    li {
                        @if t.key == p.selected.key { strong { "▸ " } }
                        a href=(fmt::ref_key_href(&p.form.reference, &t.key)) { (fmt::node_name(t)) }
                        span.muted {
                            @if let Some(d) = t.date { " · " (fmt::date(d)) }
                            @if let Some(i) = &t.issuer { " · " (i) }
                            " · " (fmt::scope_label(&t.scope))
                            @if t.id.is_some() { " · có trong kho" }
                        }
                    }
                }
            }
        }
    }
}

fn about(t: &NodeSummary) -> Markup {
    html! {
        div.table-wrap {
            table.data.meta {
                tr { th { "Số hiệu" } td { (t.reference.as_deref().unwrap_or("—")) } }
                @if let Some(n) = &t.name { tr { th { "Tên gọi trong văn bản" } td { (n) } } }
                tr { th { "Loại" } td { (t.doc_type.label()) } }
                tr { th { "Ngày ban hành" } td { (fmt::date_or_dash(t.date)) } }
                tr { th { "Cơ quan ban hành" } td { (t.issuer.as_deref().unwrap_or("—")) } }
                tr { th { "Phạm vi" } td { (fmt::scope_label(&t.scope)) } }
                tr { th { "Trong kho" } td {
                    @match &t.id {
                        Some(id) => { "có — " a href=(fmt::doc_href(id)) { (t.title.as_deref().unwrap_or(id)) } }
                        None => { "không — chỉ biết qua các văn bản trích dẫn nó (loại, ngày và cơ quan ở trên là điều các văn bản đó nói về nó)" }
                    }
                } }
            }
        }
    }
}

fn coverage(p: &RefPage) -> Markup {
    let c = &p.coverage;
    let f = &p.form;
    let n = c.provinces.len();
    let mut rows: Vec<&ProvinceCoverage> = c.provinces.iter().collect();
    sort_rows(&mut rows, f.sort, f.desc);
    let mut by_name: Vec<&ProvinceCoverage> = c.provinces.iter().collect();
    sort_rows(&mut by_name, Sort::Province, false);
    let max_lag = c
        .provinces
        .iter()
        .filter_map(|r| r.lag_days)
        .max()
        .unwrap_or(0)
        .max(1);
    let map = match c.map {
        ProvinceMap::Before2025 => "63 tỉnh, thành phố (trước 1/7/2025)",
        ProvinceMap::From2025 => "34 tỉnh, thành phố (từ 1/7/2025)",
    };
    let head = |s: Sort, text: &str| -> Markup {
        let active = f.sort == s;
        let next_desc = active && !f.desc;
        let href = p.form.href(
            &p.selected.key,
            &[
                ("sort", s.slug()),
                ("order", if next_desc { "desc" } else { "asc" }),
                ("page", ""),
            ],
        );
        let aria = if !active {
            None
        } else if f.desc {
            Some("descending")
        } else {
            Some("ascending")
        };
        html! { a.sort href=(format!("{href}#coverage")) aria-sort=[aria] { (text) } }
    };
    html! {
        h2 #coverage { "Bao phủ theo tỉnh" }
        p.summary {
            strong { (c.covered) "/" (n) } " tỉnh, thành phố có văn bản thực hiện "
            (fmt::node_name(&c.target)) "."
            span.muted { " Danh sách: " (map) "." }
        }
        @if c.since.is_none() {
            p.muted { "Chưa rõ ngày ban hành của văn bản nên chưa tính được độ trễ." }
        }
        @let notes = notes(c);
        @if !notes.is_empty() { p.muted { (notes) } }
        ul.provinces aria-label="Các tỉnh, thành phố: có màu là đã có văn bản thực hiện" {
            @for r in &by_name {
                @let tip = match (&r.first, r.lag_days) {
                    (Some(f), Some(l)) => format!("{}: {} ngày ({})", f.number.as_deref().unwrap_or(&f.key), l, fmt::date(f.date)),
                    (Some(f), None) => format!("{}: {}", f.number.as_deref().unwrap_or(&f.key), fmt::date(f.date)),
                    (None, _) if r.plans > 0 => format!("{} văn bản, chưa rõ ngày", r.plans),
                    _ => "chưa có văn bản thực hiện".to_string(),
                };
                li.has[r.plans > 0] title=(tip) {
                    (r.province)
                    @if let Some(l) = r.lag_days { " " small { (l) "\u{a0}ngày" } }
                }
            }
        }
        @let charted: Vec<&&ProvinceCoverage> = rows.iter().filter(|r| r.lag_days.is_some()).collect();
        @if !charted.is_empty() {
            h3 { "Độ trễ từ ngày ban hành đến kế hoạch đầu tiên (ngày)" }
            div.bars role="img" aria-label="Biểu đồ độ trễ theo tỉnh" {
                @for r in &charted {
                    @let lag = r.lag_days.unwrap_or(0);
                    div.row {
                        span { (r.province) }
                        span.track { span.bar style=(format!("display:block;width:{:.1}%", (lag.max(0) as f64) * 100.0 / (max_lag as f64))) {} }
                        span.v { (lag) }
                    }
                }
            }
        }
        details.table open[f.sorted] {
        summary { "Bảng chi tiết: " (n) " tỉnh, thành phố (bấm tiêu đề cột để sắp xếp)" }
        div.table-wrap {
            table.data #coverage-table {
                thead { tr {
                    th { (head(Sort::Province, "Tỉnh, thành phố")) }
                    th { (head(Sort::Plans, "Số văn bản")) }
                    th { (head(Sort::First, "Văn bản đầu tiên")) }
                    th { (head(Sort::Lag, "Độ trễ (ngày)")) }
                } }
                tbody {
                    @for r in &rows {
                        tr {
                            td { (r.province) }
                            td.num {
                                @if r.plans == 0 { span.no { "chưa có" } }
                                @else { span.yes { (r.plans) } @if r.corpus_plans < r.plans { span.muted { " (" (r.corpus_plans) " trong kho)" } } }
                            }
                            td {
                                @match &r.first {
                                    Some(first) => {
                                        @let label = first.number.clone().unwrap_or_else(|| first.key.clone());
                                        @match &first.id {
                                            Some(id) => a href=(fmt::doc_href(id)) { (label) },
                                            None => span { (label) },
                                        }
                                        span.muted { " · " (fmt::date(first.date)) @if !first.direct { " · gián tiếp" } }
                                    }
                                    None => { @if r.plans > 0 { span.muted { "chưa rõ ngày" } } @else { span.muted { "—" } } }
                                }
                            }
                            td.num { @match r.lag_days { Some(l) => { (l) }, None => { span.muted { "—" } } } }
                        }
                    }
                }
            }
        }
        }
    }
}

fn notes(c: &Coverage) -> String {
    let mut out = Vec::new();
    if c.central > 0 {
        out.push(format!(
            "{} văn bản thực hiện của cơ quan Trung ương (không thuộc tỉnh nào)",
            c.central
        ));
    }
    if c.unknown_province > 0 {
        out.push(format!(
            "{} văn bản thực hiện chưa rõ tỉnh (bổ sung bằng manifest.csv)",
            c.unknown_province
        ));
    }
    for (p, n) in &c.elsewhere {
        out.push(format!(
            "{n} văn bản của {p} (không có trong danh sách tỉnh của thời điểm này)"
        ));
    }
    if out.is_empty() {
        String::new()
    } else {
        format!("Ngoài bảng: {}.", out.join("; "))
    }
}

/// Sort coverage rows; rows without a value for the key go last either way.
pub fn sort_rows(rows: &mut [&ProvinceCoverage], sort: Sort, desc: bool) {
    use std::cmp::Ordering;
    let by_name = |a: &ProvinceCoverage, b: &ProvinceCoverage| {
        crate::graph::coverage::vietnamese_order(&a.province)
            .cmp(&crate::graph::coverage::vietnamese_order(&b.province))
    };
    let opt = |a: Option<i64>, b: Option<i64>| -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) => {
                if desc {
                    y.cmp(&x)
                } else {
                    x.cmp(&y)
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    };
    rows.sort_by(|a, b| {
        let primary = match sort {
            Sort::Province => {
                let o = by_name(a, b);
                if desc {
                    o.reverse()
                } else {
                    o
                }
            }
            Sort::Plans => {
                let o = a.plans.cmp(&b.plans);
                if desc {
                    o.reverse()
                } else {
                    o
                }
            }
            Sort::First => opt(
                a.first.as_ref().map(|f| f.date.num_days_from_ce_i64()),
                b.first.as_ref().map(|f| f.date.num_days_from_ce_i64()),
            ),
            Sort::Lag => opt(a.lag_days, b.lag_days),
        };
        primary.then_with(|| by_name(a, b))
    });
}

trait DaysFromCe {
    fn num_days_from_ce_i64(&self) -> i64;
}

impl DaysFromCe for chrono::NaiveDate {
    fn num_days_from_ce_i64(&self) -> i64 {
        i64::from(chrono::Datelike::num_days_from_ce(self))
    }
}

fn graph(p: &RefPage) -> Markup {
    let d = &p.drawing;
    let json = graph_json(d);
    let f = &p.form;
    let key = &p.selected.key;
    html! {
        h2 #graph { "Đồ thị thực hiện" }
        p.meta {
            "Mũi tên đi từ văn bản thực hiện đến văn bản được thực hiện; văn bản Trung ương ở trên. Bấm vào một nút để mở trang của nó. "
            @if f.cites {
                a href=(format!("{}#graph", f.href(key, &[("edges", "")]))) { "Chỉ quan hệ thực hiện" }
            } @else {
                a href=(format!("{}#graph", f.href(key, &[("edges", "implements,continues,cites")]))) { "Thêm quan hệ trích dẫn" }
            }
            " · "
            a href=(format!("/api/graph/subgraph{}", fmt::query(&[("root", key), ("depth", &f.depth.to_string()), ("format", "svg")]))) { "SVG" }
            " · "
            a href=(format!("/api/graph/subgraph{}", fmt::query(&[("root", key), ("depth", &f.depth.to_string()), ("format", "json")]))) { "JSON" }
        }
        @if d.truncated {
            p.muted { "Đồ thị lớn: chỉ vẽ " (d.nodes.len()) " nút gần nhất." }
        }
        div.graph #graph-box data-graph="graph-data" {
            @match &p.svg {
                Some(svg) => { (PreEscaped(strip_xml_declaration(svg))) }
                None => { p.muted { "Bật JavaScript để xem đồ thị (" (d.nodes.len()) " nút)." } }
            }
        }
        script type="application/json" #graph-data { (PreEscaped(json)) }
    }
}

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// The drawing as the JSON `app.js` reads, safe inside a `<script>` element.
pub fn graph_json(d: &Drawing) -> String {
    let nodes: Vec<serde_json::Value> = d
        .nodes
        .iter()
        .map(|(n, depth, root)| {
            let mut label = crate::graph::truncate_chars(&fmt::node_name(n), 40);
            if let Some(i) = &n.issuer {
                label.push('\n');
                label.push_str(&crate::graph::truncate_chars(i, 36));
            } else if let Some(p) = &n.province {
                label.push('\n');
                label.push_str(p);
            }
            if let Some(date) = n.date {
                label.push('\n');
                label.push_str(&fmt::date(date));
            }
            serde_json::json!({
                "id": n.key,
                "label": label,
                "href": fmt::node_href(n),
                "kind": if n.id.is_some() { "corpus" } else { "ref" },
                "central": n.scope == crate::graph::Scope::Central,
                "root": root,
                "depth": depth,
            })
        })
        .collect();
    let edges: Vec<serde_json::Value> = d
        .edges
        .iter()
        .map(|(a, b, k)| serde_json::json!({ "from": a, "to": b, "kind": k.slug() }))
        .collect();
    let json =
        serde_json::json!({ "nodes": nodes, "edges": edges, "truncated": d.truncated }).to_string();
    // `<` never appears raw, so `</script>` cannot end the element early.
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn implementers(p: &RefPage) -> Markup {
    let a = &p.implementers;
    let f = &p.form;
    let key = &p.selected.key;
    let pages = a.total.max(a.referenced_total).div_ceil(PER_PAGE).max(1);
    html! {
        h2 #implementers { "Văn bản thực hiện (" (a.total) " trong kho)" }
        p.meta {
            @if f.direct {
                "Chỉ văn bản thực hiện trực tiếp. "
                a href=(format!("{}#implementers", f.href(key, &[("direct", ""), ("page", "")]))) { "Gồm cả văn bản thực hiện qua văn bản khác" }
            } @else {
                "Trực tiếp và qua văn bản khác (đường dẫn cho biết qua đâu). "
                a href=(format!("{}#implementers", f.href(key, &[("direct", "1"), ("page", "")]))) { "Chỉ trực tiếp" }
            }
            " · "
            a href=(format!("/api/graph/implementers/{}{}", fmt::segment(key), fmt::query(&[("transitive", if f.direct { "false" } else { "true" })]))) { "JSON" }
        }
        @if a.implementers.is_empty() {
            p.empty { "Chưa có văn bản nào trong kho thực hiện văn bản này." }
        } @else {
            (implementer_table(&a.implementers, p))
        }
        @if !a.referenced_implementers.is_empty() {
            h3 { "Văn bản ngoài kho được nhắc là thực hiện nó (" (a.referenced_total) ")" }
            (implementer_table(&a.referenced_implementers, p))
        }
        @if pages > 1 {
            nav.pager aria-label="Trang" {
                @if f.page > 1 { a href=(format!("{}#implementers", f.href(key, &[("page", &(f.page - 1).to_string())]))) rel="prev" { "‹ Trước" } }
                span.current { (f.page) "/" (pages) }
                @if f.page < pages { a href=(format!("{}#implementers", f.href(key, &[("page", &(f.page + 1).to_string())]))) rel="next" { "Sau ›" } }
            }
        }
    }
}

fn implementer_table(list: &[Implementer], p: &RefPage) -> Markup {
    let levels = &p.levels;
    // Consecutive implementers of one province (the list is ordered by province).
    let mut groups: Vec<(String, Vec<&Implementer>)> = Vec::new();
    for i in list {
        let label = match i.province.as_deref() {
            Some(pr) => pr.to_string(),
            None if p.central.contains(&i.key) => "Cơ quan Trung ương".to_string(),
            None => "Chưa rõ tỉnh".to_string(),
        };
        match groups.last_mut() {
            Some((l, v)) if *l == label => v.push(i),
            _ => groups.push((label, vec![i])),
        }
    }
    html! {
        div.table-wrap {
            table.data.cards {
                thead { tr { th { "Văn bản" } th { "Cấp" } th { "Ngày" } th { "Đường dẫn" } th { "Câu nói rõ điều đó" } } }
                tbody {
                    @for (province, members) in &groups {
                        tr.group { th colspan="5" { (province) " (" (members.len()) ")" } }
                        @for i in members {
                        tr {
                            td {
                                @let label = i.number.clone().or_else(|| i.title.clone()).unwrap_or_else(|| i.key.clone());
                                @match &i.id {
                                    Some(id) => a href=(fmt::doc_href(id)) { (label) },
                                    None => span { (label) },
                                }
                                @if let Some(t) = &i.title { @if i.number.is_some() { br; span.muted { (crate::graph::truncate_chars(t, 120)) } } }
                                @if let Some(iss) = &i.issuer { br; span.muted { (iss) } }
                            }
                            td data-label="Cấp" { (i.id.as_deref().and_then(|id| levels.get(id)).map(|l| fmt::level_slug_label(l)).unwrap_or_else(|| "—".to_string())) }
                            td.date data-label="Ngày" { (fmt::date_or_dash(i.date)) }
                            td data-label="Đường dẫn" {
                                // The path from the implementer (this row) up to the reference.
                                @for n in i.path.iter().skip(1) {
                                    "→ "
                                    @match (&n.id, &n.reference) {
                                        (Some(id), _) => a href=(fmt::doc_href(id)) { (n.label) },
                                        (None, Some(r)) => a href=(fmt::ref_key_href(r, &n.key)) { (n.label) },
                                        _ => span { (n.label) },
                                    }
                                    " "
                                }
                                @if i.direct { br; span.yes { "trực tiếp" } } @else { br; span.muted { "qua " (i.path.len().saturating_sub(2)) " văn bản" } }
                            }
                            td.text data-label="Câu nói rõ" {
                                @match &i.evidence {
                                    Some(ev) => {
                                        @if let Some(s) = &ev.sentence { "“" (s) "”" }
                                        @if let Some(sec) = &ev.section { br; span.muted { "mục " (sec) } }
                                        @if let Some([a, _]) = ev.span {
                                            " " a href=(format!("{}#t-{a}", fmt::doc_href(&ev.doc))) title="Xem trong văn bản" { "↗" }
                                        }
                                    }
                                    None => span.muted { "—" },
                                }
                            }
                        }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /refs?ref=`: a reference typed in the box goes to its page; without
/// one, the documents implemented by the most others.
pub async fn index(
    State(s): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> Result<Response, WebError> {
    let params = super::params(q)?;
    if let Some(r) = param(&params, "ref") {
        return Ok(Redirect::to(&fmt::ref_href(r)).into_response());
    }
    let gen = s.current();
    let list = blocking(move || Ok(gen.graph.most_implemented(MOST_IMPLEMENTED))).await?;
    Ok(render_index(&list).into_response())
}

fn render_index(list: &[Implemented]) -> Markup {
    let body = html! {
        h1 { "Thực hiện & bao phủ" }
        p { "Mở trang của một văn bản để xem văn bản nào thực hiện nó (trực tiếp hoặc qua văn bản khác), "
            "tỉnh nào đã có kế hoạch thực hiện và sau bao nhiêu ngày, cùng đồ thị thực hiện." }
        form.search action="/refs" method="get" {
            input type="search" name="ref" aria-label="Số hiệu văn bản" placeholder="21-KL/TW · 99-QĐ/TW · 65-KH/TU";
            button type="submit" { "Mở" }
        }
        h2 { "Văn bản được thực hiện nhiều nhất" }
        p.meta { "Đếm văn bản thực hiện trực tiếp (trong kho và được trích dẫn); trang của mỗi văn bản có cả văn bản thực hiện gián tiếp và bảng bao phủ." }
        @if list.is_empty() {
            p.empty { "Chưa có quan hệ thực hiện nào trong chỉ mục." }
        } @else {
            div.table-wrap {
                table.data {
                    thead { tr { th { "Văn bản" } th { "Văn bản thực hiện trực tiếp" } th { "trong đó có trong kho" } th { "Số tỉnh" } } }
                    tbody {
                        @for i in list {
                            tr {
                                td { (node_link(&i.target)) }
                                td.num { (fmt::count(i.direct)) }
                                td.num { (fmt::count(i.corpus)) }
                                td.num { (i.provinces) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page("Thực hiện & bao phủ", Nav::Refs, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::coverage::FirstPlan;
    use chrono::NaiveDate;

    fn row(p: &str, plans: usize, lag: Option<i64>) -> ProvinceCoverage {
        ProvinceCoverage {
            province: p.into(),
            plans,
            corpus_plans: plans,
            first: lag.map(|l| FirstPlan {
                key: p.into(),
                id: None,
                number: None,
                title: None,
                issuer: None,
                date: NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Duration::days(l),
                direct: true,
            }),
            lag_days: lag,
        }
    }

    #[test]
    fn coverage_rows_sort_with_unknowns_last() {
        let rows = [
            row("Đà Nẵng", 1, Some(30)),
            row("An Giang", 0, None),
            row("Bắc Ninh", 2, Some(10)),
            row("Cà Mau", 1, Some(50)),
        ];
        // (sort, desc, expected order)
        let cases: &[(Sort, bool, [&str; 4])] = &[
            (
                Sort::Province,
                false,
                ["An Giang", "Bắc Ninh", "Cà Mau", "Đà Nẵng"],
            ),
            (
                Sort::Province,
                true,
                ["Đà Nẵng", "Cà Mau", "Bắc Ninh", "An Giang"],
            ),
            (
                Sort::Lag,
                false,
                ["Bắc Ninh", "Đà Nẵng", "Cà Mau", "An Giang"],
            ),
            (
                Sort::Lag,
                true,
                ["Cà Mau", "Đà Nẵng", "Bắc Ninh", "An Giang"],
            ),
            (
                Sort::First,
                false,
                ["Bắc Ninh", "Đà Nẵng", "Cà Mau", "An Giang"],
            ),
            (
                Sort::Plans,
                true,
                ["Bắc Ninh", "Cà Mau", "Đà Nẵng", "An Giang"],
            ),
        ];
        for (sort, desc, want) in cases {
            let mut r: Vec<&ProvinceCoverage> = rows.iter().collect();
            sort_rows(&mut r, *sort, *desc);
            let got: Vec<&str> = r.iter().map(|x| x.province.as_str()).collect();
            assert_eq!(got, want, "{sort:?} desc={desc}");
        }
    }

    #[test]
    fn graph_json_cannot_close_its_script() {
        let d = Drawing {
            nodes: vec![(
                NodeSummary {
                    key: "x</script><b>".into(),
                    id: None,
                    source: None,
                    reference: Some("1-KH/TU</script>".into()),
                    name: None,
                    title: None,
                    label: "x".into(),
                    doc_type: crate::extract::DocType::KeHoach,
                    date: None,
                    issuer: Some("A & B".into()),
                    province: None,
                    scope: crate::graph::Scope::Central,
                },
                0,
                true,
            )],
            edges: vec![],
            truncated: false,
        };
        let j = graph_json(&d);
        assert!(
            !j.contains('<') && !j.contains('>') && !j.contains('&'),
            "{j}"
        );
        let v: serde_json::Value = serde_json::from_str(&j).expect("still JSON");
        assert_eq!(v["nodes"][0]["id"], "x</script><b>");
        assert_eq!(v["nodes"][0]["central"], true);
    }
}
