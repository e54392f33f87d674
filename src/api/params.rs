//! One parameter policy for every route.
//!
//! Every handler reads its query string through [`Params`], so every route
//! treats parameters the same way:
//!
//! - a parameter the route does not take is a 400 `unknown_parameter` naming it
//!   and listing the ones it takes;
//! - a parameter given twice is a 400 `invalid_parameter` (no silent "last one wins");
//! - values are percent-decoded (`+` is a space) and must be valid UTF-8;
//!   control characters other than tab and line breaks are refused;
//! - a value is at most [`MAX_VALUE_BYTES`] long, the query-text parameters
//!   (`q`) at most [`MAX_TEXT_BYTES`] (the query language's own limit then
//!   names the problem);
//! - a blank value counts as not given;
//! - counts (`limit`, `offset`, `depth`) are whole numbers in a stated range:
//!   `limit` is at least 1 on every route, and its default and maximum are
//!   in the README's API table and the OpenAPI document.

use std::ops::RangeInclusive;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::ApiError;

/// Longest value of an ordinary parameter, in bytes.
pub const MAX_VALUE_BYTES: usize = 1024;
/// Longest value of a query-text parameter (`q`), in bytes: the query
/// language's limit plus room for it to say so itself.
pub const MAX_TEXT_BYTES: usize = crate::index::query::MAX_QUERY_BYTES + 1024;
/// Parameters whose values are query text.
const TEXT_PARAMS: [&str; 1] = ["q"];
/// Largest `offset` any route accepts.
pub const MAX_OFFSET: usize = 1_000_000;

/// The decoded query string of a request, in order.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Params::parse(parts.uri.query().unwrap_or(""))
    }
}

impl Params {
    /// Decode a raw query string (without the `?`).
    pub fn parse(raw: &str) -> Result<Params, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for piece in raw.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            let name = decode(name).map_err(|why| {
                ApiError::invalid("query string", format!("a parameter name {why}"))
            })?;
            let shown = printable(&name);
            let value = decode(value).map_err(|why| ApiError::invalid(&shown, why))?;
            if name.chars().any(is_forbidden_control) {
                return Err(ApiError::invalid(
                    &shown,
                    "the parameter name holds control characters",
                ));
            }
            if let Some(c) = value.chars().find(|&c| is_forbidden_control(c)) {
                return Err(ApiError::invalid(
                    &shown,
                    format!(
                        "the value holds the control character U+{:04X}",
                        u32::from(c)
                    ),
                ));
            }
            let max = if TEXT_PARAMS.contains(&name.as_str()) {
                MAX_TEXT_BYTES
            } else {
                MAX_VALUE_BYTES
            };
            if value.len() > max {
                return Err(ApiError::invalid(
                    &shown,
                    format!(
                        "the value is {} bytes long; the limit is {max}",
                        value.len()
                    ),
                ));
            }
            if pairs.iter().any(|(n, _)| *n == name) {
                return Err(ApiError::invalid(
                    &shown,
                    "given more than once; give each parameter at most once",
                ));
            }
            pairs.push((name, value));
        }
        Ok(Params { pairs })
    }

    /// Refuse any parameter not in `known` (a 400 `unknown_parameter` naming it).
    pub fn allow(self, known: &[&'static str]) -> Result<Params, ApiError> {
        if let Some((name, _)) = self
            .pairs
            .iter()
            .find(|(n, _)| !known.contains(&n.as_str()))
        {
            return Err(ApiError::UnknownParameter {
                name: printable(name),
                known: known.to_vec(),
            });
        }
        Ok(self)
    }

    /// A parameter's value, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A parameter's value as given (not trimmed), if present.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every (name, value) pair, in request order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// A whole number in `range`; `None` when not given.
    pub fn count(
        &self,
        name: &str,
        range: RangeInclusive<usize>,
    ) -> Result<Option<usize>, ApiError> {
        let Some(v) = self.get(name) else {
            return Ok(None);
        };
        v.parse::<usize>()
            .ok()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| {
                ApiError::invalid(
                    name,
                    format!(
                        "must be a whole number from {} to {}, got `{}`",
                        range.start(),
                        range.end(),
                        printable(v)
                    ),
                )
            })
    }

    /// `limit`: 1 to `max`, `default` when not given. The one limit policy.
    pub fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        Ok(self.count("limit", 1..=max)?.unwrap_or(default))
    }

    /// `offset`: 0 to [`MAX_OFFSET`], 0 when not given.
    pub fn offset(&self) -> Result<usize, ApiError> {
        Ok(self.count("offset", 0..=MAX_OFFSET)?.unwrap_or(0))
    }

    /// A yes/no flag: `true`, `1`, `yes` or an empty value (`?transitive`)
    /// are true; `false`, `0`, `no` are false; absent is false.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        let Some(v) = self.raw(name) else {
            return Ok(false);
        };
        match v.trim().to_ascii_lowercase().as_str() {
            "" | "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            other => Err(ApiError::invalid(
                name,
                format!("`{}` is not true or false", printable(other)),
            )),
        }
    }

    /// One of `choices` (case-insensitive), or `default` when not given.
    pub fn choice(
        &self,
        name: &str,
        choices: &[&'static str],
        default: &'static str,
    ) -> Result<&'static str, ApiError> {
        let Some(v) = self.get(name) else {
            return Ok(default);
        };
        let lower = v.to_ascii_lowercase();
        choices
            .iter()
            .find(|c| **c == lower)
            .copied()
            .ok_or_else(|| {
                ApiError::invalid(
                    name,
                    format!("`{}` is not one of {}", printable(v), choices.join(", ")),
                )
            })
    }
}

/// Percent-decode one name or value (`+` is a space), requiring UTF-8.
fn decode(s: &str) -> Result<String, String> {
    let spaced = s.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 once percent-decoded (bad byte at {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Control characters a value may not hold (tab, line feed and carriage
/// return are fine: a pasted paragraph has them).
fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// A name or value as it may be shown in a message: control characters
/// escaped, cut at 60 characters.
pub fn printable(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == 60 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (raw query string, Ok(pairs) or Err(code))
    #[test]
    fn decodes_by_one_policy() {
        let ok: &[(&str, &[(&str, &str)])] = &[
            ("", &[]),
            ("q=ban+tuyen", &[("q", "ban tuyen")]),
            (
                "q=%C4%90%E1%BA%A3ng&limit=5",
                &[("q", "Đảng"), ("limit", "5")],
            ),
            ("transitive", &[("transitive", "")]),
            ("a=1&&b=2", &[("a", "1"), ("b", "2")]),
            ("q=line%0Abreak%09tab", &[("q", "line\nbreak\ttab")]),
        ];
        for (raw, want) in ok {
            let p = Params::parse(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
            let got: Vec<(&str, &str)> = p.pairs().collect();
            assert_eq!(&got, want, "{raw}");
        }
        let bad: &[(&str, &str)] = &[
            ("q=%FF", "invalid_parameter"),
            ("q=%C3", "invalid_parameter"),
            ("%FF=1", "invalid_parameter"),
            ("q=a&q=b", "invalid_parameter"),
            ("q=%00", "invalid_parameter"),
            ("q=%1B%5B31m", "invalid_parameter"),
            ("a%01=1", "invalid_parameter"),
        ];
        for (raw, code) in bad {
            let e = Params::parse(raw).expect_err(raw);
            assert_eq!(e.code(), *code, "{raw}");
        }
        let long = format!("province={}", "a".repeat(MAX_VALUE_BYTES + 1));
        assert!(Params::parse(&long).is_err());
        let q = format!("q={}", "a".repeat(MAX_VALUE_BYTES + 1));
        assert!(Params::parse(&q).is_ok(), "q may be long");
    }

    #[test]
    fn unknown_parameters_are_named() {
        let e = Params::parse("q=x&colour=red")
            .and_then(|p| p.allow(&["q"]))
            .expect_err("unknown");
        assert_eq!(e.code(), "unknown_parameter");
        assert!(e.to_string().contains("colour"), "{e}");
    }

    #[test]
    fn counts_flags_and_choices() {
        let p = Params::parse("limit=0&offset=-1&depth=99999999999999999999999&t=maybe&f=XML")
            .expect("parses");
        assert!(p.limit(10, 100).is_err(), "limit=0 is refused everywhere");
        assert!(p.offset().is_err());
        assert!(p.count("depth", 0..=5).is_err());
        assert!(p.flag("t").is_err());
        assert!(p.choice("f", &["json", "csv"], "json").is_err());
        let p = Params::parse("limit=7&t=&f=CSV").expect("parses");
        assert_eq!(p.limit(10, 100).ok(), Some(7));
        assert_eq!(p.offset().ok(), Some(0));
        assert_eq!(p.flag("t").ok(), Some(true));
        assert_eq!(p.flag("absent").ok(), Some(false));
        assert_eq!(p.choice("f", &["json", "csv"], "json").ok(), Some("csv"));
    }
}
