//! The supervisor's pages through the router: a supervisor (sent to /supervise on login) uploads three years of
//! one unit's published reports and a PDF and an HTML report of others; sees the ranking, the unit's years
//! with the cross-year pairs, a report's problems with the uncertain cell shown in its document (text passage,
//! HTML table, PDF page with the cell's box), corrects the cell (a new version, recorded) and downloads the
//! assessment report. Other roles are refused.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;

fn upload(csrf: &str, files: &[(&str, Vec<u8>)], cookie: &str) -> Request<Body> {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    multipart("/supervise/upload", cookie, csrf, "files", &files)
}

fn corpus(name: &str) -> (&str, Vec<u8>) {
    (
        name,
        std::fs::read(gongkai_testkit::corpus().join(name)).unwrap(),
    )
}

/// The `href` values of links on a page starting with `prefix`.
fn links<'a>(html: &'a str, prefix: &str) -> Vec<&'a str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.starts_with(prefix))
        .collect()
}

#[tokio::test]
async fn a_supervisor_uploads_ranks_inspects_corrects_and_downloads() {
    let site = site().await;
    // Logging in as a supervisor leads to the supervision pages.
    let pw = site.passwords["supervisor"].clone();
    let (status, _, headers) = send(
        &site.app,
        post(
            "/staff/login",
            &[("username", "supervisor"), ("password", &pw)],
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/supervise");
    let sv = login(&site, "supervisor").await;
    let (status, page, _) = send(&site.app, get("/supervise", Some(&sv))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("尚未读取任何年度报告"), "{page}");
    // Other roles and strangers are kept out.
    let staff = login(&site, "staff").await;
    let (status, _, _) = send(&site.app, get("/supervise", Some(&staff))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, headers) = send(&site.app, get("/supervise/upload", None)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/staff/login");

    // Upload: three consecutive years of one unit, and a forged token refused first.
    let (_, form, _) = send(&site.app, get("/supervise/upload", Some(&sv))).await;
    let csrf = csrf_of(&form);
    let years = vec![
        corpus("2019_pingtan-syq.txt"),
        corpus("2020_pingtan-syq.txt"),
        corpus("2021_pingtan-syq.txt"),
    ];
    let (status, _, _) = send(&site.app, upload("forged", &years, &sv)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, page, _) = send(&site.app, upload(&csrf, &years, &sv)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("共 3 个文件：新报告 3 份"), "{page}");
    let (_, page, _) = send(
        &site.app,
        upload(
            &csrf,
            &[
                corpus("2019_pingtan-syq.html"),
                corpus("2023_hongze-qu.pdf"),
            ],
            &sv,
        ),
    )
    .await;
    assert!(
        page.contains("新报告 1 份，已有报告的新版本 1 份"),
        "{page}"
    );

    // The overview: the 2021 ranking with the unit, the charts, the downloads.
    let (_, page, _) = send(&site.app, get("/supervise?year=2021", Some(&sv))).await;
    assert!(
        page.contains("id=\"ranking\"") && page.contains("平潭综合实验区"),
        "{page}"
    );
    assert!(page.matches("<svg").count() >= 2);
    let unit = links(&page, "/supervise/units/")[0].to_string();
    // The unit: three years, two cross-year pairs compared column by column.
    let (_, page, _) = send(&site.app, get(&unit, Some(&sv))).await;
    assert!(
        page.contains("2019 年度“结转下年度继续办理”与 2020 年度“上年结转”"),
        "{page}"
    );
    assert!(page.contains("2020 年度“结转下年度继续办理”与 2021 年度“上年结转”"));
    assert!(page.contains("历年本年新收政府信息公开申请（件）"));
    // Year by year, the share of each report's own prose repeated from the year before.
    let years = page
        .split("id=\"years\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert!(years.contains("自有正文见于上一年度报告"), "{years}");
    let rows: Vec<&str> = years.split("<tr><td>").skip(1).collect();
    assert_eq!(rows.len(), 3, "{years}");
    assert!(
        rows[0].starts_with("2019") && rows[0].contains("（无上一年度报告）"),
        "{years}"
    );
    for row in &rows[1..] {
        let cell = row.split("<td>").nth(4).unwrap();
        assert!(cell.ends_with("%</td>"), "{row}");
    }
    let reports = links(&page, "/supervise/reports/");
    assert_eq!(reports.len(), 3);
    let r2021 = reports[2].to_string();

    // The 2021 report: the digits run together in 表二 are uncertain, shown in the text with the cell marked.
    let (_, page, _) = send(&site.app, get(&r2021, Some(&sv))).await;
    assert!(page.contains("CELL-AMBIGUOUS"), "{page}");
    assert!(page.contains("class=\"uncertain\""));
    assert!(
        page.contains("<mark>693665</mark>") || page.contains("<mark>"),
        "{page}"
    );
    assert!(
        page.contains("value=\"table2:normative_documents:issued\""),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let path = format!("{r2021}/corrections");
    // Without a reason: refused, nothing changed.
    let (status, page, _) = send(
        &site.app,
        post_raw(
            &path,
            &[
                ("csrf", &csrf),
                ("cell", "table2:normative_documents:issued"),
                ("value", "6"),
                ("reason", ""),
            ],
            Some(&sv),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("更正须写明理由"));
    let (status, _, headers) = send(
        &site.app,
        post_raw(
            &path,
            &[
                ("csrf", &csrf),
                ("cell", "table2:normative_documents:issued"),
                ("value", "6"),
                ("reason", "原文表二“行政规范性文件”行本年制发件数为 6"),
            ],
            Some(&sv),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page, _) = send(
        &site.app,
        get(headers[header::LOCATION].to_str().unwrap(), Some(&sv)),
    )
    .await;
    assert!(page.contains("<strong>第 2 版</strong>"), "{page}");
    assert!(
        page.contains("id=\"corrections\"")
            && page.contains("原文表二“行政规范性文件”行本年制发件数为 6")
    );
    assert!(page.contains("示例监督人员（<code>supervisor</code>）"));
    // The corrected cell named as printed, not by its keys; the time in Beijing time.
    let table = page.split("id=\"corrections\"").nth(1).unwrap();
    let table = table.split("</table>").next().unwrap();
    assert!(
        !table.contains("normative_documents") && table.contains("行政规范性文件"),
        "{table}"
    );
    assert!(page.contains("时间（北京时间）"));
    assert!(
        !table.contains("candidates"),
        "the replaced value in words: {table}"
    );
    // The earlier reading stays readable.
    let (_, old, _) = send(&site.app, get(&format!("{r2021}?version=1"), Some(&sv))).await;
    assert!(old.contains("<strong>第 1 版</strong>") && old.contains("class=\"uncertain\""));

    // The HTML re-publication of 2019: the cell in the page's own table.
    let r2019 = reports[0].to_string();
    let (_, page, _) = send(
        &site.app,
        get(&format!("{r2019}?cell=table3:granted:6"), Some(&sv)),
    )
    .await;
    assert!(page.contains("原文第") && page.contains("<mark>"), "{page}");
    // The PDF: its page drawn with the cell's box.
    let (_, page, _) = send(&site.app, get("/supervise?year=2023", Some(&sv))).await;
    let pdf_report = links(&page, "/supervise/reports/")[0].to_string();
    let (_, page, _) = send(
        &site.app,
        get(
            &format!("{pdf_report}?cell=table3:new_received:6"),
            Some(&sv),
        ),
    )
    .await;
    assert!(
        page.contains("<rect x=") && page.contains("/pages/"),
        "{page}"
    );
    let img = page
        .split("<image href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let (status, png, headers) = fetch(&site.app, get(&img, Some(&sv))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert!(png.starts_with(b"\x89PNG"));

    // The assessment report of the year, in three formats.
    for (fmt, mime) in [
        ("pdf", "application/pdf"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("html", "text/html; charset=utf-8"),
    ] {
        let (status, bytes, headers) = fetch(
            &site.app,
            get(
                &format!("/supervise/assessment?year=2021&format={fmt}"),
                Some(&sv),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{fmt}");
        assert_eq!(headers[header::CONTENT_TYPE], mime);
        assert!(bytes.len() > 1000);
    }
    let (status, _, _) = send(
        &site.app,
        get("/supervise/assessment?year=2021&format=exe", Some(&sv)),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The rubric in force: a wrong one refused with its reasons, a changed one followed by the scores.
    let (_, page, _) = send(&site.app, get("/supervise/rubric", Some(&sv))).await;
    let csrf = csrf_of(&page);
    let default = gongkai_supervise::assess::rubric::DEFAULT_TOML;
    let bad = default.replace("\"SECTIONS\"", "\"NO-SUCH\"");
    let (status, page, _) = send(
        &site.app,
        post_raw(
            "/supervise/rubric",
            &[("csrf", &csrf), ("text", &bad)],
            Some(&sv),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("没有编号为 NO-SUCH 的检查规则"), "{page}");
    let strict = default
        .replace(
            "title = \"政府信息公开工作年度报告评估细则（默认）\"",
            "title = \"某市评估细则\"",
        )
        .replace("full = 100.0", "full = 50.0");
    let (status, _, _) = send(
        &site.app,
        post_raw(
            "/supervise/rubric",
            &[("csrf", &csrf), ("text", &strict)],
            Some(&sv),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page, _) = send(&site.app, get("/supervise/rubric?saved=1", Some(&sv))).await;
    assert!(
        page.contains("示例监督人员 于 ")
            && page.contains("（北京时间）修改")
            && page.contains("已保存")
    );
    let (_, page, _) = send(&site.app, get("/supervise?year=2021", Some(&sv))).await;
    assert!(page.contains("依据《某市评估细则》"), "{page}");
    assert!(!page.contains("<td>100</td>"), "scores are out of 50 now");
    let (status, page, _) = send(&site.app, get("/supervise/similar?min=10", Some(&sv))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("报告雷同"));
}

#[tokio::test]
async fn the_same_through_the_json_api() {
    use serde_json::json;
    let site = site().await;
    let token = common::token(&site, "supervisor", "测试").await;
    for name in ["2020_pingtan-syq.txt", "2021_pingtan-syq.txt"] {
        let (_, bytes) = corpus(name);
        let req = Request::post("/api/supervise/reports")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header("x-file-name", enc(name))
            .body(Body::from(bytes))
            .unwrap();
        let (status, v) = call(&site.app, req).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["new_reports"], 1, "{v}");
    }
    let (status, v) = call(
        &site.app,
        api("GET", "/api/supervise/scores?year=2021", Some(&token), None),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["scores"][0]["rank"], 1);
    let report_id = v["scores"][0]["report_id"].as_str().unwrap().to_string();
    let unit_id = v["scores"][0]["unit_id"].as_str().unwrap().to_string();
    let (_, regions) = call(
        &site.app,
        api("GET", "/api/supervise/regions", Some(&token), None),
    )
    .await;
    assert_eq!(regions["regions"][0]["name"], "平潭综合实验区");
    let (_, unit) = call(
        &site.app,
        api(
            "GET",
            &format!("/api/supervise/units/{unit_id}"),
            Some(&token),
            None,
        ),
    )
    .await;
    assert_eq!(unit["reports"].as_array().unwrap().len(), 2);
    let (_, r) = call(
        &site.app,
        api(
            "GET",
            &format!("/api/supervise/reports/{report_id}"),
            Some(&token),
            None,
        ),
    )
    .await;
    assert_eq!(r["version"], 1);
    assert!(
        r["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["code"] == "CELL-AMBIGUOUS")
    );
    let path = format!("/api/supervise/reports/{report_id}/corrections");
    let (status, e) = call(
        &site.app,
        api("POST", &path, Some(&token), Some(json!({"table": "table2", "row": "normative_documents", "column": "issued", "value": "abcdef", "reason": "x"}))),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(e["fields"]["value"].is_string());
    let (status, v) = call(
        &site.app,
        api("POST", &path, Some(&token), Some(json!({"table": "table2", "row": "normative_documents", "column": "issued", "value": "6", "reason": "原文表二"}))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["version"], 2);
    let (_, r) = call(
        &site.app,
        api(
            "GET",
            &format!("/api/supervise/reports/{report_id}"),
            Some(&token),
            None,
        ),
    )
    .await;
    assert_eq!(r["reading"]["table2"]["normative_documents"]["issued"], 6);
    assert_eq!(r["corrections"][0]["by"], "示例监督人员（supervisor）");
    let (status, bytes, headers) = fetch(
        &site.app,
        api(
            "GET",
            "/api/supervise/assessment?year=2021&format=docx",
            Some(&token),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        download_name(&headers),
        "2021年度政府信息公开工作评估报告.docx"
    );
    assert!(bytes.starts_with(b"PK"));
}
