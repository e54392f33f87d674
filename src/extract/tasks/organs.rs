//! Organs: canonical keys for the bodies a document assigns work to.
//!
//! The table is data (`src/grammar/organs.toml`, compiled in) and is matched
//! on the document's folded view ([`crate::text::Folded`]) with one
//! Aho-Corasick automaton ([`PhraseSet`]): every alias is found with or
//! without diacritics, in either tone-mark style and in any case, so `Ban
//! Tuyên giáo Tỉnh ủy`, `ban tuyen giao`, `BTG`, `Ban Tuyên giáo và Dân vận`
//! and the legacy-font `Ban Tun giáo` (Z-02) all resolve to `ban_tuyen_giao`.
//! A level word after an alias (`Tỉnh ủy`, `cấp huyện`, `Đảng ủy Khối`) gives
//! the level. Bodies the table does not know but that follow a naming pattern
//! (`Sở Du lịch`, `Phòng Kinh tế`) get a key made from their name
//! ([`generated_key`]).
//!
//! Invariants (tested): the table parses; every alias folds to something;
//! every key of record.md and of FORMS.md "New organ keys" is present; a hit
//! lies on char boundaries of the text it was found in.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::extract::record::IssuerLevel;
use crate::text::{fold, is_word_bounded, Folded, Options, PhraseSet};

const TABLE_TOML: &str = include_str!("../../grammar/organs.toml");

/// Errors reading an organ table.
#[derive(Debug, thiserror::Error)]
pub enum OrganError {
    #[error("organ table is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("organ table: alias {alias:?} of {key} folds to nothing")]
    EmptyAlias { key: String, alias: String },
}

/// What an alias (or name) resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganMatch {
    /// Canonical key (`ban_tuyen_giao`).
    pub key: String,
    /// Level read from the name (`Tỉnh ủy` → tỉnh), if it says.
    pub level: Option<IssuerLevel>,
}

/// A body found in a text: its span in the original text and in the folded
/// view, its key (`None` for a phrase that is explicitly not a body, such as
/// `các cơ quan liên quan`) and the level its name states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub fstart: usize,
    pub fend: usize,
    pub key: Option<String>,
    pub level: Option<IssuerLevel>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    organ: Vec<RawOrgan>,
    #[serde(default)]
    pattern: Vec<RawPattern>,
    name_stop: RawWords,
    distribute: RawDistribute,
    titles: RawPhrases,
    not_bodies: RawPhrases,
    levels: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    relative: Vec<RawRelative>,
    #[serde(default)]
    damage: Vec<RawDamage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrgan {
    key: String,
    name: String,
    aliases: Vec<String>,
    #[serde(default)]
    list_only: Vec<String>,
    #[serde(default)]
    issuer: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    prefix: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    key_from_name: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhrases {
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWords {
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistribute {
    heads: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelative {
    key: String,
    below: String,
    #[serde(default)]
    below_xa: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDamage {
    from: String,
    to: String,
}

/// What one alias of the automaton stands for.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Index into `organs`; `None` for a not-a-body phrase.
    organ: Option<usize>,
    /// Level stated inside the alias itself (`Ban Thường vụ Huyện ủy` → huyện).
    level: Option<IssuerLevel>,
}

#[derive(Debug, Clone)]
struct Organ {
    key: String,
    name: String,
    aliases: Vec<String>,
    issuer: bool,
}

#[derive(Debug, Clone)]
struct Pattern {
    prefix: String,
    key: Option<String>,
}

#[derive(Debug, Clone)]
struct Relative {
    below: String,
    below_xa: Option<String>,
}

/// A head noun a list can share (`các Sở: A, B`): the members it knows.
#[derive(Debug, Clone)]
struct Head {
    /// Folded head (`so`).
    folded: String,
    /// Key prefix for members the table does not know (`so`).
    key_prefix: String,
    /// Known members without the head (`tai chinh` → so_tai_chinh).
    members: PhraseSet<usize>,
}

/// The organ table.
#[derive(Debug, Clone)]
pub struct OrganTable {
    organs: Vec<Organ>,
    /// Aliases, not-a-body phrases and their damaged spellings.
    main: PhraseSet<Entry>,
    /// Aliases accepted only inside lists and headings.
    list_only: PhraseSet<Entry>,
    /// Level words.
    levels: PhraseSet<IssuerLevel>,
    /// Person titles that stand for the body they head.
    titles: PhraseSet<()>,
    heads: Vec<Head>,
    patterns: Vec<Pattern>,
    name_stop: Vec<String>,
    relative: BTreeMap<String, Relative>,
}

/// The table compiled into the binary (`src/grammar/organs.toml`).
pub fn organ_table() -> &'static OrganTable {
    static TABLE: OnceLock<OrganTable> = OnceLock::new();
    TABLE.get_or_init(|| match OrganTable::from_toml(TABLE_TOML) {
        Ok(t) => t,
        // Compiled in and parsed by the tests: cannot depend on input.
        Err(e) => panic!("built-in organ table: {e}"),
    })
}

/// A key for a body the table does not know, made from its written name:
/// ASCII, lower case, words joined by `_` (`Sở Y tế` → `so_y_te`).
pub fn generated_key(name: &str) -> String {
    let folded = crate::normalize::fold(name).to_lowercase();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "va")
        .collect::<Vec<_>>()
        .join("_")
}

fn level_from_slug(s: &str) -> Option<IssuerLevel> {
    Some(match s {
        "trung_uong" => IssuerLevel::TrungUong,
        "tinh" => IssuerLevel::Tinh,
        "huyen" => IssuerLevel::Huyen,
        "xa" => IssuerLevel::Xa,
        "khoi" => IssuerLevel::Khoi,
        _ => return None,
    })
}

/// Rank of a level, higher = lower in the hierarchy.
pub(crate) fn level_rank(l: IssuerLevel) -> u8 {
    match l {
        IssuerLevel::TrungUong => 0,
        IssuerLevel::Tinh | IssuerLevel::Khoi => 1,
        IssuerLevel::Huyen => 2,
        IssuerLevel::Xa => 3,
    }
}

/// Folded length of ` thanh pho` (with an optional `Việt Nam` before it) right
/// after folded position `end`, when it ends at a word boundary.
fn city_after(folded: &str, end: usize) -> Option<usize> {
    let rest = folded.get(end..)?;
    for w in [" viet nam thanh pho", " thanh pho"] {
        if rest.starts_with(w) && is_word_bounded(folded, end + 1, end + w.len()) {
            return Some(w.len());
        }
    }
    None
}

/// The spellings of `alias` a legacy font gives (Z-02): each damage rule
/// alone, then all together.
fn damaged(alias: &str, rules: &[RawDamage]) -> Vec<String> {
    let low = alias.to_lowercase();
    let mut out = Vec::new();
    let mut all = low.clone();
    for r in rules {
        if low.contains(&r.from) {
            out.push(low.replace(&r.from, &r.to));
            all = all.replace(&r.from, &r.to);
        }
    }
    if all != low {
        out.push(all);
    }
    out
}

impl OrganTable {
    /// Build a table from TOML in the format of `organs.toml`.
    pub fn from_toml(src: &str) -> Result<OrganTable, OrganError> {
        let raw: RawTable = toml::from_str(src)?;
        let mut levels: Vec<(String, IssuerLevel)> = Vec::new();
        for (slug, words) in &raw.levels {
            if let Some(l) = level_from_slug(slug) {
                for w in words {
                    levels.push((w.clone(), l));
                }
            }
        }
        let level_set = PhraseSet::new(levels.iter().map(|(w, l)| (w.as_str(), *l)));
        // A level word inside an alias gives its level when it is written in
        // several words (`Huyện ủy`, `cấp huyện`) or ends the alias (`Ban
        // Chỉ huy Quân sự xã`): `Xã hội` in `Lao động - Thương binh và Xã
        // hội` is no level.
        let level_inside = |folded: &str| -> Option<IssuerLevel> {
            let folded = folded.trim_end();
            level_set
                .find_all(folded)
                .into_iter()
                .find(|h| folded[h.start..h.end].contains(' ') || h.end == folded.len())
                .map(|h| *h.value)
        };
        let mut organs = Vec::new();
        let mut main: Vec<(String, Entry)> = Vec::new();
        let mut list_only: Vec<(String, Entry)> = Vec::new();
        for (i, o) in raw.organ.iter().enumerate() {
            for (a, only) in o
                .aliases
                .iter()
                .map(|a| (a, false))
                .chain(o.list_only.iter().map(|a| (a, true)))
            {
                let folded = fold(a);
                if folded.trim().is_empty() {
                    return Err(OrganError::EmptyAlias {
                        key: o.key.clone(),
                        alias: a.clone(),
                    });
                }
                let e = Entry {
                    organ: Some(i),
                    level: level_inside(&folded),
                };
                let target = if only { &mut list_only } else { &mut main };
                target.push((a.clone(), e));
                for d in damaged(a, &raw.damage) {
                    target.push((d, e));
                }
            }
            organs.push(Organ {
                key: o.key.clone(),
                name: o.name.clone(),
                aliases: o.aliases.clone(),
                issuer: o.issuer,
            });
        }
        for p in &raw.not_bodies.phrases {
            main.push((
                p.clone(),
                Entry {
                    organ: None,
                    level: None,
                },
            ));
        }
        // Longest first is the matcher's rule; a repeated phrase keeps its
        // first entry, so bodies are listed before not-bodies.
        let main_set = PhraseSet::with_options(
            main.iter().map(|(a, e)| (a.as_str(), *e)),
            Options::default(),
        );
        let list_set = PhraseSet::new(list_only.iter().map(|(a, e)| (a.as_str(), *e)));
        let heads = raw
            .distribute
            .heads
            .iter()
            .map(|h| {
                let fh = fold(h);
                let prefix = format!("{fh} ");
                let members: Vec<(String, usize)> = organs
                    .iter()
                    .enumerate()
                    .flat_map(|(i, o)| o.aliases.iter().map(move |a| (a, i)))
                    .filter_map(|(a, i)| {
                        let fa = fold(a);
                        fa.strip_prefix(&prefix).map(|m| (m.to_string(), i))
                    })
                    .collect();
                Head {
                    folded: fh.clone(),
                    key_prefix: generated_key(h),
                    members: PhraseSet::new(members.iter().map(|(m, i)| (m.as_str(), *i))),
                }
            })
            .collect();
        Ok(OrganTable {
            organs,
            main: main_set,
            list_only: list_set,
            levels: level_set,
            titles: PhraseSet::new(raw.titles.phrases.iter().map(|t| (t.as_str(), ()))),
            heads,
            patterns: raw
                .pattern
                .iter()
                .map(|p| Pattern {
                    prefix: p.prefix.clone(),
                    key: if p.key_from_name { None } else { p.key.clone() },
                })
                .collect(),
            name_stop: raw
                .name_stop
                .words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            relative: raw
                .relative
                .into_iter()
                .map(|r| {
                    (
                        r.key,
                        Relative {
                            below: r.below,
                            below_xa: r.below_xa,
                        },
                    )
                })
                .collect(),
        })
    }

    /// Canonical keys, in table order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.organs.iter().map(|o| o.key.as_str())
    }

    /// True for a key of the table (false for generated keys such as
    /// `so_du_lich`: those are the bodies to add).
    pub fn is_known(&self, key: &str) -> bool {
        self.organs.iter().any(|o| o.key == key)
    }

    /// True for a body that issues documents and directs others (rule 32).
    pub fn is_issuer_key(&self, key: &str) -> bool {
        self.organs.iter().any(|o| o.key == key && o.issuer)
    }

    /// The aliases of a key as written in the table (empty for an unknown key).
    pub fn aliases(&self, key: &str) -> &[String] {
        self.organs
            .iter()
            .find(|o| o.key == key)
            .map(|o| o.aliases.as_slice())
            .unwrap_or(&[])
    }

    /// A display name for a key (`Ban Tuyên giáo`).
    pub fn name(&self, key: &str) -> Option<&str> {
        self.organs
            .iter()
            .find(|o| o.key == key)
            .map(|o| o.name.as_str())
    }

    /// Resolve a whole name or key: `ban_tuyen_giao`, `Ban Tuyên giáo Tỉnh ủy`,
    /// `ban tuyen giao`, `BTG`, `Giám đốc Sở Y tế`, `Sở Du lịch` (generated
    /// key). `None` when the name is not a body the table or its patterns know.
    pub fn resolve(&self, name: &str) -> Option<OrganMatch> {
        let trimmed = name.trim();
        if trimmed.is_empty() {
            return None;
        }
        let as_key = generated_key(trimmed);
        if self.organs.iter().any(|o| o.key == as_key) {
            return Some(OrganMatch {
                key: as_key,
                level: None,
            });
        }
        let f = Folded::new(trimmed);
        let hay = f.as_str();
        let mut pos = 0;
        loop {
            if let Some(t) = self.title_at(hay, pos) {
                pos = skip_space(hay, t);
                continue;
            }
            let det = ["cac ", "nhung "]
                .iter()
                .find(|d| hay[pos..].starts_with(*d));
            match det {
                Some(d) => pos += d.len(),
                None => break,
            }
        }
        let hit = self.match_at(trimmed, &f, pos, true)?;
        // The match must cover the name; a trailing place name (`Kiên Giang`) is
        // allowed.
        let rest = trimmed.get(hit.end..).unwrap_or("").trim();
        if !rest
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            return None;
        }
        Some(OrganMatch {
            key: hit.key?,
            level: hit.level,
        })
    }

    /// Map a key found at `level` to the key relative to a document issued at
    /// `doc_level` (a provincial plan's `Ban Thường vụ Huyện ủy` is a lower-level
    /// committee, `cap_uy_cap_duoi`).
    pub fn relative_key(
        &self,
        key: &str,
        level: Option<IssuerLevel>,
        doc_level: Option<IssuerLevel>,
    ) -> String {
        let (Some(rel), Some(level)) = (self.relative.get(key), level) else {
            return key.to_string();
        };
        let doc = doc_level.unwrap_or(IssuerLevel::Tinh);
        if level_rank(level) > level_rank(doc) {
            if level == IssuerLevel::Xa {
                if let Some(x) = &rel.below_xa {
                    return x.clone();
                }
            }
            return rel.below.clone();
        }
        key.to_string()
    }

    /// The end (folded) of a person title (`Giám đốc`, `Chủ tịch`) at `fpos`.
    pub fn title_at(&self, hay: &str, fpos: usize) -> Option<usize> {
        self.titles.at(hay, fpos).map(|h| h.end)
    }

    /// The body (or not-a-body phrase) whose alias starts exactly at folded
    /// position `fpos` of `doc` (the folded view of `text`), longest alias
    /// first, extended by a following level word. `list_only` aliases count
    /// only when `allow_list_only`.
    pub fn match_at(
        &self,
        text: &str,
        doc: &Folded,
        fpos: usize,
        allow_list_only: bool,
    ) -> Option<Hit> {
        let hay = doc.as_str();
        if fpos >= hay.len() || !hay.is_char_boundary(fpos) {
            return None;
        }
        let main = self.main.at(hay, fpos);
        let only = if allow_list_only {
            self.list_only.at(hay, fpos)
        } else {
            None
        };
        let best = match (main, only) {
            (Some(a), Some(b)) if b.end > a.end => Some(b),
            (Some(a), _) => Some(a),
            (None, b) => b,
        };
        if let Some(h) = best {
            let mut end = h.end;
            let mut level = h.value.level;
            if h.value.organ.is_some() {
                if let Some((len, l)) = self.level_after(hay, end) {
                    end += len;
                    level = Some(l);
                } else if let Some(len) = city_after(hay, end) {
                    // `Mặt trận Tổ quốc Việt Nam thành phố`: a city is a
                    // province (Hà Nội) or a district (Rạch Giá); the suffix
                    // belongs to the name, the level stays unknown.
                    end += len;
                }
            }
            return Some(Hit {
                start: doc.orig(fpos),
                end: doc.orig_end(end),
                fstart: fpos,
                fend: end,
                key: h.value.organ.map(|i| self.organs[i].key.clone()),
                level,
            });
        }
        self.pattern_at(text, doc, fpos)
    }

    /// A level word right after folded position `end` (`" tinh uy"`): its folded
    /// length including the space, and the level.
    fn level_after(&self, hay: &str, end: usize) -> Option<(usize, IssuerLevel)> {
        if !hay.get(end..)?.starts_with(' ') {
            return None;
        }
        self.levels
            .at(hay, end + 1)
            .map(|h| (h.end - end, *h.value))
    }

    /// A head noun (`sở`, `phòng`) at `fpos` followed by a colon: the head's
    /// index and the folded position after the colon.
    pub fn head_list_at(&self, hay: &str, fpos: usize) -> Option<(usize, usize)> {
        let rest = hay.get(fpos..)?;
        self.heads.iter().enumerate().find_map(|(i, h)| {
            let after = rest.strip_prefix(h.folded.as_str())?;
            let after = after
                .strip_prefix(':')
                .or_else(|| after.strip_prefix(" :"))?;
            let skip = after.len() - after.trim_start().len();
            Some((i, fpos + rest.len() - after.len() + skip))
        })
    }

    /// One member of a head's list at `fpos` (`Tài chính` after `các Sở:`):
    /// its folded end and key; a member the table does not know gets a key
    /// made from the head and its name, up to the next `,` or `;`.
    pub fn member_at(&self, head: usize, hay: &str, fpos: usize) -> Option<(usize, String)> {
        let h = self.heads.get(head)?;
        if let Some(m) = h.members.at(hay, fpos) {
            return Some((m.end, self.organs[*m.value].key.clone()));
        }
        let rest = hay.get(fpos..)?;
        let len = rest
            .find([',', ';', '.', ':', '(', '|', '\n'])
            .unwrap_or(rest.len());
        let name = rest[..len].trim_end();
        let words = name.split(' ').count();
        if name.is_empty() || words > 6 {
            return None;
        }
        Some((
            fpos + name.len(),
            format!("{}_{}", h.key_prefix, generated_key(name)),
        ))
    }

    fn pattern_at(&self, text: &str, doc: &Folded, fpos: usize) -> Option<Hit> {
        let pos = doc.orig(fpos);
        let rest = text.get(pos..)?;
        for p in &self.patterns {
            let Some(after) = rest.strip_prefix(p.prefix.as_str()) else {
                continue;
            };
            let Some(after) = after.strip_prefix(' ') else {
                continue;
            };
            if !after.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let name_len = self.proper_name_len(after);
            if name_len == 0 {
                continue;
            }
            let end = pos + p.prefix.len() + 1 + name_len;
            let name = text.get(pos..end)?;
            let key = match &p.key {
                Some(k) => k.clone(),
                None => generated_key(name),
            };
            return Some(Hit {
                start: pos,
                end,
                fstart: fpos,
                fend: doc.pos(end),
                key: Some(key),
                level: None,
            });
        }
        None
    }

    /// Length in bytes of a body's proper name at the start of `s` (`Y tế tham
    /// mưu` → `Y tế`): words up to punctuation or a word that starts the
    /// predicate (`name_stop`).
    fn proper_name_len(&self, s: &str) -> usize {
        // A table cell ends a name too (`| Báo Nghệ An | Các cơ quan … |`).
        let s = s.split(['\n', '\r', '|']).next().unwrap_or("");
        let mut end = 0;
        let mut words = 0;
        let mut iter = s.split(' ').peekable();
        let mut offset = 0;
        while let Some(w) = iter.next() {
            let clean = w.trim_end_matches([',', ';', '.', ':', ')', '(']);
            let lower = clean.to_lowercase();
            let first_upper = clean.chars().next().is_some_and(char::is_uppercase);
            let is_conn = clean == "và" || clean == "-" || clean == "&";
            if clean.is_empty()
                || (words > 0 && !first_upper && !is_conn && self.name_stop.contains(&lower))
            {
                break;
            }
            if is_conn {
                let next_upper = iter
                    .peek()
                    .and_then(|n| n.chars().next())
                    .is_some_and(char::is_uppercase);
                if !next_upper {
                    break;
                }
            } else {
                end = offset + clean.len();
                words += 1;
            }
            if clean.len() != w.len() || words >= 6 {
                break;
            }
            offset += w.len() + 1;
        }
        end
    }
}

fn skip_space(hay: &str, mut p: usize) -> usize {
    while hay.as_bytes().get(p) == Some(&b' ') {
        p += 1;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_spec_and_forms_keys() {
        let t = OrganTable::from_toml(TABLE_TOML).expect("built-in table parses");
        for k in [
            // record.md
            "ban_tuyen_giao",
            "ban_to_chuc",
            "ban_dan_van",
            "ban_noi_chinh",
            "uy_ban_kiem_tra",
            "van_phong_cap_uy",
            "ban_thuong_vu_cap_uy",
            "ban_xay_dung_dang",
            "co_quan_tham_muu_cap_uy",
            "cap_uy_vien",
            "cap_uy_cap_duoi",
            "dang_doan_ban_can_su",
            "dang_doan_hdnd",
            "ban_can_su_ubnd",
            "ubnd",
            "ubnd_cap_duoi",
            "ubnd_cap_xa",
            "so_ban_nganh",
            "don_vi_truc_thuoc_ubnd",
            "so_noi_vu",
            "so_y_te",
            "so_tai_chinh",
            "thanh_tra",
            "cong_an",
            "luc_luong_vu_trang",
            "toa_an_vien_kiem_sat",
            "mat_tran_to_quoc",
            "tinh_doan",
            "truong_chinh_tri",
            "bao_chi",
            "doan_dbqh",
            "ban_chi_dao_pctn",
            "nguoi_dung_dau",
            "van_phong_ubnd",
            // FORMS.md "New organ keys" and "Mapped to existing keys"
            "so_ke_hoach_dau_tu",
            "so_lao_dong_tbxh",
            "so_nong_nghiep_ptnt",
            "so_nong_nghiep_moi_truong",
            "so_tai_nguyen_moi_truong",
            "so_giao_duc_dao_tao",
            "so_van_hoa_the_thao_du_lich",
            "so_thong_tin_truyen_thong",
            "so_khoa_hoc_cong_nghe",
            "so_tu_phap",
            "so_xay_dung",
            "so_giao_thong_van_tai",
            "so_cong_thuong",
            "so_ngoai_vu",
            "so_dan_toc_ton_giao",
            "ban_dan_toc",
            "ban_ton_giao",
            "ban_quan_ly_khu_kinh_te",
            "ngan_hang_csxh",
            "ngan_hang_nha_nuoc",
            "bao_hiem_xa_hoi",
            "ban_an_toan_giao_thong",
            "bo_nganh",
            "bo_ke_hoach_dau_tu",
            "ubnd_cap_tinh",
            "phong_ban_chuyen_mon",
            "phong_noi_vu",
            "phong_van_hoa_thong_tin",
            "phong_tai_nguyen_moi_truong",
            "phong_giao_duc_dao_tao",
            "phong_y_te",
            "phong_lao_dong_tbxh",
            "phong_tai_chinh_ke_hoach",
            "phong_tu_phap",
            "trung_tam_van_hoa",
            "van_hoa_xa_hoi_xa",
            "thon_to_dan_pho",
            "thanh_vien_ban_chi_dao",
            "tieu_ban_van_kien",
        ] {
            assert!(t.keys().any(|x| x == k), "missing key {k}");
        }
        // Keys are unique.
        let mut keys: Vec<&str> = t.keys().collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is listed twice");
    }

    /// (name, key, level)
    const CASES: &[(&str, Option<&str>, Option<IssuerLevel>)] = &[
        (
            "Ban Tuyên giáo Tỉnh ủy",
            Some("ban_tuyen_giao"),
            Some(IssuerLevel::Tinh),
        ),
        ("Ban Tuyên giáo", Some("ban_tuyen_giao"), None),
        ("ban tuyen giao", Some("ban_tuyen_giao"), None),
        (
            "Ban Tun giáo Tỉnh ủy",
            Some("ban_tuyen_giao"),
            Some(IssuerLevel::Tinh),
        ),
        (
            "Đảng đoàn Mặt trận Tổ quốc Việt Nam thành phố",
            Some("mat_tran_to_quoc"),
            None,
        ),
        (
            "BAN TUYÊN GIÁO TỈNH UỶ",
            Some("ban_tuyen_giao"),
            Some(IssuerLevel::Tinh),
        ),
        ("BTG", Some("ban_tuyen_giao"), None),
        ("Ban Tuyên giáo và Dân vận", Some("ban_tuyen_giao"), None),
        ("ban_tuyen_giao", Some("ban_tuyen_giao"), None),
        (
            "Ban Tuyên giáo Huyện ủy",
            Some("ban_tuyen_giao"),
            Some(IssuerLevel::Huyen),
        ),
        (
            "Ban Tuyên giáo Trung ương",
            Some("ban_tuyen_giao"),
            Some(IssuerLevel::TrungUong),
        ),
        (
            "Ban Tổ chức Đảng ủy Khối",
            Some("ban_to_chuc"),
            Some(IssuerLevel::Khoi),
        ),
        (
            "Uỷ ban kiểm tra tỉnh uỷ",
            Some("uy_ban_kiem_tra"),
            Some(IssuerLevel::Tinh),
        ),
        (
            "UBKT Huyện ủy",
            Some("uy_ban_kiem_tra"),
            Some(IssuerLevel::Huyen),
        ),
        (
            "BTC Huyện ủy",
            Some("ban_to_chuc"),
            Some(IssuerLevel::Huyen),
        ),
        (
            "VP Huyện ủy",
            Some("van_phong_cap_uy"),
            Some(IssuerLevel::Huyen),
        ),
        ("Sở Nội vụ", Some("so_noi_vu"), None),
        ("Giám đốc Sở Y tế", Some("so_y_te"), None),
        (
            "Sở Khoa học và Công nghệ",
            Some("so_khoa_hoc_cong_nghe"),
            None,
        ),
        ("Sở LĐ-TB&XH", Some("so_lao_dong_tbxh"), None),
        (
            "Sở Lao động – Thương binh và Xã hội",
            Some("so_lao_dong_tbxh"),
            None,
        ),
        ("Sở NN&PTNT", Some("so_nong_nghiep_ptnt"), None),
        (
            "Sở Nông nghiệp và Môi trường",
            Some("so_nong_nghiep_moi_truong"),
            None,
        ),
        ("Sở VH-TT&DL", Some("so_van_hoa_the_thao_du_lich"), None),
        ("Sở Du lịch", Some("so_du_lich"), None),
        ("Phòng Kinh tế", Some("phong_kinh_te"), None),
        (
            "Phòng Tài nguyên – Môi trường",
            Some("phong_tai_nguyen_moi_truong"),
            None,
        ),
        (
            "Chánh Văn phòng UBND tỉnh",
            Some("van_phong_ubnd"),
            Some(IssuerLevel::Tinh),
        ),
        (
            "Văn phòng HĐND và UBND huyện",
            Some("van_phong_ubnd"),
            Some(IssuerLevel::Huyen),
        ),
        (
            "Chỉ huy trưởng Bộ CHQS tỉnh",
            Some("luc_luong_vu_trang"),
            Some(IssuerLevel::Tinh),
        ),
        ("CA tỉnh", Some("cong_an"), Some(IssuerLevel::Tinh)),
        (
            "UBMTTQVN tỉnh",
            Some("mat_tran_to_quoc"),
            Some(IssuerLevel::Tinh),
        ),
        (
            "Hội Liên hiệp Phụ nữ tỉnh",
            Some("mat_tran_to_quoc"),
            Some(IssuerLevel::Tinh),
        ),
        ("Báo Kiên Giang", Some("bao_chi"), None),
        ("Đài PT-TH tỉnh", Some("bao_chi"), Some(IssuerLevel::Tinh)),
        (
            "Đài Phát thanh và Truyền hình Kiên Giang",
            Some("bao_chi"),
            None,
        ),
        (
            "các tổ chức chính trị - xã hội",
            Some("mat_tran_to_quoc"),
            None,
        ),
        (
            "Ủy ban nhân dân các huyện, thị xã, thành phố",
            Some("ubnd_cap_duoi"),
            Some(IssuerLevel::Huyen),
        ),
        (
            "Chủ tịch UBND các xã, phường, thị trấn",
            Some("ubnd_cap_xa"),
            Some(IssuerLevel::Xa),
        ),
        ("Trưởng các thôn, bản", Some("thon_to_dan_pho"), None),
        (
            "Đảng ủy Ủy ban nhân dân tỉnh",
            Some("ban_can_su_ubnd"),
            Some(IssuerLevel::Tinh),
        ),
        (
            "Chi nhánh Ngân hàng Chính sách xã hội tỉnh",
            Some("ngan_hang_csxh"),
            Some(IssuerLevel::Tinh),
        ),
        (
            "Đoàn đại biểu Quốc hội tỉnh",
            Some("doan_dbqh"),
            Some(IssuerLevel::Tinh),
        ),
        ("các cơ quan liên quan", None, None),
        ("các tổ chức, cá nhân có liên quan", None, None),
        ("cấp trên", None, None),
        ("Ban Bí thư", None, None),
        ("báo cáo", None, None),
        ("", None, None),
    ];

    #[test]
    fn resolve_cases() {
        let t = organ_table();
        for (name, key, level) in CASES {
            let got = t.resolve(name);
            assert_eq!(
                got.as_ref().map(|m| m.key.as_str()),
                *key,
                "key of {name:?}: {got:?}"
            );
            if key.is_some() {
                assert_eq!(got.and_then(|m| m.level), *level, "level of {name:?}");
            }
        }
    }

    #[test]
    fn relative_keys() {
        let t = organ_table();
        let huyen = Some(IssuerLevel::Huyen);
        let tinh = Some(IssuerLevel::Tinh);
        assert_eq!(
            t.relative_key("ban_thuong_vu_cap_uy", huyen, tinh),
            "cap_uy_cap_duoi"
        );
        assert_eq!(
            t.relative_key("ban_thuong_vu_cap_uy", huyen, huyen),
            "ban_thuong_vu_cap_uy"
        );
        assert_eq!(
            t.relative_key("ubnd", Some(IssuerLevel::Xa), tinh),
            "ubnd_cap_xa"
        );
        assert_eq!(
            t.relative_key("ban_tuyen_giao", huyen, tinh),
            "ban_tuyen_giao"
        );
    }

    #[test]
    fn distributed_lists() {
        let t = organ_table();
        let text = "các Sở: Tài chính, Kế hoạch và Đầu tư, Văn hóa, Thể thao và Du lịch, Du lịch";
        let f = Folded::new(text);
        let hay = f.as_str();
        let (h, mut p) = t.head_list_at(hay, 4).expect("head");
        let mut keys = Vec::new();
        while let Some((e, k)) = t.member_at(h, hay, p) {
            keys.push(k);
            p = e;
            match hay[p..].strip_prefix(", ") {
                Some(_) => p += 2,
                None => break,
            }
        }
        assert_eq!(
            keys,
            [
                "so_tai_chinh",
                "so_ke_hoach_dau_tu",
                "so_van_hoa_the_thao_du_lich",
                "so_du_lich"
            ]
        );
    }

    #[test]
    fn generated_keys() {
        for (n, k) in [
            ("Sở Y tế", "so_y_te"),
            ("Sở Giao thông vận tải", "so_giao_thong_van_tai"),
            ("Văn phòng UBND", "van_phong_ubnd"),
        ] {
            assert_eq!(generated_key(n), k, "{n}");
        }
    }
}
