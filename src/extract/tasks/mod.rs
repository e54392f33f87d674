//! Task assignments: who must do what, by when.
//!
//! The stage reads a [`Doc`] (its folded view, layout zones and outline) and
//! the document's [`Identity`] (date for dates without a year, level,
//! issuer), and every word that decides anything comes from the grammar
//! tables (`src/grammar/tasks.toml`, `organs.toml`, `deadlines.toml`). One
//! job per file:
//!
//! - [`units`]: the items tasks come from: bullets, numbered paragraphs,
//!   paragraphs and decision articles in the layout's task zones, rows of
//!   task tables (T-15), with time lines attached;
//! - [`subject`]: lists of bodies: the subject of an item (`Giao X`, `X:`,
//!   `X yêu cầu Y`, `X được giao`), headings that name bodies, partners after
//!   `phối hợp với`, the bodies of an execution article (T-01);
//! - [`roles`]: lead, support, responsible (R1-R3), who is the assignee after
//!   `chỉ đạo` (rule 32), bracketed `(X chủ trì …)`;
//! - [`schedule`]: the time phrase that governs an item (brackets, time
//!   lines, lead-ins, schedule clauses, triggered phrases, heading deadlines);
//! - [`deadline`]: a time phrase → [`Deadline`](crate::extract::record::Deadline);
//! - [`organs`]: the organ table and its matcher.
//!
//! Rules (record.md "Tasks" and FORMS.md rules 28-41):
//! - an item under a heading that names bodies gives each body a task; an item
//!   that opens with one of those bodies as its subject narrows it to them;
//! - an item or sentence whose subject is a list of bodies gives each body a
//!   task, wherever it stands (a plan's sections, a decision's articles, a
//!   paragraph of a news item); a list broken by something that is not a
//!   body, or addressed to everyone, gives none;
//! - `chủ trì` makes the subject `lead`, bodies after `phối hợp (với)` are
//!   `support`; a subjectless item opening `Phối hợp với X` makes the heading
//!   body `support` and X the implied `lead` (R2); a written subject without
//!   `chủ trì` is `responsible` (R3);
//! - objects of an assignee's `chỉ đạo/hướng dẫn/đôn đốc`, reporting channels
//!   and recipients are never assignees;
//! - items of a schedule with no doer are the issuing body's own tasks:
//!   assignee and organ null;
//! - a bullet holding two separately-dated actions is split in two;
//! - sections about the situation, aims and requirements hold no tasks.
//!
//! Invariants (tested): never panics on any input; spans lie inside the text
//! on char boundaries; every deadline has start ≤ end; linear in the text (the
//! folded view is built once, by [`Doc`]).

pub mod deadline;
pub mod organs;
mod roles;
mod schedule;
mod subject;
mod units;

pub use organs::{generated_key, organ_table, OrganMatch, OrganTable};

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::record::{Deadline, Evidence, IssuerLevel, Role, Task};
use super::Doc;
use super::Identity;
use crate::grammar::phrases;
use crate::text::{Folded, PhraseSet};
use organs::Hit;
use subject::List;
use units::{Unit, UnitKind};

/// The phrase classes of `tasks.toml`, looked up once.
pub(crate) struct Words {
    pub lead_role: &'static PhraseSet<()>,
    pub support_role: &'static PhraseSet<()>,
    pub together: &'static PhraseSet<()>,
    pub assign: &'static PhraseSet<()>,
    pub request: &'static PhraseSet<()>,
    pub issuer_direct: &'static PhraseSet<()>,
    pub direct: &'static PhraseSet<()>,
    pub passive: &'static PhraseSet<()>,
    pub passive_aux: &'static PhraseSet<()>,
    pub execute: &'static PhraseSet<()>,
    pub not_predicate: &'static PhraseSet<()>,
    pub filler: &'static PhraseSet<()>,
    pub list_joiner: &'static PhraseSet<()>,
    pub everyone: &'static PhraseSet<()>,
    pub place_unit: &'static PhraseSet<()>,
    pub predicate_verb: &'static PhraseSet<()>,
    pub heading_lead: &'static PhraseSet<()>,
    pub clause_opener: &'static PhraseSet<()>,
    pub non_task_heading: &'static PhraseSet<()>,
    pub self_reference: &'static PhraseSet<()>,
    pub split_blocker: &'static PhraseSet<()>,
    pub table_lead: &'static PhraseSet<()>,
    pub table_support: &'static PhraseSet<()>,
    pub table_time: &'static PhraseSet<()>,
    pub table_content: &'static PhraseSet<()>,
    pub level_wide_huyen: &'static PhraseSet<()>,
    pub level_wide_xa: &'static PhraseSet<()>,
    pub time_paren: &'static PhraseSet<()>,
    pub time_paren_not: &'static PhraseSet<()>,
    pub time_label: &'static PhraseSet<()>,
    pub responsible_role: &'static PhraseSet<()>,
    pub time_part: &'static PhraseSet<()>,
    pub time_sentence: &'static PhraseSet<()>,
    pub time_lead: &'static PhraseSet<()>,
    pub time_clause_lead: &'static PhraseSet<()>,
    pub schedule_trigger: &'static PhraseSet<()>,
}

pub(crate) static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let p = phrases;
    Words {
        lead_role: p("tasks.lead_role"),
        support_role: p("tasks.support_role"),
        together: p("tasks.together"),
        assign: p("tasks.assign"),
        request: p("tasks.request"),
        issuer_direct: p("tasks.issuer_direct"),
        direct: p("tasks.direct"),
        passive: p("tasks.passive"),
        passive_aux: p("tasks.passive_aux"),
        execute: p("tasks.execute"),
        not_predicate: p("tasks.not_predicate"),
        filler: p("tasks.filler"),
        list_joiner: p("tasks.list_joiner"),
        everyone: p("tasks.everyone"),
        place_unit: p("tasks.place_unit"),
        predicate_verb: p("tasks.predicate_verb"),
        heading_lead: p("tasks.heading_lead"),
        clause_opener: p("tasks.clause_opener"),
        non_task_heading: p("tasks.non_task_heading"),
        self_reference: p("tasks.self_reference"),
        split_blocker: p("tasks.split_blocker"),
        table_lead: p("tasks.table_lead"),
        table_support: p("tasks.table_support"),
        table_time: p("tasks.table_time"),
        table_content: p("tasks.table_content"),
        level_wide_huyen: p("tasks.level_wide_huyen"),
        level_wide_xa: p("tasks.level_wide_xa"),
        time_paren: p("tasks.time_paren"),
        time_paren_not: p("tasks.time_paren_not"),
        time_label: p("tasks.time_label"),
        responsible_role: p("tasks.responsible_role"),
        time_part: p("tasks.time_part"),
        time_sentence: p("tasks.time_sentence"),
        time_lead: p("tasks.time_lead"),
        time_clause_lead: p("tasks.time_clause_lead"),
        schedule_trigger: p("tasks.schedule_trigger"),
    }
});

/// What every step of the stage reads: the document and its identity.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub f: &'a Folded,
    /// The folded text.
    pub hay: &'a str,
    pub table: &'static OrganTable,
    pub w: &'static Words,
    /// The issuing document's level (from its header, else read off the
    /// bodies its text names).
    pub doc_level: Option<IssuerLevel>,
    /// The issuer is a people's committee (state side): a level-wide
    /// assignment (`Đối với cấp huyện:`) goes to the lower committees.
    pub state_issuer: bool,
    /// The issuer's organ key, when the table knows it.
    pub issuer_key: Option<String>,
    /// The document date: the year of dates written without one.
    pub date: Option<NaiveDate>,
}

impl<'a> Ctx<'a> {
    /// Folded position of original offset `orig`.
    pub fn fpos(&self, orig: usize) -> usize {
        self.f.pos(orig)
    }

    /// Original offset of folded position `fp`.
    pub fn orig(&self, fp: usize) -> usize {
        self.f.orig(fp)
    }

    /// Folded text of folded range `[a, b)` (empty when out of bounds).
    pub fn fs(&self, a: usize, b: usize) -> &'a str {
        let b = b.min(self.hay.len());
        self.hay.get(a.min(b)..b).unwrap_or("")
    }

    /// Skip spaces and marks (`*`, `_`, `"`) at folded `p`, up to `end`.
    pub fn skip_ws(&self, mut p: usize, end: usize) -> usize {
        let b = self.hay.as_bytes();
        while p < end && p < b.len() && matches!(b[p], b' ' | b'_' | b'"' | b'\'') {
            p += 1;
        }
        p
    }

    /// The first original char at or after folded `p`.
    pub fn char_at(&self, p: usize) -> Option<char> {
        self.text.get(self.orig(p)..)?.chars().next()
    }

    /// A grammar class phrase starting at folded `p`: its folded end.
    pub fn at(&self, set: &PhraseSet<()>, p: usize) -> Option<usize> {
        set.at(self.hay, p).map(|h| h.end)
    }

    /// A phrase of grammar class `class` at folded `p`, written with its
    /// diacritics (`cần`, not `căn`): for short words whose folds collide.
    pub fn at_written(&self, class: &str, p: usize) -> Option<usize> {
        let c = crate::grammar::grammar().class(class);
        let e = c.set.at(self.hay, p)?.end;
        self.written(class, p, e).then_some(e)
    }

    /// True when folded `[a, b)` is written as one of `class`'s phrases,
    /// diacritics included (`Sở`, not `số`), and capitals too when the phrase
    /// has any (`Phòng Nội vụ`, not `phòng, chống`).
    pub fn written(&self, class: &str, a: usize, b: usize) -> bool {
        let c = crate::grammar::grammar().class(class);
        let [s, e] = self.f.orig_span(a, b);
        let Some(w) = self.text.get(s..e) else {
            return false;
        };
        c.phrases.iter().any(|p| {
            if p.chars().any(char::is_uppercase) {
                p == w
            } else {
                p.to_lowercase() == w.to_lowercase()
            }
        })
    }

    /// The key of a body hit relative to the document's level.
    pub fn key_of(&self, h: &Hit) -> Option<String> {
        let k = h.key.as_ref()?;
        Some(self.table.relative_key(k, h.level, self.doc_level))
    }
}

/// The tasks a document assigns, in text order.
pub fn extract(doc: &Doc<'_>, identity: &Identity) -> Vec<Task> {
    let table = organ_table();
    let w: &'static Words = &WORDS;
    let issuer_key = identity
        .issuer
        .as_deref()
        .and_then(|i| table.resolve(i))
        .map(|m| m.key);
    let zones = doc.layout.task_zones();
    let mut ctx = Ctx {
        text: doc.text,
        f: &doc.folded,
        hay: doc.folded.as_str(),
        table,
        w,
        doc_level: identity.issuer_level,
        state_issuer: issuer_key.as_deref() == Some("ubnd"),
        issuer_key,
        date: identity.date,
    };
    if ctx.doc_level.is_none() {
        ctx.doc_level = infer_level(&ctx, &zones);
    }
    Stage::new(&ctx, doc, &zones).run()
}

/// The level of a document whose header does not say: the highest level its
/// task zones name (`Ban Tuyên giáo Huyện ủy` and no `Tỉnh ủy` → huyện).
fn infer_level(ctx: &Ctx, zones: &[std::ops::Range<usize>]) -> Option<IssuerLevel> {
    let names = |class: &str| {
        zones.iter().any(|z| {
            let r = ctx.f.range(z.start, z.end);
            crate::grammar::phrases(class)
                .find_in(ctx.hay, r)
                .iter()
                .any(|h| ctx.written(class, h.start, h.end))
        })
    };
    if names("tasks.level_tinh") {
        Some(IssuerLevel::Tinh)
    } else if names("tasks.level_huyen") {
        Some(IssuerLevel::Huyen)
    } else if names("tasks.level_xa") {
        Some(IssuerLevel::Xa)
    } else {
        None
    }
}

/// The section a unit belongs to, for tasks: an outline section, or a
/// decision's article (`Điều 3`).
#[derive(Debug, Clone, Default)]
struct Place {
    sec: Option<usize>,
    path: Option<String>,
    heading: Option<String>,
}

/// One run of the stage over a document.
struct Stage<'c, 'a> {
    ctx: &'c Ctx<'a>,
    doc: &'c Doc<'a>,
    units: Vec<Unit>,
    /// Time lines standing alone: (offset, deadline).
    standalone: Vec<(usize, Deadline)>,
    heading_bodies: Vec<Option<List>>,
    heading_deadline: Vec<Option<Deadline>>,
    descriptive: Vec<bool>,
    /// The document's outline and an attached plan's.
    outline: crate::parse::Outline,
    index: units::SectionIndex,
}

impl<'c, 'a> Stage<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, doc: &'c Doc<'a>, zones: &[std::ops::Range<usize>]) -> Self {
        let outline = units::outline_of(doc);
        let index = units::SectionIndex::new(&outline);
        let (units, standalone) = units::build(ctx, doc, &outline, zones);
        let n = outline.sections.len();
        let mut s = Stage {
            ctx,
            doc,
            units,
            standalone,
            heading_bodies: vec![None; n],
            heading_deadline: vec![None; n],
            descriptive: vec![false; n],
            outline,
            index,
        };
        s.read_headings();
        s
    }

    /// Per section: bodies named by the heading, a deadline stated by it,
    /// whether it describes rather than assigns; title lines that are
    /// assignments become items.
    fn read_headings(&mut self) {
        let ctx = self.ctx;
        let outline = &self.outline;
        for (i, s) in outline.sections.iter().enumerate() {
            let (fa, fb) = (ctx.fpos(s.text_start), ctx.fpos(s.heading_end));
            if !s.inline {
                self.heading_bodies[i] = subject::whole_list(ctx, fa, fb);
                let h = ctx.text.get(s.text_start..s.heading_end).unwrap_or("");
                self.heading_deadline[i] = schedule::parens(ctx, fa, fb)
                    .into_iter()
                    .next()
                    .map(|x| x.2)
                    .or_else(|| {
                        deadline::parse(h, ctx.date).filter(|_| self.heading_bodies[i].is_none())
                    });
            }
            // Only a top-level part titled by its purpose (`I. MỤC ĐÍCH, YÊU
            // CẦU`) describes rather than assigns; a nested `c) Kiểm tra, đánh
            // giá …` is work.
            let hf = ctx.skip_ws(fa, fb);
            self.descriptive[i] =
                !s.inline && s.parent.is_none() && ctx.at(ctx.w.non_task_heading, hf).is_some();
        }
        for i in 0..n_sections(outline) {
            for a in outline.ancestors(i) {
                if self.descriptive[a] {
                    self.descriptive[i] = true;
                }
            }
        }
        // A title line that is itself an assignment (`3. Ban Tổ chức Tỉnh ủy
        // chủ trì theo dõi việc thực hiện`) is an item too.
        let mut extra = Vec::new();
        for (i, s) in outline.sections.iter().enumerate() {
            let title = ctx.text.get(s.text_start..s.heading_end).unwrap_or("");
            if s.inline || self.heading_bodies[i].is_some() || title.trim_end().ends_with(':') {
                continue;
            }
            if !self
                .units
                .iter()
                .any(|u| u.start <= s.start && s.start < u.end)
                && !units::in_zones(self.doc, s.start)
            {
                continue;
            }
            let (fa, fb) = (ctx.fpos(s.text_start), ctx.fpos(s.heading_end));
            let subj = subject::subject(ctx, fa, fb);
            if !subj.hits.is_empty() && !subj.from_prefix {
                extra.push(Unit::new(
                    s.text_start,
                    s.heading_end,
                    UnitKind::Numbered,
                    0,
                ));
            }
        }
        self.units.extend(extra);
        self.units.sort_by_key(|u| u.start);
    }

    /// Where unit `u` stands: its outline section (within its article, if
    /// any) or its article.
    fn place(&self, u: &Unit) -> Place {
        let outline = &self.outline;
        let article = self
            .doc
            .layout
            .articles
            .iter()
            .find(|a| a.range.start <= u.start && u.start < a.range.end.max(a.range.start + 1));
        let sec = self
            .index
            .at(outline, u.start)
            .filter(|&i| article.is_none_or(|a| outline.sections[i].start >= a.range.start));
        match (sec, article) {
            (Some(i), a) => {
                let s = &outline.sections[i];
                let path = match a {
                    Some(a) => format!("Điều {}.{}", a.number, s.path),
                    None => s.path.clone(),
                };
                Place {
                    sec: Some(i),
                    path: Some(path),
                    heading: Some(s.heading.clone()),
                }
            }
            (None, Some(a)) => Place {
                sec: None,
                path: Some(format!("Điều {}", a.number)),
                heading: None,
            },
            (None, None) => Place::default(),
        }
    }

    /// The deadline a section's time lines or heading give its items.
    fn section_deadline(&self, sec: Option<usize>) -> Option<Deadline> {
        let outline = &self.outline;
        let idx = sec?;
        for a in outline.ancestors(idx).into_iter().rev() {
            let here: Vec<Deadline> = self
                .standalone
                .iter()
                .filter(|(p, _)| self.index.at(outline, *p) == Some(a))
                .map(|(_, d)| d.clone())
                .collect();
            if let Some(d) = deadline::merge(&here) {
                return Some(d);
            }
            if let Some(d) = &self.heading_deadline[a] {
                return Some(d.clone());
            }
        }
        None
    }

    fn run(self) -> Vec<Task> {
        let ctx = self.ctx;
        let outline = &self.outline;
        // Containers whose items are mostly dated: schedules of the issuer's
        // own tasks.
        let container = |u: &Unit| -> Option<usize> {
            let idx = self.index.at(outline, u.start)?;
            if u.kind == UnitKind::Numbered {
                outline.sections[idx].parent.or(Some(idx))
            } else {
                Some(idx)
            }
        };
        let mut dated: std::collections::HashMap<usize, (usize, usize)> = Default::default();
        for u in &self.units {
            if let Some(c) = container(u) {
                let e = dated.entry(c).or_default();
                e.1 += 1;
                let (fa, fb) = (ctx.fpos(u.start), ctx.fpos(u.end));
                if !schedule::parens(ctx, fa, fb).is_empty() {
                    e.0 += 1;
                }
            }
        }

        let mut tasks = Vec::new();
        let mut pseudo: Option<(u8, Option<usize>, List)> = None;
        for u in &self.units {
            let place = self.place(u);
            let sec = place.sec;
            if sec.is_some_and(|s| self.descriptive[s]) {
                continue;
            }
            if pseudo
                .as_ref()
                .is_some_and(|(d, s, _)| *s != sec || u.depth <= *d)
            {
                pseudo = None;
            }
            let (fa, fb) = (ctx.fpos(u.start), ctx.fpos(u.end));
            if let Some(row) = &u.row {
                self.table_row(u, row, &place, &mut tasks);
                continue;
            }
            let unit_text = ctx.text.get(u.start..u.end).unwrap_or("").trim_end();
            // `Kế hoạch này được phổ biến đến chi bộ.`: the document speaking of
            // itself names no assignee, whatever heading it ends up under.
            let first = ctx.skip_ws(fa, fb);
            if ctx.at(ctx.w.self_reference, first).is_some_and(|e| e < fb) {
                continue;
            }
            // A decision's execution article (T-01, T-16's lead-in).
            if let Some(x) = ctx.w.execute.find_in(ctx.hay, fa..fb).first() {
                let hits = subject::tolerant_list(ctx, first, x.start);
                if hits.iter().any(|h| h.key.is_some()) {
                    let d = schedule::own(ctx, fa, fb, x.end, None).0;
                    let mut seen = Vec::new();
                    self.emit(
                        &hits,
                        Role::Responsible,
                        u.start,
                        u.end,
                        &d,
                        &place,
                        &mut tasks,
                        &mut seen,
                    );
                }
                continue;
            }
            if unit_text.ends_with(':') {
                // A lead-in; a body-only one heads the items below it.
                if unit_text.chars().count() <= 100 {
                    if let Some(l) = subject::whole_list(ctx, fa, fb) {
                        pseudo = Some((u.depth, sec, l));
                    }
                }
                continue;
            }
            let heading = sec.and_then(|s| {
                outline
                    .ancestors(s)
                    .into_iter()
                    .rev()
                    .find_map(|a| self.heading_bodies[a].clone())
            });
            let (heading, is_pseudo) = match &pseudo {
                Some((_, _, l)) => (Some(l.clone()), true),
                None => (heading, false),
            };
            let schedule = container(u)
                .and_then(|c| dated.get(&c))
                .is_some_and(|(d, t)| *d * 2 >= *t && *t > 0)
                || sec.is_some_and(|s| {
                    outline
                        .ancestors(s)
                        .iter()
                        .any(|a| self.heading_deadline[*a].is_some())
                });
            let mut first_assignees: Vec<Hit> = Vec::new();
            for (k, (pa, pb)) in units::split_parts(ctx, u).into_iter().enumerate() {
                let (fpa, fpb) = (ctx.fpos(pa), ctx.fpos(pb));
                let mut subj = subject::subject(ctx, fpa, fpb);
                roles::transfer(ctx, &mut subj, u.kind, heading.is_some(), fpb);
                if subj.normative && heading.is_none() {
                    subj.hits.clear();
                }
                let pred = subj.pred;
                let mut role = roles::role_of(ctx, pred);
                let subject_keys: Vec<String> =
                    subj.hits.iter().filter_map(|h| ctx.key_of(h)).collect();
                let written = !subject_keys.is_empty();
                let mut assignees: Vec<Hit> = match &heading {
                    Some(h) => {
                        let hkeys: Vec<String> =
                            h.hits.iter().filter_map(|x| ctx.key_of(x)).collect();
                        if written
                            && (is_pseudo
                                || subj.from_prefix
                                || subject_keys.iter().all(|k| hkeys.contains(k))
                                || role == Role::Lead
                                || subj.requested)
                        {
                            subj.hits.clone()
                        } else {
                            h.hits.clone()
                        }
                    }
                    None => subj.hits.clone(),
                };
                // `(Sở X chủ trì; thời gian: …)` names the doer of an item
                // that has none.
                let mut bracket_partners: Vec<Hit> = Vec::new();
                let mut from_bracket = false;
                if !assignees.iter().any(|h| h.key.is_some()) {
                    if let Some((lead, support)) = roles::bracket(ctx, fpa, fpb) {
                        assignees = lead;
                        role = Role::Lead;
                        bracket_partners = support;
                        from_bracket = true;
                    }
                }
                if assignees.iter().all(|h| h.key.is_none()) && k > 0 {
                    assignees = first_assignees.clone();
                }
                if k == 0 {
                    first_assignees = assignees.clone();
                }
                let has_body = assignees.iter().any(|h| h.key.is_some());
                let (own, subject_only) =
                    schedule::own(ctx, fpa, fpb, pred, subj.lead_deadline.as_ref());
                let dl = own.or_else(|| self.section_deadline(sec));
                let mut seen: Vec<String> = Vec::new();
                if has_body {
                    // R3: a written subject that only `phối hợp` does the work.
                    let r3 = role == Role::Support && written && !subj.from_prefix;
                    if r3 {
                        role = Role::Responsible;
                    }
                    let mut extra: Vec<(Hit, Role)> = Vec::new();
                    if let Some(e) = ctx.at(ctx.w.together, pred) {
                        let l = subject::list_at(ctx, ctx.skip_ws(e, fpb), fpb, false);
                        for h in l.hits {
                            extra.push((h, Role::Responsible));
                        }
                    }
                    for (at, l) in roles::partners(ctx, pred, fpb) {
                        let implied_lead = role == Role::Support && at == pred;
                        for h in l.hits {
                            extra.push((
                                h,
                                if implied_lead {
                                    Role::Lead
                                } else {
                                    Role::Support
                                },
                            ));
                        }
                    }
                    for h in bracket_partners {
                        extra.push((h, Role::Support));
                    }
                    if role == Role::Lead
                        && subj.hits.is_empty()
                        && heading.is_none()
                        && !from_bracket
                    {
                        role = Role::Responsible;
                    }
                    self.emit(&assignees, role, pa, pb, &dl, &place, &mut tasks, &mut seen);
                    // A schedule clause (`định kỳ báo cáo`) binds the subject only.
                    let partner_dl = if subject_only {
                        self.section_deadline(sec)
                    } else {
                        dl.clone()
                    };
                    for (h, r) in &extra {
                        self.emit(
                            std::slice::from_ref(h),
                            *r,
                            pa,
                            pb,
                            &partner_dl,
                            &place,
                            &mut tasks,
                            &mut seen,
                        );
                    }
                } else if heading.is_none() && subj.hits.is_empty() && schedule && dl.is_some() {
                    tasks.push(self.task(None, None, Role::Responsible, pa, pb, &dl, &place));
                    continue;
                }
                // Other bodies given work by later sentences of the item.
                let s = ctx.text.get(pa..pb).unwrap_or("");
                for [x, _] in crate::parse::sentences(s).into_iter().skip(1) {
                    let sa = pa + x;
                    let fsa = ctx.fpos(sa);
                    let mut ss = subject::subject(ctx, fsa, fpb);
                    roles::transfer(ctx, &mut ss, UnitKind::Bullet, true, fpb);
                    if ss.normative && !has_body {
                        continue;
                    }
                    let keys: Vec<String> = ss.hits.iter().filter_map(|h| ctx.key_of(h)).collect();
                    if keys.is_empty() || keys.iter().all(|k| seen.contains(k)) {
                        continue;
                    }
                    let mut r = roles::role_of(ctx, ss.pred);
                    if r == Role::Support {
                        r = Role::Responsible;
                    }
                    let d = schedule::own(ctx, fsa, fpb, ss.pred, ss.lead_deadline.as_ref())
                        .0
                        .or_else(|| self.section_deadline(sec));
                    self.emit(&ss.hits, r, sa, pb, &d, &place, &mut tasks, &mut seen);
                    for (_, l) in roles::partners(ctx, ss.pred, fpb) {
                        self.emit(
                            &l.hits,
                            Role::Support,
                            sa,
                            pb,
                            &d,
                            &place,
                            &mut tasks,
                            &mut seen,
                        );
                    }
                }
            }
        }
        tasks
    }

    /// One row of a task table (T-15): the lead column's bodies lead, the
    /// supporting column's support, the time column dates them.
    fn table_row(&self, u: &Unit, row: &units::Row, place: &Place, tasks: &mut Vec<Task>) {
        let ctx = self.ctx;
        let list = |r: &Option<std::ops::Range<usize>>| -> Vec<Hit> {
            r.as_ref()
                .map(|r| subject::tolerant_list(ctx, ctx.fpos(r.start), ctx.fpos(r.end)))
                .unwrap_or_default()
        };
        let lead = list(&row.lead);
        let support = list(&row.support);
        let d = row
            .time
            .as_ref()
            .and_then(|r| deadline::parse(ctx.text.get(r.clone()).unwrap_or(""), ctx.date))
            .or_else(|| self.section_deadline(place.sec));
        let (a, b) = row
            .content
            .as_ref()
            .map_or((u.start, u.end), |r| (r.start, r.end));
        let mut seen = Vec::new();
        let lead_role = if row.lead_is_lead {
            Role::Lead
        } else {
            Role::Responsible
        };
        self.emit(&lead, lead_role, a, b, &d, place, tasks, &mut seen);
        for h in &support {
            self.emit(
                std::slice::from_ref(h),
                Role::Support,
                a,
                b,
                &d,
                place,
                tasks,
                &mut seen,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn task(
        &self,
        assignee: Option<String>,
        organ: Option<String>,
        role: Role,
        a: usize,
        b: usize,
        d: &Option<Deadline>,
        place: &Place,
    ) -> Task {
        let text = self.ctx.text;
        let sent = crate::parse::sentence_at(text, a);
        let sent = [sent[0].max(a).min(sent[1]), sent[1]];
        Task {
            assignee,
            organ,
            role,
            text: collapse(text.get(a..b).unwrap_or("")),
            deadline: d.clone(),
            section: place.path.clone(),
            heading: place.heading.clone(),
            evidence: Some(Evidence {
                span: [a, b.max(a)],
                sentence: text
                    .get(sent[0]..sent[1].max(sent[0]))
                    .unwrap_or("")
                    .to_string(),
                section: place.path.clone(),
            }),
        }
    }

    /// One task per distinct key among `hits` (its written names joined).
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        hits: &[Hit],
        role: Role,
        a: usize,
        b: usize,
        d: &Option<Deadline>,
        place: &Place,
        tasks: &mut Vec<Task>,
        seen: &mut Vec<String>,
    ) {
        let mut groups: Vec<(String, Vec<&Hit>)> = Vec::new();
        for h in hits {
            let Some(key) = self.ctx.key_of(h) else {
                continue;
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.push(h),
                None => groups.push((key, vec![h])),
            }
        }
        for (key, hs) in groups {
            let tag = format!("{key}/{}", role.slug());
            if seen.contains(&tag) {
                continue;
            }
            seen.push(tag);
            if !seen.contains(&key) {
                seen.push(key.clone());
            }
            let assignee = join_spans(self.ctx.text, &hs);
            tasks.push(self.task(Some(assignee), Some(key), role, a, b, d, place));
        }
    }
}

fn n_sections(o: &crate::parse::Outline) -> usize {
    o.sections.len()
}

/// A text with its white space runs collapsed to one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The written name of one body from its hits: contiguous hits as one span,
/// others joined by `, `.
fn join_spans(text: &str, hits: &[&Hit]) -> String {
    let mut parts: Vec<(usize, usize)> = Vec::new();
    for h in hits {
        let joins = |e: usize| {
            text.get(e..h.start)
                .map(str::trim)
                .is_some_and(|gap| gap.chars().all(|c| matches!(c, ',' | ';')) || gap == "và")
        };
        match parts.last_mut() {
            Some((_, e)) if joins(*e) => *e = h.end,
            _ => parts.push((h.start, h.end)),
        }
    }
    parts
        .iter()
        .filter_map(|(a, b)| text.get(*a..*b))
        .map(|t| t.trim().trim_matches('*'))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
