//! Browser test (headless Chromium): the 雷同 page over fourteen real reports of one region — each pair collapsed
//! behind its summary, opened by the keyboard (Tab to the summary, Enter) to show the shared passages side by side;
//! screenshots at desktop and phone width, and the page still fits at 200% zoom. With 22 more pairs (generated
//! reports copying each other's prose) the page is paged: 20 pairs, then the rest behind “下一页”.

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
    gongkai_supervise::ingest::ingest(
        &store,
        &reports,
        "测试",
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
        &|_, _| {},
    )
    .await
    .unwrap();

    let Session {
        site,
        c,
        downloads: _downloads,
        driver: _driver,
    } = open_site(store.clone()).await;
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

    // Paged: with 22 more pairs, 20 on the first page, all collapsed; “下一页” leads to the rest.
    let generated = tempfile::tempdir().unwrap();
    let copies = generated.path().join("copies");
    copying_pairs(&copies, 22);
    gongkai_supervise::ingest::ingest(
        &store,
        &[copies],
        "测试",
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
        &|_, _| {},
    )
    .await
    .unwrap();
    c.goto(&format!("{site}/supervise/similar?min=10"))
        .await
        .unwrap();
    let page = text(&c).await;
    let total: usize = page
        .split("共 ")
        .nth(1)
        .and_then(|t| t.split(" 对").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{page}"));
    assert!((24..=40).contains(&total), "{page}");
    assert!(
        page.contains(&format!("共 {total} 对，第 1 页，共 2 页")),
        "{page}"
    );
    assert_eq!(
        c.find_all(Locator::Css("details.pair"))
            .await
            .unwrap()
            .len(),
        20
    );
    assert!(
        c.find_all(Locator::Css("details.pair[open]"))
            .await
            .unwrap()
            .is_empty()
    );
    shot(&c, "supervise-similar-paged").await;
    c.find(Locator::LinkText("下一页"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let page = text(&c).await;
    assert!(
        page.contains(&format!("共 {total} 对，第 2 页，共 2 页")),
        "{page}"
    );
    assert_eq!(
        c.find_all(Locator::Css("details.pair"))
            .await
            .unwrap()
            .len(),
        total - 20
    );
    shot(&c, "supervise-similar-page2").await;
    c.close().await.unwrap();
}

/// `n` pairs of generated reports (distinct units, 2024), the second of each copying the first's prose.
fn copying_pairs(dir: &std::path::Path, n: usize) {
    use rand::SeedableRng;
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    for i in 0..n {
        let random = gongkai_write::testgen::random_report(&mut rng);
        for side in ["甲", "乙"] {
            let name = format!("测试市第{i:02}{side}局");
            let mut r =
                gongkai_write::draft::new_report(gongkai_model::FormatVersion::V2021, 2024, &name);
            for (s, t) in r.sections.iter_mut().zip(&random.sections) {
                s.text = t.text.clone();
            }
            let html = gongkai_write::write(&r, gongkai_write::Target::Html, &[]).unwrap();
            std::fs::write(dir.join(format!("{i:02}{side}.html")), html).unwrap();
        }
    }
}
