//! White space: no-break and odd spaces become plain spaces, invisible
//! characters disappear, runs of horizontal white space fold to one space.

/// What a character is, as far as white space goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    /// Horizontal white space of any kind (tab, no-break space, U+202F, …).
    Horizontal,
    /// A character with no width that is dropped (zero-width space and
    /// joiners, word joiner, BOM, soft hyphen).
    Invisible,
    /// Anything else (line breaks are handled by the caller).
    Other,
}

/// Classify `c`.
#[inline]
pub fn classify(c: char) -> Space {
    match c {
        ' ' | '\t' | '\u{0B}' | '\u{0C}' => Space::Horizontal,
        c if c.is_ascii() => Space::Other,
        '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Space::Horizontal
        }
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => Space::Invisible,
        _ => Space::Other,
    }
}

/// Append `line` to `out` with every run of horizontal white space folded to
/// one ASCII space, invisible characters removed, and leading and trailing
/// white space dropped.
pub fn fold_spaces_into(line: &str, out: &mut String) {
    let start_len = out.len();
    let mut pending_space = false;
    for c in line.chars() {
        match classify(c) {
            Space::Horizontal => pending_space = out.len() > start_len,
            Space::Invisible => {}
            Space::Other => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, &str)] = &[
        ("a  b", "a b"),
        ("  a\tb  ", "a b"),
        ("Kiên\u{A0}Giang", "Kiên Giang"),
        ("a\u{202F}\u{2007}b", "a b"),
        ("a\u{200B}b\u{FEFF}", "ab"),
        ("\u{FEFF}Số 60", "Số 60"),
        ("a \u{200B} b", "a b"),
        ("   ", ""),
        ("", ""),
    ];

    #[test]
    fn fold_spaces_table() {
        for (input, want) in CASES {
            let mut out = String::new();
            fold_spaces_into(input, &mut out);
            assert_eq!(&out, want, "case {input:?}");
        }
    }
}
