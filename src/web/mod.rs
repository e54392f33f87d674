//! The web pages: server-rendered HTML (maud) that works without JavaScript;
//! JavaScript only draws the implementation graph and sorts tables in place.
//!
//! Routes in one place ([`routes`]), merged into the service's router by
//! `api::router`. Every handler is thin: it takes one generation snapshot
//! (`AppState::current`), runs the page's assembly function on a blocking
//! thread (the assembly calls the library directly: search index, graph,
//! task store, never HTTP) and renders the result. Every page has a stable
//! URL made of its path and query parameters, so a page can be shared.
//!
//! | page | what it shows |
//! |---|---|
//! | `/`, `/search?q=` | hits with snippets, facets, paging, the query language |
//! | `/documents` | every document, newest first |
//! | `/documents/{id}` | metadata, relations, tasks, the text with its citations as links |
//! | `/refs` | the documents implemented by the most others |
//! | `/refs/{ref}` | what is known of a reference, coverage by province, the graph, implementers |
//! | `/tasks` (`.csv`, `.ics`) | tasks by organ, province, text and deadline |

use axum::routing::get;
use axum::Router;

use crate::api::AppState;

mod assets;
mod document;
mod error;
mod fmt;
mod layout;
mod refs;
mod search;
mod tasks;

pub use error::WebError;
pub use tasks::CSV_COLUMNS;

/// Every page and asset route; the service merges it into its router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search::home))
        .route("/search", get(search::page))
        .route("/documents", get(document::list))
        .route("/documents/{id}", get(document::page))
        .route("/refs", get(refs::index))
        // `*`: a reference holds `/` (`21-KL/TW`), written plain or as `%2F`.
        .route("/refs/{*reference}", get(refs::page))
        .route("/tasks", get(tasks::page))
        .route("/tasks.csv", get(tasks::csv))
        .route("/tasks.ics", get(tasks::ics))
        .route("/assets/{name}", get(assets::serve))
}

/// Run a page's assembly (index, graph and task-store reads block) off the
/// async workers.
async fn blocking<T, F>(f: F) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, WebError> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| WebError::Internal(format!("page assembly stopped: {e}")))?
}

/// Query parameters as pairs, or a 400 page when they cannot be read.
type Params = Vec<(String, String)>;

fn params(
    q: Result<axum::extract::Query<Params>, axum::extract::rejection::QueryRejection>,
) -> Result<Params, WebError> {
    q.map(|axum::extract::Query(p)| p).map_err(|e| {
        WebError::BadRequest(format!(
            "Không đọc được tham số của địa chỉ: {}",
            e.body_text()
        ))
    })
}

/// The first non-blank value of a parameter.
fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .find(|v| !v.is_empty())
}

/// A 1-based page number (`page=`), at most `max`.
fn page_number(params: &Params, max: usize) -> Result<usize, WebError> {
    match param(params, "page") {
        None => Ok(1),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "Số trang `{v}` không hợp lệ: hãy dùng một số nguyên từ 1 đến {max}."
                ))
            }),
    }
}
