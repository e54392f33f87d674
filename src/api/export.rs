//! Bulk exports, streamed: `GET /api/export/records.jsonl`, `edges.csv`,
//! `tasks.csv`, `graph.graphml`. Each answer says how much it holds in
//! headers (`X-Total-Count`, and for the graph `X-Node-Count` and
//! `X-Edge-Count`) before the body starts; the body is written a chunk at a
//! time from the generation the request started on.

use std::io::Write;

use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use petgraph::visit::EdgeRef;

use super::params::Params;
use super::{stream, ApiError, AppState, Generation};
use crate::graph::export::xml_escape;
use crate::graph::Graph;
use crate::tasks::{CsvSink, TaskError, TaskQuery, Visit};

/// Documents whose tasks are loaded at once while exporting.
const TASK_BATCH: usize = 256;

fn streamed(
    content_type: &'static str,
    filename: &str,
    counts: &[(&'static str, usize)],
    body: axum::body::Body,
) -> Response {
    let mut res = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response();
    for (name, n) in counts {
        res.headers_mut()
            .insert(HeaderName::from_static(name), HeaderValue::from(*n));
    }
    res
}

/// Every document's record, one JSON object a line: `{"id": …, "record": …}`
/// (the record without its tasks, which are in `tasks.csv`).
#[utoipa::path(
    get,
    path = "/api/export/records.jsonl",
    tag = "export",
    responses(
        (status = 200, description = "JSON lines, one per document (X-Total-Count: documents)", body = String, content_type = "application/x-ndjson"),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub async fn records(State(s): State<AppState>, params: Params) -> Result<Response, ApiError> {
    params.allow(&[])?;
    let generation = s.current();
    let total = generation.search.num_docs() as usize;
    let body = stream::body(move |w| write_export(Export::Records, &generation, w));
    Ok(streamed(
        "application/x-ndjson; charset=utf-8",
        "records.jsonl",
        &[("x-total-count", total)],
        body,
    ))
}

/// The bulk exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// `records.jsonl`: one `{"id", "record"}` object a line.
    Records,
    /// `edges.csv`: every graph edge, one row per stating document.
    Edges,
    /// `tasks.csv`: every task (the columns of the task CSV).
    Tasks,
    /// `graph.graphml`: the whole graph.
    Graphml,
}

impl Export {
    pub const ALL: [Export; 4] = [
        Export::Records,
        Export::Edges,
        Export::Tasks,
        Export::Graphml,
    ];

    /// The file name (`records.jsonl`, …), also the route's last segment.
    pub fn file_name(self) -> &'static str {
        match self {
            Export::Records => "records.jsonl",
            Export::Edges => "edges.csv",
            Export::Tasks => "tasks.csv",
            Export::Graphml => "graph.graphml",
        }
    }
}

/// Write one export of `generation` to `w`, a record at a time.
pub fn write_export(
    kind: Export,
    generation: &Generation,
    w: &mut dyn Write,
) -> Result<(), Failed> {
    match kind {
        Export::Records => {
            generation
                .search
                .for_each_record(|id, record| -> Result<(), Failed> {
                    let id = serde_json::to_string(id).map_err(|e| Failed(e.to_string()))?;
                    writeln!(w, "{{\"id\":{id},\"record\":{record}}}")?;
                    Ok(())
                })?;
            w.flush()?;
            Ok(())
        }
        Export::Edges => write_edges(generation, w).map_err(Failed),
        Export::Tasks => {
            let mut sink = CsvSink::new(w).map_err(Failed::from)?;
            let mut group: Option<String> = None;
            generation
                .tasks
                .walk(&TaskQuery::default(), TASK_BATCH, &mut |visit| {
                    match visit {
                        Visit::Group(g) => group = g.key,
                        Visit::Document(d) => sink.document(group.as_deref(), &d)?,
                    }
                    Ok(())
                })
                .map_err(Failed::from)?;
            sink.finish().map_err(Failed::from)?.flush()?;
            Ok(())
        }
        Export::Graphml => {
            write_graphml(&generation.graph, w)?;
            w.flush()?;
            Ok(())
        }
    }
}

/// Why an export stopped midway (logged; an HTTP client sees a cut body).
#[derive(Debug)]
pub struct Failed(pub String);

impl std::error::Error for Failed {}

impl From<TaskError> for Failed {
    fn from(e: TaskError) -> Failed {
        Failed(e.to_string())
    }
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<crate::index::IndexError> for Failed {
    fn from(e: crate::index::IndexError) -> Failed {
        Failed(e.to_string())
    }
}

impl From<std::io::Error> for Failed {
    fn from(e: std::io::Error) -> Failed {
        Failed(e.to_string())
    }
}

/// Columns of `edges.csv`.
pub const EDGE_COLUMNS: [&str; 14] = [
    "from_key",
    "from_id",
    "from_ref",
    "to_key",
    "to_id",
    "to_ref",
    "kind",
    "mentions",
    "evidence_document",
    "evidence_section",
    "evidence_sentence",
    "evidence_start",
    "evidence_end",
    "to_label",
];

/// Every edge of the graph with its evidence: one row per (edge, stating
/// document), UTF-8 with a byte-order mark.
#[utoipa::path(
    get,
    path = "/api/export/edges.csv",
    tag = "export",
    responses(
        (status = 200, description = "CSV: from_key, from_id, from_ref, to_key, to_id, to_ref, kind, mentions, evidence_document, evidence_section, evidence_sentence, evidence_start, evidence_end, to_label (X-Total-Count: edges, X-Row-Count: rows)", body = String, content_type = "text/csv"),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub async fn edges(State(s): State<AppState>, params: Params) -> Result<Response, ApiError> {
    params.allow(&[])?;
    let generation = s.current();
    let graph: &Graph = &generation.graph;
    let total = graph.edge_count();
    let rows: usize = graph
        .g
        .edge_weights()
        .map(|e| e.evidence.len().max(1))
        .sum();
    let body = stream::body(move |w| write_export(Export::Edges, &generation, w));
    Ok(streamed(
        "text/csv; charset=utf-8",
        "edges.csv",
        &[("x-total-count", total), ("x-row-count", rows)],
        body,
    ))
}

fn write_edges(generation: &Generation, w: &mut dyn Write) -> Result<(), String> {
    let g = &generation.graph.g;
    w.write_all(crate::tasks::CSV_BOM.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(EDGE_COLUMNS).map_err(|e| e.to_string())?;
    for e in g.edge_references() {
        let (a, b) = (&g[e.source()], &g[e.target()]);
        let edge = e.weight();
        let mentions = if edge.mentions > 0 {
            edge.mentions.to_string()
        } else {
            String::new()
        };
        let base = [
            a.key.clone(),
            a.id.clone().unwrap_or_default(),
            a.reference.clone().unwrap_or_default(),
            b.key.clone(),
            b.id.clone().unwrap_or_default(),
            b.reference.clone().unwrap_or_default(),
            edge.kind.slug().to_string(),
            mentions,
        ];
        let label = b.label();
        if edge.evidence.is_empty() {
            let mut row: Vec<&str> = base.iter().map(String::as_str).collect();
            row.extend(["", "", "", "", "", &label]);
            csv.write_record(&row).map_err(|e| e.to_string())?;
            continue;
        }
        for ev in &edge.evidence {
            let doc = g.node_weight(petgraph::graph::NodeIndex::new(ev.doc as usize));
            let document = doc
                .and_then(|d| d.id.clone().or(Some(d.key.clone())))
                .unwrap_or_default();
            let span = ev.span();
            let start = span.map(|[s, _]| s.to_string()).unwrap_or_default();
            let end = span.map(|[_, e]| e.to_string()).unwrap_or_default();
            let mut row: Vec<&str> = base.iter().map(String::as_str).collect();
            row.extend([
                document.as_str(),
                ev.section().unwrap_or(""),
                ev.sentence().unwrap_or(""),
                start.as_str(),
                end.as_str(),
                label.as_str(),
            ]);
            csv.write_record(&row).map_err(|e| e.to_string())?;
        }
    }
    csv.flush().map_err(|e| e.to_string())
}

/// Every task of every document, in corpus order: the CSV of `/api/tasks`
/// (byte-order mark, full text, evidence).
#[utoipa::path(
    get,
    path = "/api/export/tasks.csv",
    tag = "export",
    responses(
        (status = 200, description = "CSV, the columns of /api/tasks?format=csv (X-Total-Count: tasks)", body = String, content_type = "text/csv"),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub async fn tasks(State(s): State<AppState>, params: Params) -> Result<Response, ApiError> {
    params.allow(&[])?;
    let generation = s.current();
    let total = generation.tasks.len();
    let body = stream::body(move |w| write_export(Export::Tasks, &generation, w));
    Ok(streamed(
        "text/csv; charset=utf-8",
        "tasks.csv",
        &[("x-total-count", total)],
        body,
    ))
}

/// The whole graph as GraphML: every node (corpus and referenced-only
/// documents) and every edge with its kind and mention count.
#[utoipa::path(
    get,
    path = "/api/export/graph.graphml",
    tag = "export",
    responses(
        (status = 200, description = "GraphML (X-Node-Count, X-Edge-Count)", body = String, content_type = "application/graphml+xml"),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub async fn graphml(State(s): State<AppState>, params: Params) -> Result<Response, ApiError> {
    params.allow(&[])?;
    let generation = s.current();
    let (nodes, edges) = (generation.graph.node_count(), generation.graph.edge_count());
    let body =
        stream::body(move |w| write_graphml(&generation.graph, w).map_err(|e| e.to_string()));
    Ok(streamed(
        "application/graphml+xml; charset=utf-8",
        "graph.graphml",
        &[("x-node-count", nodes), ("x-edge-count", edges)],
        body,
    ))
}

fn write_graphml(graph: &Graph, w: &mut dyn Write) -> std::io::Result<()> {
    let g = &graph.g;
    w.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
          <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    )?;
    for (id, what) in [
        ("label", "node"),
        ("ref", "node"),
        ("doc_id", "node"),
        ("name", "node"),
        ("title", "node"),
        ("doc_type", "node"),
        ("date", "node"),
        ("issuer", "node"),
        ("province", "node"),
        ("kind", "edge"),
    ] {
        writeln!(
            w,
            "  <key id=\"{id}\" for=\"{what}\" attr.name=\"{id}\" attr.type=\"string\"/>"
        )?;
    }
    writeln!(
        w,
        "  <key id=\"mentions\" for=\"edge\" attr.name=\"mentions\" attr.type=\"int\"/>"
    )?;
    writeln!(w, "  <graph id=\"vanban\" edgedefault=\"directed\">")?;
    for n in g.node_weights() {
        writeln!(w, "    <node id=\"{}\">", xml_escape(&n.key))?;
        let data = [
            ("label", Some(n.label())),
            ("ref", n.reference.clone()),
            ("doc_id", n.id.clone()),
            ("name", n.name.clone()),
            ("title", n.title.clone()),
            ("doc_type", Some(n.doc_type.slug().to_string())),
            ("date", n.date.map(|d| d.to_string())),
            ("issuer", n.issuer.clone()),
            ("province", n.province.clone()),
        ];
        for (k, v) in data {
            if let Some(v) = v {
                writeln!(w, "      <data key=\"{k}\">{}</data>", xml_escape(&v))?;
            }
        }
        writeln!(w, "    </node>")?;
    }
    for e in g.edge_references() {
        let edge = e.weight();
        writeln!(
            w,
            "    <edge source=\"{}\" target=\"{}\">\n      <data key=\"kind\">{}</data>",
            xml_escape(&g[e.source()].key),
            xml_escape(&g[e.target()].key),
            edge.kind.slug()
        )?;
        if edge.mentions > 0 {
            writeln!(w, "      <data key=\"mentions\">{}</data>", edge.mentions)?;
        }
        writeln!(w, "    </edge>")?;
    }
    writeln!(w, "  </graph>\n</graphml>")
}
