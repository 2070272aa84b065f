//! Hostile files through the server's upload routes: each is refused with a Chinese message naming the limit,
//! nothing is stored, and the server keeps answering. (Issue 19's first two findings: a 1.5 KB XLSX with cells
//! A1 and XFD1048576 made calamine allocate ~550 GB; 20,000 nested `<div>` overflowed a worker's stack.)

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use gongkai_testkit::hostile::{nested_html, xlsx_with_cells};

fn upload(path: &str, token: &str, name: &str, bytes: Vec<u8>) -> Request<Body> {
    Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header("x-file-name", enc(name))
        .body(Body::from(bytes))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_workbooks_and_pages_are_refused_and_the_server_answers() {
    let site = site().await;
    let office = common::token(&site, "office", "测试").await;
    let supervisor = common::token(&site, "supervisor", "测试").await;
    let far = xlsx_with_cells(&[("A1", "编号"), ("XFD1048576", "x")]);
    assert!(far.len() < 2_000);
    for (path, token) in [
        ("/api/import", &office),
        ("/api/catalogue/import", &office),
        ("/api/supervise/reports", &supervisor),
    ] {
        let (status, v) = call(&site.app, upload(path, token, "far.xlsx", far.clone())).await;
        // The batch upload of reports answers per file: the file listed as failed, nothing stored.
        let refused = status.is_client_error() || (status.is_success() && v["new_reports"] == 0);
        let text = v.to_string();
        assert!(refused, "{path}: {status} {text}");
        assert!(
            text.contains("A1:XFD1048576") && text.contains("上限"),
            "{path}: {text}"
        );
    }
    // The staff page's upload form too.
    let cookie = login(&site, "office").await;
    let (_, page, _) = send(&site.app, get("/staff/import", Some(&cookie))).await;
    let req = multipart(
        "/staff/import",
        &cookie,
        &csrf_of(&page),
        "file",
        &[("far.xlsx", &far)],
    );
    let (status, html, _) = send(&site.app, req).await;
    assert!(status.is_client_error(), "{status}");
    assert!(html.contains("XFD1048576"), "{html}");
    assert!(
        site.store.applications(false).await.unwrap().is_empty(),
        "nothing stored"
    );

    // 20,000 nested <div>: read (its text kept) or refused as not a report, never a crash.
    let deep = nested_html(20_000).into_bytes();
    let (status, v) = call(
        &site.app,
        upload("/api/supervise/reports", &supervisor, "deep.html", deep),
    )
    .await;
    assert!(
        status.is_success() || status.is_client_error(),
        "{status} {v}"
    );

    // Still answering.
    let (status, _) = call(&site.app, api("GET", "/api/cases", Some(&office), None)).await;
    assert_eq!(status, StatusCode::OK);
}

/// `/staff/report?year=262144` (and the edit page, the download, a cell) answered the year outside the
/// reports' range with a Chinese 400, not a panic.
#[tokio::test]
async fn a_year_out_of_range_is_a_chinese_400() {
    let site = site().await;
    let cookie = login(&site, "office").await;
    for path in [
        "/staff/report?year=262144",
        "/staff/report/edit?year=262144",
        "/staff/report/download?year=262144&format=pdf",
        "/staff/report/cases?year=-5&row=granted&col=0",
        "/staff/report?year=2007",
    ] {
        let (status, html, _) = send(&site.app, get(path, Some(&cookie))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(html.contains("不在 2008 至 2100 年之间"), "{path}: {html}");
    }
    let (status, _, _) = send(&site.app, get("/staff/report?year=2025", Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
}

/// Every role can log out with its own form token; the session ends at once.
#[tokio::test]
async fn every_role_logs_out() {
    let site = site().await;
    for (user, home) in [
        ("supervisor", "/supervise"),
        ("office", "/staff"),
        ("staff", "/staff"),
    ] {
        let cookie = login(&site, user).await;
        let (status, html, _) = send(&site.app, get(home, Some(&cookie))).await;
        assert_eq!(status, StatusCode::OK, "{user}");
        let csrf = csrf_of(&html);
        let (status, _, headers) = send(
            &site.app,
            post("/staff/logout", &[("csrf", &csrf)], Some(&cookie)),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{user}");
        assert!(
            headers[header::SET_COOKIE]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        let (status, _, headers) = send(&site.app, get(home, Some(&cookie))).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "{user}: the old session is gone"
        );
        assert_eq!(headers[header::LOCATION], "/staff/login");
    }
}

/// Pages with personal data, secrets or a session's work are never cached; the public guide may be.
#[tokio::test]
async fn personal_pages_are_not_cached() {
    let site = site().await;
    let (tracking, secret) = apply(&site).await;
    let cookie = login(&site, "office").await;
    let status = post(
        "/status",
        &[("tracking", &tracking), ("secret", &secret)],
        None,
    );
    let (_, _, h) = send(&site.app, status).await;
    assert_eq!(h[header::CACHE_CONTROL], "no-store", "status page");
    for path in [
        format!("/staff/cases/{tracking}"),
        "/staff".to_string(),
        "/staff/audit".to_string(),
        "/apply".to_string(),
    ] {
        let (_, _, h) = send(&site.app, get(&path, Some(&cookie))).await;
        assert_eq!(h[header::CACHE_CONTROL], "no-store", "{path}");
    }
    let (_, _, h) = send(&site.app, get("/", None)).await;
    assert!(h.get(header::CACHE_CONTROL).is_none_or(|v| v != "no-store"));
}

/// Reading a case through the API names its applicant: the read is in the audit log.
#[tokio::test]
async fn an_api_read_of_a_case_is_audited() {
    let site = site().await;
    let tracking = submit_application(&site).await;
    let token = common::token(&site, "staff", "测试").await;
    let (status, v) = call(
        &site.app,
        api("GET", &format!("/api/cases/{tracking}"), Some(&token), None),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["case"]["applicant_name"], "张三");
    let log = site.store.audit_log(50).await.unwrap();
    assert!(
        log.iter().any(|e| e.subject == tracking
            && e.action == "查看案件（含申请人姓名或名称）"
            && e.username == "staff"),
        "{log:?}"
    );
}

/// Case numbers are checked where they come in: a control character, U+202E, “/” or 5,000 characters is a
/// Chinese 4xx and nothing is stored (a step on such a case answered 500 before).
#[tokio::test]
async fn hostile_case_numbers_are_refused() {
    let site = site().await;
    let office = common::token(&site, "office", "测试").await;
    let long = "号".repeat(5_000);
    for (id, words) in [
        ("A\u{1}B", "控制字符"),
        ("A\u{202E}B", "显示方向"),
        ("2026/1", "“/”"),
        (long.as_str(), "超过 64 个字符"),
    ] {
        let case = serde_json::json!({
            "id": id, "applicant": "natural_person", "applicant_name": "张三",
            "channel": "online", "received": "2026-03-02", "content": "本局预算"
        });
        let (status, body) = call(
            &site.app,
            api("POST", "/api/cases", Some(&office), Some(case)),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{words}: {body}");
        assert!(body["error"].as_str().unwrap().contains(words), "{body}");
    }
    assert!(site.store.applications(false).await.unwrap().is_empty());
}

/// A page of 14,400 × 14,400 points (822 MB as an image at 72 dpi) is not drawn; an A4 page is, a pixel a
/// point.
#[test]
fn an_enormous_page_is_not_drawn() {
    use gongkai_testkit::hostile::pdf_page_of_size;
    use gongkai_web::supervise::document::page_png;
    let e = page_png(&pdf_page_of_size(14_400, 14_400), 1).unwrap_err();
    assert!(
        e.contains("14400 × 14400 点") && e.contains("不予绘制"),
        "{e}"
    );
    let (png, w, h) = page_png(&pdf_page_of_size(595, 842), 1).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    assert_eq!((w, h), (595, 842));
}
