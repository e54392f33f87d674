//! The API's one error type: every failure becomes
//! `{"error": {"code": "...", "message": "...", ...}}` with a stable `code`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query parameter is missing, malformed or out of range.
    #[error("invalid parameter `{name}`: {message}")]
    InvalidParameter { name: String, message: String },
    /// The search query could not be read.
    #[error("cannot read the query: {0}")]
    InvalidQuery(String),
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
    #[error("no route {0}; see the API table in the README")]
    RouteNotFound(String),
    /// The server's own fault (index unreadable, …): never caused by input.
    #[error("internal error: {0}")]
    Internal(String),
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
            ApiError::InvalidQuery(_) => "invalid_query",
            ApiError::DocumentNotFound(_) => "document_not_found",
            ApiError::UnknownReference { .. } => "unknown_reference",
            ApiError::RouteNotFound(_) => "route_not_found",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidParameter { .. } | ApiError::InvalidQuery(_) => {
                StatusCode::BAD_REQUEST
            }
            ApiError::DocumentNotFound(_)
            | ApiError::UnknownReference { .. }
            | ApiError::RouteNotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn details(&self) -> Option<Value> {
        match self {
            ApiError::InvalidParameter { name, .. } => Some(json!({ "parameter": name })),
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
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut body = json!({ "code": self.code(), "message": self.to_string() });
        if let (Some(Value::Object(extra)), Some(obj)) = (self.details(), body.as_object_mut()) {
            obj.extend(extra);
        }
        (status, Json(json!({ "error": body }))).into_response()
    }
}
