//! The pages in a real browser: headless Chromium (Debian's `chromium`, driven
//! through `chromedriver` with fantoccini) against `vanban serve` on the
//! bundled corpus. Checks what a person sees and saves screenshots of every
//! page, laptop- and phone-sized, under `target/screenshots/`.
//!
//! Without Chromium or chromedriver the test prints that it skipped and why;
//! with `VANBAN_REQUIRE_BROWSER=1` (CI sets it) a missing browser is a failure.
//! `VANBAN_CHROMIUM` and `VANBAN_CHROMEDRIVER` point at other binaries.

mod common;

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, ClientBuilder, Locator};

const D000: &str = "000_1ea4fda105d58d5d";
const D001: &str = "001_f48e0f285acd8aa3";
const D002: &str = "002_2b1aea7b6ed069a4";
const D003: &str = "003_e07fff3062a41059";

/// (name, width, height) of the windows screenshots are taken in.
const WINDOWS: [(&str, u32, u32); 2] = [("laptop", 1366, 900), ("phone", 390, 844)];

/// A child process killed when the test ends, however it ends.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The browser and its driver, or why they cannot be used.
fn browser() -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("VANBAN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let driver = std::env::var_os("VANBAN_CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"));
    for (what, path, package) in [
        ("Chromium", &chromium, "chromium"),
        ("chromedriver", &driver, "chromium-driver"),
    ] {
        if !path.is_file() {
            return Err(format!(
                "{what} is not at {} (install Debian's `{package}`, or set VANBAN_{})",
                path.display(),
                what.to_uppercase()
            ));
        }
    }
    Ok((chromium, driver))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `vanban serve` on the bundled corpus, with its own index, at an ephemeral port.
fn serve(index: &Path) -> (Proc, String) {
    let mut child = Command::new(BIN)
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
        .expect("vanban serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let proc = Proc(child);
    let (tx, rx) = std::sync::mpsc::channel();
    // Keep draining stderr so the server never writes into a closed pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("serving on http://").nth(1) {
                let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_string());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(300))
        .expect("vanban serve printed its address");
    (proc, format!("http://{addr}"))
}

/// chromedriver on a free port, once it accepts connections.
fn chromedriver(driver: &Path) -> (Proc, String) {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let proc = Proc(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "chromedriver did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (proc, format!("http://127.0.0.1:{port}"))
}

async fn session(chromium: &Path, driver_url: &str, profile: &Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1366,900",
    ];
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let caps = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chromium, "args": args },
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!("a JSON object")
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver_url)
        .await
        .expect("a browser session")
}

fn screenshot_dir() -> PathBuf {
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("target/screenshots");
    dir
}

/// Screenshots of the current page in every window size.
async fn shoot(c: &Client, name: &str) {
    shoot_at(c, name, None).await
}

/// Screenshots in every window size, scrolled to the element `at` (CSS) if given.
async fn shoot_at(c: &Client, name: &str, at: Option<&str>) {
    for (size, w, h) in WINDOWS {
        c.set_window_size(w, h).await.expect("window size");
        // Let the layout (and a drawn graph) settle into the new size.
        tokio::time::sleep(Duration::from_millis(400)).await;
        if let Some(css) = at {
            c.execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});",
                vec![serde_json::json!(css)],
            )
            .await
            .expect("scroll");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let png = c.screenshot().await.expect("screenshot");
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        std::fs::write(screenshot_dir().join(format!("{name}-{size}.png")), png)
            .expect("screenshot written");
    }
    c.set_window_size(WINDOWS[0].1, WINDOWS[0].2)
        .await
        .expect("window size");
    // The graph fits itself to a resized box a moment later.
    tokio::time::sleep(Duration::from_millis(500)).await;
}

async fn hrefs(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await.expect("find") {
        if let Some(h) = e.attr("href").await.expect("href") {
            out.push(h);
        }
    }
    out
}

async fn texts(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(css)).await.expect("find") {
        out.push(e.text().await.expect("text"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_in_a_real_browser() {
    let (chromium, driver) = match browser() {
        Ok(b) => b,
        Err(why) => {
            if std::env::var("VANBAN_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                panic!("VANBAN_REQUIRE_BROWSER=1 but {why}");
            }
            eprintln!("browser test skipped: {why}");
            return;
        }
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_server, base) = serve(&tmp.path().join("index"));
    let (_driver, driver_url) = chromedriver(&driver);
    let profile = tmp.path().join("profile");
    std::fs::create_dir_all(&profile).expect("profile dir");
    let c = session(&chromium, &driver_url, &profile).await;
    // Run the checks on their own task so a failed one still closes the
    // browser (the driver's Drop would leave Chromium running).
    let checks = tokio::spawn({
        let c = c.clone();
        async move { check_pages(&c, &base).await }
    })
    .await;
    let _ = c.close().await;
    if let Err(e) = checks {
        std::panic::resume_unwind(e.into_panic());
    }
}

async fn check_pages(c: &Client, base: &str) {
    // Home: type the words, press the button.
    c.goto(&format!("{base}/")).await.expect("home");
    shoot(c, "home").await;
    let q = c
        .find(Locator::Css("input[name=q]"))
        .await
        .expect("search box");
    q.send_keys("ban tuyen giao").await.expect("typing");
    c.find(Locator::Css("form.search button"))
        .await
        .expect("button")
        .click()
        .await
        .expect("submit");
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("li.hit"))
        .await
        .expect("hits after submitting");
    let url = c.current_url().await.expect("url");
    assert_eq!(url.path(), "/search");
    assert_eq!(url.query(), Some("q=ban+tuyen+giao"));

    // Search: 000, 002 and 003 listed, each a link to its page.
    let links = hrefs(c, "li.hit h2 a").await;
    for id in [D000, D002, D003] {
        assert!(
            links
                .iter()
                .any(|h| h.ends_with(&format!("/documents/{id}"))),
            "{id} not in {links:?}"
        );
    }
    let snippets = texts(c, "li.hit .snippet b").await;
    assert!(
        snippets.iter().any(|s| s == "Tuyên"),
        "highlighted: {snippets:?}"
    );
    shoot(c, "search").await;

    // Document 001: the text links 21-KL/TW and 65-KH/TU.
    c.goto(&format!("{base}/documents/{D001}"))
        .await
        .expect("document");
    let cites = c.find_all(Locator::Css("a.cite")).await.expect("citations");
    let mut seen = Vec::new();
    for a in &cites {
        let text = a.text().await.expect("text");
        let href = a.attr("href").await.expect("href").unwrap_or_default();
        seen.push((text, href));
    }
    for (number, path) in [
        ("21-KL/TW", "/refs/21-KL%2FTW"),
        ("65-KH/TU", "/refs/65-KH%2FTU"),
    ] {
        assert!(
            seen.iter()
                .any(|(t, h)| t.contains(number) && h.contains(path)),
            "{number} → {path} not in {seen:?}"
        );
    }
    shoot(c, "document").await;

    // Follow the citation to the reference page, as a reader would.
    let kl = c
        .find(Locator::Css("a.cite[href^='/refs/21-KL%2FTW']"))
        .await
        .expect("a 21-KL/TW citation");
    kl.click().await.expect("click the citation");
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#coverage"))
        .await
        .expect("the reference page");
    assert!(c
        .current_url()
        .await
        .expect("url")
        .path()
        .starts_with("/refs/21-KL"));

    // Reference: the implementers, coverage with Kiên Giang, the graph drawn.
    c.goto(&format!("{base}/refs/21-KL%2FTW"))
        .await
        .expect("reference");
    let implementers = hrefs(c, "#implementers ~ .table-wrap a").await;
    for id in [D000, D001] {
        assert!(
            implementers
                .iter()
                .any(|h| h.ends_with(&format!("/documents/{id}"))),
            "{id} not among {implementers:?}"
        );
    }
    let page = c.find(Locator::Css("main")).await.expect("main");
    let main_text = page.text().await.expect("text");
    assert!(main_text.contains("60-KH/TU"), "{main_text}");
    let covered = texts(c, "ul.provinces li.has").await;
    assert!(
        covered.iter().any(|t| t.starts_with("Kiên Giang")),
        "coverage: {covered:?}"
    );
    let box_ = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#graph-box[data-drawn] canvas"))
        .await
        .expect("the graph is drawn on a canvas");
    let drawn: usize = c
        .find(Locator::Css("#graph-box"))
        .await
        .expect("graph box")
        .attr("data-drawn")
        .await
        .expect("attr")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(drawn >= 4, "{drawn} nodes drawn");
    drop(box_);
    shoot(c, "reference").await;
    shoot_at(c, "reference-graph", Some("#graph")).await;

    // Click the node of 60-KH/TU: its document page opens.
    let graph = c.find(Locator::Css("#graph-box")).await.expect("graph box");
    let at = c
        .execute(
            "const box = document.getElementById('graph-box');
             box.scrollIntoView({block: 'center'});
             // Cytoscape caches where its box is; a scroll event renews that.
             window.dispatchEvent(new Event('scroll'));
             const n = box.cy.getElementById(arguments[0]);
             const p = n.renderedPosition();
             const r = box.getBoundingClientRect();
             return [p.x - r.width / 2, p.y - r.height / 2];",
            vec![serde_json::json!(D000)],
        )
        .await
        .expect("node position");
    let (x, y) = (
        at[0].as_f64().expect("x").round(),
        at[1].as_f64().expect("y").round(),
    );
    let click = MouseActions::new("mouse".to_string())
        .then(PointerAction::MoveToElement {
            element: graph,
            duration: Some(Duration::from_millis(100)),
            x,
            y,
        })
        .then(PointerAction::Pause {
            duration: Duration::from_millis(100),
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Pause {
            duration: Duration::from_millis(80),
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    c.perform_actions(click).await.expect("click the node");
    let start = Instant::now();
    loop {
        let url = c.current_url().await.expect("url");
        if url.path() == format!("/documents/{D000}") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "clicking the node did not open its page (at {url})"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Tasks of Ban Tuyên giáo by province: Kiên Giang and Trà Vinh.
    c.goto(&format!(
        "{base}/tasks?organ=ban_tuyen_giao&group_by=province"
    ))
    .await
    .expect("tasks");
    let groups = texts(c, "tr.group th").await;
    for p in ["Kiên Giang", "Trà Vinh"] {
        assert!(
            groups.iter().any(|g| g.starts_with(p)),
            "{p} not in {groups:?}"
        );
    }
    let rows = c
        .find_all(Locator::Css("tbody tr:not(.group):not(.doc)"))
        .await
        .expect("rows");
    assert!(rows.len() >= 20, "{} task rows", rows.len());
    shoot(c, "tasks").await;
}
