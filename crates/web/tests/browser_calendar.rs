//! Browser test in headless Chromium: on 2027-09-01, before the 2027 holiday notice is out, a citizen applies;
//! the due date is provisional on the applicant's receipt and status page and on the staff dashboard, list and
//! case page; the office head pastes the (made-up) notice, checks the preview and stores it; the due date is
//! then definite everywhere and the change is listed. Dates read by hand: see tests/calendar.rs.

mod browser_kit;

use browser_kit::*;
use chrono::NaiveDate;

async fn status_page(c: &Client, site: &str, tracking: &str, secret: &str) -> String {
    c.goto(&format!("{site}/status")).await.unwrap();
    fill(c, "tracking", tracking).await;
    fill(c, "secret", secret).await;
    submit(c, "/status").await;
    text(c).await
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn a_provisional_due_date_becomes_definite_when_the_office_head_adds_the_notice() {
    let (_dir, store, logins) = demo_store().await;
    let today = NaiveDate::from_ymd_opt(2027, 9, 1).unwrap();
    gongkai_web::demo::fill(&store, today).await.unwrap();
    let Session {
        site,
        c,
        driver: _driver,
        ..
    } = open_site_on(store, today).await;

    // The citizen applies; the receipt says the due date is provisional and why.
    c.goto(&format!("{site}/apply")).await.unwrap();
    fill(&c, "name", "张三").await;
    fill(&c, "id_document", "居民身份证 110101199001011237").await;
    fill(&c, "phone", "13800000000").await;
    fill(&c, "description", "某路段改造工程的立项批复").await;
    select(&c, "delivery_channel", "在线下载").await;
    submit(&c, "/apply").await;
    let receipt = text(&c).await;
    let codes = c.find_all(Locator::Css("span.code")).await.unwrap();
    let (tracking, secret) = (
        codes[0].text().await.unwrap(),
        codes[1].text().await.unwrap(),
    );
    assert!(
        receipt.contains("2027-09-30（暂定：2027年节假日安排尚未公布"),
        "{receipt}"
    );
    let status = status_page(&c, &site, &tracking, &secret).await;
    assert!(status.contains("2027-09-30（暂定"), "{status}");

    // Staff: the dashboard, the list and the case page.
    log_in(&c, &site, &logins, "staff").await;
    let home = text(&c).await;
    assert!(
        home.contains("已收录国务院节假日安排至 2026-12-31") && !home.contains("期限待人工核对"),
        "{home}"
    );
    c.goto(&format!("{site}/staff/cases?q={tracking}"))
        .await
        .unwrap();
    assert!(text(&c).await.contains("2027-09-30（暂定）"));
    c.goto(&format!("{site}/staff/cases/{tracking}"))
        .await
        .unwrap();
    let page = text(&c).await;
    assert!(
        page.contains("2027-09-30（暂定）") && page.contains("调休安排公布前按法定节假日推算"),
        "{page}"
    );
    shot(&c, "staff-case-provisional").await;

    // The office head pastes the notice, checks the preview, stores it.
    log_in(&c, &site, &logins, "office").await;
    c.goto(&format!("{site}/staff/calendar")).await.unwrap();
    c.execute(
        "document.getElementById('text').value = arguments[0]",
        vec![gongkai_testkit::NOTICE_2027_HYPOTHETICAL.into()],
    )
    .await
    .unwrap();
    click_and_wait(&c, Locator::Css("button[value=preview]")).await;
    let preview = text(&c).await;
    assert!(
        preview.contains("请核对国办发明电〔2026〕99号（2027 年）的安排"),
        "{preview}"
    );
    assert!(
        preview.contains("9月26日（周日）、10月9日（周六）"),
        "{preview}"
    );
    shot(&c, "staff-calendar-preview").await;
    click_and_wait(&c, Locator::Css("button[value=save]")).await;
    let saved = text(&c).await;
    assert!(saved.contains("件案件的期限提前"), "{saved}");
    assert!(
        saved.contains(&format!("{tracking}：2027-09-30（暂定）→ 2027-09-29")),
        "{saved}"
    );
    shot(&c, "staff-calendar-saved").await;
    c.goto(&format!("{site}/staff")).await.unwrap();
    let home = text(&c).await;
    assert!(
        home.contains(&format!("{tracking}：2027-09-30（暂定）→ 2027-09-29")),
        "{home}"
    );
    assert!(
        home.contains("已收录国务院节假日安排至 2027-12-31"),
        "{home}"
    );

    // Definite everywhere.
    c.goto(&format!("{site}/staff/cases/{tracking}"))
        .await
        .unwrap();
    let page = text(&c).await;
    assert!(
        page.contains("2027-09-29") && !page.contains("暂定"),
        "{page}"
    );
    let status = status_page(&c, &site, &tracking, &secret).await;
    assert!(
        status.contains("2027-09-29") && !status.contains("暂定"),
        "{status}"
    );
    fits_at_200_percent(&c, &format!("{site}/staff/calendar")).await;
    c.close().await.unwrap();
}
