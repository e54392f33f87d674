//! The page shell: head, the header linking the four pages, the footer.

use maud::{html, Markup, DOCTYPE};

use super::assets;

/// Which header link is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Search,
    Documents,
    Refs,
    Tasks,
    None,
}

const LINKS: [(Nav, &str, &str); 4] = [
    (Nav::Search, "/search", "Tìm kiếm"),
    (Nav::Documents, "/documents", "Văn bản"),
    (Nav::Refs, "/refs", "Thực hiện & bao phủ"),
    (Nav::Tasks, "/tasks", "Nhiệm vụ"),
];

/// A whole page without scripts.
pub fn page(title: &str, nav: Nav, body: Markup) -> Markup {
    page_with(title, nav, body, &[])
}

/// A whole page; `scripts` are asset names loaded at the end of the body.
pub fn page_with(title: &str, nav: Nav, body: Markup, scripts: &[&str]) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — vanban" }
                link rel="stylesheet" href=(assets::url("style.css"));
            }
            body {
                header.site {
                    a.brand href="/" { "vanban" }
                    nav aria-label="Các trang" {
                        @for (n, href, text) in LINKS {
                            @if n == nav {
                                a href=(href) aria-current="page" { (text) }
                            } @else {
                                a href=(href) { (text) }
                            }
                        }
                    }
                }
                main { (body) }
                footer.site {
                    "vanban — tìm kiếm văn bản Đảng và Nhà nước, quan hệ thực hiện giữa các văn bản và nhiệm vụ được giao. "
                    "Mọi câu trả lời kèm văn bản, mục và câu làm bằng chứng. "
                    "Dữ liệu máy đọc: " a href="/api/search?q=21-KL%2FTW" { "API JSON" } "."
                }
                @for s in scripts {
                    script src=(assets::url(s)) defer {}
                }
            }
        }
    }
}
