//! Diacritic folding: `Đảng ủy` → `Dang uy`.

use unicode_normalization::char::decompose_canonical;

/// True for the combining diacritical marks block (U+0300–U+036F), which holds
/// every mark Vietnamese uses in decomposed (NFD) text.
#[inline]
pub fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Fold one precomposed character: Latin letters lose their marks (`ệ`→`e`,
/// `Ử`→`U`), `đ`→`d`, `Đ`→`D`; everything else is returned unchanged.
/// Combining marks are not removed here (see [`fold_into`]).
#[inline]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match c {
        'đ' => return 'd',
        'Đ' => return 'D',
        _ => {}
    }
    // Only the Latin blocks carry Vietnamese letters; their folds are tabled.
    let cp = c as u32;
    let table = latin_table();
    if (LATIN1.0..=LATIN1.1).contains(&cp) {
        return table.latin1[(cp - LATIN1.0) as usize];
    }
    if (LATIN_EXT.0..=LATIN_EXT.1).contains(&cp) {
        return table.extended[(cp - LATIN_EXT.0) as usize];
    }
    c
}

/// Latin-1 Supplement and Latin Extended-A/B (`À` … `ɏ`).
const LATIN1: (u32, u32) = (0xC0, 0x24F);
/// Latin Extended Additional (`Ḁ` … `ỿ`, all the stacked Vietnamese vowels).
const LATIN_EXT: (u32, u32) = (0x1E00, 0x1EFF);

/// [`fold_by_decomposition`] of every character of the two Latin ranges,
/// computed once: `fold_char` runs for every character of every document.
struct LatinTable {
    latin1: Vec<char>,
    extended: Vec<char>,
}

fn latin_table() -> &'static LatinTable {
    static TABLE: std::sync::LazyLock<LatinTable> = std::sync::LazyLock::new(|| {
        let range = |(a, b): (u32, u32)| {
            (a..=b)
                .map(|cp| char::from_u32(cp).map_or('\u{FFFD}', fold_by_decomposition))
                .collect()
        };
        LatinTable {
            latin1: range(LATIN1),
            extended: range(LATIN_EXT),
        }
    });
    &TABLE
}

/// The fold of a Latin letter from its canonical decomposition: the base
/// letter when it is ASCII, else the letter unchanged.
fn fold_by_decomposition(c: char) -> char {
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    match base {
        Some(b) if b.is_ascii_alphabetic() => b,
        _ => c,
    }
}

/// Append the folded form of `text` to `out`: every character through
/// [`fold_char`], combining marks dropped (so NFD input folds too).
pub fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.push_str(text);
        return;
    }
    out.extend(
        text.chars()
            .filter(|&c| !is_combining_mark(c))
            .map(fold_char),
    );
}

/// True when `text` carries any diacritic that [`fold_into`] would remove.
pub fn has_diacritics(text: &str) -> bool {
    !text.is_ascii()
        && text
            .chars()
            .any(|c| !c.is_ascii() && (is_combining_mark(c) || fold_char(c) != c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, folded, has diacritics)
    const CASES: &[(&str, &str, bool)] = &[
        ("Ban Tuyên giáo", "Ban Tuyen giao", true),
        ("chỉnh đốn Đảng", "chinh don Dang", true),
        ("Đảng ủy", "Dang uy", true),
        ("ĐẢNG ỦY", "DANG UY", true),
        ("Ư Ơ Ă Â Ê Ô ư ơ ă â ê ô", "U O A A E O u o a a e o", true),
        (
            "ạ ả ã à á ặ ẳ ẵ ằ ắ ậ ẩ ẫ ầ ấ",
            "a a a a a a a a a a a a a a a",
            true,
        ),
        ("ỵ ỷ ỹ ỳ ý", "y y y y y", true),
        ("130/2020/NĐ-CP", "130/2020/ND-CP", true),
        // NFD input: base letters followed by combining marks.
        ("Tuye\u{302}n gia\u{301}o", "Tuyen giao", true),
        ("ban tuyen giao", "ban tuyen giao", false),
        ("“tự diễn biến”", "“tu dien bien”", true),
        ("“quotes” – dash", "“quotes” – dash", false),
        ("", "", false),
        ("Привет", "Привет", false),
    ];

    #[test]
    fn fold_table() {
        for (input, want, marks) in CASES {
            let mut out = String::new();
            fold_into(input, &mut out);
            assert_eq!(&out, want, "fold of {input:?}");
            assert_eq!(has_diacritics(input), *marks, "has_diacritics of {input:?}");
        }
    }
}
