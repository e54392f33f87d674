//! `vanban tasks`: the real binary over an index folder whose task store is
//! built from the hand-checked gold records (`tests/gold/*.json`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use vanban::tasks::{TaskStore, TaskStoreBuilder};

/// An index folder laid out like `vanban index` writes it:
/// `<index>/CURRENT` names the generation, `<index>/<generation>/tasks` the store.
fn gold_index() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("index");
    let generation = "gen-test";
    let mut b =
        TaskStoreBuilder::create(&index.join(generation).join(TaskStore::DIR)).expect("create");
    for (id, r) in common::gold_records() {
        b.add(&id, &r).expect("add");
    }
    b.finish().expect("finish");
    std::fs::write(index.join("CURRENT"), format!("{generation}\n")).expect("CURRENT");
    (dir, index)
}

fn vanban(index: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("tasks")
        .args(args)
        .arg("--index")
        .arg(index)
        .env_remove("VANBAN_INDEX")
        .output()
        .expect("run vanban")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

fn btg_count(id: &str) -> usize {
    common::gold_records()
        .iter()
        .filter(|(d, _)| d == id)
        .flat_map(|(_, r)| &r.tasks)
        .filter(|t| t.organ.as_deref() == Some("ban_tuyen_giao"))
        .count()
}

#[test]
fn json_by_province_for_ban_tuyen_giao() {
    let (_dir, index) = gold_index();
    let out = stdout(&vanban(
        &index,
        &["--organ", "ban tuyen giao", "--by", "province", "--json"],
    ));
    let v: Value = serde_json::from_str(&out).expect("json");
    let groups = v["groups"].as_array().expect("groups");
    let summary: Vec<(Value, Value, usize)> = groups
        .iter()
        .map(|g| {
            let d = &g["documents"][0];
            (
                g["key"].clone(),
                d["id"].clone(),
                d["tasks"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "Kiên Giang".into(),
                "000_1ea4fda105d58d5d".into(),
                btg_count("000_1ea4fda105d58d5d")
            ),
            (
                "Trà Vinh".into(),
                "003_e07fff3062a41059".into(),
                btg_count("003_e07fff3062a41059")
            ),
            (
                Value::Null,
                "002_2b1aea7b6ed069a4".into(),
                btg_count("002_2b1aea7b6ed069a4")
            ),
        ]
    );
    // The shape: each task has exactly these keys.
    let task = &groups[0]["documents"][0]["tasks"][0];
    let mut keys: Vec<&str> = task
        .as_object()
        .expect("task object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["assignee", "deadline", "organ", "role", "section", "text"]
    );
    assert_eq!(task["deadline"]["raw"], "thực hiện tháng 3/2022");
    assert!(groups[0]["documents"][0]["source"].is_string());
    let hint = v["hint"].as_str().expect("hint");
    assert!(hint.contains("manifest.csv"), "{hint}");
}

#[test]
fn readable_listing_names_groups_deadlines_and_the_hint() {
    let (_dir, index) = gold_index();
    let out = stdout(&vanban(
        &index,
        &["--organ", "Ban Tuyên giáo", "--by", "province"],
    ));
    let kg = out.find("Kiên Giang — ").expect("Kiên Giang group");
    let tv = out.find("Trà Vinh — ").expect("Trà Vinh group");
    let unknown = out.find("(unknown) — ").expect("unknown group");
    assert!(kg < tv && tv < unknown, "{out}");
    assert!(
        out.contains("thực hiện tháng 3/2022 [2022-03-01 → 2022-03-31]"),
        "{out}"
    );
    assert!(
        out.contains("note: ") && out.contains("manifest.csv"),
        "{out}"
    );
}

#[test]
fn csv_output_has_header_and_rows() {
    let (_dir, index) = gold_index();
    let out = stdout(&vanban(&index, &["--document", "60-KH/TU", "--csv"]));
    // A byte-order mark first, so spreadsheet programs read UTF-8.
    let out = out.strip_prefix('\u{feff}').expect("byte-order mark");
    let mut lines = out.lines();
    assert!(lines
        .next()
        .is_some_and(|h| h.starts_with("group,document,")));
    let rows = csv::Reader::from_reader(out.as_bytes()).records().count();
    let want = common::gold_records()
        .iter()
        .find(|(id, _)| id.starts_with("000_"))
        .map_or(0, |(_, r)| r.tasks.len());
    assert_eq!(rows, want);
}

#[test]
fn organs_listing_and_errors() {
    let (_dir, index) = gold_index();
    let out = stdout(&vanban(&index, &["--organs", "--json"]));
    let v: Value = serde_json::from_str(&out).expect("json");
    assert!(v
        .as_array()
        .expect("array")
        .iter()
        .any(|o| o["key"] == "ban_tuyen_giao"));

    let unknown = vanban(&index, &["--organ", "Ban Chỉ huy Vũ trụ"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no organ"));

    let bad_date = vanban(&index, &["--due-from", "2022-13"]);
    assert!(!bad_date.status.success());
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("ISO date"));

    let missing = vanban(&index.join("nowhere"), &[]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("vanban index"));
}

/// (group key, document ids) of a `--json` answer.
fn group_docs(v: &Value) -> Vec<(Value, Vec<String>)> {
    v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            let ids = g["documents"]
                .as_array()
                .expect("documents")
                .iter()
                .map(|d| {
                    assert!(d["tasks"].as_array().is_some_and(|t| !t.is_empty()), "{d}");
                    d["id"].as_str().expect("id").to_string()
                })
                .collect();
            (g["key"].clone(), ids)
        })
        .collect()
}

const BTG_BY_PROVINCE: &[&str] = &["--organ", "ban tuyen giao", "--by", "province", "--json"];

#[test]
fn real_corpus_ban_tuyen_giao_by_province() {
    let out = stdout(&vanban(&common::index_dir(), BTG_BY_PROVINCE));
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        group_docs(&v),
        vec![
            (
                "Kiên Giang".into(),
                vec!["000_1ea4fda105d58d5d".to_string()]
            ),
            ("Trà Vinh".into(), vec!["003_e07fff3062a41059".to_string()]),
            (Value::Null, vec!["002_2b1aea7b6ed069a4".to_string()]),
        ]
    );
    assert!(v["hint"]
        .as_str()
        .is_some_and(|h| h.contains("manifest.csv")));
}

#[test]
fn a_manifest_row_moves_002_out_of_the_null_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    for entry in std::fs::read_dir(common::corpus()).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().expect("name");
            std::fs::copy(&path, corpus.join(name)).expect("copy");
        }
    }
    // The province value is test input: any real province name will do.
    std::fs::write(
        corpus.join("manifest.csv"),
        "source,province\n002_2b1aea7b6ed069a4.txt,Cà Mau\n",
    )
    .expect("manifest");
    let index = dir.path().join("index");
    let built = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["-q", "index"])
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .output()
        .expect("run vanban index");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let v: Value = serde_json::from_str(&stdout(&vanban(&index, BTG_BY_PROVINCE))).expect("json");
    assert_eq!(
        group_docs(&v),
        vec![
            ("Cà Mau".into(), vec!["002_2b1aea7b6ed069a4".to_string()]),
            (
                "Kiên Giang".into(),
                vec!["000_1ea4fda105d58d5d".to_string()]
            ),
            ("Trà Vinh".into(), vec!["003_e07fff3062a41059".to_string()]),
        ]
    );
    assert!(v.get("hint").is_none(), "{v}");
}
