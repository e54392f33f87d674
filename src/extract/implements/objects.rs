//! The documents a document carries out: the direct objects of the clauses
//! that say so, zone by zone.

use std::collections::HashSet;

use super::Ctx;
use crate::extract::record::DocType;
use crate::extract::refs;
use crate::extract::Identity;
use crate::grammar::{grammar, phrases};
use crate::text::fold;

/// Implemented (group, evidence mention) pairs, in the order found, one per
/// group: the title's and the opening's objects for a plan; the title's,
/// `Điều 1`'s and an attached plan's for a decision, or its policy grounds
/// when those name no document (rule 14).
pub fn implements(cx: &Ctx<'_, '_>, identity: &Identity) -> Vec<(usize, usize)> {
    let l = &cx.doc.layout;
    let decision =
        identity.doc_type == DocType::QuyetDinh || l.enacting.is_some() || !l.articles.is_empty();
    let mut chosen: Vec<usize> = Vec::new();
    if let Some(t) = &l.title {
        chosen.extend(after_opener(cx, t.start, t.end));
    }
    if let Some(a) = l.articles.iter().find(|a| a.number == 1) {
        chosen.extend(after_opener(cx, a.text_start, a.range.end));
    }
    if let Some(att) = &l.attachment {
        if let Some(t) = &att.title {
            chosen.extend(after_opener(cx, t.start, t.end));
        }
        if let Some(o) = &att.opening {
            chosen.extend(items(cx, o.start, o.end, None));
        }
    }
    let named_by_decision = decision && chosen.iter().any(|i| cx.of.contains_key(i));
    if !decision || !named_by_decision {
        if let Some(o) = &l.opening {
            let issuing = l.issuing.as_ref().map(|r| r.start);
            chosen.extend(items(cx, o.start, o.end, issuing));
        }
    }
    if !decision && l.issuing.is_none() {
        if let Some((a, iss)) = late_opening(cx) {
            chosen.extend(items(cx, a, iss, None));
            chosen.extend(issuing_objects(
                cx,
                iss,
                cx.doc
                    .layout
                    .cells
                    .iter()
                    .find(|c| c.start <= iss && iss <= c.end)
                    .map_or(iss, |c| c.end),
            ));
        }
    }
    if !decision {
        if let Some(iss) = &l.issuing {
            chosen.extend(issuing_objects(cx, iss.start, iss.end));
        }
        if let Some(lead) = &l.lead {
            chosen.extend(lead_objects(cx, identity, lead.start, lead.end));
        }
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for i in chosen {
        let Some(&g) = cx.of.get(&i) else { continue };
        if competence(cx, g) || !seen.insert(g) {
            continue;
        }
        out.push((g, i));
    }
    out
}

/// A competence law of a preamble: never implemented.
fn competence(cx: &Ctx<'_, '_>, g: usize) -> bool {
    let c = &cx.groups[g].citation;
    let key = fold(c.reference.as_deref().or(c.name.as_deref()).unwrap_or(""));
    phrases("implements.competence").at(&key, 0).is_some()
}

/// The objects after the first opener phrase in `[a, b)` (a title, `Điều 1`).
fn after_opener(cx: &Ctx<'_, '_>, a: usize, b: usize) -> Vec<usize> {
    let f = cx.doc.folded.as_str();
    let r = cx.doc.folded.range(a, b);
    let first_mention = cx
        .within(a, b)
        .next()
        .map_or(r.end, |i| cx.doc.folded.pos(cx.mentions[i].span[0]));
    let Some(h) = phrases("implements.openers")
        .find_in(f, r.clone())
        .into_iter()
        .find(|h| h.start < first_mention)
    else {
        return Vec::new();
    };
    let from = cx.doc.folded.orig(h.end);
    top_level(cx, from, b)
}

/// Where a segment of the opening stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg {
    /// Opens with an opener or grounds word (or is a grounds heading): a new
    /// item whose direct objects count.
    Opens,
    /// Opens with a document (`- Kế hoạch số …;`, `; Nghị quyết số …`): a new
    /// item of a list an opener started.
    Listed,
    /// Reports history, or is a procedural input: cited only.
    Skip,
    /// Something else: after `;`, the item goes on (`… về …; kiên quyết …,
    /// Kế hoạch số …`); after a full stop, it is not read.
    Other,
}

/// How a segment was cut from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    Start,
    Semicolon,
    Stop,
}

/// The objects of the opening's items in `[a, b)`, up to the issuing clause
/// (IM-03 … IM-07, IM-13, X-01, X-04). The opening is cut into items at
/// `;`, sentence ends and line breaks that end a clause; an item that opens
/// with an opener (or continues a list of them) gives its direct objects.
fn items(cx: &Ctx<'_, '_>, a: usize, b: usize, issuing: Option<usize>) -> Vec<usize> {
    let end = issuing.filter(|&s| s > a && s < b).unwrap_or(b);
    let mut w = Walker::new(cx);
    let mut listing = false;
    for (s, e, cut) in segments(cx, a, end) {
        let kind = segment_kind(cx, s, e);
        let include = match kind {
            Seg::Opens => {
                w.reset();
                true
            }
            Seg::Listed if listing => {
                w.reset();
                true
            }
            Seg::Other if listing && cut == Cut::Semicolon => true,
            _ => false,
        };
        listing = include;
        w.feed(s, e, include);
    }
    w.finish()
}

/// Cut `[a, b)` into items: at `;`, at `. ` and at a line break after `;`,
/// `.`, `:`, or before a list mark, a heading, a rule or an opener (a
/// wrapped line continues its item).
fn segments(cx: &Ctx<'_, '_>, a: usize, b: usize) -> Vec<(usize, usize, Cut)> {
    let text = cx.doc.text;
    let mut out = Vec::new();
    let mut s = a;
    let mut how = Cut::Start;
    let bytes = text.as_bytes();
    let mut i = a;
    while i < b {
        let c = bytes[i];
        let cut = match c {
            b';' => Some((i + 1, Cut::Semicolon)),
            // `…, trên cơ sở ý kiến thống nhất của Thường trực Huyện ủy tại
            // Công văn số …`: a procedural input inside an item is an item
            // of its own.
            b',' if procedural_at(cx, i + 1) => Some((i + 1, Cut::Semicolon)),
            b'.' if i + 1 >= b || bytes[i + 1] == b' ' || bytes[i + 1] == b'\n' => {
                Some((i + 1, Cut::Stop))
            }
            b'\n' => {
                // The last character before the break, and the next line.
                let last = text[s..i].trim_end().chars().next_back();
                let after = text[i + 1..b].trim_start_matches([' ', '\t']);
                let line = &after[..after.find('\n').unwrap_or(after.len())];
                let ends = last.is_none_or(|c| matches!(c, ';' | '.' | ':' | '_' | '-' | '*'));
                let starts = line.starts_with(['-', '+', '•', '_', '*'])
                    || crate::parse::is_heading_line(line)
                    || opens_clause(cx, i + 1);
                match (ends || starts, last) {
                    (true, Some(';')) => Some((i + 1, Cut::Semicolon)),
                    (true, _) => Some((i + 1, Cut::Stop)),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some((next, kind)) = cut {
            if text[s..i].trim().chars().any(char::is_alphanumeric) {
                out.push((s, i, how));
                how = kind;
            } else if kind == Cut::Stop {
                how = Cut::Stop;
            }
            s = next;
        }
        i += 1;
    }
    if text[s..b].trim().chars().any(char::is_alphanumeric) {
        out.push((s, b, how));
    }
    out
}

/// A procedural input phrase starts at original `at` (after spaces).
fn procedural_at(cx: &Ctx<'_, '_>, at: usize) -> bool {
    let f = cx.doc.folded.as_str();
    let p = cx.doc.folded.pos(at);
    let head = if f.as_bytes().get(p) == Some(&b' ') {
        p + 1
    } else {
        p
    };
    phrases("implements.procedural").at(f, head).is_some()
}

/// The line starting at original `at` opens with an opener, grounds or
/// history phrase.
fn opens_clause(cx: &Ctx<'_, '_>, at: usize) -> bool {
    let f = cx.doc.folded.as_str();
    let p = cx.doc.folded.pos(at);
    let head = f[p..]
        .find(|c: char| c.is_ascii_alphanumeric())
        .map_or(f.len(), |k| p + k);
    ["implements.openers", "forms.grounds", "implements.history"]
        .iter()
        .any(|c| phrases(c).at(f, head).is_some())
}

fn segment_kind(cx: &Ctx<'_, '_>, s: usize, e: usize) -> Seg {
    let f = cx.doc.folded.as_str();
    let r = cx.doc.folded.range(s, e);
    let seg = &f[r.clone()];
    // Skip list marks and numbering.
    let skip = seg
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(seg.len());
    let head = r.start + skip;
    if phrases("implements.history").at(f, head).is_some() {
        return Seg::Skip;
    }
    let first = cx
        .within(s, e)
        .next()
        .map_or(r.end, |i| cx.doc.folded.pos(cx.mentions[i].span[0]));
    if phrases("implements.procedural").contains_in(f, r.start..first.max(r.start)) {
        return Seg::Skip;
    }
    if phrases("implements.openers").at(f, head).is_some()
        || phrases("forms.grounds").at(f, head).is_some()
    {
        return Seg::Opens;
    }
    // A heading `I. CĂN CỨ XÂY DỰNG KẾ HOẠCH` opens a list of grounds.
    if crate::parse::is_heading_line(cx.doc.text[s..e].trim_start()) {
        let label_end = seg[skip..].find(' ').map_or(seg.len(), |k| skip + k + 1);
        if phrases("forms.grounds")
            .at(f, r.start + label_end)
            .is_some()
        {
            return Seg::Opens;
        }
        return Seg::Other;
    }
    if grammar().doc_types.words().at(f, head).is_some() && first <= head + 64 {
        return Seg::Listed;
    }
    Seg::Other
}

/// The opening sentence of a document whose layout found none at the top:
/// a paragraph in the first part of the text that opens with an opener and
/// closes with the document's issuing (`Quán triệt Nghị quyết số 12-NQ/TW …,
/// Tỉnh ủy Trà Vinh xây dựng kế hoạch thực hiện với những nội dung như
/// sau:`), after a situation section.
fn late_opening(cx: &Ctx<'_, '_>) -> Option<(usize, usize)> {
    let l = &cx.doc.layout;
    let f = cx.doc.folded.as_str();
    let limit = (cx.doc.text.len() * 2 / 5).max(4000);
    let from = l.title.as_ref().map_or(0, |t| t.end);
    for c in &l.cells {
        if c.start < from || c.is_empty() {
            continue;
        }
        if c.start > limit {
            break;
        }
        let head = f[c.fstart..c.fend]
            .find(|ch: char| ch.is_ascii_alphanumeric())
            .map_or(c.fend, |k| c.fstart + k);
        if head != c.fstart || phrases("implements.openers").at(f, head).is_none() {
            continue;
        }
        let closes = f[c.fstart..c.fend].trim_end().ends_with(':')
            || phrases("implements.closing").contains_in(f, c.fstart..c.fend);
        if !closes {
            continue;
        }
        let issuing = phrases("implements.issuing")
            .find_in(f, c.fstart..c.fend)
            .into_iter()
            .rev()
            .find(|h| {
                grammar()
                    .doc_types
                    .words()
                    .at(f, skip_space(f, h.end))
                    .is_some()
            })?;
        return Some((c.start, cx.doc.folded.orig(issuing.start)));
    }
    None
}

fn skip_space(f: &str, p: usize) -> usize {
    if f.as_bytes().get(p) == Some(&b' ') {
        p + 1
    } else {
        p
    }
}

/// The objects of the issuing clause itself (`… ban hành Kế hoạch triển
/// khai thực hiện Công văn số 2323-CV/TU …`).
fn issuing_objects(cx: &Ctx<'_, '_>, a: usize, b: usize) -> Vec<usize> {
    let f = cx.doc.folded.as_str();
    let r = cx.doc.folded.range(a, b);
    let Some(v) = phrases("implements.issuing")
        .find_in(f, r.clone())
        .into_iter()
        .next()
    else {
        return Vec::new();
    };
    let Some(h) = phrases("implements.openers")
        .find_in(f, v.end..r.end)
        .into_iter()
        .next()
    else {
        return Vec::new();
    };
    top_level(cx, cx.doc.folded.orig(h.end), b)
}

/// A news lead (IM-14, IM-17): the reported document, then what it carries
/// out (`… vừa ban hành Kế hoạch số 62-KH/TU … triển khai thực hiện Kết luận
/// số 21-KL/TW …`).
fn lead_objects(cx: &Ctx<'_, '_>, identity: &Identity, a: usize, b: usize) -> Vec<usize> {
    let range = cx.within(a, b);
    let own = identity.number.as_deref().map(refs::lookup_key);
    let reported = range.clone().find(|&i| {
        own.is_some() && cx.mentions[i].reference.as_deref().map(refs::lookup_key) == own
    });
    let reported = reported.or_else(|| {
        let f = cx.doc.folded.as_str();
        let r = cx.doc.folded.range(a, b);
        let verb = phrases("forms.news_lead")
            .find_in(f, r.clone())
            .into_iter()
            .chain(phrases("implements.issuing").find_in(f, r))
            .map(|h| cx.doc.folded.orig(h.start))
            .min()?;
        range
            .clone()
            .find(|&i| cx.mentions[i].span[0] >= verb && cx.mentions[i].reference.is_some())
    });
    let Some(r) = reported else {
        return Vec::new();
    };
    let Some(next) = (r + 1..range.end).find(|&j| cx.mentions[j].span[0] >= cx.mentions[r].span[1])
    else {
        return Vec::new();
    };
    let gap = cx.gap(cx.mentions[r].span[1], cx.mentions[next].span[0]);
    if super::relations::relation_kind(gap).is_none() {
        return Vec::new();
    }
    top_level(cx, cx.mentions[next].span[0], b)
}

/// A mention written without its own date (`Nghị quyết số 04-NQ/TW`): a
/// back-reference inside a clause, where a dated citation is a document
/// named in full.
fn is_bare(cx: &Ctx<'_, '_>, i: usize) -> bool {
    let m = &cx.mentions[i];
    let tail_start = m.ref_span.map_or(m.span[0], |r| r[1]);
    let tail = cx.gap(tail_start, m.span[1]);
    phrases("citations.date_word").find_all(tail).is_empty()
}

/// A class phrase ends right before original offset `at` (after `a`).
fn ends_before(cx: &Ctx<'_, '_>, class: &str, a: usize, at: usize) -> bool {
    let f = cx.doc.folded.as_str();
    let lo = cx.doc.folded.pos(a);
    let mut p = cx.doc.folded.pos(at);
    while p > lo && matches!(f.as_bytes()[p - 1], b' ' | b'(' | b',') {
        p -= 1;
    }
    phrases(class)
        .ending_at(f, p)
        .is_some_and(|h| h.start >= lo)
}

fn ends_with(class: &str, gap: &str) -> bool {
    phrases(class).ending_at(gap, gap.len()).is_some()
}

/// Mentions starting in `[a, b)` that are direct objects (level 0).
pub(super) fn top_level(cx: &Ctx<'_, '_>, a: usize, b: usize) -> Vec<usize> {
    let mut w = Walker::new(cx);
    w.feed(a, b, true);
    w.finish()
}

/// Levels of the mentions of a clause (or of items that continue each
/// other): a mention joined to the previous one by `,`/`;`/`và` keeps its
/// level, one after a verb of the previous one's description (`chỉ đạo thực
/// hiện`, `về tiếp tục thực hiện`, `phê duyệt`) is one level down, an alias
/// (`sau đây gọi là …`) is skipped, and one after `gắn với` is not an object.
struct Walker<'c, 'a, 'd> {
    cx: &'c Ctx<'a, 'd>,
    levels: Vec<(usize, usize)>,
    /// The last mention given a level, and its level.
    last: Option<(usize, usize)>,
    /// End of the mention read just before (an alias included).
    prev_end: Option<usize>,
}

impl<'c, 'a, 'd> Walker<'c, 'a, 'd> {
    fn new(cx: &'c Ctx<'a, 'd>) -> Self {
        Walker {
            cx,
            levels: Vec::new(),
            last: None,
            prev_end: None,
        }
    }

    /// A new item: its first document is a direct object.
    fn reset(&mut self) {
        self.last = None;
    }

    /// Read the mentions starting in `[a, b)`; when `include` is false they
    /// only move the reading position.
    fn feed(&mut self, a: usize, b: usize, include: bool) {
        let cx = self.cx;
        for i in cx.within(a, b) {
            let m = &cx.mentions[i];
            if self.prev_end.is_some_and(|pe| m.span[0] < pe) {
                continue;
            }
            let prev_end = self.prev_end.replace(m.span[1]);
            if !include {
                self.last = None;
                continue;
            }
            if ends_before(cx, "implements.attached_gap", a, m.span[0]) {
                continue;
            }
            let level = match self.last {
                None => {
                    if ends_before(cx, "implements.body_only", a, m.span[0]) {
                        1
                    } else {
                        0
                    }
                }
                Some((p, lvl)) => {
                    let gap = cx.gap(prev_end.unwrap_or(cx.mentions[p].span[1]), m.span[0]);
                    if phrases("implements.alias").contains_in(gap, 0..gap.len()) {
                        continue;
                    }
                    if ends_with("implements.governs", gap)
                        || ends_with("implements.body_only", gap)
                    {
                        lvl + 1
                    } else if lvl > 0 && is_bare(cx, p) && !is_bare(cx, i) {
                        // `… về thực hiện Nghị quyết số 04-NQ/TW và Kế hoạch
                        // số 34-KH/HU, ngày … của …`: a full citation after a
                        // bare back-reference starts a new top-level object.
                        0
                    } else {
                        lvl
                    }
                }
            };
            self.levels.push((i, level));
            self.last = Some((i, level));
        }
    }

    /// The direct objects, after lifting a dated sibling plan out of a
    /// clause: a dated document inside a clause that itself carries out one
    /// of the top-level objects is a sibling, not part of the clause.
    fn finish(self) -> Vec<usize> {
        let cx = self.cx;
        let mut levels = self.levels;
        let top_refs: Vec<String> = levels
            .iter()
            .filter(|(_, l)| *l == 0)
            .filter_map(|(i, _)| cx.mentions[*i].reference.clone())
            .collect();
        for k in 0..levels.len() {
            let (i, level) = levels[k];
            if level == 0 || is_bare(cx, i) {
                continue;
            }
            let Some(&(n, _)) = levels.get(k + 1) else {
                continue;
            };
            let (m, next) = (&cx.mentions[i], &cx.mentions[n]);
            if next.span[0] < m.span[1] {
                continue;
            }
            let gap = cx.gap(m.span[1], next.span[0]);
            let implements_top = super::relations::relation_kind(gap)
                == Some(crate::extract::record::RelationKind::Implements)
                && next
                    .reference
                    .as_ref()
                    .is_some_and(|r| top_refs.contains(r) && m.reference.as_ref() != Some(r));
            if implements_top {
                levels[k].1 = 0;
            }
        }
        levels
            .into_iter()
            .filter(|(_, l)| *l == 0)
            .map(|(i, _)| i)
            .collect()
    }
}
