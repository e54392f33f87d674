//! Links and Vietnamese labels shared by the pages.

use chrono::NaiveDate;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::extract::{DeadlineKind, DocType, FieldSource, IssuerLevel, Role};
use crate::graph::{NodeSummary, Scope};

/// Characters kept as they are in a path segment: letters, digits and `-_.~`.
/// `/` is encoded, so a reference (`21-KL/TW`) stays one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One path segment, percent-encoded.
pub fn segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// The page of a corpus document.
pub fn doc_href(id: &str) -> String {
    format!("/documents/{}", segment(id))
}

/// The page of a reference (`/refs/21-KL%2FTW`).
pub fn ref_href(reference: &str) -> String {
    format!("/refs/{}", segment(reference))
}

/// The reference page of one of the documents a (possibly reused) number
/// names: `/refs/65-KH%2FTU?key=65-KH%2FTU%40kien-giang%402022-01-12`.
pub fn ref_key_href(reference: &str, key: &str) -> String {
    if key == reference {
        ref_href(reference)
    } else {
        format!("{}{}", ref_href(reference), query(&[("key", key)]))
    }
}

/// Where a node's link goes: its document page when it is in the corpus, else
/// its reference page; `None` for a document named without a number that is
/// not in the corpus.
pub fn node_href(n: &NodeSummary) -> Option<String> {
    if let Some(id) = &n.id {
        return Some(doc_href(id));
    }
    n.reference.as_deref().map(|r| ref_key_href(r, &n.key))
}

/// A node's short name: its number, else its name, else its title, else its key.
pub fn node_name(n: &NodeSummary) -> String {
    n.reference
        .clone()
        .or_else(|| n.name.clone())
        .or_else(|| n.title.clone())
        .unwrap_or_else(|| n.key.clone())
}

/// A query string (`?a=1&b=x%20y`) from pairs, skipping empty values; `""`
/// when there are none.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (k, v) in pairs {
        if !v.trim().is_empty() {
            s.append_pair(k, v);
            any = true;
        }
    }
    if any {
        format!("?{}", s.finish())
    } else {
        String::new()
    }
}

/// A date as Vietnamese write it (`22/03/2022`).
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// An optional date, `—` when unknown.
pub fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_else(|| "—".to_string())
}

/// The Vietnamese name of a type slug (`ke_hoach` → `Kế hoạch`).
pub fn type_label(slug: &str) -> String {
    DocType::from_slug(slug)
        .map(|t| t.label().to_string())
        .unwrap_or_else(|| slug.to_string())
}

/// The Vietnamese name of an issuer level.
pub fn level_label(level: IssuerLevel) -> &'static str {
    match level {
        IssuerLevel::TrungUong => "Trung ương",
        IssuerLevel::Tinh => "Tỉnh, thành phố",
        IssuerLevel::Huyen => "Huyện, quận",
        IssuerLevel::Xa => "Xã, phường",
        IssuerLevel::Khoi => "Đảng bộ khối",
    }
}

/// The Vietnamese name of a level slug (`tinh`).
pub fn level_slug_label(slug: &str) -> String {
    crate::index::query::level_from_slug(slug)
        .map(|l| level_label(l).to_string())
        .unwrap_or_else(|| slug.to_string())
}

/// The Vietnamese name of a task role.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Lead => "Chủ trì",
        Role::Support => "Phối hợp",
        Role::Responsible => "Thực hiện",
    }
}

/// The Vietnamese name of a deadline kind.
pub fn deadline_kind_label(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Date => "ngày",
        DeadlineKind::Month => "tháng",
        DeadlineKind::Quarter => "quý",
        DeadlineKind::Half => "nửa năm",
        DeadlineKind::Year => "năm",
        DeadlineKind::Range => "khoảng thời gian",
        DeadlineKind::Recurring => "định kỳ",
        DeadlineKind::Conditional => "có điều kiện",
        DeadlineKind::Term => "nhiệm kỳ",
    }
}

/// Where an identity value came from.
pub fn provenance_label(source: FieldSource) -> &'static str {
    match source {
        FieldSource::Text => "đọc từ văn bản",
        FieldSource::Manifest => "từ manifest.csv",
        FieldSource::Sidecar => "từ tệp .meta.toml",
        FieldSource::Metadata => "từ siêu dữ liệu của tệp",
    }
}

/// The scope of a node, in words.
pub fn scope_label(scope: &Scope) -> String {
    match scope {
        Scope::Central => "văn bản Trung ương".to_string(),
        Scope::Province(p) => format!("văn bản của {p}"),
        Scope::Document(_) => "văn bản địa phương (chưa rõ tỉnh)".to_string(),
    }
}

/// A number with a thin space between thousands (`12 345`), as Vietnamese
/// typography writes them (a dot would also do; a space is unambiguous).
pub fn count(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_references_in_one_segment() {
        // (input, path)
        let cases = [
            ("21-KL/TW", "/refs/21-KL%2FTW"),
            ("99-QĐ/TW", "/refs/99-Q%C4%90%2FTW"),
            ("130/2020/NĐ-CP", "/refs/130%2F2020%2FN%C4%90-CP"),
            ("a b<c>", "/refs/a%20b%3Cc%3E"),
        ];
        for (r, want) in cases {
            assert_eq!(ref_href(r), want);
        }
        assert_eq!(
            doc_href("kien-giang~60-KH-TU"),
            "/documents/kien-giang~60-KH-TU"
        );
        assert_eq!(ref_key_href("21-KL/TW", "21-KL/TW"), "/refs/21-KL%2FTW");
        assert_eq!(
            ref_key_href("65-KH/TU", "65-KH/TU@kien-giang@2022-01-12"),
            "/refs/65-KH%2FTU?key=65-KH%2FTU%40kien-giang%402022-01-12"
        );
    }

    #[test]
    fn query_strings_skip_blanks_and_encode() {
        assert_eq!(query(&[]), "");
        assert_eq!(query(&[("q", " ")]), "");
        assert_eq!(
            query(&[("q", "ban tuyên giáo"), ("province", ""), ("page", "2")]),
            "?q=ban+tuy%C3%AAn+gi%C3%A1o&page=2"
        );
    }

    #[test]
    fn numbers_and_dates_read_the_vietnamese_way() {
        assert_eq!(count(7), "7");
        assert_eq!(count(1234), "1\u{202F}234");
        assert_eq!(count(1234567), "1\u{202F}234\u{202F}567");
        let d = NaiveDate::from_ymd_opt(2022, 3, 7).unwrap();
        assert_eq!(date(d), "07/03/2022");
        assert_eq!(date_or_dash(None), "—");
        assert_eq!(type_label("ke_hoach"), "Kế hoạch");
        assert_eq!(level_slug_label("tinh"), "Tỉnh, thành phố");
    }
}
