//! Citations: tokenize → find → resolve, after Free Law Project's eyecite.
//!
//! - [`tokens`]: the grammar's pieces — type words, số/ký hiệu, date phrases,
//!   issuer phrases, terms (`khóa XIII`), plenum numbers.
//! - [`find`](fn@find): every mention in a normalised text — numbered citations
//!   (`Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương về …`),
//!   numbers whose symbol the issuer implies (`Kế hoạch số 12, ngày 06/10/2011 của
//!   Ban Thường vụ Tỉnh ủy` → `12-KH/TU`), số/ký hiệu continuing a list, and
//!   documents named without a number (`Nghị quyết Trung ương 4 khóa XII`,
//!   `Quy định về những điều đảng viên không được làm`, `Luật Viên chức`).
//! - [`resolve`](fn@resolve): mentions grouped into distinct documents.

mod find;
pub mod resolve;
pub mod tokens;

#[cfg(test)]
mod cases;

use chrono::NaiveDate;

use super::record::{Citation, DocType};

pub use resolve::{group, Group};

/// One mention of a document in the text, before mentions are grouped.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte span of the citation phrase (type word through number, date and
    /// issuer; the `về …` subject is not included) in the normalised text.
    pub span: [usize; 2],
    /// Byte span of the số/ký hiệu, when there is one.
    pub ref_span: Option<[usize; 2]>,
    pub doc_type: DocType,
    /// Normalised reference (`21-KL/TW`), if the text gives or implies one.
    pub reference: Option<String>,
    /// Name of an unnumbered document (`Nghị quyết Trung ương 4 khóa XII`).
    pub name: Option<String>,
    pub date: Option<NaiveDate>,
    /// The issuing body as written, term qualifiers dropped
    /// (`Ban Chấp hành Trung ương`), or shared from the next mention of a
    /// coordination (`Chỉ thị 05-CT/TW và Kết luận 01-KL/TW … của Bộ Chính trị`).
    pub issuer: Option<String>,
    /// The `về …` subject (or quoted title), when written.
    pub subject: Option<String>,
    /// The party term written with it (`XIII` from `khóa XIII`).
    pub term: Option<String>,
    /// The Central Committee plenum it comes from (`Hội nghị lần thứ tư` → 4).
    pub plenum: Option<u32>,
}

/// What resolution needs to know about the citing document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// The citing document's province: local issuers are qualified with it.
    pub province: Option<String>,
    /// The citing document's own number (self-references are not citations).
    pub doc_number: Option<String>,
}

/// Find every citation mention in a normalised text, in text order.
pub fn find(text: &str) -> Vec<Mention> {
    find::find(text)
}

/// Group mentions into distinct cited documents: mentions of the same
/// reference (and compatible dates) merge; a named document merges into the
/// numbered one the text identifies it with; self-references are dropped;
/// local issuers are qualified with `ctx.province`.
pub fn resolve(text: &str, mentions: &[Mention], ctx: &Context) -> Vec<Citation> {
    group(text, mentions, ctx)
        .into_iter()
        .map(|g| g.citation)
        .collect()
}
