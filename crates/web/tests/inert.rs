//! Script in every text field, through every way in (the portal form, the staff forms, the search, the
//! template and report editors, the API, a 台账 file): stored as typed where the field allows it, refused
//! where it does not, and never shown as markup on any page.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

const SCRIPT: &str = "<script>alert(1)</script>";

fn inert(page: &str, what: &str) {
    assert!(!page.contains("<script"), "{what}: raw script in the page");
    assert!(
        !page.contains("<img src=x"),
        "{what}: raw markup in the page"
    );
}

#[tokio::test]
async fn script_in_every_text_field_is_rendered_inert() {
    let site = site().await;
    // The portal form: every text field carries script (the identity document, phone and e-mail are refused
    // for their format, and shown back escaped).
    let mut fields = vec![
        ("applicant_kind", "公民"),
        ("name", SCRIPT),
        ("id_document", SCRIPT),
        ("phone", SCRIPT),
        ("email", SCRIPT),
        ("address", SCRIPT),
        ("description", SCRIPT),
        ("purpose", SCRIPT),
        ("delivery_form", "电子文档"),
        ("delivery_channel", "在线下载"),
    ];
    let (status, page, _) = send(&site.app, post("/apply", &fields, None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    inert(&page, "refused form");
    assert!(page.contains("&#60;script&#62;") || page.contains("&lt;script&gt;"));
    fields[2] = ("id_document", "居民身份证 110101199001011237");
    fields[3] = ("phone", "13800000000");
    fields[4] = ("email", "");
    let (status, page, _) = send(&site.app, post("/apply", &fields, None)).await;
    assert_eq!(status, StatusCode::OK);
    inert(&page, "submitted");
    let tracking = page
        .split("<span class=\"code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let staff = login(&site, "staff").await;
    let office = login(&site, "office").await;
    // Staff steps with script in the approver and the amount; a search for script.
    let today = gongkai_testkit::today().to_string();
    let status = step(
        &site,
        &staff,
        &tracking,
        "extended",
        &today,
        &[("days", "5"), ("approved_by", SCRIPT)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let status = step(
        &site,
        &staff,
        &tracking,
        "fee-notified",
        &today,
        &[("amount", SCRIPT)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let status = step(
        &site,
        &staff,
        &tracking,
        "correction-requested",
        SCRIPT,
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Templates and the report's prose with script.
    let (_, html, _) = send(&site.app, get("/staff/notices", Some(&office))).await;
    let csrf = csrf_of(&html);
    let (status, _, _) = send(
        &site.app,
        post(
            "/staff/notices",
            &[
                ("csrf", &csrf),
                ("kind", "extension"),
                ("text", &format!("{{申请人}}：\n{SCRIPT}")),
            ],
            Some(&office),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut report: Vec<(String, String)> = vec![("csrf".into(), csrf.clone())];
    for r in gongkai_model::table2_rows(gongkai_model::FormatVersion::for_year(2025)) {
        for c in r.columns {
            report.push((format!("t2.{}.{}", r.key, c.key), "0".into()));
        }
    }
    for n in 1..=6 {
        report.push((format!("section.{n}"), SCRIPT.into()));
    }
    let refs: Vec<(&str, &str)> = report
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, _, _) = send(
        &site.app,
        post("/staff/report/edit?year=2025", &refs, Some(&office)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // A case through the API and one through a 台账 file, both with script in the name and the content.
    let token = common::token(&site, "staff", SCRIPT).await;
    let (status, _) = call(
        &site.app,
        api(
            "POST",
            "/api/cases",
            Some(&token),
            Some(json!({"id": "X-1", "applicant": "commercial", "applicant_name": SCRIPT,
                        "channel": "letter", "received": "2025-03-03", "content": "<img src=x onerror=alert(1)>"})),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    site.store
        .import_bytes(
            format!("编号,收到日期,申请人类型,申请人,渠道,申请内容\nX-2,2025-03-04,自然人,\"{SCRIPT}\",互联网,\"{SCRIPT}\"\n")
                .into_bytes(),
            gongkai_testkit::today(),
        )
        .await
        .unwrap();
    // Every page that shows any of it.
    let secret_free_pages = [
        format!("/staff/cases/{tracking}"),
        "/staff/cases/X-1".to_string(),
        "/staff/cases/X-2".to_string(),
        format!("/staff/cases?q={}", "%3Cscript%3E"),
        "/staff/cases?state=open".to_string(),
        "/staff".to_string(),
        "/staff/notices".to_string(),
        "/staff/report?year=2025".to_string(),
        "/staff/report/edit?year=2025".to_string(),
        "/staff/audit".to_string(),
    ];
    for path in &secret_free_pages {
        let (status, page, _) = send(&site.app, get(path, Some(&office))).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        inert(&page, path);
    }
    let (_, page, _) = send(
        &site.app,
        get(&format!("/staff/cases/{tracking}"), Some(&office)),
    )
    .await;
    assert!(
        page.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || page.contains("&lt;script&gt;")
    );
    // The notice written from the template: the script is text in the document, not markup.
    let (status, bytes, _) = fetch(
        &site.app,
        get(
            &format!("/staff/cases/{tracking}/notice?kind=extension&format=docx"),
            Some(&office),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        !xml.contains("<script") && xml.contains("&lt;script&gt;"),
        "escaped in the DOCX"
    );
    // The HTML download escapes it too.
    let (_, html, _) = send(
        &site.app,
        get(
            "/staff/report/download?year=2025&format=html",
            Some(&office),
        ),
    )
    .await;
    inert(&html, "report HTML");
}
