//! `vanban gen-corpus`: a realistic synthetic corpus with ground truth, for
//! benchmarks and for checking extraction at scale.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::builder::TypedValueParser;

use crate::gencorpus::{self, Options, ProvinceSet};

/// Generate N documents by recombining real paragraphs of a seed corpus with
/// new, consistent identities (province, issuer, number, date, the central
/// document implemented and the provincial/district plans in between, a
/// division of labour with deadlines), plus `ground_truth.jsonl` that
/// `vanban eval --gold` reads. Same seed corpus, N, seed and province set give
/// the same bytes.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban gen-corpus --docs 10000 --seed 42 --out /tmp/gen\n  \
    vanban gen-corpus --docs 500 --provinces 34 --out /tmp/gen34 --force\n  \
    vanban eval --gold /tmp/gen/ground_truth.jsonl --corpus /tmp/gen")]
pub struct Args {
    /// Number of documents to write.
    #[arg(long, default_value_t = 1000)]
    docs: usize,
    /// Output folder (created; must be empty unless --force).
    #[arg(long)]
    out: PathBuf,
    /// Random seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Province set: 63 (before the 2025 merger: province → district → commune)
    /// or 34 (after it: no district level, documents dated from July 2025).
    #[arg(long, default_value_t = 63, value_parser = clap::builder::PossibleValuesParser::new(["63", "34"]).map(|s| if s == "34" { 34u16 } else { 63 }))]
    provinces: u16,
    /// Seed corpus whose paragraphs are recombined.
    #[arg(long, default_value = "corpus")]
    from: PathBuf,
    /// Write into a non-empty output folder (files of the same names are overwritten).
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let opts = Options {
        docs: args.docs,
        seed: args.seed,
        provinces: if args.provinces == 34 {
            ProvinceSet::After2025
        } else {
            ProvinceSet::Before2025
        },
        from: args.from,
        out: args.out,
        force: args.force,
    };
    let started = Instant::now();
    let summary = gencorpus::generate(&opts).with_context(|| {
        format!(
            "generating {} documents into {}",
            opts.docs,
            opts.out.display()
        )
    })?;
    let secs = started.elapsed().as_secs_f64();
    let mb = summary.bytes as f64 / 1e6;
    println!(
        "{} documents, {:.1} MB ({:.1} KB mean) in {:.1} s ({:.0} MB/s) → {}",
        summary.docs,
        mb,
        mb * 1000.0 / summary.docs.max(1) as f64,
        secs,
        mb / secs.max(1e-9),
        opts.out.display()
    );
    println!(
        "  without header: {}, markdown: {}, with NFD marks: {}; ground truth: {}",
        summary.headerless_docs,
        summary.markdown_docs,
        summary.nfd_docs,
        summary.ground_truth.display()
    );
    Ok(ExitCode::SUCCESS)
}
