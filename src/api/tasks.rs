//! Task handlers: `GET /api/tasks` and `GET /api/organs`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::{ApiError, AppState};
use crate::tasks::{
    parse_due, GroupBy, OrganSummary, TaskError, TaskQuery, DEFAULT_LIMIT, MAX_LIMIT,
};

/// Query parameters of `GET /api/tasks`; all optional, all read as text so a
/// malformed value becomes a 400 naming the parameter.
#[derive(Debug, Default, Deserialize)]
pub struct TasksParams {
    organ: Option<String>,
    q: Option<String>,
    province: Option<String>,
    document: Option<String>,
    due_from: Option<String>,
    due_to: Option<String>,
    group_by: Option<String>,
    format: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

/// Turn the raw parameters into a store query and an output format.
fn parse(p: &TasksParams) -> Result<(TaskQuery, Format), ApiError> {
    let format = match set(&p.format).map(str::to_ascii_lowercase).as_deref() {
        None | Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        Some(other) => {
            return Err(ApiError::invalid(
                "format",
                format!("`{other}` is not one of json, csv"),
            ))
        }
    };
    let group_by = match set(&p.group_by) {
        None => GroupBy::default(),
        Some(g) => g
            .parse::<GroupBy>()
            .map_err(|e| ApiError::invalid("group_by", e.to_string()))?,
    };
    let due = |name: &str, v: &Option<String>, end: bool| {
        set(v)
            .map(|s| parse_due(s, end).map_err(|m| ApiError::invalid(name, m)))
            .transpose()
    };
    let count = |name: &str, v: &Option<String>| {
        set(v)
            .map(|s| {
                s.parse::<usize>().map_err(|_| {
                    ApiError::invalid(name, format!("`{s}` is not a non-negative integer"))
                })
            })
            .transpose()
    };
    let limit = match count("limit", &p.limit)? {
        Some(l) if l > MAX_LIMIT => {
            return Err(ApiError::invalid(
                "limit",
                format!("at most {MAX_LIMIT} tasks per request"),
            ))
        }
        Some(l) => Some(l),
        // A CSV export is the whole answer; a JSON page is bounded.
        None if format == Format::Csv => None,
        None => Some(DEFAULT_LIMIT),
    };
    let query = TaskQuery {
        organ: set(&p.organ).map(str::to_string),
        q: set(&p.q).map(str::to_string),
        province: set(&p.province).map(str::to_string),
        document: set(&p.document).map(str::to_string),
        due_from: due("due_from", &p.due_from, false)?,
        due_to: due("due_to", &p.due_to, true)?,
        group_by,
        offset: count("offset", &p.offset)?.unwrap_or(0),
        limit,
    };
    Ok((query, format))
}

/// A parameter's value, if given and not blank.
fn set(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn task_error(e: TaskError) -> ApiError {
    match e {
        TaskError::UnknownOrgan { .. } => ApiError::invalid("organ", e.to_string()),
        TaskError::InvalidParameter { ref name, .. } => {
            let name = name.clone();
            ApiError::invalid(&name, e.to_string())
        }
        other => ApiError::Internal(other.to_string()),
    }
}

/// `GET /api/tasks?organ=&q=&province=&document=&due_from=&due_to=&group_by=&format=&limit=&offset=`
///
/// Tasks matching every given filter, grouped by province, organ or document
/// (default), as JSON (a page of at most `limit` tasks, default 1000; groups and
/// counts cover every match) or as CSV with a header row (every match unless
/// `limit` is given).
pub async fn tasks(
    State(s): State<AppState>,
    params: Result<Query<TasksParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let (query, format) = parse(&params)?;
    let store = s.current().tasks.clone();
    let result = tokio::task::spawn_blocking(move || store.query(&query))
        .await
        .map_err(|e| ApiError::Internal(format!("task query panicked: {e}")))?
        .map_err(task_error)?;
    Ok(match format {
        Format::Json => Json(result).into_response(),
        Format::Csv => {
            let csv = result.to_csv().map_err(task_error)?;
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "inline; filename=\"tasks.csv\"",
                    ),
                ],
                csv,
            )
                .into_response()
        }
    })
}

/// `GET /api/organs`: every canonical organ key in the store, the names it is
/// written as, and its task count (most tasks first).
pub async fn organs(State(s): State<AppState>) -> Json<Vec<OrganSummary>> {
    Json(s.current().tasks.organs())
}
