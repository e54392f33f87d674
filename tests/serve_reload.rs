//! `vanban serve` (the real binary) picks up a new `vanban index` without a
//! restart, keeps the old generation's folder while it serves it and removes
//! it after; an index of a folder with no readable documents is refused and
//! leaves the served index alone.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

const D000: &str = "000_1ea4fda105d58d5d";
const D003: &str = "003_e07fff3062a41059";

fn copy(name: &str, to: &Path) {
    std::fs::copy(corpus().join(name), to.join(name)).expect("copy a corpus file");
}

fn total(server: &Server) -> u64 {
    let (status, body) = server.get("/api/documents");
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("json");
    v["total"].as_u64().expect("total")
}

fn generations(index: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(index)
        .expect("index dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("gen-"))
        .collect();
    out.sort();
    out
}

fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_answers_a_new_index_without_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    let index = dir.path().join("index");
    std::fs::create_dir_all(&docs).expect("mkdir");
    copy(&format!("{D000}.txt"), &docs);
    let out = vanban(&[
        "index",
        docs.to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = generations(&index);
    assert_eq!(first.len(), 1);

    let server = Server::start(&[
        "--index",
        index.to_str().expect("utf-8"),
        "--reload-interval",
        "0.2",
    ]);
    assert_eq!(total(&server), 1);
    let (status, _) = server.get(&format!("/api/documents/{D003}"));
    assert_eq!(status, 404);

    // A new document, a new index, no restart.
    copy(&format!("{D003}.txt"), &docs);
    let out = vanban(&[
        "index",
        docs.to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_until("the new generation to be served", || total(&server) == 2);
    let (status, body) = server.get(&format!("/api/documents/{D003}"));
    assert_eq!(status, 200, "{body}");
    let (_, body) = server.get("/api/search?q=Tr%C3%A0%20Vinh");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert!(v["total"].as_u64().unwrap_or(0) >= 1, "{v}");
    let (_, metrics) = server.get("/metrics");
    assert!(
        metrics.contains("vanban_index_reloads_total 1"),
        "{metrics}"
    );
    assert!(metrics.contains("vanban_index_documents 2"), "{metrics}");
    // The old generation is gone once the server let go of it.
    wait_until("the old generation to be removed", || {
        let now = generations(&index);
        now.len() == 1 && now != first
    });

    // A folder with no readable documents: refused, the index left alone.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    std::fs::write(empty.join("notes.pdf"), b"%PDF-1.4").expect("write");
    std::fs::write(empty.join("blank.txt"), b"").expect("write");
    let current = std::fs::read_to_string(index.join("CURRENT")).expect("CURRENT");
    let out = vanban(&[
        "index",
        empty.to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no readable documents"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(index.join("CURRENT")).expect("CURRENT"),
        current
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(total(&server), 2, "still serving the last good index");
    // One log line per request, by default.
    assert!(
        server.log_text().contains("GET /api/documents 200"),
        "{}",
        server.log_text()
    );
}
