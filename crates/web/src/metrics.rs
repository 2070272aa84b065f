//! `/metrics` in the Prometheus text format (prometheus-client's OpenMetrics encoder), for the IT staff's
//! monitoring: requests by route and status, their latency, the database pool, the open, overdue and paused
//! cases of the agency and the reports stored for supervision. Shown only where health is (loopback or an
//! administrator's token). Routes are labelled by their pattern (`/staff/cases/{id}`), never by the path a
//! client sent, so that the number of series stays bounded.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::time::Instant;

type Labels = Vec<(String, String)>;

/// The request metrics kept while the process runs.
pub struct Metrics {
    requests: Family<Labels, Counter>,
    latency: Family<Labels, Histogram, fn() -> Histogram>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics {
            requests: Family::default(),
            // 5 ms to about 10 s.
            latency: Family::new_with_constructor(|| {
                Histogram::new(exponential_buckets(0.005, 2.0, 12))
            }),
        }
    }
}

/// Counts and times each request under its route's pattern.
pub async fn record(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let method = req.method().to_string();
    let started = Instant::now();
    let resp = next.run(req).await;
    let m = &state.metrics;
    m.requests
        .get_or_create(&vec![
            ("route".into(), route.clone()),
            ("method".into(), method),
            ("status".into(), resp.status().as_u16().to_string()),
        ])
        .inc();
    m.latency
        .get_or_create(&vec![("route".into(), route)])
        .observe(started.elapsed().as_secs_f64());
    resp
}

fn gauge(registry: &mut Registry, name: &str, help: &str, labels: Labels, value: i64) {
    let family = Family::<Labels, Gauge>::default();
    family.get_or_create(&labels).set(value);
    registry.register(name, help, family);
}

/// GET /metrics.
pub async fn metrics(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    if !crate::health::allowed(&state, &parts).await {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut registry = Registry::with_prefix("gongkai");
    let m = &state.metrics;
    registry.register(
        "http_requests",
        "Requests answered, by route pattern, method and status",
        m.requests.clone(),
    );
    registry.register(
        "http_request_duration_seconds",
        "Time to answer a request, by route pattern",
        m.latency.clone(),
    );
    let pool = state.store.pool();
    let idle = i64::try_from(pool.num_idle()).unwrap_or(i64::MAX);
    let size = i64::from(pool.size());
    for (kind, value) in [("idle", idle), ("in_use", (size - idle).max(0))] {
        gauge(
            &mut registry,
            &format!("db_pool_connections_{kind}"),
            "Database connections of the pool",
            Vec::new(),
            value,
        );
    }
    let agency = crate::portal::agency(&state).await.name;
    let today = state.today();
    match state.store.due_summary(today, today).await {
        Ok(s) => {
            for (name, help, value) in [
                ("cases_open", "Applications not yet answered", s.open),
                (
                    "cases_overdue",
                    "Open applications past their due date",
                    s.overdue,
                ),
                (
                    "cases_paused",
                    "Open applications whose clock is paused",
                    s.paused,
                ),
            ] {
                gauge(
                    &mut registry,
                    name,
                    help,
                    vec![("agency".into(), agency.clone())],
                    value,
                );
            }
        }
        Err(e) => tracing::warn!("监控指标：无法统计案件（{e}）"),
    }
    match state.store.supervision_counts().await {
        Ok((reports, versions)) => {
            gauge(
                &mut registry,
                "supervision_reports",
                "Reports stored for supervision",
                Vec::new(),
                reports,
            );
            gauge(
                &mut registry,
                "supervision_report_versions",
                "Versions of those reports ingested",
                Vec::new(),
                versions,
            );
        }
        Err(e) => tracing::warn!("监控指标：无法统计监督报告（{e}）"),
    }
    let mut body = String::new();
    if prometheus_client::encoding::text::encode(&mut body, &registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
