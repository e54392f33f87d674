//! Page render times: every web page rendered in-process through the real
//! router (handler, page assembly, HTML) against an index, a number of times
//! each; prints p50 / p95 / max per page against the 200 ms target and writes
//! `target/bench/web.json`.
//!
//! ```sh
//! cargo bench --bench web                                  # bundled corpus (built into a temp dir)
//! VANBAN_BENCH_INDEX=/tmp/gen50k/index cargo bench --bench web   # an existing index
//! ```
//!
//! `VANBAN_BENCH_REF` picks the reference page (default: the document
//! implemented by the most others), `VANBAN_BENCH_DOC` the document page
//! (default: the corpus document with the most tasks among the first hits of
//! `ban tuyen giao`), `VANBAN_BENCH_RUNS` the runs per page (default 30).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

/// The target of issue 11: no page takes more than this to render.
const TARGET_MS: f64 = 200.0;

fn percent(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let (_tmp, index) = match std::env::var_os("VANBAN_BENCH_INDEX") {
        Some(dir) => (None, PathBuf::from(dir)),
        None => {
            let tmp = tempfile::tempdir().expect("tempdir");
            let index = tmp.path().join("index");
            let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
            vanban::pipeline::build(
                &vanban::pipeline::BuildOptions::new(corpus, &index),
                &vanban::pipeline::Quiet,
            )
            .expect("index of the bundled corpus");
            (Some(tmp), index)
        }
    };
    let runs: usize = std::env::var("VANBAN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
        .max(1);
    let loaded = Instant::now();
    let state = vanban::api::load(&index).expect("the index loads");
    eprintln!(
        "index {} loaded in {:.2} s",
        index.display(),
        loaded.elapsed().as_secs_f64()
    );
    let gen = state.current();
    // Computed once per index (the `/refs` list); its cost is part of the
    // first `/refs` render after a load.
    let started = Instant::now();
    let top = gen.graph.most_implemented(1);
    println!(
        "most implemented documents (the /refs list, once per index): {:.2} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let reference = std::env::var("VANBAN_BENCH_REF").unwrap_or_else(|_| {
        top.first()
            .and_then(|i| i.target.reference.clone())
            .unwrap_or_else(|| "21-KL/TW".to_string())
    });
    let doc = std::env::var("VANBAN_BENCH_DOC").unwrap_or_else(|_| {
        let mut req = vanban::index::SearchRequest::new("ban tuyen giao");
        req.limit = 20;
        let hits = gen.search.search(&req).map(|r| r.hits).unwrap_or_default();
        hits.iter()
            .max_by_key(|h| {
                gen.tasks
                    .query(&vanban::tasks::TaskQuery {
                        document: Some(h.id.clone()),
                        limit: Some(0),
                        ..Default::default()
                    })
                    .map_or(0, |r| r.total)
            })
            .map(|h| h.id.clone())
            .unwrap_or_default()
    });
    drop(gen);
    let pages: Vec<(&str, String)> = vec![
        ("home", "/".to_string()),
        ("search", "/search?q=ban+tuyen+giao".to_string()),
        (
            "search, filtered, page 2",
            "/search?q=ch%E1%BB%89nh+%C4%91%E1%BB%91n+%C4%90%E1%BA%A3ng&type=ke_hoach&page=2"
                .to_string(),
        ),
        ("documents", "/documents".to_string()),
        ("document", format!("/documents/{}", percent(&doc))),
        ("refs", "/refs".to_string()),
        ("reference", format!("/refs/{}", percent(&reference))),
        (
            "reference, sorted by lag, page 2",
            format!("/refs/{}?sort=lag&order=desc&page=2", percent(&reference)),
        ),
        (
            "tasks by province",
            "/tasks?organ=ban_tuyen_giao&group_by=province".to_string(),
        ),
        ("tasks, all", "/tasks".to_string()),
    ];
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let app = vanban::api::router(state);
    let render = |uri: &str| -> (StatusCode, usize, Duration) {
        rt.block_on(async {
            let started = Instant::now();
            let res = app
                .clone()
                .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
                .await
                .expect("response");
            let status = res.status();
            let bytes = res.into_body().collect().await.expect("body").to_bytes();
            (status, bytes.len(), started.elapsed())
        })
    };
    println!("page render times, {runs} runs each (target ≤ {TARGET_MS} ms)");
    println!(
        "{:<34} {:>9} {:>9} {:>9} {:>9} {:>9}  uri",
        "page", "first ms", "p50 ms", "p95 ms", "max ms", "KB"
    );
    let mut out = Vec::new();
    let mut missed = 0;
    for (name, uri) in &pages {
        // The first render also fills what is computed once per index.
        let (status, _, first) = render(uri);
        let first = first.as_secs_f64() * 1000.0;
        if status != StatusCode::OK {
            println!("{name:<34} status {status} — skipped  {uri}");
            out.push(json!({"page": name, "uri": uri, "status": status.as_u16()}));
            continue;
        }
        let mut times = Vec::with_capacity(runs);
        let mut size = 0;
        for _ in 0..runs {
            let (_, n, t) = render(uri);
            size = n;
            times.push(t.as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        let (p50, p95, max) = (at(0.5), at(0.95), at(1.0));
        if max.max(first) > TARGET_MS {
            missed += 1;
        }
        println!(
            "{name:<34} {first:>9.2} {p50:>9.2} {p95:>9.2} {max:>9.2} {:>9.1}  {uri}",
            size as f64 / 1024.0
        );
        out.push(json!({
            "page": name, "uri": uri, "runs": runs, "bytes": size, "first_ms": first,
            "p50_ms": p50, "p95_ms": p95, "max_ms": max, "target_ms": TARGET_MS,
        }));
    }
    println!(
        "{}",
        if missed == 0 {
            format!("every page within {TARGET_MS} ms")
        } else {
            format!("{missed} page(s) over {TARGET_MS} ms at their slowest (first render included)")
        }
    );
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench/web.json");
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let report = json!({"index": index, "reference": reference, "document": doc, "pages": out});
    match std::fs::write(
        &path,
        serde_json::to_string_pretty(&report).unwrap_or_default(),
    ) {
        Ok(()) => eprintln!("wrote {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}
