//! Shared helpers for integration tests: the real binary, the real corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub const BIN: &str = env!("CARGO_BIN_EXE_vanban");

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus() -> PathBuf {
    root().join("corpus")
}

pub fn gold() -> PathBuf {
    root().join("tests/gold")
}

/// Run the binary with `args`, quietly.
pub fn vanban(args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("-q")
        .args(args)
        .output()
        .expect("the vanban binary runs")
}

/// An index of the bundled corpus, built once per test process by the real binary.
pub fn corpus_index() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = dir.path().join("index");
        let out = vanban(&[
            "index",
            corpus().to_str().expect("utf-8 path"),
            "--index",
            index.to_str().expect("utf-8 path"),
        ]);
        assert!(
            out.status.success(),
            "vanban index failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
    .path()
}

pub fn index_dir() -> PathBuf {
    corpus_index().join("index")
}

/// The three-digit prefixes of the corpus files in a JSON hit list, in order.
pub fn prefixes(hits: &serde_json::Value) -> Vec<String> {
    hits.as_array()
        .expect("hits array")
        .iter()
        .map(|h| {
            h["source"]
                .as_str()
                .expect("source")
                .chars()
                .take(3)
                .collect()
        })
        .collect()
}

pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The gold records of `tests/gold/*.json`, keyed by file stem (the corpus
/// document id), sorted.
pub fn gold_records() -> Vec<(String, vanban::extract::Record)> {
    let mut out: Vec<(String, vanban::extract::Record)> = std::fs::read_dir(gold())
        .expect("tests/gold")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("gold file");
            let id = p.file_stem().and_then(|s| s.to_str()).expect("name");
            (
                id.to_string(),
                serde_json::from_str(&text).expect("gold record"),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A `vanban serve` started by a test; killed when dropped. Its stderr is
/// drained on a thread into `log`.
pub struct Server {
    child: std::process::Child,
    pub addr: String,
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// Start `vanban serve ARGS --addr 127.0.0.1:0` and wait for its address.
    pub fn start(args: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = Command::new(BIN)
            .arg("serve")
            .args(args)
            .args(["--addr", "127.0.0.1:0"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(rest) = line.split("serving on http://").nth(1) {
                    let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_string());
                }
                if let Ok(mut l) = sink.lock() {
                    l.push(line);
                }
            }
        });
        let addr = rx
            .recv_timeout(std::time::Duration::from_secs(180))
            .expect("serve printed its address");
        Server { child, addr, log }
    }

    /// GET `path` over a new connection: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .expect("timeout");
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .expect("write");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let raw = String::from_utf8_lossy(&raw).to_string();
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

    /// The log lines so far.
    pub fn log_text(&self) -> String {
        self.log.lock().map(|l| l.join("\n")).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
