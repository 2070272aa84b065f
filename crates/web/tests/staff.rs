//! The staff workspace through HTTP: login, the session cookie, every role against every staff page, the
//! dashboard and case page for a case submitted on the portal, the audit log of personal-data views, logout
//! with its CSRF token.

mod common;

use axum::http::{StatusCode, header};
use common::*;

#[tokio::test]
async fn staff_see_the_case_with_its_due_date_and_every_view_of_personal_data_is_logged() {
    let site = site().await;
    let tracking = submit_application(&site).await;
    // Wrong password and unknown user: the same refusal.
    for (u, p) in [("staff", "wrong"), ("nobody", "wrong")] {
        let (status, html, _) = send(
            &site.app,
            post("/staff/login", &[("username", u), ("password", p)], None),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(html.contains("用户名或密码不正确"));
    }
    let staff = login(&site, "staff").await;
    let (_, home, _) = send(&site.app, get("/staff", Some(&staff))).await;
    assert!(
        home.contains("办理中共 <a href=\"/staff/cases?state=open\">1 件</a>"),
        "{home}"
    );
    let (_, list, _) = send(&site.app, get("/staff/cases?state=open", Some(&staff))).await;
    assert!(
        list.contains(&tracking) && list.contains("自然人") && list.contains("共 1 件"),
        "{list}"
    );
    assert!(!list.contains("张三"), "no personal data in the list");
    let (_, none, _) = send(&site.app, get("/staff/cases?state=closed", Some(&staff))).await;
    assert!(none.contains("共 0 件") && !none.contains(&tracking));
    let (status, bad, _) = send(
        &site.app,
        get("/staff/cases?from=2025-13-01&outcome=nothing", Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.contains("id=\"from-error\">“2025-13-01”不是有效日期"),
        "{bad}"
    );
    assert!(bad.contains("id=\"outcome-error\">没有“nothing”这一办理结果"));
    let (status, page, _) = send(
        &site.app,
        get(&format!("/staff/cases/{tracking}"), Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("1101**********1237") && !page.contains("110101199001011237"));
    assert!(page.contains("20 个工作日内答复"), "the clock explained");
    let office = login(&site, "office").await;
    let (status, log, _) = send(&site.app, get("/staff/audit", Some(&office))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(log.contains("查看申请人信息") && log.contains(&tracking) && log.contains("staff"));
}

#[tokio::test]
async fn logout_needs_the_sessions_csrf_token_and_ends_the_session() {
    let site = site().await;
    let staff = login(&site, "staff").await;
    let (_, home, _) = send(&site.app, get("/staff", Some(&staff))).await;
    let csrf = home
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let (status, html, _) = send(
        &site.app,
        post("/staff/logout", &[("csrf", "forged")], Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("校验码不符"));
    let (status, _, _) = send(&site.app, get("/staff", Some(&staff))).await;
    assert_eq!(status, StatusCode::OK, "a forged logout changes nothing");
    let (status, _, _) = send(
        &site.app,
        post("/staff/logout", &[("csrf", &csrf)], Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = send(&site.app, get("/staff", Some(&staff))).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the session is gone");
}

#[tokio::test]
async fn staff_record_a_correction_and_a_reply_which_the_applicant_then_sees() {
    let site = site().await;
    let fields = [
        ("applicant_kind", "法人或者其他组织：商业企业"),
        ("name", "示例科技有限公司"),
        ("id_document", "统一社会信用代码 914403001922038216"),
        ("phone", "13800000000"),
        ("email", "a@example.cn"),
        ("description", "某项目环评批复"),
        ("delivery_form", "电子文档"),
        ("delivery_channel", "电子邮件"),
    ];
    let (_, html, _) = send(&site.app, post("/apply", &fields, None)).await;
    let mut codes = html
        .split("<span class=\"code\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string());
    let (tracking, secret) = (codes.next().unwrap(), codes.next().unwrap());
    let staff = login(&site, "staff").await;
    let page = format!("/staff/cases/{tracking}");
    let (_, html, _) = send(&site.app, get(&page, Some(&staff))).await;
    let csrf = csrf_of(&html);
    let received = gongkai_testkit::today();
    let step = |kind: &'static str, date: String, extra: Vec<(&'static str, &'static str)>| {
        let mut f: Vec<(String, String)> = vec![
            ("csrf".into(), csrf.clone()),
            ("kind".into(), kind.into()),
            ("date".into(), date),
        ];
        f.extend(
            extra
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        f
    };
    let send_step = |fields: Vec<(String, String)>| {
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        post(&format!("{page}/events"), &refs, Some(&staff))
    };
    // A forged token, a bad date, a reply without its outcome: refused, nothing stored.
    let mut forged = step("correction-requested", received.to_string(), vec![]);
    forged[0].1 = "forged".into();
    let (status, _, _) = send(&site.app, send_step(forged)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, html, _) = send(
        &site.app,
        send_step(step("correction-requested", "2026-02-30".into(), vec![])),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("不是有效日期"));
    let (status, html, _) = send(
        &site.app,
        send_step(step("replied", received.to_string(), vec![])),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("答复须给出办理结果"));
    // 补正 requested, corrected, answered.
    for (kind, extra) in [
        ("correction-requested", vec![]),
        ("correction-received", vec![]),
        ("replied", vec![("outcome", "granted")]),
    ] {
        let (status, html, headers) = send(
            &site.app,
            send_step(step(kind, received.to_string(), extra)),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{kind}: {html}");
        assert_eq!(headers[header::LOCATION], page.as_str());
    }
    // Nothing can follow the close.
    let (status, html, _) = send(
        &site.app,
        send_step(step("withdrawn", received.to_string(), vec![])),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    // The applicant sees the answer; the audit log has each step.
    let (_, html, _) = send(
        &site.app,
        post(
            "/status",
            &[("tracking", &tracking), ("secret", &secret)],
            None,
        ),
    )
    .await;
    assert!(
        html.contains("已办结") && html.contains("发出补正通知"),
        "{html}"
    );
    let office = login(&site, "office").await;
    let (_, log, _) = send(&site.app, get("/staff/audit", Some(&office))).await;
    assert!(
        log.contains("登记办理环节：作出答复：（一）予以公开"),
        "{log}"
    );
}

#[tokio::test]
async fn the_report_page_counts_the_cases_links_each_cell_and_downloads_every_format() {
    let site = site().await;
    let tracking = submit_application(&site).await;
    let staff = login(&site, "staff").await;
    let (_, html, _) = send(
        &site.app,
        get(&format!("/staff/cases/{tracking}"), Some(&staff)),
    )
    .await;
    let csrf = csrf_of(&html);
    let today = gongkai_testkit::today();
    let reply = [
        ("csrf", csrf.as_str()),
        ("kind", "replied"),
        ("date", &today.to_string()),
        ("outcome", "granted"),
    ];
    let (status, _, _) = send(
        &site.app,
        post(
            &format!("/staff/cases/{tracking}/events"),
            &reply,
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // A review of that reply, still pending: 表四 “行政复议” 尚未审结 (3) and 总计 (4).
    site.store
        .add_review(&gongkai_ledger::review::ReviewCase {
            id: "FY-2026-1".into(),
            kind: gongkai_ledger::review::ReviewKind::Reconsideration,
            filed: today,
            concluded: None,
            application_id: Some(tracking.clone()),
        })
        .await
        .unwrap();
    let year = chrono::Datelike::year(&today);
    let (status, page, _) = send(
        &site.app,
        get(&format!("/staff/report?year={year}"), Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The year selector, and 表三 with the official heading and row groups.
    assert!(page.contains(&format!(
        "<option value=\"{year}\" selected>{year} 年</option>"
    )));
    assert!(
        page.contains("<th scope=\"colgroup\" colspan=\"7\">申请人情况</th>"),
        "{page}"
    );
    assert!(page.contains("<th scope=\"col\" rowspan=\"2\">自然人</th><th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th><th scope=\"col\" rowspan=\"2\">总计</th>"));
    assert!(
        page.contains("<th scope=\"rowgroup\" rowspan=\"22\">三、本年度办理结果</th>"),
        "{page}"
    );
    assert!(page.contains("<th scope=\"rowgroup\" rowspan=\"8\">（三）不予公开</th><th scope=\"row\">1.属于国家秘密</th>"));
    for col in [3, 4] {
        let link = format!(
            "/staff/report/cases?year={year}&amp;table=4&amp;row=reconsideration&amp;col={col}"
        );
        assert!(
            page.contains(&format!("<a href=\"{link}\">1</a>")),
            "表四 column {col}"
        );
        let (status, cell, _) =
            send(&site.app, get(&link.replace("&amp;", "&"), Some(&staff))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            cell.contains("表四“行政复议”行") && cell.contains("：1 件"),
            "{cell}"
        );
        assert!(cell.contains(&format!(
            "FY-2026-1（涉及申请 <a href=\"/staff/cases/{tracking}\">"
        )));
    }
    let (status, cell, _) = send(
        &site.app,
        get(
            &format!("/staff/report/cases?year={year}&table=4&row=reconsideration&col=0"),
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(cell.contains("：0 件"));
    let (status, _, _) = send(
        &site.app,
        get(
            &format!("/staff/report/cases?year={year}&table=4&row=nothing&col=0"),
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // 表三 “（一）予以公开”, column 自然人 (0): one case, linked to its list.
    // Charts: inline SVG, the granted case counted among the outcomes and answered in time.
    assert!(page.contains("<svg") && page.contains("年办结申请的办理结果（件）"));
    let outcomes = page
        .split("年办结申请的办理结果")
        .nth(2)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    assert!(outcomes.contains(">予以公开</text>"), "{outcomes}");
    let timeliness = page
        .split("年办结申请的答复时限")
        .nth(2)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    let on_time = timeliness.split("20 个工作日内答复</text>").nth(1).unwrap();
    assert!(
        on_time.split("</text>").next().unwrap().ends_with(">1"),
        "{timeliness}"
    );
    let link = format!("/staff/report/cases?year={year}&#38;row=granted&#38;col=0");
    assert!(
        page.contains(&format!("<a href=\"{link}\">1</a>")),
        "{page}"
    );
    let (status, list, _) = send(&site.app, get(&link.replace("&#38;", "&"), Some(&staff))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(&tracking) && list.contains("1 件"), "{list}");
    for (ext, mime) in [
        ("pdf", "application/pdf"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("html", "text/html; charset=utf-8"),
        ("md", "text/markdown; charset=utf-8"),
        ("json", "application/json"),
    ] {
        let (status, bytes, headers) = fetch(
            &site.app,
            get(
                &format!("/staff/report/download?year={year}&format={ext}"),
                Some(&staff),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{ext}");
        assert_eq!(headers[header::CONTENT_TYPE], mime);
        // What is downloaded reads back with the case counted.
        if ext == "json" {
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(v["table3"]["granted"][0], 1);
            continue;
        }
        let back = gongkai_read::read_bytes(&format!("r.{ext}"), &bytes).unwrap();
        let granted = back.table3.row("granted").unwrap();
        assert_eq!(granted.cells[0].value.number(), Some(1.into()), "{ext}");
    }
    let (status, _, _) = send(
        &site.app,
        get("/staff/report/download?year=2026&format=exe", Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
