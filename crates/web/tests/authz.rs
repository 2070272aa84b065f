//! Authorization, table-driven: every role (and no login) against every page and every API route, reading and
//! changing; and attempts to reach another applicant's case by its number or tracking number.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use serde_json::json;

/// The callers, in the order of the expected-status arrays.
const WHO: [&str; 5] = ["（未登录）", "staff", "office", "supervisor", "admin"];

struct Caller {
    cookie: Option<String>,
    csrf: String,
    token: Option<String>,
}

async fn callers(site: &Site) -> Vec<Caller> {
    let mut out = vec![Caller {
        cookie: None,
        csrf: "none".into(),
        token: None,
    }];
    for user in &WHO[1..] {
        let cookie = login(site, user).await;
        // The session's CSRF token, from a page the role may open.
        let page = if *user == "supervisor" {
            "/supervise/upload"
        } else {
            "/staff/notices"
        };
        let (_, html, _) = send(&site.app, get(page, Some(&cookie))).await;
        let csrf = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .map_or("none".to_string(), |s| {
                s.split('"').next().unwrap().to_string()
            });
        let token = common::token(site, user, "").await;
        out.push(Caller {
            cookie: Some(cookie),
            csrf,
            token: Some(token),
        });
    }
    out
}

#[tokio::test]
async fn every_role_against_every_page_and_api_route() {
    let mut site = site().await;
    let admin_pw = gongkai_web::agency::add_user(&site.store, "admin", "admin", "管理员", false)
        .await
        .unwrap();
    site.passwords.insert("admin".into(), admin_pw);
    let tracking = submit_application(&site).await;
    let who = callers(&site).await;
    let case = format!("/staff/cases/{tracking}");
    // A registered agency's public pages (at its code) are as public as the deployment's own.
    let edu = "11410184005252780Y";
    gongkai_supervise::agencies::register(
        &site.store,
        &gongkai_supervise::agencies::NewAgency {
            name: "新郑市教育局".into(),
            code: edu.into(),
            short_name: "市教育局".into(),
            region: "河南省/郑州市/新郑市".into(),
            office: "新郑市人民政府办公室".into(),
            host: None,
        },
        "2026-12-07T01:00:00+00:00",
    )
    .await
    .unwrap();
    // Pages read with the session cookie: (path, [none, staff, office, supervisor, admin]).
    let pages: Vec<(String, [u16; 5])> = vec![
        ("/staff".into(), [303, 200, 200, 403, 200]),
        ("/staff/cases?state=open".into(), [303, 200, 200, 403, 200]),
        (case.clone(), [303, 200, 200, 403, 200]),
        (
            "/staff/cases/YSQ00000000000000".into(),
            [303, 404, 404, 403, 404],
        ),
        (
            format!("{case}/notice?kind=granted&format=pdf"),
            [303, 404, 404, 403, 404],
        ),
        ("/staff/notices".into(), [303, 200, 200, 403, 200]),
        ("/staff/agency".into(), [303, 200, 200, 200, 200]),
        ("/staff/settings".into(), [303, 403, 200, 403, 200]),
        ("/staff/import".into(), [303, 200, 200, 403, 200]),
        ("/staff/audit".into(), [303, 403, 200, 403, 200]),
        ("/staff/report".into(), [303, 200, 200, 403, 200]),
        (
            "/staff/report/edit?year=2025".into(),
            [303, 200, 200, 403, 200],
        ),
        (
            "/staff/report/cases?row=granted&col=0".into(),
            [303, 200, 200, 403, 200],
        ),
        (
            "/staff/report/download?format=md".into(),
            [303, 200, 200, 403, 200],
        ),
        ("/supervise".into(), [303, 403, 403, 200, 200]),
        ("/supervise/live".into(), [303, 403, 403, 200, 200]),
        ("/supervise/upload".into(), [303, 403, 403, 200, 200]),
        ("/supervise/similar".into(), [303, 403, 403, 200, 200]),
        ("/supervise/rubric".into(), [303, 403, 403, 200, 200]),
        ("/supervise/settings".into(), [303, 403, 403, 200, 200]),
        ("/supervise/agencies".into(), [303, 403, 403, 200, 200]),
        ("/supervise/units/NOPE".into(), [303, 403, 403, 404, 404]),
        ("/supervise/reports/NOPE".into(), [303, 403, 403, 404, 404]),
        (
            "/supervise/documents/NOPE/pages/1".into(),
            [303, 403, 403, 404, 404],
        ),
        (
            "/supervise/assessment?format=pdf".into(),
            [303, 403, 403, 404, 404],
        ),
        ("/staff/catalogue".into(), [303, 200, 200, 403, 200]),
        ("/staff/catalogue/new".into(), [303, 200, 200, 403, 200]),
        ("/staff/catalogue/import".into(), [303, 200, 200, 403, 200]),
        (
            "/staff/catalogue/settings".into(),
            [303, 403, 200, 403, 200],
        ),
        ("/staff/catalogue/e/NOPE".into(), [303, 404, 404, 403, 404]),
        ("/xxgk".into(), [200; 5]),
        ("/xxgk/search?q=%E8%A7%84%E5%88%92".into(), [200; 5]),
        ("/xxgk/e/NOPE".into(), [404; 5]),
        ("/sitemap.xml".into(), [200; 5]),
        ("/sitemap-index.xml".into(), [200; 5]),
        ("/".into(), [200; 5]),
        ("/apply".into(), [200; 5]),
        ("/status".into(), [200; 5]),
        ("/staff/login".into(), [200; 5]),
        (format!("/{edu}/"), [200; 5]),
        (format!("/{edu}"), [308; 5]),
        (format!("/{edu}/xxgk"), [200; 5]),
        (format!("/{edu}/xxgk/search?q=%E8%A7%84%E5%88%92"), [200; 5]),
        (format!("/{edu}/xxgk/e/NOPE"), [404; 5]),
        (format!("/{edu}/xxgk/files/1/NOPE"), [404; 5]),
        (format!("/{edu}/sitemap.xml"), [200; 5]),
        (format!("/{edu}/apply"), [200; 5]),
        (format!("/{edu}/status"), [200; 5]),
        ("/11410184005252799U/xxgk".into(), [404; 5]),
        ("/11410184005252799U/apply".into(), [404; 5]),
    ];
    for (path, expected) in &pages {
        for ((name, c), want) in WHO.iter().zip(&who).zip(expected) {
            let (status, html, headers) = send(&site.app, get(path, c.cookie.as_deref())).await;
            assert_eq!(status.as_u16(), *want, "{name} GET {path}");
            if *want == 303 {
                assert_eq!(headers[header::LOCATION], "/staff/login");
            }
            if *want == 403 {
                assert!(
                    html.contains("无权") || html.contains("仅供负责人"),
                    "{name} {path}"
                );
            }
        }
    }
    // Changes through the pages, each with the caller's own CSRF token and a body that is refused for its
    // content (so that an allowed role gets 422 and nothing changes): the role is checked first.
    type Post<'a> = (String, Vec<(&'a str, &'a str)>, [u16; 5]);
    let posts: Vec<Post> = vec![
        (
            format!("{case}/events"),
            vec![("kind", "replied"), ("date", "2025-02-30")],
            [303, 422, 422, 403, 422],
        ),
        (
            "/staff/notices".into(),
            vec![("kind", "granted"), ("text", "{不存在}")],
            [303, 403, 422, 403, 422],
        ),
        (
            "/staff/report/edit?year=2025".into(),
            vec![("t2.regulations.issued", "-1")],
            [303, 422, 422, 403, 422],
        ),
        ("/staff/import".into(), vec![], [303, 400, 400, 403, 400]),
        (
            "/supervise/reports/NOPE/corrections".into(),
            vec![
                ("cell", "table3:granted:0"),
                ("value", "1"),
                ("reason", "原文"),
            ],
            [303, 403, 403, 404, 404],
        ),
        (
            "/supervise/upload".into(),
            vec![],
            [303, 403, 403, 400, 400],
        ),
        (
            "/supervise/settings".into(),
            vec![("name", "")],
            [303, 403, 403, 403, 422],
        ),
        (
            "/supervise/agencies".into(),
            vec![("name", "某局"), ("code", "1")],
            [303, 403, 403, 403, 422],
        ),
        (
            "/supervise/agencies/import".into(),
            vec![],
            [303, 403, 403, 403, 400],
        ),
    ];
    for (path, fields, expected) in &posts {
        for ((name, c), want) in WHO.iter().zip(&who).zip(expected) {
            let mut f = fields.clone();
            f.push(("csrf", &c.csrf));
            let (status, _, _) = send(&site.app, post(path, &f, c.cookie.as_deref())).await;
            assert_eq!(status.as_u16(), *want, "{name} POST {path}");
        }
    }
    // The API with each role's token: (method, path, body, expected).
    type Route<'a> = (&'a str, String, Option<serde_json::Value>, [u16; 5]);
    let api_routes: Vec<Route> = vec![
        ("GET", "/api/openapi.json".into(), None, [200; 5]),
        ("GET", "/api/agencies".into(), None, [200; 5]),
        ("GET", "/api/cases".into(), None, [401, 200, 200, 403, 200]),
        (
            "POST",
            "/api/cases".into(),
            Some(json!({"id": ""})),
            [401, 422, 422, 403, 422],
        ),
        (
            "GET",
            format!("/api/cases/{tracking}"),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "POST",
            format!("/api/cases/{tracking}/events"),
            Some(json!({"kind": "replied", "date": "x"})),
            [401, 422, 422, 403, 422],
        ),
        (
            "GET",
            format!("/api/cases/{tracking}/applicant"),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "GET",
            format!("/api/cases/{tracking}/notices/granted"),
            None,
            [401, 404, 404, 403, 404],
        ),
        ("GET", "/api/due".into(), None, [401, 200, 200, 403, 200]),
        (
            "POST",
            "/api/import".into(),
            None,
            [401, 400, 400, 403, 400],
        ),
        ("GET", "/api/audit".into(), None, [401, 403, 200, 403, 200]),
        (
            "GET",
            "/api/reports/2025".into(),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "GET",
            "/api/reports/2025/checks".into(),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "GET",
            "/api/reports/2025/cells/granted/0".into(),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "GET",
            "/api/reports/2025/export/md".into(),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "PUT",
            "/api/reports/2025/table2".into(),
            Some(json!({})),
            [401, 422, 422, 403, 422],
        ),
        (
            "PUT",
            "/api/reports/2025/sections/1".into(),
            Some(json!({"text": 1})),
            [401, 422, 422, 403, 422],
        ),
        (
            "GET",
            "/api/catalogue".into(),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "POST",
            "/api/catalogue".into(),
            Some(json!({})),
            [401, 422, 422, 403, 422],
        ),
        (
            "GET",
            "/api/catalogue/entry?index_no=NOPE".into(),
            None,
            [401, 404, 404, 403, 404],
        ),
        (
            "PUT",
            "/api/catalogue/entry?index_no=NOPE".into(),
            Some(json!({})),
            [401, 422, 422, 403, 422],
        ),
        (
            "POST",
            "/api/catalogue/steps?index_no=NOPE".into(),
            Some(json!({"action": "publish"})),
            [401, 404, 404, 403, 404],
        ),
        (
            "POST",
            "/api/catalogue/import".into(),
            None,
            [401, 400, 400, 403, 400],
        ),
        (
            "GET",
            "/api/catalogue/late".into(),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "GET",
            "/api/catalogue/in-force?date=2025-06-30".into(),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "GET",
            "/api/catalogue/table2/2025".into(),
            None,
            [401, 200, 200, 403, 200],
        ),
        (
            "GET",
            "/api/supervise/regions".into(),
            None,
            [401, 403, 403, 200, 200],
        ),
        (
            "GET",
            "/api/supervise/scores".into(),
            None,
            [401, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/api/supervise/units/NOPE".into(),
            None,
            [401, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/api/supervise/reports".into(),
            None,
            [401, 403, 403, 400, 400],
        ),
        (
            "GET",
            "/api/supervise/reports/NOPE".into(),
            None,
            [401, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/api/supervise/reports/NOPE/corrections".into(),
            Some(json!({})),
            [401, 403, 403, 422, 422],
        ),
        (
            "GET",
            "/api/supervise/similar".into(),
            None,
            [401, 403, 403, 200, 200],
        ),
        (
            "GET",
            "/api/supervise/assessment".into(),
            None,
            [401, 403, 403, 400, 400],
        ),
    ];
    for (method, path, body, expected) in &api_routes {
        for ((name, c), want) in WHO.iter().zip(&who).zip(expected) {
            let (status, body) = call(
                &site.app,
                api(method, path, c.token.as_deref(), body.clone()),
            )
            .await;
            assert_eq!(status.as_u16(), *want, "{name} {method} {path}: {body}");
        }
    }
    // Every API route is in the OpenAPI document and every documented path is in this table.
    let (_, doc) = call(&site.app, api("GET", "/api/openapi.json", None, None)).await;
    let mut documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), p.clone()))
        })
        .collect();
    documented.sort();
    let mut tested: Vec<(String, String)> = api_routes
        .iter()
        .map(|(m, p, _, _)| {
            let generic = p
                .split('?')
                .next()
                .unwrap()
                .replace(&tracking, "{id}")
                .replace("NOPE", "{id}")
                .replace("/2025/cells/granted/0", "/{year}/cells/{row}/{col}")
                .replace("/2025/export/md", "/{year}/export/{format}")
                .replace("/2025/sections/1", "/{year}/sections/{number}")
                .replace("/2025", "/{year}")
                .replace("/notices/granted", "/notices/{kind}");
            (m.to_string(), generic)
        })
        .collect();
    tested.sort();
    assert_eq!(tested, documented);
    assert_eq!(
        site.store
            .application(&tracking)
            .await
            .unwrap()
            .unwrap()
            .events
            .len(),
        0,
        "no refused change was stored"
    );
}

#[tokio::test]
async fn another_applicants_case_cannot_be_reached_by_its_number() {
    let site = site().await;
    let first = submit_application(&site).await;
    // A second applicant with its own tracking number and secret.
    let mut fields = vec![
        ("applicant_kind", "公民"),
        ("name", "李四"),
        ("id_document", "居民身份证 110101199202021116"),
        ("phone", "13900000000"),
        ("description", "李四要的信息"),
        ("delivery_form", "电子文档"),
        ("delivery_channel", "在线下载"),
    ];
    fields.push(("email", ""));
    let (_, html, _) = send(&site.app, post("/apply", &fields, None)).await;
    let mut codes = html
        .split("<span class=\"code\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string());
    let (second, secret) = (codes.next().unwrap(), codes.next().unwrap());
    // The second applicant's secret does not open the first case; the answer names nothing.
    let (status, html, _) = send(
        &site.app,
        post(
            "/status",
            &[("tracking", &first), ("secret", &secret)],
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // (The number typed is kept in its field, and nowhere else.)
    let html = html.replace(&format!("value=\"{first}\""), "");
    assert!(!html.contains("张三") && !html.contains("部门预算") && !html.contains(&first[3..]));
    // Their own secret opens their own case only.
    let (status, html, _) = send(
        &site.app,
        post(
            "/status",
            &[("tracking", &second), ("secret", &secret)],
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("张三"));
    // Without a login, neither the staff pages nor the API give a case by its number.
    let (status, _, _) = send(&site.app, get(&format!("/staff/cases/{first}"), None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for path in [
        format!("/api/cases/{first}"),
        format!("/api/cases/{first}/applicant"),
    ] {
        let (status, body) = call(&site.app, api("GET", &path, None, None)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(!body.to_string().contains("张三"));
    }
    // A forged session cookie is no login.
    let (status, _, _) = send(
        &site.app,
        get(
            &format!("/staff/cases/{first}"),
            Some("gk_session=ABCDEFGHJKLMNPQRSTUVWXYZ"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let forged = Request::get(format!("/api/cases/{first}"))
        .header(
            header::AUTHORIZATION,
            "Bearer gk_abcdefgh_ABCDEFGHJKLMNPQRSTUVWXYZ23456789ABCDEFGHJKLM",
        )
        .body(Body::empty())
        .unwrap();
    let (status, _) = call(&site.app, forged).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
