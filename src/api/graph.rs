//! Graph handlers: implementers, chain, subgraph exports, citations of a document.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use crate::graph::query::{parse_kinds, MAX_DEPTH};
use crate::graph::{
    Chain, DocumentCitations, Format, GraphError, Implementers, ImplementersOptions,
};

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

/// `?transitive=&limit=&offset=&paths=`
#[derive(Debug, Deserialize)]
pub struct ImplementersQuery {
    transitive: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    paths: Option<String>,
}

/// Implementers per page when `limit` is not given.
pub const IMPLEMENTERS_DEFAULT_LIMIT: usize = 100;
/// Largest `limit` accepted.
pub const IMPLEMENTERS_MAX_LIMIT: usize = 10_000;

fn parse_count(
    name: &str,
    value: Option<&str>,
    range: std::ops::RangeInclusive<usize>,
) -> Result<Option<usize>, ApiError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| {
                ApiError::invalid(
                    name,
                    format!(
                        "must be a whole number from {} to {}, got `{v}`",
                        range.start(),
                        range.end()
                    ),
                )
            }),
    }
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

/// `GET /api/graph/implementers/{ref}?transitive=true&limit=100&offset=0&paths=shortest`:
/// documents implementing a reference, a page at a time (`total` counts them
/// all), each with its shortest path and the evidence of every hop;
/// `paths=all` gives every path of each implementer on the page.
pub async fn implementers(
    State(s): State<AppState>,
    Path(reference): Path<String>,
    Query(q): Query<ImplementersQuery>,
) -> Result<Json<Implementers>, ApiError> {
    let all_paths = match q
        .paths
        .as_deref()
        .map(|p| p.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("" | "shortest") => false,
        Some("all") => true,
        Some(other) => {
            return Err(ApiError::invalid(
                "paths",
                format!("`{other}` is not `shortest` or `all`"),
            ))
        }
    };
    let opts = ImplementersOptions {
        transitive: parse_bool("transitive", q.transitive.as_deref())?,
        all_paths,
        offset: parse_count("offset", q.offset.as_deref(), 0..=1_000_000)?.unwrap_or(0),
        limit: Some(
            parse_count("limit", q.limit.as_deref(), 1..=IMPLEMENTERS_MAX_LIMIT)?
                .unwrap_or(IMPLEMENTERS_DEFAULT_LIMIT),
        ),
    };
    Ok(Json(
        s.current().graph.implementers_with(&reference, &opts)?,
    ))
}

/// `GET /api/graph/chain/{id}`: the chain upward from a document to its roots.
pub async fn chain(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Chain>, ApiError> {
    Ok(Json(s.current().graph.chain(&id)?))
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
    let generation = s.current();
    let sub = generation.graph.subgraph(root, depth, kinds.as_deref())?;
    let body = sub.render(format);
    Ok(([(header::CONTENT_TYPE, format.content_type())], body).into_response())
}

/// `GET /api/documents/{id}/citations`: what a document cites (each mention's
/// span and the sentence around it, read from the document's stored text) and
/// which documents cite it (their spans; the sentences are in their own
/// `/citations` answers).
pub async fn citations(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentCitations>, ApiError> {
    let generation = s.current();
    let mut answer = generation.graph.citations(&id)?;
    let index = generation.search.clone();
    let key = answer.document.id.clone().unwrap_or_else(|| id.clone());
    let doc = tokio::task::spawn_blocking(move || index.document(&key))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    if let Some(doc) = doc {
        fill_sentences(&mut answer, &doc.text);
    }
    Ok(Json(answer))
}

/// Give every span of the document's own citations the sentence it stands in.
fn fill_sentences(answer: &mut DocumentCitations, text: &str) {
    for c in &mut answer.citations {
        for ev in &mut c.evidence {
            if ev.sentence.is_some() {
                continue;
            }
            let Some([a, b]) = ev.span else { continue };
            if a > b || b > text.len() {
                continue;
            }
            let [sa, sb] = crate::parse::sentence_at(text, a);
            if let Some(sentence) = text.get(sa..sb.max(sa)) {
                ev.sentence = Some(sentence.trim().to_string());
            }
        }
    }
}
