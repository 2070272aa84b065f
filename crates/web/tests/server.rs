//! The server's own answers (issue 19): connections that send nothing are closed, idle kept-alive connections
//! too; absolute links come from the configured address, not the Host header; HSTS over TLS only; and the
//! requests axum refuses before a handler are refused in Chinese.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use gongkai_web::config::ServeConfig;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Reads until the server closes the connection (or 10 s pass); returns what was read and how long it took.
async fn read_to_close(stream: &mut tokio::net::TcpStream) -> (String, Duration) {
    let start = Instant::now();
    let mut all = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => all.extend_from_slice(&buf[..n]),
        }
    }
    (String::from_utf8_lossy(&all).into_owned(), start.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_and_idle_connections_are_closed() {
    let site = site().await;
    let config = ServeConfig {
        header_read_timeout: Duration::from_secs(1),
        ..Default::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = site.app.clone();
    let server = tokio::spawn(async move {
        gongkai_web::server::serve_router(listener, app, &config, async {
            let _ = stopped.await;
        })
        .await;
    });

    // No bytes at all: closed after the header timeout, not left open.
    let mut silent = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (_, waited) = read_to_close(&mut silent).await;
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    // Half a request line, then nothing: the same.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let (_, waited) = read_to_close(&mut slow).await;
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    // One whole request answered, then the kept-alive connection is closed when idle.
    let mut kept = tokio::net::TcpStream::connect(addr).await.unwrap();
    kept.write_all(b"GET /static/site.css HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (answer, waited) = read_to_close(&mut kept).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    // The server still answers, and stops when told.
    let mut again = tokio::net::TcpStream::connect(addr).await.unwrap();
    again
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (answer, _) = read_to_close(&mut again).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn links_come_from_the_configured_address_and_hsts_from_tls() {
    let config = ServeConfig {
        public_url: "https://xxgk.example.gov.cn".into(),
        ..Default::default()
    };
    let site = site_with(gongkai_testkit::today(), config).await;
    let req = Request::get("/sitemap.xml")
        .header(header::HOST, "evil.example.com")
        .header("x-forwarded-proto", "http")
        .body(Body::empty())
        .unwrap();
    let (status, xml, headers) = send(&site.app, req).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        xml.contains("<loc>https://xxgk.example.gov.cn/xxgk</loc>"),
        "{xml}"
    );
    assert!(!xml.contains("evil"), "{xml}");
    assert_eq!(
        headers[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
    // Served over plain HTTP: no HSTS (a browser would ignore it, and it would lock out a test site).
    let plain = common::site().await;
    let (_, xml, headers) = send(&plain.app, get("/sitemap.xml", None)).await;
    assert!(xml.contains("<loc>http://127.0.0.1:8080/</loc>"), "{xml}");
    assert!(!headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn refusals_before_a_handler_are_in_chinese() {
    let site = site().await;
    let cookie = login(&site, "staff").await;
    let english = [
        "Failed",
        "Invalid",
        "deserialize",
        "Error parsing",
        "buffer",
    ];
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        // A query that does not parse.
        (
            get("/staff/report?year=abc", Some(&cookie)),
            StatusCode::BAD_REQUEST,
            "请求无法识别",
        ),
        // A form over the body limit.
        (
            post("/apply", &[("description", &"字".repeat(40_000))], None),
            StatusCode::PAYLOAD_TOO_LARGE,
            "提交的内容过大",
        ),
        // A wrong method.
        (
            Request::delete("/apply").body(Body::empty()).unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
            "不支持这种请求方式",
        ),
        // A multipart upload that is not multipart.
        (
            Request::post("/staff/import")
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "multipart/form-data")
                .body(Body::from("x"))
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "请使用本网站页面上的表单上传文件",
        ),
    ];
    for (req, expected, words) in cases {
        let what = format!("{} {}", req.method(), req.uri());
        let (status, page, headers) = send(&site.app, req).await;
        assert_eq!(status, expected, "{what}: {page}");
        assert!(page.contains(words), "{what}: {page}");
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{what}"
        );
        for e in english {
            assert!(!page.contains(e), "{what}: {page}");
        }
    }
    // The API answers JSON, in Chinese.
    let token = common::token(&site, "staff", "测试").await;
    let req = Request::get("/api/reports/abc")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let (status, body) = call(&site.app, req).await;
    assert!(status.is_client_error(), "{status} {body}");
    let error = body["error"].as_str().unwrap();
    assert!(!english.iter().any(|e| error.contains(e)), "{error}");
    assert!(
        error
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{error}"
    );
}
