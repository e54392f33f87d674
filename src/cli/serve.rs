//! `vanban serve`: the HTTP API and web page.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use crate::index;
use crate::pipeline::BuildOptions;

/// Serve the HTTP API and the search page.
///
/// If INDEX holds no index yet, it is built from CORPUS first (the bundled
/// corpus/ by default), so `vanban serve` on a fresh clone just works. Stop
/// with Ctrl-C.
#[derive(Debug, clap::Args)]
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
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.reindex || !index::exists(&args.index) {
        tracing::info!(corpus = %args.corpus.display(), index = %args.index.display(), "building the index first");
        super::index::build(&BuildOptions::new(&args.corpus, &args.index), false)?;
    }
    let started = Instant::now();
    let state = crate::api::load(&args.index)
        .with_context(|| format!("cannot load the index in {}", args.index.display()))?;
    tracing::info!(
        documents = state.current().search.num_docs(),
        ms = started.elapsed().as_millis() as u64,
        "index loaded"
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr().context("no local address")?;
        tracing::info!("serving on http://{local}");
        eprintln!("vanban: serving on http://{local}  (Ctrl-C to stop)");
        axum::serve(listener, crate::api::router(state))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("server error")
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
