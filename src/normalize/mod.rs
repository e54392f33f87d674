//! Text normalisation: the one canonical form every later stage reads.
//!
//! [`normalize`] turns a decoded document into the text that indexing,
//! section parsing and extraction all work on (record byte spans point into
//! it). One normaliser per file, each with its own tests:
//!
//! - NFC (`unicode-normalization`), so decomposed marks compare equal;
//! - [`damage`]: `ƣ` for `ư`, literal `\r\n` left by scrapers;
//! - [`whitespace`]: no-break and zero-width characters, runs of spaces;
//! - [`markdown`]: `**bold**`, `*italic*`, `## heading` marks removed;
//! - [`tone`]: one tone-mark placement ("hóa", "ủy", "khỏe");
//! - [`mod@fold`]: diacritic folding for the accent-insensitive index.

pub mod damage;
pub mod fold;
pub mod markdown;
pub mod tone;
pub mod whitespace;

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use fold::{fold_char, is_combining_mark};
pub use tone::place_tones;

/// True when `text` is surely NFC because every character is ASCII or comes
/// from a block whose characters are all NFC-stable: U+0080–U+027F (Latin-1,
/// Latin Extended-A/B), U+1E80–U+1EFF (the precomposed Vietnamese letters)
/// and U+2002–U+203F (typographic spaces, dashes, quotes). A byte scan, much
/// faster than the general quick check.
fn surely_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += match b {
            0x00..=0x7F => 1,
            0xC2..=0xC9 => 2,
            0xE1 if matches!(bytes.get(i + 1), Some(0xBA | 0xBB)) => 3,
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) >= Some(&0x82) => 3,
            _ => return false,
        };
    }
    true
}

/// NFC of `text`, borrowed when it already is NFC (the common case).
///
/// Text that is not NFC is composed word by word (split at ASCII spaces,
/// which never compose with what follows them), and only the words that
/// need it go through the NFC algorithm.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if surely_nfc(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if surely_nfc(word) {
            out.push_str(word);
        } else {
            out.extend(word.nfc());
        }
    }
    Cow::Owned(out)
}

/// The first line break in `b` and its length in bytes: `\n`, `\r`, U+0085
/// (C2 85), U+2028 and U+2029 (E2 80 A8/A9).
fn line_break(b: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' | b'\r' => return Some((i, 1)),
            0xC2 if b.get(i + 1) == Some(&0x85) => return Some((i, 2)),
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => {
                return Some((i, 3))
            }
            _ => i += 1,
        }
    }
    None
}

/// Lines of `text`, split at `\n`, `\r\n`, a lone `\r`, and the Unicode
/// line and paragraph separators (U+0085, U+2028, U+2029).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match line_break(s.as_bytes()) {
            Some((i, len)) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { len };
                rest = Some(&s[i + skip..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

/// Normalise a decoded document for indexing and extraction.
///
/// - NFC;
/// - one tone-mark placement: old-style open syllables are rewritten
///   ("hoá"→"hóa", "Uỷ"→"Ủy", "khoẻ"→"khỏe"), case kept;
/// - no-break spaces become spaces, zero-width characters and BOMs go, runs
///   of horizontal white space fold to one space, lines are trimmed;
/// - markdown emphasis and heading marks are removed (list markers at the
///   start of a line and separator lines such as `-----` stay);
/// - line breaks are kept (`\r\n`, `\r`, U+0085, U+2028, U+2029 become
///   `\n`); runs of blank lines fold to one blank line;
/// - `ƣ` printed for `ư` and literal `\r\n` escapes are mended ([`damage`]).
///
/// Invariants (tested): the result is NFC, and normalising it again changes
/// nothing.
pub fn normalize(text: &str) -> String {
    let text = damage::unescape(text);
    let text = text.as_ref();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut scratch = String::with_capacity(512);
    let mut first = true;
    let mut prev_blank = false;
    for raw in lines(text) {
        let mark = out.len();
        if !first {
            out.push('\n');
        }
        let start = out.len();
        normalize_line(raw, &mut out, &mut scratch);
        let blank = out.len() == start;
        if blank && prev_blank {
            out.truncate(mark);
            continue;
        }
        prev_blank = blank;
        first = false;
    }
    out
}

/// Append the normal form of one line to `out` (`scratch` is working space).
///
/// One pass can expose work for another (removing `**` leaves a `#` at the
/// start of the line; removing a mark lets a tone move), so passes repeat
/// until the line is stable: that is what makes `normalize` idempotent. Real
/// lines are stable after one pass; the loop is bounded.
fn normalize_line(raw: &str, out: &mut String, scratch: &mut String) {
    let start = out.len();
    whitespace::fold_spaces_into(&nfc(raw), out);
    for pass in 0..4 {
        let before = out.len();
        let mut changed = false;
        if markdown::may_have_marks(&out[start..]) {
            scratch.clear();
            markdown::strip_line_into(&out[start..], scratch);
            changed |= replace_tail(out, start, scratch);
        }
        if damage::may_need_letters(&out[start..]) {
            scratch.clear();
            damage::mend_letters_into(&out[start..], scratch);
            changed |= replace_tail(out, start, scratch);
        }
        if tone::may_need_tone_fix(&out[start..]) {
            scratch.clear();
            tone::place_tones_into(&out[start..], scratch);
            changed |= replace_tail(out, start, scratch);
        }
        // Removing marks and moving tones can leave a combining mark beside
        // the letter it belongs to: compose again, so the result is NFC.
        if let Cow::Owned(composed) = nfc(&out[start..]) {
            changed |= replace_tail(out, start, &composed);
        }
        if pass > 0 || changed {
            // White space may have met white space where a mark was removed.
            scratch.clear();
            whitespace::fold_spaces_into(&out[start..], scratch);
            changed |= replace_tail(out, start, scratch);
        }
        if !changed && out.len() == before {
            break;
        }
    }
}

/// Replace `out[start..]` with `new`; true when that changed it.
fn replace_tail(out: &mut String, start: usize, new: &str) -> bool {
    if &out[start..] == new {
        return false;
    }
    out.truncate(start);
    out.push_str(new);
    true
}

/// Remove Vietnamese diacritics (tone and vowel marks, `đ`→`d`, `Đ`→`D`),
/// keeping case and every other character. Works on NFC and NFD text.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    fold::fold_into(text, &mut out);
    out
}

/// True when `text` carries any Vietnamese diacritic (including `đ`).
pub fn has_diacritics(text: &str) -> bool {
    fold::has_diacritics(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator of hostile strings: Vietnamese letters
    /// in both tone styles, combining marks, markdown, odd spaces and breaks.
    fn hostile(seed: u64, n: usize) -> Vec<String> {
        let alphabet: Vec<&str> = vec![
            "a", "ơ", "Ư", "o", "ạ", "\u{301}", "\u{300}", "\u{323}", "\u{309}", "*", "**", "_",
            "#", " ", "\u{A0}", "\u{202F}", "\u{200B}", "\n", "\r\n", "\u{2028}", "\u{85}",
            "\u{2029}", "ƣ", "\\n", "hoá", "Uỷ", "khoẻ", "ủy", "-", "–", "Đ", "đ", "21-KL/TW",
            "\t", "|", "\u{FEFF}", "y", "e",
        ];
        let mut state = seed;
        let mut out = Vec::new();
        for _ in 0..n {
            let mut s = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push_str(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            out.push(s);
        }
        out
    }

    #[test]
    fn idempotent_and_nfc_on_hostile_input() {
        for s in hostile(0x9e37_79b9_7f4a_7c15, 5000).iter().chain(
            ["Ư**\u{301}", "oạ\u{301}", "a\u{2028}b", "x\\r\\ny"]
                .map(String::from)
                .iter(),
        ) {
            let once = normalize(s);
            let twice = normalize(&once);
            assert_eq!(once, twice, "not idempotent on {s:?}");
            let composed: String = once.nfc().collect();
            assert_eq!(once, composed, "not NFC on {s:?}");
            assert!(
                !once.contains(['\r', '\u{2028}', '\u{2029}', '\u{85}']),
                "{s:?}"
            );
        }
    }

    fn corpus(name: &str) -> String {
        let path = format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    const C000: &str = "000_1ea4fda105d58d5d.txt";
    const C001: &str = "001_f48e0f285acd8aa3.txt";
    const C002: &str = "002_2b1aea7b6ed069a4.txt";
    const C003: &str = "003_e07fff3062a41059.txt";

    /// (text, surely NFC by the byte scan)
    const NFC_CASES: &[(&str, bool)] = &[
        ("ascii", true),
        ("Ban Tuyên giáo Tỉnh ủy “tự chuyển hóa” – ơ ư Đ", true),
        ("Tuye\u{302}n", false),
        ("en\u{2000}quad", false),
        ("東京", false),
        ("a \u{301}b  Tuye\u{302}\u{301}n gia\u{301}o", false),
    ];

    #[test]
    fn nfc_fast_path() {
        for (text, surely) in NFC_CASES {
            assert_eq!(surely_nfc(text), *surely, "case {text:?}");
            let want: String = text.nfc().collect();
            assert_eq!(nfc(text), want, "case {text:?}");
        }
    }

    fn count_marks(text: &str) -> usize {
        text.chars().filter(|&c| is_combining_mark(c)).count()
    }

    /// Letter runs (syllables) in the old and the new tone style.
    fn count_styles(text: &str) -> (usize, usize) {
        let (mut old, mut new) = (0, 0);
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if place_tones(word) != word {
                old += 1;
            } else {
                // New style: the old form of this word would be rewritten to it.
                let chars: Vec<char> = word.chars().collect();
                if chars.len() >= 2 {
                    let (f, s) = (chars[chars.len() - 2], chars[chars.len() - 1]);
                    let f_base = fold_char(f).to_ascii_lowercase();
                    let s_low = s.to_lowercase().next().unwrap_or(s);
                    let open_pair = (f_base == 'o' && matches!(s_low, 'a' | 'e'))
                        || (f_base == 'u' && s_low == 'y');
                    let before = chars.len().checked_sub(3).map(|i| chars[i]);
                    let qu = f_base == 'u' && matches!(before, Some('q' | 'Q'));
                    if open_pair && f != fold_char(f) && !qu {
                        new += 1;
                    }
                }
            }
        }
        (old, new)
    }

    #[test]
    fn corpus_003_nfc() {
        let raw = corpus(C003);
        assert_eq!(count_marks(&raw), 1339);
        assert_eq!(raw.matches("Ban Tuyên giáo").count(), 7);
        let norm = normalize(&raw);
        assert_eq!(count_marks(&norm), 0);
        assert_eq!(norm.matches("Ban Tuyên giáo").count(), 11);
    }

    #[test]
    fn corpus_002_tone_styles() {
        let raw = corpus(C002);
        // The figure, 11 old-style forms, counts every `oa`/`oe`/`uy`
        // ending with the tone on the second vowel; one of them is "Quý",
        // where `u` belongs to `qu` and the tone is right in both styles.
        assert_eq!(count_styles(&raw), (10, 94));
        assert_eq!(raw.matches("Quý").count(), 1);
        let norm = normalize(&raw);
        assert_eq!(count_styles(&norm), (0, 104));
        assert_eq!(norm.matches("Quý").count(), 1);
        assert!(!norm.contains("hoá"));
    }

    #[test]
    fn corpus_000_no_break_spaces() {
        let raw = corpus(C000);
        assert_eq!(raw.matches('\u{A0}').count(), 33);
        let norm = normalize(&raw);
        assert_eq!(norm.matches('\u{A0}').count(), 0);
        assert!(!norm.contains("  "));
        assert_eq!(count_marks(&norm), 0);
    }

    #[test]
    fn corpus_markdown_removed() {
        for name in [C001, C002] {
            let norm = normalize(&corpus(name));
            assert!(!norm.contains("**"), "{name} keeps **");
            assert!(!norm.lines().any(|l| l.starts_with('#')), "{name} keeps #");
        }
        let n001 = normalize(&corpus(C001));
        assert!(n001.contains("(tháng 01/2022)"));
        assert!(!n001.contains("(*"));
        let n002 = normalize(&corpus(C002));
        assert!(n002.lines().any(|l| l == "KẾ HOẠCH"));
        assert!(n002
            .lines()
            .any(|l| l.starts_with("3.1. Về tổ chức bộ máy")));
    }

    #[test]
    fn corpus_line_structure_kept() {
        let raw = corpus(C000);
        let norm = normalize(&raw);
        // The separator line and the ornament star stay lines of their own.
        assert!(norm.lines().any(|l| l == "___________"));
        assert!(norm.lines().any(|l| l == "*"));
        assert!(norm.lines().any(|l| l == "KẾ HOẠCH"));
        assert!(!norm.contains("\n\n\n"));
        for line in norm.lines() {
            assert_eq!(line, line.trim(), "untrimmed line {line:?}");
        }
    }

    #[test]
    fn idempotent_on_corpus() {
        for name in [C000, C001, C002, C003, "004_720b4a823c11e609.txt"] {
            let once = normalize(&corpus(name));
            assert_eq!(normalize(&once), once, "{name}");
        }
    }

    /// (input, normalised)
    const CASES: &[(&str, &str)] = &[
        ("chuyển hoá", "chuyển hóa"),
        ("chuyển hóa", "chuyển hóa"),
        // NFD input, old style: NFC first, then the tone moves.
        ("chuye\u{302}\u{309}n hoa\u{301}", "chuyển hóa"),
        ("U\u{309}y ban", "Ủy ban"),
        ("Uy\u{309} ban", "Ủy ban"),
        ("TỈNH UỶ", "TỈNH ỦY"),
        ("sức khoẻ", "sức khỏe"),
        ("thuỷ lợi", "thủy lợi"),
        (
            "hoàn thành khoảng quý quá thuở khuya thuyền",
            "hoàn thành khoảng quý quá thuở khuya thuyền",
        ),
        ("Kiên\u{A0}Giang,\u{A0} ngày", "Kiên Giang, ngày"),
        ("a \t b   \r\nc", "a b\nc"),
        ("a\rb", "a\nb"),
        ("a\n\n\n\nb", "a\n\nb"),
        ("**KẾ HOẠCH**\nthực hiện", "KẾ HOẠCH\nthực hiện"),
        ("## **2. Đổi mới**", "2. Đổi mới"),
        ("(*tháng 3/2022*)", "(tháng 3/2022)"),
        ("* mục một\n- mục hai", "* mục một\n- mục hai"),
        ("trên\n-----\ndưới", "trên\n-----\ndưới"),
        ("\u{FEFF}Số 60-KH/TU", "Số 60-KH/TU"),
        ("zero\u{200B}width", "zerowidth"),
        ("", ""),
    ];

    #[test]
    fn normalize_table() {
        for (input, want) in CASES {
            assert_eq!(&normalize(input), want, "case {input:?}");
        }
    }

    const FOLD_CASES: &[(&str, &str)] = &[
        ("Ban Tuyên giáo", "Ban Tuyen giao"),
        ("chỉnh đốn Đảng", "chinh don Dang"),
        ("Đảng ủy", "Dang uy"),
        ("Tuye\u{302}n gia\u{301}o", "Tuyen giao"),
        ("2772/QĐ-UBND", "2772/QD-UBND"),
        ("ascii only", "ascii only"),
    ];

    #[test]
    fn fold_table() {
        for (input, want) in FOLD_CASES {
            assert_eq!(&fold(input), want, "case {input:?}");
            assert_eq!(
                has_diacritics(input),
                fold(input) != *input,
                "case {input:?}"
            );
        }
    }
}
