//! References (số/ký hiệu): normalisation, identity keys and symbols implied
//! by an issuer.

use super::record::DocType;

/// Normalise a written reference: no spaces or markdown marks, letters
/// upper-case except the fixed form `TTg`, the typo `QĐi` corrected to `QĐ`.
/// (`40-CTr/TU` → `40-CTR/TU`, `1847/QĐ-ttg` → `1847/QĐ-TTg`.)
pub fn normalize_ref(raw: &str) -> String {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '_')
        .collect();
    let compact = compact.trim_end_matches(['.', ',', ';', ':', ')']);
    let mut out = String::with_capacity(compact.len());
    for (i, part) in compact.split_inclusive(['-', '/']).enumerate() {
        let (body, sep) = match part.char_indices().last() {
            Some((j, c)) if c == '-' || c == '/' => (&part[..j], &part[j..]),
            _ => (part, ""),
        };
        let upper = body.to_uppercase();
        let fixed = match upper.as_str() {
            "TTG" if i > 0 => "TTg".to_string(),
            "QĐI" | "QDI" => "QĐ".to_string(),
            _ => upper,
        };
        out.push_str(&fixed);
        out.push_str(sep);
    }
    out
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
/// National Assembly (`-QH15`, `-UBTVQH15`) and ministries' circulars.
pub fn is_central(reference: &str) -> bool {
    let groups = letter_groups(reference);
    let Some(last) = groups.last() else {
        return false;
    };
    let last = last.trim_end_matches(|c: char| c.is_ascii_digit());
    last.ends_with("TW")
        || ["CP", "TTG", "BCT", "BBT", "QH", "UBTVQH", "CTN"].contains(&last)
        || (groups.first().is_some_and(|f| f == "TT" || f == "TTLT") && last.starts_with('B'))
}

/// The letters a party document type carries in its symbol (`KH`, `NQ`).
fn type_code(doc_type: DocType) -> Option<&'static str> {
    Some(match doc_type {
        DocType::NghiQuyet => "NQ",
        DocType::KetLuan => "KL",
        DocType::ChiThi => "CT",
        DocType::QuyetDinh | DocType::QuyDinh => "QĐ",
        DocType::KeHoach => "KH",
        DocType::ChuongTrinh => "CTR",
        DocType::CongVan => "CV",
        DocType::HuongDan => "HD",
        DocType::ThongBao => "TB",
        DocType::DeAn => "ĐA",
        DocType::ThongTri => "TT",
        DocType::BaoCao => "BC",
        DocType::ToTrinh => "TTR",
        _ => return None,
    })
}

/// The symbol an issuer implies for a number written without one:
/// (`12`, Kế hoạch, `Ban Thường vụ Tỉnh ủy`) → `12-KH/TU`;
/// (`08`, Kế hoạch, `Bộ Chính trị`) → `08-KH/TW`;
/// (`09`, Hướng dẫn, `Ban Tổ chức Trung ương`) → `09-HD/BTCTW`.
/// `None` when the issuer does not fix a symbol.
pub fn infer_symbol(number: &str, doc_type: DocType, issuer: &str) -> Option<String> {
    let number = number.trim();
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let code = type_code(doc_type)?;
    let iss = super::citation::tokens::tone_canonical(issuer);
    const BOARDS: &[(&str, &str)] = &[
        ("Ban Tổ chức", "BTC"),
        ("Ban Tuyên giáo", "BTG"),
        ("Ban Dân vận", "BDV"),
        ("Ban Nội chính", "BNC"),
        ("Ban Kinh tế", "BKT"),
        ("Ban Đối ngoại", "BĐN"),
        ("Ủy ban Kiểm tra", "UBKT"),
        ("Văn phòng", "VP"),
    ];
    for (board, abbr) in BOARDS {
        if iss.starts_with(board) {
            let level = if iss.contains("Trung ương") {
                "TW"
            } else if iss.contains("Tỉnh ủy") {
                "TU"
            } else if iss.contains("Huyện ủy") {
                "HU"
            } else {
                return None;
            };
            return Some(format!("{number}-{code}/{abbr}{level}"));
        }
    }
    let suffix = if iss.contains("Bộ Chính trị")
        || iss.contains("Ban Bí thư")
        || iss.contains("Ban Chấp hành Trung ương")
        || iss == "Trung ương"
    {
        "TW"
    } else if iss.contains("Tỉnh ủy")
        || iss.contains("Thành ủy")
        || iss.contains("Ban Chấp hành Đảng bộ tỉnh")
    {
        "TU"
    } else if iss.contains("Huyện ủy") || iss.contains("Ban Chấp hành Đảng bộ huyện")
    {
        "HU"
    } else if iss.contains("Đảng ủy Khối") {
        "ĐUK"
    } else if iss.contains("Thủ tướng") {
        return matches!(doc_type, DocType::QuyetDinh | DocType::ChiThi)
            .then(|| format!("{number}/{code}-TTg"));
    } else if iss.contains("Ủy ban nhân dân") || iss.contains("UBND") {
        return Some(format!("{number}/{code}-UBND"));
    } else {
        return None;
    };
    Some(format!("{number}-{code}/{suffix}"))
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
            ("130/2020/NĐ-CP", "130/2020/NĐ-CP"),
            ("01-NQ/ĐUK", "01-NQ/ĐUK"),
            ("2772/QĐ-UBND.", "2772/QĐ-UBND"),
            ("21 - KL/TW", "21-KL/TW"),
        ];
        for (raw, want) in CASES {
            assert_eq!(normalize_ref(raw), *want, "case {raw:?}");
        }
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
            (
                "120",
                DocType::QuyetDinh,
                "Thủ tướng Chính phủ",
                Some("120/QĐ-TTg"),
            ),
            (
                "45",
                DocType::KeHoach,
                "Ủy ban nhân dân tỉnh",
                Some("45/KH-UBND"),
            ),
            ("45", DocType::KeHoach, "Hội Nông dân", None),
            ("4a", DocType::KeHoach, "Bộ Chính trị", None),
            ("12", DocType::NghiDinh, "Chính phủ", None),
        ];
        for (n, t, iss, want) in CASES {
            assert_eq!(infer_symbol(n, *t, iss).as_deref(), *want, "case {n} {iss}");
        }
    }
}
