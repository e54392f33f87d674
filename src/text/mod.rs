//! The folded view of a text and the one phrase matcher every extraction stage
//! uses.
//!
//! - [`Folded`]: a text lower-cased, without diacritics (`đ`→`d`), with every
//!   white-space run (line breaks included) as one space, no spaces around
//!   dashes (`21 - KL/TW` → `21-kl/tw`, `Lao động – Thương binh` →
//!   `lao dong-thuong binh`), typographic quotes as `"` and `'`, and markdown
//!   `*` dropped; with a map from every folded byte back to the original.
//!   Built once per document; stages match on it and report spans in the
//!   original text.
//! - [`PhraseSet`]: Aho-Corasick over folded text, longest phrase first, only at
//!   word boundaries. Phrases come from the grammar tables and are folded the
//!   same way as the text, so a table entry is written once, in ordinary
//!   Vietnamese, with either tone style.
//!
//! Invariants (tested): `Folded::new` never panics; every folded byte maps to
//! a char boundary of the original, in order; folding a folded text changes
//! nothing; a phrase always matches its own folded form.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

use crate::normalize::{fold_char, is_combining_mark};

/// A text folded for matching, with a map back to byte offsets of the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    text: String,
    /// `starts[i]`: original byte offset of the char that gave folded byte `i`;
    /// one more entry, the original length, for the end.
    starts: Vec<u32>,
    /// `ends[i]`: original byte offset just after that char.
    ends: Vec<u32>,
}

/// True for a byte that continues a word in folded text (ASCII letters and
/// digits, and any non-ASCII byte: a letter the fold kept).
#[inline]
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// True when folded `s[start..end]` stands on word boundaries.
#[inline]
pub fn is_word_bounded(s: &str, start: usize, end: usize) -> bool {
    let b = s.as_bytes();
    let left = start == 0 || !b.get(start - 1).copied().is_some_and(is_word_byte);
    let right = end >= b.len() || !b.get(end).copied().is_some_and(is_word_byte);
    left && right
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// The folded form of one character: `None` to drop it.
#[inline]
fn fold_one(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if is_combining_mark(c) {
        return None;
    }
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => return Some('"'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' => return Some('\''),
        _ => {}
    }
    let f = fold_char(c);
    // Lower-case only when that keeps one char (every Vietnamese letter does).
    let mut low = f.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => Some(l),
        _ => Some(f),
    }
}

/// Fold a phrase or short string the way [`Folded`] folds a text.
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

impl Folded {
    /// Fold `s` and record where each folded byte comes from.
    pub fn new(s: &str) -> Folded {
        let cap = s.len();
        let mut text = String::with_capacity(cap);
        let mut starts: Vec<u32> = Vec::with_capacity(cap + 1);
        let mut ends: Vec<u32> = Vec::with_capacity(cap);
        // After a dash, white space is skipped.
        let mut after_dash = false;
        for (o, c) in s.char_indices() {
            let end = (o + c.len_utf8()) as u32;
            let o32 = o as u32;
            if c == '*' {
                continue;
            }
            if c.is_whitespace() {
                if after_dash || text.is_empty() || text.ends_with(' ') {
                    continue;
                }
                text.push(' ');
                starts.push(o32);
                ends.push(end);
                continue;
            }
            if is_dash(c) {
                if text.ends_with(' ') {
                    text.pop();
                    starts.pop();
                    ends.pop();
                }
                text.push('-');
                starts.push(o32);
                ends.push(end);
                after_dash = true;
                continue;
            }
            after_dash = false;
            let Some(f) = fold_one(c) else { continue };
            let mut buf = [0u8; 4];
            let enc = f.encode_utf8(&mut buf);
            for _ in 0..enc.len() {
                starts.push(o32);
                ends.push(end);
            }
            text.push(f);
        }
        starts.push(s.len() as u32);
        Folded { text, starts, ends }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Original byte offset where folded byte `i` begins (the original end for
    /// `i` at or past the end).
    pub fn orig(&self, i: usize) -> usize {
        let last = self.starts.last().copied().unwrap_or(0);
        self.starts.get(i).copied().unwrap_or(last) as usize
    }

    /// Original byte offset just after the char that gave folded byte `i - 1`:
    /// the original end of a match that ends at folded `i`.
    pub fn orig_end(&self, i: usize) -> usize {
        if i == 0 {
            return self.orig(0);
        }
        match self.ends.get(i - 1) {
            Some(&e) => e as usize,
            None => self.starts.last().copied().unwrap_or(0) as usize,
        }
    }

    /// The original span of folded `[start, end)`.
    pub fn orig_span(&self, start: usize, end: usize) -> [usize; 2] {
        let a = self.orig(start);
        [a, self.orig_end(end).max(a)]
    }

    /// First folded position whose original offset is at or after `orig`.
    pub fn pos(&self, orig: usize) -> usize {
        let o = orig.min(u32::MAX as usize) as u32;
        self.starts[..self.text.len()]
            .partition_point(|&x| x < o)
            .min(self.text.len())
    }

    /// The folded range of original `[start, end)`.
    pub fn range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let a = self.pos(start);
        a..self.pos(end).max(a)
    }

    /// The folded text of original `[start, end)`.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let r = self.range(start, end);
        self.text.get(r).unwrap_or("")
    }
}

/// One phrase found in a folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a, T> {
    /// Folded byte range.
    pub start: usize,
    pub end: usize,
    /// Which phrase of the set (its index in the order given).
    pub phrase: usize,
    pub value: &'a T,
}

/// How a [`PhraseSet`] is built.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Also match each multi-word phrase written without its spaces
    /// (`Kếhoạch`, `BANHÀNH`: words glued where a PDF lost a line break).
    pub glued: bool,
}

/// A set of phrases matched over folded text at word boundaries, longest first.
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    ac: Option<AhoCorasick>,
    /// Per automaton pattern: (entry index, folded length).
    patterns: Vec<(usize, usize)>,
    values: Vec<T>,
    phrases: Vec<String>,
    max_len: usize,
}

impl<T> PhraseSet<T> {
    /// Build from `(phrase, value)` pairs; phrases are folded like texts.
    /// Empty phrases are ignored; a repeated phrase keeps its first value.
    pub fn new<S: AsRef<str>>(entries: impl IntoIterator<Item = (S, T)>) -> PhraseSet<T> {
        PhraseSet::with_options(entries, Options::default())
    }

    pub fn with_options<S: AsRef<str>>(
        entries: impl IntoIterator<Item = (S, T)>,
        options: Options,
    ) -> PhraseSet<T> {
        let mut values = Vec::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut pats: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (p, v) in entries {
            let f = fold(p.as_ref()).trim().to_string();
            if f.is_empty() || !seen.insert(f.clone()) {
                continue;
            }
            let idx = values.len();
            values.push(v);
            if options.glued && f.contains(' ') {
                let g: String = f.chars().filter(|&c| c != ' ').collect();
                if seen.insert(g.clone()) {
                    patterns.push((idx, g.len()));
                    pats.push(g);
                }
            }
            patterns.push((idx, f.len()));
            pats.push(f.clone());
            phrases.push(f);
        }
        let max_len = pats.iter().map(String::len).max().unwrap_or(0);
        let ac = if pats.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&pats)
                .ok()
        };
        PhraseSet {
            ac,
            patterns,
            values,
            phrases,
            max_len,
        }
    }

    /// The folded phrases, in the order given.
    pub fn phrases(&self) -> &[String] {
        &self.phrases
    }

    pub fn value(&self, phrase: usize) -> Option<&T> {
        self.values.get(phrase)
    }

    fn hit(&self, pattern: usize, start: usize, end: usize) -> Hit<'_, T> {
        let idx = self.patterns[pattern].0;
        Hit {
            start,
            end,
            phrase: idx,
            value: &self.values[idx],
        }
    }

    /// Every bounded occurrence in `hay[range]` (overlapping), in order of start.
    fn candidates(&self, hay: &str, range: std::ops::Range<usize>) -> Vec<Hit<'_, T>> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let end = range.end.min(hay.len());
        let start = range.start.min(end);
        let input = Input::new(hay).range(start..end);
        let mut out: Vec<Hit<'_, T>> = ac
            .find_overlapping_iter(input)
            .filter(|m| is_word_bounded(hay, m.start(), m.end()))
            .map(|m| self.hit(m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
    }

    /// Leftmost-longest, non-overlapping bounded matches in all of `hay`.
    pub fn find_all<'a>(&'a self, hay: &str) -> Vec<Hit<'a, T>> {
        self.find_in(hay, 0..hay.len())
    }

    /// Leftmost-longest, non-overlapping bounded matches inside `hay[range]`.
    pub fn find_in<'a>(&'a self, hay: &str, range: std::ops::Range<usize>) -> Vec<Hit<'a, T>> {
        let mut out: Vec<Hit<'a, T>> = Vec::new();
        for h in self.candidates(hay, range) {
            if out.last().is_some_and(|l| h.start < l.end) {
                continue;
            }
            out.push(h);
        }
        out
    }

    /// The first bounded match at or after `from`.
    pub fn find_from<'a>(&'a self, hay: &str, from: usize) -> Option<Hit<'a, T>> {
        self.candidates(hay, from..hay.len()).into_iter().next()
    }

    /// The longest phrase that starts exactly at folded `pos`.
    pub fn at<'a>(&'a self, hay: &str, pos: usize) -> Option<Hit<'a, T>> {
        let ac = self.ac.as_ref()?;
        if pos > hay.len() || !hay.is_char_boundary(pos) {
            return None;
        }
        if pos > 0
            && hay
                .as_bytes()
                .get(pos - 1)
                .copied()
                .is_some_and(is_word_byte)
        {
            return None;
        }
        let mut end = (pos + self.max_len).min(hay.len());
        while !hay.is_char_boundary(end) {
            end -= 1;
        }
        let input = Input::new(hay).range(pos..end);
        ac.find_overlapping_iter(input)
            .filter(|m| m.start() == pos && is_word_bounded(hay, m.start(), m.end()))
            .map(|m| self.hit(m.pattern().as_usize(), m.start(), m.end()))
            .max_by_key(|h| h.end)
    }

    /// True when some phrase occurs in `hay[range]`.
    pub fn contains_in(&self, hay: &str, range: std::ops::Range<usize>) -> bool {
        !self.candidates(hay, range).is_empty()
    }

    /// The longest phrase that ends exactly at folded `end` (a word boundary).
    pub fn ending_at<'a>(&'a self, hay: &str, end: usize) -> Option<Hit<'a, T>> {
        if end > hay.len() || !hay.is_char_boundary(end) {
            return None;
        }
        let mut start = end.saturating_sub(self.max_len);
        while !hay.is_char_boundary(start) {
            start += 1;
        }
        self.candidates(hay, start..end)
            .into_iter()
            .filter(|h| h.end == end)
            .min_by_key(|h| h.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, folded)
    const FOLDS: &[(&str, &str)] = &[
        ("Ban Tuyên giáo Tỉnh ủy", "ban tuyen giao tinh uy"),
        ("BAN TUYÊN GIÁO TỈNH UỶ", "ban tuyen giao tinh uy"),
        ("21 - KL/TW", "21-kl/tw"),
        ("134/2021/NĐ- CP", "134/2021/nd-cp"),
        ("Lao động – Thương binh", "lao dong-thuong binh"),
        ("  Kế\n  hoạch  số\t12 ", "ke hoach so 12 "),
        ("**Điều 1.**", "dieu 1."),
        ("“tự diễn biến”", "\"tu dien bien\""),
        ("Tuye\u{302}n gia\u{301}o", "tuyen giao"),
        ("", ""),
    ];

    #[test]
    fn folding() {
        for (text, want) in FOLDS {
            assert_eq!(Folded::new(text).as_str(), *want, "fold of {text:?}");
        }
    }

    #[test]
    fn maps_back_to_the_original() {
        let text = "Thực hiện Kết luận số 21 - KL/TW của Bộ Chính trị";
        let f = Folded::new(text);
        let at = f.as_str().find("21-kl/tw").expect("found");
        let [a, b] = f.orig_span(at, at + "21-kl/tw".len());
        assert_eq!(&text[a..b], "21 - KL/TW");
        let k = f.as_str().find("ket luan").expect("found");
        let [a, b] = f.orig_span(k, k + 8);
        assert_eq!(&text[a..b], "Kết luận");
        assert_eq!(f.pos(a), k);
        assert_eq!(f.slice(a, b), "ket luan");
    }

    #[test]
    fn folding_is_idempotent_and_maps_to_char_boundaries() {
        let samples = [
            "Ủy ban nhân dân tỉnh Kiên Giang – 2022",
            "a\u{2028}b\u{0085}c\u{00A0}d",
            "ẞ İstanbul ǅ ﬁ",
            "Tuyê\u{301}n  -  giáo",
        ];
        for s in samples {
            let f = Folded::new(s);
            assert_eq!(fold(f.as_str()), f.as_str(), "idempotent on {s:?}");
            let mut prev = 0;
            for i in 0..=f.len() {
                let o = f.orig(i);
                assert!(s.is_char_boundary(o), "{s:?} at {i}");
                assert!(o >= prev, "monotonic {s:?}");
                prev = o;
                assert!(s.is_char_boundary(f.orig_end(i)));
            }
        }
    }

    #[test]
    fn phrases_match_longest_at_word_boundaries() {
        let set = PhraseSet::new([
            ("Ban Tuyên giáo", 1),
            ("Ban Tuyên giáo Tỉnh ủy", 2),
            ("Tỉnh ủy", 3),
            ("ban", 4),
        ]);
        let f = Folded::new("Giao Ban Tuyên giáo Tỉnh ủy và Ban Tuyên giáo; bàn bạc, bandit");
        let hits: Vec<i32> = set.find_all(f.as_str()).iter().map(|h| *h.value).collect();
        assert_eq!(hits, vec![2, 1, 4]);
        let at = f.as_str().find("ban tuyen").expect("found");
        assert_eq!(set.at(f.as_str(), at).map(|h| *h.value), Some(2));
        assert_eq!(set.at(f.as_str(), at + 1), None);
        let end = f.as_str().find(" va ").expect("found");
        assert_eq!(set.ending_at(f.as_str(), end).map(|h| *h.value), Some(2));
    }

    #[test]
    fn glued_phrases() {
        let set = PhraseSet::with_options(
            [("Kế hoạch", ()), ("ban hành", ())],
            Options { glued: true },
        );
        let f = Folded::new("VỀ VIỆC BANHÀNH KẾ HOẠCH; Kếhoạch số 25");
        assert_eq!(set.find_all(f.as_str()).len(), 3);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let set = PhraseSet::new([("thực hiện", ()), ("a", ())]);
        let mut state = 0x9e3779b97f4a7c15u64;
        let alphabet: Vec<char> = "aàáạ ̣̀ -–\n\u{2028}\u{0085}ĐđƯươ*“”\u{200B}1/KLTW"
            .chars()
            .collect();
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..(state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let f = Folded::new(&s);
            let _ = set.find_all(f.as_str());
            for i in 0..=f.len() + 1 {
                let _ = set.at(f.as_str(), i);
                let _ = set.ending_at(f.as_str(), i);
                let _ = f.orig_span(i, i + 3);
            }
            for i in 0..=s.len() + 1 {
                let _ = f.pos(i);
                let _ = f.slice(i, i + 2);
            }
        }
    }
}
