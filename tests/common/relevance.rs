//! Relevance judging shared by `tests/relevance.rs` and `benches/compare.rs`.
//!
//! A document is relevant to a query when it contains the query's words next
//! to each other and in order, diacritics, case and punctuation aside: the
//! judge folds the document's original text on its own (NFD, combining marks
//! dropped, `đ`→`d`, lower case, split at anything not a letter or digit),
//! without any of vanban's analysis, and looks for the query's folded words as
//! a contiguous run. Ranking is scored with nDCG@10 (binary gains) and
//! precision@10.
#![allow(dead_code)]

use unicode_normalization::UnicodeNormalization;

/// Names of bodies and fixed phrases, typed without diacritics and without
/// quotes, as people type them. Each has relevant documents in the generated
/// corpora (`gen-corpus`, any seed, 300 documents or more), and documents
/// holding all its words apart too.
pub const QUERIES: &[&str] = &[
    "so tai chinh",
    "ban tuyen giao",
    "uy ban kiem tra",
    "so noi vu",
    "so tu phap",
    "so y te",
    "cong an tinh",
    "thanh tra tinh",
    "van phong tinh uy",
    "truong chinh tri",
    "ban bi thu",
    "ban dan van",
    "ban to chuc",
    "ban noi chinh",
    "kinh te tu nhan",
    "sinh hoat chinh tri",
    "dang uy khoi",
    "hoi dong nhan dan",
    "uy ban nhan dan",
    "mat tran to quoc",
];

/// Cut-off of the ranking measures.
pub const K: usize = 10;

/// The folded words of a text.
pub fn fold_words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A document's folded words joined by single spaces, with a space at each
/// end, so a phrase is found with `contains(" a b c ")`.
pub fn folded_text(text: &str) -> String {
    format!(" {} ", fold_words(text).join(" "))
}

/// The needle for [`folded_text`]: the query's folded words between spaces.
pub fn needle(query: &str) -> String {
    format!(" {} ", fold_words(query).join(" "))
}

/// nDCG@K of a ranked list of relevance judgements, given how many relevant
/// documents the corpus holds. A query with no relevant document scores 1
/// when nothing is returned as relevant (there is nothing to find).
pub fn ndcg(ranked: &[bool], relevant_in_corpus: usize) -> f64 {
    let gain = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let dcg: f64 = ranked
        .iter()
        .take(K)
        .enumerate()
        .filter(|(_, r)| **r)
        .map(|(i, _)| gain(i))
        .sum();
    let ideal: f64 = (0..relevant_in_corpus.min(K)).map(gain).sum();
    if ideal == 0.0 {
        1.0
    } else {
        dcg / ideal
    }
}

/// Precision@K (relevant hits among the first K, over K).
pub fn precision(ranked: &[bool]) -> f64 {
    ranked.iter().take(K).filter(|r| **r).count() as f64 / K as f64
}

/// Every document of the corpus holding each query: one set of sources
/// (relative to the root, `/`-separated) per query, in the order given. The
/// corpus is read once, one file at a time (50,000 documents fit).
pub fn relevant_sets(
    root: &std::path::Path,
    queries: &[&str],
) -> Vec<std::collections::HashSet<String>> {
    let needles: Vec<String> = queries.iter().map(|q| needle(q)).collect();
    let mut sets = vec![std::collections::HashSet::new(); queries.len()];
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            if ext != "txt" && ext != "md" {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            let folded = folded_text(&text);
            let rel = p
                .strip_prefix(root)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            for (k, n) in needles.iter().enumerate() {
                if folded.contains(n.as_str()) {
                    sets[k].insert(rel.clone());
                }
            }
        }
    }
    sets
}

/// One query's figures.
#[derive(Debug, Clone)]
pub struct Judged {
    pub query: String,
    pub relevant_in_corpus: usize,
    pub ranked: Vec<bool>,
    pub ndcg: f64,
    pub precision: f64,
}

/// Judge the ranked sources an engine returned for `query`, given the
/// documents of the corpus that hold it ([`relevant_sets`]).
pub fn judge(
    query: &str,
    ranked_sources: &[String],
    relevant: &std::collections::HashSet<String>,
) -> Judged {
    let ranked: Vec<bool> = ranked_sources
        .iter()
        .take(K)
        .map(|s| relevant.contains(s))
        .collect();
    Judged {
        query: query.to_string(),
        relevant_in_corpus: relevant.len(),
        ndcg: ndcg(&ranked, relevant.len()),
        precision: precision(&ranked),
        ranked,
    }
}

/// Mean nDCG@K and precision@K over judged queries.
pub fn means(judged: &[Judged]) -> (f64, f64) {
    let n = judged.len().max(1) as f64;
    (
        judged.iter().map(|j| j.ndcg).sum::<f64>() / n,
        judged.iter().map(|j| j.precision).sum::<f64>() / n,
    )
}

/// One line per query: relevant documents in the corpus, the judgements of
/// the top K (`x` relevant, `.` not), nDCG and precision.
pub fn table(judged: &[Judged]) -> String {
    let mut out = String::new();
    for j in judged {
        let marks: String = j
            .ranked
            .iter()
            .map(|r| if *r { 'x' } else { '.' })
            .collect();
        out.push_str(&format!(
            "{:<24} relevant {:>6}  top {:<10}  nDCG@10 {:.3}  P@10 {:.2}\n",
            j.query, j.relevant_in_corpus, marks, j.ndcg, j.precision
        ));
    }
    let (n, p) = means(judged);
    out.push_str(&format!(
        "mean nDCG@10 {n:.3}, P@10 {p:.3} over {} queries\n",
        judged.len()
    ));
    out
}
