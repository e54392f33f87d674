//! Word (`.docx`): the package's XML read with `zip` and `quick-xml`.
//!
//! `word/document.xml` is read as a stream: each paragraph (`w:p`) a line, a
//! line break (`w:br`) a new line, tabs kept; tables (`w:tbl`) as rows or, for
//! the header block, column by column ([`super::layout`]); deleted revisions,
//! field instructions and the fallback copies of drawings skipped.
//!
//! Each run's font decides its encoding: the font named on the run
//! (`w:rFonts`), else its character style, its paragraph's style, the
//! document's default (`word/styles.xml`). A run in a legacy font (`.VnTime`,
//! `.VnTimeH`, `VNI-Times`) holds legacy bytes one per character and is decoded
//! ([`legacy::repair`]); a paragraph with no font clue whose words are not
//! Vietnamese is tried in the legacy encodings too.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::layout::{self, Table};
use super::legacy::{self, Legacy};
use super::{Decoded, Decoder, Format, Hints, Input, Origin, SkipReason};

pub struct DocxDecoder;

/// Largest XML part read (a zip bomb stops here).
const MAX_PART: u64 = 256 * 1024 * 1024;

impl Decoder for DocxDecoder {
    fn format(&self) -> Format {
        Format::Docx
    }

    fn decode(&self, input: &Input<'_>) -> Result<Decoded, SkipReason> {
        if input.bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            // An OLE file: a Word 97–2003 document named .docx, or an encrypted one.
            let mut d = super::doc::DocDecoder.decode(input)?;
            d.origin.format = Format::Docx;
            return Ok(d);
        }
        let (text, legacy) = read_docx(input.bytes)?;
        let mut encoding = "UTF-8".to_string();
        for l in &legacy {
            encoding.push('+');
            encoding.push_str(l.name());
        }
        let confidence = super::syllable::confidence(&text);
        Ok(Decoded {
            text,
            origin: Origin {
                confidence,
                ..Origin::new(Format::Docx, encoding)
            },
            hints: Hints::default(),
        })
    }
}

fn corrupt(detail: impl ToString) -> SkipReason {
    SkipReason::Corrupt {
        format: "docx",
        detail: detail.to_string(),
    }
}

fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, SkipReason> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("ncrypt") => {
            return Err(SkipReason::Encrypted("docx"))
        }
        Err(e) => return Err(corrupt(e)),
    };
    let mut out = Vec::new();
    file.take(MAX_PART)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(format!("{name}: {e}")))?;
    Ok(Some(out))
}

/// The text of a .docx and the legacy encodings its runs were in.
pub fn read_docx(bytes: &[u8]) -> Result<(String, Vec<Legacy>), SkipReason> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(corrupt)?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| corrupt("no word/document.xml (not a Word document)"))?;
    let styles = part(&mut zip, "word/styles.xml")?
        .map(|s| Styles::parse(&s))
        .unwrap_or_default();
    Body::parse(&document, &styles)
}

/// Fonts from `word/styles.xml`: the default and each style's (with `basedOn`).
#[derive(Debug, Default)]
struct Styles {
    default_font: Option<String>,
    /// style id → (font, based on).
    styles: HashMap<String, (Option<String>, Option<String>)>,
    default_paragraph_style: Option<String>,
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == name).then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// The font of a `w:rFonts` element: the one for Latin text.
fn rfonts(e: &BytesStart<'_>) -> Option<String> {
    attr(e, b"w:ascii")
        .or_else(|| attr(e, b"w:hAnsi"))
        .or_else(|| attr(e, b"w:cs"))
}

impl Styles {
    fn parse(xml: &[u8]) -> Styles {
        let mut s = Styles::default();
        let mut reader = Reader::from_reader(xml);
        let mut buf = Vec::new();
        let mut in_defaults = false;
        let mut current: Option<String> = None;
        loop {
            let ev = match reader.read_event_into(&mut buf) {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    b"w:docDefaults" => in_defaults = true,
                    b"w:style" => {
                        current = attr(&e, b"w:styleId");
                        let current_default = attr(&e, b"w:default").as_deref() == Some("1")
                            && attr(&e, b"w:type").as_deref() == Some("paragraph");
                        if let Some(id) = &current {
                            s.styles.entry(id.clone()).or_default();
                            if current_default {
                                s.default_paragraph_style = Some(id.clone());
                            }
                        }
                    }
                    b"w:basedOn" => {
                        if let Some(id) = &current {
                            if let Some(entry) = s.styles.get_mut(id) {
                                entry.1 = attr(&e, b"w:val");
                            }
                        }
                    }
                    b"w:rFonts" => {
                        let font = rfonts(&e);
                        if in_defaults {
                            s.default_font = s.default_font.take().or(font);
                        } else if let Some(id) = &current {
                            if let Some(entry) = s.styles.get_mut(id) {
                                entry.0 = entry.0.take().or(font);
                            }
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.name().as_ref() {
                    b"w:docDefaults" => in_defaults = false,
                    b"w:style" => current = None,
                    _ => {}
                },
                _ => {}
            }
            buf.clear();
        }
        s
    }

    /// The font a style gives, following `basedOn` (at most 16 steps).
    fn font(&self, style: &str) -> Option<String> {
        let mut id = style.to_string();
        for _ in 0..16 {
            let (font, based) = self.styles.get(&id)?;
            if let Some(f) = font {
                return Some(f.clone());
            }
            id = based.clone()?;
        }
        None
    }
}

/// Streaming state over `word/document.xml`.
struct Body<'s> {
    styles: &'s Styles,
    lines: Vec<String>,
    /// Open tables, innermost last: rows, and the row and cell being filled.
    tables: Vec<Table>,
    /// The paragraph being read: runs of (text, encoding it was decoded from).
    para: Vec<(String, Option<Legacy>)>,
    para_style: Option<String>,
    run_font: Option<String>,
    run_style: Option<String>,
    in_text: bool,
    skip_depth: usize,
    legacy: Vec<Legacy>,
    body_started: bool,
}

impl<'s> Body<'s> {
    fn parse(xml: &[u8], styles: &'s Styles) -> Result<(String, Vec<Legacy>), SkipReason> {
        let mut b = Body {
            styles,
            lines: Vec::new(),
            tables: Vec::new(),
            para: Vec::new(),
            para_style: None,
            run_font: None,
            run_style: None,
            in_text: false,
            skip_depth: 0,
            legacy: Vec::new(),
            body_started: false,
        };
        let mut reader = Reader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            let ev = reader
                .read_event_into(&mut buf)
                .map_err(|e| corrupt(format!("word/document.xml: {e}")))?;
            match ev {
                Event::Eof => break,
                Event::Start(e) => b.start(&e, false),
                Event::Empty(e) => b.start(&e, true),
                Event::End(e) => b.end(e.name().as_ref()),
                Event::Text(t) if b.in_text && b.skip_depth == 0 => {
                    let raw = String::from_utf8_lossy(t.as_ref()).into_owned();
                    let text = quick_xml::escape::unescape(&raw)
                        .map(|c| c.into_owned())
                        .unwrap_or(raw);
                    b.push_text(&text);
                }
                Event::GeneralRef(r) if b.in_text && b.skip_depth == 0 => {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    let text = quick_xml::escape::unescape(&format!("&{name};"))
                        .map(|c| c.into_owned())
                        .unwrap_or_default();
                    b.push_text(&text);
                }
                Event::CData(t) if b.in_text && b.skip_depth == 0 => {
                    b.push_text(&String::from_utf8_lossy(t.as_ref()));
                }
                _ => {}
            }
            buf.clear();
        }
        b.end_paragraph();
        while let Some(t) = b.tables.pop() {
            let lines = layout::table_lines(&t, !b.body_started);
            b.lines.extend(lines);
        }
        Ok((b.lines.join("\n") + "\n", b.legacy))
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.name();
        let name = name.as_ref();
        if self.skip_depth > 0 {
            if !empty {
                self.skip_depth += 1;
            }
            return;
        }
        match name {
            // Deleted revisions, field codes, the fallback copy of a drawing.
            b"w:del" | b"w:delText" | b"w:instrText" | b"mc:Fallback" | b"w:rPrChange"
            | b"w:pPrChange"
                if !empty =>
            {
                self.skip_depth = 1;
            }
            b"w:p" => {
                if !self.para.is_empty() {
                    // A paragraph inside a text box inside a paragraph.
                    self.end_paragraph();
                }
                self.para_style = None;
            }
            b"w:pStyle" => self.para_style = attr(e, b"w:val"),
            b"w:r" => {
                self.run_font = None;
                self.run_style = None;
            }
            b"w:rStyle" => self.run_style = attr(e, b"w:val"),
            b"w:rFonts" => self.run_font = rfonts(e),
            b"w:t" => self.in_text = !empty,
            b"w:tab" | b"w:ptab" => self.push_raw("\t"),
            b"w:br" | b"w:cr" => self.push_raw("\n"),
            b"w:noBreakHyphen" => self.push_raw("-"),
            // In a legacy font byte 0xAD is a letter (TCVN3 `ư`), which Word
            // and LibreOffice store as a soft hyphen; otherwise it is invisible.
            b"w:softHyphen" if self.font().as_deref().and_then(Legacy::from_font).is_some() => {
                self.push_text("\u{AD}");
            }
            b"w:tbl" => {
                self.end_paragraph();
                self.tables.push(Vec::new());
            }
            b"w:tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.push(Vec::new());
                }
            }
            b"w:tc" => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    row.push(Vec::new());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
            return;
        }
        match name {
            b"w:t" => self.in_text = false,
            b"w:p" => self.end_paragraph(),
            b"w:tbl" => {
                self.end_paragraph();
                if let Some(t) = self.tables.pop() {
                    let lines = layout::table_lines(&t, !self.body_started);
                    if self.tables.is_empty() {
                        self.lines.extend(lines);
                        self.body_started = true;
                    } else if let Some(cell) = self.cell() {
                        cell.extend(lines);
                    }
                }
            }
            _ => {}
        }
    }

    fn cell(&mut self) -> Option<&mut Vec<String>> {
        self.tables.last_mut()?.last_mut()?.last_mut()
    }

    fn font(&self) -> Option<String> {
        self.run_font
            .clone()
            .or_else(|| self.run_style.as_deref().and_then(|s| self.styles.font(s)))
            .or_else(|| {
                self.para_style
                    .as_deref()
                    .or(self.styles.default_paragraph_style.as_deref())
                    .and_then(|s| self.styles.font(s))
            })
            .or_else(|| self.styles.default_font.clone())
    }

    fn push_text(&mut self, text: &str) {
        let font = self.font();
        let legacy = font.as_deref().and_then(Legacy::from_font);
        let (text, enc) = match legacy {
            Some(_) => {
                let r = legacy::repair(text, font.as_deref());
                (r.text, r.encoding)
            }
            None => (text.to_string(), None),
        };
        match self.para.last_mut() {
            Some((t, e)) if *e == enc => t.push_str(&text),
            _ => self.para.push((text, enc)),
        }
    }

    fn push_raw(&mut self, s: &str) {
        match self.para.last_mut() {
            Some((t, _)) => t.push_str(s),
            None => self.para.push((s.to_string(), None)),
        }
    }

    fn end_paragraph(&mut self) {
        if self.para.is_empty() {
            return;
        }
        let mut text = String::new();
        let mut unmarked = String::new();
        for (t, enc) in self.para.drain(..) {
            match enc {
                Some(l) => {
                    if !self.legacy.contains(&l) {
                        self.legacy.push(l);
                    }
                }
                None => unmarked.push_str(&t),
            }
            text.push_str(&t);
        }
        // No font clue, and the words are not Vietnamese: legacy bytes?
        if text == unmarked {
            let r = legacy::repair(&text, None);
            if let Some(l) = r.encoding {
                if !self.legacy.contains(&l) {
                    self.legacy.push(l);
                }
                text = r.text;
            }
        }
        for line in text.split('\n') {
            let line = line.trim_end();
            if line.trim().is_empty() {
                continue;
            }
            if let Some(cell) = self.cell() {
                cell.push(line.to_string());
            } else {
                self.lines.push(line.to_string());
                self.body_started |= self.lines.len() > 2;
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx with `body` as the inside of `<w:body>`.
    pub fn docx(body: &str, styles: Option<&str>) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default();
            z.start_file("[Content_Types].xml", opts).expect("zip");
            z.write_all(b"<?xml version=\"1.0\"?><Types/>")
                .expect("zip");
            z.start_file("word/document.xml", opts).expect("zip");
            let doc = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
            );
            z.write_all(doc.as_bytes()).expect("zip");
            if let Some(s) = styles {
                z.start_file("word/styles.xml", opts).expect("zip");
                let s = format!("<?xml version=\"1.0\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{s}</w:styles>");
                z.write_all(s.as_bytes()).expect("zip");
            }
            z.finish().expect("zip");
        }
        buf.into_inner()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn run(font: &str, text: &str) -> String {
        format!("<w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\"/></w:rPr><w:t>{text}</w:t></w:r>")
    }

    fn cell(paras: &[&str]) -> String {
        format!(
            "<w:tc>{}</w:tc>",
            paras.iter().map(|t| p(t)).collect::<String>()
        )
    }

    #[test]
    fn paragraphs_tables_and_header_block() {
        let body = [
            format!(
                "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
                cell(&["TỈNH ỦY KIÊN GIANG", "Số 60-KH/TU"]),
                cell(&["ĐẢNG CỘNG SẢN VIỆT NAM", "Kiên Giang, ngày 22 tháng 3 năm 2022"])
            ),
            p("KẾ HOẠCH"),
            "<w:p><w:r><w:t>Thực hiện Kết luận số 21-</w:t></w:r><w:r><w:t>KL/TW</w:t></w:r><w:r><w:br/><w:t>dòng hai</w:t><w:tab/><w:t>&amp; tab</w:t></w:r></w:p>".to_string(),
            "<w:p><w:del><w:r><w:delText>xóa</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>".to_string(),
            p("Lời dẫn"),
            p("Đoạn"),
            format!(
                "<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
                cell(&["TT"]),
                cell(&["Nội dung"]),
                cell(&["Cơ quan chủ trì"]),
                cell(&["1"]),
                cell(&["Tổ chức", "hội nghị"]),
                cell(&["Ban Tuyên giáo Tỉnh ủy"])
            ),
        ]
        .concat();
        let (text, legacy) = read_docx(&docx(&body, None)).expect("reads");
        assert!(legacy.is_empty());
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            vec![
                "TỈNH ỦY KIÊN GIANG",
                "Số 60-KH/TU",
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "Kiên Giang, ngày 22 tháng 3 năm 2022",
                "KẾ HOẠCH",
                "Thực hiện Kết luận số 21-KL/TW",
                "dòng hai\t& tab",
                "Lời dẫn",
                "Đoạn",
                "| TT | Nội dung | Cơ quan chủ trì |",
                "| 1 | Tổ chức hội nghị | Ban Tuyên giáo Tỉnh ủy |",
            ]
        );
    }

    #[test]
    fn legacy_fonts_decide_the_encoding() {
        let body = format!(
            "<w:p>{}{}</w:p><w:p>{}</w:p><w:p><w:pPr><w:pStyle w:val=\"Vni\"/></w:pPr><w:r><w:t>Keá hoaïch</w:t></w:r></w:p>",
            run(".VnTimeH", "\u{B8}"),
            run(".VnTime", "nh \u{E3}ng"),
            run(".VnTimeH", "k\u{D5} ho\u{B9}ch"),
        );
        let styles = "<w:style w:type=\"paragraph\" w:styleId=\"Vni\"><w:rPr><w:rFonts w:ascii=\"VNI-Times\"/></w:rPr></w:style>";
        let (text, legacy) = read_docx(&docx(&body, Some(styles))).expect("reads");
        assert_eq!(text, "Ánh óng\nKẾ HOẠCH\nKế hoạch\n");
        assert_eq!(legacy, vec![Legacy::Tcvn3, Legacy::Vni]);
    }

    #[test]
    fn damaged_packages_are_reported() {
        let bad = [&b"PK\x03\x04garbage"[..], b"not a zip at all"];
        for b in bad {
            assert!(matches!(read_docx(b), Err(SkipReason::Corrupt { .. })));
        }
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file("x.txt", zip::write::SimpleFileOptions::default())
                .expect("zip");
            z.finish().expect("zip");
        }
        assert!(matches!(
            read_docx(&buf.into_inner()),
            Err(SkipReason::Corrupt { .. })
        ));
        let (text, _) = read_docx(&docx("<w:p><w:r><w:t>unclosed", None)).unwrap_or_default();
        assert!(text.len() < 20);
    }
}
