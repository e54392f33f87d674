//! `vanban tasks`: who must do what, by when, from the task store of a built index.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde_json::{json, Value};

use super::out::count;
use crate::tasks::{parse_due, CsvSink, GroupBy, TaskQuery, TaskResult, TaskStore, Visit};

/// Task assignments: who must do what, by when.
///
/// Lists the tasks the documents give to bodies, filtered and grouped. For example
/// `vanban tasks --organ "ban tuyen giao" --by province` shows which provinces
/// gave the Ban Tuyên giáo tasks. `--organ` takes a canonical key
/// (`ban_tuyen_giao`) or any name the documents use, with or without diacritics.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    vanban tasks --organ \"Ban Tuyên giáo\" --by province\n  \
    vanban tasks --document 60-KH/TU --csv > tasks.csv\n  \
    vanban tasks --due-from 2022-03 --due-to 2022-06 --by organ\n  \
    vanban tasks --organs")]
pub struct Args {
    /// Only tasks of this organ: a key (ban_tuyen_giao) or a name (Ban Tuyên giáo, ban tuyen giao).
    #[arg(long, value_name = "ORGAN")]
    organ: Option<String>,
    /// Only documents of this province (Kiên Giang, kien giang; `null` for unknown).
    #[arg(long, value_name = "PROVINCE")]
    province: Option<String>,
    /// Only this document: its id (000_1ea4fda105d58d5d) or number (60-KH/TU).
    #[arg(long, value_name = "ID|NUMBER")]
    document: Option<String>,
    /// Only tasks whose text matches these words (diacritics optional).
    #[arg(long, value_name = "TEXT")]
    q: Option<String>,
    /// Only tasks whose deadline ends on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE", value_parser = due_from)]
    due_from: Option<chrono::NaiveDate>,
    /// Only tasks whose deadline starts on or before this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE", value_parser = due_to)]
    due_to: Option<chrono::NaiveDate>,
    /// Group the tasks by province, organ or document.
    #[arg(long, value_enum, default_value_t = By::Document)]
    by: By,
    /// Print JSON: {"groups": [{"key", "documents": [{"id", "source", "tasks": [...]}]}]}.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print CSV with a header row, one task per row.
    #[arg(long)]
    csv: bool,
    /// Print at most this many tasks (groups still count every match).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// List the organ keys, the names seen for them and their task counts instead.
    #[arg(long, conflicts_with_all = ["organ", "province", "document", "q", "due_from", "due_to", "csv", "limit"])]
    organs: bool,
    /// Index folder written by `vanban index`.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "index",
        env = "VANBAN_INDEX"
    )]
    index: PathBuf,
}

/// `--by` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum By {
    Province,
    Organ,
    Document,
}

impl From<By> for GroupBy {
    fn from(b: By) -> GroupBy {
        match b {
            By::Province => GroupBy::Province,
            By::Organ => GroupBy::Organ,
            By::Document => GroupBy::Document,
        }
    }
}

fn due_from(s: &str) -> Result<chrono::NaiveDate, String> {
    parse_due(s, false)
}

fn due_to(s: &str) -> Result<chrono::NaiveDate, String> {
    parse_due(s, true)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = crate::index::current_generation(&args.index)?.join(TaskStore::DIR);
    let store = TaskStore::open(&dir)
        .with_context(|| format!("cannot open the task store in {}", dir.display()))?;
    let mut out: Vec<u8> = Vec::new();
    if args.organs {
        let organs = store.organs();
        if args.json {
            serde_json::to_writer_pretty(&mut out, &organs)?;
            writeln!(out)?;
        } else {
            for o in &organs {
                let shown = o.aliases_seen.iter().take(4).cloned().collect::<Vec<_>>();
                let more = o.aliases_seen.len().saturating_sub(shown.len());
                let more = if more > 0 {
                    format!("; … {more} more")
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{:<28} {:>6}  {}{more}",
                    o.key,
                    o.task_count,
                    shown.join("; ")
                )?;
            }
        }
    } else {
        let query = TaskQuery {
            organ: args.organ,
            q: args.q,
            province: args.province,
            document: args.document,
            due_from: args.due_from,
            due_to: args.due_to,
            group_by: args.by.into(),
            offset: 0,
            limit: args.limit,
        };
        if args.csv {
            // Streamed: every task of a large store, in bounded memory.
            return write_stdout(|w| {
                let mut sink = CsvSink::new(w)?;
                let mut group: Option<String> = None;
                store.walk(&query, 256, &mut |visit| {
                    match visit {
                        Visit::Group(g) => group = g.key,
                        Visit::Document(d) => sink.document(group.as_deref(), &d)?,
                    }
                    Ok(())
                })?;
                sink.finish()?;
                Ok(())
            });
        }
        let result = store.query(&query)?;
        if args.json {
            serde_json::to_writer_pretty(&mut out, &json_view(&result))?;
            writeln!(out)?;
        } else {
            write_listing(&mut out, &result)?;
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        // `vanban tasks | head` closes the pipe early: not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => {
            other.context("cannot write to stdout")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Write to standard output through `f`; a reader that stops reading
/// (`vanban tasks --csv | head`) is not an error.
fn write_stdout(
    f: impl FnOnce(&mut dyn Write) -> Result<(), crate::tasks::TaskError>,
) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout().lock();
    let mut w = std::io::BufWriter::new(stdout);
    let result = f(&mut w);
    let flushed = w.flush();
    match (result, flushed) {
        (Ok(()), Ok(())) => Ok(ExitCode::SUCCESS),
        (Err(crate::tasks::TaskError::Write(m)), _) if m.contains("Broken pipe") => {
            Ok(ExitCode::SUCCESS)
        }
        (Ok(()), Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        (Err(e), _) => Err(e.into()),
        (Ok(()), Err(e)) => Err(anyhow::Error::new(e).context("cannot write to stdout")),
    }
}

/// The `--json` shape of the issue: groups → documents → tasks, plus a `hint`
/// when a `null` province group exists.
fn json_view(r: &TaskResult) -> Value {
    let groups: Vec<Value> = r
        .groups
        .iter()
        .map(|g| {
            let documents: Vec<Value> = g
                .documents
                .iter()
                .map(|d| {
                    let tasks: Vec<Value> = d
                        .tasks
                        .iter()
                        .map(|t| {
                            json!({
                                "organ": t.organ,
                                "assignee": t.assignee,
                                "role": t.role,
                                "text": t.text,
                                "section": t.section,
                                "deadline": t.deadline,
                            })
                        })
                        .collect();
                    json!({ "id": d.id, "source": d.source, "tasks": tasks })
                })
                .collect();
            json!({ "key": g.key, "documents": documents })
        })
        .collect();
    let mut v = json!({ "groups": groups });
    if let (Some(hint), Some(obj)) = (&r.hint, v.as_object_mut()) {
        obj.insert("hint".into(), json!(hint));
    }
    v
}

/// The default, readable listing.
fn write_listing(out: &mut impl Write, r: &TaskResult) -> std::io::Result<()> {
    for g in &r.groups {
        let key = g.key.as_deref().unwrap_or("(unknown)");
        writeln!(
            out,
            "{key} — {} in {}",
            count(g.task_count, "task", "tasks"),
            count(g.document_count, "document", "documents")
        )?;
        for d in &g.documents {
            let mut head = vec![d.id.clone()];
            head.extend(d.number.clone());
            head.extend(
                d.province
                    .clone()
                    .filter(|_| r.group_by != GroupBy::Province),
            );
            head.extend(d.date.map(|x| x.to_string()));
            head.push(d.source.clone());
            writeln!(out, "  {}", head.join(" · "))?;
            for t in &d.tasks {
                let who = match (&t.assignee, &t.organ) {
                    (Some(a), Some(o)) => format!("{a} ({o}, {})", t.role.slug()),
                    (Some(a), None) => format!("{a} ({})", t.role.slug()),
                    (None, _) => format!("(the issuing body, {})", t.role.slug()),
                };
                let when = t
                    .deadline
                    .as_ref()
                    .map(|d| {
                        let span = match (d.start, d.end) {
                            (Some(s), Some(e)) if s == e => format!(" [{s}]"),
                            (Some(s), Some(e)) => format!(" [{s} → {e}]"),
                            (Some(s), None) => format!(" [from {s}]"),
                            (None, Some(e)) => format!(" [by {e}]"),
                            (None, None) => String::new(),
                        };
                        format!(" — {}{span}", d.raw)
                    })
                    .unwrap_or_default();
                let section = t.section.as_deref().unwrap_or("-");
                writeln!(out, "    {section:<8} {who}{when}")?;
                writeln!(out, "    {:<8} {}", "", t.text.trim_end())?;
            }
        }
    }
    writeln!(
        out,
        "{}{}",
        count(r.total, "task", "tasks"),
        if r.truncated {
            format!(", {} shown", r.returned)
        } else {
            String::new()
        }
    )?;
    if let Some(hint) = &r.hint {
        writeln!(out, "note: {hint}")?;
    }
    Ok(())
}
