//! Graph handlers. OWNER: graph helper. Placeholders until then.

use axum::extract::{Path, State};

use super::{ApiError, AppState};

pub async fn implementers(
    State(_s): State<AppState>,
    Path(reference): Path<String>,
) -> Result<String, ApiError> {
    Err(ApiError::UnknownReference {
        reference,
        suggestions: vec![],
    })
}

pub async fn chain(State(_s): State<AppState>, Path(id): Path<String>) -> Result<String, ApiError> {
    Err(ApiError::DocumentNotFound(id))
}

pub async fn subgraph(State(_s): State<AppState>) -> Result<String, ApiError> {
    Err(ApiError::Internal("not implemented yet".into()))
}
