//! Hot reload: notice a new live generation (`index/CURRENT` names another
//! folder) and swap index, graph and task store at once, without a restart
//! and without dropping requests in flight (they finish on the generation
//! they started with; its folder is removed when the last of them ends).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::AppState;

/// How long a generation that failed to load is left alone before trying again.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(30);

/// Check `index_dir/CURRENT` every `every` and load a new generation when it
/// changes. Runs until the task is dropped.
pub async fn watch(state: AppState, index_dir: PathBuf, every: Duration) {
    let mut ticker = tokio::time::interval(every.max(Duration::from_millis(50)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failed: Option<(String, Instant)> = None;
    loop {
        ticker.tick().await;
        let dir = index_dir.clone();
        let Ok(Ok(name)) =
            tokio::task::spawn_blocking(move || crate::index::current_name(&dir)).await
        else {
            continue;
        };
        if name == state.current().name {
            continue;
        }
        if let Some((bad, at)) = &failed {
            if *bad == name && at.elapsed() < RETRY_AFTER_FAILURE {
                continue;
            }
        }
        let dir = index_dir.clone();
        let started = Instant::now();
        let loaded = tokio::task::spawn_blocking(move || super::load_generation(&dir)).await;
        match loaded {
            Ok(Ok(generation)) => {
                let documents = generation.search.num_docs();
                let to = generation.name.clone();
                let old = state.swap(generation);
                state.metrics().reloaded();
                failed = None;
                tracing::info!(
                    from = %old.name,
                    to = %to,
                    documents,
                    ms = started.elapsed().as_millis() as u64,
                    "serving a new index generation"
                );
            }
            Ok(Err(e)) => {
                state.metrics().reload_failed();
                tracing::warn!(generation = %name, error = %e, serving = %state.current().name,
                    "cannot load the new index generation; still serving the previous one");
                failed = Some((name, Instant::now()));
            }
            Err(e) => {
                state.metrics().reload_failed();
                tracing::error!(generation = %name, error = %e, "loading the new index generation failed");
                failed = Some((name, Instant::now()));
            }
        }
    }
}
