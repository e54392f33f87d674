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

/// Bytes that can start a horizontal space or an invisible character: ASCII
/// space, tab, VT, FF, and the UTF-8 lead bytes of U+00A0/U+00AD (0xC2),
/// U+1680 (0xE1), U+2000–U+206F (0xE2), U+3000 (0xE3) and U+FEFF (0xEF).
static MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = matches!(
            i,
            0x20 | 0x09 | 0x0B | 0x0C | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF
        );
        i += 1;
    }
    table
};

/// Append `line` to `out` with every run of horizontal white space folded to
/// one ASCII space, invisible characters removed, and leading and trailing
/// white space dropped.
pub fn fold_spaces_into(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let start_len = out.len();
    let mut pending_space = false;
    // Start of the run of ordinary characters not yet copied.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Skip ordinary bytes quickly.
        while i < bytes.len() && !MAY_START_SPACE[bytes[i] as usize] {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let b = bytes[i];
        // Only these bytes can start a space or an invisible character.
        let width = match b {
            b' ' | b'\t' | 0x0B | 0x0C => 1,
            0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => {
                let c = line[i..].chars().next().unwrap_or(' ');
                if classify(c) == Space::Other {
                    i += c.len_utf8();
                    continue;
                }
                c.len_utf8()
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // Flush the ordinary run before this character.
        if run < i {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push_str(&line[run..i]);
        }
        let c = line[i..].chars().next().unwrap_or(' ');
        if classify(c) == Space::Horizontal {
            pending_space = out.len() > start_len;
        }
        i += width;
        run = i;
    }
    if run < bytes.len() {
        if pending_space {
            out.push(' ');
        }
        out.push_str(&line[run..]);
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
