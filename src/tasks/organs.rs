//! Which organ keys a user's `organ=` value means.
//!
//! A value is a canonical key (`ban_tuyen_giao`) or any alias (`Ban Tuyên giáo`,
//! `ban tuyen giao`, `Ban Tuyên giáo Tỉnh ủy`). Resolution first asks the
//! canonical alias table ([`table_key`], the one boundary to extraction), then
//! falls back to what the store has seen: the keys themselves and the assignee
//! strings written in the documents. Names are compared as folded, lower-cased
//! word sequences, so diacritics, tone-mark style, case, `_` and punctuation do
//! not matter, and a trailing level (`Tỉnh ủy`, `Huyện ủy`, `Trung ương`…) or a
//! province name seen in the store may be left out.

use std::collections::BTreeSet;

use crate::normalize::fold;

/// The canonical alias table's answer for `name`, when it knows the name.
///
/// This is the one place that talks to extraction's organ table
/// (`crate::extract::tasks::organs`); names it does not know fall back to the
/// names seen in the store.
fn table_key(name: &str) -> Option<String> {
    crate::extract::tasks::organs::organ_table()
        .resolve(name)
        .map(|m| m.key)
}

/// Words that name a level and may trail an organ's name (as folded word sequences).
const LEVEL_SUFFIXES: &[&[&str]] = &[
    &["dang", "uy", "khoi"],
    &["tinh", "uy"],
    &["huyen", "uy"],
    &["thanh", "uy"],
    &["thi", "uy"],
    &["quan", "uy"],
    &["dang", "uy"],
    &["trung", "uong"],
    &["cac", "cap"],
    &["cap", "tinh"],
    &["cap", "huyen"],
    &["cap", "xa"],
    &["thanh", "pho"],
    &["tinh"],
    &["huyen"],
    &["xa"],
    &["khoi"],
    &["tw"],
];

/// Folded, lower-cased words of a name: `Ban Tuyên giáo Tỉnh ủy` → `ban tuyen giao tinh uy`;
/// `ban_tuyen_giao` → `ban tuyen giao`.
pub(crate) fn name_words(name: &str) -> Vec<String> {
    fold(name)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The words of a name joined by single spaces (the comparison form).
pub(crate) fn name_key(name: &str) -> String {
    name_words(name).join(" ")
}

/// One organ key the store holds and the names it was written as.
#[derive(Debug, Clone)]
struct Entry {
    key: String,
    key_words: Vec<String>,
    alias_words: Vec<Vec<String>>,
}

/// Resolves `organ=` values against the table and the names seen in the store.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrganResolver {
    entries: Vec<Entry>,
    provinces: Vec<Vec<String>>,
}

impl OrganResolver {
    /// Build from `(key, aliases seen)` pairs and the provinces seen.
    pub(crate) fn new<'a>(
        organs: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
        provinces: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let entries = organs
            .into_iter()
            .map(|(key, aliases)| Entry {
                key: key.to_string(),
                key_words: name_words(key),
                alias_words: aliases.into_iter().map(name_words).collect(),
            })
            .collect();
        let provinces = provinces
            .into_iter()
            .map(name_words)
            .filter(|w| !w.is_empty())
            .collect();
        OrganResolver { entries, provinces }
    }

    /// The organ keys `name` means; empty when nothing matches.
    pub(crate) fn resolve(&self, name: &str) -> Vec<String> {
        if let Some(key) = table_key(name) {
            return vec![key];
        }
        let query = name_words(name);
        if query.is_empty() {
            return Vec::new();
        }
        let by_key: Vec<String> = self
            .entries
            .iter()
            .filter(|e| e.key_words == query)
            .map(|e| e.key.clone())
            .collect();
        if !by_key.is_empty() {
            return by_key;
        }
        let mut keys = BTreeSet::new();
        for entry in &self.entries {
            if entry
                .alias_words
                .iter()
                .any(|alias| self.alias_matches(alias, &query))
            {
                keys.insert(entry.key.clone());
            }
        }
        keys.into_iter().collect()
    }

    /// Keys whose key or a seen alias contains every word of `name`: hints for a
    /// value that resolved to nothing.
    pub(crate) fn suggestions(&self, name: &str, max: usize) -> Vec<String> {
        let query = name_words(name);
        self.entries
            .iter()
            .filter(|e| {
                !query.is_empty()
                    && std::iter::once(&e.key_words)
                        .chain(e.alias_words.iter())
                        .any(|words| query.iter().all(|q| words.contains(q)))
            })
            .map(|e| e.key.clone())
            .take(max)
            .collect()
    }

    /// `alias` equals `query`, or starts with it and the rest is only levels and
    /// a province name (`ban tuyen giao` ~ `ban tuyen giao tinh uy kien giang`).
    fn alias_matches(&self, alias: &[String], query: &[String]) -> bool {
        if alias.len() < query.len() || alias[..query.len()] != *query {
            return false;
        }
        let mut rest = &alias[query.len()..];
        loop {
            if rest.is_empty() {
                return true;
            }
            if let Some(n) = strip_prefix_phrase(rest, LEVEL_SUFFIXES.iter().copied()) {
                rest = &rest[n..];
                continue;
            }
            if let Some(n) = strip_prefix_phrase(rest, self.provinces.iter().map(|p| p.as_slice()))
            {
                rest = &rest[n..];
                continue;
            }
            return false;
        }
    }
}

/// Length of the longest phrase that `words` starts with, if any.
fn strip_prefix_phrase<'p, S: AsRef<str> + 'p>(
    words: &[String],
    phrases: impl Iterator<Item = &'p [S]>,
) -> Option<usize> {
    phrases
        .filter(|p| {
            !p.is_empty()
                && p.len() <= words.len()
                && p.iter().zip(words).all(|(a, b)| a.as_ref() == b)
        })
        .map(|p| p.len())
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver() -> OrganResolver {
        OrganResolver::new(
            [
                (
                    "ban_tuyen_giao",
                    vec![
                        "Ban Tuyên giáo Tỉnh ủy",
                        "Ban Tuyên giáo Tỉnh uỷ Kiên Giang",
                    ],
                ),
                ("ban_thuong_vu_cap_uy", vec!["Ban Thường vụ Tỉnh ủy"]),
                ("tinh_doan", vec!["Ban Thường vụ Tỉnh đoàn"]),
                ("ban_to_chuc", vec!["Ban Tổ chức Đảng ủy Khối"]),
                (
                    "uy_ban_kiem_tra",
                    vec!["Ủy ban Kiểm tra Tỉnh ủy", "Ủy ban kiểm tra các cấp"],
                ),
            ],
            ["Kiên Giang", "Trà Vinh"],
        )
    }

    /// (input, keys it must resolve to)
    const CASES: &[(&str, &[&str])] = &[
        ("ban_tuyen_giao", &["ban_tuyen_giao"]),
        ("Ban Tuyên giáo", &["ban_tuyen_giao"]),
        ("ban tuyen giao", &["ban_tuyen_giao"]),
        ("BAN TUYÊN GIÁO", &["ban_tuyen_giao"]),
        ("Ban Tuyên giáo Tỉnh uỷ", &["ban_tuyen_giao"]),
        ("  ban-tuyen-giao ", &["ban_tuyen_giao"]),
        ("Ban Thường vụ", &["ban_thuong_vu_cap_uy"]),
        ("Ban Tổ chức", &["ban_to_chuc"]),
        ("Ủy ban Kiểm tra", &["uy_ban_kiem_tra"]),
        ("Uỷ ban kiểm tra", &["uy_ban_kiem_tra"]),
        // Through the organ table: abbreviations and the 2025 merger.
        ("BTG", &["ban_tuyen_giao"]),
        ("Ban Tuyên giáo và Dân vận", &["ban_tuyen_giao"]),
        ("UBKT", &["uy_ban_kiem_tra"]),
        ("Ban", &[]),
        ("tuyen giao", &[]),
        ("", &[]),
        ("///", &[]),
    ];

    #[test]
    fn resolves_keys_and_aliases() {
        let r = resolver();
        for (input, want) in CASES {
            let got = r.resolve(input);
            assert_eq!(got, want.to_vec(), "case {input:?}");
        }
    }

    #[test]
    fn suggests_keys_containing_the_words() {
        let r = resolver();
        assert_eq!(r.suggestions("tuyen giao", 5), vec!["ban_tuyen_giao"]);
        assert!(r.suggestions("", 5).is_empty());
    }

    #[test]
    fn name_words_fold_both_tone_styles() {
        const WORDS: &[(&str, &str)] = &[
            ("Ủy ban", "uy ban"),
            ("Uỷ ban", "uy ban"),
            ("Đảng ủy Khối", "dang uy khoi"),
            ("hoá/hóa", "hoa hoa"),
            ("ban_tuyen_giao", "ban tuyen giao"),
        ];
        for (input, want) in WORDS {
            assert_eq!(name_key(input), *want, "case {input:?}");
        }
    }
}
