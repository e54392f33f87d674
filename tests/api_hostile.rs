//! Hostile values to every parameter of every route, in-process through the
//! real router over an index of the real corpus. The routes and their
//! parameters are read from the OpenAPI document the router is built with, so
//! a new route or parameter is covered without touching this file.
//!
//! Every answer must be below 500; every 4xx must be the JSON error with a
//! stable code; the values that can never be valid (invalid UTF-8, control
//! characters, duplicates, unknown parameters, over-long values) must be
//! refused; and the server must answer normally afterwards.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const D000: &str = "000_1ea4fda105d58d5d";

struct Reply {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.expect("the router answers");
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = res
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    Reply {
        status,
        content_type,
        body,
    }
}

fn request(method: &Method, uri: &str) -> Request<Body> {
    Request::builder()
        .method(method.clone())
        .uri(uri)
        .body(Body::empty())
        .expect("a request the http crate accepts")
}

/// The checks every answer passes: no 5xx, 4xx as JSON with a code.
fn check(what: &str, r: &Reply) -> Option<String> {
    assert!(
        r.status.as_u16() < 500,
        "{what}: {} {}",
        r.status,
        String::from_utf8_lossy(&r.body)
    );
    if r.status.is_client_error() {
        assert!(
            r.content_type.starts_with("application/json"),
            "{what}: {} with content type {:?}: {}",
            r.status,
            r.content_type,
            String::from_utf8_lossy(&r.body)
        );
        let v: Value = serde_json::from_slice(&r.body)
            .unwrap_or_else(|e| panic!("{what}: {e}: {}", String::from_utf8_lossy(&r.body)));
        let code = v["error"]["code"].as_str().unwrap_or_default().to_string();
        assert!(!code.is_empty(), "{what}: no code in {v}");
        assert!(
            !v["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .is_empty(),
            "{what}: no message in {v}"
        );
        return Some(code);
    }
    None
}

/// (label, raw percent-encoded value, must it be refused?)
fn hostile_values() -> Vec<(&'static str, String, bool)> {
    vec![
        ("huge", "a".repeat(40_000), true),
        ("long", "x".repeat(11_000), true),
        ("brackets-760", "(".repeat(760), false),
        ("brackets-3000", "%28".repeat(3000), false),
        ("nested", "((((a)))(%22b(c))".repeat(50), false),
        ("closing", ")".repeat(2000), false),
        ("invalid-utf8", "%FF%FE%FD".into(), true),
        ("truncated-utf8", "ab%C3".into(), true),
        ("nul", "a%00b".into(), true),
        ("escape", "%1B%5B31mred".into(), true),
        ("bell", "%07".into(), true),
        ("negative", "-1".into(), false),
        ("huge-number", "99999999999999999999999999".into(), false),
        ("float", "1e9".into(), false),
        ("nan", "NaN".into(), false),
        ("zero", "0".into(), false),
        ("empty", "".into(), false),
        ("emoji", "%F0%9F%99%82".into(), false),
        ("lone-combining", "%CC%81".into(), false),
        ("quote", "%22".into(), false),
        ("backslash", "%5C".into(), false),
        (
            "query-syntax",
            "a:b:c%20AND%20OR%20NOT%20*%20~2%20^%20[1%20TO".into(),
            false,
        ),
        ("percent", "%".into(), false),
        ("plus", "+++".into(), false),
    ]
}

struct Route {
    path: String,
    method: Method,
    query: Vec<String>,
    path_params: Vec<String>,
}

fn routes(doc: &Value) -> Vec<Route> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let Ok(method) = method.to_ascii_uppercase().parse::<Method>() else {
                continue;
            };
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let of = |place: &str| -> Vec<String> {
                params
                    .iter()
                    .filter(|p| p["in"] == place)
                    .filter_map(|p| p["name"].as_str().map(str::to_string))
                    .collect()
            };
            out.push(Route {
                path: path.clone(),
                method,
                query: of("query"),
                path_params: of("path"),
            });
        }
    }
    out
}

/// The route's path with valid values in its path parameters.
fn valid_path(route: &Route) -> String {
    route
        .path
        .replace("{id}", D000)
        .replace("{reference}", "21-KL%2FTW")
}

#[tokio::test]
async fn hostile_values_to_every_parameter_of_every_route() {
    let state = vanban::api::load(&common::index_dir()).expect("index loads");
    let app = vanban::api::router(state);
    let doc = serde_json::to_value(vanban::api::openapi()).expect("openapi as json");
    let routes = routes(&doc);
    assert!(routes.len() >= 15, "{} routes", routes.len());
    let values = hostile_values();
    let mut sent = 0;
    for route in &routes {
        let base = valid_path(route);
        // Every query parameter, alone, with every hostile value.
        for name in &route.query {
            for (label, value, must_refuse) in &values {
                let uri = format!("{base}?{name}={value}");
                let what = format!("{} {base} {name}={label}", route.method);
                let r = send(&app, request(&route.method, &uri)).await;
                let code = check(&what, &r);
                if *must_refuse {
                    assert!(code.is_some(), "{what}: {} (must be refused)", r.status);
                }
                sent += 1;
            }
            // The same parameter twice.
            let uri = format!("{base}?{name}=1&{name}=2");
            let r = send(&app, request(&route.method, &uri)).await;
            let code = check(&format!("{} {base} duplicate {name}", route.method), &r);
            assert_eq!(code.as_deref(), Some("invalid_parameter"), "{uri}");
            sent += 1;
        }
        // Every path parameter, with every hostile value.
        for name in &route.path_params {
            for (label, value, must_refuse) in &values {
                if value.is_empty() {
                    continue;
                }
                let path = route.path.replace(&format!("{{{name}}}"), value);
                let path = valid_path(&Route {
                    path,
                    method: route.method.clone(),
                    query: Vec::new(),
                    path_params: Vec::new(),
                });
                let what = format!("{} {} {{{name}}}={label}", route.method, route.path);
                let Ok(req) = Request::builder()
                    .method(route.method.clone())
                    .uri(path.as_str())
                    .body(Body::empty())
                else {
                    continue; // not even a URI: no server would see it
                };
                let r = send(&app, req).await;
                let code = check(&what, &r);
                if *must_refuse && !matches!(*label, "escape" | "bell" | "nul") {
                    assert!(code.is_some(), "{what}: {} (must be refused)", r.status);
                }
                sent += 1;
            }
        }
        // An unknown parameter.
        let r = send(&app, request(&route.method, &format!("{base}?zzz=1"))).await;
        let code = check(&format!("{} {base} unknown", route.method), &r);
        assert_eq!(code.as_deref(), Some("unknown_parameter"), "{base}?zzz=1");
        // Other methods.
        for m in [Method::PUT, Method::DELETE, Method::PATCH, Method::OPTIONS] {
            let r = send(&app, request(&m, &base)).await;
            let code = check(&format!("{m} {base}"), &r);
            assert_eq!(code.as_deref(), Some("method_not_allowed"), "{m} {base}");
        }
        sent += 5;
    }
    assert!(sent > 1000, "{sent} requests");

    // The 760-byte request that used to overflow the stack.
    let uri = format!("/api/tasks?q={}", "(".repeat(740));
    let r = send(&app, request(&Method::GET, &uri)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(check("760 bytes", &r).as_deref(), Some("invalid_query"));

    // And the server still answers.
    let r = send(
        &app,
        request(&Method::GET, "/api/search?q=ban%20tuyen%20giao"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = send(
        &app,
        request(&Method::GET, "/api/tasks?q=tuy%C3%AAn%20truy%E1%BB%81n"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn hostile_bodies_to_the_citation_lookup() {
    let state = vanban::api::load(&common::index_dir()).expect("index loads");
    let app = vanban::api::router(state);
    let post = |ctype: &str, body: Vec<u8>| {
        Request::post("/api/citation-lookup")
            .header(header::CONTENT_TYPE, ctype)
            .body(Body::from(body))
            .expect("request")
    };
    // (content type, body, expected status, expected code)
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("application/json", b"{".to_vec(), 400, "invalid_body"),
        (
            "application/json",
            b"{\"txt\": 1}".to_vec(),
            400,
            "invalid_body",
        ),
        (
            "application/json",
            b"{\"text\": \"\"}".to_vec(),
            400,
            "invalid_body",
        ),
        ("application/json", b"[]".to_vec(), 400, "invalid_body"),
        ("text/plain", vec![0xff, 0xfe, 0x00], 400, "invalid_body"),
        (
            "application/x-www-form-urlencoded",
            b"text=%FF".to_vec(),
            400,
            "invalid_parameter",
        ),
        (
            "application/x-www-form-urlencoded",
            b"t=1".to_vec(),
            400,
            "unknown_parameter",
        ),
        (
            "application/xml",
            b"<text/>".to_vec(),
            415,
            "unsupported_media_type",
        ),
        ("text/plain", vec![b'a'; 100_000], 413, "payload_too_large"),
        (
            "text/plain",
            vec![b'a'; 3_000_000],
            413,
            "payload_too_large",
        ),
        (
            "application/json",
            format!("{{\"text\": \"{}\"}}", "(".repeat(60_000)).into_bytes(),
            200,
            "",
        ),
    ];
    for (ctype, body, status, code) in cases {
        let what = format!("{ctype} {} bytes", body.len());
        let r = send(&app, post(ctype, body)).await;
        assert_eq!(
            r.status.as_u16(),
            status,
            "{what}: {}",
            String::from_utf8_lossy(&r.body)
        );
        let got = check(&what, &r);
        if status >= 400 {
            assert_eq!(got.as_deref(), Some(code), "{what}");
        }
    }
    // Many citations: capped, and said so.
    let text = (1..=400)
        .map(|i| format!("Thực hiện Kết luận số {i}-KL/TW ngày 01/01/2020 của Bộ Chính trị. "))
        .collect::<String>();
    let r = send(&app, post("text/plain", text.into_bytes())).await;
    assert_eq!(r.status, StatusCode::OK);
    let v: Value = serde_json::from_slice(&r.body).expect("json");
    assert_eq!(v["citations"].as_array().map(Vec::len), Some(250), "{v:#}");
    assert_eq!(v["truncated"], true);
}
