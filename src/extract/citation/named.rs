//! Documents cited without a number: plenum resolutions (`Nghị quyết Trung
//! ương 4 (khóa XII)`, N-08), congress resolutions (`Nghị quyết Đại hội XIII
//! của Đảng`, IM-16), and documents named by their title (`Quy định về …`,
//! `Luật Viên chức`, `Đề án “…”`), one naming rule per class of
//! `grammar/citations.toml` (`named_*`). Each reads a bounded window.

use super::spans::{at_line_start, clause_end, consumed_len, floor_char, year_span_end, Blocked};
use super::tokens::{
    clean, date_at, issuer_at, phrase_at, plenum_number_at, roman, skip_spaces, term_at,
    tone_canonical,
};
use super::Mention;
use crate::extract::record::DocType;
use crate::extract::Doc;
use crate::grammar::{grammar, phrases};
use crate::text::{fold, is_word_byte, PhraseSet};

/// Longest clause read after a type word (bytes).
const CLAUSE_MAX: usize = 600;
/// Longest name read without a comma cut (longer clauses are lists).
const NAME_WORDS: usize = 20;

/// The naming rules, by class, and whether the type word must be
/// capitalised (`Quy định …` is a title, `quy định …` a verb or a common noun).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Regulation,
    Rules,
    Law,
    Ordinance,
    Project,
    Strategy,
    Charter,
    Platform,
    Plan,
}

const RULES: &[(&str, Rule)] = &[
    ("citations.named_regulation", Rule::Regulation),
    ("citations.named_rules", Rule::Rules),
    ("citations.named_law", Rule::Law),
    ("citations.named_ordinance", Rule::Ordinance),
    ("citations.named_project", Rule::Project),
    ("citations.named_strategy", Rule::Strategy),
    ("citations.named_charter", Rule::Charter),
    ("citations.named_platform", Rule::Platform),
    ("citations.named_plan", Rule::Plan),
];

fn named_mention(
    span: [usize; 2],
    doc_type: DocType,
    name: String,
    issuer: Option<String>,
    term: Option<String>,
    plenum: Option<u32>,
) -> Mention {
    let mut m = Mention::new(span, doc_type);
    m.name = Some(name);
    m.issuer = issuer;
    m.term = term;
    m.plenum = plenum;
    m
}

fn upper_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_uppercase)
}

/// Documents named without a number, outside the mentions' spans
/// (`blocked`, which they join). Titles are not read inside a numbered
/// document's subject (`Quyết định số 217-QĐ/TW … ban hành Quy chế …`);
/// plenum and congress resolutions, distinct documents, are.
pub fn named(doc: &Doc<'_>, blocked: &mut Blocked, subjects: &Blocked) -> Vec<Mention> {
    let mut out = Vec::new();
    plena(doc, blocked, &mut out);
    congresses(doc, blocked, &mut out);
    titled(doc, blocked, subjects, &mut out);
    repeats(doc, blocked, subjects, &mut out);
    out
}

/// `Nghị quyết Trung ương 4 (khóa XII)`, `Nghị quyết Hội nghị lần thứ tư Ban
/// Chấp hành Trung ương Đảng (khóa XI)`, `Kết luận Hội nghị Trung ương 4`,
/// `Nghị quyết TW4 khóa 11`.
fn plena(doc: &Doc<'_>, blocked: &mut Blocked, out: &mut Vec<Mention>) {
    let f = doc.folded.as_str();
    let grammar = crate::grammar::grammar();
    for h in phrases("citations.plenum_types").find_all(f) {
        let mut p = skip_spaces(f, h.end);
        if let Some(e) = phrase_at("citations.of", f, p) {
            p = skip_spaces(f, e);
        }
        if let Some(e) = phrase_at("citations.plenum", f, p) {
            p = skip_spaces(f, e);
        }
        let Some((n, mut end)) = plenum_number_at(f, p) else {
            continue;
        };
        // `(của) Ban Chấp hành Trung ương (Đảng)`
        let mut q = skip_spaces(f, end);
        if let Some(e) = phrase_at("citations.of", f, q) {
            q = skip_spaces(f, e);
        }
        if let Some(ih) = grammar.refs.issuer_at(f, q) {
            if grammar.refs.issuer(ih.issuer).is_some_and(|i| i.plenum) {
                end = ih.end;
            }
        }
        let term = term_at(f, end);
        if let Some((_, e)) = &term {
            end = *e;
        }
        let [a, b] = doc.folded.orig_span(h.start, end);
        if blocked.overlaps(a, b) {
            continue;
        }
        let name = clean(doc.text.get(a..b).unwrap_or(""));
        let name = name.trim_end_matches([',', ' ']).to_string();
        let doc_type = grammar
            .doc_types
            .of_word(&doc.text[a..doc.folded.orig_end(h.end)]);
        let central = grammar
            .refs
            .issuers()
            .iter()
            .find(|i| i.plenum)
            .map(|i| i.display().to_string());
        out.push(named_mention(
            [a, b],
            doc_type.unwrap_or(DocType::NghiQuyet),
            tone_canonical(&name),
            central,
            term.map(|t| t.0),
            Some(n),
        ));
        blocked.insert(a, b);
    }
}

/// `Nghị quyết Đại hội XIII của Đảng`, `Nghị quyết Đại hội Đảng bộ tỉnh lần
/// thứ XIV`: the name runs over the congress's words and numerals and must
/// hold a Roman numeral.
fn congresses(doc: &Doc<'_>, blocked: &mut Blocked, out: &mut Vec<Mention>) {
    let f = doc.folded.as_str();
    let b = f.as_bytes();
    for h in phrases("citations.congress").find_all(f) {
        let mut end = h.end;
        let mut words_end: Vec<(usize, bool)> = Vec::new(); // (end, is numeral)
        loop {
            if end >= b.len() || b[end] != b' ' {
                break;
            }
            let s = end + 1;
            // A Roman numeral, upper case as written.
            let mut e = s;
            while e < b.len() && b[e].is_ascii_alphanumeric() {
                e += 1;
            }
            let orig = doc
                .text
                .get(doc.folded.orig(s)..doc.folded.orig_end(e))
                .unwrap_or("");
            if e > s
                && (e >= b.len() || !is_word_byte(b[e]))
                && roman(&f[s..e]).is_some()
                && orig.chars().all(|c| c.is_ascii_uppercase())
            {
                end = e;
                words_end.push((e, true));
                continue;
            }
            if let Some(w) = phrase_at("citations.congress_words", f, s) {
                end = w;
                words_end.push((w, false));
                continue;
            }
            break;
        }
        if !words_end.iter().any(|(_, numeral)| *numeral) {
            continue;
        }
        // Trim trailing function words: the name ends on its numeral or body.
        let trailing = phrases("citations.congress_trailing");
        let mut cut = end;
        let [a, _] = doc.folded.orig_span(h.start, end);
        loop {
            let seg = &f[h.start..cut];
            let last_start = seg.rfind(' ').map_or(0, |k| k + 1);
            let last = &seg[last_start..];
            if trailing.at(last, 0).is_some_and(|x| x.end == last.len()) {
                cut = h.start + last_start.saturating_sub(1);
                continue;
            }
            break;
        }
        let bo = doc.folded.orig_end(cut);
        if blocked.overlaps(a, bo) {
            continue;
        }
        let name = tone_canonical(&clean(doc.text.get(a..bo).unwrap_or("")));
        let issuer = name
            .split_once(' ')
            .and_then(|(_, r)| r.split_once(' '))
            .map(|(_, r)| r.to_string());
        out.push(named_mention(
            [a, bo],
            DocType::NghiQuyet,
            name,
            issuer,
            None,
            None,
        ));
        blocked.insert(a, bo);
    }
}

/// Documents named by their title, one naming rule per class.
fn titled(doc: &Doc<'_>, blocked: &mut Blocked, subjects: &Blocked, out: &mut Vec<Mention>) {
    let f = doc.folded.as_str();
    let mut hits: Vec<(usize, usize, Rule)> = Vec::new();
    for (class, rule) in RULES {
        for h in phrases(class).find_all(f) {
            hits.push((h.start, h.end, *rule));
        }
    }
    hits.sort_by_key(|h| h.0);
    for (fs, fe, rule) in hits {
        let [ts, te] = doc.folded.orig_span(fs, fe);
        if blocked.overlaps(ts, te) || subjects.overlaps(ts, te) || issued_here(doc, fs, ts) {
            continue;
        }
        let type_word = tone_canonical(&clean(doc.text.get(ts..te).unwrap_or("")));
        // Capitalised, except `quy chế …` and `pháp lệnh …`.
        if !upper_at(doc.text, ts) && !matches!(rule, Rule::Rules | Rule::Ordinance) {
            continue;
        }
        // Plural: a common noun, not one document.
        if fs > 0 && phrases("citations.plural").ending_at(f, fs - 1).is_some() {
            continue;
        }
        let Some((span, doc_type, name, issuer)) = generic_name(doc, ts, te, &type_word, rule)
        else {
            continue;
        };
        if blocked.overlaps(span[0], span[1]) || subjects.overlaps(span[0], span[1]) {
            continue;
        }
        // A date after the name (`Luật Phòng, chống tham nhũng ngày 20
        // tháng 11 năm 2018`) is the document's.
        let mut span = span;
        let mut m = named_mention(span, doc_type, name, issuer, None, None);
        if let Some((d, e)) = date_at(doc.folded.as_str(), doc.folded.pos(span[1])) {
            m.date = d;
            span[1] = doc.folded.orig_end(e).max(span[1]);
            m.span = span;
        }
        out.push(m);
        blocked.insert(span[0], span[1]);
    }
}

/// The type word at folded `fs` names the document itself, in its issuing
/// clause (`… thống nhất ban hành Quy chế phối hợp như sau:`).
fn issued_here(doc: &Doc<'_>, fs: usize, ts: usize) -> bool {
    if attached_here(doc.folded.as_str(), fs) || title_issues(doc, fs, ts) {
        return true;
    }
    let Some(r) = doc.layout.issuing.as_ref().filter(|r| r.contains(&ts)) else {
        return false;
    };
    let f = doc.folded.as_str();
    let fr = doc.folded.range(r.start, r.end);
    let closes =
        f[fr.clone()].trim_end().ends_with(':') || phrases("implements.closing").contains_in(f, fr);
    closes
        && fs > 0
        && phrases("implements.issuing")
            .ending_at(doc.folded.as_str(), fs - 1)
            .is_some()
}

/// The type word at folded `fs` follows `kèm theo Quyết định này`:
/// the document this decision issues (`Điều 1. Ban hành kèm theo Quyết định
/// này Quy chế tổ chức và hoạt động …`), part of this record, not another
/// document.
fn attached_here(f: &str, fs: usize) -> bool {
    let Some(me) = fs
        .checked_sub(1)
        .filter(|&p| f.as_bytes().get(p) == Some(&b' '))
    else {
        return false;
    };
    let Some(this) = phrases("forms.self_reference").ending_at(f, me) else {
        return false;
    };
    this.start > 0
        && phrases("implements.attached_gap")
            .ending_at(f, this.start - 1)
            .is_some()
}

/// The type word at folded `fs` is what the title says this document issues
/// (`QUYẾT ĐỊNH / Ban hành Quy chế tổ chức và hoạt động …`, `Về việc phê
/// duyệt Đề án …`): the attached document, not a citation.
fn title_issues(doc: &Doc<'_>, fs: usize, ts: usize) -> bool {
    let Some(t) = doc.layout.title.as_ref().filter(|t| t.contains(&ts)) else {
        return false;
    };
    let f = doc.folded.as_str();
    let skip = |p: usize| {
        if f.as_bytes().get(p) == Some(&b' ') {
            p + 1
        } else {
            p
        }
    };
    let mut p = skip(doc.folded.pos(t.start));
    if let Some(h) = grammar().doc_types.words().at(f, p) {
        p = skip(h.end);
    }
    if let Some(h) = phrases("implements.relation_lead").at(f, p) {
        p = skip(h.end);
    }
    phrases("implements.issuing")
        .at(f, p)
        .is_some_and(|h| skip(h.end) == fs)
}

/// Read the name of an unnumbered document whose type word is `[ts, te)`.
/// Returns its span, type, name and issuer when it names one.
fn generic_name(
    doc: &Doc<'_>,
    ts: usize,
    te: usize,
    type_word: &str,
    rule: Rule,
) -> Option<([usize; 2], DocType, String, Option<String>)> {
    let text = doc.text;
    let f = doc.folded.as_str();
    let lower_type = type_word.to_lowercase();
    // Not at the start of a line or bullet (there `Quy định …` is a verb).
    if at_line_start(text, ts) && !matches!(rule, Rule::Charter | Rule::Law) {
        return None;
    }
    // A quoted title: `Đề án “Xây dựng xã hội học tập giai đoạn 2021 - 2030”`.
    if matches!(rule, Rule::Project | Rule::Strategy | Rule::Plan) {
        if let Some(q) = quoted_title(text, te) {
            let (qs, qe, end) = q;
            let title = clean(&text[qs..qe]);
            if title.split(' ').count() >= 2 {
                let name = tone_canonical(&format!("{type_word} {title}"));
                let dt = rule_type(rule, &lower_type);
                return Some(([ts, end], dt, name, None));
            }
        }
    }
    // The clause after the type word.
    let stop = clause_end(
        text,
        te,
        &['\n', ';', ':', '(', ')', '“', '"', '”'],
        CLAUSE_MAX,
    );
    let mut clause_end_b = stop;
    // A date ends the name (it is read after it).
    let r = doc.folded.range(te, stop);
    if let Some(h) = phrases("citations.date_word")
        .find_in(f, r.clone())
        .into_iter()
        .find(|h| date_at(f, h.start).is_some())
    {
        clause_end_b = doc.folded.orig(h.start).max(te);
    }
    // Name stops: phrases, and phrases after a comma.
    if let Some(h) = phrases("citations.name_stops")
        .find_in(f, r.clone())
        .into_iter()
        .next()
    {
        clause_end_b = clause_end_b.min(doc.folded.orig(h.start.saturating_sub(1)).max(te));
    }
    let fr = &f[r.clone()];
    let mut from = 0;
    while let Some(k) = fr[from..].find(',') {
        let at = r.start + from + k;
        let w = skip_spaces(f, at + 1);
        if phrases("citations.name_stops_after_comma")
            .at(f, w)
            .is_some()
        {
            clause_end_b = clause_end_b.min(doc.folded.orig(at).max(te));
            break;
        }
        from += k + 1;
    }
    let mut clause = &text[te..clause_end_b.max(te)];
    // A lower-case `quy chế …` is one document only when a body owns it:
    // `quy chế làm việc của Ban Chấp hành Đảng bộ Khối nhiệm kỳ 2020-2025`.
    if rule == Rule::Rules && type_word == "quy chế" {
        let (i, read) = owner(doc, te, clause)?;
        let iss = read.display.clone();
        if iss == "Trung ương" {
            return None;
        }
        // A short name of the rules, then the owner (and its term).
        if clean(&clause[..i]).split(' ').count() > 4 {
            return None;
        }
        let owner_end = doc
            .folded
            .orig_end(read.end)
            .saturating_sub(te)
            .min(clause.len());
        let after = clause[owner_end..].trim_start();
        let whole = match year_span_end(&clause[owner_end..]) {
            Some(e) if fold(after).starts_with("nhiem ky") => &clause[..owner_end + e],
            _ => &clause[..owner_end],
        };
        let name = format!("Quy chế {}", clean(whole).trim_end_matches([',', ' ']));
        let end = te + consumed_len(&text[te..], name.trim_start_matches("Quy chế "));
        return Some(([ts, end], DocType::Other, tone_canonical(&name), Some(iss)));
    }
    // An issuer ends the name: `… 2021-2025 của Chính phủ`.
    let mut issuer = None;
    if let Some((i, read)) = owner(doc, te, clause) {
        issuer = Some(read.display);
        clause = &clause[..i];
    }
    if let Some(e) = year_span_end(clause) {
        clause = &clause[..e];
    }
    let content = clean(clause);
    let content = content.trim_end_matches([',', ' ']).to_string();
    let words: Vec<&str> = content.split(' ').filter(|w| !w.is_empty()).collect();
    let first = words
        .first()
        .copied()
        .unwrap_or("")
        .trim_end_matches([',', '.', ';']);
    let whole = |class: &str, w: &str| {
        let fw = fold(w);
        phrases(class).at(&fw, 0).is_some_and(|h| h.end == fw.len())
    };
    if whole("citations.not_a_name", first) || first.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let upper_first = first.starts_with(char::is_uppercase);
    let (name_words, dt): (Vec<&str>, DocType) = match rule {
        Rule::Charter | Rule::Platform => (vec![], DocType::Other),
        Rule::Law => {
            if !upper_first {
                return None;
            }
            (law_name(&words), DocType::Luat)
        }
        Rule::Regulation | Rule::Rules => {
            let skip = content_skip(&words);
            // Each body's own rules, not one document.
            let head = format!(
                "{lower_type} {}",
                words.iter().take(2).copied().collect::<Vec<_>>().join(" ")
            );
            let head = fold(head.trim_end_matches(','));
            let generic = phrases("citations.generic_names")
                .at(&head, 0)
                .is_some_and(|h| h.end == head.len());
            if generic && words.get(2).is_none_or(|w| fold(w) != "cua") {
                return None;
            }
            if words.len() < skip + 3 || upper_first {
                return None;
            }
            (cap_words(&words, NAME_WORDS), rule_type(rule, &lower_type))
        }
        Rule::Ordinance => {
            if words.len() < 2 {
                return None;
            }
            (cap_words(&words, NAME_WORDS), DocType::Other)
        }
        Rule::Project | Rule::Strategy => {
            if words.len() < 2 || upper_first {
                return None;
            }
            (cap_words(&words, NAME_WORDS), rule_type(rule, &lower_type))
        }
        Rule::Plan => {
            if year_span_end(&content).is_none()
                || whole("citations.plan_not_a_name", first)
                || upper_first
            {
                return None;
            }
            (cap_words(&words, NAME_WORDS), rule_type(rule, &lower_type))
        }
    };
    let name = if name_words.is_empty() {
        type_word.to_string()
    } else {
        format!("{} {}", type_word, name_words.join(" "))
    };
    let name = tone_canonical(name.trim_end_matches([',', ' ']));
    let rest = &text[te..floor_char(text, (te + CLAUSE_MAX).min(text.len()))];
    let end = if name_words.is_empty() {
        te
    } else {
        te + consumed_len(rest, &name_words.join(" "))
    };
    Some(([ts, end], dt, name, issuer))
}

/// The type a naming rule gives (`Chương trình …` → chuong_trinh).
fn rule_type(rule: Rule, lower_type: &str) -> DocType {
    match rule {
        Rule::Regulation => DocType::QuyDinh,
        Rule::Law => DocType::Luat,
        Rule::Project => DocType::DeAn,
        Rule::Plan => crate::grammar::grammar()
            .doc_types
            .of_word(lower_type)
            .unwrap_or(DocType::KeHoach),
        _ => DocType::Other,
    }
}

/// `của X` inside a clause starting at `te`: its offset in the clause and
/// the issuer read there.
fn owner(doc: &Doc<'_>, te: usize, clause: &str) -> Option<(usize, super::tokens::IssuerRead)> {
    let f = doc.folded.as_str();
    let r = doc.folded.range(te, te + clause.len());
    // Only the first `của`: a later one belongs to the name's own words.
    let h = phrases("citations.of").find_in(f, r).into_iter().next()?;
    let read = issuer_at(doc.text, &doc.folded, h.start)?;
    if !read.of {
        return None;
    }
    let at = doc.folded.orig(h.start).saturating_sub(te);
    // back to the space before `của`
    let at = clause[..floor_char(clause, at.min(clause.len()))]
        .trim_end()
        .len();
    Some((at, read))
}

/// A quoted title right after a type word: (title start, title end, span end).
fn quoted_title(text: &str, te: usize) -> Option<(usize, usize, usize)> {
    let rest = text.get(te..)?;
    let lead = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
    let r = &rest[lead..];
    let open = r.chars().next().filter(|c| matches!(c, '“' | '"'))?;
    let qs = te + lead + open.len_utf8();
    let hi = floor_char(text, (qs + CLAUSE_MAX).min(text.len()));
    let body = &text[qs..hi];
    let close = body.find(['”', '"', '\n'])?;
    if body[close..].starts_with('\n') {
        return None;
    }
    let qe = qs + close;
    let end = qe + body[close..].chars().next().map_or(0, char::len_utf8);
    Some((qs, qe, end))
}

/// Words to skip before a regulation's own content (`về`, `của Đảng về`).
fn content_skip(words: &[&str]) -> usize {
    let is = |class: &str, w: Option<&&str>| {
        w.is_some_and(|w| {
            let fw = fold(w);
            phrases(class).at(&fw, 0).is_some_and(|h| h.end == fw.len())
        })
    };
    if is("citations.subject_intro", words.first()) {
        1
    } else if is("citations.of", words.first()) && is("citations.subject_intro", words.get(2)) {
        3
    } else {
        0
    }
}

/// At most `n` words; a longer clause is cut at its first comma.
fn cap_words<'a>(words: &[&'a str], n: usize) -> Vec<&'a str> {
    if words.len() <= n {
        return words.to_vec();
    }
    let mut out = Vec::new();
    for w in words {
        if let Some(stripped) = w.strip_suffix(',') {
            out.push(stripped);
            break;
        }
        out.push(w);
    }
    out
}

/// `Luật Cán bộ, công chức, Luật Viên chức`: a comma belongs to the name when
/// a short lower-case tail follows and then another law or the clause ends.
fn law_name<'a>(words: &[&'a str]) -> Vec<&'a str> {
    let stop = |w: &str| matches!(fold(w).as_str(), "va" | "luat" | "nam");
    let mut out: Vec<&'a str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if fold(w) == "va" || (fold(w) == "luat" && w.starts_with(char::is_uppercase)) {
            break;
        }
        if let Some(stripped) = w.strip_suffix(',') {
            // look ahead: a few lower-case words, then `,`/`và`/`năm`/`Luật`/end
            let mut j = i + 1;
            let mut tail: Vec<&'a str> = Vec::new();
            while j < words.len() && tail.len() < 5 {
                let x = words[j];
                if !x.starts_with(char::is_lowercase) || stop(x) {
                    break;
                }
                tail.push(x.trim_end_matches(','));
                j += 1;
                if x.ends_with(',') {
                    break;
                }
            }
            let ends_here = j >= words.len() || words[j - 1].ends_with(',') || stop(words[j]);
            if !tail.is_empty() && tail.len() <= 4 && ends_here {
                out.push(w);
                out.extend(tail);
            } else {
                out.push(stripped);
            }
            return out;
        }
        out.push(w);
        i += 1;
        if out.len() >= 8 {
            break;
        }
    }
    out
}

/// Lower-case repeats of a regulation found capitalised elsewhere
/// (`quy định về những điều đảng viên không được làm`), in one pass.
fn repeats(doc: &Doc<'_>, blocked: &mut Blocked, subjects: &Blocked, out: &mut Vec<Mention>) {
    let regs: Vec<Mention> = out
        .iter()
        .filter(|m| {
            m.name
                .as_deref()
                .is_some_and(|n| m.doc_type == DocType::QuyDinh || fold(n).starts_with("quy che"))
        })
        .cloned()
        .collect();
    if regs.is_empty() {
        return;
    }
    let set: PhraseSet<usize> = PhraseSet::new(
        regs.iter()
            .enumerate()
            .filter_map(|(i, m)| m.name.as_deref().map(|n| (n.to_string(), i))),
    );
    let f = doc.folded.as_str();
    for h in set.find_all(f) {
        let [a, b] = doc.folded.orig_span(h.start, h.end);
        // Lower-case as written (the capitalised ones were found already).
        if upper_at(doc.text, a) || blocked.overlaps(a, b) || subjects.overlaps(a, b) {
            continue;
        }
        let mut r = regs[*h.value].clone();
        r.span = [a, b];
        out.push(r);
        blocked.insert(a, b);
    }
}
