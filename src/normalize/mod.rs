//! Text normalisation: the one canonical form every later stage reads.
//!
//! OWNER: normalize/analysis helper. Placeholder bodies until then.

use unicode_normalization::UnicodeNormalization;

/// Normalise a decoded document for indexing and extraction: NFC, one tone-mark
/// placement, no-break spaces and runs of horizontal white space folded,
/// markdown emphasis and heading marks removed. Line structure is kept.
pub fn normalize(text: &str) -> String {
    text.nfc().collect()
}

/// Remove Vietnamese diacritics (tone and vowel marks, `đ`→`d`), keeping case.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// True when `text` carries any Vietnamese diacritic (including `đ`).
pub fn has_diacritics(text: &str) -> bool {
    fold(text) != text.nfc().collect::<String>()
}
