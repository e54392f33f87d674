//! What a document carries out (`implements`) and the edges the text states
//! between other documents (`relations`), read from the layout's zones with
//! the phrase classes of `grammar/implements.toml`.
//!
//! - [`objects`]: the direct objects of the clauses that say what the
//!   document carries out — the title (`KẾ HOẠCH / thực hiện Kết luận số
//!   21-KL/TW …`), the opening items up to the issuing clause (`Thực hiện …;
//!   Căn cứ …;`, a `CĂN CỨ XÂY DỰNG KẾ HOẠCH` section), the issuing clause's
//!   own object (`… ban hành Kế hoạch triển khai thực hiện Công văn số …`), a
//!   decision's title and `Điều 1`, and a news lead's reported document
//!   (FORMS.md IM-01 … IM-18, rules 13-19). Documents inside an object's
//!   description are one level down: relations, not implements.
//! - [`relations`]: `A … thực hiện B` (implements), `A … tiếp tục thực hiện
//!   B` (continues), `X (ban hành kèm) theo Quyết định số B` and the
//!   document's own attached-to line (attached_to).
//!
//! Invariants (tested): implements ⊆ citations (every implemented document
//! is a cited group); only mentions in the title, opening, issuing clause,
//! `Điều 1`, an attached plan's title and opening, or a news lead are read,
//! so body mentions are never implements; every evidence span lies inside
//! the text.

mod objects;
mod relations;

use std::collections::HashMap;

use super::citation::{Group, Mention};
use super::record::{DocRef, Evidence, Relation};
use super::Doc;
use super::Identity;
use crate::extract::citation::tokens::clean;

/// One document's mentions and their groups, as the stages here read them.
pub(crate) struct Ctx<'a, 'd> {
    pub doc: &'a Doc<'d>,
    /// Sorted by start.
    pub mentions: &'a [Mention],
    pub groups: &'a [Group],
    /// Mention index → group index (self-references have none).
    pub of: HashMap<usize, usize>,
}

impl Ctx<'_, '_> {
    /// Indices of the mentions starting in `[a, b)`.
    pub fn within(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let lo = self.mentions.partition_point(|m| m.span[0] < a);
        let hi = self.mentions.partition_point(|m| m.span[0] < b);
        lo..hi.max(lo)
    }

    /// The folded text between original offsets `a` and `b`, trimmed.
    pub fn gap(&self, a: usize, b: usize) -> &str {
        if b <= a {
            return "";
        }
        self.doc.folded.slice(a, b).trim()
    }
}

/// Derive `implements` and `relations` of one document from its mentions
/// (sorted by start) and their grouping (`citation::group`, computed once by
/// the caller and shared with the citations).
pub fn derive(
    doc: &Doc<'_>,
    identity: &Identity,
    mentions: &[Mention],
    groups: &[Group],
) -> (Vec<DocRef>, Vec<Relation>) {
    let cx = Ctx {
        doc,
        mentions,
        groups,
        of: super::citation::resolve::index(groups),
    };
    let implements = objects::implements(&cx, identity)
        .into_iter()
        .map(|(g, i)| {
            let c = &groups[g].citation;
            DocRef {
                reference: c.reference.clone(),
                name: c.name.clone(),
                doc_type: c.doc_type,
                date: c.date,
                issuer: c.issuer.clone(),
                evidence: Some(evidence(doc, mentions[i].span)),
            }
        })
        .collect();
    let relations = relations::relations(&cx);
    (implements, relations)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The sentence (or line) around a span, with its section when known.
pub(crate) fn evidence(doc: &Doc<'_>, span: [usize; 2]) -> Evidence {
    let text = doc.text;
    let s = floor_char(text, span[0]);
    let e = floor_char(text, span[1]).max(s);
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
        span: [s, e],
        sentence: clean(&text[start..end]),
        section: doc.outline.section_at(s).map(|sec| sec.path.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::citation::{find_doc, group, Context};
    use crate::extract::record::RelationKind;
    use crate::parse::Outline;

    type Edge = (Option<String>, Option<String>, Option<String>, RelationKind);

    fn run(text: &str) -> (Vec<String>, Vec<Edge>) {
        let outline = Outline::parse(text);
        let doc = Doc::new(text, &outline);
        let ms = find_doc(&doc);
        let groups = group(text, &ms, &Context::default());
        let (imp, rel) = derive(&doc, &Identity::default(), &ms, &groups);
        (
            imp.into_iter()
                .filter_map(|d| d.reference.or(d.name))
                .collect(),
            rel.into_iter()
                .map(|r| (r.from, r.from_name, r.to, r.kind))
                .collect(),
        )
    }

    /// (text, implemented refs or names in order)
    const IMPLEMENTS: &[(&str, &[&str])] = &[
        // Two objects of one opening, coordinated.
        (
            "KẾ HOẠCH\nthực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương\n\nThực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương khóa XIII và Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Bộ Chính trị về đẩy mạnh xây dựng, chỉnh đốn Đảng, Ban Thường vụ Tỉnh ủy đề ra Kế hoạch triển khai như sau:\n",
            &["21-KL/TW", "03-KH/TW"],
        ),
        // Legal bases of a plan count, competence laws do not (IM-04, X-05).
        (
            "KẾ HOẠCH\nPhòng, chống tham nhũng năm 2024\n\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\nCăn cứ Nghị định số 59/2019/NĐ-CP ngày 01/7/2019 của Chính phủ;\nThực hiện Kế hoạch số 35-KH/TU ngày 10/01/2024 của Ban Thường vụ Tỉnh ủy;\nỦy ban nhân dân tỉnh ban hành Kế hoạch phòng, chống tham nhũng năm 2024 như sau:\n\nI. MỤC ĐÍCH\n- Triển khai thực hiện Kết luận số 10-KL/TW, xây dựng kế hoạch cụ thể.\n",
            &["59/2019/NĐ-CP", "35-KH/TU"],
        ),
        // A history opening is a citation only.
        (
            "Những năm qua, thực hiện Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương, công tác dân vận có nhiều đổi mới.\nThực hiện Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:\n",
            &["114-KL/TW"],
        ),
        // A decision: Điều 1 decides, not the grounds (IM-08, rule 14).
        (
            "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch\nCăn cứ Chỉ thị số 42-CT/TW ngày 24/3/2020 của Ban Bí thư;\nCăn cứ Quyết định số 17/QĐ-TTg ngày 05/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án “Phát triển du lịch cộng đồng giai đoạn 2022 - 2030”;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thực hiện Đề án “Phát triển du lịch cộng đồng giai đoạn 2022 - 2030” trên địa bàn tỉnh.\n",
            &["17/QĐ-TTg"],
        ),
        // A decision whose Điều 1 names nothing: its policy grounds (IM-09).
        (
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\nCăn cứ Nghị quyết số 21/NQ-CP ngày 02/3/2023 của Chính phủ về phát triển nhà ở xã hội;\nXét đề nghị của Giám đốc Sở Xây dựng tại Tờ trình số 77/TTr-SXD ngày 10/4/2023.\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Chương trình hành động phát triển nhà ở giai đoạn 2023 - 2025.\n",
            &["21/NQ-CP"],
        ),
        // A news lead carries the link (IM-17).
        (
            "Ban Thường vụ Huyện ủy Tân Châu vừa ban hành Kế hoạch số 41-KH/HU ngày 03/3/2023 triển khai thực hiện Chỉ thị số 18-CT/TW ngày 26/10/2022 của Ban Bí thư.",
            &["18-CT/TW"],
        ),
        // Items continuing an opener's list, with an alias (IM-06, IM-07).
        (
            "Thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị (sau đây gọi là Nghị quyết 52); Nghị quyết số 50/NQ-CP ngày 17/4/2020 của Chính phủ.\n\nỦy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:\n",
            &["52-NQ/TW", "50/NQ-CP"],
        ),
        // A history sentence, then the opening proper (X-01, IM-13).
        (
            "Những năm qua, thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư, tín dụng chính sách đạt kết quả quan trọng. Để tiếp tục thực hiện Kết luận số 06-KL/TW ngày 10/6/2021 của Ban Bí thư, Ban Thường vụ Huyện ủy ban hành Kế hoạch như sau:\n",
            &["06-KL/TW"],
        ),
        // A procedural input inside an item is cited only.
        (
            "Nhằm cụ thể hóa Nghị quyết số 07-NQ/TU ngày 15/3/2023 của Ban Chấp hành Đảng bộ tỉnh về kinh tế biển, trên cơ sở ý kiến thống nhất của Thường trực Huyện ủy tại Công văn số 318-CV/HU ngày 02/6/2023, Ủy ban nhân dân huyện ban hành Kế hoạch thực hiện như sau:\n",
            &["07-NQ/TU"],
        ),
        (
            "Thực hiện Kết luận số 69-KL/TW ngày 24/02/2020 của Ban Bí thư, theo đề nghị của Sở Nội vụ tại Tờ trình số 51/TTr-SNV ngày 04/3/2020, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n",
            &["69-KL/TW"],
        ),
    ];

    #[test]
    fn implemented_documents() {
        let mut failures = Vec::new();
        for (text, want) in IMPLEMENTS {
            let (got, _) = run(text);
            if got != *want {
                failures.push(format!("{text:?}\n   want {want:?}\n   got  {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
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
                    r.2.clone().or(r.1.clone()).unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(rel.len(), 3, "{rel:?}");
        assert!(tos.contains(&"32-CTR/TU→18-NQ/TW".to_string()), "{tos:?}");
        assert!(!tos.contains(&"32-CTR/TU→19-NQ/TW".to_string()), "{tos:?}");
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
