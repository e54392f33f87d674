//! `vanban serve` (the real binary) on loopback closes idle and half-sent
//! connections after its (short, here 1 s) idle timeout, while normal
//! requests keep answering. Bounded: 150 connections, at most 20 s.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;

/// Wait until the server closes `s` (EOF or reset); the time it took.
fn closed_after(mut s: TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    s.set_read_timeout(Some(limit)).expect("read timeout");
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Some(started.elapsed()),
            // An answer to a half-sent request (408, or a JSON error): keep
            // reading until the close.
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), ErrorKind::ConnectionReset | ErrorKind::BrokenPipe) => {
                return Some(started.elapsed())
            }
            Err(_) => return None,
        }
    }
}

#[test]
fn idle_and_half_sent_connections_are_closed_while_requests_answer() {
    let index = index_dir();
    let server = Server::start(&[
        "--index",
        index.to_str().expect("utf-8"),
        "--idle-timeout",
        "1",
        "--max-connections",
        "400",
        "--reload-interval",
        "0",
    ]);
    let addr = server.addr.clone();
    let connect = || {
        let s = TcpStream::connect(&addr).expect("connect");
        s.set_write_timeout(Some(Duration::from_secs(5)))
            .expect("write timeout");
        s
    };
    let mut idle = Vec::new();
    let mut half_head = Vec::new();
    let mut half_body = Vec::new();
    let mut kept_alive = Vec::new();
    for _ in 0..60 {
        idle.push(connect());
    }
    for i in 0..40 {
        let mut s = connect();
        write!(
            s,
            "GET /api/search?q=dang&n={i} HTTP/1.1\r\nHost: {addr}\r\nX-Slow:"
        )
        .expect("write");
        half_head.push(s);
    }
    for _ in 0..30 {
        let mut s = connect();
        write!(
            s,
            "POST /api/citation-lookup HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain\r\n\
             Content-Length: 1000\r\n\r\nThực hiện Kết luận"
        )
        .expect("write");
        half_body.push(s);
    }
    for _ in 0..20 {
        // A complete request on a keep-alive connection, then silence.
        let mut s = connect();
        write!(s, "GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("write");
        let mut buf = [0u8; 256];
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let n = s.read(&mut buf).expect("answer");
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
        kept_alive.push(s);
    }

    // Normal requests answer meanwhile.
    let started = Instant::now();
    for _ in 0..5 {
        let (status, body) = server.get("/api/search?q=ban%20tuyen%20giao");
        assert_eq!(status, 200, "{body}");
    }
    assert!(started.elapsed() < Duration::from_secs(10));

    // Every one of them is closed by the server soon after the timeout.
    let limit = Duration::from_secs(8);
    let groups = [
        ("idle", idle),
        ("half-sent head", half_head),
        ("half-sent body", half_body),
        ("idle keep-alive", kept_alive),
    ];
    for (what, conns) in groups {
        let n = conns.len();
        let closed = conns
            .into_iter()
            .filter_map(|s| closed_after(s, limit))
            .count();
        assert_eq!(closed, n, "{what}: {closed} of {n} closed within {limit:?}");
    }

    // And the server still answers.
    let (status, body) = server.get("/healthz");
    assert_eq!((status, body.trim()), (200, "ok"));
}
