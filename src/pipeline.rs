//! Drives a whole corpus through the pipeline:
//! ingest → normalize → parse → extract → index + graph + task store.

use crate::extract::{self, Record};
use crate::ingest::SourceDoc;
use crate::parse::Outline;

/// One document after every per-document stage.
#[derive(Debug, Clone)]
pub struct Processed {
    /// Stable id used by the index, the graph and the API.
    pub id: String,
    pub source: SourceDoc,
    /// The normalised text (what offsets in the record point into).
    pub text: String,
    pub outline: Outline,
    pub record: Record,
}

/// Stable document id: the path relative to the corpus root without its
/// extension, with `/` replaced by `~` so it fits in one URL segment.
pub fn doc_id(source: &str) -> String {
    let stem = match source.rfind('.') {
        Some(dot) if !source[dot..].contains('/') => &source[..dot],
        _ => source,
    };
    stem.replace('/', "~")
}

/// Normalise, parse and extract one decoded document.
pub fn process(doc: SourceDoc, overrides: Option<&extract::manifest::Overrides>) -> Processed {
    let text = crate::normalize::normalize(&doc.text);
    let outline = Outline::parse(&text);
    let record = extract::extract(
        &extract::Input {
            source: &doc.source,
            overrides,
        },
        &text,
        &outline,
    );
    Processed {
        id: doc_id(&doc.source),
        source: doc,
        text,
        outline,
        record,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_paths_without_extension() {
        assert_eq!(doc_id("003_e07fff3062a41059.txt"), "003_e07fff3062a41059");
        assert_eq!(doc_id("kien-giang/2022/60.md"), "kien-giang~2022~60");
        assert_eq!(doc_id("a.b/noext"), "a.b~noext");
    }
}
