//! Finding mentions: a type word and its number (with date, term and issuer
//! after it), numbers whose symbol the issuer implies, short names
//! (`Chỉ thị 35`), bare số/ký hiệu, then named documents and subjects.

use super::number::{self, NumTok, Shape};
use super::spans::Blocked;
use super::tokens::{self, clean, date_at, issuer_at, phrase_at, skip_spaces, term_at, IssuerRead};
use super::{named, subject, Mention};
use crate::extract::record::DocType;
use crate::extract::{refs, Doc};
use crate::grammar::{grammar, phrases};

/// Find every citation mention of a document, in text order.
pub fn find(doc: &Doc<'_>) -> Vec<Mention> {
    let f = doc.folded.as_str();
    let nums = number::scan(f);
    let mut claimed = vec![false; nums.len()];
    let mut mentions = typed(doc, &nums, &mut claimed);
    bare(doc, &nums, &claimed, &mut mentions);
    mentions.retain(|m| !in_furniture(doc, m.span[0]));
    mentions.sort_by_key(|m| m.span[0]);
    let mut blocked = Blocked::default();
    for m in &mentions {
        blocked.insert(m.span[0], m.span[1]);
    }
    let mut subjects = Blocked::default();
    subject::fill_subjects(doc, &mut mentions, &mut subjects);
    subject::share_issuers(doc, &mut mentions);
    let mut named = named::named(doc, &mut blocked, &subjects);
    named.retain(|m| !in_furniture(doc, m.span[0]));
    mentions.extend(named);
    mentions.sort_by_key(|m| m.span[0]);
    let objects = subject::relation_objects(doc, &mentions, &blocked);
    mentions.extend(objects);
    mentions.sort_by_key(|m| m.span[0]);
    mentions
}

fn in_furniture(doc: &Doc<'_>, at: usize) -> bool {
    doc.layout.in_furniture(at)
}

/// What follows a number: term, date, issuer (in any order, twice).
pub struct Tail {
    /// Folded end.
    pub end: usize,
    pub dated: bool,
    pub date: Option<chrono::NaiveDate>,
    pub issuer: Option<IssuerRead>,
    pub term: Option<String>,
}

pub fn tail(doc: &Doc<'_>, start: usize) -> Tail {
    let f = doc.folded.as_str();
    let mut t = Tail {
        end: start,
        dated: false,
        date: None,
        issuer: None,
        term: None,
    };
    for _round in 0..2 {
        let mut progressed = false;
        if let Some((term, e)) = term_at(f, t.end) {
            t.term.get_or_insert(term);
            t.end = e;
            progressed = true;
        }
        if !t.dated && !new_sentence_line(doc, t.end) {
            if let Some((d, e)) = date_at(f, t.end) {
                t.date = d;
                t.dated = true;
                t.end = e;
                progressed = true;
            }
        }
        if t.issuer.is_none() {
            if let Some(i) = issuer_at(doc.text, &doc.folded, t.end) {
                t.end = i.end;
                t.issuer = Some(i);
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    t
}

/// What follows folded `p` starts a new line with a capitalised word
/// (`… Kết luận số 61-KL/TW\nNgày 20/9/2023, Ban Thường vụ …`): a headline
/// ends there, and the lead's date is not the reference's. A wrapped line
/// goes on in lower case (`… 61-KL/TW\nngày 17/8/2023`) or in capitals (a
/// caps title, `… 64-KL/TW\nNGÀY 28/10/2023`).
fn new_sentence_line(doc: &Doc<'_>, p: usize) -> bool {
    let o = doc.folded.orig(p);
    let Some(rest) = doc.text.get(o..) else {
        return false;
    };
    let lead = rest
        .find(|c: char| !(c.is_whitespace() || c == ','))
        .unwrap_or(rest.len());
    if !rest[..lead].contains('\n') {
        return false;
    }
    let mut cs = rest[lead..].chars();
    matches!((cs.next(), cs.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
}

/// The number token starting exactly at folded `p`.
fn token_at(nums: &[NumTok], p: usize) -> Option<usize> {
    nums.binary_search_by_key(&p, |t| t.start).ok()
}

/// Where the number after a type word ending at folded `te` starts: after
/// spaces, `số` (glued or not) and a colon.
fn number_start(f: &str, te: usize) -> (usize, bool) {
    let b = f.as_bytes();
    let mut p = skip_spaces(f, te);
    let mut so = false;
    if let Some(e) = phrase_at("citations.number_word", f, p) {
        so = true;
        p = skip_spaces(f, e);
    } else if f.get(p..p + 2) == Some("so") && b.get(p + 2).is_some_and(u8::is_ascii_digit) {
        return (p + 2, true);
    }
    if p < b.len() && b[p] == b':' {
        p = skip_spaces(f, p + 1);
    }
    (p, so)
}

/// The original span of folded `[a, b)`, trimmed of white space at the end.
fn orig_span(doc: &Doc<'_>, a: usize, b: usize) -> [usize; 2] {
    let [s, e] = doc.folded.orig_span(a, b);
    let e = s + doc.text.get(s..e).map_or(0, |t| t.trim_end().len());
    [s, e]
}

/// A reference from the original text of a number token, `/TƯ` decided by
/// the issuer (rule 2).
fn reference_of(doc: &Doc<'_>, t: &NumTok, issuer: Option<&IssuerRead>) -> String {
    let [a, b] = doc.folded.orig_span(t.start, t.end);
    let raw = doc.text.get(a..b).unwrap_or("");
    let n = refs::normalize_ref(raw);
    refs::central_tu(raw, &n, issuer.is_some_and(IssuerRead::central))
}

/// Type word + number mentions.
fn typed(doc: &Doc<'_>, nums: &[NumTok], claimed: &mut [bool]) -> Vec<Mention> {
    let f = doc.folded.as_str();
    let mut out = Vec::new();
    for hit in grammar().doc_types.words().find_all(f) {
        let doc_type = *hit.value;
        let (p, so) = number_start(f, hit.end);
        let Some(k) = token_at(nums, p) else {
            continue;
        };
        let t = nums[k];
        let tl = tail(doc, t.end);
        let span = orig_span(doc, hit.start, tl.end.max(t.end));
        let ref_span = doc.folded.orig_span(t.start, t.end);
        match t.shape {
            Shape::Party | Shape::State => {
                claimed[k] = true;
                let reference = reference_of(doc, &t, tl.issuer.as_ref());
                let mut m = Mention::new(span, doc_type);
                m.ref_span = Some(ref_span);
                m.reference = Some(reference);
                fill_tail(&mut m, tl);
                out.push(m);
            }
            Shape::Plain => {
                claimed[k] = true;
                let digits = &f[t.start..t.end];
                let implied = if so || tl.dated {
                    tl.issuer
                        .as_ref()
                        .and_then(|i| refs::infer_symbol(digits, doc_type, &i.display))
                } else {
                    None
                };
                if let Some(r) = implied {
                    let mut m = Mention::new(span, doc_type);
                    m.ref_span = Some(ref_span);
                    m.reference = Some(r);
                    fill_tail(&mut m, tl);
                    out.push(m);
                } else if let Some(m) = short_name(doc, hit.start, hit.end, &t, tl, doc_type) {
                    out.push(m);
                }
            }
        }
    }
    out
}

fn fill_tail(m: &mut Mention, tl: Tail) {
    m.date = tl.date;
    m.term = tl.term;
    if let Some(i) = tl.issuer {
        m.plenum = i.plenum;
        m.issuer = Some(i.display);
    }
}

/// `Chỉ thị 35`, `Quyết định số 150` (N-07, rule 8): a document cited by its
/// number alone — a name, merged later into a full reference of the same
/// type and number. Not a quantity (`Kế hoạch 5 năm`).
fn short_name(
    doc: &Doc<'_>,
    ts: usize,
    te: usize,
    t: &NumTok,
    tl: Tail,
    doc_type: DocType,
) -> Option<Mention> {
    let f = doc.folded.as_str();
    phrases("citations.short_name")
        .at(f, ts)
        .filter(|h| h.end == te)?;
    let after = skip_spaces(f, t.end);
    if phrases("citations.quantity").at(f, after).is_some() {
        return None;
    }
    let digits = &f[t.start..t.end];
    if digits.starts_with('0') && digits.len() > 3 || digits.len() > 4 {
        return None;
    }
    let span = orig_span(doc, ts, t.end);
    let name = tokens::tone_canonical(&clean(doc.text.get(span[0]..span[1]).unwrap_or("")));
    let mut m = Mention::new(span, doc_type);
    m.name = Some(name);
    m.number = Some(digits.trim_start_matches('0').to_string());
    m.date = tl.date;
    m.term = tl.term;
    if let Some(i) = tl.issuer {
        m.issuer = Some(i.display);
    }
    Some(m)
}

/// Số/ký hiệu written without a type word (`Quyết định số 217-QĐ/TW,
/// 218-QĐ/TW`): at least two letter groups, upper case as written; not the
/// document's own number after its `Số` label.
fn bare(doc: &Doc<'_>, nums: &[NumTok], claimed: &[bool], mentions: &mut Vec<Mention>) {
    let f = doc.folded.as_str();
    // Mentions so far, by end, to find the one a bare number continues.
    let mut by_end: Vec<(usize, usize)> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| (m.span[1], i))
        .collect();
    by_end.sort_unstable();
    let mut extra = Vec::new();
    for (k, t) in nums.iter().enumerate() {
        if claimed[k] || t.shape == Shape::Plain || t.groups < 2 {
            continue;
        }
        // The symbol as written starts with a capital letter.
        let first = doc.folded.orig(t.first_group);
        if !doc
            .text
            .get(first..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
        {
            continue;
        }
        if own_number_label(doc, t.start) {
            continue;
        }
        let tl = tail(doc, t.end);
        let reference = reference_of(doc, t, tl.issuer.as_ref());
        let [ra, rb] = doc.folded.orig_span(t.start, t.end);
        // The type of the mention this one continues (`…, 218-QĐ/TW`, `… và 218-QĐ/TW`).
        let prev = by_end
            .partition_point(|(e, _)| *e <= ra)
            .checked_sub(1)
            .map(|j| by_end[j].1);
        let doc_type = match prev {
            Some(pi) if continues(doc, mentions[pi].span[1], ra) => mentions[pi].doc_type,
            _ => grammar()
                .doc_types
                .of_number(&reference)
                .unwrap_or(DocType::Other),
        };
        let span = orig_span(doc, t.start, tl.end.max(t.end));
        let mut m = Mention::new(span, doc_type);
        m.ref_span = Some([ra, rb]);
        m.reference = Some(reference);
        fill_tail(&mut m, tl);
        extra.push(m);
    }
    let _ = f;
    mentions.extend(extra);
}

/// Only separators (`,`, `và`, marks) between two mentions.
fn continues(doc: &Doc<'_>, a: usize, b: usize) -> bool {
    if b < a || b - a > 40 {
        return false;
    }
    let gap = doc.text.get(a..b).unwrap_or("");
    let g = gap.trim_matches([' ', ',', '*']);
    g.is_empty() || gap.trim() == "và"
}

/// The number at folded `p` is the document's own, after its `Số` label at
/// the start of its line or cell (`Số: 12/KH-UBND`, `Số 60-KH/TU`).
fn own_number_label(doc: &Doc<'_>, p: usize) -> bool {
    let f = doc.folded.as_str();
    let cells = &doc.layout.cells;
    let i = cells.partition_point(|c| c.fstart <= p);
    let Some(c) = i.checked_sub(1).map(|i| &cells[i]) else {
        return false;
    };
    if c.fend < p {
        return false;
    }
    let before = f.get(c.fstart..p).unwrap_or("");
    let before = before.trim_start_matches(|ch: char| !ch.is_ascii_alphanumeric());
    let before = before.trim_end_matches([' ', ':']);
    if before.is_empty() {
        return false;
    }
    phrases("forms.number_label")
        .at(before, 0)
        .is_some_and(|h| h.end == before.len())
}
