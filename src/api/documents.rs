//! `GET /api/documents` (list, and lookup by number) and
//! `POST /api/citation-lookup` (which documents does a pasted text cite).

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::params::Params;
use super::{blocking, ApiError, AppState};
use crate::graph::query::NodeSummary;
use crate::index::{DocumentList, Filters, ListRequest, MAX_LIST_LIMIT};

/// Parameters of `GET /api/documents`.
pub const LIST_PARAMS: [&str; 7] = [
    "number", "province", "type", "from", "to", "limit", "cursor",
];
/// Documents per page when `limit` is not given.
pub const LIST_DEFAULT_LIMIT: usize = 100;

/// A document listing, and what the graph knows of the number outside the corpus.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DocumentsAnswer {
    #[serde(flatten)]
    pub list: DocumentList,
    /// With `number`: documents outside the corpus cited under that number
    /// (every namesake: numbers are reused across terms and provinces).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub referenced: Option<Vec<NodeSummary>>,
}

/// Documents of the corpus, by id, a page at a time; with `number`, every
/// document carrying that number (and, in `referenced`, those known only
/// from citations).
#[utoipa::path(
    get,
    path = "/api/documents",
    tag = "documents",
    params(
        ("number" = Option<String>, Query, description = "A document number, loosely written (60-KH/TU, 60-kh/tu, 99-QD/TW): every document carrying it."),
        ("province" = Option<String>, Query, description = "Only documents of this province (any diacritics)."),
        ("type" = Option<String>, Query, description = "Only this document type (ke_hoach, nghi_quyet, …)."),
        ("from" = Option<String>, Query, description = "Issued on or after this day (YYYY-MM-DD)."),
        ("to" = Option<String>, Query, description = "Issued on or before this day (YYYY-MM-DD)."),
        ("limit" = Option<usize>, Query, description = "Documents per page, 1 to 1,000 (default 100)."),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "A page of documents ordered by id", body = DocumentsAnswer),
        (status = 400, description = "invalid_parameter or unknown_parameter", body = super::ErrorBody),
    )
)]
pub async fn list(
    State(s): State<AppState>,
    params: Params,
) -> Result<Json<DocumentsAnswer>, ApiError> {
    let p = params.allow(&LIST_PARAMS)?;
    let mut filters = Filters::default();
    for name in ["province", "type", "from", "to"] {
        if let Some(v) = p.get(name) {
            filters
                .add(name, v)
                .map_err(|e| ApiError::invalid(name, e.to_string()))?;
        }
    }
    let req = ListRequest {
        number: p.get("number").map(str::to_string),
        filters,
        limit: p.limit(LIST_DEFAULT_LIMIT, MAX_LIST_LIMIT)?,
        after: p.get("cursor").map(str::to_string),
    };
    let generation = s.current();
    let answer = blocking(move || -> Result<DocumentsAnswer, ApiError> {
        let list = generation
            .search
            .list(&req)
            .map_err(super::search::from_index)?;
        let referenced = req.number.as_deref().map(|n| {
            generation
                .graph
                .nodes_by_ref(n)
                .into_iter()
                .filter(|node| !node.is_corpus())
                .map(NodeSummary::of)
                .collect()
        });
        Ok(DocumentsAnswer { list, referenced })
    })
    .await??;
    Ok(Json(answer))
}

/// Largest text `POST /api/citation-lookup` reads.
pub const LOOKUP_MAX_BYTES: usize = 64 * 1024;
/// Most citations one lookup answers.
pub const LOOKUP_MAX_CITATIONS: usize = 250;

/// The JSON body of a citation lookup.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LookupRequest {
    /// The text to read (at most 64 KB).
    pub text: String,
}

/// One citation found in the text, with what it may refer to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FoundCitation {
    /// The reference as normalised (`21-KL/TW`); `null` for a document named
    /// without a number.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// The name, for a document cited without a number.
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub date: Option<chrono::NaiveDate>,
    pub issuer: Option<String>,
    /// Each mention: its byte span in `text` (the normalised text, see
    /// `normalized`) and the words as written there.
    pub mentions: Vec<Mention>,
    /// Documents the reference may be (every namesake); those whose date
    /// agrees with the citation's come first and have `exact: true`.
    pub candidates: Vec<Candidate>,
}

/// One mention of a citation.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Mention {
    pub span: [usize; 2],
    pub text: String,
}

/// A document a citation may refer to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Candidate {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub node: NodeSummary,
    /// True when the citation's date (if it states one) is the document's.
    pub exact: bool,
}

/// The answer of a citation lookup.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LookupAnswer {
    /// Citations found, in order of first mention (at most 250).
    pub citations: Vec<FoundCitation>,
    /// True when more citations were found than returned.
    pub truncated: bool,
    /// True when the text was normalised (NFC, one tone style, spaces) before
    /// reading: spans point into `text`, the normalised text.
    pub normalized: bool,
    /// The text the spans point into, when `normalized`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Which documents a text cites: the citations found in it (after eyecite),
/// with their spans, each resolved to the documents and references it may be.
#[utoipa::path(
    post,
    path = "/api/citation-lookup",
    tag = "documents",
    request_body(
        description = "JSON {\"text\": \"…\"}, a form field `text` (application/x-www-form-urlencoded), or plain text; at most 64 KB",
        content(
            (LookupRequest = "application/json"),
            (LookupRequest = "application/x-www-form-urlencoded"),
            (String = "text/plain"),
        )
    ),
    responses(
        (status = 200, description = "The citations found and what each may refer to", body = LookupAnswer),
        (status = 400, description = "invalid_body or unknown_parameter", body = super::ErrorBody),
        (status = 413, description = "payload_too_large: over 64 KB", body = super::ErrorBody),
        (status = 415, description = "unsupported_media_type", body = super::ErrorBody),
    )
)]
pub async fn citation_lookup(
    State(s): State<AppState>,
    params: Params,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<LookupAnswer>, ApiError> {
    params.allow(&[])?;
    let body = read_body(body, LOOKUP_MAX_BYTES + 1024).await?;
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = match ctype.as_str() {
        "application/json" => {
            serde_json::from_slice::<LookupRequest>(&body)
                .map_err(|e| ApiError::InvalidBody(format!("expected {{\"text\": \"…\"}}: {e}")))?
                .text
        }
        "application/x-www-form-urlencoded" => {
            let form = Params::parse(
                std::str::from_utf8(&body)
                    .map_err(|_| ApiError::InvalidBody("the form is not UTF-8".into()))?,
            )?
            .allow(&["text"])?;
            form.raw("text")
                .ok_or_else(|| ApiError::InvalidBody("the form has no `text` field".into()))?
                .to_string()
        }
        "text/plain" | "" => String::from_utf8(body.to_vec())
            .map_err(|_| ApiError::InvalidBody("the text is not UTF-8".into()))?,
        other => {
            return Err(ApiError::UnsupportedMediaType(format!(
                "`{}`; send application/json {{\"text\": …}}, a form field `text`, or text/plain",
                super::params::printable(other)
            )))
        }
    };
    if text.len() > LOOKUP_MAX_BYTES {
        return Err(ApiError::PayloadTooLarge(format!(
            "the text is {} bytes; a citation lookup reads at most {LOOKUP_MAX_BYTES}",
            text.len()
        )));
    }
    if text.trim().is_empty() {
        return Err(ApiError::InvalidBody("the text is empty".into()));
    }
    let generation = s.current();
    let answer = blocking(move || lookup(&generation.graph, &text)).await?;
    Ok(Json(answer))
}

/// Read a request body of at most `limit` bytes: over it is 413, too slow
/// (the body timeout) 408, a broken body 400.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(s) = source {
            if s.is::<http_body_util::LengthLimitError>() {
                return ApiError::PayloadTooLarge(format!(
                    "a citation lookup reads at most {LOOKUP_MAX_BYTES} bytes of text"
                ));
            }
            if s.is::<tower_http::timeout::TimeoutError>() {
                return ApiError::BodyTimeout;
            }
            source = s.source();
        }
        ApiError::InvalidBody(format!("cannot read the body: {e}"))
    })
}

/// Read `text`'s citations and resolve them against `graph` (the answer of
/// `POST /api/citation-lookup` and `vanban cite`).
pub fn lookup(graph: &crate::graph::Graph, text: &str) -> LookupAnswer {
    let normal = crate::normalize::normalize(text);
    let record = crate::extract::extract_text("citation-lookup", &normal);
    let found = record.citations.len();
    let citations = record
        .citations
        .into_iter()
        .take(LOOKUP_MAX_CITATIONS)
        .map(|c| {
            let mut candidates: Vec<Candidate> = match c.reference.as_deref() {
                Some(r) => graph
                    .nodes_by_ref(r)
                    .into_iter()
                    .map(|n| Candidate {
                        exact: c.date.is_none() || n.date == c.date,
                        node: NodeSummary::of(n),
                    })
                    .collect(),
                None => Vec::new(),
            };
            candidates.sort_by_key(|cand| !cand.exact);
            FoundCitation {
                reference: c.reference,
                name: c.name,
                doc_type: c.doc_type.slug().to_string(),
                date: c.date,
                issuer: c.issuer,
                mentions: c
                    .spans
                    .iter()
                    .filter_map(|&[a, b]| {
                        normal.get(a..b).map(|t| Mention {
                            span: [a, b],
                            text: t.to_string(),
                        })
                    })
                    .collect(),
                candidates,
            }
        })
        .collect();
    let normalized = normal != text;
    LookupAnswer {
        citations,
        truncated: found > LOOKUP_MAX_CITATIONS,
        normalized,
        text: normalized.then_some(normal),
    }
}
