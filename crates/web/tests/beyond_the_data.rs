//! The whole portal → staff → report flow on days whose deadlines lie past the calendar's data: 2026-12-31
//! (the due date falls in 2027, not yet arranged) and 2027-10-15 (the whole year unarranged), on a site whose
//! demo ledger is filled as of that day. No case loses its due date, state or steps; the provisional dates
//! say so on the case page, the applicant's status page and the 延期答复告知书; the report counts the case.
//!
//! Due dates read by hand from 《全国年节及纪念日放假办法》 (2025 text) and the lunar calendar, receipt day not
//! counted:
//! - from 2026-12-31: 元旦 2027-01-01 off → 20th working day 2027-01-29; 20 more skip 除夕 02-05, 初三 02-08 and
//!   the 补假 02-09, 02-10 for 初一 and 初二 (a Saturday and a Sunday) → 2027-03-04;
//! - from 2027-10-15: no holiday until the end of the year → 2027-11-12, then 2027-12-10.

mod common;

use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use common::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn flow_on(day: &str, due: &str, extended: &str) {
    let today = d(day);
    let site = site_on(today).await;
    gongkai_web::demo::fill(&site.store, today).await.unwrap();
    let staff = login(&site, "staff").await;

    // The dashboard: every open case has a due date.
    let (_, home, _) = send(&site.app, get("/staff", Some(&staff))).await;
    assert!(!home.contains("期限待人工核对"), "{day}: {home}");
    let (_, unknown, _) = send(&site.app, get("/staff/cases?state=unknown", Some(&staff))).await;
    assert!(unknown.contains("共 0 件"), "{day}: {unknown}");

    // The citizen applies; the receipt gives a provisional due date.
    let (tracking, secret) = apply(&site).await;
    let status_page = || async {
        let fields = [("tracking", tracking.as_str()), ("secret", secret.as_str())];
        send(&site.app, post("/status", &fields, None)).await.1
    };
    let html = status_page().await;
    assert!(html.contains(&format!("{due}（暂定：")), "{day}: {html}");

    // Staff extend on the same day: the new date provisional, stated so in the notice.
    let extension = [("days", "20"), ("approved_by", "王局长")];
    let code = step(&site, &staff, &tracking, "extended", day, &extension).await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    let case = format!("/staff/cases/{tracking}");
    let (_, html, _) = send(&site.app, get(&case, Some(&staff))).await;
    assert!(
        html.contains(&format!("{extended}<strong class=\"provisional\">（暂定）")),
        "{day}: {html}"
    );
    let (code, bytes, _) = fetch(
        &site.app,
        get(
            &format!("{case}/notice?kind=extension&format=docx"),
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    let letter = docx_text(&bytes);
    let (y, m, dd) = (extended[..4].to_string(), &extended[5..7], &extended[8..]);
    let stated = format!(
        "{y}年{}月{}日（按法定节假日推算；国务院公布{y}年节假日安排后如工作日有调整，以调整后的日期为准）",
        m.trim_start_matches('0'),
        dd.trim_start_matches('0')
    );
    assert!(letter.contains(&stated), "{day}: {letter}");
    let dated = format!("{}年{}月{}日", today.year(), today.month(), today.day());
    assert!(
        letter.trim_end().ends_with(&dated),
        "dated by the extension: {letter}"
    );

    // Answered: closed everywhere, the steps listed, counted in the report.
    let code = step(
        &site,
        &staff,
        &tracking,
        "replied",
        day,
        &[("outcome", "granted")],
    )
    .await;
    assert_eq!(code, StatusCode::SEE_OTHER);
    let (_, html, _) = send(&site.app, get(&case, Some(&staff))).await;
    assert!(
        html.contains("本案件已办结") && !html.contains("无法计算"),
        "{day}: {html}"
    );
    let html = status_page().await;
    assert!(
        html.contains("已办结") && html.contains("延长答复期限"),
        "{day}: {html}"
    );
    let year = today.year();
    let (code, report, _) = send(
        &site.app,
        get(&format!("/staff/report?year={year}"), Some(&staff)),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    let link = format!("/staff/report/cases?year={year}&row=granted&col=0");
    let (_, cell, _) = send(&site.app, get(&link, Some(&staff))).await;
    assert!(
        cell.contains(&tracking),
        "{day}: the report's 予以公开 cell lists the case: {cell}"
    );
    assert!(
        cell.contains("予以公开") && !cell.contains("granted"),
        "the row as printed, not its key: {cell}"
    );
    assert!(report.contains(&link.replace('&', "&#38;")));
}

#[tokio::test]
async fn the_last_day_of_the_data() {
    flow_on("2026-12-31", "2027-01-29", "2027-03-04").await;
}

#[tokio::test]
async fn a_year_not_yet_arranged() {
    flow_on("2027-10-15", "2027-11-12", "2027-12-10").await;
}
