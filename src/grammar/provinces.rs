//! Provinces and centrally-run cities (`provinces.toml`).

use chrono::NaiveDate;
use serde::Deserialize;

use super::{table_date, table_error, GrammarError};
use crate::text::{fold, PhraseSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvinceKind {
    /// A province (`tỉnh`, party committee `Tỉnh ủy`).
    Tinh,
    /// A centrally-run city (`thành phố trực thuộc Trung ương`, `Thành ủy`).
    City,
}

/// One province-level unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub name: String,
    pub kind: ProvinceKind,
    /// In the list of 63 (before the merger).
    pub before_merger: bool,
    /// In the list of 34 (from the merger).
    pub after_merger: bool,
    pub aliases: Vec<String>,
    pub capitals: Vec<String>,
    /// Units of the 63 this unit of the 34 took in.
    pub absorbed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvince {
    name: String,
    kind: String,
    maps: Vec<u32>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    capitals: Vec<String>,
    #[serde(default)]
    absorbed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    merger: String,
    province: Vec<RawProvince>,
}

/// The province table.
#[derive(Debug)]
pub struct Provinces {
    all: Vec<Province>,
    merger: NaiveDate,
    /// Names and aliases; the value is the index in `all`.
    spellings: PhraseSet<usize>,
}

impl Provinces {
    pub fn from_toml(src: &str) -> Result<Provinces, GrammarError> {
        const FILE: &str = "provinces.toml";
        let raw: RawTable = toml::from_str(src).map_err(|e| table_error(FILE, e))?;
        let merger = table_date(FILE, &raw.merger)?;
        let mut all = Vec::new();
        for p in raw.province {
            let kind = match p.kind.as_str() {
                "tinh" => ProvinceKind::Tinh,
                "tp" => ProvinceKind::City,
                k => return Err(table_error(FILE, format!("{}: unknown kind {k}", p.name))),
            };
            if p.maps.is_empty() || p.maps.iter().any(|m| *m != 63 && *m != 34) {
                return Err(table_error(
                    FILE,
                    format!("{}: maps must be 63 and/or 34", p.name),
                ));
            }
            all.push(Province {
                before_merger: p.maps.contains(&63),
                after_merger: p.maps.contains(&34),
                name: p.name,
                kind,
                aliases: p.aliases,
                capitals: p.capitals,
                absorbed: p.absorbed,
            });
        }
        let mut entries: Vec<(String, usize)> = Vec::new();
        for (i, p) in all.iter().enumerate() {
            entries.push((p.name.clone(), i));
            for a in &p.aliases {
                entries.push((a.clone(), i));
            }
        }
        Ok(Provinces {
            spellings: PhraseSet::new(entries),
            all,
            merger,
        })
    }

    pub fn all(&self) -> &[Province] {
        &self.all
    }

    /// The day the 34-unit map took effect.
    pub fn merger(&self) -> NaiveDate {
        self.merger
    }

    /// The units of the map in force on `date` (63 before the merger, 34 from
    /// it; 63 when the date is unknown).
    pub fn on(&self, date: Option<NaiveDate>) -> impl Iterator<Item = &Province> {
        let after = date.is_some_and(|d| d >= self.merger);
        self.all.iter().filter(move |p| {
            if after {
                p.after_merger
            } else {
                p.before_merger
            }
        })
    }

    /// A unit is a valid reading at `date`: a name only on the 34-unit map
    /// (`Huế`) is not a province before the merger, when Huế was a city of
    /// Thừa Thiên Huế. Units of the 63 stay valid after it (documents keep
    /// old names).
    pub fn valid_at(&self, p: &Province, date: Option<NaiveDate>) -> bool {
        p.before_merger || date.is_some_and(|d| d >= self.merger)
    }

    pub fn get(&self, name: &str) -> Option<&Province> {
        self.all.iter().find(|p| p.name == name)
    }

    /// Name and alias spellings, folded, as one phrase set (value: index in
    /// [`Provinces::all`]).
    pub fn spellings(&self) -> &PhraseSet<usize> {
        &self.spellings
    }

    /// The canonical name when `s` is exactly a province name or alias
    /// (case, diacritics and tone style ignored), valid at `date`.
    pub fn lookup(&self, s: &str, date: Option<NaiveDate>) -> Option<&Province> {
        let f = fold(s);
        let f = f.trim();
        self.spellings
            .find_all(f)
            .into_iter()
            .filter(|h| h.start == 0 && h.end == f.len())
            .map(|h| &self.all[*h.value])
            .find(|p| self.valid_at(p, date))
    }

    /// The province whose capital `city` is (`Rạch Giá` → Kiên Giang).
    pub fn of_capital(&self, city: &str) -> Option<&Province> {
        let f = fold(city);
        let f = f.trim();
        self.all
            .iter()
            .filter(|p| p.before_merger)
            .find(|p| p.capitals.iter().any(|c| fold(c) == f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::grammar;

    #[test]
    fn sixty_three_and_thirty_four() {
        let p = &grammar().provinces;
        assert_eq!(p.on(None).count(), 63);
        let after = NaiveDate::from_ymd_opt(2025, 8, 1);
        assert_eq!(p.on(after).count(), 34);
        for unit in p.on(after) {
            for a in &unit.absorbed {
                assert!(
                    p.get(a).is_some_and(|x| x.before_merger),
                    "{} absorbed unknown unit {a}",
                    unit.name
                );
            }
        }
    }

    #[test]
    fn spellings_are_unique() {
        let p = &grammar().provinces;
        let mut seen = std::collections::HashMap::new();
        for (i, unit) in p.all().iter().enumerate() {
            for s in std::iter::once(&unit.name).chain(&unit.aliases) {
                if let Some(j) = seen.insert(fold(s), i).filter(|j| *j != i) {
                    panic!("{s} names {} and {}", p.all()[j].name, unit.name);
                }
            }
        }
    }

    #[test]
    fn lookups() {
        let p = &grammar().provinces;
        let before = NaiveDate::from_ymd_opt(2020, 1, 1);
        assert_eq!(
            p.lookup("Khánh Hoà", before).map(|x| x.name.as_str()),
            Some("Khánh Hòa")
        );
        assert_eq!(
            p.lookup("KIEN GIANG", before).map(|x| x.name.as_str()),
            Some("Kiên Giang")
        );
        assert_eq!(p.lookup("Huế", before), None);
        assert_eq!(
            p.lookup("Huế", NaiveDate::from_ymd_opt(2025, 9, 1))
                .map(|x| x.name.as_str()),
            Some("Huế")
        );
        assert_eq!(
            p.of_capital("Rạch Giá").map(|x| x.name.as_str()),
            Some("Kiên Giang")
        );
        assert_eq!(
            p.of_capital("Phan Rang-Tháp Chàm").map(|x| x.name.as_str()),
            Some("Ninh Thuận")
        );
        assert_eq!(p.lookup("Rạch Giá", before), None);
        assert_eq!(
            p.of_capital("Huế").map(|x| x.name.as_str()),
            Some("Thừa Thiên Huế")
        );
    }
}
