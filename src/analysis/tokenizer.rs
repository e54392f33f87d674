//! [`SyllableTokenizer`]: one token per Vietnamese syllable (a Unicode word,
//! UAX #29 word boundaries via `unicode-segmentation`).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// Splits text at Unicode word boundaries (UAX #29) and keeps the segments
/// that hold a letter or a digit. Vietnamese writes one syllable per word,
/// so each token is a syllable; punctuation and white space give no token.
/// Positions increase by one per token; offsets are byte offsets into the
/// input. The token text is the input slice, unchanged (filters lower-case,
/// normalise and fold it).
///
/// For speed the text is first cut at characters that are a word boundary
/// in every context (white space, brackets, quotes, `-`, `/`, …); a piece
/// made only of Latin letters, digits and combining marks is one UAX #29
/// word and is emitted as it is, any other piece goes through
/// `unicode-segmentation`. The result equals running UAX #29 on the whole
/// text (a test checks this on the corpus).
#[derive(Clone, Default)]
pub struct SyllableTokenizer {
    token: Token,
}

/// The stream produced by [`SyllableTokenizer`].
pub struct SyllableTokenStream<'a> {
    text: &'a str,
    /// Byte offset where the next piece starts.
    cursor: usize,
    /// UAX #29 words of a complex piece, and the piece's offset.
    words: Option<(usize, UWordBoundIndices<'a>)>,
    token: &'a mut Token,
    next_position: usize,
}

impl Tokenizer for SyllableTokenizer {
    type TokenStream<'a> = SyllableTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.token.reset();
        SyllableTokenStream {
            text,
            cursor: 0,
            words: None,
            token: &mut self.token,
            next_position: 0,
        }
    }
}

/// True when a word segment holds a letter or a digit.
#[inline]
fn is_wordlike(segment: &str) -> bool {
    match segment.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() => true,
        Some(b) if b.is_ascii() && segment.len() == 1 => false,
        Some(_) => segment.chars().any(char::is_alphanumeric),
        None => false,
    }
}

/// ASCII bytes that are a UAX #29 word boundary on both sides in every
/// context: white space and punctuation other than `. , ; : ' _ "` (which
/// can sit inside a word: `3.5`, `1,000`, `TP.HCM`, `a_b`, Hebrew `"`).
#[inline]
fn is_hard_break_byte(b: u8) -> bool {
    match b {
        b'.' | b',' | b';' | b':' | b'\'' | b'_' | b'"' => false,
        b if b.is_ascii_alphanumeric() => false,
        b if b < 0x80 => true,
        _ => false,
    }
}

/// Non-ASCII characters that are a word boundary in every context (class
/// Other or WSegSpace): no-break space, most typographic spaces (not
/// U+2007 or U+202F, which UAX #29 treats differently), dashes, curly double
/// quotes, ellipsis.
#[inline]
fn is_hard_break_char(c: char) -> bool {
    matches!(
        c,
        '\u{A0}'
            | '\u{2000}'..='\u{2006}'
            | '\u{2008}'..='\u{200A}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2026}'
            | '\u{3000}'
    )
}

/// True for characters that UAX #29 joins into one word with each other:
/// ASCII letters and digits, Latin letters, combining diacritics.
#[inline]
fn is_simple_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Every character of these ranges is a letter (ALetter), except × and ÷.
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}') && c != '×' && c != '÷'
        || crate::normalize::is_combining_mark(c)
}

impl<'a> SyllableTokenStream<'a> {
    fn emit(&mut self, start: usize, word: &str) {
        self.token.text.clear();
        self.token.text.push_str(word);
        self.token.offset_from = start;
        self.token.offset_to = start + word.len();
        self.token.position = self.next_position;
        self.token.position_length = 1;
        self.next_position += 1;
    }

    /// The next piece of text between hard breaks: (start, piece, whether
    /// every character is a simple word character).
    fn next_piece(&mut self) -> Option<(usize, &'a str, bool)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.cursor;
        // Skip hard breaks.
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if is_hard_break_byte(b) {
                    i += 1;
                    continue;
                }
                break;
            }
            let c = text[i..].chars().next()?;
            if is_hard_break_char(c) {
                i += c.len_utf8();
                continue;
            }
            break;
        }
        if i >= bytes.len() {
            self.cursor = bytes.len();
            return None;
        }
        let start = i;
        let mut simple = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if is_hard_break_byte(b) {
                    break;
                }
                simple &= b.is_ascii_alphanumeric();
                i += 1;
                continue;
            }
            let c = text[i..].chars().next()?;
            if is_hard_break_char(c) {
                break;
            }
            simple &=
                is_simple_word_char(c) && (i > start || !crate::normalize::is_combining_mark(c));
            i += c.len_utf8();
        }
        self.cursor = i;
        Some((start, &text[start..i], simple))
    }
}

impl TokenStream for SyllableTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some((base, words)) = self.words.as_mut() {
                let base = *base;
                match words.find(|(_, w)| is_wordlike(w)) {
                    Some((at, word)) => {
                        self.emit(base + at, word);
                        return true;
                    }
                    None => self.words = None,
                }
            }
            // A piece starting with a combining mark is not simple: it takes
            // the UAX #29 path (the mark belongs to the break before it).
            let Some((start, piece, simple)) = self.next_piece() else {
                return false;
            };
            if simple {
                if is_wordlike(piece) {
                    self.emit(start, piece);
                    return true;
                }
                continue;
            }
            self.words = Some((start, piece.split_word_bound_indices()));
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = SyllableTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    /// (input, token texts)
    const CASES: &[(&str, &[&str])] = &[
        ("Ban Tuyên giáo", &["Ban", "Tuyên", "giáo"]),
        ("21-KL/TW", &["21", "KL", "TW"]),
        ("130/2020/NĐ-CP", &["130", "2020", "NĐ", "CP"]),
        (
            "“tự diễn biến”, “tự chuyển hóa”;",
            &["tự", "diễn", "biến", "tự", "chuyển", "hóa"],
        ),
        ("Tuye\u{302}n gia\u{301}o", &["Tuye\u{302}n", "gia\u{301}o"]),
        ("(*tháng 3/2022*)", &["tháng", "3", "2022"]),
        ("  - ; ... ", &[]),
        ("", &[]),
    ];

    #[test]
    fn tokenizer_table() {
        for (input, want) in CASES {
            let got: Vec<String> = run(input).into_iter().map(|t| t.0).collect();
            assert_eq!(&got, want, "case {input:?}");
        }
    }

    /// The fast path gives exactly the UAX #29 words of the whole text.
    #[test]
    fn same_as_plain_uax29_on_corpus() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut texts: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
        texts.push("3.5 1,000 TP.HCM a_b l'an 12:30 a:b x—y “q” …z\u{A0}w a\u{202F}b c\u{2007}d -\u{301}e x\u{AD}y ﾃｽﾄ 東京 ①".into());
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                texts.push(text);
            }
        }
        assert!(texts.len() > CASES.len() + 5, "corpus not found");
        for text in &texts {
            let want: Vec<(String, usize, usize, usize)> = text
                .split_word_bound_indices()
                .filter(|(_, w)| is_wordlike(w))
                .enumerate()
                .map(|(i, (at, w))| (w.to_string(), at, at + w.len(), i))
                .collect();
            assert_eq!(
                run(text),
                want,
                "text starting {:?}",
                text.chars().take(40).collect::<String>()
            );
        }
    }

    #[test]
    fn offsets_and_positions() {
        let text = "Đảng ủy, tỉnh";
        let got = run(text);
        for (i, (t, from, to, pos)) in got.iter().enumerate() {
            assert_eq!(&text[*from..*to], t);
            assert_eq!(*pos, i);
        }
        assert_eq!(got.len(), 3);
    }
}
