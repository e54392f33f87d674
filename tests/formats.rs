//! Every format variant of a bundled document gives the record its UTF-8 text
//! gives: number, date, implements and the (organ, role) set of tasks, both
//! computed by the same build (fixtures in tests/fixtures/formats/, made by
//! its make.py). Tests that need a program not installed here (antiword,
//! tesseract, pdftotext) say so and skip; CI installs them all.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use vanban::extract::Record;
use vanban::ingest::{self, ReadOptions};

fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/formats")
}

const DOCS: [&str; 2] = ["000_1ea4fda105d58d5d", "004_720b4a823c11e609"];

/// Variants of every document, and those made for the short one only.
const VARIANTS: [&str; 9] = [
    "pdf",
    "docx",
    "html",
    "tcvn3.txt",
    "vni.txt",
    "viscii.txt",
    "cp1258.txt",
    "utf16.txt",
    "doc",
];
const SHORT_ONLY: [&str; 2] = ["vntime.docx", "vni.docx"];

fn record(root: &Path, file: &Path) -> Record {
    let doc = ingest::read_with(root, file, &ReadOptions::default())
        .unwrap_or_else(|s| panic!("{} not read: {}", file.display(), s.reason));
    vanban::pipeline::process(doc, None).record
}

#[derive(Debug, PartialEq)]
struct Key {
    number: Option<String>,
    date: Option<chrono::NaiveDate>,
    implements: BTreeSet<String>,
    tasks: BTreeSet<(String, String)>,
}

fn key(r: &Record) -> Key {
    Key {
        number: r.number.clone(),
        date: r.date,
        implements: r
            .implements
            .iter()
            .map(|d| d.reference.clone().or(d.name.clone()).unwrap_or_default())
            .collect(),
        tasks: r
            .tasks
            .iter()
            .map(|t| {
                (
                    t.organ.clone().unwrap_or_default(),
                    t.role.slug().to_string(),
                )
            })
            .collect(),
    }
}

fn have(program: &str) -> bool {
    ingest::tools::find(program).is_some()
}

fn can_read_doc() -> bool {
    have("antiword") || have("catdoc") || have("soffice") || have("libreoffice")
}

#[test]
fn every_variant_gives_the_record_of_the_text() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for doc in DOCS {
        let want = key(&record(
            &common::corpus(),
            &common::corpus().join(format!("{doc}.txt")),
        ));
        assert!(!want.tasks.is_empty() && !want.implements.is_empty());
        let extra: &[&str] = if doc.starts_with("004") {
            &SHORT_ONLY
        } else {
            &[]
        };
        for variant in VARIANTS.iter().chain(extra) {
            if *variant == "doc" && !can_read_doc() {
                eprintln!("skipped {doc}.doc: no antiword, catdoc or LibreOffice here");
                continue;
            }
            let file = fixtures().join(format!("{doc}.{variant}"));
            let r = record(&fixtures(), &file);
            let got = key(&r);
            let source = r.text_source.as_ref().expect("text_source is set");
            assert!(source.confidence > 0.9, "{variant}: {source:?}");
            if got != want {
                failures.push(format!("{doc}.{variant}:\n  want {want:?}\n  got  {got:?}"));
            }
            checked += 1;
        }
    }
    assert!(checked >= 17, "only {checked} variants checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn provenance_names_the_format_and_encoding() {
    let cases = [
        ("004_720b4a823c11e609.tcvn3.txt", "txt", "TCVN3"),
        ("004_720b4a823c11e609.vni.txt", "txt", "VNI"),
        ("004_720b4a823c11e609.viscii.txt", "txt", "VISCII"),
        ("004_720b4a823c11e609.cp1258.txt", "txt", "windows-1258"),
        ("004_720b4a823c11e609.utf16.txt", "txt", "UTF-16LE"),
        ("004_720b4a823c11e609.vntime.docx", "docx", "UTF-8+TCVN3"),
        ("004_720b4a823c11e609.vni.docx", "docx", "UTF-8+VNI"),
        ("004_720b4a823c11e609.docx", "docx", "UTF-8"),
        ("004_720b4a823c11e609.html", "html", "UTF-8"),
        ("004_720b4a823c11e609.pdf", "pdf", "UTF-8"),
    ];
    for (file, format, encoding) in cases {
        let r = record(&fixtures(), &fixtures().join(file));
        let s = r.text_source.expect("text_source");
        assert_eq!(
            (s.format.as_str(), s.encoding.as_str()),
            (format, encoding),
            "{file}"
        );
        assert!(!s.ocr);
    }
    let r = record(&fixtures(), &fixtures().join("004_720b4a823c11e609.pdf"));
    assert_eq!(r.text_source.and_then(|s| s.pages), Some(4));
}

#[test]
fn html_hints_fill_only_what_the_text_leaves_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = "<html><head><title>Kế hoạch phòng chống thiên tai - Cổng thông tin</title>\
                <meta name=\"date\" content=\"2021-05-04\"></head><body><article>\
                <p>Ủy ban nhân dân tỉnh giao Sở Nông nghiệp chủ trì thực hiện.</p></article></body></html>";
    std::fs::write(dir.path().join("p.html"), page).expect("write");
    let r = record(dir.path(), &dir.path().join("p.html"));
    assert_eq!(r.date, chrono::NaiveDate::from_ymd_opt(2021, 5, 4));
    assert_eq!(
        r.provenance.get("date"),
        Some(&vanban::extract::FieldSource::Metadata)
    );
    // The text's own date wins over the page's.
    let r = record(&fixtures(), &fixtures().join("000_1ea4fda105d58d5d.html"));
    assert_eq!(r.date, chrono::NaiveDate::from_ymd_opt(2022, 3, 22));
    assert_eq!(
        r.provenance.get("date"),
        Some(&vanban::extract::FieldSource::Text)
    );
}

#[test]
fn legacy_tables_agree_with_iconv() {
    if !have("iconv") {
        eprintln!("skipped: iconv is not installed");
        return;
    }
    use vanban::ingest::legacy::Legacy;
    for (legacy, name) in [(Legacy::Tcvn3, "TCVN5712-1"), (Legacy::Viscii, "VISCII")] {
        for b in 0x80u8..=0xFF {
            let out = std::process::Command::new("iconv")
                .args(["-f", name, "-t", "UTF-8"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut c| {
                    use std::io::Write;
                    c.stdin.take().expect("stdin").write_all(&[b])?;
                    c.wait_with_output()
                })
                .expect("iconv runs");
            if !out.status.success() {
                continue;
            }
            let want: String = String::from_utf8_lossy(&out.stdout).into_owned();
            let got = legacy.decode(&[b]);
            // iconv composes a lone combining mark with nothing: compare NFC.
            use unicode_normalization::UnicodeNormalization;
            assert_eq!(
                got.nfc().collect::<String>(),
                want.nfc().collect::<String>(),
                "{name} byte {b:#04x}"
            );
        }
    }
}

#[test]
fn scanned_pdf_reads_through_ocr() {
    let file = fixtures().join("004_720b4a823c11e609.scan.pdf");
    if !ingest::pdf::ocr_available() {
        let e = ingest::read(&fixtures(), &file).expect_err("no OCR here");
        assert_eq!(
            e.reason.to_string(),
            "scanned PDF: install tesseract-ocr-vie to read it"
        );
        eprintln!("skipped OCR: tesseract with the Vietnamese model or pdftoppm is not installed");
        return;
    }
    let want = key(&record(
        &common::corpus(),
        &common::corpus().join("004_720b4a823c11e609.txt"),
    ));
    let r = record(&fixtures(), &file);
    let source = r.text_source.clone().expect("text_source");
    assert!(source.ocr, "{source:?}");
    assert_eq!(source.tool.as_deref(), Some("tesseract"));
    let got = key(&r);
    assert_eq!(got.implements, want.implements);
    let found = want.tasks.intersection(&got.tasks).count();
    assert!(
        found * 10 >= want.tasks.len() * 8,
        "OCR found {found} of {} (organ, role) tasks: {:?}",
        want.tasks.len(),
        want.tasks.difference(&got.tasks).collect::<Vec<_>>()
    );
    // Without OCR, the reason says what to install.
    let opts = ReadOptions {
        ocr: false,
        ..ReadOptions::default()
    };
    let e = ingest::read_with(&fixtures(), &file, &opts).expect_err("OCR off");
    assert_eq!(e.reason.code(), "scanned_pdf");
}

/// Words of a text, as a multiset.
fn words(s: &str) -> std::collections::HashMap<String, usize> {
    let mut m = std::collections::HashMap::new();
    for w in s.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !w.is_empty() {
            *m.entry(w.to_string()).or_insert(0) += 1;
        }
    }
    m
}

#[test]
fn pdf_text_matches_pdftotext() {
    if !have("pdftotext") {
        eprintln!("skipped: pdftotext (poppler-utils) is not installed");
        return;
    }
    for doc in DOCS {
        let file = fixtures().join(format!("{doc}.pdf"));
        let ours = ingest::read(&fixtures(), &file).expect("reads").text;
        let out = std::process::Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let theirs = String::from_utf8_lossy(&out.stdout).into_owned();
        let (a, b) = (words(&ours), words(&theirs));
        let common: usize = b
            .iter()
            .map(|(w, n)| (*n).min(*a.get(w).unwrap_or(&0)))
            .sum();
        let total: usize = b.values().sum();
        // pdftotext keeps the running header and page numbers, which we drop.
        assert!(
            common as f64 >= 0.97 * total as f64,
            "{doc}: {common} of {total} pdftotext words"
        );
        // Our text keeps line joins: `21-KL/TW` is never split.
        assert!(!ours.contains("21-\nKL/TW"));
        // Page furniture is gone: the running header appears at most once.
        let header = format!("KẾ HOẠCH – {}", &doc[..3]);
        assert!(!ours.contains(&header), "{doc}: running header kept");
    }
}

#[test]
fn doc_without_converter_names_what_to_install() {
    let reason = vanban::ingest::SkipReason::NeedsTool {
        format: "Word 97-2003 (.doc)",
    };
    assert!(reason.fix().is_some_and(|f| f.contains("antiword")));
}

#[test]
fn index_reads_a_folder_mixing_every_format_and_names_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let mut expected = 0;
    for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name")
            .to_string();
        if !name.starts_with("004") {
            continue;
        }
        if name.ends_with(".doc") && !can_read_doc() {
            continue;
        }
        if name.ends_with(".scan.pdf") && !ingest::pdf::ocr_available() {
            continue;
        }
        std::fs::copy(&path, corpus.join(&name)).expect("copy");
        expected += 1;
    }
    // Same stem, two formats; and what cannot be read.
    std::fs::copy(
        common::corpus().join("004_720b4a823c11e609.txt"),
        corpus.join("004_720b4a823c11e609.txt"),
    )
    .expect("copy");
    expected += 1;
    std::fs::write(corpus.join("bang-tinh.xlsx"), b"PK\x03\x04").expect("write");
    std::fs::write(corpus.join("hong.pdf"), b"%PDF-1.4 broken").expect("write");
    let index = dir.path().join("index");
    let out = common::vanban(&[
        "index",
        corpus.to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["documents"], expected, "{report:#}");
    let ignored = report["ignored_files"].as_array().expect("ignored_files");
    assert!(ignored.iter().any(|s| s["source"] == "bang-tinh.xlsx"
        && s["reason"] == "unsupported"
        && s["fix"].as_str().is_some_and(|f| f.contains(".docx"))));
    let skipped = report["skipped"].as_array().expect("skipped");
    assert!(
        skipped
            .iter()
            .any(|s| s["source"] == "hong.pdf" && s["reason"] == "corrupt"),
        "{skipped:?}"
    );
    let collisions = report["collisions"].as_array().expect("collisions");
    // 004….txt/.html/.docx/.pdf/(.doc), and 004….vni.txt/.vni.docx.
    assert_eq!(collisions.len(), 2, "{collisions:?}");
    let c = collisions
        .iter()
        .find(|c| c["id"] == "004_720b4a823c11e609")
        .expect("the collision of the main stem");
    // The plain text keeps the bare id; every file got its own.
    let files = c["files"].as_array().expect("files");
    assert!(files
        .iter()
        .any(|f| f[0] == "004_720b4a823c11e609.txt" && f[1] == "004_720b4a823c11e609"));
    assert!(files
        .iter()
        .any(|f| f[0] == "004_720b4a823c11e609.pdf" && f[1] == "004_720b4a823c11e609.pdf"));

    // The human summary names the same files.
    let out = std::process::Command::new(common::BIN)
        .args([
            "index",
            corpus.to_str().expect("utf-8"),
            "--index",
            index.to_str().expect("utf-8"),
        ])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bang-tinh.xlsx"), "{stderr}");
    assert!(stderr.contains("hong.pdf"), "{stderr}");
    assert!(stderr.contains("would share the id"), "{stderr}");
}
