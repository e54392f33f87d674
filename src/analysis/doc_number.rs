//! [`DocNumberFilter`]: keeps document numbers (`21-KL/TW`, `130/2020/NĐ-CP`,
//! `2772/QĐ-UBND`) whole as one extra token beside their parts.
//!
//! A document number is: digits, optionally `/` + a four-digit year, then
//! one or more symbol groups (letters, digits allowed after the first
//! letter) joined by `-` or `/`. `21 - KL/TW` and `21 KL/TW` (spaced or
//! missing dash) give the same whole token as `21-KL/TW` when the symbol
//! groups look like abbreviations (two or more capitals), so ordinary prose
//! such as `Điều 5 - Tổ chức` or `3 phòng/ban` is not taken for a number.
//! Dates (`25/10/2021`), ranges (`2021-2026`) and `1/-` have no symbol group
//! and are never numbers. The typo symbol `QĐi` is read as `QĐ`.
//!
//! The whole token sits at the position of the number's first part, comes
//! before the parts in the stream, spans their offsets, and has
//! `position_length` equal to the number of parts (always at least 2, which
//! is how [`is_number_token`] tells it from a part).

use std::collections::VecDeque;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Longest first part (digits) of a document number.
const MAX_NUMBER_DIGITS: usize = 6;
/// Longest symbol group, in characters.
const MAX_GROUP_CHARS: usize = 12;
/// Most symbol groups in one number.
const MAX_GROUPS: usize = 4;

/// True for a token this filter added (a whole document number).
pub fn is_number_token(token: &Token) -> bool {
    token.position_length > 1
}

/// Token filter adding one whole token per document number. Put it right
/// after the tokenizer: it reads the separators between tokens from the
/// original text through the token offsets.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocNumberFilter;

impl TokenFilter for DocNumberFilter {
    type Tokenizer<T: Tokenizer> = DocNumberTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> DocNumberTokenizer<T> {
        DocNumberTokenizer {
            inner: tokenizer,
            queue: VecDeque::new(),
            current: Token::default(),
        }
    }
}

/// The tokenizer [`DocNumberFilter`] wraps around its inner tokenizer.
#[derive(Clone)]
pub struct DocNumberTokenizer<T> {
    inner: T,
    queue: VecDeque<Token>,
    current: Token,
}

impl<T: Tokenizer> Tokenizer for DocNumberTokenizer<T> {
    type TokenStream<'a> = DocNumberTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.queue.clear();
        self.current.reset();
        DocNumberTokenStream {
            tail: self.inner.token_stream(text),
            text,
            queue: &mut self.queue,
            current: &mut self.current,
            from_tail: false,
            tail_done: false,
            head_checked: false,
            covered: 0,
        }
    }
}

/// The stream of [`DocNumberTokenizer`]. Tokens that cannot start a number
/// pass straight through; a digit token and the few tokens after it are
/// held in a small queue while the number is recognised.
pub struct DocNumberTokenStream<'a, T> {
    tail: T,
    text: &'a str,
    queue: &'a mut VecDeque<Token>,
    current: &'a mut Token,
    /// The current token is the tail's (pass-through, no copy).
    from_tail: bool,
    tail_done: bool,
    /// The queue's head has been looked at as a possible number start.
    head_checked: bool,
    /// How many queued tokens, from the head on, are parts of the number
    /// just emitted (they are not number starts themselves).
    covered: usize,
}

/// How two neighbouring parts are separated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sep {
    /// `-` or `/` with nothing around it; the char is the canonical form.
    Tight(char),
    /// `-`, `–` or `/` with spaces around it.
    Spaced(char),
    /// Spaces only (a missing dash: `21 KL/TW`).
    SpaceOnly,
}

fn classify_gap(gap: &str) -> Option<Sep> {
    let trimmed = gap.trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{A0}');
    let canonical = match trimmed {
        "-" | "–" => '-',
        "/" => '/',
        "" if !gap.is_empty() => return Some(Sep::SpaceOnly),
        _ => return None,
    };
    if trimmed.len() == gap.len() && trimmed != "–" {
        Some(Sep::Tight(canonical))
    } else {
        Some(Sep::Spaced(canonical))
    }
}

/// A symbol group: starts with a letter, then letters or digits (combining
/// marks allowed, for NFD input), at most [`MAX_GROUP_CHARS`] characters.
fn is_symbol_group(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() => {}
        _ => return false,
    }
    let mut n = 1;
    for c in chars {
        n += 1;
        if n > MAX_GROUP_CHARS || !(c.is_alphanumeric() || crate::normalize::is_combining_mark(c)) {
            return false;
        }
    }
    true
}

/// Looks like an abbreviation: two or more capital letters (`KL`, `TTg`, `QĐi`).
fn is_abbreviation(s: &str) -> bool {
    s.chars().filter(|c| c.is_uppercase()).take(2).count() == 2
}

fn is_digits(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
}

/// The canonical spelling of a symbol group (typo `QĐi` → `QĐ`).
fn canonical_group(s: &str) -> &str {
    match s {
        "QĐi" | "qđi" | "QĐI" | "QDi" | "qdi" | "QDI" => &s[..s.len() - 1],
        _ => s,
    }
}

/// Recognise a document number whose first part is `parts[0]`. `parts` are
/// (text, offset_from, offset_to) of consecutive tokens; `gap(i)` gives the
/// original text between parts `i` and `i + 1` (None if unknown). `more(i)`
/// makes part `i` available and returns false when there is none.
/// Returns the whole-number text and the number of parts it spans.
fn recognise(
    part: &mut dyn FnMut(usize) -> Option<(String, Option<String>)>,
) -> Option<(String, usize)> {
    let (first, _) = part(0)?;
    if !is_digits(&first, MAX_NUMBER_DIGITS) {
        return None;
    }
    let mut whole = first;
    let mut used = 1usize; // parts included so far
    let mut year_seen = false;
    let mut groups = 0usize;
    let mut first_group_abbrev = false;
    let mut loose = false; // a spaced or space-only separator was used
    loop {
        if groups >= MAX_GROUPS {
            break;
        }
        // The gap comes with the part before it: part(used) gives the text of
        // part `used` and the gap between part `used - 1` and it.
        let Some((text, gap)) = part(used) else {
            break;
        };
        let Some(sep) = gap.as_deref().and_then(classify_gap) else {
            break;
        };
        if is_digits(&text, 4) && text.len() == 4 {
            // A year between the number and the symbol: `130/2020/NĐ-CP`.
            if groups > 0 || year_seen || sep != Sep::Tight('/') {
                break;
            }
            year_seen = true;
            whole.push('/');
            whole.push_str(&text);
            used += 1;
            continue;
        }
        if !is_symbol_group(&text) {
            break;
        }
        let abbrev = is_abbreviation(&text);
        let canonical = match sep {
            Sep::Tight(c) => c,
            Sep::Spaced(c) => {
                if !abbrev {
                    break;
                }
                loose = true;
                c
            }
            Sep::SpaceOnly => {
                // Only a missing dash right after the digits.
                if groups > 0 || !abbrev {
                    break;
                }
                loose = true;
                '-'
            }
        };
        if groups == 0 {
            first_group_abbrev = abbrev;
        }
        whole.push(canonical);
        whole.push_str(canonical_group(&text));
        groups += 1;
        used += 1;
    }
    let accepted = match groups {
        0 => false,
        1 => !loose && first_group_abbrev,
        _ => !loose || first_group_abbrev,
    };
    accepted.then_some((whole, used))
}

impl<T: TokenStream> DocNumberTokenStream<'_, T> {
    /// Pull one more token from the tail into the queue.
    fn pull(&mut self) -> bool {
        if self.tail_done {
            return false;
        }
        if self.tail.advance() {
            self.queue.push_back(self.tail.token().clone());
            true
        } else {
            self.tail_done = true;
            false
        }
    }

    /// Try to read a document number starting at the queue's head; on
    /// success the whole token is written to `current` and the number of
    /// parts it spans is returned.
    fn detect(&mut self) -> Option<usize> {
        let text = self.text;
        let found = {
            let mut part = |i: usize| -> Option<(String, Option<String>)> {
                while self.queue.len() <= i {
                    if !self.pull() {
                        return None;
                    }
                }
                let tok = &self.queue[i];
                let gap = if i == 0 {
                    None
                } else {
                    let prev_end = self.queue[i - 1].offset_to;
                    text.get(prev_end..tok.offset_from).map(str::to_string)
                };
                Some((tok.text.clone(), gap))
            };
            recognise(&mut part)
        };
        let (whole, used) = found?;
        let head = &self.queue[0];
        let last = &self.queue[used - 1];
        self.current.text.clear();
        self.current.text.push_str(&whole);
        self.current.offset_from = head.offset_from;
        self.current.offset_to = last.offset_to;
        self.current.position = head.position;
        self.current.position_length = used;
        Some(used)
    }
}

impl<T: TokenStream> TokenStream for DocNumberTokenStream<'_, T> {
    fn advance(&mut self) -> bool {
        if self.queue.is_empty() {
            if self.tail_done || !self.tail.advance() {
                self.tail_done = true;
                return false;
            }
            let first_is_digit = self
                .tail
                .token()
                .text
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_digit);
            if !first_is_digit {
                self.from_tail = true;
                return true;
            }
            self.queue.push_back(self.tail.token().clone());
            self.head_checked = false;
        }
        self.from_tail = false;
        if !self.head_checked {
            self.head_checked = true;
            let head_is_digit = self.queue[0]
                .text
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_digit);
            if self.covered == 0 && head_is_digit {
                if let Some(used) = self.detect() {
                    self.covered = used;
                    return true;
                }
            }
        }
        match self.queue.pop_front() {
            Some(tok) => {
                *self.current = tok;
                self.head_checked = false;
                self.covered = self.covered.saturating_sub(1);
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        if self.from_tail {
            self.tail.token()
        } else {
            self.current
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.from_tail {
            self.tail.token_mut()
        } else {
            self.current
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_classes() {
        const CASES: &[(&str, Option<Sep>)] = &[
            ("-", Some(Sep::Tight('-'))),
            ("/", Some(Sep::Tight('/'))),
            (" - ", Some(Sep::Spaced('-'))),
            ("–", Some(Sep::Spaced('-'))),
            (" / ", Some(Sep::Spaced('/'))),
            (" ", Some(Sep::SpaceOnly)),
            (", ", None),
            ("--", None),
            ("", None),
        ];
        for (gap, want) in CASES {
            assert_eq!(classify_gap(gap), *want, "gap {gap:?}");
        }
    }
}
