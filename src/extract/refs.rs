//! References (số/ký hiệu): normalisation, identity keys, central or local,
//! and the symbols an issuer implies. The codes are data (`grammar/refs.toml`);
//! this file holds the procedure.
//!
//! Normal form (record.md, FORMS.md rules 1-6): no spaces; every dash a `-`;
//! letters upper case except the mixed-case forms (`TTg`); `QĐi` → `QĐ`;
//! `/TƯ` → `/TU` (the issuer decides `/TW`, see [`central_tu`]); a party
//! number written state-style becomes party-style (`17/CT-TW` → `17-CT/TW`);
//! a hyphen a PDF lost between a known symbol and the number or an issuer
//! code is restored (`26NQ/TW` → `26-NQ/TW`, `150/QĐTTg` → `150/QĐ-TTg`).
//! Every other symbol is kept as written (`/ĐU` on a Tỉnh ủy plan stays).
//!
//! Invariants (tested): normalising twice changes nothing; the result has no
//! white space; `lookup_key` ignores case, spaces, separators and `Đ`/`D`.

use super::record::DocType;
use crate::grammar::{grammar, NumberCodes, SymbolStyle};

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// One letter group of a number, upper-cased, with its fixed forms.
fn group(codes: &NumberCodes, body: &str, first_symbol: bool) -> String {
    let upper = body.to_uppercase();
    if let Some(m) = codes.mixed(&upper) {
        if !first_symbol {
            return m.to_string();
        }
    }
    if let Some(f) = codes.fix(&upper) {
        return f.to_string();
    }
    if upper == codes.tu {
        return codes.tu_local.clone();
    }
    upper
}

/// Normalise a written reference: see the module doc.
/// (`40-CTr/TU` → `40-CTR/TU`, `1847/QĐ-ttg` → `1847/QĐ-TTg`,
/// `318 -KH/TU` → `318-KH/TU`, `2284/QĐUBND` → `2284/QĐ-UBND`.)
pub fn normalize_ref(raw: &str) -> String {
    let codes = &grammar().refs.number;
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '_')
        .map(|c| if is_dash(c) { '-' } else { c })
        .collect();
    let compact = compact
        .trim_end_matches(['.', ',', ';', ':', ')', '(', '-', '/'])
        .trim_start_matches('(');
    // Split into the number (digits and an optional letter: `30c`) and the rest.
    let digits = compact
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(compact.len());
    if digits == 0 || digits == compact.len() {
        return compact.to_uppercase();
    }
    let (num, rest) = compact.split_at(digits);
    let mut num = num.to_string();
    let mut rest = rest.to_string();
    // A letter run glued to the digits: a number suffix (`30c/`) or a party
    // symbol whose hyphen was lost (`26NQ/TW`).
    if rest.starts_with(|c: char| c.is_alphabetic()) {
        let run_end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let run = &rest[..run_end];
        let after = &rest[run_end..];
        let types = &grammar().doc_types;
        if after.starts_with('/')
            && types
                .of_symbol(SymbolStyle::Party, &group(codes, run, true))
                .is_some()
        {
            rest = format!("-{run}{after}");
        } else if run.chars().count() == 1 && (after.starts_with('/') || after.starts_with('-')) {
            num.push_str(run);
            rest = after.to_string();
        }
    }
    // Letter groups and their separators.
    let mut parts: Vec<(char, String)> = Vec::new(); // (separator before, group)
    let mut sep = ' ';
    let mut cur = String::new();
    for c in rest.chars() {
        if c == '-' || c == '/' {
            if !cur.is_empty() || parts.is_empty() {
                parts.push((sep, std::mem::take(&mut cur)));
            }
            sep = c;
        } else {
            cur.push(c);
        }
    }
    parts.push((sep, cur));
    parts.retain(|(s, g)| !(g.is_empty() && *s == ' '));
    // Year of a state number (`/2020/`) is kept as a group of digits.
    let is_year = |g: &str| g.len() == 4 && g.chars().all(|c| c.is_ascii_digit());
    let mut out_parts: Vec<(char, String)> = Vec::new();
    let mut first_symbol = true;
    for (s, g) in &parts {
        if is_year(g) || g.chars().all(|c| c.is_ascii_digit()) {
            out_parts.push((*s, g.clone()));
            continue;
        }
        out_parts.push((*s, group(codes, g, first_symbol)));
        first_symbol = false;
    }
    let symbol_index = out_parts
        .iter()
        .position(|(_, g)| !g.chars().all(|c| c.is_ascii_digit()));
    if let Some(si) = symbol_index {
        let state = out_parts[si].0 == '/';
        let types = &grammar().doc_types;
        if state {
            // Lost hyphen between a state symbol and an issuer code
            // (`QĐTTG` → `QĐ` + `TTg`), when nothing follows.
            if si + 1 == out_parts.len() {
                let g = out_parts[si].1.clone();
                for code in &codes.glue_codes {
                    let cu = code.to_uppercase();
                    if let Some(sym) = g.strip_suffix(cu.as_str()) {
                        if !sym.is_empty() && types.of_symbol(SymbolStyle::State, sym).is_some() {
                            out_parts[si].1 = sym.to_string();
                            let shown = codes.mixed(&cu).unwrap_or(code).to_string();
                            out_parts.push(('-', shown));
                            break;
                        }
                    }
                }
            }
            // A party number written state-style (`17/CT-TW` → `17-CT/TW`).
            let is_party = si + 2 == out_parts.len()
                && si == 0
                && out_parts[si + 1].0 == '-'
                && codes.is_party_suffix(&out_parts[si + 1].1)
                && types
                    .of_symbol(SymbolStyle::Party, &out_parts[si].1)
                    .is_some();
            if is_party {
                out_parts[si].0 = '-';
                out_parts[si + 1].0 = '/';
            }
        }
    }
    let mut out = num.to_uppercase();
    for (s, g) in out_parts {
        if s != ' ' {
            out.push(s);
        }
        out.push_str(&g);
    }
    out
}

/// `/TƯ` of a document whose issuer is central is `/TW` (rule 2): the
/// reference as normalised, given the raw text and whether the issuer named
/// with it is central.
pub fn central_tu(raw: &str, normalized: &str, central_issuer: bool) -> String {
    let codes = &grammar().refs.number;
    if !central_issuer || !raw.to_uppercase().contains(&codes.tu) {
        return normalized.to_string();
    }
    let local = format!("/{}", codes.tu_local);
    match normalized.strip_suffix(&local) {
        Some(head) => format!("{head}/{}", codes.tu_central),
        None => normalized.to_string(),
    }
}

/// A lookup key tolerant of case, spaces, separators, `Đ`/`D` and tone
/// style (`21-kl/tw`, `21 KL/TW` and `21-KL/TW` give the same key).
pub fn lookup_key(raw: &str) -> String {
    crate::normalize::fold(&normalize_ref(raw))
        .to_uppercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The letter groups of a reference, upper-case (`130/2020/NĐ-CP` → `NĐ`, `CP`).
fn letter_groups(reference: &str) -> Vec<String> {
    reference
        .split(['-', '/'])
        .filter(|p| !p.is_empty() && !p.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_uppercase)
        .collect()
}

/// True when the reference belongs to a central body: `/TW`, `-CP`, `-TTg`,
/// `/BCT`, `/BBT`, the central party boards (`/BTGTW`, `/BTCTW`, …), the
/// National Assembly (`-QH15`, `-UBTVQH15`) and ministries' circulars
/// (codes in `grammar/refs.toml`).
pub fn is_central(reference: &str) -> bool {
    let codes = &grammar().refs.number;
    let groups = letter_groups(reference);
    let Some(last) = groups.last() else {
        return false;
    };
    let last = last.trim_end_matches(|c: char| c.is_ascii_digit());
    codes
        .central_endings
        .iter()
        .any(|e| last.ends_with(e.as_str()))
        || codes.central_codes.iter().any(|c| c.to_uppercase() == last)
        || (groups
            .first()
            .is_some_and(|f| codes.circular_symbols.contains(f))
            && last.starts_with(codes.ministry_prefix.as_str()))
}

/// The symbol letters of a document type (`KH`, `NQ`): the first party symbol
/// of the type in `doc_types.toml` (state style when the type has none).
fn type_code(doc_type: DocType, style: SymbolStyle) -> Option<String> {
    grammar().doc_types.symbol(doc_type, style)
}

/// The symbol an issuer implies for a number written without one (rule 8):
/// (`12`, Kế hoạch, `Ban Thường vụ Tỉnh ủy`) → `12-KH/TU`;
/// (`08`, Kế hoạch, `Bộ Chính trị`) → `08-KH/TW`;
/// (`09`, Hướng dẫn, `Ban Tổ chức Trung ương`) → `09-HD/BTCTW`;
/// (`45`, Nghị quyết, `Chính phủ`) → `45/NQ-CP`.
/// `None` when the issuer does not fix a symbol.
pub fn infer_symbol(number: &str, doc_type: DocType, issuer: &str) -> Option<String> {
    let number = number.trim();
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let entry = grammar().refs.issuer_of(issuer)?;
    if let Some(suffix) = &entry.party {
        let code = type_code(doc_type, SymbolStyle::Party)?;
        return Some(format!("{number}-{code}/{suffix}"));
    }
    let state = entry.state.as_ref()?;
    let code = type_code(doc_type, SymbolStyle::State)?;
    let allowed = entry.state_types.is_empty() || entry.state_types.contains(&code);
    allowed.then(|| format!("{number}/{code}-{state}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation() {
        const CASES: &[(&str, &str)] = &[
            ("21-KL/TW", "21-KL/TW"),
            ("21-kl/tw", "21-KL/TW"),
            ("40-CTr/TU", "40-CTR/TU"),
            ("890-QĐi/TU", "890-QĐ/TU"),
            ("1847/QĐ-TTg", "1847/QĐ-TTg"),
            ("1847/qđ-ttg", "1847/QĐ-TTg"),
            ("08/CT-TTG", "08/CT-TTg"),
            ("130/2020/NĐ-CP", "130/2020/NĐ-CP"),
            ("01-NQ/ĐUK", "01-NQ/ĐUK"),
            ("2772/QĐ-UBND.", "2772/QĐ-UBND"),
            // N-01: spaces around separators
            ("21 - KL/TW", "21-KL/TW"),
            ("318 -KH/TU", "318-KH/TU"),
            ("238- QĐ/TW", "238-QĐ/TW"),
            ("134/2021/NĐ- CP", "134/2021/NĐ-CP"),
            ("07 /KH-MTTQ-BTT", "07/KH-MTTQ-BTT"),
            // N-03: en dash
            ("37–KH/TU", "37-KH/TU"),
            // N-04: /TƯ is local by default
            ("445-KL/TƯ", "445-KL/TU"),
            // N-05: programme symbols
            ("12/CTr-UBND", "12/CTR-UBND"),
            ("62-CTHĐ/TU", "62-CTHĐ/TU"),
            ("27-CT/TU", "27-CT/TU"),
            // N-09: state numbers
            ("56/2017/QH14", "56/2017/QH14"),
            ("1297/NQ-UBTVQH15", "1297/NQ-UBTVQH15"),
            ("24/2010/TTLT/BLĐTBXH-BTC", "24/2010/TTLT/BLĐTBXH-BTC"),
            ("4820/BTTTT-PTTH&TTĐT", "4820/BTTTT-PTTH&TTĐT"),
            ("36/QĐ-UBND-HC", "36/QĐ-UBND-HC"),
            ("19/2008/NQLT/CP-UBTUMTTQVN", "19/2008/NQLT/CP-UBTUMTTQVN"),
            // N-10: party numbers written state-style
            ("20/NQ-TW", "20-NQ/TW"),
            ("09/NQ-TU", "09-NQ/TU"),
            ("17/CT-TW", "17-CT/TW"),
            ("31/KH-BTGTU", "31-KH/BTGTU"),
            ("45/KH-UBND", "45/KH-UBND"),
            // N-11: lost hyphens
            ("26NQ/TW", "26-NQ/TW"),
            ("150/QĐTTg", "150/QĐ-TTg"),
            ("1961/QĐUBND", "1961/QĐ-UBND"),
            ("61/2018/NĐCP", "61/2018/NĐ-CP"),
            // N-12: typos kept
            ("1024/QĐ-TT", "1024/QĐ-TT"),
            ("129-KH/ĐU", "129-KH/ĐU"),
            ("115-HD/BTGW", "115-HD/BTGW"),
            // N-13
            ("367 - QĐ/TWĐTN-VP", "367-QĐ/TWĐTN-VP"),
            ("02-KH/BCĐTW", "02-KH/BCĐTW"),
        ];
        for (raw, want) in CASES {
            assert_eq!(normalize_ref(raw), *want, "case {raw:?}");
            assert_eq!(normalize_ref(want), *want, "idempotent on {want:?}");
        }
    }

    #[test]
    fn tu_follows_the_issuer() {
        assert_eq!(central_tu("05-CT/TƯ", "05-CT/TU", true), "05-CT/TW");
        assert_eq!(central_tu("13-NQ/TƯ", "13-NQ/TU", false), "13-NQ/TU");
        assert_eq!(central_tu("05-CT/TU", "05-CT/TU", true), "05-CT/TU");
    }

    #[test]
    fn lookup_keys_are_tolerant() {
        let k = lookup_key("21-KL/TW");
        for v in ["21-kl/tw", "21 KL/TW", "21-KL/TW ", "21/KL-TW"] {
            assert_eq!(lookup_key(v), k, "{v}");
        }
        assert_eq!(lookup_key("99-QĐ/TW"), lookup_key("99-qd/tw"));
        assert_ne!(lookup_key("65-KH/TU"), lookup_key("65-KH/HU"));
    }

    #[test]
    fn central_and_local() {
        const CASES: &[(&str, bool)] = &[
            ("21-KL/TW", true),
            ("130/2020/NĐ-CP", true),
            ("1847/QĐ-TTg", true),
            ("55-HD/BTGTW", true),
            ("102/NQ-UBTVQH15", true),
            ("56/2017/QH14", true),
            ("02/2021/TT-BNV", true),
            ("65-KH/TU", false),
            ("2772/QĐ-UBND", false),
            ("01-NQ/ĐUK", false),
            ("12-KH/HU", false),
        ];
        for (r, want) in CASES {
            assert_eq!(is_central(r), *want, "case {r}");
        }
    }

    #[test]
    fn symbols_implied_by_issuers() {
        const CASES: &[(&str, DocType, &str, Option<&str>)] = &[
            (
                "12",
                DocType::KeHoach,
                "Ban Thường vụ Tỉnh ủy",
                Some("12-KH/TU"),
            ),
            ("08", DocType::KeHoach, "Bộ Chính trị", Some("08-KH/TW")),
            (
                "09",
                DocType::HuongDan,
                "Ban Tổ chức Trung ương",
                Some("09-HD/BTCTW"),
            ),
            ("15", DocType::ChiThi, "Ban Bí thư", Some("15-CT/TW")),
            ("3", DocType::NghiQuyet, "Đảng ủy Khối", Some("3-NQ/ĐUK")),
            ("23", DocType::KeHoach, "Huyện ủy", Some("23-KH/HU")),
            (
                "19",
                DocType::NghiQuyet,
                "Ban Chấp hành Trung ương Đảng",
                Some("19-NQ/TW"),
            ),
            (
                "120",
                DocType::QuyetDinh,
                "Thủ tướng Chính phủ",
                Some("120/QĐ-TTg"),
            ),
            ("45", DocType::NghiQuyet, "Chính phủ", Some("45/NQ-CP")),
            (
                "45",
                DocType::KeHoach,
                "Ủy ban nhân dân tỉnh",
                Some("45/KH-UBND"),
            ),
            ("45", DocType::KeHoach, "Hội Nông dân", None),
            ("4a", DocType::KeHoach, "Bộ Chính trị", None),
            ("12", DocType::NghiDinh, "Chính phủ", None),
            ("12", DocType::KeHoach, "Thủ tướng Chính phủ", None),
        ];
        for (n, t, iss, want) in CASES {
            assert_eq!(infer_symbol(n, *t, iss).as_deref(), *want, "case {n} {iss}");
        }
    }
}
