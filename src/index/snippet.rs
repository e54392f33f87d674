//! Snippets: the passage of a document where the query's words stand together.
//!
//! The stored (normalised) text is read word by word, each word folded, and
//! every run of document words that follows a run of the query's words in
//! order is found. The snippet is cut around the longest run (then the one
//! with most words in the diacritics typed, then the first), and highlights
//! the runs of two or more words in it: `ban tuyen giao` shows
//! "… với <b>Ban</b> <b>Tuyên</b> <b>giáo</b> Tỉnh ủy …", never "bàn … tôn giáo".
//! When the words never stand together, the snippet is the stretch of text
//! holding most different query words, each highlighted.

use std::collections::HashMap;

use crate::normalize::{fold_char, is_combining_mark};

/// Characters in a snippet (about; a run longer than this is shown whole).
pub(crate) const SNIPPET_CHARS: usize = 220;
/// Characters of context kept before the passage, at most.
const LEAD_CHARS: usize = 60;
/// Query words looked for (a pasted paragraph is cut here).
const MAX_WORDS: usize = 256;

/// One query word: folded, and as typed when typed with diacritics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub folded: String,
    pub exact: Option<String>,
}

/// What the snippet looks for: the query's word sequences (a run of
/// adjacent words of the free text, a quoted phrase, a document number's
/// parts), each in order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Wanted {
    seqs: Vec<Vec<Word>>,
    /// Folded word → (sequence, index in it).
    at: HashMap<String, Vec<(usize, usize)>>,
}

impl Wanted {
    /// Add one sequence of words (in query order); empty ones are ignored.
    pub fn add(&mut self, words: Vec<Word>) {
        let used: usize = self.seqs.iter().map(Vec::len).sum();
        let words: Vec<Word> = words
            .into_iter()
            .take(MAX_WORDS.saturating_sub(used))
            .collect();
        if words.is_empty() {
            return;
        }
        let s = self.seqs.len();
        for (j, w) in words.iter().enumerate() {
            self.at.entry(w.folded.clone()).or_default().push((s, j));
        }
        self.seqs.push(words);
    }

    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }
}

/// A snippet: its HTML, the byte offset of the passage it shows (for the
/// section path) and how well it matches (compare with [`Found::key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub html: String,
    pub at: usize,
    /// (longest run, words matching the typed diacritics in it, distinct words)
    pub quality: (usize, usize, usize),
}

/// One word of the text: byte span and folded, lower-cased form.
struct TextWord {
    start: usize,
    end: usize,
}

/// Words of `text`: maximal runs of letters, digits and combining marks.
/// `folded` receives each word's folded, lower-cased form in turn.
fn scan(text: &str, mut visit: impl FnMut(TextWord, &str)) {
    let mut folded = String::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let wordy = c.is_alphanumeric() || is_combining_mark(c);
        if wordy {
            if start.is_none() {
                start = Some(i);
                folded.clear();
            }
            if !is_combining_mark(c) {
                let f = fold_char(c);
                if f.is_ascii() {
                    folded.push(f.to_ascii_lowercase());
                } else {
                    folded.extend(f.to_lowercase());
                }
            }
        } else if let Some(s) = start.take() {
            visit(TextWord { start: s, end: i }, &folded);
        }
    }
    if let Some(s) = start {
        visit(
            TextWord {
                start: s,
                end: text.len(),
            },
            &folded,
        );
    }
}

/// A run of text words following query words `j-len+1 ..= j` of sequence `s`.
#[derive(Clone, Copy, Debug)]
struct Run {
    s: usize,
    j: usize,
    len: usize,
    exact: usize,
}

/// The snippet of `text` for `wanted`; `None` when no query word occurs.
pub(crate) fn find(text: &str, wanted: &Wanted) -> Option<Found> {
    if wanted.is_empty() {
        return None;
    }
    let mut words: Vec<(usize, usize)> = Vec::new();
    // Per text word: the longest run ending there (sequence, length) if any.
    let mut runs_at: Vec<Option<Run>> = Vec::new();
    // Per text word: the query words it matches (for the scattered case).
    let mut matched: Vec<Option<usize>> = Vec::new();
    let mut prev: Vec<Run> = Vec::new();
    let mut cur: Vec<Run> = Vec::new();
    let mut best: Option<(usize, usize, usize)> = None; // (len, exact, end word)
    scan(text, |w, folded| {
        cur.clear();
        let i = words.len();
        let mut first_match = None;
        if let Some(hits) = wanted.at.get(folded) {
            for &(s, j) in hits {
                let typed = &wanted.seqs[s][j];
                let exact = match &typed.exact {
                    Some(e) => usize::from(lower_eq(&text[w.start..w.end], e)),
                    None => 0,
                };
                let before = if j > 0 {
                    prev.iter().find(|r| r.s == s && r.j == j - 1).copied()
                } else {
                    None
                };
                let run = match before {
                    Some(r) => Run {
                        s,
                        j,
                        len: r.len + 1,
                        exact: r.exact + exact,
                    },
                    None => Run {
                        s,
                        j,
                        len: 1,
                        exact,
                    },
                };
                cur.push(run);
                first_match.get_or_insert(s * MAX_WORDS + j);
            }
        }
        let longest = cur
            .iter()
            .copied()
            .max_by_key(|r| (r.len, r.exact, usize::MAX - r.s));
        if let Some(r) = longest {
            if best.is_none_or(|(l, e, _)| (r.len, r.exact) > (l, e)) {
                best = Some((r.len, r.exact, i));
            }
        }
        runs_at.push(longest);
        matched.push(first_match);
        words.push((w.start, w.end));
        std::mem::swap(&mut prev, &mut cur);
    });
    let (len, exact, end) = best?;
    // Which words to highlight: for each sequence, its longest runs in the
    // text (when two words or more, or the whole of a one-word sequence); a
    // sequence never seen in a run of two has its words highlighted one by one.
    let mut longest_of = vec![0; wanted.seqs.len()];
    for r in runs_at.iter().flatten() {
        longest_of[r.s] = longest_of[r.s].max(r.len);
    }
    let mut mark = vec![false; words.len()];
    let mut seq_in_run = vec![false; wanted.seqs.len()];
    for (i, r) in runs_at.iter().enumerate() {
        let Some(r) = r else { continue };
        let full = wanted.seqs[r.s].len();
        if (r.len >= 2 || full == 1) && r.len == longest_of[r.s] {
            seq_in_run[r.s] = true;
            for m in mark.iter_mut().take(i + 1).skip(i + 1 - r.len) {
                *m = true;
            }
        }
    }
    for (i, m) in matched.iter().enumerate() {
        if let Some(key) = m {
            if !seq_in_run[key / MAX_WORDS] {
                mark[i] = true;
            }
        }
    }
    let multi = wanted.seqs.iter().any(|s| s.len() > 1);
    let (anchor_start, anchor_end, distinct) = if len >= 2 || !multi {
        let first = end + 1 - len;
        (words[first].0, words[end].1, len)
    } else {
        densest(text, &words, &matched)
    };
    let (from, to) = fragment(text, anchor_start, anchor_end);
    let mut html = String::with_capacity(to - from + 64);
    let mut cursor = from;
    for (k, &(s, e)) in words.iter().enumerate() {
        if e <= from || !mark[k] {
            continue;
        }
        if s >= to {
            break;
        }
        if s < from {
            continue;
        }
        escape_into(&text[cursor..s], &mut html);
        html.push_str("<b>");
        escape_into(&text[s..e.min(to)], &mut html);
        html.push_str("</b>");
        cursor = e.min(to);
    }
    escape_into(&text[cursor..to], &mut html);
    Some(Found {
        html,
        at: anchor_start,
        quality: (len, exact, distinct),
    })
}

/// `a` lower-cased equals `b` (already lower-case).
fn lower_eq(a: &str, b: &str) -> bool {
    let mut x = a.chars().flat_map(char::to_lowercase);
    let mut y = b.chars();
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p == q => {}
            _ => return false,
        }
    }
}

/// The stretch of about [`SNIPPET_CHARS`] holding most different query words:
/// (start, end, number of different words).
fn densest(
    text: &str,
    words: &[(usize, usize)],
    matched: &[Option<usize>],
) -> (usize, usize, usize) {
    let hits: Vec<(usize, usize, usize)> = matched
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|key| (words[i].0, words[i].1, key)))
        .collect();
    let mut best = (0, 0, 0);
    let mut counts: HashMap<usize, usize> = HashMap::new();
    let mut lo = 0;
    for hi in 0..hits.len() {
        *counts.entry(hits[hi].2).or_default() += 1;
        while char_len(text, hits[lo].0, hits[hi].1) > SNIPPET_CHARS - LEAD_CHARS / 2 {
            if let Some(n) = counts.get_mut(&hits[lo].2) {
                *n -= 1;
                if *n == 0 {
                    counts.remove(&hits[lo].2);
                }
            }
            lo += 1;
        }
        if counts.len() > best.2 {
            best = (hits[lo].0, hits[hi].1, counts.len());
        }
    }
    best
}

/// Characters between two byte offsets (bounded: stops counting past the snippet size).
fn char_len(text: &str, from: usize, to: usize) -> usize {
    text.get(from..to)
        .map_or(0, |s| s.chars().take(SNIPPET_CHARS + 1).count())
}

/// The byte range of the fragment shown around `[start, end)`: up to
/// [`LEAD_CHARS`] before it (from a line start or a space), then on to about
/// [`SNIPPET_CHARS`] characters, cut at white space, never cutting the anchor.
fn fragment(text: &str, start: usize, end: usize) -> (usize, usize) {
    let anchor_chars = char_len(text, start, end);
    let lead = LEAD_CHARS.min(SNIPPET_CHARS.saturating_sub(anchor_chars) / 2);
    // Walk back `lead` characters, stopping at a line break.
    let mut from = start;
    for (n, (i, c)) in text[..start].char_indices().rev().enumerate() {
        if c == '\n' || n >= lead {
            break;
        }
        from = i;
    }
    if from < start && from > 0 && !text[..from].ends_with(['\n', ' ']) {
        // Do not start in the middle of a word.
        match text[from..start].find(char::is_whitespace) {
            Some(ws) => from += ws,
            None => from = start,
        }
    }
    while from < start && text[from..].starts_with(char::is_whitespace) {
        from += text[from..].chars().next().map_or(1, char::len_utf8);
    }
    // Then forward to the budget.
    let budget = SNIPPET_CHARS.saturating_sub(char_len(text, from, start));
    let mut to = end;
    for (taken, (i, c)) in (anchor_chars..).zip(text[end..].char_indices()) {
        if taken >= budget {
            break;
        }
        to = end + i + c.len_utf8();
    }
    if to < text.len() && to > end {
        // Cut at the last white space after the anchor.
        if let Some(ws) = text[end..to].rfind(char::is_whitespace) {
            to = end + ws;
        }
    }
    let to = text[..to].trim_end().len().max(end);
    (from, to)
}

/// Append `s` to `out`, HTML-escaped.
pub(crate) fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(seqs: &[&[(&str, Option<&str>)]]) -> Wanted {
        let mut w = Wanted::default();
        for seq in seqs {
            w.add(
                seq.iter()
                    .map(|(f, e)| Word {
                        folded: f.to_string(),
                        exact: e.map(str::to_string),
                    })
                    .collect(),
            );
        }
        w
    }

    const BTG: &[(&str, Option<&str>)] = &[("ban", None), ("tuyen", None), ("giao", None)];

    #[test]
    fn the_passage_where_the_words_stand_together() {
        // (text, query sequences, expected HTML fragment inside the snippet)
        let long_lead = "Nội dung khác. ".repeat(40);
        type Seq<'a> = &'a [(&'a str, Option<&'a str>)];
        let cases: Vec<(String, Vec<Seq>, &str)> = vec![
            (
                format!("Họp bàn về công tác tôn giáo. {long_lead} Phối hợp với Ban Tuyên giáo Tỉnh ủy."),
                vec![BTG],
                "<b>Ban</b> <b>Tuyên</b> <b>giáo</b> Tỉnh ủy.",
            ),
            // Scattered words only: each highlighted where most stand close.
            (
                "Bàn giao việc tuyên truyền. ".to_string(),
                vec![BTG],
                "<b>Bàn</b> <b>giao</b> việc <b>tuyên</b> truyền.",
            ),
            // The run matching the typed diacritics wins over a folded one.
            (
                format!("Sổ Tài chính của xã. {long_lead} Sở Tài chính chủ trì."),
                vec![&[("so", Some("sở")), ("tai", Some("tài")), ("chinh", Some("chính"))]],
                "<b>Sở</b> <b>Tài</b> <b>chính</b> chủ trì.",
            ),
            // A number's parts, however the number is written.
            (
                "Thực hiện Kết luận số 21 - KL/TW của Bộ Chính trị.".to_string(),
                vec![&[("21", None), ("kl", None), ("tw", None)]],
                "<b>21</b> - <b>KL</b>/<b>TW</b>",
            ),
            // Only the longest runs: a part of the name elsewhere stays plain.
            (
                "Ủy ban Kiểm tra chủ trì công tác kiểm tra.".to_string(),
                vec![&[("uy", None), ("ban", None), ("kiem", None), ("tra", None)]],
                "<b>Ủy</b> <b>ban</b> <b>Kiểm</b> <b>tra</b> chủ trì công tác kiểm tra.",
            ),
            // HTML is escaped.
            (
                "Mục <a> & \"Sở Nội vụ\"".to_string(),
                vec![&[("so", None), ("noi", None), ("vu", None)]],
                "Mục &lt;a&gt; &amp; &quot;<b>Sở</b> <b>Nội</b> <b>vụ</b>&quot;",
            ),
        ];
        for (text, seqs, want) in cases {
            let found = find(&text, &wanted(&seqs)).expect("a snippet");
            assert!(
                found.html.contains(want),
                "{text:?}\n  got {:?}\n  want {want:?}",
                found.html
            );
            assert!(
                found.html.chars().count() <= SNIPPET_CHARS + 80,
                "{}",
                found.html
            );
        }
    }

    #[test]
    fn nothing_found_and_odd_texts() {
        assert_eq!(find("Không có gì.", &wanted(&[BTG])), None);
        assert_eq!(find("", &wanted(&[BTG])), None);
        assert_eq!(find("Ban", &Wanted::default()), None);
        // NFD text, a word at the very end, no white space at all.
        let nfd = "Ban Tuye\u{302}n gia\u{301}o";
        let f = find(nfd, &wanted(&[BTG])).expect("found");
        assert_eq!(f.quality.0, 3);
        let f = find(&"đ".repeat(5000), &wanted(&[&[("d", None)]]));
        assert!(f.is_none());
        let f = find(
            &format!("{}ban", "x ".repeat(1500)),
            &wanted(&[&[("ban", None)]]),
        )
        .expect("found");
        assert!(f.html.ends_with("<b>ban</b>"), "{}", f.html);
    }

    #[test]
    fn the_anchor_offset_is_the_run() {
        let text = "Mở đầu.\nII. NHIỆM VỤ\n1. Ban Tuyên giáo Tỉnh ủy\nChủ trì.";
        let f = find(text, &wanted(&[BTG])).expect("found");
        assert_eq!(&text[f.at..f.at + 3], "Ban");
        assert!(f.html.starts_with("1. <b>Ban</b>"), "{}", f.html);
    }
}
