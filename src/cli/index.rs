//! `vanban index`: build the search index, graph and task store from a corpus.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::pipeline::{self, BuildOptions, BuildReport, Observer};
use indicatif::{ProgressBar, ProgressStyle};

/// Build (or rebuild) the index from a folder of documents.
///
/// Reads every .txt and .md file under CORPUS (UTF-8, or UTF-16 with a
/// byte-order mark), extracts each document's record, and writes a new index
/// generation. The previous index stays live until the new one is complete, so
/// an interrupted build never leaves you without an index. Files that cannot be
/// read are skipped and listed in the summary.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban index corpus/\n  \
    vanban index /data/vanban-docs --index /srv/vanban/index --threads 2\n  \
    vanban index corpus/ --json > build.json\n\n\
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
    opts.memory_bytes = args.memory_mb * 1024 * 1024;
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
    eprintln!("index: {}", r.generation.display());
    if r.ignored > 0 {
        eprintln!("ignored {} files that are not .txt or .md", r.ignored);
    }
    if !r.skipped.is_empty() {
        eprintln!("skipped {} files:", r.skipped.len());
        for s in &r.skipped {
            eprintln!("  {}: {}", s.source, s.reason);
        }
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
