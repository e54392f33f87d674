//! `vanban serve`: the HTTP API and web page.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::api::server::ConnectionOptions;
use crate::api::ServiceOptions;
use crate::index;
use crate::pipeline::BuildOptions;

/// Serve the HTTP API and the search page.
///
/// If INDEX holds no index yet, it is built from CORPUS first (the bundled
/// corpus/ by default), so `vanban serve` on a fresh clone just works. A
/// `vanban index` run while serving is picked up without a restart: the new
/// generation is served from the next request on, requests in flight finish
/// on the old one. One log line per request (hide them with -q). Stop with
/// Ctrl-C.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban serve\n  \
    vanban serve --addr 0.0.0.0:8080 --cors https://example.org\n  \
    vanban serve --index /srv/vanban/index --reload-interval 10 -q\n  \
    curl -s localhost:8080/api/openapi.json | jq '.paths | keys'\n  \
    curl -s localhost:8080/metrics\n\n\
    Bound to a loopback address, the server answers only requests whose Host is\n\
    localhost, 127.0.0.1 or [::1] (or an --allow-host name): a web page elsewhere\n\
    cannot read it through DNS rebinding.")]
pub struct Args {
    /// Where the index lives.
    #[arg(long, default_value = "index", env = "VANBAN_INDEX")]
    pub index: PathBuf,
    /// Corpus to index when there is no index yet.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "VANBAN_ADDR")]
    pub addr: SocketAddr,
    /// Rebuild the index from CORPUS even if one exists.
    #[arg(long)]
    pub reindex: bool,
    /// Seconds between checks for a new index generation (0: never reload).
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    pub reload_interval: f64,
    /// Seconds a handler may take before the request is answered 503 `timeout`.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub request_timeout: f64,
    /// Seconds a connection may take to send a complete request head (and a
    /// request body); idle keep-alive connections are closed after it too.
    #[arg(long, value_name = "SECS", default_value_t = 15.0)]
    pub idle_timeout: f64,
    /// Connections open at once (further ones wait to be accepted).
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,
    /// API requests answered at once (default: 4 per CPU; searches are CPU
    /// work, so more at once only makes each slower). Further requests wait in
    /// line, see --queue.
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Requests that may wait for a free slot, first come first served; a
    /// request that finds the line full is answered 503 `overloaded` with
    /// Retry-After at once.
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub queue: usize,
    /// Longest wait in line, in seconds; past it the request is answered 503
    /// `overloaded`.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    pub queue_wait: f64,
    /// Allow browsers on this origin to read the API (CORS); repeat for
    /// several, `*` for any. Off by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Vec<String>,
    /// Also answer requests for this Host name when bound to loopback (repeatable).
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
}

fn seconds(name: &str, secs: f64) -> anyhow::Result<Duration> {
    anyhow::ensure!(
        secs.is_finite() && (0.0..=86_400.0).contains(&secs),
        "--{name} must be a number of seconds from 0 to 86400"
    );
    Ok(Duration::from_secs_f64(secs))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let request_timeout = seconds("request-timeout", args.request_timeout)?;
    let idle_timeout = seconds("idle-timeout", args.idle_timeout)?;
    let reload = seconds("reload-interval", args.reload_interval)?;
    anyhow::ensure!(
        !request_timeout.is_zero() && !idle_timeout.is_zero(),
        "--request-timeout and --idle-timeout must be more than 0"
    );
    anyhow::ensure!(
        args.max_connections >= 1,
        "--max-connections must be at least 1"
    );
    if let Some(files) = crate::api::server::raise_open_files_limit() {
        tracing::debug!(files, "open-files limit");
    }
    if args.reindex || !index::exists(&args.index) {
        tracing::info!(corpus = %args.corpus.display(), index = %args.index.display(), "building the index first");
        super::index::build(&BuildOptions::new(&args.corpus, &args.index), false)?;
    }
    let started = Instant::now();
    let state = crate::api::load(&args.index)
        .with_context(|| format!("cannot load the index in {}", args.index.display()))?;
    tracing::info!(
        documents = state.current().search.num_docs(),
        generation = %state.current().name,
        ms = started.elapsed().as_millis() as u64,
        "index loaded"
    );
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    let service = ServiceOptions {
        request_timeout,
        body_timeout: idle_timeout,
        concurrency: args.concurrency.unwrap_or(4 * cpus).max(1),
        queue: args.queue,
        queue_wait: seconds("queue-wait", args.queue_wait)?,
        cors: args.cors.clone(),
        allowed_hosts: args
            .addr
            .ip()
            .is_loopback()
            .then(|| ServiceOptions::loopback_hosts(&args.allow_host)),
        ..ServiceOptions::default()
    };
    let connections = ConnectionOptions {
        idle_timeout,
        max_connections: args.max_connections,
        ..ConnectionOptions::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr().context("no local address")?;
        let watcher = (!reload.is_zero())
            .then(|| tokio::spawn(crate::api::watch(state.clone(), args.index.clone(), reload)));
        tracing::info!("serving on http://{local}");
        eprintln!("vanban: serving on http://{local}  (Ctrl-C to stop)");
        let app = crate::api::router_with(state, service);
        crate::api::server::serve(listener, app, connections, shutdown_signal()).await;
        if let Some(w) = watcher {
            w.abort();
        }
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or SIGTERM; if a handler cannot be installed, that signal
/// is simply not waited for (the server keeps running).
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
