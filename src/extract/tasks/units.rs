//! Units: the items tasks come from.
//!
//! Lines of the layout's task zones (a plan's body, a decision's articles,
//! the plan attached to a decision) become units: numbered paragraphs
//! (outline sections with running text), bullets, paragraphs, an article's
//! text after its `Điều N.` label, and rows of task tables (`| TT | Nội dung
//! | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |`, T-15). A line that
//! continues the one above (lower-case start, a `(1)` sub-item) extends its
//! unit; a line that is only a time statement (`Thời gian: Quý II năm 2012.`)
//! dates the sub-item above it or, standing alone, its section.

use std::collections::HashMap;
use std::ops::Range;

use super::{schedule, Ctx};
use crate::extract::record::Deadline;
use crate::extract::Doc;
use crate::parse::{self, Outline};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Numbered,
    Bullet,
    Paragraph,
    Row,
}

/// The cells of a task-table row that decide (original byte ranges).
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub lead: Option<Range<usize>>,
    pub support: Option<Range<usize>>,
    pub time: Option<Range<usize>>,
    pub content: Option<Range<usize>>,
    /// The lead column says `chủ trì` (else its bodies are responsible).
    pub lead_is_lead: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub start: usize,
    pub end: usize,
    pub kind: UnitKind,
    pub depth: u8,
    pub row: Option<Row>,
}

impl Unit {
    pub fn new(start: usize, end: usize, kind: UnitKind, depth: u8) -> Unit {
        Unit {
            start,
            end,
            kind,
            depth,
            row: None,
        }
    }
}

/// Innermost-section lookup in O(log n) (sections are nested intervals in
/// text order).
pub(crate) struct SectionIndex {
    starts: Vec<usize>,
}

impl SectionIndex {
    pub fn new(outline: &Outline) -> SectionIndex {
        SectionIndex {
            starts: outline.sections.iter().map(|s| s.start).collect(),
        }
    }

    /// Index of the innermost section containing `offset`.
    pub fn at(&self, outline: &Outline, offset: usize) -> Option<usize> {
        let k = self.starts.partition_point(|&s| s <= offset);
        let mut i = k.checked_sub(1)?;
        loop {
            let s = outline.sections.get(i)?;
            if s.start <= offset && offset < s.end {
                return Some(i);
            }
            i = s.parent?;
        }
    }
}

/// The document's outline, with the sections of a plan attached after its
/// decision's recipients (ID-07), which the document outline stops before.
pub(crate) fn outline_of(doc: &Doc<'_>) -> Outline {
    let mut o = doc.outline.clone();
    let Some(att) = &doc.layout.attachment else {
        return o;
    };
    let body = att.body.clone();
    if body.is_empty() || o.sections.iter().any(|s| s.start >= body.start) {
        return o;
    }
    for s in &mut o.sections {
        s.end = s.end.min(body.start).max(s.start);
    }
    let base = o.sections.len();
    let sub = Outline::parse(doc.text.get(body.clone()).unwrap_or(""));
    for mut s in sub.sections {
        s.start += body.start;
        s.end += body.start;
        s.text_start += body.start;
        s.heading_end += body.start;
        s.parent = s.parent.map(|p| p + base);
        o.sections.push(s);
    }
    o
}

/// True when `offset` lies in one of the document's task zones.
pub(crate) fn in_zones(doc: &Doc<'_>, offset: usize) -> bool {
    doc.layout
        .task_zones()
        .iter()
        .any(|z| z.start <= offset && offset < z.end)
}

/// A table header: which column is which.
#[derive(Debug, Clone, Default)]
struct Columns {
    lead: Option<usize>,
    support: Option<usize>,
    time: Option<usize>,
    content: Option<usize>,
    lead_is_lead: bool,
}

/// The `|` cells of line `[ls, le)`: trimmed, non-empty original ranges.
fn pipe_cells(text: &str, ls: usize, le: usize) -> Vec<Range<usize>> {
    let line = &text[ls..le];
    let mut out = Vec::new();
    let mut a = 0;
    for (k, _) in line
        .match_indices('|')
        .chain(std::iter::once((line.len(), "")))
    {
        let cell = &line[a..k];
        let lead = cell.len() - cell.trim_start().len();
        let t = cell.trim();
        if !t.is_empty() {
            out.push(ls + a + lead..ls + a + lead + t.len());
        }
        a = (k + 1).min(line.len());
    }
    out
}

/// A table header line: the columns its cells name.
fn header(ctx: &Ctx, cells: &[Range<usize>]) -> Option<Columns> {
    let mut c = Columns::default();
    let mut named = 0;
    for (i, r) in cells.iter().enumerate() {
        let fa = ctx.skip_ws(ctx.fpos(r.start), ctx.fpos(r.end));
        let w = ctx.w;
        if ctx.at(w.table_lead, fa).is_some() && c.lead.is_none() {
            c.lead = Some(i);
            c.lead_is_lead = w.lead_role.contains_in(ctx.hay, fa..ctx.fpos(r.end));
            named += 1;
        } else if ctx.at(w.table_support, fa).is_some() && c.support.is_none() {
            c.support = Some(i);
            named += 1;
        } else if ctx.at(w.table_time, fa).is_some() && c.time.is_none() {
            c.time = Some(i);
            named += 1;
        } else if ctx.at(w.table_content, fa).is_some() && c.content.is_none() {
            c.content = Some(i);
            named += 1;
        }
    }
    (named >= 2 && c.lead.is_some()).then_some(c)
}

/// The units of the task zones, in text order, and the time lines that
/// stand alone (offset, deadline).
pub(crate) fn build(
    ctx: &Ctx,
    doc: &Doc<'_>,
    outline: &Outline,
    zones: &[Range<usize>],
) -> (Vec<Unit>, Vec<(usize, Deadline)>) {
    let text = ctx.text;
    let sections: HashMap<usize, usize> = outline
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.start, i))
        .collect();
    let articles: HashMap<usize, usize> = doc
        .layout
        .articles
        .iter()
        .map(|a| (a.range.start, a.text_start))
        .collect();
    let mut units: Vec<Unit> = Vec::new();
    let mut standalone: Vec<(usize, Deadline)> = Vec::new();
    let mut open = false;
    let mut skip_until = 0;
    // Whether the last line added to the open unit was a `(n)` sub-item, and
    // where the previous non-blank line ended.
    let mut sub_item = false;
    let mut prev_end = usize::MAX - 1;
    let mut table: Option<Columns> = None;
    for (ls, le) in parse::lines(text) {
        let inside = zones.iter().any(|z| z.start <= ls && ls < z.end);
        if !inside || le <= skip_until {
            continue;
        }
        let line = &text[ls..le];
        let blank = line.trim().is_empty();
        let line_before = prev_end;
        let after_sub_item = sub_item;
        if !blank {
            prev_end = le;
            sub_item = false;
        }
        // The previous non-blank line is the line just above.
        let adjacent = text
            .get(line_before..ls)
            .is_some_and(|gap| gap.matches('\n').count() == 1);
        // Task tables.
        if line.contains('|') {
            let cells = pipe_cells(text, ls, le);
            if let Some(c) = header(ctx, &cells) {
                table = Some(c);
                open = false;
                continue;
            }
            if let Some(c) = &table {
                if cells.iter().all(|r| {
                    text[r.clone()]
                        .chars()
                        .all(|ch| matches!(ch, '-' | ':' | ' '))
                }) {
                    continue;
                }
                if cells.len() >= 2 {
                    let cell = |i: Option<usize>| i.and_then(|i| cells.get(i).cloned());
                    let row = Row {
                        lead: cell(c.lead),
                        support: cell(c.support),
                        time: cell(c.time),
                        content: cell(c.content),
                        lead_is_lead: c.lead_is_lead,
                    };
                    units.push(Unit {
                        start: ls,
                        end: le,
                        kind: UnitKind::Row,
                        depth: 1,
                        row: Some(row),
                    });
                    open = false;
                    continue;
                }
            }
        } else if !blank {
            table = None;
        }
        let lead_ws = line.len() - line.trim_start().len();
        if let Some(&i) = sections.get(&ls) {
            let s = &outline.sections[i];
            if s.inline {
                units.push(Unit::new(s.text_start, le, UnitKind::Numbered, 0));
                open = true;
            } else {
                skip_until = s.heading_end;
                open = false;
            }
            continue;
        }
        let t = line.trim();
        if t.is_empty() || t.chars().all(|c| matches!(c, '*' | '-' | '_' | '.' | '=')) {
            continue;
        }
        // A decision's article: its text after `Điều N.`.
        if let Some(&ts) = articles.get(&(ls + lead_ws)) {
            if ts < le {
                units.push(Unit::new(ts, le, UnitKind::Paragraph, 1));
                open = true;
            } else {
                open = false;
            }
            continue;
        }
        if parse::is_bullet_line(line) {
            let marker = line.trim_start().chars().next().unwrap_or('-');
            let start = ls + lead_ws + marker.len_utf8();
            let start = start + (text[start..le].len() - text[start..le].trim_start().len());
            units.push(Unit::new(
                start,
                le,
                UnitKind::Bullet,
                if marker == '+' { 2 } else { 1 },
            ));
            open = true;
            continue;
        }
        let first_char = t.trim_start_matches(['*', '_']).chars().next();
        let continuation = first_char.is_some_and(|c| c.is_lowercase())
            || (t.starts_with('(') && t.chars().nth(1).is_some_and(|c| c.is_ascii_digit()));
        if continuation && open {
            if let Some(u) = units.last_mut() {
                u.end = le;
            }
            sub_item = t.starts_with('(');
            continue;
        }
        let start = ls + lead_ws;
        if let Some(d) = schedule::time_sentence(ctx, ctx.fpos(start), ctx.fpos(le)) {
            // The time line of a numbered sub-item (`(1) Hội nghị …` then
            // `Thời gian hai ngày (27, 28/3/2012).`) dates that item only.
            let follows_sub_item = after_sub_item && adjacent;
            match units.last_mut() {
                Some(u) if open && follows_sub_item => u.end = le,
                _ => standalone.push((start, d)),
            }
            continue;
        }
        units.push(Unit::new(start, le, UnitKind::Paragraph, 1));
        open = true;
    }
    (units, standalone)
}

/// Split a bullet at a bracketed deadline followed by a new sentence or
/// clause on the same line (`… (thực hiện hằng năm); trước mắt, … (quý
/// I/2022)`), and between two actions joined by `và`, each with its own
/// schedule clause.
pub(crate) fn split_parts(ctx: &Ctx, u: &Unit) -> Vec<(usize, usize)> {
    if u.kind == UnitKind::Numbered {
        return vec![(u.start, u.end)];
    }
    let text = ctx.text;
    let (fa, fb) = (ctx.fpos(u.start), ctx.fpos(u.end));
    let mut cuts = Vec::new();
    for (_, pe, _) in schedule::parens(ctx, fa, fb) {
        let rest = text.get(pe..u.end).unwrap_or("");
        let line_rest = rest.split('\n').next().unwrap_or("");
        let trimmed = line_rest.trim_start_matches([' ', '*']);
        let Some(after) = trimmed.strip_prefix(['.', ';']) else {
            continue;
        };
        let after_t = after.trim_start();
        if after_t.chars().count() < 15 {
            continue;
        }
        // `after_t` is a suffix of the first line of `rest`.
        let cut = pe + (line_rest.len() - after_t.len());
        if ctx.at(ctx.w.split_blocker, ctx.fpos(cut)).is_some() {
            continue;
        }
        cuts.push(cut);
    }
    // Two actions joined by `và`, each with its own schedule clause:
    // `báo cáo tiến độ vào ngày 20 hằng tháng và báo cáo kết quả … trước ngày 30/4`.
    let clauses = schedule::split_clauses(ctx, fa, fb);
    for pair in clauses.windows(2) {
        let (e, next) = (pair[0].1, pair[1].0);
        let gap = ctx.fs(e, next);
        if !gap.starts_with(" va ") {
            continue;
        }
        let cut = ctx.orig(e + 4);
        let orig_after = text.get(cut..ctx.orig(next)).unwrap_or("");
        if orig_after.contains(['.', ';', '\n'])
            || !orig_after.chars().next().is_some_and(char::is_lowercase)
        {
            continue;
        }
        cuts.push(cut);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut parts = Vec::new();
    let mut a = u.start;
    for c in cuts {
        if c > a && c < u.end {
            parts.push((a, c));
            a = c;
        }
    }
    parts.push((a, u.end));
    parts
}
