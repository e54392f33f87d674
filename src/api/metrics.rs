//! Prometheus metrics (`GET /metrics`, OpenMetrics text): requests by route
//! and status, latency histograms by route, the live index generation and
//! its sizes, reloads.

use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use super::{ApiError, AppState, Generation};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// The route's pattern (`/api/documents/{id}`), `unmatched` for 404s.
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct GenerationLabels {
    generation: String,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 0.5 ms to about 16 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// Every metric the service keeps.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    generation: Family<GenerationLabels, Gauge>,
    documents: Gauge,
    tasks: Gauge,
    graph_nodes: Gauge,
    graph_edges: Gauge,
    reloads: Counter,
    reload_failures: Counter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("vanban");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: LatencyFamily = Family::new_with_constructor(latency_histogram);
        let generation = Family::<GenerationLabels, Gauge>::default();
        let (documents, tasks) = (Gauge::default(), Gauge::default());
        let (graph_nodes, graph_edges) = (Gauge::default(), Gauge::default());
        let (reloads, reload_failures) = (Counter::default(), Counter::default());
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer (until the response head), by route",
            latency.clone(),
        );
        registry.register(
            "index_generation",
            "The live index generation (1 for the one being served)",
            generation.clone(),
        );
        registry.register(
            "index_documents",
            "Documents in the live index",
            documents.clone(),
        );
        registry.register("tasks", "Tasks in the live task store", tasks.clone());
        registry.register(
            "graph_nodes",
            "Nodes of the live graph (corpus and referenced-only documents)",
            graph_nodes.clone(),
        );
        registry.register(
            "graph_edges",
            "Edges of the live graph",
            graph_edges.clone(),
        );
        registry.register(
            "index_reloads",
            "New index generations loaded while serving",
            reloads.clone(),
        );
        registry.register(
            "index_reload_failures",
            "New index generations that could not be loaded",
            reload_failures.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            generation,
            documents,
            tasks,
            graph_nodes,
            graph_edges,
            reloads,
            reload_failures,
        }
    }

    /// Count one answered request.
    pub fn request(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                method: method.to_string(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_string(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// Describe the generation now served.
    pub fn serving(&self, g: &Generation) {
        self.generation.clear();
        self.generation
            .get_or_create(&GenerationLabels {
                generation: g.name.clone(),
            })
            .set(1);
        self.documents.set(to_i64(g.search.num_docs() as usize));
        self.tasks.set(to_i64(g.tasks.len()));
        self.graph_nodes.set(to_i64(g.graph.node_count()));
        self.graph_edges.set(to_i64(g.graph.edge_count()));
    }

    pub fn reloaded(&self) {
        self.reloads.inc();
    }

    pub fn reload_failed(&self) {
        self.reload_failures.inc();
    }

    /// The OpenMetrics text.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Prometheus metrics in the OpenMetrics text format.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "service",
    responses(
        (status = 200, description = "OpenMetrics text: vanban_http_requests_total{route,method,status}, vanban_http_request_duration_seconds{route}, vanban_index_generation{generation}, vanban_index_documents, vanban_tasks, vanban_graph_nodes, vanban_graph_edges, vanban_index_reloads_total, vanban_index_reload_failures_total", body = String, content_type = "application/openmetrics-text"),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub async fn metrics(
    State(s): State<AppState>,
    params: super::params::Params,
) -> Result<Response, ApiError> {
    params.allow(&[])?;
    let text = s
        .metrics()
        .encode()
        .map_err(|e| ApiError::Internal(format!("cannot encode the metrics: {e}")))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}
