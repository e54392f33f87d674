//! HTML: the main text of a saved web page.
//!
//! The page is parsed with `scraper` (html5ever, the browsers' parsing
//! algorithm, so broken markup reads as a browser reads it). What is never
//! content goes first: scripts, styles, forms, `<nav>`, `<aside>`, `<footer>`,
//! the page's own `<header>`, and elements whose class or id says menu,
//! sidebar, breadcrumb, share, comment… Then the main block is the element
//! (`<article>`, `<main>`, a `<div>`…) with the most text outside links, links
//! weighing against it. It is written a block per line: paragraphs, headings,
//! list items, `<br>`, and tables as rows ([`super::layout`]).
//!
//! `<title>` and date `<meta>`s (`date`, `dc.date`, `article:published_time`…)
//! become [`Hints`]: they fill what the text leaves empty. Legacy fonts
//! (`<font face=".VnTime">`, `font-family: VNI-Times`) are decoded block by block.

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Node, Selector};

use super::layout::{self, Table};
use super::legacy;
use super::{Decoded, Decoder, Format, Hints, Input, Origin, SkipReason};

pub struct HtmlDecoder;

impl Decoder for HtmlDecoder {
    fn format(&self) -> Format {
        Format::Html
    }

    fn decode(&self, input: &Input<'_>) -> Result<Decoded, SkipReason> {
        let (source, encoding) = page_text(input.bytes)?;
        Ok(extract(&source, &encoding))
    }
}

/// The page's characters: by its byte-order mark, `<meta charset>`, or as text.
fn page_text(bytes: &[u8]) -> Result<(String, String), SkipReason> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    if encoding_rs::Encoding::for_bom(bytes).is_none() {
        if let Some(label) = charset(&head) {
            if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
                if enc != encoding_rs::UTF_8 {
                    let (t, _, _) = enc.decode(bytes);
                    return Ok((t.into_owned(), enc.name().to_string()));
                }
            }
        }
    }
    let d = super::text::decode(bytes)?;
    Ok((d.text, d.origin.encoding))
}

fn charset(head: &str) -> Option<String> {
    let at = head.find("charset=")? + "charset=".len();
    let rest = head[at..].trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// Tags whose content is never the document.
const DROP_TAGS: [&str; 16] = [
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "form", "button",
    "select", "nav", "aside", "footer", "head", "object", "embed",
];

/// Class or id words of page furniture.
const DROP_WORDS: [&str; 16] = [
    "menu",
    "nav",
    "sidebar",
    "breadcrumb",
    "share",
    "social",
    "comment",
    "related",
    "banner",
    "advert",
    "footer",
    "header-top",
    "cookie",
    "popup",
    "widget",
    "toolbar",
];

const BLOCK_TAGS: [&str; 22] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "center",
    "dd",
    "dt",
    "dl",
    "header",
    "address",
];

fn is_furniture(el: &ElementRef<'_>) -> bool {
    let name = el.value().name();
    if DROP_TAGS.contains(&name) {
        return true;
    }
    // The page's own header (not one inside the article).
    if name == "header"
        && !el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "article" | "main"))
    {
        return true;
    }
    if el.value().attr("hidden").is_some()
        || el.value().attr("aria-hidden") == Some("true")
        || el.value().attr("role") == Some("navigation")
    {
        return true;
    }
    let attrs = format!(
        "{} {}",
        el.value().attr("class").unwrap_or(""),
        el.value().attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    attrs
        .split(|c: char| c.is_whitespace())
        .any(|word| DROP_WORDS.iter().any(|d| word == *d || word.contains(d)))
}

/// Text inside and outside links under `el`, furniture excluded.
fn text_weight(el: ElementRef<'_>) -> (usize, usize) {
    let mut plain = 0;
    let mut linked = 0;
    for child in el.children() {
        match child.value() {
            Node::Text(t) => plain += t.trim().chars().count(),
            Node::Element(_) => {
                if let Some(c) = ElementRef::wrap(child) {
                    if is_furniture(&c) {
                        continue;
                    }
                    let (p, l) = text_weight(c);
                    if c.value().name() == "a" {
                        linked += p + l;
                    } else {
                        plain += p;
                        linked += l;
                    }
                }
            }
            _ => {}
        }
    }
    (plain, linked)
}

/// The element that holds the document: the best of `article`, `main`,
/// `[role=main]`, `div`, `section`, `td`, `body` by text outside links, less
/// three times the text in links.
fn main_block(doc: &Html) -> Option<ElementRef<'_>> {
    let sel = Selector::parse("article, main, [role=main], div, section, td, body").ok()?;
    let mut best: Option<(i64, ElementRef<'_>)> = None;
    for el in doc.select(&sel) {
        if is_furniture(&el)
            || el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| is_furniture(&a))
        {
            continue;
        }
        let (plain, linked) = text_weight(el);
        let score = plain as i64 - 3 * linked as i64;
        // Ties go to the outer element, which comes first in document order.
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, el));
        }
    }
    best.map(|(_, el)| el)
}

/// Legacy font named on an element (`<font face>` or `font-family` in `style`).
fn font_of(el: &ElementRef<'_>) -> Option<String> {
    if let Some(face) = el.value().attr("face") {
        return Some(face.to_string());
    }
    let style = el.value().attr("style")?;
    let at = style.to_ascii_lowercase().find("font-family")?;
    let rest = style[at..].split_once(':')?.1;
    let value = rest.split(';').next()?.trim();
    Some(value.to_string())
}

/// Renders the main block into lines.
struct Writer {
    lines: Vec<String>,
    current: String,
    /// Legacy encodings met (for provenance).
    legacy: Vec<legacy::Legacy>,
    /// Any body text written yet (a table before it may be the header block).
    body_started: bool,
}

impl Writer {
    fn flush(&mut self) {
        let line = self
            .current
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !line.is_empty() {
            self.lines.push(line);
            self.body_started |= self.lines.len() > 2;
        }
        self.current.clear();
    }

    fn text(&mut self, t: &str, font: Option<&str>) {
        match font.and_then(legacy::Legacy::from_font) {
            Some(_) => {
                let r = legacy::repair(t, font);
                if let Some(l) = r.encoding {
                    if !self.legacy.contains(&l) {
                        self.legacy.push(l);
                    }
                }
                self.current.push_str(&r.text);
            }
            None => self.current.push_str(t),
        }
    }

    fn walk(&mut self, el: ElementRef<'_>, font: Option<&str>) {
        let own = font_of(&el);
        let font = own.as_deref().or(font);
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.text(t, font),
                Node::Element(e) => {
                    let Some(c) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if is_furniture(&c) {
                        continue;
                    }
                    match e.name() {
                        "br" => self.flush(),
                        "table" => {
                            self.flush();
                            let table = self.table(c, font);
                            self.lines
                                .extend(layout::table_lines(&table, !self.body_started));
                            self.body_started = true;
                        }
                        "td" | "th" | "tr" => {
                            // A stray cell outside a table: a block.
                            self.flush();
                            self.walk(c, font);
                            self.flush();
                        }
                        name if BLOCK_TAGS.contains(&name) => {
                            self.flush();
                            self.walk(c, font);
                            self.flush();
                        }
                        _ => self.walk(c, font),
                    }
                }
                _ => {}
            }
        }
    }

    fn table(&mut self, table: ElementRef<'_>, font: Option<&str>) -> Table {
        let mut rows = Vec::new();
        let Ok(tr) = Selector::parse("tr") else {
            return rows;
        };
        for row in table.select(&tr) {
            // Rows of nested tables belong to them.
            if row
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "table")
                .is_some_and(|t| t.id() != table.id())
            {
                continue;
            }
            let mut cells = Vec::new();
            for cell in row.children().filter_map(ElementRef::wrap) {
                if !matches!(cell.value().name(), "td" | "th") {
                    continue;
                }
                let mut w = Writer {
                    lines: Vec::new(),
                    current: String::new(),
                    legacy: Vec::new(),
                    body_started: true,
                };
                w.walk(cell, font);
                w.flush();
                for l in w.legacy {
                    if !self.legacy.contains(&l) {
                        self.legacy.push(l);
                    }
                }
                cells.push(w.lines);
            }
            if !cells.is_empty() {
                rows.push(cells);
            }
        }
        rows
    }
}

/// Main text and hints of a page.
pub fn extract(source: &str, encoding: &str) -> Decoded {
    let doc = Html::parse_document(source);
    let hints = hints(&doc);
    let mut w = Writer {
        lines: Vec::new(),
        current: String::new(),
        legacy: Vec::new(),
        body_started: false,
    };
    if let Some(main) = main_block(&doc) {
        w.walk(main, None);
    }
    w.flush();
    let text = w.lines.join("\n") + "\n";
    let mut encoding = encoding.to_string();
    for l in &w.legacy {
        encoding.push('+');
        encoding.push_str(l.name());
    }
    let confidence = super::syllable::confidence(&text);
    Decoded {
        text,
        origin: Origin {
            confidence,
            ..Origin::new(Format::Html, encoding)
        },
        hints,
    }
}

const DATE_METAS: [&str; 12] = [
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "citation_date",
    "citation_publication_date",
];

fn hints(doc: &Html) -> Hints {
    let mut h = Hints::default();
    if let Ok(sel) = Selector::parse("title") {
        if let Some(t) = doc.select(&sel).next() {
            let title = t.text().collect::<String>();
            let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
            // "Kế hoạch … - Cổng thông tin điện tử tỉnh": the site's name goes.
            let title = [" | ", " - ", " – ", " :: "]
                .iter()
                .filter_map(|sep| title.rsplit_once(sep))
                .map(|(head, _)| head.trim().to_string())
                .max_by_key(|s| s.len())
                .unwrap_or(title);
            if !title.is_empty() {
                h.title = Some(title);
            }
        }
    }
    if let Ok(sel) = Selector::parse("meta") {
        for m in doc.select(&sel) {
            let key = m
                .value()
                .attr("name")
                .or_else(|| m.value().attr("property"))
                .or_else(|| m.value().attr("itemprop"))
                .unwrap_or("")
                .to_ascii_lowercase();
            if !DATE_METAS.contains(&key.as_str()) && key != "datepublished" {
                continue;
            }
            if let Some(d) = m.value().attr("content").and_then(parse_date) {
                h.date = Some(d);
                break;
            }
        }
    }
    h
}

/// `2023-12-06`, `2023-12-06T08:00:00+07:00`, `06/12/2023`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head: String = s.chars().take(10).collect();
    NaiveDate::parse_from_str(&head, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&head, "%d/%m/%Y"))
        .or_else(|_| NaiveDate::parse_from_str(&head, "%d-%m-%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Kế hoạch số 12-KH/UBND - Cổng thông tin điện tử tỉnh</title>
<meta name="date" content="2023-12-06"><script>var x = "Ban Tuyên giáo chủ trì";</script></head>
<body><header><div class="logo">CỔNG THÔNG TIN</div><nav><a href="/">Trang chủ</a> <a href="/b">Giới thiệu</a></nav></header>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; Văn bản</div>
<div id="content"><article>
<table><tr><td>ỦY BAN NHÂN DÂN<br>TỈNH KIÊN GIANG<br>Số: 12/KH-UBND</td><td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Kiên Giang, ngày 06 tháng 12 năm 2023</td></tr></table>
<h2>KẾ HOẠCH</h2><p>Thực hiện   Kết luận số 21-KL/TW,
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:</p>
<ul><li>Ban Tuyên giáo chủ trì.</li><li>Sở Tài chính phối hợp.</li></ul>
<table><tr><th>TT</th><th>Nội dung</th><th>Cơ quan chủ trì</th><th>Thời gian</th></tr>
<tr><td>1</td><td><p>Tổ chức</p><p>hội nghị</p></td><td>Sở Nội vụ</td><td>Quý I/2024</td></tr></table>
<p><font face=".VnTime">Ban Th\u{AD}êng vô TØnh ñy</font></p>
</article><div class="share"><a href="#">Facebook</a></div></div>
<aside class="sidebar"><h3>Tin mới</h3><ul><li><a href="/x">Sở Tài chính chủ trì hội nghị về ngân sách</a></li></ul></aside>
<footer>Bản quyền thuộc Văn phòng UBND tỉnh</footer></body></html>"##;

    #[test]
    fn main_text_without_furniture() {
        let page = PAGE.replace("\\u{AD}", "\u{AD}");
        let d = extract(&page, "UTF-8");
        let lines: Vec<&str> = d.text.lines().collect();
        assert_eq!(
            lines,
            vec![
                "ỦY BAN NHÂN DÂN",
                "TỈNH KIÊN GIANG",
                "Số: 12/KH-UBND",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Kiên Giang, ngày 06 tháng 12 năm 2023",
                "KẾ HOẠCH",
                "Thực hiện Kết luận số 21-KL/TW, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
                "Ban Tuyên giáo chủ trì.",
                "Sở Tài chính phối hợp.",
                "| TT | Nội dung | Cơ quan chủ trì | Thời gian |",
                "| 1 | Tổ chức hội nghị | Sở Nội vụ | Quý I/2024 |",
                "Ban Thường vụ Tỉnh ủy",
            ]
        );
        assert_eq!(d.hints.title.as_deref(), Some("Kế hoạch số 12-KH/UBND"));
        assert_eq!(d.hints.date, NaiveDate::from_ymd_opt(2023, 12, 6));
        assert_eq!(d.origin.encoding, "UTF-8+TCVN3");
    }

    #[test]
    fn legacy_charset_and_odd_pages() {
        let bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"></head><body><p>K\xea\xec hoa\xf2ch</p></body></html>";
        let (text, enc) = page_text(bytes).expect("decodes");
        assert_eq!(enc, "windows-1258");
        let d = extract(&text, &enc);
        assert_eq!(
            unicode_normalization::UnicodeNormalization::nfc(d.text.trim()).collect::<String>(),
            "Kế hoạch"
        );
        // No panic on fragments, empty pages, unclosed tags.
        for page in [
            "",
            "<p>",
            "<table><tr><td>",
            "<<<>>>",
            "<body><article></article>",
        ] {
            let _ = extract(page, "UTF-8");
        }
    }
}
