//! The search query language, parsed by hand so every error names its problem.
//!
//! ```text
//! chỉnh đốn Đảng                 words: all must match (with or without diacritics)
//! "Ban Tuyên giáo"               a phrase
//! -"tự diễn biến" -suy           exclusions
//! 21-KL/TW   21 - KL/TW          a document number, matched as one unit
//! province:"Kiên Giang" type:ke_hoach from:2022-01-01 to:2022-12-31
//! implements:21-KL/TW cites:99-QĐ/TW organ:ban_tuyen_giao level:tinh
//! ```

use chrono::NaiveDate;

use crate::extract::{DocType, IssuerLevel};

/// Longest query accepted, in bytes of UTF-8 (10 KB: a pasted page of text
/// is a valid query; the cap is far beyond anything typed).
pub const MAX_QUERY_BYTES: usize = 10 * 1024;
/// Most terms (words, phrase words, exclusions, filters) in one query.
pub const MAX_QUERY_TERMS: usize = 1000;

/// Filter names accepted as `name:value` inside a query.
pub const FILTERS: [&str; 8] = [
    "province",
    "type",
    "from",
    "to",
    "implements",
    "cites",
    "organ",
    "level",
];

/// Issuer levels and their slugs in records, filters and the index.
pub const LEVELS: [(IssuerLevel, &str); 5] = [
    (IssuerLevel::TrungUong, "trung_uong"),
    (IssuerLevel::Tinh, "tinh"),
    (IssuerLevel::Huyen, "huyen"),
    (IssuerLevel::Xa, "xa"),
    (IssuerLevel::Khoi, "khoi"),
];

/// The slug of an issuer level (`tinh`).
pub fn level_slug(level: IssuerLevel) -> &'static str {
    match level {
        IssuerLevel::TrungUong => "trung_uong",
        IssuerLevel::Tinh => "tinh",
        IssuerLevel::Huyen => "huyen",
        IssuerLevel::Xa => "xa",
        IssuerLevel::Khoi => "khoi",
    }
}

/// The issuer level of a slug; `None` for anything else.
pub fn level_from_slug(slug: &str) -> Option<IssuerLevel> {
    LEVELS.iter().find(|(_, s)| *s == slug).map(|(l, _)| *l)
}

/// Why a query cannot be read. Each message says where and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty: type some words, a \"phrase\" or a filter such as province:\"Kiên Giang\"")]
    Empty,
    #[error("the query is {0} bytes long; the limit is {MAX_QUERY_BYTES} bytes (about ten pages of typing): shorten it")]
    TooLong(usize),
    #[error("the query has {0} terms; the limit is {MAX_QUERY_TERMS}: keep the words that matter")]
    TooManyTerms(usize),
    #[error("unclosed quote: the phrase that starts at character {0} has no closing \"")]
    UnclosedQuote(usize),
    #[error("empty phrase \"\" at character {0}")]
    EmptyPhrase(usize),
    #[error("filter `{0}:` has no value (write {0}:VALUE, quoted if it has spaces)")]
    MissingValue(String),
    #[error("`{field}:{value}` is not a date: use YYYY-MM-DD, for example {field}:2022-03-22")]
    BadDate { field: String, value: String },
    #[error("`type:{0}` is not a document type; known types: {known}", known = known_types())]
    UnknownType(String),
    #[error("`level:{0}` is not an issuer level; known levels: trung_uong, tinh, huyen, xa, khoi")]
    UnknownLevel(String),
    #[error("every term is excluded with `-`: add at least one term to search for")]
    OnlyExclusions,
    #[error("nothing searchable in `{0}`: it has no letters or digits")]
    NothingSearchable(String),
}

fn known_types() -> String {
    DocType::ALL
        .iter()
        .map(|t| t.slug())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A query after parsing, before analysis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Unquoted words, joined in order (analysed as one text so `21 - KL/TW` stays a number).
    pub free_text: String,
    /// Quoted phrases.
    pub phrases: Vec<String>,
    /// Excluded words and phrases (`-word`, `-"a phrase"`).
    pub excluded: Vec<String>,
    pub filters: Filters,
    /// Byte spans in the query text of the free-text chunks, in the order
    /// they are joined (with one space) into `free_text`.
    pub free_spans: Vec<std::ops::Range<usize>>,
    /// Byte spans in the query text of each phrase of `phrases` (inside the quotes).
    pub phrase_spans: Vec<std::ops::Range<usize>>,
}

/// Structured filters, from the query text or from request parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub provinces: Vec<String>,
    pub doc_types: Vec<DocType>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub implements: Vec<String>,
    pub cites: Vec<String>,
    pub organs: Vec<String>,
    pub levels: Vec<IssuerLevel>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self == &Filters::default()
    }

    /// Add one `name:value` filter. `name` must be one of [`FILTERS`].
    pub fn add(&mut self, name: &str, value: &str) -> Result<(), QueryError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(QueryError::MissingValue(name.to_string()));
        }
        match name {
            "province" => self.provinces.push(value.to_string()),
            "type" => {
                let t = DocType::from_slug(&value.to_lowercase())
                    .ok_or_else(|| QueryError::UnknownType(value.to_string()))?;
                self.doc_types.push(t);
            }
            "from" => self.from = Some(parse_date(name, value)?),
            "to" => self.to = Some(parse_date(name, value)?),
            "implements" => self.implements.push(value.to_string()),
            "cites" => self.cites.push(value.to_string()),
            "organ" => self.organs.push(value.to_string()),
            "level" => self.levels.push(
                level_from_slug(&value.to_lowercase())
                    .ok_or_else(|| QueryError::UnknownLevel(value.to_string()))?,
            ),
            other => return Err(QueryError::MissingValue(other.to_string())),
        }
        Ok(())
    }
}

fn parse_date(field: &str, value: &str) -> Result<NaiveDate, QueryError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| QueryError::BadDate {
        field: field.to_string(),
        value: value.to_string(),
    })
}

/// Parse a query string.
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    if input.len() > MAX_QUERY_BYTES {
        return Err(QueryError::TooLong(input.len()));
    }
    let terms = input.split_whitespace().count();
    if terms > MAX_QUERY_TERMS {
        return Err(QueryError::TooManyTerms(terms));
    }
    let chars: Vec<char> = input.chars().collect();
    // Byte offset of every character, and of the end.
    let byte_at: Vec<usize> = input
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(input.len()))
        .collect();
    let mut q = ParsedQuery::default();
    let mut free: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negated = c == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace();
        let start = if negated { i + 1 } else { i };
        if chars[start] == '"' {
            let (phrase, next) = quoted(&chars, start)?;
            if negated {
                q.excluded.push(phrase);
            } else {
                // The phrase's span: inside the quotes, trimmed as `quoted` trims.
                let inner = &input[byte_at[start + 1]..byte_at[next - 1]];
                let lead = inner.len() - inner.trim_start().len();
                let from = byte_at[start + 1] + lead;
                q.phrase_spans.push(from..from + phrase.len());
                q.phrases.push(phrase);
            }
            i = next;
            continue;
        }
        // A bare chunk up to the next white space (a filter value may be quoted).
        let mut j = start;
        while j < chars.len() && !chars[j].is_whitespace() && chars[j] != '"' {
            j += 1;
        }
        let chunk: String = chars[start..j].iter().collect();
        if let Some((name, rest)) = chunk.split_once(':') {
            let lname = name.to_lowercase();
            if !negated && FILTERS.contains(&lname.as_str()) {
                let (value, next) = if rest.is_empty() && j < chars.len() && chars[j] == '"' {
                    quoted(&chars, j)?
                } else {
                    (rest.to_string(), j)
                };
                q.filters.add(&lname, &value)?;
                i = next;
                continue;
            }
        }
        if negated {
            q.excluded.push(chunk);
        } else {
            q.free_spans.push(byte_at[start]..byte_at[j]);
            free.push(chunk);
        }
        i = j;
    }
    q.free_text = free.join(" ");
    let has_positive = !q.free_text.trim().is_empty() || !q.phrases.is_empty();
    if !has_positive {
        if !q.excluded.is_empty() {
            return Err(QueryError::OnlyExclusions);
        }
        if q.filters.is_empty() {
            return Err(QueryError::Empty);
        }
    }
    Ok(q)
}

/// Read a quoted string starting at `chars[start] == '"'`; returns it and the index after.
fn quoted(chars: &[char], start: usize) -> Result<(String, usize), QueryError> {
    let mut j = start + 1;
    while j < chars.len() && chars[j] != '"' {
        j += 1;
    }
    if j >= chars.len() {
        return Err(QueryError::UnclosedQuote(start + 1));
    }
    let s: String = chars[start + 1..j].iter().collect();
    if s.trim().is_empty() {
        return Err(QueryError::EmptyPhrase(start + 1));
    }
    Ok((s.trim().to_string(), j + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_query_language() {
        let q = parse(r#"chỉnh đốn "Ban Tuyên giáo" -"tự diễn biến" -suy province:"Kiên Giang" type:ke_hoach implements:21-KL/TW 21 - KL/TW"#)
            .expect("parses");
        assert_eq!(q.free_text, "chỉnh đốn 21 - KL/TW");
        assert_eq!(q.phrases, vec!["Ban Tuyên giáo"]);
        assert_eq!(q.excluded, vec!["tự diễn biến", "suy"]);
        assert_eq!(q.filters.provinces, vec!["Kiên Giang"]);
        assert_eq!(q.filters.doc_types, vec![DocType::KeHoach]);
        assert_eq!(q.filters.implements, vec!["21-KL/TW"]);
        let q = parse("level:tinh level:KHOI x").expect("parses");
        assert_eq!(q.filters.levels, vec![IssuerLevel::Tinh, IssuerLevel::Khoi]);
        for (level, slug) in LEVELS {
            assert_eq!(level_slug(level), slug);
            assert_eq!(level_from_slug(slug), Some(level));
        }
    }

    #[test]
    fn spans_point_into_the_query_text() {
        let input = r#"chỉnh  đốn "  Ban Tuyên giáo " province:"Kiên Giang" -suy Đảng"#;
        let q = parse(input).expect("parses");
        let free: Vec<&str> = q.free_spans.iter().map(|r| &input[r.clone()]).collect();
        assert_eq!(free, ["chỉnh", "đốn", "Đảng"]);
        assert_eq!(free.join(" "), q.free_text);
        let phrases: Vec<&str> = q.phrase_spans.iter().map(|r| &input[r.clone()]).collect();
        assert_eq!(phrases, q.phrases);
        assert_eq!(phrases, ["Ban Tuyên giáo"]);
    }

    #[test]
    fn unknown_prefixes_are_plain_text() {
        let q = parse("Lưu ý: báo cáo").expect("parses");
        assert_eq!(q.free_text, "Lưu ý: báo cáo");
        assert!(q.filters.is_empty());
    }

    #[test]
    fn errors_name_the_problem() {
        const CASES: &[(&str, &str)] = &[
            ("", "empty"),
            ("   ", "empty"),
            ("\"ban tuyen", "unclosed quote"),
            ("ban \"\"", "empty phrase"),
            ("province:", "has no value"),
            ("from:22/3/2022 x", "not a date"),
            ("type:nghi_dinh_thu x", "not a document type"),
            ("level:quan x", "not an issuer level"),
            ("-suy -\"tự diễn biến\"", "excluded"),
        ];
        for (input, want) in CASES {
            let err = parse(input).expect_err(input);
            assert!(err.to_string().contains(want), "{input:?}: {err}");
        }
        let long = "ab".repeat(MAX_QUERY_BYTES);
        assert!(matches!(parse(&long), Err(QueryError::TooLong(_))));
        let many = "a ".repeat(MAX_QUERY_TERMS + 1);
        assert!(matches!(parse(&many), Err(QueryError::TooManyTerms(_))));
    }

    #[test]
    fn a_pasted_paragraph_is_a_query() {
        let paragraph = "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan \
            tham mưu Ban Thường vụ Tỉnh ủy lãnh đạo, chỉ đạo triển khai thực hiện Kết luận \
            số 21-KL/TW (\"tự diễn biến\", \"tự chuyển hóa\"); báo cáo kết quả về Ban Chấp hành. "
            .repeat(12);
        let q = parse(&paragraph).expect("a paragraph parses");
        assert!(q.free_text.len() > 1000);
        assert_eq!(q.phrases.len(), 24);
        let brackets = format!("({}", "(".repeat(5000));
        assert!(parse(&brackets).is_ok(), "brackets are plain text");
    }

    #[test]
    fn a_filter_alone_is_a_query() {
        let q = parse("province:\"Trà Vinh\"").expect("parses");
        assert!(q.free_text.is_empty());
        assert_eq!(q.filters.provinces, vec!["Trà Vinh"]);
    }
}
