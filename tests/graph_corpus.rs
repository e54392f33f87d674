//! Issue 3's "Done when" on the real pipeline: the graph built by `vanban index`
//! from the bundled corpus (not from the gold records).

mod common;

use common::*;
use serde_json::Value;

fn implementers(reference: &str) -> Value {
    let index = index_dir();
    let out = vanban(&[
        "implementers",
        reference,
        "--transitive",
        "--all-paths",
        "--json",
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// (document prefix, refs along each path) for every corpus implementer.
fn paths(v: &Value) -> Vec<(String, Vec<Vec<String>>)> {
    v["implementers"]
        .as_array()
        .expect("implementers")
        .iter()
        .map(|i| {
            let id: String = i["id"].as_str().unwrap_or("").chars().take(3).collect();
            let ps = i["paths"]
                .as_array()
                .expect("paths")
                .iter()
                .map(|p| {
                    p["nodes"]
                        .as_array()
                        .expect("nodes")
                        .iter()
                        .skip(1)
                        .map(|n| n["label"].as_str().unwrap_or("").to_string())
                        .collect()
                })
                .collect();
            (id, ps)
        })
        .collect()
}

#[test]
fn plans_implementing_21_kl_tw_directly_and_through_65_kh_tu() {
    let v = implementers("21-kl/tw");
    let p = paths(&v);
    let ids: Vec<&str> = p.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["000", "001"]);
    let p001 = &p[1].1;
    assert!(p001.contains(&vec!["21-KL/TW".to_string()]), "{p001:?}");
    assert!(
        p001.contains(&vec!["65-KH/TU".to_string(), "21-KL/TW".to_string()]),
        "{p001:?}"
    );
    // Every implementer carries the sentence that says so.
    for i in v["implementers"].as_array().expect("implementers") {
        let sentence = i["evidence"]["sentence"].as_str().unwrap_or("");
        assert!(sentence.contains("21-KL/TW"), "{i}");
    }
}

#[test]
fn chains_through_provincial_instruments() {
    let p = paths(&implementers("99-QD/TW"));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, "004");
    assert!(p[0].1.contains(&vec![
        "2323-CV/TU".into(),
        "54-KL/TW".into(),
        "99-QĐ/TW".into()
    ]));
    assert_eq!(paths(&implementers("28-NQ/TW"))[0].0, "002");
    assert_eq!(paths(&implementers("12-NQ/TW"))[0].0, "003");
}

#[test]
fn search_hits_carry_extracted_identity() {
    let index = index_dir();
    let out = vanban(&[
        "search",
        "implements:21-KL/TW province:\"kien giang\"",
        "--json",
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["total"], 1, "{v}");
    let h = &v["hits"][0];
    assert_eq!(h["number"], "60-KH/TU");
    assert_eq!(h["type"], "ke_hoach");
    assert_eq!(h["date"], "2022-03-22");
    assert_eq!(h["province"], "Kiên Giang");
    assert_eq!(h["issuer"], "Ban Thường vụ Tỉnh ủy Kiên Giang");
    let out = vanban(&[
        "search",
        "cites:99-QĐ/TW",
        "--json",
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(sorted(prefixes(&v["hits"])), ["000", "004"]);
}
