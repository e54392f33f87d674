//! The pages' one error type: every failure becomes an HTML page in
//! Vietnamese with the right status (4xx for the visitor's mistakes).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::layout::{self, Nav};
use crate::graph::GraphError;
use crate::index::{IndexError, QueryError};
use crate::tasks::TaskError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Nothing at this address: the message says what was looked for;
    /// `suggestions` are (text, link) pairs.
    #[error("not found: {message}")]
    NotFound {
        message: String,
        suggestions: Vec<(String, String)>,
    },
    /// The address asks for something that cannot be read (a bad date, page…).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The server's own fault, never caused by the address.
    #[error("internal error: {0}")]
    Internal(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound { .. } => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        WebError::NotFound {
            message: message.into(),
            suggestions: Vec::new(),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "page failed");
        }
        let (title, message, suggestions) = match &self {
            WebError::NotFound {
                message,
                suggestions,
            } => ("Không tìm thấy", message.as_str(), suggestions.as_slice()),
            WebError::BadRequest(m) => ("Yêu cầu không hợp lệ", m.as_str(), &[][..]),
            WebError::Internal(_) => (
                "Lỗi máy chủ",
                "Máy chủ gặp lỗi khi dựng trang này. Lỗi đã được ghi vào nhật ký; hãy thử lại sau.",
                &[][..],
            ),
        };
        let body = html! {
            h1 { (title) }
            p.error role="alert" { (message) }
            @if !suggestions.is_empty() {
                p { "Có phải bạn muốn tìm:" }
                ul {
                    @for (text, href) in suggestions {
                        li { a href=(href) { (text) } }
                    }
                }
            }
            p { "Về " a href="/search" { "trang tìm kiếm" } "." }
        };
        let page = layout::page(title, Nav::None, body);
        (status, page).into_response()
    }
}

/// A search query that cannot be read, in Vietnamese.
pub fn query_message(e: &QueryError) -> String {
    match e {
        QueryError::Empty => "Câu truy vấn trống: hãy gõ vài từ, một \"cụm từ\" hoặc một bộ lọc như province:\"Kiên Giang\".".to_string(),
        QueryError::TooLong(n) => format!("Câu truy vấn dài {n} byte; tối đa là {} byte (khoảng mười trang đánh máy).", crate::index::query::MAX_QUERY_BYTES),
        QueryError::TooManyTerms(n) => format!("Câu truy vấn có {n} từ; tối đa là {}: hãy giữ lại những từ quan trọng.", crate::index::query::MAX_QUERY_TERMS),
        QueryError::UnclosedQuote(at) => format!("Thiếu dấu ngoặc kép đóng: cụm từ bắt đầu ở ký tự {at} chưa có dấu \" đóng."),
        QueryError::EmptyPhrase(at) => format!("Cụm từ rỗng \"\" ở ký tự {at}."),
        QueryError::MissingValue(f) => format!("Bộ lọc `{f}:` chưa có giá trị (viết {f}:GIÁ_TRỊ, đặt trong ngoặc kép nếu có dấu cách)."),
        QueryError::BadDate { field, value } => format!("`{field}:{value}` không phải là ngày: hãy viết theo dạng NĂM-THÁNG-NGÀY, ví dụ {field}:2022-03-22."),
        QueryError::UnknownType(t) => format!(
            "`type:{t}` không phải là loại văn bản; các loại: {}.",
            crate::extract::DocType::ALL.iter().map(|t| t.slug()).collect::<Vec<_>>().join(", ")
        ),
        QueryError::UnknownLevel(l) => format!("`level:{l}` không phải là cấp ban hành; các cấp: trung_uong, tinh, huyen, xa, khoi."),
        QueryError::OnlyExclusions => "Mọi từ đều bị loại trừ bằng dấu `-`: hãy thêm ít nhất một từ cần tìm.".to_string(),
        QueryError::NothingSearchable(s) => format!("Không có gì để tìm trong `{s}`: không có chữ hay chữ số."),
    }
}

impl From<IndexError> for WebError {
    fn from(e: IndexError) -> Self {
        match e {
            IndexError::Query(q) => WebError::BadRequest(query_message(&q)),
            IndexError::Limit(n) => {
                WebError::BadRequest(format!("Số kết quả mỗi trang ({n}) không hợp lệ."))
            }
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<GraphError> for WebError {
    fn from(e: GraphError) -> Self {
        match e {
            GraphError::UnknownReference {
                reference,
                suggestions,
            } => WebError::NotFound {
                message: format!(
                    "Không có văn bản nào mang số hiệu `{reference}`, và không văn bản nào trích dẫn số hiệu đó."
                ),
                suggestions: suggestions
                    .into_iter()
                    .map(|s| (s.clone(), super::fmt::ref_href(&s)))
                    .collect(),
            },
            GraphError::UnknownDocument { id, suggestions } => WebError::NotFound {
                message: format!("Không có văn bản nào có mã `{id}`."),
                suggestions: suggestions
                    .into_iter()
                    .map(|s| (s.clone(), super::fmt::doc_href(&s)))
                    .collect(),
            },
            GraphError::InvalidDepth { depth, max } => WebError::BadRequest(format!(
                "Độ sâu {depth} không hợp lệ: hãy dùng một số từ 0 đến {max}."
            )),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<TaskError> for WebError {
    fn from(e: TaskError) -> Self {
        match e {
            TaskError::UnknownOrgan { name, suggestions } => {
                let mut m =
                    format!("Không có cơ quan nào có tên hoặc mã `{name}` trong các nhiệm vụ.");
                if !suggestions.is_empty() {
                    m.push_str(&format!(" Có phải: {}?", suggestions.join(", ")));
                }
                WebError::BadRequest(m)
            }
            TaskError::Query(q) => WebError::BadRequest(query_message(&q)),
            TaskError::InvalidParameter { name, message } => {
                WebError::BadRequest(format!("Tham số `{name}` không hợp lệ ({message})."))
            }
            other => WebError::Internal(other.to_string()),
        }
    }
}

/// Helper for a 400 naming a parameter.
pub fn bad_param(name: &str, value: &str, expected: &str) -> WebError {
    WebError::BadRequest(format!(
        "Tham số `{name}` có giá trị `{value}` không hợp lệ: {expected}."
    ))
}
