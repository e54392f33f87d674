//! Bodies of a commune-level plan (headings the seeds do not contain): each
//! heading's body gets its canonical organ, and no body-less duplicate task.

const PLAN: &str = "KẾ HOẠCH
thực hiện Kết luận số 21-KL/TW

Thực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương, Ban Thường vụ Đảng ủy xã Hòa Lợi đề ra Kế hoạch thực hiện như sau:

I- TỔ CHỨC THỰC HIỆN
1. Ủy ban Kiểm tra Đảng ủy
- Tham mưu kiểm tra, giám sát việc thực hiện Kết luận (thực hiện năm 2022).
2. Văn phòng Đảng ủy
- Theo dõi, tổng hợp tình hình thực hiện Kế hoạch (thực hiện thường xuyên).
3. Ban Chỉ huy Quân sự xã
- Quán triệt cán bộ, chiến sĩ thực hiện Kết luận (thực hiện năm 2022).
4. Công an xã
- Nắm tình hình, bảo đảm an ninh trật tự (thực hiện thường xuyên).
5. Các chi bộ trực thuộc
- Tổ chức học tập, quán triệt Kết luận (hoàn thành trong quý I/2022).
6. Các chi, đảng bộ cơ sở
- Xây dựng kế hoạch thực hiện (trong tháng 4/2022).
";

#[test]
fn commune_bodies_resolve() {
    let text = vanban::normalize::normalize(PLAN);
    let record = vanban::extract::extract_text("x.txt", &text);
    let got: Vec<(String, String)> = record
        .tasks
        .iter()
        .map(|t| {
            (
                t.section.clone().unwrap_or_default(),
                t.organ.clone().unwrap_or_else(|| "-".into()),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("I.1", "uy_ban_kiem_tra"),
        ("I.2", "van_phong_cap_uy"),
        ("I.3", "luc_luong_vu_trang"),
        ("I.4", "cong_an"),
        ("I.5", "cap_uy_cap_duoi"),
        ("I.6", "cap_uy_cap_duoi"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    let kinds: Vec<String> = record
        .tasks
        .iter()
        .map(|t| format!("{:?}", t.deadline.as_ref().map(|d| d.kind)))
        .collect();
    assert_eq!(
        kinds,
        [
            "Some(Year)",
            "Some(Recurring)",
            "Some(Year)",
            "Some(Recurring)",
            "Some(Quarter)",
            "Some(Month)"
        ]
    );
}
