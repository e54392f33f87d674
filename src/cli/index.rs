//! `vanban index`: build the search index, graph and task store from a corpus.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::pipeline::{self, BuildOptions, BuildReport, Observer};
use indicatif::{ProgressBar, ProgressStyle};

/// Build (or rebuild) the index from a folder of documents.
///
/// Reads every document under CORPUS: .txt and .md (UTF-8, UTF-16, or the old
/// Vietnamese encodings TCVN3/ABC, VNI, VISCII, Windows-1258, detected), .html
/// pages (their main text), .docx, .pdf (the text layer; scans through
/// tesseract when it is installed) and .doc (through antiword, catdoc or
/// LibreOffice when one is installed). It extracts each document's record and
/// writes a new index generation. The previous index stays live until the new
/// one is complete, so an interrupted build never leaves you without an index.
/// Every file that is not read is listed by name, with the reason and what would
/// make it readable.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban index corpus/\n  \
    vanban index /data/vanban-docs --index /srv/vanban/index --threads 2\n  \
    vanban index ~/downloads/kien-giang --max-file-mb 200 --doc-timeout 900\n  \
    vanban index corpus/ --json | jq '.skipped[] | [.source, .reason, .fix]'\n\n\
    A running `vanban serve` on the same index picks the new index up by itself.\n\
    A second `vanban index` on a folder being built is refused; a corpus with no\n\
    readable documents is refused and the current index left as it was.")]
pub struct Args {
    /// Folder of documents to index (searched recursively).
    #[arg(default_value = "corpus")]
    pub corpus: PathBuf,
    /// Where the index lives.
    #[arg(long, default_value = "index", env = "VANBAN_INDEX")]
    pub index: PathBuf,
    /// Worker threads (default: number of CPUs).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Indexer memory budget in MB, shared by its threads.
    #[arg(long, default_value_t = 256)]
    pub memory_mb: usize,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Skip files larger than this many megabytes (reason `too_large`).
    #[arg(long, value_name = "MB", default_value_t = 50)]
    pub max_file_mb: u64,
    /// Time budget of one document in seconds (reading, OCR, extraction); a file
    /// over it is skipped (reason `timed_out`) and the build goes on.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub doc_timeout: u64,
    /// Do not OCR scanned PDFs even when tesseract is installed.
    #[arg(long)]
    pub no_ocr: bool,
    /// Follow symbolic links that point outside CORPUS (by default they are skipped).
    #[arg(long)]
    pub follow_links: bool,
}

struct Bar(ProgressBar);

impl Observer for Bar {
    fn started(&self, _files: usize, bytes: u64) {
        self.0.set_length(bytes.max(1));
    }
    fn file_done(&self, source: &str, bytes: u64) {
        self.0.inc(bytes);
        self.0.set_message(source.to_string());
    }
    fn stage(&self, name: &str) {
        self.0.set_message(name.to_string());
    }
}

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::new(1);
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta}) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        Bar(bar)
    }
}

/// Build and print the summary; shared with `vanban serve`.
pub fn build(opts: &BuildOptions, json: bool) -> anyhow::Result<BuildReport> {
    let bar = Bar::new();
    let result = pipeline::build(opts, &bar);
    bar.0.finish_and_clear();
    let report = result?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_summary(&report);
    }
    Ok(report)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut opts = BuildOptions::new(&args.corpus, &args.index);
    if let Some(t) = args.threads {
        anyhow::ensure!(t >= 1, "--threads must be at least 1");
        opts.threads = t;
    }
    anyhow::ensure!(args.memory_mb >= 16, "--memory-mb must be at least 16");
    anyhow::ensure!(args.max_file_mb >= 1, "--max-file-mb must be at least 1");
    anyhow::ensure!(
        args.doc_timeout >= 1,
        "--doc-timeout must be at least 1 second"
    );
    opts.memory_bytes = args.memory_mb * 1024 * 1024;
    opts.read.max_bytes = args.max_file_mb.saturating_mul(1024 * 1024);
    opts.read.time_budget = Duration::from_secs(args.doc_timeout);
    opts.read.ocr = !args.no_ocr;
    opts.follow_links = args.follow_links;
    build(&opts, args.json)?;
    Ok(ExitCode::SUCCESS)
}

fn print_summary(r: &BuildReport) {
    let mb = r.bytes as f64 / 1_000_000.0;
    let rate = if r.seconds > 0.0 { mb / r.seconds } else { 0.0 };
    eprintln!(
        "indexed {} documents ({mb:.1} MB) in {:.2} s ({rate:.1} MB/s): {} citations, {} tasks",
        r.documents, r.seconds, r.citations, r.tasks
    );
    if !r.formats.is_empty() {
        let formats: Vec<String> = r.formats.iter().map(|(f, n)| format!("{f} {n}")).collect();
        let mut line = format!("formats: {}", formats.join(", "));
        if r.legacy_documents > 0 {
            line.push_str(&format!("; {} in a legacy encoding", r.legacy_documents));
        }
        if r.ocr_documents > 0 {
            line.push_str(&format!("; {} read by OCR", r.ocr_documents));
        }
        eprintln!("{line}");
    }
    eprintln!("index: {}", r.generation.display());
    let listed = |s: &crate::ingest::Skipped| match s.reason.fix() {
        Some(fix) => eprintln!("  {}: {} ({fix})", s.source, s.reason),
        None => eprintln!("  {}: {}", s.source, s.reason),
    };
    if r.ignored > 0 {
        eprintln!("ignored {} files:", r.ignored);
        for s in &r.ignored_files {
            listed(s);
        }
        let hidden = r.ignored.saturating_sub(r.ignored_files.len());
        if hidden > 0 {
            eprintln!("  and {hidden} hidden files (names starting with a dot)");
        }
    }
    if !r.skipped.is_empty() {
        eprintln!("skipped {} files:", r.skipped.len());
        for s in &r.skipped {
            listed(s);
        }
    }
    for c in &r.collisions {
        let files: Vec<String> = c
            .files
            .iter()
            .map(|(f, id)| format!("{f} is `{id}`"))
            .collect();
        eprintln!(
            "{} files would share the id `{}`: {}",
            c.files.len(),
            c.id,
            files.join(", ")
        );
    }
    if r.without_province > 0 {
        eprintln!(
            "{} documents name no province; supply it with a manifest.csv row (source,province) or a FILE.meta.toml sidecar",
            r.without_province
        );
    }
    for p in &r.manifest_problems {
        eprintln!("manifest: {p}");
    }
}
