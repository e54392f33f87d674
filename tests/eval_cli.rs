//! `vanban eval` against the bundled gold and against generated JSONL truth.

use serde_json::Value;

mod common;
use common::{root, vanban};

const IDENTITY: [&str; 8] = [
    "number",
    "doc_type",
    "title",
    "issuer",
    "issuer_level",
    "province",
    "date",
    "signer",
];

#[test]
fn eval_prints_a_table() {
    let out = vanban(&["eval", "--gold", "tests/gold", "--corpus", "corpus"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("5 document(s) scored"), "{table}");
    for needle in [
        "identity (exact match)",
        "implements",
        "citations",
        "relations",
        "F1",
    ] {
        assert!(table.contains(needle), "{needle} missing:\n{table}");
    }
    for field in IDENTITY {
        assert!(
            table.lines().any(|l| l.trim_start().starts_with(field)),
            "{field}:\n{table}"
        );
    }
}

/// `vanban eval --json` of the bundled corpus against the bundled gold.
fn seed_report() -> Value {
    let out = vanban(&[
        "eval",
        "--gold",
        "tests/gold",
        "--corpus",
        "corpus",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    report
}

#[test]
fn identity_fields_are_exact_on_the_seeds() {
    let report = seed_report();
    assert_eq!(report["documents"], 5);
    let identity = report["identity"].as_array().expect("identity");
    let names: Vec<&str> = identity.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, IDENTITY);
    for r in identity {
        assert_eq!(r["total"], 5, "{r}");
        assert_eq!(r["rate"], 1.0, "{r} — mismatches: {}", report["mismatches"]);
    }
}

/// A JSONL ground truth in a temporary folder; returns its path.
fn truth(dir: &tempfile::TempDir, lines: &[&str]) -> String {
    let path = dir.path().join("ground_truth.jsonl");
    std::fs::write(&path, lines.join("\n")).expect("write truth");
    path.to_string_lossy().into_owned()
}

#[test]
fn jsonl_truth_scores_only_its_fields_and_min_f1_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = truth(
        &dir,
        &[
            r#"{"source": "corpus/000_1ea4fda105d58d5d.txt", "number": "60-KH/TU", "province": "Kiên Giang", "implements": [{"ref": "999-XX/TW"}]}"#,
            r#"{"source": "004_720b4a823c11e609.txt", "date": "2023-12-06", "province": "Vĩnh Long"}"#,
        ],
    );
    let out = vanban(&["eval", "--gold", &gold, "--corpus", "corpus", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["documents"], 2);
    let identity: Vec<(&str, u64, f64)> = report["identity"]
        .as_array()
        .expect("identity")
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or(""),
                r["total"].as_u64().unwrap_or(0),
                r["rate"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    assert_eq!(
        identity,
        vec![("number", 1, 1.0), ("province", 2, 1.0), ("date", 1, 1.0)]
    );
    let sets: Vec<&str> = report["sets"]
        .as_array()
        .expect("sets")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(sets, vec!["implements"]);

    // No extractor outputs the invented 999-XX/TW: implements F1 is 0.
    let out = vanban(&[
        "eval", "--gold", &gold, "--corpus", "corpus", "--min-f1", "0.5",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("implements"));
    let out = vanban(&[
        "eval", "--gold", &gold, "--corpus", "corpus", "--min-f1", "0",
    ]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn bad_arguments_and_gold_are_errors() {
    let out = vanban(&["eval", "--gold", "tests/gold", "--min-f1", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vanban(&["eval", "--gold", "tests/no_such_gold", "--corpus", "corpus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no gold"));
}

#[test]
fn bad_manifest_rows_are_reported_and_scoring_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(root().join("corpus")).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(
        dir.path().join("manifest.csv"),
        "source,province,issuer_level\n\
         002_2b1aea7b6ed069a4.txt,Ninh Thuận,\n\
         003_e07fff3062a41059.txt,,provincial\n",
    )
    .expect("manifest");
    let corpus = dir.path().to_string_lossy().into_owned();
    let out = vanban(&["eval", "--gold", "tests/gold", "--corpus", &corpus]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("manifest.csv line 3"), "{table}");
    // The manifest's province for 002 differs from the gold (null): one miss.
    assert!(
        table.contains("002_2b1aea7b6ed069a4.txt province"),
        "{table}"
    );
}

#[test]
fn deadlines_on_the_seeds_and_their_differences() {
    let report = seed_report();
    assert_eq!(
        report["deadline_dates"]["rate"], 1.0,
        "{}",
        report["deadline_diffs"]
    );
    assert_eq!(report["deadline_diffs"], serde_json::json!([]));

    // A gold whose first dated task of 003 says another month is reported,
    // with the gold and the extracted deadline side by side.
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "003_e07fff3062a41059.json";
    let src = std::fs::read_to_string(root().join("tests/gold").join(name)).expect("gold");
    let mut gold: Value = serde_json::from_str(&src).expect("gold JSON");
    let tasks = gold["tasks"].as_array_mut().expect("tasks");
    let task = tasks
        .iter_mut()
        .find(|t| t["deadline"]["start"].is_string())
        .expect("a dated task");
    let was = task["deadline"]["start"].clone();
    task["deadline"]["start"] = Value::from("1999-01-01");
    std::fs::write(dir.path().join(name), gold.to_string()).expect("write gold");
    let gold_dir = dir.path().to_string_lossy().into_owned();

    let out = vanban(&[
        "eval",
        "--gold",
        &gold_dir,
        "--corpus",
        "corpus",
        "--details",
    ]);
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("deadline differences"), "{table}");
    assert!(table.contains("\"start\":\"1999-01-01\""), "{table}");
    assert!(table.contains(&format!("\"start\":{was}")), "{table}");

    let out = vanban(&["eval", "--gold", &gold_dir, "--corpus", "corpus", "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let diffs = report["deadline_diffs"].as_array().expect("diffs");
    assert_eq!(diffs.len(), 1, "{diffs:?}");
    assert_eq!(diffs[0]["got"]["start"], was);
    assert_eq!(diffs[0]["paired"], true);
}
