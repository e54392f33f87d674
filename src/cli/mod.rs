//! The `vanban` command line. One file per sub-command; this file only parses
//! arguments, sets up logging and maps errors to exit codes (`anyhow` lives here,
//! at the binary's edge, and nowhere else).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod documents;
mod eval;
mod extract;
mod gen_corpus;
mod graph;
mod index;
mod out;
mod search;
mod serve;
mod tasks;

/// Search and citation graph for Vietnamese party and government documents.
///
/// vanban reads a folder of plans, resolutions and conclusions (.txt/.md),
/// extracts what each document is, what it implements and cites and which
/// bodies it gives tasks to, and answers full-text, graph and task questions
/// from this command line or over HTTP.
///
/// Start with `vanban serve`: it indexes the bundled corpus/ if no index exists
/// and serves the API and web page on http://127.0.0.1:8080.
#[derive(Debug, Parser)]
#[command(
    name = "vanban",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// More log output (-v: debug, -vv: trace). Logs go to stderr; RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Only warnings and errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the search index, graph and task store from a corpus folder.
    Index(index::Args),
    /// Full-text search over a built index.
    Search(search::Args),
    /// Serve the HTTP API (and build the index first if there is none).
    Serve(serve::Args),
    /// Print the extracted record of one file.
    Extract(extract::Args),
    /// Score extraction against hand-checked gold records.
    Eval(eval::Args),
    /// Documents that implement a reference, directly or through other plans.
    Implementers(graph::ImplementersArgs),
    /// The implementation chain upward from a document to its roots.
    Chain(graph::ChainArgs),
    /// Export the neighbourhood of a reference (json, dot, mermaid, graphml, svg).
    Graph(graph::GraphArgs),
    /// Task assignments: who must do what, by when.
    Tasks(tasks::Args),
    /// List documents, or look one up by its number.
    Documents(documents::DocumentsArgs),
    /// Which documents a text cites.
    Cite(documents::CiteArgs),
    /// Everything at once: records.jsonl, edges.csv, tasks.csv, graph.graphml.
    Export(documents::ExportArgs),
    /// Generate a realistic synthetic corpus with ground truth, for benchmarks.
    GenCorpus(gen_corpus::Args),
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    let result = match cli.command {
        Command::Index(a) => index::run(a),
        Command::Search(a) => search::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Extract(a) => extract::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Implementers(a) => graph::run_implementers(a),
        Command::Chain(a) => graph::run_chain(a),
        Command::Graph(a) => graph::run_graph(a),
        Command::Tasks(a) => tasks::run(a),
        Command::Documents(a) => documents::run_documents(a),
        Command::Cite(a) => documents::run_cite(a),
        Command::Export(a) => documents::run_export(a),
        Command::GenCorpus(a) => gen_corpus::run(a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    use tracing_subscriber::EnvFilter;
    let default = match (quiet, verbose) {
        (true, _) => "warn",
        (false, 0) => "info",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new(format!(
            // pdf_oxide warns about every odd PDF object: only its errors.
            "vanban={default},tower_http={default},pdf_oxide=error,warn"
        ))
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(out::colour_stderr())
        .with_target(false)
        .try_init();
}
