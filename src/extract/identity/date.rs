//! Dates as headers, leads and attached-to lines write them: `ngày 22 tháng 3
//! năm 2022`, `22/3/2022`, `14-5-2012`, `10.10.2018`, with spaces or a line
//! break anywhere between the parts (ID-03, ID-17). Read on folded text.

use chrono::NaiveDate;

/// A date read at a folded position, and where it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub date: NaiveDate,
    pub end: usize,
}

fn digits(f: &str, mut i: usize, max: usize) -> Option<(u32, usize)> {
    let b = f.as_bytes();
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() && i - start < max {
        i += 1;
    }
    if i == start || b.get(i).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    f[start..i].parse().ok().map(|n| (n, i))
}

fn spaces(f: &str, mut i: usize) -> usize {
    let b = f.as_bytes();
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

fn word(f: &str, i: usize, w: &str) -> Option<usize> {
    let i = spaces(f, i);
    f.get(i..)?.starts_with(w).then_some(i + w.len())
}

/// A numeric date `D/M/Y`, `D-M-Y`, `D.M.Y` (spaces allowed around the
/// separators), or `D tháng M năm Y`, starting at folded `i` (the day).
pub fn at(f: &str, i: usize) -> Option<Found> {
    let (d, j) = digits(f, i, 2)?;
    // `D tháng M năm Y`
    if let Some(k) = word(f, j, "thang") {
        let (m, k) = digits(f, spaces(f, k), 2)?;
        let k = word(f, k, "nam")?;
        let (y, k) = digits(f, spaces(f, k), 4)?;
        return ymd(y, m, d).map(|date| Found { date, end: k });
    }
    let sep_at = spaces(f, j);
    let sep = *f.as_bytes().get(sep_at)?;
    if !matches!(sep, b'/' | b'-' | b'.') {
        return None;
    }
    let (m, k) = digits(f, spaces(f, sep_at + 1), 2)?;
    let sep2_at = spaces(f, k);
    if f.as_bytes().get(sep2_at) != Some(&sep) {
        return None;
    }
    let (y, k) = digits(f, spaces(f, sep2_at + 1), 4)?;
    if y < 1945 {
        return None;
    }
    ymd(y, m, d).map(|date| Found { date, end: k })
}

/// `ngày D …` at folded `i` (the word `ngày`, glued or not: `ngày22`).
pub fn after_ngay(f: &str, i: usize) -> Option<Found> {
    let j = word(f, i, "ngay")?;
    at(f, spaces(f, j))
}

/// The first `ngày <date>` in folded `f[from..to]`.
pub fn first_ngay(f: &str, from: usize, to: usize) -> Option<(usize, Found)> {
    let to = to.min(f.len());
    let mut i = from;
    while i < to {
        let k = f[i..to].find("ngay")? + i;
        let bounded = k == 0 || !f.as_bytes()[k - 1].is_ascii_alphanumeric();
        if bounded {
            if let Some(found) = after_ngay(f, k) {
                return Some((k, found));
            }
        }
        i = k + 4;
    }
    None
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn forms() {
        const CASES: &[(&str, Option<&str>)] = &[
            ("ngày 22 tháng 3 năm 2022", Some("2022-03-22")),
            ("ngày 30\ntháng 12 năm 2015", Some("2015-12-30")),
            ("ngày22 tháng 7 năm 2010", Some("2010-07-22")),
            ("ngày 14-5-2012", Some("2012-05-14")),
            ("ngày 10.10.2018", Some("2018-10-10")),
            ("ngày 06/12/2023", Some("2023-12-06")),
            ("ngày 17 / 03 / 2021", Some("2021-03-17")),
            ("ngày      tháng 3 năm 2020", None),
            ("ngày 31 tháng 2 năm 2022", None),
            ("ngày 12/3, Ban", None),
            ("ngày 1/2-2020", None),
            ("ngày 123/4/2020", None),
        ];
        for (s, want) in CASES {
            let f = fold(s);
            let got = after_ngay(&f, 0).map(|x| x.date.to_string());
            assert_eq!(got.as_deref(), *want, "{s:?}");
        }
    }

    #[test]
    fn first_in_a_range() {
        let f = fold("Ngày 12/3, UBND tỉnh ban hành Kế hoạch số 5 ngày 14/3/2020");
        let (_, d) = first_ngay(&f, 0, f.len()).expect("a full date");
        assert_eq!(d.date.to_string(), "2020-03-14");
    }
}
