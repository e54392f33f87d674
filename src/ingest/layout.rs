//! Text layout shared by the structured formats (HTML, Word): how tables and
//! paragraphs become lines the later stages read.
//!
//! A table becomes one line per row, `| cell | cell | … |`, a cell's paragraphs
//! joined by a space: the form the task extractor reads as a task table. The
//! exception is the header block of a Vietnamese document, a borderless table
//! of two columns (issuing body and number on the left, national motto, place
//! and date on the right): its columns are written one after the other, each
//! paragraph on its line, as the bodies of plain-text documents have them.

/// One table: rows of cells of paragraphs.
pub type Table = Vec<Vec<Vec<String>>>;

/// True for a header-block table: at most two cells per row, at most four
/// rows, and it comes before the body (`before_body`).
pub fn is_layout_table(table: &Table, before_body: bool) -> bool {
    before_body && table.len() <= 4 && table.iter().all(|row| row.len() <= 2)
}

/// The lines of a table.
pub fn table_lines(table: &Table, before_body: bool) -> Vec<String> {
    let mut out = Vec::new();
    if is_layout_table(table, before_body) {
        let columns = table.iter().map(Vec::len).max().unwrap_or(0);
        for col in 0..columns {
            for row in table {
                if let Some(cell) = row.get(col) {
                    out.extend(
                        cell.iter()
                            .map(|p| p.trim().to_string())
                            .filter(|p| !p.is_empty()),
                    );
                }
            }
        }
        return out;
    }
    for row in table {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                cell.iter()
                    .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace('|', "/")
            })
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        out.push(format!("| {} |", cells.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(rows: &[&[&[&str]]]) -> Table {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|c| c.iter().map(|p| p.to_string()).collect())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn task_tables_become_rows_and_header_blocks_columns() {
        let tasks = t(&[
            &[&["TT"], &["Nội dung"], &["Cơ quan chủ trì"], &["Thời gian"]],
            &[
                &["1"],
                &["Tổ chức", "hội nghị"],
                &["Ban Tuyên giáo | Tỉnh ủy"],
                &["Tháng 7/2023"],
            ],
        ]);
        assert_eq!(
            table_lines(&tasks, true),
            vec![
                "| TT | Nội dung | Cơ quan chủ trì | Thời gian |",
                "| 1 | Tổ chức hội nghị | Ban Tuyên giáo / Tỉnh ủy | Tháng 7/2023 |",
            ]
        );
        let header = t(&[&[
            &["TỈNH ỦY KIÊN GIANG", "*", "Số 60-KH/TU"],
            &[
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "Kiên Giang, ngày 22 tháng 3 năm 2022",
            ],
        ]]);
        assert_eq!(
            table_lines(&header, true),
            vec![
                "TỈNH ỦY KIÊN GIANG",
                "*",
                "Số 60-KH/TU",
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "Kiên Giang, ngày 22 tháng 3 năm 2022"
            ]
        );
        // The same shape in the body is a table.
        assert_eq!(table_lines(&header, false).len(), 1);
    }
}
