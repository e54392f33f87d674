//! Citations, implements and relations of the bundled corpus scored against
//! the hand-checked gold records in `tests/gold/`.
//!
//! Matching: a numbered document by its reference (`refs::lookup_key`), an
//! unnumbered one by its name (folded, punctuation-free; one name may be a
//! prefix of the other, so `Đề án tạo nguồn quy hoạch` matches the gold's longer
//! `Đề án tạo nguồn quy hoạch, đào tạo …`). Relations by (from, to, kind) with
//! the same rule for named ends. Micro-averaged over the five documents.

use std::path::Path;

use vanban::extract::{self, refs, Record};

fn name_key(name: &str) -> String {
    vanban::normalize::fold(name)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn same_end(
    a_ref: &Option<String>,
    a_name: &Option<String>,
    b_ref: &Option<String>,
    b_name: &Option<String>,
) -> bool {
    match (a_ref, b_ref) {
        (Some(a), Some(b)) => refs::lookup_key(a) == refs::lookup_key(b),
        (None, None) => match (a_name, b_name) {
            (Some(a), Some(b)) => {
                let (a, b) = (name_key(a), name_key(b));
                a == b || a.starts_with(&b) || b.starts_with(&a)
            }
            (None, None) => true,
            _ => false,
        },
        _ => false,
    }
}

#[derive(Default, Debug)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn f1(&self) -> f64 {
        let d = 2 * self.tp + self.fp + self.fn_;
        if d == 0 {
            1.0
        } else {
            2.0 * self.tp as f64 / d as f64
        }
    }
}

/// Greedy one-to-one matching; returns unmatched (got, gold) items for the report.
fn score<T: std::fmt::Debug>(
    got: &[T],
    gold: &[T],
    same: impl Fn(&T, &T) -> bool,
    s: &mut Score,
    what: &str,
    doc: &str,
    report: &mut String,
) {
    let mut used = vec![false; gold.len()];
    for g in got {
        match (0..gold.len()).find(|&i| !used[i] && same(g, &gold[i])) {
            Some(i) => {
                used[i] = true;
                s.tp += 1;
            }
            None => {
                s.fp += 1;
                report.push_str(&format!("{doc} {what} extra: {g:?}\n"));
            }
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if !used[i] {
            s.fn_ += 1;
            report.push_str(&format!("{doc} {what} missing: {g:?}\n"));
        }
    }
}

#[test]
fn citations_implements_and_relations_match_gold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut gold_files: Vec<_> = std::fs::read_dir(root.join("tests/gold"))
        .expect("tests/gold exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    gold_files.sort();
    assert!(!gold_files.is_empty(), "no gold files");
    let (mut cit, mut imp, mut rel) = (Score::default(), Score::default(), Score::default());
    let mut report = String::new();
    for gf in &gold_files {
        let gold: Record = serde_json::from_str(&std::fs::read_to_string(gf).expect("read gold"))
            .expect("gold deserializes into Record");
        let stem = gf
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let raw = std::fs::read_to_string(root.join("corpus").join(format!("{stem}.txt")))
            .expect("corpus file");
        let text = vanban::normalize::normalize(&raw);
        let got = extract::extract_text(&gold.source, &text);
        if std::env::var("VANBAN_DUMP").is_ok_and(|v| stem.starts_with(&v)) {
            for m in extract::citation::find(&text) {
                eprintln!(
                    "MENTION {:?} {:?} {:?} {:?} {:?} | {:?}",
                    m.reference,
                    m.name,
                    m.date,
                    m.issuer,
                    m.subject,
                    &text[m.span[0]..m.span[1]]
                );
            }
            for c in &got.citations {
                eprintln!(
                    "CIT {:?} {:?} {:?} {:?} {:?} {}",
                    c.reference, c.name, c.doc_type, c.date, c.issuer, c.mentions
                );
            }
        }
        let c = |r: &extract::Citation| (r.reference.clone(), r.name.clone());
        for g in gold.citations.iter().filter(|g| g.reference.is_none()) {
            let exact = got
                .citations
                .iter()
                .any(|x| x.reference.is_none() && x.name == g.name);
            if !exact {
                report.push_str(&format!(
                    "{stem} (info) named citation not matched exactly: {:?}\n",
                    g.name
                ));
            }
        }
        score(
            &got.citations.iter().map(c).collect::<Vec<_>>(),
            &gold.citations.iter().map(c).collect::<Vec<_>>(),
            |a, b| same_end(&a.0, &a.1, &b.0, &b.1),
            &mut cit,
            "citation",
            &stem,
            &mut report,
        );
        let d = |r: &extract::DocRef| (r.reference.clone(), r.name.clone());
        score(
            &got.implements.iter().map(d).collect::<Vec<_>>(),
            &gold.implements.iter().map(d).collect::<Vec<_>>(),
            |a, b| same_end(&a.0, &a.1, &b.0, &b.1),
            &mut imp,
            "implements",
            &stem,
            &mut report,
        );
        let r = |r: &extract::Relation| {
            (
                r.from.clone(),
                r.from_name.clone(),
                r.to.clone(),
                r.to_name.clone(),
                r.kind,
            )
        };
        score(
            &got.relations.iter().map(r).collect::<Vec<_>>(),
            &gold.relations.iter().map(r).collect::<Vec<_>>(),
            |a, b| {
                a.4 == b.4 && same_end(&a.0, &a.1, &b.0, &b.1) && same_end(&a.2, &a.3, &b.2, &b.3)
            },
            &mut rel,
            "relation",
            &stem,
            &mut report,
        );
    }
    let summary = format!(
        "citations F1 {:.3} {:?}\nimplements F1 {:.3} {:?}\nrelations F1 {:.3} {:?}\n",
        cit.f1(),
        cit,
        imp.f1(),
        imp,
        rel.f1(),
        rel
    );
    eprintln!("{report}{summary}");
    assert!(imp.f1() >= 1.0, "implements below 1.0\n{report}{summary}");
    assert!(cit.f1() >= 0.97, "citations below 0.97\n{report}{summary}");
    assert!(rel.f1() >= 0.9, "relations below 0.9\n{report}{summary}");
}
