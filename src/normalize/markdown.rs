//! Markdown marks: emphasis (`**bold**`, `__bold__`, `*italic*`) and heading
//! marks (`#`, `##`, …) are removed so they never reach the index. List
//! markers (`*`, `-`, `+` at the start of a line), separator lines (`-----`,
//! `___`, `***`) and a lone ornament `*` line are kept as they are.

/// True when `line` may hold a mark [`strip_line_into`] removes.
#[inline]
pub fn may_have_marks(line: &str) -> bool {
    line.bytes().any(|b| matches!(b, b'*' | b'_' | b'#'))
}

/// True for a line made only of `*`, `-`, `_`, `=` and spaces (a separator
/// or ornament: one mark or three and more), which is kept untouched. A lone
/// `**` is a bold mark closing the line above and is not a rule.
fn is_rule_line(line: &str) -> bool {
    let marks = line.bytes().filter(|&b| b != b' ').count();
    (marks == 1 || marks >= 3)
        && line
            .bytes()
            .all(|b| matches!(b, b'*' | b'-' | b'_' | b'=' | b' '))
}

/// Append `line` (one line, white space already folded and trimmed) to `out`
/// without its markdown marks. Spaces left doubled by a removed mark are
/// folded, and the result is trimmed.
pub fn strip_line_into(line: &str, out: &mut String) {
    if is_rule_line(line) {
        out.push_str(line);
        return;
    }
    let mut body = line;
    // Heading marks: 1–6 `#` then a space (or nothing).
    let hashes = body.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        let rest = &body[hashes..];
        if rest.is_empty() || rest.starts_with(' ') {
            body = rest.trim_start();
        }
    }
    let bytes = body.as_bytes();
    // Mark which byte ranges to drop. All marks are ASCII, so byte indices
    // of the marks are char boundaries.
    let mut drop = vec![false; bytes.len()];
    let mut star_open: Option<usize> = None;
    let mut under_open: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'*' && b != b'_' {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && bytes[j] == b {
            j += 1;
        }
        let run = j - i;
        let prev = body[..i].chars().next_back();
        let next = body[j..].chars().next();
        let can_open = next.is_some_and(|c| !c.is_whitespace());
        let can_close = prev.is_some_and(|c| !c.is_whitespace());
        if b == b'*' {
            if run == 1 && i == 0 && next == Some(' ') {
                // A `* ` list marker.
            } else if (2..=3).contains(&run) {
                // Bold (or bold italic) marks go even when unpaired: the
                // corpus closes bold headings on the next line.
                drop[i..j].iter_mut().for_each(|d| *d = true);
            } else if run == 1 {
                match star_open {
                    Some(open) if can_close => {
                        drop[open] = true;
                        drop[i] = true;
                        star_open = None;
                    }
                    _ if can_open => star_open = Some(i),
                    _ => {}
                }
            }
        } else if run == 2 {
            // `__bold__` only when paired; a word-internal `__` is left.
            let outer_prev = prev.is_none_or(|c| !c.is_alphanumeric());
            let outer_next = next.is_none_or(|c| !c.is_alphanumeric());
            match under_open {
                Some(open) if can_close && outer_next => {
                    drop[open..open + 2].iter_mut().for_each(|d| *d = true);
                    drop[i..j].iter_mut().for_each(|d| *d = true);
                    under_open = None;
                }
                _ if can_open && outer_prev => under_open = Some(i),
                _ => {}
            }
        }
        i = j;
    }
    let start_len = out.len();
    let mut pending_space = false;
    for (k, c) in body.char_indices() {
        if drop[k] {
            continue;
        }
        if c == ' ' {
            pending_space = out.len() > start_len;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, &str)] = &[
        ("**KẾ HOẠCH**", "KẾ HOẠCH"),
        ("**I- MỤC ĐÍCH, YÊU CẦU", "I- MỤC ĐÍCH, YÊU CẦU"),
        ("**", ""),
        ("## **2. Đổi mới**", "2. Đổi mới"),
        ("#### **4. Đổi mới**", "4. Đổi mới"),
        ("# Tiêu đề", "Tiêu đề"),
        ("#hashtag", "#hashtag"),
        ("(*tháng 3/2022*)", "(tháng 3/2022)"),
        (
            "là *Kết luận số 21-KL/TW*), Ban",
            "là Kết luận số 21-KL/TW), Ban",
        ),
        ("* một mục", "* một mục"),
        ("- một mục", "- một mục"),
        ("+ một mục", "+ một mục"),
        ("*", "*"),
        ("* * *", "* * *"),
        ("-----", "-----"),
        ("___________", "___________"),
        ("__đậm__ và thường", "đậm và thường"),
        ("snake__case__x", "snake__case__x"),
        ("Số: ____/QĐ", "Số: ____/QĐ"),
        ("a * b", "a * b"),
        ("ghi chú (*)", "ghi chú (*)"),
        ("***đậm nghiêng***", "đậm nghiêng"),
        ("**T/M BAN THƯỜNG VỤ", "T/M BAN THƯỜNG VỤ"),
        ("BÍ THƯ**", "BÍ THƯ"),
        ("** chữ **", "chữ"),
    ];

    #[test]
    fn strip_table() {
        for (input, want) in CASES {
            let mut out = String::new();
            strip_line_into(input, &mut out);
            assert_eq!(&out, want, "case {input:?}");
        }
    }
}
