//! The JSON API end to end: tokens (made, refused when wrong or revoked), the session cookie with its CSRF
//! header, a case registered, stepped and answered through the API, the due list, the report's cell listing
//! the case, 表二 and prose, exports, notices, import, the audit log; bad input of every kind answered with a
//! Chinese JSON error and nothing stored; and every operation of /api/openapi.json served.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use serde_json::json;

#[tokio::test]
async fn a_case_through_the_api_from_registration_to_the_report_cell() {
    let site = site().await;
    let token = common::token(&site, "staff", "测试程序").await;
    assert!(token.starts_with("gk_") && token.len() > 40);
    let t = Some(token.as_str());
    // No token, a wrong one: 401 with a Chinese message.
    let (status, body) = call(&site.app, api("GET", "/api/cases", None, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["error"].as_str().unwrap().contains("请先登录"));
    let wrong = format!("{}x", &token[..token.len() - 1]);
    let (status, _) = call(&site.app, api("GET", "/api/cases", Some(&wrong), None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Register a case received last year, step it, answer it.
    let year = chrono::Datelike::year(&gongkai_testkit::today()) - 1;
    let received = format!("{year}-03-03");
    let case = json!({
        "id": "API-1", "applicant": "research", "applicant_name": "某研究所",
        "channel": "online", "received": received, "content": "某项目的监测数据"
    });
    let (status, body) = call(&site.app, api("POST", "/api/cases", t, Some(case.clone()))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["case"]["id"], "API-1");
    assert!(
        body["steps"][0]
            .as_str()
            .unwrap()
            .contains("20 个工作日内答复")
    );
    let (status, body) = call(&site.app, api("POST", "/api/cases", t, Some(case))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let step = |b: serde_json::Value| api("POST", "/api/cases/API-1/events", t, Some(b));
    for (bad, why) in [
        (
            json!({"kind": "replied", "date": format!("{year}-03-10"), "outcome": "nonsense"}),
            "办理结果",
        ),
        (
            json!({"kind": "replied", "date": format!("{year}-02-30"), "outcome": "granted"}),
            "不是有效日期",
        ),
        (
            json!({"kind": "replied", "date": format!("{year}-03-01"), "outcome": "granted"}),
            "早于",
        ),
        (
            json!({"kind": "teleported", "date": format!("{year}-03-10")}),
            "环节",
        ),
    ] {
        let (status, body) = call(&site.app, step(bad.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert!(
            body["error"].as_str().unwrap().contains(why),
            "{bad}: {body}"
        );
    }
    let (status, body) = call(
        &site.app,
        step(json!({"kind": "x", "date": "y", "extra": 1})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown fields refused: {body}"
    );
    assert_eq!(
        site.store
            .application("API-1")
            .await
            .unwrap()
            .unwrap()
            .events
            .len(),
        0,
        "nothing stored by a refused step"
    );
    let (status, body) = call(
        &site.app,
        step(json!({"kind": "extended", "date": format!("{year}-03-20"), "days": 10, "approved_by": "负责人"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["notices"][0]["kind"], "extension");
    let (status, body) = call(
        &site.app,
        step(json!({"kind": "replied", "date": format!("{year}-04-10"), "outcome": "denied.third_party"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The search, the report cell, the checks, the exports.
    let (_, body) = call(
        &site.app,
        api(
            "GET",
            "/api/cases?outcome=denied.&applicant=research",
            t,
            None,
        ),
    )
    .await;
    assert_eq!(body["total"], 1);
    assert_eq!(body["cases"][0]["id"], "API-1");
    assert_eq!(body["cases"][0]["clock"], "closed");
    let (status, body) = call(&site.app, api("GET", "/api/cases?from=2025-99-01", t, None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["fields"]["from"]
            .as_str()
            .unwrap()
            .contains("不是有效日期")
    );
    let (_, body) = call(
        &site.app,
        api(
            "GET",
            &format!("/api/reports/{year}/cells/denied.third_party/2"),
            t,
            None,
        ),
    )
    .await;
    assert_eq!(body["cases"], json!(["API-1"]));
    site.store
        .add_review(&gongkai_ledger::review::ReviewCase {
            id: "FY-API".into(),
            kind: gongkai_ledger::review::ReviewKind::LitigationDirect,
            filed: chrono::NaiveDate::from_ymd_opt(year, 5, 6).unwrap(),
            concluded: Some((
                chrono::NaiveDate::from_ymd_opt(year, 9, 1).unwrap(),
                gongkai_ledger::review::ReviewResult::Corrected,
            )),
            application_id: Some("API-1".into()),
        })
        .await
        .unwrap();
    let (_, body) = call(
        &site.app,
        api(
            "GET",
            &format!("/api/reports/{year}/cells/litigation_direct/1?table=4"),
            t,
            None,
        ),
    )
    .await;
    assert_eq!(
        body["reviews"],
        json!([{"review": "FY-API", "application": "API-1"}])
    );
    let (_, body) = call(
        &site.app,
        api("GET", &format!("/api/reports/{year}"), t, None),
    )
    .await;
    assert_eq!(body["table3"]["denied.third_party"][2], 1);
    let (status, body) = call(
        &site.app,
        api("GET", &format!("/api/reports/{year}/checks"), t, None),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.as_array().is_some());
    let (status, bytes, headers) = fetch(
        &site.app,
        api("GET", &format!("/api/reports/{year}/export/pdf"), t, None),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert!(bytes.starts_with(b"%PDF"));
    let (status, bytes, _) = fetch(
        &site.app,
        api(
            "GET",
            "/api/cases/API-1/notices/denied?format=docx",
            t,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
    let (status, _) = call(
        &site.app,
        api("GET", "/api/cases/API-1/notices/correction", t, None),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = call(&site.app, api("GET", "/api/cases/API-1/applicant", t, None)).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not submitted on the portal: {body}"
    );
    // 表二 and prose.
    let (status, body) = call(
        &site.app,
        api(
            "PUT",
            &format!("/api/reports/{year}/table2"),
            t,
            Some(json!({"regulations": {"issued": -1}, "nonsense": {}})),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["fields"]["regulations.issued"]
            .as_str()
            .unwrap()
            .contains("不小于 0")
    );
    assert!(
        body["fields"]["nonsense"]
            .as_str()
            .unwrap()
            .contains("没有")
    );
    assert!(
        body["fields"]["fees.amount_10k_yuan"]
            .as_str()
            .unwrap()
            .contains("没有的填 0")
    );
    assert!(site.store.proactive(year).await.unwrap().is_none());
    let mut t2 = serde_json::Map::new();
    for r in gongkai_model::table2_rows(gongkai_model::FormatVersion::for_year(year)) {
        t2.insert(
            r.key.into(),
            r.columns
                .iter()
                .map(|c| (c.key.to_string(), json!(2)))
                .collect(),
        );
    }
    let (status, _) = call(
        &site.app,
        api(
            "PUT",
            &format!("/api/reports/{year}/table2"),
            t,
            Some(serde_json::Value::Object(t2)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(
        &site.app,
        api(
            "PUT",
            &format!("/api/reports/{year}/sections/5"),
            t,
            Some(json!({"text": "问题与改进。"})),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = call(
        &site.app,
        api(
            "PUT",
            &format!("/api/reports/{year}/sections/7"),
            t,
            Some(json!({"text": "x"})),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, body) = call(
        &site.app,
        api("GET", &format!("/api/reports/{year}"), t, None),
    )
    .await;
    assert_eq!(body["table2"]["regulations"]["issued"], 2);
    assert!(body.to_string().contains("问题与改进。"));
    // The due list and the audit log (office head only).
    let (status, body) = call(&site.app, api("GET", "/api/due", t, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["summary"]["open"].is_number());
    let (status, _) = call(&site.app, api("GET", "/api/audit", t, None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let head = common::token(&site, "office", "").await;
    let (status, body) = call(&site.app, api("GET", "/api/audit", Some(&head), None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.to_string().contains("登记办理环节：作出答复"),
        "{body}"
    );
    // A revoked token is refused.
    let id = token.split('_').nth(1).unwrap();
    assert!(
        site.store
            .revoke_token(id, "2026-01-01T00:00:00Z")
            .await
            .unwrap()
    );
    let (status, _) = call(&site.app, api("GET", "/api/cases", t, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_requests_get_chinese_json_errors_and_store_nothing() {
    let site = site().await;
    let token = common::token(&site, "staff", "").await;
    let t = Some(token.as_str());
    let raw = |ct: &str, body: Vec<u8>| {
        Request::post("/api/cases")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, ct)
            .body(Body::from(body))
            .unwrap()
    };
    let (status, body) = call(&site.app, raw("application/json", b"{not json".to_vec())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("JSON 无法解析"));
    let (status, body) = call(&site.app, raw("text/plain", b"{}".to_vec())).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(body["error"].as_str().unwrap().contains("Content-Type"));
    let big = format!("{{\"id\": \"{}\"}}", "x".repeat(gongkai_web::MAX_BODY));
    let (status, body) = call(&site.app, raw("application/json", big.into_bytes())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let script = json!({
        "id": "<script>alert(1)</script>", "applicant": "natural_person", "applicant_name": "<b>x</b>",
        "channel": "online", "received": "2025-13-01", "content": "c"
    });
    let (status, body) = call(&site.app, api("POST", "/api/cases", t, Some(script))).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an invalid date: {body}"
    );
    assert!(
        body["error"].as_str().unwrap().contains("received"),
        "the field is named"
    );
    let (status, body) = call(
        &site.app,
        api("POST", "/api/cases", t, Some(json!({"id": "", "applicant": "natural_person", "applicant_name": "x", "channel": "online", "received": "2025-03-03", "content": "c"}))),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = call(&site.app, api("GET", "/api/cases/NOPE", t, None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("NOPE"));
    let (status, _) = call(&site.app, api("GET", "/api/reports/1900", t, None)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(
        &site.app,
        api("GET", "/api/reports/2025/export/exe", t, None),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Import: bad rows listed, nothing stored; then a good file.
    let import = |csv: &str| {
        Request::post("/api/import")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(csv.to_string()))
            .unwrap()
    };
    let (status, body) = call(
        &site.app,
        import("编号,收到日期,申请人类型,申请人,渠道,申请内容\nI1,2025-03-03,火星人,x,互联网,c\n"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["fields"]["1"].as_str().unwrap().contains("第 2 行"),
        "{body}"
    );
    assert_eq!(site.store.applications(false).await.unwrap().len(), 0);
    let (status, body) = call(
        &site.app,
        import("编号,收到日期,申请人类型,申请人,渠道,申请内容\nI1,2025-03-03,自然人,x,互联网,c\n"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["imported"], 1);
}

#[tokio::test]
async fn the_session_cookie_works_for_reading_and_needs_the_csrf_header_for_changes() {
    let site = site().await;
    let staff = login(&site, "staff").await;
    let with_cookie =
        |method: &str, path: &str, csrf: Option<&str>, body: Option<serde_json::Value>| {
            let mut r = api(method, path, None, body);
            r.headers_mut()
                .insert(header::COOKIE, staff.parse().unwrap());
            if let Some(c) = csrf {
                r.headers_mut().insert("x-csrf-token", c.parse().unwrap());
            }
            r
        };
    let (status, _) = call(&site.app, with_cookie("GET", "/api/due", None, None)).await;
    assert_eq!(status, StatusCode::OK);
    let case = json!({"id": "S-1", "applicant": "natural_person", "applicant_name": "x", "channel": "online", "received": "2025-03-03", "content": "c"});
    let (status, body) = call(
        &site.app,
        with_cookie("POST", "/api/cases", None, Some(case.clone())),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["error"].as_str().unwrap().contains("X-CSRF-Token"));
    let (status, _) = call(
        &site.app,
        with_cookie("POST", "/api/cases", Some("forged"), Some(case.clone())),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(site.store.application("S-1").await.unwrap().is_none());
    let (_, html, _) = send(&site.app, get("/staff", Some(&staff))).await;
    let csrf = csrf_of(&html);
    let (status, _) = call(
        &site.app,
        with_cookie("POST", "/api/cases", Some(&csrf), Some(case)),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn every_operation_of_the_openapi_document_is_served() {
    let site = site().await;
    let (status, doc) = call(&site.app, api("GET", "/api/openapi.json", None, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    let token = common::token(&site, "office", "").await;
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 31);
    for (path, ops) in paths {
        let concrete = path
            .replace("{id}", "NOPE")
            .replace("{kind}", "granted")
            .replace("{year}", "2025")
            .replace("{row}", "granted")
            .replace("{col}", "0")
            .replace("{format}", "md")
            .replace("{number}", "1");
        for method in ops.as_object().unwrap().keys() {
            let body = (method != "get").then(|| json!({}));
            let (status, bytes, headers) = fetch(
                &site.app,
                api(&method.to_uppercase(), &concrete, Some(&token), body),
            )
            .await;
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            // Answered by the API (JSON or a file), never by the site's HTML “no such page”.
            let ct = headers
                .get(header::CONTENT_TYPE)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            assert!(
                !ct.starts_with("text/html"),
                "{method} {path}: {status} {}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
}
