//! `vanban search`: full-text search from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::index::{self, SearchIndex, SearchRequest};

/// Search the index.
///
/// Words match with or without diacritics ("ban tuyen giao" finds "Ban Tuyên
/// giáo"); documents where the words stand together as typed rank first, and
/// those that match the diacritics you typed rank higher. Typed without
/// diacritics, a query gets a "Did you mean" with them restored. Quote a
/// phrase ("chỉnh đốn Đảng"), exclude with -word, and search a document number
/// as one unit (21-KL/TW, 130/2020/NĐ-CP). The query language is below; the
/// same language is used by `vanban tasks --q` and the HTTP API.
#[derive(Debug, clap::Args)]
#[command(after_help = "The query language:\n\
\n  you type                         it means\n  \
  chỉnh đốn Đảng                   every word must match, with or without diacritics;\n  \
                                   words standing together as typed rank first\n  \
  \"Ban Tuyên giáo\"                 a phrase\n  \
  -\"tự diễn biến\"   -suy           exclude a phrase or a word\n  \
  21-KL/TW   21 - KL/TW  99-QD/TW  a document number, as one unit (Đ may be typed D)\n  \
  province:\"Kiên Giang\"           only documents of that province (any diacritics)\n  \
  type:ke_hoach                    only that type (nghi_quyet, ket_luan, chi_thi, …)\n  \
  from:2022-01-01  to:2022-12-31   issue date range, inclusive\n  \
  implements:21-KL/TW              documents that implement a reference\n  \
  cites:99-QĐ/TW                   documents that cite a reference\n  \
  organ:ban_tuyen_giao             documents that give that body a task\n\
\n  A query is at most 10 KB and 1,000 terms: a pasted paragraph is a query.\n  \
  One vanban cannot read (an unclosed quote, a bad date, an unknown type) gets\n  \
  a message naming the problem, never an empty result.\n\
\nExamples:\n  \
  vanban search 'ban tuyen giao'\n  \
  vanban search '\"chỉnh đốn Đảng\"' --json\n  \
  vanban search '21-KL/TW province:\"Kiên Giang\" from:2022-01-01'\n  \
  vanban search 'implements:21-KL/TW' -n 50\n  \
  vanban search 'tuyên truyền -\"tự diễn biến\" type:ke_hoach' --offset 10")]
pub struct Args {
    /// The query (quote it for your shell).
    pub query: String,
    /// Where the index lives.
    #[arg(long, default_value = "index", env = "VANBAN_INDEX")]
    pub index: PathBuf,
    /// How many hits (1–100).
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub limit: u16,
    /// Skip this many hits (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print JSON: {"total": N, "hits": [...], "suggestions": [...], "spellings": [...]}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gen = index::current_generation(&args.index)?;
    let idx = SearchIndex::open(&gen)?;
    let mut req = SearchRequest::new(args.query);
    req.limit = usize::from(args.limit);
    req.offset = args.offset;
    let res = match idx.search(&req) {
        Ok(r) => r,
        Err(e) if e.is_bad_input() => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&res)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} {}",
        super::out::count(res.total, "document", "documents"),
        super::out::agree(res.total, "matches", "match")
    );
    let colour = super::out::colour_stdout();
    if let Some((best, others)) = res.suggestions.split_first() {
        // The restored words in bold on a terminal.
        let show = |s: &crate::index::Suggestion| terminal_snippet(&s.html, colour);
        let mut line = format!("Did you mean: {}", show(best));
        for s in others {
            line.push_str(&format!("  or: {}", show(s)));
        }
        println!("{line}");
    }
    for (i, h) in res.hits.iter().enumerate() {
        let title = h.title.as_deref().unwrap_or("(no title)");
        println!(
            "\n{}. {}  [{}]  score {:.2}",
            args.offset + i + 1,
            h.source,
            h.id,
            h.score
        );
        println!("   {title}");
        let meta: Vec<String> = [
            h.number.clone(),
            h.date.map(|d| d.to_string()),
            h.province.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !meta.is_empty() {
            println!("   {}", meta.join(" · "));
        }
        if let Some(s) = &h.section {
            println!("   § {s}");
        }
        println!("   {}", terminal_snippet(&h.snippet, colour));
    }
    Ok(ExitCode::SUCCESS)
}

/// The HTML snippet for a terminal: matches in bold (when `colour`, else
/// plain), entities decoded.
fn terminal_snippet(html: &str, colour: bool) -> String {
    let (bold, plain) = if colour {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    html.replace("<b>", bold)
        .replace("</b>", plain)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
