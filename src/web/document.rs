//! `GET /documents` (every document, newest first) and `GET /documents/{id}`:
//! a document's metadata with the provenance of each value, its relations
//! both ways, the tasks it assigns, and its text with every citation a link.

use std::collections::HashMap;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use maud::{html, Markup, PreEscaped};

use super::fmt;
use super::layout::{self, Nav};
use super::{blocking, Params, WebError};
use crate::api::{AppState, Generation};
use crate::extract::{Citation, Record};
use crate::graph::neighbours::{NeighbourList, Neighbours};
use crate::graph::{DocumentCitations, NodeSummary};
use crate::index::DocumentView;
use crate::tasks::{GroupBy, TaskHit, TaskQuery};

/// Documents per page of the list.
pub const LIST_PER_PAGE: usize = 50;

/// Everything the document page shows.
#[derive(Debug)]
pub struct DocumentPage {
    pub doc: DocumentView,
    pub neighbours: Option<Neighbours>,
    pub citations: Option<DocumentCitations>,
    pub tasks: Vec<TaskHit>,
}

/// Read a document, its relations and its tasks.
pub fn assemble(gen: &Generation, id: &str) -> Result<DocumentPage, WebError> {
    let Some(doc) = gen.search.document(id)? else {
        return Err(WebError::NotFound {
            message: format!("Không có văn bản nào có mã `{id}`."),
            suggestions: gen
                .graph
                .suggest_ids(id)
                .into_iter()
                .map(|s| (s.clone(), fmt::doc_href(&s)))
                .collect(),
        });
    };
    // A document of the index is in the graph of the same generation; if it
    // is not (a damaged index), the page still shows its text.
    let neighbours = gen.graph.neighbours(id).ok();
    let citations = gen.graph.citations(id).ok();
    let tasks = gen
        .tasks
        .query(&TaskQuery {
            document: Some(id.to_string()),
            group_by: GroupBy::Document,
            ..TaskQuery::default()
        })?
        .tasks()
        .filter(|t| t.document == id)
        .cloned()
        .collect();
    Ok(DocumentPage {
        doc,
        neighbours,
        citations,
        tasks,
    })
}

/// `GET /documents/{id}`.
pub async fn page(
    State(s): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Markup, WebError> {
    let Path(id) = id.map_err(|e| {
        WebError::BadRequest(format!("Mã văn bản không đọc được: {}", e.body_text()))
    })?;
    let gen = s.current();
    let p = blocking(move || assemble(&gen, &id)).await?;
    Ok(render(&p))
}

pub fn render(p: &DocumentPage) -> Markup {
    let r = &p.doc.record;
    let title = r.title.clone().unwrap_or_else(|| p.doc.source.clone());
    let body = html! {
        p.meta { a href="/documents" { "Văn bản" } " › " (r.number.as_deref().unwrap_or(&p.doc.id)) }
        h1 { (title) }
        nav.tabs aria-label="Trong trang này" {
            a href="#info" { "Thông tin" }
            a href="#relations" { "Lược đồ" }
            a href="#tasks" { "Nhiệm vụ (" (p.tasks.len()) ")" }
            a href="#text" { "Toàn văn" }
        }
        div.doc-grid {
            div {
                (metadata(&p.doc))
                h2 #tasks { "Nhiệm vụ được giao (" (p.tasks.len()) ")" }
                @if p.tasks.is_empty() {
                    p.empty { "Văn bản không giao nhiệm vụ nào (theo bộ trích xuất)." }
                } @else {
                    p.meta {
                        a href=(format!("/tasks{}", fmt::query(&[("document", &p.doc.id)]))) { "Xem trên trang Nhiệm vụ" }
                        " · "
                        a href=(format!("/tasks.csv{}", fmt::query(&[("document", &p.doc.id)]))) { "CSV" }
                        " · "
                        a href=(format!("/tasks.ics{}", fmt::query(&[("document", &p.doc.id)]))) { "Lịch (.ics)" }
                    }
                    (task_table(&p.doc.id, &p.tasks))
                }
                h2 #text { "Toàn văn" }
                p.meta { "Văn bản đã chuẩn hóa (NFC, một kiểu bỏ dấu); các trích dẫn là liên kết. "
                    a href=(format!("/api/documents/{}", fmt::segment(&p.doc.id))) { "JSON" } }
                div.fulltext { (PreEscaped(linked_text(&p.doc.text, r, p.citations.as_ref(), &p.tasks))) }
            }
            aside.relations #relations aria-label="Lược đồ quan hệ" {
                h2 { "Lược đồ" }
                @if let Some(n) = &p.neighbours {
                    (relation("Thực hiện văn bản", &n.implements))
                    (relation("Được thực hiện bởi", &n.implemented_by))
                    (relation("Tiếp tục thực hiện", &n.continues))
                    (relation("Được tiếp tục bởi", &n.continued_by))
                    (relation("Ban hành kèm theo", &n.attached_to))
                    (relation("Văn bản kèm theo", &n.attachments))
                }
                @if let Some(c) = &p.citations {
                    (citation_list("Trích dẫn", &c.citations))
                    (citation_list("Được trích dẫn bởi", &c.cited_by))
                }
                @if p.neighbours.is_none() && p.citations.is_none() {
                    p.empty { "Văn bản không có trong đồ thị của chỉ mục này." }
                }
            }
        }
    };
    layout::page(&title, Nav::Documents, body)
}

fn metadata(d: &DocumentView) -> Markup {
    let r = &d.record;
    let prov = |field: &str| -> Markup {
        html! {
            @if let Some(s) = r.provenance.get(field) {
                " " span.prov { "(" (fmt::provenance_label(*s)) ")" }
            }
        }
    };
    let dash = "—";
    html! {
        div.table-wrap #info {
            table.data.meta {
                tr { th { "Số hiệu" } td { (r.number.as_deref().unwrap_or(dash)) (prov("number")) } }
                tr { th { "Loại văn bản" } td { (r.doc_type.label()) (prov("doc_type")) } }
                tr { th { "Cơ quan ban hành" } td { (r.issuer.as_deref().unwrap_or(dash)) (prov("issuer")) } }
                tr { th { "Cấp ban hành" } td { (r.issuer_level.map(fmt::level_label).unwrap_or(dash)) (prov("issuer_level")) } }
                tr { th { "Tỉnh, thành phố" } td { (r.province.as_deref().unwrap_or(dash)) (prov("province")) } }
                tr { th { "Ngày ban hành" } td { (fmt::date_or_dash(r.date)) (prov("date")) } }
                tr { th { "Người ký" } td {
                    @match &r.signer {
                        Some(s) => { (s.name) @if let Some(t) = &s.title { " — " (t) } }
                        None => { (dash) }
                    }
                    (prov("signer"))
                } }
                tr { th { "Tệp nguồn" } td { code { (d.source) } } }
                tr { th { "Địa chỉ gốc" } td {
                    @match r.extra.get("source_url") {
                        Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                            a href=(u) rel="noopener noreferrer nofollow" { (u) }
                        }
                        Some(u) => { (u) }
                        None => { (dash) }
                    }
                } }
                @for (k, v) in r.extra.iter().filter(|(k, _)| k.as_str() != "source_url") {
                    tr { th { (k) } td { (v) } }
                }
            }
        }
    }
}

fn relation(title: &str, list: &NeighbourList) -> Markup {
    html! {
        @if list.total > 0 {
            section {
                h3 { (title) " (" (list.total) ")" }
                ul {
                    @for n in &list.nodes {
                        li {
                            (node_link(&n.node))
                            @if let Some(ev) = n.evidence.first() {
                                @if let Some(s) = &ev.sentence {
                                    blockquote { "“" (crate::graph::truncate_chars(s, 200)) "”" }
                                }
                            }
                        }
                    }
                    @if list.total > list.nodes.len() {
                        li.muted { "và " (list.total - list.nodes.len()) " văn bản khác" }
                    }
                }
            }
        }
    }
}

fn citation_list(title: &str, list: &[crate::graph::CitationOut]) -> Markup {
    html! {
        @if !list.is_empty() {
            section {
                h3 { (title) " (" (list.len()) ")" }
                ul {
                    @for c in list {
                        li {
                            (node_link(&c.document))
                            @if c.mentions > 1 { span.muted { " · " (c.mentions) " lần" } }
                        }
                    }
                }
            }
        }
    }
}

/// A node as a link with its type, date and issuer.
pub fn node_link(n: &NodeSummary) -> Markup {
    let name = fmt::node_name(n);
    html! {
        @match fmt::node_href(n) {
            Some(h) => a href=(h) { (name) },
            None => span { (name) },
        }
        span.muted {
            @if n.doc_type != crate::extract::DocType::Other { " · " (n.doc_type.label()) }
            @if let Some(d) = n.date { " · " (fmt::date(d)) }
            @if let Some(i) = &n.issuer { " · " (i) }
            @if n.id.is_none() && n.issuer.is_none() {
                @if let Some(p) = &n.province { " · " (p) }
            }
        }
    }
}

fn task_table(id: &str, tasks: &[TaskHit]) -> Markup {
    html! {
        div.table-wrap {
            table.data.cards {
                thead { tr { th { "Cơ quan" } th { "Vai trò" } th { "Nhiệm vụ" } th { "Thời hạn" } th { "Mục" } } }
                tbody {
                    @for t in tasks {
                        tr {
                            td data-label="Cơ quan" { (t.assignee.as_deref().unwrap_or("(cơ quan ban hành)")) }
                            td data-label="Vai trò" { (fmt::role_label(t.role)) }
                            td.text data-label="Nhiệm vụ" { (task_text(t)) }
                            td.deadline data-label="Thời hạn" { (deadline(t)) }
                            td data-label="Mục" {
                                @let label = t.section.clone().unwrap_or_else(|| "—".to_string());
                                @match &t.evidence {
                                    Some(ev) => a href=(format!("{}#t-{}", fmt::doc_href(id), ev.span[0])) title=(t.heading.as_deref().unwrap_or("")) { (label) },
                                    None => span { (label) },
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A task's full text: the sentence of its evidence when it holds the
/// (100-character) task text, else the task text.
pub fn task_text(t: &TaskHit) -> String {
    let stem = t.text.trim_end_matches('…').trim();
    match &t.evidence {
        Some(ev) if ev.sentence.len() > t.text.len() && ev.sentence.contains(stem) => {
            ev.sentence.trim().to_string()
        }
        _ => t.text.clone(),
    }
}

/// A task's deadline as written, with its dates.
pub fn deadline(t: &TaskHit) -> Markup {
    html! {
        @match &t.deadline {
            Some(d) => {
                (d.raw)
                @match (d.start, d.end) {
                    (Some(a), Some(b)) if a == b => { br; span.muted { (fmt::date(a)) } }
                    (Some(a), Some(b)) => { br; span.muted { (fmt::date(a)) " – " (fmt::date(b)) } }
                    (None, Some(b)) => { br; span.muted { "đến " (fmt::date(b)) } }
                    (Some(a), None) => { br; span.muted { "từ " (fmt::date(a)) } }
                    (None, None) => { br; span.muted { (fmt::deadline_kind_label(d.kind)) } }
                }
            }
            None => span.muted { "—" },
        }
    }
}

/// The text as HTML: every citation a link (to the cited document's page when
/// it is in the corpus, else to its reference page), every task's passage a
/// target (`#t-{start}`) the task tables link to.
pub fn linked_text(
    text: &str,
    record: &Record,
    cites: Option<&DocumentCitations>,
    tasks: &[TaskHit],
) -> String {
    // Where each cited document's page is, by the start of its first mention
    // (the graph keeps the first mention's span of every `cites` edge).
    let mut by_first: HashMap<usize, &NodeSummary> = HashMap::new();
    for c in cites.map(|c| c.citations.as_slice()).unwrap_or_default() {
        for ev in &c.evidence {
            if let Some([a, _]) = ev.span {
                by_first.insert(a, &c.document);
            }
        }
    }
    let href_of = |c: &Citation| -> Option<(String, String)> {
        let node = c.spans.iter().find_map(|s| by_first.get(&s[0]));
        let title = match node {
            Some(n) => {
                let mut t = fmt::node_name(n);
                if let Some(i) = &n.issuer {
                    t.push_str(" — ");
                    t.push_str(i);
                }
                t
            }
            None => c
                .reference
                .clone()
                .or_else(|| c.name.clone())
                .unwrap_or_default(),
        };
        let href = match node {
            Some(n) => fmt::node_href(n),
            None => c.reference.as_deref().map(fmt::ref_href),
        }?;
        Some((href, title))
    };
    // Links: citation spans, the first of overlapping ones kept.
    let mut links: Vec<(usize, usize, String, String)> = Vec::new();
    for c in &record.citations {
        let Some((href, title)) = href_of(c) else {
            continue;
        };
        for s in &c.spans {
            links.push((s[0], s[1], href.clone(), title.clone()));
        }
    }
    links.sort_by_key(|l| (l.0, std::cmp::Reverse(l.1)));
    let mut kept: Vec<(usize, usize, String, String)> = Vec::new();
    for l in links {
        let ok = l.0 < l.1
            && text.is_char_boundary(l.0)
            && l.1 <= text.len()
            && text.is_char_boundary(l.1)
            && kept.last().is_none_or(|k| k.1 <= l.0);
        if ok {
            kept.push(l);
        }
    }
    // Task passages: a zero-width anchor at each start, moved before a link it
    // would fall inside.
    let mut anchors: Vec<usize> = tasks
        .iter()
        .filter_map(|t| t.evidence.as_ref().map(|e| e.span[0]))
        .filter(|&a| a <= text.len() && text.is_char_boundary(a))
        .map(|a| kept.iter().find(|l| l.0 < a && a < l.1).map_or(a, |l| l.0))
        .collect();
    anchors.sort_unstable();
    anchors.dedup();

    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut at = 0;
    let mut ai = 0;
    let push_anchors_upto = |out: &mut String, upto: usize, ai: &mut usize| {
        while *ai < anchors.len() && anchors[*ai] <= upto {
            out.push_str(&format!(
                "<span class=\"anchor\" id=\"t-{}\"></span>",
                anchors[*ai]
            ));
            *ai += 1;
        }
    };
    for (a, b, href, title) in &kept {
        // Text before the link, with the anchors inside it.
        while ai < anchors.len() && anchors[ai] <= *a {
            let p = anchors[ai];
            escape_into(&mut out, &text[at..p]);
            at = p;
            push_anchors_upto(&mut out, p, &mut ai);
        }
        escape_into(&mut out, &text[at..*a]);
        out.push_str("<a class=\"cite\" href=\"");
        escape_into(&mut out, href);
        out.push_str("\" title=\"");
        escape_into(&mut out, title);
        out.push_str("\">");
        escape_into(&mut out, &text[*a..*b]);
        out.push_str("</a>");
        at = *b;
    }
    while ai < anchors.len() {
        let p = anchors[ai].max(at);
        escape_into(&mut out, &text[at..p]);
        at = p;
        push_anchors_upto(&mut out, anchors[ai], &mut ai);
    }
    escape_into(&mut out, &text[at..]);
    out
}

/// Append `s` escaped for HTML text and attribute values.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `GET /documents?page=`: every corpus document, newest first.
pub async fn list(
    State(s): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> Result<Markup, WebError> {
    let params = super::params(q)?;
    let page = super::page_number(&params, 100_000)?;
    let gen = s.current();
    blocking(move || Ok(render_list(&gen, page))).await
}

fn render_list(gen: &Generation, page: usize) -> Markup {
    let mut docs: Vec<&crate::graph::Node> = gen.graph.nodes().filter(|n| n.is_corpus()).collect();
    let total = docs.len();
    docs.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.key.cmp(&b.key)));
    let pages = total.div_ceil(LIST_PER_PAGE).max(1);
    let shown: Vec<&crate::graph::Node> = docs
        .into_iter()
        .skip((page - 1) * LIST_PER_PAGE)
        .take(LIST_PER_PAGE)
        .collect();
    let body = html! {
        h1 { "Văn bản" }
        p.meta { (fmt::count(total)) " văn bản trong chỉ mục, mới nhất trước. Tìm trong nội dung ở trang " a href="/search" { "Tìm kiếm" } "." }
        @if shown.is_empty() {
            p.empty { "Không có văn bản nào ở trang này." }
        } @else {
            div.table-wrap {
                table.data.cards {
                    thead { tr { th { "Số hiệu" } th { "Trích yếu" } th { "Tỉnh" } th { "Ngày" } th { "Cơ quan ban hành" } } }
                    tbody {
                        @for n in &shown {
                            tr {
                                td data-label="Số hiệu" { (n.reference.as_deref().unwrap_or("—")) }
                                td { a href=(fmt::doc_href(n.id.as_deref().unwrap_or(&n.key))) { (n.title.as_deref().or(n.source.as_deref()).unwrap_or(&n.key)) } }
                                td data-label="Tỉnh" { (n.province.as_deref().unwrap_or("—")) }
                                td.date data-label="Ngày" { (fmt::date_or_dash(n.date)) }
                                td data-label="Cơ quan" { (n.issuer.as_deref().unwrap_or("—")) }
                            }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pager aria-label="Trang" {
                @if page > 1 { a href=(format!("/documents?page={}", page - 1)) rel="prev" { "‹ Trước" } }
                span.current { (page) "/" (pages) }
                @if page < pages { a href=(format!("/documents?page={}", page + 1)) rel="next" { "Sau ›" } }
            }
        }
    };
    layout::page("Văn bản", Nav::Documents, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Citation, DocType, Evidence, Role};

    fn citation(reference: &str, spans: Vec<[usize; 2]>) -> Citation {
        Citation {
            reference: Some(reference.into()),
            name: None,
            doc_type: DocType::KetLuan,
            date: None,
            issuer: None,
            mentions: spans.len(),
            spans,
        }
    }

    fn task_at(start: usize) -> TaskHit {
        TaskHit {
            document: "d".into(),
            source: "d.txt".into(),
            province: None,
            section: None,
            heading: None,
            text: "x".into(),
            deadline: None,
            role: Role::Lead,
            assignee: None,
            organ: None,
            evidence: Some(Evidence {
                span: [start, start + 1],
                sentence: "x".into(),
                section: None,
            }),
        }
    }

    #[test]
    fn citations_become_links_and_text_is_escaped() {
        let text = "Thực hiện 21-KL/TW <và> 65-KH/TU & khác.";
        let a = text.find("21-KL/TW").unwrap();
        let b = text.find("65-KH/TU").unwrap();
        let record = Record {
            citations: vec![
                citation("21-KL/TW", vec![[a, a + 8]]),
                citation("65-KH/TU", vec![[b, b + 8]]),
            ],
            ..Record::default()
        };
        let html = linked_text(text, &record, None, &[task_at(0), task_at(a + 3)]);
        assert!(
            html.contains("<a class=\"cite\" href=\"/refs/21-KL%2FTW\""),
            "{html}"
        );
        assert!(html.contains("href=\"/refs/65-KH%2FTU\""), "{html}");
        assert!(
            html.contains("&lt;và&gt;") && html.contains("&amp; khác"),
            "{html}"
        );
        // The anchor inside a link moves before it; none is lost.
        assert!(
            html.starts_with("<span class=\"anchor\" id=\"t-0\"></span>Thực"),
            "{html}"
        );
        assert!(
            html.contains(&format!("<span class=\"anchor\" id=\"t-{a}\"></span><a")),
            "{html}"
        );
        // Removing the markup gives the text back.
        let plain = html
            .split('<')
            .map(|p| p.split_once('>').map_or(p, |(_, rest)| rest))
            .collect::<String>()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        assert_eq!(plain, text);
    }

    #[test]
    fn bad_spans_are_skipped_not_fatal() {
        let text = "Đảng";
        let record = Record {
            citations: vec![
                citation("X", vec![[1, 2]]),  // inside `Đ`
                citation("Y", vec![[2, 99]]), // past the end
                citation("Z", vec![[3, 3]]),  // empty
            ],
            ..Record::default()
        };
        let html = linked_text(text, &record, None, &[task_at(1), task_at(500)]);
        assert_eq!(html, "Đảng");
    }
}
