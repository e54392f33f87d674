//! The HTTP API (axum). Routes in one place ([`router`]), handlers thin (one file
//! per area), state in one struct ([`AppState`]), one error type ([`ApiError`]).

use std::sync::Arc;

use axum::routing::get;
use axum::Router;

mod error;
mod graph;
mod search;
mod tasks;

pub use error::ApiError;

/// One loaded index generation: everything a handler reads to answer.
pub struct Generation {
    pub search: Arc<crate::index::SearchIndex>,
    pub graph: Arc<crate::graph::Graph>,
    pub tasks: Arc<crate::tasks::TaskStore>,
}

/// What every handler receives; cheap to clone. Handlers take one snapshot
/// with [`AppState::current`] and answer from it, so a request never mixes two
/// generations.
#[derive(Clone)]
pub struct AppState {
    current: Arc<std::sync::RwLock<Arc<Generation>>>,
}

impl AppState {
    pub fn new(generation: Generation) -> AppState {
        AppState {
            current: Arc::new(std::sync::RwLock::new(Arc::new(generation))),
        }
    }

    /// The generation requests are answered from now.
    pub fn current(&self) -> Arc<Generation> {
        match self.current.read() {
            Ok(g) => g.clone(),
            // A writer never panics while holding the lock; if one did, the
            // generation it left is still whole.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/search", get(search::search))
        .route("/api/documents/{id}", get(search::document))
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
        .merge(crate::web::routes())
        .fallback(not_found)
        .with_state(state)
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::RouteNotFound(uri.path().to_string())
}

/// Open everything a generation holds and build the state. The graph (the
/// slowest part) is read on its own thread while the search index and the task
/// store open.
pub fn load(index_dir: &std::path::Path) -> Result<AppState, LoadError> {
    load_generation(index_dir).map(AppState::new)
}

/// Open the live generation of `index_dir`.
pub fn load_generation(index_dir: &std::path::Path) -> Result<Generation, LoadError> {
    let gen = crate::index::current_generation(index_dir)?;
    let graph_file = gen.join(crate::graph::Graph::FILE);
    let (search, graph, tasks) = std::thread::scope(|scope| {
        let graph = scope.spawn(|| crate::graph::Graph::load(&graph_file));
        let search = crate::index::SearchIndex::open(&gen);
        let tasks = crate::tasks::TaskStore::open(&gen.join(crate::tasks::TaskStore::DIR));
        let graph = graph
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (search, graph, tasks)
    });
    let (search, graph, tasks) = (search?, graph?, tasks?);
    Ok(Generation {
        search: Arc::new(search),
        graph: Arc::new(graph),
        tasks: Arc::new(tasks),
    })
}

/// Why the server could not load an index.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error("graph: {0}")]
    Graph(#[from] crate::graph::GraphError),
    #[error("task store: {0}")]
    Tasks(#[from] crate::tasks::TaskError),
}
