//! Graph handlers: implementers, chain, subgraph exports, citations of a document.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::graph::query::{parse_kinds, MAX_DEPTH};
use crate::graph::{
    Chain, DocumentCitations, Format, GraphError, Implementers, ImplementersOptions,
};

use super::params::Params;
use super::{blocking, ApiError, AppState};

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

/// Implementers per page when `limit` is not given.
pub const IMPLEMENTERS_DEFAULT_LIMIT: usize = 100;
/// Largest `limit` accepted.
pub const IMPLEMENTERS_MAX_LIMIT: usize = 10_000;

/// Documents implementing a reference, a page at a time (`total` counts them
/// all), each with its shortest path and the evidence of every hop;
/// `paths=all` gives every path of each implementer on the page.
#[utoipa::path(
    get,
    path = "/api/graph/implementers/{*reference}",
    tag = "graph",
    params(
        ("reference" = String, Path, description = "A reference as written (21-KL/TW; `/` plain or as %2F; loose forms such as 21-kl/tw and 99-QD/TW work)."),
        ("transitive" = Option<bool>, Query, description = "Also documents implementing it through other documents."),
        ("limit" = Option<usize>, Query, description = "Implementers per page, 1 to 10,000 (default 100)."),
        ("offset" = Option<usize>, Query, description = "Implementers to skip (default 0)."),
        ("paths" = Option<String>, Query, description = "`shortest` (default) or `all`."),
    ),
    responses(
        (status = 200, description = "Implementers with paths and evidence", body = Object),
        (status = 404, description = "unknown_reference, with suggestions", body = super::ErrorBody),
        (status = 400, description = "invalid_parameter or unknown_parameter", body = super::ErrorBody),
    )
)]
pub async fn implementers(
    State(s): State<AppState>,
    Path(reference): Path<String>,
    params: Params,
) -> Result<Json<Implementers>, ApiError> {
    let p = params.allow(&["transitive", "limit", "offset", "paths"])?;
    let opts = ImplementersOptions {
        transitive: p.flag("transitive")?,
        all_paths: p.choice("paths", &["shortest", "all"], "shortest")? == "all",
        offset: p.offset()?,
        limit: Some(p.limit(IMPLEMENTERS_DEFAULT_LIMIT, IMPLEMENTERS_MAX_LIMIT)?),
    };
    let generation = s.current();
    let answer = blocking(move || generation.graph.implementers_with(&reference, &opts)).await?;
    Ok(Json(answer?))
}

/// The chain upward from a document to its roots.
#[utoipa::path(
    get,
    path = "/api/graph/chain/{id}",
    tag = "graph",
    params(("id" = String, Path, description = "Document id, node key, or a reference naming one document.")),
    responses(
        (status = 200, description = "Paths up to the roots, and the roots", body = Object),
        (status = 404, description = "document_not_found or unknown_reference", body = super::ErrorBody),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub async fn chain(
    State(s): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<Chain>, ApiError> {
    params.allow(&[])?;
    let generation = s.current();
    let chain = blocking(move || generation.graph.chain(&id)).await?;
    Ok(Json(chain?))
}

/// The neighbourhood of a node as json, dot, mermaid, graphml or svg.
#[utoipa::path(
    get,
    path = "/api/graph/subgraph",
    tag = "graph",
    params(
        ("root" = String, Query, description = "Reference, document id or node key to start from (required)."),
        ("depth" = Option<usize>, Query, description = "Edges away from the root, 0 to 5 (default 2)."),
        ("format" = Option<String>, Query, description = "json (default), dot, mermaid, graphml or svg."),
        ("edges" = Option<String>, Query, description = "Only these edge kinds, comma-separated: implements, continues, attached_to, cites."),
    ),
    responses(
        (status = 200, description = "The neighbourhood in the format asked for", body = String),
        (status = 404, description = "unknown_reference or document_not_found", body = super::ErrorBody),
        (status = 400, description = "invalid_parameter or unknown_parameter", body = super::ErrorBody),
    )
)]
pub async fn subgraph(State(s): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let p = params.allow(&["root", "depth", "format", "edges"])?;
    let root = p
        .get("root")
        .map(str::to_string)
        .ok_or_else(|| ApiError::invalid("root", "a reference or document id is required"))?;
    let depth = p.count("depth", 0..=MAX_DEPTH)?.unwrap_or(2);
    let format = match p.get("format") {
        None => Format::Json,
        Some(f) => f
            .parse::<Format>()
            .map_err(|e| ApiError::invalid("format", e.to_string()))?,
    };
    let kinds = match p.get("edges") {
        None => None,
        Some(list) => Some(parse_kinds(list).map_err(|m| ApiError::invalid("edges", m))?),
    };
    let generation = s.current();
    let body = blocking(move || {
        generation
            .graph
            .subgraph(&root, depth, kinds.as_deref())
            .map(|sub| sub.render(format))
    })
    .await??;
    Ok(([(header::CONTENT_TYPE, format.content_type())], body).into_response())
}

/// What a document cites (each mention's span and the sentence around it,
/// read from the document's stored text) and which documents cite it (their
/// spans; the sentences are in their own `/citations` answers).
#[utoipa::path(
    get,
    path = "/api/documents/{id}/citations",
    tag = "documents",
    params(("id" = String, Path, description = "Document id.")),
    responses(
        (status = 200, description = "Citations out and in, with evidence", body = Object),
        (status = 404, description = "document_not_found", body = super::ErrorBody),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub async fn citations(
    State(s): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<DocumentCitations>, ApiError> {
    params.allow(&[])?;
    let generation = s.current();
    let answer = blocking(move || -> Result<DocumentCitations, ApiError> {
        let mut answer = generation.graph.citations(&id)?;
        let key = answer.document.id.clone().unwrap_or_else(|| id.clone());
        let doc = generation
            .search
            .document(&key)
            .map_err(super::search::from_index)?;
        if let Some(doc) = doc {
            fill_sentences(&mut answer, &doc.text);
        }
        Ok(answer)
    })
    .await??;
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
