//! Is this a Vietnamese syllable? The measure the encoding detector scores
//! candidates with.
//!
//! A syllable is an optional initial consonant, a vowel nucleus (with its glides)
//! and an optional final consonant, with at most one tone mark on a vowel. The
//! test is deliberately a little permissive (it accepts a few shapes no word uses)
//! and exact on what matters for detection: mojibake (`ho¹ch`, `thöïc`,
//! `KÕ ho¹ch`) is never a syllable, and every syllable of real text is one.

use unicode_normalization::UnicodeNormalization;

const INITIALS: [&str; 27] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Vowel nuclei with their glides, tone marks removed.
const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "oai", "oay", "oeo", "uây", "uôi",
    "ươi", "ươu", "uya", "uyê", "yêu", "uyu", "oao",
];

const FINALS: [&str; 8] = ["ch", "ng", "nh", "c", "m", "n", "p", "t"];

/// Tone marks as combining characters (NFD).
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// True when `word` (any case, NFC or NFD) is one Vietnamese syllable.
pub fn is_syllable(word: &str) -> bool {
    if word.is_empty() || word.chars().count() > 8 {
        return false;
    }
    // Split off tone marks; keep vowel shapes (ă â ê ô ơ ư) and đ composed.
    let mut tones = 0;
    let mut bare = String::with_capacity(word.len());
    for c in word.nfd() {
        if TONES.contains(&c) {
            tones += 1;
        } else {
            bare.push(c);
        }
    }
    if tones > 1 {
        return false;
    }
    let bare: String = bare.nfc().flat_map(char::to_lowercase).collect();
    if !bare.chars().all(is_letter) {
        return false;
    }
    // The initial: longest match first, and "gi"/"qu" may also be read as g + i…
    for initial in INITIALS.iter().copied().chain(std::iter::once("")) {
        let Some(rest) = bare.strip_prefix(initial) else {
            continue;
        };
        if rime_ok(rest) {
            return true;
        }
        // `gi` before a consonant or alone (`gì`, `gìn`) is g + i.
        if initial == "gi" && rime_ok(&format!("i{rest}")) {
            return true;
        }
    }
    false
}

fn is_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "ăâêôơưđ".contains(c)
}

fn rime_ok(rime: &str) -> bool {
    if rime.is_empty() {
        return false;
    }
    for final_ in FINALS.iter().copied().chain(std::iter::once("")) {
        let Some(nucleus) = rime.strip_suffix(final_) else {
            continue;
        };
        if !NUCLEI.contains(&nucleus) {
            continue;
        }
        // A nucleus closed by a glide (ai, ao, êu, uôi…) takes no final consonant.
        let glide_closed = nucleus.len() > 1
            && matches!(nucleus.chars().last(), Some('i' | 'o' | 'u' | 'y'))
            && !matches!(nucleus, "uy" | "oo" | "uo");
        // iê, yê, uô, ươ, uyê never end a syllable (tiên, uống, ương, khuyên).
        let needs_final = matches!(nucleus, "iê" | "yê" | "uô" | "ươ" | "uyê");
        if final_.is_empty() && !needs_final || !final_.is_empty() && !glide_closed {
            return true;
        }
    }
    false
}

/// Words of `text` that carry letters beyond ASCII, the ones that tell encodings
/// apart: (how many, how many are syllables). A word is a run of characters
/// that are neither white space, nor ASCII punctuation or digits.
/// The share of `text`'s words that are Vietnamese syllables (1.0 for a text
/// without words): the decoders' confidence.
pub fn confidence(text: &str) -> f32 {
    let (words, valid) = score(text);
    if words == 0 {
        1.0
    } else {
        valid as f32 / words as f32
    }
}

pub fn score(text: &str) -> (usize, usize) {
    let mut words = 0;
    let mut valid = 0;
    for word in
        text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || c.is_ascii_digit())
    {
        if word.is_empty() || word.is_ascii() {
            continue;
        }
        // Typographic punctuation around a word is not part of it.
        let word = word.trim_matches(|c: char| {
            matches!(c, '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '«' | '»')
        });
        if word.is_empty() || word.is_ascii() {
            continue;
        }
        words += 1;
        if is_syllable(word) {
            valid += 1;
        }
    }
    (words, valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_syllables_pass() {
        let text = "Thực hiện Kết luận số của Ban Chấp hành Trung ương Đảng khóa khoá \
                    nghiêng người quyết tuyên truyền giữa gìn giữ nghĩa ngoài khuya \
                    thuở hoạch xuyên quốc ưu hươu Ủy uỷ yêu oẳn";
        for w in text.split_whitespace() {
            assert!(is_syllable(w), "{w} should be a syllable");
        }
    }

    #[test]
    fn mojibake_fails() {
        for w in [
            "ho¹ch",
            "thöïc",
            "KÕho",
            "hiÖn",
            "Th\u{1B0}\u{323}\u{301}c",
            "tuyªn",
            "caùc",
            "ñaûng",
            "qüa",
            "ƣơng",
            "aa",
            "ươ",
            "tch",
        ] {
            assert!(!is_syllable(w), "{w} should not be a syllable");
        }
    }

    #[test]
    fn scores_count_only_non_ascii_words() {
        assert_eq!(score("Kế hoạch số 60-KH/TU, “tự diễn biến”"), (6, 6));
        // `KÕ` and `sè` have the shape of syllables; `ho¹ch` has not.
        assert_eq!(score("KÕ ho¹ch sè 60"), (3, 2));
        assert_eq!(score("plain ascii 123"), (0, 0));
    }
}
