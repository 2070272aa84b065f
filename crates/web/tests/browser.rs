//! Browser test in real headless Chromium (Debian's chromium and chromium-driver, driven over WebDriver with
//! fantoccini): a citizen applies on the portal → staff send a 补正 request → the correction is recorded →
//! staff reply with an outcome and download the 告知书 → the applicant's status page shows the answer → the
//! report page's cell for that outcome lists the case. Screenshots of the main pages are written to
//! target/screenshots (the README's images in docs/images are copies of them).

mod browser_kit;

use browser_kit::*;
use std::time::{Duration, Instant};

/// Records a step on the open case page.
async fn step(c: &Client, kind: &str, outcome: Option<&str>) {
    select(c, "kind", kind).await;
    if let Some(o) = outcome {
        select(c, "outcome", o).await;
    }
    submit(c, "/staff/cases/").await;
    let page = text(c).await;
    assert!(!page.contains("未登记"), "{kind}: {page}");
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn a_citizen_applies_staff_answer_and_the_report_counts_it() {
    // The site, with the demo agency and a year of demo cases, on a loopback port.
    let (_dir, store, logins) = demo_store().await;
    let today = gongkai_testkit::today();
    gongkai_web::demo::fill(&store, today).await.unwrap();
    // Bound by name, so that chromedriver and the download folder last as long as the test.
    let Session {
        site,
        c,
        downloads,
        driver: _driver,
    } = open_site(store).await;

    // The citizen: the guide, then the form — first with a mistake, shown next to its field.
    c.goto(&format!("{site}/")).await.unwrap();
    assert!(text(&c).await.contains("政府信息公开指南"));
    shot(&c, "portal-guide").await;
    c.goto(&format!("{site}/apply")).await.unwrap();
    fill(&c, "name", "张三").await;
    fill(&c, "id_document", "居民身份证 110101199001011237").await;
    fill(&c, "phone", "12").await;
    fill(&c, "description", "本局2026年部门预算及其编制说明").await;
    select(&c, "delivery_channel", "在线下载").await;
    submit(&c, "/apply").await;
    let page = text(&c).await;
    assert!(page.contains("申请未提交"), "{page}");
    let error = c.find(Locator::Id("phone-error")).await.unwrap();
    assert!(error.text().await.unwrap().contains("联系电话"));
    shot(&c, "portal-apply").await;
    fill(&c, "phone", "13800000000").await;
    submit(&c, "/apply").await;
    let codes = c.find_all(Locator::Css("span.code")).await.unwrap();
    assert_eq!(codes.len(), 2, "{}", text(&c).await);
    let tracking = codes[0].text().await.unwrap();
    let secret = codes[1].text().await.unwrap();
    assert!(tracking.starts_with("YSQ"));

    // Staff: log in, find the case, 补正 requested and received, then the reply.
    log_in(&c, &site, &logins, "staff").await;
    assert!(text(&c).await.contains("待办与期限"));
    shot(&c, "staff-dashboard").await;
    c.goto(&format!("{site}/staff/cases?q={tracking}"))
        .await
        .unwrap();
    shot(&c, "staff-cases").await;
    click_and_wait(&c, Locator::LinkText(&tracking)).await;
    let page = text(&c).await;
    assert!(page.contains("1101**********1237") && !page.contains("110101199001011237"));
    step(&c, "correction-requested", None).await;
    assert!(text(&c).await.contains("政府信息公开申请补正通知书"));
    step(&c, "correction-received", None).await;
    step(&c, "replied", Some("denied.process_info")).await;
    let page = text(&c).await;
    assert!(
        page.contains("已办结") && page.contains("政府信息不予公开告知书"),
        "{page}"
    );
    shot(&c, "staff-case").await;
    // The 告知书 downloaded through the browser.
    c.find(Locator::Css(&format!(
        "a[href='/staff/cases/{tracking}/notice?kind=denied&format=docx']"
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let start = Instant::now();
    let docx = loop {
        let found = std::fs::read_dir(downloads.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "docx"));
        if let Some(p) = found {
            break p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the notice was not downloaded"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains("张三") && xml.contains("过程性信息"),
        "the notice names the applicant and the reason"
    );

    // The applicant's status page shows the answer.
    c.goto(&format!("{site}/status")).await.unwrap();
    fill(&c, "tracking", &tracking).await;
    fill(&c, "secret", &secret).await;
    submit(&c, "/status").await;
    let page = text(&c).await;
    assert!(
        page.contains("已办结") && page.contains("发出补正通知"),
        "{page}"
    );
    shot(&c, "portal-status").await;

    // The report page: the cell of 不予公开 6 (过程性信息), 自然人 column, lists the case.
    let year = chrono::Datelike::year(&today);
    c.goto(&format!("{site}/staff/report?year={year}"))
        .await
        .unwrap();
    shot(&c, "staff-report").await;
    let cell = format!("a[href='/staff/report/cases?year={year}&row=denied.process_info&col=0']");
    click_and_wait(&c, Locator::Css(&cell)).await;
    let page = text(&c).await;
    assert!(page.contains(&tracking), "{page}");
    c.goto(&format!("{site}/staff/notices")).await.unwrap();
    shot(&c, "staff-notices").await;
    c.goto(&format!("{site}/staff/report/edit?year={year}"))
        .await
        .unwrap();
    shot(&c, "staff-report-edit").await;
    // Readable at 200% zoom, usable from the keyboard (the first Tab reaches the skip link).
    for page in [
        "/",
        "/apply",
        "/status",
        "/staff",
        "/staff/cases",
        "/staff/report",
    ] {
        fits_at_200_percent(&c, &format!("{site}{page}")).await;
    }
    fits_at_200_percent(&c, &format!("{site}/staff/cases/{tracking}")).await;
    c.goto(&format!("{site}/apply")).await.unwrap();
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys(&fantoccini::key::Key::Tab.to_string())
        .await
        .unwrap();
    let focused = c.active_element().await.unwrap();
    assert_eq!(focused.text().await.unwrap(), "跳到正文");
    c.close().await.unwrap();
}
