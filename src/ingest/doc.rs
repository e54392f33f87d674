//! Word 97–2003 (`.doc`): through the first converter installed, found at run
//! time: `antiword` (fast; tables as `|cell|cell|` rows), `catdoc`, or
//! LibreOffice headless (`soffice`, slowest, reads the most). Without any, the
//! file is skipped with a reason that names what to install. Legacy-font text
//! (the converters pass `.VnTime` bytes through as Latin-1 letters) is decoded
//! line by line ([`legacy::repair`]).

use std::ffi::OsStr;

use super::layout::{self, Table};
use super::legacy::{self, Legacy};
use super::{tools, Decoded, Decoder, Format, Hints, Input, Origin, SkipReason};

pub struct DocDecoder;

impl Decoder for DocDecoder {
    fn format(&self) -> Format {
        Format::Doc
    }

    fn decode(&self, input: &Input<'_>) -> Result<Decoded, SkipReason> {
        if !input.bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            if input.bytes.starts_with(b"PK\x03\x04") {
                // A .docx named .doc.
                let mut d = super::docx::DocxDecoder.decode(input)?;
                d.origin.format = Format::Doc;
                return Ok(d);
            }
            if input.bytes.starts_with(b"{\\rtf") {
                return Err(SkipReason::Corrupt {
                    format: "doc",
                    detail: "this is an RTF file; save it as .docx".into(),
                });
            }
        }
        let budget = input.options.time_budget;
        let path = input.path.as_os_str();
        let (raw, tool) = if let Some(p) = tools::find("antiword") {
            let ran = tools::run(
                &p,
                &[
                    OsStr::new("-m"),
                    OsStr::new("UTF-8.txt"),
                    OsStr::new("-w"),
                    OsStr::new("0"),
                    path,
                ],
                &[],
                input.deadline,
                budget,
            )?;
            (
                String::from_utf8_lossy(&ran.stdout).into_owned(),
                "antiword",
            )
        } else if let Some(p) = tools::find("catdoc") {
            let ran = tools::run(
                &p,
                &[
                    OsStr::new("-d"),
                    OsStr::new("utf-8"),
                    OsStr::new("-w"),
                    path,
                ],
                &[],
                input.deadline,
                budget,
            )?;
            (String::from_utf8_lossy(&ran.stdout).into_owned(), "catdoc")
        } else if let Some(p) = tools::find("soffice").or_else(|| tools::find("libreoffice")) {
            (soffice(&p, input)?, "soffice")
        } else {
            return Err(SkipReason::NeedsTool {
                format: "Word 97-2003 (.doc)",
            });
        };
        let (text, legacy) = tidy(&raw);
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
                tool: Some(tool.to_string()),
                ..Origin::new(Format::Doc, encoding)
            },
            hints: Hints::default(),
        })
    }
}

/// LibreOffice headless: convert to UTF-8 text in a private folder (its own
/// user profile too, so it never meets a running instance).
fn soffice(program: &std::path::Path, input: &Input<'_>) -> Result<String, SkipReason> {
    let failed = |detail: String| SkipReason::ToolFailed {
        tool: "soffice".into(),
        detail,
    };
    let dir = tools::TempDir::new("doc").map_err(|e| failed(e.to_string()))?;
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let out = dir.path().join("out");
    tools::run(
        program,
        &[
            OsStr::new(&profile),
            OsStr::new("--headless"),
            OsStr::new("--norestore"),
            OsStr::new("--convert-to"),
            OsStr::new("txt:Text (encoded):UTF8"),
            OsStr::new("--outdir"),
            out.as_os_str(),
            input.path.as_os_str(),
        ],
        &[],
        input.deadline,
        input.options.time_budget,
    )?;
    let stem = input
        .path
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_default();
    let txt = out.join(stem).with_extension("txt");
    let bytes = std::fs::read(&txt).map_err(|e| failed(format!("no output: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// antiword's `|cell|cell|` rows back into tables; legacy bytes decoded per line.
fn tidy(raw: &str) -> (String, Vec<Legacy>) {
    let mut lines: Vec<String> = Vec::new();
    let mut table: Table = Vec::new();
    let mut legacy: Vec<Legacy> = Vec::new();
    let mut body_started = false;
    let flush_table = |table: &mut Table, lines: &mut Vec<String>, body_started: &mut bool| {
        if !table.is_empty() {
            lines.extend(layout::table_lines(table, !*body_started));
            *body_started = true;
            table.clear();
        }
    };
    for line in raw.lines() {
        let r = legacy::repair(line, None);
        if let Some(l) = r.encoding {
            if !legacy.contains(&l) {
                legacy.push(l);
            }
        }
        let line = r.text.trim_end().to_string();
        let t = line.trim();
        if t.len() >= 2 && t.starts_with('|') && t.ends_with('|') {
            let cells: Vec<Vec<String>> = t[1..t.len() - 1]
                .split('|')
                .map(|c| vec![c.trim().to_string()])
                .collect();
            table.push(cells);
            continue;
        }
        flush_table(&mut table, &mut lines, &mut body_started);
        if t.is_empty() {
            continue;
        }
        lines.push(line);
        body_started |= lines.len() > 2;
    }
    flush_table(&mut table, &mut lines, &mut body_started);
    (lines.join("\n") + "\n", legacy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn antiword_tables_become_rows_or_header_columns() {
        let raw = "\n|TỈNH ỦY KIÊN GIANG   |ĐẢNG CỘNG SẢN VIỆT NAM   |\n|*     |Kiên Giang, ngày 22 tháng 3 năm 2022 |\n|Số 60-KH/TU  |   |\n\nKẾ HOẠCH\nMột\nHai\n|TT|Nội dung|Chủ trì|\n|1 |Tổ chức |Sở Nội vụ|\n";
        let (text, legacy) = tidy(raw);
        assert!(legacy.is_empty());
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            vec![
                "TỈNH ỦY KIÊN GIANG",
                "*",
                "Số 60-KH/TU",
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "Kiên Giang, ngày 22 tháng 3 năm 2022",
                "KẾ HOẠCH",
                "Một",
                "Hai",
                "| TT | Nội dung | Chủ trì |",
                "| 1 | Tổ chức | Sở Nội vụ |",
            ]
        );
        // .VnTime text passed through as Latin-1 letters.
        let (text, legacy) = tidy("KÕ ho¹ch thùc hiÖn\n");
        assert_eq!(text, "Kế hoạch thực hiện\n");
        assert_eq!(legacy, vec![Legacy::Tcvn3]);
    }
}
