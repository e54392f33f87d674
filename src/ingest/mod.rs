//! Ingest: files → decoded text.
//!
//! Walks a corpus folder recursively, picks `.txt` and `.md` files and decodes them
//! (UTF-8, UTF-8 with BOM, UTF-16 LE/BE with BOM). A file that cannot be read or
//! decoded is reported with its reason and never aborts the run; other extensions
//! are counted. Nothing here normalises: the decoded text is the original, kept
//! for display.

use std::path::{Path, PathBuf};

use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8};

/// Files with these extensions are read; others are counted as ignored.
pub const EXTENSIONS: [&str; 2] = ["txt", "md"];

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("corpus folder {path} does not exist or is not a folder")]
    NotAFolder { path: PathBuf },
    #[error("cannot list {path}: {source}")]
    Walk {
        path: PathBuf,
        #[source]
        source: walkdir::Error,
    },
}

/// Why one file was not ingested.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum SkipReason {
    #[error("cannot read file: {0}")]
    Unreadable(String),
    #[error("file is empty")]
    Empty,
    #[error("not valid UTF-8 (first bad byte at offset {0}) and no UTF-16 byte-order mark")]
    InvalidUtf8(usize),
    #[error("invalid {0} sequence")]
    InvalidUtf16(&'static str),
    #[error("binary content (NUL byte at offset {0})")]
    Binary(usize),
    #[error("no text after decoding (only white space)")]
    Blank,
    /// A later stage failed on this file (a bug: please report it with the file).
    #[error("internal error while processing: {0}")]
    Internal(String),
}

/// A file that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// Path relative to the corpus root, `/`-separated.
    pub source: String,
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// One decoded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDoc {
    /// Path relative to the corpus root, `/`-separated (`003_e07fff3062a41059.txt`).
    pub source: String,
    /// Absolute or caller-relative path on disk.
    pub path: PathBuf,
    /// The decoded text, unnormalised.
    pub text: String,
    /// Encoding it was decoded from (`UTF-8`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// Size on disk in bytes.
    pub bytes: u64,
}

/// What a walk of the corpus found.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// Candidate files (`.txt`, `.md`), sorted by relative path.
    pub files: Vec<PathBuf>,
    /// Files with other extensions: counted, not read.
    pub ignored: usize,
    /// Entries that could not be listed (permissions, broken links).
    pub unlistable: Vec<Skipped>,
    /// Total size of the candidate files in bytes.
    pub bytes: u64,
}

/// List the candidate files under `root`, recursively, in a stable order.
/// `manifest.csv`, `README.md` at the root and `*.meta.toml` sidecars are not documents.
pub fn discover(root: &Path) -> Result<Discovery, IngestError> {
    if !root.is_dir() {
        return Err(IngestError::NotAFolder {
            path: root.to_path_buf(),
        });
    }
    let mut d = Discovery::default();
    for entry in walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let source = e
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| root.display().to_string());
                d.unlistable.push(Skipped {
                    source,
                    reason: SkipReason::Unreadable(e.to_string()),
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = relative(root, path);
        if is_corpus_metadata(&rel) {
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext {
            Some(e) if EXTENSIONS.contains(&e.as_str()) => {
                d.bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
                d.files.push(path.to_path_buf());
            }
            _ => d.ignored += 1,
        }
    }
    Ok(d)
}

fn is_corpus_metadata(rel: &str) -> bool {
    rel == "manifest.csv" || rel.eq_ignore_ascii_case("README.md") || rel.ends_with(".meta.toml")
}

/// Path of `path` relative to `root`, `/`-separated.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Read and decode one file.
pub fn read(root: &Path, path: &Path) -> Result<SourceDoc, Skipped> {
    let source = relative(root, path);
    let bytes = std::fs::read(path).map_err(|e| Skipped {
        source: source.clone(),
        reason: SkipReason::Unreadable(e.to_string()),
    })?;
    let size = bytes.len() as u64;
    match decode(&bytes) {
        Ok((text, encoding)) => Ok(SourceDoc {
            source,
            path: path.to_path_buf(),
            text,
            encoding,
            bytes: size,
        }),
        Err(reason) => Err(Skipped { source, reason }),
    }
}

/// Decode bytes as UTF-8 (BOM optional) or BOM-marked UTF-16.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    let text = if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == UTF_8 {
            utf8(body)?
        } else {
            let name = if encoding == UTF_16LE {
                "UTF-16LE"
            } else if encoding == UTF_16BE {
                "UTF-16BE"
            } else {
                encoding.name()
            };
            let (text, had_errors) = encoding.decode_without_bom_handling(body);
            if had_errors {
                return Err(SkipReason::InvalidUtf16(name));
            }
            let text = text.into_owned();
            if let Some(pos) = text.find('\0') {
                return Err(SkipReason::Binary(pos));
            }
            return finish(text, name);
        }
    } else {
        utf8(bytes)?
    };
    finish(text, "UTF-8")
}

fn utf8(bytes: &[u8]) -> Result<String, SkipReason> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(SkipReason::Binary(pos));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(SkipReason::InvalidUtf8(e.valid_up_to())),
    }
}

fn finish(text: String, encoding: &'static str) -> Result<(String, &'static str), SkipReason> {
    if text.trim().is_empty() {
        return Err(SkipReason::Blank);
    }
    Ok((text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            let b = if le { u.to_le_bytes() } else { u.to_be_bytes() };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn decodes_every_supported_encoding() {
        let s = "Ban Tuyên giáo Tỉnh ủy";
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (s.as_bytes().to_vec(), "UTF-8"),
            ([&[0xEF, 0xBB, 0xBF][..], s.as_bytes()].concat(), "UTF-8"),
            (utf16(s, true), "UTF-16LE"),
            (utf16(s, false), "UTF-16BE"),
        ];
        for (bytes, enc) in cases {
            let (text, got) = decode(&bytes).expect("decodes");
            assert_eq!(text, s);
            assert_eq!(got, enc);
        }
    }

    #[test]
    fn rejects_bad_input_with_a_reason() {
        assert_eq!(decode(b""), Err(SkipReason::Empty));
        assert_eq!(decode(b"  \n\t"), Err(SkipReason::Blank));
        assert_eq!(decode(b"abc\xFFdef"), Err(SkipReason::InvalidUtf8(3)));
        assert_eq!(decode(b"PK\x03\x04\x00\x00"), Err(SkipReason::Binary(4)));
        // An unpaired surrogate in UTF-16LE.
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]),
            Err(SkipReason::InvalidUtf16("UTF-16LE"))
        );
    }

    #[test]
    fn discovers_recursively_and_counts_other_extensions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).expect("mkdir");
        std::fs::write(root.join("x.txt"), "x").expect("write");
        std::fs::write(root.join("a/b/y.MD"), "y").expect("write");
        std::fs::write(root.join("a/z.pdf"), "z").expect("write");
        std::fs::write(root.join("manifest.csv"), "source\n").expect("write");
        std::fs::write(root.join("x.txt.meta.toml"), "").expect("write");
        let d = discover(root).expect("discover");
        let rels: Vec<String> = d.files.iter().map(|p| relative(root, p)).collect();
        assert_eq!(rels, vec!["a/b/y.MD", "x.txt"]);
        assert_eq!(d.ignored, 1);
        assert!(discover(&root.join("missing")).is_err());
    }
}
