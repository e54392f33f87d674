//! Roles: lead, support, responsible, and who the assignee is.
//!
//! - R1: `X chủ trì, phối hợp với Y` → X lead, each named Y support;
//! - R2: a subjectless item `Phối hợp với Y …` under heading H → H support,
//!   Y the implied lead (decided by the caller, which knows the heading);
//! - R3: a written subject without `chủ trì` is responsible, its partners
//!   support (`X phối hợp với Y`, `X có trách nhiệm phối hợp với Y`);
//! - rule 32: after `X yêu cầu/đề nghị/giao Y` the assignee is Y; after `X
//!   chỉ đạo Y` it is Y only when X is the issuer (T-07), else X; the
//!   objects of an assignee's `chỉ đạo/hướng dẫn/đôn đốc`, and partners named
//!   after them, are not assignees;
//! - rule 33: `X được giao …` is `Giao X …`;
//! - a bracket `(X chủ trì, phối hợp với Y; thời gian: …)` names the doer of
//!   an item that has none.

use super::organs::Hit;
use super::subject::{self, List, Subject};
use super::units::UnitKind;
use super::Ctx;
use crate::extract::record::Role;

/// The role the predicate at folded `pred` gives its subject.
/// `X có/chịu trách nhiệm …` is responsible unless `chủ trì` follows (T-06).
pub(crate) fn role_of(ctx: &Ctx, pred: usize) -> Role {
    if let Some(e) = ctx.at(ctx.w.responsible_role, pred) {
        let p = ctx.skip_ws(e, ctx.hay.len());
        return if ctx.at(ctx.w.lead_role, p).is_some() {
            Role::Lead
        } else {
            Role::Responsible
        };
    }
    if ctx.at(ctx.w.lead_role, pred).is_some() {
        Role::Lead
    } else if ctx.at(ctx.w.support_role, pred).is_some() {
        Role::Support
    } else {
        Role::Responsible
    }
}

/// Where partners may be named in `[a, b)`: up to the first verb by which
/// the subject directs a named body (its partners are that body's).
fn partner_limit(ctx: &Ctx, a: usize, b: usize) -> usize {
    for h in ctx.w.direct.find_in(ctx.hay, a..b) {
        let q = ctx.skip_ws(h.end, b);
        let names_body =
            subject::body_at(ctx, q, b, false).is_some_and(|hs| hs.iter().any(|x| x.key.is_some()));
        if names_body {
            return h.start;
        }
    }
    b
}

/// Partners named after `phối hợp (chặt chẽ) (với)` in folded `[a, b)`:
/// (folded offset of the `phối hợp`, list).
pub(crate) fn partners(ctx: &Ctx, a: usize, b: usize) -> Vec<(usize, List)> {
    let limit = partner_limit(ctx, a, b);
    ctx.w
        .support_role
        .find_in(ctx.hay, a..limit)
        .into_iter()
        .map(|h| {
            (
                h.start,
                subject::list_at(ctx, ctx.skip_ws(h.end, b), b, false),
            )
        })
        .collect()
}

/// The object list after a verb ending at `e`: bodies followed by a
/// lower-case predicate.
fn object(ctx: &Ctx, e: usize, b: usize) -> Option<List> {
    let l = subject::list_at(ctx, ctx.skip_ws(e, b), b, false);
    let pred = ctx.skip_ws(l.fend, b);
    (l.has_body() && !l.broken && pred < b && ctx.char_at(pred).is_some_and(char::is_lowercase))
        .then_some(l)
}

/// True when the subject is the issuer of the document (rule 32): its key is
/// the identity's issuer, or, when the header does not say, a body that
/// issues documents writing a paragraph of its own (not an item of a list).
fn is_issuer(ctx: &Ctx, hits: &[Hit], kind: UnitKind, under_heading: bool) -> bool {
    let keys: Vec<String> = hits.iter().filter_map(|h| ctx.key_of(h)).collect();
    if keys.is_empty() {
        return false;
    }
    match &ctx.issuer_key {
        Some(k) => keys.iter().all(|x| x == k),
        None => {
            kind == UnitKind::Paragraph
                && !under_heading
                && keys.iter().all(|k| ctx.table.is_issuer_key(k))
        }
    }
}

/// Rewrite a subject whose predicate passes the work on: `X yêu cầu Y …`,
/// `X đề nghị Y …`, issuer `X chỉ đạo Y …` (Y is the assignee), `X được giao
/// …` (X is, the predicate starts after `giao`).
pub(crate) fn transfer(
    ctx: &Ctx,
    subj: &mut Subject,
    kind: UnitKind,
    under_heading: bool,
    b: usize,
) {
    if !subj.hits.iter().any(|h| h.key.is_some()) {
        return;
    }
    let p = subj.pred;
    // Passive: `X được giao …`, `X được UBND tỉnh giao …`.
    if let Some(e) = ctx.at(ctx.w.passive, p) {
        subj.pred = ctx.skip_ws(e, b);
        return;
    }
    if let Some(e) = ctx.at(ctx.w.passive_aux, p) {
        let agent = subject::list_at(ctx, ctx.skip_ws(e, b), b, false);
        if agent.has_body() {
            let q = ctx.skip_ws(agent.fend, b);
            if let Some(g) = ctx.at(ctx.w.assign, q) {
                subj.pred = ctx.skip_ws(g, b);
                return;
            }
        }
    }
    // A request: the object is the assignee.
    if let Some(e) = ctx.at(ctx.w.request, p) {
        if let Some(l) = object(ctx, e, b) {
            subj.pred = ctx.skip_ws(l.fend, b);
            subj.hits = l.hits;
            subj.requested = true;
        }
        return;
    }
    // The issuer directs a named doer (T-07).
    if let Some(e) = ctx.at(ctx.w.issuer_direct, p) {
        if is_issuer(ctx, &subj.hits, kind, under_heading) {
            if let Some(l) = object(ctx, e, b) {
                subj.pred = ctx.skip_ws(l.fend, b);
                subj.hits = l.hits;
                subj.requested = true;
            }
        }
    }
}

/// `(X chủ trì, phối hợp với Y …)` in folded `[a, b)`: the lead bodies and
/// the partners.
pub(crate) fn bracket(ctx: &Ctx, a: usize, b: usize) -> Option<(Vec<Hit>, Vec<Hit>)> {
    let hay = ctx.fs(a, b);
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|s| s.find('(')) {
        let open = a + from + i;
        let close = ctx.fs(open + 1, b).find(')').map_or(b, |c| open + 1 + c);
        from += i + 1;
        let l = subject::list_at(ctx, ctx.skip_ws(open + 1, close), close, false);
        if !l.has_body() || l.broken {
            continue;
        }
        let p = ctx.skip_ws(l.fend, close);
        if ctx.at(ctx.w.lead_role, p).is_some() {
            let support = partners(ctx, p, close)
                .into_iter()
                .flat_map(|(_, l)| l.hits)
                .collect();
            return Some((l.hits, support));
        }
    }
    None
}
