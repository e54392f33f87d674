//! The corpus plan: who issues each generated document, its number and date, and
//! which generated plan it carries out. Planned sequentially with one seeded RNG
//! (cheap: no text), so each document can then be rendered independently.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::data::{provinces_34, provinces_63, Central, Province, CENTRALS, COMMUNES, DISTRICTS};
use crate::extract::{DocType, IssuerLevel};

/// Which set of province-level units the generated documents belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvinceSet {
    /// The 63 units before 1 July 2025; local levels province → district → commune.
    Before2025,
    /// The 34 units after the 2025 merger; no district level, dates from July 2025.
    After2025,
}

impl ProvinceSet {
    /// The units of this set.
    pub fn provinces(self) -> Vec<Province> {
        match self {
            ProvinceSet::Before2025 => provinces_63(),
            ProvinceSet::After2025 => provinces_34().into_iter().map(|(p, _)| p).collect(),
        }
    }

    fn dates(self) -> (NaiveDate, NaiveDate) {
        match self {
            ProvinceSet::Before2025 => (ymd(2012, 2, 1), ymd(2025, 6, 30)),
            ProvinceSet::After2025 => (ymd(2025, 7, 1), ymd(2025, 12, 31)),
        }
    }
}

/// A Đảng ủy Khối.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Khoi {
    /// Đảng ủy Khối các cơ quan (tỉnh).
    CoQuan,
    /// Đảng ủy Khối Doanh nghiệp (tỉnh).
    DoanhNghiep,
}

/// Who issues a generated document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issuer {
    /// Ban Thường vụ Tỉnh ủy / Thành ủy.
    BtvTinh,
    /// Tỉnh ủy / Thành ủy (Ban Chấp hành Đảng bộ).
    TinhUy,
    /// Ủy ban nhân dân tỉnh / thành phố.
    Ubnd,
    /// Ban Thường vụ Huyện ủy (district).
    BtvHuyen(&'static str),
    /// Ban Thường vụ Đảng ủy Khối.
    BtvKhoi(Khoi),
    /// Ban Thường vụ Đảng ủy xã (commune).
    BtvXa(&'static str),
}

impl Issuer {
    pub fn level(self) -> IssuerLevel {
        match self {
            Issuer::BtvTinh | Issuer::TinhUy | Issuer::Ubnd => IssuerLevel::Tinh,
            Issuer::BtvHuyen(_) => IssuerLevel::Huyen,
            Issuer::BtvKhoi(_) => IssuerLevel::Khoi,
            Issuer::BtvXa(_) => IssuerLevel::Xa,
        }
    }

    /// The symbol after the number (`KH/TU`), per document type.
    fn symbol(self, doc_type: DocType) -> &'static str {
        match (self, doc_type) {
            (Issuer::Ubnd, _) => "KH-UBND",
            (Issuer::BtvTinh | Issuer::TinhUy, DocType::ChuongTrinh) => "CTr/TU",
            (Issuer::BtvTinh | Issuer::TinhUy, _) => "KH/TU",
            (Issuer::BtvHuyen(_), _) => "KH/HU",
            (Issuer::BtvKhoi(_), _) => "KH/ĐUK",
            (Issuer::BtvXa(_), _) => "KH/ĐU",
        }
    }
}

/// One planned document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocPlan {
    pub province: Province,
    pub issuer: Issuer,
    pub doc_type: DocType,
    /// Số/ký hiệu as the text writes it (`60-KH/TU`, `1234/KH-UBND`, `40-CTr/TU`).
    pub number: String,
    pub date: NaiveDate,
    /// Index into [`CENTRALS`] of the central document the chain starts from.
    pub central: usize,
    /// Generated documents this one carries out, nearest first (the direct parent,
    /// then optionally the grandparent).
    pub parents: Vec<usize>,
    /// Length of the chain from the central document down to this one (2–4).
    pub depth: u8,
}

impl DocPlan {
    pub fn central(&self) -> &'static Central {
        &CENTRALS[self.central]
    }
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn central_date(c: &Central) -> NaiveDate {
    ymd(c.date.0, c.date.1, c.date.2)
}

/// Number counters per (province, symbol): every province has its own sequence,
/// so numbers repeat across provinces (as they do) but never inside one.
struct Numbers {
    next: HashMap<(usize, &'static str), u32>,
}

impl Numbers {
    fn take(&mut self, rng: &mut ChaCha8Rng, province: usize, symbol: &'static str) -> String {
        let ubnd = symbol.contains("UBND");
        let n = self.next.entry((province, symbol)).or_insert_with(|| {
            if ubnd {
                rng.random_range(100..2000)
            } else {
                rng.random_range(1..40)
            }
        });
        let value = *n;
        *n += if ubnd {
            rng.random_range(3..60)
        } else {
            rng.random_range(1..6)
        };
        if ubnd {
            format!("{value}/{symbol}")
        } else {
            format!("{value:02}-{symbol}")
        }
    }
}

/// Plan `docs` documents for the given province set.
pub fn plan(docs: usize, set: ProvinceSet, rng: &mut ChaCha8Rng) -> Vec<DocPlan> {
    let provinces = set.provinces();
    let (first, last) = set.dates();
    let weights: Vec<u32> = CENTRALS.iter().map(|c| c.weight).collect();
    let total_weight: u32 = weights.iter().sum();
    let mut numbers = Numbers {
        next: HashMap::new(),
    };
    let mut out: Vec<DocPlan> = Vec::with_capacity(docs);
    let mut used = std::collections::HashSet::new();

    while out.len() < docs {
        // Pick a (province, central) pair not used yet when possible.
        let mut pick = (0, 0);
        for _ in 0..8 {
            let p = rng.random_range(0..provinces.len());
            let mut w = rng.random_range(0..total_weight);
            let mut c = 0;
            while w >= weights[c] {
                w -= weights[c];
                c += 1;
            }
            pick = (p, c);
            if !used.contains(&pick) {
                break;
            }
        }
        used.insert(pick);
        let (pi, ci) = pick;
        let province = provinces[pi];
        let cdate = central_date(&CENTRALS[ci]);
        let start = cdate.max(first);
        let after = |rng: &mut ChaCha8Rng, d: NaiveDate, lo: u64, hi: u64| -> NaiveDate {
            let next = d
                .checked_add_days(Days::new(rng.random_range(lo..hi)))
                .unwrap_or(last);
            next.min(last).max(d)
        };

        // The provincial plan (absent in some families: lower plans then carry
        // out the central document directly).
        let mut provincial = None;
        if rng.random_bool(0.88) {
            let issuer = *[
                Issuer::BtvTinh,
                Issuer::BtvTinh,
                Issuer::BtvTinh,
                Issuer::TinhUy,
                Issuer::Ubnd,
                Issuer::Ubnd,
            ]
            .choose(rng)
            .unwrap_or(&Issuer::BtvTinh);
            let doc_type = if issuer != Issuer::Ubnd && rng.random_bool(0.15) {
                DocType::ChuongTrinh
            } else {
                DocType::KeHoach
            };
            let number = numbers.take(rng, pi, issuer.symbol(doc_type));
            let lo = if set == ProvinceSet::After2025 && cdate < first {
                0
            } else {
                15
            };
            let date = after(rng, start, lo, 200);
            provincial = Some(out.len());
            out.push(DocPlan {
                province,
                issuer,
                doc_type,
                number,
                date,
                central: ci,
                parents: Vec::new(),
                depth: 2,
            });
            if out.len() >= docs {
                break;
            }
        }

        let mids = rng.random_range(1..=4);
        'mid: for _ in 0..mids {
            let issuer = match set {
                ProvinceSet::Before2025 if rng.random_bool(0.7) => {
                    Issuer::BtvHuyen(DISTRICTS.choose(rng).copied().unwrap_or("Châu Thành"))
                }
                ProvinceSet::After2025 if rng.random_bool(0.7) => {
                    Issuer::BtvXa(COMMUNES.choose(rng).copied().unwrap_or("An Bình"))
                }
                _ => Issuer::BtvKhoi(if rng.random_bool(0.6) {
                    Khoi::CoQuan
                } else {
                    Khoi::DoanhNghiep
                }),
            };
            let (parents, depth, base) = match provincial {
                Some(pv) => (vec![pv], 3, out[pv].date),
                None => (Vec::new(), 2, start),
            };
            let number = numbers.take(rng, pi, issuer.symbol(DocType::KeHoach));
            let date = after(rng, base, 5, 60);
            let mid = out.len();
            out.push(DocPlan {
                province,
                issuer,
                doc_type: DocType::KeHoach,
                number,
                date,
                central: ci,
                parents,
                depth,
            });
            if out.len() >= docs {
                break 'mid;
            }
            // Communes under a district plan.
            if let Issuer::BtvHuyen(_) = issuer {
                for _ in 0..rng.random_range(0..=3) {
                    let commune = COMMUNES.choose(rng).copied().unwrap_or("An Bình");
                    let issuer = Issuer::BtvXa(commune);
                    let mut parents = vec![mid];
                    if let Some(pv) = provincial {
                        if rng.random_bool(0.4) {
                            parents.push(pv);
                        }
                    }
                    let number = numbers.take(rng, pi, issuer.symbol(DocType::KeHoach));
                    let date = after(rng, out[mid].date, 3, 40);
                    out.push(DocPlan {
                        province,
                        issuer,
                        doc_type: DocType::KeHoach,
                        number,
                        date,
                        central: ci,
                        parents,
                        depth: out[mid].depth + 1,
                    });
                    if out.len() >= docs {
                        break 'mid;
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn chains_are_two_to_four_deep_and_dated_in_order() {
        for set in [ProvinceSet::Before2025, ProvinceSet::After2025] {
            let mut rng = ChaCha8Rng::seed_from_u64(7);
            let plans = plan(2000, set, &mut rng);
            assert_eq!(plans.len(), 2000);
            let mut seen = [0usize; 5];
            for (i, p) in plans.iter().enumerate() {
                assert!((2..=4).contains(&p.depth), "doc {i} depth {}", p.depth);
                seen[p.depth as usize] += 1;
                let central = central_date(p.central());
                assert!(p.date >= central, "doc {i} before its central document");
                if let Some(&parent) = p.parents.first() {
                    assert!(parent < i);
                    assert_eq!(plans[parent].depth + 1, p.depth, "doc {i}");
                    assert!(plans[parent].date <= p.date, "doc {i} before its parent");
                    assert_eq!(plans[parent].central, p.central);
                    assert_eq!(plans[parent].province, p.province);
                } else {
                    assert_eq!(
                        p.depth, 2,
                        "doc {i}: no parent means it implements the central document"
                    );
                }
                let (lo, hi) = set.dates();
                assert!(
                    p.date <= hi && (p.date >= lo || p.date >= central),
                    "doc {i} date {}",
                    p.date
                );
            }
            assert!(seen[2] > 0 && seen[3] > 0, "{set:?}: {seen:?}");
            match set {
                ProvinceSet::Before2025 => assert!(seen[4] > 0, "{seen:?}"),
                ProvinceSet::After2025 => assert_eq!(seen[4], 0, "no district level after 2025"),
            }
        }
    }

    #[test]
    fn numbers_are_unique_within_a_province() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let plans = plan(3000, ProvinceSet::Before2025, &mut rng);
        let mut seen = std::collections::HashSet::new();
        for p in &plans {
            assert!(
                seen.insert((p.province.name, p.number.clone())),
                "{} {}",
                p.province.name,
                p.number
            );
        }
    }
}
