//! The HTTP API (axum). Routes in one place ([`router_with`]), each handler
//! annotated for the OpenAPI document it is registered with (utoipa-axum: a
//! route cannot be added without its documentation), handlers thin (one file
//! per area), state in one struct ([`AppState`]), one error type
//! ([`ApiError`]), one parameter policy ([`params::Params`]).

use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::{middleware, Extension, Router};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub mod documents;
mod error;
mod export;
mod graph;
mod layers;
mod metrics;
mod openapi;
pub mod params;
mod reload;
mod search;
pub mod server;
mod stream;
mod tasks;

pub use documents::{lookup as citation_lookup, LookupAnswer};
pub use error::{ApiError, ErrorBody, ErrorDetail};
pub use export::{write_export, Export};
pub use layers::ServiceOptions;
pub use metrics::Metrics;
pub use reload::watch;

/// One loaded index generation: everything a handler reads to answer.
pub struct Generation {
    /// The generation's folder name (`gen-…`); empty for one built in memory.
    pub name: String,
    pub search: Arc<crate::index::SearchIndex>,
    pub graph: Arc<crate::graph::Graph>,
    pub tasks: Arc<crate::tasks::TaskStore>,
    /// Keeps the generation's folder on disk while it is served (declared
    /// last: released after everything above is closed).
    pub hold: Option<Arc<crate::index::ReaderLock>>,
}

/// What every handler receives; cheap to clone. Handlers take one snapshot
/// with [`AppState::current`] and answer from it, so a request never mixes two
/// generations; [`AppState::swap`] replaces the generation for the requests
/// that start afterwards, while those in flight finish on theirs.
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    current: ArcSwap<Generation>,
    metrics: Metrics,
}

impl AppState {
    pub fn new(generation: Generation) -> AppState {
        let metrics = Metrics::new();
        metrics.serving(&generation);
        AppState {
            shared: Arc::new(Shared {
                current: ArcSwap::from_pointee(generation),
                metrics,
            }),
        }
    }

    /// The generation requests are answered from now.
    pub fn current(&self) -> Arc<Generation> {
        self.shared.current.load_full()
    }

    /// Serve `generation` from now on; returns the one it replaces (dropped,
    /// and its folder released, when the last request using it ends).
    pub fn swap(&self, generation: Generation) -> Arc<Generation> {
        self.shared.metrics.serving(&generation);
        self.shared.current.swap(Arc::new(generation))
    }

    pub fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }
}

/// Run blocking work (index, graph and task-store reads) off the async
/// workers; a panic in it becomes a JSON 500.
pub(crate) async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        if e.is_panic() {
            tracing::error!(error = %e, "a request handler panicked");
            ApiError::Internal("the request handler failed; the server keeps running".into())
        } else {
            ApiError::Internal(format!("the request was cancelled: {e}"))
        }
    })
}

/// The API routes, each registered with its OpenAPI operation.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base())
        .routes(routes!(search::search))
        .routes(routes!(documents::list))
        .routes(routes!(search::document))
        .routes(routes!(graph::citations))
        .routes(routes!(graph::implementers))
        .routes(routes!(graph::chain))
        .routes(routes!(graph::subgraph))
        .routes(routes!(tasks::tasks))
        .routes(routes!(tasks::organs))
        .routes(routes!(documents::citation_lookup))
        .routes(routes!(export::records))
        .routes(routes!(export::edges))
        .routes(routes!(export::tasks))
        .routes(routes!(export::graphml))
}

/// Routes outside admission and the request timeout: health, metrics, the
/// OpenAPI document.
fn service_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(metrics::metrics))
        .routes(routes!(openapi::document))
}

/// The OpenAPI document of every route.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, doc) = api_routes().merge(service_routes()).split_for_parts();
    openapi::finish(doc)
}

/// Every route of the service, with the default [`ServiceOptions`].
pub fn router(state: AppState) -> Router {
    router_with(state, ServiceOptions::default())
}

/// Every route of the service, guarded as `opts` says.
pub fn router_with(state: AppState, opts: ServiceOptions) -> Router {
    let opts = Arc::new(opts);
    let admission = Arc::new(layers::Admission::new(&opts));
    let api = api_routes()
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            layers::panic_response,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::GATEWAY_TIMEOUT,
            opts.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(admission, layers::admit));
    let (routes, doc) = api.merge(service_routes()).split_for_parts();
    let doc = Arc::new(openapi::finish(doc));
    routes
        .merge(crate::web::routes())
        .route_layer(middleware::from_fn(layers::tag_route))
        .fallback(not_found)
        .layer(Extension(doc))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            layers::panic_response,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            opts.max_body_bytes,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            opts.body_timeout,
        ))
        .layer(tower::util::option_layer(layers::cors(&opts.cors)))
        .layer(middleware::from_fn_with_state(opts.clone(), layers::guard))
        .layer(middleware::from_fn_with_state(
            opts.clone(),
            layers::json_errors,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            layers::observe,
        ))
        .with_state(state)
}

/// Liveness: `ok` while the server answers.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "service",
    responses(
        (status = 200, description = "`ok`", body = String, content_type = "text/plain"),
        (status = 400, description = "unknown_parameter (this route takes none)", body = ErrorBody),
    )
)]
async fn health(params: params::Params) -> Result<&'static str, ApiError> {
    params.allow(&[])?;
    Ok("ok")
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::RouteNotFound(params::printable(uri.path()))
}

/// Open everything a generation holds and build the state. The graph (the
/// slowest part) is read on its own thread while the search index and the task
/// store open.
pub fn load(index_dir: &std::path::Path) -> Result<AppState, LoadError> {
    load_generation(index_dir).map(AppState::new)
}

/// Open the live generation of `index_dir`, holding its folder (see
/// [`crate::index::ReaderLock`]) for as long as the generation is in use.
pub fn load_generation(index_dir: &std::path::Path) -> Result<Generation, LoadError> {
    let gen = crate::index::current_generation(index_dir)?;
    let hold = crate::index::ReaderLock::hold(index_dir, &gen)?;
    let name = gen
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let graph_file = gen.join(crate::graph::Graph::FILE);
    let timed = |what: &'static str, started: std::time::Instant| {
        tracing::debug!(what, ms = started.elapsed().as_millis() as u64, "loaded");
    };
    let (search, graph, tasks) = std::thread::scope(|scope| {
        let graph = scope.spawn(|| {
            let t = std::time::Instant::now();
            let g = crate::graph::Graph::load(&graph_file);
            timed("graph", t);
            g
        });
        let t = std::time::Instant::now();
        let search = crate::index::SearchIndex::open(&gen);
        timed("search index", t);
        let t = std::time::Instant::now();
        let tasks = crate::tasks::TaskStore::open(&gen.join(crate::tasks::TaskStore::DIR));
        timed("task store", t);
        let graph = graph
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (search, graph, tasks)
    });
    let (search, graph, tasks) = (search?, graph?, tasks?);
    Ok(Generation {
        name,
        search: Arc::new(search),
        graph: Arc::new(graph),
        tasks: Arc::new(tasks),
        hold: Some(Arc::new(hold)),
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
