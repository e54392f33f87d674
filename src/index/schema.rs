//! The tantivy schema: one tantivy document per corpus document.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};

use crate::analysis;

/// Handles to every field, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Stable document id (`000_1ea4fda105d58d5d`).
    pub id: Field,
    /// Path relative to the corpus root.
    pub source: Field,
    /// Title with diacritics (exact analyzer), stored for display.
    pub title: Field,
    /// Title, diacritic-folded.
    pub title_folded: Field,
    /// The normalised text (diacritics intact), stored only: snippets,
    /// sections and the document view come from it.
    pub text: Field,
    /// Normalised body, words with diacritics (`analysis::body_tokens`'s
    /// `exact`); frequencies, no positions.
    pub body: Field,
    /// Normalised body, words diacritic-folded, for matching; frequencies,
    /// no positions (phrases are runs of `pairs`).
    pub body_folded: Field,
    /// Adjacent word pairs, folded (`ban tuyen`, `tuyen giao`), with
    /// positions: phrases and adjacency.
    pub pairs: Field,
    /// Adjacent word pairs with diacritics (`ban tuyên`): exact adjacency and
    /// the spellings seen together (suggestions).
    pub pairs_exact: Field,
    /// Headings of the document (not numbered paragraphs), folded, with positions.
    pub headings: Field,
    /// The decoded original text, stored for display only.
    pub original: Field,
    /// Document number as written in records (`60-KH/TU`).
    pub number: Field,
    /// Tolerant lookup key of the number (`refs::lookup_key`).
    pub number_key: Field,
    pub doc_type: Field,
    /// Province as written (`Kiên Giang`).
    pub province: Field,
    /// Province folded and lower-cased, for filters typed without diacritics.
    pub province_key: Field,
    pub issuer: Field,
    /// Issuer level slug (`tinh`, `query::LEVELS`), for the `level:` filter and facets.
    pub issuer_level: Field,
    /// Date of issue (day precision).
    pub date: Field,
    /// Lookup keys of the references this document implements.
    pub implements: Field,
    /// Lookup keys of every reference it cites.
    pub cites: Field,
    /// Organ keys that receive tasks in this document.
    pub organs: Field,
    /// JSON: organ key → byte spans of the passages that assign it tasks.
    pub organ_spans: Field,
    /// JSON: the section outline (start offset, end offset, display path, organs).
    pub outline: Field,
    /// JSON: the extracted record without its tasks (they live in the task store).
    pub record: Field,
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    indexed(tokenizer, IndexRecordOption::WithFreqsAndPositions, stored)
}

fn indexed(tokenizer: &str, option: IndexRecordOption, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(option);
    let opts = TextOptions::default().set_indexing_options(indexing);
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

/// Build the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let date_opts = DateOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored()
        .set_precision(DateTimePrecision::Seconds);
    let freqs = IndexRecordOption::WithFreqs;
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        source: b.add_text_field("source", STRING | STORED),
        title: b.add_text_field("title", text(analysis::EXACT, true)),
        title_folded: b.add_text_field("title_folded", text(analysis::FOLDED, false)),
        text: b.add_text_field("text", STORED),
        // Filled with pre-tokenised streams (`analysis::body_tokens`); the
        // tokenizer names say which analyzer the terms come from.
        body: b.add_text_field("body", indexed(analysis::EXACT, freqs, false)),
        body_folded: b.add_text_field("body_folded", indexed(analysis::FOLDED, freqs, false)),
        pairs: b.add_text_field("pairs", text(analysis::FOLDED, false)),
        pairs_exact: b.add_text_field("pairs_exact", indexed(analysis::EXACT, freqs, false)),
        headings: b.add_text_field("headings", text(analysis::FOLDED, false)),
        original: b.add_text_field("original", STORED),
        number: b.add_text_field("number", STRING | STORED),
        number_key: b.add_text_field("number_key", STRING),
        doc_type: b.add_text_field("doc_type", STRING | STORED | FAST),
        province: b.add_text_field("province", STRING | STORED | FAST),
        province_key: b.add_text_field("province_key", STRING),
        issuer: b.add_text_field("issuer", STORED),
        issuer_level: b.add_text_field("issuer_level", STRING | STORED | FAST),
        date: b.add_date_field("date", date_opts),
        implements: b.add_text_field("implements", STRING),
        cites: b.add_text_field("cites", STRING),
        organs: b.add_text_field("organs", STRING),
        organ_spans: b.add_text_field("organ_spans", STORED),
        outline: b.add_text_field("outline", STORED),
        record: b.add_text_field("record", STORED),
    };
    (b.build(), fields)
}

/// Resolve field handles of an opened index's schema.
pub fn resolve(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f("id")?,
        source: f("source")?,
        title: f("title")?,
        title_folded: f("title_folded")?,
        text: f("text")?,
        body: f("body")?,
        body_folded: f("body_folded")?,
        pairs: f("pairs")?,
        pairs_exact: f("pairs_exact")?,
        headings: f("headings")?,
        original: f("original")?,
        number: f("number")?,
        number_key: f("number_key")?,
        doc_type: f("doc_type")?,
        province: f("province")?,
        province_key: f("province_key")?,
        issuer: f("issuer")?,
        issuer_level: f("issuer_level")?,
        date: f("date")?,
        implements: f("implements")?,
        cites: f("cites")?,
        organs: f("organs")?,
        organ_spans: f("organ_spans")?,
        outline: f("outline")?,
        record: f("record")?,
    })
}

/// Key used for province filters: folded, lower-cased, single-spaced.
pub fn province_key(province: &str) -> String {
    crate::normalize::fold(province)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
