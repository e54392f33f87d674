//! `vanban implementers`, `vanban chain`, `vanban graph`: graph questions over
//! the graph that `vanban index` saved in the current index generation.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::graph::query::{parse_kinds, PathOut, MAX_DEPTH};
use crate::graph::{Format, Graph, GraphError, Implementer, ImplementersOptions};

/// Where the index lives.
#[derive(Debug, Clone, clap::Args)]
pub struct IndexArg {
    /// Index directory built by `vanban index`.
    #[arg(
        long = "index",
        value_name = "DIR",
        env = "VANBAN_INDEX",
        default_value = "index"
    )]
    pub dir: PathBuf,
}

/// List the documents that implement a reference.
///
/// Example: `vanban implementers 21-KL/TW --transitive`. The reference may be
/// written loosely (`21-kl/tw`, `21 KL/TW`, `99-QD/TW`). With --transitive, also
/// the documents that implement it through other documents (a district plan
/// implementing the provincial plan for a central conclusion). Each implementer
/// is shown with its shortest path and the evidence of every hop (--all-paths for
/// every path); --limit and --offset show one page of a long list.
#[derive(Debug, clap::Args)]
pub struct ImplementersArgs {
    /// The reference (số/ký hiệu), e.g. 21-KL/TW.
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Follow implements/continues edges through other documents.
    #[arg(long)]
    pub transitive: bool,
    /// Show every path of each implementer (at most 16, shortest first), not
    /// only the shortest.
    #[arg(long)]
    pub all_paths: bool,
    /// Show at most N implementers (and at most N outside the corpus); all by default.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Skip the first N implementers of each list.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub index: IndexArg,
}

/// Show the implementation chain upward from a document to its roots.
///
/// Example: `vanban chain 004_720b4a823c11e609` → 2323-CV/TU → 54-KL/TW →
/// 99-QĐ/TW.
#[derive(Debug, clap::Args)]
pub struct ChainArgs {
    /// Document id (as in search results), or a node key, or a reference that
    /// names one document.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub index: IndexArg,
}

/// Export the neighbourhood of a reference or document.
///
/// Example: `vanban graph --root 21-KL/TW --depth 2 --format svg -o 21-kl.svg`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Reference, document id or node key to start from.
    #[arg(long, value_name = "REF")]
    pub root: String,
    /// How many edges away from the root to go (0 to 5).
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub depth: usize,
    /// Output format.
    #[arg(long, default_value = "json",
          value_parser = clap::builder::PossibleValuesParser::new(["json", "dot", "mermaid", "graphml", "svg"]))]
    pub format: String,
    /// Only these edge kinds, comma-separated (implements, continues,
    /// attached_to, cites); all kinds by default.
    #[arg(long, value_name = "KINDS")]
    pub edges: Option<String>,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub index: IndexArg,
}

fn load_graph(index: &IndexArg) -> anyhow::Result<Graph> {
    let generation = crate::index::current_generation(&index.dir)?;
    let path = generation.join(Graph::FILE);
    let graph = Graph::load(&path)?;
    tracing::debug!(path = %path.display(), nodes = graph.node_count(), "graph loaded");
    Ok(graph)
}

/// Not-found errors are the user's: print them with their suggestions, exit 1.
fn not_found(err: GraphError) -> anyhow::Result<ExitCode> {
    match err {
        GraphError::UnknownReference { .. } | GraphError::UnknownDocument { .. } => {
            eprintln!("error: {err}");
            Ok(ExitCode::from(1))
        }
        other => Err(other.into()),
    }
}

/// A reader that stopped reading (`vanban … | head`) is not an error.
fn quiet_on_broken_pipe(r: anyhow::Result<ExitCode>) -> anyhow::Result<ExitCode> {
    match r {
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || c.downcast_ref::<serde_json::Error>()
                        .and_then(|j| j.io_error_kind())
                        == Some(std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        other => other,
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn path_text(p: &PathOut) -> String {
    let mut s = String::new();
    for (i, n) in p.nodes.iter().enumerate() {
        if i > 0 {
            let kind = p.hops.get(i - 1).map_or("?", |h| h.kind.slug());
            s.push_str(&format!(" —{kind}→ "));
        }
        s.push_str(n.id.as_deref().unwrap_or(&n.label));
    }
    s
}

fn dash(v: Option<&str>) -> &str {
    v.unwrap_or("-")
}

fn implementer_rows(rows: &[Implementer], out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "  {:<24} {:<14} {:<14} {:<10} {:<6}",
        "ID", "NUMBER", "PROVINCE", "DATE", "DIRECT"
    )?;
    for i in rows {
        let date = i.date.map(|d| d.to_string());
        // A document outside the corpus is shown by its number as written,
        // never by its internal graph key.
        let shown =
            i.id.as_deref()
                .or(i.number.as_deref())
                .or(i.title.as_deref())
                .or(i.path.first().map(|n| n.label.as_str()));
        writeln!(
            out,
            "  {:<24} {:<14} {:<14} {:<10} {:<6}",
            dash(shown),
            dash(i.number.as_deref()),
            dash(i.province.as_deref()),
            dash(date.as_deref()),
            if i.direct { "yes" } else { "no" }
        )?;
        for p in &i.paths {
            writeln!(out, "      {}", path_text(p))?;
        }
    }
    Ok(())
}

/// `" (showing 11–20)"` when a page is shown, else nothing.
fn shown(len: usize, total: usize, offset: usize) -> String {
    if len == total {
        String::new()
    } else if len == 0 {
        format!(" (none shown after the first {offset})")
    } else {
        format!(" (showing {}–{})", offset + 1, offset + len)
    }
}

pub fn run_implementers(args: ImplementersArgs) -> anyhow::Result<ExitCode> {
    quiet_on_broken_pipe(implementers(args))
}

fn implementers(args: ImplementersArgs) -> anyhow::Result<ExitCode> {
    let graph = load_graph(&args.index)?;
    let opts = ImplementersOptions {
        transitive: args.transitive,
        all_paths: args.all_paths,
        offset: args.offset,
        limit: args.limit,
    };
    let answer = match graph.implementers_with(&args.reference, &opts) {
        Ok(a) => a,
        Err(e) => return not_found(e),
    };
    if args.json {
        print_json(&answer)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    for t in &answer.targets {
        let date = t.date.map(|d| d.to_string());
        let place =
            t.id.as_deref()
                .map(|id| format!("  [{id}]"))
                .or_else(|| t.province.as_deref().map(|p| format!("  ({p})")))
                .unwrap_or_default();
        writeln!(
            out,
            "{} — {} · {} · {}{place}",
            t.label,
            t.doc_type.label(),
            dash(date.as_deref()),
            dash(t.issuer.as_deref()),
        )?;
    }
    if answer.targets.len() > 1 {
        writeln!(
            out,
            "note: `{}` names {} different documents (reused number); all are listed",
            answer.reference,
            answer.targets.len()
        )?;
    }
    let how = if answer.transitive {
        "directly or through other documents"
    } else {
        "directly (add --transitive for plans implementing it through others)"
    };
    writeln!(
        out,
        "\n{} {} it {how}{}:",
        super::out::count(answer.total, "corpus document", "corpus documents"),
        super::out::agree(answer.total, "implements", "implement"),
        shown(answer.implementers.len(), answer.total, answer.offset)
    )?;
    implementer_rows(&answer.implementers, &mut out)?;
    if !answer.referenced_implementers.is_empty() {
        writeln!(
            out,
            "\nDocuments outside the corpus that implement it{}:",
            shown(
                answer.referenced_implementers.len(),
                answer.referenced_total,
                answer.offset
            )
        )?;
        implementer_rows(&answer.referenced_implementers, &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_chain(args: ChainArgs) -> anyhow::Result<ExitCode> {
    quiet_on_broken_pipe(chain(args))
}

fn chain(args: ChainArgs) -> anyhow::Result<ExitCode> {
    let graph = load_graph(&args.index)?;
    let chain = match graph.chain(&args.id) {
        Ok(c) => c,
        Err(e) => return not_found(e),
    };
    if args.json {
        print_json(&chain)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} — {}",
        chain.start.id.as_deref().unwrap_or(&chain.start.label),
        chain.start.title.as_deref().unwrap_or(&chain.start.label)
    )?;
    if chain.paths.is_empty() {
        writeln!(out, "  implements nothing the graph knows of")?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in &chain.paths {
        writeln!(out, "  {}", path_text(p))?;
    }
    writeln!(out, "roots:")?;
    for r in &chain.roots {
        let date = r.date.map(|d| d.to_string());
        writeln!(
            out,
            "  {} — {} · {} · {}",
            r.label,
            r.doc_type.label(),
            dash(date.as_deref()),
            dash(r.issuer.as_deref())
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_graph(args: GraphArgs) -> anyhow::Result<ExitCode> {
    quiet_on_broken_pipe(graph(args))
}

fn graph(args: GraphArgs) -> anyhow::Result<ExitCode> {
    if args.depth > MAX_DEPTH {
        anyhow::bail!("--depth {} is too deep (at most {MAX_DEPTH})", args.depth);
    }
    let format: Format = args.format.parse()?;
    let kinds = match &args.edges {
        Some(list) => Some(parse_kinds(list).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let graph = load_graph(&args.index)?;
    let sub = match graph.subgraph(&args.root, args.depth, kinds.as_deref()) {
        Ok(s) => s,
        Err(e) => return not_found(e),
    };
    let text = sub.render(format);
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
