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
        let stem = g
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_string();
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
            let Some(sec) = t.section.as_deref() else {
                continue;
            };
            assert!(
                paths.contains(&sec),
                "{stem}: gold section {sec} not in outline {paths:?}"
            );
        }
    }
}

fn key(t: &Task) -> (String, String) {
    (
        t.organ.clone().unwrap_or_else(|| "null".into()),
        t.role.slug().to_string(),
    )
}

fn fold(s: &str) -> String {
    vanban::normalize::fold(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Same task: organ, role, section, and the same opening words.
fn same(g: &Task, p: &Task) -> bool {
    let pre = |s: &str| {
        fold(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(40)
            .collect::<String>()
    };
    key(g) == key(p) && g.section == p.section && pre(&g.text) == pre(&p.text)
}

#[derive(Default)]
struct Score {
    gold: usize,
    pred: usize,
    tp: usize,
    pairs: usize,
    pairs_ok: usize,
    dl_total: usize,
    dl_kind_ok: usize,
    fixed_total: usize,
    fixed_ok: usize,
}

fn score_doc(stem: &str, gold: &[Task], pred: &[Task], total: &mut Score) {
    let mut gc: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut pc: BTreeMap<(String, String), usize> = BTreeMap::new();
    for t in gold {
        *gc.entry(key(t)).or_default() += 1;
    }
    for t in pred {
        *pc.entry(key(t)).or_default() += 1;
    }
    let tp: usize = gc
        .iter()
        .map(|(k, n)| (*n).min(*pc.get(k).unwrap_or(&0)))
        .sum();
    let p = tp as f64 / pred.len().max(1) as f64;
    let r = tp as f64 / gold.len().max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!(
        "== {stem}: gold {} pred {} tp {tp}  P {p:.3} R {r:.3} F1 {f1:.3}",
        gold.len(),
        pred.len()
    );
    for (k, n) in &gc {
        let m = *pc.get(k).unwrap_or(&0);
        if m != *n {
            println!("   triple {k:?}: gold {n} pred {m}");
        }
    }
    for (k, m) in &pc {
        if !gc.contains_key(k) {
            println!("   triple {k:?}: gold 0 pred {m}");
        }
    }
    // Counts per organ.
    let mut go: BTreeMap<String, usize> = BTreeMap::new();
    let mut po: BTreeMap<String, usize> = BTreeMap::new();
    for t in gold {
        *go.entry(key(t).0).or_default() += 1;
    }
    for t in pred {
        *po.entry(key(t).0).or_default() += 1;
    }
    for (o, n) in &go {
        let m = *po.get(o).unwrap_or(&0);
        total.pairs += 1;
        if (m as f64 - *n as f64).abs() <= 0.1 * *n as f64 {
            total.pairs_ok += 1;
        } else {
            println!("   count {o}: gold {n} pred {m}");
        }
    }
    // Deadlines of matched tasks.
    let mut used = vec![false; pred.len()];
    for g in gold {
        total.dl_total += 1;
        let fixed = g
            .deadline
            .as_ref()
            .is_some_and(|d| d.start.is_some() || d.end.is_some());
        if fixed {
            total.fixed_total += 1;
        }
        let Some(i) = (0..pred.len()).find(|&i| !used[i] && same(g, &pred[i])) else {
            println!(
                "   unmatched gold {} {:?} {}: {}",
                g.section.as_deref().unwrap_or("-"),
                key(g),
                g.deadline.as_ref().map(|d| d.raw.as_str()).unwrap_or("-"),
                g.text.chars().take(50).collect::<String>()
            );
            continue;
        };
        used[i] = true;
        let (gd, pd) = (&g.deadline, &pred[i].deadline);
        if gd.as_ref().map(|d| d.kind) == pd.as_ref().map(|d| d.kind) {
            total.dl_kind_ok += 1;
        } else {
            println!(
                "   deadline kind {} {:?}: gold {:?} pred {:?}",
                g.section.as_deref().unwrap_or("-"),
                key(g),
                gd.as_ref().map(|d| (&d.raw, d.kind)),
                pd.as_ref().map(|d| (&d.raw, d.kind))
            );
        }
        if fixed {
            let gse = gd.as_ref().map(|d| (d.start, d.end));
            let pse = pd.as_ref().map(|d| (d.start, d.end));
            if gse == pse {
                total.fixed_ok += 1;
            } else {
                println!(
                    "   deadline dates {}: gold {gse:?} pred {pse:?}",
                    g.section.as_deref().unwrap_or("-")
                );
            }
        }
    }
    for (i, t) in pred.iter().enumerate() {
        if !used[i] {
            println!(
                "   extra pred {} {:?} {}: {}",
                t.section.as_deref().unwrap_or("-"),
                key(t),
                t.deadline.as_ref().map(|d| d.raw.as_str()).unwrap_or("-"),
                t.text.chars().take(50).collect::<String>()
            );
        }
    }
    total.gold += gold.len();
    total.pred += pred.len();
    total.tp += tp;
}

/// Markdown marks removed the way the normaliser removes them (`**`, leading
/// `#`, `*` around words): the extraction must not depend on them.
fn strip_markdown(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_start_matches('#').trim_start().replace('*', ""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn tasks_against_gold_without_markdown() {
    let mut total = Score::default();
    for (stem, text, gold) in corpus() {
        let text = strip_markdown(&text);
        let rec = vanban::extract::extract_text(&format!("corpus/{stem}.txt"), &text);
        score_doc(&stem, &gold.tasks, &rec.tasks, &mut total);
    }
    let p = total.tp as f64 / total.pred.max(1) as f64;
    let r = total.tp as f64 / total.gold.max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE);
    println!("TOTAL without markdown: F1 {f1:.3}");
    assert!(f1 >= 0.98, "triple F1 without markdown {f1:.3}");
}

#[test]
fn tasks_against_gold() {
    let mut total = Score::default();
    for (stem, text, gold) in corpus() {
        let rec = vanban::extract::extract_text(&format!("corpus/{stem}.txt"), &text);
        score_doc(&stem, &gold.tasks, &rec.tasks, &mut total);
        for t in &rec.tasks {
            assert!(
                !t.text.trim().is_empty() && !t.text.contains('\n'),
                "task text is the item's whole text on one line: {:?}",
                t.text
            );
            if let Some(e) = &t.evidence {
                assert!(
                    e.span[0] <= e.span[1] && e.span[1] <= text.len(),
                    "evidence span in text"
                );
            }
        }
    }
    let p = total.tp as f64 / total.pred.max(1) as f64;
    let r = total.tp as f64 / total.gold.max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE);
    let pairs = total.pairs_ok as f64 / total.pairs.max(1) as f64;
    let kinds = total.dl_kind_ok as f64 / total.dl_total.max(1) as f64;
    let fixed = total.fixed_ok as f64 / total.fixed_total.max(1) as f64;
    println!(
        "TOTAL: (document, organ, role) P {p:.3} R {r:.3} F1 {f1:.3}; counts within 10% {pairs:.3} ({}/{}); deadline kind {kinds:.3}; start/end {fixed:.3} ({}/{})",
        total.pairs_ok, total.pairs, total.fixed_ok, total.fixed_total
    );
    // Thresholds reached on the five seeds (issue 4 asks F1 ≥ 0.95, counts ≥ 0.90,
    // deadline kind ≥ 0.90, start/end right wherever the gold fixes them).
    assert!(f1 >= 0.98, "triple F1 {f1:.3}");
    assert!(pairs >= 0.98, "counts within 10%: {pairs:.3}");
    assert!(kinds >= 0.98, "deadline kind: {kinds:.3}");
    assert_eq!(
        total.fixed_ok,
        total.fixed_total,
        "start/end wrong for {} of {} gold deadlines with dates",
        total.fixed_total - total.fixed_ok,
        total.fixed_total
    );
}

/// Truncated documents (cut anywhere, at char boundaries) extract without panics
/// and every task stays inside the text.
#[test]
fn truncated_documents_do_not_panic() {
    for (_, text, _) in corpus() {
        let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7919).collect();
        for cut in cuts {
            let part = &text[..cut];
            let rec = vanban::extract::extract_text("cut.txt", part);
            for t in &rec.tasks {
                if let Some(e) = &t.evidence {
                    assert!(e.span[1] <= part.len());
                }
            }
        }
    }
}
