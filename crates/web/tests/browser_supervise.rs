//! Browser test (headless Chromium): a supervisor uploads three years of one unit's published reports, sees
//! the ranking, the cross-year pair and the problem in the document, corrects the uncertain cell and downloads
//! the region's assessment report.

mod browser_kit;

use browser_kit::*;
use std::process::Command;

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn a_supervisor_uploads_three_years_corrects_a_cell_and_downloads_the_assessment() {
    let (_dir, store, logins) = demo_store().await;
    // Bound by name, so that chromedriver and the download folder last as long as the test.
    let Session {
        site,
        c,
        downloads,
        driver: _driver,
    } = open_site(store).await;
    log_in(&c, &site, &logins, "supervisor").await;
    assert!(text(&c).await.contains("尚未读取任何年度报告"));

    // Three consecutive years of one unit, chosen together in the file field.
    c.goto(&format!("{site}/supervise/upload")).await.unwrap();
    let files: Vec<String> = [
        "2019_pingtan-syq.txt",
        "2020_pingtan-syq.txt",
        "2021_pingtan-syq.txt",
    ]
    .iter()
    .map(|f| {
        gongkai_testkit::corpus()
            .join(f)
            .canonicalize()
            .unwrap()
            .display()
            .to_string()
    })
    .collect();
    c.find(Locator::Id("files"))
        .await
        .unwrap()
        .send_keys(&files.join("\n"))
        .await
        .unwrap();
    submit(&c, "/supervise/upload").await;
    let page = text(&c).await;
    assert!(page.contains("共 3 个文件：新报告 3 份"), "{page}");
    shot(&c, "supervise-upload").await;

    // The ranking of 2021, then the unit with its cross-year pairs.
    c.goto(&format!("{site}/supervise?year=2021"))
        .await
        .unwrap();
    let page = text(&c).await;
    assert!(
        page.contains("得分与排名") && page.contains("平潭综合实验区"),
        "{page}"
    );
    let rank = c
        .find(Locator::Css("#ranking tbody tr td"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(rank, "1");
    shot(&c, "supervise-overview").await;
    click_and_wait(
        &c,
        Locator::Css("#ranking tbody a[href^='/supervise/units/']"),
    )
    .await;
    let page = text(&c).await;
    assert!(
        page.contains("2020 年度“结转下年度继续办理”与 2021 年度“上年结转”"),
        "{page}"
    );
    shot(&c, "supervise-unit").await;
    click_and_wait(&c, Locator::LinkText("2021 年度报告的问题与原文")).await;
    let page = text(&c).await;
    assert!(
        page.contains("CELL-AMBIGUOUS") && page.contains("第 1 版"),
        "{page}"
    );
    // The uncertain cell is shown in the document, marked.
    let mark = c.find(Locator::Css("#doc mark")).await.unwrap();
    assert_eq!(mark.text().await.unwrap(), "693665");
    shot(&c, "supervise-report").await;

    // The correction against the document.
    select(&c, "cell", "table2:normative_documents:issued").await;
    fill(&c, "value", "6").await;
    fill(&c, "reason", "原文表二“行政规范性文件”行本年制发件数为 6").await;
    submit(&c, "/supervise/reports/").await;
    let page = text(&c).await;
    assert!(
        page.contains("第 2 版") && page.contains("示例监督人员（supervisor）"),
        "{page}"
    );
    let corrected = c
        .find(Locator::Css("td[id='c-table2:normative_documents:issued']"))
        .await
        .unwrap();
    assert_eq!(
        corrected.attr("class").await.unwrap().as_deref(),
        Some("corrected")
    );

    // The region's assessment report, downloaded by the browser.
    c.goto(&format!("{site}/supervise?year=2021"))
        .await
        .unwrap();
    c.find(Locator::LinkText("PDF"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let pdf = downloaded(downloads.path(), "pdf").await;
    let text_of_pdf = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let words = String::from_utf8_lossy(&text_of_pdf.stdout);
    assert!(
        words.contains("评估报告") && words.contains("平潭综合实验区"),
        "{words}"
    );
    for page in [
        "/supervise?year=2021",
        "/supervise/upload",
        "/supervise/similar",
        "/supervise/settings",
    ] {
        fits_at_200_percent(&c, &format!("{site}{page}")).await;
    }
    c.goto(&format!("{site}/supervise/settings")).await.unwrap();
    shot(&c, "supervise-settings").await;
    shot_phone(&c, "supervise-settings").await;
    c.close().await.unwrap();
}
