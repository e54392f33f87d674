//! Ingest: files → decoded text.
//!
//! [`discover`] walks a corpus folder and lists the files it can read, each with
//! its [`Format`] and a unique, stable document id; it names every file it will
//! not read (unsupported extension, a link out of the corpus) with the reason.
//! [`read`] decodes one file through the [`Decoder`] of its format:
//!
//! | format | how |
//! |---|---|
//! | `.txt`, `.md` | UTF-8, UTF-16 (with or without a byte-order mark), or a legacy encoding found by [`legacy::detect`] |
//! | `.html`, `.htm` | the main text of a saved page ([`html`]); `<title>` and `<meta>` dates as [`Hints`] |
//! | `.docx` | paragraphs and tables from the package's XML ([`docx`]); legacy fonts decoded run by run |
//! | `.pdf` | the text layer ([`pdf`]); a scan goes to `tesseract` when it is installed |
//! | `.doc` | `antiword`, `catdoc` or LibreOffice, whichever is installed ([`doc`]) |
//!
//! A file that cannot be read becomes a [`Skipped`] with a [`SkipReason`] that
//! says what would make it readable, never an abort. Nothing here normalises:
//! the text is the original, kept for display; [`Origin`] says how it was read.

pub mod doc;
pub mod docx;
pub mod html;
pub mod layout;
pub mod legacy;
pub mod pdf;
pub mod syllable;
pub mod text;
pub mod tools;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::ser::SerializeStruct;

/// Extensions of the plain-text formats (kept for callers that look for
/// sidecar targets); every readable extension is in [`Format::from_path`].
pub const EXTENSIONS: [&str; 2] = ["txt", "md"];

/// Every extension [`read`] understands.
pub const ALL_EXTENSIONS: [&str; 7] = ["txt", "md", "html", "htm", "docx", "doc", "pdf"];

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

/// The formats vanban reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Txt,
    Md,
    Html,
    Docx,
    Doc,
    Pdf,
}

impl Format {
    /// The format of a path, by its extension (any case).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => Format::Txt,
            "md" | "markdown" => Format::Md,
            "html" | "htm" | "xhtml" => Format::Html,
            "docx" => Format::Docx,
            "doc" => Format::Doc,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Pdf => "pdf",
        }
    }
}

/// Why one file was not ingested. Each reason says what would make it readable
/// ([`SkipReason::fix`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
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
    /// Not UTF-8 and no legacy encoding reads as Vietnamese.
    #[error("unknown text encoding (best guess {best}, only {:.0}% of its words are Vietnamese)", confidence * 100.0)]
    UnknownEncoding { best: &'static str, confidence: f32 },
    #[error("file is {bytes} bytes, over the limit of {limit}")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("reading took longer than the {seconds} s budget of one document")]
    TimedOut { seconds: u64 },
    #[error("extension `.{0}` is not a format vanban reads")]
    Unsupported(String),
    #[error("symbolic link to {0}, outside the corpus folder")]
    OutsideCorpus(String),
    /// A scanned PDF (no text layer) and no OCR engine on this machine.
    #[error("scanned PDF: install tesseract-ocr-vie to read it")]
    ScannedPdf,
    /// A format that needs an external program that is not installed.
    #[error("{format} file: no converter installed")]
    NeedsTool { format: &'static str },
    /// The file is damaged or not what its extension says.
    #[error("{format} file cannot be read: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("{0} file is encrypted")]
    Encrypted(&'static str),
    /// An external converter failed on this file.
    #[error("{tool} failed: {detail}")]
    ToolFailed { tool: String, detail: String },
    /// A later stage failed on this file (a bug: please report it with the file).
    #[error("internal error while processing: {0}")]
    Internal(String),
}

impl SkipReason {
    /// The stable code of the reason (`too_large`, `scanned_pdf`, …).
    pub fn code(&self) -> &'static str {
        match self {
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Empty => "empty",
            SkipReason::InvalidUtf8(_) => "invalid_utf8",
            SkipReason::InvalidUtf16(_) => "invalid_utf16",
            SkipReason::Binary(_) => "binary",
            SkipReason::Blank => "blank",
            SkipReason::UnknownEncoding { .. } => "unknown_encoding",
            SkipReason::TooLarge { .. } => "too_large",
            SkipReason::TimedOut { .. } => "timed_out",
            SkipReason::Unsupported(_) => "unsupported",
            SkipReason::OutsideCorpus(_) => "outside_corpus",
            SkipReason::ScannedPdf => "scanned_pdf",
            SkipReason::NeedsTool { .. } => "needs_tool",
            SkipReason::Corrupt { .. } => "corrupt",
            SkipReason::Encrypted(_) => "encrypted",
            SkipReason::ToolFailed { .. } => "tool_failed",
            SkipReason::Internal(_) => "internal",
        }
    }

    /// What would make the file readable, when something would.
    pub fn fix(&self) -> Option<String> {
        Some(match self {
            SkipReason::Unreadable(_) => "check the file's permissions".into(),
            SkipReason::InvalidUtf8(_) | SkipReason::UnknownEncoding { .. } => {
                "save it as UTF-8 (e.g. `iconv -f ENCODING -t UTF-8`)".into()
            }
            SkipReason::InvalidUtf16(_) => "save it again as UTF-8".into(),
            SkipReason::TooLarge { .. } => "raise the limit with `--max-file-mb`".into(),
            SkipReason::TimedOut { .. } => "raise the budget with `--doc-timeout`".into(),
            SkipReason::Unsupported(_) => {
                "save it as .pdf, .docx, .html or .txt to index it".into()
            }
            SkipReason::OutsideCorpus(_) => {
                "copy the file into the corpus, or pass `--follow-links`".into()
            }
            SkipReason::ScannedPdf => {
                "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils".into()
            }
            SkipReason::NeedsTool { .. } => {
                "apt-get install antiword (or catdoc, or libreoffice-writer), or save it as .docx"
                    .into()
            }
            SkipReason::Encrypted(_) => "save an unprotected copy".into(),
            SkipReason::Internal(_) => "please report this file as a bug".into(),
            SkipReason::Empty
            | SkipReason::Binary(_)
            | SkipReason::Blank
            | SkipReason::Corrupt { .. }
            | SkipReason::ToolFailed { .. } => return None,
        })
    }
}

/// A file that was skipped, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// Path relative to the corpus root, `/`-separated.
    pub source: String,
    pub reason: SkipReason,
}

impl serde::Serialize for Skipped {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Skipped", 4)?;
        st.serialize_field("source", &self.source)?;
        st.serialize_field("reason", self.reason.code())?;
        st.serialize_field("detail", &self.reason.to_string())?;
        st.serialize_field("fix", &self.reason.fix())?;
        st.end()
    }
}

/// How a document's text was obtained: recorded in its record.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub format: Format,
    /// `UTF-8`, `UTF-16LE`, `TCVN3`, `VNI`, `windows-1258`, `VISCII`, or a mix
    /// (`UTF-8+TCVN3` for a Word file with `.VnTime` runs).
    pub encoding: String,
    /// Share of the words with Vietnamese letters that are valid syllables
    /// (1 for text that needed no guessing); for OCR, tesseract's mean word confidence.
    pub confidence: f32,
    /// True when the text came from OCR.
    pub ocr: bool,
    /// The external program that produced the text (`antiword`, `tesseract`), if any.
    pub tool: Option<String>,
    /// Pages, for paged formats.
    pub pages: Option<usize>,
}

impl Origin {
    pub fn new(format: Format, encoding: impl Into<String>) -> Origin {
        Origin {
            format,
            encoding: encoding.into(),
            confidence: 1.0,
            ocr: false,
            tool: None,
            pages: None,
        }
    }
}

/// Values a file's own metadata suggests (an HTML page's `<title>` and date
/// `<meta>`). They fill record fields the text leaves empty, never override it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
}

/// A decoder's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub origin: Origin,
    pub hints: Hints,
}

/// What a decoder gets: the file's bytes and path, and how long it may take.
pub struct Input<'a> {
    pub path: &'a Path,
    pub bytes: &'a [u8],
    /// Past this instant, external programs are stopped and the file skipped.
    pub deadline: Instant,
    pub options: &'a ReadOptions,
}

/// One decoder per format.
pub trait Decoder: Sync {
    fn format(&self) -> Format;
    fn decode(&self, input: &Input<'_>) -> Result<Decoded, SkipReason>;
}

/// The decoder of a format.
pub fn decoder(format: Format) -> &'static dyn Decoder {
    match format {
        Format::Txt => &text::TextDecoder(Format::Txt),
        Format::Md => &text::TextDecoder(Format::Md),
        Format::Html => &html::HtmlDecoder,
        Format::Docx => &docx::DocxDecoder,
        Format::Doc => &doc::DocDecoder,
        Format::Pdf => &pdf::PdfDecoder,
    }
}

/// How to read files.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Files larger than this are skipped (`too_large`).
    pub max_bytes: u64,
    /// Time budget of one document (decoding, OCR, conversion).
    pub time_budget: Duration,
    /// Run OCR on scanned PDFs when tesseract is installed.
    pub ocr: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: 50 * 1024 * 1024,
            time_budget: Duration::from_secs(300),
            ocr: true,
        }
    }
}

/// One decoded document.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDoc {
    /// Path relative to the corpus root, `/`-separated (`003_e07fff3062a41059.txt`).
    pub source: String,
    /// Absolute or caller-relative path on disk.
    pub path: PathBuf,
    /// The decoded text, unnormalised.
    pub text: String,
    /// Encoding it was decoded from (`UTF-8`, `UTF-16LE`, `TCVN3`, …).
    pub encoding: String,
    /// Size on disk in bytes.
    pub bytes: u64,
    /// How the text was obtained.
    pub origin: Origin,
    /// Metadata values that fill what the text leaves empty.
    pub hints: Hints,
}

/// Two or more files whose ids would be the same: the first keeps the id, the
/// others keep their extension (and a number if that is not enough).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Collision {
    /// The id they would share.
    pub id: String,
    /// Each file with the id it got.
    pub files: Vec<(String, String)>,
}

/// What a walk of the corpus found.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// Candidate files, sorted by relative path.
    pub files: Vec<PathBuf>,
    /// The document id of each file of `files` (same order), unique.
    pub ids: Vec<String>,
    /// Files that are not read, by count.
    pub ignored: usize,
    /// Files that are not read, each with its reason (unsupported extension,
    /// link out of the corpus).
    pub ignored_files: Vec<Skipped>,
    /// Entries that could not be listed (permissions, broken links).
    pub unlistable: Vec<Skipped>,
    /// Ids that several files would have had.
    pub collisions: Vec<Collision>,
    /// Total size of the candidate files in bytes.
    pub bytes: u64,
}

/// How to walk a corpus.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiscoverOptions {
    /// Follow symbolic links that lead out of the corpus folder (default: such
    /// links are listed as skipped).
    pub follow_outside_links: bool,
}

/// List the candidate files under `root`, recursively, in a stable order.
/// `manifest.csv`, `README.md` at the root and `*.meta.toml` sidecars are not documents.
pub fn discover(root: &Path) -> Result<Discovery, IngestError> {
    discover_with(root, DiscoverOptions::default())
}

/// [`discover`] with options.
pub fn discover_with(root: &Path, opts: DiscoverOptions) -> Result<Discovery, IngestError> {
    if !root.is_dir() {
        return Err(IngestError::NotAFolder {
            path: root.to_path_buf(),
        });
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut d = Discovery::default();
    let mut walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
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
        let path = entry.path();
        let rel = relative(root, path);
        if entry.path_is_symlink() && !opts.follow_outside_links {
            let target = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            if !target.starts_with(&canonical_root) {
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                d.ignored += 1;
                d.ignored_files.push(Skipped {
                    source: rel,
                    reason: SkipReason::OutsideCorpus(target.display().to_string()),
                });
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if is_corpus_metadata(&rel) {
            continue;
        }
        match Format::from_path(path) {
            Some(_) => {
                d.bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
                d.files.push(path.to_path_buf());
            }
            None => {
                d.ignored += 1;
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_string())
                    .unwrap_or_default();
                if !is_hidden(&rel) {
                    d.ignored_files.push(Skipped {
                        source: rel,
                        reason: SkipReason::Unsupported(ext),
                    });
                }
            }
        }
    }
    let sources: Vec<String> = d.files.iter().map(|p| relative(root, p)).collect();
    let (ids, collisions) = assign_ids(&sources);
    d.ids = ids;
    d.collisions = collisions;
    Ok(d)
}

/// Dot files (`.DS_Store`, `.git/…`) are counted but not listed one by one.
fn is_hidden(rel: &str) -> bool {
    rel.split('/').any(|c| c.starts_with('.'))
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

/// The id a file gets when nothing else claims it: its path relative to the
/// corpus without the extension, `/` written `~` (`kien-giang~60-KH-TU`).
pub fn base_id(source: &str) -> String {
    let stem = match source.rfind('.') {
        Some(dot) if !source[dot..].contains('/') => &source[..dot],
        _ => source,
    };
    stem.replace('/', "~")
}

/// Rank of a source among files that would share an id: the plain-text forms
/// first, then by format, then a path without `~` in its names, then by path.
fn claim_rank(source: &str) -> (u8, bool, String) {
    let format = Format::from_path(Path::new(source));
    let f = match format {
        Some(Format::Txt) => 0,
        Some(Format::Md) => 1,
        Some(Format::Html) => 2,
        Some(Format::Docx) => 3,
        Some(Format::Doc) => 4,
        Some(Format::Pdf) => 5,
        None => 6,
    };
    let name_has_tilde = source.split('/').any(|c| c.contains('~'));
    (f, name_has_tilde, source.to_string())
}

/// Unique ids for `sources`: the base id, unless several files share it; then
/// the first by [`claim_rank`] keeps it and the others keep their extension
/// (`x.md` → `x.md`), with `~2`, `~3`… if that is still taken.
pub fn assign_ids(sources: &[String]) -> (Vec<String>, Vec<Collision>) {
    let mut by_base: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        by_base.entry(base_id(s)).or_default().push(i);
    }
    let mut ids = vec![String::new(); sources.len()];
    let mut taken: std::collections::HashSet<String> = by_base
        .iter()
        .filter(|(_, v)| v.len() == 1)
        .map(|(k, _)| k.clone())
        .collect();
    let mut collisions = Vec::new();
    for (base, members) in &by_base {
        if members.len() == 1 {
            ids[members[0]] = base.clone();
            continue;
        }
        let mut ranked = members.clone();
        ranked.sort_by_key(|&i| claim_rank(&sources[i]));
        let mut files = Vec::new();
        for (k, &i) in ranked.iter().enumerate() {
            let id = if k == 0 && !taken.contains(base) {
                base.clone()
            } else {
                let with_ext = sources[i].replace('/', "~");
                let mut id = with_ext.clone();
                let mut n = 2;
                while taken.contains(&id) || by_base.contains_key(&id) && id != *base {
                    id = format!("{with_ext}~{n}");
                    n += 1;
                }
                id
            };
            taken.insert(id.clone());
            ids[i] = id.clone();
            files.push((sources[i].clone(), id));
        }
        collisions.push(Collision {
            id: base.clone(),
            files,
        });
    }
    (ids, collisions)
}

/// Read and decode one file with the default options.
pub fn read(root: &Path, path: &Path) -> Result<SourceDoc, Skipped> {
    read_with(root, path, &ReadOptions::default())
}

/// Read and decode one file.
pub fn read_with(root: &Path, path: &Path, options: &ReadOptions) -> Result<SourceDoc, Skipped> {
    let source = relative(root, path);
    let skip = |reason| Skipped {
        source: source.clone(),
        reason,
    };
    let format = Format::from_path(path).unwrap_or(Format::Txt);
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > options.max_bytes {
            return Err(skip(SkipReason::TooLarge {
                bytes: meta.len(),
                limit: options.max_bytes,
            }));
        }
    }
    let bytes = std::fs::read(path).map_err(|e| skip(SkipReason::Unreadable(e.to_string())))?;
    if bytes.is_empty() {
        return Err(skip(SkipReason::Empty));
    }
    let input = Input {
        path,
        bytes: &bytes,
        deadline: Instant::now() + options.time_budget,
        options,
    };
    let decoded = decoder(format).decode(&input).map_err(skip)?;
    if is_blank(&decoded.text) {
        return Err(skip(SkipReason::Blank));
    }
    Ok(SourceDoc {
        source: source.clone(),
        path: path.to_path_buf(),
        encoding: decoded.origin.encoding.clone(),
        text: decoded.text,
        bytes: bytes.len() as u64,
        origin: decoded.origin,
        hints: decoded.hints,
    })
}

/// Zero-width and format characters that make a file look non-empty.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
        )
}

/// True when `text` has nothing but white space and invisible characters.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

/// Decode bytes of a text file (see [`text::decode`]); kept for callers that
/// hold bytes.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), SkipReason> {
    let d = text::decode(bytes)?;
    let enc = match d.origin.encoding.as_str() {
        "UTF-8" => "UTF-8",
        "UTF-16LE" => "UTF-16LE",
        "UTF-16BE" => "UTF-16BE",
        "TCVN3" => "TCVN3",
        "VNI" => "VNI",
        "VISCII" => "VISCII",
        "windows-1258" => "windows-1258",
        _ => "legacy",
    };
    Ok((d.text, enc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovers_recursively_and_names_other_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).expect("mkdir");
        std::fs::write(root.join("x.txt"), "x").expect("write");
        std::fs::write(root.join("a/b/y.MD"), "y").expect("write");
        std::fs::write(root.join("a/z.pdf"), "z").expect("write");
        std::fs::write(root.join("a/t.xlsx"), "z").expect("write");
        std::fs::write(root.join("manifest.csv"), "source\n").expect("write");
        std::fs::write(root.join("x.txt.meta.toml"), "").expect("write");
        let d = discover(root).expect("discover");
        let rels: Vec<String> = d.files.iter().map(|p| relative(root, p)).collect();
        assert_eq!(rels, vec!["a/b/y.MD", "a/z.pdf", "x.txt"]);
        assert_eq!(d.ids, vec!["a~b~y", "a~z", "x"]);
        assert_eq!(d.ignored, 1);
        assert_eq!(d.ignored_files[0].source, "a/t.xlsx");
        assert_eq!(d.ignored_files[0].reason.code(), "unsupported");
        assert!(discover(&root.join("missing")).is_err());
    }

    #[test]
    fn ids_are_unique_and_collisions_reported() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["x.md", "x.txt"], &["x.md", "x"]),
            (&["x.docx", "x.pdf"], &["x", "x.pdf"]),
            (&["a/b.txt", "a~b.txt"], &["a~b", "a~b.txt"]),
            (
                &["a/b.txt", "a~b.txt", "a~b.txt.md"],
                &["a~b", "a~b.txt~2", "a~b.txt"],
            ),
            (&["p/q.txt", "r.txt"], &["p~q", "r"]),
        ];
        for (sources, want) in cases {
            let sources: Vec<String> = sources.iter().map(|s| s.to_string()).collect();
            let (ids, collisions) = assign_ids(&sources);
            assert_eq!(ids, *want, "{sources:?}");
            let unique: std::collections::HashSet<&String> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "{ids:?}");
            assert_eq!(collisions.is_empty(), want.len() == 2 && want[1] == "r");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_corpus_are_not_followed() {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret.txt"), "bí mật").expect("write");
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join("in.txt"), "trong").expect("write");
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("link.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(outside.path(), root.join("dir")).expect("symlink");
        std::os::unix::fs::symlink(root.join("in.txt"), root.join("inner.txt")).expect("symlink");
        let d = discover(root).expect("discover");
        let rels: Vec<String> = d.files.iter().map(|p| relative(root, p)).collect();
        assert_eq!(rels, vec!["in.txt", "inner.txt"]);
        let skipped: Vec<&str> = d.ignored_files.iter().map(|s| s.source.as_str()).collect();
        assert_eq!(skipped, vec!["dir", "link.txt"]);
        assert!(d
            .ignored_files
            .iter()
            .all(|s| s.reason.code() == "outside_corpus"));
        let d = discover_with(
            root,
            DiscoverOptions {
                follow_outside_links: true,
            },
        )
        .expect("discover");
        assert_eq!(d.files.len(), 4);
    }

    #[test]
    fn too_large_and_blank_files_are_skipped_with_reasons() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::write(root.join("big.txt"), "a".repeat(2000)).expect("write");
        std::fs::write(root.join("zw.txt"), "\u{200B}\u{FEFF}\u{200D}\n \u{2060}").expect("write");
        let opts = ReadOptions {
            max_bytes: 1000,
            ..ReadOptions::default()
        };
        let e = read_with(root, &root.join("big.txt"), &opts).expect_err("too large");
        assert_eq!(e.reason.code(), "too_large");
        assert!(e.reason.fix().is_some_and(|f| f.contains("--max-file-mb")));
        let e = read(root, &root.join("zw.txt")).expect_err("blank");
        assert_eq!(e.reason, SkipReason::Blank);
        let json = serde_json::to_value(&e).expect("json");
        assert_eq!(json["reason"], "blank");
        assert_eq!(json["source"], "zw.txt");
    }
}
