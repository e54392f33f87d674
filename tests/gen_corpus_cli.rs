//! `vanban gen-corpus` through the real binary: deterministic output, a ground
//! truth line per document, bad arguments refused.

use std::path::Path;
use std::process::Command;

fn gen(out: &Path, docs: &str, seed: &str, provinces: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "gen-corpus",
            "--docs",
            docs,
            "--seed",
            seed,
            "--provinces",
            provinces,
        ])
        .arg("--out")
        .arg(out)
        .arg("--from")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
        .output()
        .expect("run vanban")
}

#[test]
fn same_seed_gives_the_same_corpus_and_one_truth_line_per_document() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [a.path(), b.path()] {
        let out = gen(dir, "25", "5", "34");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("25 documents"));
    }
    let truth_a = std::fs::read_to_string(a.path().join("ground_truth.jsonl")).unwrap();
    let truth_b = std::fs::read_to_string(b.path().join("ground_truth.jsonl")).unwrap();
    assert_eq!(truth_a, truth_b);
    let lines: Vec<serde_json::Value> = truth_a
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 25);
    for v in &lines {
        let source = v["source"].as_str().expect("source");
        let text_a = std::fs::read(a.path().join(source)).expect("document exists");
        let text_b = std::fs::read(b.path().join(source)).unwrap();
        assert_eq!(text_a, text_b, "{source}");
        assert!(
            v["implements"].as_array().is_some_and(|i| !i.is_empty()),
            "{source}"
        );
        assert!(
            v["task_organs"].as_object().is_some_and(|t| !t.is_empty()),
            "{source}"
        );
    }
}

#[test]
fn bad_arguments_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = gen(dir.path(), "5", "1", "50");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("provinces"));
    // A non-empty output folder without --force.
    std::fs::write(dir.path().join("keep.txt"), "x").unwrap();
    let out = gen(dir.path(), "5", "1", "63");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}

/// Every generated document goes through extraction without being skipped
/// (seed 7 once produced a split inside a multi-byte character in task parsing).
#[test]
fn every_generated_document_is_extracted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("gen");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["-q", "gen-corpus", "--docs", "60", "--seed", "7", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["-q", "eval", "--json", "--gold"])
        .arg(out.join("ground_truth.jsonl"))
        .arg("--corpus")
        .arg(&out)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stdout.contains("internal error"), "{stdout}");
}
