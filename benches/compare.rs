//! vanban against its peers on one generated corpus, in one run.
//!
//! Not a criterion benchmark: a runner (`harness = false`). `benches/compare.sh`
//! builds the release binary, generates the corpus and calls this; see
//! BENCHMARKS.md. Direct use:
//!
//! ```text
//! cargo bench --bench compare -- --corpus target/bench/corpus-10000 \
//!     --vanban target/release/vanban [--work DIR] [--out FILE.json] \
//!     [--threads N] [--heap-mb M] [--passes P] [--requests R] [--reps K]
//! ```
//!
//! It measures, each indexer in its own process under `/usr/bin/time -v`:
//! 1. `vanban index` end to end;
//! 2. raw tantivy (same files, same threads and memory budget, default tokenizer
//!    + lower-casing + ASCII folding, one stored text field, no extraction);
//! 3. SQLite FTS5 (`unicode61 remove_diacritics 2`);
//!
//! then one fixed query set on all three (top 10 with a snippet; p50/p99 over
//! `--passes` passes after a warm-up pass), and for vanban: `serve` start-up,
//! resident memory idle and under load, `/api/search` at concurrency 1 and 8,
//! transitive implementers of the most-implemented central document (over HTTP
//! and in-process through `vanban::graph::Graph`), tasks of
//! one organ grouped by province, and extraction against the ground truth
//! (`vanban eval`). Prints one table and writes the same as JSON.
//!
//! vanban's search is timed in-process (`vanban::index::SearchIndex`), like the
//! two peers, and again over HTTP on loopback (`vanban_http`).
//! Internal modes `tantivy-index` and `fts5-index` are the child processes.

use std::collections::BTreeMap;
use std::error::Error;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{
    IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value as _, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

type Res<T> = Result<T, Box<dyn Error>>;

#[path = "../tests/common/relevance.rs"]
mod relevance;

/// Tokenizer name of the raw tantivy peer.
const FOLD: &str = "default_fold";

/// The fixed query set: (class, query as a user types it).
/// Classes: diacritics, the same typed without, document numbers, quoted phrases.
const QUERIES: &[(&str, &str)] = &[
    ("diacritics", "Ban Tuyên giáo"),
    ("diacritics", "chỉnh đốn Đảng"),
    ("diacritics", "sinh hoạt chính trị"),
    ("diacritics", "kinh tế tư nhân"),
    ("no_diacritics", "ban tuyen giao"),
    ("no_diacritics", "chinh don dang"),
    ("no_diacritics", "sinh hoat chinh tri"),
    ("no_diacritics", "kinh te tu nhan"),
    ("number", "21-KL/TW"),
    ("number", "99-QĐ/TW"),
    ("number", "99-QD/TW"),
    ("number", "57-NQ/TW"),
    ("phrase", "\"chuyển hóa\""),
    ("phrase", "\"Sở Nội vụ\""),
    ("phrase", "\"tự diễn biến\""),
    ("phrase", "\"phát huy vai trò của Nhân dân\""),
];

const CLASSES: [&str; 5] = ["diacritics", "no_diacritics", "number", "phrase", "names"];

/// Every timed query: [`QUERIES`], then the names of bodies and fixed phrases
/// typed without diacritics that relevance is judged on (class `names`).
fn all_queries() -> Vec<(&'static str, &'static str)> {
    QUERIES
        .iter()
        .copied()
        .chain(relevance::QUERIES.iter().map(|q| ("names", *q)))
        .collect()
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; ignore it.
    let argv: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if argv.is_empty() {
        // `cargo bench` over all benches or `cargo test --all-targets`: nothing to
        // measure without a corpus; say how to run it and succeed.
        println!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let result = match argv.first().map(String::as_str) {
        Some("tantivy-index") => Opts::parse(&argv[1..]).and_then(|o| child_tantivy(&o)),
        Some("fts5-index") => Opts::parse(&argv[1..]).and_then(|o| child_fts5(&o)),
        Some("growth") => growth(&argv[1..]),
        Some("vanban-only") => Opts::parse(&argv[1..]).and_then(|o| vanban_only(&o)),
        Some("--help") | Some("-h") => {
            println!("{}", HELP);
            Ok(())
        }
        _ => Opts::parse(&argv).and_then(|o| run(&o)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("compare: {e}");
            ExitCode::from(2)
        }
    }
}

const HELP: &str = "compare: vanban vs raw tantivy vs SQLite FTS5 on one corpus (see BENCHMARKS.md)
  --corpus DIR      generated corpus (with ground_truth.jsonl)   [required]
  --vanban PATH     vanban binary                                [target/release/vanban]
  --work DIR        scratch: indexes, logs                       [target/bench/work]
  --out FILE        JSON results                                 [target/bench/compare.json]
  --threads N       indexing threads for tantivy                 [nproc]
  --heap-mb M       tantivy indexing memory budget (MB)          [256]
  --passes P        timed passes over the query set             [20]
  --requests R      HTTP requests per concurrency level          [2000]
  --reps K          repetitions of graph and task queries        [50]
  --port N          loopback port for vanban serve               [18573]
  --pg CONNINFO     a private PostgreSQL server to index into and query (compare.sh
                    starts one: \"host=DIR port=N user=postgres dbname=postgres\")
  --oha PATH        the oha load generator, for /api/search under load (keep-alive)
  --skip-index      reuse the indexes in --work
compare growth A.json B.json ...   key figures of several runs side by side
compare vanban-only --corpus DIR --work DIR [--passes P] [--reps K]
                                   vanban alone, in-process: the query set, implementers
                                   of the most-implemented document and the graph load time,
                                   on the index in DIR/vanban-index (or DIR itself)";

#[derive(Debug, Clone)]
struct Opts {
    corpus: PathBuf,
    vanban: PathBuf,
    work: PathBuf,
    out: PathBuf,
    threads: usize,
    heap_mb: usize,
    passes: usize,
    requests: usize,
    reps: usize,
    port: u16,
    skip_index: bool,
    pg: Option<String>,
    oha: Option<PathBuf>,
}

impl Opts {
    fn parse(args: &[String]) -> Res<Opts> {
        let nproc = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut o = Opts {
            corpus: PathBuf::new(),
            vanban: PathBuf::from("target/release/vanban"),
            work: PathBuf::from("target/bench/work"),
            out: PathBuf::from("target/bench/compare.json"),
            threads: nproc,
            heap_mb: 256,
            passes: 20,
            requests: 2000,
            reps: 50,
            port: 18573,
            skip_index: false,
            pg: None,
            oha: None,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == "--skip-index" {
                o.skip_index = true;
                continue;
            }
            let v = it
                .next()
                .ok_or_else(|| format!("{a} needs a value"))?
                .clone();
            match a.as_str() {
                "--corpus" => o.corpus = v.into(),
                "--vanban" => o.vanban = v.into(),
                "--work" | "--out-index" => o.work = v.into(),
                "--out" => o.out = v.into(),
                "--threads" => o.threads = v.parse()?,
                "--heap-mb" => o.heap_mb = v.parse()?,
                "--passes" => o.passes = v.parse()?,
                "--requests" => o.requests = v.parse()?,
                "--reps" => o.reps = v.parse()?,
                "--port" => o.port = v.parse()?,
                "--pg" => o.pg = Some(v).filter(|v| !v.is_empty()),
                "--oha" => o.oha = Some(PathBuf::from(v)).filter(|p| !p.as_os_str().is_empty()),
                other => return Err(format!("unknown argument {other}; try --help").into()),
            }
        }
        if o.corpus.as_os_str().is_empty() {
            return Err("--corpus DIR is required; try --help".into());
        }
        Ok(o)
    }
}

// ---------------------------------------------------------------- corpus

fn corpus_files(dir: &Path) -> Res<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e?;
        let p = e.path();
        let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
        if e.file_type().is_file() && (ext == "txt" || ext == "md") {
            let rel = p.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
            out.push((rel, p.to_path_buf()));
        }
    }
    Ok(out)
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

// ---------------------------------------------------------------- children

fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn tantivy_schema() -> Schema {
    let mut sb = Schema::builder();
    sb.add_text_field("path", STRING | STORED);
    let body = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(FOLD)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    sb.add_text_field("body", body);
    sb.build()
}

/// Child: index the corpus with raw tantivy; prints `{"docs","bytes","secs"}`.
fn child_tantivy(o: &Opts) -> Res<()> {
    let started = Instant::now();
    let out = &o.work;
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::create_dir_all(out)?;
    let schema = tantivy_schema();
    let path_f = schema.get_field("path")?;
    let body_f = schema.get_field("body")?;
    let index = Index::create_in_dir(out, schema)?;
    index.tokenizers().register(FOLD, fold_analyzer());
    let mut writer: IndexWriter =
        index.writer_with_num_threads(o.threads.max(1), o.heap_mb.max(16 * o.threads) << 20)?;
    let (mut docs, mut bytes) = (0u64, 0u64);
    for (rel, path) in corpus_files(&o.corpus)? {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(_) => continue,
        };
        bytes += text.len() as u64;
        docs += 1;
        let mut doc = TantivyDocument::default();
        doc.add_text(path_f, &rel);
        doc.add_text(body_f, &text);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "{}",
        json!({"docs": docs, "bytes": bytes, "secs": started.elapsed().as_secs_f64()})
    );
    Ok(())
}

/// Child: index the corpus into SQLite FTS5; prints `{"docs","bytes","secs"}`.
fn child_fts5(o: &Opts) -> Res<()> {
    let started = Instant::now();
    let db = &o.work;
    if db.exists() {
        std::fs::remove_file(db)?;
    }
    let mut conn = rusqlite::Connection::open(db)?;
    conn.execute_batch(
        "CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, tokenize='unicode61 remove_diacritics 2');",
    )?;
    let (mut docs, mut bytes) = (0u64, 0u64);
    let tx = conn.transaction()?;
    {
        let mut ins = tx.prepare("INSERT INTO docs(path, body) VALUES (?1, ?2)")?;
        for (rel, path) in corpus_files(&o.corpus)? {
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(_) => continue,
            };
            bytes += text.len() as u64;
            docs += 1;
            ins.execute(rusqlite::params![rel, text])?;
        }
    }
    tx.commit()?;
    println!(
        "{}",
        json!({"docs": docs, "bytes": bytes, "secs": started.elapsed().as_secs_f64()})
    );
    Ok(())
}

// ---------------------------------------------------------------- /usr/bin/time

#[derive(Debug, Default, Clone)]
struct Timed {
    ok: bool,
    wall_s: Option<f64>,
    max_rss_kb: Option<u64>,
    stdout: String,
    stderr_tail: String,
}

fn run_timed(program: &Path, args: &[&str], log: &Path) -> Res<Timed> {
    let gnu_time = Path::new("/usr/bin/time");
    let started = Instant::now();
    let output = if gnu_time.exists() {
        Command::new(gnu_time)
            .arg("-v")
            .arg(program)
            .args(args)
            .stdin(Stdio::null())
            .output()?
    } else {
        Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .output()?
    };
    let elapsed = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    std::fs::write(log, &stderr)?;
    let mut t = Timed {
        ok: output.status.success(),
        wall_s: Some(elapsed),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        ..Timed::default()
    };
    for line in stderr.lines() {
        let line = line.trim();
        if let Some(v) = line.strip_prefix("Maximum resident set size (kbytes):") {
            t.max_rss_kb = v.trim().parse().ok();
        }
        if let Some(v) = line.strip_prefix("Elapsed (wall clock) time (h:mm:ss or m:ss):") {
            t.wall_s = parse_clock(v.trim()).or(t.wall_s);
        }
    }
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with('\t') && !l.trim().is_empty())
        .collect();
    t.stderr_tail = lines[lines.len().saturating_sub(5)..].join("\n");
    Ok(t)
}

fn parse_clock(v: &str) -> Option<f64> {
    v.split(':').try_fold(0.0, |acc, part| {
        part.parse::<f64>().ok().map(|x| acc * 60.0 + x)
    })
}

// ---------------------------------------------------------------- stats

#[derive(Debug, Clone, Copy, Default)]
struct Pct {
    p50: f64,
    p99: f64,
    n: usize,
}

fn pct(mut v: Vec<f64>) -> Option<Pct> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| v[(((v.len() as f64) * q).ceil() as usize).clamp(1, v.len()) - 1];
    Some(Pct {
        p50: at(0.5),
        p99: at(0.99),
        n: v.len(),
    })
}

fn pct_json(p: Option<Pct>) -> Value {
    match p {
        Some(p) => json!({"p50_ms": p.p50, "p99_ms": p.p99, "n": p.n}),
        None => Value::Null,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

// ---------------------------------------------------------------- engines

/// What an engine answers: the number of matches and the top 10, each as
/// (source path relative to the corpus, snippet).
struct Answer {
    total: u64,
    hits: Vec<(String, String)>,
}

/// A search engine under test.
trait Engine {
    fn search(&mut self, query: &str) -> Res<Answer>;
}

struct RawTantivy {
    searcher: tantivy::Searcher,
    parser: QueryParser,
    body: tantivy::schema::Field,
    path: tantivy::schema::Field,
}

impl RawTantivy {
    fn open(dir: &Path) -> Res<RawTantivy> {
        let index = Index::open_in_dir(dir)?;
        index.tokenizers().register(FOLD, fold_analyzer());
        let body = index.schema().get_field("body")?;
        let path = index.schema().get_field("path")?;
        let mut parser = QueryParser::for_index(&index, vec![body]);
        parser.set_conjunction_by_default();
        let reader = index.reader()?;
        Ok(RawTantivy {
            searcher: reader.searcher(),
            parser,
            body,
            path,
        })
    }
}

impl Engine for RawTantivy {
    fn search(&mut self, query: &str) -> Res<Answer> {
        // Document numbers go in as phrases (the query grammar reads `-` as "not").
        let q = if query.contains('/') && !query.starts_with('"') {
            format!("\"{query}\"")
        } else {
            query.to_string()
        };
        let query = self.parser.parse_query(&q)?;
        let (total, top) = self
            .searcher
            .search(&*query, &(Count, TopDocs::with_limit(10).order_by_score()))?;
        let generator = SnippetGenerator::create(&self.searcher, &*query, self.body)?;
        let mut hits = Vec::with_capacity(top.len());
        for (_, addr) in top {
            let doc: TantivyDocument = self.searcher.doc(addr)?;
            let path = doc
                .get_first(self.path)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            hits.push((path, generator.snippet_from_doc(&doc).to_html()));
        }
        Ok(Answer {
            total: total as u64,
            hits,
        })
    }
}

struct Fts5 {
    conn: rusqlite::Connection,
}

/// A user's query in FTS5 syntax: phrases stay phrases, numbers become phrases,
/// other words are each quoted (implicit AND).
fn fts5_query(q: &str) -> String {
    if q.starts_with('"') {
        return q.to_string();
    }
    if q.contains('/') {
        return format!("\"{}\"", q.replace('"', "\"\""));
    }
    q.split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Engine for Fts5 {
    fn search(&mut self, query: &str) -> Res<Answer> {
        let q = fts5_query(query);
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM docs WHERE docs MATCH ?1")?
            .query_row([&q], |r| r.get(0))?;
        let total = total.max(0) as u64;
        let mut st = self.conn.prepare_cached(
            "SELECT path, snippet(docs, 1, '<b>', '</b>', '…', 24) FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10",
        )?;
        let rows = st.query_map([&q], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let hits = rows.collect::<Result<Vec<_>, _>>()?;
        Ok(Answer { total, hits })
    }
}

/// vanban's search, in-process through the library.
struct VanbanLib {
    index: vanban::index::SearchIndex,
}

impl VanbanLib {
    fn open(index_dir: &Path) -> Res<VanbanLib> {
        let generation = vanban::index::current_generation(index_dir)?;
        Ok(VanbanLib {
            index: vanban::index::SearchIndex::open(&generation)?,
        })
    }
}

impl Engine for VanbanLib {
    fn search(&mut self, query: &str) -> Res<Answer> {
        let mut req = vanban::index::SearchRequest::new(query);
        req.limit = 10;
        let resp = self.index.search(&req)?;
        Ok(Answer {
            total: resp.total as u64,
            hits: resp
                .hits
                .into_iter()
                .map(|h| (h.source, h.snippet))
                .collect(),
        })
    }
}

/// vanban's `/api/search` on a running `serve`.
struct VanbanHttp {
    addr: String,
}

impl Engine for VanbanHttp {
    fn search(&mut self, query: &str) -> Res<Answer> {
        let (status, body) = http_get(
            &self.addr,
            &format!("/api/search?q={}&limit=10", enc(query)),
        )?;
        if status != 200 {
            return Err(format!("HTTP {status}: {}", truncate(&body, 200)).into());
        }
        let v: Value = serde_json::from_str(&body)?;
        let total = v["total"].as_u64().unwrap_or(0);
        let hits = v["hits"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|h| {
                        let s = |k: &str| h[k].as_str().unwrap_or("").to_string();
                        (s("source"), s("snippet"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Answer { total, hits })
    }
}

/// Time the query set: one warm-up pass, then `passes` timed passes.
/// Returns per-query records and per-class percentiles.
/// Per-class latency percentiles as JSON (`{"diacritics": {"p50_ms", …}, …}`).
fn classes_json(classes: &BTreeMap<&'static str, Option<Pct>>) -> Value {
    json!(classes
        .iter()
        .map(|(c, p)| (c.to_string(), pct_json(*p)))
        .collect::<BTreeMap<_, _>>())
}

fn time_queries(
    engine: &mut dyn Engine,
    passes: usize,
) -> (Vec<Value>, BTreeMap<&'static str, Option<Pct>>) {
    let mut per_query = Vec::new();
    let mut by_class: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut first: Vec<Option<(u64, String)>> = Vec::new();
    let queries = all_queries();
    for (_, q) in &queries {
        first.push(engine.search(q).ok().map(|a| {
            let snippet = a.hits.first().map(|h| h.1.clone()).unwrap_or_default();
            (a.total, snippet)
        }));
    }
    let mut lat: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    let mut errors = vec![None; queries.len()];
    for _ in 0..passes {
        for (i, (_, q)) in queries.iter().enumerate() {
            let t = Instant::now();
            match engine.search(q) {
                Ok(_) => lat[i].push(ms(t.elapsed())),
                Err(e) => errors[i] = Some(e.to_string()),
            }
        }
    }
    for (i, (class, q)) in queries.iter().enumerate() {
        by_class.entry(class).or_default().extend(&lat[i]);
        let p = pct(lat[i].clone());
        per_query.push(json!({
            "class": class,
            "query": q,
            "hits": first[i].as_ref().map(|f| f.0),
            "first_snippet": first[i].as_ref().map(|f| truncate(&f.1, 160)),
            "latency": pct_json(p),
            "error": errors[i],
        }));
    }
    let classes = CLASSES
        .iter()
        .map(|c| (*c, pct(by_class.remove(c).unwrap_or_default())))
        .collect();
    (per_query, classes)
}

// ---------------------------------------------------------------- PostgreSQL

/// PostgreSQL full-text search: `unaccent` then `simple` (no stemming, no stop
/// words: Vietnamese has neither in PostgreSQL), a stored generated `tsvector`
/// column and a GIN index; ranked by `ts_rank_cd` (cover density, which
/// rewards query words standing close), snippets by `ts_headline`.
const PG_SETUP: &str = "
SET client_min_messages = warning;
DROP TABLE IF EXISTS docs;
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS vn;
CREATE TEXT SEARCH CONFIGURATION vn (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION vn ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
CREATE TABLE docs (
    path text PRIMARY KEY,
    body text NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('vn', body)) STORED
);";

/// Index the corpus into the PostgreSQL server at `conn`: COPY every file,
/// build the GIN index, ANALYZE. Wall time, the backend's peak RSS, the
/// table's size with its indexes and TOAST.
fn pg_index(conn: &str, corpus: &Path, heap_mb: usize) -> Res<Value> {
    let started = Instant::now();
    let mut client = postgres::Client::connect(conn, postgres::NoTls)?;
    let backend: i32 = client.query_one("SELECT pg_backend_pid()", &[])?.get(0);
    client.batch_execute(PG_SETUP)?;
    client.batch_execute(&format!("SET maintenance_work_mem = '{heap_mb}MB'"))?;
    let (mut docs, mut bytes) = (0u64, 0u64);
    {
        let mut w = client.copy_in("COPY docs (path, body) FROM STDIN")?;
        let mut line = String::new();
        for (rel, path) in corpus_files(corpus)? {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            docs += 1;
            bytes += text.len() as u64;
            line.clear();
            copy_field(&rel, &mut line);
            line.push('\t');
            copy_field(&text.replace('\0', ""), &mut line);
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        w.finish()?;
    }
    client.batch_execute("CREATE INDEX docs_tsv ON docs USING GIN (tsv); ANALYZE docs;")?;
    let secs = started.elapsed().as_secs_f64();
    let size: i64 = client
        .query_one("SELECT pg_total_relation_size('docs')", &[])?
        .get(0);
    let rss = proc_status_kb(backend as u32, "VmHWM:").map(|k| k as f64 / 1024.0);
    Ok(json!({
        "ok": true, "docs": docs, "wall_s": secs,
        "mb_per_s": bytes as f64 / 1e6 / secs.max(1e-9),
        "peak_rss_mb": rss, "index_size_mb": size as f64 / 1e6,
    }))
}

/// One field of COPY's text format: backslash, tab, newline and carriage
/// return escaped.
fn copy_field(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

struct Pg {
    client: postgres::Client,
    /// Prepared statements by SQL text.
    prepared: BTreeMap<String, postgres::Statement>,
}

impl Pg {
    fn open(conn: &str) -> Res<Pg> {
        Ok(Pg {
            client: postgres::Client::connect(conn, postgres::NoTls)?,
            prepared: BTreeMap::new(),
        })
    }

    fn prepared(&mut self, sql: &str) -> Res<postgres::Statement> {
        if let Some(st) = self.prepared.get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.prepare(sql)?;
        self.prepared.insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

impl Engine for Pg {
    fn search(&mut self, query: &str) -> Res<Answer> {
        // Quoted phrases and document numbers as phrases; words all required.
        let (func, text) = if let Some(inner) = query.strip_prefix('"') {
            ("phraseto_tsquery", inner.trim_end_matches('"'))
        } else if query.contains('/') {
            ("phraseto_tsquery", query)
        } else {
            ("plainto_tsquery", query)
        };
        let count = format!("SELECT count(*) FROM docs WHERE tsv @@ {func}('vn', $1)");
        let top = format!(
            "WITH q AS (SELECT {func}('vn', $1) AS q), \
             top AS (SELECT path, body, ts_rank_cd(tsv, q.q) AS r FROM docs, q \
                     WHERE tsv @@ q.q ORDER BY r DESC LIMIT 10) \
             SELECT top.path, ts_headline('vn', top.body, q.q, 'MaxFragments=1, MinWords=15, MaxWords=35') \
             FROM top, q ORDER BY top.r DESC"
        );
        let count = self.prepared(&count)?;
        let top = self.prepared(&top)?;
        let total: i64 = self.client.query_one(&count, &[&text])?.get(0);
        let hits = self
            .client
            .query(&top, &[&text])?
            .iter()
            .map(|r| (r.get::<_, String>(0), r.get::<_, String>(1)))
            .collect();
        Ok(Answer {
            total: total.max(0) as u64,
            hits,
        })
    }
}

// ---------------------------------------------------------------- relevance

/// The relevance figure of an engine: nDCG@10 and P@10 over
/// `relevance::QUERIES`, each query run once, judged against the documents
/// of the corpus holding its words adjacent and in order (`relevant`).
fn relevance_json(
    engine: &mut dyn Engine,
    relevant: &[std::collections::HashSet<String>],
) -> Value {
    let mut judged = Vec::new();
    for (q, rel) in relevance::QUERIES.iter().zip(relevant) {
        let sources: Vec<String> = match engine.search(q) {
            Ok(a) => a.hits.into_iter().map(|h| h.0).collect(),
            Err(e) => return json!({"error": format!("{q}: {e}")}),
        };
        judged.push(relevance::judge(q, &sources, rel));
    }
    let (ndcg, precision) = relevance::means(&judged);
    json!({
        "ndcg10": ndcg,
        "p10": precision,
        "queries": judged.iter().map(|j| json!({
            "query": j.query, "relevant_in_corpus": j.relevant_in_corpus,
            "ndcg10": j.ndcg, "p10": j.precision,
            "top": j.ranked.iter().map(|r| if *r { 'x' } else { '.' }).collect::<String>(),
        })).collect::<Vec<_>>(),
        "table": relevance::table(&judged),
    })
}

// ---------------------------------------------------------------- HTTP

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// One GET over a fresh loopback connection; returns (status, body).
fn http_get(addr: &str, path: &str) -> Res<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or("malformed HTTP response")?;
    let status: u16 = head.split_whitespace().nth(1).ok_or("no status")?.parse()?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_string()
    };
    Ok((status, body))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(rest.get(..n).unwrap_or(""));
        s = rest.get(n..).unwrap_or("").trim_start_matches("\r\n");
    }
    out
}

fn proc_status_kb(pid: u32, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// Samples the peak `VmRSS` of a process every 20 ms until stopped.
struct RssSampler {
    done: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RssSampler {
    fn start(pid: u32) -> RssSampler {
        let done = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let thread = {
            let (done, peak) = (done.clone(), peak.clone());
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    if let Some(kb) = proc_status_kb(pid, "VmRSS:") {
                        peak.fetch_max(kb, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        };
        RssSampler {
            done,
            peak,
            thread: Some(thread),
        }
    }

    /// Stop and return the peak in MB.
    fn stop(mut self) -> f64 {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.peak.load(Ordering::Relaxed) as f64 / 1024.0
    }
}

/// `requests` GETs of the query set at `concurrency` with `oha` (keep-alive
/// connections, one per concurrent client): latencies, errors, peak VmRSS of
/// the server. The URLs cycle through every query of the set.
fn oha_load(
    oha: &Path,
    work: &Path,
    addr: &str,
    pid: u32,
    concurrency: usize,
    requests: usize,
) -> Value {
    let urls = work.join("oha-urls.txt");
    let list: String = all_queries()
        .iter()
        .map(|(_, q)| format!("http://{addr}/api/search?q={}&limit=10\n", enc(q)))
        .collect();
    if let Err(e) = std::fs::write(&urls, list) {
        return json!({"concurrency": concurrency, "error": e.to_string()});
    }
    let sampler = RssSampler::start(pid);
    let started = Instant::now();
    let out = Command::new(oha)
        .args(["--no-tui", "--output-format", "json", "--urls-from-file"])
        .arg(&urls)
        .args(["-n", &requests.to_string(), "-c", &concurrency.to_string()])
        .stdin(Stdio::null())
        .output();
    let secs = started.elapsed().as_secs_f64();
    let peak = sampler.stop();
    let out = match out {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            return json!({"concurrency": concurrency, "tool": "oha",
                "error": format!("oha: {}", truncate(&String::from_utf8_lossy(&o.stderr), 300))})
        }
        Err(e) => return json!({"concurrency": concurrency, "tool": "oha", "error": e.to_string()}),
    };
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let ok: u64 = v["statusCodeDistribution"]["200"].as_u64().unwrap_or(0);
    let answered: u64 = v["statusCodeDistribution"]
        .as_object()
        .map(|m| m.values().filter_map(Value::as_u64).sum())
        .unwrap_or(0);
    let failed: u64 = v["errorDistribution"]
        .as_object()
        .map(|m| m.values().filter_map(Value::as_u64).sum())
        .unwrap_or(0);
    let sec_to_ms = |x: &Value| x.as_f64().map(|s| s * 1000.0);
    json!({
        "tool": "oha",
        "concurrency": concurrency,
        "requests": requests,
        "errors": answered - ok.min(answered) + failed,
        "status": v["statusCodeDistribution"],
        "secs": secs,
        "req_per_s": v["summary"]["requestsPerSec"],
        "latency": {"p50_ms": sec_to_ms(&v["latencyPercentiles"]["p50"]),
                    "p99_ms": sec_to_ms(&v["latencyPercentiles"]["p99"]), "n": answered},
        "peak_rss_mb": peak,
    })
}

/// `requests` GETs of the query set at `concurrency`, one connection per
/// request (the runner's own client, used when `oha` is not given);
/// latencies, errors, peak VmRSS.
fn http_load(addr: &str, pid: u32, concurrency: usize, requests: usize) -> Value {
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let lat = Arc::new(Mutex::new(Vec::with_capacity(requests)));
    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                if let Some(kb) = proc_status_kb(pid, "VmRSS:") {
                    peak.fetch_max(kb, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, errors, lat, addr) =
                (next.clone(), errors.clone(), lat.clone(), addr.to_string());
            std::thread::spawn(move || {
                let queries = all_queries();
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        break;
                    }
                    let q = queries[i % queries.len()].1;
                    let t = Instant::now();
                    match http_get(&addr, &format!("/api/search?q={}&limit=10", enc(q))) {
                        Ok((200, _)) => mine.push(ms(t.elapsed())),
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                if let Ok(mut l) = lat.lock() {
                    l.extend(mine);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let secs = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    let lat = lat.lock().map(|l| l.clone()).unwrap_or_default();
    let p = pct(lat);
    json!({
        "concurrency": concurrency,
        "requests": requests,
        "errors": errors.load(Ordering::Relaxed),
        "secs": secs,
        "req_per_s": requests as f64 / secs.max(1e-9),
        "latency": pct_json(p),
        "peak_rss_mb": peak.load(Ordering::Relaxed) as f64 / 1024.0,
    })
}

/// Repeat one GET `reps` times after a warm-up; percentiles and the first body.
fn repeat_get(addr: &str, path: &str, reps: usize) -> (Option<Pct>, Option<Value>, Option<String>) {
    let first = match http_get(addr, path) {
        Ok((200, body)) => serde_json::from_str::<Value>(&body).ok(),
        Ok((s, body)) => {
            return (
                None,
                None,
                Some(format!("HTTP {s}: {}", truncate(&body, 200))),
            )
        }
        Err(e) => return (None, None, Some(e.to_string())),
    };
    let mut lat = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        if let Ok((200, _)) = http_get(addr, path) {
            lat.push(ms(t.elapsed()));
        }
    }
    (pct(lat), first, None)
}

struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- ground truth

/// The central reference with the most (transitive) implementers in the ground
/// truth: every generated plan's first `implements` entry is its chain's root.
fn most_implemented(corpus: &Path) -> Option<(String, usize)> {
    let text = std::fs::read_to_string(corpus.join("ground_truth.jsonl")).ok()?;
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).ok()?;
        if let Some(r) = v["implements"][0]["ref"].as_str() {
            *count.entry(r.to_string()).or_default() += 1;
        }
    }
    count.into_iter().max_by_key(|(_, n)| *n)
}

/// `vanban-only`: vanban's in-process figures on an existing index, without the
/// peers or `serve` (for quick before/after comparisons of the query side).
fn vanban_only(o: &Opts) -> Res<()> {
    let sub = o.work.join("vanban-index");
    let index = if sub.is_dir() { sub } else { o.work.clone() };
    let mut e = VanbanLib::open(&index)?;
    let (pq, classes) = time_queries(&mut e, o.passes);
    for q in &pq {
        println!(
            "{:14} {:36} hits {:>6}  p50 {:>7} ms  p99 {:>7} ms",
            q["class"].as_str().unwrap_or(""),
            q["query"].as_str().unwrap_or(""),
            q["hits"],
            cell(f(&q["latency"]["p50_ms"])),
            cell(f(&q["latency"]["p99_ms"])),
        );
    }
    for (c, p) in &classes {
        let p = pct_json(*p);
        println!(
            "search {c:14} p50 {} ms  p99 {} ms",
            cell(f(&p["p50_ms"])),
            cell(f(&p["p99_ms"]))
        );
    }
    let relevant = relevance::relevant_sets(&o.corpus, relevance::QUERIES);
    let rel = relevance_json(&mut e, &relevant);
    print!(
        "\nrelevance (names typed without diacritics):\n{}",
        rel["table"].as_str().unwrap_or("")
    );
    let generation = vanban::index::current_generation(&index)?;
    let t = Instant::now();
    let g = vanban::graph::Graph::load(&generation.join(vanban::graph::Graph::FILE))?;
    println!(
        "graph load {:.0} ms ({} nodes, {} edges)",
        ms(t.elapsed()),
        g.node_count(),
        g.edge_count()
    );
    if let Some((reference, expected)) = most_implemented(&o.corpus) {
        let (found, lat) = time_implementers(&g, &reference, o.reps)?;
        let p = pct_json(pct(lat));
        println!(
            "implementers {reference} transitive: {found} returned / {expected} expected, p50 {} ms, p99 {} ms",
            cell(f(&p["p50_ms"])),
            cell(f(&p["p99_ms"]))
        );
        let p = pct_json(pct(time_first_page(&g, &reference, o.reps)));
        println!(
            "implementers {reference} transitive, first page of {PAGE} (total counted): p50 {} ms, p99 {} ms",
            cell(f(&p["p50_ms"])),
            cell(f(&p["p99_ms"]))
        );
    }
    Ok(())
}

/// The API's default page of implementers.
const PAGE: usize = 100;

/// Time the first page of transitive implementers (what the API answers by
/// default): the whole set is still found and counted, paths and evidence are
/// built for the page only.
fn time_first_page(g: &vanban::graph::Graph, reference: &str, reps: usize) -> Vec<f64> {
    let opts = vanban::graph::ImplementersOptions {
        transitive: true,
        all_paths: false,
        offset: 0,
        limit: Some(PAGE),
    };
    let mut lat = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        let _ = std::hint::black_box(g.implementers_with(reference, &opts));
        lat.push(ms(t.elapsed()));
    }
    lat
}

/// Time transitive implementers of `reference`: the count returned and the latencies.
fn time_implementers(
    g: &vanban::graph::Graph,
    reference: &str,
    reps: usize,
) -> Res<(usize, Vec<f64>)> {
    let found = g.implementers(reference, true)?.total;
    let mut lat = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        let _ = std::hint::black_box(g.implementers(reference, true));
        lat.push(ms(t.elapsed()));
    }
    Ok((found, lat))
}

// ---------------------------------------------------------------- machine

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|s| {
        s.lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
    });
    let mem_kb = std::fs::read_to_string("/proc/meminfo").ok().and_then(|s| {
        s.lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
    });
    json!({
        "nproc": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "cpu": cpu,
        "mem_gb": mem_kb.map(|k| k as f64 / 1024.0 / 1024.0),
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
    })
}

// ---------------------------------------------------------------- run

fn index_json(t: &Timed, bytes: u64, size: u64) -> Value {
    if !t.ok {
        return json!({"ok": false, "error": t.stderr_tail});
    }
    json!({
        "ok": true,
        "wall_s": t.wall_s,
        "mb_per_s": t.wall_s.map(|s| bytes as f64 / 1e6 / s.max(1e-9)),
        "peak_rss_mb": t.max_rss_kb.map(|k| k as f64 / 1024.0),
        "index_size_mb": size as f64 / 1e6,
    })
}

fn run(o: &Opts) -> Res<()> {
    let files = corpus_files(&o.corpus)?;
    let bytes: u64 = files
        .iter()
        .filter_map(|(_, p)| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    eprintln!(
        "corpus {}: {} documents, {:.1} MB",
        o.corpus.display(),
        files.len(),
        bytes as f64 / 1e6
    );
    std::fs::create_dir_all(&o.work)?;
    if let Some(parent) = o.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let me = std::env::current_exe()?;
    let v_index = o.work.join("vanban-index");
    let t_index = o.work.join("tantivy");
    let f_db = o.work.join("fts5.db");
    let corpus = o.corpus.to_string_lossy().into_owned();
    let (threads, heap) = (o.threads.to_string(), o.heap_mb.to_string());

    // 1. Indexing, each in its own process.
    let mut index = serde_json::Map::new();
    if !o.skip_index {
        eprintln!("indexing: vanban");
        if v_index.exists() {
            std::fs::remove_dir_all(&v_index)?;
        }
        let v_index_s = v_index.to_string_lossy().into_owned();
        let t = run_timed(
            &o.vanban,
            &[
                "index",
                &corpus,
                "--index",
                &v_index_s,
                "--threads",
                &threads,
                "--memory-mb",
                &heap,
            ],
            &o.work.join("vanban-index.log"),
        )?;
        index.insert("vanban".into(), index_json(&t, bytes, dir_size(&v_index)));

        eprintln!("indexing: raw tantivy ({threads} threads, {heap} MB)");
        let t_s = t_index.to_string_lossy().into_owned();
        let t = run_timed(
            &me,
            &[
                "tantivy-index",
                "--corpus",
                &corpus,
                "--work",
                &t_s,
                "--threads",
                &threads,
                "--heap-mb",
                &heap,
            ],
            &o.work.join("tantivy-index.log"),
        )?;
        index.insert("tantivy".into(), index_json(&t, bytes, dir_size(&t_index)));

        eprintln!("indexing: SQLite FTS5");
        let f_s = f_db.to_string_lossy().into_owned();
        let t = run_timed(
            &me,
            &["fts5-index", "--corpus", &corpus, "--work", &f_s],
            &o.work.join("fts5-index.log"),
        )?;
        let size = std::fs::metadata(&f_db).map(|m| m.len()).unwrap_or(0);
        index.insert("fts5".into(), index_json(&t, bytes, size));

        if let Some(conn) = &o.pg {
            eprintln!("indexing: PostgreSQL (unaccent + simple, GIN)");
            let v = pg_index(conn, &o.corpus, o.heap_mb)
                .unwrap_or_else(|e| json!({"ok": false, "error": e.to_string()}));
            index.insert("postgres".into(), v);
        }
    }

    eprintln!("relevance: judging the corpus (documents holding each name)");
    let relevant = relevance::relevant_sets(&o.corpus, relevance::QUERIES);
    let mut rel = serde_json::Map::new();

    // 2. Queries on the two peers, in this process.
    let mut search = serde_json::Map::new();
    let mut per_query = serde_json::Map::new();
    eprintln!("queries: raw tantivy");
    match RawTantivy::open(&t_index) {
        Ok(mut e) => {
            let (pq, classes) = time_queries(&mut e, o.passes);
            per_query.insert("tantivy".into(), json!(pq));
            search.insert("tantivy".into(), classes_json(&classes));
            rel.insert("tantivy".into(), relevance_json(&mut e, &relevant));
        }
        Err(e) => eprintln!("  raw tantivy index unusable: {e}"),
    }
    eprintln!("queries: SQLite FTS5");
    match rusqlite::Connection::open(&f_db) {
        Ok(conn) => {
            let mut e = Fts5 { conn };
            let (pq, classes) = time_queries(&mut e, o.passes);
            per_query.insert("fts5".into(), json!(pq));
            search.insert("fts5".into(), classes_json(&classes));
            rel.insert("fts5".into(), relevance_json(&mut e, &relevant));
        }
        Err(e) => eprintln!("  FTS5 database unusable: {e}"),
    }
    if let Some(conn) = &o.pg {
        eprintln!("queries: PostgreSQL");
        match Pg::open(conn) {
            Ok(mut e) => {
                let (pq, classes) = time_queries(&mut e, o.passes);
                per_query.insert("postgres".into(), json!(pq));
                search.insert("postgres".into(), classes_json(&classes));
                rel.insert("postgres".into(), relevance_json(&mut e, &relevant));
            }
            Err(e) => eprintln!("  PostgreSQL unusable: {e}"),
        }
    }

    eprintln!("queries: vanban (in-process)");
    match VanbanLib::open(&v_index) {
        Ok(mut e) => {
            let (pq, classes) = time_queries(&mut e, o.passes);
            per_query.insert("vanban".into(), json!(pq));
            search.insert("vanban".into(), classes_json(&classes));
            rel.insert("vanban".into(), relevance_json(&mut e, &relevant));
        }
        Err(e) => eprintln!("  vanban index unusable: {e}"),
    }

    // Transitive implementers of the most-implemented central document, in-process.
    let graph_inprocess = match (
        most_implemented(&o.corpus),
        vanban::index::current_generation(&v_index),
    ) {
        (Some((reference, expected)), Ok(generation)) => {
            eprintln!("graph (in-process): implementers of {reference} (transitive)");
            match vanban::graph::Graph::load(&generation.join(vanban::graph::Graph::FILE)) {
                Ok(g) => {
                    let first = g.implementers(&reference, true);
                    let found = first.as_ref().ok().map(|i| i.total);
                    let error = first.err().map(|e| e.to_string());
                    let mut lat = Vec::with_capacity(o.reps);
                    // Time only a query that answers (an unknown reference is not a measurement).
                    let reps = if error.is_none() { o.reps } else { 0 };
                    for _ in 0..reps {
                        let t = Instant::now();
                        let _ = std::hint::black_box(g.implementers(&reference, true));
                        lat.push(ms(t.elapsed()));
                    }
                    let page = if error.is_none() {
                        pct_json(pct(time_first_page(&g, &reference, o.reps)))
                    } else {
                        Value::Null
                    };
                    json!({"ref": reference, "expected_implementers": expected,
                           "returned_implementers": found, "latency": pct_json(pct(lat)),
                           "latency_first_page": page, "error": error})
                }
                Err(e) => json!({"ref": reference, "error": e.to_string()}),
            }
        }
        _ => Value::Null,
    };

    // 3. vanban serve: start-up, memory, search, load, graph, tasks.
    let addr = format!("127.0.0.1:{}", o.port);
    let mut serve = serde_json::Map::new();
    let mut http = Vec::new();
    let mut graph = Value::Null;
    let mut tasks = Value::Null;
    eprintln!("vanban serve on {addr}");
    let log = std::fs::File::create(o.work.join("serve.log"))?;
    let started = Instant::now();
    let spawned = Command::new(&o.vanban)
        .args(["serve", "--index"])
        .arg(&v_index)
        .arg("--corpus")
        .arg(&o.corpus)
        .args(["--addr", &addr])
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn();
    match spawned {
        Err(e) => {
            serve.insert("error".into(), json!(e.to_string()));
        }
        Ok(child) => {
            let mut server = Server { child };
            let pid = server.child.id();
            let mut ready = None;
            while started.elapsed() < Duration::from_secs(300) {
                if let Ok(Some(status)) = server.child.try_wait() {
                    serve.insert(
                        "error".into(),
                        json!(format!(
                            "serve exited: {status}; see {}",
                            o.work.join("serve.log").display()
                        )),
                    );
                    break;
                }
                if let Ok((200, _)) = http_get(&addr, "/healthz") {
                    ready = Some(started.elapsed().as_secs_f64());
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            serve.insert("ready_s".into(), json!(ready));
            if ready.is_some() {
                std::thread::sleep(Duration::from_secs(1));
                serve.insert(
                    "idle_rss_mb".into(),
                    json!(proc_status_kb(pid, "VmRSS:").map(|k| k as f64 / 1024.0)),
                );

                eprintln!("queries: vanban over HTTP (one connection per request)");
                let mut e = VanbanHttp { addr: addr.clone() };
                let (pq, classes) = time_queries(&mut e, o.passes);
                per_query.insert("vanban_http".into(), json!(pq));
                search.insert("vanban_http".into(), classes_json(&classes));

                match &o.oha {
                    Some(oha) => {
                        for c in [8, 64] {
                            eprintln!(
                                "HTTP load (oha, keep-alive): concurrency {c}, {} requests",
                                o.requests
                            );
                            http.push(oha_load(oha, &o.work, &addr, pid, c, o.requests));
                        }
                    }
                    None => {
                        eprintln!("HTTP load: no --oha; the runner's own client (a connection per request)");
                        for c in [1, 8] {
                            eprintln!("HTTP load: concurrency {c}, {} requests", o.requests);
                            http.push(http_load(&addr, pid, c, o.requests));
                        }
                    }
                }
                serve.insert(
                    "rss_after_load_mb".into(),
                    json!(proc_status_kb(pid, "VmRSS:").map(|k| k as f64 / 1024.0)),
                );
                serve.insert(
                    "hwm_rss_mb".into(),
                    json!(proc_status_kb(pid, "VmHWM:").map(|k| k as f64 / 1024.0)),
                );

                if let Some((reference, expected)) = most_implemented(&o.corpus) {
                    eprintln!("graph: implementers of {reference} (transitive)");
                    let path = format!(
                        "/api/graph/implementers/{}?transitive=true",
                        enc(&reference)
                    );
                    // The first page (100 implementers, shortest paths); `total` counts all.
                    let (p, body, err) = repeat_get(&addr, &path, o.reps);
                    let found = body.as_ref().and_then(|b| b["total"].as_u64());
                    graph = json!({"ref": reference, "expected_implementers": expected, "returned_implementers": found, "latency": pct_json(p), "error": err});
                }
                eprintln!("tasks: ban_tuyen_giao by province");
                let (p, body, err) = repeat_get(
                    &addr,
                    "/api/tasks?organ=ban_tuyen_giao&group_by=province",
                    o.reps,
                );
                let groups = body
                    .as_ref()
                    .and_then(|b| b["groups"].as_array().map(|a| a.len()));
                tasks = json!({"organ": "ban_tuyen_giao", "groups": groups, "latency": pct_json(p), "error": err});
            }
            drop(server);
        }
    }

    // 4. Extraction against the ground truth.
    let gt = o.corpus.join("ground_truth.jsonl");
    let eval = if gt.exists() {
        eprintln!("vanban eval against {}", gt.display());
        let gt_s = gt.to_string_lossy().into_owned();
        let t = run_timed(
            &o.vanban,
            &["eval", "--gold", &gt_s, "--corpus", &corpus],
            &o.work.join("eval.log"),
        )?;
        json!({"ok": t.ok, "wall_s": t.wall_s, "output": t.stdout, "error": if t.ok { None } else { Some(t.stderr_tail) }})
    } else {
        Value::Null
    };

    let result = json!({
        "machine": machine(),
        "corpus": {"path": o.corpus, "docs": files.len(), "bytes": bytes},
        "settings": {"threads": o.threads, "heap_mb": o.heap_mb, "passes": o.passes, "requests": o.requests, "reps": o.reps,
                     "vanban_search": "in-process (vanban::index::SearchIndex); vanban_http = /api/search on loopback"},
        "index": index,
        "search": search,
        "relevance": rel,
        "queries": per_query,
        "http": http,
        "graph": graph,
        "graph_inprocess": graph_inprocess,
        "tasks": tasks,
        "serve": serve,
        "eval": eval,
    });
    std::fs::write(&o.out, serde_json::to_string_pretty(&result)?)?;
    print_table(&result);
    println!("\nJSON: {}", o.out.display());
    Ok(())
}

// ---------------------------------------------------------------- table

fn f(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn cell(x: Option<f64>) -> String {
    match x {
        Some(x) if x >= 100.0 => format!("{x:.0}"),
        Some(x) if x >= 10.0 => format!("{x:.1}"),
        Some(x) => format!("{x:.2}"),
        None => "—".to_string(),
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "—".to_string(),
    }
}

/// The engines of the table, in column order (keys of the JSON result).
const ENGINES: [&str; 4] = ["vanban", "tantivy", "fts5", "postgres"];

/// One row: the figure of each engine, then vanban's ratio to each peer.
fn row(name: &str, at: impl Fn(&str) -> Option<f64>) {
    let v: Vec<Option<f64>> = ENGINES.iter().map(|e| at(e)).collect();
    println!(
        "{name:<38} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        cell(v[0]),
        cell(v[1]),
        cell(v[2]),
        cell(v[3]),
        ratio(v[0], v[1]),
        ratio(v[0], v[2]),
        ratio(v[0], v[3])
    );
}

fn print_table(r: &Value) {
    let m = &r["machine"];
    println!(
        "\n{} docs, {:.1} MB · {} × {} · {:.1} GB · {} build",
        r["corpus"]["docs"],
        f(&r["corpus"]["bytes"]).unwrap_or(0.0) / 1e6,
        m["nproc"],
        m["cpu"].as_str().unwrap_or("?"),
        f(&m["mem_gb"]).unwrap_or(0.0),
        m["build"].as_str().unwrap_or("?"),
    );
    println!(
        "{:<38} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "metric", "vanban", "tantivy", "fts5", "postgres", "v/tantivy", "v/fts5", "v/pg"
    );
    let ix = &r["index"];
    for (label, key) in [
        ("index: wall (s)", "wall_s"),
        ("index: MB/s", "mb_per_s"),
        ("index: peak RSS (MB)", "peak_rss_mb"),
        ("index: size on disk (MB)", "index_size_mb"),
    ] {
        row(label, |e| f(&ix[e][key]));
    }
    let s = &r["search"];
    for class in CLASSES {
        for q in ["p50_ms", "p99_ms"] {
            row(&format!("search {class}: {} (ms)", &q[..3]), |e| {
                f(&s[e][class][q])
            });
        }
    }
    let rel = &r["relevance"];
    row("relevance names: nDCG@10", |e| f(&rel[e]["ndcg10"]));
    row("relevance names: P@10", |e| f(&rel[e]["p10"]));
    println!("\nvanban only");
    for class in CLASSES {
        println!(
            "  search {class} over HTTP (c=1): p50 {} ms, p99 {} ms",
            cell(f(&s["vanban_http"][class]["p50_ms"])),
            cell(f(&s["vanban_http"][class]["p99_ms"])),
        );
    }
    for h in r["http"].as_array().into_iter().flatten() {
        println!(
            "  /api/search c={} ({}): p50 {} ms, p99 {} ms, {} req/s, {} errors, peak RSS {} MB{}",
            h["concurrency"],
            h["tool"].as_str().unwrap_or("a connection per request"),
            cell(f(&h["latency"]["p50_ms"])),
            cell(f(&h["latency"]["p99_ms"])),
            cell(f(&h["req_per_s"])),
            h["errors"],
            cell(f(&h["peak_rss_mb"])),
            h["error"]
                .as_str()
                .map(|e| format!(" — {e}"))
                .unwrap_or_default(),
        );
    }
    let g = &r["graph"];
    println!(
        "  implementers {} (transitive): p50 {} ms, p99 {} ms, {} returned / {} in ground truth{}",
        g["ref"].as_str().unwrap_or("?"),
        cell(f(&g["latency"]["p50_ms"])),
        cell(f(&g["latency"]["p99_ms"])),
        g["returned_implementers"],
        g["expected_implementers"],
        g["error"]
            .as_str()
            .map(|e| format!(" — {e}"))
            .unwrap_or_default(),
    );
    let gi = &r["graph_inprocess"];
    println!(
        "  implementers {} (transitive, in-process): p50 {} ms, p99 {} ms, {} returned{}",
        gi["ref"].as_str().unwrap_or("?"),
        cell(f(&gi["latency"]["p50_ms"])),
        cell(f(&gi["latency"]["p99_ms"])),
        gi["returned_implementers"],
        gi["error"]
            .as_str()
            .map(|e| format!(" — {e}"))
            .unwrap_or_default(),
    );
    if gi["latency_first_page"].is_object() {
        println!(
            "  implementers {} (transitive, in-process, first page of {PAGE}): p50 {} ms, p99 {} ms",
            gi["ref"].as_str().unwrap_or("?"),
            cell(f(&gi["latency_first_page"]["p50_ms"])),
            cell(f(&gi["latency_first_page"]["p99_ms"])),
        );
    }
    let t = &r["tasks"];
    println!(
        "  tasks ban_tuyen_giao by province: p50 {} ms, p99 {} ms, {} groups{}",
        cell(f(&t["latency"]["p50_ms"])),
        cell(f(&t["latency"]["p99_ms"])),
        t["groups"],
        t["error"]
            .as_str()
            .map(|e| format!(" — {e}"))
            .unwrap_or_default(),
    );
    let sv = &r["serve"];
    println!(
        "  serve ready {} s; RSS idle {} MB, after load {} MB, high-water {} MB{}",
        cell(f(&sv["ready_s"])),
        cell(f(&sv["idle_rss_mb"])),
        cell(f(&sv["rss_after_load_mb"])),
        cell(f(&sv["hwm_rss_mb"])),
        sv["error"]
            .as_str()
            .map(|e| format!(" — {e}"))
            .unwrap_or_default(),
    );
    for (name, e) in [
        ("vanban index", &ix["vanban"]["error"]),
        ("eval", &r["eval"]["error"]),
    ] {
        if let Some(e) = e.as_str() {
            println!("  {name} failed: {}", e.replace('\n', " | "));
        }
    }
    if let Some(out) = r["eval"]["output"].as_str() {
        println!("\nvanban eval against ground_truth.jsonl:\n{out}");
    }
    println!("\nhits per query (vanban / tantivy / fts5 / postgres):");
    let q = &r["queries"];
    for (i, (class, query)) in all_queries().iter().enumerate() {
        println!(
            "  {class:<14} {query:<36} {:>7} {:>7} {:>7} {:>7}",
            q["vanban"][i]["hits"].to_string(),
            q["tantivy"][i]["hits"].to_string(),
            q["fts5"][i]["hits"].to_string(),
            q["postgres"][i]["hits"].to_string()
        );
    }
    println!("\nrelevance, nDCG@10 per query (vanban / tantivy / fts5 / postgres; relevant documents in the corpus):");
    for (i, query) in relevance::QUERIES.iter().enumerate() {
        let at = |e: &str| cell(f(&rel[e]["queries"][i]["ndcg10"]));
        println!(
            "  {query:<24} {:>6} {:>6} {:>6} {:>6}   {}",
            at("vanban"),
            at("tantivy"),
            at("fts5"),
            at("postgres"),
            rel["vanban"]["queries"][i]["relevant_in_corpus"]
        );
    }
}

// ---------------------------------------------------------------- growth

/// Key figures of several result files side by side (the growth curve).
fn growth(files: &[String]) -> Res<()> {
    let runs: Vec<Value> = files
        .iter()
        .map(|p| -> Res<Value> { Ok(serde_json::from_str(&std::fs::read_to_string(p)?)?) })
        .collect::<Res<_>>()?;
    let pick = |r: &Value, path: &[&str]| -> Option<f64> {
        let mut v = r;
        for k in path {
            v = match k.parse::<usize>() {
                Ok(i) => &v[i],
                Err(_) => &v[*k],
            };
        }
        v.as_f64()
    };
    print!("{:<40}", "docs");
    for r in &runs {
        print!(" {:>12}", r["corpus"]["docs"].to_string());
    }
    println!();
    let rows: &[(&str, &[&str])] = &[
        ("corpus MB", &["corpus", "bytes"]),
        ("vanban index wall (s)", &["index", "vanban", "wall_s"]),
        ("vanban index MB/s", &["index", "vanban", "mb_per_s"]),
        ("tantivy index MB/s", &["index", "tantivy", "mb_per_s"]),
        ("fts5 index MB/s", &["index", "fts5", "mb_per_s"]),
        ("postgres index MB/s", &["index", "postgres", "mb_per_s"]),
        (
            "vanban index peak RSS (MB)",
            &["index", "vanban", "peak_rss_mb"],
        ),
        (
            "vanban index size (MB)",
            &["index", "vanban", "index_size_mb"],
        ),
        (
            "tantivy index size (MB)",
            &["index", "tantivy", "index_size_mb"],
        ),
        ("fts5 index size (MB)", &["index", "fts5", "index_size_mb"]),
        (
            "vanban search diacritics p50 (ms)",
            &["search", "vanban", "diacritics", "p50_ms"],
        ),
        (
            "vanban search number p99 (ms)",
            &["search", "vanban", "number", "p99_ms"],
        ),
        (
            "tantivy search diacritics p50 (ms)",
            &["search", "tantivy", "diacritics", "p50_ms"],
        ),
        (
            "fts5 search diacritics p50 (ms)",
            &["search", "fts5", "diacritics", "p50_ms"],
        ),
        (
            "vanban search names p99 (ms)",
            &["search", "vanban", "names", "p99_ms"],
        ),
        (
            "postgres search diacritics p50 (ms)",
            &["search", "postgres", "diacritics", "p50_ms"],
        ),
        ("vanban nDCG@10 names", &["relevance", "vanban", "ndcg10"]),
        ("tantivy nDCG@10 names", &["relevance", "tantivy", "ndcg10"]),
        ("fts5 nDCG@10 names", &["relevance", "fts5", "ndcg10"]),
        (
            "postgres nDCG@10 names",
            &["relevance", "postgres", "ndcg10"],
        ),
        (
            "HTTP first load p99 (ms)",
            &["http", "0", "latency", "p99_ms"],
        ),
        (
            "HTTP second load p99 (ms)",
            &["http", "1", "latency", "p99_ms"],
        ),
        (
            "implementers HTTP p50 (ms)",
            &["graph", "latency", "p50_ms"],
        ),
        (
            "implementers in-process p50 (ms)",
            &["graph_inprocess", "latency", "p50_ms"],
        ),
        (
            "tasks by province p50 (ms)",
            &["tasks", "latency", "p50_ms"],
        ),
        ("serve ready (s)", &["serve", "ready_s"]),
        ("serve idle RSS (MB)", &["serve", "idle_rss_mb"]),
        ("serve high-water RSS (MB)", &["serve", "hwm_rss_mb"]),
    ];
    for (label, path) in rows {
        print!("{label:<40}");
        for r in &runs {
            let v = pick(r, path).map(|x| if *label == "corpus MB" { x / 1e6 } else { x });
            print!(" {:>12}", cell(v));
        }
        println!();
    }
    Ok(())
}
