//! Tokens of the citation grammar, read on the document's folded view at a
//! given position: date phrases, terms (`khóa XIII`), plenum numbers and
//! issuers (from `grammar/refs.toml`). Each reader looks at a bounded window
//! after its position, so reading every mention's tail is linear in the text.
//!
//! Folded text is lower-case, without diacritics, one space per white-space
//! run and no spaces around dashes (`crate::text::Folded`), so every reader
//! tolerates both tone-mark styles, markdown marks, line breaks and `21 - KL`.

use chrono::NaiveDate;

use crate::grammar::{grammar, phrases};
use crate::text::{is_word_byte, Folded};

/// Collapse white space and drop markdown marks: the display form of a phrase.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c == '*' || c == '_' || c.is_whitespace() {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        out.push(c);
    }
    out
}

/// Canonical tone style (`hóa`, `ủy`) for displays and keys: only a
/// word-final `oa`/`oe`/`uy` moves its mark (`hoạch` stays as it is).
pub fn tone_canonical(s: &str) -> String {
    crate::normalize::place_tones(s)
}

/// Roman numeral value (`XIII` → 13, case-insensitive); `None` for anything else.
pub fn roman(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut prev = 0u32;
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    for c in s.chars().rev() {
        let v = match c.to_ascii_uppercase() {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0).then_some(total)
}

/// Skip separators (spaces, commas) in folded text from `p`.
pub fn skip_seps(f: &str, mut p: usize) -> usize {
    let b = f.as_bytes();
    while p < b.len() && matches!(b[p], b' ' | b',') {
        p += 1;
    }
    p
}

/// Skip spaces only.
pub fn skip_spaces(f: &str, mut p: usize) -> usize {
    let b = f.as_bytes();
    while p < b.len() && b[p] == b' ' {
        p += 1;
    }
    p
}

/// A class phrase starting exactly at folded `p`: its end.
pub fn phrase_at(class: &str, f: &str, p: usize) -> Option<usize> {
    phrases(class).at(f, p).map(|h| h.end)
}

/// Digits at `p`: their value and end (at most `max` digits).
fn digits_at(f: &str, p: usize, max: usize) -> Option<(u32, usize)> {
    let b = f.as_bytes();
    let mut e = p;
    while e < b.len() && b[e].is_ascii_digit() && e - p < max {
        e += 1;
    }
    if e == p || (e < b.len() && b[e].is_ascii_digit()) {
        return None;
    }
    Some((f[p..e].parse().ok()?, e))
}

/// A date at `p` after optional separators: `, ngày 25/10/2021`,
/// `ngày22 tháng 7 năm 2010`, `ngày 16-6-2020`, `ban hành ngày 10.10.2018`.
/// Returns the date (when valid) and the folded end.
pub fn date_at(f: &str, p: usize) -> Option<(Option<NaiveDate>, usize)> {
    let mut q = skip_seps(f, p);
    if let Some(e) = phrase_at("citations.date_prefix", f, q) {
        let r = skip_spaces(f, e);
        if phrases("citations.date_word").at(f, r).is_some() || glued_date_word(f, r).is_some() {
            q = r;
        }
    }
    let after_word = match phrase_at("citations.date_word", f, q) {
        Some(e) => skip_spaces(f, e),
        None => glued_date_word(f, q)?,
    };
    let (d, e) = digits_at(f, after_word, 2)?;
    let b = f.as_bytes();
    // D/M/Y, D-M-Y, D.M.Y (spaces around `/` and `.` tolerated)
    let sep_at = |p: usize| -> Option<usize> {
        let p = skip_spaces(f, p);
        (p < b.len() && matches!(b[p], b'/' | b'-' | b'.')).then(|| skip_spaces(f, p + 1))
    };
    if let Some(m_start) = sep_at(e) {
        let (m, e2) = digits_at(f, m_start, 2)?;
        let y_start = sep_at(e2)?;
        let (y, e3) = digits_at(f, y_start, 4)?;
        if e3 - y_start != 4 {
            return None;
        }
        return Some((NaiveDate::from_ymd_opt(y as i32, m, d), e3));
    }
    // D tháng M năm Y
    let t = skip_spaces(f, e);
    let te = phrase_at("citations.month_word", f, t)?;
    let (m, e2) = digits_at(f, skip_spaces(f, te), 2)?;
    let n = skip_spaces(f, e2);
    let ne = phrase_at("citations.year_word", f, n)?;
    let y_start = skip_spaces(f, ne);
    let (y, e3) = digits_at(f, y_start, 4)?;
    if e3 - y_start != 4 {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(y as i32, m, d), e3))
}

/// `ngay22`: the date word glued to the day; the position of the digits.
fn glued_date_word(f: &str, q: usize) -> Option<usize> {
    let b = f.as_bytes();
    let word = "ngay";
    (f.get(q..q + word.len()) == Some(word)
        && b.get(q + word.len()).is_some_and(u8::is_ascii_digit)
        && (q == 0 || !is_word_byte(b[q - 1])))
    .then_some(q + word.len())
}

/// A term at `p`: `khóa XIII`, `(khóa XI)`, `, khóa XII`, `khóa 11`. The
/// numeral (upper case) and the folded end.
pub fn term_at(f: &str, p: usize) -> Option<(String, usize)> {
    let b = f.as_bytes();
    let mut q = skip_seps(f, p);
    let paren = q < b.len() && b[q] == b'(';
    if paren {
        q = skip_spaces(f, q + 1);
    }
    let e = phrase_at("citations.term", f, q)?;
    let s = skip_spaces(f, e);
    let mut end = s;
    while end < b.len() && b[end].is_ascii_alphanumeric() {
        end += 1;
    }
    let word = &f[s..end];
    let numeral = if roman(word).is_some()
        || (!word.is_empty() && word.len() <= 2 && word.bytes().all(|c| c.is_ascii_digit()))
    {
        word.to_ascii_uppercase()
    } else {
        return None;
    };
    let mut stop = end;
    if paren {
        let r = skip_spaces(f, end);
        if r < b.len() && b[r] == b')' {
            stop = r + 1;
        }
    }
    Some((numeral, stop))
}

/// An ordinal at `p`: a word (`tư`, `bảy`), digits or a Roman numeral.
pub fn ordinal_at(f: &str, p: usize) -> Option<(u32, usize)> {
    if let Some(o) = grammar().refs.ordinal_at(f, p) {
        return Some(o);
    }
    let b = f.as_bytes();
    let mut e = p;
    while e < b.len() && b[e].is_ascii_alphanumeric() {
        e += 1;
    }
    let w = &f[p..e];
    if w.bytes().all(|c| c.is_ascii_digit()) {
        return w
            .parse()
            .ok()
            .filter(|n| *n > 0 && *n < 100)
            .map(|n| (n, e));
    }
    roman(w).map(|n| (n, e))
}

/// A plenum at `p`: `Hội nghị lần thứ tư`, `Hội nghị Trung ương 5`; its
/// number and end.
pub fn plenum_at(f: &str, p: usize) -> Option<(u32, usize)> {
    let e = phrase_at("citations.plenum", f, p)?;
    plenum_number_at(f, skip_spaces(f, e))
}

/// `lần thứ tư`, `Trung ương 5`, `TW4`: the plenum's number and end.
pub fn plenum_number_at(f: &str, q: usize) -> Option<(u32, usize)> {
    if let Some(e) = phrase_at("citations.plenum_ordinal", f, q) {
        return ordinal_at(f, skip_spaces(f, e));
    }
    // `Trung ương 4`, `TW 4`, `TW4`
    let b = f.as_bytes();
    if let Some(e) = phrase_at("citations.plenum_central", f, q) {
        let s = skip_spaces(f, e);
        return digits_at(f, s, 2).filter(|(n, _)| *n > 0);
    }
    let tw = "tw";
    if f.get(q..q + 2) == Some(tw) && b.get(q + 2).is_some_and(u8::is_ascii_digit) {
        return digits_at(f, q + 2, 2).filter(|(n, _)| *n > 0);
    }
    None
}

/// An issuer read after a number or date.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuerRead {
    /// Index in `grammar().refs.issuers()`, when the issuer is a known body.
    pub issuer: Option<usize>,
    /// Display (`Ban Thường vụ Tỉnh ủy Kiên Giang`, `Ủy ban nhân dân tỉnh`).
    pub display: String,
    /// The plenum a `Hội nghị lần thứ …` names.
    pub plenum: Option<u32>,
    /// Folded end.
    pub end: usize,
    /// Written with `của`.
    pub of: bool,
}

impl IssuerRead {
    pub fn central(&self) -> bool {
        self.issuer
            .and_then(|i| grammar().refs.issuer(i))
            .is_some_and(|i| i.central)
    }
}

/// The issuer at folded `p` (after separators and an optional `của`), as
/// `ISSUER` phrases of `grammar/refs.toml` and a place name after them. A
/// body that may not follow a number bare (`Tỉnh ủy` without `của`) is not
/// read unless `của` is written.
pub fn issuer_at(text: &str, folded: &Folded, p: usize) -> Option<IssuerRead> {
    let f = folded.as_str();
    let refs = &grammar().refs;
    let mut q = skip_seps(f, p);
    let mut of = false;
    if let Some(e) = phrase_at("citations.of", f, q) {
        of = true;
        q = skip_spaces(f, e);
    }
    let start = q;
    // A plenum: `Hội nghị lần thứ tư (của) Ban Chấp hành Trung ương Đảng`,
    // `Hội nghị Trung ương 5`.
    if let Some((n, e)) = plenum_at(f, q) {
        let mut r = skip_spaces(f, e);
        if let Some(ce) = phrase_at("citations.of", f, r) {
            r = skip_spaces(f, ce);
        }
        let (issuer, end) = match refs.issuer_at(f, r) {
            Some(h) if refs.issuer(h.issuer).is_some_and(|i| i.plenum) => (Some(h), h.end),
            _ => (None, e),
        };
        let central_committee = refs.issuers().iter().position(|i| i.plenum);
        let display = match issuer {
            Some(h) => display_of(text, folded, r, h.end, h.issuer, h.phrase, None),
            None => central_committee
                .and_then(|i| refs.issuer(i))
                .map(|i| i.display().to_string())
                .unwrap_or_default(),
        };
        return Some(IssuerRead {
            issuer: issuer.map(|h| h.issuer).or(central_committee),
            display,
            plenum: Some(n),
            end,
            of,
        });
    }
    let h = refs.issuer_at(f, q)?;
    let entry = refs.issuer(h.issuer)?;
    if !of && !entry.bare {
        return None;
    }
    let mut end = h.end;
    let mut place = None;
    if entry.place {
        if let Some((pe, pl)) = place_at(text, folded, end) {
            end = pe;
            place = Some(pl);
        }
    }
    let display = display_of(
        text,
        folded,
        start,
        end,
        h.issuer,
        h.phrase,
        place.as_deref(),
    );
    Some(IssuerRead {
        issuer: Some(h.issuer),
        display,
        plenum: None,
        end,
        of,
    })
}

/// A place name after an issuer at folded `p` (a space first): a province
/// (canonical name) or, in mixed-case text, up to three capitalised words
/// that do not open the next phrase.
fn place_at(text: &str, folded: &Folded, p: usize) -> Option<(usize, String)> {
    let f = folded.as_str();
    let b = f.as_bytes();
    if p >= b.len() || b[p] != b' ' {
        return None;
    }
    let s = p + 1;
    let provinces = &grammar().provinces;
    if let Some(h) = provinces.spellings().at(f, s) {
        let name = provinces.all().get(*h.value)?.name.clone();
        return Some((h.end, name));
    }
    // Capitalised words, in the original.
    let mut end = None;
    let mut words: Vec<String> = Vec::new();
    let mut q = s;
    while words.len() < 3 && q < b.len() {
        let mut e = q;
        while e < b.len() && is_word_byte(b[e]) {
            e += 1;
        }
        if e == q {
            break;
        }
        let [a, z] = folded.orig_span(q, e);
        let w = text.get(a..z).unwrap_or("");
        let mut cs = w.chars();
        let cap = cs.next().is_some_and(char::is_uppercase);
        let lower_rest = cs.clone().all(|c| !c.is_uppercase());
        if !cap || !lower_rest || grammar().refs.is_place_stop(w) {
            break;
        }
        words.push(tone_canonical(w));
        end = Some(e);
        if e >= b.len() || b[e] != b' ' {
            break;
        }
        q = e + 1;
    }
    end.map(|e| (e, words.join(" ")))
}

/// The display of an issuer read at folded `[a, b)`: the original words when
/// the text is in mixed case, else the table's spelling (and the canonical
/// place); abbreviations expanded, tone style canonical.
fn display_of(
    text: &str,
    folded: &Folded,
    a: usize,
    b: usize,
    issuer: usize,
    phrase: usize,
    place: Option<&str>,
) -> String {
    let [oa, ob] = folded.orig_span(a, b);
    let orig = clean(text.get(oa..ob).unwrap_or(""));
    let refs = &grammar().refs;
    let mixed = orig.chars().any(char::is_lowercase);
    let s = if mixed {
        orig
    } else {
        let head = refs
            .issuer(issuer)
            .and_then(|i| i.phrases.get(phrase))
            .cloned()
            .unwrap_or_default();
        match place {
            Some(p) => format!("{head} {p}"),
            None => head,
        }
    };
    let words: Vec<String> = s
        .split(' ')
        .map(|w| {
            refs.expansions()
                .iter()
                .find(|(k, _)| k == w)
                .map_or_else(|| w.to_string(), |(_, v)| v.clone())
        })
        .collect();
    tone_canonical(&words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_table() {
        const CASES: &[(&str, &str)] = &[
            ("", ""),
            ("  ", ""),
            ("**Kế  hoạch**", "Kế hoạch"),
            ("_số_\n 21-KL/TW ", "số 21-KL/TW"),
            ("a\u{a0}b\tc", "a b c"),
            ("* a *", "a"),
        ];
        for (input, want) in CASES {
            assert_eq!(clean(input), *want, "clean({input:?})");
        }
    }

    #[test]
    fn dates() {
        const CASES: &[(&str, Option<&str>)] = &[
            (", ngày 25/10/2021 của", Some("2021-10-25")),
            (" ngày22 tháng 7 năm 2010", Some("2010-07-22")),
            (" ngày 16-6-2020", Some("2020-06-16")),
            (", ngày 30-5-2019.", Some("2019-05-30")),
            (" ngày 02 tháng 8 năm 2012", Some("2012-08-02")),
            (" NGÀY 30 THÁNG 5 NĂM 2024", Some("2024-05-30")),
            (" ban hành ngày 10.10.2018", Some("2018-10-10")),
            (" ngày 12/3", None),
            (" về việc", None),
        ];
        for (s, want) in CASES {
            let f = Folded::new(s);
            let got = date_at(f.as_str(), 0)
                .and_then(|(d, _)| d)
                .map(|d| d.to_string());
            assert_eq!(got.as_deref(), *want, "{s:?}");
        }
    }

    #[test]
    fn terms_and_plena() {
        for (s, want) in [
            (" khóa XIII", Some("XIII")),
            (" (khoá XI)", Some("XI")),
            (", khóa XII về", Some("XII")),
            (" khóa 11", Some("11")),
            (" khoa học", None),
        ] {
            let f = Folded::new(s);
            assert_eq!(
                term_at(f.as_str(), 0).map(|t| t.0).as_deref(),
                want,
                "{s:?}"
            );
        }
        for (s, want) in [
            ("Hội nghị lần thứ tư", Some(4)),
            ("Hội nghị lần thứ 7", Some(7)),
            ("Hội nghị Trung ương 5", Some(5)),
            ("Hội nghị cán bộ", None),
        ] {
            let f = Folded::new(s);
            assert_eq!(plenum_at(f.as_str(), 0).map(|p| p.0), want, "{s:?}");
        }
        assert_eq!(roman("XIII"), Some(13));
        assert_eq!(roman("xiv"), Some(14));
        assert_eq!(roman("ABC"), None);
    }

    #[test]
    fn issuers_are_read_and_trimmed() {
        const CASES: &[(&str, &str)] = &[
            (" của Bộ Chính trị về", "Bộ Chính trị"),
            (
                ", của Ban Thường vụ Tỉnh ủy Kiên Giang về",
                "Ban Thường vụ Tỉnh ủy Kiên Giang",
            ),
            (
                " của Ban Thường vụ Tỉnh ủy Về việc",
                "Ban Thường vụ Tỉnh ủy",
            ),
            (" của Tỉnh ủy thực hiện", "Tỉnh ủy"),
            (
                " của Ban Chấp hành Trung ương Đảng khóa XIII",
                "Ban Chấp hành Trung ương Đảng",
            ),
            (
                " Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XI)",
                "Ban Chấp hành Trung ương Đảng",
            ),
            (" của UBND tỉnh)", "Ủy ban nhân dân tỉnh"),
            (" của Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
            (" CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ", "Thủ tướng Chính phủ"),
            (
                " của Ban Tuyên giáo Trung ương về",
                "Ban Tuyên giáo Trung ương",
            ),
            (
                " của Ban Tổ chức Trung ương, đảm bảo",
                "Ban Tổ chức Trung ương",
            ),
            (
                " của Ban Chấp hành Đảng bộ tỉnh về",
                "Ban Chấp hành Đảng bộ tỉnh",
            ),
            (
                " của Ban Thường vụ Đảng ủy Khối về",
                "Ban Thường vụ Đảng ủy Khối",
            ),
            (" của Bộ Nội vụ về", "Bộ Nội vụ"),
            (" của Chính phủ;", "Chính phủ"),
            (
                " của Hội nghị Trung ương 5 khóa XIII",
                "Ban Chấp hành Trung ương",
            ),
            (
                " của Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII",
                "Ban Chấp hành Trung ương Đảng",
            ),
            (
                " CỦA ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG",
                "Ủy ban nhân dân tỉnh Kiên Giang",
            ),
            (" của Tỉnh ủy Trà Vinh về", "Tỉnh ủy Trà Vinh"),
        ];
        for (input, want) in CASES {
            let f = Folded::new(input);
            let got = issuer_at(input, &f, 0).map(|i| i.display);
            assert_eq!(got.as_deref(), Some(*want), "case {input:?}");
        }
        // Without `của`, only bodies that may follow a number bare.
        let f = Folded::new(" Tỉnh ủy về");
        assert_eq!(issuer_at(" Tỉnh ủy về", &f, 0), None);
    }
}
