//! Resolution: mentions → distinct cited documents.
//!
//! Numbered mentions anchor groups (one per reference and date: a number
//! reused with another date is another document, N-14, X-09); short names
//! (`Chỉ thị 35`) join the full reference of their type and number;
//! unnumbered mentions join a numbered document the text identifies them
//! with (same plenum, or the name opening that document's subject), else one
//! another by name. Every lookup is a hash lookup, so grouping is linear.

use std::collections::{HashMap, HashSet};

use super::tokens::{clean, roman, tone_canonical};
use super::{Context, Mention};
use crate::extract::record::{Citation, DocType};
use crate::extract::refs;
use crate::grammar::phrases;
use crate::text::fold;

/// Most subjects kept per index key (a text repeating one phrase thousands
/// of times must not make linking quadratic).
const SUBJECTS_PER_KEY: usize = 64;

/// One cited document with the indices of the mentions that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub citation: Citation,
    /// Indices into the mention slice given to [`group`].
    pub members: Vec<usize>,
}

struct Builder {
    key: String,
    members: Vec<usize>,
    reference: Option<String>,
    /// The first date and term members give (kept so joining is constant time).
    date: Option<chrono::NaiveDate>,
    term: Option<String>,
}

impl Builder {
    fn new(key: String, first: usize, reference: Option<String>, mentions: &[Mention]) -> Builder {
        Builder {
            key,
            members: vec![first],
            reference,
            date: mentions[first].date,
            term: mentions[first].term.clone(),
        }
    }

    fn push(&mut self, i: usize, mentions: &[Mention]) {
        self.members.push(i);
        if self.date.is_none() {
            self.date = mentions[i].date;
        }
        if self.term.is_none() {
            self.term = mentions[i].term.clone();
        }
    }
}

/// The number of a reference (`21-KL/TW` → `21`), leading zeros dropped.
fn number_of(reference: &str) -> String {
    let d: String = reference.chars().take_while(char::is_ascii_digit).collect();
    let t = d.trim_start_matches('0');
    if t.is_empty() {
        d
    } else {
        t.to_string()
    }
}

/// Lower case, canonical tone style, no quotes, one space between words.
fn canon(s: &str) -> String {
    let unquoted: String = s
        .chars()
        .filter(|c| !matches!(c, '"' | '“' | '”'))
        .collect();
    tone_canonical(&clean(&unquoted)).to_lowercase()
}

/// The words of a canonical name before its period (`… nông thôn mới giai
/// đoạn 2021 - 2025` → `… nông thôn mới`), when there are at least four.
fn core(s: &str) -> Option<String> {
    let f = fold(s);
    let starts = std::iter::once(0).chain(f.match_indices(' ').map(|(i, _)| i + 1));
    let mut words = 0;
    for i in starts {
        let period = phrases("citations.name_period").at(&f, i).is_some()
            || f[i..].starts_with(|c: char| c.is_ascii_digit());
        if period {
            break;
        }
        words += 1;
    }
    let c: Vec<&str> = s.split(' ').take(words).collect();
    (words >= 4).then(|| c.join(" ").trim_end_matches([',', ' ']).to_string())
}

/// The first words of a canonical phrase, as an index key.
fn head(s: &str, n: usize) -> String {
    s.split(' ').take(n).collect::<Vec<_>>().join(" ")
}

/// Group mentions into cited documents, keeping which mention went where
/// (the implements stage maps mentions to references through this).
pub fn group(_text: &str, mentions: &[Mention], ctx: &Context) -> Vec<Group> {
    let own = ctx.doc_number.as_deref().map(refs::lookup_key);
    let mut groups: Vec<Builder> = Vec::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();

    // Numbered mentions first: they anchor the named ones.
    for (i, m) in mentions.iter().enumerate() {
        let Some(r) = &m.reference else { continue };
        let key = refs::lookup_key(r);
        if own.as_deref() == Some(key.as_str()) {
            continue;
        }
        let cands = by_key.entry(key.clone()).or_default();
        let found = cands
            .iter()
            .copied()
            .find(|&g| match (groups[g].date, m.date) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            });
        match found {
            Some(g) => groups[g].push(i, mentions),
            None => {
                cands.push(groups.len());
                groups.push(Builder::new(key, i, Some(r.clone()), mentions));
            }
        }
    }
    let numbered = groups.len();
    let index = NumberedIndex::new(&groups, mentions);

    let mut named_keys: HashMap<String, usize> = HashMap::new();
    let mut plenum_keys: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.reference.is_some() || m.name.is_none() {
            continue;
        }
        if let Some(g) = index.link(&groups[..numbered], mentions, m) {
            groups[g].push(i, mentions);
            continue;
        }
        let key = named_key(m);
        let found = named_keys.get(&key).copied().or_else(|| {
            // Plenum keys match when one term is unknown.
            let (stem, term) = key.rsplit_once('|')?;
            if !key.starts_with("P|") {
                return None;
            }
            plenum_keys.get(stem)?.iter().copied().find(|&g| {
                let gt = groups[g].key.rsplit_once('|').map_or("", |x| x.1);
                term.is_empty() || gt.is_empty()
            })
        });
        match found {
            Some(g) => groups[g].push(i, mentions),
            None => {
                let g = groups.len();
                named_keys.insert(key.clone(), g);
                if let Some((stem, _)) = key.rsplit_once('|').filter(|_| key.starts_with("P|")) {
                    plenum_keys.entry(stem.to_string()).or_default().push(g);
                }
                groups.push(Builder::new(key, i, None, mentions));
            }
        }
    }

    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|mut g| {
            g.members.sort_unstable();
            Group {
                citation: citation(&g, mentions, ctx),
                members: g.members,
            }
        })
        .collect();
    out.sort_by_key(|g| g.members.first().map(|&i| mentions[i].span[0]));
    out
}

/// Lookups from a named mention to the numbered group it stands for.
struct NumberedIndex {
    /// (type, number) → group: `Chỉ thị 35` → `35-CT/TW`.
    by_number: HashMap<(DocType, String), usize>,
    /// (type, plenum) → groups naming that plenum.
    by_plenum: HashMap<(DocType, u32), Vec<usize>>,
    /// type → groups issued by the Central Committee.
    central_committee: HashMap<DocType, Vec<usize>>,
    /// First three words of a subject → (group, member) with that subject.
    by_subject: HashMap<String, Vec<(usize, usize)>>,
}

impl NumberedIndex {
    fn new(groups: &[Builder], mentions: &[Mention]) -> NumberedIndex {
        let central = crate::grammar::grammar()
            .refs
            .issuers()
            .iter()
            .find(|i| i.plenum)
            .map(|i| fold(i.display()));
        let mut seen_subjects: HashSet<(usize, String)> = HashSet::new();
        let mut idx = NumberedIndex {
            by_number: HashMap::new(),
            by_plenum: HashMap::new(),
            central_committee: HashMap::new(),
            by_subject: HashMap::new(),
        };
        for (g, b) in groups.iter().enumerate() {
            let first = &mentions[b.members[0]];
            if let Some(r) = &b.reference {
                idx.by_number
                    .entry((first.doc_type, number_of(r)))
                    .or_insert(g);
            }
            for &i in &b.members {
                let m = &mentions[i];
                if let Some(p) = m.plenum {
                    let v = idx.by_plenum.entry((first.doc_type, p)).or_default();
                    if v.last() != Some(&g) {
                        v.push(g);
                    }
                }
                if let (Some(iss), Some(c)) = (&m.issuer, &central) {
                    if fold(iss).contains(c.as_str()) {
                        let v = idx.central_committee.entry(first.doc_type).or_default();
                        if v.last() != Some(&g) {
                            v.push(g);
                        }
                    }
                }
                if let Some(s) = &m.subject {
                    let s = canon(s);
                    let s = strip_intro(&s).to_string();
                    if seen_subjects.insert((g, s.clone())) {
                        let v = idx.by_subject.entry(head(&s, 3)).or_default();
                        if v.len() < SUBJECTS_PER_KEY {
                            v.push((g, i));
                        }
                    }
                }
            }
        }
        idx
    }

    /// The numbered group a named mention stands for, if the text says.
    fn link(&self, groups: &[Builder], mentions: &[Mention], m: &Mention) -> Option<usize> {
        if let Some(n) = &m.number {
            return self.by_number.get(&(m.doc_type, n.clone())).copied();
        }
        if let Some(p) = m.plenum {
            let compatible = |g: usize| match (&groups[g].term, &m.term) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            // The numbered mention names the same plenum.
            if let Some(g) = self
                .by_plenum
                .get(&(m.doc_type, p))
                .and_then(|v| v.iter().copied().find(|&g| compatible(g)))
            {
                return Some(g);
            }
            // Otherwise the only compatible document of the Central Committee.
            let cands: Vec<usize> = self
                .central_committee
                .get(&m.doc_type)
                .map(|v| v.iter().copied().filter(|&g| compatible(g)).collect())
                .unwrap_or_default();
            return match cands[..] {
                [only] => Some(only),
                _ => None,
            };
        }
        let name = m.name.as_deref()?;
        let full = canon(name);
        if phrases("citations.congress").at(&fold(&full), 0).is_some() {
            return None;
        }
        let content = content_of(name, m.doc_type);
        if content.split(' ').count() < 3 {
            return None;
        }
        for key in [head(&full, 3), head(&content, 3)] {
            let Some(cands) = self.by_subject.get(&key) else {
                continue;
            };
            for &(g, i) in cands {
                let s = canon(mentions[i].subject.as_deref().unwrap_or(""));
                let s = strip_intro(&s);
                if s.starts_with(&full)
                    || (mentions[i].doc_type == m.doc_type && s.starts_with(&content))
                    || core(s).is_some_and(|c| Some(c) == core(&full))
                {
                    return Some(g);
                }
            }
        }
        None
    }
}

/// A subject without an opening `về`.
fn strip_intro(s: &str) -> &str {
    s.strip_prefix("về ").unwrap_or(s)
}

fn citation(b: &Builder, mentions: &[Mention], ctx: &Context) -> Citation {
    let ms: Vec<&Mention> = b.members.iter().map(|&i| &mentions[i]).collect();
    let anchor: Vec<&Mention> = if b.reference.is_some() {
        ms.iter()
            .copied()
            .filter(|m| m.reference.is_some())
            .collect()
    } else {
        ms.clone()
    };
    let first = anchor.first().copied();
    let doc_type = anchor
        .iter()
        .map(|m| m.doc_type)
        .find(|t| *t != DocType::Other)
        .unwrap_or(first.map_or(DocType::Other, |m| m.doc_type));
    // The most frequent issuer, ties to the first written.
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new(); // (count, first)
    for (k, m) in anchor.iter().enumerate() {
        if let Some(iss) = &m.issuer {
            counts.entry(iss.as_str()).or_insert((0, k)).0 += 1;
        }
    }
    let issuer = counts
        .into_iter()
        .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
        .map(|(s, _)| qualify(s, b.reference.as_deref(), ctx));
    Citation {
        reference: b.reference.clone(),
        name: if b.reference.is_none() {
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

/// Qualify a provincial issuer with the citing document's province
/// (`Ban Thường vụ Tỉnh ủy` → `Ban Thường vụ Tỉnh ủy Kiên Giang`).
fn qualify(issuer: &str, reference: Option<&str>, ctx: &Context) -> String {
    let Some(province) = ctx.province.as_deref().filter(|p| !p.is_empty()) else {
        return issuer.to_string();
    };
    if reference.is_some_and(refs::is_central) || issuer.contains(province) {
        return issuer.to_string();
    }
    let f = fold(issuer);
    let provincial = phrases("citations.provincial_tail")
        .ending_at(&f, f.len())
        .is_some();
    if provincial {
        format!("{issuer} {province}")
    } else {
        issuer.to_string()
    }
}

/// The words of a named regulation after its type word and `về`.
fn content_of(name: &str, doc_type: DocType) -> String {
    let c = canon(name);
    let f = fold(&c);
    // Drop the type word that opens the name.
    let rest = match crate::grammar::grammar().doc_types.words().at(&f, 0) {
        Some(h) => {
            let words = f[..h.end].split(' ').count();
            c.splitn(words + 1, ' ')
                .nth(words)
                .unwrap_or("")
                .to_string()
        }
        None => c.clone(),
    };
    let _ = doc_type;
    let rest = rest.strip_prefix("của đảng về ").unwrap_or(&rest);
    let rest = rest.strip_prefix("về ").unwrap_or(rest);
    rest.to_string()
}

/// Grouping key of an unnumbered document.
fn named_key(m: &Mention) -> String {
    let name = m.name.as_deref().unwrap_or("");
    if let Some(n) = &m.number {
        return format!("S|{}|{n}", m.doc_type.slug());
    }
    if let Some(p) = m.plenum {
        return format!(
            "P|{}|{p}|{}",
            m.doc_type.slug(),
            m.term.as_deref().unwrap_or("")
        );
    }
    if phrases("citations.congress").at(&fold(name), 0).is_some() {
        let f = fold(name);
        let level = if f.contains("tinh") || f.contains("dang bo") {
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
            .map(|g| {
                (
                    g.citation.reference.or(g.citation.name),
                    g.citation.mentions,
                )
            })
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
    fn a_headline_number_does_not_take_the_lead_date() {
        let text = "Ban hành Kế hoạch thực hiện Kết luận số 61-KL/TW\n\
                    Ngày 20/9/2023, Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch số 115-KH/TU thực hiện \
                    Kết luận số 61-KL/TW ngày 17/8/2023 của Ban Bí thư.";
        let got = refs_of(text, &Context::default());
        assert_eq!(got[0], (Some("61-KL/TW".into()), 2), "{got:?}");
        let wrapped = "thực hiện Kết luận số 64-KL/TW\nngày 28/10/2023 của Bộ Chính trị";
        let gs = group(wrapped, &find(wrapped), &Context::default());
        assert_eq!(
            gs[0].citation.date.map(|d| d.to_string()).as_deref(),
            Some("2023-10-28")
        );
        let caps = "THỰC HIỆN KẾT LUẬN SỐ 64-KL/TW\nNGÀY 28/10/2023 CỦA BỘ CHÍNH TRỊ";
        let gs = group(caps, &find(caps), &Context::default());
        assert_eq!(
            gs[0].citation.date.map(|d| d.to_string()).as_deref(),
            Some("2023-10-28")
        );
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
    fn short_names_join_their_full_reference() {
        // N-07 and IM-06: `Nghị quyết 57` after `57-NQ/TW` is the same document;
        // alone it is a name.
        let text = "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị (sau đây gọi là Nghị quyết 57).";
        assert_eq!(
            refs_of(text, &Context::default()),
            vec![(Some("57-NQ/TW".into()), 2)]
        );
        let text = "bảo đảm các mốc thời gian theo tinh thần Chỉ thị 35.";
        assert_eq!(
            refs_of(text, &Context::default()),
            vec![(Some("Chỉ thị 35".into()), 1)]
        );
        let text = "Kế hoạch 5 năm 2021-2025 và Nghị quyết 19 người";
        assert!(refs_of(text, &Context::default())
            .iter()
            .all(|(k, _)| k.as_deref() != Some("Nghị quyết 19")));
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
