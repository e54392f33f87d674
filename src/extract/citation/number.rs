//! Số/ký hiệu in folded text: one left-to-right scan that finds every
//! number shape, linear in the text.
//!
//! Shapes (folded: lower case, `đ` → `d`, no spaces around dashes):
//! - party `21-kl/tw`, `367-qd/twdtn-vp`, `26nq/tw` (a lost hyphen, N-11);
//! - state `130/2020/nd-cp`, `1847/qd-ttg`, `56/2017/qh14`,
//!   `24/2010/ttlt/bldtbxh-btc`, `07 /kh-mttq-btt` (a space before `/`, N-01);
//! - plain: digits alone (`Nghị quyết số 26 của …`, N-06, N-07).
//!
//! A number starts at a word boundary, or right after a glued `số`
//! (`số64-KL/TW`, N-02), and ends at one.

use crate::grammar::{grammar, SymbolStyle};
use crate::text::is_word_byte;

/// How a number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `21-KL/TW`: number, symbol, issuer code(s).
    Party,
    /// `1847/QĐ-TTg`, `56/2017/QH14`.
    State,
    /// Digits alone.
    Plain,
}

/// One number found in folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumTok {
    pub start: usize,
    pub end: usize,
    /// End of the digits (the number proper).
    pub digits_end: usize,
    pub shape: Shape,
    /// Letter groups after the number (and year).
    pub groups: usize,
    /// A four-digit year after the number (`/2020/`).
    pub year: bool,
    /// Folded start of the first letter group.
    pub first_group: usize,
}

/// Longest digit run of a number (`02-KH/BCĐTW` … `12345/QĐ-UBND`).
const MAX_DIGITS: usize = 5;
/// Most letter groups a number has (`24/2010/TTLT/BLĐTBXH-BTC` has three).
const MAX_GROUPS: usize = 6;

/// A letter group at `p`: a letter, then letters, digits or `&`.
fn group_end(b: &[u8], p: usize) -> Option<usize> {
    if p >= b.len() || !b[p].is_ascii_lowercase() {
        return None;
    }
    let mut e = p + 1;
    while e < b.len() && (b[e].is_ascii_lowercase() || b[e].is_ascii_digit() || b[e] == b'&') {
        e += 1;
    }
    Some(e)
}

/// Further groups joined by `-` or `/` from `p`; returns (end, count).
fn more_groups(b: &[u8], mut p: usize, mut count: usize) -> (usize, usize) {
    while count < MAX_GROUPS && p + 1 < b.len() && matches!(b[p], b'-' | b'/') {
        match group_end(b, p + 1) {
            Some(e) => {
                p = e;
                count += 1;
            }
            None => break,
        }
    }
    (p, count)
}

fn bounded_end(b: &[u8], e: usize) -> bool {
    e >= b.len() || !is_word_byte(b[e])
}

/// The number starting at `i` (a digit at a number start), if any.
fn read(b: &[u8], i: usize) -> Option<NumTok> {
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    if j - i > MAX_DIGITS {
        return None;
    }
    let digits_end = j;
    let mut k = j;
    // Letters glued to the digits: a number suffix (`30c/`) or a party
    // symbol that lost its hyphen (`26nq/tw`).
    if k < b.len() && b[k].is_ascii_lowercase() {
        let mut r = k;
        while r < b.len() && b[r].is_ascii_lowercase() {
            r += 1;
        }
        let next = b.get(r).copied();
        let run = std::str::from_utf8(&b[k..r]).ok()?;
        if next == Some(b'/')
            && grammar()
                .doc_types
                .of_symbol(SymbolStyle::Party, run)
                .is_some()
        {
            let g2 = group_end(b, r + 1)?;
            let (end, groups) = more_groups(b, g2, 2);
            return bounded_end(b, end).then_some(NumTok {
                start: i,
                end,
                digits_end,
                shape: Shape::Party,
                groups,
                year: false,
                first_group: k,
            });
        }
        if r - k == 1 && matches!(next, Some(b'/') | Some(b'-')) {
            k = r;
        } else {
            return None;
        }
    }
    match b.get(k) {
        Some(b'-') => {
            let g1 = group_end(b, k + 1)?;
            if b.get(g1) != Some(&b'/') {
                return None;
            }
            let g2 = group_end(b, g1 + 1)?;
            let (end, groups) = more_groups(b, g2, 2);
            bounded_end(b, end).then_some(NumTok {
                start: i,
                end,
                digits_end,
                shape: Shape::Party,
                groups,
                year: false,
                first_group: k + 1,
            })
        }
        Some(b'/') | Some(b' ') => {
            let mut s = k;
            if b[s] == b' ' {
                s += 1;
                if b.get(s) != Some(&b'/') {
                    return plain(b, i, digits_end);
                }
            }
            s += 1;
            if b.get(s) == Some(&b' ') {
                s += 1;
            }
            // A year: four digits and `/`.
            let mut year = false;
            if s + 5 <= b.len() && b[s..s + 4].iter().all(u8::is_ascii_digit) && b[s + 4] == b'/' {
                year = true;
                s += 5;
            }
            let g1 = group_end(b, s)?;
            let (end, groups) = more_groups(b, g1, 1);
            bounded_end(b, end).then_some(NumTok {
                start: i,
                end,
                digits_end,
                shape: Shape::State,
                groups,
                year,
                first_group: s,
            })
        }
        _ => plain(b, i, digits_end),
    }
}

/// Digits alone, ending at a word boundary that is not a decimal point or
/// a date separator (`3,2`, `4.0`, `12/3`).
fn plain(b: &[u8], i: usize, e: usize) -> Option<NumTok> {
    if !bounded_end(b, e) {
        return None;
    }
    if let Some(&c) = b.get(e) {
        if matches!(c, b'.' | b',' | b'/' | b'-' | b'%')
            && b.get(e + 1).is_some_and(u8::is_ascii_digit)
            || c == b'%'
        {
            return None;
        }
    }
    if i > 0 && matches!(b[i - 1], b'/' | b'-') {
        return None;
    }
    // `3,2`, `4.5`: the digits after a decimal separator.
    if i > 1 && matches!(b[i - 1], b'.' | b',') && b[i - 2].is_ascii_digit() {
        return None;
    }
    Some(NumTok {
        start: i,
        end: e,
        digits_end: e,
        shape: Shape::Plain,
        groups: 0,
        year: false,
        first_group: e,
    })
}

/// Every number in folded text `f`, in order.
pub fn scan(f: &str) -> Vec<NumTok> {
    let b = f.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let at_start = i == 0
            || !is_word_byte(b[i - 1])
            || (i >= 2 && &b[i - 2..i] == b"so" && (i == 2 || !is_word_byte(b[i - 3])));
        let mut run_end = i;
        while run_end < b.len() && b[run_end].is_ascii_digit() {
            run_end += 1;
        }
        if at_start {
            if let Some(t) = read(b, i) {
                i = t.end.max(i + 1);
                out.push(t);
                continue;
            }
        }
        i = run_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Folded;

    fn shapes(s: &str) -> Vec<(String, Shape)> {
        let f = Folded::new(s);
        scan(f.as_str())
            .into_iter()
            .map(|t| (f.as_str()[t.start..t.end].to_string(), t.shape))
            .collect()
    }

    #[test]
    fn number_shapes() {
        use Shape::*;
        const CASES: &[(&str, &[(&str, Shape)])] = &[
            ("Kết luận số 21-KL/TW ngày", &[("21-kl/tw", Party)]),
            ("Số 318 -KH/TU", &[("318-kh/tu", Party)]),
            ("Nghị quyết số 20 - NQ/TW về", &[("20-nq/tw", Party)]),
            ("Chỉ thị số05-CT/TW", &[("05-ct/tw", Party)]),
            ("Kế hoạch số 37–KH/TU", &[("37-kh/tu", Party)]),
            ("Số: 367 - QĐ/TWĐTN-VP", &[("367-qd/twdtn-vp", Party)]),
            ("Nghị quyết số 19NQ/TW ngày", &[("19nq/tw", Party)]),
            (
                "Nghị định số 134/2021/NĐ- CP ngày",
                &[("134/2021/nd-cp", State)],
            ),
            ("Quyết định 150/QĐ-TTg", &[("150/qd-ttg", State)]),
            ("Số:  07 /KH-MTTQ-BTT", &[("07 /kh-mttq-btt", State)]),
            (
                "Nghị quyết số 56/2017/QH14 ngày",
                &[("56/2017/qh14", State)],
            ),
            (
                "số 24/2010/TTLT/BLĐTBXH-BTC ngày",
                &[("24/2010/ttlt/bldtbxh-btc", State)],
            ),
            (
                "Công văn số 4820/BTTTT-PTTH&TTĐT về",
                &[("4820/btttt-ptth&ttdt", State)],
            ),
            ("Quyết định số 150/QĐTTg", &[("150/qdttg", State)]),
            ("Nghị quyết số 26 của Bộ Chính trị", &[("26", Plain)]),
            ("Kế hoạch số 12, ngày 06/10/2011", &[("12", Plain)]),
            ("ngày 25/10/2021, 14-5-2012, 10.10.2018, 3,2 lần, 12%", &[]),
            ("COVID-19, quý III/2024, 2021-2025", &[]),
        ];
        for (s, want) in CASES {
            let want: Vec<(String, Shape)> =
                want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(shapes(s), want, "{s:?}");
        }
    }

    #[test]
    fn scanning_is_linear_and_safe() {
        let long = "số 12-KH/TU, ".repeat(20_000) + "1/2/3/4/5/6/7/8 -/-/-/ 9999999/ab-";
        let f = Folded::new(&long);
        let toks = scan(f.as_str());
        assert_eq!(toks.len(), 20_000);
        for t in &toks {
            assert!(f.as_str().is_char_boundary(t.start) && f.as_str().is_char_boundary(t.end));
        }
    }
}
