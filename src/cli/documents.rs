//! `vanban documents` (list, lookup by number), `vanban cite` (which documents
//! a text cites) and `vanban export` (everything at once).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::graph::IndexArg;
use super::out::count;
use crate::api::Export;
use crate::graph::query::NodeSummary;
use crate::index::{Filters, ListRequest, SearchIndex, MAX_LIST_LIMIT};

/// List the documents of the index, or look one up by its number.
///
/// Documents are listed by id, a page at a time (--cursor continues where the
/// last page stopped). With --number, every document carrying that number is
/// listed (numbers are reused across terms and provinces), and so are the
/// documents outside the corpus that are cited under it.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban documents\n  \
    vanban documents --number 60-KH/TU\n  \
    vanban documents --number 21-kl/tw --json\n  \
    vanban documents --province 'Kiên Giang' --from 2022-01-01 --limit 20")]
pub struct DocumentsArgs {
    /// A document number, loosely written (60-KH/TU, 60-kh/tu, 99-QD/TW).
    #[arg(long, value_name = "NUMBER")]
    pub number: Option<String>,
    /// Only documents of this province (any diacritics).
    #[arg(long, value_name = "PROVINCE")]
    pub province: Option<String>,
    /// Only this document type (ke_hoach, nghi_quyet, ket_luan, chi_thi, …).
    #[arg(long = "type", value_name = "TYPE")]
    pub doc_type: Option<String>,
    /// Issued on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Issued on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Documents per page (1 to 1000).
    #[arg(long, short = 'n', default_value_t = 100, value_name = "N")]
    pub limit: usize,
    /// Continue after this id (the `next` of the previous page).
    #[arg(long, value_name = "ID")]
    pub cursor: Option<String>,
    /// Print JSON: {"total", "documents": [...], "next_cursor", "referenced"?}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub index: IndexArg,
}

pub fn run_documents(args: DocumentsArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        (1..=MAX_LIST_LIMIT).contains(&args.limit),
        "--limit must be from 1 to {MAX_LIST_LIMIT}"
    );
    let mut filters = Filters::default();
    for (name, value) in [
        ("province", &args.province),
        ("type", &args.doc_type),
        ("from", &args.from),
        ("to", &args.to),
    ] {
        if let Some(v) = value {
            filters.add(name, v).with_context(|| format!("--{name}"))?;
        }
    }
    let generation = crate::index::current_generation(&args.index.dir)?;
    let index = SearchIndex::open(&generation)?;
    let list = index.list(&ListRequest {
        number: args.number.clone(),
        filters,
        limit: args.limit,
        after: args.cursor.clone(),
    })?;
    let referenced: Option<Vec<NodeSummary>> = match &args.number {
        Some(n) => {
            let graph = crate::graph::Graph::load(&generation.join(crate::graph::Graph::FILE))?;
            Some(
                graph
                    .nodes_by_ref(n)
                    .into_iter()
                    .filter(|node| !node.is_corpus())
                    .map(NodeSummary::of)
                    .collect(),
            )
        }
        None => None,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut v = serde_json::to_value(&list)?;
        if let (Some(r), Some(obj)) = (&referenced, v.as_object_mut()) {
            obj.insert("referenced".into(), serde_json::to_value(r)?);
        }
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let dash = |v: Option<&str>| v.unwrap_or("-").to_string();
    if !list.documents.is_empty() {
        writeln!(
            out,
            "{:<24} {:<14} {:<10} {:<10} {:<14} TITLE",
            "ID", "NUMBER", "TYPE", "DATE", "PROVINCE"
        )?;
    }
    for d in &list.documents {
        writeln!(
            out,
            "{:<24} {:<14} {:<10} {:<10} {:<14} {}",
            d.id,
            dash(d.number.as_deref()),
            d.doc_type,
            dash(d.date.map(|x| x.to_string()).as_deref()),
            dash(d.province.as_deref()),
            dash(d.title.as_deref())
        )?;
    }
    let shown = list.documents.len();
    writeln!(
        out,
        "{}{}",
        count(list.total, "document", "documents"),
        if shown < list.total {
            format!(", {shown} shown")
        } else {
            String::new()
        }
    )?;
    if let Some(next) = &list.next_cursor {
        writeln!(out, "next page: --cursor {next}")?;
    }
    if let Some(referenced) = referenced.filter(|r| !r.is_empty()) {
        writeln!(
            out,
            "\n{} outside the corpus, cited under this number:",
            count(referenced.len(), "document", "documents")
        )?;
        for n in referenced {
            writeln!(out, "  {}", describe(&n))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `21-KL/TW — kết luận · 2021-10-25 · Ban Chấp hành Trung ương (Kiên Giang)`:
/// a document as written, never by its internal key.
fn describe(n: &NodeSummary) -> String {
    let mut parts = vec![n.doc_type.label().to_string()];
    parts.extend(n.date.map(|d| d.to_string()));
    parts.extend(n.issuer.clone());
    let place =
        n.id.as_deref()
            .map(|id| format!("  [{id}]"))
            .or_else(|| n.province.as_deref().map(|p| format!("  ({p})")))
            .unwrap_or_default();
    format!("{} — {}{place}", n.label, parts.join(" · "))
}

/// Which documents a text cites.
///
/// Reads the text (a file, or standard input with `-` or no FILE), finds its
/// citations as `vanban extract` does, and resolves each against the graph of
/// the index: the documents it may be, every namesake, those whose date
/// agrees with the citation first.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban cite draft.txt\n  \
    echo 'Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021' | vanban cite\n  \
    vanban cite notes.md --json")]
pub struct CiteArgs {
    /// The text to read (UTF-8); `-` or nothing for standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Print JSON (the answer of POST /api/citation-lookup).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub index: IndexArg,
}

pub fn run_cite(args: CiteArgs) -> anyhow::Result<ExitCode> {
    let text = match args.file.as_deref() {
        None => read_stdin()?,
        Some(p) if p.as_os_str() == "-" => read_stdin()?,
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("cannot read {} as UTF-8 text", p.display()))?,
    };
    let generation = crate::index::current_generation(&args.index.dir)?;
    let graph = crate::graph::Graph::load(&generation.join(crate::graph::Graph::FILE))?;
    let answer = crate::api::citation_lookup(&graph, &text);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &answer)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} found{}",
        count(answer.citations.len(), "citation", "citations"),
        if answer.truncated {
            " (the first ones only)"
        } else {
            ""
        }
    )?;
    for c in &answer.citations {
        let what = c.reference.as_deref().or(c.name.as_deref()).unwrap_or("?");
        let label = crate::extract::DocType::from_slug(&c.doc_type)
            .map_or(c.doc_type.as_str(), |t| t.label());
        let mut parts = vec![label.to_string()];
        parts.extend(c.date.map(|d| d.to_string()));
        parts.extend(c.issuer.clone());
        writeln!(
            out,
            "\n{what} — {} ({})",
            parts.join(" · "),
            count(c.mentions.len(), "mention", "mentions")
        )?;
        if c.candidates.is_empty() {
            writeln!(out, "  not in the index")?;
        }
        for cand in &c.candidates {
            let mark = if cand.exact { "→" } else { "?" };
            writeln!(out, "  {mark} {}", describe(&cand.node))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_stdin() -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read standard input as UTF-8 text")?;
    Ok(text)
}

/// Write everything the index holds, in bulk.
///
/// records.jsonl: every document's record, one JSON object a line; edges.csv:
/// every edge of the graph with its evidence; tasks.csv: every task with its
/// full text and evidence (UTF-8 with a byte-order mark, for spreadsheets);
/// graph.graphml: the whole graph. The same as GET /api/export/NAME.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban export tasks.csv -o tasks.csv\n  \
    vanban export records.jsonl | jq -r .record.number\n  \
    vanban export graph.graphml -o graph.graphml --index /srv/vanban/index")]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_name = "NAME", value_parser = clap::builder::PossibleValuesParser::new(
        ["records.jsonl", "edges.csv", "tasks.csv", "graph.graphml"]))]
    pub what: String,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let kind = Export::ALL
        .into_iter()
        .find(|e| e.file_name() == args.what)
        .with_context(|| format!("no export named {}", args.what))?;
    let generation = crate::api::load_generation(&args.index.dir)
        .with_context(|| format!("cannot load the index in {}", args.index.dir.display()))?;
    let result = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut w = std::io::BufWriter::new(file);
            crate::api::write_export(kind, &generation, &mut w)
                .with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            match crate::api::write_export(kind, &generation, &mut w) {
                // `vanban export … | head` stops reading early: not an error.
                Err(e) if e.0.contains("Broken pipe") => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    };
    result?;
    Ok(ExitCode::SUCCESS)
}
