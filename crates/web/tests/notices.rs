//! The notices (告知书) through HTTP: a case's notices appear as its steps are recorded, download as DOCX and
//! PDF with the applicant, the reason and legal basis of the outcome, and the remedies; the office head edits
//! a template (an unknown placeholder refused next to its field, nothing saved), staff may only read them.

mod common;

use axum::http::{StatusCode, header};
use common::*;

#[tokio::test]
async fn notices_follow_the_steps_and_carry_the_reason_and_remedies() {
    let site = site().await;
    let tracking = submit_application(&site).await;
    let staff = login(&site, "staff").await;
    let today = gongkai_testkit::today().to_string();
    let notice = |kind: &str, format: &str| {
        get(
            &format!("/staff/cases/{tracking}/notice?kind={kind}&format={format}"),
            Some(&staff),
        )
    };
    // Before any step there is no notice to give.
    let (status, _, _) = fetch(&site.app, notice("correction", "docx")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        step(
            &site,
            &staff,
            &tracking,
            "correction-requested",
            &today,
            &[]
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let (status, bytes, headers) = fetch(&site.app, notice("correction", "docx")).await;
    assert_eq!(status, StatusCode::OK);
    let name = download_name(&headers);
    assert!(
        name.starts_with("政府信息公开申请补正通知书")
            && name.ends_with(&format!("（{tracking}）.docx")),
        "{name}"
    );
    let text = docx_text(&bytes);
    for needle in [
        "政府信息公开申请补正通知书",
        "张三：",
        "本局2025年部门预算",
        "第三十条",
        "示例市示例局",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    for (kind, extra) in [
        ("correction-received", vec![]),
        ("replied", vec![("outcome", "denied.process_info")]),
    ] {
        assert_eq!(
            step(&site, &staff, &tracking, kind, &today, &extra).await,
            StatusCode::SEE_OTHER
        );
    }
    let (_, page, _) = send(
        &site.app,
        get(&format!("/staff/cases/{tracking}"), Some(&staff)),
    )
    .await;
    assert!(
        page.contains("政府信息不予公开告知书：<a href=\"/staff/cases/"),
        "{page}"
    );
    let (status, bytes, _) = fetch(&site.app, notice("denied", "docx")).await;
    assert_eq!(status, StatusCode::OK);
    let text = docx_text(&bytes);
    for needle in [
        "政府信息不予公开告知书",
        "过程性信息",
        "第十六条第二款",
        "第三十六条第三项",
        "六十日内向示例市人民政府申请行政复议",
        "六个月内向示例市示例区人民法院提起行政诉讼",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    assert!(!text.contains('{'), "every placeholder filled: {text}");
    let (status, pdf, headers) = fetch(&site.app, notice("denied", "pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.starts_with(b"%PDF"));
    // The PDF reads back with the same words (pdftotext, installed by .ci/run with poppler-utils).
    // Kept beside the browser test's screenshots, to be looked at.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("notice-denied.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext");
    let pdf_text = String::from_utf8(out.stdout)
        .unwrap()
        .replace(char::is_whitespace, "");
    assert!(
        pdf_text.contains("政府信息不予公开告知书") && pdf_text.contains("张三："),
        "{pdf_text}"
    );
    let (status, _, _) = fetch(&site.app, notice("denied", "md")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Generating a notice with the applicant's particulars is in the audit log.
    let office = login(&site, "office").await;
    let (_, log, _) = send(&site.app, get("/staff/audit", Some(&office))).await;
    assert!(
        log.contains("生成政府信息不予公开告知书（含申请人信息）"),
        "{log}"
    );
}

#[tokio::test]
async fn the_office_head_edits_templates_and_staff_only_read_them() {
    let site = site().await;
    let tracking = submit_application(&site).await;
    let staff = login(&site, "staff").await;
    let office = login(&site, "office").await;
    let (_, html, _) = send(&site.app, get("/staff/notices", Some(&staff))).await;
    assert!(html.contains("模板由负责人修改") && !html.contains("<textarea"));
    let csrf = csrf_of(&html);
    let (status, _, _) = send(
        &site.app,
        post(
            "/staff/notices",
            &[
                ("csrf", &csrf),
                ("kind", "granted"),
                ("text", "{申请人}：\n改"),
            ],
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, html, _) = send(&site.app, get("/staff/notices", Some(&office))).await;
    let csrf = csrf_of(&html);
    let edit = |text: &'static str, csrf: &str| {
        post(
            "/staff/notices",
            &[("csrf", csrf), ("kind", "granted"), ("text", text)],
            Some(&office),
        )
    };
    let (status, html, _) = send(&site.app, edit("{申请人}：\n{姓名}你好", &csrf)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"text-granted-error\">模板中的“{姓名}”不是可用的占位符"),
        "{html}"
    );
    let (status, _, _) = send(&site.app, edit("{申请人}：\n伪造", "forged")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, headers) = send(
        &site.app,
        edit(
            "{申请人}：\n经审查，本机关同意公开“{申请内容}”，请于五个工作日内领取。\n{救济}",
            &csrf,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html, _) = send(
        &site.app,
        get(headers[header::LOCATION].to_str().unwrap(), Some(&office)),
    )
    .await;
    assert!(
        html.contains("已保存“政府信息公开申请答复书”的模板") && html.contains("（本机关修改版）")
    );
    let today = gongkai_testkit::today().to_string();
    step(
        &site,
        &staff,
        &tracking,
        "replied",
        &today,
        &[("outcome", "granted")],
    )
    .await;
    let (status, bytes, _) = fetch(
        &site.app,
        get(
            &format!("/staff/cases/{tracking}/notice?kind=granted&format=docx"),
            Some(&staff),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = docx_text(&bytes);
    assert!(
        text.contains("经审查，本机关同意公开“本局2025年部门预算”，请于五个工作日内领取。"),
        "{text}"
    );
}
