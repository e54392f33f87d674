//! The real router over an index of the real corpus.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

async fn get(uri: &str) -> (StatusCode, Value) {
    let state = vanban::api::load(&index_dir()).expect("index loads");
    let app = vanban::api::router(state);
    let res = app
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, json)
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[tokio::test]
async fn search_returns_the_cli_json() {
    let (status, body) = get(&format!(
        "/api/search?q={}&limit=100",
        enc("\"Ban Tuyên giáo\"")
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"], 3);
    assert_eq!(sorted(prefixes(&body["hits"])), ["000", "002", "003"]);
}

#[tokio::test]
async fn paging_and_limits() {
    let (_, all) = get("/api/search?q=dang&limit=100").await;
    let (_, page) = get("/api/search?q=dang&limit=2&offset=1").await;
    assert_eq!(page["hits"].as_array().map(|a| a.len()), Some(2));
    assert_eq!(page["hits"][0]["id"], all["hits"][1]["id"]);
    assert_eq!(page["total"], all["total"]);
}

#[tokio::test]
async fn caller_mistakes_are_400_with_a_code() {
    const CASES: &[(&str, &str)] = &[
        ("/api/search?q=%22ban%20tuyen", "invalid_query"),
        ("/api/search?q=", "invalid_query"),
        ("/api/search?q=dang&limit=0", "invalid_parameter"),
        ("/api/search?q=dang&limit=101", "invalid_parameter"),
        ("/api/search?q=dang&limit=ten", "invalid_parameter"),
        ("/api/search?q=dang&offset=-1", "invalid_parameter"),
        ("/api/search?q=dang&from=22%2F3%2F2022", "invalid_parameter"),
        ("/api/search?q=dang&type=novel", "invalid_parameter"),
        ("/api/search?q=dang&colour=red", "unknown_parameter"),
    ];
    for (uri, code) in CASES {
        let (status, body) = get(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(body["error"]["code"], *code, "{uri}: {body}");
        assert!(
            !body["error"]["message"].as_str().unwrap_or("").is_empty(),
            "{uri}: {body}"
        );
    }
}

#[tokio::test]
async fn documents_by_id() {
    let (status, body) = get("/api/documents/003_e07fff3062a41059").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["source"], "003_e07fff3062a41059.txt");
    assert!(body["text"].as_str().unwrap_or("").contains("Trà Vinh"));
    assert!(body["original"].as_str().is_some());
    let (status, body) = get("/api/documents/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "document_not_found");
}

#[tokio::test]
async fn health_and_unknown_routes() {
    let state = vanban::api::load(&index_dir()).expect("index loads");
    let res = vanban::api::router(state)
        .oneshot(
            Request::get("/healthz")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    let (status, body) = get("/api/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "route_not_found");
}

#[tokio::test]
async fn filters_by_date_and_type() {
    // 003 is dated 2012; the others are 2021 or later or undated.
    let (status, body) = get("/api/search?q=dang&to=2015-12-31").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(prefixes(&body["hits"]), ["003"]);
    let (_, body) = get("/api/search?q=dang&type=ke_hoach&limit=100").await;
    assert_eq!(body["total"], 5);
}

#[tokio::test]
async fn did_you_mean_is_in_the_answer() {
    let (status, body) = get(&format!("/api/search?q={}", enc("chinh don dang"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["suggestions"][0]["query"], "chỉnh đốn đảng", "{body}");
    assert_eq!(
        body["suggestions"][0]["html"], "<b>chỉnh</b> <b>đốn</b> <b>đảng</b>",
        "{body}"
    );
    let dang = body["spellings"]
        .as_array()
        .expect("spellings")
        .iter()
        .find(|w| w["typed"] == "dang")
        .expect("dang has several spellings");
    assert_eq!(dang["spellings"][0]["text"], "đảng", "{dang}");
    assert!(
        dang["spellings"][0]["documents"].as_u64() >= Some(1),
        "{dang}"
    );
    // Typed with diacritics: both fields are there, empty.
    let (_, body) = get(&format!("/api/search?q={}", enc("chỉnh đốn Đảng"))).await;
    assert_eq!(body["suggestions"], serde_json::json!([]), "{body}");
    assert_eq!(body["spellings"], serde_json::json!([]), "{body}");
}
