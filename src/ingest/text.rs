//! Plain text (`.txt`, `.md`): which encoding, and the decoded text.
//!
//! In order: a byte-order mark (UTF-8, UTF-16LE/BE); valid UTF-8; UTF-16
//! without a mark (recognised by its zero bytes, and kept only when it reads
//! as text); otherwise the legacy encodings through [`legacy::detect`]. A NUL
//! byte in what is not UTF-16 means a binary file.

use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8};

use super::legacy;
use super::{Decoded, Decoder, Format, Hints, Input, Origin, SkipReason};

/// Decoder of `.txt` and `.md` files.
pub struct TextDecoder(pub Format);

impl Decoder for TextDecoder {
    fn format(&self) -> Format {
        self.0
    }

    fn decode(&self, input: &Input<'_>) -> Result<Decoded, SkipReason> {
        let mut d = decode(input.bytes)?;
        d.origin.format = self.0;
        Ok(d)
    }
}

/// Below this share of Vietnamese syllables a legacy reading is refused.
const MIN_CONFIDENCE: f32 = 0.5;

/// Decode the bytes of a text file.
pub fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    let done = |text: String, encoding: &str, confidence: f32| Decoded {
        text,
        origin: Origin {
            confidence,
            ..Origin::new(Format::Txt, encoding)
        },
        hints: Hints::default(),
    };
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == UTF_8 {
            return utf8(body).map(|t| done(t, "UTF-8", 1.0));
        }
        let name = if encoding == UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        let text = utf16(body, encoding == UTF_16LE).ok_or(SkipReason::InvalidUtf16(name))?;
        if let Some(pos) = text.find('\0') {
            return Err(SkipReason::Binary(pos));
        }
        return Ok(done(text, name, 1.0));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if let Some(pos) = s.find('\0') {
            if let Some(d) = utf16_without_bom(bytes) {
                return Ok(d);
            }
            return Err(SkipReason::Binary(pos));
        }
        // Legacy bytes shown one per character and saved as UTF-8 (mojibake)?
        let r = legacy::repair(s, None);
        return Ok(match r.encoding {
            Some(l) => {
                let confidence = legacy_confidence(&r.text);
                done(r.text, &format!("UTF-8+{}", l.name()), confidence)
            }
            None => done(s.to_string(), "UTF-8", 1.0),
        });
    }
    if let Some(d) = utf16_without_bom(bytes) {
        return Ok(d);
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(SkipReason::Binary(pos));
    }
    let detection = legacy::detect(bytes);
    if detection.confidence < MIN_CONFIDENCE {
        // Plain UTF-8 with a few damaged bytes reads better as what it mostly is.
        let first_bad = std::str::from_utf8(bytes)
            .err()
            .map(|e| e.valid_up_to())
            .unwrap_or(0);
        let (words, _) = super::syllable::score(&detection.text);
        let lossy = String::from_utf8_lossy(bytes);
        let (lossy_words, lossy_valid) = super::syllable::score(&lossy);
        let mostly_utf8 = lossy_words > 0 && lossy_valid * 2 >= lossy_words;
        if words < 5 || mostly_utf8 {
            return Err(SkipReason::InvalidUtf8(first_bad));
        }
        return Err(SkipReason::UnknownEncoding {
            best: detection.encoding.name(),
            confidence: detection.confidence,
        });
    }
    let name = if detection.mixed_lines > 0 {
        format!("{}+mixed", detection.encoding.name())
    } else {
        detection.encoding.name().to_string()
    };
    Ok(done(detection.text, &name, detection.confidence))
}

fn legacy_confidence(text: &str) -> f32 {
    super::syllable::confidence(text)
}

fn utf8(bytes: &[u8]) -> Result<String, SkipReason> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(SkipReason::Binary(pos));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(SkipReason::InvalidUtf8(e.valid_up_to())),
    }
}

fn utf16(body: &[u8], le: bool) -> Option<String> {
    let encoding = if le { UTF_16LE } else { UTF_16BE };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    (!had_errors).then(|| text.into_owned())
}

/// UTF-16 without a byte-order mark: most code units of Vietnamese text are
/// ASCII or U+1Exx, so one byte of each pair is mostly 0x00 or 0x1E.
fn utf16_without_bom(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zero_hi_le = bytes.chunks_exact(2).filter(|p| p[1] == 0).count();
    let zero_hi_be = bytes.chunks_exact(2).filter(|p| p[0] == 0).count();
    let (le, zeros) = if zero_hi_le >= zero_hi_be {
        (true, zero_hi_le)
    } else {
        (false, zero_hi_be)
    };
    if zeros * 10 < pairs * 4 {
        return None;
    }
    let text = utf16(bytes, le)?;
    // Text, not binary that happens to have zeros: no NULs or controls.
    if text
        .chars()
        .any(|c| c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')))
    {
        return None;
    }
    let name = if le { "UTF-16LE" } else { "UTF-16BE" };
    Some(Decoded {
        text,
        origin: Origin::new(Format::Txt, name),
        hints: Hints::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_bytes(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = match (bom, le) {
            (false, _) => vec![],
            (true, true) => vec![0xFF, 0xFE],
            (true, false) => vec![0xFE, 0xFF],
        };
        for u in s.encode_utf16() {
            let b = if le { u.to_le_bytes() } else { u.to_be_bytes() };
            out.extend_from_slice(&b);
        }
        out
    }

    const S: &str = "Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp thực hiện Kế hoạch";

    #[test]
    fn decodes_unicode_forms() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (S.as_bytes().to_vec(), "UTF-8"),
            ([&[0xEF, 0xBB, 0xBF][..], S.as_bytes()].concat(), "UTF-8"),
            (utf16_bytes(S, true, true), "UTF-16LE"),
            (utf16_bytes(S, false, true), "UTF-16BE"),
            (utf16_bytes(S, true, false), "UTF-16LE"),
            (utf16_bytes(S, false, false), "UTF-16BE"),
        ];
        for (bytes, enc) in cases {
            let d = decode(&bytes).expect("decodes");
            assert_eq!(d.text, S);
            assert_eq!(d.origin.encoding, enc);
            assert_eq!(d.origin.confidence, 1.0);
        }
    }

    #[test]
    fn rejects_bad_input_with_a_reason() {
        assert_eq!(decode(b""), Err(SkipReason::Empty));
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00\x07"),
            Err(SkipReason::Binary(4))
        );
        assert_eq!(decode(b"abc\xFFdef"), Err(SkipReason::InvalidUtf8(3)));
        // An unpaired surrogate in UTF-16LE.
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]),
            Err(SkipReason::InvalidUtf16("UTF-16LE"))
        );
    }

    #[test]
    fn legacy_bytes_are_detected() {
        // "Kế hoạch thực hiện" in each encoding.
        let cases: &[(&[u8], &str)] = &[
            (b"K\xd5 ho\xb9ch th\xf9c hi\xd6n", "TCVN3"),
            (b"Ke\xe1 hoa\xefch th\xf6\xefc hie\xe4n", "VNI"),
            (b"K\xaa ho\xd5ch th\xf1c hi\xaen", "VISCII"),
            (
                b"K\xea\xec hoa\xf2ch th\xfd\xf2c hi\xea\xf2n",
                "windows-1258",
            ),
        ];
        for (bytes, enc) in cases {
            let d = decode(bytes).expect("decodes");
            assert_eq!(d.text, "Kế hoạch thực hiện", "{enc}");
            assert_eq!(d.origin.encoding, *enc);
            assert!(d.origin.confidence > 0.99, "{enc} {}", d.origin.confidence);
        }
    }
}
