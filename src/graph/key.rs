//! Identity of documents across the corpus: which mentions are one document.
//!
//! Numbers are reused (the party restarts its numbering each term; every
//! province has its own `65-KH/TU`), so a reference alone is not an identity.
//! The rule, applied in [`crate::graph::GraphBuilder::finish`]:
//!
//! 1. **Group** by reference ([`ref_key`]: tolerant of case, spaces, hyphens,
//!    `Đ`/`D` and tone marks) and **scope**: a central reference (`/TW`, `-CP`,
//!    `-TTg`, `/BCT`, `/BBT`, see [`crate::extract::refs::is_central`]) is one
//!    scope for the whole corpus; a local reference is scoped to the province of
//!    the citing document, or to that document alone when its province is unknown.
//!    A corpus document's own `number` joins the group of its scope, so a
//!    document *is* the node its province's citations point to.
//! 2. Inside a group, **[`cluster`]** by date and issuer: mentions with different
//!    dates (or different issuers, compared by [`issuer_key`]) are never merged.
//!    A mention that lacks the date (or the issuer) joins the one cluster it is
//!    compatible with; when it is compatible with none it starts its own, and
//!    when it is compatible with several nothing distinguishes them, so it stays
//!    on its own (an undated node the lookup lists beside the dated ones).
//! 3. Two corpus documents are never merged (see the builder).
//!
//! Document types are not compared: `QĐ` is both Quyết định and Quy định and the
//! type word is often miswritten, while number + date already identify.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::extract::refs::lookup_key;
use crate::normalize::fold;

use super::Scope;

/// The key references are looked up and grouped by: [`lookup_key`] (case,
/// `Đ`/`D`, tone style) with every character except letters, digits and `/`
/// removed, so `21-kl/tw`, `21 KL/TW` and `21-KL/TW` are one key.
pub fn ref_key(raw: &str) -> String {
    lookup_key(raw)
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '/')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Lower-case ASCII words of a Vietnamese phrase (`Tỉnh Kiên Giang` →
/// `tinh kien giang`).
fn folded_words(s: &str) -> Vec<String> {
    fold(s)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Comparison key of a province name: folded, lower-case, without the
/// `tỉnh` / `thành phố` prefix (`Tỉnh Kiên Giang`, `kiên giang` → `kien giang`).
pub fn province_key(province: &str) -> String {
    let words = folded_words(province);
    let skip = match words.as_slice() {
        [a, ..] if a == "tinh" => 1,
        [a, b, ..] if a == "thanh" && b == "pho" => 2,
        _ => 0,
    };
    words[skip.min(words.len())..].join(" ")
}

/// ASCII slug of a province for node keys (`Kiên Giang` → `kien-giang`).
pub fn province_slug(province: &str) -> String {
    province_key(province).replace(' ', "-")
}

/// Comparison key of an issuer: how the body is written does not matter
/// (`Ban Chấp hành Trung ương Đảng khóa XIII` = `Ban Chấp hành Trung ương`;
/// `Ban Thường vụ Tỉnh ủy Kiên Giang` = `Tỉnh ủy` = `Ban Chấp hành Đảng bộ tỉnh`,
/// which share the `/TU` numbering), which body it is does (`Bộ Chính trị` ≠
/// `Ban Bí thư`). `province` is removed from the text first. `None` for an empty
/// issuer.
pub fn issuer_key(issuer: &str, province: Option<&str>) -> Option<String> {
    let mut words = folded_words(issuer);
    // Drop the term qualifier ("khóa XIII", "(khoá XI)") and everything after it.
    if let Some(p) = words.iter().position(|w| w == "khoa") {
        words.truncate(p);
    }
    if let Some(p) = province {
        let pw = folded_words(&province_key(p));
        if !pw.is_empty() {
            let mut i = 0;
            let mut kept = Vec::with_capacity(words.len());
            while i < words.len() {
                if words[i..].starts_with(&pw) {
                    i += pw.len();
                } else {
                    kept.push(words[i].clone());
                    i += 1;
                }
            }
            words = kept;
        }
    }
    words.retain(|w| w != "dang");
    let t = words.join(" ");
    if t.is_empty() {
        return None;
    }
    let class = if t.contains("bo chinh tri") {
        "bo_chinh_tri"
    } else if t.contains("ban bi thu") {
        "ban_bi_thu"
    } else if t == "trung uong" || t.contains("ban chap hanh trung uong") {
        "trung_uong"
    } else if t.contains("thu tuong") {
        "thu_tuong"
    } else if t == "chinh phu" {
        "chinh_phu"
    } else {
        let mut rest = t.as_str();
        for prefix in ["ban thuong vu ", "thuong truc ", "ban chap hanh "] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        match rest {
            "tinh uy" | "bo tinh" | "tinh" => "tinh_uy",
            "thanh uy" | "bo thanh pho" => "thanh_uy",
            "huyen uy" | "bo huyen" => "huyen_uy",
            "uy ban nhan dan tinh" | "ubnd tinh" | "uy ban nhan dan" | "ubnd" => "ubnd",
            _ => return Some(rest.to_string()),
        }
    };
    Some(class.to_string())
}

/// One mention (or corpus document) inside a ref + scope group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub date: Option<NaiveDate>,
    /// [`issuer_key`] of the issuer, if known.
    pub issuer: Option<String>,
}

/// Assign each item of one ref + scope group to a cluster (one document);
/// returns the cluster number of every item. Deterministic: depends only on
/// the multiset of items, not their order, except for cluster numbering.
pub fn cluster(items: &[Item]) -> Vec<usize> {
    #[derive(Debug)]
    struct Cl {
        issuer: Option<String>,
    }
    let mut clusters: Vec<Cl> = Vec::new();
    let mut assign: Vec<Option<usize>> = vec![None; items.len()];

    // 1. Dated items: one cluster per (date, issuer); an item without an issuer
    //    joins the date's only issuer, else a cluster of its own.
    let mut by_date: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        if let Some(d) = it.date {
            by_date.entry(d).or_default().push(i);
        }
    }
    for members in by_date.values() {
        let issuers: BTreeSet<&String> = members
            .iter()
            .filter_map(|&i| items[i].issuer.as_ref())
            .collect();
        let mut of_issuer: BTreeMap<&String, usize> = BTreeMap::new();
        for iss in &issuers {
            of_issuer.insert(iss, clusters.len());
            clusters.push(Cl {
                issuer: Some((*iss).clone()),
            });
        }
        let mut unattributed: Option<usize> = None;
        for &i in members {
            let c = match &items[i].issuer {
                Some(iss) => of_issuer.get(iss).copied(),
                None if of_issuer.len() == 1 => of_issuer.values().next().copied(),
                None => None,
            };
            let c = c.unwrap_or_else(|| {
                *unattributed.get_or_insert_with(|| {
                    clusters.push(Cl { issuer: None });
                    clusters.len() - 1
                })
            });
            assign[i] = Some(c);
        }
    }

    // 2. Undated items with an issuer: join the one compatible dated cluster
    //    when no other issuer claims it too; else one undated cluster per issuer.
    let mut by_issuer: BTreeMap<&String, Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        if let (None, Some(iss)) = (it.date, &it.issuer) {
            by_issuer.entry(iss).or_default().push(i);
        }
    }
    let dated = clusters.len();
    let mut choice: BTreeMap<&String, Option<usize>> = BTreeMap::new();
    let mut claims = vec![0usize; dated];
    for iss in by_issuer.keys() {
        let cands: Vec<usize> = (0..dated)
            .filter(|&c| clusters[c].issuer.as_ref().is_none_or(|ci| ci == *iss))
            .collect();
        let pick = (cands.len() == 1).then(|| cands[0]);
        if let Some(c) = pick {
            claims[c] += 1;
        }
        choice.insert(iss, pick);
    }
    for (iss, members) in &by_issuer {
        let c = match choice.get(iss).copied().flatten() {
            Some(c) if claims[c] == 1 => {
                clusters[c].issuer = Some((*iss).clone());
                c
            }
            _ => {
                clusters.push(Cl {
                    issuer: Some((*iss).clone()),
                });
                clusters.len() - 1
            }
        };
        for &i in members {
            assign[i] = Some(c);
        }
    }

    // 3. Items with neither date nor issuer: join the only cluster, else their own.
    let bare: Vec<usize> = (0..items.len()).filter(|&i| assign[i].is_none()).collect();
    if !bare.is_empty() {
        let c = if clusters.len() == 1 {
            0
        } else {
            clusters.push(Cl { issuer: None });
            clusters.len() - 1
        };
        for i in bare {
            assign[i] = Some(c);
        }
    }
    assign.into_iter().map(|c| c.unwrap_or(0)).collect()
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The scope of a reference cited by a document with `local` scope.
pub fn scope_of(reference: &str, local: &Scope) -> Scope {
    if crate::extract::refs::is_central(reference) {
        Scope::Central
    } else {
        local.clone()
    }
}

/// A grouping key of a scope (`c`, `p:kien giang`, `d:<id>`).
pub fn scope_key(scope: &Scope) -> String {
    match scope {
        Scope::Central => "c".to_string(),
        Scope::Province(p) => format!("p:{}", province_key(p)),
        Scope::Document(id) => format!("d:{id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_keys_are_tolerant() {
        const CASES: &[(&str, &str)] = &[
            ("21-KL/TW", "21-kl/tw"),
            ("21-KL/TW", "21 KL/TW"),
            ("21-KL/TW", " 21-KL / TW "),
            ("99-QĐ/TW", "99-QD/TW"),
            ("99-QĐ/TW", "99-qđ/tw"),
            ("1847/QĐ-TTg", "1847/QD-TTG"),
            ("130/2020/NĐ-CP", "130/2020/nd-cp"),
            ("32-CTR/TU", "32-CTr/TU"),
        ];
        for (a, b) in CASES {
            assert_eq!(ref_key(a), ref_key(b), "{a} vs {b}");
        }
        const DIFFERENT: &[(&str, &str)] = &[
            ("21-KL/TW", "21-NQ/TW"),
            ("21-KL/TW", "12-KL/TW"),
            ("65-KH/TU", "65-KH/HU"),
        ];
        for (a, b) in DIFFERENT {
            assert_ne!(ref_key(a), ref_key(b), "{a} vs {b}");
        }
    }

    #[test]
    fn issuer_keys() {
        // (issuer a, issuer b, province, same body?)
        const CASES: &[(&str, &str, &str, bool)] = &[
            (
                "Ban Chấp hành Trung ương",
                "Ban Chấp hành Trung ương Đảng khóa XIII",
                "",
                true,
            ),
            (
                "Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XI)",
                "Ban Chấp hành Trung ương",
                "",
                true,
            ),
            ("Bộ Chính trị", "Bộ Chính trị khoá XI", "", true),
            ("Bộ Chính trị", "Ban Bí thư", "", false),
            ("Bộ Chính trị", "Ban Chấp hành Trung ương", "", false),
            (
                "Ban Thường vụ Tỉnh ủy Kiên Giang",
                "Tỉnh ủy",
                "Kiên Giang",
                true,
            ),
            (
                "Ban Chấp hành Đảng bộ tỉnh",
                "Ban Thường vụ Tỉnh ủy",
                "",
                true,
            ),
            (
                "Ban Tuyên giáo Trung ương",
                "Ban Chấp hành Trung ương",
                "",
                false,
            ),
            ("Ban Tổ chức Tỉnh ủy", "Tỉnh ủy", "", false),
            (
                "Ủy ban nhân dân tỉnh Vĩnh Long",
                "Ủy ban nhân dân tỉnh",
                "Vĩnh Long",
                true,
            ),
            ("Ủy ban nhân dân tỉnh", "Ban Thường vụ Tỉnh ủy", "", false),
        ];
        for (a, b, p, same) in CASES {
            let p = (!p.is_empty()).then_some(*p);
            let (ka, kb) = (issuer_key(a, p), issuer_key(b, p));
            assert_eq!(ka == kb, *same, "{a:?} ({ka:?}) vs {b:?} ({kb:?})");
        }
        assert_eq!(issuer_key("  ", None), None);
    }

    #[test]
    fn provinces() {
        const CASES: &[(&str, &str)] = &[
            ("Kiên Giang", "kien-giang"),
            ("Tỉnh Kiên Giang", "kien-giang"),
            ("kiên  giang", "kien-giang"),
            ("Thành phố Hồ Chí Minh", "ho-chi-minh"),
            ("Vĩnh Long", "vinh-long"),
        ];
        for (p, slug) in CASES {
            assert_eq!(province_slug(p), *slug, "{p}");
        }
    }

    fn item(date: &str, issuer: &str) -> Item {
        Item {
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            issuer: (!issuer.is_empty()).then(|| issuer.to_string()),
        }
    }

    #[test]
    fn clustering_table() {
        // (case, items as (date, issuer key), expected cluster pattern: items
        // with the same letter must share a cluster, different letters must not)
        type Case = (
            &'static str,
            &'static [(&'static str, &'static str)],
            &'static str,
        );
        const CASES: &[Case] = &[
            (
                "same date",
                &[("2021-10-25", "tw"), ("2021-10-25", "tw")],
                "aa",
            ),
            (
                "different years",
                &[("2017-10-25", "tw"), ("2022-10-25", "tw")],
                "ab",
            ),
            (
                "same year, different day",
                &[("2022-01-12", ""), ("2022-01-13", "")],
                "ab",
            ),
            ("dated + undated", &[("2021-10-25", "tw"), ("", "")], "aa"),
            ("undated + dated", &[("", ""), ("2021-10-25", "tw")], "aa"),
            (
                "undated issuer joins dated",
                &[("2016-05-15", "bct"), ("", "bct"), ("", "")],
                "aaa",
            ),
            (
                "two years + undated: ambiguous",
                &[("2017-10-25", "tw"), ("2022-10-25", "tw"), ("", "")],
                "abc",
            ),
            (
                "same date, issuers differ",
                &[("2021-10-25", "bct"), ("2021-10-25", "bbt")],
                "ab",
            ),
            (
                "same date, one issuer unknown",
                &[("2021-10-25", "bct"), ("2021-10-25", "")],
                "aa",
            ),
            (
                "same date, two issuers + unknown",
                &[
                    ("2021-10-25", "bct"),
                    ("2021-10-25", "bbt"),
                    ("2021-10-25", ""),
                ],
                "abc",
            ),
            ("undated, issuers differ", &[("", "bct"), ("", "bbt")], "ab"),
            (
                "undated issuer differs from dated",
                &[("2021-10-25", "bct"), ("", "bbt")],
                "ab",
            ),
            (
                "undated bare, undated issuer + dated other issuer",
                &[("2021-10-25", "bct"), ("", "bbt"), ("", "")],
                "abc",
            ),
            (
                "two issuers claim one unattributed dated cluster",
                &[("2021-10-25", ""), ("", "bct"), ("", "bbt")],
                "abc",
            ),
            ("all bare", &[("", ""), ("", ""), ("", "")], "aaa"),
        ];
        for (name, items, pattern) in CASES {
            let items: Vec<Item> = items.iter().map(|(d, i)| item(d, i)).collect();
            let got = cluster(&items);
            let pat: Vec<char> = pattern.chars().collect();
            for i in 0..items.len() {
                for j in 0..items.len() {
                    assert_eq!(
                        got[i] == got[j],
                        pat[i] == pat[j],
                        "case {name:?}: items {i} and {j}, clusters {got:?}, expected {pattern}"
                    );
                }
            }
        }
    }

    #[test]
    fn distances() {
        const CASES: &[(&str, &str, usize)] = &[
            ("", "", 0),
            ("21KL/TW", "21KL/TW", 0),
            ("22KL/TW", "21KL/TW", 1),
            ("21KL/TX", "21KL/TW", 1),
            ("KL/TW", "21KL/TW", 2),
            ("đà", "da", 2),
        ];
        for (a, b, d) in CASES {
            assert_eq!(edit_distance(a, b), *d, "{a} vs {b}");
        }
    }
}
