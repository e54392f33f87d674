//! The web pages through the real router, over an index of the real corpus:
//! status, content type, what the page says, errors in Vietnamese, escaping.

mod common;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use tower::ServiceExt;

const D000: &str = "000_1ea4fda105d58d5d";
const D001: &str = "001_f48e0f285acd8aa3";

fn state() -> vanban::api::AppState {
    static STATE: OnceLock<vanban::api::AppState> = OnceLock::new();
    STATE
        .get_or_init(|| vanban::api::load(&index_dir()).expect("index loads"))
        .clone()
}

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

async fn get_with(uri: &str, headers: &[(&str, &str)]) -> Page {
    let app = vanban::api::router(state());
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = app
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Page {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8 body"),
    }
}

async fn get(uri: &str) -> Page {
    get_with(uri, &[]).await
}

fn content_type(p: &Page) -> &str {
    p.headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// An HTML page with status 200, the header linking the four pages, and `lang="vi"`.
async fn html_page(uri: &str) -> String {
    let p = get(uri).await;
    assert_eq!(p.status, StatusCode::OK, "{uri}: {}", p.body);
    assert_eq!(content_type(&p), "text/html; charset=utf-8", "{uri}");
    assert!(p.body.starts_with("<!DOCTYPE html>"), "{uri}");
    assert!(p.body.contains("<html lang=\"vi\">"), "{uri}");
    for link in [
        "href=\"/search\"",
        "href=\"/documents\"",
        "href=\"/refs\"",
        "href=\"/tasks\"",
    ] {
        assert!(p.body.contains(link), "{uri}: header lacks {link}");
    }
    p.body
}

#[tokio::test]
async fn home_has_the_box_the_facets_and_the_language() {
    let body = html_page("/").await;
    assert!(
        body.contains("<form class=\"search\" action=\"/search\""),
        "{body}"
    );
    assert!(
        body.contains("Chỉ mục có <strong>5</strong> văn bản"),
        "{body}"
    );
    // Facets over every document, each narrowing the search.
    assert!(
        body.contains("href=\"/search?province=Ki%C3%AAn+Giang\""),
        "{body}"
    );
    assert!(body.contains("href=\"/search?type=ke_hoach\""), "{body}");
    assert!(
        body.contains("href=\"/search?from=2022-01-01&amp;to=2022-12-31\""),
        "{body}"
    );
    assert!(body.contains("href=\"/search?level=khoi\""), "{body}");
    assert!(body.contains("Cách viết câu tìm"));
}

#[tokio::test]
async fn search_lists_hits_with_links_snippets_and_facets() {
    let body = html_page("/search?q=ban+tuyen+giao").await;
    for id in [D000, "002_2b1aea7b6ed069a4", "003_e07fff3062a41059"] {
        assert!(
            body.contains(&format!("href=\"/documents/{id}\"")),
            "{id}: {body}"
        );
    }
    assert!(body.contains("<b>Tuyên</b>"), "highlighted snippet: {body}");
    assert!(body.contains("60-KH/TU"), "numbers shown");
    assert!(body.contains("§ "), "heading paths shown");
    // A facet link keeps the query and adds the filter.
    assert!(
        body.contains("href=\"/search?q=ban+tuyen+giao&amp;province=Tr%C3%A0+Vinh\""),
        "{body}"
    );
    // The filter narrows: only 003 is in Trà Vinh.
    let narrowed = html_page("/search?q=ban+tuyen+giao&province=Tr%C3%A0+Vinh").await;
    assert!(narrowed.contains("003_e07fff3062a41059"));
    assert!(
        !narrowed.contains(&format!("/documents/{D000}")),
        "{narrowed}"
    );
    assert!(
        narrowed.contains("Bỏ bộ lọc"),
        "active filters can be removed"
    );
    // level: narrows to 001, the only plan of a Đảng bộ khối.
    let khoi = html_page("/search?q=ke+hoach&level=khoi").await;
    assert!(khoi.contains(D001) && !khoi.contains(D000), "{khoi}");
}

#[tokio::test]
async fn search_mistakes_are_400_pages_in_vietnamese() {
    // (address, words the page must say)
    let cases = [
        ("/search?q=%22unclosed", "Thiếu dấu ngoặc kép đóng"),
        ("/search?q=x&from=22%2F3%2F2022", "không phải là ngày"),
        (
            "/search?q=x&type=nghi_dinh_thu",
            "không phải là loại văn bản",
        ),
        ("/search?q=x&level=quan", "không phải là cấp ban hành"),
        ("/search?q=-suy", "bị loại trừ"),
        ("/search?q=x&page=0", "Số trang"),
        ("/search?q=x&page=abc", "Số trang"),
        ("/refs/21-KL%2FTW?sort=size", "Tham số `sort`"),
        ("/tasks?due_from=March", "Tham số `due_from`"),
        ("/tasks?group_by=year", "Tham số `group_by`"),
        ("/tasks?organ=ban_khong_co", "Không có cơ quan nào"),
    ];
    for (uri, want) in cases {
        let p = get(uri).await;
        assert_eq!(p.status, StatusCode::BAD_REQUEST, "{uri}: {}", p.body);
        assert_eq!(content_type(&p), "text/html; charset=utf-8", "{uri}");
        assert!(p.body.contains(want), "{uri}: want {want:?} in {}", p.body);
        assert!(p.body.contains("lang=\"vi\""));
    }
}

#[tokio::test]
async fn unknown_things_are_404_pages_in_vietnamese() {
    // (address, words the page must say)
    let cases = [
        (
            "/documents/000_1ea4fda105d58d5",
            "Không có văn bản nào có mã",
        ),
        ("/refs/21-KL%2FTX", "Không có văn bản nào mang số hiệu"),
        ("/refs/21-KL%2FTW?key=nope", "không chỉ văn bản nào có khóa"),
        ("/assets/nope.js", "Không có tệp tĩnh"),
    ];
    for (uri, want) in cases {
        let p = get(uri).await;
        assert_eq!(p.status, StatusCode::NOT_FOUND, "{uri}: {}", p.body);
        assert_eq!(content_type(&p), "text/html; charset=utf-8", "{uri}");
        assert!(p.body.contains(want), "{uri}: want {want:?} in {}", p.body);
    }
    // A near miss suggests the real one.
    let p = get("/documents/000_1ea4fda105d58d5").await;
    assert!(
        p.body.contains(&format!("href=\"/documents/{D000}\"")),
        "{}",
        p.body
    );
    let p = get("/refs/21-KL%2FTX").await;
    assert!(p.body.contains("href=\"/refs/21-KL%2FTW\""), "{}", p.body);
}

#[tokio::test]
async fn user_input_is_escaped_everywhere() {
    let evil = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27";
    for uri in [
        format!("/search?q={evil}"),
        format!("/search?q=x&province={evil}"),
        format!("/tasks?q={evil}"),
        format!("/tasks?province={evil}"),
        format!("/refs/{evil}"),
        format!("/documents/{evil}"),
        format!("/tasks?organ={evil}"),
    ] {
        let p = get(&uri).await;
        assert!(!p.body.contains("<script>alert"), "{uri}: {}", p.body);
        assert!(
            p.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{uri}: the input is shown escaped: {}",
            p.body
        );
    }
}

#[tokio::test]
async fn document_page_has_metadata_relations_tasks_and_linked_text() {
    let body = html_page(&format!("/documents/{D001}")).await;
    // Metadata with provenance.
    assert!(body.contains("Ban Thường vụ Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"));
    assert!(body.contains("Đảng bộ khối"));
    assert!(body.contains("(đọc từ văn bản)"));
    assert!(body.contains("Nguyễn Đình Hải"));
    // Relations: what it implements, as links to reference pages.
    assert!(body.contains("Thực hiện văn bản (2)"), "{body}");
    assert!(body.contains("href=\"/refs/21-KL%2FTW"), "{body}");
    assert!(body.contains("href=\"/refs/65-KH%2FTU"), "{body}");
    // The text: citations are links.
    assert!(
        body.contains("<a class=\"cite\" href=\"/refs/21-KL%2FTW"),
        "{body}"
    );
    assert!(
        body.contains("<a class=\"cite\" href=\"/refs/65-KH%2FTU"),
        "{body}"
    );
    // Tasks, each linking to its passage in the text.
    assert!(body.contains("Nhiệm vụ được giao (30)"), "{body}");
    assert!(body.contains(&format!("href=\"/documents/{D001}#t-")));
    assert!(body.contains("<span class=\"anchor\" id=\"t-"));

    // 000 is cited by nobody but cites documents; its text links 21-KL/TW too.
    let body = html_page(&format!("/documents/{D000}")).await;
    assert!(body.contains("60-KH/TU"));
    assert!(body.contains("Kiên Giang"));
    assert!(body.contains("<a class=\"cite\" href=\"/refs/21-KL%2FTW"));
}

#[tokio::test]
async fn document_list_shows_every_document() {
    let body = html_page("/documents").await;
    assert!(body.contains("5 văn bản trong chỉ mục"), "{body}");
    for (id, _) in gold_records() {
        assert!(body.contains(&format!("href=\"/documents/{id}\"")), "{id}");
    }
}

#[tokio::test]
async fn reference_page_has_coverage_graph_and_implementers() {
    let body = html_page("/refs/21-KL%2FTW").await;
    assert!(body.contains("Kết luận 21-KL/TW"), "{body}");
    assert!(body.contains("25/10/2021"));
    assert!(body.contains("Ban Chấp hành Trung ương"));
    // Coverage: 1 of 63, Kiên Giang with its lag of 148 days.
    assert!(body.contains("<strong>1/63</strong>"), "{body}");
    assert!(body.contains("<li class=\"has\""), "{body}");
    assert!(
        body.contains("Kiên Giang <small>148\u{a0}ngày</small>"),
        "{body}"
    );
    assert!(body.contains("63 tỉnh, thành phố (trước 1/7/2025)"));
    // Implementers grouped by province, with the sentence that says so.
    assert!(body.contains(&format!("href=\"/documents/{D000}\"")));
    assert!(body.contains(&format!("href=\"/documents/{D001}\"")));
    assert!(
        body.contains("<tr class=\"group\"><th colspan=\"5\">Kiên Giang (1)"),
        "{body}"
    );
    assert!(body.contains("“thực hiện Kết luận số 21-KL/TW"), "{body}");
    // The graph: data for the script, the vendored scripts, and an SVG without them.
    assert!(body.contains("<script id=\"graph-data\" type=\"application/json\">"));
    assert!(body.contains("/assets/cytoscape.min.js?v="));
    assert!(body.contains("/assets/cytoscape-dagre.min.js?v="));
    assert!(body.contains("<svg"), "server-drawn fallback");
    let json = body
        .split("id=\"graph-data\" type=\"application/json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("graph data");
    let g: serde_json::Value = serde_json::from_str(json).expect("graph data is JSON");
    let nodes = g["nodes"].as_array().expect("nodes");
    assert!(nodes
        .iter()
        .any(|n| n["href"] == format!("/documents/{D000}")));
    assert!(nodes
        .iter()
        .any(|n| n["root"] == true && n["central"] == true));
    assert!(g["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .all(|e| e["kind"] == "implements" || e["kind"] == "continues"));
    // Cites on request.
    let with_cites = html_page("/refs/21-KL%2FTW?edges=implements,continues,cites").await;
    assert!(
        with_cites.contains("\"kind\":\"cites\""),
        "cites edges drawn on request"
    );
    // Direct only, and sorting keeps working.
    html_page("/refs/21-KL%2FTW?direct=1").await;
    let sorted = html_page("/refs/21-KL%2FTW?sort=lag&order=desc").await;
    assert!(
        sorted.contains("<details class=\"table\" open>"),
        "a chosen order opens the table"
    );
    // The plain `/` form of the address works too.
    html_page("/refs/21-KL/TW").await;
}

#[tokio::test]
async fn a_provincial_plan_has_no_coverage_table() {
    let body = html_page("/refs/60-KH%2FTU").await;
    assert!(body.contains("Đây không phải văn bản Trung ương"), "{body}");
    assert!(
        body.contains(&format!("href=\"/documents/{D000}\"")),
        "in the corpus"
    );
}

#[tokio::test]
async fn reference_index_lists_the_most_implemented() {
    let body = html_page("/refs").await;
    assert!(body.contains("href=\"/refs/21-KL%2FTW"), "{body}");
    let p = get("/refs?ref=21-KL%2FTW").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        p.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/refs/21-KL%2FTW")
    );
}

#[tokio::test]
async fn tasks_page_groups_by_province_with_exports() {
    let body = html_page("/tasks?organ=ban_tuyen_giao&group_by=province").await;
    assert!(body.contains("Kiên Giang"), "{body}");
    assert!(body.contains("Trà Vinh"), "{body}");
    assert!(body.contains("Chưa rõ tỉnh"));
    assert!(body.contains("Ban Tuyên giáo Tỉnh ủy"));
    assert!(body.contains("ban_tuyen_giao"));
    assert!(
        body.contains("thực hiện tháng 3/2022"),
        "deadlines as written"
    );
    assert!(
        body.contains(&format!("href=\"/documents/{D000}#t-")),
        "link to the sentence"
    );
    for export in [
        "href=\"/tasks.csv?organ=ban_tuyen_giao&amp;group_by=province\"",
        "href=\"/tasks.ics?organ=ban_tuyen_giao&amp;group_by=province\"",
        "href=\"/api/tasks?organ=ban_tuyen_giao&amp;group_by=province\"",
    ] {
        assert!(body.contains(export), "{export}: {body}");
    }
    // Every filter of the form, together.
    let narrowed = html_page("/tasks?organ=ban+tuyen+giao&province=Ki%C3%AAn+Giang&due_from=2022-03&due_to=2022&q=sinh+hoat").await;
    assert!(
        narrowed.contains("Hướng dẫn đợt sinh hoạt chính trị"),
        "{narrowed}"
    );
    assert!(!narrowed.contains("003_e07fff3062a41059"), "{narrowed}");
}

#[tokio::test]
async fn tasks_csv_has_a_bom_full_text_and_evidence() {
    let p = get("/tasks.csv?organ=ban_tuyen_giao&group_by=province").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(content_type(&p), "text/csv; charset=utf-8");
    assert!(p
        .headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("attachment") && v.contains(".csv")));
    assert!(
        p.body.starts_with('\u{FEFF}'),
        "UTF-8 byte-order mark first"
    );
    let mut r = csv::Reader::from_reader(p.body.trim_start_matches('\u{FEFF}').as_bytes());
    let head = r.headers().expect("header row").clone();
    assert_eq!(head.iter().collect::<Vec<_>>(), vanban::web::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    let api = get("/api/tasks?organ=ban_tuyen_giao&group_by=province").await;
    let api: serde_json::Value = serde_json::from_str(&api.body).expect("json");
    assert_eq!(
        rows.len() as u64,
        api["total"].as_u64().expect("total"),
        "every task"
    );
    let kg = rows
        .iter()
        .find(|r| &r[0] == "Kiên Giang")
        .expect("a Kiên Giang row");
    assert_eq!(&kg[1], D000);
    assert!(
        kg[10].chars().count() > 100,
        "the full task text, not 100 characters: {:?}",
        &kg[10]
    );
    assert!(!kg[15].is_empty(), "the sentence");
    assert!(kg[18].starts_with(&format!("/documents/{D000}#t-")));
}

#[tokio::test]
async fn tasks_ics_is_a_calendar_of_dated_deadlines() {
    let p = get_with(
        "/tasks.ics?organ=ban_tuyen_giao",
        &[("host", "vanban.example:8080")],
    )
    .await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(content_type(&p), "text/calendar; charset=utf-8");
    let text = &p.body;
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.trim_end().ends_with("END:VCALENDAR"));
    let events = text.matches("BEGIN:VEVENT").count();
    assert!(events >= 5, "{events} events");
    assert_eq!(events, text.matches("END:VEVENT").count());
    assert_eq!(
        events,
        text.matches("DTSTART;VALUE=DATE:").count(),
        "all-day events"
    );
    assert!(
        text.contains("DTSTART;VALUE=DATE:20220331"),
        "the end of `tháng 3/2022`"
    );
    // Lines are folded at 75 octets (RFC 5545), continuation lines start with a space.
    let unfolded = text.replace("\r\n ", "");
    assert!(text.lines().all(|l| l.len() <= 75), "folded");
    assert!(
        unfolded.contains("URL:http://vanban.example:8080/documents/000_1ea4fda105d58d5d#t-"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("SUMMARY:Ban Tuyên giáo Tỉnh ủy: "),
        "{unfolded}"
    );
}

#[tokio::test]
async fn assets_are_served_from_the_binary_with_cache_headers() {
    let body = html_page("/").await;
    let css = body
        .split("href=\"/assets/style.css?v=")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the stylesheet link carries a hash");
    let p = get(&format!("/assets/style.css?v={css}")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(content_type(&p), "text/css; charset=utf-8");
    assert_eq!(
        p.headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable")
    );
    let etag = p
        .headers
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .expect("etag")
        .to_string();
    // Without the hash: revalidated, and a matching ETag is a 304.
    let p = get("/assets/cytoscape.min.js").await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(content_type(&p), "text/javascript; charset=utf-8");
    assert_eq!(
        p.headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("no-cache")
    );
    assert!(
        p.body.contains("Cytoscape Consortium"),
        "the vendored library"
    );
    let p = get_with("/assets/style.css", &[("if-none-match", &etag)]).await;
    assert_eq!(p.status, StatusCode::NOT_MODIFIED);
    // No page loads anything from another host.
    for uri in [
        "/",
        "/refs/21-KL%2FTW",
        &format!("/documents/{D001}"),
        "/tasks",
    ] {
        let b = html_page(uri).await;
        for attr in ["src=\"http", "src=\"//", "href=\"//"] {
            assert!(!b.contains(attr), "{uri} loads from elsewhere: {attr}");
        }
        assert!(!b.contains("<link rel=\"stylesheet\" href=\"http"), "{uri}");
    }
}

#[tokio::test]
async fn the_api_still_answers_json_beside_the_pages() {
    let p = get("/api/search?q=ban+tuyen+giao").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(content_type(&p).starts_with("application/json"));
    let p = get("/healthz").await;
    assert_eq!(p.body, "ok");
}

#[test]
fn facets_count_documents_and_level_filters() {
    let gen = vanban::api::load_generation(&index_dir()).expect("index loads");
    let all = gen
        .search
        .facets("", &vanban::index::Filters::default())
        .expect("facets");
    assert_eq!(all.total, 5);
    let count = |v: &[vanban::index::FacetValue], key: Option<&str>| {
        v.iter()
            .find(|f| f.value.as_deref() == key)
            .map_or(0, |f| f.count)
    };
    assert_eq!(count(&all.provinces, Some("Kiên Giang")), 1);
    assert_eq!(count(&all.provinces, Some("Trà Vinh")), 1);
    assert_eq!(count(&all.provinces, None), 2);
    assert_eq!(count(&all.types, Some("ke_hoach")), 5);
    assert_eq!(count(&all.years, Some("2022")), 1);
    assert_eq!(count(&all.levels, Some("tinh")), 4);
    assert_eq!(count(&all.levels, Some("khoi")), 1);
    let q = gen
        .search
        .facets("ban tuyen giao", &vanban::index::Filters::default())
        .expect("facets");
    assert_eq!(q.total, 4);
    // Facets count without looking up the spellings meant (they only rank):
    // the same documents as the ranked search, which does look them up.
    for text in ["ban tuyen giao", "chinh don dang", "ke hoach -\"tôn giáo\""] {
        let counted = gen
            .search
            .facets(text, &vanban::index::Filters::default())
            .expect("facets");
        let ranked = gen
            .search
            .search(&vanban::index::SearchRequest::new(text))
            .expect("search");
        assert_eq!(counted.total, ranked.total, "{text}");
        assert!(counted.total > 0, "{text}");
    }
    let mut f = vanban::index::Filters::default();
    f.add("level", "khoi").expect("a level");
    let req = vanban::index::SearchRequest {
        filters: f,
        ..vanban::index::SearchRequest::new("ke hoach")
    };
    let r = gen.search.search(&req).expect("search");
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].id, D001);
    let levels = gen.search.levels_of(&[D000, D001, "nope"]).expect("levels");
    assert_eq!(levels.get(D000).map(String::as_str), Some("tinh"));
    assert_eq!(levels.get(D001).map(String::as_str), Some("khoi"));
    assert!(!levels.contains_key("nope"));
}

#[tokio::test]
async fn search_page_offers_the_query_with_diacritics_restored() {
    let p = get("/search?q=chinh+don+dang").await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(p.body.contains("Có phải bạn muốn tìm"), "{}", p.body);
    assert!(
        p.body.contains("<b>chỉnh</b> <b>đốn</b> <b>đảng</b>"),
        "{}",
        p.body
    );
    // The link searches the restored query.
    assert!(
        p.body
            .contains("href=\"/search?q=ch%E1%BB%89nh+%C4%91%E1%BB%91n+%C4%91%E1%BA%A3ng\""),
        "{}",
        p.body
    );
}
