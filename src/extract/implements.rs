//! What a document carries out (`implements`) and the edges the text states
//! between other documents (`relations`).
//!
//! `implements` comes from the title (the lines under the type word at the
//! top: `KẾ HOẠCH / thực hiện Kết luận số 21-KL/TW …`) and from the opening
//! sentence that ends in the issuing clause (`Thực hiện …, Ban Thường vụ Tỉnh
//! ủy đề ra Kế hoạch …`, `… ban hành Kế hoạch …`, `… xây dựng kế hoạch thực
//! hiện …`). Only the documents that are the direct objects there count: in
//! `Công văn số 2323-CV/TU … chỉ đạo thực hiện Kết luận số 54-KL/TW` the
//! Kết luận is what the Công văn carries out, which is a relation.
//!
//! `relations` are read from phrases joining two mentions: `A … (về) (việc)
//! thực hiện B` → implements, `A … (về) tiếp tục thực hiện B` → continues,
//! `A … chỉ đạo thực hiện B` → implements, `X (ban hành) (kèm) theo Quyết định
//! số B` → attached_to, and the document's own `(Kèm theo Quyết định số …)`
//! line → attached_to with `from: null`.

use std::sync::LazyLock;

use regex::Regex;

use super::citation::tokens::{clean, tone_canonical, TYPE_WORDS};
use super::citation::{Group, Mention};
use super::record::{DocRef, Evidence, Relation, RelationKind};
use super::Identity;
use crate::parse::Outline;

/// Sentence openings that carry out other documents.
const OPENERS: &[&str] = &[
    "thực hiện",
    "căn cứ",
    "quán triệt",
    "triển khai",
    "để triển khai",
    "để thực hiện",
    "tiếp tục thực hiện",
    "trên cơ sở",
    "nhằm triển khai",
    "nhằm thực hiện",
];

/// The issuing clause of an opening sentence.
static ISSUING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:ban\s+hành|đề\s+ra|xây\s+dựng|triển\s+khai)\s+(?:kế\s+hoạch|chương\s+trình|hướng\s+dẫn|đề\s+án)\b")
        .expect("static regex")
});

/// A gap between two mentions that makes the second the object of a verb.
static GOVERNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:thực\s+hiện|triển\s+khai|quán\s+triệt|căn\s+cứ|cụ\s+thể\s+hóa)$")
        .expect("static regex")
});

static REL_IMPLEMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^,?\s*(?:(?:về|để)\s+)?(?:việc\s+)?(?:(?:chỉ\s+đạo|triển\s+khai|tổ\s+chức)\s+)?(?:triển\s+khai\s+)?thực\s+hiện$")
        .expect("static regex")
});

static REL_CONTINUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^,?\s*(?:về\s+)?(?:việc\s+)?tiếp\s+tục\s+(?:triển\s+khai\s+)?thực\s+hiện$")
        .expect("static regex")
});

/// Derive `implements` and `relations` of one document from its mentions and
/// their grouping (`citation::group`, computed once by the caller and shared with
/// the citations).
pub fn derive(
    text: &str,
    outline: &Outline,
    _identity: &Identity,
    mentions: &[Mention],
    groups: &[Group],
) -> (Vec<DocRef>, Vec<Relation>) {
    let of = super::citation::resolve::index(groups);
    let implements = implements(text, outline, mentions, groups, &of);
    let relations = relations(text, outline, mentions, groups, &of);
    (implements, relations)
}

type Of = std::collections::HashMap<usize, usize>;

fn implements(
    text: &str,
    outline: &Outline,
    mentions: &[Mention],
    groups: &[Group],
    of: &Of,
) -> Vec<DocRef> {
    let mut chosen: Vec<(usize, usize)> = Vec::new(); // (group, mention)
    if let Some((a, b)) = title_region(text) {
        if let Some(first) = mentions
            .iter()
            .position(|m| m.span[0] >= a && m.span[0] < b)
        {
            let lead = tone_canonical(&clean(&text[a..mentions[first].span[0]])).to_lowercase();
            if ["thực hiện", "triển khai", "quán triệt", "căn cứ"]
                .iter()
                .any(|v| lead.contains(v))
            {
                for i in top_level(text, mentions, a, b) {
                    if let Some(&g) = of.get(&i) {
                        chosen.push((g, i));
                    }
                }
            }
        }
    }
    if let Some((a, clause, b)) = opening_sentence(text) {
        for i in top_level(text, mentions, a, clause) {
            if let Some(&g) = of.get(&i) {
                chosen.push((g, i));
            }
        }
        // `… ban hành Kế hoạch triển khai thực hiện Công văn số 2323-CV/TU`
        if let Some(i) = mentions
            .iter()
            .position(|m| m.span[0] >= clause && m.span[0] < b)
        {
            let gap = clean(&text[clause..mentions[i].span[0]]);
            if GOVERNS.is_match(gap.trim()) {
                if let Some(&g) = of.get(&i) {
                    chosen.push((g, i));
                }
            }
        }
    }
    let mut out: Vec<DocRef> = Vec::new();
    let mut seen = Vec::new();
    for (g, i) in chosen {
        if seen.contains(&g) {
            continue;
        }
        seen.push(g);
        let c = &groups[g].citation;
        out.push(DocRef {
            reference: c.reference.clone(),
            name: c.name.clone(),
            doc_type: c.doc_type,
            date: c.date,
            issuer: c.issuer.clone(),
            evidence: Some(evidence(text, outline, mentions[i].span)),
        });
    }
    out
}

/// The title: from the type-word line at the top to the first body line.
fn title_region(text: &str) -> Option<(usize, usize)> {
    let head_limit = floor_char(text, text.len().min(6000));
    let mut offset = 0;
    let mut start = None;
    for line in text[..head_limit].split_inclusive('\n') {
        let c = clean(line);
        let upper = tone_canonical(&c).to_uppercase();
        if start.is_none() {
            if !c.is_empty()
                && TYPE_WORDS.iter().any(|(w, _)| {
                    let w = w.to_uppercase();
                    upper == w
                        || (upper.starts_with(&w) && c.starts_with(&w) && {
                            // `KẾ HOẠCH thực hiện …` on one line
                            c[w.len()..].starts_with(' ')
                                && c[w.len()..].trim_start().starts_with(char::is_lowercase)
                        })
                })
            {
                start = Some(offset);
            }
        } else if let Some(s) = start {
            let lower = tone_canonical(&c).to_lowercase();
            let body = c.starts_with('(')
                || c.starts_with("---")
                || OPENERS
                    .iter()
                    .any(|o| lower.starts_with(o) && c.starts_with(char::is_uppercase))
                || is_heading(&c)
                || offset - s > 1500;
            if body {
                return Some((s, offset));
            }
        }
        offset += line.len();
    }
    start.map(|s| (s, floor_char(text, (s + 1500).min(text.len()))))
}

fn is_heading(line: &str) -> bool {
    static H: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[IVX]+\s*[.\-/)]|\d+\s*[./)]|[a-zđ]\))").expect("static regex")
    });
    H.is_match(line)
}

/// The opening sentence: the first paragraph (not a bullet) in the first
/// part of the text that holds the issuing clause and starts `Thực hiện …`
/// / `Căn cứ …`; or, when the issuing clause stands on its own line
/// (`Ủy ban nhân dân tỉnh ban hành Kế hoạch …`), the `Thực hiện …` lines right
/// above it (legal bases `Căn cứ Luật …` are not what a plan carries out).
/// Returns (start, issuing clause start, end).
fn opening_sentence(text: &str) -> Option<(usize, usize, usize)> {
    let limit = (text.len() * 2 / 5).max(4000);
    let mut offset = 0;
    // start of the run of `Thực hiện …` lines just above the current line
    let mut run_start: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        if offset > limit {
            break;
        }
        let c = clean(line);
        let lower = tone_canonical(&c).to_lowercase();
        let bullet = c.starts_with(['-', '+', '•']);
        let opener = !bullet && OPENERS.iter().any(|o| lower.starts_with(o));
        if !bullet {
            if let Some(m) = issuing_clause(line) {
                if opener {
                    return Some((offset, offset + m.start(), offset + line.len()));
                }
                if let Some(rs) = run_start {
                    if c.starts_with(char::is_uppercase) {
                        return Some((rs, offset + m.start(), offset + line.len()));
                    }
                }
            }
        }
        if c.is_empty() {
            // blank lines keep the run
        } else if opener && !lower.starts_with("căn cứ") {
            run_start.get_or_insert(offset);
        } else {
            run_start = None;
        }
        offset += line.len();
    }
    None
}

/// The issuing clause in a line: the first `ban hành Kế hoạch` / `đề ra Kế
/// hoạch` … that is not part of a cited document's subject (`Quyết định số
/// 99-QĐ/TW … về ban hành Hướng dẫn khung để …`).
fn issuing_clause(line: &str) -> Option<regex::Match<'_>> {
    ISSUING.find_iter(line).find(|m| {
        let before = tone_canonical(&line[..m.start()]).to_lowercase();
        let last = before.split_whitespace().next_back().unwrap_or("");
        !matches!(last, "về" | "việc" | "để" | "nhằm")
    })
}

/// Mentions in `[a, b)` that are direct objects (level 0): a mention joined
/// to the previous one by `,`/`và` keeps its level, one following a verb
/// (`chỉ đạo thực hiện`, `về tiếp tục thực hiện`) is one level down, and an
/// alias (`sau đây gọi là …`) is skipped.
fn top_level(text: &str, mentions: &[Mention], a: usize, b: usize) -> Vec<usize> {
    let mut levels: Vec<(usize, usize)> = Vec::new(); // (mention, level)
    let mut last: Option<(usize, usize)> = None; // (mention, level)
    for (i, m) in mentions.iter().enumerate() {
        if m.span[0] < a || m.span[0] >= b {
            continue;
        }
        let before = tone_canonical(&clean(&text[a..m.span[0]])).to_lowercase();
        if before.ends_with("kèm theo") {
            continue;
        }
        let level = match last {
            None => 0,
            Some((p, lvl)) => {
                let pe = mentions[p].span[1];
                if m.span[0] < pe {
                    continue;
                }
                let gap = tone_canonical(&clean(&text[pe..m.span[0]])).to_lowercase();
                let gap = gap.trim();
                if gap.contains("gọi là") || gap.contains("gọi tắt") || gap.contains("gọi tất")
                {
                    continue;
                }
                if GOVERNS.is_match(gap) {
                    lvl + 1
                } else if lvl > 0 && is_bare(text, &mentions[p]) && !is_bare(text, m) {
                    // `… về thực hiện Nghị quyết số 04-NQ/TW và Kế hoạch số 34-KH/HU,
                    // ngày … của …`: a full citation after a bare back-reference
                    // starts a new top-level object, not part of the clause.
                    0
                } else {
                    lvl
                }
            }
        };
        levels.push((i, level));
        last = Some((i, level));
    }
    // A dated document inside a clause that itself carries out one of the
    // top-level objects is a sibling plan, not part of the clause: `Thực hiện
    // Kết luận số 54-KL/TW … về tiếp tục thực hiện Quyết định số 99-QĐ/TW, ngày
    // … và Kế hoạch số 20-KH/HU, ngày … của Ban Thường vụ Huyện ủy về thực hiện
    // Kết luận số 54-KL/TW, …`.
    let top_refs: Vec<&str> = levels
        .iter()
        .filter(|(_, l)| *l == 0)
        .filter_map(|(i, _)| mentions[*i].reference.as_deref())
        .collect();
    for k in 0..levels.len() {
        let (i, level) = levels[k];
        if level == 0 || is_bare(text, &mentions[i]) {
            continue;
        }
        let Some(&(n, _)) = levels.get(k + 1) else {
            continue;
        };
        let (m, next) = (&mentions[i], &mentions[n]);
        if next.span[0] < m.span[1] {
            continue;
        }
        let gap = tone_canonical(&clean(&text[m.span[1]..next.span[0]])).to_lowercase();
        let implements_top = REL_IMPLEMENTS.is_match(gap.trim())
            && next
                .reference
                .as_deref()
                .is_some_and(|r| top_refs.contains(&r) && m.reference.as_deref() != Some(r));
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

/// A mention written without its own date (`Nghị quyết số 04-NQ/TW`, `Chỉ thị số
/// 05-CT/TW của Bộ Chính trị`): a back-reference inside a clause, where a dated
/// citation is a document named in full. Read from the mention's own words, since
/// resolution may share a date or issuer across a list.
fn is_bare(text: &str, m: &Mention) -> bool {
    let tail_start = m.ref_span.map_or(m.span[0], |r| r[1]);
    let tail = text.get(tail_start..m.span[1]).unwrap_or("");
    !crate::normalize::fold(tail).to_lowercase().contains("ngay")
}

fn relations(
    text: &str,
    outline: &Outline,
    mentions: &[Mention],
    groups: &[Group],
    of: &Of,
) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    let end_of = |g: usize| -> (Option<String>, Option<String>) {
        let c = &groups[g].citation;
        (c.reference.clone(), c.name.clone())
    };
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
    let opening_end = opening_sentence(text).map_or(0, |(_, _, e)| e);
    for i in 0..mentions.len() {
        let a = &mentions[i];
        let Some(&ga) = of.get(&i) else { continue };
        // A … thực hiện B (and coordinated C, D …)
        if a.reference.is_some() {
            let mut kind = None;
            let mut j = i + 1;
            while j < mentions.len() {
                let b = &mentions[j];
                let prev_end = mentions[j - 1].span[1];
                if b.span[0] < prev_end {
                    break;
                }
                let gap = tone_canonical(&clean(&text[prev_end..b.span[0]])).to_lowercase();
                let gap = gap.trim();
                let k = match kind {
                    None if REL_CONTINUES.is_match(gap) => RelationKind::Continues,
                    None if REL_IMPLEMENTS.is_match(gap) => RelationKind::Implements,
                    None => break,
                    Some(k) if gap == "và" || gap == "," || gap == ", và" => k,
                    Some(_) => break,
                };
                kind = Some(k);
                if let Some(&gb) = of.get(&j) {
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
                                evidence: Some(evidence(text, outline, [a.span[0], b.span[1]])),
                            },
                            &mut out,
                        );
                    }
                }
                j += 1;
            }
        }
        // X (ban hành) (kèm) theo Quyết định số B
        if let Some(b) = mentions.get(i + 1) {
            if b.reference.is_some() && a.reference.is_none() && b.span[0] >= a.span[1] {
                let gap = tone_canonical(&clean(&text[a.span[1]..b.span[0]])).to_lowercase();
                let gap = gap.trim_start_matches('(').trim();
                if ["theo", "kèm theo", "ban hành kèm theo"].contains(&gap) {
                    if let Some(&gb) = of.get(&(i + 1)) {
                        let (_, from_name) = end_of(ga);
                        let (to, to_name) = end_of(gb);
                        push(
                            Relation {
                                from: None,
                                from_name,
                                to,
                                to_name,
                                kind: RelationKind::AttachedTo,
                                evidence: Some(evidence(text, outline, [a.span[0], b.span[1]])),
                            },
                            &mut out,
                        );
                    }
                }
            }
        }
    }
    // this document (Kèm theo Quyết định số …)
    for (i, m) in mentions.iter().enumerate() {
        if m.reference.is_none() || (opening_end > 0 && m.span[0] > opening_end) || m.span[0] > 4000
        {
            continue;
        }
        let line_start = text[..m.span[0]].rfind('\n').map_or(0, |p| p + 1);
        let lead = tone_canonical(&clean(&text[line_start..m.span[0]])).to_lowercase();
        let lead = lead.trim_start_matches('(').trim();
        if lead == "kèm theo" || lead == "ban hành kèm theo" {
            if let Some(&g) = of.get(&i) {
                let (to, to_name) = end_of(g);
                push(
                    Relation {
                        from: None,
                        from_name: None,
                        to,
                        to_name,
                        kind: RelationKind::AttachedTo,
                        evidence: Some(evidence(text, outline, m.span)),
                    },
                    &mut out,
                );
            }
        }
    }
    out
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The sentence (or line) around a span, with its section when known.
fn evidence(text: &str, outline: &Outline, span: [usize; 2]) -> Evidence {
    let s = floor_char(text, span[0].min(text.len()));
    let e = floor_char(text, span[1].min(text.len())).max(s);
    let lo = floor_char(text, s.saturating_sub(600));
    let hi = floor_char(text, (e + 600).min(text.len()));
    let start = text[lo..s]
        .rfind(['\n', '.', ';'])
        .map_or(lo, |p| lo + p + 1);
    let end = text[e..hi].find(['\n', ';']).map_or(hi, |p| e + p);
    let end = match text[e..end].find(". ") {
        Some(p) => e + p + 1,
        None => end,
    };
    Evidence {
        span,
        sentence: clean(&text[start..end]),
        section: outline.section_at(span[0]).map(|sec| sec.path.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::citation::find;

    type Edge = (Option<String>, Option<String>, Option<String>, RelationKind);

    fn run(text: &str) -> (Vec<String>, Vec<Edge>) {
        let ms = find(text);
        let groups = crate::extract::citation::group(
            text,
            &ms,
            &crate::extract::citation::Context::default(),
        );
        let (imp, rel) = derive(
            text,
            &Outline::default(),
            &Identity::default(),
            &ms,
            &groups,
        );
        (
            imp.into_iter()
                .filter_map(|d| d.reference.or(d.name))
                .collect(),
            rel.into_iter()
                .map(|r| (r.from, r.from_name, r.to, r.kind))
                .collect(),
        )
    }

    #[test]
    fn opening_with_two_documents_implements_both() {
        let text = "KẾ HOẠCH\nthực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương\n\n\
            Thực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương khóa XIII và \
            Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Bộ Chính trị về đẩy mạnh xây dựng, chỉnh đốn Đảng, \
            Ban Thường vụ Tỉnh ủy đề ra Kế hoạch triển khai như sau:\n";
        let (imp, _) = run(text);
        assert_eq!(imp, vec!["21-KL/TW", "03-KH/TW"]);
    }

    #[test]
    fn documents_described_inside_the_object_are_relations() {
        let text = "KẾ HOẠCH\n\nTriển khai thực hiện Công văn số 2323-CV/TU ngày 04/10/2023 của Ban Thường vụ Tỉnh ủy \
            chỉ đạo thực hiện Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư về tiếp tục thực hiện \
            Quyết định số 99-QĐ/TW ngày 03/10/2017 của Ban Bí thư về phát huy vai trò của Nhân dân\n\
            (Kèm theo Quyết định số 2772/QĐ-UBND ngày 06/12/2023 của UBND tỉnh)\n\n\
            Thực hiện Công văn số 2323-CV/TU; Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện Công văn số 2323-CV/TU, cụ thể như sau:\n";
        let (imp, rel) = run(text);
        assert_eq!(imp, vec!["2323-CV/TU"]);
        let want = vec![
            (
                Some("2323-CV/TU".to_string()),
                None,
                Some("54-KL/TW".to_string()),
                RelationKind::Implements,
            ),
            (
                Some("54-KL/TW".to_string()),
                None,
                Some("99-QĐ/TW".to_string()),
                RelationKind::Continues,
            ),
            (
                None,
                None,
                Some("2772/QĐ-UBND".to_string()),
                RelationKind::AttachedTo,
            ),
        ];
        assert_eq!(rel, want);
    }

    #[test]
    fn coordinated_targets_share_the_relation_but_a_new_verb_does_not() {
        let text = "theo Chương trình hành động số 09-CTr/TU, ngày 15/4/2021 của Tỉnh ủy thực hiện \
            Nghị quyết Đại hội XIII của Đảng và Nghị quyết Đại hội XI của Đảng bộ tỉnh, nhiệm kỳ 2020-2025. \
            Theo Chương trình hành động số 32-CTr/TU, ngày 29/12/2017 của Tỉnh ủy thực hiện Nghị quyết số 18-NQ/TW \
            của Ban Chấp hành Trung ương Đảng khóa XII và thực hiện Nghị quyết số 19-NQ/TW, ngày 25/10/2017.";
        let (_, rel) = run(text);
        let tos: Vec<String> = rel
            .iter()
            .map(|r| {
                format!(
                    "{}→{}",
                    r.0.clone().unwrap_or_default(),
                    r.2.clone().unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(rel.len(), 3, "{rel:?}");
        assert!(tos.contains(&"32-CTR/TU→18-NQ/TW".to_string()), "{tos:?}");
        assert!(!tos.contains(&"32-CTR/TU→19-NQ/TW".to_string()), "{tos:?}");
    }

    #[test]
    fn legal_bases_are_not_implemented_but_the_lines_above_the_clause_are() {
        let text = "KẾ HOẠCH\nPhòng, chống tham nhũng năm 2024\n\nCăn cứ Luật Phòng, chống tham nhũng năm 2018;\n\
            Căn cứ Nghị định số 59/2019/NĐ-CP ngày 01/7/2019 của Chính phủ;\n\
            Thực hiện Kế hoạch số 35-KH/TU ngày 10/01/2024 của Ban Thường vụ Tỉnh ủy;\n\
            Ủy ban nhân dân tỉnh ban hành Kế hoạch phòng, chống tham nhũng năm 2024 như sau:\n\n\
            I. MỤC ĐÍCH\n- Triển khai thực hiện Kết luận số 10-KL/TW, xây dựng kế hoạch cụ thể.\n";
        let (imp, _) = run(text);
        assert_eq!(imp, vec!["35-KH/TU"]);
    }

    #[test]
    fn named_document_attached_to_a_decision() {
        let text = "Rà soát Quy chế chất vấn trong Đảng (ban hành kèm theo Quyết định số 158-QĐ/TW của Bộ Chính trị).";
        let (_, rel) = run(text);
        assert_eq!(
            rel,
            vec![(
                None,
                Some("Quy chế chất vấn trong Đảng".to_string()),
                Some("158-QĐ/TW".to_string()),
                RelationKind::AttachedTo
            )]
        );
    }
}
