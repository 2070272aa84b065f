//! 表二 from the catalogue: two years of generated activity (规章 and 行政规范性文件 issued, amended, repealed,
//! expired; other information published, some late, one withdrawn) stored through the catalogue; the year-end
//! report's 表二 rows equal counts made here independently, in both formats; 现行有效 carries over (the checker's
//! cross-year rule passes); section 一 states the count; the in-force register on chosen dates is right.

mod common;

use chrono::NaiveDate;
use common::*;
use gongkai_catalogue::{DocKind, Entry, Validity};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A plain generator: for each year, documents issued on the 5th of each month, alternating kinds; some later
/// repealed, expired or amended; plus other information.
fn activity() -> Vec<Entry> {
    let mut out = Vec::new();
    let mut n = 0;
    for year in [2023, 2024, 2025] {
        for month in 1..=12u32 {
            n += 1;
            let kind = match n % 4 {
                0 => DocKind::Regulation,
                1 | 2 => DocKind::Normative,
                _ => DocKind::Other,
            };
            let written = d(year, month, 5);
            let validity = match n % 9 {
                0 if kind != DocKind::Other => Validity::Repealed {
                    on: written + chrono::Duration::days(200),
                    by: format!("某府〔{year}〕{n}号"),
                },
                4 if kind != DocKind::Other => Validity::Expired {
                    on: written + chrono::Duration::days(400),
                },
                7 if kind != DocKind::Other => Validity::Amended {
                    on: written + chrono::Duration::days(30),
                    by: "修改决定".into(),
                },
                _ => Validity::InForce,
            };
            out.push(Entry {
                index_no: format!("TEST/{year}-{n:05}"),
                title: format!("测试文件{n}"),
                publisher: "某市人民政府".into(),
                doc_no: Some(format!("某府规〔{year}〕{n}号")),
                written,
                published: Some(written + chrono::Duration::days(if n % 5 == 0 { 60 } else { 3 })),
                withdrawn: (n == 13).then(|| written + chrono::Duration::days(10)),
                topic: "综合政务".into(),
                genre: "通知".into(),
                kind,
                art20: Some(1),
                mode: "主动公开".into(),
                validity,
                amends: None,
                body: format!("<p>第{n}号文件正文。</p>"),
            });
        }
    }
    out
}

/// Counted here, without the catalogue's code: (issued, left force, in force at year end) of a kind.
fn by_hand(all: &[Entry], kind: DocKind, year: i32) -> (u64, u64, u64) {
    let end = d(year, 12, 31);
    let mut c = (0, 0, 0);
    for e in all.iter().filter(|e| e.kind == kind) {
        let left = match &e.validity {
            Validity::Repealed { on, .. } | Validity::Expired { on } => Some(*on),
            _ => None,
        };
        if e.written >= d(year, 1, 1) && e.written <= end {
            c.0 += 1;
        }
        if left.is_some_and(|l| l >= d(year, 1, 1) && l <= end) {
            c.1 += 1;
        }
        if e.written <= end && left.is_none_or(|l| l > end) {
            c.2 += 1;
        }
    }
    c
}

#[tokio::test]
async fn table2_comes_from_the_catalogue_and_carries_over() {
    let site = site().await;
    let all = activity();
    site.store
        .add_entries(&all, "测试", "2026-01-01T00:00:00Z")
        .await
        .unwrap();
    // A 索引号 twice: refused, nothing stored.
    let err = site
        .store
        .add_entries(&all[..1], "测试", "2026-01-01T00:00:00Z")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("已存在"), "{err}");
    let token = gongkai_web::api::create_token(&site.store, "office", "")
        .await
        .unwrap();
    let mut last: Option<gongkai_model::Report> = None;
    for year in [2024, 2025] {
        let (status, json) = call(
            &site.app,
            api("GET", &format!("/api/reports/{year}"), Some(&token), None),
        )
        .await;
        assert_eq!(status, axum::http::StatusCode::OK);
        for (key, kind) in [
            ("regulations", DocKind::Regulation),
            ("normative_documents", DocKind::Normative),
        ] {
            let (issued, repealed, in_force) = by_hand(&all, kind, year);
            assert_eq!(
                (
                    json["table2"][key]["issued"].as_u64().unwrap(),
                    json["table2"][key]["repealed"].as_u64().unwrap(),
                    json["table2"][key]["in_force"].as_u64().unwrap()
                ),
                (issued, repealed, in_force),
                "{year} {key}"
            );
        }
        let published = all
            .iter()
            .filter(|e| {
                e.published
                    .is_some_and(|p| p >= d(year, 1, 1) && p <= d(year, 12, 31))
                    && e.withdrawn.is_none_or(|w| w > d(year, 12, 31))
            })
            .count();
        let one = json["sections"][0]["text"].as_str().unwrap();
        assert!(
            one.contains(&format!("主动公开政府信息{published}条")),
            "{one}"
        );
        let report = gongkai_model::exchange::from_json(&json).unwrap();
        if let Some(prev) = &last {
            let diags = gongkai_check::check(&report, Some(prev));
            assert!(
                !diags.iter().any(|d| d.code == "PREV-IN-FORCE"),
                "{:?}",
                diags.iter().map(|d| &d.message).collect::<Vec<_>>()
            );
        }
        last = Some(report);
    }
    // The 2019 format (the 2020 report): 新制作, 新公开, 对外公开总数量.
    let (_, json) = call(
        &site.app,
        api("GET", "/api/reports/2020", Some(&token), None),
    )
    .await;
    assert_eq!(json["table2"]["normative_documents"]["new_made"], 0);
    // The register of 行政规范性文件 in force on chosen days.
    for day in [d(2023, 6, 30), d(2024, 3, 1), d(2025, 12, 31)] {
        let mut got: Vec<&str> =
            gongkai_catalogue::counts::in_force_register(&all, DocKind::Normative, day)
                .iter()
                .map(|e| e.index_no.as_str())
                .collect();
        got.sort_unstable();
        let mut want: Vec<&str> = all
            .iter()
            .filter(|e| e.kind == DocKind::Normative && e.written <= day)
            .filter(|e| match &e.validity {
                Validity::Repealed { on, .. } | Validity::Expired { on } => *on > day,
                _ => true,
            })
            .map(|e| e.index_no.as_str())
            .collect();
        want.sort_unstable();
        assert_eq!(got, want, "{day}");
    }
}
