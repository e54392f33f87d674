//! The command line as people meet it: hostile task queries, help that
//! explains, output for pipes, the new lookups and exports, a damaged index.

mod common;

use std::process::Command;

use common::*;

fn idx() -> String {
    index_dir().to_str().expect("utf-8").to_string()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn hostile_task_queries_are_errors_not_crashes() {
    let idx = idx();
    for q in [
        "(".repeat(3000),
        "(".repeat(740),
        ")".repeat(5000),
        "\"unclosed".to_string(),
        "province:x".to_string(),
    ] {
        let (code, _, stderr) = run(&["-q", "tasks", "--index", &idx, "--q", &q]);
        assert_eq!(code, 2, "{}…: {stderr}", &q[..q.len().min(20)]);
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let (code, stdout, _) = run(&["-q", "tasks", "--index", &idx, "--q", "tuyên truyền"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains(" tasks") || stdout.contains(" task"),
        "{stdout}"
    );
}

#[test]
fn help_explains_with_examples() {
    let (code, help, _) = run(&["help", "search"]);
    assert_eq!(code, 0);
    for want in [
        "query language",
        "province:",
        "implements:",
        "-\"tự diễn biến\"",
        "Examples:",
    ] {
        assert!(help.contains(want), "`help search` lacks {want}:\n{help}");
    }
    for cmd in [
        "index",
        "search",
        "serve",
        "extract",
        "eval",
        "implementers",
        "chain",
        "graph",
        "tasks",
        "gen-corpus",
        "documents",
        "cite",
        "export",
    ] {
        let (code, help, _) = run(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(
            help.contains(&format!("vanban {cmd} ")),
            "`{cmd} --help` shows no example:\n{help}"
        );
    }
}

#[test]
fn output_for_pipes_has_no_colour_and_right_plurals() {
    let idx = idx();
    let (_, out, _) = run(&["-q", "search", "ban tuyen giao", "--index", &idx]);
    assert!(!out.contains('\x1b'), "no colour codes into a pipe");
    assert!(out.contains("documents match"), "{out}");
    let (_, out, _) = run(&[
        "-q",
        "search",
        "\"Trà Vinh\" from:2010-01-01 to:2013-01-01",
        "--index",
        &idx,
    ]);
    assert!(out.starts_with("1 document matches"), "{out}");
    let (_, out, _) = run(&["-q", "documents", "--number", "60-KH/TU", "--index", &idx]);
    assert!(out.contains("\n1 document\n"), "{out}");
    let (_, out, _) = run(&[
        "-q",
        "implementers",
        "21-KL/TW",
        "--transitive",
        "--index",
        &idx,
    ]);
    assert!(out.contains("2 corpus documents implement it"), "{out}");
    assert!(!out.contains('@'), "no internal keys: {out}");
    let (_, out, _) = run(&[
        "-q",
        "tasks",
        "--document",
        "60-KH/TU",
        "--by",
        "organ",
        "--index",
        &idx,
    ]);
    assert!(!out.contains("(s)"), "{out}");
}

#[test]
fn documents_cite_and_export() {
    let idx = idx();
    let (code, out, err) = run(&["-q", "documents", "--index", &idx, "--json", "--limit", "2"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["total"], 5);
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(2));
    let next = v["next_cursor"].as_str().expect("next").to_string();
    let (_, out, _) = run(&[
        "-q",
        "documents",
        "--index",
        &idx,
        "--json",
        "--cursor",
        &next,
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(3));

    let dir = tempfile::tempdir().expect("tempdir");
    let text = dir.path().join("draft.txt");
    std::fs::write(
        &text,
        "Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương.",
    )
    .expect("write");
    let (code, out, err) = run(&["-q", "cite", text.to_str().expect("utf-8"), "--index", &idx]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("1 citation found"), "{out}");
    assert!(out.contains("21-KL/TW — Kết luận · 2021-10-25"), "{out}");

    for name in ["records.jsonl", "edges.csv", "tasks.csv", "graph.graphml"] {
        let file = dir.path().join(name);
        let (code, _, err) = run(&[
            "-q",
            "export",
            name,
            "-o",
            file.to_str().expect("utf-8"),
            "--index",
            &idx,
        ]);
        assert_eq!(code, 0, "{name}: {err}");
        let bytes = std::fs::read(&file).expect("written");
        assert!(bytes.len() > 100, "{name}");
        if name.ends_with(".csv") {
            assert!(bytes.starts_with("\u{feff}".as_bytes()), "{name} has a BOM");
        }
    }
    let (_, csv, _) = run(&["-q", "tasks", "--csv", "--index", &idx]);
    assert!(csv.starts_with('\u{feff}'), "tasks --csv has a BOM");
    assert!(csv
        .lines()
        .next()
        .unwrap_or("")
        .contains("evidence_sentence"));
}

#[test]
fn a_damaged_task_store_is_a_rebuild_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("index");
    let out = vanban(&[
        "index",
        corpus().to_str().expect("utf-8"),
        "--index",
        copy.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());
    let generation = vanban::index::current_generation(&copy).expect("generation");
    let store = generation.join("tasks");
    let victim = std::fs::read_dir(&store)
        .expect("task store")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .expect("a .store file");
    let mut bytes = std::fs::read(&victim).expect("read");
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(&victim, bytes).expect("write");
    let (code, _, stderr) = run(&["-q", "tasks", "--index", copy.to_str().expect("utf-8")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("vanban index"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_second_build_of_one_folder_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = dir.path().join("index");
    // Hold the folder as a running build does.
    let _first = vanban::index::Staging::begin(&index).expect("first build");
    let out = vanban(&[
        "index",
        corpus().to_str().expect("utf-8"),
        "--index",
        index.to_str().expect("utf-8"),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("another `vanban index`"), "{stderr}");
    assert!(!index.join("CURRENT").exists());
}

#[test]
fn a_damaged_search_index_is_an_error_never_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("index");
    let out = vanban(&[
        "index",
        corpus().to_str().expect("utf-8"),
        "--index",
        copy.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success());
    let generation = vanban::index::current_generation(&copy).expect("generation");
    let tantivy = generation.join("tantivy");
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&tantivy)
        .expect("tantivy dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(".lock"))
        })
        .collect();
    assert!(files.len() > 5);
    let copy_s = copy.to_str().expect("utf-8").to_string();
    for file in &files {
        let original = std::fs::read(file).expect("read");
        if original.is_empty() {
            continue;
        }
        let mut bytes = original.clone();
        let at = bytes.len() / 2;
        bytes[at] ^= 0x01;
        std::fs::write(file, &bytes).expect("write");
        for args in [
            vec!["-q", "search", "ban tuyen giao", "--index", &copy_s],
            vec!["-q", "documents", "--index", &copy_s],
        ] {
            let (code, _, stderr) = run(&args);
            let name = file.display();
            assert!(
                code == 0 || code == 2,
                "{name}: {args:?} exit {code}: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
            if code == 2 {
                assert!(stderr.contains("index"), "{name}: {stderr}");
            }
        }
        std::fs::write(file, &original).expect("restore");
    }
}
