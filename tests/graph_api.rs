//! The graph routes of the real router, over a state whose graph is built from
//! the hand-checked gold records (`tests/gold/*.json`).

mod common;

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use vanban::api::{router, AppState, Generation};
use vanban::extract::Record;
use vanban::graph::{Graph, GraphBuilder};

const D000: &str = "000_1ea4fda105d58d5d";
const D001: &str = "001_f48e0f285acd8aa3";
const D002: &str = "002_2b1aea7b6ed069a4";
const D003: &str = "003_e07fff3062a41059";
const D004: &str = "004_720b4a823c11e609";

fn gold_graph() -> Graph {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let mut files: Vec<_> = std::fs::read_dir(&gold)
        .expect("tests/gold")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut b = GraphBuilder::new();
    for f in &files {
        let rec: Record =
            serde_json::from_str(&std::fs::read_to_string(f).expect("read")).expect("record");
        let name = f.file_name().and_then(|n| n.to_str()).expect("name");
        b.add(&vanban::pipeline::doc_id(name), &rec);
    }
    b.finish()
}

/// The application state for these tests: everything loaded from an index of
/// the real corpus (built once by the real binary), with the graph replaced by
/// the graph of the gold records. The one place to adapt when `AppState` changes.
fn gold_state() -> AppState {
    let generation = vanban::api::load_generation(&common::index_dir()).expect("index loads");
    AppState::new(Generation {
        graph: Arc::new(gold_graph()),
        ..generation
    })
}

struct Reply {
    status: StatusCode,
    content_type: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

async fn get(uri: &str) -> Reply {
    let app = router(gold_state());
    let res = app
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Reply {
        status,
        content_type,
        body: String::from_utf8(bytes.to_vec()).expect("utf-8"),
    }
}

fn ids(v: &Value) -> Vec<&str> {
    v["implementers"]
        .as_array()
        .expect("implementers")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect()
}

#[tokio::test]
async fn implementers_transitive_on_gold() {
    // (path segment, expected corpus implementers)
    const CASES: &[(&str, &[&str])] = &[
        ("21-KL%2FTW", &[D000, D001]),
        ("21-KL/TW", &[D000, D001]),
        ("99-Q%C4%90/TW", &[D004]),
        ("21-kl%2Ftw", &[D000, D001]),
        ("21%20KL%2FTW", &[D000, D001]),
        ("99-Q%C4%90%2FTW", &[D004]),
        ("99-QD%2FTW", &[D004]),
        ("28-NQ%2FTW", &[D002]),
        ("12-NQ%2FTW", &[D003]),
    ];
    for (r, want) in CASES {
        let reply = get(&format!("/api/graph/implementers/{r}?transitive=true")).await;
        assert_eq!(reply.status, StatusCode::OK, "{r}: {}", reply.body);
        assert!(reply.content_type.starts_with("application/json"));
        let v = reply.json();
        assert_eq!(ids(&v), *want, "{r}");
    }
    // By default each implementer has its shortest path, with evidence on every hop.
    let v = get("/api/graph/implementers/21-KL%2FTW?transitive=true")
        .await
        .json();
    assert_eq!(v["total"], 2);
    for i in v["implementers"].as_array().expect("implementers") {
        let paths = i["paths"].as_array().expect("paths");
        assert_eq!(paths.len(), 1, "{i}");
        for hop in paths[0]["hops"].as_array().expect("hops") {
            assert!(!hop["evidence"].as_array().expect("evidence").is_empty());
        }
    }
    // paths=all: every path.
    let v = get("/api/graph/implementers/21-KL%2FTW?transitive=true&paths=all")
        .await
        .json();
    let i001 = &v["implementers"][1];
    assert_eq!(i001["id"], D001);
    assert_eq!(i001["direct"], true);
    let via: Vec<Vec<&str>> = i001["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(|p| {
            p["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .filter_map(|n| n["label"].as_str())
                .collect()
        })
        .collect();
    assert!(via.contains(&vec![D001, "65-KH/TU", "21-KL/TW"]), "{via:?}");
    let v = get("/api/graph/implementers/99-QD%2FTW").await.json();
    assert_eq!(ids(&v), Vec::<&str>::new(), "not direct");
}

#[tokio::test]
async fn implementers_are_paged_with_a_total() {
    let v = get("/api/graph/implementers/21-KL%2FTW?transitive=true&limit=1&offset=1")
        .await
        .json();
    assert_eq!(ids(&v), [D001]);
    assert_eq!(v["total"], 2);
    assert_eq!(v["offset"], 1);
    assert!(
        v["referenced_total"].as_u64().is_some_and(|n| n >= 2),
        "{v}"
    );
    assert!(v["referenced_implementers"].as_array().expect("list").len() <= 1);
    let v = get("/api/graph/implementers/21-KL%2FTW?transitive=true&offset=5")
        .await
        .json();
    assert_eq!(ids(&v), Vec::<&str>::new());
    assert_eq!(v["total"], 2);
    // (query, parameter named in the error)
    const BAD: &[(&str, &str)] = &[
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("limit=10001", "limit"),
        ("offset=-1", "offset"),
        ("paths=some", "paths"),
    ];
    for (q, param) in BAD {
        let reply = get(&format!("/api/graph/implementers/21-KL%2FTW?{q}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{q}: {}", reply.body);
        assert!(reply.body.contains(param), "{q}: {}", reply.body);
    }
}

#[tokio::test]
async fn unknown_reference_is_404_with_suggestions() {
    let reply = get("/api/graph/implementers/21-KL%2FTX?transitive=true").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let v = reply.json();
    assert_eq!(v["error"]["code"], "unknown_reference");
    let sugg: Vec<&str> = v["error"]["suggestions"]
        .as_array()
        .expect("suggestions")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(sugg.first(), Some(&"21-KL/TW"), "{sugg:?}");

    let reply = get("/api/graph/subgraph?root=2332-CV%2FTU").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("2323-CV/TU"), "{}", reply.body);
}

#[tokio::test]
async fn chain_of_004_and_unknown_document() {
    let reply = get(&format!("/api/graph/chain/{D004}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let v = reply.json();
    let path: Vec<&str> = v["paths"][0]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["label"].as_str())
        .collect();
    assert_eq!(path, [D004, "2323-CV/TU", "54-KL/TW", "99-QĐ/TW"]);
    let reply = get("/api/graph/chain/nope").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["code"], "document_not_found");
}

#[tokio::test]
async fn subgraph_formats_and_content_types() {
    const CASES: &[(&str, &str)] = &[
        ("json", "application/json"),
        ("dot", "text/vnd.graphviz"),
        ("mermaid", "text/plain"),
        ("graphml", "application/graphml+xml"),
        ("svg", "image/svg+xml"),
    ];
    for (format, ct) in CASES {
        let reply = get(&format!(
            "/api/graph/subgraph?root=21-KL%2FTW&depth=2&format={format}"
        ))
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{format}: {}", reply.body);
        assert!(
            reply.content_type.starts_with(ct),
            "{format}: {}",
            reply.content_type
        );
        assert!(reply.body.contains("65-KH/TU"), "{format}");
    }
    let svg = get("/api/graph/subgraph?root=21-KL%2FTW&depth=2&format=svg")
        .await
        .body;
    assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    let v = get("/api/graph/subgraph?root=21-KL%2FTW&depth=1")
        .await
        .json();
    assert_eq!(v["roots"][0], "21-KL/TW@2021-10-25");
    let depths: Vec<u64> = v["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["depth"].as_u64())
        .collect();
    assert!(
        depths.iter().all(|&d| d <= 1) && depths.len() == 6,
        "{depths:?}"
    );
}

#[tokio::test]
async fn subgraph_rejects_bad_parameters() {
    const CASES: &[(&str, &str)] = &[
        ("/api/graph/subgraph?root=21-KL%2FTW&depth=9", "depth"),
        ("/api/graph/subgraph?root=21-KL%2FTW&depth=-1", "depth"),
        ("/api/graph/subgraph?root=21-KL%2FTW&depth=two", "depth"),
        ("/api/graph/subgraph?root=21-KL%2FTW&format=png", "format"),
        ("/api/graph/subgraph?root=21-KL%2FTW&edges=links", "edges"),
        ("/api/graph/subgraph?depth=1", "root"),
        (
            "/api/graph/implementers/21-KL%2FTW?transitive=maybe",
            "transitive",
        ),
    ];
    for (uri, param) in CASES {
        let reply = get(uri).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.body
        );
        let v = reply.json();
        assert_eq!(v["error"]["code"], "invalid_parameter", "{uri}");
        assert_eq!(v["error"]["parameter"], *param, "{uri}");
    }
}

#[tokio::test]
async fn citations_of_a_document() {
    let reply = get(&format!("/api/documents/{D004}/citations")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let v = reply.json();
    let cits = v["citations"].as_array().expect("citations");
    assert_eq!(cits.len(), 7);
    let cv = cits
        .iter()
        .find(|c| c["document"]["ref"] == "2323-CV/TU")
        .expect("2323-CV/TU cited");
    assert_eq!(cv["mentions"], 3);
    assert_eq!(cv["implements"], true);
    assert_eq!(cv["evidence"][0]["doc"], D004);
    // 21-KL/TW's node is cited by 000, 001 and 002.
    let reply = get(&format!("/api/documents/{D000}/citations")).await;
    let v = reply.json();
    assert_eq!(v["document"]["ref"], "60-KH/TU");
    let reply = get("/api/documents/nope/citations").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

/// On the real index (extracted records carry spans), every citation of a
/// document comes with the sentence its first mention stands in.
#[tokio::test]
async fn citations_carry_their_sentences() {
    let app = router(vanban::api::load(&common::index_dir()).expect("index loads"));
    let res = app
        .oneshot(
            Request::get(format!("/api/documents/{D000}/citations"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    let v: Value = serde_json::from_slice(&bytes).expect("JSON");
    let cits = v["citations"].as_array().expect("citations");
    assert!(cits.len() > 20, "{}", cits.len());
    for c in cits {
        let ev = &c["evidence"][0];
        let sentence = ev["sentence"].as_str().unwrap_or_else(|| panic!("{c}"));
        assert!(!sentence.is_empty(), "{c}");
        assert!(ev["span"].is_array(), "{c}");
    }
    let kl = cits
        .iter()
        .find(|c| c["document"]["ref"] == "21-KL/TW")
        .expect("21-KL/TW cited");
    let sentence = kl["evidence"][0]["sentence"].as_str().expect("sentence");
    assert!(sentence.contains("21-KL/TW"), "{sentence}");
}
