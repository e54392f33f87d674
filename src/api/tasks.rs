//! Task handlers. OWNER: task-store helper. Placeholders until then.

use axum::extract::State;

use super::{ApiError, AppState};

pub async fn tasks(State(_s): State<AppState>) -> Result<String, ApiError> {
    Err(ApiError::Internal("not implemented yet".into()))
}

pub async fn organs(State(_s): State<AppState>) -> Result<String, ApiError> {
    Err(ApiError::Internal("not implemented yet".into()))
}
