//! "Did you mean": the diacritics of words typed without them, restored from
//! the spellings the corpus uses, chosen in context.
//!
//! `dang` may be `đảng`, `đang`, `đăng`, `dạng`…: every spelling of the
//! corpus that folds to the typed word is a candidate (the term dictionary of
//! the exact `body` field, with document frequencies), and a sequence of words
//! is restored as a whole, scoring each choice by how often the chosen
//! spellings stand next to each other in the corpus (document frequency of
//! the pair in `pairs_exact`) and, less, by how common each spelling is. The
//! chain is solved exactly (max-sum forward and backward), which also ranks
//! each word's spellings by the best restoration they take part in.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::{Searcher, Term};

use super::IndexError;
use crate::analysis;
use crate::normalize;

/// Spellings considered per typed word (the most frequent ones).
const CANDIDATES: usize = 8;
/// Spellings listed per ambiguous word in the answer.
const LISTED: usize = 5;
/// Words of a query restored at most (a pasted paragraph is not a typo).
const MAX_WORDS: usize = 24;
/// Suggestions returned at most (the best restoration, then alternatives).
const MAX_SUGGESTIONS: usize = 3;
/// Weight of a spelling's own frequency against its pair frequencies.
const UNIGRAM_WEIGHT: f64 = 0.25;

/// A query with the diacritics restored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Suggestion {
    /// The whole query with the restored words (phrases, numbers, filters and
    /// exclusions as typed): search it as it is.
    pub query: String,
    /// The same text, HTML-escaped, with the restored words in `<b>…</b>`.
    pub html: String,
}

/// The spellings the corpus uses for one word typed without diacritics, the
/// most likely in this query first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WordSpellings {
    /// The word as typed.
    pub typed: String,
    pub spellings: Vec<Spelling>,
}

/// One spelling of a word and the number of documents using it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Spelling {
    pub text: String,
    pub documents: u64,
}

/// Every spelling of the corpus by its folded form, most frequent first.
#[derive(Debug, Default)]
pub(crate) struct SpellingTable {
    by_folded: HashMap<String, Vec<(String, u64)>>,
}

impl SpellingTable {
    /// Read the exact-words dictionary of every segment: words made of letters
    /// only (no digits, no document numbers), with their document frequencies.
    pub fn build(searcher: &Searcher, field: tantivy::schema::Field) -> Result<Self, IndexError> {
        let mut df: HashMap<String, u64> = HashMap::new();
        for seg in searcher.segment_readers() {
            let inverted = seg.inverted_index(field)?;
            let mut terms = inverted
                .terms()
                .stream()
                .map_err(|e| IndexError::Tantivy(e.into()))?;
            while terms.advance() {
                let Ok(word) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                if word.is_empty() || !word.chars().all(char::is_alphabetic) {
                    continue;
                }
                *df.entry(word.to_string()).or_default() += u64::from(terms.value().doc_freq);
            }
        }
        let mut by_folded: HashMap<String, Vec<(String, u64)>> = HashMap::new();
        for (word, n) in df {
            by_folded
                .entry(normalize::fold(&word))
                .or_default()
                .push((word, n));
        }
        for v in by_folded.values_mut() {
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        Ok(SpellingTable { by_folded })
    }

    fn spellings(&self, folded: &str) -> &[(String, u64)] {
        self.by_folded.get(folded).map_or(&[], Vec::as_slice)
    }
}

/// One word of the query, with where it stands in the query text.
#[derive(Debug, Clone)]
pub(crate) struct TypedWord {
    /// Byte span in the query text.
    pub span: std::ops::Range<usize>,
    /// As typed.
    pub typed: String,
    /// Folded and lower-cased.
    pub folded: String,
    /// Follows the previous word directly (adjacent in the query).
    pub joined: bool,
}

/// What the suggester found: the suggestions, the spellings per ambiguous word,
/// and the best restoration per word (for the ranking: `None` when the word
/// was typed with diacritics or has no other spelling).
#[derive(Debug, Default)]
pub(crate) struct Restored {
    pub suggestions: Vec<Suggestion>,
    pub spellings: Vec<WordSpellings>,
    /// Per word of the input, the spelling chosen (lower-case).
    pub best: Vec<Option<String>>,
}

/// Restore the diacritics of the words typed without them.
pub(crate) fn restore(
    query: &str,
    words: &[TypedWord],
    table: &SpellingTable,
    searcher: &Searcher,
    pairs_exact: tantivy::schema::Field,
) -> Restored {
    let mut out = Restored {
        best: vec![None; words.len()],
        ..Restored::default()
    };
    if words.is_empty() || words.len() > MAX_WORDS {
        return out;
    }
    // Candidates per word: typed with diacritics (or unknown) → itself only.
    let cands: Vec<Vec<(String, u64)>> = words
        .iter()
        .map(|w| {
            let lower = w.typed.to_lowercase();
            let known = table.spellings(&w.folded);
            if normalize::has_diacritics(&w.typed) || known.is_empty() {
                let n = known
                    .iter()
                    .find(|(s, _)| *s == lower)
                    .map_or(0, |(_, n)| *n);
                vec![(lower, n)]
            } else {
                known.iter().take(CANDIDATES).cloned().collect()
            }
        })
        .collect();
    let restorable = words
        .iter()
        .zip(&cands)
        .any(|(w, c)| c.iter().any(|(s, _)| *s != w.typed.to_lowercase()));
    if !restorable {
        return out;
    }
    let mut pair_df: HashMap<(usize, usize, usize), f64> = HashMap::new();
    let mut edge = |i: usize, a: usize, b: usize| -> f64 {
        *pair_df.entry((i, a, b)).or_insert_with(|| {
            let text = analysis::pair_text(&cands[i - 1][a].0, &cands[i][b].0);
            let n = searcher
                .doc_freq(&Term::from_field_text(pairs_exact, &text))
                .unwrap_or(0);
            (1.0 + n as f64).ln()
        })
    };
    let unary = |i: usize, a: usize| UNIGRAM_WEIGHT * (1.0 + cands[i][a].1 as f64).ln();
    // Forward: best score of words 0..=i with word i spelt `a`.
    let n = words.len();
    let mut fwd: Vec<Vec<f64>> = Vec::with_capacity(n);
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(n);
    for i in 0..n {
        let mut row = Vec::with_capacity(cands[i].len());
        let mut ptr = Vec::with_capacity(cands[i].len());
        for b in 0..cands[i].len() {
            let (best, arg) = if i == 0 {
                (0.0, 0)
            } else {
                let mut best = (f64::NEG_INFINITY, 0);
                for (a, before) in fwd[i - 1].iter().enumerate() {
                    let link = if words[i].joined { edge(i, a, b) } else { 0.0 };
                    let s = before + link;
                    if s > best.0 {
                        best = (s, a);
                    }
                }
                best
            };
            row.push(best + unary(i, b));
            ptr.push(arg);
        }
        fwd.push(row);
        back.push(ptr);
    }
    // Backward: best score of words i+1.. given word i spelt `a`.
    let mut bwd: Vec<Vec<f64>> = vec![Vec::new(); n];
    bwd[n - 1] = vec![0.0; cands[n - 1].len()];
    let mut next_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    next_of[n - 1] = vec![0; cands[n - 1].len()];
    for i in (0..n - 1).rev() {
        let mut row = Vec::with_capacity(cands[i].len());
        let mut ptr = Vec::with_capacity(cands[i].len());
        for a in 0..cands[i].len() {
            let mut best = (f64::NEG_INFINITY, 0);
            for (b, after) in bwd[i + 1].iter().enumerate() {
                let link = if words[i + 1].joined {
                    edge(i + 1, a, b)
                } else {
                    0.0
                };
                let s = link + unary(i + 1, b) + after;
                if s > best.0 {
                    best = (s, b);
                }
            }
            row.push(best.0);
            ptr.push(best.1);
        }
        bwd[i] = row;
        next_of[i] = ptr;
    }
    // The best path through word i spelt `a`.
    let path_through = |i: usize, a: usize| -> Vec<usize> {
        let mut path = vec![0; n];
        path[i] = a;
        for k in (1..=i).rev() {
            path[k - 1] = back[k][path[k]];
        }
        for k in i..n - 1 {
            path[k + 1] = next_of[k][path[k]];
        }
        path
    };
    let marginal = |i: usize, a: usize| fwd[i][a] + bwd[i][a];
    // Spellings per ambiguous word, in context order.
    for (i, w) in words.iter().enumerate() {
        if cands[i].len() < 2 {
            continue;
        }
        let mut order: Vec<usize> = (0..cands[i].len()).collect();
        order.sort_by(|&a, &b| marginal(i, b).total_cmp(&marginal(i, a)));
        out.spellings.push(WordSpellings {
            typed: w.typed.clone(),
            spellings: order
                .iter()
                .take(LISTED)
                .map(|&a| Spelling {
                    text: cased(&w.typed, &cands[i][a].0),
                    documents: cands[i][a].1,
                })
                .collect(),
        });
    }
    // The best restoration, then the best ones changing one more word.
    let best_end = (0..cands[n - 1].len())
        .max_by(|&a, &b| fwd[n - 1][a].total_cmp(&fwd[n - 1][b]))
        .unwrap_or(0);
    let best = path_through(n - 1, best_end);
    let best_score = marginal(n - 1, best_end);
    let mut paths: Vec<(f64, Vec<usize>)> = vec![(best_score, best.clone())];
    for i in 0..n {
        for a in 0..cands[i].len() {
            if a != best[i] {
                paths.push((marginal(i, a), path_through(i, a)));
            }
        }
    }
    paths.sort_by(|x, y| y.0.total_cmp(&x.0));
    for (i, &a) in best.iter().enumerate() {
        if cands[i].len() > 1 || cands[i][a].0 != words[i].typed.to_lowercase() {
            out.best[i] = Some(cands[i][a].0.clone());
        }
    }
    let mut seen: Vec<String> = Vec::new();
    for (_, path) in paths {
        if out.suggestions.len() >= MAX_SUGGESTIONS {
            break;
        }
        let (text, html) = rewrite(query, words, &cands, &path);
        if text == query || seen.contains(&text) {
            continue;
        }
        seen.push(text.clone());
        out.suggestions.push(Suggestion { query: text, html });
    }
    out
}

/// The query text with each word replaced by its chosen spelling (cased as
/// typed); and the same as HTML with the changed words in `<b>`.
fn rewrite(
    query: &str,
    words: &[TypedWord],
    cands: &[Vec<(String, u64)>],
    path: &[usize],
) -> (String, String) {
    let mut text = String::with_capacity(query.len() + 16);
    let mut html = String::with_capacity(query.len() + 64);
    let mut cursor = 0;
    for (i, w) in words.iter().enumerate() {
        if w.span.start < cursor || w.span.end > query.len() {
            continue;
        }
        let between = &query[cursor..w.span.start];
        text.push_str(between);
        super::snippet::escape_into(between, &mut html);
        let spelt = cased(&w.typed, &cands[i][path[i]].0);
        text.push_str(&spelt);
        if spelt == w.typed {
            super::snippet::escape_into(&spelt, &mut html);
        } else {
            html.push_str("<b>");
            super::snippet::escape_into(&spelt, &mut html);
            html.push_str("</b>");
        }
        cursor = w.span.end;
    }
    text.push_str(&query[cursor..]);
    super::snippet::escape_into(&query[cursor..], &mut html);
    (text, html)
}

/// `spelling` (lower-case) with the case pattern of `typed`: `DANG` → `ĐẢNG`,
/// `Dang` → `Đảng`, `dang` → `đảng`.
fn cased(typed: &str, spelling: &str) -> String {
    let letters: Vec<char> = typed.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if letters.len() > 1 && upper == letters.len() {
        return spelling.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = spelling.chars();
        return match chars.next() {
            Some(f) => f.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    spelling.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_follows_the_typed_word() {
        const CASES: &[(&str, &str, &str)] = &[
            ("dang", "đảng", "đảng"),
            ("Dang", "đảng", "Đảng"),
            ("DANG", "đảng", "ĐẢNG"),
            ("D", "đ", "Đ"),
            ("uy", "ủy", "ủy"),
        ];
        for (typed, spelling, want) in CASES {
            assert_eq!(cased(typed, spelling), *want, "{typed}");
        }
    }
}
