//! The access log: request id, method, path, status and duration — never the query string, a form or a header,
//! which may carry an applicant's name, an identity number or a secret. Case numbers in paths are not personal
//! data. Each request gets an id, given back in `X-Request-Id` and named in its log line; an id set by the proxy
//! in front (nginx's `$request_id`) is kept, so that both logs name the same request.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// The header carrying the request id.
pub const REQUEST_ID: &str = "x-request-id";

/// An id the proxy sent, if it is a plain token (never text that could forge a log line).
fn given_id(req: &Request) -> Option<String> {
    let id = req.headers().get(REQUEST_ID)?.to_str().ok()?;
    (!id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then(|| id.to_string())
}

/// Logs one request after it is answered.
pub async fn log(req: Request, next: Next) -> Response {
    let id = given_id(&req).unwrap_or_else(|| format!("{:016x}", rand::random::<u64>()));
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let started = Instant::now();
    let mut resp = next.run(req).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        target: "access",
        request_id = %id,
        method = %method,
        path = %path,
        status = resp.status().as_u16(),
        ms = (ms * 10.0).round() / 10.0,
    );
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(REQUEST_ID, v);
    }
    resp
}
