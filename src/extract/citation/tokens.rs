//! Tokens of the citation grammar: type words, số/ký hiệu, date phrases,
//! issuer phrases, terms (khóa) and plenum numbers.
//!
//! Every pattern tolerates both tone-mark styles (`hóa`/`hoá`, `ủy`/`uỷ`),
//! markdown emphasis marks and any run of white space (including line breaks
//! and no-break spaces) between words, so it also works on text that has not
//! been through the full normaliser.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::extract::record::DocType;

/// Separator between two words of a phrase: white space and markdown marks.
pub const SEP: &str = r"[\s*_]+";

/// Pairs of spellings that differ only in where the tone mark sits.
const TONE_PAIRS: &[(&str, &str)] = &[
    ("óa", "oá"),
    ("òa", "oà"),
    ("ỏa", "oả"),
    ("õa", "oã"),
    ("ọa", "oạ"),
    ("óe", "oé"),
    ("òe", "oè"),
    ("ỏe", "oẻ"),
    ("õe", "oẽ"),
    ("ọe", "oẹ"),
    ("úy", "uý"),
    ("ùy", "uỳ"),
    ("ủy", "uỷ"),
    ("ũy", "uỹ"),
    ("ụy", "uỵ"),
];

/// Turn a plain phrase (`Ban Thường vụ Tỉnh ủy`) into a regex fragment that
/// accepts either tone style and any separator between the words.
pub fn phrase(p: &str) -> String {
    p.split(' ')
        .filter(|w| !w.is_empty())
        .map(word)
        .collect::<Vec<_>>()
        .join(SEP)
}

fn word(w: &str) -> String {
    // the two tone styles differ only in a final `oa`/`oe`/`uy` (`hóa`/`hoá`)
    for (a, b) in TONE_PAIRS {
        for (x, y) in [(*a, *b), (*b, *a)] {
            if let Some(stem) = w.strip_suffix(x) {
                return format!("{}(?:{x}|{y})", regex::escape(stem));
            }
        }
    }
    regex::escape(w)
}

/// Collapse white space and drop markdown marks: the display form of a phrase.
pub fn clean(s: &str) -> String {
    // One pass: `*`, `_` and white space separate words; words joined by one space.
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

/// Canonical tone style (`hóa`, `ủy`) for comparisons and keys: only a
/// word-final `oa`/`oe`/`uy` moves its mark (`hoạch` stays as it is).
pub fn tone_canonical(s: &str) -> String {
    crate::normalize::place_tones(s)
}

/// Type words, longest first, with the document type they introduce.
pub const TYPE_WORDS: &[(&str, DocType)] = &[
    ("Chương trình hành động", DocType::ChuongTrinh),
    ("Thông báo kết luận", DocType::ThongBao),
    ("Nghị quyết liên tịch", DocType::NghiQuyet),
    ("Thông tư liên tịch", DocType::ThongTu),
    ("Chương trình", DocType::ChuongTrinh),
    ("Nghị quyết", DocType::NghiQuyet),
    ("Kết luận", DocType::KetLuan),
    ("Chỉ thị", DocType::ChiThi),
    ("Quyết định", DocType::QuyetDinh),
    ("Quy định", DocType::QuyDinh),
    ("Kế hoạch", DocType::KeHoach),
    ("Công văn", DocType::CongVan),
    ("Công điện", DocType::Other),
    ("Hướng dẫn", DocType::HuongDan),
    ("Thông báo", DocType::ThongBao),
    ("Đề án", DocType::DeAn),
    ("Nghị định", DocType::NghiDinh),
    ("Thông tư", DocType::ThongTu),
    ("Thông tri", DocType::ThongTri),
    ("Pháp lệnh", DocType::Other),
    ("Luật", DocType::Luat),
    ("Báo cáo", DocType::BaoCao),
    ("Tờ trình", DocType::ToTrinh),
    ("Quy chế", DocType::Other),
    ("Văn bản", DocType::Other),
];

/// Regex alternation of all type words (case-insensitive use).
pub fn type_alternation() -> String {
    TYPE_WORDS
        .iter()
        .map(|(w, _)| phrase(w))
        .collect::<Vec<_>>()
        .join("|")
}

/// The document type a written type word names (`Quy định` vs `Quyết định`).
pub fn doc_type_of(type_word: &str) -> DocType {
    let w = tone_canonical(&clean(type_word)).to_lowercase();
    TYPE_WORDS
        .iter()
        .find(|(t, _)| t.to_lowercase() == w)
        .map(|(_, d)| *d)
        .unwrap_or(DocType::Other)
}

/// The document type a symbol implies when no type word is written
/// (`21-KL/TW` → Kết luận). `QĐ` is ambiguous (Quyết định / Quy định):
/// state symbols (`/QĐ-UBND`, `/QĐ-TTg`) are decisions, party ones regulations.
pub fn doc_type_of_symbol(reference: &str) -> DocType {
    let upper = reference.to_uppercase();
    let parts: Vec<&str> = upper
        .split(['-', '/'])
        .filter(|p| !p.is_empty() && !p.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let Some(first) = parts.first() else {
        return DocType::Other;
    };
    let state = upper.contains("/QĐ-") || upper.contains("/NĐ-") || upper.contains("/TT-");
    match *first {
        "NQ" | "NQLT" => DocType::NghiQuyet,
        "KL" => DocType::KetLuan,
        "CT" => DocType::ChiThi,
        "QĐ" | "QĐI" | "QD" if state => DocType::QuyetDinh,
        "QĐ" | "QĐI" | "QD" => DocType::QuyDinh,
        "KH" => DocType::KeHoach,
        "CTR" | "CTRHĐ" => DocType::ChuongTrinh,
        "CV" => DocType::CongVan,
        "HD" => DocType::HuongDan,
        "TB" => DocType::ThongBao,
        "ĐA" => DocType::DeAn,
        "NĐ" => DocType::NghiDinh,
        "TT" | "TTLT" => DocType::ThongTu,
        "TTR" => DocType::ToTrinh,
        "BC" => DocType::BaoCao,
        _ => DocType::Other,
    }
}

/// A số/ký hiệu: number, optional year, then letter groups joined by `-` or `/`
/// (`21-KL/TW`, `130/2020/NĐ-CP`, `1847/QĐ-TTg`, `55-HD/BTGTW`).
pub const REF: &str = r"\d{1,5}(?:/\d{4})?(?:[-/]\p{L}[\p{L}\d]*){1,3}";

/// A strict số/ký hiệu usable without a type word: two letter groups at least.
/// The pattern has no leading `\b` (a Unicode `\b` keeps the regex crate off its
/// fast DFA on Vietnamese text): iterate it with [`word_start_captures`], which
/// applies that boundary.
pub static BARE_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{1,5}(?:/\d{4})?[-/]\p{Lu}[\p{L}]*(?:[-/]\p{Lu}[\p{L}\d]*){1,2}")
        .expect("static regex")
});

/// True for a word character as the regex crate's Unicode `\w` (and so `\b`)
/// defines it.
pub fn is_word_char(c: char) -> bool {
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w$").expect("static regex"));
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    let mut buf = [0u8; 4];
    WORD.is_match(c.encode_utf8(&mut buf))
}

/// True when the character just before byte `at` of `text` is a word character
/// (false at the start of the text).
pub fn word_char_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|s| s.chars().next_back())
        .is_some_and(is_word_char)
}

/// True when the character at byte `at` of `text` is a word character (false at
/// the end of the text).
pub fn word_char_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(is_word_char)
}

/// True at a Unicode word boundary (`\b` of the regex crate) at byte `at`.
pub fn is_word_boundary(text: &str, at: usize) -> bool {
    word_char_before(text, at) != word_char_at(text, at)
}

/// The matches `captures_iter` would give for the pattern `\b(?:re)`, further
/// restricted by `accept` (a zero-width condition on the match, such as a
/// trailing `\b`): leftmost-first, non-overlapping, in text order. `re` itself
/// carries no Unicode `\b`, so the regex crate can find candidates with its
/// DFA; the boundary is checked here, and a rejected candidate resumes the
/// search one character after its start. Exact when `re` has one match length
/// at a given start, or when `accept` holds for every path the start allows.
pub fn word_start_captures<'h>(
    re: &Regex,
    text: &'h str,
    accept: impl Fn(&regex::Captures<'h>) -> bool,
) -> Vec<regex::Captures<'h>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= text.len() {
        let Some(c) = re.captures_at(text, pos) else {
            break;
        };
        let Some(m) = c.get(0) else { break };
        if is_word_boundary(text, m.start()) && accept(&c) {
            // the patterns used here never match empty; guard anyway
            pos = if m.end() > m.start() {
                m.end()
            } else {
                next_char(text, m.end())
            };
            out.push(c);
        } else {
            pos = next_char(text, m.start());
        }
    }
    out
}

/// Byte offset of the character after the one at `at` (past the end when `at`
/// is the end).
fn next_char(text: &str, at: usize) -> usize {
    at + text
        .get(at..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8)
}

/// `khóa XIII`, `(khóa XI)`, `, khóa XII`.
pub static TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s*,]*\(?[\s*]*{}{SEP}(?P<t>[IVXLC]+)\b[\s*]*\)?",
        phrase("khóa")
    ))
    .expect("static regex")
});

/// A date phrase right after a reference: `, ngày 25/10/2021`,
/// `ngày 25 tháng 10 năm 2021`, `ban hành ngày …`.
pub static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s*,]*(?:ban{SEP}hành{SEP})?ngày{SEP}(?:(?P<d>\d{{1,2}})[/.\-](?P<m>\d{{1,2}})[/.\-](?P<y>\d{{4}})|(?P<d2>\d{{1,2}}){SEP}tháng{SEP}(?P<m2>\d{{1,2}}){SEP}năm{SEP}(?P<y2>\d{{4}}))"
    ))
    .expect("static regex")
});

/// Parse the captures of [`DATE`] into a date.
pub fn date_of(c: &regex::Captures<'_>) -> Option<NaiveDate> {
    let (d, m, y) = match (c.name("d"), c.name("m"), c.name("y")) {
        (Some(d), Some(m), Some(y)) => (d, m, y),
        _ => (c.name("d2")?, c.name("m2")?, c.name("y2")?),
    };
    NaiveDate::from_ymd_opt(
        y.as_str().parse().ok()?,
        m.as_str().parse().ok()?,
        d.as_str().parse().ok()?,
    )
}

/// Ministries and departments named after `Bộ` / `Sở`.
const BRANCHES: &[&str] = &[
    "Nội vụ",
    "Tài chính",
    "Công an",
    "Quốc phòng",
    "Tư pháp",
    "Y tế",
    "Ngoại giao",
    "Xây dựng",
    "Công Thương",
    "Giáo dục và Đào tạo",
    "Kế hoạch và Đầu tư",
    "Lao động - Thương binh và Xã hội",
    "Lao động, Thương binh và Xã hội",
    "Thông tin và Truyền thông",
    "Văn hóa, Thể thao và Du lịch",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Tài nguyên và Môi trường",
    "Giao thông vận tải",
    "Khoa học và Công nghệ",
    "Dân tộc và Tôn giáo",
];

/// Party boards that exist at every level (`Ban Tổ chức Trung ương`, `… Tỉnh ủy`).
const BOARDS: &[&str] = &[
    "Ban Tổ chức",
    "Ban Tuyên giáo và Dân vận",
    "Ban Tuyên giáo",
    "Ban Dân vận",
    "Ban Nội chính",
    "Ban Kinh tế",
    "Ban Đối ngoại",
    "Ban Chính sách, chiến lược",
    "Ủy ban Kiểm tra",
    "Văn phòng",
];

/// Party committees that can issue documents (`Tỉnh ủy`, `Đảng ủy Khối …`).
const COMMITTEES: &[&str] = &[
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh",
    "Đảng ủy Khối các cơ quan tỉnh",
    "Đảng ủy Khối doanh nghiệp tỉnh",
    "Đảng ủy Khối",
    "Đảng ủy",
];

fn alt(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| phrase(s))
        .collect::<Vec<_>>()
        .join("|")
}

/// Issuer phrases: the bodies that issue documents. Matched case-sensitively
/// at the start of the text after a reference (optionally after `của`).
pub static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    let committees = alt(COMMITTEES);
    let boards = alt(BOARDS);
    let branches = alt(BRANCHES);
    let place = format!(r"(?:{SEP}\p{{Lu}}\p{{Ll}}*){{0,3}}");
    let level = format!(
        "(?:{}|{committees}|{}|{}|{}|{})",
        phrase("Trung ương"),
        phrase("Chính phủ"),
        phrase("tỉnh"),
        phrase("huyện"),
        phrase("thành phố")
    );
    let heads = [
        // Hội nghị lần thứ tư (của) Ban Chấp hành Trung ương (Đảng)
        format!(
            "(?:{}{SEP}(?:{}{SEP}\\S+|{}{SEP}\\d+){SEP}(?:{}{SEP})?)?{}(?:{SEP}{})?",
            phrase("Hội nghị"),
            phrase("lần thứ"),
            phrase("Trung ương"),
            phrase("của"),
            phrase("Ban Chấp hành Trung ương"),
            phrase("Đảng")
        ),
        // Hội nghị Trung ương 5 (khóa XIII): the Central Committee in plenum
        format!(
            "{}{SEP}(?:{}{SEP}\\S+|{}{SEP}\\d+)",
            phrase("Hội nghị"),
            phrase("lần thứ"),
            phrase("Trung ương")
        ),
        format!(
            "{}(?:{SEP}(?:{}|{}|{}|{}))?",
            phrase("Ban Chấp hành Đảng bộ"),
            phrase("tỉnh"),
            phrase("Khối"),
            phrase("huyện"),
            phrase("thành phố")
        ),
        phrase("Bộ Chính trị"),
        phrase("Ban Bí thư"),
        phrase("Tổng Bí thư"),
        phrase("Thủ tướng Chính phủ"),
        phrase("Ủy ban Thường vụ Quốc hội"),
        phrase("Quốc hội"),
        phrase("Chủ tịch nước"),
        format!("{}{SEP}(?:{committees}){place}", phrase("Ban Thường vụ")),
        format!("(?:{boards}){SEP}{level}{place}"),
        format!(
            "(?:{}|{}){SEP}(?:{}|{}|{}|{}|{}){place}",
            phrase("Chủ tịch Ủy ban nhân dân"),
            phrase("Chủ tịch UBND"),
            phrase("tỉnh"),
            phrase("huyện"),
            phrase("thị xã"),
            phrase("thành phố"),
            phrase("xã")
        ),
        format!(
            "(?:{}|{}|{}|{}){SEP}(?:{}|{}|{}|{}|{}){place}",
            phrase("Ủy ban nhân dân"),
            phrase("UBND"),
            phrase("Hội đồng nhân dân"),
            phrase("HĐND"),
            phrase("tỉnh"),
            phrase("huyện"),
            phrase("thị xã"),
            phrase("thành phố"),
            phrase("xã")
        ),
        format!("(?:{}|{}){SEP}(?:{branches})", phrase("Bộ"), phrase("Sở")),
        format!("(?:{committees}){place}"),
        phrase("Chính phủ"),
        format!(
            "{}(?:{SEP}{})?",
            phrase("Mặt trận Tổ quốc"),
            phrase("Việt Nam")
        ),
        phrase("Trung ương"),
    ];
    Regex::new(&format!(
        r"^[\s*,]*(?P<cua>{}{SEP})?(?P<iss>{})\b",
        phrase("của"),
        heads.join("|")
    ))
    .expect("static regex")
});

/// Words that end a place name tail of an issuer (`Tỉnh ủy Trà Vinh` but not
/// `Tỉnh ủy Về …`).
const PLACE_STOP: &[&str] = &[
    "Về", "Thực", "Kế", "Nghị", "Chỉ", "Quyết", "Quy", "Kết", "Hướng", "Công", "Chương", "Ban",
    "Đảng", "Khóa", "Khoá", "Hội", "Luật", "Thông", "Đề", "Tiếp", "Triển", "Trung",
];

/// Trim a matched issuer: drop a place tail that is really the next phrase
/// (`Tỉnh ủy Về …`), keep only `Ban Chấp hành Trung ương …` out of
/// `Hội nghị lần thứ tư Ban Chấp hành Trung ương …`, spell out `UBND`/`HĐND`.
pub fn issuer_display(raw: &str) -> String {
    const ENDS: &[&str] = &["ủy", "uỷ", "tỉnh", "huyện", "phố", "xã"];
    let cleaned = clean(raw);
    let mut out: Vec<&str> = Vec::new();
    let mut seen_end = false;
    for w in cleaned.split(' ') {
        let w = w.trim_end_matches(',');
        if seen_end && PLACE_STOP.contains(&w) {
            break;
        }
        out.push(w);
        if ENDS.contains(&w.to_lowercase().as_str()) {
            seen_end = true;
        }
    }
    let mut s = out.join(" ");
    if let Some(i) = s.find("Ban Chấp hành Trung ương") {
        s = s[i..].to_string();
    } else if s.starts_with("Hội nghị") {
        s = "Ban Chấp hành Trung ương".to_string();
    }
    s = s
        .replace("UBND", "Ủy ban nhân dân")
        .replace("HĐND", "Hội đồng nhân dân");
    tone_canonical(&s)
}

/// Roman numeral value (`XIII` → 13); `None` for anything else.
pub fn roman(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in s.chars().rev() {
        let v = match c {
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

/// Ordinal words (`lần thứ tư` → 4) and digits.
pub fn ordinal(s: &str) -> Option<u32> {
    let w = tone_canonical(&s.to_lowercase());
    if let Ok(n) = w.parse() {
        return Some(n);
    }
    if let Some(n) = roman(&w.to_uppercase()) {
        return Some(n);
    }
    let n = match w.as_str() {
        "nhất" => 1,
        "hai" => 2,
        "ba" => 3,
        "tư" | "bốn" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        _ => return None,
    };
    Some(n)
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
    fn word_start_captures_apply_unicode_boundaries() {
        // (text, starts of `\b\d+` matches)
        const CASES: &[(&str, &[usize])] = &[
            ("12 ab 34", &[0, 6]),
            ("a12 b34 56", &[8]),
            ("đ12 (34)", &[6]),
            ("", &[]),
        ];
        let re = Regex::new(r"\d+").expect("static regex");
        let bounded = Regex::new(r"\b\d+").expect("static regex");
        for (text, want) in CASES {
            let got: Vec<usize> = word_start_captures(&re, text, |_| true)
                .iter()
                .filter_map(|c| c.get(0).map(|m| m.start()))
                .collect();
            let reference: Vec<usize> = bounded.find_iter(text).map(|m| m.start()).collect();
            assert_eq!(&got, want, "{text:?}");
            assert_eq!(got, reference, "{text:?} against the regex crate's \\b");
        }
    }

    #[test]
    fn phrases_accept_both_tone_styles() {
        let re = Regex::new(&phrase("Ban Thường vụ Tỉnh ủy")).unwrap();
        for s in [
            "Ban Thường vụ Tỉnh ủy",
            "Ban Thường vụ Tỉnh uỷ",
            "Ban  Thường\nvụ **Tỉnh ủy",
        ] {
            assert!(re.is_match(s), "{s}");
        }
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
        ];
        for (input, want) in CASES {
            let c = ISSUER
                .captures(input)
                .unwrap_or_else(|| panic!("no issuer in {input:?}"));
            assert_eq!(issuer_display(&c["iss"]), *want, "case {input:?}");
        }
    }

    #[test]
    fn tone_style_moves_only_word_final_marks() {
        const CASES: &[(&str, &str)] = &[
            ("Tỉnh uỷ", "Tỉnh ủy"),
            ("chuyển hoá,", "chuyển hóa,"),
            ("Kế hoạch", "Kế hoạch"),
            ("khoá XIII", "khóa XIII"),
            ("TỈNH UỶ", "TỈNH ỦY"),
            ("hoàn thành", "hoàn thành"),
        ];
        for (input, want) in CASES {
            assert_eq!(tone_canonical(input), *want, "case {input:?}");
        }
    }

    #[test]
    fn numerals() {
        assert_eq!(roman("XIII"), Some(13));
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(ordinal("tư"), Some(4));
        assert_eq!(ordinal("4"), Some(4));
        assert_eq!(roman("ABC"), None);
    }
}
