//! Writing the year's report in the browser: the 表二 figures checked by their columns' kinds (errors next to
//! their fields, nothing saved), the six sections' prose, who saved what and when; the saved figures and
//! prose appear on the report page and in every download.

mod common;

use axum::http::{StatusCode, header};
use common::*;

fn form(csrf: &str, overrides: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![("csrf".into(), csrf.into())];
    for r in gongkai_model::table2_rows(gongkai_model::FormatVersion::V2021) {
        for c in r.columns {
            f.push((format!("t2.{}.{}", r.key, c.key), "0".into()));
        }
    }
    for n in 1..=6 {
        f.push((format!("section.{n}"), format!("第{n}部分原文。")));
    }
    for (k, v) in overrides {
        match f.iter_mut().find(|(name, _)| name == k) {
            Some(x) => x.1 = v.to_string(),
            None => f.push((k.to_string(), v.to_string())),
        }
    }
    f
}

fn refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[tokio::test]
async fn table2_and_the_sections_are_checked_saved_and_reported() {
    let site = site().await;
    let staff = login(&site, "staff").await;
    let (status, page, _) =
        send(&site.app, get("/staff/report/edit?year=2025", Some(&staff))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("2021 年版格式")
            && page.contains("name=\"t2.regulations.issued\" value=\"0\"")
    );
    assert!(
        page.contains("本年度共收到政府信息公开申请0件"),
        "the skeleton prefills section 一"
    );
    let csrf = csrf_of(&page);
    // Bad values: each error next to its own field, nothing saved.
    let bad = form(
        &csrf,
        &[
            ("t2.regulations.issued", "-1"),
            ("t2.licensing.decisions", "十二"),
            ("t2.fees.amount_10k_yuan", "1.23456"),
            ("section.5", "问题\u{7}"),
        ],
    );
    let (status, html, _) = send(
        &site.app,
        post("/staff/report/edit?year=2025", &refs(&bad), Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for needle in [
        "id=\"t2.regulations.issued-error\">规章“本年制发件数”：应为不小于 0 的整数。",
        "id=\"t2.licensing.decisions-error\">行政许可“本年处理决定数量”：“十二”不是数字。",
        "id=\"t2.fees.amount_10k_yuan-error\">",
        "id=\"section.5-error\">含有无法显示的控制字符",
        "value=\"十二\"",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    assert!(site.store.proactive(2025).await.unwrap().is_none());
    assert!(site.store.sections(2025).await.unwrap().is_empty());
    // A forged token: refused.
    let forged = form("forged", &[]);
    let (status, _, _) = send(
        &site.app,
        post("/staff/report/edit?year=2025", &refs(&forged), Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Valid: saved with its author, shown on the report page and in the downloads.
    let good = form(
        &csrf,
        &[
            ("t2.regulations.issued", "3"),
            ("t2.regulations.in_force", "17"),
            ("t2.fees.amount_10k_yuan", "12.50"),
            ("section.1", "本年度主动公开政府信息 1234 条。\n第二段。"),
        ],
    );
    let (status, _, headers) = send(
        &site.app,
        post("/staff/report/edit?year=2025", &refs(&good), Some(&staff)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/staff/report?year=2025");
    let t2 = site.store.proactive(2025).await.unwrap().unwrap();
    assert_eq!(t2["regulations"]["issued"], 3);
    assert_eq!(t2["fees"]["amount_10k_yuan"].to_string(), "12.5");
    let author = site.store.proactive_author(2025).await.unwrap().unwrap();
    assert_eq!(author.0, "staff");
    let (_, report, _) = send(&site.app, get("/staff/report?year=2025", Some(&staff))).await;
    assert!(
        report.contains("<p>本年度主动公开政府信息 1234 条。</p><p>第二段。</p>"),
        "{report}"
    );
    assert!(report.contains("<span class=\"hint\">现行有效件数</span> 17"));
    let (_, json, _) = send(
        &site.app,
        get("/staff/report/download?year=2025&format=json", Some(&staff)),
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["table2"]["regulations"]["in_force"], 17);
    assert!(json.contains("本年度主动公开政府信息 1234 条。"));
    let (_, page, _) = send(&site.app, get("/staff/report/edit?year=2025", Some(&staff))).await;
    assert!(
        page.contains("示例工作人员 于 ") && page.contains("（北京时间）保存"),
        "who saved it is shown, by name, in Beijing time"
    );
    let office = login(&site, "office").await;
    let (_, log, _) = send(&site.app, get("/staff/audit", Some(&office))).await;
    assert!(
        log.contains(
            "修改 2025 年度报告：表二、第1部分、第2部分、第3部分、第4部分、第5部分、第6部分"
        ),
        "{log}"
    );
    // Saving again unchanged records nothing new and keeps the authorship.
    let (_, page, _) = send(
        &site.app,
        get("/staff/report/edit?year=2025", Some(&office)),
    )
    .await;
    let mut again = good.clone();
    again[0].1 = csrf_of(&page);
    let (status, _, _) = send(
        &site.app,
        post("/staff/report/edit?year=2025", &refs(&again), Some(&office)),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        site.store.proactive_author(2025).await.unwrap().unwrap().0,
        "staff"
    );
    assert!(
        site.store
            .sections(2025)
            .await
            .unwrap()
            .iter()
            .all(|s| s.updated_by == "staff")
    );
}
