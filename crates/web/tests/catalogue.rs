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
    for year in [2020, 2023, 2024, 2025] {
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
    let token = common::token(&site, "office", "").await;
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
    // The 2019 format (the 2020 report): 新制作, 新公开 (published in the year, not withdrawn), 对外公开总数量
    // (published, not withdrawn and in force at the year's end).
    let (_, json) = call(
        &site.app,
        api("GET", "/api/reports/2020", Some(&token), None),
    )
    .await;
    let end = d(2020, 12, 31);
    for (key, kind) in [
        ("regulations", DocKind::Regulation),
        ("normative_documents", DocKind::Normative),
    ] {
        let of_kind: Vec<&Entry> = all.iter().filter(|e| e.kind == kind).collect();
        let public = |e: &Entry| {
            e.published.is_some_and(|p| p <= end) && e.withdrawn.is_none_or(|w| w > end)
        };
        let made = of_kind
            .iter()
            .filter(|e| e.written >= d(2020, 1, 1) && e.written <= end)
            .count();
        let new_published = of_kind
            .iter()
            .filter(|e| public(e) && e.published.is_some_and(|p| p >= d(2020, 1, 1)))
            .count();
        let total = of_kind
            .iter()
            .filter(|e| public(e) && e.written <= end)
            .filter(|e| match &e.validity {
                Validity::Repealed { on, .. } | Validity::Expired { on } => *on > end,
                _ => true,
            })
            .count();
        let row = &json["table2"][key];
        assert_eq!(
            (
                row["new_made"].as_u64(),
                row["new_published"].as_u64(),
                row["total_published"].as_u64()
            ),
            (
                Some(made as u64),
                Some(new_published as u64),
                Some(total as u64)
            ),
            "2020 {key}: {row}"
        );
        assert!(made > 0, "the year has documents of this kind");
    }
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

fn attach(
    csrf: &str,
    name: &str,
    bytes: &[u8],
    cookie: &str,
    href: &str,
) -> axum::http::Request<axum::body::Body> {
    multipart(href, cookie, csrf, "file", &[(name, bytes)])
}

#[tokio::test]
async fn staff_publish_an_entry_that_the_public_catalogue_shows_and_finds() {
    use axum::http::{StatusCode, header};
    let site = site().await;
    site.store
        .set_settings(&[("org_code", "11350100003591037X")])
        .await
        .unwrap();
    let staff = login(&site, "staff").await;
    let (_, form, _) = send(&site.app, get("/staff/catalogue/new", Some(&staff))).await;
    let csrf = csrf_of(&form);
    let fields = |title: &'static str, written: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("action", "save".to_string()),
            ("title", title.to_string()),
            ("publisher", "演示市人民政府办公室".to_string()),
            ("doc_no", "演政规〔2025〕3号".to_string()),
            ("written", written.to_string()),
            ("topic", "城乡建设、环境保护".to_string()),
            ("genre", "通知".to_string()),
            ("kind", "normative".to_string()),
            ("art20", "1".to_string()),
            (
                "body",
                "<p>第一条　为加强古树名木保护<script>alert(1)</script></p>".to_string(),
            ),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, x)| (*k, x.clone())).collect::<Vec<_>>()
    };
    let post_form = |path: &str, v: Vec<(&'static str, String)>| {
        let refs: Vec<(&str, &str)> = v.iter().map(|(k, x)| (*k, x.as_str())).collect();
        post_raw(path, &refs, Some(&staff))
    };
    // Created with its 索引号 made by the rule; the script in the body dropped.
    let (status, _, headers) = send(
        &site.app,
        post_form(
            "/staff/catalogue/new",
            as_refs(&fields("演示市古树名木保护管理办法", "2025-03-03")),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let edit = headers[header::LOCATION].to_str().unwrap().to_string();
    assert_eq!(edit, "/staff/catalogue/e/11350100003591037X/2025-00001");
    let no = "11350100003591037X/2025-00001";
    let stored = site.store.entry(no).await.unwrap().unwrap();
    assert!(!stored.body.contains("script") && stored.body.contains("古树名木"));
    // Not public before it is published.
    let (status, _, _) = send(&site.app, get(&format!("/xxgk/e/{no}"), None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Bad input: a duplicate 索引号, a repeal before the issue, an unsupported or oversized attachment.
    let mut dup = fields("另一个文件", "2025-03-04");
    dup.push(("index_no", no.to_string()));
    let (status, page, _) = send(&site.app, post_form("/staff/catalogue/new", dup)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("已存在"), "{page}");
    let (status, page, _) = send(
        &site.app,
        post_form(
            &edit,
            vec![
                ("csrf", csrf.clone()),
                ("action", "repeal".into()),
                ("step_date", "2025-01-01".into()),
                ("step_by", "演政〔2025〕1号".into()),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("已废止日期 2025-01-01 早于成文日期 2025-03-03"),
        "{page}"
    );
    let files = edit.replace("/staff/catalogue/e/", "/staff/catalogue/files/");
    let (status, page, _) = send(&site.app, attach(&csrf, "病毒.exe", b"MZ", &staff, &files)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("类型不受支持"));
    let big = vec![b'%'; gongkai_web::catalogue::MAX_ATTACHMENT + 1];
    let (status, _, _) = send(&site.app, attach(&csrf, "大.pdf", &big, &staff, &files)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Checked by content and by name: a program or a page named .pdf, a name that shows reversed (U+202E),
    // with a control character, or of 5,000 characters.
    let long = format!("{}.pdf", "长".repeat(5_000));
    let hostile: [(&str, &[u8], &str); 5] = [
        ("通知.pdf", b"MZ\x90\x00\x03", "内容不是 .pdf 文件"),
        (
            "通知.pdf",
            b"<html><script>alert(1)</script>",
            "内容不是 .pdf 文件",
        ),
        ("\u{202E}fdp.exe", b"%PDF-1.4", "显示方向"),
        ("a\tb.pdf", b"%PDF-1.4", "控制字符"),
        (&long, b"%PDF-1.4", "超过 120 个字符"),
    ];
    for (name, bytes, words) in hostile {
        let (status, page, _) = send(&site.app, attach(&csrf, name, bytes, &staff, &files)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{words}");
        assert!(page.contains(words), "{words}: {page}");
    }
    assert!(site.store.attachments(no).await.unwrap().is_empty());
    assert!(matches!(
        site.store.entry(no).await.unwrap().unwrap().validity,
        Validity::InForce
    ));
    // A real attachment, then publication.
    let (status, _, _) = send(
        &site.app,
        attach(&csrf, "附件1.pdf", b"%PDF-1.4 test", &staff, &files),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = send(
        &site.app,
        post_form(
            &edit,
            vec![("csrf", csrf.clone()), ("action", "publish".into())],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The public catalogue: listed under its topic, found by a two-character word and by its number, its page
    // with the metadata table, its attachment, the sitemap.
    let (_, page, _) = send(&site.app, get("/xxgk", None)).await;
    assert!(
        page.contains("城乡建设、环境保护</a>（1）") && page.contains("演示市古树名木保护管理办法"),
        "{page}"
    );
    for q in ["名木", "古树", "〔2025〕3号", "演政规〔2025〕3号"] {
        let (_, page, _) = send(&site.app, get(&format!("/xxgk/search?q={}", enc(q)), None)).await;
        assert!(
            page.contains("/xxgk/e/11350100003591037X/2025-00001"),
            "{q}: {page}"
        );
    }
    let (_, page, _) = send(&site.app, get("/xxgk/search?q=%E6%B9%BF%E5%9C%B0", None)).await;
    assert!(page.contains("没有找到相关信息"));
    let (status, page, _) = send(&site.app, get(&format!("/xxgk/e/{no}"), None)).await;
    assert_eq!(status, StatusCode::OK);
    for label in [
        "索引号",
        "主题分类",
        "发文机关",
        "成文日期",
        "标题",
        "发文字号",
        "发布日期",
    ] {
        assert!(
            page.contains(&format!("<th scope=\"row\">{label}</th>")),
            "{label}"
        );
    }
    assert!(page.contains("第一条　为加强古树名木保护") && !page.contains("alert(1)"));
    let (status, bytes, headers) =
        fetch(&site.app, get(&format!("/xxgk/files/1/{no}"), None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(bytes, b"%PDF-1.4 test");
    let (_, xml, _) = send(&site.app, get("/sitemap.xml", None)).await;
    assert!(
        xml.contains("/xxgk/e/11350100003591037X/2025-00001</loc>"),
        "{xml}"
    );
    // Withdrawn: gone from the public catalogue and the search.
    let (status, _, _) = send(
        &site.app,
        post_form(
            &edit,
            vec![("csrf", csrf.clone()), ("action", "withdraw".into())],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = send(&site.app, get(&format!("/xxgk/e/{no}"), None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page, _) = send(
        &site.app,
        get(&format!("/xxgk/search?q={}", enc("名木")), None),
    )
    .await;
    assert!(page.contains("没有找到相关信息"));
    // The history names each change and who made it.
    let history = site.store.entry_history(no).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h[2].as_str()).collect();
    assert_eq!(actions, ["登记", "发布", "撤回"]);
    assert!(history[0][1].contains("staff"));
    // The register of documents in force on a day, through the API.
    let token = common::token(&site, "staff", "").await;
    let (_, reg) = call(
        &site.app,
        api(
            "GET",
            "/api/catalogue/in-force?date=2025-12-31",
            Some(&token),
            None,
        ),
    )
    .await;
    assert_eq!(reg["normative_documents"][0]["index_no"], no, "{reg}");
    assert_eq!(reg["regulations"].as_array().unwrap().len(), 0);
    // The settings (office head only): a rule without {seq} refused; a new rule used for the next number.
    let (status, _, _) = send(&site.app, get("/staff/catalogue/settings", Some(&staff))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let head = login(&site, "office").await;
    let (_, page, _) = send(&site.app, get("/staff/catalogue/settings", Some(&head))).await;
    let head_csrf = csrf_of(&page);
    let settings = |rule: &str| {
        vec![
            ("csrf", head_csrf.clone()),
            ("rule", rule.to_string()),
            ("org", "11350100003591037X".to_string()),
            ("topics", "综合政务\n城乡建设、环境保护".to_string()),
            ("genres", "通知\n其他".to_string()),
        ]
    };
    let post_head = |v: Vec<(&'static str, String)>| {
        let refs: Vec<(&str, &str)> = v.iter().map(|(k, x)| (*k, x.as_str())).collect();
        post_raw("/staff/catalogue/settings", &refs, Some(&head))
    };
    let (status, page, _) = send(&site.app, post_head(settings("{org}-{year}"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("须含 {seq}"), "{page}");
    let (status, _, _) = send(&site.app, post_head(settings("FJ-{topic}-{year}-{seq:3}"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, headers) = send(
        &site.app,
        post_form(
            "/staff/catalogue/new",
            as_refs(&fields("第二个文件", "2025-04-01")),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        "/staff/catalogue/e/FJ-09-2025-001"
    );
    // Import: a bad file lists every bad row and stores nothing; a good one is numbered by the rule.
    let bad = "标题,发布机构,成文日期,有效性,有效性变化日期,有效性依据\n甲,某局,2025-05-01,已废止,2025-04-01,某文\n乙,某局,不是日期,,,\n";
    let (status, page, _) = send(
        &site.app,
        attach(
            &csrf,
            "目录.csv",
            bad.as_bytes(),
            &staff,
            "/staff/catalogue/import",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("共 2 处错误") && page.contains("第 2 行") && page.contains("第 3 行"),
        "{page}"
    );
    let good = "标题,发布机构,成文日期,发布日期,主题分类,文件类型\n甲办法,某局,2025-05-01,2025-05-08,综合政务,行政规范性文件\n";
    let (status, page, _) = send(
        &site.app,
        attach(
            &csrf,
            "目录.csv",
            good.as_bytes(),
            &staff,
            "/staff/catalogue/import",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("已导入 1 条"));
    assert!(site.store.entry("FJ-01-2025-001").await.unwrap().is_some());
}
