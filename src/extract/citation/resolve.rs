//! Resolution: mentions → distinct cited documents.

use std::collections::HashMap;

use super::tokens::{clean, roman, tone_canonical};
use super::{Context, Mention};
use crate::extract::record::{Citation, DocType};
use crate::extract::refs;

/// One cited document with the indices of the mentions that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub citation: Citation,
    /// Indices into the mention slice given to [`group`].
    pub members: Vec<usize>,
}

/// Group mentions into cited documents, keeping which mention went where
/// (the implements stage maps mentions to references through this).
pub fn group(_text: &str, mentions: &[Mention], ctx: &Context) -> Vec<Group> {
    let own = ctx.doc_number.as_deref().map(refs::lookup_key);
    let mut groups: Vec<Builder> = Vec::new();

    // numbered mentions first: they anchor the named ones
    for (i, m) in mentions.iter().enumerate() {
        let Some(r) = &m.reference else { continue };
        let key = refs::lookup_key(r);
        if own.as_deref() == Some(key.as_str()) {
            continue;
        }
        let found = groups.iter_mut().find(|g| {
            g.key == key
                && match (g.date(mentions), m.date) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
        });
        match found {
            Some(g) => g.members.push(i),
            None => groups.push(Builder {
                key,
                members: vec![i],
                reference: Some(r.clone()),
            }),
        }
    }
    let numbered = groups.len();

    for (i, m) in mentions.iter().enumerate() {
        if m.reference.is_some() || m.name.is_none() {
            continue;
        }
        if let Some(g) = link_to_numbered(&mut groups[..numbered], mentions, m) {
            g.members.push(i);
            continue;
        }
        let key = named_key(m);
        let found = groups[numbered..]
            .iter_mut()
            .find(|g| key_compatible(&g.key, &key));
        match found {
            Some(g) => g.members.push(i),
            None => groups.push(Builder {
                key,
                members: vec![i],
                reference: None,
            }),
        }
    }

    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|mut g| {
            g.members.sort_unstable();
            Group {
                citation: g.citation(mentions, ctx),
                members: g.members,
            }
        })
        .collect();
    out.sort_by_key(|g| g.members.first().map(|&i| mentions[i].span[0]));
    out
}

struct Builder {
    key: String,
    members: Vec<usize>,
    reference: Option<String>,
}

impl Builder {
    fn date(&self, mentions: &[Mention]) -> Option<chrono::NaiveDate> {
        self.members.iter().find_map(|&i| mentions[i].date)
    }

    fn term(&self, mentions: &[Mention]) -> Option<String> {
        self.members.iter().find_map(|&i| mentions[i].term.clone())
    }

    fn citation(&self, mentions: &[Mention], ctx: &Context) -> Citation {
        let ms: Vec<&Mention> = self.members.iter().map(|&i| &mentions[i]).collect();
        let anchor: Vec<&&Mention> = if self.reference.is_some() {
            ms.iter().filter(|m| m.reference.is_some()).collect()
        } else {
            ms.iter().collect()
        };
        let first = anchor.first().copied().copied();
        let doc_type = anchor
            .iter()
            .map(|m| m.doc_type)
            .find(|t| *t != DocType::Other)
            .unwrap_or(first.map_or(DocType::Other, |m| m.doc_type));
        // the most frequent issuer, ties to the first written
        let mut counts: Vec<(String, usize)> = Vec::new();
        for m in &anchor {
            if let Some(iss) = &m.issuer {
                match counts.iter_mut().find(|(s, _)| s == iss) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((iss.clone(), 1)),
                }
            }
        }
        let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let issuer = counts
            .into_iter()
            .find(|(_, n)| *n == best)
            .map(|(s, _)| qualify(&s, self.reference.as_deref(), ctx));
        Citation {
            reference: self.reference.clone(),
            name: if self.reference.is_none() {
                first.and_then(|m| m.name.clone())
            } else {
                None
            },
            doc_type,
            date: anchor.iter().find_map(|m| m.date),
            issuer,
            mentions: ms.len(),
            spans: ms.iter().map(|m| m.span).collect(),
        }
    }
}

/// Qualify a local issuer with the citing document's province
/// (`Ban Thường vụ Tỉnh ủy` → `Ban Thường vụ Tỉnh ủy Kiên Giang`).
fn qualify(issuer: &str, reference: Option<&str>, ctx: &Context) -> String {
    let Some(province) = ctx.province.as_deref().filter(|p| !p.is_empty()) else {
        return issuer.to_string();
    };
    if reference.is_some_and(refs::is_central) || issuer.contains(province) {
        return issuer.to_string();
    }
    let lower = issuer.to_lowercase();
    if lower.ends_with("tỉnh ủy") || lower.ends_with("tỉnh") {
        format!("{issuer} {province}")
    } else {
        issuer.to_string()
    }
}

fn canon(s: &str) -> String {
    tone_canonical(&clean(s)).to_lowercase()
}

/// The words of a named regulation after its type word and `về`.
fn content_of(name: &str, doc_type: DocType) -> String {
    let c = canon(name);
    let label = canon(doc_type.label());
    let mut rest = c.as_str();
    for prefix in [
        label.as_str(),
        "quy chế",
        "chiến lược",
        "pháp lệnh",
        "điều lệ",
    ] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
            break;
        }
    }
    let rest = rest.strip_prefix("của đảng về ").unwrap_or(rest);
    let rest = rest.strip_prefix("về ").unwrap_or(rest);
    rest.to_string()
}

/// Find the numbered document a named mention stands for, if the text says.
fn link_to_numbered<'a>(
    groups: &'a mut [Builder],
    mentions: &[Mention],
    m: &Mention,
) -> Option<&'a mut Builder> {
    if let Some(p) = m.plenum {
        let compatible = |g: &Builder| {
            let first = &mentions[g.members[0]];
            first.doc_type == m.doc_type
                && match (g.term(mentions), &m.term) {
                    (Some(a), Some(b)) => &a == b,
                    _ => true,
                }
        };
        // the numbered mention names the same plenum
        if let Some(i) = groups
            .iter()
            .position(|g| compatible(g) && g.members.iter().any(|&i| mentions[i].plenum == Some(p)))
        {
            return groups.get_mut(i);
        }
        // otherwise the only compatible document of the Central Committee
        let cands: Vec<usize> = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                compatible(g)
                    && g.members.iter().any(|&i| {
                        mentions[i]
                            .issuer
                            .as_deref()
                            .is_some_and(|s| s.contains("Ban Chấp hành Trung ương"))
                    })
            })
            .map(|(i, _)| i)
            .collect();
        if let [only] = cands[..] {
            return groups.get_mut(only);
        }
        return None;
    }
    let name = m.name.as_deref()?;
    if name.contains("Đại hội") {
        return None;
    }
    let full = canon(name);
    let content = content_of(name, m.doc_type);
    if content.split(' ').count() < 3 {
        return None;
    }
    let i = groups.iter().position(|g| {
        g.members.iter().any(|&i| {
            mentions[i].subject.as_deref().is_some_and(|s| {
                let s = canon(s);
                let s = s.strip_prefix("về ").unwrap_or(&s);
                s.starts_with(&full)
                    || (mentions[i].doc_type == m.doc_type && s.starts_with(&content))
            })
        })
    })?;
    groups.get_mut(i)
}

/// Grouping key of an unnumbered document.
fn named_key(m: &Mention) -> String {
    let name = m.name.as_deref().unwrap_or("");
    if let Some(p) = m.plenum {
        return format!(
            "P|{}|{p}|{}",
            m.doc_type.slug(),
            m.term.as_deref().unwrap_or("")
        );
    }
    if name.contains("Đại hội") {
        let level = if canon(name).contains("tỉnh") || name.contains("Đảng bộ") {
            "tinh"
        } else {
            "tw"
        };
        let n = name
            .split(' ')
            .find_map(|w| roman(w.trim_matches(|c: char| !c.is_alphanumeric())))
            .unwrap_or(0);
        return format!("C|{level}|{n}");
    }
    let content = content_of(name, m.doc_type);
    let words: Vec<&str> = content.split(' ').take(2).collect();
    format!("G|{}|{}", canon(m.doc_type.label()), words.join(" "))
        + if m.doc_type == DocType::Other {
            name.split(' ').next().unwrap_or("")
        } else {
            ""
        }
}

/// Keys match when equal, or for plenum keys when one term is unknown.
fn key_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let pa: Vec<&str> = a.split('|').collect();
    let pb: Vec<&str> = b.split('|').collect();
    pa.len() == 4
        && pb.len() == 4
        && pa[0] == "P"
        && pb[0] == "P"
        && pa[1] == pb[1]
        && pa[2] == pb[2]
        && (pa[3].is_empty() || pb[3].is_empty())
}

/// Map from mention index to the index of its group in `groups`
/// (self-references have no entry).
pub fn index(groups: &[Group]) -> HashMap<usize, usize> {
    let mut map = HashMap::new();
    for (gi, g) in groups.iter().enumerate() {
        for &m in &g.members {
            map.insert(m, gi);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::citation::find;

    fn refs_of(text: &str, ctx: &Context) -> Vec<(Option<String>, usize)> {
        let ms = find(text);
        group(text, &ms, ctx)
            .into_iter()
            .map(|g| (g.citation.reference, g.citation.mentions))
            .collect()
    }

    #[test]
    fn same_ref_merges_and_self_reference_is_dropped() {
        let text = "Thực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương. \
                    Quán triệt Kết luận 21-KL/TW và Kế hoạch số 60-KH/TU.";
        let ctx = Context {
            province: None,
            doc_number: Some("60-KH/TU".into()),
        };
        assert_eq!(refs_of(text, &ctx), vec![(Some("21-KL/TW".into()), 2)]);
    }

    #[test]
    fn same_number_with_different_dates_does_not_merge() {
        let text = "Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành Trung ương; \
                    Nghị quyết số 21-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung ương.";
        let got = refs_of(text, &Context::default());
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn different_symbols_do_not_merge() {
        let text = "Kế hoạch số 65-KH/TU của Ban Thường vụ Tỉnh ủy và Kế hoạch số 65-KH/HU của Ban Thường vụ Huyện ủy.";
        let got = refs_of(text, &Context::default());
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn named_plenum_links_to_its_number() {
        let text = "Quán triệt Nghị quyết số 12-NQ/TW ngày 16/01/2012 Hội nghị lần thứ tư Ban Chấp hành \
                    Trung ương Đảng (khóa XI). Thực hiện Nghị quyết Trung ương 4 (khóa XI) và Nghị quyết Trung ương 4.";
        let got = refs_of(text, &Context::default());
        assert_eq!(got, vec![(Some("12-NQ/TW".into()), 3)]);
    }

    #[test]
    fn named_plenum_of_another_term_stays_apart() {
        let text = "Thực hiện Nghị quyết số 28-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XIII; \
                    gắn với Nghị quyết Trung ương 4 (khóa XII).";
        let got = refs_of(text, &Context::default());
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn local_issuers_are_qualified_with_the_province() {
        let text = "Kế hoạch số 26-KH/TU, ngày 07/7/2021 của Ban Thường vụ Tỉnh ủy về học tập; \
                    Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị.";
        let ctx = Context {
            province: Some("Kiên Giang".into()),
            doc_number: None,
        };
        let ms = find(text);
        let cs: Vec<Citation> = group(text, &ms, &ctx)
            .into_iter()
            .map(|g| g.citation)
            .collect();
        assert_eq!(
            cs[0].issuer.as_deref(),
            Some("Ban Thường vụ Tỉnh ủy Kiên Giang")
        );
        assert_eq!(cs[1].issuer.as_deref(), Some("Bộ Chính trị"));
    }
}
