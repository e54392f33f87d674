//! The service around the handlers, through the real router over an index of
//! the real corpus: JSON errors for every status, size limits, compression,
//! CORS, the Host allow-list, the concurrency limit, timeouts, the OpenAPI
//! document, metrics, document listing and lookup, citation lookup, exports.

mod common;

use std::io::Read;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use vanban::api::{AppState, ServiceOptions};

const D000: &str = "000_1ea4fda105d58d5d";

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8")
    }
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    fn code(&self) -> String {
        assert!(
            self.header("content-type").starts_with("application/json"),
            "{} {:?}",
            self.status,
            self.headers
        );
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

fn state() -> AppState {
    vanban::api::load(&common::index_dir()).expect("index loads")
}

async fn send_to(app: axum::Router, req: Request<Body>) -> Reply {
    let res = app.oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(uri: &str) -> Reply {
    send_to(
        vanban::api::router(state()),
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

#[tokio::test]
async fn every_error_status_is_json_with_a_stable_code() {
    let app = vanban::api::router(state());
    let req = |m: Method, uri: &str| {
        Request::builder()
            .method(m)
            .uri(uri)
            .body(Body::empty())
            .expect("request")
    };
    // (method, uri, status, code)
    let long = format!("/api/search?q={}", "a".repeat(40_000));
    let cases: Vec<(Method, String, u16, &str)> = vec![
        (Method::GET, "/api/nothing".into(), 404, "route_not_found"),
        (
            Method::GET,
            "/nothing/at/all".into(),
            404,
            "route_not_found",
        ),
        (
            Method::POST,
            "/api/search?q=x".into(),
            405,
            "method_not_allowed",
        ),
        (
            Method::OPTIONS,
            "/api/search".into(),
            405,
            "method_not_allowed",
        ),
        (
            Method::DELETE,
            format!("/api/documents/{D000}"),
            405,
            "method_not_allowed",
        ),
        (
            Method::GET,
            "/api/citation-lookup".into(),
            405,
            "method_not_allowed",
        ),
        (Method::GET, long, 414, "uri_too_long"),
        (
            Method::GET,
            "/api/documents/%FF".into(),
            400,
            "invalid_parameter",
        ),
        (
            Method::GET,
            "/api/search?q=a&q=b".into(),
            400,
            "invalid_parameter",
        ),
        (
            Method::GET,
            "/api/search?q=%FF".into(),
            400,
            "invalid_parameter",
        ),
        (
            Method::GET,
            "/api/organs?x=1".into(),
            400,
            "unknown_parameter",
        ),
        (
            Method::GET,
            "/api/search?q=a&limit=0".into(),
            400,
            "invalid_parameter",
        ),
        (
            Method::GET,
            "/api/tasks?limit=0".into(),
            400,
            "invalid_parameter",
        ),
        (
            Method::GET,
            "/api/documents?limit=0".into(),
            400,
            "invalid_parameter",
        ),
        (
            Method::GET,
            "/api/graph/implementers/21-KL%2FTW?limit=0".into(),
            400,
            "invalid_parameter",
        ),
        (
            Method::GET,
            "/api/tasks?limit=5001".into(),
            400,
            "invalid_parameter",
        ),
    ];
    for (m, uri, status, code) in cases {
        let short: String = uri.chars().take(60).collect();
        let r = send_to(app.clone(), req(m.clone(), &uri)).await;
        assert_eq!(r.status.as_u16(), status, "{m} {short}: {}", r.text());
        assert_eq!(r.code(), code, "{m} {short}");
    }
    // 405 says what is allowed.
    let r = send_to(app.clone(), req(Method::POST, "/api/search")).await;
    assert!(r.header("allow").contains("GET"), "{:?}", r.headers);
    // 431: a header block over the limit.
    let r = send_to(
        app.clone(),
        Request::get("/healthz")
            .header("x-padding", "p".repeat(20_000))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_eq!(r.code(), "headers_too_large");
    // 413: a body over the server's limit.
    let r = send_to(
        app.clone(),
        Request::post("/api/citation-lookup")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(vec![b'a'; 2 * 1024 * 1024]))
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.code(), "payload_too_large");
    // The tasks JSON limit names the way to get more.
    let r = send_to(app.clone(), req(Method::GET, "/api/tasks?limit=100000")).await;
    assert!(r.text().contains("csv"), "{}", r.text());
}

#[tokio::test]
async fn answers_are_compressed_when_asked() {
    let uri = format!("/api/documents/{D000}");
    let plain = get(&uri).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.header("content-encoding"), "");
    for (encoding, decode) in [
        ("gzip", decode_gzip as fn(&[u8]) -> Vec<u8>),
        ("br", decode_br),
    ] {
        let r = send_to(
            vanban::api::router(state()),
            Request::get(uri.as_str())
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-encoding"), encoding);
        assert!(r.body.len() * 3 < plain.body.len(), "{encoding} compresses");
        assert_eq!(decode(&r.body), plain.body, "{encoding} round trip");
    }
}

fn decode_gzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

fn decode_br(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(b, 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    out
}

#[tokio::test]
async fn cors_is_off_by_default_and_on_by_flag() {
    let preflight = || {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/search?q=x")
            .header(header::ORIGIN, "https://example.org")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .body(Body::empty())
            .expect("request")
    };
    let r = send_to(vanban::api::router(state()), preflight()).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("access-control-allow-origin"), "");
    let opts = ServiceOptions {
        cors: vec!["https://example.org".into()],
        ..ServiceOptions::default()
    };
    let r = send_to(vanban::api::router_with(state(), opts.clone()), preflight()).await;
    assert!(r.status.is_success(), "{}", r.status);
    assert_eq!(
        r.header("access-control-allow-origin"),
        "https://example.org"
    );
    let r = send_to(
        vanban::api::router_with(state(), opts),
        Request::get("/api/search?q=dang")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(r.header("access-control-allow-origin"), "", "other origins");
}

#[tokio::test]
async fn a_loopback_server_answers_only_its_own_host_names() {
    let opts = ServiceOptions {
        allowed_hosts: Some(ServiceOptions::loopback_hosts(&["vanban.lan".into()])),
        ..ServiceOptions::default()
    };
    // (Host, allowed)
    const CASES: &[(&str, bool)] = &[
        ("localhost:8080", true),
        ("127.0.0.1:8080", true),
        ("[::1]:8080", true),
        ("VANBAN.LAN", true),
        ("attacker.example:8080", false),
        ("localhost.attacker.example", false),
    ];
    for (host, allowed) in CASES {
        let r = send_to(
            vanban::api::router_with(state(), opts.clone()),
            Request::get("/api/organs")
                .header(header::HOST, *host)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        if *allowed {
            assert_eq!(r.status, StatusCode::OK, "{host}");
        } else {
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{host}");
            assert_eq!(r.code(), "host_not_allowed");
        }
    }
}

/// Sixteen `/api/tasks` requests at once.
async fn burst(app: axum::Router) -> Vec<Reply> {
    let calls = (0..16).map(|_| {
        send_to(
            app.clone(),
            Request::get("/api/tasks?limit=1000")
                .body(Body::empty())
                .expect("request"),
        )
    });
    futures_util::future::join_all(calls).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_concurrency_limit_and_a_full_line_is_503_with_retry_after() {
    let opts = ServiceOptions {
        concurrency: 1,
        queue: 0,
        ..ServiceOptions::default()
    };
    let app = vanban::api::router_with(state(), opts);
    let replies = burst(app.clone()).await;
    let busy: Vec<&Reply> = replies
        .iter()
        .filter(|r| r.status == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(!busy.is_empty(), "some requests are turned away");
    assert!(
        replies.iter().any(|r| r.status == StatusCode::OK),
        "some are answered"
    );
    for r in busy {
        assert_eq!(r.code(), "overloaded");
        assert_eq!(r.header("retry-after"), "1");
    }
    // /healthz and /metrics stay outside the limit.
    let r = send_to(
        app.clone(),
        Request::get("/healthz").body(Body::empty()).expect("r"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_within_the_line_waits_its_turn_and_is_answered() {
    let opts = ServiceOptions {
        concurrency: 1,
        queue: 16,
        ..ServiceOptions::default()
    };
    let replies = burst(vanban::api::router_with(state(), opts)).await;
    for r in &replies {
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_waiting_too_long_in_line_is_503() {
    let opts = ServiceOptions {
        concurrency: 1,
        queue: 16,
        queue_wait: Duration::from_millis(1),
        ..ServiceOptions::default()
    };
    let replies = burst(vanban::api::router_with(state(), opts)).await;
    let busy = replies
        .iter()
        .filter(|r| r.status == StatusCode::SERVICE_UNAVAILABLE)
        .count();
    assert!(busy > 0, "a 1 ms wait turns some away");
    assert!(replies.iter().any(|r| r.status == StatusCode::OK));
    for r in replies.iter().filter(|r| r.status != StatusCode::OK) {
        assert_eq!(r.code(), "overloaded");
    }
}

#[tokio::test]
async fn a_slow_answer_is_cut_at_the_request_timeout() {
    let opts = ServiceOptions {
        request_timeout: Duration::from_millis(100),
        ..ServiceOptions::default()
    };
    // A handler that waits for a body that never comes: only the request
    // timeout can end it.
    let never = futures_util::stream::pending::<Result<axum::body::Bytes, std::io::Error>>();
    let started = std::time::Instant::now();
    let r = send_to(
        vanban::api::router_with(state(), opts),
        Request::post("/api/citation-lookup")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from_stream(never))
            .expect("r"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.text());
    assert_eq!(r.code(), "timeout");
    assert_eq!(r.header("retry-after"), "1");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_pasted_paragraph_is_a_valid_query() {
    let paragraph = "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan tham mưu \
        Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo triển khai thực hiện Kết luận số 21-KL/TW. "
        .repeat(10);
    let enc: String = paragraph
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let r = get(&format!("/api/search?q={enc}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = get(&format!("/api/tasks?q={enc}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn the_openapi_document_covers_every_route() {
    let r = get("/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3."));
    let paths = doc["paths"].as_object().expect("paths");
    // Every route of the README's API table is documented.
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let mut table = 0;
    for line in readme.lines() {
        let Some(rest) = line.strip_prefix("| `") else {
            continue;
        };
        let Some((method, path)) = rest.split('`').next().and_then(|r| r.split_once(' ')) else {
            continue;
        };
        let path = path.split('?').next().unwrap_or(path);
        // The web pages and their assets are HTML for people, not the API.
        let api = path.starts_with("/api/") || ["/healthz", "/metrics"].contains(&path);
        if !["GET", "POST"].contains(&method) || !api {
            continue;
        }
        let item = paths.get(path).unwrap_or_else(|| {
            panic!("{method} {path} of the README is not in the OpenAPI document")
        });
        assert!(
            item.get(method.to_ascii_lowercase()).is_some(),
            "{method} {path}"
        );
        table += 1;
    }
    assert!(table >= 15, "{table} README rows");
    // Every documented operation exists in the router, takes every parameter
    // it documents, and documents its errors.
    let app = vanban::api::router(state());
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("item") {
            let concrete = path
                .replace("{id}", D000)
                .replace("{reference}", "21-KL%2FTW");
            let m: Method = method.to_ascii_uppercase().parse().expect("method");
            let query: Vec<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "query")
                .filter_map(|p| p["name"].as_str())
                .map(|n| format!("{n}=1"))
                .collect();
            for q in std::iter::once(String::new()).chain(query) {
                let uri = format!("{concrete}?{q}");
                let r = send_to(
                    app.clone(),
                    Request::builder()
                        .method(m.clone())
                        .uri(uri.as_str())
                        .body(Body::empty())
                        .expect("request"),
                )
                .await;
                if r.status.is_client_error() {
                    let code = r.code();
                    assert_ne!(code, "route_not_found", "{m} {uri}");
                    assert_ne!(code, "method_not_allowed", "{m} {uri}");
                    assert_ne!(code, "unknown_parameter", "{m} {uri}");
                }
            }
            let responses = op["responses"].as_object().expect("responses");
            assert!(responses.contains_key("200"), "{method} {path}");
            if path.starts_with("/api/") {
                assert!(
                    responses.contains_key("400"),
                    "{method} {path} documents its 400"
                );
            }
        }
    }
}

#[test]
fn every_filter_of_the_query_language_is_a_documented_search_parameter() {
    let doc = serde_json::to_value(vanban::api::openapi()).expect("json");
    let documented: Vec<&str> = doc["paths"]["/api/search"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for filter in vanban::index::query::FILTERS {
        assert!(
            documented.contains(&filter),
            "filter `{filter}` is taken by /api/search but not in its OpenAPI parameters"
        );
    }
}

#[tokio::test]
async fn metrics_count_requests_and_describe_the_index() {
    let app = vanban::api::router(state());
    for uri in ["/api/search?q=dang", "/api/search?q=dang", "/api/nothing"] {
        send_to(
            app.clone(),
            Request::get(uri).body(Body::empty()).expect("r"),
        )
        .await;
    }
    let r = send_to(
        app,
        Request::get("/metrics").body(Body::empty()).expect("r"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .header("content-type")
        .starts_with("application/openmetrics-text"));
    let text = r.text();
    for want in [
        "vanban_http_requests_total{route=\"/api/search\",method=\"GET\",status=\"200\"} 2",
        "vanban_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
        "vanban_http_request_duration_seconds_bucket{le=",
        "vanban_index_documents 5",
        "vanban_index_generation{generation=\"gen-",
        "vanban_graph_nodes ",
        "vanban_tasks ",
        "vanban_index_reloads_total 0",
    ] {
        let want = want.replace("_bucket{le=", "_bucket{");
        assert!(text.contains(&want), "missing {want} in\n{text}");
    }
}

#[tokio::test]
async fn documents_are_listed_and_looked_up_by_number() {
    let all = get("/api/documents").await.json();
    assert_eq!(all["total"], 5);
    let ids: Vec<&str> = all["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "ordered by id");
    assert_eq!(all["next_cursor"], Value::Null);
    // Paging with the cursor gives every document once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let uri = match &cursor {
            Some(c) => format!("/api/documents?limit=2&cursor={c}"),
            None => "/api/documents?limit=2".into(),
        };
        let page = get(&uri).await.json();
        assert_eq!(page["total"], 5);
        for d in page["documents"].as_array().expect("documents") {
            seen.push(d["id"].as_str().expect("id").to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, ids);
    // By number, loosely written.
    for n in ["60-KH%2FTU", "60-kh%2Ftu", "60%20KH%2FTU"] {
        let v = get(&format!("/api/documents?number={n}")).await.json();
        assert_eq!(v["total"], 1, "{n}: {v}");
        assert_eq!(v["documents"][0]["id"], D000);
        assert!(v["referenced"].is_array(), "{v}");
    }
    // A number only cited: no corpus document, the namesakes the graph knows.
    let v = get("/api/documents?number=21-KL%2FTW").await.json();
    assert_eq!(v["total"], 0);
    assert!(
        !v["referenced"].as_array().expect("referenced").is_empty(),
        "{v}"
    );
    // Filters.
    let v = get("/api/documents?province=kien%20giang").await.json();
    assert_eq!(v["total"], 1);
    let v = get("/api/documents?from=2020-01-01&type=ke_hoach")
        .await
        .json();
    assert_eq!(v["total"], 2, "{v}");
}

#[tokio::test]
async fn citation_lookup_reads_json_form_and_text() {
    let text = "Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương \
                và Quy định số 99-QĐ/TW.";
    let app = vanban::api::router(state());
    let json_body = serde_json::json!({ "text": text }).to_string();
    let form_body = format!(
        "text={}",
        text.bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    for (ctype, body) in [
        ("application/json", json_body),
        ("application/x-www-form-urlencoded", form_body),
        ("text/plain; charset=utf-8", text.to_string()),
    ] {
        let r = send_to(
            app.clone(),
            Request::post("/api/citation-lookup")
                .header(header::CONTENT_TYPE, ctype)
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{ctype}: {}", r.text());
        let v = r.json();
        let refs: Vec<&str> = v["citations"]
            .as_array()
            .expect("citations")
            .iter()
            .filter_map(|c| c["ref"].as_str())
            .collect();
        assert!(refs.contains(&"21-KL/TW"), "{ctype}: {v:#}");
        assert!(refs.contains(&"99-QĐ/TW"), "{ctype}: {v:#}");
        let kl = v["citations"]
            .as_array()
            .expect("citations")
            .iter()
            .find(|c| c["ref"] == "21-KL/TW")
            .expect("21-KL/TW");
        let [a, b] = [&kl["mentions"][0]["span"][0], &kl["mentions"][0]["span"][1]]
            .map(|x| x.as_u64().expect("span") as usize);
        assert!(
            text[a..b].contains("21-KL/TW"),
            "the span points at the mention"
        );
        assert!(
            !kl["candidates"].as_array().expect("candidates").is_empty(),
            "resolved against the graph: {kl:#}"
        );
    }
}

#[tokio::test]
async fn exports_stream_with_counts_in_headers() {
    let r = get("/api/export/records.jsonl").await;
    assert_eq!(r.status, StatusCode::OK);
    let lines: Vec<Value> = r
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len().to_string(), r.header("x-total-count"));
    assert_eq!(lines.len(), 5);
    assert!(lines
        .iter()
        .all(|l| l["id"].is_string() && l["record"].is_object()));

    let r = get("/api/export/edges.csv").await;
    assert_eq!(r.status, StatusCode::OK);
    let text = r.text();
    assert!(text.starts_with('\u{feff}'), "byte-order mark");
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = rows.headers().expect("header").clone();
    assert_eq!(&header[0], "from_key");
    assert!(header.iter().any(|h| h == "evidence_sentence"));
    let n = rows
        .records()
        .inspect(|r| assert!(r.is_ok(), "{r:?}"))
        .count();
    assert_eq!(n.to_string(), r.header("x-row-count"));
    assert!(r.header("x-total-count").parse::<usize>().expect("count") > 0);

    let r = get("/api/export/tasks.csv").await;
    assert_eq!(r.status, StatusCode::OK);
    let text = r.text();
    assert!(text.starts_with('\u{feff}'));
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = rows.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (text_col, sentence_col) = (col("text"), col("evidence_sentence"));
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len().to_string(), r.header("x-total-count"));
    assert!(
        records.iter().all(|r| !r[sentence_col].is_empty()),
        "evidence"
    );
    // The text as the store holds it, never cut by the export (the JSON
    // answer of the same tasks carries the same texts).
    let json = get("/api/tasks?limit=5000").await.json();
    let mut stored: Vec<String> = json["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["documents"].as_array().cloned().unwrap_or_default())
        .flat_map(|d| d["tasks"].as_array().cloned().unwrap_or_default())
        .filter_map(|t| t["text"].as_str().map(str::to_string))
        .collect();
    let mut exported: Vec<String> = records.iter().map(|r| r[text_col].to_string()).collect();
    stored.sort();
    exported.sort();
    assert_eq!(exported, stored, "full task texts");

    let r = get("/api/export/graph.graphml").await;
    assert_eq!(r.status, StatusCode::OK);
    let text = r.text();
    assert_eq!(
        text.matches("<node id=").count().to_string(),
        r.header("x-node-count")
    );
    assert_eq!(
        text.matches("<edge source=").count().to_string(),
        r.header("x-edge-count")
    );
}

#[tokio::test]
async fn tasks_csv_is_streamed_with_a_bom_and_evidence() {
    let r = get("/api/tasks?organ=ban_tuyen_giao&format=csv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("text/csv"));
    let text = r.text();
    assert!(text.starts_with('\u{feff}'));
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = rows.headers().expect("header").clone();
    for col in ["document", "section", "evidence_sentence", "text"] {
        assert!(header.iter().any(|h| h == col), "{col}");
    }
    let n = rows.records().count();
    assert!(n > 0);
    assert_eq!(n.to_string(), r.header("x-total-count"));
    let json = get("/api/tasks?organ=ban_tuyen_giao").await.json();
    assert_eq!(json["total"].as_u64(), Some(n as u64));
}

#[tokio::test]
async fn a_swap_never_cuts_a_request_in_flight() {
    // A second index, of one document.
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).expect("mkdir");
    std::fs::copy(
        common::corpus().join("003_e07fff3062a41059.txt"),
        docs.join("003_e07fff3062a41059.txt"),
    )
    .expect("copy");
    let small = dir.path().join("index");
    let out = common::vanban(&[
        "index",
        docs.to_str().expect("utf-8"),
        "--index",
        small.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());

    let state = state();
    let app = vanban::api::router(state.clone());
    // An export under way on the first generation…
    let res = app
        .clone()
        .oneshot(
            Request::get("/api/export/records.jsonl")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    // …the generation is swapped…
    let old = state.swap(vanban::api::load_generation(&small).expect("small index"));
    drop(old);
    // …new requests see the new one…
    let r = send_to(
        app.clone(),
        Request::get("/api/documents")
            .body(Body::empty())
            .expect("r"),
    )
    .await;
    assert_eq!(r.json()["total"], 1);
    // …and the export finishes whole, on the old one.
    let body = res.into_body().collect().await.expect("body").to_bytes();
    let lines = String::from_utf8(body.to_vec()).expect("utf-8");
    assert_eq!(lines.lines().count(), 5);
    let metrics = send_to(
        app,
        Request::get("/metrics").body(Body::empty()).expect("r"),
    )
    .await;
    assert!(metrics.text().contains("vanban_index_documents 1"));
}
