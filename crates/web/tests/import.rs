//! Import of a 台账 through the browser form (multipart): a file of a thousand rows (larger than the form limit
//! of the other pages) is imported; a file with bad rows lists each with its reasons and stores nothing; a
//! forged token, a missing file and a file over the limit are refused.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;

fn import_form(csrf: &str, file: Option<(&str, &[u8])>, cookie: &str) -> Request<Body> {
    multipart("/staff/import", cookie, csrf, "file", file.as_slice())
}

const HEADER: &str = "编号,收到日期,申请人类型,申请人,渠道,申请内容,办结日期,办理结果\n";

#[tokio::test]
async fn a_ledger_file_is_imported_whole_or_its_bad_rows_are_listed() {
    let site = site().await;
    let staff = login(&site, "staff").await;
    let (_, page, _) = send(&site.app, get("/staff/import", Some(&staff))).await;
    assert!(page.contains("enctype=\"multipart/form-data\""));
    let csrf = csrf_of(&page);
    let count = |site: &Site| {
        let store = site.store.clone();
        async move { store.applications(false).await.unwrap().len() }
    };
    // Bad rows: each listed with its row number and reason; nothing stored.
    let bad = format!(
        "{HEADER}T1,2025-03-03,自然人,张三,互联网,某文件,2025-03-20,（一）予以公开\n\
         T2,2025-02-30,自然人,李四,互联网,某文件,,\n\
         T3,2025-03-05,火星人,王五,邮寄,某文件,,\n"
    );
    let (status, html, _) = send(
        &site.app,
        import_form(&csrf, Some(("台账.csv", bad.as_bytes())), &staff),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("整个文件都没有导入"), "{html}");
    assert!(
        html.contains("第 3 行") && html.contains("第 4 行"),
        "{html}"
    );
    assert!(html.contains("火星人"));
    assert_eq!(count(&site).await, 0);
    // Forged token, no file: refused.
    let good: String = std::iter::once(HEADER.to_string())
        .chain((1..=1000).map(|i| {
            format!("T{i:04},2025-03-03,商业企业,某公司{i},邮寄,某项目第{i}号文件的全文及其附件,2025-03-20,（一）予以公开\n")
        }))
        .collect();
    assert!(
        good.len() > gongkai_web::MAX_BODY,
        "larger than an ordinary form"
    );
    let (status, _, _) = send(
        &site.app,
        import_form("forged", Some(("台账.csv", good.as_bytes())), &staff),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, html, _) = send(&site.app, import_form(&csrf, None, &staff)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("请选择要导入的台账文件"));
    let huge = vec![b'x'; gongkai_web::staff::import::MAX_UPLOAD + 1];
    let (status, html, _) = send(
        &site.app,
        import_form(&csrf, Some(("big.csv", &huge)), &staff),
    )
    .await;
    assert_ne!(status, StatusCode::OK);
    assert!(html.contains("10 MB"), "{html}");
    assert_eq!(count(&site).await, 0);
    // The good file: imported, in the audit log.
    let (status, html, _) = send(
        &site.app,
        import_form(&csrf, Some(("台账.csv", good.as_bytes())), &staff),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("已导入 1000 件申请"));
    assert_eq!(count(&site).await, 1000);
    // The same file again: every number exists already, nothing more stored.
    let (status, html, _) = send(
        &site.app,
        import_form(&csrf, Some(("台账.csv", good.as_bytes())), &staff),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("已存在"), "{html}");
    assert_eq!(count(&site).await, 1000);
    // The supervisor may not import.
    let supervisor = login(&site, "supervisor").await;
    let (status, _, _) = send(
        &site.app,
        import_form(&csrf, Some(("台账.csv", good.as_bytes())), &supervisor),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
