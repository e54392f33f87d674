//! Shared helpers for integration tests: the real binary, the real corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub const BIN: &str = env!("CARGO_BIN_EXE_vanban");

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus() -> PathBuf {
    root().join("corpus")
}

pub fn gold() -> PathBuf {
    root().join("tests/gold")
}

/// Run the binary with `args`, quietly.
pub fn vanban(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("-q")
        .args(args)
        .output()
        .expect("the vanban binary runs")
}

/// An index of the bundled corpus, built once per test process by the real binary.
pub fn corpus_index() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index");
        let out = vanban(&[
            "index",
            corpus().to_str().expect("utf-8 path"),
            "--index",
            index.to_str().expect("utf-8 path"),
        ]);
        assert!(
            out.status.success(),
            "vanban index failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
    .path()
}

pub fn index_dir() -> PathBuf {
    corpus_index().join("index")
}

/// The three-digit prefixes of the corpus files in a JSON hit list, in order.
pub fn prefixes(hits: &serde_json::Value) -> Vec<String> {
    hits.as_array()
        .expect("hits array")
        .iter()
        .map(|h| {
            h["source"]
                .as_str()
                .expect("source")
                .chars()
                .take(3)
                .collect()
        })
        .collect()
}

pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The gold records of `tests/gold/*.json`, keyed by file stem (the corpus
/// document id), sorted.
pub fn gold_records() -> Vec<(String, vanban::extract::Record)> {
    let mut out: Vec<(String, vanban::extract::Record)> = std::fs::read_dir(gold())
        .expect("tests/gold")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("gold file");
            let id = p.file_stem().and_then(|s| s.to_str()).expect("name");
            (
                id.to_string(),
                serde_json::from_str(&text).expect("gold record"),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
