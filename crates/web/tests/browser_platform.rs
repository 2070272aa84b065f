//! The platform's agencies in real headless Chromium, at desktop and phone width (screenshots in
//! target/screenshots): the system administrator registers an agency on 机关登记 (a mistyped code refused with
//! the reason), and an applicant on the public site finds it in the 机关名录 by two characters of its name.

mod browser_kit;

use browser_kit::*;

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn an_agency_is_registered_and_found_in_the_directory() {
    // The demo's accounts include the platform's administrator.
    let (_dir, store, logins) = demo_store().await;
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

/// The misdirected application in Chromium: an applicant finds the 教育局 by two characters in the 机关名录 and
/// applies on its pages; its office (a member of two agencies, switching) answers that the information is the
/// 财政局's; the applicant files it there in one step from the status page; the 财政局 answers it; the
/// region's supervisor sees both agencies in the live view. Screenshots at desktop and phone width.
#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn a_misdirected_application_is_filed_again_and_answered() {
    const EDU: &str = "11410184005252780Y";
    const FIN: &str = "11410184005252799U";
    let (_dir, store, logins) = demo_store().await;
    let mut ids = Vec::new();
    for (name, code, short) in [
        ("新郑市教育局", EDU, "市教育局"),
        ("新郑市财政局", FIN, "市财政局"),
    ] {
        gongkai_supervise::agencies::register(
            &store,
            &gongkai_supervise::agencies::NewAgency {
                name: name.into(),
                code: code.into(),
                short_name: short.into(),
                region: "河南省/郑州市/新郑市".into(),
                office: "新郑市人民政府办公室".into(),
                host: None,
            },
            "2026-12-07T01:00:00+00:00",
        )
        .await
        .unwrap();
        let id = store.agency_by_code(code).await.unwrap().unwrap().unit.id;
        let view = store.for_agency(&id);
        view.set_settings(&[
            ("office", &format!("{name}办公室")),
            ("address", "新郑市轩辕路 8 号"),
            ("phone", "0371-62600000"),
        ])
        .await
        .unwrap();
        view.grant_role("staff", "staff").await.unwrap();
        ids.push(id);
    }
    let Session {
        site,
        c,
        driver: _driver,
        ..
    } = open_site(store.clone()).await;
    let day = gongkai_testkit::today().to_string();

    // The applicant finds the 教育局 by two characters and applies on its pages.
    c.goto(&format!("{site}/agencies")).await.unwrap();
    fill(&c, "q", "教育").await;
    submit(&c, "/agencies").await;
    click_and_wait(&c, Locator::LinkText("新郑市教育局")).await;
    assert!(text(&c).await.contains("政府信息公开指南"));
    c.goto(&format!("{site}/{EDU}/apply")).await.unwrap();
    assert!(text(&c).await.contains("受理机关：新郑市教育局"));
    fill(&c, "name", "张三").await;
    fill(&c, "id_document", "居民身份证 110101199001011237").await;
    fill(&c, "phone", "13800000000").await;
    fill(&c, "address", "新郑市人民路 2 号").await;
    fill(&c, "description", "2026年全市学校食堂财政补助资金分配表").await;
    select(&c, "delivery_channel", "邮寄").await;
    submit(&c, &format!("/{EDU}/apply")).await;
    let codes = c.find_all(Locator::Css("span.code")).await.unwrap();
    assert_eq!(codes.len(), 2, "{}", text(&c).await);
    let tracking = codes[0].text().await.unwrap();
    let secret = codes[1].text().await.unwrap();

    // The office: switch to the 教育局, answer that the 财政局 is responsible.
    log_in(&c, &site, &logins, "staff").await;
    c.goto(&format!("{site}/staff/agency")).await.unwrap();
    shot(&c, "platform-switch").await;
    click_and_wait(&c, Locator::XPath("//button[text()='切换到新郑市教育局']")).await;
    assert!(text(&c).await.contains("待办与期限"));
    c.goto(&format!("{site}/staff/cases/{tracking}"))
        .await
        .unwrap();
    assert!(
        text(&c)
            .await
            .contains("2026年全市学校食堂财政补助资金分配表")
    );
    select(&c, "kind", "referred").await;
    fill(&c, "date", &day).await;
    fill(&c, "responsible", "新郑市财政局").await;
    submit(&c, &format!("/staff/cases/{tracking}/events")).await;
    let page = text(&c).await;
    assert!(
        page.contains("不属于本机关负责公开，告知负责公开的机关为新郑市财政局"),
        "{page}"
    );
    assert!(
        page.contains("政府信息公开申请答复书（非本机关负责公开）"),
        "{page}"
    );
    shot(&c, "platform-referral-case").await;

    // The applicant: the status page offers the 财政局; filed there in one step.
    c.goto(&format!("{site}/{EDU}/status")).await.unwrap();
    fill(&c, "tracking", &tracking).await;
    fill(&c, "secret", &secret).await;
    submit(&c, &format!("/{EDU}/status")).await;
    let page = text(&c).await;
    assert!(page.contains("负责公开的机关为新郑市财政局"), "{page}");
    shot(&c, "platform-referral-status").await;
    shot_phone(&c, "platform-referral-status").await;
    fill(&c, "refile-secret", &secret).await;
    c.find(Locator::Id("consent"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    submit(&c, &format!("/{EDU}/status/refile")).await;
    let page = text(&c).await;
    assert!(
        page.contains("申请已提交") && page.contains(&tracking),
        "{page}"
    );
    let filed = store
        .for_agency(&ids[1])
        .application(&tracking)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(filed.received, gongkai_testkit::today());

    // The 财政局's office answers it.
    c.goto(&format!("{site}/staff/agency")).await.unwrap();
    click_and_wait(&c, Locator::XPath("//button[text()='切换到新郑市财政局']")).await;
    c.goto(&format!("{site}/staff/cases/{tracking}"))
        .await
        .unwrap();
    select(&c, "kind", "replied").await;
    fill(&c, "date", &day).await;
    select(&c, "outcome", "granted").await;
    submit(&c, &format!("/staff/cases/{tracking}/events")).await;
    let page = text(&c).await;
    assert!(page.contains("作出答复：（一）予以公开"), "{page}");
    shot(&c, "platform-referral-answered").await;

    // The supervisor sees both agencies live.
    log_in(&c, &site, &logins, "supervisor").await;
    c.goto(&format!("{site}/supervise/live")).await.unwrap();
    let page = text(&c).await;
    assert!(
        page.contains("新郑市教育局") && page.contains("新郑市财政局"),
        "{page}"
    );
    shot(&c, "platform-live").await;
    shot_phone(&c, "platform-live").await;
}
