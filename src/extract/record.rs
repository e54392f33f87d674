//! The document record: the contract of `../shared/spec/record.md`.
//!
//! Field names and slugs are the contract; the gold files deserialize into these
//! types (unknown keys such as the gold's `notes` are ignored). Fields that are not
//! in the spec (`evidence`, `provenance`, `heading`) are skipped when empty so a
//! record still reads like the spec's example.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One extracted document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Path as given (relative to the corpus root when built from a corpus).
    pub source: String,
    /// Số/ký hiệu of this document, normalised like any `ref`; `None` if absent.
    pub number: Option<String>,
    pub doc_type: DocType,
    /// Type word + trích yếu on one line.
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub issuer_level: Option<IssuerLevel>,
    pub province: Option<String>,
    pub date: Option<NaiveDate>,
    pub signer: Option<Signer>,
    #[serde(default)]
    pub implements: Vec<DocRef>,
    #[serde(default)]
    pub citations: Vec<Citation>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    /// Where each identity field came from (`text`, `manifest`, `sidecar`);
    /// only fields that have a value are listed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub provenance: BTreeMap<String, FieldSource>,
    /// Extra fields supplied by a manifest that the record has no slot for
    /// (for example `source_url`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    /// How the text was obtained from the file (format, encoding and how sure
    /// the decoding is, OCR). Set by the pipeline; absent for records built
    /// from bare text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_source: Option<TextSource>,
}

/// Where a record's text came from: the file's format and how it was decoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextSource {
    /// `txt`, `md`, `html`, `docx`, `doc` or `pdf`.
    pub format: String,
    /// `UTF-8`, `UTF-16LE`, `TCVN3`, `VNI`, `windows-1258`, `VISCII`; a `+`
    /// joins the legacy encodings found inside a Unicode file (`UTF-8+TCVN3`).
    pub encoding: String,
    /// 0–1: share of the words with Vietnamese letters that are valid
    /// syllables (for OCR, at most tesseract's mean word confidence).
    pub confidence: f32,
    /// True when the text was read by OCR from page images.
    #[serde(default)]
    pub ocr: bool,
    /// The external program that produced the text (`antiword`, `tesseract`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// Pages, for paged formats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
}

/// Where an identity field's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldSource {
    /// Read from the document text.
    Text,
    /// From the corpus `manifest.csv`.
    Manifest,
    /// From a `FILE.meta.toml` sidecar.
    Sidecar,
    /// From the file's own metadata (an HTML page's `<title>` or date
    /// `<meta>`): used only where the text says nothing.
    Metadata,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    NghiQuyet,
    KetLuan,
    ChiThi,
    QuyetDinh,
    QuyDinh,
    KeHoach,
    ChuongTrinh,
    CongVan,
    HuongDan,
    ThongBao,
    DeAn,
    NghiDinh,
    ThongTu,
    ThongTri,
    Luat,
    BaoCao,
    ToTrinh,
    #[default]
    Other,
}

impl DocType {
    pub const ALL: [DocType; 18] = [
        DocType::NghiQuyet,
        DocType::KetLuan,
        DocType::ChiThi,
        DocType::QuyetDinh,
        DocType::QuyDinh,
        DocType::KeHoach,
        DocType::ChuongTrinh,
        DocType::CongVan,
        DocType::HuongDan,
        DocType::ThongBao,
        DocType::DeAn,
        DocType::NghiDinh,
        DocType::ThongTu,
        DocType::ThongTri,
        DocType::Luat,
        DocType::BaoCao,
        DocType::ToTrinh,
        DocType::Other,
    ];

    /// The ASCII slug used in records and the API (`ke_hoach`).
    pub fn slug(self) -> &'static str {
        match self {
            DocType::NghiQuyet => "nghi_quyet",
            DocType::KetLuan => "ket_luan",
            DocType::ChiThi => "chi_thi",
            DocType::QuyetDinh => "quyet_dinh",
            DocType::QuyDinh => "quy_dinh",
            DocType::KeHoach => "ke_hoach",
            DocType::ChuongTrinh => "chuong_trinh",
            DocType::CongVan => "cong_van",
            DocType::HuongDan => "huong_dan",
            DocType::ThongBao => "thong_bao",
            DocType::DeAn => "de_an",
            DocType::NghiDinh => "nghi_dinh",
            DocType::ThongTu => "thong_tu",
            DocType::ThongTri => "thong_tri",
            DocType::Luat => "luat",
            DocType::BaoCao => "bao_cao",
            DocType::ToTrinh => "to_trinh",
            DocType::Other => "other",
        }
    }

    /// Parse a slug (`ke_hoach`); `None` for anything else.
    pub fn from_slug(s: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.slug() == s)
    }

    /// The Vietnamese name (`Kế hoạch`).
    pub fn label(self) -> &'static str {
        match self {
            DocType::NghiQuyet => "Nghị quyết",
            DocType::KetLuan => "Kết luận",
            DocType::ChiThi => "Chỉ thị",
            DocType::QuyetDinh => "Quyết định",
            DocType::QuyDinh => "Quy định",
            DocType::KeHoach => "Kế hoạch",
            DocType::ChuongTrinh => "Chương trình",
            DocType::CongVan => "Công văn",
            DocType::HuongDan => "Hướng dẫn",
            DocType::ThongBao => "Thông báo",
            DocType::DeAn => "Đề án",
            DocType::NghiDinh => "Nghị định",
            DocType::ThongTu => "Thông tư",
            DocType::ThongTri => "Thông tri",
            DocType::Luat => "Luật",
            DocType::BaoCao => "Báo cáo",
            DocType::ToTrinh => "Tờ trình",
            DocType::Other => "Khác",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssuerLevel {
    TrungUong,
    Tinh,
    Huyen,
    Xa,
    Khoi,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub name: String,
    pub title: Option<String>,
}

/// Where in the normalised text a statement was read: what a user checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte span `[start, end)` in the normalised text.
    pub span: [usize; 2],
    /// The sentence (or heading line) that states it.
    pub sentence: String,
    /// Section path (`IV.7`) when the statement stands under a heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// A document this one implements (`implements[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRef {
    /// Normalised số/ký hiệu (`21-KL/TW`); `None` for a document named without a number.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub doc_type: DocType,
    pub date: Option<NaiveDate>,
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// Every distinct document the text mentions (`citations[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// Name of a document cited without a number (`Nghị quyết Trung ương 4 khóa XII`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub doc_type: DocType,
    pub date: Option<NaiveDate>,
    pub issuer: Option<String>,
    pub mentions: usize,
    /// Byte spans `[start, end)` of the mentions in the normalised text.
    #[serde(default)]
    pub spans: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    Implements,
    Cites,
    Continues,
    AttachedTo,
}

impl RelationKind {
    pub fn slug(self) -> &'static str {
        match self {
            RelationKind::Implements => "implements",
            RelationKind::Cites => "cites",
            RelationKind::Continues => "continues",
            RelationKind::AttachedTo => "attached_to",
        }
    }
}

/// An edge the text states between other documents (`relations[]`).
/// `from: None` with no `from_name` means this document itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_name: Option<String>,
    pub kind: RelationKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Lead,
    Support,
    Responsible,
}

impl Role {
    pub fn slug(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Support => "support",
            Role::Responsible => "responsible",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Date,
    Month,
    Quarter,
    Half,
    Year,
    Range,
    Recurring,
    Conditional,
    Term,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// The phrase as written (`thực hiện tháng 3/2022`).
    pub raw: String,
    pub kind: DeadlineKind,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// One assignment: who must do what, by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// The body as written; `None` for the issuing body's own tasks.
    pub assignee: Option<String>,
    /// Canonical organ key (`ban_tuyen_giao`).
    pub organ: Option<String>,
    pub role: Role,
    /// First 100 characters of the bullet or sentence.
    pub text: String,
    pub deadline: Option<Deadline>,
    /// Section path (`IV.7`).
    pub section: Option<String>,
    /// The heading text of that section, for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}
