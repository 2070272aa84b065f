//! Rate limits, counted in the database per bucket in one-minute slots summed over a sliding window, so that
//! they hold across server processes: the public application form counts every request per client address;
//! the login and the status lookup count failures only, per name (user name, tracking number) and per client
//! address, so that a user who mistypes is not locked out by others' successes and a guesser is stopped
//! whichever way it spreads its guesses.

use crate::AppState;
use crate::config::FailureLimit;
use crate::config::ServeConfig;
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use std::net::{IpAddr, SocketAddr};

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

/// The client's address: the connection's peer, or — when the peer is one of the configured trusted proxies —
/// the last address in the configured client header ("unknown" when the server runs without peer addresses).
pub fn client(parts: &Parts, config: &ServeConfig) -> String {
    let Some(peer) = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "unknown".into();
    };
    if !config.trusted_proxies.contains(&peer) {
        return peer.to_string();
    }
    parts
        .headers
        .get_all(config.client_ip_header.as_str())
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
        .to_string()
}

/// The one-minute slot `now` falls in, and the first slot of the sliding window of `minutes` that ends with it
/// (RFC 3339, UTC). Counting slots rather than fixed windows keeps a limit in every span of that length: a
/// fixed window would let twice the limit through around its edge.
fn span(now: DateTime<Utc>, minutes: i64) -> (String, String) {
    let secs = now.timestamp();
    let slot = secs - secs.rem_euclid(60);
    let since = slot - (minutes.max(1) - 1) * 60;
    let at = |t: i64| DateTime::from_timestamp(t, 0).unwrap_or(now).to_rfc3339();
    (at(slot), at(since))
}

/// Counts a request; `false` when the client is over the limit (or the count cannot be stored: refused
/// rather than unlimited).
pub async fn allow(state: &AppState, limit: Limit, client: &str) -> bool {
    let bucket = format!("{}:{client}", limit.name);
    let (slot, since) = span(state.today.now(), limit.minutes);
    state
        .store
        .hit(&bucket, &slot, &since, limit.per_window)
        .await
        .unwrap_or(false)
}

/// A failure-only bucket: what is counted and under which key.
fn failure_bucket(what: &str, key: &str) -> String {
    // Keys come from forms: bounded, so that a guess cannot grow the table's rows without limit.
    let key: String = key.chars().take(64).collect();
    format!("fail:{what}:{key}")
}

/// The buckets a guess is counted in: what is guessed (e.g. "login-user") with its key, and its limit.
pub type Buckets<'a> = [(&'static str, &'a str, FailureLimit)];

/// The first bucket whose failures have reached its limit in the current window (nothing is counted). A count
/// that cannot be read refuses rather than lets through.
pub async fn over(state: &AppState, buckets: &Buckets<'_>) -> Option<FailureLimit> {
    for &(what, key, limit) in buckets {
        let (_, since) = span(state.today.now(), limit.minutes);
        let hits = state.store.hits(&failure_bucket(what, key), &since).await;
        if hits.map_or(true, |n| n >= limit.per_window) {
            return Some(limit);
        }
    }
    None
}

/// Counts one failure in each bucket.
pub async fn failed(state: &AppState, buckets: &Buckets<'_>) {
    for &(what, key, limit) in buckets {
        let (slot, since) = span(state.today.now(), limit.minutes);
        let _ = state
            .store
            .hit(&failure_bucket(what, key), &slot, &since, limit.per_window)
            .await;
    }
}

/// The message shown when failures have reached a limit.
pub fn failures_message(limit: FailureLimit) -> String {
    format!(
        "失败次数过多：每 {} 分钟内最多可失败 {} 次，请稍后再试。",
        limit.minutes, limit.per_window
    )
}

/// The message shown over the limit.
pub fn message(limit: Limit) -> String {
    format!(
        "提交过于频繁：同一地址每 {} 分钟最多 {} 次，请稍后再试。",
        limit.minutes, limit.per_window
    )
}
