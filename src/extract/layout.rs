//! The layout of one document: its zones, found once and read by every stage.
//!
//! A document is read as a sequence of *cells*: the lines of the text, with a
//! line that a web page flattened into `|`-separated cells (ID-02) split into
//! its cells. Zones, in document order:
//!
//! - `furniture`: a legal database's metadata block (`Số hiệu: …`, ID-12), a
//!   related-documents list (`Văn bản liên quan:`, X-11) and a page title
//!   above them: not the document. The metadata is kept as [`Hints`].
//! - `header`: the agency lines, mottos, the `Số …` line and the place-date
//!   line, up to the type heading (ID-01 … ID-05).
//! - `title`: the type heading (`KẾ HOẠCH`, `QUYẾT ĐỊNH`) and the trích yếu
//!   under it, up to a rule, a blank line, an attached-to line, an authority
//!   line or the first grounds line.
//! - `attached`: `(Ban hành kèm theo Quyết định số …)` (ID-08, X-12).
//! - `authority`: a decision's `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X` line (ID-06).
//! - `lead`: a news lead that reports the document (ID-09 … ID-11), when the
//!   text opens with one instead of a header.
//! - `opening`: the grounds (`Căn cứ …;`) and the opening (`Thực hiện …`) up
//!   to the enacting words (`QUYẾT ĐỊNH:`) or the clause that issues the
//!   document (`… ban hành Kế hoạch … như sau:`), across full stops and line
//!   breaks (FORMS.md rule 13).
//! - `articles`: `Điều N.` of a decision, each with its range.
//! - `body`: everything after the opening, up to the signature or recipients.
//! - `signature` and `recipients` (`Nơi nhận:`, X-06).
//! - `attachment`: in a file holding a decision and the plan it issues (ID-07),
//!   the plan's own layout (title, attached-to line, opening, body).
//!
//! Invariants (tested): every range lies inside the text on char boundaries;
//! zones do not overlap and come in the order above; building a layout never
//! panics and is linear in the text (only the first lines are searched for a
//! header).

use std::ops::Range;

use crate::grammar::{grammar, phrases};
use crate::text::{Folded, Hit};

/// How many cells from the top are searched for the header and title.
const HEADER_CELLS: usize = 60;
/// How many cells after the title are searched for the end of the opening.
const OPENING_CELLS: usize = 40;

/// A line, or a `|` cell of one: byte ranges in the text and in its fold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub start: usize,
    pub end: usize,
    pub fstart: usize,
    pub fend: usize,
    /// Index of the physical line the cell is on.
    pub line: usize,
    /// The cell is one of several on its line.
    pub piped: bool,
}

impl Cell {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Values a page's metadata block gives (ID-12): used only to fill what the
/// document's own header leaves blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    pub number: Option<Range<usize>>,
    pub doc_type: Option<Range<usize>>,
    pub date: Option<Range<usize>>,
    pub signer: Option<Range<usize>>,
    pub place: Option<Range<usize>>,
}

/// One article of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub number: u32,
    /// The article, its `Điều N.` label included.
    pub range: Range<usize>,
    /// Where its text starts, after the label.
    pub text_start: usize,
}

/// The zones of a plan attached to a decision in the same file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attachment {
    pub title: Option<Range<usize>>,
    pub attached: Option<Range<usize>>,
    pub opening: Option<Range<usize>>,
    pub body: Range<usize>,
}

/// The zones of one document (byte ranges of the normalised text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub cells: Vec<Cell>,
    pub furniture: Vec<Range<usize>>,
    pub hints: Hints,
    /// First cell of the document proper (after furniture).
    pub first_cell: usize,
    pub header: Option<Range<usize>>,
    /// The cell holding the type heading.
    pub type_cell: Option<usize>,
    pub title: Option<Range<usize>>,
    pub attached: Option<Range<usize>>,
    pub authority: Option<Range<usize>>,
    pub lead: Option<Range<usize>>,
    pub opening: Option<Range<usize>>,
    /// The clause inside the opening that issues the document.
    pub issuing: Option<Range<usize>>,
    pub enacting: Option<Range<usize>>,
    pub articles: Vec<Article>,
    pub body: Range<usize>,
    pub signature: Option<Range<usize>>,
    pub recipients: Option<Range<usize>>,
    pub attachment: Option<Attachment>,
}

/// Where a header flattened onto one line (ID-03: `ỦY BAN NHÂN DÂN CỘNG HÒA …
/// TỈNH ĐIỆN BIÊN Độc lập - Tự do - Hạnh phúc Số: 1856/KH-UBND Điện Biên,
/// ngày … KẾ HOẠCH Triển khai …`) splits into cells: around the mottos, before
/// the number label, after the date, before a type heading in capitals.
/// Folded offsets relative to the line; empty when the line is not such a header.
fn header_splits(text: &str, folded: &Folded, a: usize, b: usize) -> Vec<usize> {
    let fr = folded.range(a, b);
    let f = &folded.as_str()[fr.clone()];
    let mottos = phrases("forms.motto").find_all(f);
    let labels: Vec<usize> = phrases("forms.number_label")
        .find_all(f)
        .into_iter()
        .filter(|h| {
            let after = f[h.end..].trim_start();
            after.starts_with(':') || after.starts_with(|c: char| c.is_ascii_digit())
        })
        .map(|h| h.start)
        .collect();
    if mottos.is_empty() || labels.is_empty() {
        return Vec::new();
    }
    let mut cuts: Vec<usize> = Vec::new();
    for h in &mottos {
        cuts.push(h.start);
        cuts.push(h.end);
    }
    cuts.extend(&labels);
    if let Some((_, d)) = crate::extract::identity::first_full_date(f) {
        cuts.push(d);
    }
    for h in grammar().doc_types.words().find_all(f) {
        let [x, y] = folded.orig_span(fr.start + h.start, fr.start + h.end);
        let w = &text[x..y];
        if w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        {
            cuts.push(h.start);
        }
    }
    cuts.retain(|&c| c > 0 && c < f.len());
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Split a text into cells: lines, and `|` cells of piped lines.
fn cells(text: &str, folded: &Folded) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut line_no = 0;
    let mut start = 0;
    let bytes = text.as_bytes();
    let push = |a: usize, b: usize, line: usize, piped: bool, out: &mut Vec<Cell>| {
        let s = &text[a..b];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        let (a, b) = if lead + trail >= s.len() {
            (a, a)
        } else {
            (a + lead, b - trail)
        };
        let r = folded.range(a, b);
        out.push(Cell {
            start: a,
            end: b,
            fstart: r.start,
            fend: r.end,
            line,
            piped,
        });
    };
    let mut i = 0;
    while i <= bytes.len() {
        if i == bytes.len() || bytes[i] == b'\n' {
            let line = &text[start..i];
            if line.contains('|') {
                let mut a = start;
                let mut any = false;
                for (k, _) in line.match_indices('|') {
                    let b = start + k;
                    if !text[a..b].trim().is_empty() {
                        push(a, b, line_no, true, &mut out);
                        any = true;
                    }
                    a = b + 1;
                }
                if !text[a..i].trim().is_empty() {
                    push(a, i, line_no, true, &mut out);
                    any = true;
                }
                if !any {
                    push(start, start, line_no, false, &mut out);
                }
            } else if line_no < 8 && i - start > 80 {
                let splits = header_splits(text, folded, start, i);
                if splits.is_empty() {
                    push(start, i, line_no, false, &mut out);
                } else {
                    let base = folded.pos(start);
                    let mut a = start;
                    for k in splits {
                        let b = folded.orig(base + k).clamp(a, i);
                        push(a, b, line_no, true, &mut out);
                        a = b;
                    }
                    push(a, i, line_no, true, &mut out);
                }
            } else {
                push(start, i, line_no, false, &mut out);
            }
            line_no += 1;
            start = i + 1;
        }
        i += 1;
    }
    out
}

/// Reading helpers over one document.
struct Reader<'a> {
    text: &'a str,
    folded: &'a Folded,
    cells: &'a [Cell],
}

impl<'a> Reader<'a> {
    fn f(&self, i: usize) -> &'a str {
        let c = &self.cells[i];
        self.folded.as_str().get(c.fstart..c.fend).unwrap_or("")
    }

    fn t(&self, i: usize) -> &'a str {
        let c = &self.cells[i];
        self.text.get(c.start..c.end).unwrap_or("")
    }

    fn blank(&self, i: usize) -> bool {
        self.cells[i].is_empty()
    }

    /// The cell's folded text without list marks and brackets at its start.
    fn head(&self, i: usize) -> (&'a str, usize) {
        let f = self.f(i);
        let skip = f
            .find(|c: char| c.is_ascii_alphanumeric())
            .unwrap_or(f.len());
        (&f[skip..], skip)
    }

    /// A class phrase at the start of the cell (after marks).
    fn starts(&self, i: usize, class: &str) -> Option<Hit<'static, ()>> {
        let (h, _) = self.head(i);
        phrases(class).at(h, 0)
    }

    /// The cell is written in capitals (at least two letters, none lower-case).
    fn caps(&self, i: usize) -> bool {
        let t = self.t(i);
        let mut letters = t.chars().filter(|c| c.is_alphabetic());
        let mut n = 0;
        for c in letters.by_ref() {
            if c.is_lowercase() {
                return false;
            }
            n += 1;
        }
        n >= 2
    }

    /// A separator rule (`-----`, `***`, `*`, `___`).
    fn rule(&self, i: usize) -> bool {
        let t = self.t(i);
        !t.is_empty()
            && t.chars()
                .all(|c| matches!(c, '-' | '*' | '_' | '=' | '–' | '—' | '.' | ' '))
    }

    fn words(&self, i: usize) -> usize {
        self.f(i).split(' ').filter(|w| !w.is_empty()).count()
    }

    /// The type a heading cell names: the cell is a type word (possibly with
    /// `số …` or a short tail, or glued / broken by a space: `K ÉT LUẬN`).
    fn type_heading(&self, i: usize) -> Option<crate::extract::record::DocType> {
        let (h, _) = self.head(i);
        if h.is_empty() || !self.caps(i) && self.words(i) > 4 {
            return None;
        }
        let types = grammar().doc_types.words();
        if let Some(hit) = types.at(h, 0) {
            let rest = h[hit.end..].trim();
            // `KẾ HOẠCH`, `KẾ HOẠCH LIÊN TỊCH`, `QUYẾT ĐỊNH`, or a caps heading
            // carrying its trích yếu on the same line.
            if rest.is_empty() || rest.starts_with(':') || self.caps(i) {
                return Some(*hit.value);
            }
            return None;
        }
        // Damaged: letters split by spaces or a lost hook (`K ÉT LUẬN`).
        if self.caps(i) && self.words(i) <= 4 {
            let squeezed: String = h.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
            for e in grammar().doc_types.entries() {
                for w in &e.words {
                    let sw: String = crate::text::fold(w)
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric())
                        .collect();
                    if squeezed == sw || near(&squeezed, &sw) {
                        return Some(e.doc_type);
                    }
                }
            }
        }
        None
    }
}

/// Equal but for one substituted letter (`ketluan` / `etluan` is not; `ketluan` /
/// `kctluan` is), for headings whose diacritics were damaged.
fn near(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.len() >= 6
        && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() <= 1
}

impl Layout {
    /// Find the zones of `text` (normalised) whose fold is `folded`.
    pub fn new(text: &str, folded: &Folded) -> Layout {
        let cells = cells(text, folded);
        let r = Reader {
            text,
            folded,
            cells: &cells,
        };
        let mut l = Layout {
            body: 0..text.len(),
            ..Layout::default()
        };
        l.furniture(&r);
        l.header_and_title(&r);
        l.opening(&r);
        l.end_matter(&r);
        l.articles(&r);
        l.body(&r, text.len());
        l.attachment(&r);
        l.cells = cells;
        l
    }

    /// Site metadata, related lists and the page title above them.
    fn furniture(&mut self, r: &Reader) {
        let n = r.cells.len().min(HEADER_CELLS);
        let mut last_meta: Option<usize> = None;
        let mut in_list = false;
        for i in 0..n {
            if r.blank(i) {
                in_list = false;
                continue;
            }
            let (h, _) = r.head(i);
            let key = [
                "forms.meta_number",
                "forms.meta_type",
                "forms.meta_date",
                "forms.meta_signer",
                "forms.meta_place",
                "forms.site_metadata",
            ]
            .into_iter()
            .find_map(|class| phrases(class).at(h, 0).map(|hit| (class, hit.end)));
            if let Some((class, end)) = key {
                if h[end..].trim_start().starts_with(':') {
                    last_meta = Some(i);
                    let c = &r.cells[i];
                    let colon = r.t(i).find(':').map_or(c.end, |k| c.start + k + 1);
                    let raw = &r.text[colon..c.end];
                    let vs = colon + (raw.len() - raw.trim_start().len());
                    let value = vs..vs + raw.trim().len();
                    let slot = match class {
                        "forms.meta_number" => &mut self.hints.number,
                        "forms.meta_type" => &mut self.hints.doc_type,
                        "forms.meta_date" => &mut self.hints.date,
                        "forms.meta_signer" => &mut self.hints.signer,
                        "forms.meta_place" => &mut self.hints.place,
                        _ => continue,
                    };
                    if slot.is_none() && !value.is_empty() {
                        *slot = Some(value);
                    }
                    continue;
                }
            }
            if phrases("forms.related_list").at(h, 0).is_some() {
                last_meta = Some(i);
                in_list = true;
                continue;
            }
            if in_list && r.t(i).starts_with(['-', '+', '•']) {
                last_meta = Some(i);
                continue;
            }
            in_list = false;
        }
        if let Some(last) = last_meta {
            let end = r.cells[last].end;
            // The page title above the block goes with it.
            self.furniture.push(0..end);
            self.first_cell = last + 1;
        }
    }

    /// The header block, the type heading and the title under it; or a news lead.
    fn header_and_title(&mut self, r: &Reader) {
        let n = r.cells.len();
        let limit = (self.first_cell + HEADER_CELLS).min(n);
        let mut type_cell = None;
        for i in self.first_cell..limit {
            if r.blank(i) || r.rule(i) {
                continue;
            }
            if r.type_heading(i).is_some() {
                type_cell = Some(i);
                break;
            }
            // Running text before any heading: the document has none.
            if !r.caps(i) && r.words(i) > 14 && !r.cells[i].piped {
                break;
            }
        }
        let first_text = (self.first_cell..n).find(|&i| !r.blank(i));
        let Some(t) = type_cell else {
            // No type heading: a news lead, or a fragment.
            if let Some(i) = first_text {
                // An opening sentence (`Thực hiện …, X ban hành Kế hoạch …`)
                // is not a news lead, though it names an issuing.
                let opening = r.starts_cell(i) || r.starts(i, "implements.history").is_some();
                if r.words(i) >= 8 && !r.caps(i) && !opening && is_lead(r, i) {
                    self.lead = Some(r.cells[i].range());
                }
            }
            // Without a type heading the header is the run of short cells up
            // to the last `Số …` or place-date line near the top.
            let short_run = (self.first_cell..limit.min(self.first_cell + 12))
                .take_while(|&i| r.blank(i) || r.words(i) <= 14)
                .last();
            let header_end = short_run.and_then(|last| {
                (self.first_cell..=last)
                    .rev()
                    .find(|&i| number_line(r, i) || is_dateline(r, i))
            });
            let header_end = header_end.or_else(|| {
                (self.first_cell..limit)
                    .take_while(|&i| r.blank(i) || r.rule(i) || is_header_cell(r, i))
                    .last()
            });
            if let (Some(a), Some(b)) = (first_text, header_end) {
                if a <= b {
                    self.header = Some(r.cells[a].start..r.cells[b].end);
                }
            }
            return;
        };
        self.type_cell = Some(t);
        if let Some(a) = first_text.filter(|&a| a < t) {
            let b = (a..t).rev().find(|&i| !r.blank(i)).unwrap_or(a);
            self.header = Some(r.cells[a].start..r.cells[b].end);
        }
        // The title: the type heading and the lines of trích yếu under it.
        let (end, i) = read_title(r, t);
        self.title = Some(r.cells[t].start..end);
        // Attached-to line, authority line, rules, in any order.
        let mut j = i;
        while j < n && j < i + 8 {
            if r.blank(j) || r.rule(j) {
                j += 1;
                continue;
            }
            if self.attached.is_none() && is_attached(r, j) {
                // The line may run over several cells until its `)`.
                let mut k = j;
                while k + 1 < n && !r.t(k).contains(')') && k < j + 5 {
                    k += 1;
                }
                self.attached = Some(r.cells[j].start..r.cells[k].end);
                j = k + 1;
                continue;
            }
            if self.authority.is_none() && is_authority(r, j) {
                self.authority = Some(r.cells[j].range());
                j += 1;
                continue;
            }
            break;
        }
    }

    /// The opening: grounds and `Thực hiện …` up to the enacting words or the
    /// issuing clause.
    fn opening(&mut self, r: &Reader) {
        let n = r.cells.len();
        let after = [&self.attached, &self.authority, &self.title, &self.lead]
            .iter()
            .filter_map(|z| z.as_ref().map(|z| z.end))
            .max()
            .or_else(|| self.header.as_ref().map(|h| h.end))
            .unwrap_or_else(|| self.furniture.last().map_or(0, |f| f.end));
        let Some(first) = (0..n).find(|&i| r.cells[i].start >= after && !r.blank(i) && !r.rule(i))
        else {
            return;
        };
        // A `I. CĂN CỨ …` section of dash items is grounds too (IM-04).
        let opens = |i: usize| {
            r.starts(i, "forms.grounds").is_some()
                || r.starts(i, "implements.openers").is_some()
                || r.starts(i, "implements.history").is_some()
                || is_grounds_heading(r, i)
        };
        let limit = (first + OPENING_CELLS).min(n);
        let mut start = None;
        for i in first..limit {
            if r.blank(i) || r.rule(i) {
                continue;
            }
            if opens(i)
                || self
                    .lead
                    .as_ref()
                    .is_some_and(|l| l.start == r.cells[i].start)
            {
                start = Some(i);
            }
            break;
        }
        // Without an opening phrase on its first line, only enacting words or
        // an issuing clause can close an opening: a fragment that starts
        // with its sections or items has none.
        let opened = start.is_some();
        let start = start.unwrap_or(first);
        let mut end_cell = None;
        for i in start..limit {
            if r.blank(i) {
                continue;
            }
            if r.starts(i, "forms.enacting").is_some() && r.words(i) <= 3 {
                self.enacting = Some(r.cells[i].range());
                end_cell = Some(i);
                break;
            }
            // A grounds item ending in `;` describes a cited document
            // (`Căn cứ Quyết định số … phê duyệt Đề án …;`): its verb is
            // not the document's own issuing (IM-04, IM-06). Without an
            // opening phrase, an issuing clause must close the opening (`…
            // như sau:`): `X yêu cầu … xây dựng kế hoạch …` in a fragment is
            // an assignment, not the issuing of the document.
            let list_item = r.t(i).trim_end().ends_with(';') || is_grounds_heading(r, i);
            if let Some(iss) =
                issuing_clause(r, i).filter(|_| !list_item && (opened || closes_opening(r, i)))
            {
                self.issuing = Some(iss);
                end_cell = Some(i);
                break;
            }
            if crate::parse::is_heading_line(r.t(i)) && i > start && !is_grounds_heading(r, i) {
                // A section heading ends a grounds list that had no issuing clause.
                if opened {
                    end_cell = (start..i).rev().find(|&k| !r.blank(k));
                }
                break;
            }
            if !opens(i) && !r.t(i).starts_with(['-', '+', '•']) && i > start {
                // A line that continues the previous clause (wrapped text) or
                // an issuing sentence of its own (IM-07) is still read; any
                // other running line ends a grounds-only opening.
                let prev_open = (start..i)
                    .rev()
                    .find(|&k| !r.blank(k))
                    .is_some_and(|k| !r.t(k).trim_end().ends_with([';', '.', ':']));
                if !prev_open && issuing_clause(r, i).is_none() {
                    if opened {
                        end_cell = (start..i).rev().find(|&k| !r.blank(k));
                    }
                    break;
                }
            }
        }
        let Some(e) = end_cell else {
            // An opening without an issuing clause in reach: the first cell
            // alone when it opens with a grounds or opener phrase.
            if opens(start) {
                let mut e = start;
                while e + 1 < limit && !r.blank(e + 1) && opens(e + 1) {
                    e += 1;
                }
                self.opening = Some(r.cells[start].start..r.cells[e].end);
            }
            return;
        };
        self.opening = Some(r.cells[start].start..r.cells[e].end);
    }

    /// Signature block and recipients.
    fn end_matter(&mut self, r: &Reader) {
        let n = r.cells.len();
        let from = self.opening.as_ref().map(|o| o.end).unwrap_or(0);
        // Recipients: the first `Nơi nhận` line after the opening, and its items.
        if let Some(i) = (0..n).find(|&i| {
            r.cells[i].start >= from
                && r.starts(i, "forms.recipients").is_some()
                && r.words(i) <= 12
        }) {
            let mut e = i;
            let mut k = i + 1;
            while k < n && k < i + 40 {
                let t = r.t(k);
                if r.blank(k) {
                    k += 1;
                    continue;
                }
                if t.starts_with(['-', '+', '•'])
                    || r.starts(k, "forms.recipients_item").is_some()
                    || r.words(k) <= 3 && !r.caps(k)
                {
                    e = k;
                    k += 1;
                    continue;
                }
                break;
            }
            self.recipients = Some(r.cells[i].start..r.cells[e].end);
        }
        // Signature: signature marks, offices in caps, then a name.
        let search_from = from;
        let mut sig: Option<(usize, usize)> = None;
        let mut i = 0;
        while i < n {
            if r.cells[i].start < search_from || r.blank(i) {
                i += 1;
                continue;
            }
            let mark = r.starts(i, "forms.signature_mark").is_some();
            let office = r.caps(i) && r.words(i) <= 6 && {
                let (h, _) = r.head(i);
                grammar().agency.offices.at(h, 0).is_some()
            };
            if mark || office {
                let mut e = i;
                let mut k = i + 1;
                while k < n && k <= e + 4 {
                    if r.blank(k) {
                        k += 1;
                        continue;
                    }
                    let is_office = r.caps(k) && r.words(k) <= 8;
                    let is_mark = r.starts(k, "forms.signature_mark").is_some();
                    let is_name = is_person_name(r.t(k));
                    if is_office || is_mark || is_name {
                        e = k;
                        k += 1;
                        if is_name {
                            break;
                        }
                        continue;
                    }
                    break;
                }
                if e > i || mark {
                    sig = Some((i, e));
                    break;
                }
            }
            i += 1;
        }
        if let Some((a, b)) = sig {
            self.signature = Some(r.cells[a].start..r.cells[b].end);
        }
    }

    /// `Điều N.` articles after the enacting words (or anywhere when a line
    /// opens with `Điều 1.`).
    fn articles(&mut self, r: &Reader) {
        let n = r.cells.len();
        let from = self
            .enacting
            .as_ref()
            .map(|e| e.end)
            .or_else(|| self.opening.as_ref().map(|o| o.start))
            .unwrap_or(0);
        let mut found: Vec<(u32, usize, usize)> = Vec::new();
        for i in 0..n {
            if r.cells[i].start < from {
                continue;
            }
            let (h, skip) = r.head(i);
            let Some(hit) = phrases("forms.article").at(h, 0) else {
                continue;
            };
            let rest = &h[hit.end..];
            let digits: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let Ok(num) = digits.parse::<u32>() else {
                continue;
            };
            let after = rest.trim_start()[digits.len()..].trim_start();
            if !(after.is_empty()
                || after.starts_with(['.', ':', '-', ')'])
                || after.starts_with(|c: char| c.is_ascii_alphabetic()))
            {
                continue;
            }
            // Number 1 starts a run (or the first article of a fragment that
            // begins later: `Điều 3. … chịu trách nhiệm thi hành`); later
            // numbers must follow it.
            let first_of_fragment = found.is_empty() && after.starts_with(['.', ':']);
            if num == 1 || first_of_fragment || found.last().is_some_and(|(p, _, _)| *p + 1 == num)
            {
                let c = &r.cells[i];
                let text_start = {
                    // After `Điều N.` and its separator.
                    let fpos = c.fstart + skip + hit.end;
                    let rest_f = &r.folded.as_str()[fpos..c.fend];
                    let lab = rest_f.len() - rest_f.trim_start().len() + digits.len();
                    let after_num = &rest_f[lab..];
                    let sep = after_num.len()
                        - after_num
                            .trim_start_matches(['.', ':', '-', ')'])
                            .trim_start()
                            .len();
                    r.folded.orig(fpos + lab + sep).min(c.end)
                };
                found.push((num, c.start, text_start));
            }
        }
        let stop = [&self.signature, &self.recipients]
            .iter()
            .filter_map(|z| z.as_ref().map(|z| z.start))
            .filter(|&s| found.first().is_some_and(|f| s > f.1))
            .min()
            .unwrap_or(r.text.len());
        for (k, (num, s, ts)) in found.iter().enumerate() {
            let e = found.get(k + 1).map_or(stop, |nx| nx.1).max(*ts);
            self.articles.push(Article {
                number: *num,
                range: *s..e,
                text_start: *ts,
            });
        }
    }

    fn body(&mut self, r: &Reader, len: usize) {
        let start = [
            &self.opening,
            &self.enacting,
            &self.attached,
            &self.authority,
            &self.title,
            &self.header,
        ]
        .iter()
        .filter_map(|z| z.as_ref().map(|z| z.end))
        .max()
        .unwrap_or_else(|| self.furniture.last().map_or(0, |f| f.end));
        let start = if self.lead.is_some() && self.opening.is_none() {
            self.lead.as_ref().map_or(start, |l| l.start)
        } else {
            start
        };
        let end = [&self.signature, &self.recipients]
            .iter()
            .filter_map(|z| z.as_ref().map(|z| z.start))
            .filter(|&s| s >= start)
            .min()
            .unwrap_or(len);
        let _ = r;
        self.body = start.min(end)..end;
    }

    /// A plan that follows its decision in the same file (ID-07).
    fn attachment(&mut self, r: &Reader) {
        let Some(t) = self.type_cell else { return };
        let decision = matches!(
            r.type_heading(t),
            Some(crate::extract::record::DocType::QuyetDinh)
        );
        if !decision {
            return;
        }
        let after = [&self.signature, &self.recipients]
            .iter()
            .filter_map(|z| z.as_ref().map(|z| z.end))
            .max();
        let Some(after) = after else { return };
        let n = r.cells.len();
        let Some(k) = (0..n).find(|&i| {
            r.cells[i].start >= after && r.caps(i) && r.words(i) <= 4 && r.type_heading(i).is_some()
        }) else {
            return;
        };
        let mut att = Attachment::default();
        let (end, mut i) = read_title(r, k);
        while i < n && i < k + 8 {
            if r.blank(i) || r.rule(i) {
                i += 1;
                continue;
            }
            if is_attached(r, i) {
                let mut e = i;
                while e + 1 < n && !r.t(e).contains(')') && e < i + 5 {
                    e += 1;
                }
                att.attached = Some(r.cells[i].start..r.cells[e].end);
                i = e + 1;
            }
            break;
        }
        att.title = Some(r.cells[k].start..end);
        let body_start = att.attached.as_ref().map_or(end, |a| a.end);
        // Its opening: the first cells after the title that open with a phrase.
        if let Some(o) = (i..n.min(i + 10)).find(|&j| !r.blank(j) && !r.rule(j)) {
            if r.starts_cell(o) && !r.blank(o) {
                let e = (o..n.min(o + OPENING_CELLS))
                    .find(|&j| issuing_clause(r, j).is_some())
                    .unwrap_or(o);
                att.opening = Some(r.cells[o].start..r.cells[e].end);
            }
        }
        att.body = body_start..r.text.len();
        self.attachment = Some(att);
        // The decision's own body ends where the plan starts.
        if self.body.end > r.cells[k].start {
            self.body.end = r.cells[k].start.max(self.body.start);
        }
    }

    /// The zones the tasks of the document may come from: the body, the
    /// articles and an attached plan's body.
    pub fn task_zones(&self) -> Vec<Range<usize>> {
        let mut z = vec![self.body.clone()];
        if let Some(a) = &self.attachment {
            z.push(a.body.clone());
        }
        for a in &self.articles {
            if !z
                .iter()
                .any(|r| r.start <= a.range.start && a.range.end <= r.end)
            {
                z.push(a.range.clone());
            }
        }
        z
    }

    /// Every zone found, by name, in document order (for `vanban extract
    /// --zones` and the invariant tests).
    pub fn zones(&self) -> Vec<(&'static str, Range<usize>)> {
        let mut out: Vec<(&'static str, Range<usize>)> = Vec::new();
        for f in &self.furniture {
            out.push(("furniture", f.clone()));
        }
        let named = [
            ("header", &self.header),
            ("title", &self.title),
            ("attached", &self.attached),
            ("authority", &self.authority),
            ("lead", &self.lead),
            ("opening", &self.opening),
            ("issuing", &self.issuing),
            ("enacting", &self.enacting),
        ];
        for (name, z) in named {
            if let Some(r) = z {
                out.push((name, r.clone()));
            }
        }
        for a in &self.articles {
            out.push(("article", a.range.clone()));
        }
        out.push(("body", self.body.clone()));
        for (name, z) in [
            ("signature", &self.signature),
            ("recipients", &self.recipients),
        ] {
            if let Some(r) = z {
                out.push((name, r.clone()));
            }
        }
        if let Some(a) = &self.attachment {
            for (name, z) in [
                ("attachment title", &a.title),
                ("attachment attached", &a.attached),
                ("attachment opening", &a.opening),
            ] {
                if let Some(r) = z {
                    out.push((name, r.clone()));
                }
            }
            out.push(("attachment body", a.body.clone()));
        }
        out.sort_by_key(|(_, r)| r.start);
        out
    }

    /// True when `offset` lies in page furniture.
    pub fn in_furniture(&self, offset: usize) -> bool {
        self.furniture.iter().any(|f| f.contains(&offset))
    }
}

impl Reader<'_> {
    fn starts_cell(&self, i: usize) -> bool {
        self.starts(i, "implements.openers").is_some() || self.starts(i, "forms.grounds").is_some()
    }
}

/// The end (byte) of the title that starts with type heading `t`, and the
/// first cell after it: the lines of trích yếu under the heading, up to a
/// blank line, a rule, an attached-to line, grounds, a heading, an authority
/// line or the enacting words. The first line under the heading is the
/// trích yếu even when it opens `Thực hiện …`, unless it is the opening
/// sentence itself.
fn read_title(r: &Reader, t: usize) -> (usize, usize) {
    let n = r.cells.len();
    let mut end = r.cells[t].end;
    let mut last = t;
    let mut i = t + 1;
    let mut title_lines = 0;
    while i < n && title_lines < 6 {
        if r.blank(i) {
            i += 1;
            continue;
        }
        let stop = |i: usize, title_lines: usize| {
            // An opener starts the opening sentence, not a wrapped title
            // line, when it is capitalised after the first title line, or
            // issues the document in a sentence that closes (`… như sau:`;
            // a first line `Triển khai Chương trình …` is the trích yếu), or
            // ends in `:`, or runs long without the attached-to line
            // (`(Kèm theo Quyết định số …)`) after it.
            let capital = r.t(i).chars().next().is_some_and(char::is_uppercase);
            let closes = r.t(i).trim_end().ends_with(':') || r.f(i).contains("nhu sau");
            let attached_next = (i + 1..n.min(i + 3))
                .find(|&k| !r.blank(k))
                .is_some_and(|k| is_attached(r, k));
            let opener = r.starts(i, "implements.openers").is_some()
                && (title_lines > 0 && capital
                    || closes && issuing_clause(r, i).is_some()
                    || r.t(i).trim_end().ends_with(':')
                    || r.words(i) > 60 && !attached_next);
            r.rule(i)
                || is_attached(r, i)
                || r.starts(i, "forms.grounds").is_some()
                || opener
                || crate::parse::is_heading_line(r.t(i))
                || is_authority(r, i)
                || r.starts(i, "forms.enacting").is_some() && r.t(i).trim_end().ends_with(':')
                // A long running sentence after the first title line (a
                // wrapped trích yếu goes on in lower case).
                || title_lines > 0 && capital && r.words(i) > 45
        };
        if stop(i, title_lines) {
            break;
        }
        // A blank line inside the trích yếu: the title goes on only when the
        // line before it did not end a sentence and this one does not either.
        let gap = (last + 1..i).any(|k| r.blank(k));
        if gap && title_lines > 0 {
            let prev_open = !r.t(last).trim_end().ends_with(['.', ':', ';']);
            let this_open = !r.t(i).trim_end().ends_with(['.', ':', ';']);
            if !(prev_open && this_open && r.words(i) <= 40) {
                break;
            }
        }
        end = r.cells[i].end;
        last = i;
        title_lines += 1;
        i += 1;
    }
    (end, last + 1)
}

/// `(Ban hành kèm theo Quyết định …)`.
fn is_attached(r: &Reader, i: usize) -> bool {
    let f = r.f(i).trim_start_matches(['(', ' ', '"']);
    phrases("forms.attached").at(f, 0).is_some()
}

/// `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X`, `ỦY BAN NHÂN DÂN TỈNH X`,
/// `THỦ TƯỚNG CHÍNH PHỦ`: a caps agency line between a decision's title and
/// its grounds.
fn is_authority(r: &Reader, i: usize) -> bool {
    if !r.caps(i) || r.words(i) > 14 {
        return false;
    }
    // `ỦY BAN NHÂN DÂN TỈNH …`, or a committee alone (`TỈNH ỦY`).
    r.starts(i, "forms.authority").is_some()
        || r.words(i) <= 6 && {
            let f = r.f(i);
            grammar()
                .agency
                .place_words
                .ending_at(f, f.len())
                .is_some_and(|h| h.value.committee)
        }
}

/// `I. CĂN CỨ XÂY DỰNG KẾ HOẠCH` (IM-04).
fn is_grounds_heading(r: &Reader, i: usize) -> bool {
    if !crate::parse::is_heading_line(r.t(i)) {
        return false;
    }
    let (h, _) = r.head(i);
    // Skip the label (`i.`, `1.`).
    let h = h.split_once(' ').map_or("", |(_, rest)| rest);
    phrases("forms.grounds").at(h, 0).is_some()
}

/// A header cell: agency, motto, number, place-date, rule, `*`.
fn is_header_cell(r: &Reader, i: usize) -> bool {
    // A labelled section heading (`III. NHIỆM VỤ`) is the body, not a header.
    if crate::parse::is_heading_line(r.t(i)) && !r.cells[i].piped {
        return false;
    }
    header_caps(r, i)
        || number_line(r, i)
        || r.starts(i, "forms.motto").is_some()
        || is_dateline(r, i)
        || r.cells[i].piped && r.words(i) <= 12 && line_has_header_cell(r, i)
}

/// An agency line in capitals; a one-word caps cell of a piped line (`| TT |
/// Nội dung |`) is a table's, not a header's.
fn header_caps(r: &Reader, i: usize) -> bool {
    r.caps(i) && (r.words(i) >= 2 || !r.cells[i].piped)
}

/// Another cell of cell `i`'s line is a header cell by its own words (caps,
/// number, motto, place-date): a flattened header, not a table row.
fn line_has_header_cell(r: &Reader, i: usize) -> bool {
    let line = r.cells[i].line;
    let near = i.saturating_sub(8)..(i + 8).min(r.cells.len());
    near.filter(|&k| r.cells[k].line == line && !r.blank(k))
        .any(|k| {
            header_caps(r, k)
                || number_line(r, k)
                || r.starts(k, "forms.motto").is_some()
                || is_dateline(r, k)
        })
}

/// A `Số: 1487/KH-UBND` / `Số 74-KH/TU` line: the label followed by a colon
/// or a number, or the `/` of a number left blank (`Số    /KH-UBND`); `Sở Y
/// tế …` folds the same as `Số` and is not one.
fn number_line(r: &Reader, i: usize) -> bool {
    let (h, _) = r.head(i);
    r.starts(i, "forms.number_label").is_some_and(|hit| {
        let rest = h[hit.end..].trim_start();
        rest.starts_with([':', '/']) || rest.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// A place-date line: `<place>, ngày D tháng M năm Y` (a date after a comma).
fn is_dateline(r: &Reader, i: usize) -> bool {
    let f = r.f(i);
    r.words(i) <= 14
        && crate::extract::identity::first_full_date(f)
            .is_some_and(|(k, _)| f[..k].trim_end().ends_with(','))
}

/// A news lead: reports that a body issued, signed or introduces a document.
fn is_lead(r: &Reader, i: usize) -> bool {
    let f = r.f(i);
    phrases("forms.news_lead").contains_in(f, 0..f.len())
        || phrases("implements.issuing").contains_in(f, 0..f.len())
            && grammar().doc_types.words().contains_in(f, 0..f.len())
            && phrases("forms.number_word").contains_in(f, 0..f.len())
}

/// The clause of cell `i` that issues the document: an issuing verb followed
/// (within a few words) by a type word or `như sau`, or a line ending `như sau:`.
fn issuing_clause(r: &Reader, i: usize) -> Option<Range<usize>> {
    let c = &r.cells[i];
    let f = r.f(i);
    let verbs = phrases("implements.issuing").find_all(f);
    let types = grammar().doc_types.words();
    for v in verbs.iter().rev() {
        let after = &f[v.end..];
        let window_end = after
            .char_indices()
            .filter(|(_, ch)| *ch == ' ')
            .nth(8)
            .map_or(after.len(), |(k, _)| k);
        let window = &after[..window_end];
        let as_follows = phrases("forms.as_follows");
        let typed = types.at(window.trim_start(), 0).is_some()
            || as_follows.at(window.trim_start(), 0).is_some();
        let closes =
            as_follows.contains_in(after, 0..after.len()) || after.trim_end().ends_with(':');
        // The clause starts at the subject before the verb: back to the last
        // comma (or the cell start).
        let cut = f[..v.start].rfind([',', ';', '.']).map_or(0, |k| k + 1);
        // Without `như sau` the clause must have a body of its own as subject
        // (`…, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch …`), not be part of a
        // cited document's description (`… của Thủ tướng ban hành Kế hoạch …`).
        let subject = f[cut..v.start].trim();
        let a = r.folded.orig(c.fstart + cut);
        let capital = r.text[a..c.end]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let own_subject = capital
            && !phrases("forms.of").contains_in(subject, 0..subject.len())
            && names_body(subject);
        if typed && (closes || own_subject) {
            return Some(a.max(c.start)..c.end);
        }
    }
    let end = f.trim_end().trim_end_matches(':');
    if f.trim_end().ends_with(':')
        && phrases("forms.as_follows")
            .ending_at(end, end.len())
            .is_some()
        && f.len() < 400
    {
        return Some(c.range());
    }
    None
}

/// Folded `s` names a body: an agency word or a committee (`… ủy`).
fn names_body(s: &str) -> bool {
    let a = &grammar().agency;
    !a.organ_words.find_all(s).is_empty()
        || a.place_words.find_all(s).iter().any(|h| h.value.committee)
}

/// A line that ends an opening: `… như sau:` or any line ending with `:`.
fn closes_opening(r: &Reader, i: usize) -> bool {
    r.f(i).contains("nhu sau") || r.t(i).trim_end().ends_with(':')
}

/// A person's name line: 2-6 capitalised words, no digits.
fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(|c| c.is_uppercase()) && cs.all(|c| c.is_alphabetic())
        })
        && !words.iter().all(|w| w.chars().all(|c| !c.is_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(text: &str) -> Layout {
        Layout::new(text, &Folded::new(text))
    }

    fn zone<'a>(text: &'a str, z: &Option<Range<usize>>) -> &'a str {
        z.as_ref().map_or("", |r| &text[r.clone()])
    }

    #[test]
    fn state_header_decision_and_attached_plan() {
        let text = "ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\n-------\nSố: 1840/QĐ-UBND\nBình Thuận, ngày 19 tháng 8 năm 2020\nQUYẾT ĐỊNH\nBan hành Kế hoạch thực hiện Kết luận số 80-KL/TW ngày 20/6/2020 của Ban Bí thư\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\nXét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 1166/TTr-SNV ngày 10/8/2020,\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Kết luận số 80-KL/TW.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nPhan Văn Đăng\n\nKẾ HOẠCH\nThực hiện Kết luận số 80-KL/TW ngày 20/6/2020 của Ban Bí thư\n(Ban hành kèm theo Quyết định số 1840/QĐ-UBND ngày 19/8/2020 của Chủ tịch UBND tỉnh)\nI. MỤC ĐÍCH\n";
        let l = layout(text);
        assert!(zone(text, &l.header).starts_with("ỦY BAN"));
        assert!(zone(text, &l.header).ends_with("năm 2020"));
        assert!(zone(text, &l.title).starts_with("QUYẾT ĐỊNH\nBan hành"));
        assert_eq!(zone(text, &l.authority), "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH");
        assert!(zone(text, &l.opening).starts_with("Căn cứ Luật"));
        assert_eq!(zone(text, &l.enacting), "QUYẾT ĐỊNH:");
        assert_eq!(l.articles.len(), 2);
        assert!(text[l.articles[0].text_start..].starts_with("Ban hành kèm theo"));
        assert!(zone(text, &l.signature).starts_with("KT. CHỦ TỊCH"));
        assert!(zone(text, &l.signature).ends_with("Phan Văn Đăng"));
        let att = l.attachment.as_ref().expect("attached plan");
        assert!(zone(text, &att.title).starts_with("KẾ HOẠCH\nThực hiện"));
        assert!(zone(text, &att.attached).starts_with("(Ban hành kèm theo"));
    }

    #[test]
    fn party_plan_opening_ends_at_the_issuing_clause() {
        let text = "TỈNH ỦY NGHỆ AN\n*\nSố 318 -KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nNghệ An, ngày 06 tháng 3 năm 2025\nKẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n-----\nThực hiện Nghị quyết số 06-NQ/TW ngày 24/01/2022 của Bộ Chính trị; Chương trình hành động số 31-CTr/TU.\n\nỦy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n";
        let l = layout(text);
        assert!(zone(text, &l.title).starts_with("KẾ HOẠCH\nthực hiện"));
        let o = zone(text, &l.opening);
        assert!(o.starts_with("Thực hiện Nghị quyết"), "{o}");
        assert!(o.ends_with("như sau:"), "{o}");
        assert!(text[l.body.clone()].trim_start().starts_with("I. MỤC ĐÍCH"));
    }

    #[test]
    fn pipes_metadata_and_related_lists_are_furniture() {
        let text = "Văn bản liên quan:\n- 1Chỉ thị 23-CT/TW năm 2023 tăng cường\nỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 95/KH-UBND | Bắc Kạn, ngày 14 tháng 3 năm 2024 |\nKẾ HOẠCH\nThực hiện Quyết định số 173/QĐ-BGTVT\n";
        let l = layout(text);
        assert_eq!(l.furniture.len(), 1);
        assert!(text[l.furniture[0].clone()].ends_with("tăng cường"));
        assert!(zone(text, &l.header).starts_with("ỦY BAN NHÂN DÂN"));
        assert!(zone(text, &l.title).starts_with("KẾ HOẠCH"));
        let meta = "Số hiệu: 45/KH-UBND\nLoại văn bản: Kế hoạch\nNgày ban hành: 11/03/2020\n\nỦY BAN NHÂN DÂN\nSố: 45/KH-UBND\nKẾ HOẠCH\n";
        let l = layout(meta);
        assert_eq!(
            &meta[l.hints.date.clone().expect("date hint")],
            "11/03/2020"
        );
        assert_eq!(&meta[l.hints.number.clone().expect("number")], "45/KH-UBND");
    }

    #[test]
    fn news_leads_and_damaged_headings() {
        let text = "Ngày 14/3/2019, Ban Thường vụ Tỉnh ủy Quảng Nam đã ban hành Kế hoạch số 97-KH/TU thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương.";
        let l = layout(text);
        assert_eq!(zone(text, &l.lead), text);
        let text = "TỈNH ỦY THỪA THIÊN HUẾ\nSố 512-KL/TU\nK ÉT LUẬN\nC ỦA BAN THƯỜNG VỤ TỈNH ỦY\nvề tiếp tục thực hiện Nghị quyết số 03-NQ/TU\n";
        let l = layout(text);
        assert!(zone(text, &l.title).starts_with("K ÉT LUẬN"));
    }

    /// Fragments that start with their sections, items, articles or a task
    /// table have no header and no opening: all of them is body.
    #[test]
    fn fragments_are_body() {
        for text in [
            "III. NHIỆM VỤ\n3. Văn phòng Tỉnh ủy (thực hiện năm 2024)\n- Việc thứ nhất.\n",
            "Sở Giáo dục và Đào tạo phối hợp với Tỉnh đoàn tổ chức cuộc thi.",
            "- Sở Khoa học và Công nghệ chủ trì xây dựng danh mục nhiệm vụ.",
            "Ban Thường vụ Tỉnh ủy yêu cầu các huyện ủy xây dựng kế hoạch triển khai, hoàn thành trước ngày 30/4/2020.",
            "| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n| 1 | Tổ chức hội nghị | Ban Tuyên giáo Tỉnh ủy | Các cơ quan liên quan | Tháng 7/2023 |",
        ] {
            let l = layout(text);
            assert_eq!((&l.header, &l.opening), (&None, &None), "{text}");
            assert_eq!(l.body, 0..text.len(), "{text}");
        }
        // A decision's execution article, cut out of its decision.
        let text = "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế chịu trách nhiệm thi hành Quyết định này./.";
        let l = layout(text);
        assert_eq!(l.articles.len(), 1);
        assert_eq!(l.articles[0].number, 3);
        assert!(text[l.articles[0].text_start..].starts_with("Chánh Văn phòng"));
        // Headers keep their number line and caps agency lines.
        let text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 215/KH-UBND | Cao Bằng, ngày 03 tháng 02 năm 2024 |\nKẾ HOẠCH\nThực hiện Chỉ thị số 23-CT/TW\n";
        let l = layout(text);
        assert!(zone(text, &l.header).contains("Số: 215/KH-UBND"));
    }

    #[test]
    fn an_opening_sentence_is_not_a_news_lead() {
        let text = "Thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị, Ban Thường vụ Thành ủy ban hành Kế hoạch thực hiện như sau:\nI. MỤC ĐÍCH\n";
        let l = layout(text);
        assert_eq!(l.lead, None);
        assert!(zone(text, &l.opening).starts_with("Thực hiện Nghị quyết"));
        assert!(zone(text, &l.issuing).contains("ban hành Kế hoạch"));
        let text = "Những năm qua, thực hiện Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương, công tác dân vận đã có nhiều đổi mới.\nThực hiện Kết luận số 114-KL/TW, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:\n";
        let l = layout(text);
        assert_eq!(l.lead, None);
        assert!(zone(text, &l.opening).starts_with("Những năm qua"));
    }

    #[test]
    fn a_long_title_above_its_attached_to_line() {
        let long = "về tiếp tục phát huy vai trò của Nhân dân trong đấu tranh ".repeat(8);
        let text = format!("KẾ HOẠCH\nTriển khai thực hiện Công văn số 2323-CV/TU {long}\n(Kèm theo Quyết định số 2772/QĐ-UBND ngày 06/12/2023 của UBND tỉnh)\n\nThực hiện Công văn số 2323-CV/TU; Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n");
        let l = layout(&text);
        assert!(zone(&text, &l.title).starts_with("KẾ HOẠCH\nTriển khai"));
        assert!(zone(&text, &l.attached).starts_with("(Kèm theo"));
        assert!(zone(&text, &l.opening).starts_with("Thực hiện Công văn"));
    }

    #[test]
    fn a_first_line_naming_an_object_is_the_title() {
        let text = "KẾ HOẠCH\nTriển khai Chương trình Sức khỏe Việt Nam trên địa bàn tỉnh Bắc Giang\nThực hiện Quyết định số 1092/QĐ-TTg ngày 02/9/2018 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai như sau:\n";
        let l = layout(text);
        assert!(zone(text, &l.title).ends_with("tỉnh Bắc Giang"));
        assert!(zone(text, &l.opening).starts_with("Thực hiện Quyết định"));
    }

    #[test]
    fn grounds_items_describing_a_document_do_not_end_the_opening() {
        let text = "Căn cứ Quyết định số 2145/QĐ-TTg ngày 23/11/2016 của Thủ tướng Chính phủ phê duyệt Đề án “Giáo dục”;\nCăn cứ Kế hoạch số 5520/KH-BVHTTDL ngày 02/12/2016 của Bộ Văn hóa, Thể thao và Du lịch;\nỦy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Đề án trên địa bàn tỉnh như sau:\n";
        let l = layout(text);
        assert!(zone(text, &l.opening).ends_with("như sau:"));
        assert!(zone(text, &l.issuing).starts_with("Ủy ban nhân dân tỉnh ban hành"));
        let text = "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH\n- Nghị quyết số 05-NQ/TU ngày 18/10/2021 của Ban Chấp hành Đảng bộ tỉnh;\n- Kế hoạch số 76/KH-UBND ngày 20/12/2021 của UBND huyện.\nII. MỤC ĐÍCH, YÊU CẦU\n";
        let l = layout(text);
        assert_eq!(l.header, None);
        assert!(zone(text, &l.opening).starts_with("I. CĂN CỨ"));
        assert!(zone(text, &l.opening).ends_with("UBND huyện."));
    }

    #[test]
    fn never_panics_and_ranges_hold() {
        let samples = [
            "",
            "\n\n|||\n",
            "Điều 1.\nĐiều 2.\nNơi nhận:\n- Như trên;",
            "KẾ HOẠCH\n(Ban hành kèm theo\nQuyết định",
            "Số hiệu:\nVăn bản liên quan:\n-\n",
            "QUYẾT ĐỊNH\nQUYẾT ĐỊNH:\nĐiều 1\u{2028}x\nKT. CHỦ TỊCH\n",
        ];
        for s in samples {
            let l = layout(s);
            let all: Vec<Range<usize>> = l.zones().into_iter().map(|(_, r)| r).collect();
            for r in all {
                assert!(r.start <= r.end && r.end <= s.len(), "{s:?} {r:?}");
                assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            }
        }
    }
}
