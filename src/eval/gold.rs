//! Loading gold: a folder of hand-checked records (`NAME.json`, matched to the
//! corpus file with the same stem) or a generated ground truth (`FILE.jsonl`, one
//! object per line with a `source` and a subset of the record's fields).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::EvalError;

/// One gold document: the fields it fixes, as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldDoc {
    /// Where it was read from (`000_….json`, `ground_truth.jsonl:12`).
    pub origin: String,
    /// The key it is matched by: a file stem (folder gold) or a source path (JSONL).
    pub key: String,
    /// True when `key` is a file stem, false when it is a source path.
    pub by_stem: bool,
    /// The fields present in the gold; only these are scored.
    pub fields: Map<String, Value>,
}

/// Read gold from a folder of `*.json` records or a `*.jsonl` file.
pub fn load(path: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    if path.is_dir() {
        load_dir(path)
    } else if path.is_file() {
        load_jsonl(path)
    } else {
        Err(EvalError::NoGold {
            path: path.to_path_buf(),
        })
    }
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::GoldRead {
        path: path.to_path_buf(),
        source,
    })
}

fn load_dir(dir: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EvalError::GoldRead {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(EvalError::NoGold {
            path: dir.to_path_buf(),
        });
    }
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        let text = read(&p)?;
        let value: Value = serde_json::from_str(&text).map_err(|source| EvalError::GoldParse {
            path: p.clone(),
            line: None,
            source,
        })?;
        let Value::Object(fields) = value else {
            return Err(EvalError::GoldShape {
                path: p.clone(),
                line: None,
                what: "a gold file must hold one JSON object".to_string(),
            });
        };
        let stem = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(GoldDoc {
            origin: p
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            key: stem,
            by_stem: true,
            fields,
        });
    }
    Ok(out)
}

fn load_jsonl(path: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let text = read(path)?;
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|source| EvalError::GoldParse {
            path: path.to_path_buf(),
            line: Some(i + 1),
            source,
        })?;
        let Value::Object(fields) = value else {
            return Err(EvalError::GoldShape {
                path: path.to_path_buf(),
                line: Some(i + 1),
                what: "each line must be one JSON object".to_string(),
            });
        };
        let Some(source) = fields.get("source").and_then(Value::as_str) else {
            return Err(EvalError::GoldShape {
                path: path.to_path_buf(),
                line: Some(i + 1),
                what: "the object has no `source` string".to_string(),
            });
        };
        out.push(GoldDoc {
            origin: format!("{name}:{}", i + 1),
            key: source.to_string(),
            by_stem: false,
            fields,
        });
    }
    if out.is_empty() {
        return Err(EvalError::NoGold {
            path: path.to_path_buf(),
        });
    }
    Ok(out)
}

/// The corpus file (relative path) a gold document describes, if any.
/// Folder gold matches by file stem; JSONL gold by the source path, tolerating
/// a leading folder (`corpus/000_x.txt` matches `000_x.txt`), then by stem.
pub fn match_source<'a>(gold: &GoldDoc, sources: &'a [String]) -> Option<&'a String> {
    let stem_of = |s: &str| -> String {
        let name = s.rsplit('/').next().unwrap_or(s);
        match name.rfind('.') {
            Some(dot) if dot > 0 => name[..dot].to_string(),
            _ => name.to_string(),
        }
    };
    if gold.by_stem {
        return sources.iter().find(|s| stem_of(s) == gold.key);
    }
    let key = gold.key.replace('\\', "/");
    let mut k = key.trim_start_matches("./");
    loop {
        if let Some(s) = sources.iter().find(|s| s.as_str() == k) {
            return Some(s);
        }
        match k.split_once('/') {
            Some((_, rest)) if !rest.is_empty() => k = rest,
            _ => break,
        }
    }
    let stem = stem_of(&key);
    let mut found = sources.iter().filter(|s| stem_of(s) == stem);
    match (found.next(), found.next()) {
        (Some(s), None) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_sources() {
        let sources: Vec<String> = ["000_a.txt", "sub/001_b.md", "x/dup.txt", "y/dup.txt"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let doc = |key: &str, by_stem: bool| GoldDoc {
            origin: String::new(),
            key: key.to_string(),
            by_stem,
            fields: Map::new(),
        };
        const CASES: &[(&str, bool, Option<&str>)] = &[
            ("000_a", true, Some("000_a.txt")),
            ("001_b", true, Some("sub/001_b.md")),
            ("corpus/000_a.txt", false, Some("000_a.txt")),
            ("./sub/001_b.md", false, Some("sub/001_b.md")),
            ("elsewhere/001_b.md", false, Some("sub/001_b.md")),
            ("dup.txt", false, None),
            ("y/dup.txt", false, Some("y/dup.txt")),
            ("nothing", true, None),
        ];
        for (key, by_stem, want) in CASES {
            let got = match_source(&doc(key, *by_stem), &sources).map(String::as_str);
            assert_eq!(got, *want, "case {key:?}");
        }
    }
}
