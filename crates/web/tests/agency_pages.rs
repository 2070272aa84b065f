//! A registered agency's public pages at `/{code}/` (issue 22): its guide, 目录, search, entries, attachments,
//! sitemap, application form and status page show its own data only, with links that stay under its code; the
//! same 索引号 in the deployment's own agency is never shown there, nor the other way round; an unknown code
//! is a Chinese 404; the directory links every agency's pages; the platform's own form lets the applicant
//! choose the 受理机关, and its one status page finds a case in any agency.

mod common;

use common::{enc, get, post, send, site};
use gongkai_catalogue::entry::{DocKind, Entry, Validity};
use gongkai_web::{AppState, router};

const EDU: &str = "11410184005252780Y";
const INDEX_NO: &str = "000-2026-0007";

fn entry(title: &str) -> Entry {
    Entry {
        index_no: INDEX_NO.into(),
        title: title.into(),
        publisher: "某机关".into(),
        doc_no: None,
        written: gongkai_testkit::today() - chrono::Duration::days(20),
        published: Some(gongkai_testkit::today() - chrono::Duration::days(10)),
        withdrawn: None,
        topic: "教育".into(),
        genre: "通知".into(),
        kind: DocKind::Other,
        art20: None,
        mode: "主动公开".into(),
        validity: Validity::InForce,
        amends: None,
        body: format!("<p>{title}的正文。</p>"),
    }
}

#[tokio::test]
async fn an_agency_pages_show_its_own_data_only() {
    let site = site().await;
    let (_, edu) = common::register_agency(&site.store, "新郑市教育局", EDU).await;
    let at = "2026-12-07T01:00:00+08:00";
    // The same 索引号 in both agencies, each with its own words.
    edu.add_entries(&[entry("关于做好校园安全工作的通知")], "教育局", at)
        .await
        .unwrap();
    edu.add_attachment(
        INDEX_NO,
        "安全清单.txt",
        "text/plain",
        "教育局附件".as_bytes(),
    )
    .await
    .unwrap();
    site.store
        .add_entries(&[entry("关于本局湿地保护的通知")], "本局", at)
        .await
        .unwrap();
    // A new state, so that the search index holds both catalogues.
    let state = AppState::new(
        site.store.clone(),
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
    )
    .await
    .unwrap();
    let app = router(state);
    let page = |path: String| {
        let app = app.clone();
        async move { send(&app, get(&path, None)).await }
    };

    // The guide: the registered name (no settings of its own yet), every link under its code.
    let (status, guide, _) = page(format!("/{EDU}/")).await;
    assert_eq!(status, 200);
    assert!(guide.contains("新郑市教育局"), "{guide}");
    assert!(
        !guide.contains("示例市示例局"),
        "the home agency's name: {guide}"
    );
    for link in ["/xxgk", "/apply", "/status"] {
        assert!(guide.contains(&format!("href=\"/{EDU}{link}\"")), "{link}");
    }
    let (status, _, headers) = page(format!("/{EDU}")).await;
    assert_eq!(status, 308);
    assert_eq!(headers["location"], format!("/{EDU}/"));

    // 目录, search, entry, attachment: its own entry only.
    let (_, list, _) = page(format!("/{EDU}/xxgk")).await;
    assert!(
        list.contains("校园安全") && !list.contains("湿地"),
        "{list}"
    );
    let entry_path = format!("/{EDU}/xxgk/e/{INDEX_NO}");
    assert!(list.contains(&format!("href=\"{entry_path}\"")), "{list}");
    let (_, found, _) = page(format!("/{EDU}/xxgk/search?q={}", enc("安全"))).await;
    assert!(found.contains("校园安全"), "{found}");
    let (_, none, _) = page(format!("/{EDU}/xxgk/search?q={}", enc("湿地"))).await;
    assert!(!none.contains("湿地保护"), "{none}");
    let (_, by_no, _) = page(format!("/{EDU}/xxgk/search?q={INDEX_NO}")).await;
    assert!(
        by_no.contains("校园安全") && !by_no.contains("湿地保护"),
        "{by_no}"
    );
    let (status, shown, _) = page(entry_path.clone()).await;
    assert_eq!(status, 200);
    assert!(
        shown.contains("校园安全") && !shown.contains("湿地"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("/{EDU}/xxgk/files/1/{INDEX_NO}")),
        "{shown}"
    );
    let (status, file, _) = page(format!("/{EDU}/xxgk/files/1/{INDEX_NO}")).await;
    assert_eq!((status.as_u16(), file.as_str()), (200, "教育局附件"));
    let (status, _, _) = page(format!("/xxgk/files/1/{INDEX_NO}")).await;
    assert_eq!(status, 404, "the home agency's entry has no attachment");
    // And the home agency's pages show its own.
    let (_, home_list, _) = page("/xxgk".into()).await;
    assert!(home_list.contains("湿地") && !home_list.contains("校园安全"));
    let (_, home_found, _) = page(format!("/xxgk/search?q={}", enc("安全"))).await;
    assert!(!home_found.contains("校园安全"), "{home_found}");

    // The sitemap: its pages and entries on the public address, under its code.
    let (_, map, _) = page(format!("/{EDU}/sitemap.xml")).await;
    assert!(
        map.contains(&format!("/{EDU}/xxgk/e/{INDEX_NO}</loc>")),
        "{map}"
    );
    assert!(map.contains(&format!("/{EDU}/apply</loc>")), "{map}");
    assert_eq!(map.matches("<url>").count(), 5, "{map}");
    let (_, index, _) = page("/sitemap-index.xml".into()).await;
    assert!(
        index.starts_with("<?xml") && index.contains("<sitemapindex"),
        "{index}"
    );
    assert!(
        index.contains("/sitemap.xml</loc>")
            && index.contains(&format!("/{EDU}/sitemap.xml</loc>")),
        "{index}"
    );
    assert_eq!(index.matches("<sitemap>").count(), 2, "{index}");

    // An application filed on its form is its case; its status page answers, the home agency's does not.
    let fields = [
        ("applicant_kind", "公民"),
        ("name", "李四"),
        ("id_document", "居民身份证 110101199001011237"),
        ("phone", "13800000000"),
        ("email", ""),
        ("address", "新郑市人民路 2 号"),
        ("description", "本校2025年招生计划"),
        ("delivery_form", "纸质"),
        ("delivery_channel", "邮寄"),
    ];
    let (status, done, _) = send(&app, post(&format!("/{EDU}/apply"), &fields, None)).await;
    assert_eq!(status, 200, "{done}");
    assert!(done.contains(&format!("href=\"/{EDU}/status\"")), "{done}");
    let codes: Vec<String> = done
        .split("<span class=\"code\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string())
        .collect();
    let (tracking, secret) = (&codes[0], &codes[1]);
    assert!(edu.application(tracking).await.unwrap().is_some());
    assert!(site.store.application(tracking).await.unwrap().is_none());
    let lookup = [("tracking", tracking.as_str()), ("secret", secret.as_str())];
    let (_, status_page, _) = send(&app, post(&format!("/{EDU}/status"), &lookup, None)).await;
    let shown = format!("<th scope=\"row\">申请编号</th><td>{tracking}</td>");
    assert!(status_page.contains(&shown), "{status_page}");
    // The platform's one status page finds it too, as the 教育局's.
    let (_, platform, _) = send(&app, post("/status", &lookup, None)).await;
    assert!(platform.contains("<td>新郑市教育局</td>"), "{platform}");

    // An unknown code: a Chinese 404; the directory links the agency's pages.
    for bad in ["11410184005252799U", "NOTACODE", "xxgk2"] {
        let (status, html, _) = page(format!("/{bad}/xxgk")).await;
        assert_eq!(status, 404, "{bad}");
        assert!(!html.contains("校园安全"), "{bad}");
    }
    let (_, html, _) = page("/11410184005252799U/".into()).await;
    assert!(
        html.contains("本平台没有登记统一社会信用代码为“11410184005252799U”的机关"),
        "{html}"
    );
    let (_, directory, _) = page("/agencies".into()).await;
    assert!(
        directory.contains(&format!("<a href=\"/{EDU}/\">新郑市教育局</a>")),
        "{directory}"
    );
}

/// The platform's own form: the applicant chooses the 受理机关 (by region); an agency's own form is its own; the
/// platform's one status page finds the case in the agency chosen.
#[tokio::test]
async fn the_applicant_chooses_the_agency_and_one_status_page_finds_the_case() {
    let site = site().await;
    let (_, alone, _) = send(&site.app, get("/apply", None)).await;
    assert!(alone.contains("<p>受理机关：示例市示例局</p>") && !alone.contains("name=\"agency\""));
    let (_, edu) = common::register_agency(&site.store, "新郑市教育局", EDU).await;
    let (_, form, _) = send(&site.app, get("/apply", None)).await;
    assert!(
        form.contains(&format!(
            "<optgroup label=\"河南省/郑州市/新郑市\"><option value=\"{EDU}\">新郑市教育局</option></optgroup>"
        )),
        "{form}"
    );
    let (_, own, _) = send(&site.app, get(&format!("/{EDU}/apply"), None)).await;
    assert!(
        own.contains("<p>受理机关：新郑市教育局</p>") && !own.contains("<select id=\"agency\"")
    );

    let fields = |agency: &'static str| {
        vec![
            ("agency", agency),
            ("applicant_kind", "公民"),
            ("name", "赵六"),
            ("id_document", "居民身份证 110101199001011237"),
            ("phone", "13800000000"),
            ("email", ""),
            ("address", "新郑市人民路 2 号"),
            ("description", "2026年义务教育招生划片方案"),
            ("delivery_form", "纸质"),
            ("delivery_channel", "邮寄"),
        ]
    };
    let (status, wrong, _) = send(
        &site.app,
        post("/apply", &fields("11410184005252799U"), None),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        wrong.contains("所选受理机关不在本平台的机关名录中，请重新选择。"),
        "{wrong}"
    );
    let (status, done, _) = send(&site.app, post("/apply", &fields(EDU), None)).await;
    assert_eq!(status, 200, "{done}");
    assert!(
        done.contains("<title>申请已提交 - 新郑市教育局</title>"),
        "{done}"
    );
    let codes: Vec<String> = done
        .split("<span class=\"code\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string())
        .collect();
    let (tracking, secret) = (&codes[0], &codes[1]);
    assert!(edu.application(tracking).await.unwrap().is_some());
    assert!(site.store.application(tracking).await.unwrap().is_none());
    // The platform's status page finds it, and says which agency handles it; a wrong secret finds nothing.
    let lookup = [("tracking", tracking.as_str()), ("secret", secret.as_str())];
    let (status, shown, _) = send(&site.app, post("/status", &lookup, None)).await;
    assert_eq!(status, 200);
    assert!(
        shown.contains("<th scope=\"row\">受理机关</th><td>新郑市教育局</td>"),
        "{shown}"
    );
    let wrong = [("tracking", tracking.as_str()), ("secret", "WRONGSECRET2")];
    assert_eq!(send(&site.app, post("/status", &wrong, None)).await.0, 404);
}
