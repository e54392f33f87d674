//! Agency words: what agency lines, issuers and signature blocks are built
//! from (`agency.toml`).

use serde::Deserialize;

use super::{table_error, GrammarError};
use crate::extract::record::IssuerLevel;
use crate::text::PhraseSet;

/// The kind of place a level word names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Central,
    Province,
    /// A Thành ủy / thành phố: a province when the city is centrally run,
    /// else a district.
    City,
    District,
    Commune,
    Bloc,
}

impl PlaceKind {
    /// The level this kind fixes on its own (`City` needs the place).
    pub fn level(self) -> Option<IssuerLevel> {
        match self {
            PlaceKind::Central => Some(IssuerLevel::TrungUong),
            PlaceKind::Province => Some(IssuerLevel::Tinh),
            PlaceKind::District => Some(IssuerLevel::Huyen),
            PlaceKind::Commune => Some(IssuerLevel::Xa),
            PlaceKind::Bloc => Some(IssuerLevel::Khoi),
            PlaceKind::City => None,
        }
    }

    /// How local: a body is as local as its most local word.
    pub fn rank(self) -> u8 {
        match self {
            PlaceKind::Central => 1,
            PlaceKind::Province => 2,
            PlaceKind::City => 3,
            PlaceKind::Bloc => 4,
            PlaceKind::District => 5,
            PlaceKind::Commune => 6,
        }
    }
}

/// A word of a body's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganWord {
    pub display: String,
    pub level: Option<IssuerLevel>,
}

/// A level word that a place name follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceWord {
    pub display: String,
    pub kind: PlaceKind,
    /// A party committee (`Tỉnh ủy`): a body, not only a place.
    pub committee: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWord {
    written: String,
    #[serde(default)]
    display: Option<String>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    committee: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    organ_word: Vec<RawWord>,
    place_word: Vec<RawWord>,
    office: Vec<RawWord>,
}

/// The agency table.
#[derive(Debug)]
pub struct Agency {
    pub organ_words: PhraseSet<OrganWord>,
    pub place_words: PhraseSet<PlaceWord>,
    /// Office words with their display form.
    pub offices: PhraseSet<String>,
}

fn level(file: &str, s: &str) -> Result<IssuerLevel, GrammarError> {
    Ok(match s {
        "trung_uong" => IssuerLevel::TrungUong,
        "tinh" => IssuerLevel::Tinh,
        "huyen" => IssuerLevel::Huyen,
        "xa" => IssuerLevel::Xa,
        "khoi" => IssuerLevel::Khoi,
        other => return Err(table_error(file, format!("unknown level {other}"))),
    })
}

fn kind(file: &str, s: &str) -> Result<PlaceKind, GrammarError> {
    Ok(match s {
        "central" => PlaceKind::Central,
        "province" => PlaceKind::Province,
        "city" => PlaceKind::City,
        "district" => PlaceKind::District,
        "commune" => PlaceKind::Commune,
        "bloc" => PlaceKind::Bloc,
        other => return Err(table_error(file, format!("unknown kind {other}"))),
    })
}

impl Agency {
    pub fn from_toml(src: &str) -> Result<Agency, GrammarError> {
        const FILE: &str = "agency.toml";
        let raw: RawTable = toml::from_str(src).map_err(|e| table_error(FILE, e))?;
        let mut organ_words = Vec::new();
        for w in raw.organ_word {
            let lv = w.level.as_deref().map(|l| level(FILE, l)).transpose()?;
            let display = w.display.unwrap_or_else(|| w.written.clone());
            organ_words.push((w.written, OrganWord { display, level: lv }));
        }
        let mut place_words = Vec::new();
        for w in raw.place_word {
            let k = w.kind.as_deref().ok_or_else(|| {
                table_error(FILE, format!("{}: place_word needs a kind", w.written))
            })?;
            let display = w.display.unwrap_or_else(|| w.written.clone());
            place_words.push((
                w.written,
                PlaceWord {
                    display,
                    kind: kind(FILE, k)?,
                    committee: w.committee,
                },
            ));
        }
        let offices = raw
            .office
            .into_iter()
            .map(|w| {
                let d = w.display.unwrap_or_else(|| w.written.clone());
                (w.written, d)
            })
            .collect::<Vec<_>>();
        Ok(Agency {
            organ_words: PhraseSet::new(organ_words),
            place_words: PhraseSet::new(place_words),
            offices: PhraseSet::new(offices),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::grammar::grammar;
    use crate::text::fold;

    #[test]
    fn words_are_found() {
        let a = &grammar().agency;
        let f = fold("ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH");
        let hit = a.organ_words.at(&f, 0).expect("organ word");
        assert_eq!(hit.value.display, "Đảng ủy Khối");
        let f = fold("HUYỆN ỦY BẢO THẮNG");
        assert_eq!(
            a.place_words.at(&f, 0).map(|h| h.value.display.as_str()),
            Some("Huyện ủy")
        );
        let f = fold("PHÓ BÍ THƯ THƯỜNG TRỰC");
        let offices: Vec<&str> = a
            .offices
            .find_all(&f)
            .iter()
            .map(|h| h.value.as_str())
            .collect();
        assert_eq!(offices, vec!["Phó", "Bí thư", "Thường trực"]);
    }
}
