//! The question ([`TaskQuery`]) and the answer ([`TaskResult`]) of the task store.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub use crate::extract::Deadline;
use crate::extract::{Evidence, Role};

use super::TaskError;

/// Tasks returned when a query sets no limit through the API.
pub const DEFAULT_LIMIT: usize = 1000;
/// The largest page a query may ask for.
pub const MAX_LIMIT: usize = 100_000;

/// How the answer is grouped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One group per province; documents with no known province form the `null` group.
    Province,
    /// One group per organ key; tasks of the issuing body itself form the `null` group.
    Organ,
    /// One group per document (the default: no grouping beyond documents).
    #[default]
    Document,
}

impl GroupBy {
    /// The slug used on the command line and in the API.
    pub fn slug(self) -> &'static str {
        match self {
            GroupBy::Province => "province",
            GroupBy::Organ => "organ",
            GroupBy::Document => "document",
        }
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for GroupBy {
    type Err = TaskError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "province" => Ok(GroupBy::Province),
            "organ" => Ok(GroupBy::Organ),
            "document" | "doc" => Ok(GroupBy::Document),
            other => Err(TaskError::InvalidParameter {
                name: "group_by".into(),
                message: format!("`{other}` is not one of province, organ, document"),
            }),
        }
    }
}

/// A task question. Every filter is optional; filters combine with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskQuery {
    /// An organ key (`ban_tuyen_giao`) or any alias (`Ban Tuyên giáo`, `ban tuyen giao`).
    pub organ: Option<String>,
    /// Full text over the task text (with or without diacritics).
    pub q: Option<String>,
    /// A province as written or folded (`Kiên Giang`, `kien giang`); `null` (or
    /// `unknown`) selects documents whose province is not known.
    pub province: Option<String>,
    /// A document id (`000_1ea4fda105d58d5d`) or number (`60-KH/TU`).
    pub document: Option<String>,
    /// Tasks whose deadline interval ends on or after this day.
    pub due_from: Option<NaiveDate>,
    /// Tasks whose deadline interval starts on or before this day.
    pub due_to: Option<NaiveDate>,
    pub group_by: GroupBy,
    /// Skip this many tasks (in answer order) before the first one returned.
    pub offset: usize,
    /// Return at most this many tasks (groups and counts always cover every match);
    /// `None`: all of them.
    pub limit: Option<usize>,
}

/// Parse a `due_from`/`due_to` value: an ISO date (`2022-03-31`), month
/// (`2022-03`) or year (`2022`). A month or year means its first day when
/// `end` is false and its last day when `end` is true.
pub fn parse_due(value: &str, end: bool) -> Result<NaiveDate, String> {
    let v = value.trim();
    let bad = || format!("`{v}` is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)");
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str, len: usize| -> Result<u32, String> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let year = num(parts.first().copied().unwrap_or(""), 4)? as i32;
    let date = match parts.as_slice() {
        [_] if end => NaiveDate::from_ymd_opt(year, 12, 31),
        [_] => NaiveDate::from_ymd_opt(year, 1, 1),
        [_, m] => {
            let month = num(m, 2)?;
            let first = NaiveDate::from_ymd_opt(year, month, 1);
            if end {
                first.and_then(|d| {
                    let (y, m) = if month == 12 {
                        (d.year() + 1, 1)
                    } else {
                        (d.year(), month + 1)
                    };
                    NaiveDate::from_ymd_opt(y, m, 1).and_then(|n| n.pred_opt())
                })
            } else {
                first
            }
        }
        [_, m, d] => NaiveDate::from_ymd_opt(year, num(m, 2)?, num(d, 2)?),
        _ => None,
    };
    date.ok_or_else(bad)
}

/// One task in an answer, with the document it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskHit {
    /// Id of the document (`000_1ea4fda105d58d5d`).
    pub document: String,
    pub source: String,
    pub province: Option<String>,
    /// Section path (`IV.7`).
    pub section: Option<String>,
    /// The heading text of that section.
    pub heading: Option<String>,
    pub text: String,
    pub deadline: Option<Deadline>,
    pub role: Role,
    /// The body as written; `None` for the issuing body's own tasks.
    pub assignee: Option<String>,
    /// Canonical organ key.
    pub organ: Option<String>,
    pub evidence: Option<Evidence>,
}

/// One document of a group and its matching tasks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskDocument {
    pub id: String,
    pub source: String,
    pub number: Option<String>,
    pub title: Option<String>,
    pub province: Option<String>,
    pub date: Option<NaiveDate>,
    /// Matching tasks of this document (also those not returned on this page).
    pub task_count: usize,
    pub tasks: Vec<TaskHit>,
}

/// One group of the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskGroup {
    /// Province, organ key or document id; `None` (`null`) when unknown.
    pub key: Option<String>,
    /// Matching tasks in the group (all of them, not only this page).
    pub task_count: usize,
    /// Documents with matching tasks in the group.
    pub document_count: usize,
    /// The documents that have tasks on this page, in order.
    pub documents: Vec<TaskDocument>,
}

/// The answer to a [`TaskQuery`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskResult {
    pub group_by: GroupBy,
    /// The organ keys the `organ` filter resolved to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organs: Option<Vec<String>>,
    /// Matching tasks.
    pub total: usize,
    /// Tasks on this page.
    pub returned: usize,
    pub offset: usize,
    /// True when matching tasks were left off this page.
    pub truncated: bool,
    /// Groups with at least one match (for document grouping: only those on this page).
    pub groups: Vec<TaskGroup>,
    /// How to fix a `null` province group, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl TaskResult {
    /// Every returned task, in answer order.
    pub fn tasks(&self) -> impl Iterator<Item = &TaskHit> {
        self.groups
            .iter()
            .flat_map(|g| g.documents.iter())
            .flat_map(|d| d.tasks.iter())
    }

    /// The returned tasks as CSV: a UTF-8 byte-order mark (so spreadsheet
    /// programs read the Vietnamese right), a header row ([`CSV_HEADER`]),
    /// one row per task with its full text and evidence.
    pub fn to_csv(&self) -> Result<String, TaskError> {
        let mut sink = CsvSink::new(Vec::new())?;
        for g in &self.groups {
            for d in &g.documents {
                sink.document(g.key.as_deref(), d)?;
            }
        }
        let bytes = sink.finish()?;
        String::from_utf8(bytes).map_err(|e| TaskError::Write(format!("CSV not UTF-8: {e}")))
    }
}

/// The byte-order mark every task CSV starts with.
pub const CSV_BOM: &str = "\u{feff}";

/// Writes task CSV row by row (for answers streamed from [`super::TaskStore::walk`]).
pub struct CsvSink<W: std::io::Write> {
    w: csv::Writer<W>,
}

fn csv_err(e: csv::Error) -> TaskError {
    TaskError::Write(format!("CSV: {e}"))
}

impl<W: std::io::Write> CsvSink<W> {
    /// Write the byte-order mark and the header row.
    pub fn new(mut out: W) -> Result<Self, TaskError> {
        out.write_all(CSV_BOM.as_bytes())
            .map_err(|e| csv_err(e.into()))?;
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CSV_HEADER).map_err(csv_err)?;
        Ok(CsvSink { w })
    }

    /// One row per task of `d`, in group `group`.
    pub fn document(&mut self, group: Option<&str>, d: &TaskDocument) -> Result<(), TaskError> {
        let date = |x: Option<NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
        for t in &d.tasks {
            let dl = t.deadline.as_ref();
            let ev = t.evidence.as_ref();
            self.w
                .write_record([
                    group.unwrap_or(""),
                    &d.id,
                    &d.source,
                    d.number.as_deref().unwrap_or(""),
                    d.province.as_deref().unwrap_or(""),
                    t.section.as_deref().unwrap_or(""),
                    t.heading.as_deref().unwrap_or(""),
                    t.organ.as_deref().unwrap_or(""),
                    t.assignee.as_deref().unwrap_or(""),
                    t.role.slug(),
                    &t.text,
                    dl.map(|d| d.raw.as_str()).unwrap_or(""),
                    dl.map(deadline_kind_slug).unwrap_or(""),
                    &date(dl.and_then(|d| d.start)),
                    &date(dl.and_then(|d| d.end)),
                    ev.map(|e| e.sentence.as_str()).unwrap_or(""),
                    &ev.map(|e| e.span[0].to_string()).unwrap_or_default(),
                    &ev.map(|e| e.span[1].to_string()).unwrap_or_default(),
                ])
                .map_err(csv_err)?;
        }
        Ok(())
    }

    /// Flush and hand back the writer.
    pub fn finish(self) -> Result<W, TaskError> {
        self.w
            .into_inner()
            .map_err(|e| TaskError::Write(format!("CSV: {e}")))
    }
}

/// Columns of the task CSV: the group, the document, the task (full text),
/// its deadline, and its evidence (the sentence and its byte span in the
/// document's normalised text; the section is the `section` column).
pub const CSV_HEADER: [&str; 18] = [
    "group",
    "document",
    "source",
    "number",
    "province",
    "section",
    "heading",
    "organ",
    "assignee",
    "role",
    "text",
    "deadline",
    "deadline_kind",
    "deadline_start",
    "deadline_end",
    "evidence_sentence",
    "evidence_start",
    "evidence_end",
];

/// The slug of a deadline's kind (`month`).
pub(crate) fn deadline_kind_slug(d: &Deadline) -> &'static str {
    use crate::extract::DeadlineKind as K;
    match d.kind {
        K::Date => "date",
        K::Month => "month",
        K::Quarter => "quarter",
        K::Half => "half",
        K::Year => "year",
        K::Range => "range",
        K::Recurring => "recurring",
        K::Conditional => "conditional",
        K::Term => "term",
    }
}

/// One canonical organ key in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganSummary {
    pub key: String,
    /// The names the documents write it as, most frequent first.
    pub aliases_seen: Vec<String>,
    pub task_count: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, as end?, expected ISO date or None for an error)
    const DUE: &[(&str, bool, Option<&str>)] = &[
        ("2022-03-31", false, Some("2022-03-31")),
        (" 2022-03-31 ", true, Some("2022-03-31")),
        ("2022-03", false, Some("2022-03-01")),
        ("2022-03", true, Some("2022-03-31")),
        ("2024-02", true, Some("2024-02-29")),
        ("2022-12", true, Some("2022-12-31")),
        ("2022", false, Some("2022-01-01")),
        ("2022", true, Some("2022-12-31")),
        ("2022-13-01", false, None),
        ("2022-02-30", false, None),
        ("2022-3-1", false, None),
        ("22-03-01", false, None),
        ("31/03/2022", false, None),
        ("", false, None),
        ("2022-03-31T00:00", false, None),
        ("２０２２", false, None),
    ];

    #[test]
    fn parses_due_dates() {
        for (input, end, want) in DUE {
            let got = parse_due(input, *end).ok().map(|d| d.to_string());
            assert_eq!(got.as_deref(), *want, "case {input:?} end={end}");
        }
    }

    #[test]
    fn parses_group_by() {
        const CASES: &[(&str, Option<GroupBy>)] = &[
            ("province", Some(GroupBy::Province)),
            ("Organ", Some(GroupBy::Organ)),
            ("document", Some(GroupBy::Document)),
            ("doc", Some(GroupBy::Document)),
            ("tỉnh", None),
            ("", None),
        ];
        for (input, want) in CASES {
            assert_eq!(input.parse::<GroupBy>().ok(), *want, "case {input:?}");
        }
    }
}
