//! `vanban eval --gold DIR|FILE.jsonl --corpus DIR [--min-f1 X] [--json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// Score extraction against gold: exact-match rate per identity field,
/// precision/recall/F1 for implements, citations, relations and tasks, task
/// counts per (document, organ) and deadline kinds.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban eval --gold tests/gold --corpus corpus\n  \
    vanban eval --gold tests/gold --corpus corpus --min-f1 0.9\n  \
    vanban eval --gold gen/ground_truth.jsonl --corpus gen --json\n\n\
    A gold folder holds one NAME.json record per corpus file NAME.txt (or .md).\n\
    A .jsonl ground truth has one object per line with \"source\" and any of the\n\
    record fields (number, date, province, issuer, doc_type, implements,\n\
    task_organs: {\"organ\": count}); only the fields a line states are scored.\n\n\
    Exit status: 0 when scored, 1 when an F1 is below --min-f1, 2 on errors.")]
pub struct Args {
    /// Gold records: a folder of NAME.json files or a FILE.jsonl ground truth.
    #[arg(long, value_name = "DIR|FILE.jsonl")]
    pub gold: PathBuf,
    /// The corpus folder holding the documents (and its manifest.csv, if any).
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Fail (exit status 1) when any F1 score is below X (0 to 1).
    #[arg(long, value_name = "X", value_parser = parse_unit)]
    pub min_f1: Option<f64>,
    /// Print the report as JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Also list, per document, the references, relations and tasks that were
    /// missed or added (table output).
    #[arg(long)]
    pub details: bool,
}

fn parse_unit(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("{x} is not between 0 and 1"))
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let report = crate::eval::evaluate(&args.corpus, &args.gold).with_context(|| {
        format!(
            "evaluating {} against {}",
            args.corpus.display(),
            args.gold.display()
        )
    })?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).context("serialising the report")?
        );
    } else {
        print!("{}", report.table());
        if args.details && !report.diffs.is_empty() {
            println!("\nset differences:");
            for d in &report.diffs {
                println!("  {} {}:", d.document, d.set);
                if !d.missing.is_empty() {
                    println!("      missing {}", d.missing.join(" | "));
                }
                if !d.extra.is_empty() {
                    println!("      extra   {}", d.extra.join(" | "));
                }
            }
        }
        if args.details && !report.deadline_diffs.is_empty() {
            println!("\ndeadline differences (gold task → paired extracted task):");
            for d in &report.deadline_diffs {
                println!(
                    "  {} §{} {}: {}",
                    d.document,
                    d.section.as_deref().unwrap_or("?"),
                    d.organ,
                    crate::eval::short_text(&d.text, 70)
                );
                println!("      gold {}", d.gold);
                if d.paired {
                    println!("      got  {}", d.got);
                } else {
                    println!("      got  (no extracted task paired)");
                }
            }
        }
    }
    if let Some(min) = args.min_f1 {
        let below = report.below_f1(min);
        if !below.is_empty() {
            let list: Vec<String> = below
                .iter()
                .map(|p| format!("{} {:.3}", p.name, p.f1.unwrap_or(0.0)))
                .collect();
            eprintln!("F1 below {min}: {}", list.join(", "));
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}
