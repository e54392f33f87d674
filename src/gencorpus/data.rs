//! The tables the generator draws identities from: provinces (63 before the 2025
//! merger, 34 after), real central documents, place and person names, organs and
//! their tasks. Data only; the logic is in `plan` and `render`.

/// A province-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    /// Name without the administrative word (`Kiên Giang`, `Hồ Chí Minh`).
    pub name: &'static str,
    /// Centrally-run city (`thành phố`, `Thành ủy`) rather than a province (`tỉnh`, `Tỉnh ủy`).
    pub city: bool,
}

impl Province {
    fn of(p: &'static crate::grammar::Province) -> Province {
        Province {
            name: p.name.as_str(),
            city: p.kind == crate::grammar::ProvinceKind::City,
        }
    }
}

/// The 63 province-level units before the 2025 merger, from the one province
/// table (`src/grammar/provinces.toml`), in its order.
pub fn provinces_63() -> Vec<Province> {
    let g = crate::grammar::grammar();
    g.provinces.on(None).map(Province::of).collect()
}

/// The 34 province-level units after it, each with the units it took in.
pub fn provinces_34() -> Vec<(Province, Vec<&'static str>)> {
    let g = crate::grammar::grammar();
    let after = g.provinces.merger();
    g.provinces
        .on(Some(after))
        .map(|p| {
            (
                Province::of(p),
                p.absorbed.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

/// Who issued a central document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CentralIssuer {
    /// Ban Chấp hành Trung ương (a plenum).
    Bch,
    /// Bộ Chính trị.
    Bct,
    /// Ban Bí thư.
    Bbt,
}

impl CentralIssuer {
    /// The issuer as a citation writes it.
    pub fn name(self) -> &'static str {
        match self {
            CentralIssuer::Bch => "Ban Chấp hành Trung ương",
            CentralIssuer::Bct => "Bộ Chính trị",
            CentralIssuer::Bbt => "Ban Bí thư",
        }
    }
}

/// A real central document that local plans implement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Central {
    /// Số/ký hiệu as written (`21-KL/TW`).
    pub number: &'static str,
    /// Date of issue `(year, month, day)`.
    pub date: (i32, u32, u32),
    pub issuer: CentralIssuer,
    /// Party term (`XIII`).
    pub term: &'static str,
    /// Trích yếu, starting after `về`.
    pub subject: &'static str,
    /// How often plans implement it relative to the others (popular ones more).
    pub weight: u32,
}

const fn central(
    number: &'static str,
    date: (i32, u32, u32),
    issuer: CentralIssuer,
    term: &'static str,
    subject: &'static str,
    weight: u32,
) -> Central {
    Central {
        number,
        date,
        issuer,
        term,
        subject,
        weight,
    }
}

use CentralIssuer::{Bbt, Bch, Bct};

/// Real central resolutions, conclusions, directives and decisions (public,
/// well known; numbers are reused across terms, as in reality: 18-, 19-, 27-,
/// 28- and 29-NQ/TW each appear twice).
pub const CENTRALS: [Central; 44] = [
    central("12-NQ/TW", (2012, 1, 16), Bch, "XI", "một số vấn đề cấp bách về xây dựng Đảng hiện nay", 6),
    central("24-NQ/TW", (2013, 6, 3), Bch, "XI", "chủ động ứng phó với biến đổi khí hậu, tăng cường quản lý tài nguyên và bảo vệ môi trường", 2),
    central("25-NQ/TW", (2013, 6, 3), Bch, "XI", "tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới", 3),
    central("29-NQ/TW", (2013, 11, 4), Bch, "XI", "đổi mới căn bản, toàn diện giáo dục và đào tạo, đáp ứng yêu cầu công nghiệp hóa, hiện đại hóa", 3),
    central("33-NQ/TW", (2014, 6, 9), Bch, "XI", "xây dựng và phát triển văn hóa, con người Việt Nam đáp ứng yêu cầu phát triển bền vững đất nước", 3),
    central("05-CT/TW", (2016, 5, 15), Bct, "XII", "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 8),
    central("04-NQ/TW", (2016, 10, 30), Bch, "XII", "tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ", 8),
    central("99-QĐ/TW", (2017, 10, 3), Bbt, "XII", "ban hành Hướng dẫn khung để các cấp ủy, tổ chức đảng trực thuộc Trung ương tiếp tục phát huy vai trò của Nhân dân trong đấu tranh ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa” trong nội bộ", 5),
    central("18-NQ/TW", (2017, 10, 25), Bch, "XII", "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả", 5),
    central("19-NQ/TW", (2017, 10, 25), Bch, "XII", "tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả hoạt động của các đơn vị sự nghiệp công lập", 3),
    central("20-NQ/TW", (2017, 10, 25), Bch, "XII", "tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe nhân dân trong tình hình mới", 3),
    central("21-NQ/TW", (2017, 10, 25), Bch, "XII", "công tác dân số trong tình hình mới", 3),
    central("124-QĐ/TW", (2018, 2, 2), Bbt, "XII", "giám sát của Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội và Nhân dân đối với việc tu dưỡng, rèn luyện đạo đức, lối sống của người đứng đầu, cán bộ chủ chốt và cán bộ, đảng viên", 2),
    central("23-NQ/TW", (2018, 3, 22), Bct, "XII", "định hướng xây dựng chính sách phát triển công nghiệp quốc gia đến năm 2030, tầm nhìn đến năm 2045", 2),
    central("26-NQ/TW", (2018, 5, 19), Bch, "XII", "tập trung xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược, đủ phẩm chất, năng lực và uy tín, ngang tầm nhiệm vụ", 5),
    central("27-NQ/TW", (2018, 5, 21), Bch, "XII", "cải cách chính sách tiền lương đối với cán bộ, công chức, viên chức, lực lượng vũ trang và người lao động trong doanh nghiệp", 2),
    central("28-NQ/TW", (2018, 5, 23), Bch, "XII", "cải cách chính sách bảo hiểm xã hội", 2),
    central("35-NQ/TW", (2018, 10, 22), Bct, "XII", "tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới", 5),
    central("36-NQ/TW", (2018, 10, 22), Bch, "XII", "Chiến lược phát triển bền vững kinh tế biển Việt Nam đến năm 2030, tầm nhìn đến năm 2045", 2),
    central("37-NQ/TW", (2018, 12, 24), Bct, "XII", "công tác sắp xếp các đơn vị hành chính cấp huyện và cấp xã", 2),
    central("27-CT/TW", (2019, 1, 10), Bct, "XII", "tăng cường sự lãnh đạo của Đảng đối với công tác bảo vệ người phát hiện, tố giác, người đấu tranh chống tham nhũng, lãng phí, tiêu cực", 2),
    central("39-NQ/TW", (2019, 1, 15), Bct, "XII", "nâng cao hiệu quả quản lý, khai thác, sử dụng và phát huy các nguồn lực của nền kinh tế", 2),
    central("36-CT/TW", (2019, 8, 16), Bct, "XII", "tăng cường, nâng cao hiệu quả công tác phòng, chống và kiểm soát ma túy", 3),
    central("52-NQ/TW", (2019, 9, 27), Bct, "XII", "một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư", 3),
    central("55-NQ/TW", (2020, 2, 11), Bct, "XII", "định hướng Chiến lược phát triển năng lượng quốc gia của Việt Nam đến năm 2030, tầm nhìn đến năm 2045", 2),
    central("01-KL/TW", (2021, 5, 18), Bct, "XIII", "tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 6),
    central("04-CT/TW", (2021, 6, 2), Bbt, "XIII", "tăng cường sự lãnh đạo của Đảng đối với công tác thu hồi tài sản bị thất thoát, chiếm đoạt trong các vụ án hình sự về tham nhũng, kinh tế", 2),
    central("14-KL/TW", (2021, 9, 22), Bct, "XIII", "chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung", 3),
    central("21-KL/TW", (2021, 10, 25), Bch, "XIII", "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, biểu hiện “tự diễn biến”, “tự chuyển hóa”", 12),
    central("18-NQ/TW", (2022, 6, 16), Bch, "XIII", "tiếp tục đổi mới, hoàn thiện thể chế, chính sách, nâng cao hiệu lực, hiệu quả quản lý và sử dụng đất, tạo động lực đưa nước ta trở thành nước phát triển có thu nhập cao", 3),
    central("19-NQ/TW", (2022, 6, 16), Bch, "XIII", "nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045", 3),
    central("18-CT/TW", (2022, 10, 26), Bbt, "XIII", "phát huy vai trò, nâng cao chất lượng, hiệu quả công tác tự phê bình và phê bình trong Đảng", 3),
    central("27-NQ/TW", (2022, 11, 9), Bch, "XIII", "tiếp tục xây dựng và hoàn thiện Nhà nước pháp quyền xã hội chủ nghĩa Việt Nam trong giai đoạn mới", 3),
    central("28-NQ/TW", (2022, 11, 17), Bch, "XIII", "tiếp tục đổi mới phương thức lãnh đạo, cầm quyền của Đảng đối với hệ thống chính trị trong giai đoạn mới", 6),
    central("29-NQ/TW", (2022, 11, 17), Bch, "XIII", "tiếp tục đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước đến năm 2030, tầm nhìn đến năm 2045", 3),
    central("21-CT/TW", (2023, 1, 20), Bbt, "XIII", "tiếp tục đẩy mạnh công tác phụ nữ trong tình hình mới", 2),
    central("54-KL/TW", (2023, 5, 9), Bbt, "XIII", "tiếp tục thực hiện Quyết định số 99-QĐ/TW ngày 03/10/2017 của Ban Bí thư về phát huy vai trò của Nhân dân trong đấu tranh, ngăn chặn, đẩy lùi suy thoái, “tự diễn biến”, “tự chuyển hóa” trong nội bộ", 4),
    central("41-NQ/TW", (2023, 10, 10), Bct, "XIII", "xây dựng và phát huy vai trò của đội ngũ doanh nhân Việt Nam trong thời kỳ mới", 2),
    central("43-NQ/TW", (2023, 11, 24), Bch, "XIII", "tiếp tục phát huy truyền thống, sức mạnh đại đoàn kết toàn dân tộc, xây dựng đất nước ta ngày càng phồn vinh, hạnh phúc", 3),
    central("45-NQ/TW", (2023, 11, 24), Bch, "XIII", "tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước nhanh và bền vững trong giai đoạn mới", 2),
    central("35-CT/TW", (2024, 6, 14), Bct, "XIII", "đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", 4),
    central("57-NQ/TW", (2024, 12, 22), Bct, "XIII", "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia", 6),
    central("126-KL/TW", (2025, 2, 14), Bct, "XIII", "một số nội dung, nhiệm vụ tiếp tục sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị năm 2025", 3),
    central("68-NQ/TW", (2025, 5, 4), Bct, "XIII", "phát triển kinh tế tư nhân", 3),
];

/// District names used for `Huyện ủy` plans (common names that are no province's name).
pub const DISTRICTS: [&str; 24] = [
    "Châu Thành",
    "Phú Tân",
    "Tân Phú",
    "Thạnh Phú",
    "Mỏ Cày Nam",
    "Hòn Đất",
    "Giồng Riềng",
    "Cầu Kè",
    "Tiểu Cần",
    "Mang Thít",
    "Tam Bình",
    "Vũng Liêm",
    "Tân Hiệp",
    "Gò Quao",
    "Đức Hòa",
    "Cần Giuộc",
    "Lục Ngạn",
    "Yên Thế",
    "Hoằng Hóa",
    "Nghi Lộc",
    "Diễn Châu",
    "Krông Pắc",
    "Ea Kar",
    "Sơn Hòa",
];

/// Commune names used for commune-level plans.
pub const COMMUNES: [&str; 24] = [
    "An Bình",
    "Tân Hòa",
    "Phú Mỹ",
    "Long Hưng",
    "Thạnh Lợi",
    "Mỹ Phước",
    "Tân Lập",
    "Hòa Lợi",
    "Vĩnh Thạnh",
    "Bình Thành",
    "Phước Hậu",
    "Tân An Hội",
    "Xuân Lộc",
    "Đông Sơn",
    "Hương Trà",
    "Nam Phước",
    "Quỳnh Lưu",
    "Cẩm Xuyên",
    "Lộc Ninh",
    "Thuận An",
    "Tam Hiệp",
    "Mỹ Hòa",
    "Hưng Thịnh",
    "Phong Điền",
];

pub const SURNAMES: [&str; 12] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương",
];
pub const MIDDLE_NAMES: [&str; 10] = [
    "Văn", "Thị", "Minh", "Đức", "Thanh", "Hồng", "Quốc", "Ngọc", "Hữu", "Thành",
];
pub const GIVEN_NAMES: [&str; 16] = [
    "Hải", "Dũng", "Hùng", "Lan", "Phương", "Tuấn", "Bình", "Hà", "Long", "Nam", "Thảo", "Huỳnh",
    "Khánh", "Sơn", "Trung", "Quang",
];

/// Numbered sub-headings of the "tasks and solutions" part. None names a body,
/// so the bullets under them have no assignee.
pub const SUBHEADINGS: [&str; 12] = [
    "Tăng cường công tác tuyên truyền, giáo dục chính trị tư tưởng",
    "Nâng cao chất lượng sinh hoạt chi bộ, tự phê bình và phê bình",
    "Đổi mới nội dung, phương thức lãnh đạo của cấp ủy, tổ chức đảng",
    "Nâng cao chất lượng công tác cán bộ",
    "Tăng cường công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
    "Phát huy vai trò giám sát của Nhân dân",
    "Đẩy mạnh cải cách hành chính, chuyển đổi số",
    "Xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh",
    "Thực hiện nghiêm các quy định về trách nhiệm nêu gương",
    "Công tác triển khai, quán triệt",
    "Tăng cường công tác nắm bắt, định hướng dư luận xã hội",
    "Sơ kết, tổng kết việc thực hiện",
];

/// Actions a division-of-labour bullet asks of a body. None names another body.
pub const ACTIONS: [&str; 24] = [
    "Hướng dẫn tổ chức học tập, quán triệt nội dung văn bản và Kế hoạch này trong cán bộ, đảng viên",
    "Theo dõi, tổng hợp tình hình tư tưởng của cán bộ, đảng viên và Nhân dân trong quá trình triển khai thực hiện",
    "Tham mưu sơ kết, đánh giá kết quả thực hiện, kịp thời đề xuất bổ sung giải pháp phù hợp với tình hình thực tế",
    "Biên soạn tài liệu tuyên truyền, hỏi đáp về những nội dung cơ bản, cốt lõi của văn bản",
    "Rà soát, bổ sung quy hoạch cán bộ, gắn với đánh giá thực chất kết quả thực hiện nhiệm vụ",
    "Xây dựng chương trình kiểm tra, giám sát chuyên đề việc thực hiện, xử lý nghiêm các trường hợp vi phạm",
    "Mở chuyên trang, chuyên mục tuyên truyền sâu rộng về kết quả thực hiện, biểu dương những mô hình hay, cách làm hiệu quả",
    "Đổi mới nội dung, phương pháp bồi dưỡng lý luận chính trị, gắn lý luận với thực tiễn của địa phương",
    "Tổ chức hội nghị chuyên đề đánh giá kết quả thực hiện, rút kinh nghiệm trong công tác lãnh đạo, chỉ đạo",
    "Tham mưu ban hành quy chế phối hợp, bảo đảm thống nhất trong tổ chức thực hiện",
    "Tổng hợp ý kiến, kiến nghị của cán bộ, đảng viên và Nhân dân, đề xuất biện pháp giải quyết kịp thời",
    "Kiểm tra việc cụ thể hóa thành chương trình, kế hoạch hành động phù hợp với điều kiện thực tế",
    "Chủ động nắm tình hình, kịp thời tham mưu xử lý những vấn đề mới phát sinh",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong theo dõi, quản lý việc thực hiện",
    "Rà soát, sửa đổi, bổ sung các quy định, quy chế làm việc cho phù hợp với tình hình mới",
    "Tổ chức tập huấn cho đội ngũ báo cáo viên, tuyên truyền viên về nội dung văn bản",
    "Đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên gắn với kết quả thực hiện",
    "Thực hiện tốt công tác tiếp công dân, giải quyết kịp thời khiếu nại, tố cáo",
    "Vận động đoàn viên, hội viên và Nhân dân tích cực tham gia thực hiện, giám sát việc thực hiện",
    "Xây dựng kế hoạch kiểm tra, giám sát khi có dấu hiệu vi phạm",
    "Lồng ghép nội dung thực hiện vào chương trình công tác năm, gắn với nhiệm vụ chính trị được giao",
    "Bố trí kinh phí, bảo đảm điều kiện cho việc triển khai thực hiện",
    "Tổ chức lấy ý kiến đóng góp của Nhân dân, công khai kết quả tiếp thu, giải trình",
    "Định kỳ tổng hợp, báo cáo kết quả thực hiện theo quy định",
];
