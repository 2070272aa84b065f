//! The access log on standard error: time, method, path, status and duration — never the query string, a form
//! or a header, which may carry an applicant's name, an identity number or a secret. Case numbers in paths
//! are not personal data.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// Logs one request after it is answered.
pub async fn log(req: Request, next: Next) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let started = Instant::now();
    let resp = next.run(req).await;
    eprintln!(
        "{} {method} {path} {} {:.1}ms",
        chrono::Utc::now()
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
            .format("%Y-%m-%d %H:%M:%S%:z"),
        resp.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    resp
}
