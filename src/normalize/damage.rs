//! Damage that old fonts, PDF extraction and scrapers leave in Unicode text,
//! mended before anything matches (FORMS.md Z-01, Z-05):
//!
//! - `ƣ`/`Ƣ` (U+01A3/U+01A2, "Latin letter oi") printed for `ư`/`Ư` by
//!   VNI/TCVN fonts: these letters never occur in real Vietnamese;
//! - literal escape sequences a scraper left as text (`\r\n`, `\n`, `\t`).
//!
//! Both are lossless for real Vietnamese text: neither `ƣ` nor a literal
//! backslash-n occurs in it.

use std::borrow::Cow;

/// True when `text` holds a letter [`mend_letters_into`] would change.
pub fn may_need_letters(text: &str) -> bool {
    // U+01A2/U+01A3 are C6 A2 / C6 A3 in UTF-8.
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xC6 && matches!(w[1], 0xA2 | 0xA3))
}

/// Append `line` to `out` with `ƣ`→`ư`, `Ƣ`→`Ư`.
pub fn mend_letters_into(line: &str, out: &mut String) {
    out.extend(line.chars().map(|c| match c {
        '\u{1A3}' => 'ư',
        '\u{1A2}' => 'Ư',
        c => c,
    }));
}

/// `text` with literal `\r\n`, `\n`, `\r` turned into line breaks and `\t`
/// into a space; borrowed when there are none.
pub fn unescape(text: &str) -> Cow<'_, str> {
    let has = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && matches!(w[1], b'n' | b'r' | b't'));
    if !has {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(t) = tail.strip_prefix("\\r\\n") {
            out.push('\n');
            rest = t;
        } else if let Some(t) = tail
            .strip_prefix("\\n")
            .or_else(|| tail.strip_prefix("\\r"))
        {
            out.push('\n');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("\\t") {
            out.push(' ');
            rest = t;
        } else {
            out.push('\\');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        let mut out = String::new();
        mend_letters_into("Ban Thƣờng vụ Trung ƣơng, ƢU TIÊN", &mut out);
        assert_eq!(out, "Ban Thường vụ Trung ương, ƯU TIÊN");
        assert!(may_need_letters("nhƣ"));
        assert!(!may_need_letters("như sau ƒ"));
    }

    #[test]
    fn escapes() {
        const CASES: &[(&str, &str)] = &[
            ("a |\\r\\nTỈNH | b", "a |\nTỈNH | b"),
            ("x\\ny\\tz", "x\ny z"),
            ("C:\\Users", "C:\\Users"),
            ("no escapes", "no escapes"),
            ("end\\", "end\\"),
        ];
        for (i, want) in CASES {
            assert_eq!(unescape(i), *want, "{i:?}");
        }
    }
}
