//! What every request goes through around the handlers: the request log and
//! metrics, JSON errors for everything below the handlers (405, 413, 414,
//! 431, timeouts, overload, panics), URI and header size limits, the `Host`
//! allow-list, CORS, compression, timeouts and admission (the concurrency
//! limit with its waiting line).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{ApiError, AppState};

/// How the service guards itself; `vanban serve` sets these from its flags.
#[derive(Debug, Clone)]
pub struct ServiceOptions {
    /// Longest time a handler may take to produce the response head.
    pub request_timeout: Duration,
    /// Longest time to receive a request body.
    pub body_timeout: Duration,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Longest request target (path and query), in bytes.
    pub max_uri_bytes: usize,
    /// Largest total size of the request headers, in bytes.
    pub max_header_bytes: usize,
    /// API requests answered at once; more wait in line (first come, first
    /// served) for a free slot.
    pub concurrency: usize,
    /// Requests that may wait for a slot; one more is answered 503
    /// `overloaded` with `Retry-After` at once.
    pub queue: usize,
    /// Longest wait in line; past it the request is answered 503 `overloaded`.
    pub queue_wait: Duration,
    /// Origins allowed to read the API from a browser (`*`: any); empty: CORS off.
    pub cors: Vec<String>,
    /// `Host` names (without port) the server answers for; `None`: any.
    pub allowed_hosts: Option<Vec<String>>,
}

impl Default for ServiceOptions {
    fn default() -> Self {
        ServiceOptions {
            request_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(10),
            max_body_bytes: 1024 * 1024,
            max_uri_bytes: 32 * 1024,
            max_header_bytes: 16 * 1024,
            concurrency: 64,
            queue: 1024,
            queue_wait: Duration::from_secs(10),
            cors: Vec::new(),
            allowed_hosts: None,
        }
    }
}

impl ServiceOptions {
    /// The names a server bound to a loopback address answers for, plus `extra`.
    pub fn loopback_hosts(extra: &[String]) -> Vec<String> {
        let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]", "::1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        hosts.extend(extra.iter().map(|h| h.trim().to_ascii_lowercase()));
        hosts
    }
}

/// The route pattern a request matched, carried on the response for the
/// request log and metrics (which run outside the router).
#[derive(Debug, Clone)]
pub struct RouteTag(pub Arc<str>);

/// Route layer: tag the response with the matched route pattern.
pub async fn tag_route(matched: Option<MatchedPath>, req: Request, next: Next) -> Response {
    let tag = matched.map(|m| Arc::<str>::from(m.as_str()));
    let mut res = next.run(req).await;
    if let Some(tag) = tag {
        res.extensions_mut().insert(RouteTag(tag));
    }
    res
}

/// Outermost layer: one log line per request (`-q` hides it) and the metrics.
pub async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    let elapsed = started.elapsed();
    let status = res.status().as_u16();
    let route = res
        .extensions()
        .get::<RouteTag>()
        .map(|t| t.0.clone())
        .unwrap_or_else(|| Arc::from("unmatched"));
    state
        .metrics()
        .request(&route, method.as_str(), status, elapsed);
    tracing::info!(
        target: "vanban::access",
        "{method} {} {status} {:.1} ms",
        super::params::printable(&path),
        elapsed.as_secs_f64() * 1000.0
    );
    res
}

/// Refuse over-long URIs (414) and header blocks (431), and `Host` names
/// not on the allow-list (403; against DNS rebinding of a loopback server).
pub async fn guard(State(opts): State<Arc<ServiceOptions>>, req: Request, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri_len > opts.max_uri_bytes {
        return ApiError::UriTooLong(uri_len, opts.max_uri_bytes).into_response();
    }
    let header_len = header_bytes(req.headers());
    if header_len > opts.max_header_bytes {
        return ApiError::HeadersTooLarge(header_len, opts.max_header_bytes).into_response();
    }
    if let Some(allowed) = &opts.allowed_hosts {
        let host = req
            .headers()
            .get(header::HOST)
            .map(|h| String::from_utf8_lossy(h.as_bytes()).to_string())
            .or_else(|| req.uri().authority().map(|a| a.to_string()));
        if let Some(host) = host {
            let name = host_name(&host);
            if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&name)) {
                return ApiError::HostNotAllowed(super::params::printable(&name)).into_response();
            }
        }
    }
    next.run(req).await
}

/// The host of a `Host` value, without the port (`[::1]:8080` → `[::1]`).
fn host_name(host: &str) -> String {
    let host = host.trim();
    if host.starts_with('[') {
        return match host.find(']') {
            Some(i) => host[..=i].to_ascii_lowercase(),
            None => host.to_ascii_lowercase(),
        };
    }
    host.rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name)
        .to_ascii_lowercase()
}

fn header_bytes(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(n, v)| n.as_str().len() + v.len() + 4)
        .sum()
}

/// Turn every error answer that is not JSON yet (405 from the router, 413
/// from the body limit, 504 from the timeout, axum's plain-text rejections)
/// into the API's JSON error, keeping the headers that matter (`Allow`,
/// `Retry-After`, CORS).
pub async fn json_errors(
    State(opts): State<Arc<ServiceOptions>>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    let status = res.status();
    // Only answers without a body format of their own: empty ones and axum's
    // plain-text rejections. JSON errors are already ours; an HTML error page
    // (the web pages') is meant for people.
    if !(status.is_client_error() || status.is_server_error()) || !is_bare(res.headers()) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let text = match tokio::time::timeout(
        Duration::from_secs(1),
        axum::body::to_bytes(body, 64 * 1024),
    )
    .await
    {
        Ok(Ok(bytes)) => {
            let cut = bytes.len().min(512);
            String::from_utf8_lossy(&bytes[..cut]).trim().to_string()
        }
        _ => String::new(),
    };
    let err = match status {
        StatusCode::NOT_FOUND => ApiError::RouteNotFound(super::params::printable(&path)),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed {
            method: method.to_string(),
            path: super::params::printable(&path),
            allowed: parts
                .headers
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .filter(|v| !v.is_empty())
                .unwrap_or("GET")
                .to_string(),
        },
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge(if text.is_empty() {
            "the body is over the limit".to_string()
        } else {
            text
        }),
        StatusCode::URI_TOO_LONG => ApiError::UriTooLong(path.len(), 0),
        StatusCode::GATEWAY_TIMEOUT => ApiError::Timeout(opts.request_timeout.as_secs_f64()),
        StatusCode::REQUEST_TIMEOUT => ApiError::BodyTimeout,
        // The handlers' own 400s are JSON already; a plain one is axum's
        // rejection of a path segment (invalid UTF-8 once percent-decoded…).
        StatusCode::BAD_REQUEST => ApiError::invalid(
            "path",
            if text.is_empty() {
                "the path cannot be read".into()
            } else {
                text
            },
        ),
        s if s.is_server_error() => ApiError::Internal(if text.is_empty() {
            s.canonical_reason().unwrap_or("server error").to_string()
        } else {
            text
        }),
        s => ApiError::Http(
            s,
            if text.is_empty() {
                s.canonical_reason().unwrap_or("error").to_string()
            } else {
                text
            },
        ),
    };
    let mut out = err.into_response();
    *out.status_mut() = match status {
        // The timeout is reported as 503 `timeout` (the server's limit, not a gateway).
        StatusCode::GATEWAY_TIMEOUT => StatusCode::SERVICE_UNAVAILABLE,
        s => s,
    };
    for (name, value) in parts.headers.iter() {
        let n = name.as_str();
        if n.starts_with("access-control-") || n == "vary" || n == "allow" || n == "retry-after" {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// True for an answer with no content type or a plain-text one.
fn is_bare(headers: &HeaderMap) -> bool {
    match headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(v) => v.starts_with("text/plain"),
    }
}

/// The JSON 500 for a handler that panicked (the server keeps running).
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into());
    tracing::error!(panic = %what, "a request handler panicked");
    ApiError::Internal("the request handler failed; the server keeps running".into())
        .into_response()
}

/// Admission to the API routes: at most `concurrency` requests run at once,
/// up to `queue` more wait their turn in arrival order (tokio's semaphore is
/// fair), and only a request that finds the line full, or waits longer than
/// `queue_wait`, is turned away with 503 `overloaded`. A burst of a few dozen
/// clients is served a little later instead of refused (issue 13: no errors at
/// concurrency 64), while a real overload still sheds load.
#[derive(Debug)]
pub struct Admission {
    running: tokio::sync::Semaphore,
    admitted: tokio::sync::Semaphore,
    concurrency: usize,
    wait: Duration,
}

impl Admission {
    pub fn new(opts: &ServiceOptions) -> Admission {
        let concurrency = opts.concurrency.max(1);
        Admission {
            running: tokio::sync::Semaphore::new(concurrency),
            admitted: tokio::sync::Semaphore::new(concurrency.saturating_add(opts.queue)),
            concurrency,
            wait: opts.queue_wait,
        }
    }
}

/// Run the request when a slot is free (see [`Admission`]).
pub async fn admit(State(adm): State<Arc<Admission>>, req: Request, next: Next) -> Response {
    let Ok(_admitted) = adm.admitted.try_acquire() else {
        return ApiError::Overloaded(adm.concurrency).into_response();
    };
    let _running = match tokio::time::timeout(adm.wait, adm.running.acquire()).await {
        Ok(Ok(permit)) => permit,
        // Waited too long (or the semaphore closed, which this code never does).
        Ok(Err(_)) | Err(_) => return ApiError::Overloaded(adm.concurrency).into_response(),
    };
    next.run(req).await
}

/// CORS for the given origins (`*`: any).
pub fn cors(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use tower_http::cors::{AllowOrigin, Any, CorsLayer};
    if origins.is_empty() {
        return None;
    }
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::HEAD])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([
            header::HeaderName::from_static("x-total-count"),
            header::HeaderName::from_static("x-row-count"),
        ])
        .max_age(Duration::from_secs(600));
    Some(if origins.iter().any(|o| o.trim() == "*") {
        layer.allow_origin(Any)
    } else {
        let list: Vec<header::HeaderValue> = origins
            .iter()
            .filter_map(|o| header::HeaderValue::from_str(o.trim()).ok())
            .collect();
        layer.allow_origin(AllowOrigin::list(list))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_bare_error_answers_become_json() {
        use axum::response::Html;
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route(
                "/html",
                axum::routing::get(|| async { (StatusCode::NOT_FOUND, Html("<p>gone</p>")) }),
            )
            .route(
                "/plain",
                axum::routing::get(|| async { (StatusCode::BAD_REQUEST, "bad segment") }),
            )
            .layer(axum::middleware::from_fn_with_state(
                Arc::new(ServiceOptions::default()),
                json_errors,
            ));
        // (path, status, content type starts with)
        const CASES: &[(&str, u16, &str)] = &[
            ("/html", 404, "text/html"),
            ("/plain", 400, "application/json"),
        ];
        for (path, status, ctype) in CASES {
            let res = app
                .clone()
                .oneshot(Request::get(*path).body(Body::empty()).expect("request"))
                .await
                .expect("answered");
            assert_eq!(res.status().as_u16(), *status, "{path}");
            let got = res
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            assert!(got.starts_with(ctype), "{path}: {got}");
        }
    }

    #[tokio::test]
    async fn a_panicking_handler_is_a_json_500() {
        use tower::ServiceExt;
        async fn boom() -> &'static str {
            panic!("boom")
        }
        let app = axum::Router::new()
            .route("/boom", axum::routing::get(boom))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(
                panic_response,
            ));
        let res = app
            .oneshot(Request::get("/boom").body(Body::empty()).expect("request"))
            .await
            .expect("answered");
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(res.into_body(), 4096)
            .await
            .expect("body");
        let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(v["error"]["code"], "internal");
    }

    #[test]
    fn host_names_lose_their_port() {
        const CASES: &[(&str, &str)] = &[
            ("localhost:8080", "localhost"),
            ("LOCALHOST", "localhost"),
            ("127.0.0.1:1", "127.0.0.1"),
            ("[::1]:8080", "[::1]"),
            ("[::1]", "[::1]"),
            ("evil.example:80", "evil.example"),
            ("a:b", "a:b"),
        ];
        for (host, want) in CASES {
            assert_eq!(host_name(host), *want, "{host}");
        }
    }
}
