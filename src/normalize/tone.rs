//! Tone-mark placement: rewrite the old ("hoá", "uỷ", "khoẻ") style to the
//! new ("hóa", "ủy", "khỏe") style the corpus and the gold records use.
//!
//! Only open syllables ending in `oa`, `oe` or `uy` are touched, and only when
//! the tone sits on the second vowel and the first carries none. Closed
//! syllables ("hoàn", "khoảng", "thuyền") put the tone on the second vowel in
//! both styles and are left alone, as are `qu` + `y` ("quý", where `u` belongs
//! to the consonant) and longer clusters ("khuya", "ngoẹo").
//!
//! The functions work on NFC text; callers NFC first (see [`super::normalize`]).

/// The five tone marks in the order used by the tables below:
/// sắc (acute), huyền (grave), hỏi (hook), ngã (tilde), nặng (dot below).
const A_LOWER: [char; 5] = ['á', 'à', 'ả', 'ã', 'ạ'];
const A_UPPER: [char; 5] = ['Á', 'À', 'Ả', 'Ã', 'Ạ'];
const E_LOWER: [char; 5] = ['é', 'è', 'ẻ', 'ẽ', 'ẹ'];
const E_UPPER: [char; 5] = ['É', 'È', 'Ẻ', 'Ẽ', 'Ẹ'];
const Y_LOWER: [char; 5] = ['ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'];
const Y_UPPER: [char; 5] = ['Ý', 'Ỳ', 'Ỷ', 'Ỹ', 'Ỵ'];
const O_LOWER: [char; 5] = ['ó', 'ò', 'ỏ', 'õ', 'ọ'];
const O_UPPER: [char; 5] = ['Ó', 'Ò', 'Ỏ', 'Õ', 'Ọ'];
const U_LOWER: [char; 5] = ['ú', 'ù', 'ủ', 'ũ', 'ụ'];
const U_UPPER: [char; 5] = ['Ú', 'Ù', 'Ủ', 'Ũ', 'Ụ'];

/// A toned second vowel: its bare letter and the tone index.
fn toned(c: char, table: &[char; 5], bare: char) -> Option<(char, usize)> {
    table.iter().position(|&t| t == c).map(|i| (bare, i))
}

/// If `first` + `second` is an old-style open `oa`/`oe`/`uy` ending, the pair
/// rewritten in the new style.
fn swap_pair(first: char, second: char) -> Option<(char, char)> {
    let (table, bare_second) = match first {
        'o' | 'O' => {
            let found = toned(second, &A_LOWER, 'a')
                .or_else(|| toned(second, &A_UPPER, 'A'))
                .or_else(|| toned(second, &E_LOWER, 'e'))
                .or_else(|| toned(second, &E_UPPER, 'E'))?;
            let table = if first == 'o' { &O_LOWER } else { &O_UPPER };
            (table, found)
        }
        'u' | 'U' => {
            let found = toned(second, &Y_LOWER, 'y').or_else(|| toned(second, &Y_UPPER, 'Y'))?;
            let table = if first == 'u' { &U_LOWER } else { &U_UPPER };
            (table, found)
        }
        _ => return None,
    };
    let (bare, tone) = bare_second;
    Some((table[tone], bare))
}

/// Rewrite the last syllable of `buf` in place when `buf` ends with an
/// old-style open `oa`/`oe`/`uy` syllable. `run_chars` is the number of
/// letters in the syllable that ends `buf` (letters before it belong to
/// other text and are not looked at). Returns true when something changed.
pub(crate) fn fix_tail(buf: &mut String, run_chars: usize) -> bool {
    if run_chars < 2 {
        return false;
    }
    let mut rev = buf.char_indices().rev();
    let Some((second_at, second)) = rev.next() else {
        return false;
    };
    // Cheap reject: the second vowel must be a non-ASCII toned a/e/y.
    if second.is_ascii() {
        return false;
    }
    let Some((first_at, first)) = rev.next() else {
        return false;
    };
    if run_chars >= 3 {
        if let Some((_, before)) = rev.next() {
            // `qu` + `y`: the `u` belongs to the consonant ("quý", "quỷ").
            if matches!(first, 'u' | 'U') && matches!(before, 'q' | 'Q') {
                return false;
            }
            // A vowel before the pair makes a different cluster.
            if is_vowel(before) {
                return false;
            }
        }
    }
    let Some((new_first, new_second)) = swap_pair(first, second) else {
        return false;
    };
    debug_assert!(first_at < second_at);
    buf.truncate(first_at);
    buf.push(new_first);
    buf.push(new_second);
    true
}

/// True for Vietnamese vowel letters in any case, toned or not (NFC).
fn is_vowel(c: char) -> bool {
    let base = crate::normalize::fold_char(c).to_ascii_lowercase();
    matches!(base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Rewrite every old-style syllable of an NFC `word` (any text works: only
/// letter runs ending in an old-style `oa`/`oe`/`uy` change) into `out`.
pub fn place_tones_into(word: &str, out: &mut String) {
    let mut run = 0usize;
    for c in word.chars() {
        if c.is_alphabetic() {
            out.push(c);
            run += 1;
        } else {
            fix_tail(out, run);
            run = 0;
            out.push(c);
        }
    }
    fix_tail(out, run);
}

/// True when `text` might contain a syllable [`place_tones_into`] rewrites
/// (a cheap filter: an `o`/`u` followed by a toned `a`/`e`/`y` that ends
/// the word, so "hoàn" or "toàn" do not trigger a rewrite of the line).
pub fn may_need_tone_fix(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).enumerate().any(|(i, w)| {
        if !(matches!(w[0], b'o' | b'O' | b'u' | b'U') && w[1] >= 0x80) {
            return false;
        }
        let mut rest = text.get(i + 1..).unwrap_or_default().chars();
        rest.next()
            .is_some_and(|c| swap_pair(w[0] as char, c).is_some())
            && !rest.next().is_some_and(char::is_alphabetic)
    })
}

/// New-style tone placement of `text` (NFC in, NFC out).
pub fn place_tones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    place_tones_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, expected) on NFC input.
    const CASES: &[(&str, &str)] = &[
        ("hoá", "hóa"),
        ("hóa", "hóa"),
        ("chuyển hoá", "chuyển hóa"),
        ("uỷ", "ủy"),
        ("Uỷ", "Ủy"),
        ("UỶ", "ỦY"),
        ("ủy", "ủy"),
        ("khoẻ", "khỏe"),
        ("khỏe", "khỏe"),
        ("thuỷ", "thủy"),
        ("Thuỷ", "Thủy"),
        ("HOÁ", "HÓA"),
        ("HoÁ", "HóA"),
        ("hoà", "hòa"),
        ("hoạ", "họa"),
        ("xoè", "xòe"),
        ("tuỳ", "tùy"),
        ("luỹ", "lũy"),
        ("Thuý", "Thúy"),
        ("toả", "tỏa"),
        ("oà", "òa"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("Uỷ ban", "Ủy ban"),
        ("văn hoá-xã hội", "văn hóa-xã hội"),
        ("(hoá)", "(hóa)"),
        // must not change
        ("hoàn", "hoàn"),
        ("thuyền", "thuyền"),
        ("khoảng", "khoảng"),
        ("quý", "quý"),
        ("Quý", "Quý"),
        ("QUỶ", "QUỶ"),
        ("quỹ", "quỹ"),
        ("quá", "quá"),
        ("thuở", "thuở"),
        ("khuya", "khuya"),
        ("hoàng", "hoàng"),
        ("Huỳnh", "Huỳnh"),
        ("hoài", "hoài"),
        ("ngoẹo", "ngoẹo"),
        ("toàn", "toàn"),
        ("hoa", "hoa"),
        ("uy tín", "uy tín"),
        ("khuyến", "khuyến"),
        ("", ""),
        ("21-KL/TW", "21-KL/TW"),
    ];

    #[test]
    fn tone_placement_table() {
        for (input, want) in CASES {
            assert_eq!(&place_tones(input), want, "case {input:?}");
            if place_tones(input) != *input {
                assert!(may_need_tone_fix(input), "filter misses case {input:?}");
            }
        }
    }

    /// Closed syllables and plain text do not trigger the line rewrite.
    #[test]
    fn filter_skips_closed_syllables() {
        for text in ["hoàn toàn khoảng thuyền", "Ban Tuyên giáo", "21-KL/TW", ""] {
            assert!(!may_need_tone_fix(text), "case {text:?}");
        }
        for text in ["hoá", "Uỷ ban", "hoá,", "(thuỷ)"] {
            assert!(may_need_tone_fix(text), "case {text:?}");
        }
    }

    #[test]
    fn idempotent() {
        for (input, _) in CASES {
            let once = place_tones(input);
            assert_eq!(place_tones(&once), once, "case {input:?}");
        }
    }
}
