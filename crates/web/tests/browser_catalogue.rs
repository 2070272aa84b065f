//! Browser test (headless Chromium): staff publish an entry of the 政府信息公开目录 that the public then browse
//! by topic, find by words and by document number, and open with its metadata table.

mod browser_kit;

use browser_kit::*;

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn staff_publish_an_entry_and_the_public_browse_search_and_open_it() {
    let (_dir, store, logins) = demo_store().await;
    // A catalogue already kept: 300 generated entries of earlier years.
    let mut old = gongkai_search::generated::catalogue(300, 5);
    for e in &mut old {
        e.topic = "综合政务".into();
    }
    store
        .add_entries(&old, "导入", "2025-01-01T00:00:00Z")
        .await
        .unwrap();
    // Bound by name, so that chromedriver and the download folder last as long as the test.
    let Session {
        site,
        c,
        downloads: _downloads,
        driver: _driver,
    } = open_site(store).await;
    log_in(&c, &site, &logins, "staff").await;

    // Staff: a new 行政规范性文件, saved, then published.
    c.goto(&format!("{site}/staff/catalogue/new"))
        .await
        .unwrap();
    fill(&c, "title", "演示市古树名木保护管理办法").await;
    fill(&c, "doc_no", "演政规〔2026〕7号").await;
    select(&c, "topic", "城乡建设、环境保护").await;
    select(&c, "kind", "normative").await;
    select(&c, "art20", "1").await;
    fill(
        &c,
        "body",
        "第一条　为加强古树名木保护，制定本办法。\n第二条　本办法自印发之日起施行。",
    )
    .await;
    click_and_wait(
        &c,
        Locator::Css("form[action='/staff/catalogue/new'] button[type=submit]"),
    )
    .await;
    let page = text(&c).await;
    assert!(page.contains("草稿（未发布）"), "{page}");
    click_and_wait(&c, Locator::Css("button[value='publish']")).await;
    let page = text(&c).await;
    assert!(
        page.contains("发布日期") && page.contains("公开页面"),
        "{page}"
    );
    shot(&c, "staff-catalogue-entry").await;
    c.goto(&format!("{site}/staff/catalogue")).await.unwrap();
    shot(&c, "staff-catalogue").await;

    // The public: browse by topic, search, open.
    c.goto(&format!("{site}/xxgk")).await.unwrap();
    click_and_wait(&c, Locator::LinkText("城乡建设、环境保护")).await;
    let page = text(&c).await;
    assert!(
        page.contains("演示市古树名木保护管理办法") && page.contains("（1 条）"),
        "{page}"
    );
    c.goto(&format!("{site}/xxgk")).await.unwrap();
    shot(&c, "catalogue").await;
    fill(&c, "q", "名木").await;
    click_and_wait(&c, Locator::Css("form.search button[type=submit]")).await;
    let page = text(&c).await;
    assert!(page.contains("“名木”的检索结果（1 条）"), "{page}");
    shot(&c, "catalogue-search").await;
    click_and_wait(&c, Locator::LinkText("演示市古树名木保护管理办法")).await;
    let page = text(&c).await;
    for want in [
        "索引号",
        "主题分类",
        "发文机关",
        "成文日期",
        "发文字号",
        "演政规〔2026〕7号",
        "发布日期",
        "第一条　为加强古树名木保护",
    ] {
        assert!(page.contains(want), "{want}: {page}");
    }
    shot(&c, "catalogue-entry").await;
    let entry = c.current_url().await.unwrap().to_string();
    // A document number finds its entry among the older ones.
    c.goto(&format!(
        "{site}/xxgk/search?q=%E3%80%942022%E3%80%955%E5%8F%B7"
    ))
    .await
    .unwrap();
    let page = text(&c).await;
    assert!(page.contains("（1 条）"), "〔2022〕5号: {page}");
    for url in [format!("{site}/xxgk"), entry] {
        fits_at_200_percent(&c, &url).await;
    }
    c.close().await.unwrap();
}
