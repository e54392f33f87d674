//! What the text says about a numbered mention besides its number: its
//! subject (`về …`, a quoted title), an issuer shared across a coordination,
//! and an unnumbered object it carries out (`Kế hoạch số 26-KH/TU … về thực
//! hiện Chuyên đề …`). Each looks at a bounded window after its mention.

use super::spans::{clause_end, floor_char, Blocked};
use super::tokens::{clean, phrase_at, skip_seps, skip_spaces, tone_canonical};
use super::Mention;
use crate::extract::record::DocType;
use crate::extract::Doc;
use crate::grammar::{grammar, phrases};
use crate::text::fold;

/// Longest subject read (bytes).
const SUBJECT_MAX: usize = 800;
/// Longest gap across which a coordination shares its issuer (bytes).
const SHARE_MAX: usize = 400;

fn first_char_upper(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_uppercase)
}

/// Subject (`về …`, `ban hành …`, a quoted title) after each mention.
/// Subjects that are titles (not relations) are blocked for named mentions.
pub fn fill_subjects(doc: &Doc<'_>, mentions: &mut [Mention], blocked: &mut Blocked) {
    let text = doc.text;
    let f = doc.folded.as_str();
    let n = mentions.len();
    for i in 0..n {
        let end = mentions[i].span[1];
        let fp = doc.folded.pos(end);
        let q = skip_seps(f, fp);
        let (s_f, quoted) = if f.as_bytes().get(q) == Some(&b'"') {
            (q + 1, true)
        } else if let Some(e) = phrase_at("citations.subject_intro", f, q) {
            (skip_spaces(f, e), false)
        } else {
            continue;
        };
        let s = doc.folded.orig(s_f).max(end);
        let next = mentions[i + 1..]
            .iter()
            .map(|m| m.span[0])
            .find(|&p| p >= s)
            .unwrap_or(text.len());
        let limit = if quoted {
            let hi = floor_char(text, (s + SUBJECT_MAX).min(text.len()));
            text[s..hi]
                .find(['”', '"'])
                .map_or(next.min(hi), |k| (s + k).min(next))
        } else {
            let e = clause_end(text, s, &[';', '(', '\n', ':'], SUBJECT_MAX).min(next);
            next_document(doc, s, e)
        };
        let subj = clean(text.get(s..limit).unwrap_or(""));
        let subj = subj
            .trim_end_matches([',', ' '])
            .trim_end_matches(" và")
            .trim()
            .to_string();
        if subj.is_empty() {
            continue;
        }
        let fs = fold(&subj);
        if phrases("citations.subject_relation").at(&fs, 0).is_none() {
            blocked.insert(s, limit);
        }
        mentions[i].subject = Some(subj);
    }
}

/// The start of a second document joined to a subject in `[s, e)`
/// (`…, Quy định của Đảng …`, `… và Chỉ thị …`): the subject ends there.
fn next_document(doc: &Doc<'_>, s: usize, e: usize) -> usize {
    let f = doc.folded.as_str();
    let r = doc.folded.range(s, e);
    for h in grammar().doc_types.words().find_in(f, r.clone()) {
        let at = doc.folded.orig(h.start);
        if !first_char_upper(doc.text, at) {
            continue;
        }
        let before = f[r.start..h.start].trim_end();
        if before.ends_with(',') {
            return doc.folded.orig(r.start + before.len() - 1).max(s);
        }
        if let Some(v) = phrases("citations.next_document").ending_at(f, r.start + before.len()) {
            if v.start > r.start {
                return doc.folded.orig(v.start - 1).max(s);
            }
        }
    }
    e
}

/// `A … và B của X`: A without an issuer shares B's (not its date, N-16).
pub fn share_issuers(doc: &Doc<'_>, mentions: &mut [Mention]) {
    for i in (0..mentions.len().saturating_sub(1)).rev() {
        if mentions[i].issuer.is_some() || mentions[i].name.is_some() {
            continue;
        }
        let (a_end, b_start) = (mentions[i].span[1], mentions[i + 1].span[0]);
        if b_start < a_end || b_start - a_end > SHARE_MAX {
            continue;
        }
        let gap = doc.text.get(a_end..b_start).unwrap_or("");
        if gap.contains([';', '\n', '(', ':']) {
            continue;
        }
        let g = clean(gap);
        let g = g.trim();
        let coordinated = g.is_empty() || g.ends_with(',') || g.ends_with(" và") || g == "và";
        let fg = fold(g);
        let verb = phrases("implements.relation_implements").contains_in(&fg, 0..fg.len());
        if coordinated && !verb {
            mentions[i].issuer = mentions[i + 1].issuer.clone();
        }
    }
}

/// The unnumbered object of `Kế hoạch số 26-KH/TU … về thực hiện Chuyên đề …`
/// when no other rule named it: a capitalised title up to its closing quote
/// (or the end of the clause).
pub fn relation_objects(doc: &Doc<'_>, mentions: &[Mention], blocked: &Blocked) -> Vec<Mention> {
    let text = doc.text;
    let f = doc.folded.as_str();
    let mut out = Vec::new();
    for m in mentions.iter().filter(|m| m.reference.is_some()) {
        let q = skip_seps(f, doc.folded.pos(m.span[1]));
        let Some(e) = phrase_at("citations.relation_object", f, q) else {
            continue;
        };
        let ps = skip_spaces(f, e);
        let start = doc.folded.orig(ps);
        if !first_char_upper(text, start) || blocked.overlaps(start, start + 1) {
            continue;
        }
        if mentions
            .iter()
            .any(|x| x.span[0] <= start && start < x.span[1].max(x.span[0] + 1))
        {
            continue;
        }
        let hi = floor_char(text, (start + SUBJECT_MAX).min(text.len()));
        let rest = &text[start..hi];
        let line_end = rest.find(['\n', ';', '(']).unwrap_or(rest.len());
        let seg = &rest[..line_end];
        let end = match (seg.find('“'), seg.find('”')) {
            (Some(a), Some(b)) if a < b => b + '”'.len_utf8(),
            _ => seg.find([',', '.']).unwrap_or(seg.len()),
        };
        let name = clean(&rest[..end]);
        if name.split(' ').count() < 2 {
            continue;
        }
        let fname = fold(&name);
        let doc_type = grammar()
            .doc_types
            .words()
            .at(&fname, 0)
            .map_or(DocType::Other, |h| *h.value);
        let mut o = Mention::new([start, start + end], doc_type);
        o.name = Some(tone_canonical(&name));
        out.push(o);
    }
    out
}
