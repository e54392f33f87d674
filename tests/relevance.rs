//! Ranking what people mean: names of bodies and fixed phrases typed without
//! diacritics and without quotes, on a generated corpus.
//!
//! `vanban gen-corpus` (deterministic for a seed) writes 400 plans; `vanban
//! index` indexes them; the library answers each query of
//! `common::relevance::QUERIES`, and the judge (its own folding, none of
//! vanban's analysis) marks a hit relevant when its text holds the query's
//! words next to each other and in order. Mean nDCG@10 must be at least 0.95.
//! The same figure at 10k and 50k documents is in BENCHMARKS.md
//! (`benches/compare.sh`).

mod common;
#[path = "common/relevance.rs"]
mod relevance;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use vanban::index::{SearchIndex, SearchRequest, SearchResponse};

const DOCS: &str = "400";
const SEED: &str = "5";
/// The bar for mean nDCG@10 over the queries.
const MIN_NDCG: f64 = 0.95;

/// The generated corpus and its index, built once for the tests of this file.
fn fixture() -> &'static (tempfile::TempDir, PathBuf, PathBuf) {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        let index = dir.path().join("index");
        let path = |p: &Path| p.to_str().expect("utf-8 path").to_string();
        let out = vanban(&[
            "gen-corpus",
            "--docs",
            DOCS,
            "--seed",
            SEED,
            "--out",
            &path(&corpus),
        ]);
        assert!(
            out.status.success(),
            "gen-corpus: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = vanban(&["index", &path(&corpus), "--index", &path(&index)]);
        assert!(
            out.status.success(),
            "index: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (dir, corpus, index)
    })
}

fn open() -> SearchIndex {
    let (_, _, index) = fixture();
    let generation = vanban::index::current_generation(index).expect("a generation");
    SearchIndex::open(&generation).expect("index opens")
}

fn search(index: &SearchIndex, q: &str) -> SearchResponse {
    let mut req = SearchRequest::new(q);
    req.limit = relevance::K;
    index.search(&req).expect("search answers")
}

#[test]
fn names_typed_without_diacritics_rank_the_documents_holding_them_first() {
    let (_, corpus, _) = fixture();
    let relevant = relevance::relevant_sets(corpus, relevance::QUERIES);
    let index = open();
    assert!(index.num_docs() >= 300, "{} documents", index.num_docs());
    let judged: Vec<relevance::Judged> = relevance::QUERIES
        .iter()
        .zip(&relevant)
        .map(|(q, rel)| {
            let res = search(&index, q);
            let sources: Vec<String> = res.hits.iter().map(|h| h.source.clone()).collect();
            relevance::judge(q, &sources, rel)
        })
        .collect();
    let table = relevance::table(&judged);
    println!("{table}");
    for j in &judged {
        assert!(
            j.relevant_in_corpus > 0,
            "{:?} has no relevant document in this corpus: the query set or the generator changed\n{table}",
            j.query
        );
    }
    let (ndcg, _) = relevance::means(&judged);
    assert!(
        ndcg >= MIN_NDCG,
        "mean nDCG@10 {ndcg:.3} < {MIN_NDCG}\n{table}"
    );
}

/// The folded words of an HTML snippet's highlighted stretches, each
/// stretch of adjacent `<b>` words as one phrase.
fn highlighted_runs(html: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<b>") {
        let between = &rest[..open];
        // Adjacent highlights are separated by white space or punctuation only.
        if !current.is_empty() && between.chars().any(char::is_alphanumeric) {
            runs.push(current.join(" "));
            current.clear();
        }
        let Some(close) = rest[open..].find("</b>") else {
            break;
        };
        current.extend(relevance::fold_words(&rest[open + 3..open + close]));
        rest = &rest[open + close + 4..];
    }
    if !current.is_empty() {
        runs.push(current.join(" "));
    }
    runs
}

#[test]
fn snippets_show_the_words_standing_together() {
    let index = open();
    for q in relevance::QUERIES {
        let res = search(&index, q);
        let want = relevance::fold_words(q).join(" ");
        for h in res.hits.iter().take(3) {
            let runs = highlighted_runs(&h.snippet);
            assert!(
                runs.iter().any(|r| r.contains(&want)),
                "{q:?}: the snippet of {} highlights {runs:?}: {}",
                h.source,
                h.snippet
            );
            // Nothing but the phrase is highlighted when it is there.
            assert!(
                runs.iter().all(|r| r.contains(&want)),
                "{q:?}: stray highlights {runs:?} in {}",
                h.snippet
            );
        }
    }
}

#[test]
fn did_you_mean_restores_diacritics_in_context() {
    let index = open();
    // (typed, the suggestion expected first)
    const CASES: &[(&str, &str)] = &[
        ("chinh don dang", "chỉnh đốn đảng"),
        ("ban tuyen giao", "ban tuyên giáo"),
        ("So Tai chinh", "Sở Tài chính"),
        (
            "\"uy ban kiem tra\" province:\"kien giang\"",
            "\"ủy ban kiểm tra\" province:\"kien giang\"",
        ),
    ];
    for (typed, want) in CASES {
        let res = search(&index, typed);
        let first = res.suggestions.first().map(|s| s.query.as_str());
        assert_eq!(first, Some(*want), "{typed}: {:?}", res.suggestions);
    }
    // `dang` alone: several spellings, the corpus's most common first.
    let res = search(&index, "dang");
    let dang = res
        .spellings
        .iter()
        .find(|w| w.typed == "dang")
        .expect("spellings of dang");
    let texts: Vec<&str> = dang.spellings.iter().map(|s| s.text.as_str()).collect();
    assert!(texts.len() >= 3, "{texts:?}");
    assert_eq!(texts[0], "đảng", "{texts:?}");
    for w in dang.spellings.windows(2) {
        assert!(w[0].documents >= w[1].documents, "{:?}", dang.spellings);
    }
    // In context the neighbours decide: after `chinh`, `dang` is the
    // `đáng` of `chính đáng`, not the corpus's most common `đảng`.
    let res = search(&index, "chinh dang");
    assert_eq!(
        res.suggestions.first().map(|s| s.query.as_str()),
        Some("chính đáng"),
        "{:?}",
        res.suggestions
    );
    let dang = res
        .spellings
        .iter()
        .find(|w| w.typed == "dang")
        .expect("spellings of dang");
    assert_eq!(dang.spellings[0].text, "đáng", "{:?}", dang.spellings);
    // Typed with diacritics: nothing to suggest.
    for typed in ["chỉnh đốn Đảng", "21-KL/TW", "\"Sở Nội vụ\""] {
        let res = search(&index, typed);
        assert!(res.suggestions.is_empty(), "{typed}: {:?}", res.suggestions);
    }
}
