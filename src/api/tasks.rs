//! Task handlers: `GET /api/tasks` and `GET /api/organs`.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::params::Params;
use super::{blocking, stream, ApiError, AppState};
use crate::tasks::{
    parse_due, CsvSink, GroupBy, OrganSummary, TaskError, TaskQuery, TaskResult, Visit,
    DEFAULT_LIMIT,
};

/// Parameters of `GET /api/tasks`.
pub const PARAMS: [&str; 10] = [
    "organ", "q", "province", "document", "due_from", "due_to", "group_by", "format", "limit",
    "offset",
];

/// Largest page of a JSON answer: a JSON answer is built whole, so it is
/// bounded; CSV is streamed and has no such limit.
pub const JSON_MAX_LIMIT: usize = 5_000;

/// Documents whose tasks are loaded at once while streaming CSV.
const CSV_BATCH: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

/// Turn the parameters into a store query and an output format.
fn parse(p: &Params) -> Result<(TaskQuery, Format), ApiError> {
    let format = match p.choice("format", &["json", "csv"], "json")? {
        "csv" => Format::Csv,
        _ => Format::Json,
    };
    let group_by = match p.get("group_by") {
        None => GroupBy::default(),
        Some(g) => g
            .parse::<GroupBy>()
            .map_err(|e| ApiError::invalid("group_by", e.to_string()))?,
    };
    let due = |name: &str, end: bool| {
        p.get(name)
            .map(|s| parse_due(s, end).map_err(|m| ApiError::invalid(name, m)))
            .transpose()
    };
    let limit = match format {
        Format::Json => Some(
            p.limit(DEFAULT_LIMIT, JSON_MAX_LIMIT)
                .map_err(|e| match e {
                    ApiError::InvalidParameter { name, message } => ApiError::InvalidParameter {
                        name,
                        message: format!(
                            "{message} (a JSON answer is a page; format=csv or GET \
                     /api/export/tasks.csv streams every task)"
                        ),
                    },
                    other => other,
                })?,
        ),
        // CSV is streamed: every match unless a limit is given.
        Format::Csv => p.count("limit", 1..=usize::MAX)?,
    };
    let query = TaskQuery {
        organ: p.get("organ").map(str::to_string),
        q: p.get("q").map(str::to_string),
        province: p.get("province").map(str::to_string),
        document: p.get("document").map(str::to_string),
        due_from: due("due_from", false)?,
        due_to: due("due_to", true)?,
        group_by,
        offset: p.offset()?,
        limit,
    };
    Ok((query, format))
}

pub(super) fn task_error(e: TaskError) -> ApiError {
    match e {
        TaskError::UnknownOrgan { .. } => ApiError::invalid("organ", e.to_string()),
        TaskError::Query(q) => ApiError::InvalidQuery(q.to_string()),
        TaskError::InvalidParameter { ref name, .. } => {
            let name = name.clone();
            ApiError::invalid(&name, e.to_string())
        }
        other => ApiError::Internal(other.to_string()),
    }
}

/// Tasks matching every given filter, grouped by province, organ or document
/// (default), as JSON (a page of at most `limit` tasks, default 1,000, at
/// most 5,000; groups and counts cover every match) or as CSV (UTF-8 with a
/// byte-order mark, a header row, one row per task with its full text and
/// evidence; streamed, every match unless `limit` is given).
#[utoipa::path(
    get,
    path = "/api/tasks",
    tag = "tasks",
    params(
        ("organ" = Option<String>, Query, description = "An organ key (ban_tuyen_giao) or any name it is written as (Ban Tuyên giáo, ban tuyen giao)."),
        ("q" = Option<String>, Query, description = "Task text, in the query language: words (all must match; typed without diacritics they match any), \"phrases\", -exclusions, document numbers. Filters go in their own parameters."),
        ("province" = Option<String>, Query, description = "A province as written or without diacritics; `null` for documents whose province is unknown."),
        ("document" = Option<String>, Query, description = "A document id or number (60-KH/TU)."),
        ("due_from" = Option<String>, Query, description = "Deadline ends on or after this day (YYYY-MM-DD, YYYY-MM or YYYY)."),
        ("due_to" = Option<String>, Query, description = "Deadline starts on or before this day (YYYY-MM-DD, YYYY-MM or YYYY)."),
        ("group_by" = Option<String>, Query, description = "province, organ or document (default)."),
        ("format" = Option<String>, Query, description = "json (default) or csv."),
        ("limit" = Option<usize>, Query, description = "Tasks per page: JSON 1 to 5,000 (default 1,000); CSV 1 or more (default: all)."),
        ("offset" = Option<usize>, Query, description = "Tasks to skip, in answer order (default 0)."),
    ),
    responses(
        (status = 200, description = "JSON: {group_by, organs?, total, returned, offset, truncated, groups: [{key, task_count, document_count, documents: [{id, source, number, title, province, date, task_count, tasks: [...]}]}], hint?}; CSV: one row per task (X-Total-Count: matching tasks)",
            content((Object = "application/json"), (String = "text/csv"))),
        (status = 400, description = "invalid_parameter, invalid_query or unknown_parameter", body = super::ErrorBody),
    )
)]
pub async fn tasks(State(s): State<AppState>, params: Params) -> Result<Response, ApiError> {
    let (query, format) = parse(&params.allow(&PARAMS)?)?;
    let generation = s.current();
    match format {
        Format::Json => {
            let result: TaskResult = blocking(move || generation.tasks.query(&query))
                .await?
                .map_err(task_error)?;
            Ok(Json(result).into_response())
        }
        Format::Csv => {
            // Count first (and report a bad query as a 400 before the stream starts).
            let counting = TaskQuery {
                limit: Some(0),
                ..query.clone()
            };
            let g = generation.clone();
            let total = blocking(move || g.tasks.query(&counting))
                .await?
                .map_err(task_error)?
                .total;
            let rows = total
                .saturating_sub(query.offset)
                .min(query.limit.unwrap_or(usize::MAX));
            let body = stream::body(move |w| -> Result<(), TaskError> {
                let mut sink = CsvSink::new(w)?;
                let mut group: Option<String> = None;
                generation.tasks.walk(&query, CSV_BATCH, &mut |visit| {
                    match visit {
                        Visit::Group(g) => group = g.key,
                        Visit::Document(d) => sink.document(group.as_deref(), &d)?,
                    }
                    Ok(())
                })?;
                sink.finish().map(|_| ())
            });
            let mut res = (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "inline; filename=\"tasks.csv\"",
                    ),
                ],
                body,
            )
                .into_response();
            res.headers_mut()
                .insert("x-total-count", HeaderValue::from(total));
            res.headers_mut()
                .insert("x-row-count", HeaderValue::from(rows));
            Ok(res)
        }
    }
}

/// Every canonical organ key in the store, the names it is written as, and
/// its task count (most tasks first).
#[utoipa::path(
    get,
    path = "/api/organs",
    tag = "tasks",
    responses(
        (status = 200, description = "[{key, aliases_seen, task_count}]", body = Object),
        (status = 400, description = "unknown_parameter (this route takes none)", body = super::ErrorBody),
    )
)]
pub async fn organs(
    State(s): State<AppState>,
    params: Params,
) -> Result<Json<Vec<OrganSummary>>, ApiError> {
    params.allow(&[])?;
    Ok(Json(s.current().tasks.organs()))
}
