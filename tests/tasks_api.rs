//! `GET /api/tasks` and `GET /api/organs` through the real router, over a task
//! store built from the hand-checked gold records (`tests/gold/*.json`).

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
use vanban::tasks::{TaskStore, TaskStoreBuilder};

/// Build the task store on disk, as `vanban index` does, and open it.
fn gold_store(dir: &Path) -> TaskStore {
    let path = dir.join(TaskStore::DIR);
    let mut b = TaskStoreBuilder::create(&path).expect("create");
    for (id, r) in common::gold_records() {
        b.add(&id, &r).expect("add");
    }
    b.finish().expect("finish");
    TaskStore::open(&path).expect("open")
}

/// The one place tests construct the API state: everything loaded from an
/// index of the real corpus (built once by the real binary), with the task
/// store replaced by one built from the gold records.
fn app_state(tasks: TaskStore) -> AppState {
    let generation = vanban::api::load_generation(&common::index_dir()).expect("index loads");
    AppState::new(Generation {
        tasks: Arc::new(tasks),
        ..generation
    })
}

struct Api {
    _dir: tempfile::TempDir,
    state: AppState,
}

impl Api {
    fn new() -> Api {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = app_state(gold_store(dir.path()));
        Api { _dir: dir, state }
    }

    /// GET `uri`: (status, content type, body).
    async fn get(&self, uri: &str) -> (StatusCode, String, String) {
        let res = router(self.state.clone())
            .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("response");
        let status = res.status();
        let ctype = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        (
            status,
            ctype,
            String::from_utf8(bytes.to_vec()).expect("utf-8"),
        )
    }

    async fn json(&self, uri: &str) -> Value {
        let (status, _, body) = self.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        serde_json::from_str(&body).expect("json body")
    }
}

fn gold_count(pred: impl Fn(&str, &Record, &vanban::extract::Task) -> bool) -> usize {
    common::gold_records()
        .iter()
        .map(|(id, r)| r.tasks.iter().filter(|t| pred(id, r, t)).count())
        .sum()
}

fn btg(t: &vanban::extract::Task) -> bool {
    t.organ.as_deref() == Some("ban_tuyen_giao")
}

#[tokio::test]
async fn ban_tuyen_giao_by_province() {
    let api = Api::new();
    let v = api
        .json("/api/tasks?organ=ban%20tuyen%20giao&group_by=province")
        .await;
    let groups = v["groups"].as_array().expect("groups");
    let keys: Vec<&Value> = groups.iter().map(|g| &g["key"]).collect();
    assert_eq!(
        keys,
        vec![
            &Value::from("Kiên Giang"),
            &Value::from("Trà Vinh"),
            &Value::Null
        ]
    );
    let expect = [
        ("000_1ea4fda105d58d5d", Some("Kiên Giang")),
        ("003_e07fff3062a41059", Some("Trà Vinh")),
        ("002_2b1aea7b6ed069a4", None),
    ];
    for (g, (id, province)) in groups.iter().zip(expect) {
        let docs = g["documents"].as_array().expect("documents");
        assert_eq!(docs.len(), 1, "{g}");
        assert_eq!(docs[0]["id"], id);
        let tasks = docs[0]["tasks"].as_array().expect("tasks");
        let want = gold_count(|d, _, t| d == id && btg(t));
        assert_eq!(tasks.len(), want, "{id}");
        assert_eq!(g["task_count"], want);
        for t in tasks {
            assert_eq!(t["organ"], "ban_tuyen_giao");
            assert_eq!(t["document"], id);
            assert_eq!(t["province"], province.map_or(Value::Null, Value::from));
            assert!(t["source"].as_str().is_some_and(|s| s.contains(id)));
            assert!(t["section"].is_string() && t["text"].is_string() && t["role"].is_string());
            assert!(t.get("deadline").is_some() && t.get("evidence").is_some());
        }
    }
    // Kiên Giang's IV.7 tasks carry their deadlines.
    let kg = &groups[0]["documents"][0]["tasks"];
    assert_eq!(kg[0]["section"], "IV.7");
    assert_eq!(kg[0]["deadline"]["raw"], "thực hiện tháng 3/2022");
    assert_eq!(kg[0]["deadline"]["kind"], "month");
    assert_eq!(kg[0]["deadline"]["start"], "2022-03-01");
    assert_eq!(kg[0]["deadline"]["end"], "2022-03-31");
    let hint = v["hint"].as_str().expect("hint for the null group");
    assert!(
        hint.contains("manifest.csv") && hint.contains(".meta.toml"),
        "{hint}"
    );
    assert!(hint.contains("002_2b1aea7b6ed069a4"), "{hint}");
}

#[tokio::test]
async fn every_alias_resolves_to_the_same_tasks() {
    let api = Api::new();
    let want = gold_count(|_, _, t| btg(t));
    const ALIASES: &[&str] = &[
        "ban_tuyen_giao",
        "Ban%20Tuy%C3%AAn%20gi%C3%A1o", // Ban Tuyên giáo
        "ban%20tuyen%20giao",           // ban tuyen giao
        "BAN+TUYEN+GIAO",               // + as space
        "Ban%20Tuy%C3%AAn%20gi%C3%A1o%20T%E1%BB%89nh%20%E1%BB%A7y", // Ban Tuyên giáo Tỉnh ủy
        "Ban%20Tuye%CC%82n%20gia%CC%81o", // decomposed (NFD) diacritics
    ];
    for alias in ALIASES {
        let v = api.json(&format!("/api/tasks?organ={alias}")).await;
        assert_eq!(v["total"], want, "organ={alias}");
        assert_eq!(
            v["organs"],
            serde_json::json!(["ban_tuyen_giao"]),
            "organ={alias}"
        );
    }
}

#[tokio::test]
async fn bad_parameters_are_400_invalid_parameter() {
    let api = Api::new();
    const BAD: &[(&str, &str)] = &[
        ("/api/tasks?due_from=2022-13-01", "due_from"),
        ("/api/tasks?due_to=31/12/2022", "due_to"),
        ("/api/tasks?due_from=2022-06-01&due_to=2022-01-01", "due_to"),
        ("/api/tasks?group_by=tinh", "group_by"),
        ("/api/tasks?format=xml", "format"),
        ("/api/tasks?limit=-1", "limit"),
        ("/api/tasks?limit=10000000", "limit"),
        ("/api/tasks?offset=abc", "offset"),
        (
            "/api/tasks?organ=Ban%20Ch%E1%BB%89%20huy%20V%C5%A9%20tr%E1%BB%A5",
            "organ",
        ),
    ];
    for (uri, param) in BAD {
        let (status, ctype, body) = api.get(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(ctype.starts_with("application/json"), "{uri}: {ctype}");
        let v: Value = serde_json::from_str(&body).expect("json error");
        assert_eq!(v["error"]["code"], "invalid_parameter", "{uri}: {body}");
        assert_eq!(v["error"]["parameter"], *param, "{uri}: {body}");
    }
}

#[tokio::test]
async fn csv_has_a_header_and_one_row_per_task() {
    let api = Api::new();
    let (status, ctype, body) = api
        .get("/api/tasks?organ=ban_tuyen_giao&group_by=province&format=csv")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctype, "text/csv; charset=utf-8");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(&header[0], "group");
    assert!(header.iter().any(|h| h == "deadline_kind"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), gold_count(|_, _, t| btg(t)));
    let organ = header
        .iter()
        .position(|h| h == "organ")
        .expect("organ column");
    assert!(rows.iter().all(|r| &r[organ] == "ban_tuyen_giao"));
    // Every task of the store, unless a limit is given.
    let (_, _, all) = api.get("/api/tasks?format=csv").await;
    let n = csv::Reader::from_reader(all.as_bytes()).records().count();
    assert_eq!(n, gold_count(|_, _, _| true));
    let (_, _, five) = api.get("/api/tasks?format=csv&limit=5").await;
    assert_eq!(
        csv::Reader::from_reader(five.as_bytes()).records().count(),
        5
    );
}

#[tokio::test]
async fn due_window_selects_overlapping_deadlines() {
    let api = Api::new();
    let v = api
        .json("/api/tasks?organ=ban_tuyen_giao&due_from=2022-04-01&due_to=2022-04-30")
        .await;
    // IV.7 "trong tháng 4/2022" and "thực hiện năm 2022" overlap April 2022;
    // "tháng 3/2022", recurring and undated tasks do not.
    let raws: Vec<&str> = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .flat_map(|g| g["documents"].as_array().into_iter().flatten())
        .flat_map(|d| d["tasks"].as_array().into_iter().flatten())
        .map(|t| t["deadline"]["raw"].as_str().unwrap_or("(none)"))
        .collect();
    assert_eq!(raws, vec!["trong tháng 4/2022", "thực hiện năm 2022"]);
    // A month value covers the whole month.
    let m = api
        .json("/api/tasks?organ=ban_tuyen_giao&due_from=2022-04&due_to=2022-04")
        .await;
    assert_eq!(m["total"], v["total"]);
}

#[tokio::test]
async fn filters_by_province_document_and_text() {
    let api = Api::new();
    let v = api
        .json("/api/tasks?province=tra%20vinh&group_by=province")
        .await;
    assert_eq!(
        v["total"],
        gold_count(|_, r, _| r.province.as_deref() == Some("Trà Vinh"))
    );
    assert_eq!(v["groups"][0]["key"], "Trà Vinh");
    let unknown = api.json("/api/tasks?province=null&group_by=province").await;
    assert_eq!(unknown["total"], gold_count(|_, r, _| r.province.is_none()));
    assert!(unknown["hint"].is_string());
    let by_number = api.json("/api/tasks?document=15-KH%2FTU").await;
    assert_eq!(
        by_number["total"],
        gold_count(|id, _, _| id.starts_with("003_"))
    );
    let text = api
        .json("/api/tasks?q=sinh%20ho%E1%BA%A1t%20ch%C3%ADnh%20tr%E1%BB%8B")
        .await;
    assert!(text["total"].as_u64().is_some_and(|n| n > 0));
    let none = api.json("/api/tasks?q=zzzqqq").await;
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn organs_lists_keys_aliases_and_counts() {
    let api = Api::new();
    let v = api.json("/api/organs").await;
    let organs = v.as_array().expect("array");
    let btg_entry = organs
        .iter()
        .find(|o| o["key"] == "ban_tuyen_giao")
        .expect("ban_tuyen_giao");
    assert_eq!(btg_entry["task_count"], gold_count(|_, _, t| btg(t)));
    assert!(btg_entry["aliases_seen"]
        .as_array()
        .expect("aliases")
        .iter()
        .any(|a| a == "Ban Tuyên giáo Tỉnh ủy"));
    let total: u64 = organs.iter().filter_map(|o| o["task_count"].as_u64()).sum();
    assert_eq!(total as usize, gold_count(|_, _, t| t.organ.is_some()));
}
