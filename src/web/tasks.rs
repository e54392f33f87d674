//! `GET /tasks?organ=&province=&q=&document=&due_from=&due_to=&group_by=&page=`:
//! the tasks a filter selects, grouped by province, organ or document, with
//! the same filters exported as CSV (`/tasks.csv`, UTF-8 with a byte-order
//! mark so spreadsheet programs read Vietnamese), iCalendar (`/tasks.ics`,
//! dated deadlines) and JSON (`/api/tasks`).

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use icalendar::{Calendar, Component, EventLike};
use maud::{html, Markup};

use super::document::{deadline, task_text};
use super::fmt;
use super::layout::{self, Nav};
use super::{blocking, param, Params, WebError};
use crate::api::{AppState, Generation};
use crate::tasks::{parse_due, GroupBy, OrganSummary, TaskGroup, TaskHit, TaskQuery, TaskResult};

/// Tasks per page.
pub const PER_PAGE: usize = 200;
/// Most tasks in one export.
pub const MAX_EXPORT: usize = crate::tasks::MAX_LIMIT;

/// What the visitor asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub organ: String,
    pub province: String,
    pub q: String,
    pub document: String,
    pub due_from: String,
    pub due_to: String,
    pub group_by: GroupBy,
    pub page: usize,
}

impl Form {
    pub fn read(params: &Params) -> Result<Form, WebError> {
        let get = |n: &str| param(params, n).unwrap_or_default().to_string();
        let group_by = match param(params, "group_by") {
            None => GroupBy::Document,
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "province" => GroupBy::Province,
                "organ" => GroupBy::Organ,
                "document" => GroupBy::Document,
                _ => {
                    return Err(super::error::bad_param(
                        "group_by",
                        v,
                        "hãy dùng province, organ hoặc document",
                    ))
                }
            },
        };
        Ok(Form {
            organ: get("organ"),
            province: get("province"),
            q: get("q"),
            document: get("document"),
            due_from: get("due_from"),
            due_to: get("due_to"),
            group_by,
            page: super::page_number(params, 100_000)?,
        })
    }

    /// The store query of this form, for a page or an export.
    fn query(&self, offset: usize, limit: usize) -> Result<TaskQuery, WebError> {
        let due = |name: &str, v: &str, end: bool| -> Result<Option<NaiveDate>, WebError> {
            if v.is_empty() {
                return Ok(None);
            }
            parse_due(v, end).map(Some).map_err(|_| {
                super::error::bad_param(name, v, "hãy viết ngày dạng NĂM-THÁNG-NGÀY (2022-03-31), NĂM-THÁNG (2022-03) hoặc NĂM (2022)")
            })
        };
        let set = |v: &str| (!v.is_empty()).then(|| v.to_string());
        Ok(TaskQuery {
            organ: set(&self.organ),
            q: set(&self.q),
            province: set(&self.province),
            document: set(&self.document),
            due_from: due("due_from", &self.due_from, false)?,
            due_to: due("due_to", &self.due_to, true)?,
            group_by: self.group_by,
            offset,
            limit: Some(limit),
        })
    }

    /// The filters as query pairs (no page).
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("organ", self.organ.as_str()),
            ("province", self.province.as_str()),
            ("q", self.q.as_str()),
            ("document", self.document.as_str()),
            ("due_from", self.due_from.as_str()),
            ("due_to", self.due_to.as_str()),
            (
                "group_by",
                if self.group_by == GroupBy::Document {
                    ""
                } else {
                    self.group_by.slug()
                },
            ),
        ]
    }

    fn href(&self, path: &str, page: Option<usize>) -> String {
        let mut pairs = self.pairs();
        let p = page.map(|p| p.to_string()).unwrap_or_default();
        if page.is_some_and(|p| p > 1) {
            pairs.push(("page", &p));
        }
        format!("{path}{}", fmt::query(&pairs))
    }

    /// The JSON API's address for the same filters (its grouping default is
    /// the same, so `group_by` carries over as is).
    fn api_href(&self) -> String {
        format!("/api/tasks{}", fmt::query(&self.pairs()))
    }
}

/// Everything the page shows.
#[derive(Debug)]
pub struct TasksPage {
    pub form: Form,
    /// `None` when no filter is set: the page then offers the organs instead
    /// of a page of every task of the corpus.
    pub result: Option<TaskResult>,
    /// Every organ of the store, most tasks first.
    pub organs: Vec<OrganSummary>,
    /// Organ key → the name documents write most often.
    pub organ_names: HashMap<String, String>,
    /// Why the task-text query cannot be read (the page is then a 400 with
    /// the form kept, so the query can be corrected).
    pub error: Option<String>,
}

/// Ask the task store for a page of the form.
pub fn assemble(gen: &Generation, form: Form) -> Result<TasksPage, WebError> {
    let query = form.query((form.page - 1) * PER_PAGE, PER_PAGE)?;
    let unfiltered = form
        .pairs()
        .iter()
        .all(|(k, v)| *k == "group_by" || v.is_empty());
    let mut error = None;
    let result = if unfiltered {
        None
    } else {
        match gen.tasks.query(&query) {
            Ok(r) => Some(r),
            Err(crate::tasks::TaskError::Query(e)) => {
                error = Some(super::error::query_message(&e));
                None
            }
            Err(e) => return Err(e.into()),
        }
    };
    let mut organs = gen.tasks.organs();
    organs.sort_by(|a, b| {
        b.task_count
            .cmp(&a.task_count)
            .then_with(|| a.key.cmp(&b.key))
    });
    let organ_names = organs
        .iter()
        .filter_map(|o| o.aliases_seen.first().map(|a| (o.key.clone(), a.clone())))
        .collect();
    Ok(TasksPage {
        form,
        result,
        organs,
        organ_names,
        error,
    })
}

/// `GET /tasks`.
pub async fn page(
    State(s): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> Result<Response, WebError> {
    let form = Form::read(&super::params(q)?)?;
    let gen = s.current();
    let p = blocking(move || assemble(&gen, form)).await?;
    let status = if p.error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((status, render(&p)).into_response())
}

fn organ_label(names: &HashMap<String, String>, key: &str) -> String {
    names
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.replace('_', " "))
}

fn group_label(p: &TasksPage, r: &TaskResult, g: &TaskGroup) -> String {
    match (r.group_by, g.key.as_deref()) {
        (GroupBy::Province, Some(k)) => k.to_string(),
        (GroupBy::Province, None) => "Chưa rõ tỉnh".to_string(),
        (GroupBy::Organ, Some(k)) => organ_label(&p.organ_names, k),
        (GroupBy::Organ, None) => "Cơ quan ban hành (tự thực hiện)".to_string(),
        (GroupBy::Document, _) => {
            let d = g.documents.first();
            d.and_then(|d| d.number.clone().or_else(|| d.title.clone()))
                .or_else(|| g.key.clone())
                .unwrap_or_else(|| "—".to_string())
        }
    }
}

pub fn render(p: &TasksPage) -> Markup {
    let f = &p.form;
    let title = if f.organ.is_empty() {
        "Nhiệm vụ".to_string()
    } else {
        format!(
            "Nhiệm vụ của {}",
            p.result
                .as_ref()
                .and_then(|r| r.organs.as_ref())
                .and_then(|o| o.first())
                .map_or(f.organ.clone(), |k| organ_label(&p.organ_names, k))
        )
    };
    let mut organs: Vec<(&String, &String)> = p.organ_names.iter().collect();
    organs.sort_by(|a, b| a.1.cmp(b.1));
    let body = html! {
        h1 { (title) }
        form.filters action="/tasks" method="get" {
            label { "Cơ quan (mã hoặc tên)"
                input type="text" name="organ" value=(f.organ) list="organs" placeholder="ban tuyen giao";
            }
            datalist #organs {
                @for (k, name) in &organs { option value=(k) { (name) } }
            }
            label { "Tỉnh, thành phố" input type="text" name="province" value=(f.province) placeholder="Kiên Giang"; }
            label { "Nội dung nhiệm vụ" input type="search" name="q" value=(f.q) placeholder="sơ kết, tuyên truyền…"; }
            label { "Văn bản (mã hoặc số hiệu)" input type="text" name="document" value=(f.document) placeholder="60-KH/TU"; }
            label { "Hạn từ" input type="text" name="due_from" value=(f.due_from) placeholder="2022-03 hoặc 2022-03-31"; }
            label { "Hạn đến" input type="text" name="due_to" value=(f.due_to) placeholder="2022-12-31"; }
            label { "Nhóm theo"
                select name="group_by" {
                    @for (g, text) in [(GroupBy::Document, "văn bản"), (GroupBy::Province, "tỉnh"), (GroupBy::Organ, "cơ quan")] {
                        option value=(g.slug()) selected[f.group_by == g] { (text) }
                    }
                }
            }
            button type="submit" { "Lọc" }
        }
        @if let Some(e) = &p.error {
            p.error role="alert" { (e) }
        }
        @match &p.result {
            Some(r) => { (results(p, r)) }
            None => { (chooser(p)) }
        }
    };
    layout::page(&title, Nav::Tasks, body)
}

/// A page of tasks with the exports of the same filters.
fn results(p: &TasksPage, r: &TaskResult) -> Markup {
    let f = &p.form;
    let pages = r.total.div_ceil(PER_PAGE).max(1);
    html! {
        p.summary {
            strong { (fmt::count(r.total)) } " nhiệm vụ"
            @if r.groups.len() > 1 || r.group_by != GroupBy::Document { " trong " (r.groups.len()) " nhóm" }
            @if pages > 1 { span.muted { " · trang " (f.page) "/" (pages) } }
        }
        @if r.hint.is_some() {
            p.muted {
                "Nhóm “Chưa rõ tỉnh” gồm các văn bản không ghi tỉnh. Bổ sung tỉnh bằng một dòng "
                code { "source,province" } " trong " code { "manifest.csv" } " ở thư mục kho văn bản, hoặc tệp "
                code { "TÊN_TỆP.meta.toml" } " cạnh văn bản (" code { "province = \"…\"" } "), rồi chạy lại "
                code { "vanban index" } "."
            }
        }
        div.exports aria-label="Tải về" {
            a href=(f.href("/tasks.csv", None)) download { "CSV (Excel)" }
            a href=(f.href("/tasks.ics", None)) download { "Lịch .ics (các hạn có ngày)" }
            a href=(f.api_href()) { "JSON" }
        }
        @if r.total == 0 {
            p.empty { "Không có nhiệm vụ nào khớp các bộ lọc." }
        } @else {
            div.table-wrap {
                table.data.cards {
                    thead { tr { th { "Cơ quan (như văn bản viết)" } th { "Mã cơ quan" } th { "Vai trò" } th { "Nhiệm vụ" } th { "Thời hạn" } th { "Văn bản · mục" } } }
                    tbody {
                        @for g in &r.groups {
                            tr.group { th colspan="6" {
                                (group_label(p, r, g))
                                span.muted { " · " (fmt::count(g.task_count)) " nhiệm vụ, " (g.document_count) " văn bản" }
                            } }
                            @for d in &g.documents {
                                @if r.group_by != GroupBy::Document {
                                    tr.doc { td colspan="6" {
                                        a href=(fmt::doc_href(&d.id)) { (d.number.as_deref().unwrap_or(&d.id)) }
                                        @if let Some(t) = &d.title { " — " (crate::graph::truncate_chars(t, 140)) }
                                        span.muted {
                                            @if let Some(dt) = d.date { " · " (fmt::date(dt)) }
                                            @if r.group_by != GroupBy::Province { @if let Some(pr) = &d.province { " · " (pr) } }
                                        }
                                    } }
                                }
                                @for t in &d.tasks {
                                    (task_row(p, &d.id, d.number.as_deref(), t))
                                }
                            }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pager aria-label="Trang" {
                @if f.page > 1 { a href=(f.href("/tasks", Some(f.page - 1))) rel="prev" { "‹ Trước" } }
                span.current { (f.page) "/" (pages) }
                @if f.page < pages { a href=(f.href("/tasks", Some(f.page + 1))) rel="next" { "Sau ›" } }
            }
        }
    }
}

/// Without a filter: the organs with the most tasks, each a link to its tasks.
fn chooser(p: &TasksPage) -> Markup {
    let total: usize = p.organs.iter().map(|o| o.task_count).sum();
    html! {
        p { "Chọn một cơ quan, hoặc lọc theo tỉnh, nội dung, văn bản hay thời hạn ở trên. Kho có "
            strong { (fmt::count(total)) } " nhiệm vụ giao cho " (fmt::count(p.organs.len())) " cơ quan." }
        @if p.organs.is_empty() {
            p.empty { "Chỉ mục này chưa có nhiệm vụ nào." }
        } @else {
            div.table-wrap {
                table.data {
                    thead { tr { th { "Cơ quan" } th { "Mã" } th { "Số nhiệm vụ" } } }
                    tbody {
                        @for o in p.organs.iter().take(ORGANS_LISTED) {
                            tr {
                                td { a href=(format!("/tasks{}", fmt::query(&[("organ", &o.key), ("group_by", "province")]))) {
                                    (o.aliases_seen.first().map_or(o.key.as_str(), String::as_str))
                                } }
                                td { code { (o.key) } }
                                td.num { (fmt::count(o.task_count)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Organs listed on `/tasks` without a filter.
const ORGANS_LISTED: usize = 60;

fn task_row(p: &TasksPage, id: &str, number: Option<&str>, t: &TaskHit) -> Markup {
    let doc = number.unwrap_or(id);
    html! {
        tr {
            td data-label="Cơ quan" { (t.assignee.as_deref().unwrap_or("(cơ quan ban hành)")) }
            td data-label="Mã" { @match &t.organ { Some(k) => code title=(organ_label(&p.organ_names, k)) { (k) }, None => span.muted { "—" } } }
            td data-label="Vai trò" { (fmt::role_label(t.role)) }
            td.text data-label="Nhiệm vụ" { (task_text(t)) }
            td.deadline data-label="Thời hạn" { (deadline(t)) }
            td data-label="Văn bản" {
                @let href = match &t.evidence {
                    Some(ev) => format!("{}#t-{}", fmt::doc_href(id), ev.span[0]),
                    None => fmt::doc_href(id),
                };
                a href=(href) title="Mở câu giao nhiệm vụ trong văn bản" {
                    (doc) @if let Some(s) = &t.section { " · " (s) }
                }
            }
        }
    }
}

/// The export of a form: every matching task up to [`MAX_EXPORT`].
fn export(gen: &Generation, form: &Form) -> Result<TaskResult, WebError> {
    Ok(gen.tasks.query(&form.query(0, MAX_EXPORT)?)?)
}

/// `GET /tasks.csv`: the tasks of the same filters as CSV, UTF-8 with a
/// byte-order mark, the full task text and evidence columns.
pub async fn csv(
    State(s): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> Result<Response, WebError> {
    let form = Form::read(&super::params(q)?)?;
    let gen = s.current();
    let body = blocking(move || to_csv(&export(&gen, &form)?)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"nhiem-vu.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// Columns of the page's CSV export.
pub const CSV_COLUMNS: [&str; 19] = [
    "Nhóm",
    "Mã văn bản",
    "Số hiệu",
    "Tỉnh",
    "Ngày ban hành",
    "Mục",
    "Tiêu đề mục",
    "Mã cơ quan",
    "Cơ quan (như văn bản viết)",
    "Vai trò",
    "Nhiệm vụ",
    "Thời hạn (nguyên văn)",
    "Loại thời hạn",
    "Từ ngày",
    "Đến ngày",
    "Câu giao nhiệm vụ",
    "Vị trí đầu (byte)",
    "Vị trí cuối (byte)",
    "Đường dẫn",
];

/// The tasks as CSV: a byte-order mark, a header row ([`CSV_COLUMNS`]), a row per task.
pub fn to_csv(r: &TaskResult) -> Result<String, WebError> {
    let err = |e: csv::Error| WebError::Internal(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS).map_err(err)?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for g in &r.groups {
        for d in &g.documents {
            for t in &d.tasks {
                let dl = t.deadline.as_ref();
                let ev = t.evidence.as_ref();
                let link = match ev {
                    Some(e) => format!("{}#t-{}", fmt::doc_href(&d.id), e.span[0]),
                    None => fmt::doc_href(&d.id),
                };
                w.write_record([
                    g.key.as_deref().unwrap_or(""),
                    &d.id,
                    d.number.as_deref().unwrap_or(""),
                    d.province.as_deref().unwrap_or(""),
                    &date(d.date),
                    t.section.as_deref().unwrap_or(""),
                    t.heading.as_deref().unwrap_or(""),
                    t.organ.as_deref().unwrap_or(""),
                    t.assignee.as_deref().unwrap_or(""),
                    fmt::role_label(t.role),
                    &task_text(t),
                    dl.map(|d| d.raw.as_str()).unwrap_or(""),
                    dl.map(|d| fmt::deadline_kind_label(d.kind)).unwrap_or(""),
                    &date(dl.and_then(|d| d.start)),
                    &date(dl.and_then(|d| d.end)),
                    ev.map(|e| e.sentence.as_str()).unwrap_or(""),
                    &ev.map(|e| e.span[0].to_string()).unwrap_or_default(),
                    &ev.map(|e| e.span[1].to_string()).unwrap_or_default(),
                    &link,
                ])
                .map_err(err)?;
            }
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| WebError::Internal(format!("cannot write CSV: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| WebError::Internal(format!("CSV is not UTF-8: {e}")))?;
    Ok(format!("\u{FEFF}{text}"))
}

/// `GET /tasks.ics`: every task of the same filters whose deadline has a
/// date, as an all-day event on its last day.
pub async fn ics(
    State(s): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<Params>, QueryRejection>,
) -> Result<Response, WebError> {
    let form = Form::read(&super::params(q)?)?;
    let base = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        })
        .map(|h| format!("http://{h}"));
    let gen = s.current();
    let body = blocking(move || {
        let r = export(&gen, &form)?;
        Ok(to_ics(&r, base.as_deref()))
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"nhiem-vu.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// The dated tasks as an iCalendar file (RFC 5545): one all-day event per
/// task, on the last day of its deadline (or its only day), with the task,
/// the document and the section in the description. `base` (`http://host`)
/// makes the links absolute.
pub fn to_ics(r: &TaskResult, base: Option<&str>) -> String {
    let mut cal = Calendar::new();
    cal.name("vanban — nhiệm vụ");
    for g in &r.groups {
        for d in &g.documents {
            for (i, t) in d.tasks.iter().enumerate() {
                let Some(dl) = &t.deadline else { continue };
                let Some(day) = dl.end.or(dl.start) else {
                    continue;
                };
                let who = t.assignee.as_deref().unwrap_or("Cơ quan ban hành");
                let text = task_text(t);
                let summary = format!("{who}: {}", crate::graph::truncate_chars(&text, 90));
                let doc = d.number.as_deref().unwrap_or(&d.id);
                let mut desc = format!("{text}\n\nThời hạn: {}\nVăn bản: {doc}", dl.raw);
                if let Some(title) = &d.title {
                    desc.push_str(&format!(" — {title}"));
                }
                if let Some(s) = &t.section {
                    desc.push_str(&format!("\nMục: {s}"));
                }
                let start = t.evidence.as_ref().map_or(0, |e| e.span[0]);
                let link = format!("{}#t-{start}", fmt::doc_href(&d.id));
                let mut ev = icalendar::Event::new();
                ev.uid(&format!("{}-{start}-{i}@vanban", d.id))
                    .summary(&summary)
                    .description(&desc)
                    .starts(day)
                    .ends(day.succ_opt().unwrap_or(day));
                if let Some(b) = base {
                    ev.url(&format!("{b}{link}"));
                }
                cal.push(ev.done());
            }
        }
    }
    cal.done().to_string()
}
