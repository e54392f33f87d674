//! Corpus-supplied metadata: `manifest.csv` and `FILE.meta.toml` sidecars.
//!
//! A corpus may carry a `manifest.csv` at its root (a `source` column with the
//! document's path relative to the root, plus any record field: `province`,
//! `date`, `number`, `issuer`, `issuer_level`, `doc_type`, `title`, `signer`,
//! `signer_title`; other columns such as `source_url` go to the record's `extra`)
//! and, beside any document, a sidecar `NAME.txt.meta.toml` or `NAME.meta.toml`
//! with the same keys. Their values fill or override what the text says; a
//! sidecar wins over the manifest row. The record's `provenance` says which
//! fields came from where.
//!
//! Bad rows and values are reported as [`ManifestProblem`]s and skipped; only a
//! manifest that cannot be read at all is an error.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::identity::{self, Identity};
use super::record::{DocType, FieldSource, IssuerLevel, Signer};

/// File name of the manifest at the corpus root.
pub const MANIFEST_FILE: &str = "manifest.csv";
/// Suffix of sidecar files (`NAME.txt.meta.toml` or `NAME.meta.toml`).
pub const SIDECAR_SUFFIX: &str = ".meta.toml";

/// Why a manifest could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a readable CSV file: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error("{path} has no `source` column (the header row must name one)")]
    NoSourceColumn { path: PathBuf },
}

/// One bad row or value; reported, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestProblem {
    /// `manifest.csv` or the sidecar's path relative to the corpus root.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u64>,
    pub message: String,
}

impl fmt::Display for ManifestProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Values supplied for one document, by record field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Validated values (`date` in ISO form, `number` normalised, slugs for enums).
    pub fields: BTreeMap<String, String>,
    /// True when any value came from a sidecar.
    pub from_sidecar: bool,
    /// Where each value came from (`manifest` or `sidecar`).
    pub origin: BTreeMap<String, FieldSource>,
}

impl Overrides {
    /// Fill or override identity fields, recording their provenance. Keys that
    /// are not identity fields go to `extra`.
    pub fn apply_identity(&self, identity: &mut Identity) {
        let mut province_set = false;
        let mut issuer_set = false;
        for (key, value) in &self.fields {
            let origin = self
                .origin
                .get(key)
                .copied()
                .unwrap_or(FieldSource::Manifest);
            let field = match key.as_str() {
                "number" => {
                    identity.number = Some(value.clone());
                    "number"
                }
                "doc_type" => match DocType::from_slug(value) {
                    Some(t) => {
                        identity.doc_type = t;
                        "doc_type"
                    }
                    None => continue,
                },
                "title" => {
                    identity.title = Some(value.clone());
                    "title"
                }
                "issuer" => {
                    identity.issuer = Some(value.clone());
                    issuer_set = true;
                    "issuer"
                }
                "issuer_level" => match parse_level(value) {
                    Some(l) => {
                        identity.issuer_level = Some(l);
                        "issuer_level"
                    }
                    None => continue,
                },
                "province" => {
                    identity.province = Some(value.clone());
                    province_set = true;
                    "province"
                }
                "date" => match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                    Ok(d) => {
                        identity.date = Some(d);
                        "date"
                    }
                    Err(_) => continue,
                },
                "signer" => {
                    let title = self
                        .fields
                        .get("signer_title")
                        .cloned()
                        .or_else(|| identity.signer.as_ref().and_then(|s| s.title.clone()));
                    identity.signer = Some(Signer {
                        name: value.clone(),
                        title,
                    });
                    "signer"
                }
                "signer_title" => match identity.signer.as_mut() {
                    Some(s) => {
                        s.title = Some(value.clone());
                        "signer"
                    }
                    None => continue,
                },
                other => {
                    identity.extra.insert(other.to_string(), value.clone());
                    other
                }
            };
            identity.provenance.insert(field.to_string(), origin);
        }
        // A province from the manifest also qualifies an issuer read from the
        // text (`Ban Chấp hành Đảng bộ tỉnh` → `… tỉnh Ninh Thuận`).
        if province_set && !issuer_set {
            if let (Some(issuer), Some(province)) = (&identity.issuer, &identity.province) {
                identity.issuer = Some(identity::qualify_issuer(issuer, province));
            }
        }
    }
}

/// The manifest rows and sidecars of one corpus.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// Validated manifest values by source path (relative to the corpus root).
    rows: BTreeMap<String, BTreeMap<String, String>>,
    /// Validated sidecar values by the source path of the document they describe.
    sidecars: BTreeMap<String, BTreeMap<String, String>>,
    /// The corpus root the sidecars were collected from.
    root: Option<PathBuf>,
}

impl Manifest {
    /// Load `manifest.csv` at `corpus_root` (a missing manifest is fine: empty)
    /// and every `*.meta.toml` sidecar under it. Bad rows and values are
    /// returned as problems; an unreadable manifest is an error.
    pub fn load(corpus_root: &Path) -> Result<(Manifest, Vec<ManifestProblem>), ManifestError> {
        let mut problems = Vec::new();
        let mut manifest = Manifest {
            root: Some(corpus_root.to_path_buf()),
            ..Manifest::default()
        };
        let path = corpus_root.join(MANIFEST_FILE);
        if path.is_file() {
            let rows = std::fs::read(&path)
                .map_err(|source| ManifestError::Read {
                    path: path.clone(),
                    source,
                })
                .and_then(|bytes| parse_csv(&bytes, corpus_root, &path, &mut problems));
            match rows {
                Ok(rows) => manifest.rows = rows,
                Err(e) => {
                    tracing::warn!("{e}; the manifest is skipped");
                    problems.push(ManifestProblem {
                        file: MANIFEST_FILE.to_string(),
                        line: Some(1).filter(|_| !matches!(e, ManifestError::Read { .. })),
                        message: format!("{e}; the whole manifest is skipped"),
                    });
                }
            }
        }
        manifest.sidecars = collect_sidecars(corpus_root, &mut problems);
        Ok((manifest, problems))
    }

    /// Load `manifest.csv` at `corpus_root` only, without walking the corpus
    /// for sidecars: [`Manifest::overrides_for`] then reads just the sidecar
    /// of the document asked about (for `vanban extract FILE`).
    pub fn load_rows(
        corpus_root: &Path,
    ) -> Result<(Manifest, Vec<ManifestProblem>), ManifestError> {
        let mut problems = Vec::new();
        let mut manifest = Manifest::default();
        let path = corpus_root.join(MANIFEST_FILE);
        if path.is_file() {
            let bytes = std::fs::read(&path).map_err(|source| ManifestError::Read {
                path: path.clone(),
                source,
            })?;
            manifest.rows = parse_csv(&bytes, corpus_root, &path, &mut problems)?;
        }
        Ok((manifest, problems))
    }

    /// Number of documents the manifest rows describe.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are neither manifest rows nor sidecars.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.sidecars.is_empty()
    }

    /// The values for one document: its manifest row merged with its sidecar
    /// (the sidecar wins). `None` when neither says anything.
    pub fn overrides_for(&self, corpus_root: &Path, source_rel: &str) -> Option<Overrides> {
        let source = clean_source(source_rel);
        let mut out = Overrides::default();
        if let Some(row) = self.rows.get(&source) {
            for (k, v) in row {
                out.fields.insert(k.clone(), v.clone());
                out.origin.insert(k.clone(), FieldSource::Manifest);
            }
        }
        let scanned = self.root.as_deref() == Some(corpus_root);
        let sidecar = if scanned {
            self.sidecars.get(&source).cloned()
        } else {
            // Not collected at load time (another root): read it now.
            read_sidecar_for(corpus_root, &source)
        };
        if let Some(fields) = sidecar {
            for (k, v) in fields {
                out.origin.insert(k.clone(), FieldSource::Sidecar);
                out.fields.insert(k, v);
                out.from_sidecar = true;
            }
        }
        (!out.fields.is_empty()).then_some(out)
    }
}

/// `./a\b.txt` → `a/b.txt`.
fn clean_source(s: &str) -> String {
    let s = s.trim().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

/// Record fields that cannot come from a manifest (lists, computed fields).
const NOT_SETTABLE: &[&str] = &[
    "implements",
    "citations",
    "relations",
    "tasks",
    "provenance",
    "extra",
];

fn parse_level(s: &str) -> Option<IssuerLevel> {
    let key = crate::normalize::fold(s.trim())
        .to_lowercase()
        .replace([' ', '-'], "_");
    match key.as_str() {
        "trung_uong" | "tw" => Some(IssuerLevel::TrungUong),
        "tinh" => Some(IssuerLevel::Tinh),
        "huyen" => Some(IssuerLevel::Huyen),
        "xa" => Some(IssuerLevel::Xa),
        "khoi" => Some(IssuerLevel::Khoi),
        _ => None,
    }
}

fn level_slug(l: IssuerLevel) -> &'static str {
    match l {
        IssuerLevel::TrungUong => "trung_uong",
        IssuerLevel::Tinh => "tinh",
        IssuerLevel::Huyen => "huyen",
        IssuerLevel::Xa => "xa",
        IssuerLevel::Khoi => "khoi",
    }
}

/// Canonical form of one supplied value, or why it is rejected.
fn validate(field: &str, raw: &str) -> Result<String, String> {
    let value: String = crate::normalize::normalize(raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match field {
        "number" => {
            if !value.chars().any(|c| c.is_ascii_digit()) {
                return Err(format!("number `{value}` has no digits"));
            }
            Ok(super::refs::normalize_ref(&value))
        }
        "doc_type" => {
            let folded = crate::normalize::fold(&value).to_lowercase();
            DocType::ALL
                .iter()
                .find(|t| {
                    t.slug() == value || crate::normalize::fold(t.label()).to_lowercase() == folded
                })
                .map(|t| t.slug().to_string())
                .ok_or_else(|| {
                    let slugs: Vec<&str> = DocType::ALL.iter().map(|t| t.slug()).collect();
                    format!(
                        "unknown doc_type `{value}` (expected one of {})",
                        slugs.join(", ")
                    )
                })
        }
        "issuer_level" => parse_level(&value)
            .map(|l| level_slug(l).to_string())
            .ok_or_else(|| {
                format!(
                    "unknown issuer_level `{value}` (expected trung_uong, tinh, huyen, xa or khoi)"
                )
            }),
        "date" => parse_date(&value)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .ok_or_else(|| format!("bad date `{value}` (expected YYYY-MM-DD or DD/MM/YYYY)")),
        "province" => {
            let p = &crate::grammar::grammar().provinces;
            Ok(p.lookup(&value, None)
                .or_else(|| p.lookup(&value, parse_date("2099-01-01")))
                .map(|x| x.name.clone())
                .unwrap_or(value))
        }
        _ => Ok(value),
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// The field name a column or key stands for (`signer_name` → `signer`).
fn field_name(column: &str) -> String {
    let c = column.trim().to_lowercase();
    match c.as_str() {
        "signer_name" => "signer".to_string(),
        "level" => "issuer_level".to_string(),
        "type" => "doc_type".to_string(),
        _ => c,
    }
}

fn parse_csv(
    bytes: &[u8],
    root: &Path,
    path: &Path,
    problems: &mut Vec<ManifestProblem>,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, ManifestError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Line numbers as an editor shows them: count only LF (a CRLF file's CR
    // would otherwise count as a line of its own, or not at all).
    let normalised: Vec<u8>;
    let bytes = if bytes.contains(&b'\r') {
        normalised = crlf_to_lf(bytes);
        &normalised[..]
    } else {
        bytes
    };
    // A quote that never closes would swallow every later row: blank its line.
    let mut owned = bytes.to_vec();
    while let Some(line) = unterminated_quote(&owned) {
        problems.push(ManifestProblem {
            file: MANIFEST_FILE.to_string(),
            line: Some(line as u64),
            message: "unterminated quote; row ignored".to_string(),
        });
        blank_line(&mut owned, line);
    }
    let bytes = &owned[..];
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|source| ManifestError::Csv {
            path: path.to_path_buf(),
            source,
        })?
        .iter()
        .map(field_name)
        .collect();
    let Some(source_col) = headers.iter().position(|h| h == "source") else {
        return Err(ManifestError::NoSourceColumn {
            path: path.to_path_buf(),
        });
    };
    let problem = |line: Option<u64>, message: String| ManifestProblem {
        file: MANIFEST_FILE.to_string(),
        line,
        message,
    };
    for h in &headers {
        if NOT_SETTABLE.contains(&h.as_str()) {
            problems.push(problem(
                Some(1),
                format!("column `{h}` cannot be set from a manifest; ignored"),
            ));
        }
    }
    let mut rows: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut first_line: BTreeMap<String, u64> = BTreeMap::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                problems.push(problem(line, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = record.position().map(|p| p.line());
        let source = clean_source(record.get(source_col).unwrap_or(""));
        if source.is_empty() {
            problems.push(problem(line, "empty `source`; row ignored".to_string()));
            continue;
        }
        if !root.join(&source).is_file() {
            problems.push(problem(
                line,
                format!("unknown source `{source}` (no such file in the corpus); row ignored"),
            ));
            continue;
        }
        if let Some(first) = first_line.get(&source) {
            problems.push(problem(
                line,
                format!("duplicate source `{source}` (first given on line {first}); row ignored"),
            ));
            continue;
        }
        if record.len() > headers.len() {
            problems.push(problem(
                line,
                format!(
                    "{} cells but {} columns; extra cells ignored",
                    record.len(),
                    headers.len()
                ),
            ));
        }
        let mut fields = BTreeMap::new();
        for (i, cell) in record.iter().enumerate() {
            let Some(column) = headers.get(i) else { break };
            if i == source_col || cell.is_empty() || NOT_SETTABLE.contains(&column.as_str()) {
                continue;
            }
            match validate(column, cell) {
                Ok(v) => {
                    fields.insert(column.clone(), v);
                }
                Err(msg) => problems.push(problem(line, format!("{msg}; value ignored"))),
            }
        }
        if let Some(l) = line {
            first_line.insert(source.clone(), l);
        }
        rows.insert(source, fields);
    }
    Ok(rows)
}

/// CRLF and lone CR line ends as LF.
fn crlf_to_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' {
            out.push(b'\n');
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        } else {
            out.push(bytes[i]);
        }
        i += 1;
    }
    out
}

/// The 1-based line where a quoted field opens and never closes, if any.
fn unterminated_quote(bytes: &[u8]) -> Option<usize> {
    let mut line = 1;
    let mut open_at = None;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match open_at {
            None => match b {
                b'"' if field_start => open_at = Some(line),
                b',' => field_start = true,
                b'\n' => {
                    line += 1;
                    field_start = true;
                }
                b' ' | b'\t' => {}
                _ => field_start = false,
            },
            Some(_) => match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => {
                    open_at = None;
                    field_start = false;
                }
                b'\n' => line += 1,
                _ => {}
            },
        }
        i += 1;
    }
    open_at
}

/// Replace line `line` (1-based) by an empty line, keeping the numbering.
fn blank_line(bytes: &mut Vec<u8>, line: usize) {
    let mut start = 0;
    for _ in 1..line {
        match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(p) => start += p + 1,
            None => return,
        }
    }
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| start + p);
    bytes.drain(start..end);
}

/// The document a sidecar describes: `a/x.txt.meta.toml` → `a/x.txt`;
/// `a/x.meta.toml` → `a/x.txt` or `a/x.md`.
fn sidecar_target(root: &Path, sidecar_rel: &str) -> Option<String> {
    let base = sidecar_rel.strip_suffix(SIDECAR_SUFFIX)?;
    if root.join(base).is_file() {
        return Some(base.to_string());
    }
    crate::ingest::EXTENSIONS
        .iter()
        .map(|ext| format!("{base}.{ext}"))
        .find(|cand| root.join(cand).is_file())
}

/// Sidecar paths for a document, in the order they are looked for.
fn sidecar_candidates(source: &str) -> Vec<String> {
    let mut out = vec![format!("{source}{SIDECAR_SUFFIX}")];
    if let Some(dot) = source.rfind('.') {
        if !source[dot..].contains('/') {
            out.push(format!("{}{SIDECAR_SUFFIX}", &source[..dot]));
        }
    }
    out
}

fn collect_sidecars(
    root: &Path,
    problems: &mut Vec<ManifestProblem>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    if !root.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = crate::ingest::relative(root, entry.path());
        if !rel.ends_with(SIDECAR_SUFFIX) {
            continue;
        }
        let Some(target) = sidecar_target(root, &rel) else {
            problems.push(ManifestProblem {
                file: rel,
                line: None,
                message: "sidecar for a document that does not exist; ignored".to_string(),
            });
            continue;
        };
        if out.contains_key(&target) {
            problems.push(ManifestProblem {
                file: rel,
                line: None,
                message: format!("`{target}` already has a sidecar; this one is ignored"),
            });
            continue;
        }
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                let fields = parse_sidecar(&text, &rel, problems);
                out.insert(target, fields);
            }
            Err(e) => problems.push(ManifestProblem {
                file: rel,
                line: None,
                message: format!("cannot read: {e}"),
            }),
        }
    }
    out
}

fn read_sidecar_for(root: &Path, source: &str) -> Option<BTreeMap<String, String>> {
    for cand in sidecar_candidates(source) {
        let path = root.join(&cand);
        if !path.is_file() {
            continue;
        }
        let mut problems = Vec::new();
        let fields = match std::fs::read_to_string(&path) {
            Ok(text) => parse_sidecar(&text, &cand, &mut problems),
            Err(e) => {
                tracing::warn!("{cand}: cannot read: {e}");
                continue;
            }
        };
        for p in problems {
            tracing::warn!("{p}");
        }
        return Some(fields);
    }
    None
}

fn parse_sidecar(
    text: &str,
    rel: &str,
    problems: &mut Vec<ManifestProblem>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1);
            problems.push(ManifestProblem {
                file: rel.to_string(),
                line,
                message: format!("not valid TOML: {}; sidecar ignored", e.message()),
            });
            return out;
        }
    };
    for (key, value) in table {
        let field = field_name(&key);
        let raw = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Datetime(d) => d.to_string(),
            toml::Value::Array(_) | toml::Value::Table(_) => {
                problems.push(ManifestProblem {
                    file: rel.to_string(),
                    line: None,
                    message: format!("`{key}` must be a single value; ignored"),
                });
                continue;
            }
        };
        if field == "source" || raw.trim().is_empty() {
            continue;
        }
        if NOT_SETTABLE.contains(&field.as_str()) {
            problems.push(ManifestProblem {
                file: rel.to_string(),
                line: None,
                message: format!("`{key}` cannot be set from a sidecar; ignored"),
            });
            continue;
        }
        match validate(&field, &raw) {
            Ok(v) => {
                out.insert(field, v);
            }
            Err(msg) => problems.push(ManifestProblem {
                file: rel.to_string(),
                line: None,
                message: format!("{msg}; value ignored"),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, body) in files {
            let p = dir.path().join(name);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(p, body).expect("write");
        }
        dir
    }

    #[test]
    fn missing_manifest_is_empty() {
        let dir = corpus(&[("a.txt", "x")]);
        let (m, problems) = Manifest::load(dir.path()).expect("load");
        assert!(m.is_empty());
        assert!(problems.is_empty());
        assert!(m.overrides_for(dir.path(), "a.txt").is_none());
    }

    #[test]
    fn rows_fill_fields_and_bad_rows_are_reported() {
        let csv = "source,province,date,issuer_level,doc_type,source_url\n\
                   a.txt,Ninh Thuan,15/01/2023,tinh,ke_hoach,https://example.org/a\n\
                   missing.txt,Kiên Giang,,,,\n\
                   b.txt,,2023-02-30,bogus,nghi quyet,\n\
                   a.txt,Hà Nội,,,,\n";
        let dir = corpus(&[("a.txt", "x"), ("b.txt", "y"), ("manifest.csv", csv)]);
        let (m, problems) = Manifest::load(dir.path()).expect("load");
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        const EXPECTED: &[(&str, &str)] = &[
            ("manifest.csv line 3:", "unknown source `missing.txt`"),
            ("manifest.csv line 4:", "bad date `2023-02-30`"),
            ("manifest.csv line 4:", "unknown issuer_level `bogus`"),
            (
                "manifest.csv line 5:",
                "duplicate source `a.txt` (first given on line 2)",
            ),
        ];
        for (prefix, needle) in EXPECTED {
            assert!(
                shown
                    .iter()
                    .any(|s| s.starts_with(prefix) && s.contains(needle)),
                "missing problem {prefix} {needle} in {shown:#?}"
            );
        }
        assert_eq!(shown.len(), EXPECTED.len(), "{shown:#?}");

        let a = m.overrides_for(dir.path(), "a.txt").expect("a");
        assert_eq!(a.fields["province"], "Ninh Thuận");
        assert_eq!(a.fields["date"], "2023-01-15");
        assert_eq!(a.fields["source_url"], "https://example.org/a");
        let b = m.overrides_for(dir.path(), "./b.txt").expect("b");
        assert_eq!(
            b.fields.get("doc_type").map(String::as_str),
            Some("nghi_quyet")
        );
        assert!(!b.fields.contains_key("date"));

        let mut id = Identity {
            issuer: Some("Ban Chấp hành Đảng bộ tỉnh".into()),
            ..Identity::default()
        };
        a.apply_identity(&mut id);
        assert_eq!(id.province.as_deref(), Some("Ninh Thuận"));
        assert_eq!(
            id.issuer.as_deref(),
            Some("Ban Chấp hành Đảng bộ tỉnh Ninh Thuận")
        );
        assert_eq!(id.date, NaiveDate::from_ymd_opt(2023, 1, 15));
        assert_eq!(id.issuer_level, Some(IssuerLevel::Tinh));
        assert_eq!(id.doc_type, DocType::KeHoach);
        assert_eq!(id.extra["source_url"], "https://example.org/a");
        assert_eq!(id.provenance["province"], FieldSource::Manifest);
        assert_eq!(id.provenance["source_url"], FieldSource::Manifest);
    }

    #[test]
    fn sidecar_wins_over_manifest_in_both_names() {
        let csv = "source,province,number\nx.txt,Kiên Giang,60-KH/TU\ny.md,An Giang,\n";
        let dir = corpus(&[
            ("x.txt", "x"),
            ("sub/y.md", "y"),
            ("y.md", "y"),
            ("manifest.csv", csv),
            (
                "x.txt.meta.toml",
                "province = \"Trà Vinh\"\ndate = 2012-04-04\n",
            ),
            (
                "y.meta.toml",
                "signer = \"Trần Trí Dũng\"\nsigner_title = \"Bí thư\"\n",
            ),
            ("orphan.meta.toml", "province = \"Hà Nội\"\n"),
            ("sub/y.md.meta.toml", "date = \"not a date\"\ntasks = 3\n"),
        ]);
        let (m, problems) = Manifest::load(dir.path()).expect("load");
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(shown.iter().any(|s| s.starts_with("orphan.meta.toml:")));
        assert!(shown.iter().any(|s| s.contains("bad date `not a date`")));
        assert!(shown.iter().any(|s| s.contains("`tasks` cannot be set")));

        let x = m.overrides_for(dir.path(), "x.txt").expect("x");
        assert_eq!(x.fields["province"], "Trà Vinh");
        assert_eq!(x.origin["province"], FieldSource::Sidecar);
        assert_eq!(x.origin["number"], FieldSource::Manifest);
        assert!(x.from_sidecar);
        let mut id = Identity::default();
        x.apply_identity(&mut id);
        assert_eq!(id.number.as_deref(), Some("60-KH/TU"));
        assert_eq!(id.date, NaiveDate::from_ymd_opt(2012, 4, 4));
        assert_eq!(id.provenance["date"], FieldSource::Sidecar);

        let y = m.overrides_for(dir.path(), "y.md").expect("y");
        let mut id = Identity::default();
        y.apply_identity(&mut id);
        assert_eq!(
            id.signer,
            Some(Signer {
                name: "Trần Trí Dũng".into(),
                title: Some("Bí thư".into())
            })
        );
        assert_eq!(id.province.as_deref(), Some("An Giang"));
        assert_eq!(id.provenance["signer"], FieldSource::Sidecar);

        // A manifest built for nothing still finds a sidecar on disk.
        let empty = Manifest::default();
        assert!(empty.overrides_for(dir.path(), "x.txt").is_some());
    }

    #[test]
    fn crlf_lines_and_unterminated_quotes_are_reported_on_their_line() {
        let csv = "source,province\r\na.txt,Kiên Giang\r\nmissing.txt,An Giang\r\nb.txt,\"Hà Nội\r\nc.txt,Trà Vinh\r\n";
        let dir = corpus(&[
            ("a.txt", "x"),
            ("b.txt", "y"),
            ("c.txt", "z"),
            ("manifest.csv", csv),
        ]);
        let (m, problems) = Manifest::load(dir.path()).expect("load");
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "manifest.csv line 4: unterminated quote; row ignored",
                "manifest.csv line 3: unknown source `missing.txt` (no such file in the corpus); row ignored",
            ]
        );
        // The rows after the bad quote still count.
        assert_eq!(
            m.overrides_for(dir.path(), "c.txt").expect("c").fields["province"],
            "Trà Vinh"
        );
        assert_eq!(
            m.overrides_for(dir.path(), "a.txt").expect("a").fields["province"],
            "Kiên Giang"
        );
        assert!(m.overrides_for(dir.path(), "b.txt").is_none());
    }

    #[test]
    fn unusable_manifests_are_skipped_with_a_problem() {
        let dir = corpus(&[
            ("a.txt", "x"),
            ("a.txt.meta.toml", "province = \"Hà Nội\"\n"),
            ("manifest.csv", "province,date\nKiên Giang,2022-01-01\n"),
        ]);
        let (m, problems) = Manifest::load(dir.path()).expect("never fatal");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("no `source` column"));
        assert!(problems[0].message.contains("skipped"));
        // Sidecars still apply.
        assert!(m.overrides_for(dir.path(), "a.txt").is_some());
        let dir = corpus(&[("manifest.csv", "\"source,province\nx.txt,Hà Nội\n")]);
        let (m, problems) = Manifest::load(dir.path()).expect("never fatal");
        assert!(m.is_empty());
        assert!(!problems.is_empty());
        let dir = corpus(&[("manifest.csv", "")]);
        std::fs::write(dir.path().join("manifest.csv"), b"source\n\xFF\xFE,x\n").expect("write");
        let (m, problems) = Manifest::load(dir.path()).expect("bad utf-8 rows are problems");
        assert!(m.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}
