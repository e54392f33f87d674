//! Who does what: items (bullets, numbered paragraphs, paragraphs) become tasks.
//!
//! Rules (the record spec's task conventions):
//! - an item under a heading that names bodies gives each body a task; an item
//!   that opens with one of those bodies as its subject narrows it to them;
//! - an item whose subject is a list of bodies (`X, Y và Z chủ trì …`, after
//!   lead-ins such as `Đối với cấp huyện:`, `Giao cho`, `Phân công`, `Đề nghị`,
//!   `Trước khi …,`) gives each body a task; a list broken by something that is
//!   not a body, or addressed to every member (`mỗi cán bộ, đảng viên`), gives none;
//! - `chủ trì` makes the subject `lead`, the bodies after `phối hợp (với)` are
//!   `support`; an item opening `Phối hợp (với) X` makes the heading body `support`
//!   and X the implied `lead`; `Cùng X …` makes X responsible too;
//! - a sentence inside an assigned item whose subject is another body gives that
//!   body a task of its own;
//! - items of a schedule with no doer (most items dated, no body named) are the
//!   issuing body's own tasks: assignee and organ null;
//! - a bullet holding two separately-dated actions is split in two;
//! - sections about the situation, aims and requirements hold no tasks.

use super::deadline;
use super::organs::{organ_table, Folded, Hit, OrganTable};
use crate::extract::record::{Deadline, DeadlineKind, Evidence, IssuerLevel, Role, Task};
use crate::extract::Identity;
use crate::parse::{self, Outline};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    Numbered,
    Bullet,
    Paragraph,
}

#[derive(Debug, Clone)]
struct Unit {
    start: usize,
    end: usize,
    kind: UnitKind,
    depth: u8,
}

/// A parsed list of bodies.
#[derive(Debug, Clone, Default)]
struct List {
    hits: Vec<Hit>,
    end: usize,
    broken: bool,
    /// A comma stands between the list and its predicate.
    stray_comma: bool,
}

impl List {
    fn has_body(&self) -> bool {
        self.hits.iter().any(|h| h.key.is_some())
    }
}

struct Ctx<'a> {
    text: &'a str,
    folded: Folded,
    table: &'static OrganTable,
    doc_level: Option<IssuerLevel>,
    /// The issuer is a people's committee (state side): a level-wide assignment
    /// (`Đối với cấp huyện:`) goes to the lower committees, not the party ones.
    state_issuer: bool,
}

/// Folded words skipped before a body in a list (`các đồng chí`, `các`).
const FILLERS: &[&str] = &[
    "cac dong chi ",
    "dong chi ",
    "cac ",
    "nhung ",
    "tap the ",
    "toan the ",
];

/// Folded verbs that open a predicate; after a one-body subject and a comma
/// they mark the comma as a slip, not a list separator.
const PREDICATE_VERBS: &[&str] = &[
    "kiem diem",
    "chu tri",
    "phoi hop",
    "chi dao",
    "to chuc thuc hien",
    "xay dung",
    "thuc hien",
    "tham muu",
    "huong dan",
    "trien khai",
    "theo doi",
    "bao cao",
    "tien hanh",
    "quan triet",
    "nghien cuu",
    "ra soat",
    "tang cuong",
    "tap trung",
    "lanh dao",
    "co trach nhiem",
];

/// Headings of sections that describe rather than assign.
const NON_TASK_HEADINGS: &[&str] = &[
    "tinh hinh",
    "muc dich",
    "muc tieu",
    "yeu cau",
    "phuong cham",
    "quan diem",
    "ket qua",
    "danh gia",
    "nguyen nhan",
    "can cu",
    "boi canh",
    "su can thiet",
];

impl Ctx<'_> {
    fn fpos(&self, orig: usize) -> usize {
        self.folded.folded_pos(orig)
    }

    fn ftext(&self, a: usize, b: usize) -> &str {
        let fa = self.fpos(a);
        let fb = self.fpos(b);
        self.folded.text.get(fa..fb).unwrap_or("")
    }

    /// Clamp a byte range to the text and to character boundaries, so callers
    /// whose offsets come from heuristics can never slice inside a character.
    fn bounds(&self, a: usize, b: usize) -> (usize, usize) {
        let floor = |mut i: usize| {
            i = i.min(self.text.len());
            while !self.text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let b = floor(b);
        (floor(a.min(b)), b)
    }

    fn skip_ws(&self, mut p: usize, end: usize) -> usize {
        while p < end {
            let Some(c) = self.text[p..].chars().next() else {
                break;
            };
            if c.is_whitespace() || matches!(c, '*' | '_' | '"' | '“') {
                p += c.len_utf8();
            } else {
                break;
            }
        }
        p
    }

    /// Skip capitalised words after a body (`Kiên Giang`, `Vĩnh Long`).
    fn skip_place(&self, p: usize, end: usize) -> usize {
        let mut q = p;
        for _ in 0..3 {
            let rest = &self.text[q..end];
            let trimmed = rest.trim_start_matches(' ');
            let Some(w) = trimmed.split([' ', ',', ';', ':', '.', '(', ')']).next() else {
                break;
            };
            if w.is_empty() || !w.chars().next().is_some_and(char::is_uppercase) {
                break;
            }
            q += rest.len() - trimmed.len() + w.len();
        }
        q
    }

    /// A list of bodies starting at `pos` (original offset), up to `end`.
    fn list_at(&self, pos: usize, end: usize, allow_list_only: bool) -> List {
        let mut out = List::default();
        let mut p = pos;
        loop {
            let start = self.skip_ws(p, end);
            let fp0 = self.fpos(start);
            let allow = allow_list_only || out.has_body();
            let mut fp = fp0;
            'fill: loop {
                for f in FILLERS {
                    if self.folded.text.get(fp..).is_some_and(|r| r.starts_with(f)) {
                        fp += f.len();
                        continue 'fill;
                    }
                }
                break;
            }
            // A phrase that starts with a filler word (`các ban đảng tỉnh`) wins
            // over the body after the filler.
            let body = self.table.match_at(self.text, &self.folded, fp, allow);
            let not_body = self
                .table
                .match_at(self.text, &self.folded, fp0, allow)
                .filter(|h| h.key.is_none())
                .filter(|n| body.as_ref().is_none_or(|b| n.end >= b.end));
            let hit = not_body
                .or(body)
                .filter(|h| h.end <= end && h.start >= start);
            let Some(hit) = hit else {
                if !out.hits.is_empty() && p != out.end {
                    // A separator was consumed but no body followed, unless it
                    // is a stray comma before the predicate (`Các đồng chí Ủy
                    // viên Ban Thường vụ Tỉnh ủy, kiểm điểm …`).
                    let comma_only = self.text[out.end..p].trim() == ",";
                    let verb = self.folded.text.get(fp0..).is_some_and(|r| {
                        PREDICATE_VERBS
                            .iter()
                            .any(|v| r.strip_prefix(v).is_some_and(|t| t.starts_with([' ', ','])))
                    });
                    if comma_only && verb && out.hits.len() == 1 {
                        out.stray_comma = true;
                    } else {
                        out.broken = true;
                    }
                }
                break;
            };
            p = self.skip_place(hit.end, end);
            out.end = p;
            out.hits.push(hit);
            // Separator?
            let rest = &self.text[p..end];
            let f = Folded::new(rest).text;
            // `Folded` drops leading white space.
            let sep = [",", ";", "va ", "cung "]
                .iter()
                .find(|s| f.starts_with(*s))
                .map(|s| s.len());
            match sep {
                Some(_) => {
                    // Advance past the separator in the original text.
                    let trimmed = rest.trim_start();
                    let mut q = p + (rest.len() - trimmed.len());
                    if trimmed.starts_with([',', ';']) {
                        q += 1;
                    } else if let Some(w) = trimmed.split_whitespace().next() {
                        q += w.len();
                    }
                    p = q;
                }
                None => break,
            }
        }
        // A list addressed to every member or each body (`mỗi cán bộ, đảng viên`,
        // `từng cấp ủy`) assigns nothing.
        let everyone = |h: &Hit| {
            let f = self.ftext(h.start, h.end);
            f.contains("dang vien") || f.starts_with("tung ") || f.starts_with("moi ")
        };
        if out.hits.iter().any(|h| h.key.is_none() && everyone(h)) {
            out.broken = true;
        }
        out
    }

    /// A list that makes up the whole of `[a, b)` (a heading), allowing a lead
    /// word (`Đối với`, `Ở`, `Đề nghị`) and a generic `Các Đảng ủy:` prefix.
    fn whole_list(&self, a: usize, b: usize) -> Option<List> {
        let mut a = self.skip_ws(a, b);
        let t = self.ftext(a, b).to_string();
        for lead in [
            "doi voi ",
            "o ",
            "de nghi ",
            "giao cho ",
            "giao ",
            "nhiem vu cua ",
            "trach nhiem cua ",
            "ve phia ",
        ] {
            if t.starts_with(lead) {
                a = self.skip_ws(a + self.orig_len(a, lead.len()), b);
                break;
            }
        }
        let mut body = self.text[a..b]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '*' | '.'));
        // A trailing remark in brackets (`(cơ quan thường trực)`) is not part of the name.
        if body.ends_with(')') {
            if let Some(open) = body.rfind('(') {
                body = body[..open].trim_end();
            }
        }
        let b2 = a + body.len();
        let try_at = |s: usize| -> Option<List> {
            let l = self.list_at(s, b2, true);
            let rest = self.text[l.end.max(s)..b2].trim();
            (l.has_body() && !l.broken && rest.is_empty()).then_some(l)
        };
        if let Some(l) = try_at(a) {
            return Some(l);
        }
        let colon = self.text[a..b2].find(':')?;
        if colon > 40 {
            return None;
        }
        try_at(a + colon + 1)
    }

    /// Original byte length covering `flen` folded bytes from `orig`.
    fn orig_len(&self, orig: usize, flen: usize) -> usize {
        let f = self.fpos(orig);
        self.folded.orig(f + flen) - orig
    }

    fn key_of(&self, h: &Hit) -> Option<String> {
        let k = h.key.as_ref()?;
        Some(self.table.relative_key(k, h.level, self.doc_level))
    }
}

/// The subject of an item or sentence: bodies, where the predicate starts, a
/// deadline stated by a lead-in, and whether a pseudo-heading prefix named them.
#[derive(Debug, Clone, Default)]
struct Subject {
    hits: Vec<Hit>,
    pred: usize,
    lead_deadline: Option<Deadline>,
    /// Bodies came from a level-wide prefix (`Ở cấp huyện:`).
    from_prefix: bool,
    /// `X phải …`: a duty of principle; only an item under a body heading keeps it.
    normative: bool,
}

fn subject(ctx: &Ctx, a: usize, b: usize) -> Subject {
    let (a, b) = ctx.bounds(a, b);
    let mut p = ctx.skip_ws(a, b);
    let mut out = Subject {
        pred: p,
        ..Subject::default()
    };
    // Time lead-in.
    if let Some(d) = deadline::opening(&ctx.text[p..b]) {
        let seg = &ctx.text[p..b];
        let comma = seg.find(',').filter(|&c| c <= 120);
        match comma {
            Some(c) if !seg[..c].contains(['.', ';']) => p = ctx.skip_ws(p + c + 1, b),
            _ => {
                let words = d.raw.split_whitespace().count();
                let mut q = p;
                for w in seg.split(' ').take(words) {
                    q += w.len() + 1;
                }
                p = ctx.skip_ws(q.min(b), b);
            }
        }
        out.lead_deadline = Some(d);
        out.pred = p;
    }
    // `X:` prefix.
    let seg = &ctx.text[p..b];
    if let Some(c) = seg
        .find(':')
        .filter(|&c| c <= 90 && !seg[..c].contains(['.', ';']))
    {
        let after = ctx.skip_ws(p + c + 1, b);
        let s = plain_subject(ctx, after, b, true);
        if !s.hits.is_empty() {
            return Subject {
                lead_deadline: out.lead_deadline,
                ..s
            };
        }
        if let Some(l) = ctx.whole_list(p, p + c) {
            let mut hits = l.hits;
            if ctx.state_issuer {
                for h in &mut hits {
                    if h.key.as_deref() == Some("cap_uy_cap_duoi") {
                        let f = ctx.ftext(h.start, h.end);
                        if f.contains("cap huyen") {
                            h.key = Some("ubnd_cap_duoi".into());
                        } else if f.contains("cap xa") || f.contains("cap co so") {
                            h.key = Some("ubnd_cap_xa".into());
                        }
                    }
                }
            }
            return Subject {
                hits,
                pred: after,
                lead_deadline: out.lead_deadline,
                from_prefix: true,
                normative: false,
            };
        }
        out.pred = after;
        return out;
    }
    let s = plain_subject(ctx, p, b, false);
    if s.hits.is_empty() {
        return out;
    }
    Subject {
        lead_deadline: out.lead_deadline,
        ..s
    }
}

/// Verbs and clauses before a subject, then the subject list.
fn plain_subject(ctx: &Ctx, a: usize, b: usize, allow_list_only: bool) -> Subject {
    let (a, b) = ctx.bounds(a, b);
    let mut p = ctx.skip_ws(a, b);
    let f = ctx.ftext(p, b).to_string();
    for lead in ["giao cho ", "giao ", "phan cong ", "de nghi ", "yeu cau "] {
        if f.starts_with(lead) {
            p = ctx.skip_ws(p + ctx.orig_len(p, lead.len()), b);
            break;
        }
    }
    for clause in ["truoc khi ", "sau khi ", "can cu ", "tren co so ", "qua "] {
        if f.starts_with(clause) {
            let seg = &ctx.text[p..b];
            if let Some(c) = seg
                .find(", ")
                .filter(|&c| c <= 150 && !seg[..c].contains('.'))
            {
                p = ctx.skip_ws(p + c + 1, b);
            }
            break;
        }
    }
    let l = ctx.list_at(p, b, allow_list_only);
    let mut after = l.end.max(p);
    if l.stray_comma {
        let rest = &ctx.text[after..b];
        if let Some(c) = rest.find(',') {
            after += c + 1;
        }
    }
    let next = ctx.text[after..b].trim_start().chars().next();
    // `X phải …` / `X cần …` states a duty of principle, not an assignment.
    let normative = {
        let f = ctx.text[after..b].trim_start().to_lowercase();
        f.starts_with("phải ") || f.starts_with("cần ")
    };
    let pred_ok = next.is_some_and(|c| c.is_lowercase());
    if !l.has_body() || l.broken || !pred_ok {
        return Subject {
            pred: p,
            ..Subject::default()
        };
    }
    Subject {
        pred: ctx.skip_ws(after, b),
        hits: l.hits,
        lead_deadline: None,
        from_prefix: false,
        normative,
    }
}

/// Partners named after `phối hợp (chặt chẽ) (với)` in `[a, b)`: (offset of the
/// `phối hợp`, list).
fn partners(ctx: &Ctx, a: usize, b: usize) -> Vec<(usize, List)> {
    let mut out = Vec::new();
    let fa = ctx.fpos(a);
    let fb = ctx.fpos(b);
    let hay = ctx.folded.text.get(fa..fb).unwrap_or("");
    let mut from = 0;
    while let Some(i) = hay.get(from..).and_then(|s| s.find("phoi hop")) {
        let at = fa + from + i;
        let mut q = at + "phoi hop".len();
        for w in [" chat che", " voi", " cung"] {
            if ctx.folded.text.get(q..).is_some_and(|r| r.starts_with(w)) {
                q += w.len();
            }
        }
        let orig = ctx.folded.orig(q);
        let l = ctx.list_at(orig, b, false);
        out.push((ctx.folded.orig(at), l));
        from += i + "phoi hop".len();
    }
    out
}

/// A unit whose subject is the document itself (`Kế hoạch này …`, `Chương
/// trình này …`), given folded.
fn is_self_reference(folded: &str) -> bool {
    const SELF: &[&str] = &[
        "ke hoach nay ",
        "chuong trinh nay ",
        "huong dan nay ",
        "van ban nay ",
        "de an nay ",
    ];
    let f = folded.trim_start();
    SELF.iter().any(|s| f.starts_with(s))
}

/// First 100 characters of `s`, white space collapsed.
fn excerpt(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.chars().take(100).collect()
}

fn build_units(
    text: &str,
    outline: &Outline,
    body_end: usize,
) -> (Vec<Unit>, Vec<(usize, Deadline)>) {
    let mut units: Vec<Unit> = Vec::new();
    let mut standalone: Vec<(usize, Deadline)> = Vec::new();
    let first = outline.sections.first().map(|s| s.start).unwrap_or(0);
    let mut open = false;
    let mut skip_until = 0;
    // Whether the last line added to the open unit was a `(n)` sub-item, and
    // where the previous non-blank line ended.
    let mut sub_item = false;
    let mut prev_end = usize::MAX - 1;
    for (ls, le) in parse::lines(text) {
        if ls < first || ls >= body_end || le <= skip_until {
            continue;
        }
        let blank = text[ls..le].trim().is_empty();
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
        let line = &text[ls..le];
        if let Some(s) = outline.sections.iter().find(|s| s.start == ls) {
            if s.inline {
                units.push(Unit {
                    start: s.text_start,
                    end: le,
                    kind: UnitKind::Numbered,
                    depth: 0,
                });
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
        if parse::is_bullet_line(line) {
            let lead = line.len() - line.trim_start().len();
            let marker = line.trim_start().chars().next().unwrap_or('-');
            let start = ls + lead + marker.len_utf8();
            let start = start + (text[start..le].len() - text[start..le].trim_start().len());
            units.push(Unit {
                start,
                end: le,
                kind: UnitKind::Bullet,
                depth: if marker == '+' { 2 } else { 1 },
            });
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
        let start = ls + (line.len() - line.trim_start().len());
        if let Some(d) = deadline::time_sentence(t) {
            // The time line of a numbered sub-item (`(1) Hội nghị …` then
            // `Thời gian hai ngày (27, 28/3/2012).`) dates that item only.
            let follows_sub_item = after_sub_item && adjacent;
            match units.last_mut() {
                Some(u) if open && follows_sub_item => u.end = le,
                _ => standalone.push((start, d)),
            }
            continue;
        }
        units.push(Unit {
            start,
            end: le,
            kind: UnitKind::Paragraph,
            depth: 1,
        });
        open = true;
    }
    (units, standalone)
}

/// Split a bullet at a parenthesised deadline followed by a new sentence or
/// clause on the same line (`… (thực hiện hằng năm); trước mắt, … (quý I/2022)`).
fn split_parts(text: &str, u: &Unit) -> Vec<(usize, usize)> {
    if u.kind == UnitKind::Numbered {
        return vec![(u.start, u.end)];
    }
    let s = &text[u.start..u.end];
    let mut cuts = Vec::new();
    for (_, pe, _) in deadline::parens(s) {
        let rest = &s[pe..];
        let line_rest = rest.split('\n').next().unwrap_or("");
        let trimmed = line_rest.trim_start_matches([' ', '*']);
        let Some(after) = trimmed.strip_prefix(['.', ';']) else {
            continue;
        };
        let after_t = after.trim_start();
        if after_t.chars().count() < 15 {
            continue;
        }
        let f = Folded::new(after_t).text;
        if ["tren co so do", "qua do", "tu do", "dong thoi"]
            .iter()
            .any(|b| f.starts_with(b))
        {
            continue;
        }
        // `after_t` is a suffix of the first line of `rest`, not of `rest`.
        let cut = u.start + pe + (line_rest.len() - after_t.len());
        cuts.push(cut);
    }
    // Two actions joined by `và`, each with its own schedule phrase:
    // `báo cáo tiến độ vào ngày 20 hằng tháng và báo cáo kết quả … trước ngày 30/4`.
    let clauses = deadline::clauses(s);
    for pair in clauses.windows(2) {
        let (_, e, _) = &pair[0];
        let rest = &s[*e..pair[1].0];
        let Some(after) = rest.strip_prefix(" và ") else {
            continue;
        };
        if after.contains(['.', ';', '\n']) || !after.chars().next().is_some_and(char::is_lowercase)
        {
            continue;
        }
        cuts.push(u.start + e + " và ".len());
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut parts = Vec::new();
    let mut a = u.start;
    for c in cuts {
        parts.push((a, c));
        a = c;
    }
    parts.push((a, u.end));
    parts
}

fn role_of(ctx: &Ctx, pred: usize, b: usize) -> Role {
    let f = ctx.ftext(pred, b);
    if f.starts_with("chu tri") {
        Role::Lead
    } else if f.starts_with("phoi hop") {
        Role::Support
    } else {
        Role::Responsible
    }
}

/// The deadline governing `[a, b)`: a parenthesised phrase, a time sentence, a
/// time lead-in, `thường xuyên` opening the predicate, a schedule clause.
fn own_deadline(
    ctx: &Ctx,
    a: usize,
    b: usize,
    pred: usize,
    lead: Option<&Deadline>,
) -> Option<Deadline> {
    own_deadline_src(ctx, a, b, pred, lead).0
}

/// [`own_deadline`], and whether it is a schedule clause after a comma inside
/// the item (which binds the subject only, not its partners).
fn own_deadline_src(
    ctx: &Ctx,
    a: usize,
    b: usize,
    pred: usize,
    lead: Option<&Deadline>,
) -> (Option<Deadline>, bool) {
    let d = own_deadline_main(ctx, a, b, pred, lead);
    if d.is_some() {
        return (d, false);
    }
    // A schedule clause after a comma continues the lead's predicate
    // (`…, định kỳ báo cáo`); one after a semicolon is a new clause of the whole
    // subject, partners included (`…; định kỳ hằng năm báo cáo`).
    let s = &ctx.text[a..b];
    match deadline::clauses(s).into_iter().next() {
        Some((at, _, d)) => {
            let after_comma = s[..at].trim_end().ends_with(',');
            (Some(d), after_comma)
        }
        None => (None, false),
    }
}

fn own_deadline_main(
    ctx: &Ctx,
    a: usize,
    b: usize,
    pred: usize,
    lead: Option<&Deadline>,
) -> Option<Deadline> {
    let s = &ctx.text[a..b];
    let ps: Vec<Deadline> = deadline::parens(s).into_iter().map(|p| p.2).collect();
    // Several dated events of one item (two conferences) span one range.
    if ps.len() > 1
        && ps.iter().all(|d| {
            matches!(d.kind, DeadlineKind::Date | DeadlineKind::Range) && d.start.is_some()
        })
    {
        return deadline::merge(&ps);
    }
    if let Some(d) = ps.into_iter().next() {
        return Some(d);
    }
    let sents = parse::sentences(s);
    let timed: Vec<Deadline> = sents
        .iter()
        .filter_map(|[x, y]| deadline::time_sentence(&s[*x..*y]))
        .collect();
    if let Some(d) = deadline::merge(&timed) {
        return Some(d);
    }
    if let Some(d) = lead {
        return Some(d.clone());
    }
    for [x, _] in sents.iter().skip(1) {
        if let Some(d) = deadline::opening(&s[*x..]) {
            return Some(d);
        }
    }
    // `thường xuyên` right at the predicate, or after a partner list.
    let mut starts = vec![pred];
    for (_, l) in partners(ctx, pred, b) {
        if l.end > 0 {
            starts.push(ctx.skip_ws(l.end, b));
        }
    }
    for p in starts {
        if p < b && ctx.ftext(p, b).starts_with("thuong xuyen ") {
            return deadline::parse("thường xuyên");
        }
    }
    None
}

/// Extract the tasks of a normalised text.
pub fn extract(text: &str, outline: &Outline, identity: &Identity) -> Vec<Task> {
    let ctx = Ctx {
        text,
        folded: Folded::new(text),
        table: organ_table(),
        doc_level: identity.issuer_level,
        state_issuer: identity.issuer.as_deref().is_some_and(|i| {
            let f = Folded::new(i).text;
            f.contains("uy ban nhan dan") || f.starts_with("ubnd")
        }),
    };
    let body_end = parse::lines(text)
        .into_iter()
        .find(|(s, e)| parse::is_recipients_line(&text[*s..*e]))
        .map(|(s, _)| s)
        .unwrap_or(text.len());
    let (mut units, standalone) = build_units(text, outline, body_end);

    // Per section: bodies named by the heading, a deadline stated by it, whether
    // it describes rather than assigns.
    let n = outline.sections.len();
    let mut heading_bodies: Vec<Option<List>> = vec![None; n];
    let mut heading_deadline: Vec<Option<Deadline>> = vec![None; n];
    let mut descriptive = vec![false; n];
    for (i, s) in outline.sections.iter().enumerate() {
        if !s.inline {
            heading_bodies[i] = ctx.whole_list(s.text_start, s.heading_end);
            let h = &text[s.text_start..s.heading_end];
            heading_deadline[i] = deadline::parens(h)
                .into_iter()
                .next()
                .map(|x| x.2)
                .or_else(|| deadline::parse(h).filter(|_| heading_bodies[i].is_none()));
        }
        let f = Folded::new(&s.heading).text;
        // Only a top-level part titled by its purpose (`I. MỤC ĐÍCH, YÊU CẦU`,
        // `I. TÌNH HÌNH VÀ NGUYÊN NHÂN`) describes rather than assigns; a nested
        // `c) Kiểm tra, đánh giá …` is work.
        descriptive[i] =
            !s.inline && s.parent.is_none() && NON_TASK_HEADINGS.iter().any(|w| f.starts_with(w));
    }
    // A title line that is itself an assignment (`3. Ban Tổ chức Tỉnh ủy chủ trì
    // theo dõi việc thực hiện`) is an item too.
    for (i, s) in outline.sections.iter().enumerate() {
        let title = text.get(s.text_start..s.heading_end).unwrap_or("");
        if !s.inline && heading_bodies[i].is_none() && !title.trim_end().ends_with(':') {
            let subj = subject(&ctx, s.text_start, s.heading_end);
            if !subj.hits.is_empty() && !subj.from_prefix {
                units.push(Unit {
                    start: s.text_start,
                    end: s.heading_end,
                    kind: UnitKind::Numbered,
                    depth: 0,
                });
            }
        }
    }
    units.sort_by_key(|u| u.start);
    for i in 0..n {
        for a in outline.ancestors(i) {
            if descriptive[a] {
                descriptive[i] = true;
            }
        }
    }
    let section_deadline = |idx: usize| -> Option<Deadline> {
        for a in outline.ancestors(idx).into_iter().rev() {
            let here: Vec<Deadline> = standalone
                .iter()
                .filter(|(p, _)| outline.section_index_at(*p) == Some(a))
                .map(|(_, d)| d.clone())
                .collect();
            if let Some(d) = deadline::merge(&here) {
                return Some(d);
            }
            if let Some(d) = &heading_deadline[a] {
                return Some(d.clone());
            }
        }
        None
    };
    // Containers whose items are mostly dated: schedules of the issuer's own tasks.
    let container = |u: &Unit| -> Option<usize> {
        let idx = outline.section_index_at(u.start)?;
        if u.kind == UnitKind::Numbered {
            outline.sections[idx].parent.or(Some(idx))
        } else {
            Some(idx)
        }
    };
    let mut dated: std::collections::HashMap<usize, (usize, usize)> = Default::default();
    for u in &units {
        if let Some(c) = container(u) {
            let e = dated.entry(c).or_default();
            e.1 += 1;
            if !deadline::parens(&text[u.start..u.end]).is_empty() {
                e.0 += 1;
            }
        }
    }

    let mut tasks = Vec::new();
    let mut pseudo: Option<(u8, usize, List, Option<Deadline>)> = None;
    for u in &units {
        let Some(sec) = outline.section_index_at(u.start) else {
            continue;
        };
        if descriptive[sec] {
            continue;
        }
        if pseudo
            .as_ref()
            .is_some_and(|(d, s, _, _)| *s != sec || u.depth <= *d)
        {
            pseudo = None;
        }
        let unit_text = text[u.start..u.end].trim_end();
        // `Kế hoạch này được phổ biến đến chi bộ.`: the document speaking of
        // itself names no assignee, whatever heading it ends up under.
        if is_self_reference(ctx.ftext(u.start, u.end)) {
            continue;
        }
        if unit_text.ends_with(':') {
            // A lead-in; a body-only one heads the items below it.
            if unit_text.chars().count() <= 100 {
                if let Some(l) = ctx.whole_list(u.start, u.start + unit_text.len()) {
                    pseudo = Some((u.depth, sec, l, None));
                }
            }
            continue;
        }
        let heading = outline
            .ancestors(sec)
            .into_iter()
            .rev()
            .find_map(|a| heading_bodies[a].clone());
        let (heading, is_pseudo) = match &pseudo {
            Some((_, _, l, _)) => (Some(l.clone()), true),
            None => (heading, false),
        };
        let schedule = container(u)
            .and_then(|c| dated.get(&c))
            .is_some_and(|(d, t)| *d * 2 >= *t && *t > 0)
            || outline
                .ancestors(sec)
                .iter()
                .any(|a| heading_deadline[*a].is_some());
        let mut first_assignees: Vec<Hit> = Vec::new();
        for (k, (pa, pb)) in split_parts(text, u).into_iter().enumerate() {
            let mut subj = subject(&ctx, pa, pb);
            if subj.normative && heading.is_none() {
                subj.hits.clear();
            }
            let pred = subj.pred;
            let mut role = role_of(&ctx, pred, pb);
            let subject_keys: Vec<String> =
                subj.hits.iter().filter_map(|h| ctx.key_of(h)).collect();
            let mut assignees: Vec<Hit> = match &heading {
                Some(h) => {
                    let hkeys: Vec<String> = h.hits.iter().filter_map(|x| ctx.key_of(x)).collect();
                    if !subject_keys.is_empty()
                        && (is_pseudo
                            || subj.from_prefix
                            || subject_keys.iter().all(|k| hkeys.contains(k))
                            || role == Role::Lead)
                    {
                        subj.hits.clone()
                    } else {
                        h.hits.clone()
                    }
                }
                None => subj.hits.clone(),
            };
            if assignees.iter().all(|h| h.key.is_none()) && k > 0 {
                assignees = first_assignees.clone();
            }
            if k == 0 {
                first_assignees = assignees.clone();
            }
            let has_body = assignees.iter().any(|h| h.key.is_some());
            let (own, from_clause) =
                own_deadline_src(&ctx, pa, pb, pred, subj.lead_deadline.as_ref());
            let dl = own
                .or_else(|| section_deadline(sec))
                .or_else(|| pseudo.as_ref().and_then(|p| p.3.clone()));
            let section = outline.sections.get(sec);
            let mk = |assignee: Option<String>,
                      organ: Option<String>,
                      role: Role,
                      a: usize,
                      d: &Option<Deadline>| {
                let sent = parse::sentence_at(text, a);
                let sent = [sent[0].max(a).min(sent[1]), sent[1]];
                Task {
                    assignee,
                    organ,
                    role,
                    text: excerpt(&text[a..pb]),
                    deadline: d.clone(),
                    section: section.map(|s| s.path.clone()),
                    heading: section.map(|s| s.heading.clone()),
                    evidence: Some(Evidence {
                        span: [a, pb],
                        sentence: text[sent[0]..sent[1].max(sent[0])].to_string(),
                        section: section.map(|s| s.path.clone()),
                    }),
                }
            };
            let emit = |hits: &[Hit],
                        role: Role,
                        a: usize,
                        d: &Option<Deadline>,
                        tasks: &mut Vec<Task>,
                        seen: &mut Vec<String>| {
                let mut groups: Vec<(String, Vec<&Hit>)> = Vec::new();
                for h in hits {
                    let Some(key) = ctx.key_of(h) else { continue };
                    match groups.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, v)) => v.push(h),
                        None => groups.push((key, vec![h])),
                    }
                }
                for (key, hs) in groups {
                    if seen.contains(&key) {
                        continue;
                    }
                    seen.push(key.clone());
                    let assignee = join_spans(text, &hs);
                    tasks.push(mk(Some(assignee), Some(key), role, a, d));
                }
            };
            let mut seen: Vec<String> = Vec::new();
            if has_body {
                // Partners.
                let mut extra: Vec<(Hit, Role)> = Vec::new();
                if ctx.ftext(pred, pb).starts_with("cung ") {
                    let l = ctx.list_at(pred + ctx.orig_len(pred, 4), pb, false);
                    for h in l.hits {
                        extra.push((h, Role::Responsible));
                    }
                }
                for (at, l) in partners(&ctx, pred, pb) {
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
                if role == Role::Lead && subj.hits.is_empty() && heading.is_none() {
                    role = Role::Responsible;
                }
                emit(&assignees, role, pa, &dl, &mut tasks, &mut seen);
                // A schedule clause (`định kỳ báo cáo`) binds the subject only.
                let partner_dl = if from_clause {
                    section_deadline(sec)
                } else {
                    dl.clone()
                };
                for (h, r) in &extra {
                    emit(
                        std::slice::from_ref(h),
                        *r,
                        pa,
                        &partner_dl,
                        &mut tasks,
                        &mut seen,
                    );
                }
            } else if heading.is_none() && subj.hits.is_empty() && schedule && dl.is_some() {
                tasks.push(mk(None, None, Role::Responsible, pa, &dl));
                continue;
            }
            // Other bodies given work by later sentences of the item.
            let s = &text[pa..pb];
            for [x, _] in parse::sentences(s).into_iter().skip(1) {
                let sa = pa + x;
                let ss = subject(&ctx, sa, pb);
                if ss.normative && !has_body {
                    continue;
                }
                let keys: Vec<String> = ss.hits.iter().filter_map(|h| ctx.key_of(h)).collect();
                if keys.is_empty() || keys.iter().all(|k| seen.contains(k)) {
                    continue;
                }
                let r = role_of(&ctx, ss.pred, pb);
                let d = own_deadline(&ctx, sa, pb, ss.pred, ss.lead_deadline.as_ref())
                    .or_else(|| section_deadline(sec));
                emit(&ss.hits, r, sa, &d, &mut tasks, &mut seen);
            }
        }
    }
    tasks
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
mod tests {
    use super::*;

    fn ctx(text: &str) -> Ctx<'_> {
        Ctx {
            text,
            folded: Folded::new(text),
            table: organ_table(),
            doc_level: None,
            state_issuer: false,
        }
    }

    fn keys(c: &Ctx, l: &List) -> Vec<String> {
        l.hits.iter().filter_map(|h| c.key_of(h)).collect()
    }

    /// Headings that name bodies (and those that do not).
    const HEADINGS: &[(&str, &[&str])] = &[
        ("Thanh tra tỉnh", &["thanh_tra"]),
        ("Ban Tuyên giáo Tỉnh ủy", &["ban_tuyen_giao"]),
        ("**Ban Tổ chức Tỉnh ủy**", &["ban_to_chuc"]),
        ("Ban Tổ chức Tỉnh ủy:", &["ban_to_chuc"]),
        ("Các Đảng ủy: Công an, Quân sự và Bộ đội Biên phòng tỉnh", &["cong_an", "luc_luong_vu_trang", "luc_luong_vu_trang"]),
        ("Các sở, ban, ngành tỉnh; các cơ quan, đơn vị trực thuộc Ủy ban nhân dân tỉnh; Ủy ban nhân dân các huyện, thị xã, thành phố", &["so_ban_nganh", "don_vi_truc_thuoc_ubnd", "ubnd_cap_duoi"]),
        ("Trường Chính trị tỉnh và trung tâm chính trị cấp huyện", &["truong_chinh_tri", "truong_chinh_tri"]),
        ("Đài Phát thanh và Truyền hình Kiên Giang, Báo Kiên Giang", &["bao_chi", "bao_chi"]),
        ("Ở Tỉnh ủy", &["ban_thuong_vu_cap_uy"]),
        ("Nhiệm vụ của Ban Dân vận Tỉnh ủy", &["ban_dan_van"]),
        ("Văn phòng Tỉnh ủy (cơ quan thường trực)", &["van_phong_cap_uy"]),
        ("Sở Y tế, Sở Giáo dục và Đào tạo", &["so_y_te", "so_giao_duc_dao_tao"]),
        ("UBND các xã, phường, thị trấn", &["ubnd_cap_xa"]),
        ("Nhiệm vụ cụ thể", &[]),
        ("Công tác triển khai, quán triệt Kết luận", &[]),
    ];

    #[test]
    fn heading_lists() {
        for (h, want) in HEADINGS {
            let c = ctx(h);
            let got = c
                .whole_list(0, h.len())
                .map(|l| keys(&c, &l))
                .unwrap_or_default();
            assert_eq!(
                got,
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "heading {h:?}"
            );
        }
    }

    const DOC: &str = "KẾ HOẠCH\n\
I. MỤC ĐÍCH, YÊU CẦU\n\
1. Các cấp ủy phải quán triệt.\n\
II. NHIỆM VỤ CỤ THỂ\n\
1. Sở Y tế\n\
- Chủ trì, phối hợp với Sở Tài chính xây dựng đề án (hoàn thành trong quý III/2024).\n\
- Phối hợp với Công an tỉnh kiểm tra việc thực hiện (6 tháng đầu năm 2024).\n\
2. **Ban Tuyên giáo và Dân vận Tỉnh ủy**\n\
- Hướng dẫn tuyên truyền sâu rộng (thực hiện thường xuyên).\n\
3. Giao Ủy ban nhân dân các xã, phường, thị trấn tổ chức thực hiện; định kỳ báo cáo kết quả.\n\
4. Đề nghị Đoàn đại biểu Quốc hội tỉnh giám sát việc thực hiện.\n\
5. Ban Tổ chức Tỉnh ủy chủ trì theo dõi việc thực hiện\n\
6. Các cơ quan liên quan phối hợp thực hiện.\n\
7. Mọi đảng viên phải gương mẫu.\n\
Nơi nhận:\n\
- Ban Tuyên giáo Tỉnh ủy,\n";

    /// (section, organ, role, deadline kind, start, end)
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );
    const EXPECTED: &[Row] = &[
        (
            "II.1",
            "so_y_te",
            "lead",
            Some("quarter"),
            Some("2024-07-01"),
            Some("2024-09-30"),
        ),
        (
            "II.1",
            "so_tai_chinh",
            "support",
            Some("quarter"),
            Some("2024-07-01"),
            Some("2024-09-30"),
        ),
        (
            "II.1",
            "so_y_te",
            "support",
            Some("half"),
            Some("2024-01-01"),
            Some("2024-06-30"),
        ),
        (
            "II.1",
            "cong_an",
            "lead",
            Some("half"),
            Some("2024-01-01"),
            Some("2024-06-30"),
        ),
        (
            "II.2",
            "ban_tuyen_giao",
            "responsible",
            Some("recurring"),
            None,
            None,
        ),
        (
            "II.3",
            "ubnd_cap_xa",
            "responsible",
            Some("recurring"),
            None,
            None,
        ),
        ("II.4", "doan_dbqh", "responsible", None, None, None),
        ("II.5", "ban_to_chuc", "lead", None, None, None),
    ];

    #[test]
    fn synthetic_plan() {
        let outline = Outline::parse(DOC);
        let tasks = extract(DOC, &outline, &Identity::default());
        let kind = |k| {
            serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
        };
        let got: Vec<_> = tasks
            .iter()
            .map(|t| {
                let d = t.deadline.as_ref();
                (
                    t.section.clone().unwrap_or_default(),
                    t.organ.clone().unwrap_or_default(),
                    t.role.slug().to_string(),
                    d.and_then(|d| kind(d.kind)),
                    d.and_then(|d| d.start).map(|x| x.to_string()),
                    d.and_then(|d| d.end).map(|x| x.to_string()),
                )
            })
            .collect();
        let want: Vec<_> = EXPECTED
            .iter()
            .map(|(s, o, r, k, a, b)| {
                (
                    s.to_string(),
                    o.to_string(),
                    r.to_string(),
                    k.map(String::from),
                    a.map(String::from),
                    b.map(String::from),
                )
            })
            .collect();
        assert_eq!(got, want);
        let first = &tasks[0];
        assert_eq!(first.assignee.as_deref(), Some("Sở Y tế"));
        assert_eq!(first.heading.as_deref(), Some("Sở Y tế"));
        assert!(first.text.starts_with("Chủ trì, phối hợp với Sở Tài chính"));
        let ev = first.evidence.as_ref().expect("evidence");
        assert!(DOC[ev.span[0]..ev.span[1]].starts_with("Chủ trì"));
    }

    #[test]
    fn heading_deadline_and_state_issuer() {
        let doc = "III. NHIỆM VỤ\n3. Văn phòng Tỉnh ủy (thực hiện năm 2024)\n- Việc thứ nhất.\n\
- Việc thứ hai (hoàn thành trong quý II/2024).\n4. Đối với cấp huyện: Tổ chức quán triệt.\n";
        let party = extract(doc, &Outline::parse(doc), &Identity::default());
        let got: Vec<_> = party
            .iter()
            .map(|t| (t.organ.clone(), t.deadline.as_ref().map(|d| d.raw.clone())))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("van_phong_cap_uy".to_string()),
                    Some("thực hiện năm 2024".to_string())
                ),
                (
                    Some("van_phong_cap_uy".to_string()),
                    Some("hoàn thành trong quý II/2024".to_string())
                ),
                (Some("cap_uy_cap_duoi".to_string()), None),
            ]
        );
        let ubnd = Identity {
            issuer: Some("Ủy ban nhân dân tỉnh Vĩnh Long".into()),
            ..Identity::default()
        };
        let state = extract(doc, &Outline::parse(doc), &ubnd);
        assert_eq!(
            state.last().and_then(|t| t.organ.as_deref()),
            Some("ubnd_cap_duoi")
        );
    }

    #[test]
    fn issuer_schedule_and_odd_input() {
        let doc =
            "II. NHIỆM VỤ TRỌNG TÂM\n1. Tổ chức hội nghị (tháng 5/2024).\n2. Sơ kết (năm 2025).\n";
        let tasks = extract(doc, &Outline::parse(doc), &Identity::default());
        assert_eq!(tasks.len(), 2);
        assert!(tasks
            .iter()
            .all(|t| t.organ.is_none() && t.assignee.is_none()));
        // No panics and no tasks on text without structure or with odd marks.
        for odd in [
            "",
            "\n\n",
            "- - -",
            "**",
            "I.",
            "1. (",
            "a) Ban",
            "Sở",
            "Báo",
            "ủy ban kiểm tra ,;",
        ] {
            let _ = extract(odd, &Outline::parse(odd), &Identity::default());
        }
    }

    /// Forms the seeds hold once, written afresh: sub-items with their own time
    /// lines, two scheduled actions in one sentence, a comma between subject and
    /// predicate, schedule clauses after `;` (whole subject) and `,` (lead
    /// only), work put into a yearly programme.
    #[test]
    fn schedules_inside_items() {
        let doc = "IV. TỔ CHỨC THỰC HIỆN\n\
1. Ban Tuyên giáo Tỉnh ủy\n\
- Tổ chức 02 lớp tập huấn báo cáo viên:\n\
(1) Lớp cho báo cáo viên cấp tỉnh.\n\
Thời gian một ngày (05/6/2023).\n\
(2) Lớp cho báo cáo viên cấp huyện.\n\
Thời gian hai ngày (12, 13/6/2023).\n\
- Đưa nội dung này vào kế hoạch kiểm tra, giám sát hằng năm của cấp ủy.\n\
2. Kiểm điểm\n\
- Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy, kiểm điểm theo các nội dung nêu trên.\n\
Thực hiện trong tháng 8 và tháng 9/2023.\n\
3. Chế độ báo cáo\n\
Các huyện ủy, thành ủy báo cáo tiến độ vào ngày 15 hằng tháng và gửi báo cáo tổng kết về Ban Thường vụ Tỉnh ủy trước ngày 31/12/2023.\n\
4. Giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Văn phòng Tỉnh ủy theo dõi việc thực hiện; định kỳ hằng quý báo cáo Ban Thường vụ Tỉnh ủy.\n\
5. Giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp với Ban Nội chính Tỉnh ủy theo dõi, định kỳ báo cáo Thường trực Tỉnh ủy.\n";
        let tasks = extract(doc, &Outline::parse(doc), &Identity::default());
        type Row = (String, String, String, Option<String>, Option<String>);
        let got: Vec<Row> = tasks
            .iter()
            .map(|t| {
                let d = t.deadline.as_ref();
                (
                    t.section.clone().unwrap_or_default(),
                    t.organ.clone().unwrap_or_default(),
                    t.text.chars().take(24).collect(),
                    d.and_then(|d| d.start).map(|x| x.to_string()),
                    d.and_then(|d| d.end)
                        .map(|x| x.to_string())
                        .or_else(|| d.map(|d| format!("{:?}", d.kind))),
                )
            })
            .collect();
        let row = |s: &str, o: &str, t: &str, a: Option<&str>, b: Option<&str>| {
            (
                s.to_string(),
                o.to_string(),
                t.to_string(),
                a.map(String::from),
                b.map(String::from),
            )
        };
        assert_eq!(
            got,
            vec![
                // Both sub-items' time lines date the item: 5 … 13 June.
                row(
                    "IV.1",
                    "ban_tuyen_giao",
                    "Tổ chức 02 lớp tập huấn ",
                    Some("2023-06-05"),
                    Some("2023-06-13")
                ),
                row(
                    "IV.1",
                    "ban_tuyen_giao",
                    "Đưa nội dung này vào kế ",
                    None,
                    Some("Recurring")
                ),
                // The comma after the subject is a slip; the time line after the
                // last bullet dates the subsection.
                row(
                    "IV.2",
                    "cap_uy_vien",
                    "Các đồng chí Ủy viên Ban",
                    Some("2023-08-01"),
                    Some("2023-09-30")
                ),
                // Two actions, two schedule phrases: two tasks.
                row(
                    "IV.3",
                    "cap_uy_cap_duoi",
                    "Các huyện ủy, thành ủy b",
                    None,
                    Some("Recurring")
                ),
                row(
                    "IV.3",
                    "cap_uy_cap_duoi",
                    "gửi báo cáo tổng kết về ",
                    None,
                    Some("2023-12-31")
                ),
                // `; định kỳ …` binds lead and partner, `, định kỳ …` the lead only.
                row(
                    "IV.4",
                    "ban_to_chuc",
                    "Giao Ban Tổ chức Tỉnh ủy",
                    None,
                    Some("Recurring")
                ),
                row(
                    "IV.4",
                    "van_phong_cap_uy",
                    "Giao Ban Tổ chức Tỉnh ủy",
                    None,
                    Some("Recurring")
                ),
                row(
                    "IV.5",
                    "ban_dan_van",
                    "Giao Ban Dân vận Tỉnh ủy",
                    None,
                    Some("Recurring")
                ),
                row(
                    "IV.5",
                    "ban_noi_chinh",
                    "Giao Ban Dân vận Tỉnh ủy",
                    None,
                    None
                ),
            ]
        );
    }

    #[test]
    fn the_document_speaking_of_itself_is_no_task() {
        let doc = "III. TỔ CHỨC THỰC HIỆN\n7. Văn phòng Huyện ủy\n\
- Theo dõi, tổng hợp tình hình thực hiện (thực hiện thường xuyên).\n\
Kế hoạch này được phổ biến đến chi bộ.\n\
Chương trình này thay thế Chương trình số 05-CTr/HU.\n";
        let tasks = extract(doc, &Outline::parse(doc), &Identity::default());
        let texts: Vec<&str> = tasks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Theo dõi, tổng hợp tình hình thực hiện (thực hiện thường xuyên)."]
        );
        for (s, want) in [
            ("ke hoach nay duoc pho bien", true),
            ("  chuong trinh nay co hieu luc", true),
            ("ke hoach nay", false),
            ("xay dung ke hoach nay", false),
        ] {
            assert_eq!(is_self_reference(s), want, "{s}");
        }
    }
}
