//! `vanban search`: full-text search from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::index::{self, SearchIndex, SearchRequest};

/// Search the index.
///
/// Words match with or without diacritics ("ban tuyen giao" finds "Ban Tuyên
/// giáo"); documents that match the diacritics you typed rank higher. Quote a
/// phrase ("chỉnh đốn Đảng"), exclude with -word, and search a document number
/// as one unit (21-KL/TW, 130/2020/NĐ-CP). Filters: province:"Kiên Giang",
/// type:ke_hoach, from:2022-01-01, to:2022-12-31, implements:21-KL/TW,
/// cites:99-QĐ/TW, organ:ban_tuyen_giao.
#[derive(Debug, clap::Args)]
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
    /// Print JSON: {"total": N, "hits": [...]}.
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
    println!("{} documents match", res.total);
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
        println!("   {}", terminal_snippet(&h.snippet));
    }
    Ok(ExitCode::SUCCESS)
}

/// The HTML snippet for a terminal: matches in bold, entities decoded.
fn terminal_snippet(html: &str) -> String {
    html.replace("<b>", "\x1b[1m")
        .replace("</b>", "\x1b[0m")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
