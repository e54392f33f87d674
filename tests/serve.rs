//! `vanban serve` as a user starts it: builds the index when there is none, then
//! answers HTTP on loopback.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let status = raw
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serve_builds_the_index_then_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("index");
    let child = Command::new(BIN)
        .args([
            "serve",
            "--index",
            index.to_str().expect("utf-8"),
            "--corpus",
            corpus().to_str().expect("utf-8"),
            "--addr",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let mut server = Server(child);
    // Read stderr on a thread that keeps draining it, so the server never
    // writes into a closed pipe.
    let stderr = server.0.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("serving on http://").nth(1) {
                let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_string());
            }
        }
    });
    let addr = rx.recv_timeout(Duration::from_secs(180)).ok();
    let addr = addr.expect("serve printed its address");
    assert!(index.join("CURRENT").exists(), "the index was built first");

    let (status, body) = http_get(&addr, "/healthz");
    assert_eq!((status, body.trim()), (200, "ok"));
    let (status, body) = http_get(&addr, "/api/search?q=ban%20tuyen%20giao");
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert!(json["total"].as_u64().unwrap_or(0) >= 3, "{json}");
    let (status, body) = http_get(&addr, "/api/search?q=%22unclosed");
    assert_eq!(status, 400, "{body}");
    // The request that used to overflow the stack and abort the server.
    let brackets = format!("/api/tasks?q={}", "(".repeat(740));
    let (status, body) = http_get(&addr, &brackets);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("invalid_query"), "{body}");
    let (status, body) = http_get(&addr, "/healthz");
    assert_eq!((status, body.trim()), (200, "ok"), "still answering");
    let (status, page) = http_get(&addr, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<form"), "the search page is served");
}
