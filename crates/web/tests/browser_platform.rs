//! The platform's agencies in real headless Chromium, at desktop and phone width (screenshots in
//! target/screenshots): the system administrator registers an agency on 机关登记 (a mistyped code refused with
//! the reason), and an applicant on the public site finds it in the 机关名录 by two characters of its name.

mod browser_kit;

use browser_kit::*;

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn an_agency_is_registered_and_found_in_the_directory() {
    let (_dir, store, mut logins) = demo_store().await;
    let pw = gongkai_web::agency::add_user(&store, "admin", "admin", "系统管理员", false)
        .await
        .unwrap();
    logins.push(("admin".into(), "系统管理员", pw));
    let Session {
        site,
        c,
        driver: _driver,
        ..
    } = open_site(store.clone()).await;

    log_in(&c, &site, &logins, "admin").await;
    c.goto(&format!("{site}/supervise/agencies")).await.unwrap();
    fill(&c, "name", "新郑市教育局").await;
    fill(&c, "code", "11410184005252780X").await;
    fill(&c, "short_name", "市教育局").await;
    fill(&c, "region", "河南省/郑州市/新郑市").await;
    fill(&c, "office", "新郑市人民政府办公室").await;
    submit(&c, "/supervise/agencies").await;
    let page = text(&c).await;
    assert!(
        page.contains("校验位（第 18 位）应为“Y”，实为“X”"),
        "{page}"
    );
    shot(&c, "platform-register-refused").await;
    fill(&c, "code", "11410184005252780Y").await;
    submit(&c, "/supervise/agencies").await;
    let page = text(&c).await;
    assert!(page.contains("已登记“新郑市教育局”"), "{page}");
    assert!(page.contains("11410184005252780Y"));
    shot(&c, "platform-agencies").await;
    shot_phone(&c, "platform-agencies").await;

    // The public side: the portal links the directory; two characters find the agency.
    c.goto(&site).await.unwrap();
    click_and_wait(&c, Locator::LinkText("机关名录")).await;
    fill(&c, "q", "教育").await;
    submit(&c, "/agencies").await;
    let page = text(&c).await;
    assert!(page.contains("名称含“教育”的机关 1 个"), "{page}");
    assert!(page.contains("新郑市教育局") && page.contains("河南省/郑州市/新郑市"));
    shot(&c, "platform-directory").await;
    shot_phone(&c, "platform-directory").await;
    fits_at_200_percent(&c, &format!("{site}/agencies")).await;
}
