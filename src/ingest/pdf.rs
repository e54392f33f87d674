//! PDF: the text layer read with `pdf_oxide`, or OCR of a scan.
//!
//! `pdf_oxide` gives each page's text spans with their box and font. From them
//! ([`Piece`]s) this module rebuilds what a reader sees ([`layout_pages`]):
//!
//! - lines: pieces on the same baseline, left to right, spaces where the gap is
//!   a space;
//! - columns: where a run of lines is split by a wide gap (the header block:
//!   issuing body and number on the left, motto, place and date on the right),
//!   the left column is written before the right one, each column's wrapped
//!   lines joined (`…tháng 3 năm` + `2022`);
//! - page furniture: lines at the top or bottom of the pages that repeat on
//!   most pages (digits ignored), and page numbers, are dropped;
//! - paragraphs: a line that reaches the right margin continues on the next
//!   line unless that one starts an item (`-`, `1.`, `a)`, `II-`…) or stands
//!   apart; the join keeps a hyphen that belongs to the text (`21-` + `KL/TW`
//!   is `21-KL/TW`) and drops a soft hyphen. Pages join the same way.
//!
//! Runs in a legacy font (`.VnTime`, `VNI-Times`) are decoded through their
//! font name ([`legacy::repair`]); lines with no font clue whose words are not
//! Vietnamese are tried in the legacy encodings.
//!
//! Pages without a text layer go to OCR when `tesseract` (with its Vietnamese
//! model) and `pdftoppm` are installed: each page is rendered at 300 dpi and
//! read by `tesseract … tsv`, whose words come back with their boxes and go
//! through the same layout. Without them a scan is skipped with the reason
//! `scanned PDF: install tesseract-ocr-vie to read it`.

use std::ffi::OsStr;
use std::panic::AssertUnwindSafe;

use regex::Regex;
use std::sync::LazyLock;

use super::legacy::{self, Legacy};
use super::{tools, Decoded, Decoder, Format, Hints, Input, Origin, SkipReason};

pub struct PdfDecoder;

/// A page with fewer visible characters than this has no text layer.
const MIN_PAGE_CHARS: usize = 10;

impl Decoder for PdfDecoder {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn decode(&self, input: &Input<'_>) -> Result<Decoded, SkipReason> {
        let bytes = input.bytes.to_vec();
        let pages =
            std::panic::catch_unwind(AssertUnwindSafe(|| text_layer(bytes))).map_err(|_| {
                SkipReason::Corrupt {
                    format: "pdf",
                    detail: "the PDF reader failed on this file".into(),
                }
            })??;
        let page_count = pages.len();
        let empty: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| visible_chars(p) < MIN_PAGE_CHARS)
            .map(|(i, _)| i)
            .collect();
        let mut pages = pages;
        let mut ocr = None;
        if !empty.is_empty() {
            match ocr_pages(input, &empty) {
                Ok((ocred, confidence)) => {
                    for (i, page) in empty.iter().zip(ocred) {
                        pages[*i] = page;
                    }
                    ocr = Some(confidence);
                }
                Err(e) if empty.len() == page_count => return Err(e),
                Err(e) => {
                    tracing::info!(file = %input.path.display(), pages = empty.len(), "pages without text left out: {e}");
                }
            }
        }
        let mut legacy_seen: Vec<Legacy> = Vec::new();
        for page in &mut pages {
            for piece in page.iter_mut() {
                if let Some(font) = piece.font.as_deref() {
                    if Legacy::from_font(font).is_some() {
                        let r = legacy::repair(&piece.text, Some(font));
                        if let Some(l) = r.encoding {
                            if !legacy_seen.contains(&l) {
                                legacy_seen.push(l);
                            }
                        }
                        piece.text = r.text;
                    }
                }
            }
        }
        let mut lines = layout_pages(&pages);
        for line in &mut lines {
            let r = legacy::repair(line, None);
            if let Some(l) = r.encoding {
                if !legacy_seen.contains(&l) {
                    legacy_seen.push(l);
                }
                *line = r.text;
            }
        }
        let text = lines.join("\n") + "\n";
        let mut encoding = "UTF-8".to_string();
        for l in &legacy_seen {
            encoding.push('+');
            encoding.push_str(l.name());
        }
        let syllables = super::syllable::confidence(&text);
        Ok(Decoded {
            text,
            origin: Origin {
                confidence: ocr.map_or(syllables, |c: f32| c.min(syllables)),
                ocr: ocr.is_some(),
                tool: ocr.map(|_| "tesseract".to_string()),
                pages: Some(page_count),
                ..Origin::new(Format::Pdf, encoding)
            },
            hints: Hints::default(),
        })
    }
}

/// A run of text on a page: its box (PDF units, y upwards) and font.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub x0: f32,
    pub x1: f32,
    /// Baseline-ish vertical centre, larger is higher on the page.
    pub y: f32,
    /// Font size (or line height for OCR words).
    pub size: f32,
    pub text: String,
    pub font: Option<String>,
}

fn visible_chars(page: &[Piece]) -> usize {
    page.iter()
        .map(|p| p.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

fn text_layer(bytes: Vec<u8>) -> Result<Vec<Vec<Piece>>, SkipReason> {
    let doc = pdf_oxide::PdfDocument::from_bytes(bytes).map_err(pdf_error)?;
    let n = doc.page_count().map_err(pdf_error)?;
    let mut pages = Vec::with_capacity(n);
    for i in 0..n {
        // A page that cannot be read is an empty page (OCR may still read it).
        let spans = doc.extract_spans(i).unwrap_or_default();
        pages.push(
            spans
                .into_iter()
                .filter(|s| !s.text.trim().is_empty())
                .map(|s| Piece {
                    x0: s.bbox.x,
                    x1: s.bbox.x + s.bbox.width,
                    y: s.bbox.y + s.bbox.height / 2.0,
                    size: if s.font_size > 0.0 {
                        s.font_size
                    } else {
                        s.bbox.height.max(1.0)
                    },
                    text: s.text,
                    font: (!s.font_name.is_empty()).then_some(s.font_name),
                })
                .collect(),
        );
    }
    Ok(pages)
}

fn pdf_error(e: pdf_oxide::Error) -> SkipReason {
    let detail = e.to_string();
    let lower = detail.to_lowercase();
    if lower.contains("encrypt") || lower.contains("password") {
        SkipReason::Encrypted("pdf")
    } else {
        SkipReason::Corrupt {
            format: "pdf",
            detail,
        }
    }
}

// ------------------------------------------------------------------ OCR

/// Whether OCR can run here: tesseract with the Vietnamese model, and pdftoppm.
pub fn ocr_available() -> bool {
    ocr_tools().is_some()
}

fn ocr_tools() -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    static TOOLS: LazyLock<Option<(std::path::PathBuf, std::path::PathBuf)>> =
        LazyLock::new(|| {
            let tesseract = tools::find("tesseract")?;
            let pdftoppm = tools::find("pdftoppm")?;
            let out = std::process::Command::new(&tesseract)
                .arg("--list-langs")
                .output()
                .ok()?;
            let langs = String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr);
            langs
                .lines()
                .any(|l| l.trim() == "vie")
                .then_some((tesseract, pdftoppm))
        });
    TOOLS.clone()
}

/// OCR the pages `pages` (0-based): their pieces, and the mean word confidence (0–1).
fn ocr_pages(input: &Input<'_>, pages: &[usize]) -> Result<(Vec<Vec<Piece>>, f32), SkipReason> {
    if !input.options.ocr {
        return Err(SkipReason::ScannedPdf);
    }
    let Some((tesseract, pdftoppm)) = ocr_tools() else {
        return Err(SkipReason::ScannedPdf);
    };
    let dir = tools::TempDir::new("ocr").map_err(|e| SkipReason::ToolFailed {
        tool: "pdftoppm".into(),
        detail: e.to_string(),
    })?;
    let mut out = Vec::with_capacity(pages.len());
    let mut conf_sum = 0.0f64;
    let mut conf_n = 0usize;
    for &page in pages {
        let n = (page + 1).to_string();
        let base = dir.path().join(format!("p{n}"));
        tools::run(
            &pdftoppm,
            &[
                OsStr::new("-r"),
                OsStr::new("300"),
                OsStr::new("-gray"),
                OsStr::new("-png"),
                OsStr::new("-singlefile"),
                OsStr::new("-f"),
                OsStr::new(&n),
                OsStr::new("-l"),
                OsStr::new(&n),
                input.path.as_os_str(),
                base.as_os_str(),
            ],
            &[],
            input.deadline,
            input.options.time_budget,
        )?;
        let png = base.with_extension("png");
        let ran = tools::run(
            &tesseract,
            &[
                png.as_os_str(),
                OsStr::new("stdout"),
                OsStr::new("-l"),
                OsStr::new("vie"),
                OsStr::new("tsv"),
            ],
            // One thread each: the pipeline already runs documents in parallel.
            &[("OMP_THREAD_LIMIT", "1")],
            input.deadline,
            input.options.time_budget,
        )?;
        let _ = std::fs::remove_file(&png);
        let (pieces, confs) = parse_tsv(&String::from_utf8_lossy(&ran.stdout));
        conf_sum += confs.iter().map(|&c| c as f64).sum::<f64>();
        conf_n += confs.len();
        out.push(pieces);
    }
    let confidence = if conf_n == 0 {
        0.0
    } else {
        (conf_sum / conf_n as f64 / 100.0) as f32
    };
    Ok((out, confidence))
}

/// tesseract's TSV: one piece per recognised line (words joined), in pixels
/// turned upside down so that larger y is higher, like PDF units.
pub fn parse_tsv(tsv: &str) -> (Vec<Piece>, Vec<f32>) {
    struct Word {
        key: (u32, u32, u32, u32),
        left: f32,
        top: f32,
        width: f32,
        height: f32,
        text: String,
    }
    let mut words = Vec::new();
    let mut confs = Vec::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<f32>().unwrap_or(0.0);
        let text = f[11].trim();
        if text.is_empty() {
            continue;
        }
        let conf = num(10);
        if conf >= 0.0 {
            confs.push(conf);
        }
        words.push(Word {
            key: (num(1) as u32, num(2) as u32, num(3) as u32, num(4) as u32),
            left: num(6),
            top: num(7),
            width: num(8),
            height: num(9),
            text: text.to_string(),
        });
    }
    // Group words by tesseract's line; split a line where words stand far apart.
    let mut pieces: Vec<Piece> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && words[j].key == words[i].key {
            j += 1;
        }
        let line = &words[i..j];
        let mut heights: Vec<f32> = line.iter().map(|w| w.height).collect();
        heights.sort_by(f32::total_cmp);
        let size = heights[heights.len() / 2].max(1.0);
        let y = -line.iter().map(|w| w.top + w.height / 2.0).sum::<f32>() / line.len() as f32;
        let mut start = 0;
        for k in 1..=line.len() {
            let split = k == line.len()
                || line[k].left - (line[k - 1].left + line[k - 1].width) > 2.5 * size;
            if split {
                let part = &line[start..k];
                pieces.push(Piece {
                    x0: part[0].left,
                    x1: part[part.len() - 1].left + part[part.len() - 1].width,
                    y,
                    size,
                    text: part
                        .iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    font: None,
                });
                start = k;
            }
        }
        i = j;
    }
    (pieces, confs)
}

// ------------------------------------------------------------------ layout

/// One line of a page: segments separated by wide gaps.
#[derive(Debug, Clone)]
struct Line {
    y: f32,
    size: f32,
    segs: Vec<Seg>,
}

#[derive(Debug, Clone)]
struct Seg {
    x0: f32,
    x1: f32,
    text: String,
}

impl Line {
    fn x0(&self) -> f32 {
        self.segs.first().map_or(0.0, |s| s.x0)
    }
    fn x1(&self) -> f32 {
        self.segs.last().map_or(0.0, |s| s.x1)
    }
    fn text(&self) -> String {
        self.segs
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("  ")
    }
}

/// A line of output with what paragraph joining needs to know.
#[derive(Debug, Clone)]
struct Out {
    text: String,
    /// May continue on the next line (reaches the right margin).
    full: bool,
    /// Stands apart from the next line (a blank gap, a column block, a table row).
    closed: bool,
}

fn lines_of(page: &[Piece]) -> Vec<Line> {
    let mut pieces: Vec<&Piece> = page.iter().collect();
    pieces.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<&Piece>> = Vec::new();
    for p in pieces {
        match lines.last_mut() {
            Some(line) if (line[0].y - p.y).abs() < 0.45 * line[0].size.max(p.size) => line.push(p),
            _ => lines.push(vec![p]),
        }
    }
    lines
        .into_iter()
        .map(|mut ps| {
            ps.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let size = ps.iter().map(|p| p.size).fold(0.0f32, f32::max);
            let y = ps.iter().map(|p| p.y).sum::<f32>() / ps.len() as f32;
            let mut segs: Vec<Seg> = Vec::new();
            for p in ps {
                let text = p.text.replace('\u{00A0}', " ");
                match segs.last_mut() {
                    Some(s) if p.x0 - s.x1 <= 2.0 * size => {
                        let gap = p.x0 - s.x1;
                        let spaced = s.text.ends_with(' ') || text.starts_with(' ');
                        if gap > 0.12 * size && !spaced {
                            s.text.push(' ');
                        }
                        s.text.push_str(&text);
                        s.x1 = s.x1.max(p.x1);
                    }
                    _ => segs.push(Seg {
                        x0: p.x0,
                        x1: p.x1,
                        text,
                    }),
                }
            }
            for s in &mut segs {
                s.text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            segs.retain(|s| !s.text.is_empty());
            Line { y, size, segs }
        })
        .filter(|l| !l.segs.is_empty())
        .collect()
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s\-–—.]*(trang|page)?\s*\d{1,4}(\s*(/|of|trên)\s*\d{1,4})?[\s\-–—.]*$")
        .expect("page number pattern")
});

static ITEM_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([-+•*–—]\s|[IVXLC]+\s*[.\-–/]|\d+(\.\d+)*\s*[.)](\s|$)|[a-zđ]\s*\)|\(\s*\d+\s*\)|(Điều|Chương|Mục|Phần|Phụ lục)\s|\|)")
        .expect("item pattern")
});

/// Lines at the top or bottom of pages that are page furniture.
fn furniture(pages: &[Vec<Line>]) -> Vec<Vec<bool>> {
    let key = |l: &Line| -> String {
        l.text()
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let edge = |n: usize, i: usize| i < 2 || i + 2 >= n;
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for page in pages {
        let mut seen = std::collections::HashSet::new();
        for (i, l) in page.iter().enumerate() {
            if edge(page.len(), i) && seen.insert(key(l)) {
                *counts.entry(key(l)).or_default() += 1;
            }
        }
    }
    let repeated = |k: &str| -> bool {
        pages.len() >= 2 && counts.get(k).copied().unwrap_or(0) * 2 >= pages.len().max(3)
    };
    pages
        .iter()
        .map(|page| {
            page.iter()
                .enumerate()
                .map(|(i, l)| {
                    let first_or_last = i == 0 || i + 1 == page.len();
                    edge(page.len(), i)
                        && (repeated(&key(l)) || (first_or_last && PAGE_NUMBER.is_match(&l.text())))
                })
                .collect()
        })
        .collect()
}

/// The text of pages of pieces, one paragraph per line.
pub fn layout_pages(pages: &[Vec<Piece>]) -> Vec<String> {
    let pages: Vec<Vec<Line>> = pages.iter().map(|p| lines_of(p)).collect();
    let drop = furniture(&pages);
    let mut outs: Vec<Out> = Vec::new();
    for (page, drop) in pages.iter().zip(drop) {
        let lines: Vec<&Line> = page
            .iter()
            .zip(drop)
            .filter(|(_, d)| !d)
            .map(|(l, _)| l)
            .collect();
        page_outs(&lines, &mut outs);
    }
    join_paragraphs(&outs)
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

fn page_outs(lines: &[&Line], outs: &mut Vec<Out>) {
    if lines.is_empty() {
        return;
    }
    let right = lines
        .iter()
        .filter(|l| l.segs.len() == 1)
        .map(|l| l.x1())
        .fold(f32::MIN, f32::max);
    let left = lines
        .iter()
        .filter(|l| l.segs.len() == 1)
        .map(|l| l.x0())
        .fold(f32::MAX, f32::min);
    let spacing = median(
        lines
            .windows(2)
            .map(|w| w[0].y - w[1].y)
            .filter(|g| *g > 0.0)
            .collect(),
    )
    .unwrap_or(0.0);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.segs.len() == 2 {
            // A column block: lines split by a gap at about the same place.
            let split = (line.segs[0].x1 + line.segs[1].x0) / 2.0;
            let mut left_col: Vec<String> = Vec::new();
            let mut right_col: Vec<String> = Vec::new();
            let mut j = i;
            while j < lines.len() {
                let l = lines[j];
                if j > i && l.y < lines[j - 1].y - 2.0 * l.size {
                    break;
                }
                let fits = l.segs.iter().all(|s| s.x1 < split || s.x0 > split);
                if !fits || l.segs.len() > 2 {
                    break;
                }
                for s in &l.segs {
                    let col = if s.x1 < split {
                        &mut left_col
                    } else {
                        &mut right_col
                    };
                    push_in_column(col, &s.text);
                }
                j += 1;
            }
            for t in left_col.into_iter().chain(right_col) {
                outs.push(Out {
                    text: t,
                    full: false,
                    closed: true,
                });
            }
            i = j;
            continue;
        }
        let gap_after = lines.get(i + 1).map(|n| line.y - n.y).unwrap_or(0.0);
        let apart = spacing > 0.0 && gap_after > spacing * 1.35;
        if line.segs.len() > 2 {
            let cells: Vec<&str> = line.segs.iter().map(|s| s.text.as_str()).collect();
            outs.push(Out {
                text: format!("| {} |", cells.join(" | ")),
                full: false,
                closed: true,
            });
        } else {
            outs.push(Out {
                text: line.text(),
                full: line.x1() >= right - 1.5 * line.size && line.x0() <= left + 4.0 * line.size,
                closed: apart,
            });
        }
        i += 1;
    }
}

/// Add a column's line, joining it to the previous one when it continues it
/// (starts with a small letter or a digit after a line with no final stop).
fn push_in_column(col: &mut Vec<String>, text: &str) {
    if let Some(prev) = col.last_mut() {
        let continues = text
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
            && !prev.ends_with(['.', ':', ';', '*'])
            && prev.chars().any(|c| c.is_lowercase());
        if continues {
            join_into(prev, text);
            return;
        }
    }
    col.push(text.to_string());
}

fn join_into(prev: &mut String, next: &str) {
    if let Some(stripped) = prev.strip_suffix('\u{00AD}') {
        *prev = stripped.to_string();
    } else if !(prev.ends_with('-') || prev.ends_with('/')) {
        prev.push(' ');
    }
    prev.push_str(next);
}

fn join_paragraphs(outs: &[Out]) -> Vec<String> {
    let mut result: Vec<String> = Vec::new();
    let mut open = false;
    for o in outs {
        if open && !ITEM_START.is_match(&o.text) {
            if let Some(prev) = result.last_mut() {
                join_into(prev, &o.text);
            }
        } else {
            result.push(o.text.clone());
        }
        // The paragraph goes on when this line reaches the margin and does not
        // stand apart from the next.
        open = o.full && !o.closed;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(x0: f32, x1: f32, y: f32, text: &str) -> Piece {
        Piece {
            x0,
            x1,
            y,
            size: 13.0,
            text: text.into(),
            font: None,
        }
    }

    #[test]
    fn header_columns_paragraphs_and_furniture() {
        let page1 = vec![
            piece(270.0, 350.0, 800.0, "KẾ HOẠCH – 000"),
            piece(123.0, 273.0, 770.0, "TỈNH ỦY KIÊN GIANG"),
            piece(326.0, 523.0, 770.0, "ĐẢNG CỘNG SẢN VIỆT NAM"),
            piece(195.0, 201.0, 755.0, "*"),
            piece(314.0, 535.0, 755.0, "Kiên Giang, ngày 22 tháng 3 năm"),
            piece(155.0, 242.0, 740.0, "Số 60-KH/TU"),
            piece(408.0, 441.0, 740.0, "2022"),
            piece(274.0, 350.0, 725.0, "KẾ HOẠCH"),
            piece(85.0, 537.0, 700.0, "Thực hiện Kết luận số"),
            // A span split inside the line, as justified text gives.
            piece(
                85.0,
                300.0,
                685.0,
                "Ban Chấp hành Trung ương khóa XIII, số 21-",
            ),
            piece(300.0, 537.0, 685.0, ""),
            piece(85.0, 300.0, 670.0, "KL/TW ngày 25/10/2021."),
            piece(85.0, 200.0, 655.0, "I- MỤC ĐÍCH"),
            piece(
                85.0,
                537.0,
                640.0,
                "- Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các",
            ),
            piece(300.0, 310.0, 40.0, "1"),
        ];
        let page2 = vec![
            piece(270.0, 350.0, 800.0, "KẾ HOẠCH – 000"),
            piece(85.0, 400.0, 770.0, "cơ quan liên quan thực hiện."),
            piece(85.0, 120.0, 755.0, "| TT"),
            piece(150.0, 250.0, 740.0, "TT"),
            piece(300.0, 400.0, 740.0, "Nội dung"),
            piece(450.0, 530.0, 740.0, "Chủ trì"),
            piece(300.0, 310.0, 40.0, "2"),
        ];
        let lines = layout_pages(&[page1, page2]);
        assert_eq!(
            lines,
            vec![
                "TỈNH ỦY KIÊN GIANG",
                "*",
                "Số 60-KH/TU",
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "Kiên Giang, ngày 22 tháng 3 năm 2022",
                "KẾ HOẠCH",
                "Thực hiện Kết luận số Ban Chấp hành Trung ương khóa XIII, số 21-KL/TW ngày 25/10/2021.",
                "I- MỤC ĐÍCH",
                "- Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan thực hiện.",
                "| TT",
                "| TT | Nội dung | Chủ trì |",
            ]
        );
    }

    #[test]
    fn tesseract_tsv_becomes_pieces() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t1\t100\t50\t80\t30\t96.5\tKẾ\n\
                   5\t1\t1\t1\t1\t2\t190\t50\t120\t30\t91.0\tHOẠCH\n\
                   5\t1\t1\t1\t1\t3\t900\t52\t100\t30\t88.0\tSố\n\
                   5\t1\t1\t1\t2\t1\t100\t100\t80\t30\t-1\t \n";
        let (pieces, confs) = parse_tsv(tsv);
        assert_eq!(confs, vec![96.5, 91.0, 88.0]);
        let texts: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, vec!["KẾ HOẠCH", "Số"]);
        assert!(pieces[0].y < 0.0);
    }

    #[test]
    fn damaged_pdfs_are_reported() {
        for bytes in [&b"%PDF-1.4\n garbage"[..], b"not a pdf", b"%PDF-"] {
            match text_layer(bytes.to_vec()) {
                Err(SkipReason::Corrupt { .. }) | Err(SkipReason::Encrypted(_)) => {}
                Ok(pages) => assert!(pages.iter().all(|p| p.is_empty())),
                Err(e) => panic!("unexpected {e}"),
            }
        }
    }
}
