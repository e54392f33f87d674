//! References (số/ký hiệu): normalisation and identity keys.
//!
//! OWNER: citation helper. Placeholder bodies until then.

/// Normalise a written reference: no spaces, upper-case except `TTg`, `QĐi`→`QĐ`.
pub fn normalize_ref(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// A lookup key tolerant of case, spaces, `Đ`/`D` and tone style
/// (`21-kl/tw`, `21 KL/TW` and `21-KL/TW` give the same key).
pub fn lookup_key(raw: &str) -> String {
    crate::normalize::fold(&normalize_ref(raw)).to_uppercase()
}

/// True when the reference belongs to a central body (`/TW`, `-CP`, `-TTg`, `/BCT`, `/BBT`).
pub fn is_central(reference: &str) -> bool {
    let r = reference.to_uppercase();
    ["/TW", "-CP", "-TTG", "/BCT", "/BBT"]
        .iter()
        .any(|s| r.ends_with(s))
}
