//! `vanban extract FILE [--json] [--corpus DIR]`: the record of one document.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};

use crate::extract::manifest::Manifest;
use crate::extract::{FieldSource, Record};

/// Print what vanban extracts from one document: number, type, title, issuer,
/// province, date, signer, what it implements and cites, and its tasks.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban extract corpus/000_1ea4fda105d58d5d.txt\n  \
    vanban extract corpus/002_2b1aea7b6ed069a4.txt --json\n  \
    vanban extract 002_2b1aea7b6ed069a4.txt --corpus corpus --json\n\n\
    Fields the text does not state stay empty (null in JSON). A manifest.csv at the\n\
    corpus root or a NAME.txt.meta.toml / NAME.meta.toml sidecar beside the file can\n\
    supply them; the record's \"provenance\" says which fields came from where.")]
pub struct Args {
    /// The document to read: .txt/.md (UTF-8, UTF-16, or the legacy TCVN3, VNI,
    /// VISCII and Windows-1258 encodings), .html, .docx, .doc, .pdf (scans
    /// through OCR when tesseract-ocr-vie is installed).
    /// May also be given relative to --corpus.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print the full record as pretty JSON (the record contract) instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Corpus root the file belongs to: its manifest.csv and the file's sidecar
    /// supply or override fields. Default: the file's own folder.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Also print the zones vanban found in the document (header, title,
    /// opening, articles, body, signature, …): what each stage read where.
    #[arg(long)]
    pub zones: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let file = resolve_file(&args.file, args.corpus.as_deref())?;
    let root = match &args.corpus {
        Some(dir) => {
            if !dir.is_dir() {
                bail!("corpus folder {} does not exist", dir.display());
            }
            dir.clone()
        }
        None => match file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
    };
    let rel = relative_to(&root, &file);
    if rel.is_none() {
        eprintln!(
            "warning: {} is not inside the corpus {}; no manifest or sidecar applies",
            file.display(),
            root.display()
        );
    }

    // Only the corpus's manifest.csv and this file's own sidecar: never the
    // sidecars of other files under the folder.
    let manifest = match Manifest::load_rows(&root) {
        Ok((m, problems)) => {
            for p in problems {
                eprintln!("warning: {p}");
            }
            m
        }
        Err(e) => {
            eprintln!("warning: {e}; the manifest is not applied");
            Manifest::default()
        }
    };
    let overrides = rel
        .as_deref()
        .and_then(|r| manifest.overrides_for(&root, r));

    let read_root = if rel.is_some() {
        root.as_path()
    } else {
        file.parent().unwrap_or(Path::new("."))
    };
    let mut doc = crate::ingest::read(read_root, &file)
        .map_err(|s| anyhow::anyhow!("cannot read {}: {}", file.display(), s.reason))?;
    // The record names the file as the user gave it.
    doc.source = file.to_string_lossy().replace('\\', "/");
    let processed = crate::pipeline::process(doc, overrides.as_ref());
    if args.zones {
        eprint!("{}", zones(&processed.text, &processed.outline));
    }

    if args.json {
        let json =
            serde_json::to_string_pretty(&processed.record).context("serialising the record")?;
        println!("{json}");
    } else {
        print!("{}", summary(&processed.record));
    }
    Ok(ExitCode::SUCCESS)
}

/// The file as given, or relative to the corpus when only that exists.
fn resolve_file(file: &Path, corpus: Option<&Path>) -> anyhow::Result<PathBuf> {
    if file.is_file() {
        return Ok(file.to_path_buf());
    }
    if let Some(c) = corpus {
        let joined = c.join(file);
        if joined.is_file() {
            return Ok(joined);
        }
    }
    bail!("{} is not a file", file.display())
}

/// `file` relative to `root` (`/`-separated), when it lies inside it.
fn relative_to(root: &Path, file: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let file = file.canonicalize().ok()?;
    let rel = file.strip_prefix(&root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn mark(record: &Record, field: &str) -> &'static str {
    match record.provenance.get(field) {
        Some(FieldSource::Manifest) => "  [manifest]",
        Some(FieldSource::Sidecar) => "  [sidecar]",
        _ => "",
    }
}

/// A readable summary of a record.
fn summary(r: &Record) -> String {
    let mut out = String::new();
    let none = "—";
    let _ = writeln!(out, "{}", r.source);
    let mut line = |label: &str, value: String, field: &str| {
        let _ = writeln!(out, "  {label:<13} {value}{}", mark(r, field));
    };
    line("number", r.number.clone().unwrap_or(none.into()), "number");
    line(
        "type",
        format!("{} ({})", r.doc_type.slug(), r.doc_type.label()),
        "doc_type",
    );
    line("title", r.title.clone().unwrap_or(none.into()), "title");
    line("issuer", r.issuer.clone().unwrap_or(none.into()), "issuer");
    line(
        "level",
        r.issuer_level
            .and_then(|l| serde_json::to_value(l).ok())
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or(none.into()),
        "issuer_level",
    );
    line(
        "province",
        r.province.clone().unwrap_or(none.into()),
        "province",
    );
    line(
        "date",
        r.date.map(|d| d.to_string()).unwrap_or(none.into()),
        "date",
    );
    line(
        "signer",
        r.signer
            .as_ref()
            .map(|s| match &s.title {
                Some(t) => format!("{}, {t}", s.name),
                None => s.name.clone(),
            })
            .unwrap_or(none.into()),
        "signer",
    );
    for (k, v) in &r.extra {
        line(k, v.clone(), k);
    }

    let refs = |items: Vec<String>| -> String {
        if items.is_empty() {
            none.to_string()
        } else {
            items.join(", ")
        }
    };
    let _ = writeln!(
        out,
        "implements ({}): {}",
        r.implements.len(),
        refs(
            r.implements
                .iter()
                .map(|d| d
                    .reference
                    .clone()
                    .or(d.name.clone())
                    .unwrap_or_else(|| "?".into()))
                .collect()
        )
    );
    let _ = writeln!(
        out,
        "citations ({}): {}",
        r.citations.len(),
        refs(
            r.citations
                .iter()
                .map(|c| format!(
                    "{} ×{}",
                    c.reference
                        .clone()
                        .or(c.name.clone())
                        .unwrap_or_else(|| "?".into()),
                    c.mentions
                ))
                .collect()
        )
    );
    let _ = writeln!(out, "relations ({}):", r.relations.len());
    for rel in &r.relations {
        let end = |num: &Option<String>, name: &Option<String>| {
            num.clone()
                .or(name.clone())
                .unwrap_or_else(|| "(this document)".into())
        };
        let _ = writeln!(
            out,
            "  {} → {} ({})",
            end(&rel.from, &rel.from_name),
            end(&rel.to, &rel.to_name),
            rel.kind.slug()
        );
    }
    let mut by_organ: std::collections::BTreeMap<String, usize> = Default::default();
    for t in &r.tasks {
        *by_organ
            .entry(t.organ.clone().unwrap_or_else(|| "(issuing body)".into()))
            .or_default() += 1;
    }
    let _ = writeln!(
        out,
        "tasks ({}): {}",
        r.tasks.len(),
        refs(by_organ.iter().map(|(o, n)| format!("{o} {n}")).collect())
    );
    out
}

/// The layout's zones, one per line with its byte range and first words.
fn zones(text: &str, outline: &crate::parse::Outline) -> String {
    let doc = crate::extract::Doc::new(text, outline);
    let mut out = String::from("zones (byte ranges of the normalised text):\n");
    for (name, r) in doc.layout.zones() {
        let excerpt: String = text[r.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(90)
            .collect();
        let _ = writeln!(out, "  {name:<20} {:>7}..{:<7} {excerpt}", r.start, r.end);
    }
    out
}
