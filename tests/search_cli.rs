//! `vanban index` and `vanban search` on the real corpus, as a user runs them.

mod common;

use common::*;
use serde_json::Value;

fn search(query: &str) -> Value {
    let index = index_dir();
    let out = vanban(&[
        "search",
        query,
        "--json",
        "--limit",
        "100",
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "search {query:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn found(query: &str) -> Vec<String> {
    prefixes(&search(query)["hits"])
}

#[test]
fn ban_tuyen_giao_with_and_without_diacritics() {
    for q in [
        "\"ban tuyen giao\"",
        "\"Ban Tuyên giáo\"",
        "\"BAN TUYÊN GIÁO\"",
    ] {
        assert_eq!(sorted(found(q)), ["000", "002", "003"], "{q}");
    }
    // Unquoted: the three documents that contain the phrase rank above the others.
    let ranked = found("ban tuyen giao");
    assert!(ranked.len() >= 3, "{ranked:?}");
    assert_eq!(
        sorted(ranked[..3].to_vec()),
        ["000", "002", "003"],
        "{ranked:?}"
    );
}

#[test]
fn document_numbers_are_units() {
    for q in ["21-KL/TW", "21-kl/tw", "21 - KL/TW"] {
        assert_eq!(sorted(found(q)), ["000", "001", "002"], "{q}");
    }
    // Typed without Đ; 004 cites it eleven times, 000 once.
    for q in ["99-QD/TW", "99-QĐ/TW", "99-qđ/tw"] {
        let hits = found(q);
        assert_eq!(sorted(hits.clone()), ["000", "004"], "{q}");
        assert_eq!(hits[0], "004", "{q}");
    }
    // Numbers are whole units: 1-KL/TW does not match inside 21-KL/TW.
    assert_eq!(found("1-KL/TW"), Vec::<String>::new());
}

#[test]
fn tone_mark_styles_are_one() {
    let a = sorted(found("\"chuyển hoá\""));
    assert_eq!(a, ["000", "001", "003", "004"]);
    assert_eq!(sorted(found("\"chuyển hóa\"")), a);
    assert_eq!(sorted(found("\"chuyen hoa\"")), a);
}

#[test]
fn phrases_rank_and_filter() {
    assert_eq!(found("\"chỉnh đốn Đảng\"")[0], "000");
    assert_eq!(found("chinh don dang")[0], "000");
    assert_eq!(sorted(found("\"Sở Nội vụ\"")), ["003", "004"]);
}

#[test]
fn did_you_mean_restores_the_diacritics() {
    let index = index_dir();
    let out = vanban(&[
        "search",
        "So Noi vu",
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // Not a terminal: no colour codes; the case typed is kept.
    assert!(text.contains("Did you mean: Sở Nội vụ"), "{text}");
    let json = search("so noi vu");
    assert_eq!(json["suggestions"][0]["query"], "sở nội vụ", "{json}");
}

#[test]
fn hits_carry_the_documented_fields() {
    let res = search("\"Ban Tuyên giáo\"");
    assert_eq!(res["total"], 3);
    for h in res["hits"].as_array().expect("hits") {
        for key in [
            "id", "source", "title", "number", "date", "province", "score", "snippet", "section",
        ] {
            assert!(h.get(key).is_some(), "hit lacks {key}: {h}");
        }
        let snippet = h["snippet"].as_str().expect("snippet");
        assert!(snippet.contains("<b>"), "no highlight in {snippet}");
    }
}

#[test]
fn an_unreadable_query_is_a_clear_error() {
    let index = index_dir();
    let out = vanban(&[
        "search",
        "\"ban tuyen",
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unclosed quote"), "{err}");
}

#[test]
fn search_without_an_index_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = vanban(&[
        "search",
        "x",
        "--index",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("vanban index"), "{err}");
}

#[test]
fn bad_files_are_skipped_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = dir.path().join("corpus");
    std::fs::create_dir_all(c.join("sub")).expect("mkdir");
    std::fs::copy(
        corpus().join("004_720b4a823c11e609.txt"),
        c.join("good.txt"),
    )
    .expect("copy");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Kế hoạch về Sở Tư pháp tỉnh Bạc Liêu".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(c.join("sub/utf16.txt"), utf16).expect("write");
    // One-byte Vietnamese (Windows-1258) is read; bytes that are no text are not.
    std::fs::write(c.join("latin1.txt"), b"Ban Tuy\xEAn gi\xE1o").expect("write");
    std::fs::write(c.join("bad.txt"), b"abc\xFFdef").expect("write");
    std::fs::write(c.join("empty.md"), b"").expect("write");
    std::fs::write(c.join("image.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").expect("write");
    std::fs::write(c.join("scan.pdf"), b"%PDF-1.4").expect("write");
    let index = dir.path().join("index");
    let out = std::process::Command::new(BIN)
        .args([
            "index",
            c.to_str().expect("utf-8"),
            "--index",
            index.to_str().expect("utf-8"),
            "--json",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["documents"], 3);
    assert_eq!(report["ignored"], 0);
    let mut skipped: Vec<(String, String)> = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            (
                s["source"].as_str().unwrap_or("").to_string(),
                s["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        [
            ("bad.txt".to_string(), "invalid_utf8".to_string()),
            ("empty.md".to_string(), "empty".to_string()),
            ("image.txt".to_string(), "binary".to_string()),
            ("scan.pdf".to_string(), "corrupt".to_string()),
        ]
    );
    // The UTF-16 document is searchable, with or without diacritics.
    let out = vanban(&[
        "search",
        "so tu phap bac lieu",
        "--json",
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    let res: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(res["hits"][0]["source"], "sub/utf16.txt");
}

#[test]
fn a_failed_build_leaves_the_previous_index_usable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = dir.path().join("corpus");
    std::fs::create_dir_all(&c).expect("mkdir");
    std::fs::copy(corpus().join("003_e07fff3062a41059.txt"), c.join("003.txt")).expect("copy");
    let index = dir.path().join("index");
    let idx = index.to_str().expect("utf-8");
    assert!(
        vanban(&["index", c.to_str().expect("utf-8"), "--index", idx])
            .status
            .success()
    );
    let missing = dir.path().join("no-such-corpus");
    let out = vanban(&["index", missing.to_str().expect("utf-8"), "--index", idx]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    let out = vanban(&["search", "Trà Vinh", "--json", "--index", idx]);
    assert!(out.status.success());
    let res: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(res["total"], 1);
}

#[test]
fn organ_filter_takes_keys_or_aliases_and_snippets_from_assigned_passages() {
    let a = search("kiểm tra organ:ban_tuyen_giao");
    let b = search("kiểm tra organ:\"Ban Tuyên giáo\"");
    let c = search("kiem tra organ:\"ban tuyen giao\"");
    assert_eq!(sorted(prefixes(&a["hits"])), ["000", "002", "003"]);
    assert_eq!(prefixes(&a["hits"]), prefixes(&b["hits"]));
    assert_eq!(sorted(prefixes(&a["hits"])), sorted(prefixes(&c["hits"])));
    // The snippet of 000 comes from the passage that gives Ban Tuyên giáo its task.
    let h000 = a["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .find(|h| h["source"].as_str().is_some_and(|s| s.starts_with("000")))
        .expect("000 is a hit");
    let section = h000["section"].as_str().unwrap_or("");
    assert!(section.contains("Ban Tuyên giáo"), "{section}");
}

/// Index a small corpus of `(file name, text)` in a temporary folder.
fn small_index(docs: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = dir.path().join("corpus");
    std::fs::create_dir_all(&c).expect("mkdir");
    for (name, text) in docs {
        std::fs::write(c.join(name), text).expect("write");
    }
    let out = vanban(&[
        "index",
        c.to_str().expect("utf-8"),
        "--index",
        dir.path().join("index").to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn search_in(dir: &tempfile::TempDir, query: &str) -> Value {
    let out = vanban(&[
        "search",
        query,
        "--json",
        "--index",
        dir.path().join("index").to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn sources(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["source"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn ranking_keeps_exact_diacritics_proximity_and_deep_snippets() {
    // Filler with none of the query words (no `ban`, `tuyen`, `giao`, `so`, `noi`, `vu`).
    let filler = "Các nội dung khác được thực hiện theo quy định. ".replace("nội ", "");
    let pad = |n: usize| filler.repeat(n);
    let docs = [
        // Same words folded; only exact.txt has the typed diacritics.
        (
            "exact.txt",
            format!("Kế hoạch của Ban Tuyên giáo tỉnh. {}", pad(20)),
        ),
        (
            "folded.txt",
            format!("Kế hoạch của bán tuyến giao tỉnh. {}", pad(20)),
        ),
        // Same words, close together or far apart.
        ("near.txt", format!("Công tác tuyên giáo. {} Hết.", pad(60))),
        (
            "far.txt",
            format!("Công tác tuyên. {} Ngành giáo.", pad(60)),
        ),
        // The only match lies far beyond the opening of a long document.
        ("deep.txt", format!("{} Sở Nội vụ tỉnh chủ trì.", pad(700))),
    ];
    let index = small_index(&docs);
    // (query, file expected first, files expected among the hits)
    const CASES: &[(&str, &str, &[&str])] = &[
        ("Ban Tuyên giáo", "exact.txt", &["exact.txt", "folded.txt"]),
        (
            "\"Ban Tuyên giáo\"",
            "exact.txt",
            &["exact.txt", "folded.txt"],
        ),
        ("bán tuyến giao", "folded.txt", &["exact.txt", "folded.txt"]),
    ];
    for (q, first, all) in CASES {
        let v = search_in(&index, q);
        let got = sources(&v);
        assert_eq!(
            got.first().map(String::as_str),
            Some(*first),
            "{q}: {got:?}"
        );
        for f in *all {
            assert!(got.iter().any(|g| g == f), "{q}: {f} missing from {got:?}");
        }
    }
    // Typed without diacritics: both spellings are found.
    let got = sources(&search_in(&index, "ban tuyen giao"));
    assert_eq!(sorted(got), ["exact.txt", "folded.txt"]);
    // Proximity: the words side by side rank above the same words far apart.
    let got = sources(&search_in(&index, "tuyen giao"));
    let at = |f: &str| got.iter().position(|g| g == f);
    assert!(
        at("near.txt") < at("far.txt") && at("far.txt").is_some(),
        "{got:?}"
    );
    // The snippet of a match deep in a long document highlights it.
    let v = search_in(&index, "\"so noi vu\"");
    assert_eq!(sources(&v), ["deep.txt"]);
    let snippet = v["hits"][0]["snippet"].as_str().expect("snippet");
    assert!(
        snippet.contains("<b>Sở</b> <b>Nội</b> <b>vụ</b>"),
        "{snippet}"
    );
}
