//! Searching a built index: query → tantivy query → hits with snippet and section.

use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DateTime, DocAddress, DocSet, Index, IndexReader, ReloadPolicy, TantivyDocument, Term,
};

use super::builder::OutlineEntry;
use super::query::{self, Filters, ParsedQuery};
use super::schema::{self, Fields};
use super::snippet::{self, Wanted};
use super::suggest::{self, SpellingTable, Suggestion, WordSpellings};
use super::{IndexError, TANTIVY_DIR};
use crate::analysis::{self, QueryToken};
use crate::extract::{refs, Record};
use crate::normalize;

/// Largest page size.
pub const MAX_LIMIT: usize = 100;
/// Default page size.
pub const DEFAULT_LIMIT: usize = 10;
/// How the parts of a query score. Every word must match (folded); these
/// weigh what a match is worth. The phrase signals are clauses of the one
/// query, so they reach every document that matches, not a first cut.
///
/// A word typed with diacritics, matched as typed (over a folded-only match).
const EXACT_BOOST: f32 = 1.5;
/// A word typed without diacritics, matched in the spelling the query most
/// likely means (`dang` in `chinh don dang` → `đảng`; see `suggest`).
const RESTORED_BOOST: f32 = 0.5;
/// A word in the title.
const TITLE_BOOST: f32 = 2.0;
/// A word in a heading.
const HEADING_BOOST: f32 = 1.0;
/// Unquoted words standing next to each other in the query, found next to
/// each other in the body: the whole run (a phrase, on the `pairs` field) …
const PHRASE_BOOST: f32 = 6.0;
/// … and each pair of adjacent words (partial adjacency, for three words or more).
const PAIR_BOOST: f32 = 1.0;
/// A pair matched with the diacritics typed.
const EXACT_PAIR_BOOST: f32 = 2.0;
/// A pair matched in the spellings the query most likely means.
const RESTORED_PAIR_BOOST: f32 = 0.5;
/// The run as a phrase in the title, and in a heading.
const TITLE_PHRASE_BOOST: f32 = 3.0;
const HEADING_PHRASE_BOOST: f32 = 2.0;
/// Per-pair clauses for one run at most (a pasted paragraph has hundreds).
const MAX_PAIR_CLAUSES: usize = 32;

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
    /// "Did you mean": the query with the diacritics of words typed without
    /// them restored as the corpus most often writes them together (best
    /// first, at most 3); empty when there is nothing to restore.
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    /// For each word typed without diacritics that the corpus writes in more
    /// than one way (`dang`: `đảng`, `đang`, `dạng`…), those spellings, the
    /// most likely in this query first, with the documents using each.
    #[serde(default)]
    pub spellings: Vec<WordSpellings>,
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
    /// Every spelling of the corpus by its folded form (for suggestions),
    /// read from the term dictionary on a background thread at open.
    spellings: Arc<OnceLock<SpellingTable>>,
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
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let spellings = Arc::new(OnceLock::new());
        {
            let (cell, searcher, field) = (spellings.clone(), reader.searcher(), fields.body);
            // The first query waits for it if it comes sooner.
            std::thread::spawn(move || {
                cell.get_or_init(|| spelling_table(&searcher, field));
            });
        }
        Ok(SearchIndex {
            reader,
            fields,
            spellings,
        })
    }

    fn spellings(&self, searcher: &tantivy::Searcher) -> &SpellingTable {
        self.spellings
            .get_or_init(|| spelling_table(searcher, self.fields.body))
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
        let searcher = self.reader.searcher();
        let plan = self.plan(&req.query, &parsed, &searcher, true)?;
        let want = req.offset.saturating_add(req.limit);
        let top = TopDocs::with_limit(want).order_by_score();
        let (top, total) = searcher.search(&*plan.query, &(top, Count))?;
        let organs: Vec<String> = parsed.filters.organs.iter().map(|o| organ_key(o)).collect();
        let mut hits = Vec::with_capacity(req.limit);
        for (score, addr) in top.into_iter().skip(req.offset).take(req.limit) {
            hits.push(self.hit(&searcher, addr, score, &plan.wanted, &organs)?);
        }
        Ok(SearchResponse {
            total,
            hits,
            suggestions: plan.restored.suggestions,
            spellings: plan.restored.spellings,
        })
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        score: f32,
        wanted: &Wanted,
        organs: &[String],
    ) -> Result<Hit, IndexError> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = str_of(&doc, f.text).unwrap_or_default();
        let passages = if organs.is_empty() {
            Vec::new()
        } else {
            organ_passages(
                &str_of(&doc, f.organ_spans).unwrap_or_default(),
                organs,
                &text,
            )
        };
        let (html, at) = best_snippet(wanted, &text, &passages);
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
            text: str_of(&doc, f.text).unwrap_or_default(),
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

    /// Translate a parsed query (`text` as typed) into one tantivy query, what
    /// its snippets look for, and the suggestions.
    ///
    /// Every word (folded) and number must match; quoted phrases must match as
    /// runs of adjacent pairs. What a match is worth: each word's BM25 on the
    /// body, more in the title, a heading or with the diacritics typed; and for
    /// words standing next to each other in the query, the run as a phrase in
    /// the body, title and headings, each adjacent pair, and the pairs in the
    /// diacritics typed or meant. Those are `Should` clauses of the same
    /// query: every matching document gets them.
    ///
    /// `ranked`: the spellings meant (and so the suggestions) are looked up
    /// only for a ranked search; they add `Should` clauses alone, so a count
    /// (facets) matches the same documents without them.
    pub(super) fn plan(
        &self,
        text: &str,
        q: &ParsedQuery,
        searcher: &tantivy::Searcher,
        ranked: bool,
    ) -> Result<Plan, IndexError> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let tokens = analysis::query_tokens(&q.free_text);
        if !q.free_text.trim().is_empty() && tokens.is_empty() && q.phrases.is_empty() {
            return Err(query::QueryError::NothingSearchable(q.free_text.clone()).into());
        }
        let mut phrases: Vec<Vec<QueryToken>> = Vec::with_capacity(q.phrases.len());
        for p in &q.phrases {
            let toks = analysis::query_tokens(p);
            if toks.is_empty() {
                return Err(query::QueryError::NothingSearchable(p.clone()).into());
            }
            phrases.push(toks);
        }

        // The words as typed, for "did you mean" and the spellings meant.
        let typed = typed_words(text, q, &tokens, &phrases);
        let restored = if ranked
            && typed
                .words
                .iter()
                .any(|w| !normalize::has_diacritics(&w.typed))
        {
            suggest::restore(
                text,
                &typed.words,
                self.spellings(searcher),
                searcher,
                f.pairs_exact,
            )
        } else {
            suggest::Restored::default()
        };
        let meant = |part: usize, token: usize| -> Option<&str> {
            typed
                .origin
                .iter()
                .position(|&o| o == (part, token))
                .and_then(|i| restored.best.get(i))
                .and_then(|b| b.as_deref())
        };

        let mut wanted = Wanted::default();
        let numbers: Vec<&QueryToken> = tokens.iter().filter(|t| t.is_number).collect();
        let inside_number =
            |t: &QueryToken| numbers.iter().any(|n| t.start >= n.start && t.end <= n.end);
        for (i, t) in tokens.iter().enumerate() {
            if t.is_number {
                clauses.push((Occur::Must, self.number_query(t)));
            } else if !inside_number(t) {
                clauses.push((Occur::Must, self.word_query(t, meant(0, i))));
            }
        }
        let words: Vec<Meant> = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.is_number)
            .map(|(i, t)| (t, meant(0, i)))
            .collect();
        for run in runs(&words) {
            if run.len() >= 2 {
                self.adjacency(run, true, &mut clauses);
            }
            wanted.add(snippet_words(run));
        }

        for (k, toks) in phrases.iter().enumerate() {
            clauses.push((Occur::Must, self.phrase_query(toks)));
            let words: Vec<Meant> = toks
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.is_number)
                .map(|(i, t)| (t, meant(k + 1, i)))
                .collect();
            for run in runs(&words) {
                if run.len() >= 2 {
                    self.adjacency(run, false, &mut clauses);
                }
                wanted.add(snippet_words(run));
            }
        }
        for x in &q.excluded {
            let toks = analysis::query_tokens(x);
            if !toks.is_empty() {
                clauses.push((Occur::MustNot, self.phrase_query(&toks)));
            }
        }
        self.add_filters(&q.filters, &mut clauses);

        if !clauses.iter().any(|(o, _)| matches!(o, Occur::Must)) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Plan {
            query: Box::new(BooleanQuery::new(clauses)),
            wanted,
            restored,
        })
    }

    fn term(&self, field: Field, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))
    }

    fn boosted(&self, field: Field, text: &str, boost: f32) -> (Occur, Box<dyn Query>) {
        (
            Occur::Should,
            Box::new(BoostQuery::new(self.term(field, text), boost)),
        )
    }

    /// A document number: one whole token, matched folded so `99-QD/TW` finds `99-QĐ/TW`.
    fn number_query(&self, t: &QueryToken) -> Box<dyn Query> {
        let f = &self.fields;
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, self.term(f.body_folded, &t.folded)),
            self.boosted(f.body, &t.exact, EXACT_BOOST),
            self.boosted(f.title_folded, &t.folded, TITLE_BOOST),
        ]))
    }

    /// A word: folded match required; title, heading and exact-diacritics
    /// matches score more, and so does the spelling the query most likely
    /// means when it was typed without diacritics.
    fn word_query(&self, t: &QueryToken, meant: Option<&str>) -> Box<dyn Query> {
        let f = &self.fields;
        let mut should: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, self.term(f.body_folded, &t.folded)),
            self.boosted(f.title_folded, &t.folded, TITLE_BOOST),
            self.boosted(f.headings, &t.folded, HEADING_BOOST),
        ];
        if t.exact != t.folded {
            should.push(self.boosted(f.body, &t.exact, EXACT_BOOST));
        } else if let Some(m) = meant.filter(|m| *m != t.folded) {
            should.push(self.boosted(f.body, m, RESTORED_BOOST));
        }
        Box::new(BooleanQuery::new(should))
    }

    /// What a quoted phrase (or an exclusion) must match: its words as a run
    /// of adjacent pairs; a lone word or number as itself.
    fn phrase_query(&self, toks: &[QueryToken]) -> Box<dyn Query> {
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
            return self.word_query(words[0], None);
        }
        let pairs = pairs_of(words.iter().map(|t| (*t, None)));
        if pairs.is_empty() {
            // No two words adjacent (a dropped over-long token between them).
            return Box::new(BooleanQuery::new(
                words
                    .iter()
                    .map(|t| (Occur::Must, self.word_query(t, None)))
                    .collect(),
            ));
        }
        self.pairs_query(&pairs)
    }

    /// A run of adjacent pairs at their relative positions (one pair: a term).
    fn pairs_query(&self, pairs: &[Pair]) -> Box<dyn Query> {
        let f = &self.fields;
        let base = pairs.first().map_or(0, |p| p.position);
        let terms: Vec<(usize, Term)> = pairs
            .iter()
            .map(|p| (p.position - base, Term::from_field_text(f.pairs, &p.folded)))
            .collect();
        match <[(usize, Term); 1]>::try_from(terms) {
            Ok([(_, term)]) => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            Err(terms) => Box::new(PhraseQuery::new_with_offset(terms)),
        }
    }

    /// The adjacency clauses of a run of query words standing next to each
    /// other (`whole`: also the run as a phrase in the body and each pair,
    /// for unquoted words; a quoted phrase already requires them).
    fn adjacency(&self, run: &[Meant], whole: bool, clauses: &mut Vec<(Occur, Box<dyn Query>)>) {
        let f = &self.fields;
        let pairs = pairs_of(run.iter().copied());
        if whole && !pairs.is_empty() {
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(self.pairs_query(&pairs), PHRASE_BOOST)),
            ));
            if pairs.len() >= 2 {
                for p in pairs.iter().take(MAX_PAIR_CLAUSES) {
                    clauses.push(self.boosted(f.pairs, &p.folded, PAIR_BOOST));
                }
            }
        }
        for p in pairs.iter().take(MAX_PAIR_CLAUSES) {
            if let Some((meant, typed)) = &p.meant {
                let boost = if *typed {
                    EXACT_PAIR_BOOST
                } else {
                    RESTORED_PAIR_BOOST
                };
                clauses.push(self.boosted(f.pairs_exact, meant, boost));
            }
        }
        for (field, boost) in [
            (f.title_folded, TITLE_PHRASE_BOOST),
            (f.headings, HEADING_PHRASE_BOOST),
        ] {
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(words_phrase(field, run), boost)),
            ));
        }
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

/// A translated query, what its snippets look for, and the suggestions.
pub(super) struct Plan {
    pub(super) query: Box<dyn Query>,
    wanted: Wanted,
    restored: suggest::Restored,
}

/// A query word and the spelling it most likely means (typed without diacritics).
type Meant<'a> = (&'a QueryToken, Option<&'a str>);

/// Two adjacent query words as a pair term: folded, and in the spelling typed
/// or meant when that differs from the folded one (`true` when typed).
struct Pair {
    position: usize,
    folded: String,
    meant: Option<(String, bool)>,
}

/// The pairs of words at consecutive positions.
fn pairs_of<'a>(words: impl Iterator<Item = Meant<'a>>) -> Vec<Pair> {
    let mut out = Vec::new();
    let mut prev: Option<Meant<'a>> = None;
    for w in words {
        if let Some(p) = prev {
            if p.0.position + 1 == w.0.position {
                let folded = analysis::pair_text(&p.0.folded, &w.0.folded);
                let spelt = |(t, m): Meant| -> (String, bool) {
                    if t.exact != t.folded {
                        (t.exact.clone(), true)
                    } else {
                        (m.unwrap_or(&t.exact).to_string(), false)
                    }
                };
                let (a, ta) = spelt(p);
                let (b, tb) = spelt(w);
                let meant = analysis::pair_text(&a, &b);
                out.push(Pair {
                    position: p.0.position,
                    meant: (meant != folded).then_some((meant, ta && tb)),
                    folded,
                });
            }
        }
        prev = Some(w);
    }
    out
}

/// Split words into runs of consecutive positions.
fn runs<'a, 'b>(words: &'b [Meant<'a>]) -> impl Iterator<Item = &'b [Meant<'a>]> {
    words.chunk_by(|a, b| a.0.position + 1 == b.0.position)
}

/// The words of a run as a snippet looks for them.
fn snippet_words(run: &[Meant]) -> Vec<snippet::Word> {
    run.iter()
        .map(|(t, _)| snippet::Word {
            folded: t.folded.clone(),
            exact: (t.exact != t.folded).then(|| t.exact.clone()),
        })
        .collect()
}

/// A phrase of single folded words on a field with positions (title, headings).
fn words_phrase(field: Field, run: &[Meant]) -> Box<dyn Query> {
    let base = run.first().map_or(0, |(t, _)| t.position);
    let terms: Vec<(usize, Term)> = run
        .iter()
        .map(|(t, _)| (t.position - base, Term::from_field_text(field, &t.folded)))
        .collect();
    match <[(usize, Term); 1]>::try_from(terms) {
        Ok([(_, term)]) => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
        Err(terms) => Box::new(PhraseQuery::new_with_offset(terms)),
    }
}

/// The words of a query as typed, in order (free text, then each phrase),
/// with where each comes from: `(0, token)` for the free text, `(k + 1,
/// token)` for phrase `k`. Numbers and their parts, and words with digits,
/// are left out.
struct Typed {
    words: Vec<suggest::TypedWord>,
    origin: Vec<(usize, usize)>,
}

fn typed_words(
    text: &str,
    q: &ParsedQuery,
    tokens: &[QueryToken],
    phrases: &[Vec<QueryToken>],
) -> Typed {
    let mut out = Typed {
        words: Vec::new(),
        origin: Vec::new(),
    };
    // Free-text offsets → query-text offsets, chunk by chunk.
    let mut chunks: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut at = 0;
    for span in &q.free_spans {
        chunks.push((at, span.clone()));
        at += span.len() + 1;
    }
    let map_free = |t: &QueryToken| -> Option<std::ops::Range<usize>> {
        let (start, span) = chunks.iter().rev().find(|(start, _)| *start <= t.start)?;
        let len = span.len();
        (t.end <= start + len).then(|| span.start + t.start - start..span.start + t.end - start)
    };
    let mut push =
        |part: usize,
         toks: &[QueryToken],
         map: &dyn Fn(&QueryToken) -> Option<std::ops::Range<usize>>| {
            let numbers: Vec<&QueryToken> = toks.iter().filter(|t| t.is_number).collect();
            let mut last: Option<usize> = None;
            for (i, t) in toks.iter().enumerate() {
                if t.is_number
                    || numbers.iter().any(|n| t.start >= n.start && t.end <= n.end)
                    || !t.folded.chars().all(char::is_alphabetic)
                {
                    continue;
                }
                let Some(span) = map(t).filter(|s| text.get(s.clone()).is_some()) else {
                    continue;
                };
                out.words.push(suggest::TypedWord {
                    typed: text[span.clone()].to_string(),
                    span,
                    folded: t.folded.clone(),
                    joined: last.is_some_and(|p| p + 1 == t.position),
                });
                out.origin.push((part, i));
                last = Some(t.position);
            }
        };
    push(0, tokens, &map_free);
    for (k, toks) in phrases.iter().enumerate() {
        let Some(span) = q.phrase_spans.get(k) else {
            continue;
        };
        let base = span.start;
        let map = move |t: &QueryToken| Some(base + t.start..base + t.end);
        push(k + 1, toks, &map);
    }
    out
}

/// The spelling table of a searcher; empty when the dictionary cannot be read
/// (suggestions are a help, never a reason to fail a search).
fn spelling_table(searcher: &tantivy::Searcher, field: Field) -> SpellingTable {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        SpellingTable::build(searcher, field)
    }))
    .ok()
    .and_then(Result::ok)
    .unwrap_or_default()
}

/// The best snippet: from the given passages when there are any (an `organ:`
/// filter limits snippets to the passages assigning that body its tasks), else
/// from the whole text; the opening of the text when no query word occurs.
/// Returns the HTML and the byte offset of the passage.
fn best_snippet(wanted: &Wanted, text: &str, passages: &[[usize; 2]]) -> (String, usize) {
    let mut best: Option<snippet::Found> = None;
    for &[s, e] in passages {
        let Some(part) = text.get(s..e) else { continue };
        if let Some(mut found) = snippet::find(part, wanted) {
            found.at += s;
            if best.as_ref().is_none_or(|b| found.quality > b.quality) {
                best = Some(found);
            }
        }
    }
    match best.or_else(|| snippet::find(text, wanted)) {
        Some(found) => (found.html, found.at),
        None => (lead_in(text), 0),
    }
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
        .take(snippet::SNIPPET_CHARS)
        .collect();
    let mut out = String::with_capacity(s.len());
    snippet::escape_into(&s, &mut out);
    out
}
