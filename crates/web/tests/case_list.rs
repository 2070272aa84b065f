//! The case list as an office uses it: search by the applicant's name (recorded in the audit log), sorting by
//! any sortable column either way, page numbers (a page past the last goes to the last), and the export of the
//! whole search as CSV and XLSX without names or identity numbers (also recorded).

mod common;

use axum::http::{StatusCode, header};
use common::*;

/// 120 cases received 2026-09-01 to 2026-10-30 (one every half day), every tenth by 张三丰, the others by
/// companies; case numbers C-001 … C-120.
async fn filled_site() -> Site {
    let site = site().await;
    let mut csv = String::from("编号,收到日期,申请人类型,申请人,渠道,申请内容\n");
    for i in 1..=120 {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
            + chrono::Duration::days((i - 1) / 2);
        let (kind, name) = if i % 10 == 0 {
            ("自然人", "张三丰".to_string())
        } else {
            ("商业企业", format!("某某科技有限公司{i}"))
        };
        csv.push_str(&format!(
            "C-{i:03},{day},{kind},{name},互联网,第{i}号文件\n"
        ));
    }
    let n = site
        .store
        .import_bytes(csv.into_bytes(), gongkai_testkit::today())
        .await
        .unwrap();
    assert_eq!(n, 120);
    site
}

/// The case numbers listed on a page, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<td><a href=\"/staff/cases/")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_by_name_sort_pages_and_export() {
    let site = filled_site().await;
    let staff = login(&site, "staff").await;
    let head = login(&site, "office").await;

    // By name: the twelve cases of 张三丰, and the search is in the audit log with the name searched.
    let (status, page, _) = send(
        &site.app,
        get(
            &format!("/staff/cases?name={}&sort=id", enc("三丰")),
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let ids = listed(&page);
    assert_eq!(ids.len(), 12, "{ids:?}");
    assert!(
        ids.iter()
            .all(|id| id.trim_start_matches("C-").parse::<u32>().unwrap() % 10 == 0)
    );
    assert!(!page.contains("张三丰</td>"), "the list shows no names");
    let (_, audit, _) = send(&site.app, get("/staff/audit", Some(&head))).await;
    assert!(
        audit.contains("按申请人姓名或名称查询案件") && audit.contains("申请人“三丰”"),
        "{audit}"
    );

    // Sorting: by number either way; the heading says which.
    let (_, page, _) = send(&site.app, get("/staff/cases?sort=id", Some(&staff))).await;
    assert_eq!(listed(&page)[..3], ["C-001", "C-002", "C-003"]);
    assert!(
        page.contains(
            "aria-sort=\"ascending\"><a href=\"/staff/cases?sort=-id&#38;page=1\">申请编号"
        ),
        "{page}"
    );
    let (_, page, _) = send(&site.app, get("/staff/cases?sort=-id", Some(&staff))).await;
    assert_eq!(listed(&page)[..3], ["C-120", "C-119", "C-118"]);
    let (_, page, _) = send(&site.app, get("/staff/cases?sort=received", Some(&staff))).await;
    assert_eq!(listed(&page)[..2], ["C-001", "C-002"]);
    let (status, page, _) = send(&site.app, get("/staff/cases?sort=password", Some(&staff))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("无法按“password”排序"));

    // Pages: 120 cases are three pages, numbered; a page past the last goes to the last.
    let (_, page, _) = send(&site.app, get("/staff/cases?sort=id&page=2", Some(&staff))).await;
    assert!(page.contains("共 120 件，第 2 / 3 页"));
    assert_eq!(listed(&page)[0], "C-051");
    assert!(page.contains("<a href=\"/staff/cases?sort=id&#38;page=1\">1</a>"));
    assert!(page.contains("<span aria-current=\"page\">2</span>"));
    assert!(page.contains("<a href=\"/staff/cases?sort=id&#38;page=3\">3</a>"));
    let (status, _, headers) = send(
        &site.app,
        get("/staff/cases?sort=id&page=999", Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/staff/cases?sort=id&page=3");

    // Export: the whole search (not one page), no names, named in Chinese, recorded.
    let (status, bytes, headers) = fetch(
        &site.app,
        get("/staff/cases/export?sort=id&format=csv", Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(download_name(&headers), "案件清单-2026年11月20日.csv");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with(
        "\u{feff}申请编号,申请人类型,渠道,收到申请日期,答复期限,状态,办结日期,办理结果\n"
    ));
    assert_eq!(text.lines().count(), 121);
    assert!(text.contains("\nC-001,商业企业,互联网,2026-09-01,"));
    assert!(!text.contains("张三丰") && !text.contains("有限公司"));
    let (status, bytes, headers) = fetch(
        &site.app,
        get(
            &format!("/staff/cases/export?name={}&format=xlsx", enc("张三丰")),
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(download_name(&headers), "案件清单-2026年11月20日.xlsx");
    let rows = gongkai_store::sheet::read_table_bytes(bytes).unwrap();
    assert_eq!(rows.len(), 13);
    assert_eq!(rows[0][0], "申请编号");
    assert!(rows.iter().flatten().all(|c| !c.contains("张三丰")));
    let (status, _, _) = fetch(
        &site.app,
        get("/staff/cases/export?format=pdf", Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, audit, _) = send(&site.app, get("/staff/audit", Some(&head))).await;
    assert!(
        audit.contains("导出案件清单 120 件")
            && audit.contains("导出案件清单 12 件（按申请人“张三丰”查询）"),
        "{audit}"
    );
    // The supervisor exports nothing.
    let supervisor = login(&site, "supervisor").await;
    let (status, _, _) = fetch(
        &site.app,
        get("/staff/cases/export?format=csv", Some(&supervisor)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
