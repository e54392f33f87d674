//! Scoring extraction against hand-checked gold records.
//!
//! [`evaluate`] runs the corpus documents that have gold through the real
//! pipeline (`ingest::read` → manifest overrides → `pipeline::process`) and
//! compares the records with the gold:
//!
//! - identity fields (`number`, `doc_type`, `title`, `issuer`, `issuer_level`,
//!   `province`, `date`, `signer`): exact-match rate;
//! - `implements` and `citations` (by `ref`, or by normalised `name` for
//!   unnumbered documents), `relations` ((from, to, kind)) and `tasks`
//!   ((document, organ, role) as multisets): precision, recall, F1;
//! - per-(document, organ) task counts within ±10% of the gold; deadline kind
//!   and start/end of the gold tasks, after pairing each gold task with its
//!   extracted counterpart.
//!
//! Gold is a folder of `NAME.json` records (matched to the corpus file with the
//! same stem) or a generated `FILE.jsonl` ground truth (`source` plus any of
//! `number`, `date`, `province`, `issuer`, `doc_type`, …, `implements`,
//! `task_organs: {"organ": count}`); only the fields a gold document states are
//! scored.

pub mod gold;
pub mod score;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::extract::manifest::{Manifest, ManifestError};
use crate::ingest::{IngestError, Skipped};
use gold::GoldDoc;
pub use score::{Prf, Rate};

/// The identity fields scored by exact match, in report order.
pub const IDENTITY_FIELDS: [&str; 8] = [
    "number",
    "doc_type",
    "title",
    "issuer",
    "issuer_level",
    "province",
    "date",
    "signer",
];

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Corpus(#[from] IngestError),
    #[error("manifest: {0}")]
    Manifest(#[from] ManifestError),
    #[error("no gold at {path} (expected a folder of *.json records or a .jsonl file)")]
    NoGold { path: PathBuf },
    #[error("cannot read gold {path}: {source}")]
    GoldRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("gold {path}{}: invalid JSON: {source}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    GoldParse {
        path: PathBuf,
        line: Option<usize>,
        #[source]
        source: serde_json::Error,
    },
    #[error("gold {path}{}: {what}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    GoldShape {
        path: PathBuf,
        line: Option<usize>,
        what: String,
    },
}

/// One identity value that differs from the gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    pub document: String,
    pub field: String,
    pub gold: Value,
    pub got: Value,
}

/// What one document's extraction missed and added in one item set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetDiff {
    pub document: String,
    pub set: String,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

/// A gold task whose extracted counterpart has another deadline (or none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadlineDiff {
    pub document: String,
    pub organ: String,
    pub section: Option<String>,
    /// The gold task's text (as the gold gives it).
    pub text: String,
    pub gold: Value,
    /// The paired extracted task's deadline; `null` when no task was paired
    /// or it has no deadline.
    pub got: Value,
    /// Whether an extracted task was paired with the gold task at all.
    pub paired: bool,
}

/// The result of one evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub corpus: String,
    pub gold: String,
    /// Gold documents matched with a corpus file and scored.
    pub documents: usize,
    /// Gold documents with no corpus file (not scored).
    pub gold_without_document: Vec<String>,
    /// Corpus files without gold (not scored).
    pub documents_without_gold: usize,
    /// Corpus files that could not be read.
    pub skipped: Vec<Skipped>,
    /// Bad manifest rows and sidecar values (the rest of the manifest applies).
    pub manifest_problems: Vec<String>,
    /// Exact-match rate per identity field.
    pub identity: Vec<Rate>,
    /// Precision/recall/F1 per item set.
    pub sets: Vec<Prf>,
    /// Per-(document, organ) task counts within ±10% of the gold.
    pub task_counts: Option<Rate>,
    /// Gold tasks whose extracted counterpart has the same deadline kind.
    pub deadline_kind: Option<Rate>,
    /// Gold tasks with a fixed start or end whose counterpart has the same dates.
    pub deadline_dates: Option<Rate>,
    pub mismatches: Vec<Mismatch>,
    pub diffs: Vec<SetDiff>,
    /// Gold tasks whose deadline kind or dates were not reproduced.
    pub deadline_diffs: Vec<DeadlineDiff>,
}

impl Report {
    /// The item sets whose F1 is below `min` (sets with nothing to score are skipped).
    pub fn below_f1(&self, min: f64) -> Vec<&Prf> {
        self.sets
            .iter()
            .filter(|p| p.f1.is_some_and(|f| f < min))
            .collect()
    }

    /// The report as a table for people.
    pub fn table(&self) -> String {
        self.to_string()
    }
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.3}"))
        .unwrap_or_else(|| "-".to_string())
}

fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    short_text(&s, 110)
}

/// `s` cut to at most `max` characters, with `…` when cut.
pub fn short_text(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        s.to_string()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "vanban eval: {} document(s) scored (gold {}, corpus {})",
            self.documents, self.gold, self.corpus
        )?;
        if !self.gold_without_document.is_empty() {
            writeln!(
                f,
                "  {} gold document(s) have no corpus file: {}",
                self.gold_without_document.len(),
                self.gold_without_document.join(", ")
            )?;
        }
        if self.documents_without_gold > 0 {
            writeln!(
                f,
                "  {} corpus file(s) have no gold (not scored)",
                self.documents_without_gold
            )?;
        }
        for s in &self.skipped {
            writeln!(f, "  skipped {}: {}", s.source, s.reason)?;
        }
        for p in &self.manifest_problems {
            writeln!(f, "  manifest: {p}")?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<28} {:>8} {:>8} {:>8}",
            "identity (exact match)", "correct", "total", "rate"
        )?;
        for r in &self.identity {
            writeln!(
                f,
                "  {:<26} {:>8} {:>8} {:>8}",
                r.name,
                r.correct,
                r.total,
                fmt_opt(r.rate)
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<28} {:>6} {:>6} {:>6} {:>9} {:>8} {:>8}",
            "sets", "tp", "fp", "fn", "precision", "recall", "F1"
        )?;
        for p in &self.sets {
            writeln!(
                f,
                "  {:<26} {:>6} {:>6} {:>6} {:>9} {:>8} {:>8}",
                p.name,
                p.tp,
                p.fp,
                p.fn_,
                fmt_opt(p.precision),
                fmt_opt(p.recall),
                fmt_opt(p.f1)
            )?;
        }
        let rates = [
            ("task counts within ±10%", &self.task_counts),
            ("deadline kind", &self.deadline_kind),
            ("deadline start/end", &self.deadline_dates),
        ];
        if rates.iter().any(|(_, r)| r.is_some()) {
            writeln!(f)?;
            writeln!(
                f,
                "{:<28} {:>8} {:>8} {:>8}",
                "tasks", "correct", "total", "rate"
            )?;
            for (name, r) in rates {
                if let Some(r) = r {
                    writeln!(
                        f,
                        "  {:<26} {:>8} {:>8} {:>8}",
                        name,
                        r.correct,
                        r.total,
                        fmt_opt(r.rate)
                    )?;
                }
            }
        }
        if !self.mismatches.is_empty() {
            writeln!(f)?;
            writeln!(f, "identity mismatches:")?;
            for m in &self.mismatches {
                writeln!(f, "  {} {}:", m.document, m.field)?;
                writeln!(f, "      gold {}", short(&m.gold))?;
                writeln!(f, "      got  {}", short(&m.got))?;
            }
        }
        Ok(())
    }
}

/// One gold document paired with its extracted record (as JSON).
struct Pair<'a> {
    gold: &'a GoldDoc,
    source: String,
    got: Value,
}

/// Score the corpus at `corpus` against the gold at `gold` (a folder of
/// `*.json` records or a `.jsonl` file).
pub fn evaluate(corpus: &Path, gold: &Path) -> Result<Report, EvalError> {
    let golds = gold::load(gold)?;
    let discovery = crate::ingest::discover(corpus)?;
    let (manifest, problems) = Manifest::load(corpus)?;
    let sources: Vec<String> = discovery
        .files
        .iter()
        .map(|p| crate::ingest::relative(corpus, p))
        .collect();

    let mut report = Report {
        corpus: corpus.display().to_string(),
        gold: gold.display().to_string(),
        skipped: discovery.unlistable.clone(),
        manifest_problems: problems.iter().map(|p| p.to_string()).collect(),
        ..Report::default()
    };

    // Pair gold with corpus files.
    let mut wanted: Vec<(usize, String)> = Vec::new();
    for (i, g) in golds.iter().enumerate() {
        match gold::match_source(g, &sources) {
            Some(s) => wanted.push((i, s.clone())),
            None => report.gold_without_document.push(g.origin.clone()),
        }
    }
    let matched: std::collections::BTreeSet<&String> = wanted.iter().map(|(_, s)| s).collect();
    report.documents_without_gold = sources.iter().filter(|s| !matched.contains(s)).count();

    // Extract, in parallel over the available cores.
    let results = extract_all(corpus, &manifest, &wanted);
    let mut pairs = Vec::new();
    for ((gi, source), result) in wanted.iter().zip(results) {
        match result {
            Ok(got) => pairs.push(Pair {
                gold: &golds[*gi],
                source: source.clone(),
                got,
            }),
            Err(skipped) => report.skipped.push(skipped),
        }
    }
    report.documents = pairs.len();
    score_pairs(&pairs, &mut report);
    Ok(report)
}

fn extract_all(
    corpus: &Path,
    manifest: &Manifest,
    wanted: &[(usize, String)],
) -> Vec<Result<Value, Skipped>> {
    let one = |source: &String| -> Result<Value, Skipped> {
        let doc = crate::ingest::read(corpus, &corpus.join(source))?;
        let overrides = manifest.overrides_for(corpus, source);
        let processed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::pipeline::process(doc, overrides.as_ref())
        }))
        .map_err(|panic| Skipped {
            source: source.clone(),
            reason: crate::ingest::SkipReason::Internal(
                panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "extraction panicked".to_string()),
            ),
        })?;
        Ok(serde_json::to_value(&processed.record).unwrap_or(Value::Null))
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(wanted.len().max(1));
    if threads <= 1 {
        return wanted.iter().map(|(_, s)| one(s)).collect();
    }
    let chunk = wanted.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = wanted
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|(_, s)| one(s)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .zip(wanted.chunks(chunk))
            .flat_map(|(h, part)| {
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|(_, s)| {
                            Err(Skipped {
                                source: s.clone(),
                                reason: crate::ingest::SkipReason::Internal(
                                    "extraction thread panicked".to_string(),
                                ),
                            })
                        })
                        .collect()
                })
            })
            .collect()
    })
}

fn items(v: &Value, key: &str) -> Vec<Value> {
    v.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn doc_keys(v: &Value, key: &str) -> Vec<String> {
    items(v, key).iter().filter_map(score::doc_key).collect()
}

fn score_pairs(pairs: &[Pair<'_>], report: &mut Report) {
    let mut identity: Vec<Rate> = IDENTITY_FIELDS.iter().map(|f| Rate::new(f)).collect();
    let set_names = [
        "implements",
        "citations",
        "relations",
        "tasks",
        "task_organs",
    ];
    let mut sets: BTreeMap<&str, Prf> = BTreeMap::new();
    let mut task_counts = Rate::new("task counts within ±10%");
    let mut deadline_kind = Rate::new("deadline kind");
    let mut deadline_dates = Rate::new("deadline start/end");
    let mut any_task_counts = false;
    let mut any_deadlines = false;

    for pair in pairs {
        let g = &pair.gold.fields;
        let got = &pair.got;
        let doc = pair.source.clone();

        for (field, rate) in IDENTITY_FIELDS.iter().zip(identity.iter_mut()) {
            let Some(want) = g.get(*field) else { continue };
            let have = got.get(*field).cloned().unwrap_or(Value::Null);
            let ok = *want == have;
            rate.add(ok);
            if !ok {
                report.mismatches.push(Mismatch {
                    document: doc.clone(),
                    field: field.to_string(),
                    gold: want.clone(),
                    got: have,
                });
            }
        }

        let gold_v = Value::Object(g.clone());
        let mut add_set = |name: &'static str, want: Vec<String>, have: Vec<String>| {
            let prf = sets.entry(name).or_insert_with(|| Prf::new(name));
            let (missing, extra) = prf.add(&want, &have);
            if !missing.is_empty() || !extra.is_empty() {
                report.diffs.push(SetDiff {
                    document: doc.clone(),
                    set: name.to_string(),
                    missing,
                    extra,
                });
            }
        };
        for name in ["implements", "citations"] {
            if g.contains_key(name) {
                add_set(name, doc_keys(&gold_v, name), doc_keys(got, name));
            }
        }
        if g.contains_key("relations") {
            let keys = |v: &Value| -> Vec<String> {
                items(v, "relations")
                    .iter()
                    .map(score::relation_key)
                    .collect()
            };
            add_set("relations", keys(&gold_v), keys(got));
        }
        let got_tasks = items(got, "tasks");
        if g.contains_key("tasks") {
            let gold_tasks = items(&gold_v, "tasks");
            add_set(
                "tasks",
                gold_tasks.iter().map(score::task_key).collect(),
                got_tasks.iter().map(score::task_key).collect(),
            );
            // Counts per organ.
            let gc = score::counts(&gold_tasks.iter().map(score::organ_of).collect::<Vec<_>>());
            let hc = score::counts(&got_tasks.iter().map(score::organ_of).collect::<Vec<_>>());
            for (organ, n) in &gc {
                any_task_counts = true;
                let have = hc.get(organ).copied().unwrap_or(0);
                task_counts.add((have as f64 - *n as f64).abs() <= 0.1 * *n as f64);
            }
            // Deadlines of paired tasks.
            let pairing = score::align_tasks(&gold_tasks, &got_tasks);
            for (gt, partner) in gold_tasks.iter().zip(pairing) {
                any_deadlines = true;
                let other = partner.and_then(|i| got_tasks.get(i));
                let kind_ok =
                    other.is_some_and(|o| score::deadline_kind(o) == score::deadline_kind(gt));
                deadline_kind.add(kind_ok);
                let mut dates_ok = true;
                if let Some((start, end)) = score::deadline_dates(gt) {
                    if !start.is_null() || !end.is_null() {
                        dates_ok = other
                            .and_then(score::deadline_dates)
                            .is_some_and(|(s, e)| s == start && e == end);
                        deadline_dates.add(dates_ok);
                    }
                }
                if !kind_ok || !dates_ok {
                    let deadline = |v: &Value| v.get("deadline").cloned().unwrap_or(Value::Null);
                    report.deadline_diffs.push(DeadlineDiff {
                        document: doc.clone(),
                        organ: score::organ_of(gt),
                        section: gt
                            .get("section")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        text: gt
                            .get("text")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                        gold: deadline(gt),
                        got: other.map(deadline).unwrap_or(Value::Null),
                        paired: other.is_some(),
                    });
                }
            }
        }
        if let Some(Value::Object(organs)) = g.get("task_organs") {
            let mut want = Vec::new();
            for (organ, n) in organs {
                let n = n.as_u64().unwrap_or(0) as usize;
                want.extend(std::iter::repeat_n(organ.clone(), n));
                any_task_counts = true;
                let have = got_tasks
                    .iter()
                    .filter(|t| score::organ_of(t) == *organ)
                    .count();
                task_counts.add((have as f64 - n as f64).abs() <= 0.1 * n as f64);
            }
            let have: Vec<String> = got_tasks
                .iter()
                .map(score::organ_of)
                .filter(|o| o != "-")
                .collect();
            add_set("task_organs", want, have);
        }
    }

    for r in &mut identity {
        r.finish();
    }
    report.identity = identity.into_iter().filter(|r| r.total > 0).collect();
    report.sets = set_names
        .iter()
        .filter_map(|n| sets.remove(n))
        .map(|mut p| {
            p.finish();
            p
        })
        .collect();
    if any_task_counts {
        task_counts.finish();
        report.task_counts = Some(task_counts);
    }
    if any_deadlines {
        deadline_kind.finish();
        deadline_dates.finish();
        report.deadline_kind = Some(deadline_kind);
        if deadline_dates.total > 0 {
            report.deadline_dates = Some(deadline_dates);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, body: &str) {
        std::fs::write(dir.join(name), body).expect("write");
    }

    const DOC: &str = "TỈNH ỦY KIÊN GIANG\n*\nKiên Giang, ngày 22 tháng 3 năm 2022\nSố 60-KH/TU\n\nKẾ HOẠCH\nthực hiện Kết luận số 21-KL/TW\n___\nThực hiện Kết luận số 21-KL/TW, Ban Thường vụ Tỉnh ủy đề ra Kế hoạch như sau:\nI- MỤC ĐÍCH\nNội dung.\n";

    #[test]
    fn scores_only_the_fields_jsonl_gold_states() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("c");
        std::fs::create_dir_all(&corpus).expect("mkdir");
        write(&corpus, "a.txt", DOC);
        write(&corpus, "b.txt", DOC);
        let gold = dir.path().join("truth.jsonl");
        write(
            dir.path(),
            "truth.jsonl",
            concat!(
                r#"{"source": "c/a.txt", "number": "60-KH/TU", "province": "Kiên Giang", "date": "2022-03-22"}"#,
                "\n",
                r#"{"source": "b.txt", "number": "61-KH/TU", "task_organs": {"ban_tuyen_giao": 2}}"#,
                "\n",
                r#"{"source": "gone.txt", "number": "1-KH/TU"}"#,
                "\n"
            ),
        );
        let report = evaluate(&corpus, &gold).expect("evaluate");
        assert_eq!(report.documents, 2);
        assert_eq!(
            report.gold_without_document,
            vec!["truth.jsonl:3".to_string()]
        );
        let by_name: BTreeMap<&str, &Rate> = report
            .identity
            .iter()
            .map(|r| (r.name.as_str(), r))
            .collect();
        assert_eq!(by_name.len(), 3, "{:?}", report.identity);
        assert_eq!((by_name["number"].correct, by_name["number"].total), (1, 2));
        assert_eq!(by_name["province"].rate, Some(1.0));
        assert_eq!(by_name["date"].rate, Some(1.0));
        assert_eq!(report.mismatches.len(), 1);
        assert_eq!(report.mismatches[0].field, "number");
        // Task organs are stated for b; nothing is scored for the sets a gold
        // line does not mention.
        let names: Vec<&str> = report.sets.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["task_organs"]);
        let table = report.table();
        assert!(table.contains("number"), "{table}");
        assert!(table.contains("61-KH/TU"), "{table}");
    }

    #[test]
    fn missing_gold_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = evaluate(dir.path(), &dir.path().join("none.jsonl")).expect_err("no gold");
        assert!(matches!(err, EvalError::NoGold { .. }));
        write(
            dir.path(),
            "bad.jsonl",
            "{\"source\": \"a.txt\"}\nnot json\n",
        );
        let err = evaluate(dir.path(), &dir.path().join("bad.jsonl")).expect_err("bad gold");
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
