//! Identity: what a document is, who issued it, where and when.
//!
//! Read from the zones of the layout, in this order of trust:
//! - the header block (agency lines, `Số …`, place-date line; ID-01 … ID-05,
//!   ID-14 … ID-17), the title and type heading, a decision's authority line
//!   (ID-06), the issuing clause of the opening, the signature block (ID-13);
//! - for a plan published alone, its attached-to line (ID-08);
//! - for a news lead, the document it reports (ID-09 … ID-11): number, type and
//!   date of that document, its issuer and signer;
//! - a site's metadata block only fills what the header leaves blank (ID-12).
//!
//! Rules (FORMS.md 21-27): the province comes from the agency line, then the
//! place line (cities mapped to their province), never overriding it; a huyện
//! or xã header without a province gives none; names are written as of the
//! document's date (`Huế` from the merger); a lead without a year gives no date.

mod agency;
mod date;
mod signer;

use std::collections::BTreeMap;

use chrono::NaiveDate;

pub use agency::{province_mentions, unambiguous_province};

/// The first full `ngày D …` date in folded `f`: its start and end.
pub fn first_full_date(f: &str) -> Option<(usize, usize)> {
    date::first_ngay(f, 0, f.len()).map(|(k, d)| (k, d.end))
}

use super::record::{DocType, FieldSource, IssuerLevel, Record, Signer};
use super::Doc;
use crate::grammar::{grammar, phrases, PlaceKind};
use crate::text::{fold, Folded};
use agency::{capitalize_first, organ, Organ};

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

/// The original text of the cells inside `r`, one string per line of cells.
fn cell_lines<'a>(doc: &Doc<'a>, r: &std::ops::Range<usize>) -> Vec<&'a str> {
    doc.layout
        .cells
        .iter()
        .filter(|c| c.start >= r.start && c.end <= r.end && !c.is_empty())
        .map(|c| &doc.text[c.start..c.end])
        .collect()
}

fn is_caps(s: &str) -> bool {
    let mut n = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        n += 1;
    }
    n > 0
}

// ---------------------------------------------------------------------------
// Numbers

/// The số/ký hiệu written at folded `pos` of `f` (after a label): digits, then
/// groups of letters/digits joined by `-`, `/`, `.` with stray spaces
/// (`318 -KH/TU`, `07 /KH-MTTQ-BTT`, `4820/BTTTT-PTTH&TTĐT`), as the original
/// characters. `None` when the number is blank (`Số:     /KH-UBND`).
fn number_at(text: &str, fo: &Folded, pos: usize) -> Option<String> {
    let f = fo.as_str();
    let b = f.as_bytes();
    let mut i = pos;
    while b.get(i).is_some_and(|c| matches!(c, b' ' | b':' | b'.')) {
        i += 1;
    }
    let start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == start {
        return None;
    }
    let mut end = i;
    let mut groups = 0;
    loop {
        let mut j = end;
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
        if !b.get(j).is_some_and(|c| matches!(c, b'-' | b'/')) {
            break;
        }
        j += 1;
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
        let g = j;
        while b
            .get(j)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'&' || *c >= 0x80)
        {
            j += 1;
        }
        if j == g {
            break;
        }
        end = j;
        groups += 1;
    }
    if groups == 0 {
        return None;
    }
    let [a, z] = fo.orig_span(start, end);
    let raw = text.get(a..z)?;
    Some(crate::extract::refs::normalize_ref(raw))
}

/// The document's own number in its header: a cell opening with `Số` or
/// `<Type word> số` (ID-05); the number may sit in the next cell (`Số:` /
/// `1024/QĐ-UBND`).
fn header_number(doc: &Doc, cells: &[usize]) -> (Option<String>, bool) {
    let f = doc.folded.as_str();
    let label = phrases("forms.number_label");
    let types = grammar().doc_types.words();
    for (k, &ci) in cells.iter().enumerate() {
        let c = &doc.layout.cells[ci];
        let cf = &f[c.fstart..c.fend];
        let mut at = None;
        if let Some(h) = label.at(cf, 0) {
            at = Some(h.end);
        } else if let Some(t) = types.at(cf, 0) {
            // `Chỉ thị số: 52-CT/TW Hà Nội, ngày …`
            let rest = &cf[t.end..];
            let skip = rest.len() - rest.trim_start().len();
            if let Some(h) = label.at(cf, t.end + skip) {
                at = Some(h.end);
            }
        }
        let Some(end) = at else { continue };
        // The label must be followed by a separator, a digit, or nothing.
        let after = cf[end..].trim_start();
        if !(after.is_empty()
            || after.starts_with([':', '.', '/'])
            || after.starts_with(|c: char| c.is_ascii_digit()))
        {
            continue;
        }
        if let Some(n) = number_at(doc.text, &doc.folded, c.fstart + end) {
            return (Some(n), true);
        }
        if after.trim_start_matches([':', '.', ' ']).is_empty() {
            if let Some(&next) = cells.get(k + 1) {
                let nc = &doc.layout.cells[next];
                if let Some(n) = number_at(doc.text, &doc.folded, nc.fstart) {
                    return (Some(n), true);
                }
            }
        }
        // A labelled but blank number (`Số:      /KH-UBND`).
        return (None, true);
    }
    (None, false)
}

// ---------------------------------------------------------------------------
// News leads

/// What a news lead says about the document it reports.
#[derive(Debug, Default)]
struct Lead {
    number: Option<String>,
    doc_type: Option<DocType>,
    date: Option<NaiveDate>,
    /// The body that issued it (subject of the verb, or `của X` after the number).
    issuer: Option<String>,
}

/// Read a lead: `<date>, <subject> (đã|vừa) ban hành <Type> số <N> [ngày D]
/// [của X] …`, `<Type> số <N> do … ký ban hành ngày D`, `… giới thiệu toàn
/// văn <Type> số <N> ngày D của X`.
fn read_lead(text: &str) -> Lead {
    let fo = Folded::new(text);
    let f = fo.as_str();
    let types = grammar().doc_types.words();
    let mut lead = Lead::default();
    // The reported document: the first type word followed by `số N` (or a
    // bare number) after an issuing verb, or at the very start.
    let verbs: Vec<usize> = phrases("implements.issuing")
        .find_all(f)
        .into_iter()
        .chain(phrases("forms.news_lead").find_all(f))
        .map(|h| h.end)
        .chain(std::iter::once(0))
        .collect();
    let mut best: Option<(usize, usize, DocType, String)> = None;
    for v in verbs {
        let mut p = v;
        while f.as_bytes().get(p) == Some(&b' ') {
            p += 1;
        }
        let Some(t) = types.at(f, p) else { continue };
        let mut q = t.end;
        while f.as_bytes().get(q) == Some(&b' ') {
            q += 1;
        }
        if let Some(h) = phrases("forms.number_word").at(f, q) {
            q = h.end;
        }
        while f
            .as_bytes()
            .get(q)
            .is_some_and(|c| matches!(c, b' ' | b':'))
        {
            q += 1;
        }
        if let Some(n) = number_at(text, &fo, q) {
            // Where the number ends in the fold.
            let end = f[q..].find([' ', ',']).map_or(f.len(), |k| q + k);
            if best.as_ref().is_none_or(|b| p < b.0) {
                best = Some((p, end, *t.value, n));
            }
        }
    }
    let Some((start, num_end, doc_type, number)) = best else {
        return lead;
    };
    lead.number = Some(number);
    lead.doc_type = Some(doc_type);
    // Date: `Ngày D/M/Y,` at the head of the lead, or `ngày D/M/Y` right after
    // the number or after `ký ban hành`.
    let head_end = f.len().min(120);
    let head = date::first_ngay(f, 0, head_end).filter(|(k, _)| *k < start);
    let after = date::first_ngay(f, num_end, (num_end + 40).min(f.len()))
        .filter(|(k, _)| f[num_end..*k].trim_matches([' ', ',']).is_empty());
    let signed = phrases("identity.signed")
        .find_from(f, 0)
        .and_then(|h| date::first_ngay(f, h.start, (h.end + 30).min(f.len())));
    lead.date = head.or(after).or(signed).map(|(_, d)| d.date);
    // Issuer: `của X` after the number and date, else the subject before the verb.
    let after_date = after.map_or(num_end, |(_, d)| d.end);
    let rest_at = f.len() - f[after_date..].trim_start_matches([' ', ',']).len();
    if let Some(of) = phrases("forms.of").at(f, rest_at) {
        let r = f[of.end..].trim_start();
        let a = f.len() - r.len();
        let e = r.find([',', ';', '.']).map_or(f.len(), |k| a + k);
        let [oa, oe] = fo.orig_span(a, e);
        lead.issuer = body_prefix(&text[oa..oe]);
    }
    if lead.issuer.is_none() && start > 0 {
        // The clause before the verb, after the date or a comma.
        let verb_at = phrases("implements.issuing")
            .find_in(f, 0..start)
            .into_iter()
            .chain(phrases("forms.news_lead").find_in(f, 0..start))
            .map(|h| h.start)
            .max()
            .unwrap_or(start);
        let clause_start = f[..verb_at].rfind([',', ')', ':']).map_or(0, |k| k + 1);
        let [oa, oe] = fo.orig_span(clause_start, verb_at);
        let subject = text[oa..oe]
            .trim()
            .trim_end_matches(" đã")
            .trim_end_matches(" vừa")
            .trim_end_matches(" vừa ký")
            .trim();
        lead.issuer = body_prefix(subject);
    }
    lead
}

/// The body at the start of `s` (`Ban Thường vụ Tỉnh ủy Hà Tĩnh về triển khai`
/// → `Ban Thường vụ Tỉnh ủy Hà Tĩnh`; `Ban Chấp hành Đảng bộ tỉnh Lâm Đồng
/// khóa X` → `… Lâm Đồng`): capitalised words, organ and place words, up to
/// the first other word. `None` when it names no body.
fn body_prefix(s: &str) -> Option<String> {
    let a = &grammar().agency;
    let mut out: Vec<&str> = Vec::new();
    let mut has_organ = false;
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let tail = fold(&words[i..].join(" "));
        if let Some(h) = a.organ_words.at(&tail, 0) {
            let n = tail[..h.end].split(' ').count();
            out.extend(&words[i..i + n]);
            has_organ = true;
            i += n;
            continue;
        }
        if let Some(h) = a.place_words.at(&tail, 0) {
            let n = tail[..h.end].split(' ').count();
            out.extend(&words[i..i + n]);
            has_organ |= h.value.committee || h.value.kind == PlaceKind::Central;
            i += n;
            continue;
        }
        let w = words[i];
        if w.chars().next().is_some_and(char::is_uppercase)
            && phrases("identity.term").at(&tail, 0).is_none()
        {
            out.push(w);
            i += 1;
            continue;
        }
        break;
    }
    let s = out.join(" ");
    let s = s.trim_end_matches([',', '.', ';']).to_string();
    (has_organ && !s.is_empty()).then_some(s)
}

// ---------------------------------------------------------------------------
// Title

/// `KẾ HOẠCH` → `Kế hoạch`.
fn sentence_case(s: &str) -> String {
    capitalize_first(&s.to_lowercase())
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Type word in sentence case + the trích yếu on one line.
fn title(doc: &Doc, title: &std::ops::Range<usize>, doc_type: DocType) -> Option<String> {
    let lines = cell_lines(doc, title);
    let first = *lines.first()?;
    let ff = fold(first);
    let types = grammar().doc_types.words();
    let (word, rest_first) = match types.at(&ff, 0) {
        Some(h) => {
            let n = ff[..h.end].chars().count();
            let cut = first.char_indices().nth(n).map_or(first.len(), |(i, _)| i);
            (sentence_case(first[..cut].trim()), first[cut..].trim())
        }
        // A damaged heading (`K ÉT LUẬN`): the type's own name.
        None => (doc_type.label().to_string(), ""),
    };
    let mut parts: Vec<&str> = Vec::new();
    if !rest_first.is_empty() {
        parts.push(rest_first.trim_start_matches(':').trim());
    }
    parts.extend(lines[1..].iter().map(|l| l.trim()));
    let parts: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Some(word);
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
        let first_word = body.split(' ').next().unwrap_or("");
        let acronym =
            first_word.chars().filter(|c| c.is_alphabetic()).count() > 1 && is_caps(first_word);
        if !acronym {
            body = lowercase_first(&body);
        }
    }
    Some(format!("{word} {body}"))
}

// ---------------------------------------------------------------------------
// Issuer and level

/// The body the issuing clause names: `…, Ban Thường vụ Tỉnh ủy ban hành Kế
/// hoạch …` → `Ban Thường vụ Tỉnh ủy`. A place after a comma belongs to the
/// body before it (`Ban Thường vụ Huyện ủy Giồng Riềng, tỉnh Kiên Giang`).
fn issuing_subject(doc: &Doc) -> Option<(String, Option<String>)> {
    let issuing = doc.layout.issuing.clone()?;
    // From the start of the line that holds the clause: a place after a comma
    // sends the subject back before it.
    let line_start = doc
        .layout
        .cells
        .iter()
        .find(|c| c.start <= issuing.start && issuing.start <= c.end)
        .map_or(issuing.start, |c| c.start);
    let r = line_start..issuing.end;
    let fo = &doc.folded;
    let f = fo.slice(r.start, r.end);
    let fstart = fo.pos(r.start);
    let clause = fo.pos(issuing.start) - fstart;
    let verb = phrases("implements.issuing")
        .find_all(f)
        .into_iter()
        .find(|h| {
            let after = f[h.end..].trim_start();
            h.start >= clause
                && (grammar().doc_types.words().at(after, 0).is_some()
                    || phrases("forms.as_follows").at(after, 0).is_some())
        })?;
    let before = &f[..verb.start];
    let cut = before.rfind([',', ';', ':', ')']).map_or(0, |k| k + 1);
    let [a, e] = fo.orig_span(fstart + cut, fstart + verb.start);
    let mut subject = doc.text[a..e].trim().to_string();
    let mut place = None;
    let sf = fold(&subject);
    let is_place = grammar().agency.place_words.at(&sf, 0).is_some_and(|h| {
        !h.value.committee && matches!(h.value.kind, PlaceKind::Province | PlaceKind::City)
    });
    if cut > 0 && is_place {
        place = Some(subject.clone());
        let head = &before[..cut - 1];
        let cut2 = head.rfind([',', ';', ':', ')']).map_or(0, |k| k + 1);
        let [a, e] = fo.orig_span(fstart + cut2, fstart + cut - 1);
        subject = doc.text[a..e].trim().to_string();
    }
    let words = subject.split_whitespace().count();
    let starts_upper = subject.chars().next().is_some_and(char::is_uppercase);
    (starts_upper && (1..=16).contains(&words) && names_a_body(&subject))
        .then_some((subject, place))
}

/// True when `s` holds an organ word or a committee's level word (`Tỉnh ủy`).
fn names_a_body(s: &str) -> bool {
    let f = fold(s);
    let a = &grammar().agency;
    !a.organ_words.find_all(&f).is_empty()
        || a.place_words.find_all(&f).iter().any(|h| h.value.committee)
}

/// The level an issuer's own words fix.
fn level_of(issuer: &str, province: Option<&str>) -> Option<IssuerLevel> {
    let fo = Folded::new(issuer);
    let f = fo.as_str();
    let a = &grammar().agency;
    let marks = crate::normalize::has_diacritics(issuer);
    let mut kind: Option<PlaceKind> = None;
    for h in a.place_words.find_all(f) {
        let [x, y] = fo.orig_span(h.start, h.end);
        if !agency::same_word(&issuer[x..y], &h.value.display, marks) {
            continue;
        }
        if kind.is_none_or(|k| h.value.kind.rank() > k.rank()) {
            kind = Some(h.value.kind);
        }
    }
    let f = f.to_string();
    for h in a.organ_words.find_all(&f) {
        if let Some(l) = h.value.level {
            let k = match l {
                IssuerLevel::TrungUong => PlaceKind::Central,
                IssuerLevel::Tinh => PlaceKind::Province,
                IssuerLevel::Huyen => PlaceKind::District,
                IssuerLevel::Xa => PlaceKind::Commune,
                IssuerLevel::Khoi => PlaceKind::Bloc,
            };
            if kind.is_none_or(|x| k.rank() > x.rank()) {
                kind = Some(k);
            }
        }
    }
    match kind? {
        PlaceKind::City => {
            // A centrally-run city is a province; a city of a province is a
            // district; with no place known the level is not stated.
            let g = grammar();
            let city = province.and_then(|p| g.provinces.get(p)).or_else(|| {
                g.provinces
                    .spellings()
                    .find_all(&f)
                    .into_iter()
                    .map(|h| &g.provinces.all()[*h.value])
                    .find(|p| p.kind == crate::grammar::ProvinceKind::City)
            });
            match city {
                Some(p) if p.kind == crate::grammar::ProvinceKind::City => Some(IssuerLevel::Tinh),
                Some(_) => Some(IssuerLevel::Huyen),
                None => None,
            }
        }
        k => k.level(),
    }
}

/// Append the place to an issuer that ends in a level word (`Ban Thường vụ
/// Tỉnh ủy` + Kiên Giang): the header organ's place when its kind matches,
/// else the province for provincial bodies.
fn qualify(base: &str, header: Option<&Organ>, province: Option<&str>) -> String {
    let f = fold(base);
    if let Some(p) = province {
        if f.contains(&fold(p)) {
            return base.to_string();
        }
    }
    let Some(tail) = grammar().agency.place_words.ending_at(&f, f.len()) else {
        return base.to_string();
    };
    let kind = tail.value.kind;
    if let Some(h) = header {
        if let Some((k, place)) = &h.place {
            if *k == kind && !f.contains(&fold(place)) {
                return format!("{base} {place}");
            }
        }
    }
    let g = grammar();
    match (kind, province) {
        (PlaceKind::Province, Some(p)) => format!("{base} {p}"),
        (PlaceKind::City, Some(p))
            if g.provinces
                .get(p)
                .is_some_and(|x| x.kind == crate::grammar::ProvinceKind::City) =>
        {
            format!("{base} {p}")
        }
        _ => base.to_string(),
    }
}

/// Qualify an issuer read from the text with a province supplied later (by a
/// manifest): `Ban Chấp hành Đảng bộ tỉnh` + Ninh Thuận → `… tỉnh Ninh Thuận`.
pub fn qualify_issuer(issuer: &str, province: &str) -> String {
    qualify(issuer, None, Some(province))
}

// ---------------------------------------------------------------------------
// The header's agency lines

/// The agency lines of the header, top to bottom: cells in capitals that are
/// not mottos, numbers, place-date lines or the type heading; a line that
/// continues the one above (`ỦY BAN NHÂN DÂN` / `TỈNH AN GIANG`) is joined.
fn header_organs(doc: &Doc, cells: &[usize], date: Option<NaiveDate>) -> Vec<Organ> {
    let f = doc.folded.as_str();
    let motto = phrases("forms.motto");
    let a = &grammar().agency;
    let mut raw: Vec<String> = Vec::new();
    let mut prev_open = false;
    for &ci in cells {
        let c = &doc.layout.cells[ci];
        let cf = &f[c.fstart..c.fend];
        // Cut the cell where a motto begins (a flattened two-column header).
        let cut = motto.find_all(cf).first().map_or(cf.len(), |h| h.start);
        let [oa, oe] = doc.folded.orig_span(c.fstart, c.fstart + cut);
        let line = doc.text[oa..oe.max(oa)]
            .trim()
            .trim_end_matches(['-', '–', ',', '|'])
            .trim();
        let lf = fold(line);
        if line.is_empty()
            || line.chars().all(|ch| matches!(ch, '*' | '-' | '_' | '='))
            || !is_caps(line)
            || phrases("forms.number_label").at(&lf, 0).is_some()
            || first_full_date(&lf).is_some()
            || grammar().doc_types.of_word(line).is_some()
        {
            prev_open = false;
            continue;
        }
        let starts_place = a.place_words.at(&lf, 0).is_some();
        let fragment = raw.last().is_some_and(|p| {
            p.split_whitespace().count() == 1 && a.organ_words.at(&fold(p), 0).is_none()
        });
        if (starts_place && prev_open) || fragment {
            if let Some(prev) = raw.last_mut() {
                prev.push(' ');
                prev.push_str(line);
            }
        } else {
            raw.push(line.to_string());
        }
        // The line so far names a body but no place: the next may give it.
        let last = raw.last().map(|s| fold(s)).unwrap_or_default();
        prev_open = a.place_words.find_all(&last).is_empty()
            || a.place_words.ending_at(&last, last.len()).is_some_and(|h| {
                !last[..h.start].trim().is_empty()
                    && h.value.kind != PlaceKind::Central
                    && !h.value.committee
            });
    }
    raw.iter().map(|u| organ(u, date)).collect()
}

// ---------------------------------------------------------------------------

/// Read the identity of a document.
pub fn identify(doc: &Doc) -> Identity {
    let l = &doc.layout;
    let g = grammar();
    let mut id = Identity::default();

    // Header cells: the header zone, else (no type heading) nothing.
    let header_cells: Vec<usize> = match &l.header {
        Some(h) => (0..l.cells.len())
            .filter(|&i| {
                let c = &l.cells[i];
                c.start >= h.start && c.end <= h.end && !c.is_empty()
            })
            .collect(),
        None => Vec::new(),
    };
    let header_text: String = header_cells
        .iter()
        .map(|&i| &doc.text[l.cells[i].start..l.cells[i].end])
        .collect::<Vec<_>>()
        .join(" ");
    let header_fold = fold(&header_text);

    // Number.
    let (mut number, labelled) = header_number(doc, &header_cells);
    let lead = l.lead.as_ref().map(|r| read_lead(&doc.text[r.clone()]));
    if number.is_none() && !labelled {
        number = lead.as_ref().and_then(|x| x.number.clone());
    }
    let hint = |r: &Option<std::ops::Range<usize>>| r.as_ref().map(|r| doc.text[r.clone()].trim());
    if number.is_none() && !labelled && l.header.is_some() {
        number = hint(&l.hints.number)
            .map(crate::extract::refs::normalize_ref)
            .filter(|n| n.chars().next().is_some_and(|c| c.is_ascii_digit()));
    }

    // Type: the heading word, the lead's type word, the number's symbol,
    // the site's metadata type.
    let heading_type = l.type_cell.and_then(|i| {
        let c = &l.cells[i];
        let t = &doc.text[c.start..c.end];
        let tf = fold(t);
        g.doc_types
            .words()
            .at(&tf, 0)
            .map(|h| *h.value)
            .or_else(|| {
                // A damaged heading (`K ÉT LUẬN`): the type the layout found.
                let squeezed: String = tf.chars().filter(char::is_ascii_alphanumeric).collect();
                g.doc_types.entries().iter().find_map(|e| {
                    e.words
                        .iter()
                        .any(|w| {
                            let sw: String = fold(w)
                                .chars()
                                .filter(char::is_ascii_alphanumeric)
                                .collect();
                            sw.len() == squeezed.len()
                                && sw
                                    .bytes()
                                    .zip(squeezed.bytes())
                                    .filter(|(x, y)| x != y)
                                    .count()
                                    <= 1
                        })
                        .then_some(e.doc_type)
                })
            })
    });
    let doc_type = heading_type
        .or_else(|| lead.as_ref().and_then(|x| x.doc_type))
        .or_else(|| number.as_deref().and_then(|n| g.doc_types.of_number(n)))
        .or_else(|| hint(&l.hints.doc_type).and_then(|t| g.doc_types.of_word(t)))
        .filter(|t| *t != DocType::Other || heading_type.is_some());

    // Title.
    let title = l
        .title
        .as_ref()
        .and_then(|t| title(doc, t, doc_type.unwrap_or_default()));

    // Date: the header's place-date line (its parts may run over cells).
    let dateline = date::first_ngay(&header_fold, 0, header_fold.len());
    let attached_text = l.attached.as_ref().map(|r| &doc.text[r.clone()]);
    let attached_date = attached_text.and_then(|t| {
        let f = fold(t);
        date::first_ngay(&f, 0, f.len()).map(|(_, d)| d.date)
    });
    let mut date = dateline
        .map(|(_, d)| d.date)
        .or(attached_date)
        .or_else(|| lead.as_ref().and_then(|x| x.date));
    if date.is_none() {
        date = hint(&l.hints.date).and_then(|d| {
            let f = fold(&format!("ngay {d}"));
            date::after_ngay(&f, 0).map(|x| x.date)
        });
    }

    // Agency lines and the place line.
    let organs = header_organs(doc, &header_cells, date);
    let place_line = dateline.and_then(|(k, _)| {
        // The words before `, ngày`: the place.
        let before = header_fold[..k].trim_end().trim_end_matches(',').trim_end();
        let start = before.rfind([',', ':', '|']).map_or(0, |x| x + 1);
        let mut words: Vec<&str> = before[start..].split_whitespace().collect();
        // Keep the trailing words that are not a number (`Số 15-KH/TU Trà Vinh`).
        if let Some(p) = words
            .iter()
            .rposition(|w| w.chars().any(|c| c.is_ascii_digit()))
        {
            words.drain(..=p);
        }
        (!words.is_empty()).then(|| words.join(" "))
    });
    let below_province = organs
        .last()
        .and_then(|o| o.place.as_ref())
        .is_some_and(|(k, _)| matches!(k, PlaceKind::District | PlaceKind::Commune));
    let mut province = organs.iter().rev().find_map(|o| match &o.place {
        Some((PlaceKind::Province | PlaceKind::City, name)) => g.provinces.lookup(name, date),
        _ => None,
    });
    if province.is_none() && !below_province {
        if let Some(p) = place_line.as_deref() {
            province = g
                .provinces
                .lookup(p, date)
                .or_else(|| g.provinces.of_capital(p))
                .or_else(|| {
                    // `TP. Hồ Chí Minh`, `Thành phố Hồ Chí Minh`.
                    province_mentions(&format!("thành phố {p}"), date)
                        .first()
                        .copied()
                });
        }
    }
    if province.is_none() {
        if let Some(t) = attached_text {
            province = province_mentions(t, date).first().copied();
        }
    }
    if province.is_none() {
        if let Some(r) = &l.lead {
            province = province_mentions(&doc.text[r.clone()], date)
                .first()
                .copied();
        }
    }
    let district_header = below_province
        && !organs
            .iter()
            .any(|o| matches!(&o.place, Some((PlaceKind::Province, _))));
    if province.is_none() && !district_header && l.lead.is_none() {
        let body_start = l.title.as_ref().map_or(0, |t| t.start);
        let fstart = doc.folded.pos(body_start);
        province = agency::unambiguous(&agency::province_mentions_in(
            doc.text,
            &doc.folded,
            fstart..doc.folded.len(),
            date,
        ));
    }
    let province_from_place_line =
        province.is_some() && !organs.iter().any(|o| o.place.is_some()) && place_line.is_some();
    // The issuing clause may name the place (`Ban Thường vụ Huyện ủy Phú Tân,
    // tỉnh Bình Phước ban hành …`): the text states it.
    let subject = issuing_subject(doc);
    if province.is_none() || district_header {
        if let Some(p) = subject.as_ref().and_then(|(_, p)| p.as_deref()) {
            province = province_mentions(p, date).first().copied().or(province);
        }
    }
    let province = province.map(|p| p.name.clone());

    // Issuer: the issuing clause, a decision's authority line, the lead, the
    // signature's body within the header organ, the header organ.
    let sig_lines: Vec<&str> = match &l.signature {
        // Columns of a flattened page interleave the signature with the
        // recipients: read on past the zone.
        Some(r) => doc.text[r.start..].lines().take(30).collect(),
        None => {
            let n = doc.text.lines().count();
            doc.text.lines().skip(n.saturating_sub(40)).collect()
        }
    };
    let signature = signer::from_lines(&sig_lines);
    let authority = l.authority.as_ref().map(|r| {
        let t = doc.text[r.clone()].trim();
        organ(t, date).display
    });
    let header_organ = organs
        .iter()
        .rev()
        .find(|o| o.kind.is_some())
        .or(organs.last());
    let parent = |o: &Organ| -> String {
        // A board under a committee (`BAN TUYÊN GIÁO` under `TỈNH ỦY HƯNG YÊN`).
        let idx = organs.iter().position(|x| std::ptr::eq(x, o));
        match idx.and_then(|i| i.checked_sub(1)).map(|i| &organs[i]) {
            Some(p) if o.place.is_none() && o.kind.is_none() => {
                let pf = fold(&p.display);
                // A board under a people's committee takes only its place
                // (`Sở …` under `UBND TỈNH PHÚ YÊN` → `Sở … tỉnh Phú Yên`).
                let state = phrases("forms.authority")
                    .at(&pf, 0)
                    .is_some_and(|h| g.agency.organ_words.at(&pf[h.start..], 0).is_some());
                if state {
                    match &p.place {
                        Some((_, place)) => {
                            let word = g
                                .agency
                                .place_words
                                .find_all(&pf)
                                .last()
                                .map(|h| h.value.display.clone())
                                .unwrap_or_default();
                            format!("{} {word} {place}", o.display)
                        }
                        None => o.display.clone(),
                    }
                } else {
                    format!("{} {}", o.display, p.display)
                }
            }
            _ => o.display.clone(),
        }
    };
    let base = subject
        .map(|(s, _)| s)
        .or(authority)
        .or_else(|| lead.as_ref().and_then(|x| x.issuer.clone()))
        .or_else(|| {
            let last = organs.last()?;
            let header = parent(last);
            match signature.as_ref().and_then(|s| s.authority.as_deref()) {
                Some(a) => {
                    let (af, hf) = (fold(a), fold(&header));
                    if hf.starts_with(&af) {
                        Some(header)
                    } else {
                        Some(format!("{a} {header}"))
                    }
                }
                None => Some(header),
            }
        })
        .or_else(|| signature.as_ref().and_then(|s| s.authority.clone()))
        .or_else(|| {
            // A plan alone: the body its attached-to line names (`của UBND tỉnh X`).
            let t = attached_text?;
            let ft = fold(t);
            let of = phrases("forms.of").find_all(&ft).last().copied()?;
            let n = ft[..of.end].chars().count();
            let tail: String = t.chars().skip(n).collect();
            body_prefix(tail.trim_end_matches(')'))
        });
    let issuer = base.map(|b| qualify(&b, header_organ, province.as_deref()));
    let issuer_level = issuer
        .as_deref()
        .and_then(|i| level_of(i, province.as_deref()))
        .or_else(|| {
            organs
                .iter()
                .rev()
                .find_map(|o| o.kind)
                .and_then(|k| match k {
                    PlaceKind::City => level_of(&organs.last()?.display, province.as_deref()),
                    k => k.level(),
                })
        })
        .or_else(|| {
            let t = attached_text?;
            let ft = fold(t);
            let of = phrases("forms.of").find_all(&ft).last().copied()?;
            level_of(&ft[of.start..], province.as_deref())
        })
        // A state body whose agency line names no place, in a province the
        // place line names (`ỦY BAN NHÂN DÂN` / `Cao Bằng, ngày …`).
        .or(province_from_place_line.then_some(IssuerLevel::Tinh));

    let signer = signature
        .as_ref()
        .and_then(Signature::signer)
        .or_else(|| {
            l.lead
                .as_ref()
                .and_then(|r| signer::from_lead(&doc.text[r.clone()]))
        })
        .or_else(|| {
            hint(&l.hints.signer)
                .filter(|n| signer::is_person_name(n))
                .map(|n| Signer {
                    name: n.to_string(),
                    title: None,
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

use signer::Signature;

#[cfg(test)]
mod tests;
