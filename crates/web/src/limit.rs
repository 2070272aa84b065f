//! Rate limits of the public application form and the staff login, counted in the database per client
//! address and window, so that they hold across server processes.

use crate::AppState;
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use std::net::SocketAddr;

/// A limit: requests per window of `minutes`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// What is limited (part of the bucket's name).
    pub name: &'static str,
    /// Requests allowed per window.
    pub per_window: i64,
    /// Window length in minutes.
    pub minutes: i64,
}

/// Applications per client address.
pub const APPLY: Limit = Limit {
    name: "apply",
    per_window: 10,
    minutes: 60,
};
/// Login attempts per client address.
pub const LOGIN: Limit = Limit {
    name: "login",
    per_window: 10,
    minutes: 15,
};

/// The client's address as the connection gives it ("unknown" when the server runs without it).
pub fn client(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

/// The start of the window that `now` falls in.
fn window(now: DateTime<Utc>, minutes: i64) -> String {
    let secs = now.timestamp();
    let start = secs - secs.rem_euclid(minutes * 60);
    DateTime::from_timestamp(start, 0)
        .unwrap_or(now)
        .to_rfc3339()
}

/// Counts a request; `false` when the client is over the limit (or the count cannot be stored: refused
/// rather than unlimited).
pub async fn allow(state: &AppState, limit: Limit, client: &str) -> bool {
    let bucket = format!("{}:{client}", limit.name);
    state
        .store
        .hit(
            &bucket,
            &window(Utc::now(), limit.minutes),
            limit.per_window,
        )
        .await
        .unwrap_or(false)
}

/// The message shown over the limit.
pub fn message(limit: Limit) -> String {
    format!(
        "提交过于频繁：同一地址每 {} 分钟最多 {} 次，请稍后再试。",
        limit.minutes, limit.per_window
    )
}
