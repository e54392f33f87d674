//! Finding mentions: numbered citations (type word + số/ký hiệu + tail),
//! bare số/ký hiệu in lists, and documents named without a number.

use std::sync::LazyLock;

use regex::Regex;

use super::tokens::{
    self, clean, doc_type_of, doc_type_of_symbol, phrase, tone_canonical, BARE_REF, DATE, ISSUER,
    REF, SEP, TERM,
};
use super::Mention;
use crate::extract::record::DocType;
use crate::extract::refs;

/// Type word + optional `số` + số/ký hiệu, or a bare number that the tail
/// (date, issuer) must confirm.
///
/// The grammar is `\b(?:NUMBERED_BODY)` with a `\b` after `num`; both
/// boundaries are checked in code ([`numbered_captures`], [`numbered_at_start`])
/// because a Unicode `\b` forces the regex crate's slowest engine.
fn numbered_body() -> String {
    format!(
        r"(?i)(?P<type>{})(?:{SEP}(?P<so>{}))?[\s*:]+(?:(?P<ref>{REF})|(?P<num>\d{{1,4}}))",
        tokens::type_alternation(),
        phrase("số"),
    )
}

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&numbered_body()).expect("static regex"));

/// [`NUMBERED`] anchored at the start of the haystack.
static NUMBERED_ANCHORED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{})", numbered_body())).expect("static regex"));

/// The `\b` after a bare number of [`NUMBERED`]: nothing word-like follows it.
fn num_ends_word(text: &str, c: &regex::Captures<'_>) -> bool {
    c.name("num")
        .is_none_or(|n| !tokens::word_char_at(text, n.end()))
}

/// Every numbered mention candidate, as `captures_iter` of the full grammar.
fn numbered_captures(text: &str) -> Vec<regex::Captures<'_>> {
    tokens::word_start_captures(&NUMBERED, text, |c| num_ends_word(text, c))
}

/// True when a numbered mention starts right at the start of `s` (a haystack
/// start is always a word boundary).
fn numbered_at_start(s: &str) -> bool {
    NUMBERED_ANCHORED
        .captures(s)
        .is_some_and(|c| num_ends_word(s, &c))
}

/// `Nghị quyết Trung ương 4 (khóa XII)`, `Nghị quyết Hội nghị lần thứ tư Ban
/// Chấp hành Trung ương Đảng (khóa XI)`, `Kết luận Hội nghị Trung ương 4 (khoá XIII)`.
static PLENUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<type>{nq}|{kl}){SEP}(?:{cua}{SEP})?(?:{hn}{SEP})?(?:{lt}{SEP}(?P<ord>\p{{L}}+|\d+)|{tw}{SEP}(?P<n>\d{{1,2}})\b)(?:{SEP}(?:{cua}{SEP})?{bch}(?:{SEP}{dang})?)?(?:[\s*,]*\(?[\s*]*{khoa}{SEP}(?P<term>[IVXLC]+)\b\)?)?",
        nq = phrase("Nghị quyết"),
        kl = phrase("Kết luận"),
        cua = phrase("của"),
        hn = phrase("Hội nghị"),
        lt = phrase("lần thứ"),
        tw = phrase("Trung ương"),
        bch = phrase("Ban Chấp hành Trung ương"),
        dang = phrase("Đảng"),
        khoa = phrase("khóa"),
    ))
    .expect("static regex")
});

/// `Nghị quyết Đại hội XIII của Đảng`, `Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV`.
static CONGRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{nq}{SEP}{dh}(?P<tail>(?:{SEP}(?:[IVXLC]+\b|(?i:đảng|bộ|tỉnh|huyện|thành{SEP}phố|toàn{SEP}quốc|đại{SEP}biểu|lần{SEP}thứ|của)\b))*)",
        nq = phrase("Nghị quyết"),
        dh = phrase("Đại hội"),
    ))
    .expect("static regex")
});

/// Type words that name documents without a number.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    let words = [
        "Quy định",
        "Quy chế",
        "quy chế",
        "Luật",
        "Pháp lệnh",
        "pháp lệnh",
        "Đề án",
        "Chiến lược",
        "Điều lệ",
        "Cương lĩnh",
        "Kế hoạch",
        "Chương trình",
    ];
    let alt = words
        .iter()
        .map(|w| phrase(w))
        .collect::<Vec<_>>()
        .join("|");
    // `\b(?P<type>{alt})\b`, the boundaries checked by [`named_type_words`].
    Regex::new(&format!(r"(?P<type>{alt})")).expect("static regex")
});

/// Matches of `re` that start and end on Unicode word boundaries, as
/// `captures_iter` of `\b(?:re)\b` gives them (`re` has one match length per
/// start, so checking the boundaries afterwards is exact).
fn bounded_captures<'h>(re: &Regex, text: &'h str) -> Vec<regex::Captures<'h>> {
    tokens::word_start_captures(re, text, |c| {
        c.get(0)
            .is_some_and(|m| tokens::is_word_boundary(text, m.end()))
    })
}

/// A compiled `\b`-less pattern for a phrase, cached per thread: the same
/// regulation names recur across the documents of a corpus.
fn phrase_regex(pat: &str) -> Option<Regex> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(re) = cache.get(pat) {
            return Some(re.clone());
        }
        let re = Regex::new(pat).ok()?;
        if cache.len() >= 512 {
            cache.clear();
        }
        cache.insert(pat.to_string(), re.clone());
        Some(re)
    })
}

static YEAR_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}(?:\s*-\s*\d{4})?").expect("static regex"));

/// Longest name read without a comma cut (longer clauses are lists).
const NAME_WORDS: usize = 20;

/// Phrases that end the name of an unnumbered document.
const NAME_STOPS: &[&str] = &[
    ", các ",
    ", những ",
    " theo ",
    " nói chung",
    " gắn với",
    " gắn ",
    ", nhất là",
    " nhất là",
    " với phương châm",
    " để ",
    " và các ",
    " đã ",
    ", bảo đảm",
    " bảo đảm",
    ", tiến hành",
    ", chú trọng",
    ", không ",
    " trong tình hình",
    " vào ",
    " cho ",
];

/// Names that denote every body's own rules rather than one document.
const GENERIC_NAMES: &[&str] = &["quy chế làm việc", "quy chế dân chủ", "quy định hiện hành"];

/// Verbs that open a subject which is really a relation (`về thực hiện …`).
static SUBJECT_RELATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{}{SEP})?(?:{}{SEP})?(?:{}{SEP})?{}",
        phrase("việc"),
        phrase("tiếp tục"),
        phrase("triển khai"),
        phrase("thực hiện")
    ))
    .expect("static regex")
});

/// A coordinated document starting inside a subject: `…, Quy định của Đảng …`.
static NEXT_DOC: LazyLock<Regex> = LazyLock::new(|| {
    let words = [
        "Nghị quyết",
        "Kết luận",
        "Chỉ thị",
        "Quyết định",
        "Quy định",
        "Quy chế",
        "Kế hoạch",
        "Chương trình",
        "Hướng dẫn",
        "Đề án",
        "Luật",
        "Điều lệ",
        "Chiến lược",
        "Thông báo",
        "Công văn",
        "Nghị định",
        "Thông tư",
    ];
    let alt = words
        .iter()
        .map(|w| phrase(w))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(r"(?:,|{SEP}{}){SEP}(?:{alt})\b", phrase("và"))).expect("static regex")
});

/// Find every citation mention in a normalised text, in text order.
pub fn find(text: &str) -> Vec<Mention> {
    let mut mentions = numbered(text);
    bare_refs(text, &mut mentions);
    mentions.sort_by_key(|m| m.span[0]);
    let subjects = fill_subjects(text, &mut mentions);
    share_issuers(text, &mut mentions);
    let named = named(text, &mentions, &subjects);
    mentions.extend(named);
    let objects = relation_objects(text, &mentions);
    mentions.extend(objects);
    mentions.sort_by_key(|m| m.span[0]);
    mentions
}

/// What follows a số/ký hiệu: term, date, issuer.
struct Tail {
    end: usize,
    date: Option<chrono::NaiveDate>,
    issuer: Option<String>,
    term: Option<String>,
    plenum: Option<u32>,
}

fn tail(text: &str, start: usize) -> Tail {
    let mut t = Tail {
        end: start,
        date: None,
        issuer: None,
        term: None,
        plenum: None,
    };
    for _round in 0..2 {
        let mut progressed = false;
        if let Some(c) = TERM.captures(&text[t.end..]) {
            t.term.get_or_insert_with(|| c["t"].to_string());
            t.end += c.get(0).map_or(0, |m| m.end());
            progressed = true;
        }
        if t.date.is_none() {
            if let Some(c) = DATE.captures(&text[t.end..]) {
                t.date = tokens::date_of(&c);
                t.end += c.get(0).map_or(0, |m| m.end());
                progressed = true;
            }
        }
        if t.issuer.is_none() {
            if let Some(c) = ISSUER.captures(&text[t.end..]) {
                let raw = &c["iss"];
                let direct = c.name("cua").is_some()
                    || ["Hội", "Ban Chấp", "Bộ Chính", "Ban Bí"]
                        .iter()
                        .any(|h| raw.starts_with(h));
                if direct {
                    let display = tokens::issuer_display(raw);
                    // the display form may be shorter than the match (place tail cut)
                    let consumed = consumed_len(raw, &display);
                    t.plenum = plenum_of(raw);
                    t.issuer = Some(display);
                    let iss_start = c.get(0).map_or(0, |m| m.end()) - raw.len();
                    t.end += iss_start + consumed;
                    progressed = true;
                }
            }
        }
        if !progressed {
            break;
        }
    }
    t
}

/// How many bytes of `raw` the display form `display` covers (by words).
fn consumed_len(raw: &str, display: &str) -> usize {
    let words = clean(display).split(' ').count();
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in raw.char_indices() {
        let sep = c.is_whitespace() || c == '*' || c == '_';
        if !sep && !in_word {
            if seen == words {
                return raw[..i].trim_end().len();
            }
            seen += 1;
        }
        in_word = !sep;
    }
    raw.len()
}

fn plenum_of(raw: &str) -> Option<u32> {
    static P: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?:{}{SEP}(?P<o>\S+)|{}{SEP}{}{SEP}(?P<n>\d+))",
            phrase("lần thứ"),
            phrase("Hội nghị"),
            phrase("Trung ương")
        ))
        .expect("static regex")
    });
    let c = P.captures(raw)?;
    c.name("o")
        .or(c.name("n"))
        .and_then(|m| tokens::ordinal(m.as_str()))
}

fn numbered(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    for c in numbered_captures(text) {
        let (Some(all), Some(tw)) = (c.get(0), c.name("type")) else {
            continue;
        };
        let doc_type = doc_type_of(tw.as_str());
        let (value, vspan) = match (c.name("ref"), c.name("num")) {
            (Some(r), _) => (r.as_str(), [r.start(), r.end()]),
            (None, Some(n)) => (n.as_str(), [n.start(), n.end()]),
            _ => continue,
        };
        let t = tail(text, all.end());
        let reference = if c.name("ref").is_some() {
            Some(refs::normalize_ref(value))
        } else {
            // a bare number: only a citation when `số` or a date confirms it
            if c.name("so").is_none() && t.date.is_none() {
                continue;
            }
            let Some(r) = t
                .issuer
                .as_deref()
                .and_then(|iss| refs::infer_symbol(value, doc_type, iss))
            else {
                continue;
            };
            Some(r)
        };
        let end = all.start() + text[all.start()..t.end.max(all.end())].trim_end().len();
        out.push(Mention {
            span: [all.start(), end],
            ref_span: Some(vspan),
            doc_type,
            reference,
            name: None,
            date: t.date,
            issuer: t.issuer,
            subject: None,
            term: t.term,
            plenum: t.plenum,
        });
    }
    out
}

/// Số/ký hiệu written without a type word (`Quyết định số 217-QĐ/TW, 218-QĐ/TW`).
fn bare_refs(text: &str, mentions: &mut Vec<Mention>) {
    let covered: Vec<[usize; 2]> = mentions.iter().filter_map(|m| m.ref_span).collect();
    let mut extra = Vec::new();
    for m in tokens::word_start_captures(&BARE_REF, text, |_| true)
        .into_iter()
        .filter_map(|c| c.get(0))
    {
        if covered
            .iter()
            .any(|s| s[0] <= m.start() && m.start() < s[1])
        {
            continue;
        }
        // the document's own number in its header: `Số 60-KH/TU`, `Số: 12/KH-UBND`
        let line_start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let before = tone_canonical(&clean(&text[line_start..m.start()])).to_lowercase();
        let before = before.trim_end_matches(':').trim();
        if before == "số" || before == "số hiệu" {
            continue;
        }
        let reference = refs::normalize_ref(m.as_str());
        // inherit the type of the previous mention when this continues its list
        let prev = mentions
            .iter()
            .filter(|p| p.span[1] <= m.start())
            .max_by_key(|p| p.span[1]);
        let doc_type = match prev {
            Some(p)
                if text[p.span[1]..m.start()]
                    .trim_matches([' ', ',', '*'])
                    .is_empty()
                    || text[p.span[1]..m.start()].trim() == "và" =>
            {
                p.doc_type
            }
            _ => doc_type_of_symbol(&reference),
        };
        let t = tail(text, m.end());
        let end = m.start() + text[m.start()..t.end.max(m.end())].trim_end().len();
        extra.push(Mention {
            span: [m.start(), end],
            ref_span: Some([m.start(), m.end()]),
            doc_type,
            reference: Some(reference),
            name: None,
            date: t.date,
            issuer: t.issuer,
            subject: None,
            term: t.term,
            plenum: t.plenum,
        });
    }
    mentions.extend(extra);
}

/// Subject (`về …`, `ban hành …`, a quoted title) after each numbered mention.
fn fill_subjects(text: &str, mentions: &mut [Mention]) -> Vec<[usize; 2]> {
    let mut spans = Vec::new();
    static INTRO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r#"^[\s*,]*(?:(?P<ve>{}|{}|{}){SEP}|(?P<q>[“"]))"#,
            phrase("về"),
            phrase("Về"),
            phrase("ban hành")
        ))
        .expect("static regex")
    });
    let starts: Vec<usize> = mentions.iter().map(|m| m.span[0]).collect();
    for m in mentions.iter_mut() {
        let end = m.span[1];
        let Some(c) = INTRO.captures(&text[end..]) else {
            continue;
        };
        let Some(all) = c.get(0) else { continue };
        let s = end + all.end();
        let next = starts
            .iter()
            .copied()
            .find(|&p| p >= s)
            .unwrap_or(text.len());
        let limit = if c.name("q").is_some() {
            text[s..]
                .find(['”', '"'])
                .map_or(next, |i| (s + i).min(next))
        } else {
            sentence_part_end(text, s).min(next)
        };
        let limit = match NEXT_DOC.find(&text[s..limit]) {
            Some(m) if c.name("q").is_none() => s + m.start(),
            _ => limit,
        };
        let subj = clean(&text[s..limit]);
        let subj = subj
            .trim_end_matches([',', ' '])
            .trim_end_matches(" và")
            .trim()
            .to_string();
        if !subj.is_empty() {
            if !SUBJECT_RELATION.is_match(&subj) {
                spans.push([s, limit]);
            }
            m.subject = Some(subj);
        }
    }
    spans
}

/// End of the clause starting at `s`: `;`, `(`, a line break, `.` or `:`.
fn sentence_part_end(text: &str, s: usize) -> usize {
    let rest = &text[s..];
    let mut prev = ' ';
    for (i, c) in rest.char_indices() {
        match c {
            ';' | '(' | '\n' | ':' => return s + i,
            '.' if !prev.is_ascii_digit() => return s + i,
            _ => {}
        }
        prev = c;
    }
    text.len()
}

/// `A … và B của X`: A without an issuer shares B's (not its date).
fn share_issuers(text: &str, mentions: &mut [Mention]) {
    for i in (0..mentions.len().saturating_sub(1)).rev() {
        if mentions[i].issuer.is_some() || mentions[i].name.is_some() {
            continue;
        }
        let (a_end, b_start) = (mentions[i].span[1], mentions[i + 1].span[0]);
        if b_start < a_end || b_start - a_end > 400 {
            continue;
        }
        let gap = &text[a_end..b_start];
        if gap.contains([';', '\n', '(', ':']) {
            continue;
        }
        let g = clean(gap);
        let g = g.trim();
        let coordinated = g.is_empty() || g.ends_with(',') || g.ends_with(" và") || g == "và";
        if coordinated && !g.contains("thực hiện") {
            mentions[i].issuer = mentions[i + 1].issuer.clone();
        }
    }
}

/// Documents named without a number.
fn named(text: &str, numbered: &[Mention], subjects: &[[usize; 2]]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    // spans that named mentions must not fall into: the numbered mentions and
    // their subjects (a `Quy chế …` inside `Quyết định số 217 về Quy chế …`)
    let mut blocked: Vec<[usize; 2]> = numbered.iter().map(|m| m.span).collect();
    blocked.extend_from_slice(subjects);
    let is_blocked =
        |a: usize, b: usize, blocked: &[[usize; 2]]| blocked.iter().any(|s| a < s[1] && s[0] < b);

    for c in PLENUM.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        if is_blocked(all.start(), all.end(), &blocked) {
            continue;
        }
        let plenum = c
            .name("ord")
            .or(c.name("n"))
            .and_then(|m| tokens::ordinal(m.as_str()));
        if plenum.is_none() {
            continue;
        }
        let name = clean(all.as_str()).trim_end_matches([',', ' ']).to_string();
        out.push(named_mention(
            [all.start(), all.end()],
            doc_type_of(&c["type"]),
            tone_canonical(&name),
            Some("Ban Chấp hành Trung ương".to_string()),
            c.name("term").map(|t| t.as_str().to_string()),
            plenum,
        ));
        blocked.push([all.start(), all.end()]);
    }

    for c in CONGRESS.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        if is_blocked(all.start(), all.end(), &blocked) {
            continue;
        }
        // trim trailing function words so the name ends on its numeral or body
        let mut words: Vec<String> = clean(all.as_str()).split(' ').map(str::to_string).collect();
        while let Some(last) = words.last() {
            let l = last.to_lowercase();
            if ["của", "lần", "thứ", "toàn", "quốc", "bộ", "thành"].contains(&l.as_str())
            {
                words.pop();
            } else {
                break;
            }
        }
        if !words.iter().any(|w| tokens::roman(w).is_some()) {
            continue;
        }
        let name = tone_canonical(&words.join(" "));
        let end = all.start() + consumed_len(all.as_str(), &name);
        let issuer = name.strip_prefix("Nghị quyết ").map(str::to_string);
        out.push(named_mention(
            [all.start(), end],
            DocType::NghiQuyet,
            name,
            issuer,
            None,
            None,
        ));
        blocked.push([all.start(), end]);
    }

    for c in bounded_captures(&NAMED, text) {
        let Some(tm) = c.name("type") else { continue };
        if is_blocked(tm.start(), tm.end(), &blocked) {
            continue;
        }
        let Some((span, doc_type, name, issuer)) = generic_name(text, tm.start(), tm.end()) else {
            continue;
        };
        if is_blocked(span[0], span[1], &blocked) {
            continue;
        }
        out.push(named_mention(span, doc_type, name, issuer, None, None));
        blocked.push(span);
    }

    // lower-case repeats of a regulation found capitalised elsewhere
    let mut repeats = Vec::new();
    for m in &out {
        let Some(name) = &m.name else { continue };
        if !matches!(m.doc_type, DocType::QuyDinh) && !name.starts_with("Quy chế") {
            continue;
        }
        let mut lower = name.clone();
        if let Some(f) = lower.chars().next() {
            let rest = &name[f.len_utf8()..];
            lower = format!("{}{}", f.to_lowercase(), rest);
        }
        // `\b{phrase}\b`: the boundaries are checked by `bounded_captures`
        let Some(re) = phrase_regex(&phrase(&lower)) else {
            continue;
        };
        for f in bounded_captures(&re, text)
            .into_iter()
            .filter_map(|c| c.get(0))
        {
            if is_blocked(f.start(), f.end(), &blocked) {
                continue;
            }
            let mut r = m.clone();
            r.span = [f.start(), f.end()];
            repeats.push(r);
        }
    }
    out.extend(repeats);
    out
}

fn named_mention(
    span: [usize; 2],
    doc_type: DocType,
    name: String,
    issuer: Option<String>,
    term: Option<String>,
    plenum: Option<u32>,
) -> Mention {
    Mention {
        span,
        ref_span: None,
        doc_type,
        reference: None,
        name: Some(name),
        date: None,
        issuer,
        subject: None,
        term,
        plenum,
    }
}

/// Read the name of an unnumbered document starting with the type word at
/// `[ts, te)`. Returns its span, type, name and issuer when it names one.
fn generic_name(
    text: &str,
    ts: usize,
    te: usize,
) -> Option<([usize; 2], DocType, String, Option<String>)> {
    let type_word = tone_canonical(&clean(&text[ts..te]));
    let lower_type = type_word.to_lowercase();
    // not at the start of a line or bullet (there `Quy định …` is often a verb)
    let line_start = text[..ts].rfind('\n').map_or(0, |i| i + 1);
    let lead = text[line_start..ts].trim_matches([' ', '\t', '-', '+', '*', '#', '•']);
    if lead.is_empty() && lower_type != "điều lệ" && lower_type != "luật" {
        return None;
    }
    // not the object of `ban hành` (it describes another document) nor a plural
    let before =
        tone_canonical(&clean(&text[floor_char(text, ts.saturating_sub(24))..ts]).to_lowercase());
    let before = before.trim_end();
    if before.ends_with("các") || before.ends_with("những") {
        return None;
    }
    // the clause after the type word
    let rest_start = te;
    let mut end = rest_start;
    let rest = &text[rest_start..];
    let mut stop = rest.len();
    for (i, c) in rest.char_indices() {
        if matches!(c, '\n' | ';' | ':' | '(' | ')' | '“' | '"' | '”') {
            stop = i;
            break;
        }
        if c == '.' && !rest[..i].ends_with(|p: char| p.is_ascii_digit()) {
            stop = i;
            break;
        }
    }
    let mut clause = &rest[..stop];
    if let Some(i) = NAME_STOPS.iter().filter_map(|s| clause.find(s)).min() {
        clause = &clause[..i];
    }
    // a lower-case `quy chế …` is one document only when a body owns it:
    // `quy chế làm việc của Ban Chấp hành Đảng bộ Khối nhiệm kỳ 2020-2025`
    if type_word == "quy chế" {
        let i = clause.find(" của ")?;
        let c = ISSUER.captures(&clause[i..])?;
        let iss = tokens::issuer_display(&c["iss"]);
        if c.name("cua").is_none() || iss == "Trung ương" {
            return None;
        }
        // a short name of the rules, then the owner (and its term)
        if clean(&clause[..i]).split(' ').count() > 4 {
            return None;
        }
        let owner_end = i + c.get(0).map_or(0, |m| m.end());
        let after = clause[owner_end..].trim_start();
        let whole = match YEAR_SPAN.find(&clause[owner_end..]) {
            Some(m) if after.starts_with("nhiệm kỳ") => &clause[..owner_end + m.end()],
            _ => &clause[..owner_end],
        };
        let name = format!("Quy chế {}", clean(whole).trim_end_matches([',', ' ']));
        let end = te + consumed_len(rest, name.trim_start_matches("Quy chế "));
        return Some(([ts, end], DocType::Other, tone_canonical(&name), Some(iss)));
    }
    // an issuer ends the name: `… 2021-2025 của Chính phủ`
    let mut issuer = None;
    if let Some(i) = clause.find(" của ") {
        if let Some(c) = ISSUER.captures(&clause[i..]) {
            if c.name("cua").is_some() {
                issuer = Some(tokens::issuer_display(&c["iss"]));
                clause = &clause[..i];
            }
        }
    }
    if let Some(m) = YEAR_SPAN.find(clause) {
        clause = &clause[..m.end()];
    }
    let content = clean(clause);
    let content = content.trim_end_matches([',', ' ']).to_string();
    let words: Vec<&str> = content.split(' ').filter(|w| !w.is_empty()).collect();
    let first = words
        .first()
        .copied()
        .unwrap_or("")
        .trim_end_matches([',', '.', ';']);
    if first == "số" || first.starts_with(|c: char| c.is_ascii_digit()) || first == "này" {
        return None;
    }
    let (name_words, dt): (Vec<&str>, DocType) = match lower_type.as_str() {
        "điều lệ" => {
            if first != "Đảng" {
                return None;
            }
            (vec!["Đảng"], DocType::Other)
        }
        "cương lĩnh" => {
            if first == "chính" && words.get(1) == Some(&"trị") {
                (vec!["chính", "trị"], DocType::Other)
            } else {
                (vec![], DocType::Other)
            }
        }
        "luật" => {
            if !first.starts_with(char::is_uppercase) {
                return None;
            }
            law_name(&words, rest)
        }
        "quy định" | "quy chế" => {
            let skip = content_skip(&words);
            // each body's own rules, not one document
            let head = format!(
                "{lower_type} {}",
                words.iter().take(2).copied().collect::<Vec<_>>().join(" ")
            );
            let head = head.trim_end_matches(',');
            if GENERIC_NAMES.contains(&head) && words.get(2).is_none_or(|w| *w != "của") {
                return None;
            }
            if words.len() < skip + 3 || first.starts_with(char::is_uppercase) {
                return None;
            }
            let dt = if lower_type == "quy định" {
                DocType::QuyDinh
            } else {
                DocType::Other
            };
            (cap_words(&words, NAME_WORDS), dt)
        }
        "pháp lệnh" => {
            if words.len() < 2 {
                return None;
            }
            (cap_words(&words, NAME_WORDS), DocType::Other)
        }
        "đề án" => {
            if words.len() < 2 || first.starts_with(char::is_uppercase) {
                return None;
            }
            (cap_words(&words, NAME_WORDS), DocType::DeAn)
        }
        "chiến lược" => {
            if words.len() < 2 || first.starts_with(char::is_uppercase) {
                return None;
            }
            (cap_words(&words, NAME_WORDS), DocType::Other)
        }
        "kế hoạch" | "chương trình" => {
            if !YEAR_SPAN.is_match(&content)
                || ["thực", "hành", "này", "của", "và"].contains(&first)
                || first.starts_with(char::is_uppercase)
            {
                return None;
            }
            let dt = if lower_type == "kế hoạch" {
                DocType::KeHoach
            } else {
                DocType::ChuongTrinh
            };
            (cap_words(&words, NAME_WORDS), dt)
        }
        _ => return None,
    };
    let name = if name_words.is_empty() {
        type_word.clone()
    } else {
        format!("{} {}", type_word, name_words.join(" "))
    };
    let name = tone_canonical(name.trim_end_matches([',', ' ']));
    // span: type word through the last name word
    let consumed = consumed_len(rest, &name_words.join(" "));
    if !name_words.is_empty() {
        end = rest_start + consumed;
    } else {
        end = end.max(te);
    }
    Some(([ts, end], dt, name, issuer))
}

/// Words to skip before a regulation's own content (`về`, `của Đảng về`).
fn content_skip(words: &[&str]) -> usize {
    match words {
        ["về", ..] => 1,
        ["của", _, "về", ..] => 3,
        _ => 0,
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
fn law_name<'a>(words: &[&'a str], _rest: &str) -> (Vec<&'a str>, DocType) {
    let mut out: Vec<&'a str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if w == "và" || w == "Luật" {
            break;
        }
        if let Some(stripped) = w.strip_suffix(',') {
            // look ahead: a few lower-case words, then `,`/`và`/`năm`/`Luật`/end
            let mut j = i + 1;
            let mut tail: Vec<&'a str> = Vec::new();
            while j < words.len() && tail.len() < 5 {
                let x = words[j];
                if !x.starts_with(char::is_lowercase) || x == "và" || x == "năm" {
                    break;
                }
                tail.push(x.trim_end_matches(','));
                j += 1;
                if x.ends_with(',') {
                    break;
                }
            }
            let ends_here = j >= words.len()
                || words[j - 1].ends_with(',')
                || ["Luật", "và", "năm"].contains(&words[j]);
            if !tail.is_empty() && tail.len() <= 4 && ends_here {
                out.push(w);
                out.extend(tail);
            } else {
                out.push(stripped);
            }
            return (out, DocType::Luat);
        }
        out.push(w);
        i += 1;
        if out.len() >= 8 {
            break;
        }
    }
    (out, DocType::Luat)
}

/// The nearest char boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The unnumbered object of `Kế hoạch số 26-KH/TU … về thực hiện Chuyên đề …`
/// when no other rule named it: a capitalised title up to its closing quote
/// (or the end of the clause).
fn relation_objects(text: &str, mentions: &[Mention]) -> Vec<Mention> {
    static OBJ: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"^[\s*,]*(?:{}{SEP})?(?:{}{SEP})?(?:{}{SEP})?(?:{}{SEP})?{}{SEP}(?P<o>\p{{Lu}})",
            phrase("về"),
            phrase("việc"),
            phrase("tiếp tục"),
            phrase("triển khai"),
            phrase("thực hiện")
        ))
        .expect("static regex")
    });
    let mut out = Vec::new();
    for m in mentions.iter().filter(|m| m.reference.is_some()) {
        let Some(c) = OBJ.captures(&text[m.span[1]..]) else {
            continue;
        };
        let Some(o) = c.name("o") else { continue };
        let start = m.span[1] + o.start();
        if mentions
            .iter()
            .any(|x| x.span[0] <= start && start < x.span[1].max(x.span[0] + 1))
        {
            continue;
        }
        // a numbered or named mention starting here is handled elsewhere
        if numbered_at_start(&text[start..]) {
            continue;
        }
        let rest = &text[start..];
        let line_end = rest.find(['\n', ';', '(']).unwrap_or(rest.len());
        let seg = &rest[..line_end];
        let end = match (seg.find('“'), seg.find('”')) {
            (Some(a), Some(b)) if a < b => b + '”'.len_utf8(),
            _ => seg.find([',', '.']).unwrap_or(seg.len()),
        };
        let name = clean(&rest[..end]);
        if name.split(' ').count() < 2 {
            continue;
        }
        let doc_type = super::tokens::TYPE_WORDS
            .iter()
            .find(|(w, _)| tone_canonical(&name).starts_with(w))
            .map_or(DocType::Other, |(_, d)| *d);
        out.push(named_mention(
            [start, start + end],
            doc_type,
            tone_canonical(&name),
            None,
            None,
            None,
        ));
    }
    out
}
