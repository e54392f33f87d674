//! Small procedures on spans of the normalised text, each bounded so that
//! calling them once per mention keeps finding linear.

use std::collections::BTreeMap;

/// Disjoint byte intervals: spans named mentions must not fall into.
#[derive(Debug, Default, Clone)]
pub struct Blocked {
    /// start → end, disjoint, merged on insert.
    map: BTreeMap<usize, usize>,
}

impl Blocked {
    /// True when `[a, b)` overlaps a blocked interval.
    pub fn overlaps(&self, a: usize, b: usize) -> bool {
        let b = b.max(a + 1);
        // The last interval starting before `b` is the only candidate, since
        // intervals are disjoint and sorted.
        self.map.range(..b).next_back().is_some_and(|(_, &e)| e > a)
    }

    /// Block `[a, b)` (merged with what it touches).
    pub fn insert(&mut self, a: usize, b: usize) {
        if b <= a {
            return;
        }
        let (mut a, mut b) = (a, b);
        let touching: Vec<(usize, usize)> = self
            .map
            .range(..=b)
            .rev()
            .take_while(|(_, &e)| e >= a)
            .map(|(&s, &e)| (s, e))
            .collect();
        for (s, e) in touching {
            self.map.remove(&s);
            a = a.min(s);
            b = b.max(e);
        }
        self.map.insert(a, b);
    }
}

/// The nearest char boundary at or before `i`.
pub fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// True when only list marks and white space stand between the start of
/// the line and byte `at` (a line-initial word).
pub fn at_line_start(text: &str, at: usize) -> bool {
    for c in text[..floor_char(text, at)].chars().rev() {
        match c {
            '\n' => return true,
            ' ' | '\t' | '-' | '+' | '*' | '#' | '•' => continue,
            _ => return false,
        }
    }
    true
}

/// The end of the clause starting at `s`: the first of `stops`, or a `.`
/// not after a digit, looked for within `max` bytes.
pub fn clause_end(text: &str, s: usize, stops: &[char], max: usize) -> usize {
    let s = floor_char(text, s);
    let limit = floor_char(text, (s + max).min(text.len()));
    let mut prev = ' ';
    for (i, c) in text[s..limit].char_indices() {
        if stops.contains(&c) || c == '.' && !prev.is_ascii_digit() {
            return s + i;
        }
        prev = c;
    }
    limit
}

/// The first year (`2021`, `2021-2025`, `2021 - 2025`) in `s`: its end.
pub fn year_span_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit) {
            let mut e = i + 4;
            let mut k = e;
            while k < b.len() && b[k] == b' ' {
                k += 1;
            }
            if k < b.len() && b[k] == b'-' {
                k += 1;
                while k < b.len() && b[k] == b' ' {
                    k += 1;
                }
                if k + 4 <= b.len() && b[k..k + 4].iter().all(u8::is_ascii_digit) {
                    e = k + 4;
                }
            }
            return Some(e);
        }
        i += 1;
    }
    None
}

/// How many bytes of `raw` the display form `display` covers (by words).
pub fn consumed_len(raw: &str, display: &str) -> usize {
    let words = super::tokens::clean(display).split(' ').count();
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in raw.char_indices() {
        let sep = c.is_whitespace() || c == '*' || c == '_';
        if !sep && !in_word {
            if seen == words {
                return raw[..i].trim_end().len();
            }
            seen += 1;
        }
        in_word = !sep;
    }
    raw.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocked_intervals() {
        let mut b = Blocked::default();
        b.insert(10, 20);
        b.insert(30, 40);
        assert!(b.overlaps(15, 16));
        assert!(b.overlaps(5, 11));
        assert!(!b.overlaps(20, 30));
        assert!(!b.overlaps(0, 10));
        b.insert(18, 32);
        assert!(b.overlaps(25, 26));
        assert!(b.overlaps(39, 50));
        assert!(!b.overlaps(40, 41));
    }

    #[test]
    fn clauses_lines_and_years() {
        let t = "- Quy định về 3.5 điểm; tiếp";
        assert!(at_line_start(t, 2));
        assert!(!at_line_start(t, 11));
        assert_eq!(
            &t[..clause_end(t, 0, &[';'], 100)],
            "- Quy định về 3.5 điểm"
        );
        assert_eq!(
            year_span_end("giai đoạn 2021 - 2025, x"),
            Some("giai đoạn 2021 - 2025".len())
        );
        assert_eq!(year_span_end("không có"), None);
        assert_eq!(
            consumed_len("Luật  Viên chức, và", "Luật Viên chức"),
            "Luật  Viên chức,".len()
        );
    }
}
