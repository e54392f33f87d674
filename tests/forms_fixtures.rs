//! Fixture files for the forms real documents use (`tests/forms/`), in the
//! style of rust-analyzer's expect tests.
//!
//! Each form has a folder named after its FORMS.md heading code
//! (`tests/forms/t01-dieu-3/`) holding pairs `NAME.txt` (a composed document
//! or fragment in that form) and `NAME.json` (the record vanban extracts from
//! it, reduced to the fields that decide: identity, implements, citations,
//! relations, and tasks with organ, role, deadline and section; no spans,
//! evidence or task text). A fixture is the contract for its form: adding a
//! real-world form is a grammar table entry plus a fixture.
//!
//! `VANBAN_BLESS=1 cargo test --test forms_fixtures` rewrites every `.json`
//! from what the extractor now gives (review the diff before committing);
//! a `.txt` without its `.json` is blessed on first run and fails, so a new
//! fixture is always looked at once.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/forms")
}

fn pick(v: &Value, keys: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    for k in keys {
        if let Some(x) = v.get(*k) {
            if !x.is_null() {
                out.insert((*k).to_string(), x.clone());
            }
        }
    }
    Value::Object(out)
}

/// The fields of a record a fixture pins down.
fn reduce(record: &Value) -> Value {
    let list = |k: &str, keys: &[&str]| -> Value {
        Value::Array(
            record[k]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| pick(x, keys))
                .collect(),
        )
    };
    let mut out = pick(
        record,
        &[
            "number",
            "doc_type",
            "title",
            "issuer",
            "issuer_level",
            "province",
            "date",
            "signer",
        ],
    );
    if let Value::Object(m) = &mut out {
        m.insert(
            "implements".into(),
            list("implements", &["ref", "name", "doc_type", "date", "issuer"]),
        );
        m.insert(
            "citations".into(),
            list("citations", &["ref", "name", "doc_type", "date", "issuer"]),
        );
        m.insert(
            "relations".into(),
            list("relations", &["from", "from_name", "to", "to_name", "kind"]),
        );
        m.insert(
            "tasks".into(),
            list(
                "tasks",
                &["assignee", "organ", "role", "deadline", "section"],
            ),
        );
    }
    out
}

fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(fixtures(&p));
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn forms_fixtures() {
    let bless = std::env::var_os("VANBAN_BLESS").is_some();
    let files = fixtures(&root());
    assert!(!files.is_empty(), "no fixtures under tests/forms");
    let mut failures = Vec::new();
    for txt in &files {
        let raw = std::fs::read_to_string(txt).expect("fixture is UTF-8");
        let rel = txt
            .strip_prefix(root())
            .unwrap_or(txt)
            .display()
            .to_string();
        let record = vanban::pipeline::record_of(&rel, &raw);
        let got = reduce(&serde_json::to_value(&record).expect("record serialises"));
        let json_path = txt.with_extension("json");
        let pretty = serde_json::to_string_pretty(&got).expect("json") + "\n";
        match std::fs::read_to_string(&json_path) {
            Ok(want) if !bless => {
                let want: Value = serde_json::from_str(&want).expect("fixture json parses");
                if want != got {
                    failures.push(format!(
                        "{rel}: extracted record differs from {}\n  want {}\n  got  {}",
                        json_path.display(),
                        json!(want),
                        json!(got)
                    ));
                }
            }
            Ok(_) => std::fs::write(&json_path, pretty).expect("bless"),
            Err(_) => {
                std::fs::write(&json_path, pretty).expect("write new fixture");
                failures.push(format!(
                    "{rel}: new fixture, written to {} — review it",
                    json_path.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
