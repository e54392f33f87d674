//! `implements` from opening sentences the seeds do not contain.

fn implements(opening: &str) -> Vec<String> {
    let text = vanban::normalize::normalize(&format!(
        "KẾ HOẠCH\ntriển khai thực hiện\n\n{opening}\n\nI- MỤC ĐÍCH, YÊU CẦU\n1. Nội dung.\n"
    ));
    vanban::extract::extract_text("x.txt", &text)
        .implements
        .into_iter()
        .filter_map(|d| d.reference)
        .collect()
}

/// Each opening gives exactly its list of implemented references (any order).
fn check(cases: &[(&str, &[&str])]) {
    for (opening, want) in cases {
        let mut got = implements(opening);
        got.sort();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{opening}");
    }
}

#[test]
fn a_full_citation_after_a_back_reference_is_a_new_object() {
    const CASES: &[(&str, &[&str])] = &[
        (
            "Thực hiện Nghị quyết 04-NQ/TW, ngày 30/10/2016 của Ban Chấp hành Trung ương, Chương trình hành động số 29-CTr/TU, ngày 13/04/2017 của Ban Thường vụ Tỉnh ủy về thực hiện Nghị quyết số 04-NQ/TW và Kế hoạch số 34-KH/HU, ngày 15/05/2017 của Ban Thường vụ Huyện ủy về thực hiện Nghị quyết số 04-NQ/TW, Ban Thường vụ Đảng ủy xã Hòa Lợi đề ra Kế hoạch triển khai, quán triệt và tổ chức thực hiện như sau:",
            &["04-NQ/TW", "29-CTR/TU", "34-KH/HU"],
        ),
        (
            "Thực hiện Nghị quyết số 28-NQ/TW của Ban Chấp hành Trung ương Đảng khóa XIII và Kế hoạch số 12-KH/TW của Bộ Chính trị thực hiện Nghị quyết số 28-NQ/TW về tiếp tục đổi mới phương thức lãnh đạo; Ban Chấp hành Đảng bộ tỉnh ban hành Kế hoạch thực hiện như sau:",
            &["28-NQ/TW", "12-KH/TW"],
        ),
        (
            "Thực hiện Kết luận số 01-KL/TW ngày 18 tháng 5 năm 2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và Kế hoạch số 1074/KH-UBND, ngày 20/06/2021 của Ủy ban nhân dân tỉnh về thực hiện Kết luận số 01-KL/TW, Ban Thường vụ Huyện uỷ Phú Tân, tỉnh Quảng Ninh xây dựng Kế hoạch thực hiện như sau:",
            &["01-KL/TW", "1074/KH-UBND"],
        ),
    ];
    check(CASES);
}

/// The cited document's own subject may hold words of an issuing clause
/// (`về ban hành Hướng dẫn khung`), and a dated sibling plan may follow a dated
/// document inside a clause: both shapes come from generated corpora.
#[test]
fn subjects_with_issuing_words_and_dated_siblings_in_clauses() {
    const CASES: &[(&str, &[&str])] = &[
        (
            "Thực hiện Quyết định số 99-QĐ/TW ngày 03 tháng 10 năm 2017 của Ban Bí thư về ban hành Hướng dẫn khung để các cấp ủy, tổ chức đảng trực thuộc Trung ương tiếp tục phát huy vai trò của Nhân dân trong đấu tranh ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa” trong nội bộ và Kế hoạch số 03-KH/HU, ngày 15/11/2017 của Ban Thường vụ Huyện ủy về thực hiện Quyết định số 99-QĐ/TW, Ban Thường vụ Đảng ủy xã Nam Phước ban hành Kế hoạch triển khai thực hiện như sau:",
            &["99-QĐ/TW", "03-KH/HU"],
        ),
        (
            "Căn cứ Quyết định số 99-QĐi/TW của Ban Bí thư (khoá XII) về ban hành Hướng dẫn khung để các cấp uỷ, tổ chức đảng trực thuộc Trung ương tiếp tục phát huy vai trò của Nhân dân trong nội bộ và Chương trình hành động số 06-CTr/TU, ngày 25/12/2017 của Ban Thường vụ Tỉnh ủy về thực hiện Quyết định số 99-QĐi/TW, Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh ban hành Kế hoạch triển khai thực hiện như sau:",
            &["99-QĐ/TW", "06-CTR/TU"],
        ),
        (
            "Thực hiện Kết luận số 54-KL/TW ngày 09 tháng 5 năm 2023 của Ban Bí thư về tiếp tục thực hiện Quyết định số 99-QĐ/TW ngày 03/10/2017 của Ban Bí thư về phát huy vai trò của Nhân dân trong đấu tranh, ngăn chặn, đẩy lùi suy thoái, “tự diễn biến”, “tự chuyển hóa” trong nội bộ và Kế hoạch số 20-KH/HU, ngày 09/12/2023 của Ban Thường vụ Huyện ủy về thực hiện Kết luận số 54-KL/TW, Ban Thường vụ Đảng uỷ xã Hương Trà xây dựng Kế hoạch thực hiện như sau:",
            &["54-KL/TW", "20-KH/HU"],
        ),
        // A dated document inside the clause that does not carry out a
        // top-level object stays part of the clause.
        (
            "Thực hiện Kết luận số 54-KL/TW ngày 09 tháng 5 năm 2023 của Ban Bí thư về tiếp tục thực hiện Quyết định số 99-QĐ/TW ngày 03/10/2017 của Ban Bí thư và Hướng dẫn số 12-HD/BTGTW, ngày 01/6/2023 của Ban Tuyên giáo Trung ương về thực hiện Quyết định số 99-QĐ/TW, Ban Thường vụ Huyện ủy ban hành Kế hoạch thực hiện như sau:",
            &["54-KL/TW"],
        ),
    ];
    check(CASES);
}
