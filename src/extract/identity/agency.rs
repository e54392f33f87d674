//! Agency lines and places: `TỈNH ỦY KIÊN GIANG` → `Tỉnh ủy Kiên Giang`, a
//! province, a level; provinces named after a level word in running text.
//! Words come from `grammar/agency.toml` and `grammar/provinces.toml`.

use chrono::NaiveDate;

use crate::grammar::{grammar, PlaceKind, Province};
use crate::text::fold;

/// One agency line of a header, joined over the cells it was split into.
#[derive(Debug, Clone, PartialEq)]
pub struct Organ {
    /// Display form (`Ủy ban nhân dân tỉnh An Giang`).
    pub display: String,
    /// The most local kind of place its words name.
    pub kind: Option<PlaceKind>,
    /// The place after its most local level word, as written (`Kiên Giang`,
    /// `Châu Thành`), with that word's kind.
    pub place: Option<(PlaceKind, String)>,
    /// A level word with no place after it (`ỦY BAN NHÂN DÂN TỈNH`).
    pub open_place: bool,
}

/// True when a level word as written (`quận`, `QUẬN`, `xã`) is the grammar's
/// word and not another word with the same fold (`quan` in `các cơ quan`,
/// `phương` in `địa phương`, `tính`): when the text carries diacritics at all,
/// they must agree (either tone style).
pub fn same_word(orig: &str, written: &str, text_has_marks: bool) -> bool {
    if !text_has_marks {
        return true;
    }
    let norm = |s: &str| crate::normalize::place_tones(&s.to_lowercase());
    norm(orig) == norm(written)
}

/// First char upper-cased.
pub fn capitalize_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `CHÂU THÀNH` → `Châu Thành`.
pub fn title_case_words(s: &str) -> String {
    s.split_whitespace()
        .map(|w| capitalize_first(&w.to_lowercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn more_local(a: Option<PlaceKind>, b: PlaceKind) -> Option<PlaceKind> {
    match a {
        Some(x) if x.rank() >= b.rank() => Some(x),
        _ => Some(b),
    }
}

fn level_kind(l: crate::extract::record::IssuerLevel) -> PlaceKind {
    use crate::extract::record::IssuerLevel as L;
    match l {
        L::TrungUong => PlaceKind::Central,
        L::Tinh => PlaceKind::Province,
        L::Huyen => PlaceKind::District,
        L::Xa => PlaceKind::Commune,
        L::Khoi => PlaceKind::Bloc,
    }
}

/// Read one agency line written in capitals.
pub fn organ(upper: &str, date: Option<NaiveDate>) -> Organ {
    let a = &grammar().agency;
    let words: Vec<&str> = upper.split_whitespace().collect();
    // Folded words, and the folded text of words[i..].
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let rest = |i: usize| folded[i..].join(" ");
    let marks = crate::normalize::has_diacritics(upper);
    let mut out: Vec<String> = Vec::new();
    let mut kind = None;
    let mut place = None;
    let mut open_place = false;
    let mut i = 0;
    while i < words.len() {
        let tail = rest(i);
        let count = |end: usize| tail[..end].split(' ').count();
        if let Some(h) = a.place_words.at(&tail, 0).filter(|h| {
            same_word(
                &words[i..i + count(h.end)].join(" "),
                &h.value.display,
                marks,
            )
        }) {
            let n = count(h.end);
            let next_tail = rest((i + n).min(words.len()));
            let next_is_organ = a.organ_words.at(&next_tail, 0).is_some()
                || a.place_words.at(&next_tail, 0).is_some();
            if i + n < words.len() && !next_is_organ {
                let written = words[i + n..].join(" ");
                let name = grammar()
                    .provinces
                    .lookup(&written, date)
                    .map(|p| p.name.clone())
                    .unwrap_or_else(|| title_case_words(&written));
                out.push(h.value.display.clone());
                out.push(name.clone());
                kind = more_local(kind, h.value.kind);
                place = Some((h.value.kind, name));
                break;
            }
            out.push(h.value.display.clone());
            kind = more_local(kind, h.value.kind);
            if i + n >= words.len() {
                open_place = true;
            }
            i += n;
            continue;
        }
        if let Some(h) = a.organ_words.at(&tail, 0) {
            let n = count(h.end);
            out.push(h.value.display.clone());
            if let Some(l) = h.value.level {
                kind = more_local(kind, level_kind(l));
            }
            i += n;
            continue;
        }
        out.push(words[i].to_lowercase());
        i += 1;
    }
    Organ {
        display: capitalize_first(&out.join(" ")),
        kind,
        place,
        open_place,
    }
}

/// Provinces named after a level word (`tỉnh`, `Tỉnh ủy`, `thành phố`,
/// `Thành ủy`, `TP.`) in `text`, in order: `trên địa bàn tỉnh Vĩnh Long`.
/// The name must start with a capital letter.
pub fn province_mentions(text: &str, date: Option<NaiveDate>) -> Vec<&'static Province> {
    let f = crate::text::Folded::new(text);
    province_mentions_in(text, &f, 0..f.len(), date)
}

/// [`province_mentions`] in folded range `range` of a text already folded.
pub fn province_mentions_in(
    text: &str,
    f: &crate::text::Folded,
    range: std::ops::Range<usize>,
    date: Option<NaiveDate>,
) -> Vec<&'static Province> {
    let g = grammar();
    let fs = f.as_str();
    let [oa, ob] = f.orig_span(range.start, range.end);
    let marks = crate::normalize::has_diacritics(&text[oa..ob]);
    let mut out = Vec::new();
    for h in g.agency.place_words.find_in(fs, range) {
        if !matches!(h.value.kind, PlaceKind::Province | PlaceKind::City) {
            continue;
        }
        // The level word as written must be lower-case `tỉnh`/`thành phố` or
        // a capitalised `Tỉnh ủy`/`Thành ủy`/`TỈNH` (`tính`, `tình` fold the same).
        let [a, b] = f.orig_span(h.start, h.end);
        if !same_word(&text[a..b], &h.value.display, marks) {
            continue;
        }
        let start = h.end + usize::from(fs.as_bytes().get(h.end) == Some(&b' '));
        let orig_start = f.orig(start);
        if !text[orig_start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        {
            continue;
        }
        let cities_only = h.value.kind == PlaceKind::City;
        let best = g
            .provinces
            .spellings()
            .at(fs, start)
            .map(|s| &g.provinces.all()[*s.value])
            .filter(|p| g.provinces.valid_at(p, date))
            .filter(|p| !cities_only || p.kind == crate::grammar::ProvinceKind::City);
        if let Some(p) = best {
            out.push(p);
        }
    }
    out
}

/// The one province `text` names after level words, when it names exactly one.
pub fn unambiguous_province(text: &str, date: Option<NaiveDate>) -> Option<&'static Province> {
    unambiguous(&province_mentions(text, date))
}

/// The one province of a list, when all are the same.
pub fn unambiguous(found: &[&'static Province]) -> Option<&'static Province> {
    let first = *found.first()?;
    found.iter().all(|p| p.name == first.name).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::record::IssuerLevel;

    const ORGANS: &[(&str, &str, Option<IssuerLevel>)] = &[
        (
            "TỈNH ỦY KIÊN GIANG",
            "Tỉnh ủy Kiên Giang",
            Some(IssuerLevel::Tinh),
        ),
        (
            "TỈNH UỶ KHÁNH HOÀ",
            "Tỉnh ủy Khánh Hòa",
            Some(IssuerLevel::Tinh),
        ),
        (
            "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
            "Ủy ban nhân dân tỉnh An Giang",
            Some(IssuerLevel::Tinh),
        ),
        (
            "UBND TỈNH LONG AN",
            "Ủy ban nhân dân tỉnh Long An",
            Some(IssuerLevel::Tinh),
        ),
        (
            "HUYỆN ỦY CHÂU THÀNH",
            "Huyện ủy Châu Thành",
            Some(IssuerLevel::Huyen),
        ),
        (
            "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
            "Đảng ủy Khối các cơ quan tỉnh",
            Some(IssuerLevel::Khoi),
        ),
        (
            "ĐẢNG ỦY XÃ TÂN HÒA",
            "Đảng ủy xã Tân Hòa",
            Some(IssuerLevel::Xa),
        ),
        (
            "BAN CHẤP HÀNH TRUNG ƯƠNG",
            "Ban Chấp hành Trung ương",
            Some(IssuerLevel::TrungUong),
        ),
        (
            "BAN TUYÊN GIÁO TỈNH ỦY",
            "Ban Tuyên giáo Tỉnh ủy",
            Some(IssuerLevel::Tinh),
        ),
        (
            "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
            "Sở văn hóa, thể thao và du lịch",
            Some(IssuerLevel::Tinh),
        ),
        (
            "ỦY BAN NHÂN DÂN TỈNH",
            "Ủy ban nhân dân tỉnh",
            Some(IssuerLevel::Tinh),
        ),
    ];

    #[test]
    fn organ_lines() {
        for (upper, display, level) in ORGANS {
            let o = organ(upper, None);
            assert_eq!(o.display, *display, "{upper}");
            assert_eq!(o.kind.and_then(|k| k.level()), *level, "level of {upper}");
        }
        assert!(organ("ỦY BAN NHÂN DÂN TỈNH", None).open_place);
        let o = organ("ĐẢNG BỘ TỈNH BẾN TRE", None);
        assert_eq!(o.place, Some((PlaceKind::Province, "Bến Tre".to_string())));
    }

    const MENTIONS: &[(&str, Option<&str>)] = &[
        ("trên địa bàn tỉnh Vĩnh Long.", Some("Vĩnh Long")),
        ("Tỉnh ủy Khánh Hoà và tỉnh Khánh Hòa", Some("Khánh Hòa")),
        ("tỉnh Bà Rịa - Vũng Tàu", Some("Bà Rịa - Vũng Tàu")),
        ("tại thành phố Hồ Chí Minh", Some("Hồ Chí Minh")),
        ("Thành ủy Rạch Giá", None),
        ("tư tưởng Hồ Chí Minh; tỉnh ủy viên", None),
        ("tỉnh An Giang và tỉnh Kiên Giang", None),
        ("tỉnh Thừa Thiên Huế", Some("Thừa Thiên Huế")),
    ];

    #[test]
    fn mentions() {
        for (text, want) in MENTIONS {
            assert_eq!(
                unambiguous_province(text, None).map(|p| p.name.as_str()),
                *want,
                "{text:?}"
            );
        }
        let after = NaiveDate::from_ymd_opt(2025, 8, 1);
        let before = NaiveDate::from_ymd_opt(2020, 7, 1);
        assert_eq!(
            unambiguous_province("thành phố Huế", after).map(|p| p.name.as_str()),
            Some("Huế")
        );
        assert_eq!(unambiguous_province("thành phố Huế", before), None);
    }
}
