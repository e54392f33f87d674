//! Document types: type words and symbols (`doc_types.toml`).

use std::collections::HashMap;

use serde::Deserialize;

use super::{table_error, GrammarError};
use crate::extract::record::DocType;
use crate::text::{fold, Options, PhraseSet};

/// Where a symbol stands in a number: party style `21-KL/TW` (between `-` and
/// `/`), state style `123/KH-UBND` (before the last `-`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolStyle {
    Party,
    State,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawType {
    slug: String,
    words: Vec<String>,
    #[serde(default)]
    party: Vec<String>,
    #[serde(default)]
    state: Vec<String>,
    example: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmbiguous {
    style: String,
    symbol: String,
    default: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(rename = "type")]
    types: Vec<RawType>,
    #[serde(default)]
    ambiguous: Vec<RawAmbiguous>,
}

/// One type with its words and an example.
#[derive(Debug, Clone)]
pub struct TypeEntry {
    pub doc_type: DocType,
    pub words: Vec<String>,
    /// Symbols in a party-style number, the first one canonical.
    pub party: Vec<String>,
    /// Symbols in a state-style number, the first one canonical.
    pub state: Vec<String>,
    pub example: String,
}

/// The type table.
#[derive(Debug)]
pub struct DocTypes {
    entries: Vec<TypeEntry>,
    words: PhraseSet<DocType>,
    symbols: HashMap<(SymbolStyle, String), DocType>,
}

/// The key a symbol is looked up by: upper-case, `Đ` kept as `D` (so `QĐ`,
/// `QD` and `qđ` are one symbol).
fn symbol_key(symbol: &str) -> String {
    fold(symbol).to_ascii_uppercase()
}

impl DocTypes {
    pub fn from_toml(src: &str) -> Result<DocTypes, GrammarError> {
        const FILE: &str = "doc_types.toml";
        let raw: RawTable = toml::from_str(src).map_err(|e| table_error(FILE, e))?;
        let mut entries = Vec::new();
        let mut word_entries = Vec::new();
        let mut symbols: HashMap<(SymbolStyle, String), DocType> = HashMap::new();
        let mut clashes: Vec<(SymbolStyle, String)> = Vec::new();
        for t in &raw.types {
            let doc_type = DocType::from_slug(&t.slug)
                .ok_or_else(|| table_error(FILE, format!("unknown slug {}", t.slug)))?;
            for w in &t.words {
                word_entries.push((w.clone(), doc_type));
            }
            for (style, list) in [
                (SymbolStyle::Party, &t.party),
                (SymbolStyle::State, &t.state),
            ] {
                for s in list {
                    let key = (style, symbol_key(s));
                    if let Some(prev) = symbols.insert(key.clone(), doc_type) {
                        if prev != doc_type {
                            clashes.push(key);
                        }
                    }
                }
            }
            entries.push(TypeEntry {
                doc_type,
                words: t.words.clone(),
                party: t.party.clone(),
                state: t.state.clone(),
                example: t.example.clone(),
            });
        }
        for a in &raw.ambiguous {
            let style = match a.style.as_str() {
                "party" => SymbolStyle::Party,
                "state" => SymbolStyle::State,
                other => return Err(table_error(FILE, format!("unknown style {other}"))),
            };
            let d = DocType::from_slug(&a.default)
                .ok_or_else(|| table_error(FILE, format!("unknown slug {}", a.default)))?;
            let key = (style, symbol_key(&a.symbol));
            clashes.retain(|k| *k != key);
            symbols.insert(key, d);
        }
        if let Some((style, s)) = clashes.first() {
            return Err(table_error(
                FILE,
                format!("symbol {s} ({style:?}) names two types and no [[ambiguous]] entry says which wins"),
            ));
        }
        Ok(DocTypes {
            entries,
            words: PhraseSet::with_options(word_entries, Options { glued: true }),
            symbols,
        })
    }

    /// Every type with its words.
    pub fn entries(&self) -> &[TypeEntry] {
        &self.entries
    }

    /// Type words as one phrase set (folded, glued forms included).
    pub fn words(&self) -> &PhraseSet<DocType> {
        &self.words
    }

    /// The type a whole type word names (`Kết luận`, `KẾ HOẠCH`, `quy định`).
    pub fn of_word(&self, word: &str) -> Option<DocType> {
        let f = fold(word);
        let f = f.trim();
        self.words
            .at(f, 0)
            .filter(|h| h.end == f.len())
            .map(|h| *h.value)
    }

    /// The type a symbol stands for in a style (`KH` party → ke_hoach,
    /// `TT` state → thong_tu, `TT` party → thong_tri).
    pub fn of_symbol(&self, style: SymbolStyle, symbol: &str) -> Option<DocType> {
        self.symbols.get(&(style, symbol_key(symbol))).copied()
    }

    /// The canonical symbol of a type in a style (`KH`, `CTR`, `NĐ`): the
    /// first one the table lists; a type without a symbol in that style
    /// borrows the other style's (a party `Nghị quyết số 26` is `NQ`).
    pub fn symbol(&self, doc_type: DocType, style: SymbolStyle) -> Option<String> {
        let e = self.entries.iter().find(|e| e.doc_type == doc_type)?;
        let (own, other) = match style {
            SymbolStyle::Party => (&e.party, &e.state),
            SymbolStyle::State => (&e.state, &e.party),
        };
        own.first().or(other.first()).cloned()
    }

    /// The type a whole number implies (`60-KH/TU` → ke_hoach,
    /// `130/2020/NĐ-CP` → nghi_dinh), from its shape and symbol.
    pub fn of_number(&self, number: &str) -> Option<DocType> {
        let (style, symbol) = symbol_of(number)?;
        self.of_symbol(style, &symbol)
    }
}

/// The symbol of a number and the style it is written in: party `21-KL/TW`
/// (the letters between the first `-` and the next `/`), state
/// `123/KH-UBND` / `130/2020/NĐ-CP` (the letters right before the first `-`).
pub fn symbol_of(number: &str) -> Option<(SymbolStyle, String)> {
    let n = number.trim();
    let digits_end = n.find(|c: char| !c.is_ascii_digit())?;
    if digits_end == 0 {
        return None;
    }
    let rest = &n[digits_end..];
    if let Some(r) = rest.strip_prefix('-') {
        let sym = r.split('/').next()?;
        return (!sym.is_empty()).then(|| (SymbolStyle::Party, sym.to_string()));
    }
    let r = rest.strip_prefix('/')?;
    // Skip a year (`/2020/`).
    let r = match r.split_once('/') {
        Some((y, tail)) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => tail,
        _ => r,
    };
    let sym = r.split('-').next()?;
    (!sym.is_empty() && r.contains('-')).then(|| (SymbolStyle::State, sym.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::grammar;

    #[test]
    fn words_name_types() {
        let t = &grammar().doc_types;
        for (w, want) in [
            ("Kế hoạch", DocType::KeHoach),
            ("KẾ HOẠCH", DocType::KeHoach),
            ("Kếhoạch", DocType::KeHoach),
            ("Quy định", DocType::QuyDinh),
            ("Quyết định", DocType::QuyetDinh),
            ("CHƯƠNG TRÌNH HÀNH ĐỘNG", DocType::ChuongTrinh),
            ("Nghị quyết liên tịch", DocType::NghiQuyet),
            ("Thông tư liên tịch", DocType::ThongTu),
            ("kết luận", DocType::KetLuan),
        ] {
            assert_eq!(t.of_word(w), Some(want), "{w}");
        }
        assert_eq!(t.of_word("Kế"), None);
    }

    #[test]
    fn numbers_name_types() {
        let t = &grammar().doc_types;
        for (n, want) in [
            ("60-KH/TU", Some(DocType::KeHoach)),
            ("21-KL/TW", Some(DocType::KetLuan)),
            ("130/2020/NĐ-CP", Some(DocType::NghiDinh)),
            ("1847/QĐ-TTg", Some(DocType::QuyetDinh)),
            ("97-QĐ/TW", Some(DocType::QuyDinh)),
            ("01/2020/TT-BNV", Some(DocType::ThongTu)),
            ("05-TT/TW", Some(DocType::ThongTri)),
            ("32-CTR/TU", Some(DocType::ChuongTrinh)),
            ("402/TTR-CAT-PC04", Some(DocType::ToTrinh)),
            ("56/2017/QH14", None),
            ("abc", None),
        ] {
            assert_eq!(t.of_number(n), want, "{n}");
        }
    }

    #[test]
    fn every_example_names_its_type() {
        let t = &grammar().doc_types;
        for e in t.entries() {
            if e.doc_type == DocType::Other {
                continue;
            }
            let f = fold(&e.example);
            let hit = t.words().find_all(&f).into_iter().next();
            assert_eq!(hit.map(|h| *h.value), Some(e.doc_type), "{}", e.example);
        }
    }

    #[test]
    fn a_clash_without_a_winner_is_refused() {
        let src = r#"
[[type]]
slug = "ke_hoach"
words = ["Kế hoạch"]
party = ["KH"]
example = "x"
[[type]]
slug = "ket_luan"
words = ["Kết luận"]
party = ["KH"]
example = "y"
"#;
        assert!(DocTypes::from_toml(src).is_err());
    }
}
