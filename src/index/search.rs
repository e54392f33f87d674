//! Searching a built index: query → tantivy query → hits with snippet and section.

use std::ops::Bound;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DateTime, DocAddress, DocSet, Index, IndexReader, ReloadPolicy, TantivyDocument, Term,
};

use super::builder::OutlineEntry;
use super::query::{self, Filters, ParsedQuery};
use super::schema::{self, Fields};
use super::{IndexError, TANTIVY_DIR};
use crate::analysis::{self, QueryToken};
use crate::extract::{refs, Record};

/// Largest page size.
pub const MAX_LIMIT: usize = 100;
/// Default page size.
pub const DEFAULT_LIMIT: usize = 10;
/// Characters in a snippet.
const SNIPPET_CHARS: usize = 220;

/// Boost for a match of the exact (diacritics-kept) form over a folded-only match.
const EXACT_BOOST: f32 = 1.5;
/// Boost for title matches.
const TITLE_BOOST: f32 = 2.0;
/// Boost and slop of the proximity bonus for unquoted multi-word queries.
/// The proximity bonus and the exact-diacritics bonus of quoted phrases are
/// added to the best candidates only ([`RESCORE_CANDIDATES`]).
const PROXIMITY_BOOST: f32 = 2.0;
const PROXIMITY_SLOP: u32 = 3;
/// The phrase bonuses are computed for this many best documents by the word
/// match (or the page asked for, when deeper): scoring a phrase on every
/// document of a common-word query (97 % of the corpus) costs more than the rest
/// of the search.
const RESCORE_CANDIDATES: usize = 200;
/// Snippets are searched in windows of this many bytes (cut at white space),
/// from the start of the text, instead of analysing the whole document.
const SNIPPET_WINDOW: usize = 4096;
/// Overlap of consecutive windows, so a match across a cut is still seen whole.
const SNIPPET_OVERLAP: usize = 256;
/// Windows with matches looked at before taking the best one seen, when none
/// highlights every query term.
const SNIPPET_MATCHING_WINDOWS: usize = 3;

/// One search request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query text (see `index::query` for the language).
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// Filters given outside the query text (request parameters); combined with
    /// those written in the query.
    pub filters: Filters,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            filters: Filters::default(),
        }
    }
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Hit {
    pub id: String,
    /// Path relative to the corpus root.
    pub source: String,
    pub title: Option<String>,
    pub number: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub date: Option<NaiveDate>,
    pub province: Option<String>,
    pub issuer: Option<String>,
    pub score: f32,
    /// HTML: text escaped, matches in `<b>…</b>`.
    pub snippet: String,
    /// Headings above the snippet (`IV. … › 7. Ban Tuyên giáo Tỉnh ủy`), if any.
    pub section: Option<String>,
}

/// A page of hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SearchResponse {
    /// Number of matching documents in all.
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// Largest page of a document listing.
pub const MAX_LIST_LIMIT: usize = 1000;

/// A document listing: by number (every namesake), province, type and date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListRequest {
    /// A document number, matched tolerantly (`60-kh/tu`, `99-QD/TW`).
    pub number: Option<String>,
    /// Province, type and date filters (the others are ignored).
    pub filters: Filters,
    pub limit: usize,
    /// The last id of the previous page.
    pub after: Option<String>,
}

/// One listed document: its identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocumentSummary {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub number: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub date: Option<NaiveDate>,
    pub province: Option<String>,
    pub issuer: Option<String>,
}

/// A page of a document listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DocumentList {
    /// Documents matching, on every page.
    pub total: usize,
    /// This page, ordered by id.
    pub documents: Vec<DocumentSummary>,
    /// Give it as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// A whole document for display.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub source: String,
    /// The extracted record (its tasks are served by the task store); the
    /// record spec (`vanban extract FILE --json`) describes its fields.
    #[schema(value_type = Object)]
    pub record: Record,
    /// The normalised text that record spans point into.
    pub text: String,
    /// The original decoded text.
    pub original: String,
}

/// An opened index, shared by every request.
pub struct SearchIndex {
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.num_docs())
            .finish()
    }
}

impl SearchIndex {
    /// Open the tantivy index of a generation folder.
    pub fn open(generation: &Path) -> Result<SearchIndex, IndexError> {
        let dir = generation.join(TANTIVY_DIR);
        if !dir.is_dir() {
            return Err(IndexError::Corrupt {
                dir: generation.to_path_buf(),
                reason: format!("{TANTIVY_DIR}/ is missing"),
            });
        }
        let index = Index::open_in_dir(&dir).map_err(|e| IndexError::Corrupt {
            dir: generation.to_path_buf(),
            reason: e.to_string(),
        })?;
        analysis::register(&index);
        let fields = schema::resolve(&index.schema()).map_err(|e| IndexError::Corrupt {
            dir: generation.to_path_buf(),
            reason: format!("schema mismatch ({e}); built by another version"),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex { reader, fields })
    }

    /// Number of indexed documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Run a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResponse, IndexError> {
        guarded(|| self.search_inner(req))
    }

    fn search_inner(&self, req: &SearchRequest) -> Result<SearchResponse, IndexError> {
        if req.limit == 0 || req.limit > MAX_LIMIT {
            return Err(IndexError::Limit(req.limit));
        }
        let mut parsed = query::parse(&req.query).or_else(|e| {
            // An empty query text is fine when request filters narrow the set.
            if matches!(e, query::QueryError::Empty) && !req.filters.is_empty() {
                Ok(ParsedQuery::default())
            } else {
                Err(e)
            }
        })?;
        merge_filters(&mut parsed.filters, &req.filters);
        let Built { query, bonus } = self.build(&parsed)?;
        let searcher = self.reader.searcher();
        let want = req.offset.saturating_add(req.limit);
        let candidates = if bonus.is_empty() {
            want
        } else {
            want.max(RESCORE_CANDIDATES)
        };
        let top = TopDocs::with_limit(candidates).order_by_score();
        let (mut top, total) = searcher.search(&*query, &(top, Count))?;
        if !bonus.is_empty() {
            add_bonus(&searcher, &bonus, &mut top)?;
        }
        let mut snippets = SnippetGenerator::create(&searcher, &*query, self.fields.body_folded)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut terms = std::collections::BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.fields.body_folded {
                if let Some(t) = term.value().as_str() {
                    terms.insert(t.to_string());
                }
            }
        });
        let terms = terms.len();
        let organs: Vec<String> = parsed.filters.organs.iter().map(|o| organ_key(o)).collect();
        let mut hits = Vec::with_capacity(req.limit);
        for (score, addr) in top.into_iter().skip(req.offset).take(req.limit) {
            hits.push(self.hit(&searcher, addr, score, (&snippets, terms), &organs)?);
        }
        Ok(SearchResponse { total, hits })
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        score: f32,
        snippets: (&SnippetGenerator, usize),
        organs: &[String],
    ) -> Result<Hit, IndexError> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = str_of(&doc, f.body_folded).unwrap_or_default();
        let passages = if organs.is_empty() {
            Vec::new()
        } else {
            organ_passages(
                &str_of(&doc, f.organ_spans).unwrap_or_default(),
                organs,
                &text,
            )
        };
        let (html, at) = best_snippet(snippets, &text, &passages);
        let section = str_of(&doc, f.outline).and_then(|o| section_at(&o, at));
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(date_of);
        Ok(Hit {
            id: str_of(&doc, f.id).unwrap_or_default(),
            source: str_of(&doc, f.source).unwrap_or_default(),
            title: str_of(&doc, f.title),
            number: str_of(&doc, f.number),
            doc_type: str_of(&doc, f.doc_type).unwrap_or_else(|| "other".into()),
            date,
            province: str_of(&doc, f.province),
            issuer: str_of(&doc, f.issuer),
            score,
            snippet: html,
            section,
        })
    }

    /// Fetch one document by id; `Ok(None)` when there is none.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>, IndexError> {
        guarded(|| self.document_inner(id))
    }

    fn document_inner(&self, id: &str) -> Result<Option<DocumentView>, IndexError> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, addr)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let record: Record = match str_of(&doc, f.record) {
            Some(json) => serde_json::from_str(&json)?,
            None => Record::default(),
        };
        Ok(Some(DocumentView {
            id: id.to_string(),
            source: str_of(&doc, f.source).unwrap_or_default(),
            record,
            text: str_of(&doc, f.body_folded).unwrap_or_default(),
            original: str_of(&doc, f.original).unwrap_or_default(),
        }))
    }

    /// Documents matching `req`'s filters, ordered by id, a page after
    /// `req.after` (the last id of the previous page).
    pub fn list(&self, req: &ListRequest) -> Result<DocumentList, IndexError> {
        guarded(|| self.list_inner(req))
    }

    fn list_inner(&self, req: &ListRequest) -> Result<DocumentList, IndexError> {
        if req.limit == 0 || req.limit > MAX_LIST_LIMIT {
            return Err(IndexError::Limit(req.limit));
        }
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(n) = req
            .number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.number_key, &refs::lookup_key(n)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        self.add_filters(&req.filters, &mut clauses);
        if clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let matched = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        // Ids in order, from each segment's term dictionary (sorted), so only
        // the page's documents are read from the doc store.
        let mut ids: Vec<(String, DocAddress)> = Vec::with_capacity(matched.len());
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let inverted = seg.inverted_index(f.id)?;
            let mut terms = inverted
                .terms()
                .stream()
                .map_err(|e| IndexError::Tantivy(e.into()))?;
            while terms.advance() {
                let Ok(id) = std::str::from_utf8(terms.key()) else {
                    continue;
                };
                let info = terms.value();
                let postings = inverted
                    .read_postings_from_terminfo(info, IndexRecordOption::Basic)
                    .map_err(|e| IndexError::Tantivy(e.into()))?;
                let doc = postings.doc();
                let address = DocAddress::new(ord as u32, doc);
                if doc != tantivy::TERMINATED && matched.contains(&address) {
                    ids.push((id.to_string(), address));
                }
            }
        }
        ids.sort_unstable();
        let total = ids.len();
        let start = match &req.after {
            Some(after) => ids.partition_point(|(id, _)| id.as_str() <= after.as_str()),
            None => 0,
        };
        let page: Vec<&(String, DocAddress)> = ids.iter().skip(start).take(req.limit).collect();
        let next = if start + page.len() < total {
            page.last().map(|(id, _)| id.clone())
        } else {
            None
        };
        let mut documents = Vec::with_capacity(page.len());
        for (_, address) in page {
            let doc: TantivyDocument = searcher.doc(*address)?;
            documents.push(self.summary(&doc));
        }
        Ok(DocumentList {
            total,
            documents,
            next_cursor: next,
        })
    }

    /// The identity of a stored document.
    fn summary(&self, doc: &TantivyDocument) -> DocumentSummary {
        let f = &self.fields;
        DocumentSummary {
            id: str_of(doc, f.id).unwrap_or_default(),
            source: str_of(doc, f.source).unwrap_or_default(),
            title: str_of(doc, f.title),
            number: str_of(doc, f.number),
            doc_type: str_of(doc, f.doc_type).unwrap_or_else(|| "other".into()),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .and_then(date_of),
            province: str_of(doc, f.province),
            issuer: str_of(doc, f.issuer),
        }
    }

    /// Every stored record, in index order, one at a time (for exports):
    /// `visit` gets the id and the record's JSON as stored.
    pub fn for_each_record<E: From<IndexError>>(
        &self,
        mut visit: impl FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<usize, E> {
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let mut n = 0;
        for seg in searcher.segment_readers() {
            let store = seg
                .get_store_reader(16)
                .map_err(|e| IndexError::Tantivy(e.into()))?;
            for doc_id in seg.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id).map_err(IndexError::from)?;
                let id = str_of(&doc, f.id).unwrap_or_default();
                let record = str_of(&doc, f.record).unwrap_or_else(|| "{}".into());
                visit(&id, &record)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Ids of every indexed document, in index order (for suggestions and listings).
    pub fn ids(&self) -> Result<Vec<String>, IndexError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for seg in searcher.segment_readers() {
            let store = seg
                .get_store_reader(64)
                .map_err(|e| IndexError::Tantivy(e.into()))?;
            for doc_id in seg.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id)?;
                if let Some(id) = str_of(&doc, self.fields.id) {
                    out.push(id);
                }
            }
        }
        Ok(out)
    }

    /// Translate a parsed query into a tantivy query and its bonus clauses.
    pub(super) fn build(&self, q: &ParsedQuery) -> Result<Built, IndexError> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();

        let tokens = analysis::query_tokens(&q.free_text);
        if !q.free_text.trim().is_empty() && tokens.is_empty() && q.phrases.is_empty() {
            return Err(query::QueryError::NothingSearchable(q.free_text.clone()).into());
        }
        let numbers: Vec<&QueryToken> = tokens.iter().filter(|t| t.is_number).collect();
        let inside_number =
            |t: &QueryToken| numbers.iter().any(|n| t.start >= n.start && t.end <= n.end);
        for t in &tokens {
            if t.is_number {
                clauses.push((Occur::Must, self.number_query(t)));
            } else if !inside_number(t) {
                clauses.push((Occur::Must, self.word_query(t)));
            }
        }
        // The proximity bonus (words close together, exact diacritics closer
        // still) is scored afterwards on the best candidates only; see `search`.
        let words: Vec<&QueryToken> = tokens.iter().filter(|t| !t.is_number).collect();
        let mut bonus: Vec<Box<dyn Query>> = Vec::new();
        if words.len() >= 2 {
            for (field, exact, boost) in [
                (f.body_folded, false, PROXIMITY_BOOST),
                (f.body, true, PROXIMITY_BOOST),
            ] {
                if exact && !words.iter().any(|t| t.exact != t.folded) {
                    continue;
                }
                let phrase = phrase_query(field, &words, exact, PROXIMITY_SLOP);
                bonus.push(Box::new(BoostQuery::new(phrase, boost)));
            }
        }

        for p in &q.phrases {
            let toks = analysis::query_tokens(p);
            if toks.is_empty() {
                return Err(query::QueryError::NothingSearchable(p.clone()).into());
            }
            clauses.push((Occur::Must, self.phrase_clause(&toks, &mut bonus)));
        }
        for x in &q.excluded {
            let toks = analysis::query_tokens(x);
            if !toks.is_empty() {
                // Exclusion only: an exact-diacritics bonus means nothing here.
                clauses.push((Occur::MustNot, self.phrase_clause(&toks, &mut Vec::new())));
            }
        }
        self.add_filters(&q.filters, &mut clauses);

        if !clauses
            .iter()
            .any(|(o, _)| matches!(o, Occur::Must | Occur::Should))
        {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Built {
            query: Box::new(BooleanQuery::new(clauses)),
            bonus,
        })
    }

    fn term(&self, field: Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqsAndPositions,
        ))
    }

    /// A document number: one whole token, matched folded so `99-QD/TW` finds `99-QĐ/TW`.
    fn number_query(&self, t: &QueryToken) -> Box<dyn Query> {
        let f = &self.fields;
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, self.term(f.body_folded, &t.folded)),
            (
                Occur::Should,
                Box::new(BoostQuery::new(self.term(f.body, &t.exact), EXACT_BOOST)),
            ),
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    self.term(f.title_folded, &t.folded),
                    TITLE_BOOST,
                )),
            ),
        ]))
    }

    /// A word: folded match required, exact diacritics and title matches score more.
    fn word_query(&self, t: &QueryToken) -> Box<dyn Query> {
        let f = &self.fields;
        let mut should: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, self.term(f.body_folded, &t.folded)),
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    self.term(f.title_folded, &t.folded),
                    TITLE_BOOST,
                )),
            ),
        ];
        if t.exact != t.folded {
            should.push((
                Occur::Should,
                Box::new(BoostQuery::new(self.term(f.body, &t.exact), EXACT_BOOST)),
            ));
        }
        Box::new(BooleanQuery::new(should))
    }

    /// A quoted phrase: folded phrase required; the exact-diacritics phrase scores more.
    /// The exact-diacritics phrase only adds to the score of documents the folded
    /// phrase finds anyway, so it goes to `bonus` (scored on the best candidates).
    fn phrase_clause(
        &self,
        toks: &[QueryToken],
        bonus: &mut Vec<Box<dyn Query>>,
    ) -> Box<dyn Query> {
        let f = &self.fields;
        let words: Vec<&QueryToken> = toks.iter().filter(|t| !t.is_number).collect();
        let numbers: Vec<&QueryToken> = toks.iter().filter(|t| t.is_number).collect();
        if words.is_empty()
            || (numbers.len() == 1
                && words
                    .iter()
                    .all(|w| w.start >= numbers[0].start && w.end <= numbers[0].end))
        {
            if let Some(n) = numbers.first() {
                return self.number_query(n);
            }
        }
        if words.len() == 1 {
            return self.word_query(words[0]);
        }
        let folded = phrase_query(f.body_folded, &words, false, 0);
        let title = phrase_query(f.title_folded, &words, false, 0);
        let should: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, folded),
            (Occur::Should, Box::new(BoostQuery::new(title, TITLE_BOOST))),
        ];
        if words.iter().any(|t| t.exact != t.folded) {
            let exact = phrase_query(f.body, &words, true, 0);
            bonus.push(Box::new(BoostQuery::new(exact, EXACT_BOOST)));
        }
        Box::new(BooleanQuery::new(should))
    }

    fn add_filters(&self, filters: &Filters, clauses: &mut Vec<(Occur, Box<dyn Query>)>) {
        let f = &self.fields;
        let any_of = |field: Field, values: Vec<String>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                values
                    .into_iter()
                    .map(|v| {
                        let q: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_text(field, &v),
                            IndexRecordOption::Basic,
                        ));
                        (Occur::Should, q)
                    })
                    .collect(),
            ))
        };
        let mut filter = |field: Field, values: Vec<String>| {
            if !values.is_empty() {
                clauses.push((Occur::Must, filter_only(any_of(field, values))));
            }
        };
        filter(
            f.province_key,
            filters
                .provinces
                .iter()
                .map(|p| schema::province_key(p))
                .collect(),
        );
        filter(
            f.doc_type,
            filters
                .doc_types
                .iter()
                .map(|t| t.slug().to_string())
                .collect(),
        );
        filter(
            f.implements,
            filters
                .implements
                .iter()
                .map(|r| refs::lookup_key(r))
                .collect(),
        );
        filter(
            f.cites,
            filters.cites.iter().map(|r| refs::lookup_key(r)).collect(),
        );
        filter(
            f.organs,
            filters.organs.iter().map(|o| organ_key(o)).collect(),
        );
        filter(
            f.issuer_level,
            filters
                .levels
                .iter()
                .map(|l| query::level_slug(*l).to_string())
                .collect(),
        );
        if filters.from.is_some() || filters.to.is_some() {
            // Dates are indexed at midnight UTC, so inclusive day bounds suffice.
            let bound = |d: Option<NaiveDate>| -> Bound<Term> {
                match d.and_then(|d| d.and_hms_opt(0, 0, 0)) {
                    Some(dt) => Bound::Included(Term::from_field_date_for_search(
                        f.date,
                        DateTime::from_timestamp_secs(dt.and_utc().timestamp()),
                    )),
                    None => Bound::Unbounded,
                }
            };
            let range = RangeQuery::new(bound(filters.from), bound(filters.to));
            clauses.push((Occur::Must, filter_only(Box::new(range))));
        }
    }
}

/// Run `f`; a panic inside tantivy (a damaged file it trusted) becomes a
/// "rebuild the index" error instead of taking the process down.
fn guarded<T>(f: impl FnOnce() -> Result<T, IndexError>) -> Result<T, IndexError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(IndexError::Corrupt {
            dir: std::path::PathBuf::from("(the live index)"),
            reason: "tantivy failed reading it".into(),
        })
    })
}

/// A translated query: what must match (and its score), and the bonus clauses
/// (proximity, exact-diacritics phrases) whose scores are added to the best
/// candidates.
pub(super) struct Built {
    pub(super) query: Box<dyn Query>,
    bonus: Vec<Box<dyn Query>>,
}

/// Add the score of every matching bonus clause to the candidates' scores and
/// re-sort them (best first, then index order). The result is what the bonus
/// clauses as `Should` clauses of the query would give these documents.
fn add_bonus(
    searcher: &tantivy::Searcher,
    bonus: &[Box<dyn Query>],
    top: &mut [(f32, DocAddress)],
) -> Result<(), IndexError> {
    let mut order: Vec<usize> = (0..top.len()).collect();
    order.sort_by_key(|&i| top[i].1);
    for q in bonus {
        let weight = q.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut i = 0;
        while i < order.len() {
            let segment = top[order[i]].1.segment_ord;
            let reader = searcher.segment_reader(segment);
            let mut scorer = weight.scorer(reader, 1.0)?;
            while i < order.len() && top[order[i]].1.segment_ord == segment {
                let k = order[i];
                let doc = top[k].1.doc_id;
                if scorer.doc() < doc {
                    scorer.seek(doc);
                }
                if scorer.doc() == doc {
                    top[k].0 += scorer.score();
                }
                i += 1;
            }
        }
    }
    top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(())
}

/// The best snippet: from the given passages when there are any (an `organ:`
/// filter limits snippets to the passages assigning that body its tasks), else
/// from the text, looked for window by window from the start
/// ([`windowed_snippet`]). Returns the HTML and the byte offset it starts at.
fn best_snippet(
    (gen, terms): (&SnippetGenerator, usize),
    text: &str,
    passages: &[[usize; 2]],
) -> (String, usize) {
    let mut best: Option<(usize, String, usize)> = None;
    for &[s, e] in passages {
        let Some(part) = text.get(s..e) else { continue };
        let (n, html, at) = windowed_snippet(gen, terms, part);
        if best.as_ref().is_none_or(|(m, _, _)| n > *m) {
            best = Some((n, html, s + at));
        }
    }
    if let Some((_, html, at)) = best {
        return (html, at);
    }
    let (_, html, at) = windowed_snippet(gen, terms, text);
    (html, at)
}

/// The snippet of `text` around its first matches: the text is cut into
/// overlapping windows of about [`SNIPPET_WINDOW`] bytes and each is given to
/// the generator in turn, stopping at the first window that highlights every
/// query term (`terms` different ones) or after [`SNIPPET_MATCHING_WINDOWS`] windows
/// with matches; the window highlighting the most terms wins (the first on ties).
/// Without any match, the opening of the text. Returns the number of terms
/// highlighted, the HTML and the byte offset of the fragment in `text`.
fn windowed_snippet(gen: &SnippetGenerator, terms: usize, text: &str) -> (usize, String, usize) {
    let mut best: Option<(usize, String, usize)> = None;
    if terms == 0 {
        return (0, lead_in(text), 0);
    }
    let mut matching = 0;
    for (start, window) in windows(text, SNIPPET_WINDOW, SNIPPET_OVERLAP) {
        let snip = gen.snippet(window);
        let n = distinct_highlights(&snip);
        if n == 0 {
            continue;
        }
        if best.as_ref().is_none_or(|(m, _, _)| n > *m) {
            best = Some((n, snip.to_html(), start + snip.fragment_range().start));
        }
        matching += 1;
        if n >= terms || matching >= SNIPPET_MATCHING_WINDOWS {
            break;
        }
    }
    best.unwrap_or_else(|| (0, lead_in(text), 0))
}

/// How many different terms a snippet highlights (folded, lower-cased).
fn distinct_highlights(snip: &tantivy::snippet::Snippet) -> usize {
    let fragment = snip.fragment();
    let seen: std::collections::BTreeSet<String> = snip
        .highlighted()
        .iter()
        .filter_map(|r| fragment.get(r.clone()))
        .map(|t| crate::normalize::fold(t).to_lowercase())
        .collect();
    seen.len()
}

/// Overlapping windows of about `size` bytes covering `text`, each with its
/// byte offset; cut at white space (at a character boundary when a window has
/// none), consecutive windows sharing about `overlap` bytes.
fn windows(text: &str, size: usize, overlap: usize) -> impl Iterator<Item = (usize, &str)> {
    let size = size.max(2 * overlap).max(1);
    let mut start = 0;
    let mut done = text.is_empty();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = &text[start..];
        if rest.len() <= size {
            done = true;
            return Some((start, rest));
        }
        let mut end = floor_boundary(rest, size);
        if let Some(ws) = rest[..end].rfind(char::is_whitespace) {
            if ws > overlap {
                end = ws;
            }
        }
        if end == 0 {
            // One character longer than a window: take it whole.
            end = rest.char_indices().nth(1).map_or(rest.len(), |(i, _)| i);
        }
        let window = (start, &rest[..end]);
        // The next window starts `overlap` bytes back, at the start of a word.
        let mut next = floor_boundary(rest, end.saturating_sub(overlap));
        if let Some(ws) = rest[next..end].find(char::is_whitespace) {
            next += ws;
        }
        start += next.clamp(1, end);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        Some(window)
    })
}

/// The largest character boundary of `s` at or below `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Spans of the passages assigning tasks to any of `organs`, valid for `text`.
fn organ_passages(json: &str, organs: &[String], text: &str) -> Vec<[usize; 2]> {
    let map: std::collections::BTreeMap<String, Vec<[usize; 2]>> =
        serde_json::from_str(json).unwrap_or_default();
    organs
        .iter()
        .filter_map(|o| map.get(o))
        .flatten()
        .copied()
        .filter(|&[s, e]| s < e && text.get(s..e).is_some())
        .collect()
}

/// A clause that restricts the set without changing scores.
fn filter_only(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

/// Organ filter values: a key (`ban_tuyen_giao`) or any alias (`Ban Tuyên giáo`,
/// `ban tuyen giao`, `BTG`), resolved through the organ table.
fn organ_key(value: &str) -> String {
    let table = crate::extract::tasks::organs::organ_table();
    table
        .resolve(value)
        .map(|m| m.key)
        .unwrap_or_else(|| crate::extract::tasks::organs::generated_key(value))
}

fn phrase_query(field: Field, words: &[&QueryToken], exact: bool, slop: u32) -> Box<dyn Query> {
    let base = words.first().map(|t| t.position).unwrap_or(0);
    let terms: Vec<(usize, Term)> = words
        .iter()
        .map(|t| {
            let text = if exact { &t.exact } else { &t.folded };
            (t.position - base, Term::from_field_text(field, text))
        })
        .collect();
    match <[(usize, Term); 1]>::try_from(terms) {
        Ok([(_, term)]) => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
        Err(terms) => Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)),
    }
}

pub(super) fn merge_filters(into: &mut Filters, from: &Filters) {
    into.provinces.extend(from.provinces.iter().cloned());
    into.doc_types.extend(from.doc_types.iter().copied());
    into.implements.extend(from.implements.iter().cloned());
    into.cites.extend(from.cites.iter().cloned());
    into.organs.extend(from.organs.iter().cloned());
    into.levels.extend(from.levels.iter().copied());
    if from.from.is_some() {
        into.from = from.from;
    }
    if from.to.is_some() {
        into.to = from.to;
    }
}

fn str_of(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(|s| s.to_string())
}

fn date_of(dt: DateTime) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(dt.into_timestamp_secs(), 0).map(|d| d.date_naive())
}

/// The innermost stored section containing `offset`.
fn section_at(outline_json: &str, offset: usize) -> Option<String> {
    let entries: Vec<OutlineEntry> = serde_json::from_str(outline_json).ok()?;
    entries
        .into_iter()
        .filter(|e| e.s <= offset && offset < e.e)
        .max_by_key(|e| (e.l, e.s))
        .map(|e| e.h)
}

/// The opening of a document as a snippet when nothing was highlighted.
fn lead_in(text: &str) -> String {
    let s: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(SNIPPET_CHARS)
        .collect();
    html_escape(&s)
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_the_text_at_boundaries() {
        // (text, window size, overlap)
        let long_words = "chỉnh đốn Đảng ".repeat(200);
        let no_space = "đ".repeat(3000);
        let cases: &[(&str, usize, usize)] = &[
            ("", 4096, 256),
            ("Ban Tuyên giáo", 4096, 256),
            (&long_words, 100, 20),
            (&long_words, 4096, 256),
            (&no_space, 100, 20),
            ("a b", 1, 0),
        ];
        for (i, &(text, size, overlap)) in cases.iter().enumerate() {
            let ws: Vec<(usize, &str)> = windows(text, size, overlap).collect();
            if text.is_empty() {
                assert!(ws.is_empty(), "case {i}");
                continue;
            }
            assert_eq!(ws[0].0, 0, "case {i}");
            let mut covered = 0;
            for (k, &(start, w)) in ws.iter().enumerate() {
                assert_eq!(&text[start..start + w.len()], w, "case {i} window {k}");
                assert!(start <= covered, "case {i}: gap before window {k}");
                assert!(
                    start + w.len() > covered,
                    "case {i}: window {k} adds nothing"
                );
                covered = start + w.len();
            }
            assert_eq!(covered, text.len(), "case {i}");
        }
    }

    #[test]
    fn floor_boundary_never_splits_a_character() {
        const CASES: &[(&str, usize, usize)] =
            &[("đốn", 1, 0), ("đốn", 2, 2), ("đốn", 4, 2), ("ab", 9, 2)];
        for &(s, at, want) in CASES {
            assert_eq!(floor_boundary(s, at), want, "{s} {at}");
        }
    }
}
