//! `/healthz` and `/readyz` for the IT staff: answered on the machine itself (a loopback client) and to an
//! administrator's API token; a client from outside — directly or through the trusted reverse proxy — gets 404.
//! `/readyz` says the database's schema version.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::*;
use std::net::SocketAddr;

fn from(path: &str, peer: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut r = Request::get(path);
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    let mut r = r.body(Body::empty()).unwrap();
    let peer: SocketAddr = peer.parse().unwrap();
    r.extensions_mut().insert(ConnectInfo(peer));
    r
}

#[tokio::test]
async fn health_is_told_to_the_machine_and_the_administrator_only() {
    let config = gongkai_web::config::ServeConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        client_ip_header: "x-forwarded-for".into(),
        ..Default::default()
    };
    let site = site_with(gongkai_testkit::today(), config).await;
    // On the machine itself.
    let (status, body, headers) = send(&site.app, from("/healthz", "127.0.0.1:50000", &[])).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok\n"));
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let (status, body, _) = send(&site.app, from("/readyz", "[::1]:50000", &[])).await;
    assert_eq!(status, StatusCode::OK);
    let (applied, expected) = site.store.schema_versions().await.unwrap();
    assert_eq!(applied, expected);
    assert!(expected >= 14, "{expected}");
    assert_eq!(body, format!("ok：数据库可用，结构版本 {expected}\n"));
    // From outside, directly or through the proxy: nothing to see.
    for (peer, forwarded) in [
        ("203.0.113.5:40000", None),
        ("127.0.0.1:40000", Some("203.0.113.5")),
    ] {
        for path in ["/healthz", "/readyz"] {
            let headers: Vec<(&str, &str)> = forwarded
                .map(|f| ("x-forwarded-for", f))
                .into_iter()
                .collect();
            let (status, body, _) = send(&site.app, from(path, peer, &headers)).await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{path} from {peer} {forwarded:?}: {body}"
            );
        }
    }
    // An administrator's token opens it from anywhere; another role's token does not.
    gongkai_web::agency::add_user(&site.store, "root", "admin", "系统管理员", false)
        .await
        .unwrap();
    let admin = common::token(&site, "root", "监控").await;
    let staff = common::token(&site, "staff", "统计").await;
    for (token, expected) in [(admin, StatusCode::OK), (staff, StatusCode::NOT_FOUND)] {
        let auth = format!("Bearer {token}");
        let (status, _, _) = send(
            &site.app,
            from("/readyz", "203.0.113.5:40000", &[("authorization", &auth)]),
        )
        .await;
        assert_eq!(status, expected);
    }
}
