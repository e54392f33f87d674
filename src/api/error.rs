//! The API's one error type: every failure becomes
//! `{"error": {"code": "...", "message": "...", ...}}` with a stable `code`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query parameter is missing, malformed or out of range.
    #[error("invalid parameter `{name}`: {message}")]
    InvalidParameter { name: String, message: String },
    /// A query parameter the route does not take.
    #[error("unknown parameter `{name}`; this route takes {}", known_list(.known))]
    UnknownParameter {
        name: String,
        known: Vec<&'static str>,
    },
    /// The search query could not be read.
    #[error("cannot read the query: {0}")]
    InvalidQuery(String),
    /// The request body could not be read.
    #[error("invalid request body: {0}")]
    InvalidBody(String),
    /// No document with this id.
    #[error("no document with id `{0}`")]
    DocumentNotFound(String),
    /// A reference that no document in the graph carries or cites.
    #[error("no document or citation matches `{reference}`")]
    UnknownReference {
        reference: String,
        suggestions: Vec<String>,
    },
    /// No such route.
    #[error("no route {0}; GET /api/openapi.json lists every route")]
    RouteNotFound(String),
    /// The route exists, not with this method.
    #[error("{method} is not allowed on {path}; allowed: {allowed}")]
    MethodNotAllowed {
        method: String,
        path: String,
        allowed: String,
    },
    /// The request body is larger than the route accepts.
    #[error("the request body is too large: {0}")]
    PayloadTooLarge(String),
    /// The body's content type is not one the route reads.
    #[error("unsupported content type: {0}")]
    UnsupportedMediaType(String),
    /// The request target (path and query) is longer than the server reads.
    #[error("the URL is {0} bytes long; the limit is {1} bytes (send long text with POST where a route allows it)")]
    UriTooLong(usize, usize),
    /// The request's headers are larger than the server reads.
    #[error("the request headers are {0} bytes; the limit is {1} bytes")]
    HeadersTooLarge(usize, usize),
    /// The `Host` header names a host this server does not answer for.
    #[error("host `{0}` is not allowed; the server answers for its own loopback names and the --allow-host names")]
    HostNotAllowed(String),
    /// The request body did not arrive within the body timeout.
    #[error("the request body was not received in time; send it whole, at once")]
    BodyTimeout,
    /// The answer took longer than the request timeout.
    #[error(
        "the request took longer than {0} s and was stopped; narrow it (filters, a smaller limit)"
    )]
    Timeout(f64),
    /// Too many requests are being answered already.
    #[error("the server is busy ({0} requests in progress); retry in a moment")]
    Overloaded(usize),
    /// The server's own fault (index unreadable, …): never caused by input.
    #[error("internal error: {0}")]
    Internal(String),
    /// Any other HTTP error status produced below the handlers.
    #[error("{1}")]
    Http(StatusCode, String),
}

fn known_list(known: &[&'static str]) -> String {
    if known.is_empty() {
        "no parameters".to_string()
    } else {
        known.join(", ")
    }
}

/// The body of every error answer (for the OpenAPI document).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: invalid_parameter, unknown_parameter,
    /// invalid_query, invalid_body, document_not_found, unknown_reference,
    /// route_not_found, method_not_allowed, payload_too_large,
    /// unsupported_media_type, uri_too_long, headers_too_large,
    /// host_not_allowed, request_timeout, timeout, overloaded, internal.
    pub code: String,
    /// A sentence for people: what is wrong and how to fix it.
    pub message: String,
    /// The parameter at fault (invalid_parameter, unknown_parameter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// Known references close to an unknown one (unknown_reference).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Vec<String>>,
}

impl ApiError {
    pub fn invalid(name: &str, message: impl Into<String>) -> Self {
        ApiError::InvalidParameter {
            name: name.to_string(),
            message: message.into(),
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidParameter { .. } => "invalid_parameter",
            ApiError::UnknownParameter { .. } => "unknown_parameter",
            ApiError::InvalidQuery(_) => "invalid_query",
            ApiError::InvalidBody(_) => "invalid_body",
            ApiError::DocumentNotFound(_) => "document_not_found",
            ApiError::UnknownReference { .. } => "unknown_reference",
            ApiError::RouteNotFound(_) => "route_not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::UriTooLong(..) => "uri_too_long",
            ApiError::HeadersTooLarge(..) => "headers_too_large",
            ApiError::HostNotAllowed(_) => "host_not_allowed",
            ApiError::Timeout(_) => "timeout",
            ApiError::BodyTimeout => "request_timeout",
            ApiError::Overloaded(_) => "overloaded",
            ApiError::Internal(_) => "internal",
            ApiError::Http(status, _) if status.is_client_error() => "bad_request",
            ApiError::Http(..) => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidParameter { .. }
            | ApiError::UnknownParameter { .. }
            | ApiError::InvalidQuery(_)
            | ApiError::InvalidBody(_) => StatusCode::BAD_REQUEST,
            ApiError::DocumentNotFound(_)
            | ApiError::UnknownReference { .. }
            | ApiError::RouteNotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::UriTooLong(..) => StatusCode::URI_TOO_LONG,
            ApiError::HeadersTooLarge(..) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ApiError::HostNotAllowed(_) => StatusCode::FORBIDDEN,
            ApiError::Timeout(_) | ApiError::Overloaded(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Http(status, _) => *status,
        }
    }

    fn details(&self) -> Option<Value> {
        match self {
            ApiError::InvalidParameter { name, .. } | ApiError::UnknownParameter { name, .. } => {
                Some(json!({ "parameter": name }))
            }
            ApiError::UnknownReference { suggestions, .. } => {
                Some(json!({ "suggestions": suggestions }))
            }
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() && !matches!(self, ApiError::Overloaded(_)) {
            tracing::error!(error = %self, "request failed");
        }
        let mut body = json!({ "code": self.code(), "message": self.to_string() });
        if let (Some(Value::Object(extra)), Some(obj)) = (self.details(), body.as_object_mut()) {
            obj.extend(extra);
        }
        let mut res = (status, Json(json!({ "error": body }))).into_response();
        match &self {
            ApiError::Overloaded(_) | ApiError::Timeout(_) => {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            ApiError::MethodNotAllowed { allowed, .. } => {
                if let Ok(v) = HeaderValue::from_str(allowed) {
                    res.headers_mut().insert(header::ALLOW, v);
                }
            }
            _ => {}
        }
        res
    }
}
