//! Citations: tokenize → find → resolve, after eyecite.
//!
//! OWNER: citation helper. Placeholder bodies until then.

use chrono::NaiveDate;

use super::record::{Citation, DocType};

/// One mention of a document in the text, before mentions are grouped.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte span of the whole citation phrase in the normalised text.
    pub span: [usize; 2],
    /// Byte span of the số/ký hiệu, when there is one.
    pub ref_span: Option<[usize; 2]>,
    pub doc_type: DocType,
    /// Normalised reference (`21-KL/TW`), if the text gives or implies one.
    pub reference: Option<String>,
    /// Name of an unnumbered document (`Nghị quyết Trung ương 4 khóa XII`).
    pub name: Option<String>,
    pub date: Option<NaiveDate>,
    pub issuer: Option<String>,
    /// The `về …` subject, when written.
    pub subject: Option<String>,
}

/// What resolution needs to know about the citing document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub province: Option<String>,
    /// The citing document's own number (self-references are not citations).
    pub doc_number: Option<String>,
}

/// Find every citation mention in a normalised text.
pub fn find(_text: &str) -> Vec<Mention> {
    Vec::new()
}

/// Group mentions into distinct cited documents.
pub fn resolve(_text: &str, _mentions: &[Mention], _ctx: &Context) -> Vec<Citation> {
    Vec::new()
}
