//! Table-driven tests of the task stage on composed documents.

use super::*;
use crate::parse::Outline;

/// Run the stage on a text as the pipeline does (normalised text, outline,
/// layout), with an identity.
fn run(text: &str, identity: &Identity) -> Vec<Task> {
    let outline = Outline::parse(text);
    let doc = Doc::new(text, &outline);
    extract(&doc, identity)
}

fn extract_text(text: &str) -> Vec<Task> {
    run(text, &Identity::default())
}

fn with_ctx<R>(text: &str, f: impl FnOnce(&Ctx) -> R) -> R {
    let folded = Folded::new(text);
    let ctx = Ctx {
        text,
        f: &folded,
        hay: folded.as_str(),
        table: organ_table(),
        w: &WORDS,
        doc_level: None,
        state_issuer: false,
        issuer_key: None,
        date: None,
    };
    f(&ctx)
}

/// Headings that name bodies (and those that do not).
const HEADINGS: &[(&str, &[&str])] = &[
    ("Thanh tra tỉnh", &["thanh_tra"]),
    ("Ban Tuyên giáo Tỉnh ủy", &["ban_tuyen_giao"]),
    ("**Ban Tổ chức Tỉnh ủy**", &["ban_to_chuc"]),
    ("Ban Tổ chức Tỉnh ủy:", &["ban_to_chuc"]),
    ("Các Đảng ủy: Công an, Quân sự và Bộ đội Biên phòng tỉnh", &["cong_an", "luc_luong_vu_trang", "luc_luong_vu_trang"]),
    ("Các sở, ban, ngành tỉnh; các cơ quan, đơn vị trực thuộc Ủy ban nhân dân tỉnh; Ủy ban nhân dân các huyện, thị xã, thành phố", &["so_ban_nganh", "don_vi_truc_thuoc_ubnd", "ubnd_cap_duoi"]),
    ("Trường Chính trị tỉnh và trung tâm chính trị cấp huyện", &["truong_chinh_tri", "truong_chinh_tri"]),
    ("Đài Phát thanh và Truyền hình Kiên Giang, Báo Kiên Giang", &["bao_chi", "bao_chi"]),
    ("Ở Tỉnh ủy", &["ban_thuong_vu_cap_uy"]),
    ("Nhiệm vụ của Ban Dân vận Tỉnh ủy", &["ban_dan_van"]),
    ("Văn phòng Tỉnh ủy (cơ quan thường trực)", &["van_phong_cap_uy"]),
    ("Sở Y tế, Sở Giáo dục và Đào tạo", &["so_y_te", "so_giao_duc_dao_tao"]),
    ("UBND các xã, phường, thị trấn", &["ubnd_cap_xa"]),
    ("Nhiệm vụ cụ thể", &[]),
    ("Công tác triển khai, quán triệt Kết luận", &[]),
];

#[test]
fn heading_lists() {
    for (h, want) in HEADINGS {
        let got = with_ctx(h, |c| {
            subject::whole_list(c, 0, c.hay.len())
                .map(|l| {
                    l.hits
                        .iter()
                        .filter_map(|h| c.key_of(h))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        });
        assert_eq!(
            got,
            want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "heading {h:?}"
        );
    }
}

const DOC: &str = "KẾ HOẠCH\n\
I. MỤC ĐÍCH, YÊU CẦU\n\
1. Các cấp ủy phải quán triệt.\n\
II. NHIỆM VỤ CỤ THỂ\n\
1. Sở Y tế\n\
- Chủ trì, phối hợp với Sở Tài chính xây dựng đề án (hoàn thành trong quý III/2024).\n\
- Phối hợp với Công an tỉnh kiểm tra việc thực hiện (6 tháng đầu năm 2024).\n\
2. **Ban Tuyên giáo và Dân vận Tỉnh ủy**\n\
- Hướng dẫn tuyên truyền sâu rộng (thực hiện thường xuyên).\n\
3. Giao Ủy ban nhân dân các xã, phường, thị trấn tổ chức thực hiện; định kỳ báo cáo kết quả.\n\
4. Đề nghị Đoàn đại biểu Quốc hội tỉnh giám sát việc thực hiện.\n\
5. Ban Tổ chức Tỉnh ủy chủ trì theo dõi việc thực hiện\n\
6. Các cơ quan liên quan phối hợp thực hiện.\n\
7. Mọi đảng viên phải gương mẫu.\n\
Nơi nhận:\n\
- Ban Tuyên giáo Tỉnh ủy,\n";

/// (section, organ, role, deadline kind, start, end)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);
const EXPECTED: &[Row] = &[
    (
        "II.1",
        "so_y_te",
        "lead",
        Some("quarter"),
        Some("2024-07-01"),
        Some("2024-09-30"),
    ),
    (
        "II.1",
        "so_tai_chinh",
        "support",
        Some("quarter"),
        Some("2024-07-01"),
        Some("2024-09-30"),
    ),
    (
        "II.1",
        "so_y_te",
        "support",
        Some("half"),
        Some("2024-01-01"),
        Some("2024-06-30"),
    ),
    (
        "II.1",
        "cong_an",
        "lead",
        Some("half"),
        Some("2024-01-01"),
        Some("2024-06-30"),
    ),
    (
        "II.2",
        "ban_tuyen_giao",
        "responsible",
        Some("recurring"),
        None,
        None,
    ),
    (
        "II.3",
        "ubnd_cap_xa",
        "responsible",
        Some("recurring"),
        None,
        None,
    ),
    ("II.4", "doan_dbqh", "responsible", None, None, None),
    ("II.5", "ban_to_chuc", "lead", None, None, None),
];

#[test]
fn synthetic_plan() {
    let tasks = extract_text(DOC);
    let kind = |k| {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
    };
    let got: Vec<_> = tasks
        .iter()
        .map(|t| {
            let d = t.deadline.as_ref();
            (
                t.section.clone().unwrap_or_default(),
                t.organ.clone().unwrap_or_default(),
                t.role.slug().to_string(),
                d.and_then(|d| kind(d.kind)),
                d.and_then(|d| d.start).map(|x| x.to_string()),
                d.and_then(|d| d.end).map(|x| x.to_string()),
            )
        })
        .collect();
    let want: Vec<_> = EXPECTED
        .iter()
        .map(|(s, o, r, k, a, b)| {
            (
                s.to_string(),
                o.to_string(),
                r.to_string(),
                k.map(String::from),
                a.map(String::from),
                b.map(String::from),
            )
        })
        .collect();
    assert_eq!(got, want);
    let first = &tasks[0];
    assert_eq!(first.assignee.as_deref(), Some("Sở Y tế"));
    assert_eq!(first.heading.as_deref(), Some("Sở Y tế"));
    assert!(first.text.starts_with("Chủ trì, phối hợp với Sở Tài chính"));
    let ev = first.evidence.as_ref().expect("evidence");
    assert!(DOC[ev.span[0]..ev.span[1]].starts_with("Chủ trì"));
}

#[test]
fn heading_deadline_and_state_issuer() {
    let doc = "III. NHIỆM VỤ\n3. Văn phòng Tỉnh ủy (thực hiện năm 2024)\n- Việc thứ nhất.\n\
- Việc thứ hai (hoàn thành trong quý II/2024).\n4. Đối với cấp huyện: Tổ chức quán triệt.\n";
    let party = extract_text(doc);
    let got: Vec<_> = party
        .iter()
        .map(|t| (t.organ.clone(), t.deadline.as_ref().map(|d| d.raw.clone())))
        .collect();
    assert_eq!(
        got,
        [
            (
                Some("van_phong_cap_uy".to_string()),
                Some("thực hiện năm 2024".to_string())
            ),
            (
                Some("van_phong_cap_uy".to_string()),
                Some("hoàn thành trong quý II/2024".to_string())
            ),
            (Some("cap_uy_cap_duoi".to_string()), None),
        ]
    );
    let ubnd = Identity {
        issuer: Some("Ủy ban nhân dân tỉnh Vĩnh Long".into()),
        ..Identity::default()
    };
    let state = run(doc, &ubnd);
    assert_eq!(
        state.last().and_then(|t| t.organ.as_deref()),
        Some("ubnd_cap_duoi")
    );
}

#[test]
fn issuer_schedule_and_odd_input() {
    let doc =
        "II. NHIỆM VỤ TRỌNG TÂM\n1. Tổ chức hội nghị (tháng 5/2024).\n2. Sơ kết (năm 2025).\n";
    let tasks = extract_text(doc);
    assert_eq!(tasks.len(), 2);
    assert!(tasks
        .iter()
        .all(|t| t.organ.is_none() && t.assignee.is_none()));
    // No panics and no tasks on text without structure or with odd marks.
    for odd in [
        "",
        "\n\n",
        "- - -",
        "**",
        "I.",
        "1. (",
        "a) Ban",
        "Sở",
        "Báo",
        "ủy ban kiểm tra ,;",
    ] {
        let _ = extract_text(odd);
    }
}

/// Forms the seeds hold once, written afresh: sub-items with their own time
/// lines, two scheduled actions in one sentence, a comma between subject and
/// predicate, schedule clauses after `;` (whole subject) and `,` (lead
/// only), work put into a yearly programme.
#[test]
fn schedules_inside_items() {
    let doc = "IV. TỔ CHỨC THỰC HIỆN\n\
1. Ban Tuyên giáo Tỉnh ủy\n\
- Tổ chức 02 lớp tập huấn báo cáo viên:\n\
(1) Lớp cho báo cáo viên cấp tỉnh.\n\
Thời gian một ngày (05/6/2023).\n\
(2) Lớp cho báo cáo viên cấp huyện.\n\
Thời gian hai ngày (12, 13/6/2023).\n\
- Đưa nội dung này vào kế hoạch kiểm tra, giám sát hằng năm của cấp ủy.\n\
2. Kiểm điểm\n\
- Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy, kiểm điểm theo các nội dung nêu trên.\n\
Thực hiện trong tháng 8 và tháng 9/2023.\n\
3. Chế độ báo cáo\n\
Các huyện ủy, thành ủy báo cáo tiến độ vào ngày 15 hằng tháng và gửi báo cáo tổng kết về Ban Thường vụ Tỉnh ủy trước ngày 31/12/2023.\n\
4. Giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Văn phòng Tỉnh ủy theo dõi việc thực hiện; định kỳ hằng quý báo cáo Ban Thường vụ Tỉnh ủy.\n\
5. Giao Ban Dân vận Tỉnh ủy chủ trì, phối hợp với Ban Nội chính Tỉnh ủy theo dõi, định kỳ báo cáo Thường trực Tỉnh ủy.\n";
    let tasks = extract_text(doc);
    type Row = (String, String, String, Option<String>, Option<String>);
    let got: Vec<Row> = tasks
        .iter()
        .map(|t| {
            let d = t.deadline.as_ref();
            (
                t.section.clone().unwrap_or_default(),
                t.organ.clone().unwrap_or_default(),
                t.text.chars().take(24).collect(),
                d.and_then(|d| d.start).map(|x| x.to_string()),
                d.and_then(|d| d.end)
                    .map(|x| x.to_string())
                    .or_else(|| d.map(|d| format!("{:?}", d.kind))),
            )
        })
        .collect();
    let row = |s: &str, o: &str, t: &str, a: Option<&str>, b: Option<&str>| {
        (
            s.to_string(),
            o.to_string(),
            t.to_string(),
            a.map(String::from),
            b.map(String::from),
        )
    };
    assert_eq!(
        got,
        vec![
            // Both sub-items' time lines date the item: 5 … 13 June.
            row(
                "IV.1",
                "ban_tuyen_giao",
                "Tổ chức 02 lớp tập huấn ",
                Some("2023-06-05"),
                Some("2023-06-13")
            ),
            row(
                "IV.1",
                "ban_tuyen_giao",
                "Đưa nội dung này vào kế ",
                None,
                Some("Recurring")
            ),
            // The comma after the subject is a slip; the time line after the
            // last bullet dates the subsection.
            row(
                "IV.2",
                "cap_uy_vien",
                "Các đồng chí Ủy viên Ban",
                Some("2023-08-01"),
                Some("2023-09-30")
            ),
            // Two actions, two schedule phrases: two tasks.
            row(
                "IV.3",
                "cap_uy_cap_duoi",
                "Các huyện ủy, thành ủy b",
                None,
                Some("Recurring")
            ),
            row(
                "IV.3",
                "cap_uy_cap_duoi",
                "gửi báo cáo tổng kết về ",
                None,
                Some("2023-12-31")
            ),
            // `; định kỳ …` binds lead and partner, `, định kỳ …` the lead only.
            row(
                "IV.4",
                "ban_to_chuc",
                "Giao Ban Tổ chức Tỉnh ủy",
                None,
                Some("Recurring")
            ),
            row(
                "IV.4",
                "van_phong_cap_uy",
                "Giao Ban Tổ chức Tỉnh ủy",
                None,
                Some("Recurring")
            ),
            row(
                "IV.5",
                "ban_dan_van",
                "Giao Ban Dân vận Tỉnh ủy",
                None,
                Some("Recurring")
            ),
            row(
                "IV.5",
                "ban_noi_chinh",
                "Giao Ban Dân vận Tỉnh ủy",
                None,
                None
            ),
        ]
    );
}

#[test]
fn the_document_speaking_of_itself_is_no_task() {
    let doc = "III. TỔ CHỨC THỰC HIỆN\n7. Văn phòng Huyện ủy\n\
- Theo dõi, tổng hợp tình hình thực hiện (thực hiện thường xuyên).\n\
Kế hoạch này được phổ biến đến chi bộ.\n\
Chương trình này thay thế Chương trình số 05-CTr/HU.\n";
    let tasks = extract_text(doc);
    let texts: Vec<&str> = tasks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Theo dõi, tổng hợp tình hình thực hiện (thực hiện thường xuyên)."]
    );
}

/// A task as (organ, role, deadline end).
type Want = (&'static str, &'static str, &'static str);

/// One item under `II. TỔ CHỨC THỰC HIỆN` → its tasks.
const ITEMS: &[(&str, &[Want])] = &[
    // A time label's colon is no `X:` prefix.
    (
        "1. Công an tỉnh triển khai, thời hạn: tháng 9/2024.",
        &[("cong_an", "responsible", "2024-09-30")],
    ),
    (
        "1. Công an tỉnh triển khai kế hoạch (thời gian: quý III/2024).",
        &[("cong_an", "responsible", "2024-09-30")],
    ),
    (
        "1. Công an tỉnh có trách nhiệm chỉ đạo Công an các huyện triển khai, thời gian thực hiện: trong quý III năm 2024.",
        &[("cong_an", "responsible", "2024-09-30")],
    ),
    // A body heading's colon still is.
    (
        "1. Sở Y tế: chủ trì kiểm tra các cơ sở (trước ngày 20-5-2024).",
        &[("so_y_te", "lead", "2024-05-20")],
    ),
    // T-15: a body named by its proper name ends at the cell's edge.
    (
        "| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện |\n|---|---|---|---|---|\n| 1 | Tuyên truyền | Sở Thông tin và Truyền thông; Báo Nghệ An | Các cơ quan liên quan | Quý II/2024 |",
        &[
            ("so_thong_tin_truyen_thong", "lead", "2024-06-30"),
            ("bao_chi", "lead", "2024-06-30"),
        ],
    ),
    // District bodies under their current names.
    (
        "1. Trung tâm Văn hóa - Thể thao và Truyền thanh huyện có trách nhiệm đưa tin, hoàn thành trước ngày 30/6.",
        &[("trung_tam_van_hoa", "responsible", "2024-06-30")],
    ),
    // T-06: `có/chịu trách nhiệm` is responsible, unless `chủ trì` follows.
    (
        "1. Sở Nội vụ chịu trách nhiệm chủ trì, phối hợp với Sở Tư pháp hướng dẫn thực hiện.",
        &[("so_noi_vu", "lead", ""), ("so_tu_phap", "support", "")],
    ),
    (
        "1. Sở Nội vụ có trách nhiệm phối hợp với Sở Tư pháp hướng dẫn thực hiện.",
        &[("so_noi_vu", "responsible", ""), ("so_tu_phap", "support", "")],
    ),
];

#[test]
fn single_items() {
    for (item, want) in ITEMS {
        let doc = format!("KẾ HOẠCH\nII. TỔ CHỨC THỰC HIỆN\n{item}\n");
        let identity = Identity {
            date: NaiveDate::from_ymd_opt(2024, 3, 10),
            ..Identity::default()
        };
        let got: Vec<(String, String, String)> = run(&doc, &identity)
            .iter()
            .map(|t| {
                let d = t.deadline.as_ref();
                (
                    t.organ.clone().unwrap_or_default(),
                    format!("{:?}", t.role).to_lowercase(),
                    d.and_then(|d| d.end)
                        .map(|x| x.to_string())
                        .unwrap_or_default(),
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(got, want, "item {item:?}");
    }
}
