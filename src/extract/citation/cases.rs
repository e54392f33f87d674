//! Table of real citation strings (central and local, party and state): what
//! `find` + `resolve` must read from each — the first cited document's
//! reference (or name), type, date and issuer.

use super::{find, resolve, Context};

/// (text, ref or name, doc_type slug, ISO date or "", issuer or "")
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    // --- central party documents ---------------------------------------
    ("Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ", "57-NQ/TW", "nghi_quyet", "2024-12-22", "Bộ Chính trị"),
    ("Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương khóa XIII về đẩy mạnh xây dựng", "21-KL/TW", "ket_luan", "2021-10-25", "Ban Chấp hành Trung ương"),
    ("thực hiện Kết luận 21-KL/TW (khóa XIII)", "21-KL/TW", "ket_luan", "", ""),
    ("Nghị quyết 28-NQ/TW về tiếp tục đổi mới phương thức lãnh đạo", "28-NQ/TW", "nghi_quyet", "", ""),
    ("Chỉ thị 05-CT/TW của Bộ Chính trị", "05-CT/TW", "chi_thi", "", "Bộ Chính trị"),
    ("Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị “về đẩy mạnh học tập”", "05-CT/TW", "chi_thi", "2016-05-15", "Bộ Chính trị"),
    ("Quyết định số 99-QĐ/TW ngày 03/10/2017 của Ban Bí thư về ban hành hướng dẫn khung", "99-QĐ/TW", "quyet_dinh", "2017-10-03", "Ban Bí thư"),
    ("Quy định số 124-QĐ/TW, ngày 02/02/2018 của Ban Bí thư (khóa XII) về giám sát", "124-QĐ/TW", "quy_dinh", "2018-02-02", "Ban Bí thư"),
    ("Quy định số 37-QĐ/TW, ngày 25/10/2021 về những điều đảng viên không được làm", "37-QĐ/TW", "quy_dinh", "2021-10-25", ""),
    ("Quy định số 22-QĐ/TW, ngày 28/7/2021 của Ban Chấp hành Trung ương về công tác kiểm tra", "22-QĐ/TW", "quy_dinh", "2021-07-28", "Ban Chấp hành Trung ương"),
    ("Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Bộ Chính trị về đẩy mạnh xây dựng", "03-KH/TW", "ke_hoach", "2021-12-01", "Bộ Chính trị"),
    ("Thông báo kết luận số 26-TB/TW ngày 18/5/2021 của Bộ Chính trị", "26-TB/TW", "thong_bao", "2021-05-18", "Bộ Chính trị"),
    ("Thông báo số 13-TB/TW ngày 10/3/2022 của Ban Bí thư", "13-TB/TW", "thong_bao", "2022-03-10", "Ban Bí thư"),
    ("Hướng dẫn số 55-HD/BTGTW, ngày 21/12/2017 của Ban Tuyên giáo Trung ương về việc tổ chức", "55-HD/BTGTW", "huong_dan", "2017-12-21", "Ban Tuyên giáo Trung ương"),
    ("Hướng dẫn số 25-HD/BTCTW ngày 15/12/2022 của Ban Tổ chức Trung ương", "25-HD/BTCTW", "huong_dan", "2022-12-15", "Ban Tổ chức Trung ương"),
    ("Hướng dẫn số 09, ngày 02/3/2012 của Ban Tổ chức Trung ương", "09-HD/BTCTW", "huong_dan", "2012-03-02", "Ban Tổ chức Trung ương"),
    ("Kế hoạch 08, ngày 12/3/2012 của Bộ Chính trị", "08-KH/TW", "ke_hoach", "2012-03-12", "Bộ Chính trị"),
    ("Nghị quyết số 12-NQ/TW ngày 16/01/2012 Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XI)", "12-NQ/TW", "nghi_quyet", "2012-01-16", "Ban Chấp hành Trung ương Đảng"),
    ("Nghị quyết số 26-NQ/TW của Ban Chấp hành Trung ương khóa XII", "26-NQ/TW", "nghi_quyet", "", "Ban Chấp hành Trung ương"),
    ("Nghị quyết số 19-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng khóa XII", "19-NQ/TW", "nghi_quyet", "2017-10-25", "Ban Chấp hành Trung ương Đảng"),
    ("Quy định số 262-QĐ/TW, ngày 08/10/2014 của Bộ Chính trị khóa XI", "262-QĐ/TW", "quy_dinh", "2014-10-08", "Bộ Chính trị"),
    ("Chỉ thị số 23-CT/TW, ngày 09/02/2018 của Ban Bí thư, khóa XII “về tiếp tục đổi mới”", "23-CT/TW", "chi_thi", "2018-02-09", "Ban Bí thư"),
    ("Kết luận số 54-KL/TW ngày 09/5/2023 của Ban Bí thư", "54-KL/TW", "ket_luan", "2023-05-09", "Ban Bí thư"),
    ("Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương", "08-QĐ/TW", "quy_dinh", "2018-10-25", "Ban Chấp hành Trung ương"),
    ("Nghị quyết số 18-NQ/TW ngày 25 tháng 10 năm 2017 của Ban Chấp hành Trung ương", "18-NQ/TW", "nghi_quyet", "2017-10-25", "Ban Chấp hành Trung ương"),
    ("Thông tri số 03-TT/TW ngày 12/8/2021 của Ban Bí thư", "03-TT/TW", "thong_tri", "2021-08-12", "Ban Bí thư"),
    ("Đề án số 15-ĐA/TU ngày 10/6/2022 của Tỉnh ủy", "15-ĐA/TU", "de_an", "2022-06-10", "Tỉnh ủy"),
    ("Nghị quyết Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng", "Nghị quyết Trung ương 4 khóa XII", "nghi_quyet", "", "Ban Chấp hành Trung ương"),
    ("Nghị quyết Trung ương 4 (khóa XII), Kết luận 21-KL/TW", "Nghị quyết Trung ương 4 (khóa XII)", "nghi_quyet", "", "Ban Chấp hành Trung ương"),
    ("thực hiện Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XI) \"Một số vấn đề cấp bách\"", "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XI)", "nghi_quyet", "", "Ban Chấp hành Trung ương"),
    ("căn cứ Kết luận Hội nghị Trung ương 4 (khoá XIII) và Kế hoạch này", "Kết luận Hội nghị Trung ương 4 (khóa XIII)", "ket_luan", "", "Ban Chấp hành Trung ương"),
    ("Nghị quyết Hội nghị Trung ương 8 khóa XIII về chiến lược bảo vệ Tổ quốc", "Nghị quyết Hội nghị Trung ương 8 khóa XIII", "nghi_quyet", "", "Ban Chấp hành Trung ương"),
    ("thực hiện thắng lợi Nghị quyết Đại hội XIII của Đảng và", "Nghị quyết Đại hội XIII của Đảng", "nghi_quyet", "", "Đại hội XIII của Đảng"),
    ("gắn với việc thực hiện Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII, Kết luận", "Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII", "nghi_quyet", "", "Đại hội Đảng toàn quốc lần thứ XIII"),
    ("bổ sung vào Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV và", "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV", "nghi_quyet", "", "Đại hội Đảng bộ tỉnh lần thứ XIV"),
    ("và Nghị quyết Đại hội XI Đảng bộ tỉnh.", "Nghị quyết Đại hội XI Đảng bộ tỉnh", "nghi_quyet", "", "Đại hội XI Đảng bộ tỉnh"),
    ("Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Hội nghị Trung ương 5 khóa XIII về tăng cường", "21-NQ/TW", "nghi_quyet", "2022-06-16", "Ban Chấp hành Trung ương"),
    ("Nghị quyết số 29-NQ/TW ngày 17/11/2022 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XIII", "29-NQ/TW", "nghi_quyet", "2022-11-17", "Ban Chấp hành Trung ương Đảng"),
    ("quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng, Nghị quyết", "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "nghi_quyet", "", "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
    ("thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025-2030", "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XV", "nghi_quyet", "", "Đại hội đại biểu Đảng bộ tỉnh lần thứ XV"),
    // --- local party documents -----------------------------------------
    ("Chương trình hành động số 40-CTr/TU, ngày 14/8/2018 của Tỉnh ủy về xây dựng đội ngũ cán bộ", "40-CTR/TU", "chuong_trinh", "2018-08-14", "Tỉnh ủy"),
    ("Kế hoạch số 65-KH/TU, ngày 12/01/2022 của Ban Thường vụ Tỉnh ủy về việc thực hiện", "65-KH/TU", "ke_hoach", "2022-01-12", "Ban Thường vụ Tỉnh ủy"),
    ("Kế hoạch số 12, ngày 06/10/2011 của Ban Thường vụ Tỉnh ủy; tập trung", "12-KH/TU", "ke_hoach", "2011-10-06", "Ban Thường vụ Tỉnh ủy"),
    ("Quy\n\nđịnh số 890-QĐi/TU, ngày 05/3/2019 của Ban Chấp hành Đảng bộ tỉnh về “Trách nhiệm nêu gương”", "890-QĐ/TU", "quy_dinh", "2019-03-05", "Ban Chấp hành Đảng bộ tỉnh"),
    ("Công văn số 2323-CV/TU ngày 04/10/2023 của Ban Thường vụ Tỉnh ủy chỉ đạo thực hiện", "2323-CV/TU", "cong_van", "2023-10-04", "Ban Thường vụ Tỉnh ủy"),
    ("Chỉ thị số 11-CT/TU ngày 06/9/2022 của Ban Thường vụ Tỉnh ủy về tăng cường kỷ luật", "11-CT/TU", "chi_thi", "2022-09-06", "Ban Thường vụ Tỉnh ủy"),
    ("Nghị quyết số 01-NQ/ĐUK, Chỉ thị số 01-CT/ĐUK của Đảng ủy Khối về xây dựng văn hóa công sở", "01-NQ/ĐUK", "nghi_quyet", "", "Đảng ủy Khối"),
    ("Chỉ thị số 02-CT/ĐUK, ngày 20/9/2017 của Ban Thường vụ Đảng ủy Khối về nâng cao vai trò", "02-CT/ĐUK", "chi_thi", "2017-09-20", "Ban Thường vụ Đảng ủy Khối"),
    ("Kế hoạch số 08-KH/ĐUK, ngày 20/5/2019 của Ban Thường vụ Đảng ủy Khối về thực hiện", "08-KH/ĐUK", "ke_hoach", "2019-05-20", "Ban Thường vụ Đảng ủy Khối"),
    ("Nghị quyết số 03-NQ/TU, ngày 15/7/2021 của Ban Chấp hành Đảng bộ tỉnh về xây dựng đội ngũ", "03-NQ/TU", "nghi_quyet", "2021-07-15", "Ban Chấp hành Đảng bộ tỉnh"),
    ("Kế hoạch 167-KH/TU của Tỉnh ủy thực hiện Nghị quyết 21-NQ/TW", "167-KH/TU", "ke_hoach", "", "Tỉnh ủy"),
    ("Kế hoạch số 129-KH/TU, ngày 02/10/2018 của Ban Thường vụ Tỉnh ủy Kiên Giang về thực hiện", "129-KH/TU", "ke_hoach", "2018-10-02", "Ban Thường vụ Tỉnh ủy Kiên Giang"),
    ("Chương trình hành động số 09-CT/TW, ngày 15/4/2021 của Tỉnh ủy thực hiện", "09-CT/TW", "chuong_trinh", "2021-04-15", "Tỉnh ủy"),
    ("Kế hoạch số 45-KH/HU ngày 03/4/2023 của Ban Thường vụ Huyện ủy về", "45-KH/HU", "ke_hoach", "2023-04-03", "Ban Thường vụ Huyện ủy"),
    ("Nghị quyết số 05-NQ/TU ngày 12/11/2021 của Ban Chấp hành Đảng bộ tỉnh khóa XII về phát triển", "05-NQ/TU", "nghi_quyet", "2021-11-12", "Ban Chấp hành Đảng bộ tỉnh"),
    ("Hướng dẫn số 12-HD/BTGTU ngày 02/6/2022 của Ban Tuyên giáo Tỉnh ủy", "12-HD/BTGTU", "huong_dan", "2022-06-02", "Ban Tuyên giáo Tỉnh ủy"),
    ("Thông báo số 1234-TB/TU ngày 12/5/2023 của Thường trực Tỉnh ủy", "1234-TB/TU", "thong_bao", "2023-05-12", "Thường trực Tỉnh ủy"),
    ("Quy định số 2212-QĐ/TU, ngày 16/4/2020 của Ban Thường vụ Tỉnh ủy “về việc kiểm soát quyền lực”", "2212-QĐ/TU", "quy_dinh", "2020-04-16", "Ban Thường vụ Tỉnh ủy"),
    ("Kết luận số 29-KL/TU, ngày 22/7/2021 về siết chặt kỷ luật", "29-KL/TU", "ket_luan", "2021-07-22", ""),
    ("Báo cáo số 215-BC/TU ngày 10/12/2022 của Ban Thường vụ Tỉnh ủy", "215-BC/TU", "bao_cao", "2022-12-10", "Ban Thường vụ Tỉnh ủy"),
    ("Tờ trình số 30-TTr/BTCTU ngày 02/3/2023 của Ban Tổ chức Tỉnh ủy", "30-TTR/BTCTU", "to_trinh", "2023-03-02", "Ban Tổ chức Tỉnh ủy"),
    ("Kế hoạch số 70-KH/TU, ngày 28/01/2022 của Ban Thường vụ Tỉnh uỷ về tiếp tục thực hiện", "70-KH/TU", "ke_hoach", "2022-01-28", "Ban Thường vụ Tỉnh ủy"),
    ("Chương trình số 15-CTr/TU ngày 02/3/2021 của Thành ủy Hà Nội về", "15-CTR/TU", "chuong_trinh", "2021-03-02", "Thành ủy Hà Nội"),
    ("kế hoạch số 101-KH/TU ngày 3/5/2022 của Tỉnh ủy Trà Vinh về", "101-KH/TU", "ke_hoach", "2022-05-03", "Tỉnh ủy Trà Vinh"),
    // --- state documents -----------------------------------------------
    ("Nghị định số 130/2020/NĐ-CP, ngày 30/10/2020 của Chính phủ về kiểm soát tài sản", "130/2020/NĐ-CP", "nghi_dinh", "2020-10-30", "Chính phủ"),
    ("Quyết định số 1847/QĐ-TTg, ngày 27/12/2018 của Thủ tướng Chính phủ", "1847/QĐ-TTg", "quyet_dinh", "2018-12-27", "Thủ tướng Chính phủ"),
    ("Quyết định số 2772/QĐ-UBND ngày 06/12/2023 của UBND tỉnh)", "2772/QĐ-UBND", "quyet_dinh", "2023-12-06", "Ủy ban nhân dân tỉnh"),
    ("Nghị quyết số 01/NQ-CP ngày 06/01/2023 của Chính phủ về nhiệm vụ", "01/NQ-CP", "nghi_quyet", "2023-01-06", "Chính phủ"),
    ("Chỉ thị số 10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ về tăng cường", "10/CT-TTg", "chi_thi", "2019-04-22", "Thủ tướng Chính phủ"),
    ("Thông tư số 02/2021/TT-BNV ngày 11/6/2021 của Bộ Nội vụ quy định", "02/2021/TT-BNV", "thong_tu", "2021-06-11", "Bộ Nội vụ"),
    ("Thông tư liên tịch số 01/2015/TTLT-BNV-BTC ngày 14/4/2015 của Bộ Nội vụ", "01/2015/TTLT-BNV-BTC", "thong_tu", "2015-04-14", "Bộ Nội vụ"),
    ("Luật số 59/2020/QH14 ngày 17/6/2020 của Quốc hội", "59/2020/QH14", "luat", "2020-06-17", "Quốc hội"),
    ("Nghị quyết số 102/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội", "102/NQ-UBTVQH15", "nghi_quyet", "", "Ủy ban Thường vụ Quốc hội"),
    ("Kế hoạch số 45/KH-UBND ngày 10/3/2022 của Ủy ban nhân dân tỉnh Vĩnh Long", "45/KH-UBND", "ke_hoach", "2022-03-10", "Ủy ban nhân dân tỉnh Vĩnh Long"),
    ("Công văn số 1234/UBND-NC ngày 05/5/2023 của UBND tỉnh", "1234/UBND-NC", "cong_van", "2023-05-05", "Ủy ban nhân dân tỉnh"),
    ("Quyết định số 20/2021/QĐ-UBND ngày 15/7/2021 của Ủy ban nhân dân tỉnh", "20/2021/QĐ-UBND", "quyet_dinh", "2021-07-15", "Ủy ban nhân dân tỉnh"),
    ("Nghị quyết số 15/2022/NQ-HĐND ngày 08/7/2022 của Hội đồng nhân dân tỉnh", "15/2022/NQ-HĐND", "nghi_quyet", "2022-07-08", "Hội đồng nhân dân tỉnh"),
    ("Chỉ thị số 05/CT-UBND ngày 20/02/2023 của Chủ tịch Ủy ban nhân dân tỉnh", "05/CT-UBND", "chi_thi", "2023-02-20", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Thông tư số 05/2023/TT-BTC ngày 12/01/2023 của Bộ Tài chính", "05/2023/TT-BTC", "thong_tu", "2023-01-12", "Bộ Tài chính"),
    ("Nghị định 59/2019/NĐ-CP của Chính phủ", "59/2019/NĐ-CP", "nghi_dinh", "", "Chính phủ"),
    ("Quyết định số 1234/QĐ-BNV ngày 01/9/2022 của Bộ Nội vụ", "1234/QĐ-BNV", "quyet_dinh", "2022-09-01", "Bộ Nội vụ"),
    ("Hướng dẫn số 10/HD-SNV ngày 04/4/2023 của Sở Nội vụ", "10/HD-SNV", "huong_dan", "2023-04-04", "Sở Nội vụ"),
    ("Kế hoạch số 85/KH-UBND ngày 15 tháng 3 năm 2023 của UBND huyện", "85/KH-UBND", "ke_hoach", "2023-03-15", "Ủy ban nhân dân huyện"),
    ("Chương trình hành động số 12/CTr-UBND ngày 3/2/2023 của UBND tỉnh", "12/CTR-UBND", "chuong_trinh", "2023-02-03", "Ủy ban nhân dân tỉnh"),
    ("Nghị quyết liên tịch số 09/2008/NQLT-CP-UBTWMTTQVN ngày 17/4/2008", "09/2008/NQLT-CP-UBTWMTTQVN", "nghi_quyet", "2008-04-17", ""),
    ("Quyết định 218-QĐ/TW của Bộ Chính trị khoá XI ban hành Quy định về việc Mặt trận", "218-QĐ/TW", "quyet_dinh", "", "Bộ Chính trị"),
    ("Thông báo kết luận số 45-TB/TU ngày 9/9/2022 của Ban Thường vụ Tỉnh ủy", "45-TB/TU", "thong_bao", "2022-09-09", "Ban Thường vụ Tỉnh ủy"),
    // --- unnumbered documents named by title ---------------------------
    ("Chấp hành nghiêm Quy định về những điều đảng viên không được làm; trách nhiệm", "Quy định về những điều đảng viên không được làm", "quy_dinh", "", ""),
    ("Rà soát Quy chế chất vấn trong Đảng (ban hành kèm theo Quyết định số 158-QĐ/TW)", "Quy chế chất vấn trong Đảng", "other", "", ""),
    ("thực hiện Luật Cán bộ, công chức, Luật Viên chức và các văn bản", "Luật Cán bộ, công chức", "luat", "", ""),
    ("theo Luật Phòng, chống tham nhũng năm 2018", "Luật Phòng, chống tham nhũng", "luat", "", ""),
    ("thực hiện Luật Viên chức, không để cán bộ lãnh đạo", "Luật Viên chức", "luat", "", ""),
    ("thực hiện nghiêm Điều lệ Đảng, chủ trương", "Điều lệ Đảng", "other", "", ""),
    ("Triển khai thực hiện Đề án về xây dựng đội ngũ cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý.", "Đề án về xây dựng đội ngũ cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý", "de_an", "", ""),
    ("cụ thể hóa thực hiện Chiến lược phát triển kinh tế-xã hội 10 năm 2021-2030 và", "Chiến lược phát triển kinh tế-xã hội 10 năm 2021-2030", "other", "", ""),
    ("và Kế hoạch phát triển kinh tế-xã hội 5 năm 2021-2025 của Chính phủ (thực hiện hằng năm)", "Kế hoạch phát triển kinh tế-xã hội 5 năm 2021-2025", "ke_hoach", "", "Chính phủ"),
    ("về thực hiện pháp lệnh về dân chủ ở xã, phường, thị trấn; về tiêu chuẩn", "pháp lệnh về dân chủ ở xã, phường, thị trấn", "other", "", ""),
    ("Bổ sung, sửa đổi quy chế làm việc của Ban Chấp hành Đảng bộ Khối nhiệm kỳ 2020-2025; tiếp tục", "Quy chế làm việc của Ban Chấp hành Đảng bộ Khối nhiệm kỳ 2020-2025", "other", "", "Ban Chấp hành Đảng bộ Khối"),
    ("Tham mưu ban hành Quy định về phân cấp quản lý cán bộ và giới thiệu cán bộ ứng cử theo hướng dân chủ", "Quy định về phân cấp quản lý cán bộ và giới thiệu cán bộ ứng cử", "quy_dinh", "", ""),
];

/// Strings that cite nothing.
const NOT_CITATIONS: &[&str] = &[
    "Kế hoạch này được phổ biến đến chi bộ.",
    "xây dựng kế hoạch 5 năm của đơn vị",
    "Kế hoạch của Ban Thường vụ Tỉnh ủy về triển khai",
    "các quy định của Ban Chấp hành Trung ương Đảng về công tác xây dựng",
    "theo dõi việc thực hiện Quy chế làm việc, nguyên tắc tập trung dân chủ",
    "phòng, chống dịch Covid-19 trong giai đoạn 2021-2025",
    "Nghị quyết Đại hội Đảng đã đề ra.",
    "bổ sung quy chế làm việc của cấp ủy cơ sở",
    "tham mưu sơ kết các quy chế của Trung ương về bầu cử",
    "thực hiện quy chế giám sát và phản biện xã hội cũng như việc tham gia góp ý của Mặt trận Tổ quốc, các đoàn thể",
    "trong năm 2022 và những năm tiếp theo",
    "Chương trình hành động thực hiện Nghị quyết của cấp mình",
    "Điều 1. Ban hành kèm theo Quyết định này Quy chế tổ chức và hoạt động của Sở Nội vụ.",
    "Điều 1. Phê duyệt kèm theo Quyết định này Đề án phát triển du lịch cộng đồng của huyện.",
    "QUYẾT ĐỊNH\nBan hành Quy chế tổ chức và hoạt động của Sở Nội vụ\n\nỦY BAN NHÂN DÂN TỈNH\n",
    "QUYẾT ĐỊNH\nVề việc phê duyệt Đề án “Phát triển du lịch cộng đồng giai đoạn 2024 - 2030”\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n",
];

#[test]
fn citation_strings() {
    let ctx = Context::default();
    let mut failures = Vec::new();
    for (text, want, doc_type, date, issuer) in CASES {
        let ms = find(text);
        let cs = resolve(text, &ms, &ctx);
        let Some(c) = cs.first() else {
            failures.push(format!("{text:?}: nothing found"));
            continue;
        };
        let got_key = c.reference.clone().or(c.name.clone()).unwrap_or_default();
        let got_date = c.date.map(|d| d.to_string()).unwrap_or_default();
        let got_issuer = c.issuer.clone().unwrap_or_default();
        if got_key != *want
            || c.doc_type.slug() != *doc_type
            || got_date != *date
            || got_issuer != *issuer
        {
            failures.push(format!(
                "{text:?}\n   want {want} {doc_type} {date:?} {issuer:?}\n   got  {got_key} {} {got_date:?} {got_issuer:?}",
                c.doc_type.slug()
            ));
        }
    }
    for text in NOT_CITATIONS {
        let ms = find(text);
        if !ms.is_empty() {
            failures.push(format!("{text:?}: unexpected {ms:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len() + NOT_CITATIONS.len(),
        failures.join("\n")
    );
}

#[test]
fn shared_issuer_in_a_coordination() {
    let text = "Chỉ thị 05-CT/TW và Kết luận 01-KL/TW ngày 18/5/2021 của Bộ Chính trị gắn với";
    let cs = resolve(text, &find(text), &Context::default());
    assert_eq!(cs.len(), 2);
    assert_eq!(cs[0].issuer.as_deref(), Some("Bộ Chính trị"));
    assert_eq!(
        cs[0].date, None,
        "the date belongs to the second document only"
    );
}

#[test]
fn a_semicolon_ends_the_coordination() {
    let text = "kiểm tra việc thực hiện Chỉ thị số 06-CT/TU; Chỉ thị số 11-CT/TU ngày 06/9/2022 của Ban Thường vụ Tỉnh ủy về";
    let cs = resolve(text, &find(text), &Context::default());
    assert_eq!(cs[0].reference.as_deref(), Some("06-CT/TU"));
    assert_eq!(cs[0].issuer, None);
}

#[test]
fn bare_references_continue_a_list() {
    let text = "thực hiện Quyết định số 217-QĐ/TW, 218-QĐ/TW của Bộ Chính trị";
    let cs = resolve(text, &find(text), &Context::default());
    let refs: Vec<_> = cs.iter().filter_map(|c| c.reference.clone()).collect();
    assert_eq!(refs, vec!["217-QĐ/TW", "218-QĐ/TW"]);
    assert!(cs.iter().all(|c| c.doc_type.slug() == "quyet_dinh"));
}

#[test]
fn the_documents_own_number_is_not_a_citation() {
    let text = "TỈNH ỦY KIÊN GIANG\n\nSố 60-KH/TU\n\nKẾ HOẠCH\nthực hiện Kết luận số 21-KL/TW";
    let cs = resolve(text, &find(text), &Context::default());
    let refs: Vec<_> = cs.iter().filter_map(|c| c.reference.clone()).collect();
    assert_eq!(refs, vec!["21-KL/TW"]);
}

#[test]
fn markdown_marks_and_odd_spaces_do_not_break_a_citation() {
    const CASES: &[(&str, &str)] = &[
        ("(sau đây gọi là *Kết luận số 21-KL/TW*), Ban", "21-KL/TW"),
        (
            "**Nghị quyết số 28-NQ/TW** của Ban Chấp hành  \nTrung ương Đảng",
            "28-NQ/TW",
        ),
        (
            "Nghị quyết số 26-NQ/TW\u{a0}của Ban Chấp hành Trung ương",
            "26-NQ/TW",
        ),
        ("Kết luận  số   54-KL/TW", "54-KL/TW"),
        (
            "KẾT LUẬN SỐ 21-KL/TW CỦA BAN CHẤP HÀNH TRUNG ƯƠNG",
            "21-KL/TW",
        ),
    ];
    for (text, want) in CASES {
        let cs = resolve(text, &find(text), &Context::default());
        assert_eq!(
            cs.first().and_then(|c| c.reference.as_deref()),
            Some(*want),
            "case {text:?}"
        );
    }
}

/// Every prefix and suffix of the real documents, cut at arbitrary char
/// boundaries, goes through find, resolve and implements without a panic.
#[test]
fn truncated_documents_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        panic!("corpus/ missing at {}", dir.display());
    };
    let mut seen = 0;
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let Ok(raw) = std::fs::read_to_string(&p) else {
            continue;
        };
        let text = crate::normalize::normalize(&raw);
        seen += 1;
        let cuts: Vec<usize> = (0..text.len())
            .step_by(2999)
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &i in &cuts {
            for piece in [&text[..i], &text[i..]] {
                let outline = crate::parse::Outline::parse(piece);
                let doc = crate::extract::Doc::new(piece, &outline);
                let ms = super::find_doc(&doc);
                let _ = resolve(piece, &ms, &Context::default());
                let groups = super::group(piece, &ms, &Context::default());
                let _ = crate::extract::implements::derive(
                    &doc,
                    &crate::extract::Identity::default(),
                    &ms,
                    &groups,
                );
            }
        }
    }
    assert!(seen >= 5, "expected the five corpus documents, saw {seen}");
}
