//! Organs: canonical keys for the bodies a plan assigns work to.
//!
//! The alias table is data (`organs.toml`, compiled in): every alias is matched
//! with or without diacritics, in either tone-mark style and in any case, so
//! `Ban Tuyên giáo Tỉnh ủy`, `ban tuyen giao`, `BTG` and `Ban Tuyên giáo và Dân vận`
//! all resolve to `ban_tuyen_giao`. A level suffix (`Tỉnh ủy`, `cấp huyện`,
//! `Đảng ủy Khối`, `Trung ương`) gives the level. Bodies the table does not know
//! but that follow a naming pattern (`Sở Y tế`) get a key made from their name
//! ([`generated_key`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::extract::record::IssuerLevel;

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

/// A body found in a text: byte span in the original text, its key (`None` for a
/// phrase that is explicitly not a body, such as `các cơ quan liên quan`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub key: Option<String>,
    pub level: Option<IssuerLevel>,
}

#[derive(Debug, Deserialize)]
struct RawTable {
    organ: Vec<RawOrgan>,
    #[serde(default)]
    pattern: Vec<RawPattern>,
    not_bodies: RawNotBodies,
    levels: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    relative: Vec<RawRelative>,
}

#[derive(Debug, Deserialize)]
struct RawOrgan {
    key: String,
    name: String,
    aliases: Vec<String>,
    #[serde(default)]
    list_only: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawPattern {
    prefix: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    key_from_name: bool,
}

#[derive(Debug, Deserialize)]
struct RawNotBodies {
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RawRelative {
    key: String,
    below: String,
    #[serde(default)]
    below_xa: Option<String>,
}

#[derive(Debug, Clone)]
struct AliasEntry {
    /// Folded form (see [`Folded`]).
    folded: String,
    /// Index into `organs`; `None` for a not-a-body phrase.
    organ: Option<usize>,
    list_only: bool,
    /// Level stated inside the alias itself (`Ban Thường vụ Huyện ủy` → huyện).
    level: Option<IssuerLevel>,
}

#[derive(Debug, Clone)]
struct Organ {
    key: String,
    name: String,
    aliases: Vec<String>,
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

/// The organ alias table.
#[derive(Debug, Clone, Default)]
pub struct OrganTable {
    organs: Vec<Organ>,
    /// All aliases, longest folded form first.
    entries: Vec<AliasEntry>,
    patterns: Vec<Pattern>,
    /// Level words, folded, longest first.
    levels: Vec<(String, IssuerLevel)>,
    relative: BTreeMap<String, Relative>,
}

/// The table compiled into the binary (`src/grammar/organs.toml`).
pub fn organ_table() -> &'static OrganTable {
    static TABLE: OnceLock<OrganTable> = OnceLock::new();
    TABLE.get_or_init(|| match OrganTable::from_toml(TABLE_TOML) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!("built-in organ table unusable: {e}");
            OrganTable::default()
        }
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
        if rest.starts_with(w) && is_boundary(folded, end + 1, end + w.len()) {
            return Some(w.len());
        }
    }
    None
}

impl OrganTable {
    /// Build a table from TOML in the format of `organs.toml`.
    pub fn from_toml(src: &str) -> Result<OrganTable, OrganError> {
        let raw: RawTable = toml::from_str(src)?;
        let mut levels = Vec::new();
        for (slug, words) in &raw.levels {
            if let Some(l) = level_from_slug(slug) {
                for w in words {
                    levels.push((Folded::new(w).text, l));
                }
            }
        }
        levels.sort_by_key(|l| std::cmp::Reverse(l.0.len()));
        let mut t = OrganTable {
            levels,
            ..OrganTable::default()
        };
        for (i, o) in raw.organ.iter().enumerate() {
            let mut aliases = Vec::new();
            for (a, list_only) in o
                .aliases
                .iter()
                .map(|a| (a, false))
                .chain(o.list_only.iter().map(|a| (a, true)))
            {
                let folded = Folded::new(a).text;
                if folded.is_empty() {
                    return Err(OrganError::EmptyAlias {
                        key: o.key.clone(),
                        alias: a.clone(),
                    });
                }
                let level = t.level_inside(&folded);
                t.entries.push(AliasEntry {
                    folded,
                    organ: Some(i),
                    list_only,
                    level,
                });
                aliases.push(a.clone());
            }
            t.organs.push(Organ {
                key: o.key.clone(),
                name: o.name.clone(),
                aliases,
            });
        }
        for p in &raw.not_bodies.phrases {
            let folded = Folded::new(p).text;
            if !folded.is_empty() {
                t.entries.push(AliasEntry {
                    folded,
                    organ: None,
                    list_only: false,
                    level: None,
                });
            }
        }
        t.entries.sort_by_key(|e| std::cmp::Reverse(e.folded.len()));
        t.patterns = raw
            .pattern
            .iter()
            .map(|p| Pattern {
                prefix: p.prefix.clone(),
                key: if p.key_from_name { None } else { p.key.clone() },
            })
            .collect();
        t.relative = raw
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
            .collect();
        Ok(t)
    }

    /// Canonical keys, in table order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.organs.iter().map(|o| o.key.as_str())
    }

    /// True for a key of the table (false for generated keys such as `so_y_te`
    /// when the table does not list that Sở: those are the bodies to add).
    pub fn is_known(&self, key: &str) -> bool {
        self.organs.iter().any(|o| o.key == key)
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
    /// `ban tuyen giao`, `BTG`, `Sở Y tế` (generated key). `None` when the name is
    /// not a body the table or its patterns know.
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
        let mut pos = 0;
        for det in ["cac ", "nhung "] {
            if f.text.starts_with(det) {
                pos = det.len();
            }
        }
        let hit = self.match_at(trimmed, &f, pos, true)?;
        // The match must cover the name (a trailing level word is allowed).
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

    fn level_inside(&self, folded: &str) -> Option<IssuerLevel> {
        let mut best: Option<(usize, IssuerLevel)> = None;
        for (w, l) in &self.levels {
            let mut from = 0;
            while let Some(i) = folded.get(from..).and_then(|s| s.find(w.as_str())) {
                let at = from + i;
                if is_boundary(folded, at, at + w.len()) {
                    if best.is_none_or(|(b, _)| at < b) {
                        best = Some((at, *l));
                    }
                    break;
                }
                from = at + 1;
            }
        }
        best.map(|(_, l)| l)
    }

    /// The body (or not-a-body phrase) whose alias starts exactly at folded
    /// position `fpos` of `doc` (the folded form of `text`), longest alias first,
    /// extended by a following level word. `list_only` aliases count only when
    /// `allow_list_only`.
    pub fn match_at(
        &self,
        text: &str,
        doc: &Folded,
        fpos: usize,
        allow_list_only: bool,
    ) -> Option<Hit> {
        let rest = doc.text.get(fpos..)?;
        if fpos > 0 && !is_boundary(&doc.text, fpos, fpos) {
            return None;
        }
        for e in &self.entries {
            if e.list_only && !allow_list_only {
                continue;
            }
            if !rest.starts_with(e.folded.as_str())
                || !is_boundary(&doc.text, fpos, fpos + e.folded.len())
            {
                continue;
            }
            let mut end = fpos + e.folded.len();
            let mut level = e.level;
            if e.organ.is_some() {
                if let Some((len, l)) = self.level_after(&doc.text, end) {
                    end += len;
                    level = Some(l);
                } else if let Some(len) = city_after(&doc.text, end) {
                    // `Mặt trận Tổ quốc Việt Nam thành phố`: a city is a
                    // province (Hà Nội) or a district (Rạch Giá); the suffix
                    // belongs to the name, the level stays unknown.
                    end += len;
                }
            }
            return Some(Hit {
                start: doc.orig(fpos),
                end: doc.orig_end(end),
                key: e.organ.map(|i| self.organs[i].key.clone()),
                level,
            });
        }
        self.pattern_at(text, doc.orig(fpos))
    }

    /// A level word right after folded position `end` (`" tinh uy"`): its folded
    /// length including the space, and the level.
    fn level_after(&self, folded: &str, end: usize) -> Option<(usize, IssuerLevel)> {
        let rest = folded.get(end..)?;
        let rest = rest.strip_prefix(' ')?;
        for (w, l) in &self.levels {
            if rest.starts_with(w.as_str()) && is_boundary(folded, end + 1, end + 1 + w.len()) {
                return Some((w.len() + 1, *l));
            }
        }
        None
    }

    fn pattern_at(&self, text: &str, pos: usize) -> Option<Hit> {
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
            let name_len = proper_name_len(after);
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
                key: Some(key),
                level: None,
            });
        }
        None
    }
}

/// Length in bytes of a body's proper name at the start of `s` (`Y tế tham mưu`
/// → `Y tế`): words up to punctuation or a word that starts the predicate.
fn proper_name_len(s: &str) -> usize {
    const STOP: &[&str] = &[
        "tỉnh", "thành", "huyện", "chủ", "phối", "tham", "thực", "có", "xây", "triển", "tổ",
        "hướng", "theo", "kiểm", "rà", "nghiên", "đề", "báo", "chịu", "căn", "khẩn", "tiếp", "phụ",
        "làm", "là", "được", "với", "trong", "về", "các", "cùng", "để", "nhằm", "đôn", "giúp",
        "lãnh", "chỉ", "tập", "tăng", "đẩy", "quán", "tuyên", "bảo", "đảm", "thông",
    ];
    let s = s.split(['\n', '\r']).next().unwrap_or("");
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
            || (words > 0 && !first_upper && !is_conn && STOP.contains(&lower.as_str()))
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

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// True when `[start, end)` of `s` sits on word boundaries.
fn is_boundary(s: &str, start: usize, end: usize) -> bool {
    let b = s.as_bytes();
    let left = start == 0 || !b.get(start - 1).copied().is_some_and(is_word_byte);
    let right = end >= b.len() || !b.get(end).copied().is_some_and(is_word_byte);
    // At a pure position check (start == end) only the left side matters.
    if start == end {
        return left;
    }
    left && right
}

/// A text folded for matching (no diacritics, lower case, one space for any
/// white space run, no spaces around `-`, markdown `*` dropped), with a map back
/// to byte offsets of the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// `map[i]` = original byte offset of folded byte `i`; one extra entry for the end.
    map: Vec<usize>,
    /// `ends[i]` = original byte offset just after the char that gave folded byte `i`.
    ends: Vec<usize>,
}

impl Folded {
    /// Fold `s` and record where each folded byte comes from.
    pub fn new(s: &str) -> Folded {
        Folded::build(s, usize::MAX)
    }

    /// The folded text of `s` only as far as needed to know its first `n` bytes:
    /// equal to `Folded::new(s).text` when that has at most `n` bytes, otherwise
    /// longer than `n` bytes with the same first `n` bytes (so `len() > n` tells
    /// that the whole folded text is longer than `n`). For prefix tests on long
    /// slices, without folding all of them.
    pub fn prefix(s: &str, n: usize) -> String {
        Folded::build(s, n).text
    }

    /// Fold `s`, stopping once the folded text is longer than `limit` bytes. The
    /// text only ever grows, except that a trailing space gives way to a `-`
    /// (same length), so its first `limit` bytes are final at that point.
    fn build(s: &str, limit: usize) -> Folded {
        let cap = s.len().min(limit.saturating_add(8));
        let mut text = String::with_capacity(cap);
        let mut map = Vec::with_capacity(cap + 1);
        let mut ends = Vec::with_capacity(cap);
        let mut skip_space = false;
        for (o, c) in s.char_indices() {
            if text.len() > limit {
                break;
            }
            if c == '*' {
                continue;
            }
            if c.is_whitespace() {
                if skip_space || text.ends_with(' ') || text.is_empty() {
                    continue;
                }
                text.push(' ');
                map.push(o);
                ends.push(o + c.len_utf8());
                continue;
            }
            if matches!(c, '-' | '–' | '—' | '‐') {
                if text.ends_with(' ') {
                    text.pop();
                    map.pop();
                    ends.pop();
                }
                text.push('-');
                map.push(o);
                ends.push(o + c.len_utf8());
                skip_space = true;
                continue;
            }
            skip_space = false;
            let end = o + c.len_utf8();
            if c.is_ascii() {
                text.push(c.to_ascii_lowercase());
                map.push(o);
                ends.push(end);
                continue;
            }
            for fc in fold_lower_char(c) {
                for _ in 0..fc.len_utf8() {
                    map.push(o);
                    ends.push(end);
                }
                text.push(fc);
            }
        }
        map.push(s.len());
        Folded { text, map, ends }
    }

    /// Original byte offset of folded byte `i` (end of text past the end).
    pub fn orig(&self, i: usize) -> usize {
        self.map
            .get(i)
            .copied()
            .unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }

    /// Original byte offset just after the char that gave folded byte `i - 1`
    /// (the end of a match ending at folded `i`).
    pub fn orig_end(&self, i: usize) -> usize {
        if i == 0 {
            return self.orig(0);
        }
        self.ends
            .get(i - 1)
            .copied()
            .unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }

    /// First folded position whose original offset is at or after `orig`.
    pub fn folded_pos(&self, orig: usize) -> usize {
        self.map.partition_point(|&o| o < orig).min(self.text.len())
    }
}

/// The folded, lower-cased form of one non-ASCII character as [`Folded`] uses
/// it: nothing for a combining mark, else [`crate::normalize::fold_char`]
/// lower-cased (the same result as `normalize::fold(c).to_lowercase()`,
/// without allocating).
fn fold_lower_char(c: char) -> impl Iterator<Item = char> {
    let base = if crate::normalize::is_combining_mark(c) {
        None
    } else {
        Some(crate::normalize::fold_char(c))
    };
    base.into_iter().flat_map(char::to_lowercase)
}

/// Fold a string the way the table is matched.
pub fn fold_for_match(s: &str) -> String {
    Folded::new(s).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_has_spec_keys() {
        let t = OrganTable::from_toml(TABLE_TOML).expect("built-in table parses");
        for k in [
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
        ] {
            assert!(t.keys().any(|x| x == k), "missing key {k}");
        }
    }

    const CASES: &[(&str, Option<&str>, Option<IssuerLevel>)] = &[
        (
            "Ban Tuyên giáo Tỉnh ủy",
            Some("ban_tuyen_giao"),
            Some(IssuerLevel::Tinh),
        ),
        ("Ban Tuyên giáo", Some("ban_tuyen_giao"), None),
        ("ban tuyen giao", Some("ban_tuyen_giao"), None),
        // `thành phố` after a name: part of it, level unknown (Hà Nội or Rạch Giá).
        (
            "Đảng đoàn Mặt trận Tổ quốc Việt Nam thành phố",
            Some("mat_tran_to_quoc"),
            None,
        ),
        (
            "Đảng đoàn Mặt trận Tổ quốc thành phố",
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
            "Ủy ban Kiểm tra Tỉnh ủy",
            Some("uy_ban_kiem_tra"),
            Some(IssuerLevel::Tinh),
        ),
        (
            "Uỷ ban kiểm tra tỉnh uỷ",
            Some("uy_ban_kiem_tra"),
            Some(IssuerLevel::Tinh),
        ),
        ("UBKT", Some("uy_ban_kiem_tra"), None),
        ("Sở Nội vụ", Some("so_noi_vu"), None),
        ("Sở Y tế", Some("so_y_te"), None),
        (
            "Sở Khoa học và Công nghệ",
            Some("so_khoa_hoc_cong_nghe"),
            None,
        ),
        ("Báo Kiên Giang", Some("bao_chi"), None),
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
        ("tổ chức chính trị-xã hội", Some("mat_tran_to_quoc"), None),
        (
            "Ủy ban nhân dân các huyện, thị xã, thành phố",
            Some("ubnd_cap_duoi"),
            Some(IssuerLevel::Huyen),
        ),
        (
            "Đoàn đại biểu Quốc hội tỉnh",
            Some("doan_dbqh"),
            Some(IssuerLevel::Tinh),
        ),
        ("các cơ quan liên quan", None, None),
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
    fn generated_keys() {
        const G: &[(&str, &str)] = &[
            ("Sở Y tế", "so_y_te"),
            ("Sở Giao thông vận tải", "so_giao_thong_van_tai"),
            ("Văn phòng UBND", "van_phong_ubnd"),
        ];
        for (n, k) in G {
            assert_eq!(generated_key(n), *k, "{n}");
        }
    }

    #[test]
    fn folded_maps_back() {
        let s = "Ban  Tuyên giáo **Tỉnh ủy** chính trị - xã hội";
        let f = Folded::new(s);
        assert_eq!(f.text, "ban tuyen giao tinh uy chinh tri-xa hoi");
        let i = f.text.find("tinh").expect("present");
        assert!(s[f.orig(i)..].starts_with("Tỉnh ủy"));
        assert_eq!(f.orig(f.text.len()), s.len());
    }
}
