//! Ingest throughput per format on the committed fixtures (tests/fixtures/formats):
//! MB/s of input for each decoder, pages/s for OCR. Not a test; CI only builds it.
//!
//!     cargo bench --bench ingest            # every format, OCR once
//!     cargo bench --bench ingest -- --no-ocr

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use vanban::ingest::{self, ReadOptions};

fn main() {
    let no_ocr = std::env::args().any(|a| a == "--no-ocr");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let variants: &[(&str, &[&str])] = &[
        ("txt (UTF-8)", &["txt"]),
        ("txt UTF-16", &["utf16.txt"]),
        ("txt TCVN3", &["tcvn3.txt"]),
        ("txt VNI", &["vni.txt"]),
        ("txt VISCII", &["viscii.txt"]),
        ("txt windows-1258", &["cp1258.txt"]),
        ("html", &["html"]),
        ("docx", &["docx"]),
        ("docx .VnTime", &["vntime.docx"]),
        ("doc (antiword)", &["doc"]),
        ("pdf text layer", &["pdf"]),
    ];
    let docs = ["000_1ea4fda105d58d5d", "004_720b4a823c11e609"];
    println!("| format | files | input MB | runs | MB/s | ms/file |");
    println!("|---|---|---|---|---|---|");
    for (label, exts) in variants {
        let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
        for d in docs {
            for e in *exts {
                let (root, p) = if *e == "txt" {
                    (corpus.clone(), corpus.join(format!("{d}.txt")))
                } else {
                    (dir.clone(), dir.join(format!("{d}.{e}")))
                };
                if p.is_file() {
                    files.push((root, p));
                }
            }
        }
        if files.is_empty() {
            continue;
        }
        let bytes: u64 = files
            .iter()
            .map(|(_, p)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .sum();
        let (runs, elapsed) = time(&files, Duration::from_secs(3));
        let Some(elapsed) = elapsed else {
            println!(
                "| {label} | {} | — | — | not readable here | — |",
                files.len()
            );
            continue;
        };
        let per_run = elapsed.as_secs_f64() / runs as f64;
        println!(
            "| {label} | {} | {:.3} | {runs} | {:.1} | {:.1} |",
            files.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / per_run,
            per_run * 1e3 / files.len() as f64
        );
    }
    if no_ocr || !ingest::pdf::ocr_available() {
        println!("\nOCR: skipped (--no-ocr, or tesseract-ocr-vie/pdftoppm not installed)");
        return;
    }
    let scan = dir.join("004_720b4a823c11e609.scan.pdf");
    let started = Instant::now();
    let doc = ingest::read_with(&dir, &scan, &ReadOptions::default()).expect("OCR reads the scan");
    let secs = started.elapsed().as_secs_f64();
    let pages = doc.origin.pages.unwrap_or(1);
    println!(
        "\nOCR (tesseract, vie, 300 dpi, one thread): {pages} pages in {secs:.1} s = {:.2} pages/s ({:.1} s/page)",
        pages as f64 / secs,
        secs / pages as f64
    );
}

/// Read every file repeatedly for about `budget`: (runs, total time).
fn time(files: &[(PathBuf, PathBuf)], budget: Duration) -> (u32, Option<Duration>) {
    let opts = ReadOptions::default();
    let once = |files: &[(PathBuf, PathBuf)]| -> bool {
        files
            .iter()
            .all(|(root, p): &(PathBuf, PathBuf)| read(root, p, &opts))
    };
    if !once(files) {
        return (0, None);
    }
    let started = Instant::now();
    let mut runs = 0;
    while runs < 3 || started.elapsed() < budget {
        once(files);
        runs += 1;
    }
    (runs, Some(started.elapsed()))
}

fn read(root: &Path, p: &Path, opts: &ReadOptions) -> bool {
    ingest::read_with(root, p, opts).is_ok()
}
