//! The Vietnamese analyzer: tokenizer chains registered with tantivy.
//!
//! Built like tantivy's own `TextAnalyzer` chains from small pieces:
//!
//! ```text
//! SyllableTokenizer → DocNumberFilter → RemoveLongFilter → LowerCaser → ViNormalizer [→ DiacriticFolder]
//! ```
//!
//! - [`EXACT`] (`"vi"`): lower-cased syllables with their diacritics, NFC,
//!   one tone-mark placement ("hoá" and "hóa" give `hóa`);
//! - [`FOLDED`] (`"vi_folded"`): the same tokens without diacritics (`đ`→`d`).
//!
//! Both chains are identical up to the last, one-to-one filter, so their
//! streams are aligned: same number of tokens, same positions and offsets.
//! Positions grow by one per syllable (phrase queries work); offsets are
//! byte offsets into the analysed text. A document number (`21-KL/TW`) also
//! gives one whole token (`21-kl/tw`) at the position of its first part,
//! before the parts (see [`doc_number`]).

pub mod doc_number;
pub mod filters;
pub mod tokenizer;

use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer, TokenStream};

pub use doc_number::{is_number_token, DocNumberFilter};
pub use filters::{DiacriticFolder, ViNormalizer};
pub use tokenizer::SyllableTokenizer;

/// Tokenizer name for fields that keep diacritics (lower-cased syllables).
pub const EXACT: &str = "vi";
/// Tokenizer name for fields folded to ASCII (`đ`→`d`, no tone marks).
pub const FOLDED: &str = "vi_folded";

/// Tokens longer than this many bytes (before folding) are dropped; no
/// syllable or document number comes close.
const MAX_TOKEN_BYTES: usize = 100;

/// A token with its byte offsets in the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The term, as indexed.
    pub text: String,
    /// Byte offset of the token's first character.
    pub start: usize,
    /// Byte offset just past the token's last character.
    pub end: usize,
    /// Position (one per syllable; a whole document number shares its first
    /// part's position).
    pub position: usize,
}

/// One query token in both forms, for query building and highlighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryToken {
    /// The term of the [`EXACT`] analyzer (diacritics kept).
    pub exact: String,
    /// The term of the [`FOLDED`] analyzer.
    pub folded: String,
    /// Position (a whole number shares its first part's position).
    pub position: usize,
    /// Byte offset of the token in the query text.
    pub start: usize,
    /// Byte offset just past the token in the query text.
    pub end: usize,
    /// True for a whole document number (`21-kl/tw`); its parts follow it
    /// as ordinary tokens.
    pub is_number: bool,
}

/// Register both analyzers on an index.
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(EXACT, exact_analyzer());
    index.tokenizers().register(FOLDED, folded_analyzer());
}

/// The [`EXACT`] analyzer: lower-cased, NFC, one tone placement.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SyllableTokenizer::default())
        .filter(DocNumberFilter)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(ViNormalizer)
        .build()
}

/// The [`FOLDED`] analyzer: the [`EXACT`] tokens with diacritics removed.
pub fn folded_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SyllableTokenizer::default())
        .filter(DocNumberFilter)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(ViNormalizer)
        .filter(DiacriticFolder)
        .build()
}

/// Every token of `analyzer` over `text` with its number flag.
fn run(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(Token, bool)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((
            Token {
                text: t.text.clone(),
                start: t.offset_from,
                end: t.offset_to,
                position: t.position,
            },
            is_number_token(t),
        ));
    }
    out
}

/// Run an analyzer over `text` and collect its tokens.
pub fn tokens(text: &str, folded: bool) -> Vec<Token> {
    let mut analyzer = if folded {
        folded_analyzer()
    } else {
        exact_analyzer()
    };
    run(&mut analyzer, text)
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

/// Analyse a query once with both analyzers and zip the aligned streams.
pub fn query_tokens(text: &str) -> Vec<QueryToken> {
    let exact = run(&mut exact_analyzer(), text);
    let folded = run(&mut folded_analyzer(), text);
    debug_assert_eq!(exact.len(), folded.len());
    exact
        .into_iter()
        .zip(folded)
        .map(|((e, is_number), (f, _))| QueryToken {
            exact: e.text,
            folded: f.text,
            position: e.position,
            start: e.start,
            end: e.end,
            is_number,
        })
        .collect()
}

/// Every token stream a document body is indexed with, from one analysis
/// pass (the [`EXACT`] chain; folding and pairing are derived from its
/// tokens, so the streams agree on positions and offsets):
///
/// - `exact`: the [`EXACT`] tokens (diacritics kept);
/// - `folded`: the same tokens folded, as the [`FOLDED`] chain gives them;
/// - `pairs`: one token per two adjacent words, folded (`ban tuyen` at the
///   position of `ban`), so adjacency is a term of its own: a phrase is a run
///   of pairs at consecutive positions, and the document frequency of a pair
///   says how rare that adjacency is;
/// - `pairs_exact`: the same pairs with diacritics (`ban tuyên`).
///
/// Whole document numbers (`21-kl/tw`) are in `exact` and `folded` only; their
/// parts pair like words (`số 21`, `21 kl`, `kl tw`). Two words pair when their
/// positions follow each other, as a phrase query on single words would require.
#[derive(Debug, Default, Clone)]
pub struct BodyTokens {
    pub exact: Vec<tantivy::tokenizer::Token>,
    pub folded: Vec<tantivy::tokenizer::Token>,
    pub pairs: Vec<tantivy::tokenizer::Token>,
    pub pairs_exact: Vec<tantivy::tokenizer::Token>,
}

/// The text of a pair token: the two words with one space between them.
pub fn pair_text(first: &str, second: &str) -> String {
    let mut s = String::with_capacity(first.len() + 1 + second.len());
    s.push_str(first);
    s.push(' ');
    s.push_str(second);
    s
}

/// Analyse a body once into every stream it is indexed with (see [`BodyTokens`]).
pub fn body_tokens(text: &str) -> BodyTokens {
    use tantivy::tokenizer::Token as TToken;
    let mut out = BodyTokens::default();
    let mut analyzer = exact_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut buffer = String::new();
    // The last word (not a whole number): its index in `exact`/`folded`.
    let mut last: Option<usize> = None;
    while let Some(t) = stream.next() {
        let mut folded = t.clone();
        filters::fold_token(&mut folded.text, &mut buffer);
        let number = is_number_token(t);
        out.exact.push(t.clone());
        out.folded.push(folded);
        if number {
            continue;
        }
        let i = out.exact.len() - 1;
        if let Some(p) = last {
            if out.exact[p].position + 1 == out.exact[i].position {
                let pair = |stream: &[TToken]| TToken {
                    offset_from: stream[p].offset_from,
                    offset_to: stream[i].offset_to,
                    position: stream[p].position,
                    text: pair_text(&stream[p].text, &stream[i].text),
                    position_length: 1,
                };
                out.pairs.push(pair(&out.folded));
                out.pairs_exact.push(pair(&out.exact));
            }
        }
        last = Some(i);
    }
    out
}

/// The folded whole-number token for a raw reference string, when the whole
/// string (trimmed, a trailing `.,;:` ignored) is one document number:
/// `number_key("99-QĐ/TW") == Some("99-qd/tw")`. Lenient about case and
/// spacing, since people type `21 kl/tw` and `21 - KL/TW`.
pub fn number_key(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches(['.', ',', ';', ':']).trim_end();
    if s.is_empty() || !s.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    // Upper-case so lower-case symbols pass as abbreviations; the analyzer
    // lower-cases again.
    let upper = s.to_uppercase();
    let mut analyzer = folded_analyzer();
    let mut stream = analyzer.token_stream(&upper);
    let first = stream.next()?;
    (is_number_token(first) && first.offset_from == 0 && first.offset_to == upper.len())
        .then(|| first.text.clone())
}

/// True when `s` as a whole is a document number (see [`number_key`]).
pub fn is_doc_number(s: &str) -> bool {
    number_key(s).is_some()
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{PhraseQuery, TermQuery};
    use tantivy::schema::{
        IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
    };
    use tantivy::{doc, Index, Term};

    use super::*;

    fn texts(text: &str, folded: bool) -> Vec<String> {
        tokens(text, folded).into_iter().map(|t| t.text).collect()
    }

    /// (input, exact token texts, folded token texts)
    const TOKEN_CASES: &[(&str, &[&str], &[&str])] = &[
        (
            "Ban Tuyên giáo",
            &["ban", "tuyên", "giáo"],
            &["ban", "tuyen", "giao"],
        ),
        // NFD input
        (
            "Ban Tuye\u{302}n gia\u{301}o",
            &["ban", "tuyên", "giáo"],
            &["ban", "tuyen", "giao"],
        ),
        ("chuyển hoá", &["chuyển", "hóa"], &["chuyen", "hoa"]),
        ("chuyển hóa", &["chuyển", "hóa"], &["chuyen", "hoa"]),
        (
            "chuye\u{302}\u{309}n hoa\u{301}",
            &["chuyển", "hóa"],
            &["chuyen", "hoa"],
        ),
        ("TỈNH UỶ", &["tỉnh", "ủy"], &["tinh", "uy"]),
        ("Tỉnh ủy", &["tỉnh", "ủy"], &["tinh", "uy"]),
        ("Đảng ủy", &["đảng", "ủy"], &["dang", "uy"]),
        (
            "chỉnh đốn Đảng",
            &["chỉnh", "đốn", "đảng"],
            &["chinh", "don", "dang"],
        ),
        ("quý", &["quý"], &["quy"]),
        (
            "(*tháng 3/2022*)",
            &["tháng", "3", "2022"],
            &["thang", "3", "2022"],
        ),
        (
            "21-KL/TW",
            &["21-kl/tw", "21", "kl", "tw"],
            &["21-kl/tw", "21", "kl", "tw"],
        ),
        (
            "21-kl/tw",
            &["21-kl/tw", "21", "kl", "tw"],
            &["21-kl/tw", "21", "kl", "tw"],
        ),
        (
            "21 - KL/TW",
            &["21-kl/tw", "21", "kl", "tw"],
            &["21-kl/tw", "21", "kl", "tw"],
        ),
        (
            "21 KL/TW",
            &["21-kl/tw", "21", "kl", "tw"],
            &["21-kl/tw", "21", "kl", "tw"],
        ),
        (
            "130/2020/NĐ-CP",
            &["130/2020/nđ-cp", "130", "2020", "nđ", "cp"],
            &["130/2020/nd-cp", "130", "2020", "nd", "cp"],
        ),
        (
            "2772/QĐ-UBND",
            &["2772/qđ-ubnd", "2772", "qđ", "ubnd"],
            &["2772/qd-ubnd", "2772", "qd", "ubnd"],
        ),
        (
            "99-QĐ/TW",
            &["99-qđ/tw", "99", "qđ", "tw"],
            &["99-qd/tw", "99", "qd", "tw"],
        ),
        (
            "40-CTr/TU",
            &["40-ctr/tu", "40", "ctr", "tu"],
            &["40-ctr/tu", "40", "ctr", "tu"],
        ),
        (
            "1847/QĐ-TTg",
            &["1847/qđ-ttg", "1847", "qđ", "ttg"],
            &["1847/qd-ttg", "1847", "qd", "ttg"],
        ),
        (
            "55-HD/BTGTW",
            &["55-hd/btgtw", "55", "hd", "btgtw"],
            &["55-hd/btgtw", "55", "hd", "btgtw"],
        ),
        (
            "890-QĐi/TU",
            &["890-qđ/tu", "890", "qđi", "tu"],
            &["890-qd/tu", "890", "qdi", "tu"],
        ),
        (
            "Kết luận số 21-KL/TW, ngày 25/10/2021",
            &[
                "kết", "luận", "số", "21-kl/tw", "21", "kl", "tw", "ngày", "25", "10", "2021",
            ],
            &[
                "ket", "luan", "so", "21-kl/tw", "21", "kl", "tw", "ngay", "25", "10", "2021",
            ],
        ),
        // Not numbers: dates, ranges, stray separators, prose.
        ("25/10/2021", &["25", "10", "2021"], &["25", "10", "2021"]),
        ("2021-2026", &["2021", "2026"], &["2021", "2026"]),
        ("1/-", &["1"], &["1"]),
        (
            "tháng 3/2022",
            &["tháng", "3", "2022"],
            &["thang", "3", "2022"],
        ),
        (
            "Điều 5 - Tổ chức",
            &["điều", "5", "tổ", "chức"],
            &["dieu", "5", "to", "chuc"],
        ),
        (
            "3 phòng/ban",
            &["3", "phòng", "ban"],
            &["3", "phong", "ban"],
        ),
        ("2021-nay", &["2021", "nay"], &["2021", "nay"]),
        (
            "năm 2022 UBND tỉnh",
            &["năm", "2022", "ubnd", "tỉnh"],
            &["nam", "2022", "ubnd", "tinh"],
        ),
        // A date right before a number: the number is still found.
        (
            "25/10/2021 130/2020/NĐ-CP",
            &[
                "25",
                "10",
                "2021",
                "130/2020/nđ-cp",
                "130",
                "2020",
                "nđ",
                "cp",
            ],
            &[
                "25",
                "10",
                "2021",
                "130/2020/nd-cp",
                "130",
                "2020",
                "nd",
                "cp",
            ],
        ),
        ("", &[], &[]),
    ];

    #[test]
    fn token_table() {
        for (input, exact, folded) in TOKEN_CASES {
            assert_eq!(&texts(input, false), exact, "exact tokens of {input:?}");
            assert_eq!(&texts(input, true), folded, "folded tokens of {input:?}");
        }
    }

    #[test]
    fn streams_are_aligned() {
        let corpus_text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/000_1ea4fda105d58d5d.txt"
        ))
        .unwrap_or_default();
        assert!(!corpus_text.is_empty());
        let mut inputs: Vec<&str> = TOKEN_CASES.iter().map(|c| c.0).collect();
        inputs.push(&corpus_text);
        for input in inputs {
            let exact = tokens(input, false);
            let folded = tokens(input, true);
            assert_eq!(exact.len(), folded.len(), "token count of {input:?}");
            for (e, f) in exact.iter().zip(&folded) {
                assert_eq!((e.start, e.end, e.position), (f.start, f.end, f.position));
                assert_eq!(crate::normalize::fold(&e.text), f.text);
            }
        }
    }

    #[test]
    fn folded_query_matches_diacritic_text() {
        /// (query, text): the folded tokens must be equal.
        const CASES: &[(&str, &str)] = &[
            ("ban tuyen giao", "Ban Tuyên giáo"),
            ("chinh don dang", "chỉnh đốn Đảng"),
            ("dang uy", "Đảng ủy"),
            ("chuyen hoa", "chuyển hoá"),
            ("21-kl/tw", "21 - KL/TW"),
        ];
        for (query, text) in CASES {
            assert_eq!(
                texts(query, true),
                texts(text, true),
                "{query:?} vs {text:?}"
            );
        }
    }

    #[test]
    fn positions_and_offsets() {
        let text = "Thực hiện Kết luận số 21-KL/TW của Bộ Chính trị";
        let toks = query_tokens(text);
        let positions: Vec<usize> = toks.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11]);
        for t in &toks {
            let slice = &text[t.start..t.end];
            if t.is_number {
                assert_eq!(slice, "21-KL/TW");
                assert_eq!(t.exact, "21-kl/tw");
            } else {
                assert_eq!(crate::normalize::fold(&slice.to_lowercase()), t.folded);
            }
        }
        assert_eq!(toks.iter().filter(|t| t.is_number).count(), 1);
    }

    #[test]
    fn query_tokens_zip_both_forms() {
        let toks = query_tokens("Đảng ủy 130/2020/NĐ-CP");
        let got: Vec<(&str, &str, bool)> = toks
            .iter()
            .map(|t| (t.exact.as_str(), t.folded.as_str(), t.is_number))
            .collect();
        assert_eq!(
            got,
            [
                ("đảng", "dang", false),
                ("ủy", "uy", false),
                ("130/2020/nđ-cp", "130/2020/nd-cp", true),
                ("130", "130", false),
                ("2020", "2020", false),
                ("nđ", "nd", false),
                ("cp", "cp", false),
            ]
        );
    }

    /// (text, folded pairs with their positions)
    const PAIR_CASES: &[(&str, &[(&str, usize)])] = &[
        ("Ban Tuyên giáo", &[("ban tuyen", 0), ("tuyen giao", 1)]),
        ("Đảng", &[]),
        ("", &[]),
        // Punctuation does not break adjacency (as in a phrase query).
        (
            "Sở Tài chính, Sở Nội vụ",
            &[
                ("so tai", 0),
                ("tai chinh", 1),
                ("chinh so", 2),
                ("so noi", 3),
                ("noi vu", 4),
            ],
        ),
        // A number's parts pair like words; the whole number does not pair.
        (
            "số 21-KL/TW của",
            &[("so 21", 0), ("21 kl", 1), ("kl tw", 2), ("tw cua", 3)],
        ),
        // NFD and the old tone style give the same pairs.
        ("chuye\u{302}\u{309}n hoá", &[("chuyen hoa", 0)]),
    ];

    #[test]
    fn body_tokens_pair_adjacent_words() {
        for (text, want) in PAIR_CASES {
            let b = body_tokens(text);
            let got: Vec<(&str, usize)> = b
                .pairs
                .iter()
                .map(|t| (t.text.as_str(), t.position))
                .collect();
            assert_eq!(&got, want, "pairs of {text:?}");
            assert_eq!(b.pairs.len(), b.pairs_exact.len(), "{text:?}");
            for (f, e) in b.pairs.iter().zip(&b.pairs_exact) {
                assert_eq!(crate::normalize::fold(&e.text), f.text, "{text:?}");
                assert_eq!((f.offset_from, f.offset_to), (e.offset_from, e.offset_to));
                let slice = &text[f.offset_from..f.offset_to];
                assert!(
                    crate::normalize::fold(&slice.to_lowercase())
                        .starts_with(f.text.split(' ').next().unwrap_or_default()),
                    "{text:?}: {slice:?} for {:?}",
                    f.text
                );
            }
            // The unigram streams are those of the two analyzers.
            let texts = |v: &[tantivy::tokenizer::Token]| -> Vec<String> {
                v.iter().map(|t| t.text.clone()).collect()
            };
            assert_eq!(texts(&b.exact), super::tests::texts(text, false));
            assert_eq!(texts(&b.folded), super::tests::texts(text, true));
        }
        let b = body_tokens("chỉnh đốn Đảng");
        let exact: Vec<&str> = b.pairs_exact.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(exact, ["chỉnh đốn", "đốn đảng"]);
    }

    /// (raw reference, key)
    const KEY_CASES: &[(&str, Option<&str>)] = &[
        ("99-QĐ/TW", Some("99-qd/tw")),
        ("21-KL/TW", Some("21-kl/tw")),
        ("21-kl/tw", Some("21-kl/tw")),
        ("21 - KL/TW", Some("21-kl/tw")),
        ("21 KL/TW", Some("21-kl/tw")),
        ("21 kl/tw", Some("21-kl/tw")),
        (" 130/2020/NĐ-CP. ", Some("130/2020/nd-cp")),
        ("2772/QĐ-UBND", Some("2772/qd-ubnd")),
        ("1847/QĐ-TTg", Some("1847/qd-ttg")),
        ("890-QĐi/TU", Some("890-qd/tu")),
        ("15/TTr", Some("15/ttr")),
        ("25/10/2021", None),
        ("2021-2026", None),
        ("1/-", None),
        ("số 21-KL/TW", None),
        ("21-KL/TW và 22-KL/TW", None),
        ("", None),
    ];

    #[test]
    fn number_keys() {
        for (raw, want) in KEY_CASES {
            assert_eq!(number_key(raw).as_deref(), *want, "number_key({raw:?})");
            assert_eq!(is_doc_number(raw), want.is_some(), "is_doc_number({raw:?})");
        }
    }

    #[test]
    fn phrase_query_on_folded_field_finds_diacritic_document() -> tantivy::Result<()> {
        let mut builder = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(FOLDED)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let body = builder.add_text_field(
            "body",
            TextOptions::default().set_indexing_options(indexing),
        );
        let name = builder.add_text_field("name", STORED);
        let index = Index::create_in_ram(builder.build());
        register(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        writer.add_document(doc!(name => "a", body => "Phối hợp với Ban Tuyên giáo Tỉnh uỷ thực hiện Kết luận số 21-KL/TW"))?;
        writer.add_document(doc!(name => "b", body => "giáo dục, tuyên truyền của ban ngành theo Kế hoạch 21-KH/TU"))?;
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let names = |query: &dyn tantivy::query::Query| -> tantivy::Result<Vec<String>> {
            let hits = searcher.search(query, &TopDocs::with_limit(10).order_by_score())?;
            let mut out = Vec::new();
            for (_, addr) in hits {
                let d: tantivy::TantivyDocument = searcher.doc(addr)?;
                let value = d.get_first(name).and_then(|v| v.as_str());
                out.push(value.unwrap_or_default().to_string());
            }
            Ok(out)
        };
        let terms = |q: &str| -> Vec<Term> {
            tokens(q, true)
                .into_iter()
                .map(|t| Term::from_field_text(body, &t.text))
                .collect()
        };
        assert_eq!(names(&PhraseQuery::new(terms("ban tuyen giao")))?, ["a"]);
        assert_eq!(names(&PhraseQuery::new(terms("tinh uy")))?, ["a"]);
        let number = TermQuery::new(
            Term::from_field_text(body, "21-kl/tw"),
            IndexRecordOption::Basic,
        );
        assert_eq!(names(&number)?, ["a"]);
        // The parts still index as syllables at consecutive positions.
        assert_eq!(names(&PhraseQuery::new(terms("so 21")))?, ["a"]);
        // A phrase built from query_tokens, number and parts at their
        // positions, matches the document citing the number only.
        for query in ["21-KL/TW", "21 - KL/TW", "Kết luận số 21-kl/tw"] {
            let with_offsets: Vec<(usize, Term)> = query_tokens(query)
                .into_iter()
                .map(|t| (t.position, Term::from_field_text(body, &t.folded)))
                .collect();
            let phrase = PhraseQuery::new_with_offset(with_offsets);
            assert_eq!(names(&phrase)?, ["a"], "query {query:?}");
        }
        // tantivy's own query parser, with the registered analyzer.
        let parser = tantivy::query::QueryParser::for_index(&index, vec![body]);
        for query in [
            "\"ban tuyen giao\"",
            "\"Ban Tuyên giáo\"",
            "21-KL/TW",
            "\"tỉnh ủy\"",
        ] {
            let parsed = parser
                .parse_query(query)
                .map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))?;
            assert_eq!(names(&parsed)?, ["a"], "query {query:?}");
        }
        Ok(())
    }
}
