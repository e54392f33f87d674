//! `GET /api/search` and `GET /api/documents/{id}`.

use axum::extract::{Path, Query, State};
use axum::Json;

use super::{ApiError, AppState};
use crate::index::query::FILTERS;
use crate::index::{DocumentView, Filters, IndexError, SearchRequest, SearchResponse, MAX_LIMIT};

/// Parameters of `/api/search` besides the filters (which are the query
/// language's, `index::query::FILTERS`); read by hand so every mistake gets a clear 400.
const PARAMS: [&str; 3] = ["q", "limit", "offset"];

pub async fn search(
    State(state): State<AppState>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<SearchResponse>, ApiError> {
    let req = request(&params)?;
    let index = state.current().search.clone();
    let res = tokio::task::spawn_blocking(move || index.search(&req))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(res.map_err(from_index)?))
}

pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentView>, ApiError> {
    let index = state.current().search.clone();
    let key = id.clone();
    let doc = tokio::task::spawn_blocking(move || index.document(&key))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(from_index)?;
    doc.map(Json).ok_or(ApiError::DocumentNotFound(id))
}

/// Build a search request from query parameters.
fn request(params: &[(String, String)]) -> Result<SearchRequest, ApiError> {
    let mut req = SearchRequest::new(String::new());
    let mut filters = Filters::default();
    for (name, value) in params {
        match name.as_str() {
            "q" => req.query = value.clone(),
            "limit" => {
                req.limit = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid(
                            "limit",
                            format!("must be a whole number from 1 to {MAX_LIMIT}, got `{value}`"),
                        )
                    })?
            }
            "offset" => {
                req.offset = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n <= 100_000)
                    .ok_or_else(|| {
                        ApiError::invalid(
                            "offset",
                            format!("must be a whole number from 0 to 100000, got `{value}`"),
                        )
                    })?
            }
            name if FILTERS.contains(&name) => {
                if !value.trim().is_empty() {
                    filters
                        .add(name, value)
                        .map_err(|e| ApiError::invalid(name, e.to_string()))?;
                }
            }
            other => {
                return Err(ApiError::invalid(
                    other,
                    format!(
                        "unknown parameter; known: {}, {}",
                        PARAMS.join(", "),
                        FILTERS.join(", ")
                    ),
                ))
            }
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
