//! Identity on whole documents and on the seed corpus.

use super::*;
use crate::extract::record::Record;
use crate::parse::Outline;

fn id(text: &str) -> Identity {
    let text = crate::normalize::normalize(text);
    let outline = Outline::parse(&text);
    identify(&Doc::new(&text, &outline))
}

/// Whole documents: (text, number, doc_type, title, issuer, level, province, date, signer name, signer title).
type Case = (
    &'static str,
    Option<&'static str>,
    DocType,
    Option<&'static str>,
    Option<&'static str>,
    Option<IssuerLevel>,
    Option<&'static str>,
    Option<&'static str>,
    Option<(&'static str, Option<&'static str>)>,
);

const DOCS: &[Case] = &[
    // UBND header, two-column layout folded onto lines, KT. signature.
    (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH AN GIANG Độc lập - Tự do - Hạnh phúc\nSố: 123/KH-UBND An Giang, ngày 04 tháng 4 năm 2012\n\nKẾ HOẠCH\nTriển khai thực hiện Chỉ thị số 05-CT/TW\n\nCăn cứ Chỉ thị số 05-CT/TW, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\nNội dung.\n\nNơi nhận:\n- Như trên;\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An\n",
        Some("123/KH-UBND"),
        DocType::KeHoach,
        Some("Kế hoạch triển khai thực hiện Chỉ thị số 05-CT/TW"),
        Some("Ủy ban nhân dân tỉnh An Giang"),
        Some(IssuerLevel::Tinh),
        Some("An Giang"),
        Some("2012-04-04"),
        Some(("Nguyễn Văn An", Some("Phó Chủ tịch"))),
    ),
    // District party committee under a provincial party organisation.
    (
        "ĐẢNG BỘ TỈNH BẾN TRE\nHUYỆN ỦY CHÂU THÀNH\n*\nSố 15-KH/HU\nChâu Thành, ngày 10 tháng 5 năm 2021\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết Đại hội XIII của Đảng\n___\nThực hiện Nghị quyết Đại hội XIII, Ban Thường vụ Huyện ủy ban hành Chương trình hành động như sau:\nI- MỤC TIÊU\n\nTM. BAN THƯỜNG VỤ\nBÍ THƯ\nTrần Văn Bình\n",
        Some("15-KH/HU"),
        DocType::ChuongTrinh,
        Some("Chương trình hành động thực hiện Nghị quyết Đại hội XIII của Đảng"),
        Some("Ban Thường vụ Huyện ủy Châu Thành"),
        Some(IssuerLevel::Huyen),
        Some("Bến Tre"),
        Some("2021-05-10"),
        Some(("Trần Văn Bình", Some("Bí thư"))),
    ),
    // No header, markdown, no province anywhere: nothing guessed.
    (
        "\n**KẾ HOẠCH**\n\n**thực hiện Kết luận số 21-KL/TW  \ncủa Ban Chấp hành Trung ương**\n\n-----\n\nThực hiện Kết luận số 21-KL/TW; Ban Chấp hành Đảng bộ tỉnh ban hành Kế hoạch thực hiện như sau:\n\n**I- MỤC ĐÍCH**\n\nNội dung tỉnh ủy viên.\n\n**T/M TỈNH ỦY**  \n**BÍ THƯ**\n\n**Lê Văn Cường**\n",
        None,
        DocType::KeHoach,
        Some("Kế hoạch thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương"),
        Some("Ban Chấp hành Đảng bộ tỉnh"),
        Some(IssuerLevel::Tinh),
        None,
        None,
        Some(("Lê Văn Cường", Some("Bí thư"))),
    ),
    // Two provinces named in the body: ambiguous, so null.
    (
        "KẾ HOẠCH\nhọc tập kinh nghiệm\n\nThực hiện chủ trương, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:\nI. NỘI DUNG\nĐoàn đến tỉnh Bến Tre và tỉnh Long An.\n",
        None,
        DocType::KeHoach,
        Some("Kế hoạch học tập kinh nghiệm"),
        Some("Ban Thường vụ Tỉnh ủy"),
        Some(IssuerLevel::Tinh),
        None,
        None,
        None,
    ),
    // One-line UBND number + dateline (two-column header folded), TM. signature.
    (
        "ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTHÀNH PHỐ CẦN THƠ                    Độc lập - Tự do - Hạnh phúc\n\nSố: 45/KH-UBND                    Cần Thơ, ngày 09 tháng 11 năm 2019\n\nKẾ HOẠCH\nthực hiện Nghị quyết số 36-NQ/TW\n___________\nCăn cứ Nghị quyết số 36-NQ/TW, Ủy ban nhân dân thành phố ban hành Kế hoạch thực hiện như sau:\nI. MỤC ĐÍCH\n\nNơi nhận:\nTM. ỦY BAN NHÂN DÂN\n- Như trên,\nCHỦ TỊCH\n- Lưu Văn phòng.\n(Đã ký)\n\nTrần Việt Trường\n",
        Some("45/KH-UBND"),
        DocType::KeHoach,
        Some("Kế hoạch thực hiện Nghị quyết số 36-NQ/TW"),
        Some("Ủy ban nhân dân thành phố Cần Thơ"),
        Some(IssuerLevel::Tinh),
        Some("Cần Thơ"),
        Some("2019-11-09"),
        Some(("Trần Việt Trường", Some("Chủ tịch"))),
    ),
    // No header; a district committee followed by its province after a comma.
    (
        "\n\nKẾ HOẠCH\nthực hiện Kết luận số 21-KL/TW\n___\nThực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương, Ban Thường vụ Huyện uỷ Giồng Riềng, tỉnh Kiên Giang xây dựng Kế hoạch thực hiện như sau:\nI- MỤC ĐÍCH\n",
        None,
        DocType::KeHoach,
        Some("Kế hoạch thực hiện Kết luận số 21-KL/TW"),
        Some("Ban Thường vụ Huyện ủy Giồng Riềng"),
        Some(IssuerLevel::Huyen),
        Some("Kiên Giang"),
        None,
        None,
    ),
    // A decision: the authority line and the grounds are not the title.
    (
        "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nSố: 2772/QĐ-UBND\nRạch Giá, ngày 06 tháng 12 năm 2023\n\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch triển khai\nthực hiện Công văn số 2323-CV/TU\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Trung Hồ\n",
        Some("2772/QĐ-UBND"),
        DocType::QuyetDinh,
        Some("Quyết định về việc ban hành Kế hoạch triển khai thực hiện Công văn số 2323-CV/TU"),
        Some("Chủ tịch Ủy ban nhân dân tỉnh Kiên Giang"),
        Some(IssuerLevel::Tinh),
        Some("Kiên Giang"),
        Some("2023-12-06"),
        Some(("Lê Trung Hồ", Some("Phó Chủ tịch"))),
    ),
    // No opening subject: the issuer is the signature's body within the header organ.
    (
        "  **TỈNH ỦY BÌNH ĐỊNH**\n\n*\n\n  Số   15 - KH/TU\n  Quy Nhơn, ngày 4 tháng 12 năm 2024\n\n## KẾ HOẠCH\n\n**tổ chức Hội nghị cán bộ chủ chốt**\n\nI- MỤC ĐÍCH\nNội dung.\n\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n(Đã ký)\nHồ Quốc Dũng\n",
        Some("15-KH/TU"),
        DocType::KeHoach,
        Some("Kế hoạch tổ chức Hội nghị cán bộ chủ chốt"),
        Some("Ban Thường vụ Tỉnh ủy Bình Định"),
        Some(IssuerLevel::Tinh),
        Some("Bình Định"),
        Some("2024-12-04"),
        Some(("Hồ Quốc Dũng", Some("Phó Bí thư"))),
    ),
    // A Thành ủy with no place named anywhere: level not stated.
    (
        "KẾ HOẠCH\nvề công tác cán bộ\n\nThực hiện Kết luận số 21-KL/TW, Ban Thường vụ Thành ủy ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n",
        None,
        DocType::KeHoach,
        Some("Kế hoạch về công tác cán bộ"),
        Some("Ban Thường vụ Thành ủy"),
        None,
        None,
        None,
        None,
    ),
    // Thành ủy of a centrally-run city; numeric dateline; name only, no title.
    (
        "THÀNH ỦY HÀ NỘI\n*\nSố 07-CTr/TU\nHà Nội, ngày 17/03/2021\nCHƯƠNG TRÌNH\nvề phát triển văn hóa\n\nI. MỤC TIÊU\n\nT/M THÀNH ỦY\n(Đã ký)\nĐinh Tiến Dũng\n",
        Some("07-CTR/TU"),
        DocType::ChuongTrinh,
        Some("Chương trình về phát triển văn hóa"),
        Some("Thành ủy Hà Nội"),
        Some(IssuerLevel::Tinh),
        Some("Hà Nội"),
        Some("2021-03-17"),
        Some(("Đinh Tiến Dũng", None)),
    ),
];

#[test]
fn whole_headers() {
    for (i, c) in DOCS.iter().enumerate() {
        let got = id(c.0);
        assert_eq!(got.number.as_deref(), c.1, "case {i}: number");
        assert_eq!(got.doc_type, c.2, "case {i}: doc_type");
        assert_eq!(got.title.as_deref(), c.3, "case {i}: title");
        assert_eq!(got.issuer.as_deref(), c.4, "case {i}: issuer");
        assert_eq!(got.issuer_level, c.5, "case {i}: issuer_level");
        assert_eq!(got.province.as_deref(), c.6, "case {i}: province");
        assert_eq!(
            got.date.map(|d| d.to_string()).as_deref(),
            c.7,
            "case {i}: date"
        );
        let signer = got
            .signer
            .as_ref()
            .map(|s| (s.name.as_str(), s.title.as_deref()));
        assert_eq!(signer, c.8, "case {i}: signer");
        for field in ["number", "title", "issuer", "province", "date", "signer"] {
            let present = match field {
                "number" => got.number.is_some(),
                "title" => got.title.is_some(),
                "issuer" => got.issuer.is_some(),
                "province" => got.province.is_some(),
                "date" => got.date.is_some(),
                _ => got.signer.is_some(),
            };
            assert_eq!(
                got.provenance.get(field) == Some(&FieldSource::Text),
                present,
                "case {i}: provenance of {field}"
            );
        }
    }
}

/// Every identity field of the five seed documents equals the gold.
#[test]
fn seed_documents_match_gold() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let mut gold_files: Vec<_> = std::fs::read_dir(root.join("tests/gold"))
        .expect("tests/gold")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    gold_files.sort();
    assert_eq!(gold_files.len(), 5);
    for path in gold_files {
        let gold: Record =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("gold")).expect("json");
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let raw = std::fs::read_to_string(root.join("corpus").join(format!("{stem}.txt")))
            .expect("corpus file");
        let text = crate::normalize::normalize(&raw);
        let outline = Outline::parse(&text);
        let got = identify(&Doc::new(&text, &outline));
        let pairs = [
            (
                "number",
                format!("{:?}", gold.number),
                format!("{:?}", got.number),
            ),
            (
                "doc_type",
                format!("{:?}", gold.doc_type),
                format!("{:?}", got.doc_type),
            ),
            (
                "title",
                format!("{:?}", gold.title),
                format!("{:?}", got.title),
            ),
            (
                "issuer",
                format!("{:?}", gold.issuer),
                format!("{:?}", got.issuer),
            ),
            (
                "issuer_level",
                format!("{:?}", gold.issuer_level),
                format!("{:?}", got.issuer_level),
            ),
            (
                "province",
                format!("{:?}", gold.province),
                format!("{:?}", got.province),
            ),
            (
                "date",
                format!("{:?}", gold.date),
                format!("{:?}", got.date),
            ),
            (
                "signer",
                format!("{:?}", gold.signer),
                format!("{:?}", got.signer),
            ),
        ];
        for (field, want, have) in pairs {
            if want != have {
                failures.push(format!("{stem} {field}: gold {want}, got {have}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
