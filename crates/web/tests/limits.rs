//! Guessing attacks on the login and the status lookup (issue 19): failures only are limited, per name and per
//! client; the client is the peer unless the peer is a configured proxy; and an unknown name costs the same work
//! as a wrong secret, so that timing does not tell which names exist.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::*;
use gongkai_web::config::{FailureLimit, Limits, ServeConfig};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// A request as it arrives from `peer`, optionally through a proxy that names the client in X-Forwarded-For.
fn from(mut req: Request<Body>, peer: &str, forwarded: Option<&str>) -> Request<Body> {
    req.extensions_mut()
        .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    if let Some(f) = forwarded {
        req.headers_mut()
            .insert("x-forwarded-for", f.parse().unwrap());
    }
    req
}

fn login_form(user: &str, password: &str) -> Request<Body> {
    post(
        "/staff/login",
        &[("username", user), ("password", password)],
        None,
    )
}

fn lookup(tracking: &str, secret: &str) -> Request<Body> {
    post(
        "/status",
        &[("tracking", tracking), ("secret", secret)],
        None,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_are_limited_per_name_and_per_client_and_successes_are_not() {
    let site = site().await;
    let pw = site.passwords["office"].clone();
    let me = "10.0.0.5:40000";
    // Successes do not count: fifteen logins in a row (the per-user limit is ten failures).
    for _ in 0..15 {
        let (status, _, _) = send(&site.app, from(login_form("office", &pw), me, None)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    // Ten wrong passwords for one user from ten addresses: the eleventh try is refused even with the right
    // password, and says so in Chinese; other users are not affected.
    for i in 0..10 {
        let (status, _, _) = send(
            &site.app,
            from(
                login_form("office", "wrong"),
                &format!("10.0.1.{i}:1"),
                None,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, page, _) = send(&site.app, from(login_form("office", &pw), me, None)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        page.contains("登录失败次数过多：每 15 分钟内最多可失败 10 次"),
        "{page}"
    );
    let staff = site.passwords["staff"].clone();
    let (status, _, _) = send(&site.app, from(login_form("staff", &staff), me, None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // One client guessing user names: thirty failures, then refused whatever name it tries.
    let guesser = "10.0.2.9:5555";
    for i in 0..30 {
        let (status, _, _) = send(
            &site.app,
            from(login_form(&format!("user{i}"), "x"), guesser, None),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "try {i}");
    }
    let (status, _, _) = send(&site.app, from(login_form("staff", &staff), guesser, None)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // The status lookup: ten wrong secrets for one number lock that number (from any address) but not others.
    let (mine, secret) = apply(&site).await;
    let (other, other_secret) = apply(&site).await;
    for i in 0..10 {
        let (status, _, _) = send(
            &site.app,
            from(
                lookup(&mine, "WRONGSECRET2"),
                &format!("10.0.3.{i}:1"),
                None,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, page, _) = send(&site.app, from(lookup(&mine, &secret), me, None)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("查询失败次数过多"), "{page}");
    let (status, _, _) = send(&site.app, from(lookup(&other, &other_secret), me, None)).await;
    assert_eq!(status, StatusCode::OK);
    // One client enumerating numbers: thirty misses, then refused.
    for i in 0..30 {
        let (status, _, _) = send(
            &site.app,
            from(lookup(&format!("YSQ20261201{i:06}"), "X"), guesser, None),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _, _) = send(
        &site.app,
        from(lookup(&other, &other_secret), guesser, None),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_address_comes_from_a_trusted_proxy_only() {
    let config = ServeConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    };
    let site = site_with(gongkai_testkit::today(), config).await;
    let staff = site.passwords["staff"].clone();
    // Behind the proxy, one guessing client is stopped without locking out another client.
    for i in 0..30 {
        let req = login_form(&format!("user{i}"), "x");
        let (status, _, _) =
            send(&site.app, from(req, "127.0.0.1:9000", Some("203.0.113.7"))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let blocked = from(
        login_form("staff", &staff),
        "127.0.0.1:9000",
        Some("198.51.100.1, 203.0.113.7"),
    );
    assert_eq!(
        send(&site.app, blocked).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let other = from(
        login_form("staff", &staff),
        "127.0.0.1:9000",
        Some("198.51.100.1"),
    );
    assert_eq!(send(&site.app, other).await.0, StatusCode::SEE_OTHER);

    // A peer that is not the proxy cannot choose its address by the header: its failures are its own.
    for i in 0..30 {
        let req = login_form(&format!("name{i}"), "x");
        let forged = format!("192.0.2.{i}");
        let (status, _, _) = send(&site.app, from(req, "10.9.9.9:1", Some(&forged))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let req = from(
        login_form("staff", &staff),
        "10.9.9.9:1",
        Some("192.0.2.200"),
    );
    assert_eq!(send(&site.app, req).await.0, StatusCode::TOO_MANY_REQUESTS);
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Times `n` pairs of requests, interleaved so that drift hits both alike; returns the two medians.
async fn medians(
    site: &Site,
    n: usize,
    a: impl Fn(usize) -> Request<Body>,
    b: impl Fn(usize) -> Request<Body>,
    expected: StatusCode,
) -> (Duration, Duration) {
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for i in 0..n {
        for (req, times) in [(a(i), &mut ta), (b(i), &mut tb)] {
            let start = Instant::now();
            let (status, _, _) = send(&site.app, req).await;
            times.push(start.elapsed());
            assert_eq!(status, expected);
        }
    }
    (median(ta), median(tb))
}

/// Whether two medians are within `tolerance` of the larger.
fn close(a: Duration, b: Duration, tolerance: f64) -> bool {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    (hi - lo).as_secs_f64() <= tolerance * hi.as_secs_f64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_names_take_as_long_as_wrong_secrets() {
    let unlimited = FailureLimit {
        per_window: 1_000_000,
        minutes: 15,
    };
    let config = ServeConfig {
        limits: Limits {
            login_per_user: unlimited,
            login_per_client: unlimited,
            status_per_number: unlimited,
            status_per_client: unlimited,
        },
        ..Default::default()
    };
    let site = site_with(gongkai_testkit::today(), config).await;
    let (tracking, _) = apply(&site).await;
    let (existing, missing) = medians(
        &site,
        500,
        |_| lookup(&tracking, "WRONGSECRET2"),
        |i| lookup(&format!("YSQ20260101{i:06}"), "WRONGSECRET2"),
        StatusCode::NOT_FOUND,
    )
    .await;
    eprintln!("status lookup, median: existing number {existing:?}, missing number {missing:?}");
    assert!(
        close(existing, missing, 0.25),
        "{existing:?} vs {missing:?}"
    );

    let (known, unknown) = medians(
        &site,
        500,
        |_| login_form("office", "wrong password"),
        |i| login_form(&format!("nobody{i}"), "wrong password"),
        StatusCode::UNAUTHORIZED,
    )
    .await;
    eprintln!("login, median: existing user {known:?}, unknown user {unknown:?}");
    assert!(close(known, unknown, 0.25), "{known:?} vs {unknown:?}");
}
