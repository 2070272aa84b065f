//! The platform's 机关名录 through the router: agencies registered and listed by region, two characters of a
//! name find one, wildcards are literal, a name is shown escaped, and the portal links the directory only
//! once agencies are registered.

mod common;

use common::{get, send, site};
use gongkai_supervise::agencies::{NewAgency, register};

fn agency(name: &str, code: &str, short: &str, region: &str) -> NewAgency {
    NewAgency {
        name: name.into(),
        code: code.into(),
        short_name: short.into(),
        region: region.into(),
        office: "新郑市人民政府办公室".into(),
        host: None,
    }
}

#[tokio::test]
async fn agencies_are_listed_by_region_and_found_by_two_characters() {
    let site = site().await;
    let (status, home, _) = send(&site.app, get("/", None)).await;
    assert_eq!(status, 200);
    assert!(
        !home.contains("机关名录"),
        "no directory link before agencies exist"
    );
    let (_, empty, _) = send(&site.app, get("/agencies", None)).await;
    assert!(empty.contains("本平台尚未登记机关"), "{empty}");

    let at = "2026-12-07T01:00:00+00:00";
    let mut fin = agency(
        "新郑市财政局",
        "11410184005252799U",
        "市财政局",
        "河南省/郑州市/新郑市",
    );
    fin.host = Some("czj.xinzheng.gov.cn".into());
    for a in [
        agency(
            "新郑市教育局",
            "11410184005252780Y",
            "市教育局",
            "河南省/郑州市/新郑市",
        ),
        fin,
        agency(
            "郑州市<b>某某</b>办公室",
            "11410100005252001C",
            "",
            "河南省/郑州市",
        ),
    ] {
        register(&site.store, &a, at).await.unwrap();
    }
    let (_, home, _) = send(&site.app, get("/", None)).await;
    assert!(home.contains(r#"<a href="/agencies">机关名录</a>"#));

    let (status, all, _) = send(&site.app, get("/agencies", None)).await;
    assert_eq!(status, 200);
    assert!(all.contains("共 3 个机关"), "{all}");
    // Regions in tree order, each with its agencies.
    let city = all.find("<h3>河南省/郑州市</h3>").expect("city heading");
    let county = all
        .find("<h3>河南省/郑州市/新郑市</h3>")
        .expect("county heading");
    assert!(city < county);
    assert!(all[county..].contains("新郑市教育局") && !all[..county].contains("新郑市教育局"));
    assert!(
        all.contains(r#"网站：<a href="https://czj.xinzheng.gov.cn/">czj.xinzheng.gov.cn</a>"#)
    );
    assert!(
        all.contains("郑州市&#60;b&#62;某某&#60;/b&#62;办公室"),
        "escaped"
    );
    assert!(!all.contains("<b>某某</b>"));

    let find = |q: &str| get(&format!("/agencies?q={}", common::enc(q)), None);
    let (_, found, _) = send(&site.app, find("教育")).await;
    assert!(found.contains("名称含“教育”的机关 1 个"), "{found}");
    assert!(found.contains("新郑市教育局") && !found.contains("新郑市财政局"));
    let (_, short, _) = send(&site.app, find("市财")).await; // a short name
    assert!(short.contains("新郑市财政局"), "{short}");
    let (_, none, _) = send(&site.app, find("%")).await;
    assert!(none.contains("没有找到名称含“%”的机关"), "{none}");
    // The same through the public API, without a token.
    let (status, json) = common::call(
        &site.app,
        common::api(
            "GET",
            &format!("/api/agencies?q={}", common::enc("教育")),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(json["truncated"], false);
    assert_eq!(json["agencies"].as_array().unwrap().len(), 1);
    assert_eq!(json["agencies"][0]["code"], "11410184005252780Y");
    assert_eq!(json["agencies"][0]["region"], "河南省/郑州市/新郑市");
    let (_, all) = common::call(&site.app, common::api("GET", "/api/agencies", None, None)).await;
    assert_eq!(all["agencies"].as_array().unwrap().len(), 3);
    assert_eq!(all["agencies"][1]["host"], serde_json::Value::Null);
    let long = "局".repeat(400);
    let (status, _, _) = send(&site.app, find(&long)).await;
    assert_eq!(status, 200, "a long query is cut, not an error");
}

#[tokio::test]
async fn the_demo_region_is_registered_once() {
    let site = site().await;
    let at = "2026-12-07T01:00:00+00:00";
    assert_eq!(
        gongkai_web::demo::fill_region(&site.store, gongkai_testkit::today(), at)
            .await
            .unwrap(),
        12
    );
    assert_eq!(
        gongkai_web::demo::fill_region(&site.store, gongkai_testkit::today(), at)
            .await
            .unwrap(),
        0
    );
    // Each agency has its own particulars, ledger and catalogue; the demo's office accounts also work in the
    // 教育局.
    for a in site.store.agencies().await.unwrap() {
        let view = site.store.for_agency(&a.unit.id);
        assert_eq!(view.settings().await.unwrap()["name"], a.unit.name);
        assert!(
            view.applications(false).await.unwrap().len() >= 30,
            "{}",
            a.unit.name
        );
        let entries = view.all_entries().await.unwrap();
        assert_eq!(entries.len(), 24, "{}", a.unit.name);
        assert!(entries.iter().all(|e| e.publisher == a.unit.name));
    }
    assert_eq!(
        site.store.roles_of("office").await.unwrap().len(),
        2,
        "office head at home and in the 教育局"
    );
    let agencies = site.store.agencies().await.unwrap();
    assert_eq!(agencies.len(), 12);
    for a in &agencies {
        assert_eq!(a.unit.region, "示例省/示例市");
        assert!(
            gongkai_model::CreditCode::parse(&a.code).is_ok(),
            "{}",
            a.code
        );
    }
    let (_, all, _) = send(&site.app, get("/agencies", None)).await;
    assert!(
        all.contains("共 12 个机关") && all.contains("示例市人民政府"),
        "{all}"
    );
}
