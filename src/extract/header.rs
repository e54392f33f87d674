//! Document identity: number, type, title, issuer, level, province, date, signer.
//!
//! Read from the header block when there is one (`TỈNH ỦY KIÊN GIANG`,
//! `Số 60-KH/TU`, `Kiên Giang, ngày 22 tháng 3 năm 2022`, `KẾ HOẠCH` + trích yếu),
//! from the opening sentence (`…, Ban Thường vụ Tỉnh ủy đề ra Kế hoạch …`), the
//! `(Kèm theo Quyết định số … ngày …)` line and the signature block
//! (`T/M BAN THƯỜNG VỤ` / `PHÓ BÍ THƯ THƯỜNG TRỰC` / `(Đã ký)` / name). A field
//! the text does not state stays `None`: nothing is guessed.
//!
//! The input is normalised text, but the code also copes with markdown marks
//! (`**`, `#`), leading and repeated spaces and either tone-mark style.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::citation::Mention;
use super::record::{DocType, FieldSource, IssuerLevel, Record, Signer};
use crate::parse::Outline;

/// The identity fields of a record, with where each came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Identity {
    /// Số/ký hiệu, normalised (`60-KH/TU`).
    pub number: Option<String>,
    /// From the type heading (`KẾ HOẠCH`), else the symbol of the number.
    pub doc_type: DocType,
    /// Type word in sentence case + trích yếu on one line.
    pub title: Option<String>,
    /// Issuing body, qualified with its place when the text gives it.
    pub issuer: Option<String>,
    pub issuer_level: Option<IssuerLevel>,
    /// Canonical province name (`Kiên Giang`), `None` unless the text or a
    /// manifest states it.
    pub province: Option<String>,
    /// Date of issue, or of the decision the document is attached to.
    pub date: Option<NaiveDate>,
    pub signer: Option<Signer>,
    /// Where each field came from (`text`, `manifest`, `sidecar`).
    pub provenance: BTreeMap<String, FieldSource>,
    /// Manifest values the record has no field for (`source_url`).
    pub extra: BTreeMap<String, String>,
}

impl Identity {
    /// Copy the identity fields into a record.
    pub fn fill(self, record: &mut Record) {
        record.number = self.number;
        record.doc_type = self.doc_type;
        record.title = self.title;
        record.issuer = self.issuer;
        record.issuer_level = self.issuer_level;
        record.province = self.province;
        record.date = self.date;
        record.signer = self.signer;
        record.provenance = self.provenance;
        record.extra = self.extra;
    }
}

/// Read the identity from the header block, or from the body when there is none.
///
/// `mentions` (from the citation finder) is only used as a fallback for the date
/// of an attached decision; the `Kèm theo …` line is parsed here directly.
pub fn identify(text: &str, _outline: &Outline, mentions: &[Mention]) -> Identity {
    let lines: Vec<String> = text.lines().map(clean_line).collect();
    let heading = find_type_heading(&lines);
    let header_end = match &heading {
        Some(h) => h.line,
        None => first_body_line(&lines).min(15),
    };
    let header = &lines[..header_end.min(lines.len())];

    let mut id = Identity::default();

    // Number: `Số 60-KH/TU`, `Số: 123/KH-UBND`.
    let number = header.iter().find_map(|l| parse_number_line(l));

    // Type: the heading word, else the symbol of the number.
    let mut doc_type = heading.as_ref().map(|h| h.doc_type);
    if doc_type.is_none() {
        doc_type = number.as_deref().and_then(doc_type_from_number);
    }

    // Title: heading word in sentence case + trích yếu on one line.
    let (title, attached_line) = match &heading {
        Some(h) => title_and_attachment(&lines, h),
        None => (None, None),
    };

    // Organs named in the header (`TỈNH ỦY KIÊN GIANG`).
    let organs = header_organs(header);

    // Dateline and its place.
    let dateline = header.iter().find_map(|l| parse_dateline(l));

    // Date of an attached decision, when the document has no dateline.
    let attached_date = attached_line
        .as_deref()
        .and_then(parse_attached_date)
        .or_else(|| {
            let zone_end = heading
                .as_ref()
                .map(|h| (h.line + 12).min(lines.len()))
                .unwrap_or(header_end);
            lines[..zone_end]
                .iter()
                .filter(|l| starts_with_folded(l.trim_start_matches('('), "KEM THEO"))
                .find_map(|l| parse_attached_date(l))
        })
        .or_else(|| attached_mention_date(text, mentions));

    let date = dateline.as_ref().map(|d| d.date).or(attached_date);

    // Province: header organ, dateline place, then an unambiguous mention.
    let province = organs
        .iter()
        .rev()
        .find_map(|o| provinces::in_organ(&o.upper, date))
        .or_else(|| {
            let district_header = organs.last().is_some_and(|o| o.kind.is_below_province());
            if district_header {
                None
            } else {
                dateline
                    .as_ref()
                    .and_then(|d| provinces::lookup_exact(&d.place, date))
            }
        })
        .or_else(|| provinces::unambiguous_mention(text, date));

    // Issuer: opening sentence, signature authority, header organ.
    let opening = opening_subject(&lines);
    let signature = find_signature(&lines);
    let issuer = compose_issuer(
        opening.as_deref(),
        signature.as_ref().and_then(|s| s.authority.as_deref()),
        organs.last(),
        province.as_deref(),
    );
    let issuer_level = issuer
        .as_deref()
        .and_then(|i| level_of(i, province.as_deref()))
        .or_else(|| organs.last().and_then(|o| o.kind.level()));

    let signer = signature.and_then(|s| {
        s.name.map(|name| Signer {
            name,
            title: s.title,
        })
    });

    let mut set = |field: &str, present: bool| {
        if present {
            id.provenance.insert(field.to_string(), FieldSource::Text);
        }
    };
    set("number", number.is_some());
    set("doc_type", doc_type.is_some());
    set("title", title.is_some());
    set("issuer", issuer.is_some());
    set("issuer_level", issuer_level.is_some());
    set("province", province.is_some());
    set("date", date.is_some());
    set("signer", signer.is_some());

    id.number = number;
    id.doc_type = doc_type.unwrap_or_default();
    id.title = title;
    id.issuer = issuer;
    id.issuer_level = issuer_level;
    id.province = province;
    id.date = date;
    id.signer = signer;
    id
}

// ---------------------------------------------------------------------------
// Lines and folding helpers

/// A line without markdown marks (`**`, leading `#`, `*emphasis*`), with white
/// space runs folded to one space and trimmed. A line of only `*` stays `*`.
fn clean_line(line: &str) -> String {
    let t = line.trim();
    if !t.is_empty() && t.chars().all(|c| c == '*' || c.is_whitespace()) {
        return "*".to_string();
    }
    let t = t.trim_start_matches('#');
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c == '*' {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Upper-case ASCII skeleton of a text: no diacritics, `Đ`→`D`, either tone
/// style gives the same result. One output char per input char.
fn skeleton(s: &str) -> String {
    s.chars().map(skeleton_char).collect()
}

fn skeleton_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let f = crate::normalize::fold_char(c);
    f.to_uppercase().next().unwrap_or(f)
}

/// True when `line`, folded, starts with the upper-case ASCII `prefix` at a word end.
fn starts_with_folded(line: &str, prefix: &str) -> bool {
    let sk = skeleton(line);
    sk.starts_with(prefix)
        && sk[prefix.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Byte range in `hay` of the first occurrence of the folded upper-case `needle`
/// starting and ending at word boundaries.
fn find_folded(hay: &str, needle: &str) -> Option<(usize, usize)> {
    let chars: Vec<(usize, char)> = hay
        .char_indices()
        .map(|(i, c)| (i, skeleton_char(c)))
        .collect();
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() || chars.len() < needle.len() {
        return None;
    }
    for start in 0..=chars.len() - needle.len() {
        if start > 0 && chars[start - 1].1.is_alphanumeric() {
            continue;
        }
        if chars[start..start + needle.len()]
            .iter()
            .map(|(_, c)| *c)
            .eq(needle.iter().copied())
        {
            let end_idx = start + needle.len();
            if end_idx < chars.len() && chars[end_idx].1.is_alphanumeric() {
                continue;
            }
            let end = chars.get(end_idx).map(|(i, _)| *i).unwrap_or(hay.len());
            return Some((chars[start].0, end));
        }
    }
    None
}

fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// All letters upper-case (and at least one letter).
fn is_upper_line(s: &str) -> bool {
    has_letters(s)
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// First character upper-cased, the rest unchanged.
fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// First character lower-cased, the rest unchanged.
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `KẾ HOẠCH` → `Kế hoạch`.
fn sentence_case(s: &str) -> String {
    capitalize_first(&s.to_lowercase())
}

// ---------------------------------------------------------------------------
// Type heading and title

/// Type words as written in headings, folded, longest first per prefix.
const TYPE_WORDS: &[(&str, DocType)] = &[
    ("CHUONG TRINH HANH DONG", DocType::ChuongTrinh),
    ("CHUONG TRINH", DocType::ChuongTrinh),
    ("THONG BAO KET LUAN", DocType::ThongBao),
    ("THONG BAO", DocType::ThongBao),
    ("THONG TRI", DocType::ThongTri),
    ("THONG TU", DocType::ThongTu),
    ("KE HOACH", DocType::KeHoach),
    ("NGHI QUYET", DocType::NghiQuyet),
    ("NGHI DINH", DocType::NghiDinh),
    ("KET LUAN", DocType::KetLuan),
    ("CHI THI", DocType::ChiThi),
    ("QUYET DINH", DocType::QuyetDinh),
    ("QUY DINH", DocType::QuyDinh),
    ("CONG VAN", DocType::CongVan),
    ("HUONG DAN", DocType::HuongDan),
    ("DE AN", DocType::DeAn),
    ("LUAT", DocType::Luat),
    ("BAO CAO", DocType::BaoCao),
    ("TO TRINH", DocType::ToTrinh),
];

/// The line that names the document's type (`KẾ HOẠCH`), and what follows it.
#[derive(Debug, Clone, PartialEq)]
struct TypeHeading {
    line: usize,
    doc_type: DocType,
    /// The type word as written (`KẾ HOẠCH`).
    word: String,
    /// Text after the type word on the same line (a trích yếu written inline).
    rest: String,
}

fn find_type_heading(lines: &[String]) -> Option<TypeHeading> {
    let limit = first_body_line(lines).min(lines.len()).min(60);
    for (i, line) in lines.iter().enumerate().take(limit) {
        if line.is_empty() {
            continue;
        }
        let sk = skeleton(line);
        for (word, t) in TYPE_WORDS {
            if !sk.starts_with(word) {
                continue;
            }
            let n = word.chars().count();
            let split = line
                .char_indices()
                .nth(n)
                .map(|(b, _)| b)
                .unwrap_or(line.len());
            let (head, rest) = line.split_at(split);
            if !is_upper_line(head) {
                break;
            }
            let rest_trim = rest.trim();
            // A word boundary after the type word; an inline trích yếu starts
            // with a lower-case word ("KẾ HOẠCH thực hiện …").
            if !rest.is_empty() && !rest.starts_with(' ') {
                break;
            }
            if !rest_trim.is_empty() && is_upper_line(rest_trim) {
                // A heading such as "KẾ HOẠCH VÀ ĐẦU TƯ" (part of an organ name),
                // unless the line is the whole upper-case title of a short doc.
                break;
            }
            return Some(TypeHeading {
                line: i,
                doc_type: *t,
                word: head.to_string(),
                rest: rest_trim.to_string(),
            });
        }
    }
    None
}

static ROMAN_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:PHẦN\s+)?[IVXL]+\s*(?:[.\-/):]|\.-)(?:\s|$)").expect("static regex")
});

/// Index of the first line of the body (first Roman-numeral section heading).
fn first_body_line(lines: &[String]) -> usize {
    lines
        .iter()
        .position(|l| ROMAN_HEADING.is_match(l))
        .unwrap_or(lines.len())
}

/// Words that open the opening sentence rather than continue a trích yếu.
const OPENING_WORDS: &[&str] = &[
    "THUC HIEN",
    "CAN CU",
    "QUAN TRIET",
    "TRIEN KHAI",
    "NHAM",
    "DE ",
    "TREN CO SO",
    "THEO",
    "XET",
];

fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().count() >= 3
        && t.chars()
            .all(|c| matches!(c, '_' | '-' | '=' | '*' | '~' | '.' | '–' | '—'))
}

/// The title (type word + trích yếu) and the `(Kèm theo …)` line, if any.
fn title_and_attachment(lines: &[String], h: &TypeHeading) -> (Option<String>, Option<String>) {
    let mut parts: Vec<String> = Vec::new();
    if !h.rest.is_empty() {
        parts.push(h.rest.clone());
    }
    let mut attached = None;
    let mut blanks = 0;
    for raw in lines.iter().skip(h.line + 1).take(15) {
        let line = raw.trim();
        if line.is_empty() {
            blanks += 1;
            if blanks >= 3 && !parts.is_empty() {
                break;
            }
            continue;
        }
        blanks = 0;
        if is_rule(line) || line == "*" || ROMAN_HEADING.is_match(line) {
            break;
        }
        let inner = line.trim_start_matches('(');
        if starts_with_folded(inner, "KEM THEO") || starts_with_folded(inner, "BAN HANH KEM THEO") {
            attached = Some(line.to_string());
            break;
        }
        let sk = skeleton(line);
        if line.ends_with(':') {
            break;
        }
        // An upper-case line after a mixed-case trích yếu is the next block
        // (`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH` above the grounds of a decision).
        if is_upper_line(line) && parts.iter().any(|p| p.chars().any(char::is_lowercase)) {
            break;
        }
        let capital = line.chars().next().is_some_and(char::is_uppercase);
        if !parts.is_empty() && capital && OPENING_WORDS.iter().any(|w| sk.starts_with(w)) {
            break;
        }
        parts.push(line.to_string());
    }
    if parts.is_empty() {
        return (Some(sentence_case(&h.word)), attached);
    }
    let mut body = parts.join(" ");
    if !body.chars().any(char::is_lowercase) {
        // An all-capitals trích yếu: lower-case it, keeping references as written.
        body = body
            .split(' ')
            .map(|w| {
                if w.chars().any(|c| c.is_ascii_digit()) {
                    w.to_string()
                } else {
                    w.to_lowercase()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    } else {
        let first = body.split(' ').next().unwrap_or("");
        let acronym =
            first.chars().filter(|c| c.is_alphabetic()).count() > 1 && is_upper_line(first);
        if !acronym {
            body = lowercase_first(&body);
        }
    }
    (
        Some(format!("{} {}", sentence_case(&h.word), body)),
        attached,
    )
}

// ---------------------------------------------------------------------------
// Number and type from the number

static NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)Số\s*[:.]?\s*(\d+(?:\s*[-/.]\s*[0-9\p{L}]+)+)").expect("static regex")
});

/// `Số 60-KH/TU` → `60-KH/TU` (normalised); `Số   /KH-UBND` (no number) → `None`.
fn parse_number_line(line: &str) -> Option<String> {
    let caps = NUMBER_LINE.captures(line)?;
    let raw = caps.get(1)?.as_str().trim_end_matches(['.', '-', '/']);
    Some(super::refs::normalize_ref(raw))
}

/// The type a document's own number implies (`60-KH/TU` → ke_hoach).
fn doc_type_from_number(number: &str) -> Option<DocType> {
    let sk = skeleton(number);
    // Party style `60-KH/TU`: the symbol sits between '-' and '/'.
    // State style `123/KH-UBND`, `130/2020/NĐ-CP`: the part before the last '-'.
    let party = sk
        .split_once('-')
        .and_then(|(n, rest)| n.chars().all(|c| c.is_ascii_digit()).then_some(rest))
        .and_then(|rest| rest.split('/').next());
    let state = sk
        .rsplit_once('-')
        .and_then(|(head, _)| head.rsplit('/').next());
    let (symbol, is_party) = match (party, state) {
        (Some(p), _) if sk.find('-') < sk.find('/') => (p, true),
        (_, Some(s)) => (s, false),
        (Some(p), None) => (p, true),
        (None, None) => return None,
    };
    let t = match symbol {
        "KH" => DocType::KeHoach,
        "NQ" => DocType::NghiQuyet,
        "KL" => DocType::KetLuan,
        "CT" => DocType::ChiThi,
        "CTR" | "CTRHĐ" => DocType::ChuongTrinh,
        "CV" => DocType::CongVan,
        "HD" => DocType::HuongDan,
        "TB" | "TBKL" => DocType::ThongBao,
        "DA" => DocType::DeAn,
        "ND" => DocType::NghiDinh,
        "BC" => DocType::BaoCao,
        "TTR" => DocType::ToTrinh,
        "TT" if is_party => DocType::ThongTri,
        "TT" => DocType::ThongTu,
        // A state `QĐ` is always a Quyết định; the party uses `QĐ` for both
        // Quyết định and Quy định, so the symbol alone does not say which.
        "QD" if !is_party => DocType::QuyetDinh,
        _ => return None,
    };
    Some(t)
}

// ---------------------------------------------------------------------------
// Dates

#[derive(Debug, Clone, PartialEq)]
struct Dateline {
    place: String,
    date: NaiveDate,
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)([\p{L}.][\p{L}. \-]*?)\s*,\s*ngày\s+(\d{1,2})\s*(?:tháng\s+(\d{1,2})\s+năm\s+(\d{4})|[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}))",
    )
    .expect("static regex")
});

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `Kiên Giang, ngày 22 tháng 3 năm 2022` → place and date.
fn parse_dateline(line: &str) -> Option<Dateline> {
    if line.chars().count() > 120 {
        return None;
    }
    let caps = DATELINE.captures(line)?;
    // A dateline ends with its year; a dated citation in a sentence goes on.
    let whole = caps.get(0)?;
    if line[whole.end()..].trim().chars().count() > 3 {
        return None;
    }
    let d = caps.get(2)?.as_str();
    let (m, y) = match (caps.get(3), caps.get(4), caps.get(5), caps.get(6)) {
        (Some(m), Some(y), _, _) => (m.as_str(), y.as_str()),
        (_, _, Some(m), Some(y)) => (m.as_str(), y.as_str()),
        _ => return None,
    };
    let date = ymd(y, m, d)?;
    // The place: the trailing capitalised words before ", ngày" (a merged
    // two-column header can put "Số 15-KH/TU" in front of it).
    let before = caps.get(1)?.as_str();
    let words: Vec<&str> = before.split_whitespace().collect();
    let mut start = words.len();
    while start > 0 {
        let w = words[start - 1];
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let all_caps = letters > 1
            && w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
            && !matches!(w, "TP." | "TP" | "TX." | "TX");
        let ok = w
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '-' || c == '–')
            && !w.chars().any(|c| c.is_ascii_digit() || c == '/')
            && !all_caps;
        if !ok || skeleton(w) == "SO" {
            break;
        }
        start -= 1;
    }
    let place = words[start..].join(" ");
    if place.is_empty() {
        return None;
    }
    Some(Dateline { place, date })
}

static ATTACHED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)kèm\s+theo\b[^\n]*?\bngày\s+(\d{1,2})\s*(?:tháng\s+(\d{1,2})\s+năm\s+(\d{4})|[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}))",
    )
    .expect("static regex")
});

/// `(Kèm theo Quyết định số 2772/QĐ-UBND ngày 06/12/2023 của UBND tỉnh)` → 2023-12-06.
fn parse_attached_date(line: &str) -> Option<NaiveDate> {
    let caps = ATTACHED_DATE.captures(line)?;
    let d = caps.get(1)?.as_str();
    match (caps.get(2), caps.get(3), caps.get(4), caps.get(5)) {
        (Some(m), Some(y), _, _) => ymd(y.as_str(), m.as_str(), d),
        (_, _, Some(m), Some(y)) => ymd(y.as_str(), m.as_str(), d),
        _ => None,
    }
}

/// Fallback: a dated mention right after a `Kèm theo` near the top of the text.
fn attached_mention_date(text: &str, mentions: &[Mention]) -> Option<NaiveDate> {
    let head_end = text
        .char_indices()
        .nth(3000)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let head = &text[..head_end];
    let (_, kem_end) = find_folded(head, "KEM THEO")?;
    mentions
        .iter()
        .filter(|m| m.span[0] >= kem_end && m.span[0] <= kem_end + 40)
        .find_map(|m| m.date)
}

// ---------------------------------------------------------------------------
// Header organs

/// The level word an organ name is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrganKind {
    Central,
    Province,
    /// A centrally-run city (Thành ủy Hà Nội) or any Thành ủy whose level is unknown.
    City,
    District,
    Commune,
    Bloc,
    Other,
}

impl OrganKind {
    fn is_below_province(self) -> bool {
        matches!(self, OrganKind::District | OrganKind::Commune)
    }

    fn level(self) -> Option<IssuerLevel> {
        match self {
            OrganKind::Central => Some(IssuerLevel::TrungUong),
            OrganKind::Province => Some(IssuerLevel::Tinh),
            OrganKind::District => Some(IssuerLevel::Huyen),
            OrganKind::Commune => Some(IssuerLevel::Xa),
            OrganKind::Bloc => Some(IssuerLevel::Khoi),
            OrganKind::City | OrganKind::Other => None,
        }
    }
}

/// One organ line of the header (`TỈNH ỦY KIÊN GIANG`).
#[derive(Debug, Clone, PartialEq)]
struct HeaderOrgan {
    /// As written, upper-case.
    upper: String,
    /// Display form (`Tỉnh ủy Kiên Giang`).
    display: String,
    kind: OrganKind,
}

/// Phrases that end the organ column of a two-column header.
const RIGHT_COLUMN: &[&str] = &[
    "DANG CONG SAN VIET NAM",
    "CONG HOA XA HOI CHU NGHIA VIET NAM",
    "DOC LAP - TU DO - HANH PHUC",
    "DOC LAP",
];

/// Organ lines of the header block, top to bottom; a line ending in an organ
/// word without its place (`ỦY BAN NHÂN DÂN`) is joined with the next
/// (`TỈNH AN GIANG`).
fn header_organs(header: &[String]) -> Vec<HeaderOrgan> {
    let mut raw: Vec<String> = Vec::new();
    for line in header {
        let mut l = line.as_str();
        for phrase in RIGHT_COLUMN {
            if let Some((s, _)) = find_folded(l, phrase) {
                l = &l[..s];
            }
        }
        let l = l.trim().trim_end_matches(['-', '–', ',']).trim();
        if l.is_empty() || l == "*" || !is_upper_line(l) {
            continue;
        }
        let sk = skeleton(l);
        if sk.starts_with("SO ")
            || sk.starts_with("SO:")
            || TYPE_WORDS.iter().any(|(w, _)| sk == *w)
        {
            continue;
        }
        let continues_previous = PLACE_WORDS
            .iter()
            .any(|(w, _)| sk.starts_with(w) && sk[w.len()..].starts_with(' '))
            && raw.last().is_some_and(|prev| {
                let p = skeleton(prev);
                p.ends_with("UY BAN NHAN DAN") || p.ends_with("HOI DONG NHAN DAN") || p == "UBND"
            });
        if continues_previous {
            if let Some(prev) = raw.last_mut() {
                prev.push(' ');
                prev.push_str(l);
            }
        } else {
            raw.push(l.to_string());
        }
    }
    raw.into_iter()
        .map(|upper| {
            let (display, kind) = organ_display(&upper);
            HeaderOrgan {
                upper,
                display,
                kind,
            }
        })
        .collect()
}

/// Organ words: folded upper-case → display form and the level they imply.
const ORGAN_WORDS: &[(&str, &str, Option<OrganKind>)] = &[
    (
        "BAN CHAP HANH TRUNG UONG",
        "Ban Chấp hành Trung ương",
        Some(OrganKind::Central),
    ),
    ("BO CHINH TRI", "Bộ Chính trị", Some(OrganKind::Central)),
    ("BAN BI THU", "Ban Bí thư", Some(OrganKind::Central)),
    ("CHINH PHU", "Chính phủ", Some(OrganKind::Central)),
    (
        "THU TUONG CHINH PHU",
        "Thủ tướng Chính phủ",
        Some(OrganKind::Central),
    ),
    ("TRUNG UONG", "Trung ương", Some(OrganKind::Central)),
    ("UY BAN NHAN DAN", "Ủy ban nhân dân", None),
    ("UBND", "Ủy ban nhân dân", None),
    ("HOI DONG NHAN DAN", "Hội đồng nhân dân", None),
    ("HDND", "Hội đồng nhân dân", None),
    ("BAN THUONG VU", "Ban Thường vụ", None),
    ("BAN CHAP HANH", "Ban Chấp hành", None),
    ("THUONG TRUC", "Thường trực", None),
    (
        "BAN TUYEN GIAO VA DAN VAN",
        "Ban Tuyên giáo và Dân vận",
        None,
    ),
    ("BAN TUYEN GIAO", "Ban Tuyên giáo", None),
    ("BAN TO CHUC", "Ban Tổ chức", None),
    ("BAN DAN VAN", "Ban Dân vận", None),
    ("BAN NOI CHINH", "Ban Nội chính", None),
    ("UY BAN KIEM TRA", "Ủy ban Kiểm tra", None),
    ("VAN PHONG", "Văn phòng", None),
    ("BAN CAN SU DANG", "Ban cán sự đảng", None),
    ("DANG DOAN", "Đảng đoàn", None),
    ("DANG UY KHOI", "Đảng ủy Khối", Some(OrganKind::Bloc)),
    ("DANG BO KHOI", "Đảng bộ Khối", Some(OrganKind::Bloc)),
    ("DANG UY", "Đảng ủy", None),
    ("DANG BO", "Đảng bộ", None),
    ("CAC CO QUAN", "các cơ quan", None),
    ("DOANH NGHIEP", "doanh nghiệp", None),
    ("VA", "và", None),
    ("SO", "Sở", None),
];

/// Level words followed by a place name: folded → (display, kind).
const PLACE_WORDS: &[(&str, (&str, OrganKind))] = &[
    ("TINH UY", ("Tỉnh ủy", OrganKind::Province)),
    ("THANH UY", ("Thành ủy", OrganKind::City)),
    ("HUYEN UY", ("Huyện ủy", OrganKind::District)),
    ("THI UY", ("Thị ủy", OrganKind::District)),
    ("QUAN UY", ("Quận ủy", OrganKind::District)),
    ("THANH PHO", ("thành phố", OrganKind::City)),
    ("THI XA", ("thị xã", OrganKind::District)),
    ("THI TRAN", ("thị trấn", OrganKind::Commune)),
    ("TINH", ("tỉnh", OrganKind::Province)),
    ("HUYEN", ("huyện", OrganKind::District)),
    ("QUAN", ("quận", OrganKind::District)),
    ("XA", ("xã", OrganKind::Commune)),
    ("PHUONG", ("phường", OrganKind::Commune)),
];

/// `TỈNH ỦY KIÊN GIANG` → `Tỉnh ủy Kiên Giang`; `ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH`
/// → `Đảng ủy Khối các cơ quan tỉnh`. Returns the display form and the kind of
/// the most local level word.
fn organ_display(upper: &str) -> (String, OrganKind) {
    let words: Vec<&str> = upper.split_whitespace().collect();
    let sk_words: Vec<String> = words.iter().map(|w| skeleton(w)).collect();
    let mut out: Vec<String> = Vec::new();
    let mut kind = OrganKind::Other;
    let mut bloc = false;
    let mut i = 0;
    'outer: while i < words.len() {
        // Level word + place name: the rest of the line is the place.
        for (w, (disp, k)) in PLACE_WORDS {
            let n = w.split(' ').count();
            if i + n <= words.len() && sk_words[i..i + n].join(" ") == *w {
                let place_words = &words[i + n..];
                let next_is_organ = sk_words.get(i + n).is_some_and(|nw| {
                    ORGAN_WORDS
                        .iter()
                        .any(|(o, _, _)| o.split(' ').next() == Some(nw))
                });
                if !place_words.is_empty() && !next_is_organ {
                    out.push((*disp).to_string());
                    let place = place_words.join(" ");
                    let place = provinces::lookup_exact(&place, None)
                        .unwrap_or_else(|| title_case_words(&place));
                    out.push(place);
                    kind = most_local(kind, *k);
                    break 'outer;
                }
                if place_words.is_empty() || next_is_organ {
                    // "…DOANH NGHIỆP TỈNH" (no place) or "TỈNH ỦY" as a word.
                    out.push((*disp).to_string());
                    kind = most_local(kind, *k);
                    i += n;
                    continue 'outer;
                }
            }
        }
        for (w, disp, k) in ORGAN_WORDS {
            let n = w.split(' ').count();
            if i + n <= words.len() && sk_words[i..i + n].join(" ") == *w {
                out.push((*disp).to_string());
                if let Some(k) = k {
                    if *k == OrganKind::Bloc {
                        bloc = true;
                    }
                    kind = most_local(kind, *k);
                }
                i += n;
                continue 'outer;
            }
        }
        out.push(words[i].to_lowercase());
        i += 1;
    }
    if bloc {
        kind = OrganKind::Bloc;
    }
    (capitalize_first(&out.join(" ")), kind)
}

fn most_local(a: OrganKind, b: OrganKind) -> OrganKind {
    let rank = |k: OrganKind| match k {
        OrganKind::Other => 0,
        OrganKind::Central => 1,
        OrganKind::Province => 2,
        OrganKind::City => 3,
        OrganKind::Bloc => 4,
        OrganKind::District => 5,
        OrganKind::Commune => 6,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// `CHÂU THÀNH` → `Châu Thành`.
fn title_case_words(s: &str) -> String {
    s.split_whitespace()
        .map(|w| capitalize_first(&w.to_lowercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------
// Opening sentence

static OPENING_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\s(?:đề ra|ban hành|xây dựng và ban hành|xây dựng|triển khai)\s+(?:[Kk]ế hoạch|[Cc]hương trình|[Hh]ướng dẫn|[Nn]ghị quyết|[Cc]hỉ thị|[Qq]uyết định|[Đđ]ề án)",
    )
    .expect("static regex")
});

/// Words an issuing body's name is built from; a subject must contain one.
const ORGAN_MARKERS: &[&str] = &[
    "BAN ",
    "TINH UY",
    "HUYEN UY",
    "THANH UY",
    "THI UY",
    "QUAN UY",
    "DANG UY",
    "DANG BO",
    "UY BAN",
    "UBND",
    "HOI DONG",
    "THUONG TRUC",
    "DANG DOAN",
    "SO ",
    "BO ",
    "CHINH PHU",
];

/// The body the opening sentence names as issuer: `…, Ban Thường vụ Tỉnh ủy đề
/// ra Kế hoạch …` → `Ban Thường vụ Tỉnh ủy`.
fn opening_subject(lines: &[String]) -> Option<String> {
    let limit = (lines.len() / 2).max(40).min(lines.len());
    for line in &lines[..limit] {
        let sk = skeleton(line);
        if !OPENING_WORDS.iter().any(|w| sk.starts_with(w)) {
            continue;
        }
        for m in OPENING_VERB.find_iter(line) {
            let before = &line[..m.start()];
            let cut = before
                .rfind([',', ';', ':', ')'])
                .map(|i| i + 1)
                .unwrap_or(0);
            let mut subject = before[cut..].trim();
            // `Ban Thường vụ Huyện ủy Châu Thành, tỉnh Kiên Giang ban hành …`: the
            // part after the comma is only the place; the body is before it.
            let is_place = |s: &str| {
                (starts_with_folded(s, "TINH") || starts_with_folded(s, "THANH PHO"))
                    && !starts_with_folded(s, "TINH UY")
                    && !ORGAN_MARKERS
                        .iter()
                        .any(|o| format!("{} ", skeleton(s)).contains(o) && !o.starts_with("TINH"))
            };
            if cut > 0 && is_place(subject) && before[..cut].ends_with(',') {
                let head = &before[..cut - 1];
                let cut2 = head.rfind([',', ';', ':', ')']).map(|i| i + 1).unwrap_or(0);
                subject = head[cut2..].trim();
            }
            let words = subject.split_whitespace().count();
            let starts_upper = subject.chars().next().is_some_and(char::is_uppercase);
            let ssk = format!("{} ", skeleton(subject));
            if starts_upper
                && (1..=16).contains(&words)
                && ORGAN_MARKERS.iter().any(|o| ssk.contains(o))
            {
                return Some(subject.to_string());
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Signature block

#[derive(Debug, Clone, Default, PartialEq)]
struct Signature {
    /// On whose behalf (`BAN THƯỜNG VỤ` from `T/M BAN THƯỜNG VỤ`), display form.
    authority: Option<String>,
    title: Option<String>,
    name: Option<String>,
}

static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(T/M|TM\.|TM|T\.M\.?|KT\.|KT|K/T|TL\.|T/L|TUQ\.|Q\.)\s*(\p{Lu}[\p{Lu} ]+)$")
        .expect("static regex")
});

static PERSON_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*){1,5}$").expect("static regex"));

/// Office words for signer titles: folded → display (`PHÓ BÍ THƯ THƯỜNG TRỰC` →
/// `Phó Bí thư Thường trực`).
const OFFICE_WORDS: &[(&str, &str)] = &[
    ("TONG BI THU", "Tổng Bí thư"),
    ("BI THU", "Bí thư"),
    ("PHO", "Phó"),
    ("THUONG TRUC", "Thường trực"),
    ("CHU TICH", "Chủ tịch"),
    ("TRUONG BAN", "Trưởng ban"),
    ("CHANH VAN PHONG", "Chánh Văn phòng"),
    ("CHANH THANH TRA", "Chánh Thanh tra"),
    ("CHANH AN", "Chánh án"),
    ("VIEN TRUONG", "Viện trưởng"),
    ("TONG GIAM DOC", "Tổng Giám đốc"),
    ("GIAM DOC", "Giám đốc"),
    ("CHU NHIEM", "Chủ nhiệm"),
    ("BO TRUONG", "Bộ trưởng"),
    ("THU TRUONG", "Thứ trưởng"),
    ("THU TUONG", "Thủ tướng"),
    ("TRUONG DOAN", "Trưởng đoàn"),
    ("HIEU TRUONG", "Hiệu trưởng"),
    ("TRUONG", "Trưởng"),
    ("UY VIEN", "Ủy viên"),
];

/// `PHÓ CHỦ TỊCH` → `Phó Chủ tịch`; `None` when a word is not an office word.
fn office_title(upper: &str) -> Option<String> {
    let words: Vec<&str> = upper.split_whitespace().collect();
    let sk: Vec<String> = words.iter().map(|w| skeleton(w)).collect();
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    'outer: while i < words.len() {
        for (w, disp) in OFFICE_WORDS {
            let n = w.split(' ').count();
            if i + n <= words.len() && sk[i..i + n].join(" ") == *w {
                out.push(disp);
                i += n;
                continue 'outer;
            }
        }
        return None;
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// The signature block near the end: authority line, office title and name.
fn find_signature(lines: &[String]) -> Option<Signature> {
    let start = lines.len().saturating_sub(80).max(lines.len() / 3);
    let tail = &lines[start..];
    let auth_idx = tail.iter().rposition(|l| AUTHORITY.is_match(l));
    let (from, authority, auth_title) = match auth_idx {
        Some(i) => {
            let caps = AUTHORITY.captures(&tail[i])?;
            let kind = caps.get(1).map(|m| m.as_str()).unwrap_or("");
            let body = caps.get(2).map(|m| m.as_str().trim()).unwrap_or("");
            let on_behalf = kind.starts_with('T')
                && !kind.starts_with("TL")
                && !kind.starts_with("T/L")
                && !kind.starts_with("TUQ");
            let authority = on_behalf.then(|| organ_display(body).0);
            // `KT. CHỦ TỊCH`: the signer is the deputy named on the next line; the
            // authority line itself gives the title only if no other line does.
            (i + 1, authority, office_title(body))
        }
        None => {
            // No authority line: a line that is an office title alone (`CHỦ TỊCH`).
            let i = tail
                .iter()
                .rposition(|l| is_upper_line(l) && office_title(l).is_some())?;
            (i, None, None)
        }
    };
    let mut title = None;
    let mut name = None;
    for line in &tail[from..] {
        let l = line.trim();
        if l.is_empty() || l.starts_with('-') || l.starts_with('+') || l.starts_with('(') {
            continue;
        }
        if title.is_none() && name.is_none() && is_upper_line(l) {
            if let Some(t) = office_title(l) {
                title = Some(t);
                continue;
            }
        }
        if PERSON_NAME.is_match(l) && !is_upper_line(l) {
            name = Some(l.to_string());
            break;
        }
        if is_upper_line(l) && PERSON_NAME.is_match(&title_case_words(l)) && title.is_some() {
            // A name printed in capitals (`NGUYỄN VĂN A`).
            name = Some(title_case_words(l));
            break;
        }
    }
    let title = title.or(if auth_idx.is_some() && authority.is_none() {
        auth_title
    } else {
        None
    });
    if authority.is_none() && title.is_none() && name.is_none() {
        return None;
    }
    Some(Signature {
        authority,
        title,
        name,
    })
}

// ---------------------------------------------------------------------------
// Issuer and level

/// Level words an issuer can end in, with the header kind they correspond to.
const ISSUER_TAILS: &[(&str, OrganKind)] = &[
    ("TINH UY", OrganKind::Province),
    ("HUYEN UY", OrganKind::District),
    ("THANH UY", OrganKind::City),
    ("THI UY", OrganKind::District),
    ("QUAN UY", OrganKind::District),
    ("TINH", OrganKind::Province),
    ("HUYEN", OrganKind::District),
    ("THANH PHO", OrganKind::City),
    ("THI XA", OrganKind::District),
    ("QUAN", OrganKind::District),
];

/// Build the issuer, as precise as the text allows and qualified with its place.
fn compose_issuer(
    opening: Option<&str>,
    authority: Option<&str>,
    header: Option<&HeaderOrgan>,
    province: Option<&str>,
) -> Option<String> {
    let base = match (opening, authority, header) {
        (Some(s), _, _) => s.to_string(),
        (None, Some(a), Some(h)) => {
            let ask = skeleton(a);
            let hsk = skeleton(&h.display);
            if hsk.starts_with(&ask) {
                h.display.clone()
            } else {
                format!("{a} {}", h.display)
            }
        }
        (None, None, Some(h)) => h.display.clone(),
        (None, Some(a), None) => a.to_string(),
        (None, None, None) => return None,
    };
    Some(qualify(&base, header, province))
}

/// Append the place to an issuer ending in a level word (`Ban Thường vụ Tỉnh ủy`
/// with Kiên Giang): the header organ's place when its level matches, else the
/// province for provincial bodies.
fn qualify(base: &str, header: Option<&HeaderOrgan>, province: Option<&str>) -> String {
    let sk = skeleton(base);
    if let Some(p) = province {
        if sk.contains(&skeleton(p)) {
            return base.to_string();
        }
    }
    let Some((tail, kind)) = ISSUER_TAILS.iter().find(|(t, _)| {
        sk.ends_with(t) && (sk.len() == t.len() || sk[..sk.len() - t.len()].ends_with(' '))
    }) else {
        return base.to_string();
    };
    if let Some(h) = header {
        if h.kind == *kind {
            // The header organ's place: what follows its level word.
            if let Some((_, end)) = find_folded(&h.display, tail) {
                let place = h.display[end..].trim();
                if !place.is_empty() && !sk.contains(&skeleton(place)) {
                    return format!("{base} {place}");
                }
            }
        }
    }
    match (kind, province) {
        (OrganKind::Province, Some(p)) => format!("{base} {p}"),
        (OrganKind::City, Some(p)) if provinces::is_city(p) => format!("{base} {p}"),
        _ => base.to_string(),
    }
}

/// Qualify an issuer read from the text with a province supplied later (by a
/// manifest): `Ban Chấp hành Đảng bộ tỉnh` + Ninh Thuận → `… tỉnh Ninh Thuận`.
/// Issuers that do not end in a provincial level word are returned unchanged.
pub fn qualify_issuer(issuer: &str, province: &str) -> String {
    qualify(issuer, None, Some(province))
}

/// The level of an issuer from the words it is built on.
fn level_of(issuer: &str, province: Option<&str>) -> Option<IssuerLevel> {
    let sk = format!(" {} ", skeleton(issuer));
    let has = |w: &str| sk.contains(&format!(" {w} "));
    if has("KHOI") {
        return Some(IssuerLevel::Khoi);
    }
    if has("XA") || has("PHUONG") || has("THI TRAN") || has("DANG UY XA") {
        return Some(IssuerLevel::Xa);
    }
    if has("HUYEN UY")
        || has("HUYEN")
        || has("THI UY")
        || has("THI XA")
        || has("QUAN UY")
        || has("QUAN")
    {
        return Some(IssuerLevel::Huyen);
    }
    if has("THANH UY") || has("THANH PHO") {
        // A centrally-run city is a province; any other city is a district.
        // A centrally-run city is a province; a city of a province is a
        // district; with no place known the level is not stated.
        let place = province.or_else(|| {
            provinces::ALL
                .iter()
                .find(|p| p.city && sk.contains(&format!(" {} ", skeleton(&p.name))))
                .map(|p| p.name.as_str())
        });
        return match place {
            Some(p) if provinces::is_city(p) => Some(IssuerLevel::Tinh),
            Some(_) => Some(IssuerLevel::Huyen),
            None => None,
        };
    }
    if has("TINH UY") || has("TINH") {
        return Some(IssuerLevel::Tinh);
    }
    if has("TRUNG UONG")
        || has("BO CHINH TRI")
        || has("BAN BI THU")
        || has("CHINH PHU")
        || has("QUOC HOI")
        || has("THU TUONG")
    {
        return Some(IssuerLevel::TrungUong);
    }
    None
}

// ---------------------------------------------------------------------------
// Provinces

/// The provinces and centrally-run cities (63 before the 2025 merger, 34 after),
/// from `data/provinces.tsv`.
pub mod provinces {
    use std::sync::LazyLock;

    use chrono::NaiveDate;

    use super::{find_folded, skeleton};

    /// One province or centrally-run city.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Province {
        /// Canonical name (`Kiên Giang`, `Hồ Chí Minh`).
        pub name: String,
        /// A centrally-run city (`thành phố trực thuộc Trung ương`).
        pub city: bool,
        /// In the list of 63 (before 12/6/2025).
        pub before_2025: bool,
        /// In the list of 34 (from 12/6/2025).
        pub after_2025: bool,
        /// Other spellings.
        pub aliases: Vec<String>,
    }

    const DATA: &str = include_str!("data/provinces.tsv");

    /// The date the 34-unit map took effect.
    fn merger_date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 12).unwrap_or_default()
    }

    /// Every province, from the bundled table.
    pub static ALL: LazyLock<Vec<Province>> = LazyLock::new(|| {
        DATA.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                let name = cols.first()?.trim();
                let kind = cols.get(1)?.trim();
                let lists = cols.get(2)?.trim();
                let aliases = cols
                    .get(3)
                    .map(|a| {
                        a.split(',')
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                Some(Province {
                    name: name.to_string(),
                    city: kind == "tp",
                    before_2025: lists.split(' ').any(|x| x == "63"),
                    after_2025: lists.split(' ').any(|x| x == "34"),
                    aliases,
                })
            })
            .collect()
    });

    /// A province valid at `date`: a name only on the 2025 map (`Huế`) is not
    /// read as a province in a document dated before the merger, when `thành
    /// phố Huế` was a city of Thừa Thiên Huế.
    fn valid(p: &Province, date: Option<NaiveDate>) -> bool {
        p.before_2025 || date.is_none_or(|d| d >= merger_date())
    }

    fn spellings(p: &Province) -> impl Iterator<Item = &str> {
        std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str))
    }

    fn key(s: &str) -> String {
        skeleton(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The canonical name when `s` is exactly a province name or alias
    /// (case, diacritics and tone style ignored).
    pub fn lookup_exact(s: &str, date: Option<NaiveDate>) -> Option<String> {
        let k = key(s);
        if k.is_empty() {
            return None;
        }
        ALL.iter()
            .filter(|p| valid(p, date))
            .find(|p| spellings(p).any(|a| key(a) == k))
            .map(|p| p.name.clone())
    }

    /// True for a centrally-run city (`Hà Nội`, `Cần Thơ`…).
    pub fn is_city(name: &str) -> bool {
        ALL.iter().any(|p| p.city && p.name == name)
    }

    /// The province a name starting `rest` refers to; the longest spelling wins.
    /// The name must start with a capital letter.
    fn prefix_match(rest: &str, cities_only: bool, date: Option<NaiveDate>) -> Option<String> {
        if !rest.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        // Only a match at the start counts: look at the first few words, not at
        // the rest of the document (this runs for every `tỉnh …` in the text).
        let mut cut = rest.len().min(64);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        if cut < rest.len() {
            cut = rest[..cut].rfind(char::is_whitespace).unwrap_or(cut);
        }
        let rest = &rest[..cut];
        let mut best: Option<(usize, &Province)> = None;
        for p in ALL
            .iter()
            .filter(|p| valid(p, date) && (!cities_only || p.city))
        {
            for a in spellings(p) {
                if let Some((0, end)) = find_folded(rest, &skeleton(a)) {
                    if best.is_none_or(|(len, _)| end > len) {
                        best = Some((end, p));
                    }
                }
            }
        }
        best.map(|(_, p)| p.name.clone())
    }

    /// Level words that introduce a province (`tỉnh`, `Tỉnh ủy`) or a
    /// centrally-run city (`thành phố`, `Thành ủy`), folded.
    const PREFIXES: &[(&str, bool)] = &[
        ("TINH UY", false),
        ("TINH", false),
        ("THANH UY", true),
        ("THANH PHO", true),
        ("TP.", true),
        ("TP", true),
    ];

    /// Level words as written (lower-cased, `ủy` tone style).
    const ALLOWED_PREFIXES: &[&str] = &["tỉnh ủy", "tỉnh", "thành ủy", "thành phố", "tp.", "tp"];

    /// The province an organ line names (`TỈNH ỦY KIÊN GIANG`, `ĐẢNG BỘ TỈNH BẾN
    /// TRE`, `ỦY BAN NHÂN DÂN TỈNH AN GIANG`, `THÀNH ỦY HÀ NỘI`).
    pub fn in_organ(upper: &str, date: Option<NaiveDate>) -> Option<String> {
        mentions(upper, date).into_iter().next()
    }

    /// Every province named after a level word, in text order.
    pub fn mentions(text: &str, date: Option<NaiveDate>) -> Vec<String> {
        let mut out = Vec::new();
        let sk: Vec<(usize, char)> = text
            .char_indices()
            .map(|(i, c)| (i, super::skeleton_char(c)))
            .collect();
        let mut i = 0;
        while i < sk.len() {
            if i > 0 && sk[i - 1].1.is_alphanumeric() {
                i += 1;
                continue;
            }
            let mut advanced = false;
            for (prefix, cities_only) in PREFIXES {
                let n = prefix.chars().count();
                if i + n > sk.len() {
                    continue;
                }
                if !sk[i..i + n].iter().map(|(_, c)| *c).eq(prefix.chars()) {
                    continue;
                }
                if sk.get(i + n).is_some_and(|(_, c)| c.is_alphanumeric()) && !prefix.ends_with('.')
                {
                    continue;
                }
                // Skip the spaces after the level word.
                let mut j = i + n;
                while sk.get(j).is_some_and(|(_, c)| c.is_whitespace()) {
                    j += 1;
                }
                // The level word as written must be one of the allowed forms
                // (`tính`, `tình` fold to the same skeleton as `tỉnh`).
                let word_end = sk.get(i + n).map(|(b, _)| *b).unwrap_or(text.len());
                let written = text[sk[i].0..word_end].to_lowercase().replace("uỷ", "ủy");
                if !ALLOWED_PREFIXES.contains(&written.as_str()) {
                    continue;
                }
                let Some(&(byte, _)) = sk.get(j) else { break };
                if let Some(name) = prefix_match(&text[byte..], *cities_only, date) {
                    out.push(name);
                }
                i += n;
                advanced = true;
                break;
            }
            if !advanced {
                i += 1;
            }
        }
        out
    }

    /// The one province the text names after a level word (`trên địa bàn tỉnh
    /// Vĩnh Long`), or `None` when it names none or several.
    pub fn unambiguous_mention(text: &str, date: Option<NaiveDate>) -> Option<String> {
        let found = mentions(text, date);
        let first = found.first()?;
        found.iter().all(|p| p == first).then(|| first.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Identity {
        identify(text, &Outline::default(), &[])
    }

    #[test]
    fn province_table_has_63_and_34() {
        let before = provinces::ALL.iter().filter(|p| p.before_2025).count();
        let after = provinces::ALL.iter().filter(|p| p.after_2025).count();
        assert_eq!(before, 63);
        assert_eq!(after, 34);
    }

    const NUMBERS: &[(&str, Option<&str>)] = &[
        ("Số 60-KH/TU", Some("60-KH/TU")),
        ("Số: 123/KH-UBND", Some("123/KH-UBND")),
        ("   Số 15-KH/TU          ", Some("15-KH/TU")),
        ("Số 15 -KH/ TU", Some("15-KH/TU")),
        ("Số: 130/2020/NĐ-CP", Some("130/2020/NĐ-CP")),
        (
            "Số 15-KH/TU Trà Vinh, ngày 04 tháng 4 năm 2012",
            Some("15-KH/TU"),
        ),
        ("Số:     /KH-UBND", None),
        ("Số lượng cán bộ", None),
    ];

    #[test]
    fn number_lines() {
        for (line, want) in NUMBERS {
            assert_eq!(
                parse_number_line(&clean_line(line)).as_deref(),
                *want,
                "case {line:?}"
            );
        }
    }

    const TYPES_FROM_NUMBER: &[(&str, Option<DocType>)] = &[
        ("60-KH/TU", Some(DocType::KeHoach)),
        ("123/KH-UBND", Some(DocType::KeHoach)),
        ("40-CTR/TU", Some(DocType::ChuongTrinh)),
        ("2323-CV/TU", Some(DocType::CongVan)),
        ("2772/QĐ-UBND", Some(DocType::QuyetDinh)),
        ("99-QĐ/TW", None),
        ("130/2020/NĐ-CP", Some(DocType::NghiDinh)),
        ("01-TT/TW", Some(DocType::ThongTri)),
        ("05/2020/TT-BNV", Some(DocType::ThongTu)),
    ];

    #[test]
    fn types_from_numbers() {
        for (n, want) in TYPES_FROM_NUMBER {
            assert_eq!(doc_type_from_number(n), *want, "case {n:?}");
        }
    }

    const DATELINES: &[(&str, Option<(&str, &str)>)] = &[
        (
            "Kiên Giang, ngày 22 tháng 3 năm 2022",
            Some(("Kiên Giang", "2022-03-22")),
        ),
        (
            "        Trà Vinh, ngày 04 tháng 4 năm 2012",
            Some(("Trà Vinh", "2012-04-04")),
        ),
        (
            "Số 15-KH/TU Trà Vinh, ngày 04  tháng 4 năm 2012",
            Some(("Trà Vinh", "2012-04-04")),
        ),
        (
            "TP. Hồ Chí Minh, ngày 5 tháng 01 năm 2023",
            Some(("TP. Hồ Chí Minh", "2023-01-05")),
        ),
        (
            "Rạch Giá, ngày 06/12/2023",
            Some(("Rạch Giá", "2023-12-06")),
        ),
        ("Hà Nội, ngày    tháng    năm 2022", None),
        ("Kiên Giang, ngày 31 tháng 2 năm 2022", None),
    ];

    #[test]
    fn datelines() {
        for (line, want) in DATELINES {
            let got = parse_dateline(&clean_line(line));
            let got = got.as_ref().map(|d| (d.place.as_str(), d.date.to_string()));
            let want = want.map(|(p, d)| (p, d.to_string()));
            assert_eq!(got, want, "case {line:?}");
        }
    }

    const ATTACHED: &[(&str, Option<&str>)] = &[
        (
            "(Kèm theo Quyết định số 2772/QĐ-UBND ngày 06/12/2023 của UBND tỉnh)",
            Some("2023-12-06"),
        ),
        (
            "(Ban hành kèm theo Quyết định số 15/QĐ-UBND, ngày 04 tháng 4 năm 2012)",
            Some("2012-04-04"),
        ),
        ("(Kèm theo Quyết định số 2772/QĐ-UBND của UBND tỉnh)", None),
    ];

    #[test]
    fn attached_decision_dates() {
        for (line, want) in ATTACHED {
            let got = parse_attached_date(line).map(|d| d.to_string());
            assert_eq!(got.as_deref(), *want, "case {line:?}");
        }
    }

    const ORGANS: &[(&str, &str, Option<IssuerLevel>)] = &[
        (
            "TỈNH ỦY KIÊN GIANG",
            "Tỉnh ủy Kiên Giang",
            Some(IssuerLevel::Tinh),
        ),
        (
            "TỈNH UỶ KHÁNH HOÀ",
            "Tỉnh ủy Khánh Hòa",
            Some(IssuerLevel::Tinh),
        ),
        (
            "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
            "Ủy ban nhân dân tỉnh An Giang",
            Some(IssuerLevel::Tinh),
        ),
        (
            "UBND TỈNH LONG AN",
            "Ủy ban nhân dân tỉnh Long An",
            Some(IssuerLevel::Tinh),
        ),
        (
            "HUYỆN ỦY CHÂU THÀNH",
            "Huyện ủy Châu Thành",
            Some(IssuerLevel::Huyen),
        ),
        (
            "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
            "Đảng ủy Khối các cơ quan tỉnh",
            Some(IssuerLevel::Khoi),
        ),
        (
            "ĐẢNG ỦY XÃ TÂN HÒA",
            "Đảng ủy xã Tân Hòa",
            Some(IssuerLevel::Xa),
        ),
        (
            "BAN CHẤP HÀNH TRUNG ƯƠNG",
            "Ban Chấp hành Trung ương",
            Some(IssuerLevel::TrungUong),
        ),
        (
            "BAN TUYÊN GIÁO TỈNH ỦY",
            "Ban Tuyên giáo Tỉnh ủy",
            Some(IssuerLevel::Tinh),
        ),
    ];

    #[test]
    fn organ_lines() {
        for (upper, display, level) in ORGANS {
            let (got, kind) = organ_display(upper);
            assert_eq!(got, *display, "case {upper:?}");
            assert_eq!(kind.level(), *level, "level of {upper:?}");
        }
    }

    const TITLES: &[(&str, Option<&str>)] = &[
        ("PHÓ BÍ THƯ THƯỜNG TRỰC", Some("Phó Bí thư Thường trực")),
        ("BÍ THƯ", Some("Bí thư")),
        ("PHÓ CHỦ TỊCH", Some("Phó Chủ tịch")),
        ("CHỦ TỊCH", Some("Chủ tịch")),
        (
            "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
            Some("Phó Trưởng ban Thường trực"),
        ),
        ("CHÁNH VĂN PHÒNG", Some("Chánh Văn phòng")),
        ("BAN THƯỜNG VỤ", None),
    ];

    #[test]
    fn office_titles() {
        for (upper, want) in TITLES {
            assert_eq!(office_title(upper).as_deref(), *want, "case {upper:?}");
        }
    }

    /// Whole documents: (text, number, doc_type, title, issuer, level, province, date, signer name, signer title).
    type Case = (
        &'static str,
        Option<&'static str>,
        DocType,
        Option<&'static str>,
        Option<&'static str>,
        Option<IssuerLevel>,
        Option<&'static str>,
        Option<&'static str>,
        Option<(&'static str, Option<&'static str>)>,
    );

    const DOCS: &[Case] = &[
        // UBND header, two-column layout folded onto lines, KT. signature.
        (
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH AN GIANG Độc lập - Tự do - Hạnh phúc\nSố: 123/KH-UBND An Giang, ngày 04 tháng 4 năm 2012\n\nKẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 05-CT/TW\n\nCăn cứ Chỉ thị số 05-CT/TW, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\nNội dung.\n\nNơi nhận:\n- Như trên;\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An\n",
            Some("123/KH-UBND"),
            DocType::KeHoach,
            Some("Kế hoạch triển khai thực hiện Chỉ thị số 05-CT/TW"),
            Some("Ủy ban nhân dân tỉnh An Giang"),
            Some(IssuerLevel::Tinh),
            Some("An Giang"),
            Some("2012-04-04"),
            Some(("Nguyễn Văn An", Some("Phó Chủ tịch"))),
        ),
        // District party committee under a provincial party organisation.
        (
            "ĐẢNG BỘ TỈNH BẾN TRE\nHUYỆN ỦY CHÂU THÀNH\n*\nSố 15-KH/HU\nChâu Thành, ngày 10 tháng 5 năm 2021\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết Đại hội XIII của Đảng\n___\nThực hiện Nghị quyết Đại hội XIII, Ban Thường vụ Huyện ủy ban hành Chương trình hành động như sau:\nI- MỤC TIÊU\n\nTM. BAN THƯỜNG VỤ\nBÍ THƯ\nTrần Văn Bình\n",
            Some("15-KH/HU"),
            DocType::ChuongTrinh,
            Some("Chương trình hành động thực hiện Nghị quyết Đại hội XIII của Đảng"),
            Some("Ban Thường vụ Huyện ủy Châu Thành"),
            Some(IssuerLevel::Huyen),
            Some("Bến Tre"),
            Some("2021-05-10"),
            Some(("Trần Văn Bình", Some("Bí thư"))),
        ),
        // No header, markdown, no province anywhere: nothing guessed.
        (
            "\n**KẾ HOẠCH**\n\n**thực hiện Kết luận số 21-KL/TW  \ncủa Ban Chấp hành Trung ương**\n\n-----\n\nThực hiện Kết luận số 21-KL/TW; Ban Chấp hành Đảng bộ tỉnh ban hành Kế hoạch thực hiện như sau:\n\n**I- MỤC ĐÍCH**\n\nNội dung tỉnh ủy viên.\n\n**T/M TỈNH ỦY**  \n**BÍ THƯ**\n\n**Lê Văn Cường**\n",
            None,
            DocType::KeHoach,
            Some("Kế hoạch thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương"),
            Some("Ban Chấp hành Đảng bộ tỉnh"),
            Some(IssuerLevel::Tinh),
            None,
            None,
            Some(("Lê Văn Cường", Some("Bí thư"))),
        ),
        // Two provinces named in the body: ambiguous, so null.
        (
            "KẾ HOẠCH\nhọc tập kinh nghiệm\n\nThực hiện chủ trương, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:\nI. NỘI DUNG\nĐoàn đến tỉnh Bến Tre và tỉnh Long An.\n",
            None,
            DocType::KeHoach,
            Some("Kế hoạch học tập kinh nghiệm"),
            Some("Ban Thường vụ Tỉnh ủy"),
            Some(IssuerLevel::Tinh),
            None,
            None,
            None,
        ),
        // One-line UBND number + dateline (two-column header folded), TM. signature.
        (
            "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHÀNH PHỐ CẦN THƠ                    Độc lập - Tự do - Hạnh phúc\n\nSố: 45/KH-UBND                    Cần Thơ, ngày 09 tháng 11 năm 2019\n\nKẾ HOẠCH\nthực hiện Nghị quyết số 36-NQ/TW\n___________\nCăn cứ Nghị quyết số 36-NQ/TW, Ủy ban nhân dân thành phố ban hành Kế hoạch thực hiện như sau:\nI. MỤC ĐÍCH\n\nNơi nhận:\nTM. ỦY BAN NHÂN DÂN\n- Như trên,\nCHỦ TỊCH\n- Lưu Văn phòng.\n(Đã ký)\n\nTrần Việt Trường\n",
            Some("45/KH-UBND"),
            DocType::KeHoach,
            Some("Kế hoạch thực hiện Nghị quyết số 36-NQ/TW"),
            Some("Ủy ban nhân dân thành phố Cần Thơ"),
            Some(IssuerLevel::Tinh),
            Some("Cần Thơ"),
            Some("2019-11-09"),
            Some(("Trần Việt Trường", Some("Chủ tịch"))),
        ),
        // No header; a district committee followed by its province after a comma.
        (
            "\n\nKẾ HOẠCH\nthực hiện Kết luận số 21-KL/TW\n___\nThực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương, Ban Thường vụ Huyện uỷ Giồng Riềng, tỉnh Kiên Giang xây dựng Kế hoạch thực hiện như sau:\nI- MỤC ĐÍCH\n",
            None,
            DocType::KeHoach,
            Some("Kế hoạch thực hiện Kết luận số 21-KL/TW"),
            Some("Ban Thường vụ Huyện uỷ Giồng Riềng"),
            Some(IssuerLevel::Huyen),
            Some("Kiên Giang"),
            None,
            None,
        ),
        // A decision: the authority line and the grounds are not the title.
        (
            "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nSố: 2772/QĐ-UBND\nRạch Giá, ngày 06 tháng 12 năm 2023\n\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch triển khai\nthực hiện Công văn số 2323-CV/TU\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Trung Hồ\n",
            Some("2772/QĐ-UBND"),
            DocType::QuyetDinh,
            Some("Quyết định về việc ban hành Kế hoạch triển khai thực hiện Công văn số 2323-CV/TU"),
            Some("Ủy ban nhân dân tỉnh Kiên Giang"),
            Some(IssuerLevel::Tinh),
            Some("Kiên Giang"),
            Some("2023-12-06"),
            Some(("Lê Trung Hồ", Some("Phó Chủ tịch"))),
        ),
        // No opening subject: the issuer is the signature's body within the header organ.
        (
            "  **TỈNH ỦY BÌNH ĐỊNH**\n\n*\n\n  Số   15 - KH/TU\n  Quy Nhơn, ngày 4 tháng 12 năm 2024\n\n## KẾ HOẠCH\n\n**tổ chức Hội nghị cán bộ chủ chốt**\n\nI- MỤC ĐÍCH\nNội dung.\n\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n(Đã ký)\nHồ Quốc Dũng\n",
            Some("15-KH/TU"),
            DocType::KeHoach,
            Some("Kế hoạch tổ chức Hội nghị cán bộ chủ chốt"),
            Some("Ban Thường vụ Tỉnh ủy Bình Định"),
            Some(IssuerLevel::Tinh),
            Some("Bình Định"),
            Some("2024-12-04"),
            Some(("Hồ Quốc Dũng", Some("Phó Bí thư"))),
        ),
        // A Thành ủy with no place named anywhere: level not stated.
        (
            "KẾ HOẠCH\nvề công tác cán bộ\n\nThực hiện Kết luận số 21-KL/TW, Ban Thường vụ Thành ủy ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n",
            None,
            DocType::KeHoach,
            Some("Kế hoạch về công tác cán bộ"),
            Some("Ban Thường vụ Thành ủy"),
            None,
            None,
            None,
            None,
        ),
        // Thành ủy of a centrally-run city; numeric dateline; name only, no title.
        (
            "THÀNH ỦY HÀ NỘI\n*\nSố 07-CTr/TU\nHà Nội, ngày 17/03/2021\nCHƯƠNG TRÌNH\nvề phát triển văn hóa\n\nI. MỤC TIÊU\n\nT/M THÀNH ỦY\n(Đã ký)\nĐinh Tiến Dũng\n",
            Some("07-CTR/TU"),
            DocType::ChuongTrinh,
            Some("Chương trình về phát triển văn hóa"),
            Some("Thành ủy Hà Nội"),
            Some(IssuerLevel::Tinh),
            Some("Hà Nội"),
            Some("2021-03-17"),
            Some(("Đinh Tiến Dũng", None)),
        ),
    ];

    #[test]
    fn whole_headers() {
        for (i, c) in DOCS.iter().enumerate() {
            let got = id(c.0);
            assert_eq!(got.number.as_deref(), c.1, "case {i}: number");
            assert_eq!(got.doc_type, c.2, "case {i}: doc_type");
            assert_eq!(got.title.as_deref(), c.3, "case {i}: title");
            assert_eq!(got.issuer.as_deref(), c.4, "case {i}: issuer");
            assert_eq!(got.issuer_level, c.5, "case {i}: issuer_level");
            assert_eq!(got.province.as_deref(), c.6, "case {i}: province");
            assert_eq!(
                got.date.map(|d| d.to_string()).as_deref(),
                c.7,
                "case {i}: date"
            );
            let signer = got
                .signer
                .as_ref()
                .map(|s| (s.name.as_str(), s.title.as_deref()));
            assert_eq!(signer, c.8, "case {i}: signer");
            for field in ["number", "title", "issuer", "province", "date", "signer"] {
                let present = match field {
                    "number" => got.number.is_some(),
                    "title" => got.title.is_some(),
                    "issuer" => got.issuer.is_some(),
                    "province" => got.province.is_some(),
                    "date" => got.date.is_some(),
                    _ => got.signer.is_some(),
                };
                assert_eq!(
                    got.provenance.get(field) == Some(&FieldSource::Text),
                    present,
                    "case {i}: provenance of {field}"
                );
            }
        }
    }

    const MENTIONS: &[(&str, Option<&str>)] = &[
        ("trên địa bàn tỉnh Vĩnh Long.", Some("Vĩnh Long")),
        ("Tỉnh ủy Khánh Hoà và tỉnh Khánh Hòa", Some("Khánh Hòa")),
        ("tỉnh Bà Rịa - Vũng Tàu", Some("Bà Rịa - Vũng Tàu")),
        ("tại thành phố Hồ Chí Minh", Some("Hồ Chí Minh")),
        ("Thành ủy Rạch Giá", None),
        ("tư tưởng Hồ Chí Minh; tỉnh ủy viên", None),
        ("tỉnh An Giang và tỉnh Kiên Giang", None),
    ];

    #[test]
    fn province_mentions() {
        for (text, want) in MENTIONS {
            assert_eq!(
                provinces::unambiguous_mention(text, None).as_deref(),
                *want,
                "case {text:?}"
            );
        }
        let after = NaiveDate::from_ymd_opt(2025, 7, 1);
        let before = NaiveDate::from_ymd_opt(2020, 7, 1);
        // (document date as "YYYY-MM-DD" or "" for none, expected province)
        const HUE: &[(&str, Option<&str>)] = &[
            ("2025-07-01", Some("Huế")),
            ("", Some("Huế")),
            ("2020-07-01", None),
        ];
        for (date, want) in HUE {
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
            assert_eq!(
                provinces::unambiguous_mention("thành phố Huế", date).as_deref(),
                *want,
                "Huế at {date:?}"
            );
        }
        // Thừa Thiên Huế is matched whole, not as Huế.
        assert_eq!(
            provinces::unambiguous_mention("tỉnh Thừa Thiên Huế", before).as_deref(),
            Some("Thừa Thiên Huế")
        );
        assert_eq!(
            provinces::lookup_exact("Thừa Thiên - Huế", after).as_deref(),
            Some("Thừa Thiên Huế")
        );
    }
}

#[cfg(test)]
mod seed_tests {
    use super::*;
    use crate::extract::record::Record;

    /// Every identity field of the five seed documents equals the gold.
    #[test]
    fn seed_documents_match_gold() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut failures = Vec::new();
        let mut gold_files: Vec<_> = std::fs::read_dir(root.join("tests/gold"))
            .expect("tests/gold")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        gold_files.sort();
        assert_eq!(gold_files.len(), 5);
        for path in gold_files {
            let gold: Record =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("gold")).expect("json");
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let raw = std::fs::read_to_string(root.join("corpus").join(format!("{stem}.txt")))
                .expect("corpus file");
            let text = crate::normalize::normalize(&raw);
            let got = identify(&text, &Outline::parse(&text), &[]);
            let pairs = [
                (
                    "number",
                    format!("{:?}", gold.number),
                    format!("{:?}", got.number),
                ),
                (
                    "doc_type",
                    format!("{:?}", gold.doc_type),
                    format!("{:?}", got.doc_type),
                ),
                (
                    "title",
                    format!("{:?}", gold.title),
                    format!("{:?}", got.title),
                ),
                (
                    "issuer",
                    format!("{:?}", gold.issuer),
                    format!("{:?}", got.issuer),
                ),
                (
                    "issuer_level",
                    format!("{:?}", gold.issuer_level),
                    format!("{:?}", got.issuer_level),
                ),
                (
                    "province",
                    format!("{:?}", gold.province),
                    format!("{:?}", got.province),
                ),
                (
                    "date",
                    format!("{:?}", gold.date),
                    format!("{:?}", got.date),
                ),
                (
                    "signer",
                    format!("{:?}", gold.signer),
                    format!("{:?}", got.signer),
                ),
            ];
            for (field, want, have) in pairs {
                if want != have {
                    failures.push(format!("{stem} {field}: gold {want}, got {have}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
