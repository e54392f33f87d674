//! The real paragraphs generated documents are built from: every prose line of
//! the bundled corpus that says nothing about who must do what (those are
//! generated, so the ground truth knows them exactly).

use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use super::GenError;

/// Shortest line (in characters) that counts as a paragraph.
const MIN_CHARS: usize = 120;

/// Phrases that make a line an assignment, a recipient list or a signature: such
/// lines are left out so that every task in a generated document is one the
/// generator wrote and counted.
const EXCLUDE: [&str; 22] = [
    "chủ trì",
    "phối hợp",
    "Giao ",
    "giao cho",
    "Phân công",
    "phân công",
    "Đề nghị",
    "đề nghị",
    "Đối với",
    "chịu trách nhiệm",
    "Nơi nhận",
    "T/M",
    "(Đã ký)",
    "Ban Tuyên giáo",
    "Ban Tổ chức",
    "Ủy ban Kiểm tra",
    "Ban Dân vận",
    "Sở Nội vụ",
    "Văn phòng",
    "Trường Chính trị",
    "Lập bộ phận",
    "ban hành Kế hoạch",
];

/// Bodies that, opening a line, make it an assignment to them.
const SUBJECTS: [&str; 18] = [
    "Mặt trận",
    "Đảng đoàn",
    "Ban cán sự",
    "Các huyện",
    "Các cấp ủy",
    "Cấp ủy",
    "Các đảng ủy",
    "Ủy ban",
    "Công an",
    "Thanh tra",
    "Báo ",
    "Đài ",
    "Các sở",
    "Thủ trưởng",
    "Người đứng đầu",
    "Bí thư",
    "Tỉnh đoàn",
    "Hội đồng nhân dân",
];

/// Bodies that, named anywhere in a seed line, may make it an assignment under
/// the gold conventions (`Ban Thường vụ Tỉnh ủy, Thường trực Tỉnh ủy trực tiếp chỉ
/// đạo …`, `Cách tiến hành: Ban Thường vụ …, các Ban Đảng …`). Such lines are left
/// out: the pool is smaller (about 100 lines) but every task is counted.
const BODIES: [&str; 37] = [
    "Ban Thường vụ",
    "Thường trực",
    "Ban Đảng",
    "ban đảng",
    "Ban cán sự",
    "ban cán sự",
    "Ban Cán sự",
    "Đảng đoàn",
    "đảng đoàn",
    "Tỉnh ủy viên",
    "tỉnh ủy viên",
    "Ủy viên",
    "ủy viên",
    "Mặt trận",
    "Ủy ban",
    "Tòa án",
    "Viện Kiểm sát",
    "sở, ban, ngành",
    "Sở ",
    "Công an",
    "Quân sự",
    "Biên phòng",
    "Tỉnh đoàn",
    "Huyện ủy",
    "huyện ủy",
    "Thành ủy",
    "thành ủy",
    "Đảng ủy",
    "đảng ủy",
    "Hội đồng nhân dân",
    "Thanh tra",
    "Báo ",
    "Đài ",
    "cơ quan chuyên trách",
    "Người đứng đầu",
    "người đứng đầu",
    "Bí thư",
];

/// Province names that occur in the seed paragraphs and are replaced (or the
/// paragraph dropped) so a generated document names only its own province.
/// `Hồ Chí Minh` is not here: in the seeds it is always the person.
pub const SEED_PLACES: [&str; 3] = ["Kiên Giang", "Trà Vinh", "Vĩnh Long"];

/// The seeds' own main references; a paragraph mentioning one gets the generated
/// document's central reference instead (with the matching type word).
pub const SEED_REFS: [(&str, &str); 6] = [
    ("Kết luận", "21-KL/TW"),
    ("Nghị quyết", "28-NQ/TW"),
    ("Nghị quyết", "12-NQ/TW"),
    ("Kết luận", "54-KL/TW"),
    ("Quyết định", "99-QĐ/TW"),
    ("Công văn", "2323-CV/TU"),
];

/// One reusable paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// NFC text, markdown marks removed, no trailing white space.
    pub text: String,
    /// Names one of [`SEED_PLACES`].
    pub names_place: bool,
    /// Mentions one of [`SEED_REFS`] with its type word.
    pub cites_seed_ref: bool,
    /// Starts with `- ` (a bullet in the source).
    pub bullet: bool,
}

/// The paragraph pool.
#[derive(Debug, Clone)]
pub struct Pool {
    pub paragraphs: Vec<Paragraph>,
    /// Total bytes of the source documents read.
    pub source_bytes: usize,
    /// Files read, in name order.
    pub files: Vec<PathBuf>,
}

impl Pool {
    /// Read every `.txt`/`.md` file directly under `dir` (not `README.md`).
    pub fn load(dir: &Path) -> Result<Pool, GenError> {
        let entries = std::fs::read_dir(dir).map_err(|e| GenError::io(dir, e))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| GenError::io(dir, e))?.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_file()
                && (ext == "txt" || ext == "md")
                && !name.eq_ignore_ascii_case("README.md")
            {
                files.push(path);
            }
        }
        files.sort();
        let mut texts = Vec::new();
        for f in &files {
            let bytes = std::fs::read(f).map_err(|e| GenError::io(f, e))?;
            let text = String::from_utf8(bytes).map_err(|_| GenError::NotUtf8(f.clone()))?;
            texts.push(text);
        }
        let pool = Pool::from_texts(&texts, files);
        if pool.paragraphs.len() < 20 {
            return Err(GenError::TooFewParagraphs {
                dir: dir.to_path_buf(),
                found: pool.paragraphs.len(),
            });
        }
        Ok(pool)
    }

    /// Build a pool from document texts (any normalisation form).
    pub fn from_texts(texts: &[String], files: Vec<PathBuf>) -> Pool {
        let mut paragraphs = Vec::new();
        let mut source_bytes = 0;
        for raw in texts {
            source_bytes += raw.len();
            let text: String = raw.nfc().collect();
            for line in text.lines() {
                if let Some(p) = paragraph(line) {
                    paragraphs.push(p);
                }
            }
        }
        Pool {
            paragraphs,
            source_bytes,
            files,
        }
    }
}

/// Clean one source line and decide whether it is a reusable paragraph.
fn paragraph(line: &str) -> Option<Paragraph> {
    let cleaned = strip_markdown(line);
    let text = cleaned.trim();
    if text.chars().count() < MIN_CHARS || EXCLUDE.iter().any(|x| text.contains(x)) {
        return None;
    }
    // Lines that open with a numbered heading (`1.`, `2/-`, `a)`) belong to the
    // source's outline, not to prose.
    let opening: String = text.trim_start_matches("- ").chars().take(60).collect();
    if SUBJECTS.iter().any(|s| opening.contains(s)) || BODIES.iter().any(|b| text.contains(b)) {
        return None;
    }
    let first = text.chars().next()?;
    if first.is_ascii_digit() || text.chars().nth(1) == Some(')') {
        return None;
    }
    Some(Paragraph {
        names_place: SEED_PLACES.iter().any(|p| text.contains(p)),
        cites_seed_ref: SEED_REFS.iter().any(|(_, r)| text.contains(r)),
        bullet: text.starts_with("- "),
        text: text.to_string(),
    })
}

/// Remove markdown emphasis and heading marks, fold no-break spaces.
fn strip_markdown(line: &str) -> String {
    let line = line.trim_start_matches('#').replace('\u{a0}', " ");
    line.replace('*', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, bool)] = &[
        (
            "- Mặt trận Tổ quốc và các tổ chức chính trị-xã hội các cấp phải nắm chắc tâm tư, nguyện vọng, các vấn đề bức xúc nổi lên từ nhân dân, đoàn viên, hội viên.",
            false,
        ),
        ("1. Ban Tuyên giáo Tỉnh ủy", false),
        ("short line", false),
        (
            "- Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Ủy ban Kiểm tra Tỉnh ủy và các cơ quan liên quan theo dõi, kiểm tra, đôn đốc việc thực hiện; định kỳ báo cáo.",
            false,
        ),
        (
            "- Đổi mới, nâng cao chất lượng xây dựng, ban hành văn bản của cấp ủy, tổ chức đảng theo hướng đồng bộ, toàn diện, có trọng tâm, trọng điểm, tính dự báo cao.",
            true,
        ),
        (
            "**Tăng cường công tác kiểm tra, giám sát việc tổ chức thực hiện và đánh giá kết quả thực hiện, bảo đảm thực chất, hiệu quả, không hình thức.**",
            true,
        ),
    ];

    #[test]
    fn paragraph_filter() {
        for (line, keep) in CASES {
            assert_eq!(paragraph(line).is_some(), *keep, "case: {line}");
        }
    }

    #[test]
    fn bundled_corpus_gives_a_pool() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let pool = Pool::load(&dir).expect("bundled corpus loads");
        assert_eq!(pool.files.len(), 5);
        assert!(pool.paragraphs.len() > 90, "{}", pool.paragraphs.len());
        for p in &pool.paragraphs {
            assert!(!p.text.contains("**"), "{}", p.text);
            assert!(!p.text.contains("chủ trì"), "{}", p.text);
        }
        assert!(pool.paragraphs.iter().any(|p| p.cites_seed_ref));
        assert!(pool.paragraphs.iter().any(|p| p.names_place));
    }
}
