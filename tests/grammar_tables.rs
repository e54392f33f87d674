//! The grammar tables agree with the code that reads them: every phrase class
//! a source file names (`"forms.motto"`, `"implements.openers"`, …) exists in
//! `src/grammar/`, and every class the tables define is read somewhere.

use std::collections::BTreeSet;
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).expect("src readable").flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&p).expect("utf-8 source");
            out.push((p.display().to_string(), text));
        }
    }
}

/// Class names quoted in source: `"file.class"` with a known file prefix.
fn named_classes(text: &str) -> Vec<String> {
    const FILES: &[&str] = &[
        "forms",
        "identity",
        "citations",
        "implements",
        "tasks",
        "deadlines",
    ];
    let mut out = Vec::new();
    for file in FILES {
        let needle = format!("\"{file}.");
        let mut rest = text;
        while let Some(k) = rest.find(&needle) {
            let after = &rest[k + needle.len()..];
            let class: String = after
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if after[class.len()..].starts_with('"')
                && !class.is_empty()
                && class != "toml"
                && class != "no_such_class"
            {
                out.push(format!("{file}.{class}"));
            }
            rest = &rest[k + needle.len()..];
        }
    }
    out
}

#[test]
fn every_named_class_exists_and_every_class_is_used() {
    // The stages that read the grammar.
    let mut files = Vec::new();
    for dir in ["src/extract", "src/grammar", "src/tasks", "src/text"] {
        sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    }
    let defined: BTreeSet<String> = vanban::grammar::grammar()
        .classes()
        .map(|c| c.name.clone())
        .collect();
    let mut used = BTreeSet::new();
    let mut missing = Vec::new();
    for (path, text) in &files {
        for name in named_classes(text) {
            if !defined.contains(&name) {
                missing.push(format!("{path}: {name}"));
            }
            used.insert(name);
        }
    }
    assert!(
        missing.is_empty(),
        "classes named in code but not in src/grammar/*.toml:\n{}",
        missing.join("\n")
    );
    let unused: Vec<&String> = defined.difference(&used).collect();
    assert!(
        unused.is_empty(),
        "classes defined in src/grammar/*.toml but read nowhere: {unused:?}"
    );
}
