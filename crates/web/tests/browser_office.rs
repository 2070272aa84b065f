//! The office's daily work in real headless Chromium, at desktop and phone width (screenshots in
//! target/screenshots, `-phone` at 375 px, each page also checked not to scroll sideways there):
//! the application form's identity checks with the error summary taking the focus; an office head creating an
//! account, whose holder's first login leads to the password page and a refused weak password; a member of
//! staff refused an office head's page in the staff layout; the 台账 template downloaded, filled in and
//! imported; a search by the applicant's name, recorded in the audit log; the search exported as CSV; the
//! report page with its year selector; the public catalogue on a phone.

mod browser_kit;

use browser_kit::*;

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn an_office_works_through_its_day_in_the_browser() {
    let (_dir, store, logins) = demo_store().await;
    let today = gongkai_testkit::today();
    gongkai_web::demo::fill(&store, today).await.unwrap();
    let Session {
        site,
        c,
        downloads,
        driver: _driver,
    } = open_site(store.clone()).await;

    // The form refuses an identity number whose check digit is wrong and a phone number too short; the summary
    // at the top takes the focus and links each field.
    c.goto(&format!("{site}/apply")).await.unwrap();
    fill(&c, "name", "张三").await;
    fill(&c, "id_document", "居民身份证 110101199001011234").await;
    fill(&c, "phone", "12345").await;
    fill(&c, "description", "本局2026年部门预算及其编制说明").await;
    select(&c, "delivery_channel", "在线下载").await;
    submit(&c, "/apply").await;
    assert_eq!(focused(&c).await, "error-summary");
    let summary = c
        .find(Locator::Id("error-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        summary.contains("校验位不符") && summary.contains("联系电话"),
        "{summary}"
    );
    shot(&c, "apply-identity-errors").await;
    shot_phone(&c, "apply-identity-errors").await;
    // An organisation with an invalid 统一社会信用代码.
    select(&c, "applicant_kind", "法人或者其他组织：商业企业").await;
    fill(&c, "name", "某某科技有限公司").await;
    fill(&c, "id_document", "91110000000000000X").await;
    fill(&c, "phone", "010-12345678").await;
    submit(&c, "/apply").await;
    let summary = c
        .find(Locator::Id("error-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        summary.contains("统一社会信用代码") && !summary.contains("联系电话"),
        "{summary}"
    );
    // Corrected: submitted.
    select(&c, "applicant_kind", "公民").await;
    fill(&c, "name", "张三").await;
    fill(&c, "id_document", "居民身份证 110101199001011237").await;
    fill(&c, "phone", "13800000000").await;
    submit(&c, "/apply").await;
    let codes = c.find_all(Locator::Css("span.code")).await.unwrap();
    let tracking = codes[0].text().await.unwrap();
    let secret = codes[1].text().await.unwrap();
    // The status page prints the case, not the lookup form or the navigation.
    c.goto(&format!("{site}/status")).await.unwrap();
    fill(&c, "tracking", &tracking).await;
    fill(&c, "secret", &secret).await;
    submit(&c, "/status").await;
    let paper = printed(&c).await;
    assert!(
        paper.contains(&tracking) && paper.contains("答复期限"),
        "{paper}"
    );
    assert!(
        !paper.contains("查询密码") && !paper.contains("申请公开政府信息"),
        "{paper}"
    );

    // An office head creates an account; its generated password is shown once.
    log_in(&c, &site, &logins, "office").await;
    c.goto(&format!("{site}/staff/users")).await.unwrap();
    fill(&c, "username", "zhao").await;
    fill(&c, "display_name", "赵六").await;
    select(&c, "role", "staff").await;
    // The creating form (the others on the page act on one account each).
    click_and_wait(
        &c,
        Locator::Css("form[action='/staff/users'] button[type=submit]"),
    )
    .await;
    assert_eq!(focused(&c).await, "issued");
    let first = c
        .find(Locator::Css(".secret"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(first.len(), 12);
    shot(&c, "staff-users").await;
    shot_phone(&c, "staff-users").await;
    submit(&c, "/staff/logout").await;

    // Its first login leads to the password page; a weak password is refused, a strong one accepted.
    c.goto(&format!("{site}/staff/login")).await.unwrap();
    fill(&c, "username", "zhao").await;
    fill(&c, "password", &first).await;
    submit(&c, "/staff/login").await;
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/staff/password"),
        "{}",
        text(&c).await
    );
    assert!(text(&c).await.contains("您的密码是系统生成的"));
    fill(&c, "current", &first).await;
    fill(&c, "new", "zhao123456").await;
    fill(&c, "repeat", "zhao123456").await;
    submit(&c, "/staff/password").await;
    assert_eq!(focused(&c).await, "error-summary");
    assert!(text(&c).await.contains("太容易被猜中"));
    shot(&c, "staff-password-refused").await;
    shot_phone(&c, "staff-password-refused").await;
    let chosen = "窗外-梧桐-4827-秋雨长";
    fill(&c, "current", &first).await;
    fill(&c, "new", chosen).await;
    fill(&c, "repeat", chosen).await;
    submit(&c, "/staff/password").await;
    assert!(text(&c).await.contains("密码已修改"));
    c.goto(&format!("{site}/staff")).await.unwrap();
    assert!(text(&c).await.contains("待办与期限"));
    // Staff are not offered the office head's pages, and are refused them in the staff layout.
    let nav = c
        .find(Locator::Css("nav"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !nav.contains("账号管理") && !nav.contains("个人信息查阅记录"),
        "{nav}"
    );
    c.goto(&format!("{site}/staff/audit")).await.unwrap();
    let page = text(&c).await;
    assert!(
        page.contains("仅限负责人和系统管理员使用") && page.contains("工作人员"),
        "{page}"
    );
    assert!(
        c.find(Locator::Css("nav")).await.is_ok(),
        "the refusal keeps the staff navigation"
    );
    shot(&c, "staff-refused").await;
    shot_phone(&c, "staff-refused").await;

    // The 台账 template: downloaded, the sample refused, filled in and imported.
    c.goto(&format!("{site}/staff/import")).await.unwrap();
    c.find(Locator::Css("a[href='/staff/import/template']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let template = downloaded(downloads.path(), "xlsx").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let rows = gongkai_store::sheet::read_table_bytes(std::fs::read(&template).unwrap()).unwrap();
    assert_eq!(rows[0][0], "编号");
    c.find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(template.to_str().unwrap())
        .await
        .unwrap();
    submit(&c, "/staff/import").await;
    assert!(text(&c).await.contains("这是模板的示例行"));
    shot(&c, "staff-import-refused").await;
    shot_phone(&c, "staff-import-refused").await;
    let filled = downloads.path().join("filled.xlsx");
    let mut table = vec![rows[0].clone()];
    for (id, received, applicant) in [
        ("2026-导入-1", "2026/10/08", "李四"),
        ("2026-导入-2", "2026年10月9日", "王五"),
    ] {
        let mut row = vec![String::new(); rows[0].len()];
        for (h, v) in [
            ("编号", id),
            ("收到日期", received),
            ("申请人类型", "自然人"),
            ("申请人", applicant),
            ("渠道", "邮寄"),
            ("申请内容", "某街道2025年财政预算"),
        ] {
            row[rows[0].iter().position(|c| c == h).unwrap()] = v.to_string();
        }
        table.push(row);
    }
    gongkai_store::sheet::write_xlsx(&filled, "台账", &table).unwrap();
    c.find(Locator::Id("file"))
        .await
        .unwrap()
        .send_keys(filled.to_str().unwrap())
        .await
        .unwrap();
    submit(&c, "/staff/import").await;
    assert!(
        text(&c).await.contains("已导入 2 件申请"),
        "{}",
        text(&c).await
    );
    assert!(store.application("2026-导入-2").await.unwrap().is_some());

    // Search by the applicant's name: 张三's application is found.
    c.goto(&format!("{site}/staff/cases")).await.unwrap();
    fill(&c, "name", "张三").await;
    submit(&c, "/staff/cases").await;
    let page = text(&c).await;
    assert!(page.contains(&tracking), "{page}");
    shot(&c, "staff-cases-by-name").await;
    shot_phone(&c, "staff-cases-by-name").await;
    // The case page prints the case and its clock, not the forms.
    click_and_wait(&c, Locator::LinkText(&tracking)).await;
    shot(&c, "staff-case-by-name").await;
    shot_phone(&c, "staff-case-by-name").await;
    let paper = printed(&c).await;
    assert!(
        paper.contains(&tracking) && paper.contains("期限计算"),
        "{paper}"
    );
    for hidden in ["批准人（延长期限时）", "案件查询", "下载 DOCX"] {
        assert!(!paper.contains(hidden), "{hidden} printed: {paper:?}");
    }
    c.back().await.unwrap();
    // The search exported as CSV: the case, no name.
    c.find(Locator::Css("a[href$='format=csv']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let csv = downloaded(downloads.path(), "csv").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let csv = std::fs::read_to_string(csv).unwrap();
    assert!(csv.contains(&tracking) && !csv.contains("张三"), "{csv}");

    // The report page: its year selector chooses the year.
    c.goto(&format!("{site}/staff/report")).await.unwrap();
    select(
        &c,
        "year",
        &(chrono::Datelike::year(&today) - 1).to_string(),
    )
    .await;
    submit(&c, "/staff/report").await;
    assert!(
        c.current_url()
            .await
            .unwrap()
            .query()
            .unwrap_or_default()
            .contains("year=")
    );
    assert!(text(&c).await.contains("法人或其他组织"));
    shot(&c, "staff-report").await;
    shot_phone(&c, "staff-report").await;
    // Printed: the report, without the year selector, the download links or the navigation.
    let paper = printed(&c).await;
    assert!(
        paper.contains("表三") && paper.contains("法人或其他组织"),
        "{paper}"
    );
    assert!(
        !paper.contains("报告年度")
            && !paper.contains("填写表二和正文")
            && !paper.contains("待办与期限"),
        "{paper}"
    );
    // Its DOCX as LibreOffice prints it, page by page (target/screenshots/report-docx-N.png).
    c.find(Locator::Css("a[href$='format=docx']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let docx = downloaded(downloads.path(), "docx").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let pdf = gongkai_testkit::soffice(&[docx], "pdf", downloads.path()).remove(0);
    let drawn = std::process::Command::new("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(&pdf)
        .arg(shots_dir().join("report-docx"))
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(drawn.success());
    submit(&c, "/staff/logout").await;

    // The office head sees the name search and the export in the audit log.
    log_in(&c, &site, &logins, "office").await;
    c.goto(&format!("{site}/staff/audit")).await.unwrap();
    let page = text(&c).await;
    assert!(
        page.contains("按申请人姓名或名称查询案件") && page.contains("申请人“张三”"),
        "{page}"
    );
    assert!(
        page.contains("导出案件清单 1 件（按申请人“张三”查询）"),
        "{page}"
    );
    assert!(page.contains("创建账号（工作人员）") && page.contains("修改本人密码"));
    shot(&c, "staff-audit").await;
    shot_phone(&c, "staff-audit").await;

    // The public catalogue and the status page on a phone.
    for (path, name) in [
        ("/xxgk", "xxgk"),
        ("/status", "status"),
        ("/", "portal-guide"),
    ] {
        c.goto(&format!("{site}{path}")).await.unwrap();
        shot_phone(&c, name).await;
    }
}
