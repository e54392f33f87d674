//! Schedule: the time phrase that governs an item, found on the folded view.
//!
//! In order: a bracketed time phrase (`(hoàn thành trong quý I/2022)`, or
//! the time part of `(Sở X chủ trì; thời gian: Quý 3/2024)`), time lines
//! (`Thời gian: …`), a time lead-in (`Hằng năm, …`), a lead-in of a later
//! sentence, `thường xuyên` at the predicate, then schedule clauses
//! (`deadlines.toml` `[[clause]]`) and phrases after a schedule trigger
//! (`xong trước ngày 15/12/2019`, `đến năm 2030`, `trong tháng 3`). A time
//! expression after anything else belongs to a name (`chương trình kiểm tra,
//! giám sát năm 2023`, rule 41) and dates nothing.

use super::deadline::{self, deadlines};
use super::{roles, Ctx};
use crate::extract::record::{Deadline, DeadlineKind};

/// How far (folded bytes) after a trigger's end the time expression may start.
const TRIGGER_REACH: usize = 14;
/// The longest triggered phrase looked at (folded bytes).
const PHRASE_MAX: usize = 150;

/// The original text of folded `[a, b)`.
fn raw<'a>(ctx: &Ctx<'a>, a: usize, b: usize) -> &'a str {
    let [s, e] = ctx.f.orig_span(a, b);
    ctx.text.get(s..e).unwrap_or("")
}

/// Bracketed time phrases in folded `[a, b)`: (original start of `(`,
/// original end after `)`, deadline). Brackets that hold anything else
/// (`(qua Ban Tuyên giáo)`, `(khóa XIII)`) are skipped.
pub(crate) fn parens(ctx: &Ctx, a: usize, b: usize) -> Vec<(usize, usize, Deadline)> {
    let mut out = Vec::new();
    let hay = ctx.fs(a, b);
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|s| s.find('(')) {
        let open = from + i;
        let Some(close) = hay[open + 1..].find([')', '(']).map(|c| open + 1 + c) else {
            break;
        };
        from = close;
        if hay.as_bytes()[close] != b')' {
            continue;
        }
        let (fi, fj) = (a + open + 1, a + close);
        if !(2..=200).contains(&(fj - fi)) {
            continue;
        }
        if let Some(d) = paren_deadline(ctx, fi, fj) {
            out.push((ctx.orig(a + open), ctx.f.orig_end(a + close + 1), d));
        }
    }
    out
}

/// The deadline a bracket's inner text `[fi, fj)` states.
fn paren_deadline(ctx: &Ctx, fi: usize, fj: usize) -> Option<Deadline> {
    let p = ctx.skip_ws(fi, fj);
    let opener = ctx.at(ctx.w.time_paren, p).is_some()
        || ctx.hay.as_bytes().get(p).is_some_and(u8::is_ascii_digit);
    if opener && ctx.at(ctx.w.time_paren_not, p).is_none() {
        if let Some(d) = deadline::parse(raw(ctx, p, fj), ctx.date) {
            return Some(d);
        }
    }
    // One part of a bracket that holds more: `(Sở X chủ trì; thời gian: …)`.
    let inner = ctx.fs(fi, fj);
    let mut start = 0;
    for (k, _) in inner
        .match_indices([';', ','])
        .chain(std::iter::once((inner.len(), "")))
    {
        let q = ctx.skip_ws(fi + start, fj);
        if start > 0 && ctx.at(ctx.w.time_part, q).is_some() {
            if let Some(d) = deadline::parse(raw(ctx, q, fi + k), ctx.date) {
                return Some(d);
            }
        }
        start = k + 1;
    }
    None
}

/// A line or sentence `[a, b)` that is only a time statement (`Thực hiện
/// trong tháng 7 và tháng 8/2012.`, `Thời gian một ngày (30/3/2012).`).
pub(crate) fn time_sentence(ctx: &Ctx, a: usize, b: usize) -> Option<Deadline> {
    let p = ctx.skip_ws(a, b);
    if b.saturating_sub(p) > 120 || ctx.at(ctx.w.time_sentence, p).is_none() {
        return None;
    }
    deadline::parse(raw(ctx, p, b), ctx.date)
}

/// A time adverbial opening `[a, b)` (`Hằng năm, …`, `Thường xuyên kiểm tra
/// …`, `Khi có hướng dẫn của Trung ương, …`): the deadline and the folded end
/// of its phrase.
pub(crate) fn opening(ctx: &Ctx, a: usize, b: usize) -> Option<(Deadline, usize)> {
    let p = ctx.skip_ws(a, b);
    if let Some(e) = ctx.at(ctx.w.time_lead, p) {
        if matches!(ctx.hay.as_bytes().get(e), Some(b' ' | b',')) && e <= b {
            return deadline::parse(raw(ctx, p, e), ctx.date).map(|d| (d, e));
        }
    }
    if ctx.at(ctx.w.time_clause_lead, p).is_some() {
        let e = ctx.fs(p, b).find(',').map_or(b, |c| p + c);
        if e - p <= 160 {
            return deadline::parse(raw(ctx, p, e), ctx.date).map(|d| (d, e));
        }
    }
    None
}

/// Schedule clauses (`deadlines.toml` `[[clause]]`) in folded `[a, b)`:
/// (start, end, deadline, subject only, splits), in text order, not
/// overlapping.
fn clauses(ctx: &Ctx, a: usize, b: usize) -> Vec<(usize, usize, Deadline, bool, bool)> {
    let hay = ctx.fs(a, b);
    let mut out: Vec<(usize, usize, Deadline, bool, bool)> = Vec::new();
    for c in deadlines().clauses() {
        for m in c.re.captures_iter(hay) {
            let Some(g) = m.name("p") else { continue };
            let (s, e) = (a + g.start(), a + g.end());
            if out.iter().any(|x| s < x.1 && x.0 < e) {
                continue;
            }
            if let Some(d) = deadline::parse(raw(ctx, s, e), ctx.date) {
                let after_comma = ctx.fs(a, s).trim_end().ends_with(',');
                out.push((s, e, d, c.subject_only && after_comma, c.split));
            }
        }
    }
    out.sort_by_key(|x| x.0);
    out
}

/// The clauses that split an item in two when joined by `và`: folded spans.
pub(crate) fn split_clauses(ctx: &Ctx, a: usize, b: usize) -> Vec<(usize, usize)> {
    clauses(ctx, a, b)
        .into_iter()
        .filter(|c| c.4)
        .map(|c| (c.0, c.1))
        .collect()
}

/// Time phrases after a schedule trigger in folded `[a, b)`: (start, end,
/// deadline).
fn triggered(ctx: &Ctx, a: usize, b: usize) -> Vec<(usize, usize, Deadline)> {
    let mut out: Vec<(usize, usize, Deadline)> = Vec::new();
    for t in ctx.w.schedule_trigger.find_in(ctx.hay, a..b) {
        if out.last().is_some_and(|x| t.start < x.1) {
            continue;
        }
        // A word of its own, not part of a number (`12-KL/TU`).
        let before = ctx.hay.as_bytes().get(t.start.wrapping_sub(1)).copied();
        if t.start > 0 && !matches!(before, Some(b' ' | b'(' | b',' | b';' | b':')) {
            continue;
        }
        let rest = ctx.fs(t.start, b.min(t.start + PHRASE_MAX));
        let mut end = rest.find([',', ';', '(', ')']).unwrap_or(rest.len());
        if let Some(dot) = rest[..end].find(". ") {
            end = dot;
        }
        let end = rest[..end].trim_end_matches(['.', ' ']).len();
        let phrase = raw(ctx, t.start, t.start + end);
        let Some((at, d)) = deadlines().parse_at(phrase, ctx.date) else {
            continue;
        };
        if at > (t.end - t.start) + TRIGGER_REACH {
            continue;
        }
        out.push((t.start, t.start + end, d));
    }
    out
}

/// The deadline governing folded `[a, b)` (whose predicate starts at
/// `pred`), and whether it is a clause after a comma that binds the subject
/// only, not its partners.
pub(crate) fn own(
    ctx: &Ctx,
    a: usize,
    b: usize,
    pred: usize,
    lead: Option<&Deadline>,
) -> (Option<Deadline>, bool) {
    if let Some(d) = own_main(ctx, a, b, pred, lead) {
        return (Some(d), false);
    }
    let mut found: Vec<(usize, usize, Deadline, bool)> = clauses(ctx, a, b)
        .into_iter()
        .map(|c| (c.0, c.1, c.2, c.3))
        .collect();
    for (s, e, d) in triggered(ctx, a, b) {
        // A longer triggered phrase that reads more (`từ … và hoàn thành
        // trước …`: a range, not the end date) wins over the clauses inside it.
        let inside = found
            .iter()
            .any(|x| s <= x.0 && x.1 <= e && (x.1 - x.0) < (e - s) && x.2.kind != d.kind);
        if inside {
            found.retain(|x| !(s <= x.0 && x.1 <= e));
        } else if found.iter().any(|x| s < x.1 && x.0 < e) {
            continue;
        }
        // After a comma it continues the subject's predicate (`…, hoàn thành
        // trong quý IV/2021`): the subject's, not its partners'.
        let after_comma = ctx.fs(a, s).trim_end().ends_with(',');
        found.push((s, e, d, after_comma));
    }
    found.sort_by_key(|x| x.0);
    let Some(first) = found.first() else {
        return (None, false);
    };
    // `bắt đầu từ … và hoàn thành trước …`: a start and a later end.
    if first.2.start.is_some() && first.2.end.is_none() {
        if let Some(later) = found[1..]
            .iter()
            .find(|x| x.2.start.is_none() && x.2.end.is_some())
        {
            let d = Deadline {
                raw: format!("{} ... {}", first.2.raw, later.2.raw),
                kind: DeadlineKind::Range,
                start: first.2.start,
                end: later
                    .2
                    .end
                    .filter(|e| first.2.start.is_none_or(|s| s <= *e)),
            };
            return (Some(d), false);
        }
    }
    (Some(first.2.clone()), first.3)
}

fn own_main(
    ctx: &Ctx,
    a: usize,
    b: usize,
    pred: usize,
    lead: Option<&Deadline>,
) -> Option<Deadline> {
    let ps: Vec<Deadline> = parens(ctx, a, b).into_iter().map(|p| p.2).collect();
    // Several dated events of one item (two conferences) span one range.
    if ps.len() > 1
        && ps.iter().all(|d| {
            matches!(d.kind, DeadlineKind::Date | DeadlineKind::Range) && d.start.is_some()
        })
    {
        return deadline::merge(&ps);
    }
    if let Some(d) = ps.into_iter().next() {
        return Some(d);
    }
    let oa = ctx.orig(a);
    let s = ctx.text.get(oa..ctx.orig(b)).unwrap_or("");
    let sents = crate::parse::sentences(s);
    let span = |x: usize, y: usize| (ctx.fpos(oa + x), ctx.fpos(oa + y));
    let timed: Vec<Deadline> = sents
        .iter()
        .filter_map(|[x, y]| {
            let (fx, fy) = span(*x, *y);
            time_sentence(ctx, fx, fy)
        })
        .collect();
    if let Some(d) = deadline::merge(&timed) {
        return Some(d);
    }
    if let Some(d) = lead {
        return Some(d.clone());
    }
    for [x, _] in sents.iter().skip(1) {
        let (fx, _) = span(*x, *x);
        if let Some((d, _)) = opening(ctx, fx, b) {
            return Some(d);
        }
    }
    // `thường xuyên` right at the predicate, or after a partner list.
    let mut starts = vec![pred];
    for (_, l) in roles::partners(ctx, pred, b) {
        if l.fend > 0 {
            starts.push(ctx.skip_ws(l.fend, b));
        }
    }
    for p in starts {
        if p >= b {
            continue;
        }
        if let Some(e) = ctx.at(ctx.w.time_lead, p) {
            if e < b && ctx.hay.as_bytes().get(e) == Some(&b' ') {
                return deadline::parse(raw(ctx, p, e), ctx.date);
            }
        }
    }
    None
}
