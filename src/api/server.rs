//! The HTTP/1.1 server loop (hyper), for what `axum::serve` does not offer:
//! a header-read timeout that also closes idle keep-alive connections, a cap
//! on open connections, and an accept loop that rides out `EMFILE`.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Header lines hyper reads before refusing a request outright.
const MAX_HEADER_LINES: usize = 1000;

/// Connection-level limits.
#[derive(Debug, Clone)]
pub struct ConnectionOptions {
    /// A connection that has not sent a complete request head within this
    /// time is closed: a slow or half-sent request, or an idle keep-alive
    /// connection between requests.
    pub idle_timeout: Duration,
    /// Connections open at once; further ones wait in the kernel's queue.
    pub max_connections: usize,
    /// On shutdown, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionOptions {
    fn default() -> Self {
        ConnectionOptions {
            idle_timeout: Duration::from_secs(15),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// Serve `app` on `listener` until `shutdown` resolves, then let requests in
/// flight finish (for at most `shutdown_grace`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    opts: ConnectionOptions,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(opts.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    // hyper answers a bare 431 past its header count and a bare 414 past
    // the `http` crate's URI limit (64 KiB); below those, the service's own
    // limits answer with the JSON error.
    http.timer(TokioTimer::new())
        .header_read_timeout(opts.idle_timeout)
        .max_headers(MAX_HEADER_LINES)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    if is_connection_error(&e) {
                        continue;
                    }
                    // EMFILE/ENFILE and the like: wait for descriptors to free up.
                    tracing::warn!(error = %e, "cannot accept a connection; retrying in 100 ms");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let conn = http.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(%peer, error = %e, "connection closed");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(opts.shutdown_grace) => {
            tracing::warn!("requests still running after the shutdown grace period; stopping anyway");
        }
    }
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

/// Raise the soft limit of open files to the hard limit (many connections
/// each hold a descriptor); returns the limit now in force.
pub fn raise_open_files_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %e, "cannot raise the open-files limit");
            None
        }
    }
}
