//! The one-page web front end: a search box over `/api/search`.

use axum::response::Html;

const PAGE: &str = include_str!("web/index.html");

pub async fn page() -> Html<&'static str> {
    Html(PAGE)
}
