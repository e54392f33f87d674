//! `vanban extract` on the real corpus, with and without a manifest or sidecar.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod common;
use common::{root, vanban, BIN};

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "status {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// A copy of the bundled corpus in a temporary folder.
fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(root().join("corpus")).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().expect("name");
            std::fs::copy(&path, dir.path().join(name)).expect("copy");
        }
    }
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn extract_json_gives_the_identity_of_000() {
    let out = vanban(&["extract", "corpus/000_1ea4fda105d58d5d.txt", "--json"]);
    let r = json_of(&out);
    assert_eq!(r["source"], "corpus/000_1ea4fda105d58d5d.txt");
    assert_eq!(r["number"], "60-KH/TU");
    assert_eq!(r["doc_type"], "ke_hoach");
    assert_eq!(r["province"], "Kiên Giang");
    assert_eq!(r["date"], "2022-03-22");
    assert_eq!(r["issuer"], "Ban Thường vụ Tỉnh ủy Kiên Giang");
    assert_eq!(r["issuer_level"], "tinh");
    assert_eq!(r["signer"]["name"], "Mai Văn Huỳnh");
    assert_eq!(r["signer"]["title"], "Phó Bí thư Thường trực");
    assert!(r["title"]
        .as_str()
        .is_some_and(|t| t.starts_with("Kế hoạch thực hiện Kết luận số 21-KL/TW")));
    assert_eq!(r["provenance"]["number"], "text");
    assert_eq!(r["provenance"]["province"], "text");
}

#[test]
fn extract_without_header_leaves_unstated_fields_null() {
    let r = json_of(&vanban(&[
        "extract",
        "corpus/001_f48e0f285acd8aa3.txt",
        "--json",
    ]));
    assert_eq!(r["number"], Value::Null);
    assert_eq!(r["province"], Value::Null);
    assert_eq!(r["date"], Value::Null);
    assert_eq!(r["issuer_level"], "khoi");
    assert!(r["provenance"].get("province").is_none());

    let r = json_of(&vanban(&[
        "extract",
        "corpus/004_720b4a823c11e609.txt",
        "--json",
    ]));
    assert_eq!(r["province"], "Vĩnh Long");
    assert_eq!(r["date"], "2023-12-06");
    assert_eq!(r["signer"], Value::Null);
}

#[test]
fn extract_summary_is_readable() {
    let out = vanban(&["extract", "corpus/003_e07fff3062a41059.txt"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "15-KH/TU",
        "Tỉnh ủy Trà Vinh",
        "2012-04-04",
        "Trần Trí Dũng",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
}

#[test]
fn manifest_sets_the_province_and_bad_rows_do_not_abort() {
    let dir = corpus_copy();
    std::fs::write(
        dir.path().join("manifest.csv"),
        "source,province,date,source_url\n\
         002_2b1aea7b6ed069a4.txt,Ninh Thuận,,https://example.org/002\n\
         nowhere.txt,Kiên Giang,,\n\
         000_1ea4fda105d58d5d.txt,,22/13/2022,\n",
    )
    .expect("manifest");
    let file = dir.path().join("002_2b1aea7b6ed069a4.txt");
    let out = vanban(&["extract", s(&file), "--json"]);
    let r = json_of(&out);
    assert_eq!(r["province"], "Ninh Thuận");
    assert_eq!(r["provenance"]["province"], "manifest");
    assert_eq!(r["extra"]["source_url"], "https://example.org/002");
    assert_eq!(r["issuer"], "Ban Chấp hành Đảng bộ tỉnh Ninh Thuận");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("manifest.csv line 3") && stderr.contains("nowhere.txt"),
        "{stderr}"
    );
    assert!(stderr.contains("manifest.csv line 4"), "{stderr}");

    // The row with a bad date still leaves the text's date in place.
    let r = json_of(&vanban(&[
        "extract",
        "000_1ea4fda105d58d5d.txt",
        "--corpus",
        s(dir.path()),
        "--json",
    ]));
    assert_eq!(r["date"], "2022-03-22");
    assert_eq!(r["provenance"]["date"], "text");
}

#[test]
fn sidecar_overrides_the_manifest() {
    let dir = corpus_copy();
    std::fs::write(
        dir.path().join("manifest.csv"),
        "source,province\n002_2b1aea7b6ed069a4.txt,Ninh Thuận\n",
    )
    .expect("manifest");
    std::fs::write(
        dir.path().join("002_2b1aea7b6ed069a4.meta.toml"),
        "province = \"Khánh Hòa\"\nnumber = \"145-KH/TU\"\n",
    )
    .expect("sidecar");
    let r = json_of(&vanban(&[
        "extract",
        s(&dir.path().join("002_2b1aea7b6ed069a4.txt")),
        "--corpus",
        s(dir.path()),
        "--json",
    ]));
    assert_eq!(r["province"], "Khánh Hòa");
    assert_eq!(r["number"], "145-KH/TU");
    assert_eq!(r["provenance"]["province"], "sidecar");
    assert_eq!(r["provenance"]["number"], "sidecar");
}

#[test]
fn missing_file_is_an_error() {
    let out = vanban(&["extract", "corpus/no_such_file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no_such_file.txt"));
}

#[test]
fn extract_reads_only_its_own_sidecar() {
    let dir = corpus_copy();
    // A broken sidecar of another file, in a sub-folder: none of its business.
    let sub = dir.path().join("other");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(sub.join("x.txt.meta.toml"), "province = [broken").expect("sidecar");
    std::fs::write(dir.path().join("y.txt.meta.toml"), "date = \"not a date\"").expect("sidecar");
    std::fs::write(
        dir.path().join("002_2b1aea7b6ed069a4.txt.meta.toml"),
        "province = \"Khánh Hòa\"\n",
    )
    .expect("sidecar");
    let out = std::process::Command::new(BIN)
        .args([
            "extract",
            s(&dir.path().join("002_2b1aea7b6ed069a4.txt")),
            "--json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("x.txt"), "{stderr}");
    assert!(!stderr.contains("y.txt"), "{stderr}");
    let r = json_of(&out);
    assert_eq!(r["province"], "Khánh Hòa", "its own sidecar applies");
}
