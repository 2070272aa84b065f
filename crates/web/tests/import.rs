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
    assert!(
        html.contains("编号 T0001 已在台账中") && html.contains("第 1001 行"),
        "{html}"
    );
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

/// The template: the import columns, a sample row that is refused if left in, drop-down lists on the coded
/// columns (from a hidden sheet of choices), and a file filled in from it (dates and outcome labels as offices
/// write them) imports.
#[tokio::test]
async fn the_template_downloads_and_a_filled_copy_imports() {
    let site = site().await;
    let staff = login(&site, "staff").await;
    let (status, bytes, headers) =
        fetch(&site.app, get("/staff/import/template", Some(&staff))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(download_name(&headers), "台账导入模板.xlsx");
    let rows = gongkai_store::sheet::read_table_bytes(bytes.clone()).unwrap();
    assert_eq!(rows[0], gongkai_ledger::table::HEADERS.map(String::from));
    assert_eq!(rows[1][0], gongkai_store::sheet::SAMPLE_ID);
    assert_eq!(rows[1][1], gongkai_testkit::today().to_string());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("type=\"list\"").count(), 4, "{sheet}");
    assert!(
        sheet.contains("'选项'!$D$2:$D$25"),
        "21 outcome rows and 3 closings: {sheet}"
    );
    assert_eq!(sheet.matches("type=\"date\"").count(), 9);
    let book = part("xl/workbook.xml");
    assert!(
        book.contains("name=\"填写说明\"")
            && book.contains("name=\"选项\" sheetId=\"3\" state=\"hidden\""),
        "{book}"
    );

    let (_, page, _) = send(&site.app, get("/staff/import", Some(&staff))).await;
    assert!(page.contains("href=\"/staff/import/template\""));
    let csrf = csrf_of(&page);
    // Uploaded as downloaded: the sample row is refused, by name.
    let (status, html, _) = send(
        &site.app,
        multipart(
            "/staff/import",
            &staff,
            &csrf,
            "file",
            &[("模板.xlsx", &bytes)],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("第 2 行：这是模板的示例行，请删除后再导入"),
        "{html}"
    );
    // Filled in: the sample replaced by two applications written the usual ways.
    let dir = tempfile::tempdir().unwrap();
    let filled = dir.path().join("台账.xlsx");
    let mut table = vec![rows[0].clone()];
    for (id, received, closed, result) in [
        ("2026-0101", "2026/10/08", "2026年10月20日", "予以公开"),
        (
            "2026-0102",
            "2026.10.09",
            "2026-10-30",
            "（三）不予公开 4.保护第三方合法权益",
        ),
    ] {
        let mut row = vec![String::new(); rows[0].len()];
        for (h, v) in [
            ("编号", id),
            ("收到日期", received),
            ("申请人类型", "自然人"),
            ("申请人", "张三"),
            ("渠道", "互联网"),
            ("申请内容", "某文件"),
            ("办结日期", closed),
            ("办理结果", result),
        ] {
            row[rows[0].iter().position(|c| c == h).unwrap()] = v.to_string();
        }
        table.push(row);
    }
    gongkai_store::sheet::write_xlsx(&filled, "台账", &table).unwrap();
    let filled = std::fs::read(&filled).unwrap();
    let (status, html, _) = send(
        &site.app,
        multipart(
            "/staff/import",
            &staff,
            &csrf,
            "file",
            &[("台账.xlsx", &filled)],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("已导入 2 件申请"));
    let second = site.store.application("2026-0102").await.unwrap().unwrap();
    assert_eq!(second.received.to_string(), "2026-10-09");
    let (closed, outcome) = second.closed().unwrap();
    assert_eq!(
        (closed.to_string().as_str(), outcome.key()),
        ("2026-10-30", "denied.third_party")
    );
}
