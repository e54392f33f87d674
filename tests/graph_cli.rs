//! `vanban implementers`, `vanban chain` and `vanban graph`, run as the real
//! binary over a graph built from the hand-checked gold records
//! (`tests/gold/*.json`) and saved where `vanban index` saves it
//! (`<index>/CURRENT` names the generation folder holding `graph.json`).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use vanban::extract::Record;
use vanban::graph::{Graph, GraphBuilder};

const D000: &str = "000_1ea4fda105d58d5d";
const D001: &str = "001_f48e0f285acd8aa3";
const D002: &str = "002_2b1aea7b6ed069a4";
const D003: &str = "003_e07fff3062a41059";
const D004: &str = "004_720b4a823c11e609";

/// An index directory holding only the graph of the gold records.
fn gold_index() -> tempfile::TempDir {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let mut files: Vec<_> = std::fs::read_dir(&gold)
        .expect("tests/gold")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    let mut b = GraphBuilder::new();
    for f in &files {
        let rec: Record =
            serde_json::from_str(&std::fs::read_to_string(f).expect("read")).expect("record");
        let name = f.file_name().and_then(|n| n.to_str()).expect("name");
        b.add(&vanban::pipeline::doc_id(name), &rec);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let generation = dir.path().join("gen-1");
    std::fs::create_dir(&generation).expect("mkdir");
    b.finish()
        .save(&generation.join(Graph::FILE))
        .expect("save");
    std::fs::write(dir.path().join("CURRENT"), "gen-1\n").expect("CURRENT");
    dir
}

fn vanban(index: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .arg("--index")
        .arg(index)
        .env_remove("VANBAN_INDEX")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run vanban")
}

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json on stdout")
}

fn implementer_ids(v: &Value) -> Vec<String> {
    v["implementers"]
        .as_array()
        .expect("implementers")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect()
}

/// Every path of one implementer, as its node labels (corpus ids for corpus documents).
fn paths_of(v: &Value, id: &str) -> Vec<Vec<String>> {
    let imp = v["implementers"]
        .as_array()
        .expect("implementers")
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} not listed"));
    imp["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(|p| {
            p["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .map(|n| {
                    n["id"]
                        .as_str()
                        .or(n["label"].as_str())
                        .expect("label")
                        .to_string()
                })
                .collect()
        })
        .collect()
}

#[test]
fn implementers_of_21_kl_tw_transitive_lists_000_and_001_with_path_via_65_kh_tu() {
    let index = gold_index();
    let v = json_of(&vanban(
        index.path(),
        &[
            "implementers",
            "21-KL/TW",
            "--transitive",
            "--all-paths",
            "--json",
        ],
    ));
    assert_eq!(v["ref"], "21-KL/TW");
    assert_eq!(implementer_ids(&v), [D000, D001]);
    let first = &v["implementers"][1];
    for field in [
        "id", "source", "number", "province", "date", "direct", "path", "evidence",
    ] {
        assert!(first.get(field).is_some(), "field {field} missing: {first}");
    }
    assert_eq!(first["direct"], true);
    let paths = paths_of(&v, D001);
    assert!(paths.contains(&vec![D001.to_string(), "21-KL/TW".into()]));
    assert!(
        paths.contains(&vec![
            D001.to_string(),
            "65-KH/TU".into(),
            "21-KL/TW".into()
        ]),
        "{paths:?}"
    );
    assert_eq!(first["evidence"]["doc"], D001);
}

#[test]
fn implementers_cases_on_gold() {
    let index = gold_index();
    // (ref as typed, expected corpus implementers, a path that must be shown)
    const CASES: &[(&str, &[&str], &[&str])] = &[
        (
            "99-QĐ/TW",
            &[D004],
            &[D004, "2323-CV/TU", "54-KL/TW", "99-QĐ/TW"],
        ),
        (
            "99-QD/TW",
            &[D004],
            &[D004, "2323-CV/TU", "54-KL/TW", "99-QĐ/TW"],
        ),
        ("28-NQ/TW", &[D002], &[D002, "28-NQ/TW"]),
        ("12-NQ/TW", &[D003], &[D003, "12-NQ/TW"]),
        ("21-kl/tw", &[D000, D001], &[D000, "03-KH/TW", "21-KL/TW"]),
        ("21 KL/TW", &[D000, D001], &[D001, "21-KL/TW"]),
    ];
    for (r, ids, path) in CASES {
        let v = json_of(&vanban(
            index.path(),
            &["implementers", r, "--transitive", "--all-paths", "--json"],
        ));
        assert_eq!(implementer_ids(&v), *ids, "{r}");
        let want: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        assert!(
            paths_of(&v, path[0]).contains(&want),
            "{r}: no path {path:?}"
        );
    }
    // Without --transitive, 99-QĐ/TW has no direct implementer in the corpus.
    let v = json_of(&vanban(
        index.path(),
        &["implementers", "99-QĐ/TW", "--json"],
    ));
    assert_eq!(implementer_ids(&v), Vec::<String>::new());
}

#[test]
fn implementers_table_shows_paths() {
    let index = gold_index();
    let out = vanban(
        index.path(),
        &["implementers", "21-KL/TW", "--transitive", "--all-paths"],
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains(D000) && text.contains(D001), "{text}");
    assert!(
        text.contains(&format!(
            "{D001} —implements→ 65-KH/TU —implements→ 21-KL/TW"
        )),
        "{text}"
    );
    // By default only the shortest path (001 implements 21-KL/TW directly).
    let out = vanban(index.path(), &["implementers", "21-KL/TW", "--transitive"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains(&format!("{D001} —implements→ 21-KL/TW")),
        "{text}"
    );
    assert!(
        !text.contains(&format!("{D001} —implements→ 65-KH/TU")),
        "{text}"
    );
}

#[test]
fn implementers_pages_with_limit_and_offset() {
    let index = gold_index();
    let v = json_of(&vanban(
        index.path(),
        &[
            "implementers",
            "21-KL/TW",
            "--transitive",
            "--limit",
            "1",
            "--offset",
            "1",
            "--json",
        ],
    ));
    assert_eq!(implementer_ids(&v), [D001]);
    assert_eq!(v["total"], 2);
    let out = vanban(
        index.path(),
        &["implementers", "21-KL/TW", "--transitive", "--limit", "1"],
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("2 corpus documents implement it") && text.contains("(showing 1–1)"),
        "{text}"
    );
    assert!(text.contains(D000) && !text.contains(D001), "{text}");
}

#[test]
fn unknown_reference_exits_1_with_suggestions() {
    let index = gold_index();
    let out = vanban(index.path(), &["implementers", "21-KL/TX"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did you mean") && err.contains("21-KL/TW"),
        "{err}"
    );
}

#[test]
fn chain_of_004_goes_up_to_99_qd_tw() {
    let index = gold_index();
    let v = json_of(&vanban(index.path(), &["chain", D004, "--json"]));
    assert_eq!(v["start"]["id"], D004);
    let roots: Vec<&str> = v["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .filter_map(|r| r["ref"].as_str())
        .collect();
    assert_eq!(roots, ["99-QĐ/TW"]);
    let out = vanban(index.path(), &["chain", D004]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("2323-CV/TU —implements→ 54-KL/TW —continues→ 99-QĐ/TW"),
        "{text}"
    );
    let out = vanban(index.path(), &["chain", "nope"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn graph_exports_every_format() {
    let index = gold_index();
    for format in ["json", "dot", "mermaid", "graphml", "svg"] {
        let out = vanban(
            index.path(),
            &[
                "graph", "--root", "21-KL/TW", "--depth", "2", "--format", format,
            ],
        );
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(text.contains("21-KL/TW"), "{format}");
        assert!(text.contains("65-KH/TU"), "{format}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("g.svg");
    let out = vanban(
        index.path(),
        &[
            "graph",
            "--root",
            "99-QĐ/TW",
            "--depth",
            "3",
            "--format",
            "svg",
            "--edges",
            "implements,continues",
            "-o",
            file.to_str().expect("utf-8 path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&file).expect("svg written");
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("2323-CV/TU") && !svg.contains(">cites</text>"));
}

#[test]
fn bad_arguments_fail_clearly() {
    let index = gold_index();
    let out = vanban(
        index.path(),
        &["graph", "--root", "21-KL/TW", "--format", "png"],
    );
    assert!(!out.status.success());
    let out = vanban(
        index.path(),
        &["graph", "--root", "21-KL/TW", "--depth", "9"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("depth"));
    let empty = tempfile::tempdir().expect("tempdir");
    let out = vanban(empty.path(), &["implementers", "21-KL/TW"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("vanban index"));
}
