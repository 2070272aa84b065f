//! `/metrics` for the IT staff's Prometheus: the scrape parses as the Prometheus text format, counts requests by
//! route pattern and status, times them, and gives the agency's open, overdue and paused cases; it is hidden
//! from clients outside the machine as health is. The scrape is read by Python's prometheus_client, the reference
//! OpenMetrics parser, which refuses any malformed line (the Rust parsers tried skip what they cannot read).

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use chrono::{Days, NaiveDate};
use common::*;
use gongkai_ledger::case::{ApplicantType, Application, Channel, Event, EventKind};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

fn from(path: &str, peer: &str) -> Request<Body> {
    let mut r = Request::get(path).body(Body::empty()).unwrap();
    r.extensions_mut()
        .insert(ConnectInfo(peer.parse::<std::net::SocketAddr>().unwrap()));
    r
}

fn case(id: &str, received: NaiveDate, events: Vec<(NaiveDate, EventKind)>) -> Application {
    Application {
        id: id.into(),
        applicant: ApplicantType::NaturalPerson,
        applicant_name: "张三".into(),
        channel: Channel::Online,
        received,
        content: "某项信息".into(),
        events: events
            .into_iter()
            .map(|(date, kind)| Event { date, kind })
            .collect(),
    }
}

/// Every sample of a scrape as the reference parser reads it: name, labels and value.
fn parse(body: &str) -> Vec<Value> {
    let script = "import sys, json\n\
from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse\n\
print(json.dumps([{'name': s.name, 'labels': s.labels, 'value': s.value} \
for f in parse(sys.stdin.read()) for s in f.samples]))";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the reference parser refused the scrape: {}\n{body}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn value(samples: &[Value], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|s| s["name"] == name && labels.iter().all(|(k, v)| s["labels"][k] == *v))
        .map(|s| s["value"].as_f64().unwrap())
}

#[tokio::test]
#[ignore = "needs Python's prometheus_client, the reference OpenMetrics parser (bash .ci/run installs it)"]
async fn a_scrape_parses_and_counts_requests_and_cases() {
    let today = gongkai_testkit::today();
    let site = site_with(today, Default::default()).await;
    let ago = |days| today.checked_sub_days(Days::new(days)).unwrap();
    site.store
        .add_applications(
            &[
                case("2026-001", ago(90), vec![]),
                case("2026-002", ago(80), vec![]),
                case("2026-003", today, vec![]),
                case(
                    "2026-004",
                    ago(5),
                    vec![(ago(3), EventKind::CorrectionRequested)],
                ),
                case("2026-005", ago(60), vec![(ago(50), EventKind::Withdrawn)]),
            ],
            today,
        )
        .await
        .unwrap();
    for path in ["/", "/", "/apply", "/no-such/page", "/staff/cases/2026-001"] {
        send(&site.app, from(path, "127.0.0.1:50000")).await;
    }
    let (status, body, headers) = send(&site.app, from("/metrics", "127.0.0.1:50000")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .contains("openmetrics-text")
    );
    let scrape = parse(&body);
    let requests = |route: &str, status: &str| {
        value(
            &scrape,
            "gongkai_http_requests_total",
            &[("route", route), ("method", "GET"), ("status", status)],
        )
    };
    assert_eq!(requests("/", "200"), Some(2.0), "{body}");
    assert_eq!(requests("/apply", "200"), Some(1.0), "{body}");
    assert_eq!(requests("unmatched", "404"), Some(1.0), "{body}");
    assert_eq!(
        requests("/staff/cases/{id}", "303"),
        Some(1.0),
        "a case page by its pattern, not its number: {body}"
    );
    assert!(!body.contains("2026-001"), "{body}");
    let latency = |suffix: &str, le: Option<&str>| {
        let mut labels = vec![("route", "/")];
        labels.extend(le.map(|le| ("le", le)));
        value(
            &scrape,
            &format!("gongkai_http_request_duration_seconds_{suffix}"),
            &labels,
        )
    };
    assert_eq!(latency("count", None), Some(2.0), "{body}");
    assert_eq!(latency("bucket", Some("+Inf")), Some(2.0), "{body}");
    assert!(latency("sum", None).unwrap() > 0.0, "{body}");
    let agency = [("agency", "示例市示例局")];
    assert_eq!(
        value(&scrape, "gongkai_cases_open", &agency),
        Some(4.0),
        "{body}"
    );
    assert_eq!(
        value(&scrape, "gongkai_cases_overdue", &agency),
        Some(2.0),
        "{body}"
    );
    assert_eq!(
        value(&scrape, "gongkai_cases_paused", &agency),
        Some(1.0),
        "{body}"
    );
    assert_eq!(
        value(&scrape, "gongkai_supervision_reports", &[]),
        Some(0.0),
        "{body}"
    );
    let in_use = value(&scrape, "gongkai_db_pool_connections_in_use", &[]).unwrap();
    let idle = value(&scrape, "gongkai_db_pool_connections_idle", &[]).unwrap();
    assert!(in_use + idle >= 1.0, "{body}");
    // From outside, nothing.
    let (status, _, _) = send(&site.app, from("/metrics", "203.0.113.5:40000")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
