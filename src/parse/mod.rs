//! Document structure: the section tree built from headings, and sentences.
//!
//! Headings are recognised by their label: Roman numerals (`I-`, `I.-`, `II.`,
//! `IV/`), capital letters on all-caps headings (`A.`, `B-`), Arabic numbers
//! (`1.`, `1/-`, `2)`), decimals (`3.1.`), lower-case letters including `đ`
//! (`a)`, `a)-`, `đ)`) and parenthesised numbers on heading-like lines (`(1)`).
//! Markdown marks (`#`, `**`) around a heading are ignored, and a bold heading
//! whose `**` closes on a later line is joined. Bullets (`-`, `+`, `*`, `•`) are
//! not sections: they are items inside the section above them. The tree follows
//! the order in which label kinds first appear, so `II.` › `2.` › `a)` nest
//! whatever markdown level a heading was given.
//!
//! A numbered line that carries running text (`4. Giao cho Ban Tổ chức … .`) is a
//! section too — the gold paths count them (`V.4`) — and is marked
//! [`Section::inline`].

use std::sync::OnceLock;

use regex::Regex;

/// One heading and the text under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Dotted path of labels from the root (`IV.7`, `II.2.a`, `II.2.đ`).
    pub path: String,
    /// The label as written (`IV.`, `7.`, `a)`, `1/-`, `(1)`).
    pub label: String,
    /// The heading without its label (`Ban Tuyên giáo Tỉnh ủy`); for an inline
    /// numbered paragraph, its first sentence (clipped).
    pub heading: String,
    /// Depth in the tree, 1 for top-level headings.
    pub level: usize,
    /// Byte offset of the heading line's start in the normalised text.
    pub start: usize,
    /// Byte offset where the section (including its children) ends.
    pub end: usize,
    /// Index of the parent section in `Outline::sections`.
    pub parent: Option<usize>,
    /// Byte offset of the first character after the label and its separator.
    pub text_start: usize,
    /// Byte offset where the heading (possibly joined over lines) ends.
    pub heading_end: usize,
    /// The label line is running text (a numbered paragraph), not a title.
    pub inline: bool,
}

/// The sections of one document, in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Roman,
    UpperLetter,
    Arabic,
    Decimal(usize),
    Letter,
    Paren,
}

/// A recognised label at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Label {
    kind: Kind,
    /// As written, including its separator (`IV-`, `a)-`).
    written: String,
    /// Path component (`IV`, `a`, `1`).
    component: String,
    /// Bytes from the start of the stripped line to the heading text.
    len: usize,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).unwrap_or_else(|e| panic!("bad built-in regex {pat}: {e}")))
}

fn roman_re() -> &'static Regex {
    static C: OnceLock<Regex> = OnceLock::new();
    re(&C, r"^(X{0,3}(?:IX|IV|V?I{0,3}))(\.-|/-|-|\.|/)(?:\s+|$)")
}
fn upper_re() -> &'static Regex {
    static C: OnceLock<Regex> = OnceLock::new();
    re(&C, r"^([A-HJ-UWYZĐ])(\.-|-|\.|/)(?:\s+|$)")
}
fn decimal_re() -> &'static Regex {
    static C: OnceLock<Regex> = OnceLock::new();
    re(&C, r"^(\d{1,2}(?:\.\d{1,2})+)(\.-|/-|\.|-|/)?(?:\s+|$)")
}
fn arabic_re() -> &'static Regex {
    static C: OnceLock<Regex> = OnceLock::new();
    re(&C, r"^(\d{1,2})(/-|\.-|\)-|\.|/|\)|-)(?:\s+|$)")
}
fn letter_re() -> &'static Regex {
    static C: OnceLock<Regex> = OnceLock::new();
    re(&C, r"^([a-zđ])(\)-|\)\.|\))(?:\s+|$)")
}
fn paren_re() -> &'static Regex {
    static C: OnceLock<Regex> = OnceLock::new();
    re(&C, r"^\((\d{1,2})\)(?:\s+|$)")
}

/// Strip leading white space and markdown marks (`#`, `*`, `_`): the offset of the
/// first significant character of `line`.
fn strip_marks(line: &str) -> usize {
    let mut i = 0;
    for (o, c) in line.char_indices() {
        if c.is_whitespace() || c == '#' || c == '*' || c == '_' {
            i = o + c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// The first letter after the label, skipping marks and quotes.
fn first_letter(s: &str) -> Option<char> {
    s.chars()
        .find(|c| !(c.is_whitespace() || matches!(c, '*' | '_' | '"' | '“' | '\'' | '(')))
}

fn is_all_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.iter().all(|c| !c.is_lowercase())
}

fn detect_label(s: &str) -> Option<Label> {
    let caps_of = |r: &Regex, kind: Kind| -> Option<Label> {
        let c = r.captures(s)?;
        let m = c.get(0)?;
        let comp = c.get(1)?.as_str();
        if comp.is_empty() {
            return None;
        }
        let rest = s.get(m.end()..).unwrap_or("");
        let written = s.get(..m.end()).unwrap_or("").trim_end().to_string();
        let kind = match kind {
            Kind::Decimal(_) => Kind::Decimal(comp.split('.').count()),
            k => k,
        };
        let component = match kind {
            Kind::Decimal(_) => comp.rsplit('.').next().unwrap_or(comp).to_string(),
            _ => comp.to_string(),
        };
        Some(Label {
            kind,
            written,
            component,
            len: m.end(),
        })
        .filter(|_| first_letter(rest).is_none_or(|ch| ch.is_uppercase() || ch.is_ascii_digit()))
        .filter(|_| !rest.trim().is_empty() || kind != Kind::Paren)
    };
    if let Some(l) = caps_of(roman_re(), Kind::Roman) {
        return Some(l);
    }
    if let Some(l) = caps_of(upper_re(), Kind::UpperLetter) {
        let rest = s.get(l.len..).unwrap_or("");
        if is_all_caps(rest) {
            return Some(l);
        }
    }
    if let Some(l) = caps_of(decimal_re(), Kind::Decimal(2)) {
        return Some(l);
    }
    if let Some(l) = caps_of(arabic_re(), Kind::Arabic) {
        return Some(l);
    }
    if let Some(l) = caps_of(letter_re(), Kind::Letter) {
        return Some(l);
    }
    if let Some(l) = caps_of(paren_re(), Kind::Paren) {
        let rest = s.get(l.len..).unwrap_or("").trim();
        // A parenthesised number heads a section only on a short title line.
        if rest.chars().count() <= 150 && !rest.ends_with(['.', ';', ',']) && !rest.contains(". ") {
            return Some(l);
        }
    }
    None
}

/// True for a line that starts with a heading label (`I.`, `1.`, `a)`, `(1)`).
pub fn is_heading_line(line: &str) -> bool {
    let s = &line[strip_marks(line)..];
    detect_label(s).is_some()
}

/// True for a line starting with a bullet marker (`-`, `+`, `*`, `•`).
pub fn is_bullet_line(line: &str) -> bool {
    let t = line.trim_start();
    let mut chars = t.chars();
    match (chars.next(), chars.next()) {
        (Some('-' | '+' | '•' | '–'), Some(c)) => c.is_whitespace(),
        (Some('*'), Some(c)) => c.is_whitespace(),
        _ => false,
    }
}

/// Lines of `text` as `(start, end)` byte spans without the line break.
pub fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push((start, end));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Clip to at most `n` characters, at a char boundary, adding `…` when cut.
fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
        None => s.to_string(),
    }
}

fn clean_heading(s: &str) -> String {
    let s = s.replace("**", " ");
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches(|c: char| c == '*' || c == '_' || c == ':' || c.is_whitespace())
        .to_string()
}

/// True for the line that opens the recipients block (`Nơi nhận:`), where the
/// body of a document ends.
pub fn is_recipients_line(line: &str) -> bool {
    let s = &line[strip_marks(line)..];
    let f = crate::normalize::fold(s).to_lowercase();
    f.starts_with("noi nhan")
}

impl Outline {
    /// Build the outline of a normalised text.
    pub fn parse(text: &str) -> Outline {
        let lines = lines(text);
        let body_end = lines
            .iter()
            .find(|(s, e)| is_recipients_line(&text[*s..*e]))
            .map(|(s, _)| *s)
            .unwrap_or(text.len());
        let mut sections: Vec<Section> = Vec::new();
        // Stack of (kind, section index).
        let mut stack: Vec<(Kind, usize)> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let (ls, le) = lines[i];
            if ls >= body_end {
                break;
            }
            let line = &text[ls..le];
            let off = strip_marks(line);
            let stripped = &line[off..];
            let Some(label) = detect_label(stripped) else {
                i += 1;
                continue;
            };
            let text_start = ls + off + label.len;
            // Join a bold heading whose `**` closes on a later line, and an
            // all-caps heading continued on the next line.
            let mut heading_end = le;
            let mut j = i;
            if line.matches("**").count() % 2 == 1 {
                while j + 1 < lines.len() {
                    j += 1;
                    heading_end = lines[j].1;
                    if text[lines[j].0..lines[j].1].contains("**") {
                        break;
                    }
                }
            } else if matches!(label.kind, Kind::Roman | Kind::UpperLetter)
                && is_all_caps(&text[text_start..le])
            {
                while j + 1 < lines.len() {
                    let (ns, ne) = lines[j + 1];
                    let next = text[ns..ne].trim();
                    let next_stripped = &text[ns + strip_marks(&text[ns..ne])..ne];
                    if next.is_empty()
                        || !is_all_caps(next)
                        || detect_label(next_stripped).is_some()
                    {
                        break;
                    }
                    j += 1;
                    heading_end = ne;
                }
            }
            let raw_heading = text.get(text_start..heading_end).unwrap_or("");
            let cleaned = clean_heading(raw_heading);
            let inline = cleaned.ends_with(['.', ';'])
                || cleaned.chars().count() > 250
                || (cleaned.contains(". ") && !cleaned.ends_with(':'));
            let heading = if inline {
                let first = first_sentence(&cleaned);
                clip(first, 120)
            } else {
                cleaned
            };
            // Place in the tree.
            if let Some(pos) = stack.iter().position(|(k, _)| *k == label.kind) {
                stack.truncate(pos);
            }
            let parent = stack.last().map(|(_, idx)| *idx);
            let path = match parent {
                Some(p) => format!("{}.{}", sections[p].path, label.component),
                None => label.component.clone(),
            };
            sections.push(Section {
                path,
                label: label.written.clone(),
                heading,
                level: stack.len() + 1,
                start: ls,
                end: body_end,
                parent,
                text_start,
                heading_end,
                inline,
            });
            stack.push((label.kind, sections.len() - 1));
            i = j + 1;
        }
        // A section ends where the next section at its level or above starts.
        for k in 0..sections.len() {
            let lvl = sections[k].level;
            if let Some(next) = sections[k + 1..].iter().find(|s| s.level <= lvl) {
                sections[k].end = next.start;
            }
        }
        Outline { sections }
    }

    /// The innermost section containing `offset`.
    pub fn section_at(&self, offset: usize) -> Option<&Section> {
        self.sections
            .iter()
            .filter(|s| s.start <= offset && offset < s.end)
            .max_by_key(|s| s.level)
    }

    /// Index of the innermost section containing `offset`.
    pub fn section_index_at(&self, offset: usize) -> Option<usize> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.start <= offset && offset < s.end)
            .max_by_key(|(_, s)| s.level)
            .map(|(i, _)| i)
    }

    /// Display path of headings down to `offset`
    /// (`IV. PHÂN CÔNG THỰC HIỆN NHIỆM VỤ › 7. Ban Tuyên giáo Tỉnh ủy`).
    pub fn heading_path(&self, offset: usize) -> Option<String> {
        let mut idx = self.section_index_at(offset)?;
        let mut parts = Vec::new();
        loop {
            let s = &self.sections[idx];
            parts.push(format!("{} {}", s.label, s.heading));
            match s.parent {
                Some(p) => idx = p,
                None => break,
            }
        }
        parts.reverse();
        Some(parts.join(" › "))
    }

    /// The chain of section indices from the root down to `idx`.
    pub fn ancestors(&self, idx: usize) -> Vec<usize> {
        let mut out = vec![idx];
        let mut cur = idx;
        while let Some(p) = self.sections.get(cur).and_then(|s| s.parent) {
            out.push(p);
            cur = p;
        }
        out.reverse();
        out
    }
}

fn first_sentence(s: &str) -> &str {
    match sentences(s).first() {
        Some([a, b]) => &s[*a..*b],
        None => s,
    }
}

/// Sentence spans `[start, end)` (byte offsets, trimmed) of `text`. A sentence
/// never crosses a line break; inside a line it ends at `.`, `!`, `?` or `…`
/// followed by white space and a capital letter, digit, quote or bracket.
/// Short all-caps abbreviations (`TP.`) do not end a sentence.
pub fn sentences(text: &str) -> Vec<[usize; 2]> {
    let mut out = Vec::new();
    for (ls, le) in lines(text) {
        let line = &text[ls..le];
        let mut start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (k, &(o, c)) in chars.iter().enumerate() {
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            // Must be followed by white space then a sentence opener.
            let Some(&(_, ws)) = chars.get(k + 1) else {
                continue;
            };
            if !ws.is_whitespace() {
                continue;
            }
            let next = chars[k + 1..].iter().find(|(_, ch)| !ch.is_whitespace());
            let Some(&(_, nc)) = next else {
                continue;
            };
            if !(nc.is_uppercase()
                || nc.is_ascii_digit()
                || matches!(nc, '"' | '“' | '(' | '*' | '\'' | '-' | '+'))
            {
                continue;
            }
            if c == '.' {
                // After the last white space before the dot (which may be
                // a multi-byte space such as U+2028 in text that was not
                // normalised).
                let word_start = line[..o]
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| ch.is_whitespace())
                    .map(|(p, ch)| p + ch.len_utf8())
                    .unwrap_or(0);
                let word = &line[word_start..o];
                if word.chars().count() <= 2
                    && !word.is_empty()
                    && word.chars().all(|ch| ch.is_uppercase())
                {
                    continue;
                }
            }
            push_trimmed(&mut out, text, ls + start, ls + o + c.len_utf8());
            start = o + c.len_utf8();
        }
        push_trimmed(&mut out, text, ls + start, le);
    }
    out
}

fn push_trimmed(out: &mut Vec<[usize; 2]>, text: &str, a: usize, b: usize) {
    let s = &text[a..b];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push([a + lead, b - trail]);
    }
}

/// The sentence containing byte `offset` (the nearest one before it when the
/// offset falls between sentences); `[offset, offset]` when there is none.
///
/// Sentences never cross a line break, so only the line holding `offset` (and, for
/// an offset before any sentence on it, the lines above) is scanned: this is called
/// once per citation and task, and must not be linear in the document.
pub fn sentence_at(text: &str, offset: usize) -> [usize; 2] {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let mut line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let mut line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    loop {
        let before: Vec<[usize; 2]> = sentences(&text[line_start..line_end])
            .into_iter()
            .map(|[a, b]| [a + line_start, b + line_start])
            .filter(|[a, _]| *a <= offset)
            .collect();
        if let Some(s) = before.iter().find(|[a, b]| *a <= offset && offset < *b) {
            return *s;
        }
        if let Some(s) = before.last() {
            return *s;
        }
        if line_start == 0 {
            return [offset, offset];
        }
        line_end = line_start - 1;
        line_start = text[..line_end].rfind('\n').map_or(0, |i| i + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, expected (label, path component) or None for "not a heading").
    const HEADINGS: &[(&str, Option<(&str, &str)>)] = &[
        ("I- TÌNH HÌNH VÀ NGUYÊN NHÂN", Some(("I-", "I"))),
        ("I.- TÌNH HÌNH CÔNG TÁC XÂY DỰNG ĐẢNG:", Some(("I.-", "I"))),
        ("I. MỤC ĐÍCH, YÊU CẦU", Some(("I.", "I"))),
        ("II- MỤC TIÊU, YÊU CẦU", Some(("II-", "II"))),
        ("IV/ TỔ CHỨC THỰC HIỆN", Some(("IV/", "IV"))),
        ("XII. KHÁC", Some(("XII.", "XII"))),
        ("1. Mục tiêu", Some(("1.", "1"))),
        ("1/- Mục tiêu:", Some(("1/-", "1"))),
        ("2) Yêu cầu", Some(("2)", "2"))),
        ("12.- Các Đảng ủy", Some(("12.-", "12"))),
        ("3.1. Về tổ chức bộ máy", Some(("3.1.", "1"))),
        ("3.1.2 Về cán bộ", Some(("3.1.2", "2"))),
        ("a) Các sở, ban, ngành tỉnh", Some(("a)", "a"))),
        ("a)- Công tác lãnh đạo", Some(("a)-", "a"))),
        ("b) Thanh tra tỉnh", Some(("b)", "b"))),
        ("đ) Đề nghị Mặt trận Tổ quốc", Some(("đ)", "đ"))),
        ("(1) Về tư tưởng", Some(("(1)", "1"))),
        ("## **2. Đổi mới công tác tuyên truyền**", Some(("2.", "2"))),
        ("#### **4. Đổi mới công tác kiểm tra**", Some(("4.", "4"))),
        ("**II- NHIỆM VỤ, GIẢI PHÁP**", Some(("II-", "II"))),
        ("A. PHẦN MỞ ĐẦU", Some(("A.", "A"))),
        ("B- NỘI DUNG", Some(("B-", "B"))),
        // Not headings.
        ("- Tăng cường công tác", None),
        ("+ Đối với Hội đồng nhân dân", None),
        ("* Nguyên nhân của những yếu kém", None),
        ("30/3/2012 là ngày", None),
        ("2. năm sau", None),
        ("C. Mác đã nói", None),
        (
            "(1) Hội nghị cán bộ, thành phần gồm: các đồng chí. Thời gian hai ngày.",
            None,
        ),
        ("Năm 2022 tiếp tục", None),
    ];

    #[test]
    fn heading_shapes() {
        for (line, want) in HEADINGS {
            let off = strip_marks(line);
            let got = detect_label(&line[off..]).map(|l| (l.written, l.component));
            let got = got.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
            assert_eq!(got, *want, "line {line:?}");
        }
    }

    const DOC: &str = "KẾ HOẠCH\n\nI- MỤC ĐÍCH\n1. Mục tiêu\nNội dung.\n\
II.- NHIỆM VỤ\n1/- Giải pháp:\na)- Ban Tổ chức Tỉnh ủy:\n- Tham mưu việc A.\n\
đ) Ban Dân vận\n- Việc B.\n## **2. Đổi mới\ncông tác**\n3.1. Về tổ chức\n\
- Việc C.\nIV- PHÂN CÔNG THỰC HIỆN\nNHIỆM VỤ\n7. Ban Tuyên giáo Tỉnh ủy\n- Việc D.\n\
8. Giao cho Ban Tổ chức chủ trì. Việc E.\nNơi nhận:\n- Lưu.\n";

    #[test]
    fn tree_paths_and_spans() {
        let o = Outline::parse(DOC);
        let paths: Vec<&str> = o.sections.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "I", "I.1", "II", "II.1", "II.1.a", "II.1.đ", "II.2", "II.2.1", "IV", "IV.7",
                "IV.8"
            ]
        );
        let s = &o.sections[6];
        assert_eq!(s.heading, "Đổi mới công tác");
        let iv = &o.sections[8];
        assert_eq!(iv.heading, "PHÂN CÔNG THỰC HIỆN NHIỆM VỤ");
        let d = DOC.find("Việc D").expect("present");
        assert_eq!(o.section_at(d).map(|s| s.path.as_str()), Some("IV.7"));
        assert_eq!(
            o.heading_path(d).as_deref(),
            Some("IV- PHÂN CÔNG THỰC HIỆN NHIỆM VỤ › 7. Ban Tuyên giáo Tỉnh ủy")
        );
        let last = &o.sections[10];
        assert!(last.inline);
        assert_eq!(last.heading, "Giao cho Ban Tổ chức chủ trì.");
        // The recipients block is outside every section.
        let nn = DOC.find("Nơi nhận").expect("present");
        assert!(o.section_at(nn).is_none());
        assert_eq!(last.end, nn);
        let a = &o.sections[4];
        assert_eq!(a.heading, "Ban Tổ chức Tỉnh ủy");
        assert_eq!(a.parent, Some(3));
        assert_eq!(a.level, 3);
    }

    #[test]
    fn empty_and_plain_text() {
        assert!(Outline::parse("").sections.is_empty());
        assert!(Outline::parse("Không có đề mục nào.\n- gạch đầu dòng")
            .sections
            .is_empty());
    }

    const SENTENCES: &[(&str, &[&str])] = &[
        ("Một. Hai ba. Bốn", &["Một.", "Hai ba.", "Bốn"]),
        ("Số 21-KL/TW. Tăng cường.", &["Số 21-KL/TW.", "Tăng cường."]),
        (
            "Ở TP. Hồ Chí Minh có việc.",
            &["Ở TP. Hồ Chí Minh có việc."],
        ),
        (
            "dòng một\ndòng hai. Câu ba",
            &["dòng một", "dòng hai.", "Câu ba"],
        ),
        ("năm 2022. (thực hiện)", &["năm 2022.", "(thực hiện)"]),
        ("a.b không tách", &["a.b không tách"]),
        ("   ", &[]),
    ];

    #[test]
    fn sentence_split() {
        for (text, want) in SENTENCES {
            let got: Vec<&str> = sentences(text).iter().map(|[a, b]| &text[*a..*b]).collect();
            assert_eq!(got, *want, "text {text:?}");
        }
        let t = "Câu một. Câu hai.";
        assert_eq!(sentence_at(t, 13), [12, 21]);
        assert_eq!(sentence_at(t, 3), [0, 11]);
        assert_eq!(sentence_at("", 5), [0, 0]);
    }
}
