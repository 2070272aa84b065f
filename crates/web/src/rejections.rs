//! Chinese answers for the requests axum refuses before a handler runs (a form or query that does not parse,
//! a body over its limit or too slow, a wrong method, a malformed multipart upload): their English plain-text
//! bodies are replaced by the site's problem page, or by the API's JSON error under /api.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What a refusal of `status` means, in the words of the site.
fn message(status: StatusCode) -> String {
    match status {
        StatusCode::BAD_REQUEST => {
            "请求无法识别：地址中的参数、表单或上传的文件格式不正确（或上传中断），未作处理。".into()
        }
        StatusCode::METHOD_NOT_ALLOWED => "该地址不支持这种请求方式。".into(),
        StatusCode::REQUEST_TIMEOUT => "请求超时：提交的内容传送过慢，未作处理。".into(),
        StatusCode::PAYLOAD_TOO_LARGE => "提交的内容过大，超过本页面允许的大小，未作处理。".into(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "提交内容的类型不受支持（表单应为 application/x-www-form-urlencoded 或 multipart/form-data，接口应为 application/json）。".into()
        }
        StatusCode::SERVICE_UNAVAILABLE => "服务器繁忙，本次请求未能在规定时间内处理完毕，请稍后再试。".into(),
        StatusCode::UNPROCESSABLE_ENTITY => "提交的内容无法识别（字段或格式不正确），未作处理。".into(),
        s => format!("请求无法处理（HTTP {}）。", s.as_u16()),
    }
}

/// Whether a response is one of axum's own refusals: an error status with a plain-text or empty body (every
/// page and API answer of gongkai's is HTML or JSON).
fn is_framework_refusal(resp: &Response) -> bool {
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) || status == StatusCode::NOT_FOUND {
        return false;
    }
    match resp.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(t) => t.to_str().is_ok_and(|t| t.starts_with("text/plain")),
    }
}

/// The middleware.
pub async fn in_chinese(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    if !is_framework_refusal(&resp) {
        return resp;
    }
    let status = resp.status();
    let allow = resp.headers().get(header::ALLOW).cloned();
    let mut out = if api {
        (
            status,
            axum::Json(serde_json::json!({ "error": message(status) })),
        )
            .into_response()
    } else {
        crate::portal::problem(status, crate::portal::agency(&state).await, message(status))
    };
    if let Some(a) = allow {
        out.headers_mut().insert(header::ALLOW, a);
    }
    out
}
