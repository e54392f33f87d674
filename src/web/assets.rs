//! Static files compiled into the binary and served from `/assets/{name}`:
//! the pages' stylesheet and script, and the vendored graph libraries
//! (`assets/README.md` lists their versions and licences). Nothing is loaded
//! from elsewhere.
//!
//! Pages link `/assets/{name}?v={hash}` (a hash of the content): such a
//! request is cached for a year (`immutable`); a request without the current
//! hash is answered with `no-cache` and an `ETag`, so a stale link is
//! revalidated rather than served stale.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{Path, Query};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::WebError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: [Asset; 4] = [
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("assets/style.css"),
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("assets/app.js"),
    },
    Asset {
        name: "cytoscape.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("assets/vendor/cytoscape.min.js"),
    },
    Asset {
        name: "cytoscape-dagre.min.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("assets/vendor/cytoscape-dagre.min.js"),
    },
];

/// FNV-1a 64 of each asset, in hex: changes whenever the content does.
static HASHES: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for &b in a.body {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            (a.name, format!("{h:016x}"))
        })
        .collect()
});

/// The URL pages use for an asset (with its content hash).
pub fn url(name: &str) -> String {
    match HASHES.get(name) {
        Some(h) => format!("/assets/{name}?v={h}"),
        None => format!("/assets/{name}"),
    }
}

/// `GET /assets/{name}`.
pub async fn serve(
    Path(name): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let asset = ASSETS
        .iter()
        .find(|a| a.name == name)
        .ok_or_else(|| WebError::not_found(format!("Không có tệp tĩnh nào tên `{name}`.")))?;
    let hash = HASHES.get(asset.name).map(String::as_str).unwrap_or("");
    let etag = format!("\"{hash}\"");
    let cache = if q.get("v").is_some_and(|v| v == hash) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut out_headers = HeaderMap::new();
    out_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        out_headers.insert(header::ETAG, v);
    }
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, out_headers).into_response());
    }
    out_headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    Ok((out_headers, asset.body).into_response())
}
