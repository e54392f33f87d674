//! Token filters of the Vietnamese chain: [`ViNormalizer`] (NFC and one
//! tone-mark placement) and [`DiacriticFolder`] (`đảng` → `dang`). Both map
//! one token to one token, so streams that differ only by the folder stay
//! aligned.

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

use crate::normalize::{self, is_combining_mark, tone};

/// Rewrite `text` through `f` into `buffer` and swap it in.
fn rewrite(text: &mut String, buffer: &mut String, f: impl FnOnce(&str, &mut String)) {
    buffer.clear();
    f(text, buffer);
    mem::swap(text, buffer);
}

macro_rules! one_to_one_filter {
    ($(#[$doc:meta])* $filter:ident, $tokenizer:ident, $stream:ident, $apply:path) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $filter;

        impl TokenFilter for $filter {
            type Tokenizer<T: Tokenizer> = $tokenizer<T>;

            fn transform<T: Tokenizer>(self, tokenizer: T) -> $tokenizer<T> {
                $tokenizer {
                    inner: tokenizer,
                    buffer: String::new(),
                }
            }
        }

        #[doc = concat!("The tokenizer [`", stringify!($filter), "`] wraps around its inner tokenizer.")]
        #[derive(Clone)]
        pub struct $tokenizer<T> {
            inner: T,
            buffer: String,
        }

        impl<T: Tokenizer> Tokenizer for $tokenizer<T> {
            type TokenStream<'a> = $stream<'a, T::TokenStream<'a>>;

            fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
                self.buffer.clear();
                $stream {
                    tail: self.inner.token_stream(text),
                    buffer: &mut self.buffer,
                }
            }
        }

        #[doc = concat!("The stream of [`", stringify!($tokenizer), "`].")]
        pub struct $stream<'a, T> {
            tail: T,
            buffer: &'a mut String,
        }

        impl<T: TokenStream> TokenStream for $stream<'_, T> {
            fn advance(&mut self) -> bool {
                if !self.tail.advance() {
                    return false;
                }
                $apply(&mut self.tail.token_mut().text, self.buffer);
                true
            }

            fn token(&self) -> &Token {
                self.tail.token()
            }

            fn token_mut(&mut self) -> &mut Token {
                self.tail.token_mut()
            }
        }
    };
}

/// NFC and new-style tone placement of one token's text.
pub fn normalize_token(text: &mut String, buffer: &mut String) {
    if text.is_ascii() {
        return;
    }
    // Combining marks U+0300–U+036F are encoded with lead byte 0xCC or 0xCD.
    if text.bytes().any(|b| b == 0xCC || b == 0xCD) && text.chars().any(is_combining_mark) {
        rewrite(text, buffer, |t, out| out.extend(t.nfc()));
    }
    if tone::may_need_tone_fix(text) {
        rewrite(text, buffer, tone::place_tones_into);
    }
}

/// Diacritic folding of one token's text (`đ`→`d`, marks removed).
pub fn fold_token(text: &mut String, buffer: &mut String) {
    if text.is_ascii() {
        return;
    }
    rewrite(text, buffer, normalize::fold::fold_into);
}

one_to_one_filter!(
    /// Token filter: NFC and one tone-mark placement ("hoá" → "hóa",
    /// "uỷ" → "ủy"), so both spellings give the same term.
    ViNormalizer,
    ViNormalizerTokenizer,
    ViNormalizerTokenStream,
    normalize_token
);

one_to_one_filter!(
    /// Token filter: remove Vietnamese diacritics (`đảng` → `dang`,
    /// `nđ-cp` → `nd-cp`).
    DiacriticFolder,
    DiacriticFolderTokenizer,
    DiacriticFolderTokenStream,
    fold_token
);

#[cfg(test)]
mod tests {
    use super::*;

    /// (token text, normalised, folded)
    const CASES: &[(&str, &str, &str)] = &[
        ("hoá", "hóa", "hoa"),
        ("hóa", "hóa", "hoa"),
        ("ho\u{61}\u{301}", "hóa", "hoa"),
        ("uỷ", "ủy", "uy"),
        ("đảng", "đảng", "dang"),
        ("130/2020/nđ-cp", "130/2020/nđ-cp", "130/2020/nd-cp"),
        ("quý", "quý", "quy"),
        ("abc", "abc", "abc"),
    ];

    #[test]
    fn token_filters_table() {
        let mut buffer = String::new();
        for (input, norm, folded) in CASES {
            let mut text = input.to_string();
            normalize_token(&mut text, &mut buffer);
            assert_eq!(&text, norm, "normalise {input:?}");
            fold_token(&mut text, &mut buffer);
            assert_eq!(&text, folded, "fold {input:?}");
        }
    }
}
