//! The HTTP API (axum). Routes in one place ([`router`]), handlers thin (one file
//! per area), state in one struct ([`AppState`]), one error type ([`ApiError`]).

use std::sync::Arc;

use axum::routing::get;
use axum::Router;

mod error;
mod graph;
mod tasks;

pub use error::ApiError;

/// Everything a handler may read; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub graph: Arc<crate::graph::Graph>,
    pub tasks: Arc<crate::tasks::TaskStore>,
}

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            // `*`: a reference holds `/` (`21-KL/TW`), written plain or as `%2F`.
            "/api/graph/implementers/{*reference}",
            get(graph::implementers),
        )
        .route("/api/graph/chain/{id}", get(graph::chain))
        .route("/api/graph/subgraph", get(graph::subgraph))
        .route("/api/documents/{id}/citations", get(graph::citations))
        .route("/api/tasks", get(tasks::tasks))
        .route("/api/organs", get(tasks::organs))
        .with_state(state)
}
