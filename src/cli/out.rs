//! What every sub-command's output shares: colour only where it is welcome,
//! counts with the right plural.

use std::io::IsTerminal;

/// True unless `NO_COLOR` is set to something (<https://no-color.org>).
fn colour_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Colour on standard output: a terminal, and no `NO_COLOR`.
pub fn colour_stdout() -> bool {
    colour_allowed() && std::io::stdout().is_terminal()
}

/// Colour on standard error (logs): a terminal, and no `NO_COLOR`.
pub fn colour_stderr() -> bool {
    colour_allowed() && std::io::stderr().is_terminal()
}

/// `1 document`, `2 documents`, `0 documents`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `one` for 1, `many` otherwise (a verb that agrees: "implements"/"implement").
pub fn agree<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        const CASES: &[(usize, &str)] = &[(0, "0 tasks"), (1, "1 task"), (2, "2 tasks")];
        for (n, want) in CASES {
            assert_eq!(count(*n, "task", "tasks"), *want);
        }
        assert_eq!(agree(1, "matches", "match"), "matches");
        assert_eq!(agree(3, "matches", "match"), "match");
    }
}
