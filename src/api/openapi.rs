//! The OpenAPI 3 document (`GET /api/openapi.json`), generated from the
//! handlers' `#[utoipa::path]` annotations as the router is built.

use std::sync::Arc;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use utoipa::openapi::OpenApi;

use super::params::Params;
use super::ApiError;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "vanban",
        description = "Search and citation graph for Vietnamese party and government documents. \
            Every error is JSON {\"error\": {\"code\", \"message\", …}} with a stable code; 4xx for \
            the caller's mistakes. Every route takes only the parameters listed (others are a 400 \
            unknown_parameter), each at most once; `limit` is at least 1 everywhere.",
        license(name = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "search", description = "Full-text search in the query language"),
        (name = "documents", description = "Documents, their citations, lookups"),
        (name = "graph", description = "What implements and cites what"),
        (name = "tasks", description = "Who must do what, by when"),
        (name = "export", description = "Everything at once, streamed"),
        (name = "service", description = "Health, metrics, this document"),
    ),
    components(schemas(super::ErrorBody, super::ErrorDetail))
)]
struct ApiDoc;

/// The document's fixed parts (info, tags, shared schemas).
pub(super) fn base() -> OpenApi {
    <ApiDoc as utoipa::OpenApi>::openapi()
}

/// Final touches once every route is in: a wildcard segment (`{*reference}`,
/// which axum needs for references holding `/`) is an ordinary path
/// parameter in OpenAPI; and every operation documents the errors any route
/// may answer (produced around the handlers, not by them).
pub(super) fn finish(mut doc: OpenApi) -> OpenApi {
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths
        .into_iter()
        .map(|(path, mut item)| {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
                &mut item.head,
                &mut item.options,
            ]
            .into_iter()
            .flatten()
            {
                for (status, what) in COMMON_ERRORS {
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error_response(what));
                }
            }
            (path.replace("{*", "{"), item)
        })
        .collect();
    doc
}

/// Errors any route may answer, whatever its handler does.
const COMMON_ERRORS: [(&str, &str); 7] = [
    (
        "403",
        "host_not_allowed: a loopback server asked for another Host",
    ),
    ("405", "method_not_allowed (with an Allow header)"),
    ("408", "request_timeout: the body did not arrive in time"),
    ("413", "payload_too_large"),
    ("414", "uri_too_long: over 32 KiB of path and query"),
    ("431", "headers_too_large: over 16 KiB of headers"),
    ("503", "timeout or overloaded, with Retry-After"),
];

fn error_response(what: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(what)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "service",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of every route", body = Object),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub(super) async fn document(
    Extension(doc): Extension<Arc<OpenApi>>,
    params: Params,
) -> Result<Response, ApiError> {
    params.allow(&[])?;
    let json = doc
        .to_pretty_json()
        .map_err(|e| ApiError::Internal(format!("cannot write the OpenAPI document: {e}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}
