//! Relations the text states between other documents: `A … (về) (việc)
//! thực hiện B` → implements, `A … tiếp tục thực hiện B` → continues (and
//! coordinated `C, D` after B share the kind), `X (ban hành) (kèm) theo
//! Quyết định số B` → attached_to, and the document's own attached-to line
//! (`(Kèm theo Quyết định số …)`, ID-08, X-12) → attached_to with `from: null`.

use super::{evidence, Ctx};
use crate::extract::record::{Relation, RelationKind};
use crate::grammar::phrases;

/// Longest gap between two documents that a relation spans (bytes).
const GAP_MAX: usize = 400;

/// The relation a gap between two mentions states: leading `về`, `để`,
/// `việc` and an issued document's kind (`ban hành Kế hoạch`) may stand
/// before the verb, which must end the gap.
pub fn relation_kind(gap: &str) -> Option<RelationKind> {
    let mut g = gap.trim_start_matches([',', ' ']).trim();
    loop {
        match phrases("implements.relation_lead").at(g, 0) {
            Some(h) if h.end < g.len() => g = g[h.end..].trim_start(),
            _ => break,
        }
    }
    if let Some(h) = phrases("implements.relation_issue").at(g, 0) {
        if h.end < g.len() {
            g = g[h.end..].trim_start();
        }
    }
    let whole = |class: &str| phrases(class).at(g, 0).is_some_and(|h| h.end == g.len());
    if whole("implements.relation_continues") {
        Some(RelationKind::Continues)
    } else if whole("implements.relation_implements") {
        Some(RelationKind::Implements)
    } else {
        None
    }
}

/// A gap that only coordinates (`,`, `và`, `, và`).
fn coordinates(gap: &str) -> bool {
    matches!(gap, "va" | "," | ", va")
}

pub fn relations(cx: &Ctx<'_, '_>) -> Vec<Relation> {
    let ms = cx.mentions;
    let mut out: Vec<Relation> = Vec::new();
    let push = |r: Relation, out: &mut Vec<Relation>| {
        if !out.iter().any(|o| {
            o.from == r.from
                && o.from_name == r.from_name
                && o.to == r.to
                && o.to_name == r.to_name
                && o.kind == r.kind
        }) {
            out.push(r);
        }
    };
    let end_of = |g: usize| -> (Option<String>, Option<String>) {
        let c = &cx.groups[g].citation;
        (c.reference.clone(), c.name.clone())
    };
    for i in 0..ms.len() {
        let a = &ms[i];
        let Some(&ga) = cx.of.get(&i) else { continue };
        // A … thực hiện B (and coordinated C, D …)
        if a.reference.is_some() {
            let mut kind = None;
            let mut j = i + 1;
            while j < ms.len() {
                let b = &ms[j];
                let prev_end = ms[j - 1].span[1];
                if b.span[0] < prev_end || b.span[0] - prev_end > GAP_MAX {
                    break;
                }
                let gap = cx.gap(prev_end, b.span[0]);
                let k = match kind {
                    None => match relation_kind(gap) {
                        Some(k) => k,
                        None => break,
                    },
                    Some(k) if coordinates(gap) => k,
                    Some(_) => break,
                };
                kind = Some(k);
                if let Some(&gb) = cx.of.get(&j) {
                    if gb != ga {
                        let (from, _) = end_of(ga);
                        let (to, to_name) = end_of(gb);
                        push(
                            Relation {
                                from,
                                from_name: None,
                                to,
                                to_name,
                                kind: k,
                                evidence: Some(evidence(cx.doc, [a.span[0], b.span[1]])),
                            },
                            &mut out,
                        );
                    }
                }
                j += 1;
            }
        }
        // X (ban hành) (kèm) theo Quyết định số B
        if let Some(b) = ms.get(i + 1) {
            if b.reference.is_some()
                && a.reference.is_none()
                && b.span[0] >= a.span[1]
                && b.span[0] - a.span[1] <= GAP_MAX
            {
                let gap = cx.gap(a.span[1], b.span[0]);
                let gap = gap.trim_start_matches('(').trim();
                let attached = phrases("implements.attached_gap")
                    .at(gap, 0)
                    .is_some_and(|h| h.end == gap.len());
                if attached {
                    if let Some(&gb) = cx.of.get(&(i + 1)) {
                        let (_, from_name) = end_of(ga);
                        let (to, to_name) = end_of(gb);
                        push(
                            Relation {
                                from: None,
                                from_name,
                                to,
                                to_name,
                                kind: RelationKind::AttachedTo,
                                evidence: Some(evidence(cx.doc, [a.span[0], b.span[1]])),
                            },
                            &mut out,
                        );
                    }
                }
            }
        }
    }
    // This document: its `(Ban hành kèm theo Quyết định số …)` line.
    let l = &cx.doc.layout;
    let zones = [
        l.attached.clone(),
        l.attachment.as_ref().and_then(|a| a.attached.clone()),
    ];
    for z in zones.into_iter().flatten() {
        if let Some(i) = cx
            .within(z.start, z.end)
            .find(|&i| ms[i].reference.is_some())
        {
            if let Some(&g) = cx.of.get(&i) {
                let (to, to_name) = end_of(g);
                push(
                    Relation {
                        from: None,
                        from_name: None,
                        to,
                        to_name,
                        kind: RelationKind::AttachedTo,
                        evidence: Some(evidence(cx.doc, ms[i].span)),
                    },
                    &mut out,
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn gaps_state_relations() {
        use RelationKind::*;
        const CASES: &[(&str, Option<RelationKind>)] = &[
            ("thực hiện", Some(Implements)),
            (", về thực hiện", Some(Implements)),
            ("về việc thực hiện", Some(Implements)),
            ("chỉ đạo thực hiện", Some(Implements)),
            ("về triển khai thực hiện", Some(Implements)),
            (
                "ban hành Chương trình hành động thực hiện",
                Some(Implements),
            ),
            ("BAN HÀNH KẾ HOẠCH TRIỂN KHAI", Some(Implements)),
            ("về Chương trình hành động thực hiện", Some(Implements)),
            ("về tiếp tục thực hiện", Some(Continues)),
            ("tiếp tục triển khai thực hiện", Some(Continues)),
            ("về đẩy mạnh công tác và thực hiện", None),
            ("và", None),
            ("", None),
        ];
        for (gap, want) in CASES {
            assert_eq!(relation_kind(&fold(gap)), *want, "{gap:?}");
        }
    }
}
