//! Subjects: the lists of bodies an item names, read on the folded view.
//!
//! - [`list_at`]: a list of bodies (`Sở Y tế, Sở Tài chính và UBND các
//!   huyện`), with fillers (`các đồng chí`), person titles standing for bodies
//!   (`Giám đốc Sở …`, T-12), shared heads (`các Sở: Tài chính, Xây dựng`,
//!   T-10), place names and bracketed remarks after a body skipped;
//! - [`whole_list`]: a heading or lead-in that is only bodies;
//! - [`subject`]: the subject of an item: after a time lead-in, a `X:`
//!   prefix, a lead-in verb (`Giao`, `Đề nghị`, `Yêu cầu`) or a clause;
//! - [`tolerant_list`]: the bodies of an execution article or a table cell,
//!   skipping what is not a body (`thị xã Hồng Ngự`, `các tổ chức, cá nhân
//!   có liên quan`).

use super::organs::Hit;
use super::{schedule, Ctx};
use crate::extract::record::Deadline;

/// A parsed list of bodies.
#[derive(Debug, Clone, Default)]
pub(crate) struct List {
    pub hits: Vec<Hit>,
    /// Folded end of the list.
    pub fend: usize,
    pub broken: bool,
    /// A comma stands between the list and its predicate.
    pub stray_comma: bool,
}

impl List {
    pub fn has_body(&self) -> bool {
        self.hits.iter().any(|h| h.key.is_some())
    }
}

/// The subject of an item or sentence: bodies, where the predicate starts, a
/// deadline stated by a lead-in, and how the bodies were named.
#[derive(Debug, Clone, Default)]
pub(crate) struct Subject {
    pub hits: Vec<Hit>,
    /// Folded position of the predicate.
    pub pred: usize,
    pub lead_deadline: Option<Deadline>,
    /// Bodies came from a level-wide prefix (`Ở cấp huyện:`).
    pub from_prefix: bool,
    /// `X phải …`: a duty of principle; only an item under a body heading keeps it.
    pub normative: bool,
    /// The bodies are the object of a request (`X yêu cầu Y …`, `Giao Y …`).
    pub requested: bool,
}

/// Skip fillers (`các`, `các đồng chí`) and person titles (`Giám đốc`) at
/// `p`: where the body starts, and whether a title was skipped.
fn skip_fillers(ctx: &Ctx, mut p: usize, end: usize) -> (usize, bool) {
    let mut titled = false;
    loop {
        if let Some(e) = ctx.at(ctx.w.filler, p).filter(|&e| e <= end) {
            p = ctx.skip_ws(e, end);
        } else if let Some(e) = ctx.table.title_at(ctx.hay, p).filter(|&e| e <= end) {
            p = ctx.skip_ws(e, end);
            titled = true;
        } else {
            return (p, titled);
        }
    }
}

/// The members of a shared-head list (`Sở: Tài chính, Kế hoạch và Đầu tư,
/// Xây dựng`) at `p`, up to `;` or `end`.
fn head_list(ctx: &Ctx, p: usize, end: usize) -> Option<Vec<Hit>> {
    let (head, mut m) = ctx.table.head_list_at(ctx.hay, p)?;
    let mut out = Vec::new();
    while m < end {
        // A body of its own (`UBND các huyện`) ends the members.
        if !out.is_empty()
            && ctx
                .table
                .match_at(ctx.text, ctx.f, m, false)
                .is_some_and(|h| h.key.is_some())
        {
            break;
        }
        let Some((e, key)) = ctx.table.member_at(head, ctx.hay, m) else {
            break;
        };
        if e > end {
            break;
        }
        out.push(Hit {
            start: ctx.orig(m),
            end: ctx.f.orig_end(e),
            fstart: m,
            fend: e,
            key: Some(key),
            level: None,
        });
        let q = ctx.skip_ws(e, end);
        let rest = ctx.fs(q, end);
        if rest.starts_with(',') {
            m = ctx.skip_ws(q + 1, end);
        } else if let Some(j) = ctx.at(ctx.w.list_joiner, q) {
            m = ctx.skip_ws(j, end);
        } else {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The body (or bodies of a shared-head list, or a not-a-body phrase) at
/// folded `p`, ending by `end`.
pub(crate) fn body_at(ctx: &Ctx, p: usize, end: usize, allow_list_only: bool) -> Option<Vec<Hit>> {
    let h0 = ctx.table.match_at(ctx.text, ctx.f, p, allow_list_only);
    let (q, titled) = skip_fillers(ctx, p, end);
    if let Some(hs) = head_list(ctx, q, end) {
        return Some(hs);
    }
    // A body after a person title is written with it (`Giám đốc Sở Y tế`).
    let h1 = if q != p {
        ctx.table
            .match_at(ctx.text, ctx.f, q, allow_list_only)
            .map(|mut h| {
                if titled {
                    h.start = ctx.orig(p);
                }
                h
            })
    } else {
        None
    };
    let best = match (h0, h1) {
        // The longer wins; on a tie, the one that covers the filler or title
        // (`người đứng đầu cơ quan, đơn vị` is a body).
        (Some(a), Some(b)) => {
            if a.fend >= b.fend {
                a
            } else {
                b
            }
        }
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => return None,
    };
    (best.fend <= end && best.fstart >= p).then(|| vec![best])
}

/// Skip capitalised words after a body (`Kiên Giang`, `Vĩnh Long`) and a
/// bracketed remark (`(cơ quan thường trực)`): the folded position after them.
fn skip_place(ctx: &Ctx, fp: usize, end: usize) -> usize {
    let oend = ctx.orig(end);
    let mut q = ctx.orig(fp);
    for _ in 0..3 {
        let rest = ctx.text.get(q..oend).unwrap_or("");
        let trimmed = rest.trim_start_matches(' ');
        let Some(w) = trimmed
            .split([' ', ',', ';', ':', '.', '(', ')', '\n'])
            .next()
        else {
            break;
        };
        if w.is_empty() || !w.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        q += rest.len() - trimmed.len() + w.len();
    }
    let mut p = ctx.fpos(q).max(fp);
    // A bracketed remark right after the body.
    let s = ctx.skip_ws(p, end);
    if ctx.fs(s, end).starts_with('(') {
        let inner = ctx.fs(s + 1, end);
        if let Some(close) = inner.find(')') {
            let body = &inner[..close];
            let role = ctx.at(ctx.w.lead_role, ctx.skip_ws(s + 1, end)).is_some();
            if close <= 150 && !body.contains('(') && !role {
                p = s + 1 + close + 1;
            }
        }
    }
    p
}

/// A list of bodies starting at folded `p`, up to `end`.
pub(crate) fn list_at(ctx: &Ctx, p: usize, end: usize, allow_list_only: bool) -> List {
    let mut out = List {
        fend: p,
        ..List::default()
    };
    let mut p = p;
    loop {
        let start = ctx.skip_ws(p, end);
        let allow = allow_list_only || out.has_body();
        let Some(hits) = body_at(ctx, start, end, allow) else {
            if !out.hits.is_empty() && p != out.fend {
                // A separator was consumed but no body followed, unless it
                // is a stray comma before the predicate (`Các đồng chí Ủy
                // viên Ban Thường vụ Tỉnh ủy, kiểm điểm …`).
                let comma_only = ctx.fs(out.fend, p).trim() == ",";
                let verb = ctx.at(ctx.w.predicate_verb, start).is_some();
                if comma_only && verb && out.hits.len() == 1 {
                    out.stray_comma = true;
                } else {
                    out.broken = true;
                }
            }
            break;
        };
        let last = hits.last().map_or(start, |h| h.fend);
        p = skip_place(ctx, last, end);
        out.fend = p;
        out.hits.extend(hits);
        // Separator?
        let mut q = ctx.skip_ws(p, end);
        loop {
            let sep = if matches!(ctx.hay.as_bytes().get(q), Some(b',' | b';')) && q < end {
                Some(q + 1)
            } else {
                ctx.at(ctx.w.list_joiner, q).filter(|&e| e <= end)
            };
            let Some(after) = sep else {
                break;
            };
            // Named places after a body (`UBND các huyện, thành phố Cao Lãnh,
            // thị xã Hồng Ngự`) belong to it.
            let r = ctx.skip_ws(after, end);
            if let Some(e) = ctx.at(ctx.w.place_unit, r) {
                let name = ctx.char_at(ctx.skip_ws(e, end));
                if name.is_some_and(char::is_uppercase) && body_at(ctx, r, end, true).is_none() {
                    let skipped = skip_place(ctx, e, end);
                    if skipped > e {
                        out.fend = skipped;
                        q = ctx.skip_ws(skipped, end);
                        continue;
                    }
                }
            }
            p = after;
            break;
        }
        if p <= out.fend {
            break;
        }
    }
    // A list addressed to every member or each body (`mỗi cán bộ, đảng viên`,
    // `từng cấp ủy`) assigns nothing.
    let everyone = |h: &Hit| ctx.w.everyone.contains_in(ctx.hay, h.fstart..h.fend);
    if out.hits.iter().any(|h| h.key.is_none() && everyone(h)) {
        out.broken = true;
    }
    out
}

/// A list that makes up the whole of folded `[a, b)` (a heading), allowing a
/// lead word (`Đối với`, `Ở`, `Đề nghị`) and a generic `Các Đảng ủy:` prefix.
pub(crate) fn whole_list(ctx: &Ctx, a: usize, b: usize) -> Option<List> {
    let mut a = ctx.skip_ws(a, b);
    if let Some(e) = ctx.at(ctx.w.heading_lead, a) {
        a = ctx.skip_ws(e, b);
    }
    let mut b2 = b;
    let bytes = ctx.hay.as_bytes();
    while b2 > a && matches!(bytes.get(b2 - 1), Some(b' ' | b':' | b'.' | b'*')) {
        b2 -= 1;
    }
    // A trailing remark in brackets (`(cơ quan thường trực)`) is not part of the name.
    if bytes.get(b2.wrapping_sub(1)) == Some(&b')') {
        if let Some(open) = ctx.fs(a, b2).rfind('(') {
            b2 = a + ctx.fs(a, a + open).trim_end().len();
        }
    }
    let try_at = |s: usize| -> Option<List> {
        let l = list_at(ctx, s, b2, true);
        let rest = ctx.fs(l.fend.max(s), b2).trim();
        (l.has_body() && !l.broken && rest.is_empty()).then_some(l)
    };
    if let Some(l) = try_at(a) {
        return Some(l);
    }
    let colon = ctx.fs(a, b2).find(':')?;
    if colon > 40 {
        return None;
    }
    try_at(a + colon + 1)
}

/// The subject of folded `[a, b)`: a time lead-in, a `X:` prefix, then the
/// plain subject.
pub(crate) fn subject(ctx: &Ctx, a: usize, b: usize) -> Subject {
    let b = b.min(ctx.hay.len());
    let mut p = ctx.skip_ws(a.min(b), b);
    let mut out = Subject {
        pred: p,
        ..Subject::default()
    };
    // Time lead-in.
    if let Some((d, fe)) = schedule::opening(ctx, p, b) {
        let seg = ctx.fs(p, b);
        let comma = seg.find(',').filter(|&c| c <= 100);
        match comma {
            Some(c) if !seg[..c].contains(['.', ';']) => p = ctx.skip_ws(p + c + 1, b),
            _ => p = ctx.skip_ws(fe, b),
        }
        out.lead_deadline = Some(d);
        out.pred = p;
    }
    // `X:` prefix (not a time label's colon: `X triển khai, thời hạn: …`,
    // `X triển khai (thời gian: …)`).
    let seg = ctx.fs(p, b);
    if let Some(c) = seg
        .find(':')
        .filter(|&c| c <= 75 && !seg[..c].contains(['.', ';', '(']))
        .filter(|&c| !time_label_before(ctx, p, p + c))
    {
        let after = ctx.skip_ws(p + c + 1, b);
        let s = plain_subject(ctx, after, b, true);
        if !s.hits.is_empty() {
            return Subject {
                lead_deadline: out.lead_deadline,
                ..s
            };
        }
        if let Some(l) = whole_list(ctx, p, p + c) {
            let mut hits = l.hits;
            if ctx.state_issuer {
                for h in &mut hits {
                    if h.key.as_deref() == Some("cap_uy_cap_duoi") {
                        let r = h.fstart..h.fend;
                        if ctx.w.level_wide_huyen.contains_in(ctx.hay, r.clone()) {
                            h.key = Some("ubnd_cap_duoi".into());
                        } else if ctx.w.level_wide_xa.contains_in(ctx.hay, r) {
                            h.key = Some("ubnd_cap_xa".into());
                        }
                    }
                }
            }
            return Subject {
                hits,
                pred: after,
                lead_deadline: out.lead_deadline,
                from_prefix: true,
                ..Subject::default()
            };
        }
        out.pred = after;
        return out;
    }
    let s = plain_subject(ctx, p, b, false);
    if s.hits.is_empty() {
        return out;
    }
    Subject {
        lead_deadline: out.lead_deadline,
        ..s
    }
}

/// True when folded `[a, c)` ends with a time label (`thời hạn`, `thời gian
/// thực hiện`): the colon at `c` opens a time phrase, not a list of bodies.
fn time_label_before(ctx: &Ctx, a: usize, c: usize) -> bool {
    let end = a + ctx.fs(a, c).trim_end().len();
    ctx.w
        .time_label
        .find_in(ctx.hay, a..end)
        .iter()
        .any(|h| h.end == end)
}

/// Lead-in verbs and clauses before a subject, then the subject list.
fn plain_subject(ctx: &Ctx, a: usize, b: usize, allow_list_only: bool) -> Subject {
    let mut p = ctx.skip_ws(a, b);
    let mut requested = false;
    if let Some(e) = ctx.at(ctx.w.assign, p) {
        p = ctx.skip_ws(e, b);
        requested = true;
    } else if ctx.at(ctx.w.clause_opener, p).is_some() {
        let seg = ctx.fs(p, b);
        if let Some(c) = seg
            .find(", ")
            .filter(|&c| c <= 120 && !seg[..c].contains('.'))
        {
            p = ctx.skip_ws(p + c + 1, b);
        }
    }
    let l = list_at(ctx, p, b, allow_list_only);
    let mut after = l.fend.max(p);
    if l.stray_comma {
        if let Some(c) = ctx.fs(after, b).find(',') {
            after += c + 1;
        }
    }
    let pred = ctx.skip_ws(after, b);
    let normative = ctx.at_written("tasks.normative", pred).is_some();
    let reports = ctx.at(ctx.w.not_predicate, pred).is_some();
    let pred_ok = ctx.char_at(pred).is_some_and(|c| c.is_lowercase()) && pred < b;
    if !l.has_body() || l.broken || !pred_ok || reports {
        return Subject {
            pred: p,
            ..Subject::default()
        };
    }
    Subject {
        pred,
        hits: l.hits,
        normative,
        requested,
        ..Subject::default()
    }
}

/// Every body named in folded `[a, b)`, skipping what is not a body up to the
/// next separator (an execution article's list, a table cell).
pub(crate) fn tolerant_list(ctx: &Ctx, a: usize, b: usize) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut p = a;
    while p < b {
        p = ctx.skip_ws(p, b);
        if p >= b {
            break;
        }
        if let Some(hits) = body_at(ctx, p, b, true) {
            let last = hits.last().map_or(p, |h| h.fend);
            out.extend(hits);
            p = skip_place(ctx, last, b).max(last);
        }
        // On to the next separator.
        let bytes = ctx.hay.as_bytes();
        let mut next = b;
        let mut i = p;
        while i < b {
            match bytes[i] {
                b',' | b';' => {
                    next = i + 1;
                    break;
                }
                b' ' => {
                    if let Some(e) = ctx.at(ctx.w.list_joiner, i + 1) {
                        next = e;
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if next <= p {
            break;
        }
        p = next;
    }
    out
}
