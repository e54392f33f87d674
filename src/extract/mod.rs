//! Extraction: a normalised text (and its outline) becomes a [`Record`].
//!
//! Stages, in order: `identity` (number, type, title, issuer, level,
//! province, date, signer), `citation` (tokenize → find → resolve),
//! `implements` (what the document carries out, and the relations the text states
//! between other documents), `tasks` (who must do what, by when). `manifest`
//! applies corpus-supplied values on top. No stage reads files or the index.

pub mod citation;
pub mod identity;
pub mod implements;
pub mod layout;
pub mod manifest;
pub mod record;
pub mod refs;
pub mod tasks;

pub use identity::Identity;
pub use record::*;

use crate::parse::Outline;
use crate::text::Folded;

/// One document as every stage reads it, built once: the normalised text,
/// its folded view (for matching grammar phrases), its outline (sections) and
/// its layout (zones). Spans reported by stages are byte offsets in `text`.
pub struct Doc<'a> {
    pub text: &'a str,
    pub folded: Folded,
    pub outline: &'a Outline,
    pub layout: layout::Layout,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, outline: &'a Outline) -> Doc<'a> {
        let folded = Folded::new(text);
        let layout = layout::Layout::new(text, &folded);
        Doc {
            text,
            folded,
            outline,
            layout,
        }
    }

    /// The folded text of original range `r`.
    pub fn fslice(&self, r: std::ops::Range<usize>) -> &str {
        self.folded.slice(r.start, r.end)
    }

    /// The original text of range `r` (empty when out of bounds).
    pub fn slice(&self, r: std::ops::Range<usize>) -> &'a str {
        self.text.get(r).unwrap_or("")
    }
}

/// Everything extraction needs to know about one document besides its text.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    /// Path as given (relative to the corpus root).
    pub source: &'a str,
    /// Values from `manifest.csv` / `FILE.meta.toml`, if any.
    pub overrides: Option<&'a manifest::Overrides>,
}

/// Extract the record of one normalised document.
pub fn extract(input: &Input<'_>, text: &str, outline: &Outline) -> Record {
    let doc = Doc::new(text, outline);
    extract_doc(input, &doc)
}

/// Extract the record of a document already read into a [`Doc`].
pub fn extract_doc(input: &Input<'_>, doc: &Doc<'_>) -> Record {
    let text = doc.text;
    let mentions = citation::find_doc(doc);
    let mut identity = identity::identify(doc);
    if let Some(o) = input.overrides {
        o.apply_identity(&mut identity);
    }
    let ctx = citation::Context {
        province: identity.province.clone(),
        doc_number: identity.number.clone(),
    };
    // Grouping mentions into documents is shared by citations and implements.
    let groups = citation::group(text, &mentions, &ctx);
    let (implements, relations) = implements::derive(doc, &identity, &mentions, &groups);
    let citations = groups.into_iter().map(|g| g.citation).collect();
    let tasks = tasks::extract(doc, &identity);
    let mut record = Record {
        source: input.source.to_string(),
        implements,
        citations,
        relations,
        tasks,
        ..Record::default()
    };
    identity.fill(&mut record);
    record
}

/// Convenience for callers holding only a normalised text: parses the outline too.
pub fn extract_text(source: &str, text: &str) -> Record {
    let outline = Outline::parse(text);
    extract(
        &Input {
            source,
            overrides: None,
        },
        text,
        &outline,
    )
}
