//! The signer: from the signature block (ID-13) or a news lead (ID-10).

use super::agency::{organ, title_case_words};
use crate::extract::record::Signer;
use crate::grammar::{grammar, phrases};
use crate::text::fold;

/// What a signature block says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signature {
    /// On whose behalf (`Ban Thường vụ` from `T/M BAN THƯỜNG VỤ`).
    pub authority: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
}

impl Signature {
    pub fn signer(&self) -> Option<Signer> {
        self.name.clone().map(|name| Signer {
            name,
            title: self.title.clone(),
        })
    }
}

fn is_caps(s: &str) -> bool {
    let mut n = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        n += 1;
    }
    n > 0
}

/// `PHÓ CHỦ TỊCH` → `Phó Chủ tịch`: every word an office word, else `None`.
pub fn office_title(upper: &str) -> Option<String> {
    let f = fold(upper);
    let f = f.trim();
    let hits = grammar().agency.offices.find_all(f);
    let mut pos = 0;
    let mut out = Vec::new();
    for h in hits {
        if f[pos..h.start].trim() != "" {
            return None;
        }
        out.push(h.value.as_str());
        pos = h.end;
    }
    (f[pos..].trim().is_empty() && !out.is_empty()).then(|| out.join(" "))
}

/// The office words at the start of `s` (`Phó Bí thư Thường trực Tỉnh ủy` →
/// `Phó Bí thư Thường trực`), stopping at the first other word.
pub fn leading_office(s: &str) -> Option<String> {
    let f = fold(s);
    let f = f.trim();
    let mut pos = 0;
    let mut out = Vec::new();
    while let Some(h) = grammar().agency.offices.at(f, pos) {
        out.push(h.value.as_str());
        pos = h.end;
        while f.as_bytes().get(pos) == Some(&b' ') {
            pos += 1;
        }
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// A person's name: 2-6 capitalised words of letters (`Nguyễn Văn An`).
pub fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase) && cs.all(char::is_alphabetic)
        })
}

/// A signature mark and what follows it: (`TM.`/`KT.`/…, the rest).
fn mark(line: &str) -> Option<(String, &str)> {
    let f = fold(line);
    let h = phrases("forms.signature_mark").at(&f, 0)?;
    let written = f[..h.end].to_string();
    // The rest of the original line after as many chars as the mark has.
    let n = f[..h.end].chars().count();
    let cut = line.char_indices().nth(n).map_or(line.len(), |(i, _)| i);
    Some((written, line[cut..].trim()))
}

/// Read the signature block from its lines (top to bottom).
pub fn from_lines(lines: &[&str]) -> Option<Signature> {
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.trim().trim_matches('*').trim())
        .collect();
    // The last mark line (`KT. CHỦ TỊCH` after `TM. ỦY BAN NHÂN DÂN`).
    let auth_idx = lines.iter().rposition(|l| {
        mark(l).is_some_and(|(m, rest)| !m.starts_with('(') && is_caps(rest) && !rest.is_empty())
    });
    let mut authority = None;
    let mut auth_title = None;
    let from = match auth_idx {
        Some(i) => {
            // On behalf of (TM.) names a body; for (KT.) and by order (TL.)
            // name the principal's office.
            for l in &lines[..=i] {
                if let Some((m, rest)) = mark(l) {
                    let on_behalf = phrases("forms.on_behalf").at(&m, 0).is_some();
                    if on_behalf && office_title(rest).is_none() && !rest.is_empty() {
                        authority = Some(organ(rest, None).display);
                    } else if let Some(t) = office_title(rest) {
                        auth_title = Some(t);
                    }
                }
            }
            i + 1
        }
        None => lines
            .iter()
            .rposition(|l| is_caps(l) && office_title(l).is_some())?,
    };
    let mut title = None;
    let mut name = None;
    for l in &lines[from..] {
        if l.is_empty() || l.starts_with(['-', '+', '(']) {
            continue;
        }
        if name.is_none() && is_caps(l) {
            if let Some(t) = office_title(l) {
                title = Some(t);
                continue;
            }
        }
        if is_person_name(l) && !is_caps(l) {
            name = Some(l.to_string());
            break;
        }
        if is_caps(l) && title.is_some() && is_person_name(&title_case_words(l)) {
            name = Some(title_case_words(l));
            break;
        }
    }
    let title = title.or(if auth_idx.is_some() && authority.is_none() {
        auth_title
    } else {
        None
    });
    if authority.is_none() && title.is_none() && name.is_none() {
        return None;
    }
    Some(Signature {
        authority,
        title,
        name,
    })
}

/// The signer a news lead names: `Đồng chí <Name>, <office> … ký ban hành`
/// or `do <office> <body> <Name> ký ban hành` (ID-10).
pub fn from_lead(lead: &str) -> Option<Signer> {
    let f = fold(lead);
    if let Some(h) = phrases("identity.comrade").find_from(&f, 0) {
        let start = lead
            .char_indices()
            .nth(f[..h.end].chars().count())
            .map_or(lead.len(), |(i, _)| i);
        let after = &lead[start..];
        let (name, rest) = after.split_once(',')?;
        let name = name.trim();
        if is_person_name(name) {
            return Some(Signer {
                name: name.to_string(),
                title: leading_office(rest.trim()),
            });
        }
    }
    let ky = phrases("identity.signed").find_from(&f, 0)?.start;
    let by = phrases("identity.signed_by")
        .find_in(&f, 0..ky)
        .last()
        .copied()?;
    // Char positions map one to one between `lead` and its fold except at
    // collapsed spaces and dashes: work on the original words instead.
    let n_do = f[..by.end].chars().count();
    let n_ky = f[..ky].chars().count();
    let between: String = lead.chars().skip(n_do).take(n_ky - n_do).collect();
    let words: Vec<&str> = between.split_whitespace().collect();
    let mut k = words.len();
    while k > 0 && words[k - 1].chars().next().is_some_and(char::is_uppercase) {
        k -= 1;
    }
    let mut name_words = &words[k..];
    // A province name written before the person's name is not part of it.
    for cut in 1..name_words.len() {
        if grammar()
            .provinces
            .lookup(&name_words[..cut].join(" "), None)
            .is_some()
        {
            name_words = &name_words[cut..];
            break;
        }
    }
    let name = name_words.join(" ");
    if !is_person_name(&name) {
        return None;
    }
    let title = leading_office(&words[..k].join(" "));
    Some(Signer { name, title })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offices() {
        for (upper, want) in [
            ("PHÓ BÍ THƯ THƯỜNG TRỰC", Some("Phó Bí thư Thường trực")),
            ("BÍ THƯ", Some("Bí thư")),
            ("PHÓ CHỦ TỊCH", Some("Phó Chủ tịch")),
            (
                "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
                Some("Phó Trưởng ban Thường trực"),
            ),
            ("CHÁNH VĂN PHÒNG", Some("Chánh Văn phòng")),
            ("BAN THƯỜNG VỤ", None),
        ] {
            assert_eq!(office_title(upper).as_deref(), want, "{upper}");
        }
    }

    #[test]
    fn blocks() {
        let s = from_lines(&[
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "",
            "Trần Văn Lâm",
        ])
        .expect("block");
        assert_eq!(
            s.signer(),
            Some(Signer {
                name: "Trần Văn Lâm".into(),
                title: Some("Phó Chủ tịch".into())
            })
        );
        let s = from_lines(&[
            "T/M BAN THƯỜNG VỤ",
            "PHÓ BÍ THƯ",
            "(Đã ký)",
            "Hồ Thị Kim Ngân",
        ])
        .expect("block");
        assert_eq!(s.authority.as_deref(), Some("Ban Thường vụ"));
        assert_eq!(s.title.as_deref(), Some("Phó Bí thư"));
        let s = from_lines(&["T/M THÀNH ỦY", "(Đã ký)", "Đinh Tiến Dũng"]).expect("block");
        assert_eq!(
            s.signer(),
            Some(Signer {
                name: "Đinh Tiến Dũng".into(),
                title: None
            })
        );
    }

    #[test]
    fn leads() {
        let s = from_lead("Đồng chí Lê Văn Khánh, Phó Bí thư Thường trực Tỉnh ủy vừa ký ban hành Kế hoạch số 142-KH/TU").expect("signer");
        assert_eq!(s.name, "Lê Văn Khánh");
        assert_eq!(s.title.as_deref(), Some("Phó Bí thư Thường trực"));
        let s = from_lead("Kế hoạch số 1736/KH-UBND do Phó Chủ tịch UBND tỉnh Đào Minh Tuấn ký ban hành ngày 09/11/2021").expect("signer");
        assert_eq!(s.name, "Đào Minh Tuấn");
        assert_eq!(s.title.as_deref(), Some("Phó Chủ tịch"));
    }
}
