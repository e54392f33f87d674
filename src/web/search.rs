//! `GET /` and `GET /search?q=&province=&type=&level=&from=&to=&page=`: the
//! search page. Hits with snippet and heading path, facets that narrow the
//! search, paging, the query language next to the box.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};

use super::error::query_message;
use super::fmt;
use super::layout::{self, Nav};
use super::{blocking, param, Params, WebError};
use crate::api::{AppState, Generation};
use crate::index::{Facets, Filters, IndexError, SearchRequest, SearchResponse};

/// Hits per page.
pub const PER_PAGE: usize = 10;
/// Deepest page (the index answers at most 10 000 hits deep here).
pub const MAX_PAGE: usize = 1000;

/// The filters a page's address may carry, with their Vietnamese names.
const FILTERS: [(&str, &str); 5] = [
    ("province", "Tỉnh"),
    ("type", "Loại"),
    ("level", "Cấp"),
    ("from", "Từ ngày"),
    ("to", "Đến ngày"),
];

/// What the visitor asked for, read from the address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    pub q: String,
    /// (filter name, value), in address order.
    pub filters: Vec<(String, String)>,
    pub page: usize,
}

/// The address of the same search with the query `q` (a did-you-mean).
fn suggest_href(f: &Form, q: &str) -> String {
    let g = Form {
        q: q.to_string(),
        page: 1,
        ..f.clone()
    };
    g.href(&[], None)
}

impl Form {
    pub fn read(params: &Params) -> Result<Form, WebError> {
        let mut form = Form {
            q: param(params, "q").unwrap_or_default().to_string(),
            filters: Vec::new(),
            page: super::page_number(params, MAX_PAGE)?,
        };
        for (k, v) in params {
            if FILTERS.iter().any(|(n, _)| n == k) && !v.trim().is_empty() {
                form.filters.push((k.clone(), v.trim().to_string()));
            }
        }
        Ok(form)
    }

    fn is_empty(&self) -> bool {
        self.q.trim().is_empty() && self.filters.is_empty()
    }

    /// This search's address with `changes` applied: `(name, Some(v))` sets a
    /// filter (replacing its values), `(name, None)` removes it; the page is
    /// reset unless `page` is given.
    fn href(&self, changes: &[(&str, Option<&str>)], page: Option<usize>) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![("q", self.q.as_str())];
        for (k, v) in &self.filters {
            if !changes.iter().any(|(n, _)| n == k) {
                pairs.push((k.as_str(), v.as_str()));
            }
        }
        for (n, v) in changes {
            if let Some(v) = v {
                pairs.push((n, v));
            }
        }
        let p = page.map(|p| p.to_string()).unwrap_or_default();
        if page.is_some_and(|p| p > 1) {
            pairs.push(("page", &p));
        }
        format!("/search{}", fmt::query(&pairs))
    }
}

/// Everything the page shows.
#[derive(Debug)]
pub struct SearchPage {
    pub form: Form,
    /// Why the query or a filter cannot be read (Vietnamese); the page is a 400.
    pub error: Option<String>,
    pub results: Option<SearchResponse>,
    pub facets: Option<Facets>,
}

/// Run the search and the facet counts of a form.
pub fn assemble(gen: &Generation, form: Form) -> Result<SearchPage, WebError> {
    let mut filters = Filters::default();
    for (k, v) in &form.filters {
        if let Err(e) = filters.add(k, v) {
            return Ok(SearchPage {
                form,
                error: Some(query_message(&e)),
                results: None,
                facets: None,
            });
        }
    }
    if form.is_empty() {
        let facets = gen.search.facets("", &filters)?;
        return Ok(SearchPage {
            form,
            error: None,
            results: None,
            facets: Some(facets),
        });
    }
    let mut req = SearchRequest::new(form.q.clone());
    req.limit = PER_PAGE;
    req.offset = (form.page - 1) * PER_PAGE;
    req.filters = filters.clone();
    match gen.search.search(&req) {
        Ok(results) => {
            let facets = gen.search.facets(&form.q, &filters)?;
            Ok(SearchPage {
                form,
                error: None,
                results: Some(results),
                facets: Some(facets),
            })
        }
        Err(IndexError::Query(e)) => Ok(SearchPage {
            form,
            error: Some(query_message(&e)),
            results: None,
            facets: None,
        }),
        Err(e) => Err(e.into()),
    }
}

/// `GET /`: the search page with an empty query.
pub async fn home(State(s): State<AppState>) -> Result<Response, WebError> {
    let gen = s.current();
    let page = blocking(move || {
        assemble(
            &gen,
            Form {
                page: 1,
                ..Form::default()
            },
        )
    })
    .await?;
    Ok(render(&page))
}

/// `GET /search`.
pub async fn page(
    State(s): State<AppState>,
    q: Result<Query<Params>, QueryRejection>,
) -> Result<Response, WebError> {
    let form = Form::read(&super::params(q)?)?;
    let gen = s.current();
    let page = blocking(move || assemble(&gen, form)).await?;
    Ok(render(&page))
}

pub fn render(p: &SearchPage) -> Response {
    let f = &p.form;
    let title = if f.q.trim().is_empty() {
        "Tìm kiếm văn bản".to_string()
    } else {
        format!("{} — tìm kiếm", f.q.trim())
    };
    let body = html! {
        h1 { "Tìm kiếm văn bản Đảng và Nhà nước" }
        form.search action="/search" method="get" role="search" {
            input type="search" name="q" value=(f.q) aria-label="Từ cần tìm"
                placeholder="ban tuyen giao · \"chỉnh đốn Đảng\" · 21-KL/TW" autofocus[f.is_empty()];
            @for (k, v) in &f.filters {
                input type="hidden" name=(k) value=(v);
            }
            button type="submit" { "Tìm" }
        }
        @if !f.filters.is_empty() {
            div.chips aria-label="Bộ lọc đang dùng" {
                @for (k, v) in &f.filters {
                    span.chip {
                        (filter_name(k)) ": " (filter_value(k, v)) " "
                        a href=(f.href(&[(k.as_str(), None)], None)) title="Bỏ bộ lọc này" aria-label=(format!("Bỏ bộ lọc {}", filter_name(k))) { "×" }
                    }
                }
            }
        }
        @if let Some(e) = &p.error {
            p.error role="alert" { (e) }
        }
        div.layout {
            div {
                @if let Some(r) = &p.results {
                    @if !r.suggestions.is_empty() {
                        p.suggest {
                            "Có phải bạn muốn tìm: "
                            @for (i, s) in r.suggestions.iter().enumerate() {
                                @if i > 0 { ", " }
                                // `html` is the suggestion escaped by the index,
                                // with the restored words in <b>.
                                a href=(suggest_href(f, &s.query)) { (PreEscaped(&s.html)) }
                            }
                            "?"
                        }
                    }
                    (hits(f, r))
                } @else if p.error.is_none() {
                    (intro(p.facets.as_ref()))
                }
            }
            aside {
                @if let Some(facets) = &p.facets {
                    (facet_boxes(f, facets))
                }
                (help())
            }
        }
    };
    let status = if p.error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    (status, layout::page(&title, Nav::Search, body)).into_response()
}

fn filter_name(k: &str) -> &'static str {
    FILTERS
        .iter()
        .find(|(n, _)| *n == k)
        .map(|(_, v)| *v)
        .unwrap_or("Lọc")
}

fn filter_value(k: &str, v: &str) -> String {
    match k {
        "type" => fmt::type_label(v),
        "level" => fmt::level_slug_label(v),
        _ => v.to_string(),
    }
}

fn intro(facets: Option<&Facets>) -> Markup {
    html! {
        p {
            "Gõ từ cần tìm, có dấu hoặc không dấu. "
            @if let Some(f) = facets {
                "Chỉ mục có " strong { (fmt::count(f.total)) } " văn bản; "
                "chọn một tỉnh, loại, năm hoặc cấp ở bên cạnh để duyệt."
            }
        }
        p { "Ví dụ:" }
        ul {
            li { a href="/search?q=ban+tuyen+giao" { "ban tuyen giao" } " — không dấu vẫn tìm được “Ban Tuyên giáo”" }
            li { a href="/search?q=%22ch%E1%BB%89nh+%C4%91%E1%BB%91n+%C4%90%E1%BA%A3ng%22" { "\"chỉnh đốn Đảng\"" } " — một cụm từ" }
            li { a href="/search?q=implements%3A21-KL%2FTW" { "implements:21-KL/TW" } " — các văn bản thực hiện Kết luận 21-KL/TW" }
            li { a href="/refs/21-KL%2FTW" { "21-KL/TW" } " — tỉnh nào đã có kế hoạch thực hiện, sau bao lâu" }
            li { a href="/tasks?organ=ban_tuyen_giao&group_by=province" { "Nhiệm vụ của Ban Tuyên giáo" } " theo tỉnh" }
        }
    }
}

fn hits(f: &Form, r: &SearchResponse) -> Markup {
    let pages = r.total.div_ceil(PER_PAGE).min(MAX_PAGE);
    html! {
        p.meta {
            @if r.total == 0 {
                "Không có văn bản nào khớp. Hãy bỏ bớt từ hoặc bộ lọc, hoặc gõ không dấu."
            } @else {
                (fmt::count(r.total)) " văn bản"
                @if pages > 1 { " · trang " (f.page) "/" (fmt::count(pages)) }
            }
        }
        ol.hits start=((f.page - 1) * PER_PAGE + 1) style="list-style:none;padding:0;margin:0" {
            @for h in &r.hits {
                li.hit {
                    h2 { a href=(fmt::doc_href(&h.id)) { (h.title.as_deref().unwrap_or(&h.source)) } }
                    div.meta {
                        @if let Some(n) = &h.number { strong { (n) } " · " }
                        (fmt::type_label(&h.doc_type))
                        " · " (fmt::date_or_dash(h.date))
                        @if let Some(p) = &h.province { " · " (p) }
                        @if let Some(i) = &h.issuer { " · " (i) }
                    }
                    @if let Some(s) = &h.section { div.section { "§ " (s) } }
                    // The snippet is HTML made by the index: text escaped, matches in <b>.
                    div.snippet { (PreEscaped(&h.snippet)) }
                }
            }
        }
        @if pages > 1 { (pager(f, pages)) }
    }
}

fn pager(f: &Form, pages: usize) -> Markup {
    let near: Vec<usize> = (1..=pages)
        .filter(|&p| p == 1 || p == pages || p.abs_diff(f.page) <= 2)
        .collect();
    html! {
        nav.pager aria-label="Trang kết quả" {
            @if f.page > 1 { a href=(f.href(&[], Some(f.page - 1))) rel="prev" { "‹ Trước" } }
            @for (i, p) in near.iter().enumerate() {
                @if i > 0 && near[i - 1] + 1 != *p { span.gap { "…" } }
                @if *p == f.page { span.current aria-current="page" { (p) } }
                @else { a href=(f.href(&[], Some(*p))) { (p) } }
            }
            @if f.page < pages { a href=(f.href(&[], Some(f.page + 1))) rel="next" { "Sau ›" } }
        }
    }
}

/// Most values shown per facet.
const FACET_VALUES: usize = 12;

fn facet_boxes(f: &Form, facets: &Facets) -> Markup {
    html! {
        @if facets.total > 0 {
            (facet_box("Tỉnh, thành phố", &facets.provinces, |v| Some(f.href(&[("province", Some(v))], None)), |v| v.to_string()))
            (facet_box("Loại văn bản", &facets.types, |v| Some(f.href(&[("type", Some(v))], None)), fmt::type_label))
            (facet_box("Năm ban hành", &facets.years, |v| {
                let (from, to) = (format!("{v}-01-01"), format!("{v}-12-31"));
                Some(f.href(&[("from", Some(&from)), ("to", Some(&to))], None))
            }, |v| v.to_string()))
            (facet_box("Cấp ban hành", &facets.levels, |v| Some(f.href(&[("level", Some(v))], None)), fmt::level_slug_label))
        }
    }
}

fn facet_box(
    title: &str,
    values: &[crate::index::FacetValue],
    href: impl Fn(&str) -> Option<String>,
    label: impl Fn(&str) -> String,
) -> Markup {
    html! {
        section.box {
            h2 { (title) }
            ul {
                @for v in values.iter().take(FACET_VALUES) {
                    li {
                        @match &v.value {
                            Some(val) => {
                                @match href(val) {
                                    Some(h) => a href=(h) { (label(val)) },
                                    None => span { (label(val)) },
                                }
                            }
                            None => span.muted { "chưa rõ" },
                        }
                        span.n { (fmt::count(v.count)) }
                    }
                }
                @if values.len() > FACET_VALUES {
                    li.muted { "và " (values.len() - FACET_VALUES) " giá trị khác" }
                }
            }
        }
    }
}

/// The query language, one line per form.
const HELP: [(&str, &str); 11] = [
    (
        "chỉnh đốn Đảng",
        "mọi từ phải có; có dấu hay không dấu đều được",
    ),
    ("\"Ban Tuyên giáo\"", "một cụm từ"),
    ("-\"tự diễn biến\"", "loại trừ cụm từ hoặc từ"),
    ("21-KL/TW", "số hiệu văn bản, tìm như một đơn vị"),
    ("province:\"Kiên Giang\"", "chỉ văn bản của tỉnh đó"),
    ("type:ke_hoach", "chỉ loại văn bản đó"),
    (
        "level:tinh",
        "chỉ cấp ban hành đó (trung_uong, tinh, huyen, xa, khoi)",
    ),
    (
        "from:2022-01-01 to:2022-12-31",
        "ban hành trong khoảng ngày đó",
    ),
    ("implements:21-KL/TW", "văn bản thực hiện văn bản đó"),
    ("cites:99-QĐ/TW", "văn bản trích dẫn văn bản đó"),
    (
        "organ:ban_tuyen_giao",
        "văn bản giao nhiệm vụ cho cơ quan đó",
    ),
];

fn help() -> Markup {
    html! {
        section.box.help {
            h2 { "Cách viết câu tìm" }
            dl {
                @for (code, text) in HELP {
                    dt { code { (code) } }
                    dd { (text) }
                }
            }
        }
    }
}
