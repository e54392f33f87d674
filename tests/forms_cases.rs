//! The composed cases of real-document forms (`../shared/forms/cases.jsonl`),
//! table-driven, with the comparison rules of `../shared/forms/README.md`.
//!
//! Each case's text is normalised and extracted in-process (the library call
//! behind `vanban extract`), and only the fields in its `expect` are compared.
//! The test prints the pass rate per category and per form (FORMS.md heading)
//! and every failure with what was extracted, and fails when the overall rate
//! or any category's rate is under its bar.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// The bar the real-documents issue sets: overall and per category.
const MIN_OVERALL: f64 = 0.95;
const MIN_CATEGORY: f64 = 0.90;

fn cases_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/forms/cases.jsonl")
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// A reference compared as README rule 2 and check.py do: NFC, upper-case,
/// no spaces, `QĐi` → `QĐ`, `Đ` ≡ `D`.
fn norm_ref(v: &Value) -> Option<String> {
    let s = v.as_str()?;
    let s = nfc(s)
        .to_uppercase()
        .replace(' ', "")
        .replace("QĐI/", "QĐ/");
    Some(s.replace('Đ', "D"))
}

/// Folded name for name-only items: NFC, lower-case, no diacritics, no
/// quotes, collapsed white space.
fn fold_name(s: &str) -> String {
    let f = vanban::normalize::fold(&nfc(s)).to_lowercase();
    let f: String = f
        .chars()
        .filter(|c| !matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’'))
        .collect();
    f.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn item_ref(v: &Value) -> Option<String> {
    match v {
        Value::String(_) => norm_ref(v),
        Value::Object(o) => o.get("ref").and_then(norm_ref),
        _ => None,
    }
}

fn item_name(v: &Value) -> Option<String> {
    v.as_object()?.get("name")?.as_str().map(fold_name)
}

/// `implements`: a set; strings are refs, `{ref: null, name}` matches a
/// ref-less extracted item whose name contains or is contained in it.
fn implements_match(want: &Value, got: &Value) -> bool {
    let (Some(want), Some(got)) = (want.as_array(), got.as_array()) else {
        return false;
    };
    let want_refs: BTreeSet<String> = want.iter().filter_map(item_ref).collect();
    let got_refs: BTreeSet<String> = got.iter().filter_map(item_ref).collect();
    if want_refs != got_refs {
        return false;
    }
    let want_names: Vec<String> = want
        .iter()
        .filter(|w| item_ref(w).is_none())
        .filter_map(item_name)
        .collect();
    let got_names: Vec<String> = got
        .iter()
        .filter(|g| item_ref(g).is_none())
        .filter_map(item_name)
        .collect();
    want_names.len() == got_names.len()
        && want_names.iter().all(|w| {
            got_names
                .iter()
                .any(|g| g.contains(w.as_str()) || w.contains(g.as_str()))
        })
}

/// `citations`: same length, each expected entry matched on the keys it gives.
fn citations_match(want: &Value, got: &Value) -> bool {
    let (Some(want), Some(got)) = (want.as_array(), got.as_array()) else {
        return false;
    };
    if want.len() != got.len() {
        return false;
    }
    let mut used = vec![false; got.len()];
    for w in want {
        let Some(wo) = w.as_object() else {
            return false;
        };
        let found = got.iter().enumerate().find(|(k, g)| {
            if used[*k] {
                return false;
            }
            let Some(go) = g.as_object() else {
                return false;
            };
            wo.iter().all(|(key, wv)| {
                let gv = go.get(key).unwrap_or(&Value::Null);
                match key.as_str() {
                    "ref" => norm_ref(wv) == norm_ref(gv),
                    "name" | "issuer" => match (wv.as_str(), gv.as_str()) {
                        (Some(a), Some(b)) => {
                            let (a, b) = (fold_name(a), fold_name(b));
                            a.contains(&b) || b.contains(&a)
                        }
                        (None, None) => true,
                        _ => false,
                    },
                    _ => wv == gv,
                }
            })
        });
        match found {
            Some((k, _)) => used[k] = true,
            None => return false,
        }
    }
    true
}

/// `relations`: every expected (from, to, kind) present.
fn relations_match(want: &Value, got: &Value) -> bool {
    let key = |r: &Value| {
        (
            norm_ref(r.get("from").unwrap_or(&Value::Null)),
            norm_ref(r.get("to").unwrap_or(&Value::Null)),
            r.get("kind").and_then(Value::as_str).map(str::to_string),
        )
    };
    let got: BTreeSet<_> = got.as_array().into_iter().flatten().map(key).collect();
    want.as_array()
        .is_some_and(|w| w.iter().all(|r| got.contains(&key(r))))
}

/// `tasks`: the set of (organ, role) pairs of tasks with an organ.
fn tasks_match(want: &Value, got: &Value) -> bool {
    let pair = |t: &Value| {
        (
            t.get("organ").and_then(Value::as_str).map(str::to_string),
            t.get("role").and_then(Value::as_str).map(str::to_string),
        )
    };
    let got: BTreeSet<_> = got
        .as_array()
        .into_iter()
        .flatten()
        .map(pair)
        .filter(|(o, _)| o.is_some())
        .collect();
    let want: BTreeSet<_> = want.as_array().into_iter().flatten().map(pair).collect();
    if want.iter().any(|(_, r)| r.is_none()) {
        let a: BTreeSet<_> = want.iter().map(|(o, _)| o.clone()).collect();
        let b: BTreeSet<_> = got.iter().map(|(o, _)| o.clone()).collect();
        return a == b;
    }
    want == got
}

/// `deadline`: the one task's deadline (some task's, as check.py reads it).
fn deadline_match(want: &Value, record: &Value) -> bool {
    record
        .get("tasks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("deadline"))
        .any(|d| {
            d.get("kind") == want.get("kind")
                && ["start", "end"].iter().all(|k| {
                    want.get(*k)
                        .is_none_or(|w| d.get(*k).unwrap_or(&Value::Null) == w)
                })
        })
}

fn scalar_match(field: &str, want: &Value, got: &Value) -> bool {
    match field {
        "number" => norm_ref(want) == norm_ref(got),
        "issuer" => match (want.as_str(), got.as_str()) {
            (Some(a), Some(b)) => {
                let (a, b) = (fold_name(a), fold_name(b));
                a.contains(&b) || b.contains(&a)
            }
            (None, None) => true,
            _ => false,
        },
        _ => match (want.as_str(), got.as_str()) {
            (Some(a), Some(b)) => nfc(a) == nfc(b),
            _ => want == got,
        },
    }
}

fn signer_match(want: &Value, got: &Value) -> bool {
    let Some(w) = want.as_object() else {
        return got.is_null() == want.is_null();
    };
    w.iter().all(|(k, v)| {
        let g = got.get(k).unwrap_or(&Value::Null);
        match (v.as_str(), g.as_str()) {
            (Some(a), Some(b)) => nfc(a) == nfc(b),
            _ => v == g,
        }
    })
}

fn field_ok(field: &str, want: &Value, record: &Value) -> bool {
    let got = record.get(field).unwrap_or(&Value::Null);
    match field {
        "implements" => implements_match(want, got),
        "citations" => citations_match(want, got),
        "relations" => relations_match(want, got),
        "tasks" => tasks_match(want, got),
        "deadline" => deadline_match(want, record),
        "signer" => signer_match(want, got),
        _ => scalar_match(field, want, got),
    }
}

#[test]
fn forms_cases() {
    let path = cases_path();
    let Ok(src) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipped: {} not found (run beside ../shared)",
            path.display()
        );
        return;
    };
    let mut per_cat: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut per_form: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in src.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a case is JSON");
        let id = case["id"].as_str().unwrap_or("?");
        let cat = case["category"].as_str().unwrap_or("?").to_string();
        let form = case["form"].as_str().unwrap_or("?").to_string();
        let text = case["text"].as_str().unwrap_or("");
        let record = vanban::pipeline::record_of("case.txt", text);
        let record = serde_json::to_value(&record).expect("a record serialises");
        let expect = case["expect"].as_object().expect("expect is an object");
        let bad: Vec<&String> = expect
            .iter()
            .filter(|(f, w)| !field_ok(f, w, &record))
            .map(|(f, _)| f)
            .collect();
        let ok = bad.is_empty();
        for (map, key) in [(&mut per_cat, cat), (&mut per_form, form)] {
            let e = map.entry(key).or_default();
            e.0 += ok as usize;
            e.1 += 1;
        }
        if !ok {
            let got: BTreeMap<&str, Value> = bad
                .iter()
                .map(|f| {
                    let v = if f.as_str() == "deadline" {
                        Value::Array(
                            record["tasks"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .map(|t| t["deadline"].clone())
                                .collect(),
                        )
                    } else if f.as_str() == "tasks" {
                        Value::Array(
                            record["tasks"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .map(|t| serde_json::json!([t["organ"], t["role"], t["assignee"]]))
                                .collect(),
                        )
                    } else {
                        record[f.as_str()].clone()
                    };
                    (f.as_str(), v)
                })
                .collect();
            failures.push(format!(
                "{id}: {bad:?}\n    want {}\n    got  {}",
                serde_json::to_string(
                    &bad.iter()
                        .map(|f| (f.as_str(), &expect[*f]))
                        .collect::<BTreeMap<_, _>>()
                )
                .unwrap_or_default(),
                serde_json::to_string(&got).unwrap_or_default()
            ));
        }
    }
    let (pass, total) = per_cat.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let rate = |p: usize, t: usize| if t == 0 { 1.0 } else { p as f64 / t as f64 };
    println!("forms cases: {pass}/{total} = {:.3}", rate(pass, total));
    for (c, (p, t)) in &per_cat {
        println!("  {c:<12} {p:>3}/{t:<3} {:.3}", rate(*p, *t));
    }
    println!("by form (failing ones):");
    for (f, (p, t)) in &per_form {
        if p < t {
            println!("  {p}/{t}  {f}");
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    let low: Vec<&String> = per_cat
        .iter()
        .filter(|(_, (p, t))| rate(*p, *t) < MIN_CATEGORY)
        .map(|(c, _)| c)
        .collect();
    assert!(
        rate(pass, total) >= MIN_OVERALL && low.is_empty(),
        "forms cases {pass}/{total} (bar {MIN_OVERALL}); categories under {MIN_CATEGORY}: {low:?}"
    );
}
