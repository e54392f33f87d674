//! Rendering one planned document: header, title, opening sentence, real
//! paragraphs, a generated division of labour, signature; then the surface
//! variation the real corpus has (no header, markdown, old tone-mark style, NFD,
//! a typo'd `QĐi`). Returns the text and its ground truth.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use unicode_normalization::UnicodeNormalization;

use super::data::{
    Central, CentralIssuer, Province, ACTIONS, GIVEN_NAMES, MIDDLE_NAMES, SUBHEADINGS, SURNAMES,
};
use super::plan::{DocPlan, Issuer, Khoi, ProvinceSet};
use super::source::{Pool, SEED_PLACES, SEED_REFS};
use super::{GroundTruth, TruthRef};
use crate::extract::DocType;

/// Surface choices made for one document (all drawn from its own RNG).
#[derive(Debug, Clone, Copy)]
struct Style {
    markdown: bool,
    /// Probability that an old-style tone placement replaces a new-style one.
    old_tone: f64,
    nfd: Nfd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nfd {
    None,
    Some,
    All,
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub text: String,
    /// Written as `.md` (markdown marks) rather than `.txt`.
    pub markdown: bool,
    pub truth: GroundTruth,
}

/// Names that depend on whether the unit is a province or a centrally-run city.
struct Names {
    /// `tỉnh` / `thành phố`
    unit: &'static str,
    /// `Tỉnh ủy` / `Thành ủy`
    cap_uy: &'static str,
    province: &'static str,
}

impl Names {
    fn of(p: Province) -> Names {
        Names {
            unit: if p.city { "thành phố" } else { "tỉnh" },
            cap_uy: if p.city { "Thành ủy" } else { "Tỉnh ủy" },
            province: p.name,
        }
    }
    /// `tỉnh Kiên Giang`, `thành phố Hà Nội`
    fn place(&self) -> String {
        format!("{} {}", self.unit, self.province)
    }
}

/// The issuer without the province (`Ban Thường vụ Tỉnh ủy`).
fn issuer_short(plan: &DocPlan) -> String {
    let n = Names::of(plan.province);
    match plan.issuer {
        Issuer::BtvTinh => format!("Ban Thường vụ {}", n.cap_uy),
        Issuer::TinhUy => n.cap_uy.to_string(),
        Issuer::Ubnd => format!("Ủy ban nhân dân {}", n.unit),
        Issuer::BtvHuyen(d) => format!("Ban Thường vụ Huyện ủy {d}"),
        Issuer::BtvKhoi(Khoi::CoQuan) => {
            format!("Ban Thường vụ Đảng ủy Khối các cơ quan {}", n.unit)
        }
        Issuer::BtvKhoi(Khoi::DoanhNghiep) => {
            format!("Ban Thường vụ Đảng ủy Khối Doanh nghiệp {}", n.unit)
        }
        Issuer::BtvXa(c) => format!("Ban Thường vụ Đảng ủy xã {c}"),
    }
}

/// The issuer as precisely as a text that names the province allows.
fn issuer_full(plan: &DocPlan, with_province: bool) -> String {
    let short = issuer_short(plan);
    match plan.issuer {
        Issuer::BtvTinh | Issuer::TinhUy if with_province => {
            format!("{short} {}", plan.province.name)
        }
        Issuer::Ubnd | Issuer::BtvKhoi(_) if with_province => {
            format!("{short} {}", plan.province.name)
        }
        _ => short,
    }
}

/// How a child document names this one's issuer when citing it.
fn issuer_as_cited(plan: &DocPlan) -> String {
    let n = Names::of(plan.province);
    match plan.issuer {
        Issuer::BtvHuyen(_) => "Ban Thường vụ Huyện ủy".to_string(),
        Issuer::Ubnd => format!("Ủy ban nhân dân {}", n.unit),
        _ => issuer_short(plan),
    }
}

fn type_word(number: &str) -> (&'static str, DocType) {
    if number.contains("-NQ/") {
        ("Nghị quyết", DocType::NghiQuyet)
    } else if number.contains("-KL/") {
        ("Kết luận", DocType::KetLuan)
    } else if number.contains("-CT/") {
        ("Chỉ thị", DocType::ChiThi)
    } else if number.contains("-QĐ/") {
        ("Quyết định", DocType::QuyetDinh)
    } else {
        ("Văn bản", DocType::Other)
    }
}

/// A reference normalised like the record contract: no spaces, upper-case
/// letters except `TTg`, `QĐi` corrected to `QĐ`.
pub fn normalize_ref(number: &str) -> String {
    let s: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.replace("QĐi", "QĐ");
    s.to_uppercase().replace("TTG", "TTg")
}

fn dmy(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

fn long_date(d: NaiveDate) -> String {
    format!("ngày {:02} tháng {} năm {}", d.day(), d.month(), d.year())
}

fn central_date(c: &Central) -> NaiveDate {
    super::plan::ymd(c.date.0, c.date.1, c.date.2)
}

fn written_number(c: &Central, typo: bool) -> String {
    if typo {
        c.number.replace("QĐ", "QĐi")
    } else {
        c.number.to_string()
    }
}

/// Cite the central document; returns the phrase and what it states.
fn cite_central(c: &Central, rng: &mut ChaCha8Rng, typo: bool) -> (String, TruthRef) {
    let (word, doc_type) = type_word(c.number);
    let number = written_number(c, typo);
    let date = central_date(c);
    let issuer = match c.issuer {
        CentralIssuer::Bch if rng.random_bool(0.5) => "Ban Chấp hành Trung ương Đảng",
        other => other.name(),
    };
    let (phrase, stated_date) = match rng.random_range(0..4) {
        0 => (
            format!(
                "{word} số {number}, ngày {} của {issuer} khóa {} về {}",
                dmy(date),
                c.term,
                c.subject
            ),
            Some(date),
        ),
        1 => (
            format!(
                "{word} số {number} {} của {issuer} về {}",
                long_date(date),
                c.subject
            ),
            Some(date),
        ),
        2 => (
            format!(
                "{word} số {number} của {issuer} (khóa {}) về {}",
                c.term, c.subject
            ),
            None,
        ),
        _ => (
            format!("{word} {number}, ngày {} của {issuer}", dmy(date)),
            Some(date),
        ),
    };
    (
        phrase,
        TruthRef {
            reference: normalize_ref(c.number),
            doc_type,
            date: stated_date,
            issuer: Some(c.issuer.name().to_string()),
        },
    )
}

/// Cite a generated plan this one carries out.
fn cite_plan(parent: &DocPlan, central: &Central, typo: bool) -> (String, TruthRef) {
    let word = match parent.doc_type {
        DocType::ChuongTrinh => "Chương trình hành động",
        _ => "Kế hoạch",
    };
    let (cword, _) = type_word(central.number);
    let issuer = issuer_as_cited(parent);
    let phrase = format!(
        "{word} số {}, ngày {} của {issuer} về thực hiện {cword} số {}",
        parent.number,
        dmy(parent.date),
        written_number(central, typo)
    );
    (
        phrase,
        TruthRef {
            reference: normalize_ref(&parent.number),
            doc_type: parent.doc_type,
            date: Some(parent.date),
            issuer: Some(issuer),
        },
    )
}

/// A body that can be given tasks, and its organ key.
type Body = (String, &'static str);

fn bodies(plan: &DocPlan, set: ProvinceSet, province_stated: bool) -> Vec<Body> {
    let n = Names::of(plan.province);
    let u = n.unit;
    let s = n.cap_uy;
    let tuyen_giao = if set == ProvinceSet::After2025 {
        "Ban Tuyên giáo và Dân vận"
    } else {
        "Ban Tuyên giáo"
    };
    let mut out: Vec<Body> = match plan.issuer {
        Issuer::BtvTinh | Issuer::TinhUy => vec![
            (format!("{tuyen_giao} {s}"), "ban_tuyen_giao"),
            (format!("Ban Tổ chức {s}"), "ban_to_chuc"),
            (format!("Ủy ban Kiểm tra {s}"), "uy_ban_kiem_tra"),
            (format!("Ban Nội chính {s}"), "ban_noi_chinh"),
            (format!("Văn phòng {s}"), "van_phong_cap_uy"),
            (format!("Đảng đoàn Hội đồng nhân dân {u}"), "dang_doan_hdnd"),
            (
                format!("Ban cán sự đảng Ủy ban nhân dân {u}"),
                "ban_can_su_ubnd",
            ),
            (
                format!("Đảng đoàn Mặt trận Tổ quốc Việt Nam {u}"),
                "mat_tran_to_quoc",
            ),
            (format!("Trường Chính trị {u}"), "truong_chinh_tri"),
            if province_stated {
                (format!("Báo {}", n.province), "bao_chi")
            } else {
                (format!("Các cơ quan báo chí của {u}"), "bao_chi")
            },
            (
                if set == ProvinceSet::After2025 {
                    format!("Các đảng ủy xã, phường, đảng ủy trực thuộc {s}")
                } else {
                    format!("Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc {s}")
                },
                "cap_uy_cap_duoi",
            ),
        ],
        Issuer::Ubnd => vec![
            ("Sở Nội vụ".to_string(), "so_noi_vu"),
            ("Sở Y tế".to_string(), "so_y_te"),
            ("Sở Tài chính".to_string(), "so_tai_chinh"),
            ("Sở Tư pháp".to_string(), "so_tu_phap"),
            (format!("Thanh tra {u}"), "thanh_tra"),
            (format!("Công an {u}"), "cong_an"),
            (format!("Các sở, ban, ngành {u}"), "so_ban_nganh"),
            if set == ProvinceSet::After2025 {
                ("Ủy ban nhân dân các xã, phường".to_string(), "ubnd_cap_xa")
            } else {
                (
                    "Ủy ban nhân dân các huyện, thị xã, thành phố".to_string(),
                    "ubnd_cap_duoi",
                )
            },
        ],
        Issuer::BtvHuyen(_) => vec![
            ("Ban Tuyên giáo Huyện ủy".to_string(), "ban_tuyen_giao"),
            ("Ban Tổ chức Huyện ủy".to_string(), "ban_to_chuc"),
            ("Ủy ban Kiểm tra Huyện ủy".to_string(), "uy_ban_kiem_tra"),
            ("Ban Dân vận Huyện ủy".to_string(), "ban_dan_van"),
            ("Văn phòng Huyện ủy".to_string(), "van_phong_cap_uy"),
            ("Trung tâm Chính trị huyện".to_string(), "truong_chinh_tri"),
            ("Các chi, đảng bộ cơ sở".to_string(), "cap_uy_cap_duoi"),
        ],
        Issuer::BtvKhoi(_) => vec![
            ("Ban Tuyên giáo Đảng ủy Khối".to_string(), "ban_tuyen_giao"),
            ("Ban Tổ chức Đảng ủy Khối".to_string(), "ban_to_chuc"),
            (
                "Ủy ban Kiểm tra Đảng ủy Khối".to_string(),
                "uy_ban_kiem_tra",
            ),
            ("Văn phòng Đảng ủy Khối".to_string(), "van_phong_cap_uy"),
            (
                "Các đảng ủy, chi bộ cơ sở trực thuộc".to_string(),
                "cap_uy_cap_duoi",
            ),
        ],
        Issuer::BtvXa(_) => vec![
            ("Ủy ban Kiểm tra Đảng ủy".to_string(), "uy_ban_kiem_tra"),
            ("Văn phòng Đảng ủy".to_string(), "van_phong_cap_uy"),
            ("Các chi bộ trực thuộc".to_string(), "cap_uy_cap_duoi"),
            ("Công an xã".to_string(), "cong_an"),
            ("Ban Chỉ huy Quân sự xã".to_string(), "luc_luong_vu_trang"),
        ],
    };
    if set == ProvinceSet::Before2025 && matches!(plan.issuer, Issuer::BtvTinh | Issuer::TinhUy) {
        out.push((format!("Ban Dân vận {s}"), "ban_dan_van"));
    }
    out
}

/// The body a plan may ask (`Đề nghị …`) rather than order.
fn front(plan: &DocPlan) -> Body {
    let n = Names::of(plan.province);
    match plan.issuer {
        Issuer::BtvHuyen(_) => (
            "Ủy ban Mặt trận Tổ quốc Việt Nam huyện".to_string(),
            "mat_tran_to_quoc",
        ),
        Issuer::BtvXa(_) => (
            "Ủy ban Mặt trận Tổ quốc Việt Nam xã".to_string(),
            "mat_tran_to_quoc",
        ),
        _ => (
            format!("Ủy ban Mặt trận Tổ quốc Việt Nam {}", n.unit),
            "mat_tran_to_quoc",
        ),
    }
}

fn deadline(rng: &mut ChaCha8Rng, year: i32) -> Option<String> {
    let y = year + rng.random_range(0..=1);
    Some(match rng.random_range(0..11) {
        0 => format!("thực hiện tháng {}/{y}", rng.random_range(1..=12)),
        1 => format!(
            "hoàn thành trong quý {}/{y}",
            ["I", "II", "III", "IV"].choose(rng).copied().unwrap_or("I")
        ),
        2 => "thực hiện thường xuyên".to_string(),
        3 => format!("năm {y} và những năm tiếp theo"),
        4 => format!(
            "trước ngày {}/{}/{}",
            rng.random_range(1..=28),
            rng.random_range(1..=12),
            year + 1
        ),
        5 => "hằng năm".to_string(),
        6 => "khi có hướng dẫn của Trung ương".to_string(),
        7 => format!("trong tháng {:02}/{y}", rng.random_range(1..=12)),
        8 => format!("thực hiện năm {y}"),
        _ => return None,
    })
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A body named inside a sentence: `Các chi bộ` → `các chi bộ`.
fn mid_sentence(body: &str) -> String {
    match body.strip_prefix("Các ") {
        Some(rest) => format!("các {rest}"),
        None => body.to_string(),
    }
}

fn roman(i: usize) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI"]
        .get(i)
        .copied()
        .unwrap_or("VI")
}

/// Accumulates the text and the task counts.
struct Doc {
    text: String,
    style: Style,
    organs: BTreeMap<String, u32>,
}

impl Doc {
    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }
    fn blank(&mut self) {
        self.text.push('\n');
    }
    fn heading(&mut self, s: &str) {
        if self.style.markdown {
            self.line(&format!("**{s}**"));
        } else {
            self.line(s);
        }
    }
    fn item_heading(&mut self, s: &str) {
        if self.style.markdown {
            self.line(&format!("## {s}"));
        } else {
            self.line(s);
        }
    }
    fn with_deadline(&self, s: &str, d: Option<String>) -> String {
        match d {
            Some(d) if self.style.markdown => format!("{s} (*{d}*)."),
            Some(d) => format!("{s} ({d})."),
            None => format!("{s}."),
        }
    }
    fn count(&mut self, organ: &str) {
        *self.organs.entry(organ.to_string()).or_insert(0) += 1;
    }
}

/// Adapt a seed paragraph to the generated document: its province and its central reference.
fn adapt(text: &str, names: Option<&Names>, central: &Central, typo: bool) -> String {
    let mut out = text.to_string();
    let (word, _) = type_word(central.number);
    let number = written_number(central, typo);
    for (w, r) in SEED_REFS {
        if out.contains(r) {
            out = out
                .replace(&format!("{w} số {r}"), &format!("{word} số {number}"))
                .replace(&format!("{w} {r}"), &format!("{word} {number}"))
                .replace(r, &number);
        }
    }
    if let Some(n) = names {
        for place in SEED_PLACES {
            if out.contains(place) {
                out = out
                    .replace(&format!("tỉnh {place}"), &n.place())
                    .replace(place, n.province);
            }
        }
    }
    out
}

/// Render document `i` of `plans`.
pub fn render(
    plans: &[DocPlan],
    i: usize,
    pool: &Pool,
    set: ProvinceSet,
    rng: &mut ChaCha8Rng,
    source: String,
) -> Rendered {
    let plan = &plans[i];
    let central = plan.central();
    let names = Names::of(plan.province);
    let level = plan.issuer.level();

    let header_p = match plan.depth {
        2 if plan.parents.is_empty() && level == crate::extract::IssuerLevel::Tinh => 0.9,
        2 | 3 => 0.78,
        _ => 0.7,
    };
    let header = rng.random_bool(header_p);
    // A commune header before 2025 names its district, not its province.
    let header_names_province =
        header && !(set == ProvinceSet::Before2025 && matches!(plan.issuer, Issuer::BtvXa(_)));
    let province_stated = header_names_province || rng.random_bool(0.6);
    let markdown = rng.random_bool(0.2);
    let old_tone = match rng.random_range(0..20) {
        0 => 1.0,
        1..=6 => 0.5,
        _ => 0.0,
    };
    let nfd = match rng.random_range(0..25) {
        0 | 1 => Nfd::All,
        2 | 3 => Nfd::Some,
        _ => Nfd::None,
    };
    let typo = central.number.contains("QĐ") && rng.random_bool(0.25);
    let style = Style {
        markdown,
        old_tone,
        nfd,
    };
    let mut doc = Doc {
        text: String::with_capacity(32 * 1024),
        style,
        organs: BTreeMap::new(),
    };

    let mut truth_number = None;
    let mut truth_date = None;
    let date_place = match plan.issuer {
        Issuer::BtvHuyen(d) => d.to_string(),
        Issuer::BtvXa(c) => c.to_string(),
        _ => names.province.to_string(),
    };
    let so = if rng.random_bool(0.5) {
        "Số"
    } else {
        "Số:"
    };

    // Header.
    if header {
        truth_number = Some(normalize_ref(&plan.number));
        truth_date = Some(plan.date);
        let up = |s: &str| s.to_uppercase();
        let date_line = format!("{date_place}, {}", long_date(plan.date));
        match plan.issuer {
            Issuer::BtvTinh | Issuer::TinhUy => {
                doc.line(&format!(
                    " {} {}                    ĐẢNG CỘNG SẢN VIỆT NAM",
                    up(names.cap_uy),
                    up(names.province)
                ));
                doc.line("        *");
                doc.blank();
                doc.line(&date_line);
                doc.blank();
                doc.line(&format!("{so} {}", plan.number));
            }
            Issuer::Ubnd => {
                doc.line("ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
                doc.line(&format!(
                    "{} {}                    Độc lập - Tự do - Hạnh phúc",
                    up(names.unit),
                    up(names.province)
                ));
                doc.blank();
                doc.line(&format!(
                    "{so} {}                    {date_line}",
                    plan.number
                ));
            }
            _ => {
                let (upper, lower) = match plan.issuer {
                    Issuer::BtvHuyen(d) => (
                        format!("ĐẢNG BỘ {}", up(&names.place())),
                        format!("HUYỆN ỦY {}", up(d)),
                    ),
                    Issuer::BtvKhoi(Khoi::CoQuan) => (
                        format!("ĐẢNG BỘ {}", up(&names.place())),
                        format!("ĐẢNG ỦY KHỐI CÁC CƠ QUAN {}", up(names.unit)),
                    ),
                    Issuer::BtvKhoi(Khoi::DoanhNghiep) => (
                        format!("ĐẢNG BỘ {}", up(&names.place())),
                        format!("ĐẢNG ỦY KHỐI DOANH NGHIỆP {}", up(names.unit)),
                    ),
                    Issuer::BtvXa(c) => {
                        let upper = match (set, plan.parents.first().map(|&p| plans[p].issuer)) {
                            (ProvinceSet::Before2025, Some(Issuer::BtvHuyen(d))) => {
                                format!("ĐẢNG BỘ HUYỆN {}", up(d))
                            }
                            (ProvinceSet::Before2025, _) => "ĐẢNG BỘ HUYỆN".to_string(),
                            (ProvinceSet::After2025, _) => {
                                format!("ĐẢNG BỘ {}", up(&names.place()))
                            }
                        };
                        (upper, format!("ĐẢNG ỦY XÃ {}", up(c)))
                    }
                    _ => (String::new(), String::new()),
                };
                doc.line(&format!(
                    "{upper}                    ĐẢNG CỘNG SẢN VIỆT NAM"
                ));
                doc.line(&lower);
                doc.line("        *");
                doc.line(&format!("{so} {}", plan.number));
                doc.line(&date_line);
            }
        }
        doc.blank();
    } else {
        doc.blank();
        doc.blank();
    }

    // Title.
    let (central_phrase, central_truth) = cite_central(central, rng, typo);
    let (cword, _) = type_word(central.number);
    let title_word = match plan.doc_type {
        DocType::ChuongTrinh => "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        _ => "KẾ HOẠCH",
    };
    doc.heading(title_word);
    let title_issuer = match central.issuer {
        CentralIssuer::Bch => "Ban Chấp hành Trung ương Đảng",
        other => other.name(),
    };
    if markdown {
        doc.line(&format!(
            "**thực hiện {cword} số {} của {title_issuer}**",
            written_number(central, typo)
        ));
    } else {
        doc.line(&format!(
            "thực hiện {cword} số {} của {title_issuer}",
            written_number(central, typo)
        ));
    }
    doc.line(&format!("về {}", central.subject));
    if !header && plan.issuer == Issuer::Ubnd {
        let decision = format!("{}/QĐ-UBND", plan.number.split('/').next().unwrap_or("1"));
        doc.line(&format!(
            "(Kèm theo Quyết định số {decision} ngày {} của Ủy ban nhân dân {})",
            dmy(plan.date),
            names.unit
        ));
        truth_date = Some(plan.date);
    }
    doc.line(if markdown { "-----" } else { "___________" });

    // Opening sentence: the central document, then the plans above, nearest last.
    let mut implements = vec![central_truth];
    let mut cites = vec![central_phrase];
    for &p in plan.parents.iter().rev() {
        let (phrase, truth) = cite_plan(&plans[p], central, typo);
        cites.push(phrase);
        implements.push(truth);
    }
    let cited = match cites.len() {
        1 => cites[0].clone(),
        _ => {
            let (last, rest) = cites
                .split_last()
                .map(|(l, r)| (l.clone(), r.join(", ")))
                .unwrap_or_default();
            format!("{rest} và {last}")
        }
    };
    let issuer_text = if province_stated && !header_names_province {
        match plan.issuer {
            Issuer::BtvHuyen(_) | Issuer::BtvXa(_) => {
                format!("{}, {}", issuer_short(plan), names.place())
            }
            _ => issuer_full(plan, true),
        }
    } else {
        issuer_short(plan)
    };
    let what = match plan.doc_type {
        DocType::ChuongTrinh => "Chương trình hành động",
        _ => "Kế hoạch",
    };
    let verb = [
        format!("ban hành {what} thực hiện như sau:"),
        format!("ban hành {what} triển khai thực hiện như sau:"),
        format!("xây dựng {what} thực hiện như sau:"),
        format!("đề ra {what} triển khai, quán triệt và tổ chức thực hiện như sau:"),
    ]
    .choose(rng)
    .cloned()
    .unwrap_or_default();
    let lead = if rng.random_bool(0.8) {
        "Thực hiện"
    } else {
        "Căn cứ"
    };
    doc.line(&format!("{lead} {cited}, {issuer_text} {verb}"));
    doc.blank();

    // Body: purpose, then tasks and solutions from real paragraphs.
    let usable: Vec<&super::source::Paragraph> = pool
        .paragraphs
        .iter()
        .filter(|p| province_stated || !p.names_place)
        .collect();
    let place_names = if province_stated { Some(&names) } else { None };
    let target = 5_000 + (rng.random::<f64>().powi(2) * 58_000.0) as usize;
    let roman_style = *["-", ".", ".-"].choose(rng).unwrap_or(&"-");
    let mut section = 0;
    doc.heading(&format!(
        "{}{roman_style} MỤC ĐÍCH, YÊU CẦU",
        roman(section)
    ));
    section += 1;
    for _ in 0..rng.random_range(1..=3) {
        if let Some(p) = usable.choose(rng) {
            doc.line(&adapt(&p.text, place_names, central, typo));
            doc.blank();
        }
    }
    doc.heading(&format!(
        "{}{roman_style} NHIỆM VỤ VÀ GIẢI PHÁP",
        roman(section)
    ));
    section += 1;
    let mut subs: Vec<&str> = SUBHEADINGS.to_vec();
    subs.shuffle(rng);
    let mut sub = 0;
    while doc.text.len() < target && sub < subs.len() {
        doc.heading(&format!("{}. {}", sub + 1, subs[sub]));
        for _ in 0..rng.random_range(2..=6) {
            if let Some(p) = usable.choose(rng) {
                doc.line(&adapt(&p.text, place_names, central, typo));
                doc.blank();
            }
        }
        sub += 1;
    }
    // Long documents: more paragraphs under the last sub-heading.
    while doc.text.len() < target {
        match usable.choose(rng) {
            Some(p) => {
                doc.line(&adapt(&p.text, place_names, central, typo));
                doc.blank();
            }
            None => break,
        }
    }

    // Division of labour.
    let title = if rng.random_bool(0.5) {
        "TỔ CHỨC THỰC HIỆN"
    } else {
        "PHÂN CÔNG THỰC HIỆN"
    };
    doc.heading(&format!("{}{roman_style} {title}", roman(section)));
    let mut all = bodies(plan, set, province_stated);
    all.shuffle(rng);
    let items = match level {
        crate::extract::IssuerLevel::Tinh => rng.random_range(5..=all.len().min(10)),
        _ => rng.random_range(3..=all.len()),
    };
    let year = plan.date.year();
    let mut k = 1;
    for idx in 0..items.min(all.len()) {
        let (body, organ) = all[idx].clone();
        match rng.random_range(0..20) {
            // Heading naming the body, bullets under it.
            0..=11 => {
                doc.item_heading(&format!("{k}. {body}"));
                let mut acts: Vec<&str> = ACTIONS.to_vec();
                acts.shuffle(rng);
                for act in acts.iter().take(rng.random_range(1..=4)) {
                    let d = deadline(rng, year);
                    let l = doc.with_deadline(&format!("- {act}"), d);
                    doc.line(&l);
                    doc.count(organ);
                }
            }
            // Heading with one paragraph.
            12..=14 => {
                doc.item_heading(&format!("{k}. {body}"));
                let two: Vec<&str> = ACTIONS.choose_multiple(rng, 2).copied().collect();
                let (a, b) = (
                    two.first().copied().unwrap_or(ACTIONS[0]),
                    two.get(1).copied().unwrap_or(ACTIONS[1]),
                );
                let d = deadline(rng, year);
                let l = doc.with_deadline(&format!("{a}; {}", lower_first(b)), d);
                doc.line(&l);
                doc.count(organ);
            }
            // Inline lead and support.
            _ => {
                let other = all
                    .get(items.min(all.len()) + idx % 2)
                    .or(all.get((idx + 1) % all.len()))
                    .cloned();
                match other {
                    Some((sup, sup_organ)) if sup != body => {
                        let a = ACTIONS.choose(rng).copied().unwrap_or(ACTIONS[0]);
                        let d = deadline(rng, year);
                        let l = doc.with_deadline(
                            &format!(
                                "{k}. {body} chủ trì, phối hợp với {} và các cơ quan liên quan {}",
                                mid_sentence(&sup),
                                lower_first(a)
                            ),
                            d,
                        );
                        doc.line(&l);
                        doc.count(organ);
                        doc.count(sup_organ);
                    }
                    _ => {
                        doc.item_heading(&format!("{k}. {body}"));
                        let a = ACTIONS.choose(rng).copied().unwrap_or(ACTIONS[0]);
                        let l = doc.with_deadline(&format!("- {a}"), None);
                        doc.line(&l);
                        doc.count(organ);
                    }
                }
            }
        }
        doc.blank();
        k += 1;
    }
    if rng.random_bool(0.5) {
        let (body, organ) = front(plan);
        let a = ACTIONS.choose(rng).copied().unwrap_or(ACTIONS[0]);
        doc.line(&format!("{k}. Đề nghị {body} {}.", lower_first(a)));
        doc.count(organ);
        doc.blank();
    }

    // Closing and signature.
    doc.line(&format!("{what} này được phổ biến đến chi bộ."));
    if header || rng.random_bool(0.5) {
        let name = format!(
            "{} {} {}",
            SURNAMES.choose(rng).copied().unwrap_or("Nguyễn"),
            MIDDLE_NAMES.choose(rng).copied().unwrap_or("Văn"),
            GIVEN_NAMES.choose(rng).copied().unwrap_or("Hải")
        );
        let (tm, title) = match plan.issuer {
            Issuer::Ubnd => ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
            Issuer::TinhUy => ("T/M TỈNH ỦY", "BÍ THƯ"),
            _ => (
                "T/M BAN THƯỜNG VỤ",
                if rng.random_bool(0.5) {
                    "BÍ THƯ"
                } else {
                    "PHÓ BÍ THƯ THƯỜNG TRỰC"
                },
            ),
        };
        doc.line("Nơi nhận:");
        doc.line(tm);
        doc.line("- Như trên,");
        doc.line(title);
        doc.line("- Lưu Văn phòng.");
        doc.line("(Đã ký)");
        doc.blank();
        doc.line(&name);
    }

    // Surface variation.
    let mut text = doc.text;
    if style.old_tone > 0.0 {
        text = old_tone_style(&text, style.old_tone, rng);
    }
    text = match style.nfd {
        Nfd::All => text.nfd().collect(),
        Nfd::Some => partial_nfd(&text, rng),
        Nfd::None => text,
    };

    let truth = GroundTruth {
        source,
        number: truth_number,
        date: truth_date,
        province: if province_stated {
            Some(names.province.to_string())
        } else {
            None
        },
        issuer: issuer_full(plan, province_stated),
        issuer_level: level,
        doc_type: plan.doc_type,
        implements,
        task_organs: doc.organs,
    };
    Rendered {
        text,
        markdown,
        truth,
    }
}

/// Move tone marks to the old-style position in open `oa`, `oe`, `uy` syllables
/// (`hóa` → `hoá`, `ủy` → `uỷ`), each occurrence with probability `p`.
pub fn old_tone_style(text: &str, p: f64, rng: &mut ChaCha8Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let (Some(&next), after) = (chars.get(i + 1), chars.get(i + 2)) {
            let candidate = !c.is_ascii() && matches!(next, 'a' | 'e' | 'y');
            if candidate && after.is_none_or(|a| !a.is_alphabetic()) {
                let mut d = c.to_string().nfd().collect::<Vec<char>>();
                if d.len() == 2 {
                    let base = d[0];
                    let mark = d.remove(1);
                    let pair = matches!(
                        (base.to_ascii_lowercase(), next),
                        ('o', 'a' | 'e') | ('u', 'y')
                    );
                    if pair && is_tone(mark) && rng.random_bool(p) {
                        out.push(base);
                        out.extend([next, mark].iter().collect::<String>().nfc());
                        i += 2;
                        continue;
                    }
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// Decompose roughly one word in forty (as in seed 000, which has a few NFD words).
fn partial_nfd(text: &str, rng: &mut ChaCha8Rng) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    for (n, word) in text.split(' ').enumerate() {
        if n > 0 {
            out.push(' ');
        }
        if rng.random_range(0..40) == 0 {
            out.extend(word.nfd());
        } else {
            out.push_str(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    const TONES: &[(&str, &str)] = &[
        ("chuyển hóa", "chuyển hoá"),
        ("Tỉnh ủy", "Tỉnh uỷ"),
        ("Ủy ban", "Uỷ ban"),
        ("Kế hoạch", "Kế hoạch"),
        ("sức khỏe", "sức khoẻ"),
        ("hòa bình", "hoà bình"),
        ("quý I", "quý I"),
        ("thủy sản", "thuỷ sản"),
    ];

    #[test]
    fn old_tone_style_moves_marks_in_open_syllables_only() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        for (new, old) in TONES {
            assert_eq!(old_tone_style(new, 1.0, &mut rng), *old, "case: {new}");
            assert_eq!(old_tone_style(new, 0.0, &mut rng), *new, "case: {new}");
        }
    }

    const REFS: &[(&str, &str)] = &[
        ("60-KH/TU", "60-KH/TU"),
        ("40-CTr/TU", "40-CTR/TU"),
        ("99-QĐi/TW", "99-QĐ/TW"),
        ("1234/KH-UBND", "1234/KH-UBND"),
        ("12-KH/ĐUK", "12-KH/ĐUK"),
        ("1847/QĐ-TTg", "1847/QĐ-TTg"),
    ];

    #[test]
    fn refs_normalise_like_the_contract() {
        for (raw, want) in REFS {
            assert_eq!(normalize_ref(raw), *want, "case: {raw}");
        }
    }
}
