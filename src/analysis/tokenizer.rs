//! [`SyllableTokenizer`]: one token per Vietnamese syllable (a Unicode word,
//! UAX #29 word boundaries via `unicode-segmentation`).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// Splits text at Unicode word boundaries and keeps the segments that hold a
/// letter or a digit. Vietnamese writes one syllable per word, so each token
/// is a syllable; punctuation and white space give no token. Positions
/// increase by one per token; offsets are byte offsets into the input.
/// The token text is the input slice, unchanged (filters lower-case,
/// normalise and fold it).
#[derive(Clone, Default)]
pub struct SyllableTokenizer {
    token: Token,
}

/// The stream produced by [`SyllableTokenizer`].
pub struct SyllableTokenStream<'a> {
    words: UWordBoundIndices<'a>,
    token: &'a mut Token,
    next_position: usize,
}

impl Tokenizer for SyllableTokenizer {
    type TokenStream<'a> = SyllableTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.token.reset();
        SyllableTokenStream {
            words: text.split_word_bound_indices(),
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

impl TokenStream for SyllableTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for (start, word) in self.words.by_ref() {
            if !is_wordlike(word) {
                continue;
            }
            self.token.text.clear();
            self.token.text.push_str(word);
            self.token.offset_from = start;
            self.token.offset_to = start + word.len();
            self.token.position = self.next_position;
            self.token.position_length = 1;
            self.next_position += 1;
            return true;
        }
        false
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
