//! Browser test (headless Chromium): the 雷同 page over fourteen real reports of one region — each pair collapsed
//! behind its summary, opened by the keyboard (Tab to the summary, Enter) to show the shared passages side by side;
//! screenshots at desktop and phone width, and the page still fits at 200% zoom.

mod browser_kit;

use browser_kit::*;
use fantoccini::Locator;
use fantoccini::key::Key;

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn the_similar_page_opens_a_pair_from_the_keyboard() {
    let (_dir, store, logins) = demo_store().await;
    let reports: Vec<_> = gongkai_testkit::corpus_reports(&["txt"])
        .into_iter()
        .filter(|n| n.contains("pingtan"))
        .map(|n| gongkai_testkit::corpus().join(n))
        .collect();
    assert!(reports.len() >= 14, "{}", reports.len());
    gongkai_supervise::ingest::ingest(&store, &reports, "测试", &|_, _| {})
        .await
        .unwrap();
    let Session {
        site,
        c,
        downloads: _downloads,
        driver: _driver,
    } = open_site(store).await;
    log_in(&c, &site, &logins, "supervisor").await;
    c.goto(&format!("{site}/supervise/similar?min=10"))
        .await
        .unwrap();
    let pairs = c.find_all(Locator::Css("details.pair")).await.unwrap();
    assert!(!pairs.is_empty(), "{}", text(&c).await);
    assert!(text(&c).await.contains("共 "), "the count is shown");
    let first = &pairs[0];
    assert_eq!(
        first.attr("open").await.unwrap(),
        None,
        "collapsed at first"
    );
    let table = first.find(Locator::Css("table")).await.unwrap();
    assert!(!table.is_displayed().await.unwrap());
    // Keyboard: focus the first summary and press Enter.
    let summary = first.find(Locator::Css("summary")).await.unwrap();
    c.execute(
        "arguments[0].focus()",
        vec![serde_json::to_value(&summary).unwrap()],
    )
    .await
    .unwrap();
    summary.send_keys(&Key::Enter.to_string()).await.unwrap();
    assert!(
        first.attr("open").await.unwrap().is_some(),
        "opened by Enter"
    );
    assert!(table.is_displayed().await.unwrap());
    shot(&c, "supervise-similar").await;
    shot_phone(&c, "supervise-similar").await;
    fits_at_200_percent(&c, &format!("{site}/supervise/similar?min=10")).await;
    c.close().await.unwrap();
}
