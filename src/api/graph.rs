//! Graph handlers: implementers, chain, subgraph exports, citations of a document.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use crate::graph::query::{parse_kinds, MAX_DEPTH};
use crate::graph::{Chain, DocumentCitations, Format, GraphError, Implementers};

use super::{ApiError, AppState};

impl From<GraphError> for ApiError {
    fn from(e: GraphError) -> Self {
        match e {
            GraphError::UnknownReference {
                reference,
                suggestions,
            } => ApiError::UnknownReference {
                reference,
                suggestions,
            },
            GraphError::UnknownDocument { id, .. } => ApiError::DocumentNotFound(id),
            GraphError::InvalidDepth { depth, max } => {
                ApiError::invalid("depth", format!("{depth} is out of range (0 to {max})"))
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// `?transitive=`
#[derive(Debug, Deserialize)]
pub struct ImplementersQuery {
    transitive: Option<String>,
}

fn parse_bool(name: &str, value: Option<&str>) -> Result<bool, ApiError> {
    match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("false" | "0" | "no") => Ok(false),
        Some("" | "true" | "1" | "yes") => Ok(true),
        Some(other) => Err(ApiError::invalid(
            name,
            format!("`{other}` is not true or false"),
        )),
    }
}

/// `GET /api/graph/implementers/{ref}?transitive=true`: documents implementing
/// a reference, each with its paths and evidence.
pub async fn implementers(
    State(s): State<AppState>,
    Path(reference): Path<String>,
    Query(q): Query<ImplementersQuery>,
) -> Result<Json<Implementers>, ApiError> {
    let transitive = parse_bool("transitive", q.transitive.as_deref())?;
    Ok(Json(s.graph.implementers(&reference, transitive)?))
}

/// `GET /api/graph/chain/{id}`: the chain upward from a document to its roots.
pub async fn chain(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Chain>, ApiError> {
    Ok(Json(s.graph.chain(&id)?))
}

/// `?root=&depth=&format=&edges=`
#[derive(Debug, Deserialize)]
pub struct SubgraphQuery {
    root: Option<String>,
    depth: Option<String>,
    format: Option<String>,
    edges: Option<String>,
}

/// `GET /api/graph/subgraph?root=21-KL/TW&depth=2&format=svg`: the
/// neighbourhood of a node as json, dot, mermaid, graphml or svg.
pub async fn subgraph(
    State(s): State<AppState>,
    Query(q): Query<SubgraphQuery>,
) -> Result<Response, ApiError> {
    let root = q
        .root
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| ApiError::invalid("root", "a reference or document id is required"))?;
    let depth = match q.depth.as_deref().map(str::trim) {
        None | Some("") => 2,
        Some(d) => d
            .parse::<usize>()
            .ok()
            .filter(|d| *d <= MAX_DEPTH)
            .ok_or_else(|| {
                ApiError::invalid(
                    "depth",
                    format!("`{d}` is not a number from 0 to {MAX_DEPTH}"),
                )
            })?,
    };
    let format = match q.format.as_deref().map(str::trim) {
        None | Some("") => Format::Json,
        Some(f) => f
            .parse::<Format>()
            .map_err(|e| ApiError::invalid("format", e.to_string()))?,
    };
    let kinds = match q.edges.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(list) => Some(parse_kinds(list).map_err(|m| ApiError::invalid("edges", m))?),
    };
    let sub = s.graph.subgraph(root, depth, kinds.as_deref())?;
    let body = sub.render(format);
    Ok(([(header::CONTENT_TYPE, format.content_type())], body).into_response())
}

/// `GET /api/documents/{id}/citations`: what a document cites (with the span
/// of each first mention) and which documents cite it.
pub async fn citations(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentCitations>, ApiError> {
    Ok(Json(s.graph.citations(&id)?))
}
