//! Days past the calendar's data through the web application: a case received on 2027-09-01 (before the 2027
//! notice is out) has a provisional due date on every page and in the API; the office head pastes the notice
//! (staff may not), previews it and stores it; the date becomes definite and the earlier date is listed. A step
//! dated after today is refused with the typed values kept; a step recorded by mistake is withdrawn with a
//! reason and stays listed.
//!
//! Read by hand from the (made-up) 2027 notice in gongkai-testkit: 20 working days from 2027-09-01, the
//! receipt day not counted, skipping 中秋 09-15, end on 09-30 (Thursday) by the statutory holidays alone; the
//! notice makes Sunday 09-26 a working day, so they end on 09-29.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::*;
use gongkai_ledger::calendar::PROVISIONAL_NOTE;
use gongkai_testkit::NOTICE_2027_HYPOTHETICAL;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn page(site: &Site, path: &str, cookie: &str) -> String {
    let (status, html, _) = send(&site.app, get(path, Some(cookie))).await;
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    html
}

async fn status_page(site: &Site, tracking: &str, secret: &str) -> String {
    let fields = [("tracking", tracking), ("secret", secret)];
    let (status, html, _) = send(&site.app, post("/status", &fields, None)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    html
}

#[tokio::test]
async fn a_due_date_past_the_data_is_provisional_everywhere_until_the_notice_is_added() {
    let site = site_on(d("2027-09-01")).await;
    let (tracking, secret) = apply(&site).await;
    let staff = login(&site, "staff").await;
    let office = login(&site, "office").await;
    let token = common::token(&site, "staff", "测试").await;
    let case_path = format!("/staff/cases/{tracking}");

    // Provisional: the case page, the list, the dashboard, the applicant's status page, the API.
    let html = page(&site, &case_path, &staff).await;
    assert!(
        html.contains("2027-09-30<strong class=\"provisional\">（暂定）"),
        "{html}"
    );
    assert!(html.contains(PROVISIONAL_NOTE) && html.contains("2027-09-01（周三，暂定）"));
    assert!(
        html.contains("办理中"),
        "the state is known although the year is not arranged"
    );
    let list = page(&site, &format!("/staff/cases?q={tracking}"), &staff).await;
    assert!(list.contains("2027-09-30（暂定）"), "{list}");
    let home = page(&site, "/staff", &staff).await;
    assert!(
        home.contains("已收录国务院节假日安排至 2026-12-31"),
        "{home}"
    );
    assert!(
        !home.contains("期限待人工核对"),
        "no case left without a due date"
    );
    let status = status_page(&site, &tracking, &secret).await;
    assert!(
        status
            .contains("2027-09-30（暂定：2027年节假日安排尚未公布，调休安排公布前按法定节假日推算"),
        "{status}"
    );
    let (code, json) = call(
        &site.app,
        api("GET", &format!("/api/cases/{tracking}"), Some(&token), None),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(json["due"], "2027-09-30");
    assert_eq!(json["due_provisional"], true);
    assert_eq!(json["due_note"], PROVISIONAL_NOTE);

    // Staff see the calendar but may not add to it.
    let cal = page(&site, "/staff/calendar", &staff).await;
    assert!(cal.contains("已收录至 <strong>2026-12-31</strong>") && !cal.contains("<textarea"));
    let csrf = csrf_of(&cal);
    let fields = [
        ("csrf", csrf.as_str()),
        ("text", NOTICE_2027_HYPOTHETICAL),
        ("action", "save"),
    ];
    let (code, _, _) = send(&site.app, post("/staff/calendar", &fields, Some(&staff))).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    assert!(site.store.calendar_notices().await.unwrap().is_empty());

    // The office head: a misprint is refused with where it is; the real text previewed, nothing stored yet.
    let csrf = csrf_of(&page(&site, "/staff/calendar", &office).await);
    let misprint = NOTICE_2027_HYPOTHETICAL.replace("共7天", "共8天");
    let fields = [
        ("csrf", csrf.as_str()),
        ("text", misprint.as_str()),
        ("action", "preview"),
    ];
    let (code, html, _) = send(&site.app, post("/staff/calendar", &fields, Some(&office))).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("第七项“国庆节”：印为共8天，而10月1日至10月7日为7天"),
        "{html}"
    );
    assert!(
        html.contains("共8天"),
        "the pasted text is kept for correction"
    );
    let fields = [
        ("csrf", csrf.as_str()),
        ("text", NOTICE_2027_HYPOTHETICAL),
        ("action", "preview"),
    ];
    let (code, html, _) = send(&site.app, post("/staff/calendar", &fields, Some(&office))).await;
    assert_eq!(code, StatusCode::OK, "{html}");
    assert!(
        html.contains("请核对国办发明电〔2026〕99号（2027 年）的安排"),
        "{html}"
    );
    assert!(html.contains("<td>国庆节</td><td>10月1日（周五） 至 10月7日（周四），共 7 天</td><td>9月26日（周日）、10月9日（周六）</td>"));
    assert!(html.contains("确认录入"));
    assert!(site.store.calendar_notices().await.unwrap().is_empty());
    // Stored: the case's due date moved earlier, listed here and on the dashboard.
    let fields = [
        ("csrf", csrf.as_str()),
        ("text", NOTICE_2027_HYPOTHETICAL),
        ("action", "save"),
    ];
    let (code, html, _) = send(&site.app, post("/staff/calendar", &fields, Some(&office))).await;
    assert_eq!(code, StatusCode::OK, "{html}");
    assert!(html.contains("已录入 国办发明电〔2026〕99号"), "{html}");
    let moved = format!("{tracking}</a>：2027-09-30（暂定）→ <strong>2027-09-29</strong>");
    assert!(html.contains(&moved), "{html}");
    assert!(html.contains("<td>国办发明电〔2026〕99号</td><td>2027</td><td>office</td>"));
    let home = page(&site, "/staff", &office).await;
    assert!(
        home.contains(&moved) && home.contains("已收录国务院节假日安排至 2027-12-31"),
        "{home}"
    );
    let audit = page(&site, "/staff/audit", &office).await;
    assert!(audit.contains("录入节假日安排通知：国办发明电〔2026〕99号"));

    // Definite everywhere.
    let html = page(&site, &case_path, &staff).await;
    assert!(
        html.contains("<td>2027-09-29</td>") && !html.contains("暂定"),
        "{html}"
    );
    let list = page(&site, &format!("/staff/cases?q={tracking}"), &staff).await;
    assert!(
        list.contains("2027-09-29") && !list.contains("（暂定）"),
        "{list}"
    );
    let status = status_page(&site, &tracking, &secret).await;
    assert!(
        status.contains("2027-09-29") && !status.contains("暂定"),
        "{status}"
    );
    let (_, json) = call(
        &site.app,
        api("GET", &format!("/api/cases/{tracking}"), Some(&token), None),
    )
    .await;
    assert_eq!(
        (json["due"].as_str(), json["due_provisional"].as_bool()),
        (Some("2027-09-29"), Some(false))
    );
    // The same notice again: refused, nothing changed.
    let (code, html, _) = send(&site.app, post("/staff/calendar", &fields, Some(&office))).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("2027 年的节假日安排已收录"), "{html}");
}

#[tokio::test]
async fn a_step_after_today_is_refused_and_a_mistaken_step_is_withdrawn_not_deleted() {
    let site = site_on(d("2026-11-20")).await;
    let tracking = submit_application(&site).await;
    let staff = login(&site, "staff").await;
    let office = login(&site, "office").await;
    let case_path = format!("/staff/cases/{tracking}");
    let csrf = csrf_of(&page(&site, &case_path, &staff).await);

    // A 补正 five days ahead: refused, the form keeps what was typed.
    let fields = [
        ("csrf", csrf.as_str()),
        ("kind", "extended"),
        ("date", "2026-11-25"),
        ("days", "20"),
        ("approved_by", "王局长"),
    ];
    let events = format!("{case_path}/events");
    let (code, html, _) = send(&site.app, post(&events, &fields, Some(&staff))).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("未登记：案件")
            && html.contains("的日期 2026-11-25 晚于今天（2026-11-20，北京时间），不能预先登记"),
        "{html}"
    );
    assert!(html.contains("<option value=\"extended\" selected>"));
    assert!(
        html.contains("value=\"2026-11-25\"")
            && html.contains("value=\"王局长\"")
            && html.contains("value=\"20\"")
    );
    assert!(site.store.case_steps(&tracking).await.unwrap().is_empty());

    // A 补正 today by mistake pauses the clock; staff may not withdraw it, the office head does, with a reason.
    assert_eq!(
        step(
            &site,
            &staff,
            &tracking,
            "correction-requested",
            "2026-11-20",
            &[]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let html = page(&site, &case_path, &staff).await;
    assert!(
        html.contains("暂停计时") && !html.contains("撤回此步骤"),
        "{html}"
    );
    let withdraw = format!("{case_path}/withdraw");
    let fields = [("csrf", csrf.as_str()), ("seq", "0"), ("reason", "误录")];
    let (code, _, _) = send(&site.app, post(&withdraw, &fields, Some(&staff))).await;
    assert_eq!(code, StatusCode::FORBIDDEN);
    let html = page(&site, &case_path, &office).await;
    assert!(html.contains("撤回此步骤"));
    let ocsrf = csrf_of(&html);
    let fields = [("csrf", ocsrf.as_str()), ("seq", "0"), ("reason", " ")];
    let (code, html, _) = send(&site.app, post(&withdraw, &fields, Some(&office))).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("未撤回：撤回步骤须写明理由"), "{html}");
    let fields = [
        ("csrf", ocsrf.as_str()),
        ("seq", "0"),
        ("reason", "误录：申请内容明确，无需补正"),
    ];
    let (code, _, _) = send(&site.app, post(&withdraw, &fields, Some(&office))).await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    let html = page(&site, &case_path, &office).await;
    assert!(
        html.contains("<del>2026-11-20 发出补正通知</del>"),
        "{html}"
    );
    assert!(html.contains("由 office 撤回，理由：误录：申请内容明确，无需补正"));
    // 20 working days from 2026-11-20 (a Friday; receipt day not counted): 2026-12-18.
    assert!(
        html.contains("<td>2026-12-18</td>") && html.contains("办理中"),
        "{html}"
    );
    assert!(
        !html.contains("补正通知书"),
        "no notice for a withdrawn step"
    );
    let audit = page(&site, "/staff/audit", &office).await;
    assert!(audit.contains("撤回第 1 个步骤，理由：误录：申请内容明确，无需补正"));
    // In Beijing time as people write it, the case a link to its page.
    assert!(
        audit.contains("时间（北京时间）") && !audit.contains("+00:00"),
        "{audit}"
    );
    assert!(
        audit.contains(&format!("<a href=\"{case_path}\">")),
        "{audit}"
    );
    // Twice: refused.
    let (code, html, _) = send(&site.app, post(&withdraw, &fields, Some(&office))).await;
    assert_eq!(code, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("未撤回：该步骤已撤回"));
}
