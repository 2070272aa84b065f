//! The supervisor's live view (/supervise/live) on a fixed day, Friday 2026-11-20, with due dates worked out by
//! hand on the 2026 calendar (no holiday from October 26 to November 30; 2026-09-20 a make-up working day,
//! 2026-09-25 a holiday): received 2026-09-01 → due 2026-09-29; received 2026-10-26 → due 2026-11-23, within
//! 5 working days (to 2026-11-27); received 2026-11-02 → due 2026-11-30, not yet.

mod common;

use chrono::NaiveDate;
use common::{get, login, send, site_on};
use gongkai_ledger::case::{ApplicantType, Application, Channel, Event, EventKind, Outcome};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn case(id: &str, received: &str, events: Vec<(&str, EventKind)>) -> Application {
    Application {
        id: id.into(),
        applicant: ApplicantType::NaturalPerson,
        applicant_name: "王五".into(),
        channel: Channel::Online,
        received: d(received),
        content: "某文件".into(),
        events: events
            .into_iter()
            .map(|(date, kind)| Event {
                date: d(date),
                kind,
            })
            .collect(),
    }
}

fn replied(outcome: &str) -> EventKind {
    EventKind::Replied {
        outcome: Outcome::new(outcome).unwrap(),
    }
}

#[tokio::test]
async fn the_live_view_counts_each_agency_by_the_statutory_clock() {
    let today = d("2026-11-20");
    let site = site_on(today).await;
    let (_, edu) = common::register_agency(&site.store, "新郑市教育局", "11410184005252780Y").await;
    common::register_agency(&site.store, "新郑市财政局", "11410184005252799U").await;
    edu.add_applications(
        &[
            case("E-1", "2026-09-01", vec![]),
            case("E-2", "2026-10-26", vec![]),
            case("E-3", "2026-11-02", vec![]),
            case(
                "E-4",
                "2026-11-02",
                vec![("2026-11-10", replied("granted"))],
            ),
            case(
                "E-5",
                "2026-09-01",
                vec![("2026-11-10", replied("denied.state_secret"))],
            ),
            case(
                "E-6",
                "2026-09-01",
                vec![("2026-11-10", EventKind::Withdrawn)],
            ),
            // Closed last year: not this year's.
            case(
                "E-7",
                "2025-11-03",
                vec![("2025-11-10", replied("granted"))],
            ),
        ],
        today,
    )
    .await
    .unwrap();

    let (status, _, _) = send(
        &site.app,
        get("/supervise/live", Some(&login(&site, "staff").await)),
    )
    .await;
    assert_eq!(status, 403);
    let supervisor = login(&site, "supervisor").await;
    let (status, page, _) = send(&site.app, get("/supervise/live", Some(&supervisor))).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("截至 2026-11-20（北京时间）")
            && page.contains("在 2026-11-27（5 个工作日内）前到期"),
        "{page}"
    );
    // 教育局: open 3 (E-1 overdue, E-2 due soon, E-3 not yet); closed this year 3 (E-4, E-5, E-6), answered
    // late 1 (E-5; E-6 withdrawn is no answer), disclosed 1 of 3 = 33.3%; last received 11-02, closed 11-10.
    let edu_row = "<tr><th scope=\"row\">新郑市教育局</th><td>河南省/郑州市/新郑市</td><td>3</td><td><strong>1</strong></td>\
                   <td>1</td><td>3</td><td>1</td><td>33.3%</td><td>2026-11-02</td><td>2026-11-10</td></tr>";
    assert!(page.contains(edu_row), "{page}");
    let fin_row = "<tr><th scope=\"row\">新郑市财政局</th><td>河南省/郑州市/新郑市</td><td>0</td><td>0</td>\
                   <td>0</td><td>0</td><td>0</td><td>—</td><td>—</td><td>—</td></tr>";
    assert!(page.contains(fin_row), "{page}");
    assert!(
        page.contains("<th scope=\"row\">合计（2 个机关）</th>"),
        "{page}"
    );
    assert!(
        !page.contains("王五") && !page.contains("E-1"),
        "no applicant's data, no case numbers"
    );
}
