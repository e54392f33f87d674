//! Citations: tokenize → find → resolve, after Free Law Project's eyecite.
//!
//! Everything is read on the document's one folded view ([`Doc`]) with the
//! grammar tables (`grammar/doc_types.toml`, `refs.toml`, `citations.toml`);
//! spans are reported in the normalised text.
//!
//! - [`number`]: every số/ký hiệu shape in one scan (party, state, glued,
//!   spaced, plain digits).
//! - [`tokens`]: readers for what follows a number — date, term, plenum,
//!   issuer (with a place) — each over a bounded window.
//! - [`find`](fn@find): mentions — a type word and its number
//!   (`Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương`),
//!   numbers whose symbol the issuer implies (`Kế hoạch số 12 … của Ban
//!   Thường vụ Tỉnh ủy` → `12-KH/TU`), short names (`Chỉ thị 35`), số/ký hiệu
//!   continuing a list; then [`named`] documents cited without a number
//!   (`Nghị quyết Trung ương 4 khóa XII`, `Nghị quyết Đại hội XIII của
//!   Đảng`, `Quy định về …`, `Luật Viên chức`, `Đề án “…”`) and [`subject`]s.
//! - [`resolve`](fn@resolve): mentions grouped into distinct documents.
//!
//! Invariants (tested): finding is linear in the text (each reader looks at
//! a bounded window; blocked spans are an interval set); every span lies on
//! char boundaries of the text; page furniture gives no mention; the
//! document's own number after its `Số` label is not a mention.

mod find;
pub mod named;
pub mod number;
pub mod resolve;
mod spans;
pub mod subject;
pub mod tokens;

#[cfg(test)]
mod cases;

use chrono::NaiveDate;

use super::record::{Citation, DocType};
use super::Doc;
use crate::parse::Outline;

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
    /// The number of a document cited by its number alone (`Chỉ thị 35`,
    /// N-07): it merges into a full reference of the same type and number.
    pub number: Option<String>,
}

impl Mention {
    fn new(span: [usize; 2], doc_type: DocType) -> Mention {
        Mention {
            span,
            ref_span: None,
            doc_type,
            reference: None,
            name: None,
            date: None,
            issuer: None,
            subject: None,
            term: None,
            plenum: None,
            number: None,
        }
    }
}

/// What resolution needs to know about the citing document (from
/// `extract::Identity`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// The citing document's province: local issuers are qualified with it.
    pub province: Option<String>,
    /// The citing document's own number (self-references are not
    /// citations); in a news lead, the reported document's number.
    pub doc_number: Option<String>,
}

/// Find every citation mention of a document, in text order.
pub fn find_doc(doc: &Doc<'_>) -> Vec<Mention> {
    find::find(doc)
}

/// Find every citation mention in a normalised text, in text order (builds
/// the document's folded view and layout; stages holding a [`Doc`] call
/// [`find_doc`]).
pub fn find(text: &str) -> Vec<Mention> {
    let outline = Outline::default();
    let doc = Doc::new(text, &outline);
    find::find(&doc)
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
