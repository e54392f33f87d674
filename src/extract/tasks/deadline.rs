//! Deadlines: a time phrase (`thực hiện năm 2022`, `hoàn thành trong quý I/2022`,
//! `trước ngày 30/4/2021`, `khi có quy định của Trung ương` …) parsed into
//! [`Deadline`] `{raw, kind, start, end}` as the record spec describes, and the
//! rules for finding the phrase that governs a task.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::organs::Folded;
use crate::extract::record::{Deadline, DeadlineKind};

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).unwrap_or_else(|e| panic!("bad built-in regex {pat}: {e}")))
}

macro_rules! regex {
    ($pat:expr) => {{
        static C: OnceLock<Regex> = OnceLock::new();
        re(&C, $pat)
    }};
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1).and_then(|d| d.pred_opt())
}

fn year_of(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    (1900..=2200).contains(&y).then_some(y)
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

fn roman_or_num(s: &str) -> Option<u32> {
    match s.to_ascii_lowercase().as_str() {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

fn dl(raw: &str, kind: DeadlineKind, start: Option<NaiveDate>, end: Option<NaiveDate>) -> Deadline {
    Deadline {
        raw: raw.to_string(),
        kind,
        start,
        end,
    }
}

/// Parse a time phrase. `None` when the phrase states no time.
pub fn parse(raw: &str) -> Option<Deadline> {
    let raw = clean_raw(raw);
    let f = Folded::new(&raw).text;
    let f = f.as_str();
    use DeadlineKind::*;

    // Term of office: "năm thứ 2 và năm thứ 4 của nhiệm kỳ đại hội".
    if f.contains("nhiem ky") && regex!(r"nam thu (\d+|hai|ba|tu|nhat)").is_match(f) {
        let ordinals: Vec<u32> = regex!(r"nam thu (\d+)")
            .captures_iter(f)
            .filter_map(|c| num(&c[1]))
            .collect();
        let span = regex!(r"(\d{4})-(\d{4})").captures(f);
        if let (1, Some(c)) = (ordinals.len(), span) {
            if let Some(y0) = year_of(&c[1]) {
                let y = y0 + ordinals[0] as i32 - 1;
                return Some(dl(&raw, Term, ymd(y, 1, 1), ymd(y, 12, 31)));
            }
        }
        return Some(dl(&raw, Term, None, None));
    }
    // Conditional: "khi có quy định của Trung ương", "theo hướng dẫn của …",
    // "thực hiện khi Trung ương yêu cầu".
    if regex!(r"(^|\s)(sau khi co|khi co|khi nao co|theo huong dan|khi .{0,60}yeu cau|neu co yeu cau|khi duoc)")
        .is_match(f)
    {
        return Some(dl(&raw, Conditional, None, None));
    }
    // Recurring with a start: "thực hiện hằng năm từ năm 2022".
    let recurring = regex!(
        r"(thuong xuyen|hang nam|hang thang|hang quy|hang tuan|dinh ky|moi nam|\d+ nam \d+ lan|\d+ lan/nam)"
    );
    if recurring.is_match(f) {
        let start = regex!(r"tu nam (\d{4})")
            .captures(f)
            .and_then(|c| year_of(&c[1]))
            .and_then(|y| ymd(y, 1, 1));
        return Some(dl(&raw, Recurring, start, None));
    }
    // Open-ended: "năm 2022 và những năm tiếp theo", "từ năm 2022", "từ tháng 3/2022".
    if let Some(c) = regex!(r"nam (\d{4}) va (nhung|cac) nam tiep theo").captures(f) {
        let s = year_of(&c[1]).and_then(|y| ymd(y, 1, 1));
        return Some(dl(&raw, Range, s, None));
    }
    if let Some(c) = regex!(r"tu thang (\d{1,2})/(\d{4})").captures(f) {
        if !f.contains(" den ") {
            let s = year_of(&c[2]).and_then(|y| ymd(y, num(&c[1])?, 1));
            return Some(dl(&raw, Range, s, None));
        }
    }
    if let Some(c) = regex!(r"tu nam (\d{4})$|tu nam (\d{4})[^-\d]").captures(f) {
        if !f.contains(" den ") {
            let y = c.get(1).or(c.get(2)).and_then(|m| year_of(m.as_str()));
            return Some(dl(&raw, Range, y.and_then(|y| ymd(y, 1, 1)), None));
        }
    }
    // Before a date: end only.
    if let Some(c) = regex!(r"truoc ngay (\d{1,2})[/-](\d{1,2})[/-](\d{4})").captures(f) {
        let e = year_of(&c[3]).and_then(|y| ymd(y, num(&c[2])?, num(&c[1])?));
        return Some(dl(&raw, Date, None, e));
    }
    if let Some(c) = regex!(r"(truoc|den|cham nhat) (nam|het nam|cuoi nam) (\d{4})").captures(f) {
        let e = year_of(&c[3]).and_then(|y| ymd(y, 12, 31));
        return Some(dl(&raw, Range, None, e));
    }
    // Month ranges: "tháng 7 và tháng 8/2012", "tháng 9, 10, 11/2012",
    // "từ tháng 3 đến tháng 5/2022".
    if let Some(c) =
        regex!(r"thang (\d{1,2})((?:(?:,| va| den| -|-) ?(?:thang )?\d{1,2})+)/(\d{4})").captures(f)
    {
        let first = num(&c[1]);
        let last = regex!(r"(\d{1,2})$")
            .captures(c[2].trim())
            .and_then(|m| num(&m[1]));
        let y = year_of(&c[3]);
        if let (Some(a), Some(b), Some(y)) = (first, last, y) {
            return Some(dl(&raw, Range, ymd(y, a, 1), month_end(y, b)));
        }
    }
    // Half months: "nửa đầu tháng 4/2021".
    if let Some(c) = regex!(r"nua (dau|cuoi|sau) thang (\d{1,2})/(\d{4})").captures(f) {
        let (y, m) = (year_of(&c[3]), num(&c[2]));
        if let (Some(y), Some(m)) = (y, m) {
            return Some(if &c[1] == "dau" {
                dl(&raw, Range, ymd(y, m, 1), ymd(y, m, 15))
            } else {
                dl(&raw, Range, ymd(y, m, 16), month_end(y, m))
            });
        }
    }
    // Day ranges: "ngày 27-28/3/2012", "(27, 28/3/2012)".
    if let Some(c) =
        regex!(r"(?:^|ngay |\()(\d{1,2}) ?(?:-|,|va|den) ?(\d{1,2})/(\d{1,2})/(\d{4})").captures(f)
    {
        let (a, b, m, y) = (num(&c[1]), num(&c[2]), num(&c[3]), year_of(&c[4]));
        if let (Some(a), Some(b), Some(m), Some(y)) = (a, b, m, y) {
            return Some(dl(&raw, Range, ymd(y, m, a), ymd(y, m, b)));
        }
    }
    // A day.
    if let Some(c) = regex!(r"(\d{1,2})/(\d{1,2})/(\d{4})").captures(f) {
        let d = year_of(&c[3]).and_then(|y| ymd(y, num(&c[2])?, num(&c[1])?));
        if d.is_some() {
            return Some(dl(&raw, Date, d, d));
        }
    }
    if let Some(c) = regex!(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})").captures(f) {
        let d = year_of(&c[3]).and_then(|y| ymd(y, num(&c[2])?, num(&c[1])?));
        if d.is_some() {
            return Some(dl(&raw, Date, d, d));
        }
    }
    // Quarters: "quý I/2022", "quý 2 năm 2022".
    if let Some(c) = regex!(r"quy (iv|iii|ii|i|[1-4])(?:/| nam )(\d{4})").captures(f) {
        if let (Some(q), Some(y)) = (roman_or_num(&c[1]), year_of(&c[2])) {
            let m0 = (q - 1) * 3 + 1;
            return Some(dl(&raw, Quarter, ymd(y, m0, 1), month_end(y, m0 + 2)));
        }
    }
    // Halves: "6 tháng đầu năm 2022", "6 tháng cuối năm".
    if let Some(c) = regex!(r"(?:6|06|sau) thang (dau|cuoi) nam(?: (\d{4}))?").captures(f) {
        let y = c.get(2).and_then(|m| year_of(m.as_str()));
        let (s, e) = match (y, &c[1]) {
            (Some(y), "dau") => (ymd(y, 1, 1), ymd(y, 6, 30)),
            (Some(y), _) => (ymd(y, 7, 1), ymd(y, 12, 31)),
            _ => (None, None),
        };
        return Some(dl(&raw, Half, s, e));
    }
    if regex!(r"(^|\s)(6|06|sau) thang(\s|$)").is_match(f) && !f.contains("thang (") {
        return Some(dl(&raw, Half, None, None));
    }
    // A month: "tháng 4/2022", "tháng 01/2022", "tháng 4 năm 2022".
    if let Some(c) = regex!(r"thang (\d{1,2})(?:/| nam )(\d{4})").captures(f) {
        if let (Some(m), Some(y)) = (num(&c[1]), year_of(&c[2])) {
            if (1..=12).contains(&m) {
                return Some(dl(&raw, Month, ymd(y, m, 1), month_end(y, m)));
            }
        }
    }
    // A span of years: "giai đoạn 2021-2025".
    if let Some(c) =
        regex!(r"(?:giai doan|nam|tu) (\d{4}) ?(?:-|den) ?(?:nam )?(\d{4})").captures(f)
    {
        if let (Some(a), Some(b)) = (year_of(&c[1]), year_of(&c[2])) {
            return Some(dl(&raw, Range, ymd(a, 1, 1), ymd(b, 12, 31)));
        }
    }
    // A year: "thực hiện năm 2022", "trong năm 2022".
    if let Some(c) = regex!(r"(?:^|\s)nam (\d{4})(?:\s|$|[.,;)])").captures(f) {
        if let Some(y) = year_of(&c[1]) {
            return Some(dl(&raw, Year, ymd(y, 1, 1), ymd(y, 12, 31)));
        }
    }
    None
}

/// Remove markdown marks, brackets and surrounding punctuation from a phrase.
pub fn clean_raw(raw: &str) -> String {
    let s: String = raw.chars().filter(|c| *c != '*' && *c != '_').collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ',' | ';' | ':') || c.is_whitespace())
        .to_string()
}

/// Words a parenthesised time phrase starts with (folded).
const PAREN_OPENERS: &[&str] = &[
    "thuc hien",
    "hoan thanh",
    "trien khai",
    "trong",
    "truoc",
    "tu ",
    "nam ",
    "thang",
    "quy ",
    "hang ",
    "dinh ky",
    "khi ",
    "sau khi",
    "theo huong dan",
    "thuong xuyen",
    "ngay",
    "giai doan",
    "den ",
    "chay",
    "nua ",
    "6 thang",
    "06 thang",
    "dau nam",
    "cuoi nam",
    "bat dau",
    "ket thuc",
];

/// A parenthesised time phrase in `s`: its byte span (including brackets) and
/// deadline. Brackets that hold anything else (`(qua Ban Tuyên giáo)`,
/// `(khóa XIII)`) are skipped.
pub fn parens(s: &str) -> Vec<(usize, usize, Deadline)> {
    let mut out = Vec::new();
    for m in regex!(r"\(([^()]{2,200})\)").find_iter(s) {
        let inner = clean_raw(m.as_str());
        let folded = Folded::new(&inner).text;
        let opener = PAREN_OPENERS.iter().any(|o| folded.starts_with(o))
            || folded.chars().next().is_some_and(|c| c.is_ascii_digit());
        if !opener || folded.starts_with("trong do") || folded.starts_with("trong pham vi") {
            continue;
        }
        if let Some(d) = parse(&inner) {
            out.push((m.start(), m.end(), d));
        }
    }
    out
}

/// A sentence that is only a time statement (`Thực hiện trong tháng 7 và tháng
/// 8/2012.`, `Thời gian một ngày (30/3/2012).`).
pub fn time_sentence(s: &str) -> Option<Deadline> {
    // Longer than 120 folded bytes is never a time sentence: fold no further.
    let f = Folded::prefix(s, 120);
    let opener = [
        "thoi gian",
        "thuc hien trong",
        "thuc hien truoc",
        "hoan thanh trong",
        "hoan thanh truoc",
        "thoi han",
    ]
    .iter()
    .any(|o| f.starts_with(o));
    if !opener || f.len() > 120 {
        return None;
    }
    parse(s)
}

/// A time adverbial opening a sentence or clause (`Hằng năm, …`, `Thường xuyên
/// kiểm tra …`, `Khi có hướng dẫn của Trung ương, …`, `Định kỳ tham mưu …`):
/// the deadline with the phrase as raw.
pub fn opening(s: &str) -> Option<Deadline> {
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '*');
    // Only prefixes of at most 13 bytes are tested below.
    let f = Folded::prefix(s, 16);
    for (pre, words) in [
        ("thuong xuyen", 2),
        ("hang nam", 2),
        ("hang thang", 2),
        ("hang quy", 2),
        ("dinh ky", 2),
        ("moi nam", 2),
    ] {
        if f.starts_with(pre) && f[pre.len()..].starts_with([' ', ',']) {
            let raw: String = s
                .split_whitespace()
                .take(words)
                .collect::<Vec<_>>()
                .join(" ");
            return parse(raw.trim_end_matches(','));
        }
    }
    let clause_openers = [
        "khi co ",
        "sau khi co ",
        "trong nam ",
        "trong thang ",
        "truoc ngay ",
        "den nam ",
    ];
    if clause_openers.iter().any(|o| f.starts_with(o)) {
        let end = s.find(',').unwrap_or(s.len());
        let phrase = &s[..end];
        if phrase.chars().count() <= 200 {
            return parse(phrase);
        }
    }
    None
}

/// Every schedule phrase inside an item (`định kỳ hằng năm báo cáo`, `vào ngày
/// 20 hằng tháng`, `trước ngày 30/4/2021`, a closing `theo hướng dẫn của …`), as
/// (start, end, deadline) in text order.
pub fn clauses(s: &str) -> Vec<(usize, usize, Deadline)> {
    let mut out: Vec<(usize, usize, Deadline)> = Vec::new();
    let mut consider = |g: regex::Match<'_>| {
        if let Some(d) = parse(g.as_str()) {
            if !out.iter().any(|(a, b, _)| g.start() < *b && *a < g.end()) {
                out.push((g.start(), g.end(), d));
            }
        }
    };
    for m in regex!(r"(?i)[,;]\s*((?:định kỳ|đinh kỳ)(?: (?:hằng|hàng) (?:năm|quý|tháng))?|(?:6 tháng và )?(?:hằng|hàng) năm)\s+báo cáo")
        .captures_iter(s)
    {
        if let Some(g) = m.get(1) {
            consider(g);
        }
    }
    for m in regex!(r"(?i)[,;]\s*(định kỳ)\s").captures_iter(s) {
        if let Some(g) = m.get(1) {
            consider(g);
        }
    }
    for m in regex!(r"(?i)(vào ngày \d{1,2} (?:hằng|hàng) tháng|trước ngày \d{1,2}/\d{1,2}/\d{4}|\d{1,2} năm \d{1,2} lần)")
        .captures_iter(s)
    {
        if let Some(g) = m.get(1) {
            consider(g);
        }
    }
    // Work put into a yearly programme recurs with it: `đưa … vào Chương trình
    // kiểm tra, giám sát hàng năm của Ban Thường vụ`.
    for m in regex!(
        r"(?i)\bvào (?:chương trình|kế hoạch)[^.;()]{0,60}?\b((?:hằng|hàng) (?:năm|quý|tháng))"
    )
    .captures_iter(s)
    {
        if let Some(g) = m.get(1) {
            consider(g);
        }
    }
    // A conditional closing the item: `… theo hướng dẫn của Trung ương.`
    if let Some(m) =
        regex!(r"(?i)((?:theo|khi có) hướng dẫn của [^,;.()]{2,40})\s*[.;]?\s*$").captures(s)
    {
        if let Some(g) = m.get(1) {
            consider(g);
        }
    }
    out.sort_by_key(|(a, _, _)| *a);
    out
}

/// Merge several dated deadlines of one unit into one range (first start …
/// last end), raw phrases joined by ` ... `.
pub fn merge(ds: &[Deadline]) -> Option<Deadline> {
    match ds {
        [] => None,
        [d] => Some(d.clone()),
        _ => {
            let start = ds.iter().filter_map(|d| d.start).min();
            let end = ds.iter().filter_map(|d| d.end).max();
            let raw = ds
                .iter()
                .map(|d| d.raw.as_str())
                .collect::<Vec<_>>()
                .join(" ... ");
            Some(Deadline {
                raw,
                kind: DeadlineKind::Range,
                start,
                end,
            })
        }
    }
}

/// The year of a date (for tests and callers that group by year).
pub fn year(d: NaiveDate) -> i32 {
    d.year()
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeadlineKind::*;

    /// (phrase, kind, start, end) — `None` kind for "not a time phrase".
    type Case = (
        &'static str,
        Option<DeadlineKind>,
        Option<&'static str>,
        Option<&'static str>,
    );
    const CASES: &[Case] = &[
        ("thực hiện năm 2022", Some(Year), Some("2022-01-01"), Some("2022-12-31")),
        ("năm 2023", Some(Year), Some("2023-01-01"), Some("2023-12-31")),
        ("hoàn thành trong quý I/2022", Some(Quarter), Some("2022-01-01"), Some("2022-03-31")),
        ("hoàn thành trong quý II/2022", Some(Quarter), Some("2022-04-01"), Some("2022-06-30")),
        ("hoàn thành trong Quý I/2023", Some(Quarter), Some("2023-01-01"), Some("2023-03-31")),
        ("quý 4 năm 2024", Some(Quarter), Some("2024-10-01"), Some("2024-12-31")),
        ("trong tháng 4/2022", Some(Month), Some("2022-04-01"), Some("2022-04-30")),
        ("tháng 01/2022", Some(Month), Some("2022-01-01"), Some("2022-01-31")),
        ("tháng 02/2024", Some(Month), Some("2024-02-01"), Some("2024-02-29")),
        ("tháng 12/2022", Some(Month), Some("2022-12-01"), Some("2022-12-31")),
        ("thực hiện tháng 3 năm 2022", Some(Month), Some("2022-03-01"), Some("2022-03-31")),
        ("hoàn thành trong nửa đầu tháng 4/2021", Some(Range), Some("2021-04-01"), Some("2021-04-15")),
        ("nửa cuối tháng 2/2023", Some(Range), Some("2023-02-16"), Some("2023-02-28")),
        ("trước ngày 30/4/2021", Some(Date), None, Some("2021-04-30")),
        ("triển khai ngày 09/12/2021", Some(Date), Some("2021-12-09"), Some("2021-12-09")),
        ("ngày 15 tháng 6 năm 2022", Some(Date), Some("2022-06-15"), Some("2022-06-15")),
        ("năm 2022 và những năm tiếp theo", Some(Range), Some("2022-01-01"), None),
        ("từ năm 2022", Some(Range), Some("2022-01-01"), None),
        ("từ tháng 3/2022", Some(Range), Some("2022-03-01"), None),
        ("giai đoạn 2021-2025", Some(Range), Some("2021-01-01"), Some("2025-12-31")),
        ("đến năm 2025", Some(Range), None, Some("2025-12-31")),
        ("thực hiện thường xuyên", Some(Recurring), None, None),
        ("thực hiện thường xuyên và theo định kỳ", Some(Recurring), None, None),
        ("hằng năm", Some(Recurring), None, None),
        ("hàng năm", Some(Recurring), None, None),
        ("thực hiện hằng năm từ năm 2022", Some(Recurring), Some("2022-01-01"), None),
        ("định kỳ", Some(Recurring), None, None),
        ("định kỳ hằng năm", Some(Recurring), None, None),
        ("vào ngày 20 hằng tháng", Some(Recurring), None, None),
        ("01 năm 02 lần", Some(Recurring), None, None),
        ("6 tháng và hàng năm", Some(Recurring), None, None),
        ("6 tháng", Some(Half), None, None),
        ("6 tháng đầu năm 2023", Some(Half), Some("2023-01-01"), Some("2023-06-30")),
        ("6 tháng cuối năm 2023", Some(Half), Some("2023-07-01"), Some("2023-12-31")),
        ("khi có quy định của Trung ương", Some(Conditional), None, None),
        ("sau khi có quy định của Trung ương", Some(Conditional), None, None),
        ("khi có quy định, hướng dẫn của Trung ương", Some(Conditional), None, None),
        ("thực hiện theo hướng dẫn của Trung ương", Some(Conditional), None, None),
        ("thực hiện khi Trung ương yêu cầu", Some(Conditional), None, None),
        ("thực hiện khi Ban Thường vụ, Thường trực Tỉnh ủy yêu cầu", Some(Conditional), None, None),
        ("năm thứ 2 và năm thứ 4 của nhiệm kỳ đại hội", Some(Term), None, None),
        (
            "thực hiện năm thứ 3 nhiệm kỳ Đại hội XI-Đảng bộ tỉnh, nhiệm kỳ Quốc hội và Hội đồng nhân dân các cấp 2021-2026",
            Some(Term),
            Some("2023-01-01"),
            Some("2023-12-31"),
        ),
        ("Thực hiện trong tháng 7 và tháng 8/2012", Some(Range), Some("2012-07-01"), Some("2012-08-31")),
        ("Thực hiện trong tháng 9, 10, 11/2012", Some(Range), Some("2012-09-01"), Some("2012-11-30")),
        ("từ tháng 3 đến tháng 5/2022", Some(Range), Some("2022-03-01"), Some("2022-05-31")),
        ("ngày 27-28/3/2012", Some(Range), Some("2012-03-27"), Some("2012-03-28")),
        ("Thời gian hai ngày (27, 28/3/2012)", Some(Range), Some("2012-03-27"), Some("2012-03-28")),
        ("*tháng 01/2022*", Some(Month), Some("2022-01-01"), Some("2022-01-31")),
        ("THỰC HIỆN NĂM 2022", Some(Year), Some("2022-01-01"), Some("2022-12-31")),
        ("thuc hien nam 2022", Some(Year), Some("2022-01-01"), Some("2022-12-31")),
        // Not time phrases.
        ("qua Ban Tuyên giáo Tỉnh ủy", None, None, None),
        ("khóa XIII", None, None, None),
        ("tháng 13/2022", None, None, None),
        ("", None, None, None),
    ];

    #[test]
    fn phrases() {
        for (raw, kind, start, end) in CASES {
            let got = parse(raw);
            assert_eq!(
                got.as_ref().map(|d| d.kind),
                *kind,
                "kind of {raw:?}: {got:?}"
            );
            if let Some(d) = got {
                let fmt = |x: Option<NaiveDate>| x.map(|d| d.to_string());
                assert_eq!(fmt(d.start).as_deref(), *start, "start of {raw:?}");
                assert_eq!(fmt(d.end).as_deref(), *end, "end of {raw:?}");
            }
        }
    }

    #[test]
    fn finding() {
        let inner = |s: &str| clauses(s).into_iter().next().map(|(_, _, d)| d);
        let s = "Tham mưu sơ kết (năm 2023). Thường xuyên định hướng (thực hiện thường xuyên).";
        let p = parens(s);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].2.kind, Year);
        assert!(parens("báo cáo (qua Ban Tuyên giáo Tỉnh ủy) và (khóa XIII)").is_empty());
        assert_eq!(
            opening("Hằng năm, đánh giá").map(|d| d.kind),
            Some(Recurring)
        );
        assert_eq!(
            opening("Hàng năm rà soát").map(|d| d.raw),
            Some("Hàng năm".into())
        );
        assert_eq!(
            opening("Khi có hướng dẫn của Trung ương, tham mưu").map(|d| d.kind),
            Some(Conditional)
        );
        assert!(opening("Tập trung kiểm tra").is_none());
        assert_eq!(
            inner("theo dõi việc thực hiện; định kỳ hằng năm báo cáo kết quả").map(|d| d.raw),
            Some("định kỳ hằng năm".into())
        );
        assert_eq!(
            inner("báo cáo vào ngày 20 hằng tháng và trước ngày 30/4/2021").map(|d| d.kind),
            Some(Recurring)
        );
        assert!(inner("gợi ý kiểm điểm hằng năm đối với tập thể").is_none());
        // Every schedule phrase, in order, with its place.
        let s = "báo cáo tiến độ vào ngày 20 hằng tháng và báo cáo kết quả trước ngày 30/4/2021";
        let found: Vec<(&str, DeadlineKind)> = clauses(s)
            .iter()
            .map(|(a, b, d)| (&s[*a..*b], d.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("vào ngày 20 hằng tháng", Recurring),
                ("trước ngày 30/4/2021", Date)
            ]
        );
        assert_eq!(
            inner("đưa nhiệm vụ vào Chương trình kiểm tra, giám sát hàng năm của Ban Thường vụ")
                .map(|d| d.kind),
            Some(Recurring)
        );
        assert!(inner("đưa vào chương trình công tác của cấp ủy").is_none());
        assert_eq!(
            time_sentence("Thực hiện trong tháng 8 và tháng 9/2012.").map(|d| d.kind),
            Some(Range)
        );
        assert!(time_sentence("Thực hiện tốt công tác cải cách").is_none());
        let m = merge(&[
            parse("Thời gian hai ngày (27, 28/3/2012)").expect("parses"),
            parse("Thời gian một ngày (30/3/2012)").expect("parses"),
        ])
        .expect("merged");
        assert_eq!(
            (m.kind, m.end.map(|d| d.to_string())),
            (Range, Some("2012-03-30".into()))
        );
    }
}
