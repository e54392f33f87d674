//! References and issuers (`refs.toml`): the codes of số/ký hiệu and the
//! bodies named after a number.
//!
//! Invariants (tested): every code list is upper case with `Đ` kept (except
//! the mixed-case forms); every issuer's and board's example contains one of
//! its phrases; no phrase names two issuers.

use std::collections::HashMap;

use serde::Deserialize;

use super::{table_error, GrammarError};
use crate::text::{fold, PhraseSet};

const FILE: &str = "refs.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumber {
    party_levels: Vec<String>,
    party_boards: Vec<String>,
    glue_codes: Vec<String>,
    mixed_case: Vec<String>,
    tu: String,
    tu_local: String,
    tu_central: String,
    central_codes: Vec<String>,
    central_endings: Vec<String>,
    circular_symbols: Vec<String>,
    ministry_prefix: String,
    examples: Vec<String>,
    #[serde(default)]
    fixes: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssuer {
    phrases: Vec<String>,
    #[serde(default)]
    party: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    state_types: Vec<String>,
    #[serde(default)]
    central: bool,
    #[serde(default)]
    bare: bool,
    #[serde(default)]
    place: bool,
    #[serde(default)]
    plenum: bool,
    example: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBoard {
    phrases: Vec<String>,
    code: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    phrases: Vec<String>,
    code: String,
    #[serde(default)]
    central: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    stop: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    number: RawNumber,
    expand: HashMap<String, String>,
    issuer: Vec<RawIssuer>,
    board: Vec<RawBoard>,
    board_level: Vec<RawLevel>,
    place: RawPlace,
    ordinals: HashMap<String, u32>,
}

/// The rules of số/ký hiệu.
#[derive(Debug, Clone)]
pub struct NumberCodes {
    pub party_levels: Vec<String>,
    pub party_boards: Vec<String>,
    pub glue_codes: Vec<String>,
    pub mixed_case: Vec<String>,
    pub tu: String,
    pub tu_local: String,
    pub tu_central: String,
    pub central_codes: Vec<String>,
    pub central_endings: Vec<String>,
    pub circular_symbols: Vec<String>,
    pub ministry_prefix: String,
    pub fixes: Vec<(String, String)>,
    pub examples: Vec<String>,
}

impl NumberCodes {
    /// `code` (upper case) is the suffix of a party body: a party level, with
    /// an optional board code in front (`TU`, `BTGTU`, `ĐUK`).
    pub fn is_party_suffix(&self, code: &str) -> bool {
        self.party_levels.iter().any(|l| {
            code.strip_suffix(l.as_str()).is_some_and(|board| {
                board.is_empty() || self.party_boards.iter().any(|b| b == board)
            })
        })
    }

    /// The mixed-case spelling of an upper-cased code (`TTG` → `TTg`).
    pub fn mixed(&self, upper: &str) -> Option<&str> {
        self.mixed_case
            .iter()
            .find(|m| m.to_uppercase() == upper)
            .map(String::as_str)
    }

    /// The corrected symbol (`QĐI` → `QĐ`).
    pub fn fix(&self, upper: &str) -> Option<&str> {
        self.fixes
            .iter()
            .find(|(from, _)| from == upper)
            .map(|(_, to)| to.as_str())
    }
}

/// One body that issues documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    /// The display of each phrase (index as in the table's `phrases`).
    pub phrases: Vec<String>,
    /// Suffix of its party documents (`TW`, `TU`, `BTCTW`).
    pub party: Option<String>,
    /// Issuer code of its state documents (`TTg`, `UBND`).
    pub state: Option<String>,
    /// Symbols of the state documents it issues (empty: any).
    pub state_types: Vec<String>,
    pub central: bool,
    /// May follow a number without `của`.
    pub bare: bool,
    /// A place name may follow.
    pub place: bool,
    /// The Central Committee, which a plenum (`Hội nghị lần thứ …`) names.
    pub plenum: bool,
    pub example: String,
}

impl Issuer {
    /// The canonical display (the table's first phrase).
    pub fn display(&self) -> &str {
        self.phrases.first().map_or("", String::as_str)
    }
}

/// An issuer phrase found in folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuerHit {
    pub issuer: usize,
    /// Which of its phrases.
    pub phrase: usize,
    /// Folded end of the phrase.
    pub end: usize,
}

/// The reference and issuer tables.
#[derive(Debug)]
pub struct Refs {
    pub number: NumberCodes,
    issuers: Vec<Issuer>,
    /// Every issuer phrase, folded; value (issuer, phrase).
    phrases: PhraseSet<(usize, usize)>,
    expand: Vec<(String, String)>,
    place_stop: Vec<String>,
    ordinals: PhraseSet<u32>,
}

fn upper_list(list: &[String]) -> Result<Vec<String>, GrammarError> {
    for c in list {
        if c.chars().any(|ch| ch.is_lowercase()) {
            return Err(table_error(FILE, format!("code {c} must be upper case")));
        }
    }
    Ok(list.to_vec())
}

impl Refs {
    pub fn from_toml(src: &str) -> Result<Refs, GrammarError> {
        let raw: RawTable = toml::from_str(src).map_err(|e| table_error(FILE, e))?;
        let n = raw.number;
        let number = NumberCodes {
            party_levels: upper_list(&n.party_levels)?,
            party_boards: upper_list(&n.party_boards)?,
            glue_codes: n.glue_codes,
            mixed_case: n.mixed_case,
            tu: n.tu,
            tu_local: n.tu_local,
            tu_central: n.tu_central,
            central_codes: n.central_codes,
            central_endings: upper_list(&n.central_endings)?,
            circular_symbols: upper_list(&n.circular_symbols)?,
            ministry_prefix: n.ministry_prefix,
            fixes: {
                let mut f: Vec<(String, String)> = n.fixes.into_iter().collect();
                f.sort();
                f
            },
            examples: n.examples,
        };
        let mut issuers: Vec<Issuer> = raw
            .issuer
            .into_iter()
            .map(|i| Issuer {
                phrases: i.phrases,
                party: i.party,
                state: i.state,
                state_types: i.state_types,
                central: i.central,
                bare: i.bare,
                place: i.place,
                plenum: i.plenum,
                example: i.example,
            })
            .collect();
        // Boards × levels: `Ban Tổ chức` + `Trung ương` → `BTCTW`.
        for b in &raw.board {
            for l in &raw.board_level {
                let phrases: Vec<String> = b
                    .phrases
                    .iter()
                    .flat_map(|bp| l.phrases.iter().map(move |lp| format!("{bp} {lp}")))
                    .collect();
                let example = phrases.first().cloned().unwrap_or_default();
                issuers.push(Issuer {
                    phrases,
                    party: Some(format!("{}{}", b.code, l.code)),
                    state: None,
                    state_types: Vec::new(),
                    central: l.central,
                    bare: false,
                    place: !l.central,
                    plenum: false,
                    example,
                });
            }
        }
        let mut entries = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (k, i) in issuers.iter().enumerate() {
            if i.phrases.is_empty() {
                return Err(table_error(FILE, format!("issuer {k} has no phrases")));
            }
            for (p, ph) in i.phrases.iter().enumerate() {
                let f = fold(ph);
                if let Some(prev) = seen.insert(f.clone(), k) {
                    if prev != k {
                        return Err(table_error(FILE, format!("phrase {ph} names two issuers")));
                    }
                }
                entries.push((ph.clone(), (k, p)));
            }
        }
        let mut expand: Vec<(String, String)> = raw.expand.into_iter().collect();
        expand.sort();
        let ordinals = PhraseSet::new(raw.ordinals.iter().map(|(w, n)| (w.as_str(), *n)));
        Ok(Refs {
            number,
            issuers,
            phrases: PhraseSet::new(entries),
            expand,
            place_stop: raw.place.stop,
            ordinals,
        })
    }

    pub fn issuers(&self) -> &[Issuer] {
        &self.issuers
    }

    pub fn issuer(&self, i: usize) -> Option<&Issuer> {
        self.issuers.get(i)
    }

    /// The longest issuer phrase starting exactly at folded `pos`.
    pub fn issuer_at(&self, folded: &str, pos: usize) -> Option<IssuerHit> {
        let h = self.phrases.at(folded, pos)?;
        let (issuer, phrase) = *h.value;
        Some(IssuerHit {
            issuer,
            phrase,
            end: h.end,
        })
    }

    /// The issuer a display string names (its longest leading phrase):
    /// `Ban Thường vụ Tỉnh ủy Kiên Giang` → the Tỉnh ủy entry.
    pub fn issuer_of(&self, display: &str) -> Option<&Issuer> {
        let f = fold(display);
        let h = self.issuer_at(f.trim(), 0)?;
        self.issuers.get(h.issuer)
    }

    /// Long forms of abbreviations in a display (`UBND` → `Ủy ban nhân dân`).
    pub fn expansions(&self) -> &[(String, String)] {
        &self.expand
    }

    /// A capitalised word that ends a place name after an issuer.
    pub fn is_place_stop(&self, word: &str) -> bool {
        let w = crate::normalize::place_tones(word);
        self.place_stop.contains(&w)
    }

    /// The ordinal word at folded `pos` (`tu` → 4) and its end.
    pub fn ordinal_at(&self, folded: &str, pos: usize) -> Option<(u32, usize)> {
        self.ordinals.at(folded, pos).map(|h| (*h.value, h.end))
    }
}

#[cfg(test)]
mod tests {
    use crate::grammar::grammar;
    use crate::text::Folded;

    #[test]
    fn every_issuer_example_names_its_issuer() {
        let r = &grammar().refs;
        for (k, i) in r.issuers().iter().enumerate() {
            let f = Folded::new(&i.example);
            let s = f.as_str();
            let found = (0..s.len())
                .filter(|&p| s.is_char_boundary(p))
                .filter_map(|p| r.issuer_at(s, p))
                .any(|h| h.issuer == k);
            assert!(found, "example {:?} does not name its issuer", i.example);
        }
    }

    #[test]
    fn party_suffixes() {
        let n = &grammar().refs.number;
        for (code, want) in [
            ("TW", true),
            ("TU", true),
            ("BTGTU", true),
            ("ĐUK", true),
            ("BCĐTW", true),
            ("UBND", false),
            ("CP", false),
            ("TTG", false),
            ("XYZTU", false),
        ] {
            assert_eq!(n.is_party_suffix(code), want, "{code}");
        }
        assert_eq!(n.mixed("TTG"), Some("TTg"));
        assert_eq!(n.fix("QĐI"), Some("QĐ"));
    }

    #[test]
    fn issuers_and_their_codes() {
        let r = &grammar().refs;
        for (display, party, central) in [
            ("Bộ Chính trị", Some("TW"), true),
            ("Ban Thường vụ Tỉnh ủy Kiên Giang", Some("TU"), false),
            ("Ban Tổ chức Trung ương", Some("BTCTW"), true),
            ("Ban Tuyên giáo Tỉnh ủy", Some("BTGTU"), false),
            ("Đảng ủy Khối", Some("ĐUK"), false),
            ("Huyện ủy", Some("HU"), false),
            ("BCH TW Đảng", Some("TW"), true),
        ] {
            let i = r
                .issuer_of(display)
                .unwrap_or_else(|| panic!("no issuer {display}"));
            assert_eq!(i.party.as_deref(), party, "{display}");
            assert_eq!(i.central, central, "{display}");
        }
        let ttg = r.issuer_of("Thủ tướng Chính phủ").expect("TTg");
        assert_eq!(ttg.state.as_deref(), Some("TTg"));
        assert!(r.issuer_of("Hội Nông dân").is_none());
        let f = Folded::new("lần thứ tư");
        assert_eq!(r.ordinal_at(f.as_str(), 8).map(|o| o.0), Some(4));
    }
}
