//! The old Vietnamese byte encodings, and a detector that tells them apart.
//!
//! Tables: TCVN 5712:1993 (the VN1 set: every letter of VN3, the `ABC` /
//! `.VnTime` fonts, plus the capitals with tone marks in the C0 and 0x80–0x9F
//! slots), VISCII 1.1 (RFC 1456), both as glibc's `iconv` maps them (the tests
//! compare with it when it is installed); Windows-1258 through `encoding_rs`,
//! its combining tone marks composed (NFC); VNI Windows from the published
//! keyboard standard: a base letter followed by a mark byte (`a` + `ù` = `á`,
//! `o` + `á` = `ố`, `ö` = `ư`, `ñ` = `đ`), read through Windows-1252.
//!
//! [`detect`] decodes bytes with every candidate and keeps the one whose words
//! are most often valid Vietnamese syllables ([`super::syllable`]), line by line
//! where a document mixes encodings. [`repair`] does the same for Unicode text
//! that is really legacy bytes shown one byte per character (a Word run in the
//! `.VnTime` font, an HTML page in `VNI-Times`), using the font name when the
//! format gives one.

use unicode_normalization::UnicodeNormalization;

use super::syllable;

/// A legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    Windows1258,
    Tcvn3,
    Vni,
    Viscii,
}

impl Legacy {
    /// Every candidate, in the order ties are broken.
    pub const ALL: [Legacy; 4] = [
        Legacy::Windows1258,
        Legacy::Tcvn3,
        Legacy::Vni,
        Legacy::Viscii,
    ];

    /// The name recorded in provenance.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Windows1258 => "windows-1258",
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI",
            Legacy::Viscii => "VISCII",
        }
    }

    /// Decode bytes; the result is NFC. Never fails: a byte with no letter
    /// keeps its Windows-1252 reading.
    pub fn decode(self, bytes: &[u8]) -> String {
        let s: String = match self {
            Legacy::Windows1258 => {
                let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
                text.into_owned()
            }
            Legacy::Tcvn3 => bytes
                .iter()
                .map(|&b| table_char(b, &TCVN3_C0, &TCVN3_HIGH))
                .collect(),
            Legacy::Viscii => bytes
                .iter()
                .map(|&b| table_char(b, &VISCII_C0, &VISCII_HIGH))
                .collect(),
            Legacy::Vni => vni(bytes),
        };
        s.nfc().collect()
    }

    /// The encoding a font implies (`.VnTime` → TCVN3, `.VnTimeH` → TCVN3 in
    /// capitals, `VNI-Times` → VNI), with whether the font draws only capitals.
    /// Subset prefixes (`ABCDEF+`) and style suffixes (`,Bold`, `-Bold`) are ignored.
    pub fn from_font(font: &str) -> Option<(Legacy, bool)> {
        let name = font.rsplit('+').next().unwrap_or(font);
        let family = name.split([',', ';']).next().unwrap_or(name);
        let family = family.trim().trim_matches(|c| c == '"' || c == '\'');
        let lower = family.to_ascii_lowercase();
        if lower.starts_with("vni") {
            return Some((Legacy::Vni, false));
        }
        if lower.starts_with("viscii") {
            return Some((Legacy::Viscii, false));
        }
        // `.VnTime`, `.VnTimeH`, and PostScript names without the dot (`VnTimeH-Bold`).
        let rest = family
            .strip_prefix('.')
            .unwrap_or(family)
            .strip_prefix("Vn")
            .or_else(|| family.strip_prefix(".vn"))
            .filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))?;
        let word = rest.split([' ', '-']).next().unwrap_or(rest);
        let caps = word.len() > 1 && word.ends_with('H');
        Some((Legacy::Tcvn3, caps))
    }
}

fn table_char(b: u8, c0: &[(u8, char)], high: &[char; 128]) -> char {
    if b >= 0x80 {
        high[(b - 0x80) as usize]
    } else if b < 0x20 {
        c0.iter()
            .find(|(k, _)| *k == b)
            .map(|(_, c)| *c)
            .unwrap_or(b as char)
    } else {
        b as char
    }
}

/// Windows-1252 reading of one byte (how VNI bytes reach a font).
fn cp1252(b: u8) -> char {
    if b < 0x80 {
        return b as char;
    }
    let buf = [b];
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
    text.chars().next().unwrap_or('\u{FFFD}')
}

/// Combining marks for the VNI mark characters: (modifier, tone).
fn vni_mark(c: char) -> Option<(Option<char>, Option<char>)> {
    const ACUTE: char = '\u{0301}';
    const GRAVE: char = '\u{0300}';
    const HOOK: char = '\u{0309}';
    const TILDE: char = '\u{0303}';
    const DOT: char = '\u{0323}';
    const CIRC: char = '\u{0302}';
    const BREVE: char = '\u{0306}';
    Some(match c.to_lowercase().next().unwrap_or(c) {
        'ù' => (None, Some(ACUTE)),
        'ø' => (None, Some(GRAVE)),
        'û' => (None, Some(HOOK)),
        'õ' => (None, Some(TILDE)),
        'ï' => (None, Some(DOT)),
        'â' => (Some(CIRC), None),
        'á' => (Some(CIRC), Some(ACUTE)),
        'à' => (Some(CIRC), Some(GRAVE)),
        'å' => (Some(CIRC), Some(HOOK)),
        'ã' => (Some(CIRC), Some(TILDE)),
        'ä' => (Some(CIRC), Some(DOT)),
        'ê' => (Some(BREVE), None),
        'é' => (Some(BREVE), Some(ACUTE)),
        'è' => (Some(BREVE), Some(GRAVE)),
        'ú' => (Some(BREVE), Some(HOOK)),
        'ü' => (Some(BREVE), Some(TILDE)),
        'ë' => (Some(BREVE), Some(DOT)),
        _ => return None,
    })
}

/// VNI Windows: base letters followed by mark bytes.
fn vni(bytes: &[u8]) -> String {
    let chars: Vec<char> = bytes.iter().map(|&b| cp1252(b)).collect();
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // Letters that are whole in VNI.
        let whole = match c {
            'ñ' => Some("đ"),
            'Ñ' => Some("Đ"),
            'í' => Some("í"),
            'Í' => Some("Í"),
            'ì' => Some("ì"),
            'Ì' => Some("Ì"),
            'æ' => Some("ỉ"),
            'Æ' => Some("Ỉ"),
            'ó' => Some("ĩ"),
            'Ó' => Some("Ĩ"),
            'ò' => Some("ị"),
            'Ò' => Some("Ị"),
            'î' => Some("ỵ"),
            'Î' => Some("Ỵ"),
            _ => None,
        };
        if let Some(w) = whole {
            out.push_str(w);
            i += 1;
            continue;
        }
        // A base that takes marks: a e o u y, ơ (written ô), ư (written ö).
        let base = match c {
            'a' | 'e' | 'o' | 'u' | 'y' | 'A' | 'E' | 'O' | 'U' | 'Y' => Some(c),
            'ô' => Some('ơ'),
            'Ô' => Some('Ơ'),
            'ö' => Some('ư'),
            'Ö' => Some('Ư'),
            _ => None,
        };
        let Some(base) = base else {
            out.push(c);
            i += 1;
            continue;
        };
        let lower = base.to_lowercase().next().unwrap_or(base);
        let mark = chars.get(i + 1).and_then(|&m| vni_mark(m));
        let fits = |m: Option<char>| match m {
            None => true,
            Some('\u{0302}') => matches!(lower, 'a' | 'e' | 'o'),
            Some('\u{0306}') => lower == 'a',
            Some(_) => false,
        };
        match mark {
            Some((modifier, tone)) if fits(modifier) => {
                out.push(base);
                if let Some(m) = modifier {
                    out.push(m);
                }
                if let Some(t) = tone {
                    out.push(t);
                }
                i += 2;
            }
            _ => {
                out.push(base);
                i += 1;
            }
        }
    }
    out
}

/// What [`detect`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    pub text: String,
    /// The encoding of most of the text.
    pub encoding: Legacy,
    /// Share of the words with non-ASCII letters that are Vietnamese
    /// syllables in the result, 0–1 (1 when there are no such words).
    pub confidence: f32,
    /// Lines read in another encoding than `encoding` (documents mix them).
    pub mixed_lines: usize,
}

/// Decode legacy bytes: the candidate whose words are most often syllables,
/// then line by line, a line that reads clearly better in another candidate
/// is read in it.
pub fn detect(bytes: &[u8]) -> Detection {
    let decoded: Vec<(Legacy, String)> =
        Legacy::ALL.iter().map(|&l| (l, l.decode(bytes))).collect();
    let mut best = 0;
    let mut best_share = -1.0f32;
    for (k, (_, text)) in decoded.iter().enumerate() {
        let share = share(syllable::score(text));
        if share > best_share + 1e-6 {
            best = k;
            best_share = share;
        }
    }
    let encoding = decoded[best].0;
    // Line by line.
    let mut out = String::with_capacity(decoded[best].1.len());
    let mut mixed = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let main = encoding.decode(line);
        let main_score = syllable::score(&main);
        if main_score.0 >= 2 && share(main_score) < 0.6 {
            let better = Legacy::ALL
                .iter()
                .filter(|&&l| l != encoding)
                .map(|&l| {
                    let t = l.decode(line);
                    let s = share(syllable::score(&t));
                    (s, t)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((s, t)) = better {
                if s >= 0.8 && s > share(main_score) + 0.3 {
                    out.push_str(&t);
                    mixed += 1;
                    continue;
                }
            }
        }
        out.push_str(&main);
    }
    let confidence = share(syllable::score(&out));
    Detection {
        text: out,
        encoding,
        confidence,
        mixed_lines: mixed,
    }
}

fn share((words, valid): (usize, usize)) -> f32 {
    if words == 0 {
        1.0
    } else {
        valid as f32 / words as f32
    }
}

/// The byte each character of a one-byte-per-character rendering stands for:
/// Windows-1252 for its punctuation, Latin-1 for the rest; `None` for a
/// character no legacy byte shows as.
fn byte_of(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    if (0x80..0xA0).contains(&u) {
        return Some(u as u8);
    }
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1252.encode(s);
    (!had_errors && bytes.len() == 1).then(|| bytes[0])
}

/// Legacy bytes hidden in Unicode text (one character per byte), when every
/// character maps back to a byte.
fn as_bytes(text: &str) -> Option<Vec<u8>> {
    text.chars().map(byte_of).collect()
}

/// How a piece of Unicode text was read by [`repair`].
#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    pub text: String,
    /// The legacy encoding it was re-read in, if any.
    pub encoding: Option<Legacy>,
}

/// Re-read Unicode text that carries legacy bytes one per character.
///
/// With a font name that implies an encoding (`.VnTime`, `.VnTimeH`,
/// `VNI-Times`), the text is decoded in it (capitals for the `…H` fonts).
/// Without one, it is re-read only when that turns a text whose words are
/// mostly not syllables into one whose words clearly are.
pub fn repair(text: &str, font: Option<&str>) -> Repaired {
    let unchanged = || Repaired {
        text: text.to_string(),
        encoding: None,
    };
    if text.is_ascii() {
        // ASCII reads the same in every legacy encoding but for the C0 slots.
        if let Some((l, caps)) = font.and_then(Legacy::from_font) {
            if caps {
                return Repaired {
                    text: l.decode(text.as_bytes()).to_uppercase(),
                    encoding: Some(l),
                };
            }
        }
        return unchanged();
    }
    let Some(bytes) = as_bytes(text) else {
        return unchanged();
    };
    if let Some((l, caps)) = font.and_then(Legacy::from_font) {
        let mut t = l.decode(&bytes);
        if caps {
            t = t.to_uppercase();
        }
        return Repaired {
            text: t,
            encoding: Some(l),
        };
    }
    let now = syllable::score(text);
    if now.0 == 0 || share(now) >= 0.6 {
        return unchanged();
    }
    let d = detect(&bytes);
    if d.confidence >= 0.8 && d.confidence > share(now) + 0.3 {
        Repaired {
            text: d.text,
            encoding: Some(d.encoding),
        }
    } else {
        unchanged()
    }
}
/// TCVN3: bytes below 0x20 that stand for letters.
const TCVN3_C0: [(u8, char); 12] = [
    (0x01, '\u{00DA}'),
    (0x02, '\u{1EE4}'),
    (0x04, '\u{1EEA}'),
    (0x05, '\u{1EEC}'),
    (0x06, '\u{1EEE}'),
    (0x11, '\u{1EE8}'),
    (0x12, '\u{1EF0}'),
    (0x13, '\u{1EF2}'),
    (0x14, '\u{1EF6}'),
    (0x15, '\u{1EF8}'),
    (0x16, '\u{00DD}'),
    (0x17, '\u{1EF4}'),
];
/// TCVN3: bytes 0x80..=0xFF.
const TCVN3_HIGH: [char; 128] = [
    '\u{00C0}', '\u{1EA2}', '\u{00C3}', '\u{00C1}', '\u{1EA0}', '\u{1EB6}', '\u{1EAC}',
    '\u{00C8}', // 0x80
    '\u{1EBA}', '\u{1EBC}', '\u{00C9}', '\u{1EB8}', '\u{1EC6}', '\u{00CC}', '\u{1EC8}',
    '\u{0128}', // 0x88
    '\u{00CD}', '\u{1ECA}', '\u{00D2}', '\u{1ECE}', '\u{00D5}', '\u{00D3}', '\u{1ECC}',
    '\u{1ED8}', // 0x90
    '\u{1EDC}', '\u{1EDE}', '\u{1EE0}', '\u{1EDA}', '\u{1EE2}', '\u{00D9}', '\u{1EE6}',
    '\u{0168}', // 0x98
    '\u{00A0}', '\u{0102}', '\u{00C2}', '\u{00CA}', '\u{00D4}', '\u{01A0}', '\u{01AF}',
    '\u{0110}', // 0xA0
    '\u{0103}', '\u{00E2}', '\u{00EA}', '\u{00F4}', '\u{01A1}', '\u{01B0}', '\u{0111}',
    '\u{1EB0}', // 0xA8
    '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', '\u{00E0}', '\u{1EA3}',
    '\u{00E3}', // 0xB0
    '\u{00E1}', '\u{1EA1}', '\u{1EB2}', '\u{1EB1}', '\u{1EB3}', '\u{1EB5}', '\u{1EAF}',
    '\u{1EB4}', // 0xB8
    '\u{1EAE}', '\u{1EA6}', '\u{1EA8}', '\u{1EAA}', '\u{1EA4}', '\u{1EC0}', '\u{1EB7}',
    '\u{1EA7}', // 0xC0
    '\u{1EA9}', '\u{1EAB}', '\u{1EA5}', '\u{1EAD}', '\u{00E8}', '\u{1EC2}', '\u{1EBB}',
    '\u{1EBD}', // 0xC8
    '\u{00E9}', '\u{1EB9}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EBF}', '\u{1EC7}',
    '\u{00EC}', // 0xD0
    '\u{1EC9}', '\u{1EC4}', '\u{1EBE}', '\u{1ED2}', '\u{0129}', '\u{00ED}', '\u{1ECB}',
    '\u{00F2}', // 0xD8
    '\u{1ED4}', '\u{1ECF}', '\u{00F5}', '\u{00F3}', '\u{1ECD}', '\u{1ED3}', '\u{1ED5}',
    '\u{1ED7}', // 0xE0
    '\u{1ED1}', '\u{1ED9}', '\u{1EDD}', '\u{1EDF}', '\u{1EE1}', '\u{1EDB}', '\u{1EE3}',
    '\u{00F9}', // 0xE8
    '\u{1ED6}', '\u{1EE7}', '\u{0169}', '\u{00FA}', '\u{1EE5}', '\u{1EEB}', '\u{1EED}',
    '\u{1EEF}', // 0xF0
    '\u{1EE9}', '\u{1EF1}', '\u{1EF3}', '\u{1EF7}', '\u{1EF9}', '\u{00FD}', '\u{1EF5}',
    '\u{1ED0}', // 0xF8
];
/// VISCII: bytes below 0x20 that stand for letters.
const VISCII_C0: [(u8, char); 6] = [
    (0x02, '\u{1EB2}'),
    (0x05, '\u{1EB4}'),
    (0x06, '\u{1EAA}'),
    (0x14, '\u{1EF6}'),
    (0x19, '\u{1EF8}'),
    (0x1E, '\u{1EF4}'),
];
/// VISCII: bytes 0x80..=0xFF.
const VISCII_HIGH: [char; 128] = [
    '\u{1EA0}', '\u{1EAE}', '\u{1EB0}', '\u{1EB6}', '\u{1EA4}', '\u{1EA6}', '\u{1EA8}',
    '\u{1EAC}', // 0x80
    '\u{1EBC}', '\u{1EB8}', '\u{1EBE}', '\u{1EC0}', '\u{1EC2}', '\u{1EC4}', '\u{1EC6}',
    '\u{1ED0}', // 0x88
    '\u{1ED2}', '\u{1ED4}', '\u{1ED6}', '\u{1ED8}', '\u{1EE2}', '\u{1EDA}', '\u{1EDC}',
    '\u{1EDE}', // 0x90
    '\u{1ECA}', '\u{1ECE}', '\u{1ECC}', '\u{1EC8}', '\u{1EE6}', '\u{0168}', '\u{1EE4}',
    '\u{1EF2}', // 0x98
    '\u{00D5}', '\u{1EAF}', '\u{1EB1}', '\u{1EB7}', '\u{1EA5}', '\u{1EA7}', '\u{1EA9}',
    '\u{1EAD}', // 0xA0
    '\u{1EBD}', '\u{1EB9}', '\u{1EBF}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EC7}',
    '\u{1ED1}', // 0xA8
    '\u{1ED3}', '\u{1ED5}', '\u{1ED7}', '\u{1EE0}', '\u{01A0}', '\u{1ED9}', '\u{1EDD}',
    '\u{1EDF}', // 0xB0
    '\u{1ECB}', '\u{1EF0}', '\u{1EE8}', '\u{1EEA}', '\u{1EEC}', '\u{01A1}', '\u{1EDB}',
    '\u{01AF}', // 0xB8
    '\u{00C0}', '\u{00C1}', '\u{00C2}', '\u{00C3}', '\u{1EA2}', '\u{0102}', '\u{1EB3}',
    '\u{1EB5}', // 0xC0
    '\u{00C8}', '\u{00C9}', '\u{00CA}', '\u{1EBA}', '\u{00CC}', '\u{00CD}', '\u{0128}',
    '\u{1EF3}', // 0xC8
    '\u{0110}', '\u{1EE9}', '\u{00D2}', '\u{00D3}', '\u{00D4}', '\u{1EA1}', '\u{1EF7}',
    '\u{1EEB}', // 0xD0
    '\u{1EED}', '\u{00D9}', '\u{00DA}', '\u{1EF9}', '\u{1EF5}', '\u{00DD}', '\u{1EE1}',
    '\u{01B0}', // 0xD8
    '\u{00E0}', '\u{00E1}', '\u{00E2}', '\u{00E3}', '\u{1EA3}', '\u{0103}', '\u{1EEF}',
    '\u{1EAB}', // 0xE0
    '\u{00E8}', '\u{00E9}', '\u{00EA}', '\u{1EBB}', '\u{00EC}', '\u{00ED}', '\u{0129}',
    '\u{1EC9}', // 0xE8
    '\u{0111}', '\u{1EF1}', '\u{00F2}', '\u{00F3}', '\u{00F4}', '\u{00F5}', '\u{1ECF}',
    '\u{1ECD}', // 0xF0
    '\u{1EE5}', '\u{00F9}', '\u{00FA}', '\u{0169}', '\u{1EE7}', '\u{00FD}', '\u{1EE3}',
    '\u{1EEE}', // 0xF8
];
