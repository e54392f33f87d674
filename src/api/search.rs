//! `GET /api/search` and `GET /api/documents/{id}`.

use axum::extract::{Path, State};
use axum::Json;

use super::params::Params;
use super::{blocking, ApiError, AppState};
use crate::index::query::FILTERS;
use crate::index::{DocumentView, Filters, IndexError, SearchRequest, SearchResponse, MAX_LIMIT};

/// Parameters of `/api/search`: the query, paging, and every filter of the
/// query language (`index::query::FILTERS`) as a parameter of its own.
pub fn search_params() -> &'static [&'static str] {
    static PARAMS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        ["q", "limit", "offset"]
            .into_iter()
            .chain(FILTERS.iter().copied())
            .collect()
    });
    &PARAMS
}

/// Deepest search page: a search ranks `offset + limit` hits in memory.
pub const MAX_SEARCH_OFFSET: usize = 10_000;

/// Full-text search in the query language (see the README's table), with or
/// without diacritics. Filters may be written in `q` or given as parameters.
#[utoipa::path(
    get,
    path = "/api/search",
    tag = "search",
    params(
        ("q" = Option<String>, Query, description = "The query, in the query language: words (all must match, any diacritics), \"phrases\", -exclusions, document numbers, filters (province:, type:, from:, to:, implements:, cites:, organ:, level:). At most 10 KB and 1,000 terms. May be empty when a filter parameter is given."),
        ("limit" = Option<usize>, Query, description = "Hits per page, 1 to 100 (default 10)."),
        ("offset" = Option<usize>, Query, description = "Hits to skip, 0 to 10,000 (default 0)."),
        ("province" = Option<String>, Query, description = "Only documents of this province (any diacritics)."),
        ("type" = Option<String>, Query, description = "Only this document type: nghi_quyet, ket_luan, chi_thi, ke_hoach, …"),
        ("from" = Option<String>, Query, description = "Issued on or after this day (YYYY-MM-DD)."),
        ("to" = Option<String>, Query, description = "Issued on or before this day (YYYY-MM-DD)."),
        ("implements" = Option<String>, Query, description = "Only documents implementing this reference (21-KL/TW)."),
        ("cites" = Option<String>, Query, description = "Only documents citing this reference."),
        ("organ" = Option<String>, Query, description = "Only documents giving this body a task (key or name)."),
        ("level" = Option<String>, Query, description = "Only documents issued at this level: trung_uong, tinh, huyen, xa, khoi."),
    ),
    responses(
        (status = 200, description = "A page of hits", body = SearchResponse),
        (status = 400, description = "invalid_query, invalid_parameter or unknown_parameter", body = super::ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<SearchResponse>, ApiError> {
    let req = request(&params.allow(search_params())?)?;
    let generation = state.current();
    let res = blocking(move || generation.search.search(&req)).await?;
    Ok(Json(res.map_err(from_index)?))
}

/// One document: its record, its normalised text and its original text.
#[utoipa::path(
    get,
    path = "/api/documents/{id}",
    tag = "documents",
    params(("id" = String, Path, description = "Document id: the path relative to the corpus without the extension, `/` written as `~` (000_1ea4fda105d58d5d).")),
    responses(
        (status = 200, description = "The document", body = DocumentView),
        (status = 404, description = "document_not_found", body = super::ErrorBody),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<DocumentView>, ApiError> {
    params.allow(&[])?;
    let generation = state.current();
    let key = id.clone();
    let doc = blocking(move || generation.search.document(&key))
        .await?
        .map_err(from_index)?;
    doc.map(Json).ok_or(ApiError::DocumentNotFound(id))
}

/// Build a search request from query parameters.
fn request(params: &Params) -> Result<SearchRequest, ApiError> {
    let mut req = SearchRequest::new(params.raw("q").unwrap_or("").to_string());
    req.limit = params.limit(crate::index::DEFAULT_LIMIT, MAX_LIMIT)?;
    req.offset = params.count("offset", 0..=MAX_SEARCH_OFFSET)?.unwrap_or(0);
    let mut filters = Filters::default();
    for name in FILTERS {
        if let Some(value) = params.get(name) {
            filters
                .add(name, value)
                .map_err(|e| ApiError::invalid(name, e.to_string()))?;
        }
    }
    req.filters = filters;
    Ok(req)
}

/// Map an index error: the caller's mistakes are 400, the rest 500.
pub(super) fn from_index(e: IndexError) -> ApiError {
    match e {
        IndexError::Query(q) => ApiError::InvalidQuery(q.to_string()),
        IndexError::Limit(n) => {
            ApiError::invalid("limit", format!("must be from 1 to {MAX_LIMIT}, got {n}"))
        }
        other => ApiError::Internal(other.to_string()),
    }
}
