//! The Vietnamese analyzer: tokenizers registered with tantivy.
//!
//! OWNER: normalize/analysis helper. Placeholder bodies until then.

use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

/// Tokenizer name for fields that keep diacritics (lower-cased syllables).
pub const EXACT: &str = "vi";
/// Tokenizer name for fields folded to ASCII (`đ`→`d`, no tone marks).
pub const FOLDED: &str = "vi_folded";

/// A token with its byte offsets in the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub position: usize,
}

/// Register both analyzers on an index.
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(EXACT, exact_analyzer());
    index.tokenizers().register(FOLDED, folded_analyzer());
}

pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

pub fn folded_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Run an analyzer over `text` and collect its tokens.
pub fn tokens(text: &str, folded: bool) -> Vec<Token> {
    let mut analyzer = if folded {
        folded_analyzer()
    } else {
        exact_analyzer()
    };
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(Token {
            text: t.text.clone(),
            start: t.offset_from,
            end: t.offset_to,
            position: t.position,
        });
    }
    out
}

/// A query token in both forms (placeholder: no document-number detection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryToken {
    pub exact: String,
    pub folded: String,
    pub position: usize,
    pub start: usize,
    pub end: usize,
    pub is_number: bool,
}

/// Analyse a query string into aligned exact/folded tokens.
pub fn query_tokens(text: &str) -> Vec<QueryToken> {
    tokens(text, false)
        .into_iter()
        .map(|t| QueryToken {
            folded: crate::normalize::fold(&t.text),
            exact: t.text,
            position: t.position,
            start: t.start,
            end: t.end,
            is_number: false,
        })
        .collect()
}
