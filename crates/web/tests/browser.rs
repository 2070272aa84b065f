//! Browser test in real headless Chromium (Debian's chromium and chromium-driver, driven over WebDriver with
//! fantoccini): a citizen applies on the portal → staff send a 补正 request → the correction is recorded →
//! staff reply with an outcome and download the 告知书 → the applicant's status page shows the answer → the
//! report page's cell for that outcome lists the case. Screenshots of the main pages are written to
//! target/screenshots (the README's images in docs/images are copies of them).

use fantoccini::{Client, ClientBuilder, Locator};
use gongkai_ledger::calendar::WorkingCalendar;
use gongkai_store::Store;
use gongkai_web::{AppState, agency, router};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The chromedriver process, stopped when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_driver() -> (Driver, u16) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (Debian package chromium-driver; bash .ci/run installs it)");
    let start = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (Driver(child), port)
}

async fn browser(driver_port: u16, downloads: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--lang=zh-CN", "--force-device-scale-factor=1"],
            "prefs": {
                "download.default_directory": downloads.to_str().unwrap(),
                "download.prompt_for_download": false
            }
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a Chromium session")
}

fn shots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A screenshot of the whole page (the window is resized to the page's height first).
async fn shot(c: &Client, name: &str) {
    let height = c
        .execute("return document.documentElement.scrollHeight", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(1000.0)
        .min(4000.0);
    c.set_window_size(1280, height as u32 + 20).await.unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots_dir().join(format!("{name}.png")), png).unwrap();
    c.set_window_size(1280, 1000).await.unwrap();
}

async fn fill(c: &Client, id: &str, text: &str) {
    let e = c.find(Locator::Id(id)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn select(c: &Client, id: &str, value: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

/// Clicks and waits until the browser has left the page (its root element is gone).
async fn click_and_wait(c: &Client, locator: Locator<'_>) {
    let old = c.find(Locator::Css("html")).await.unwrap();
    c.find(locator).await.unwrap().click().await.unwrap();
    let start = Instant::now();
    while old.tag_name().await.is_ok() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the page did not change"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn submit(c: &Client, form_action: &str) {
    let css = format!("form[action^='{form_action}'] button[type=submit]");
    click_and_wait(c, Locator::Css(&css)).await;
}

async fn text(c: &Client) -> String {
    c.find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// At 200% zoom (a 1280-pixel window shows 640 CSS pixels) the page needs no sideways scrolling: wide data
/// tables scroll inside their own box.
async fn fits_at_200_percent(c: &Client, url: &str) {
    c.set_window_size(640, 900).await.unwrap();
    c.goto(url).await.unwrap();
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(
        overflow <= 0.0,
        "{url} scrolls sideways by {overflow}px at 200%"
    );
    c.set_window_size(1280, 1000).await.unwrap();
}

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
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("web.db").to_str().unwrap())
        .await
        .unwrap();
    let logins = agency::fill_demo(&store).await.unwrap();
    let today = chrono::Local::now().date_naive();
    gongkai_web::demo::fill(&store, today).await.unwrap();
    let state = AppState::new(store, WorkingCalendar::official())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let site = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let (_driver, port) = start_driver().await;
    let downloads = tempfile::tempdir().unwrap();
    let c = browser(port, downloads.path()).await;

    // The citizen: the guide, then the form — first with a mistake, shown next to its field.
    c.goto(&format!("{site}/")).await.unwrap();
    assert!(text(&c).await.contains("政府信息公开指南"));
    shot(&c, "portal-guide").await;
    c.goto(&format!("{site}/apply")).await.unwrap();
    fill(&c, "name", "张三").await;
    fill(&c, "id_document", "居民身份证 110101199001011234").await;
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
    let password = logins
        .iter()
        .find(|(u, ..)| u == "staff")
        .unwrap()
        .2
        .clone();
    c.goto(&format!("{site}/staff/login")).await.unwrap();
    fill(&c, "username", "staff").await;
    fill(&c, "password", &password).await;
    submit(&c, "/staff/login").await;
    assert!(text(&c).await.contains("待办与期限"));
    shot(&c, "staff-dashboard").await;
    c.goto(&format!("{site}/staff/cases?q={tracking}"))
        .await
        .unwrap();
    shot(&c, "staff-cases").await;
    click_and_wait(&c, Locator::LinkText(&tracking)).await;
    let page = text(&c).await;
    assert!(page.contains("1101**********1234") && !page.contains("110101199001011234"));
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

/// Waits for a file with this extension in the download folder.
async fn downloaded(dir: &Path, ext: &str) -> PathBuf {
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == ext));
        if let Some(p) = found {
            return p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no .{ext} was downloaded"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn a_supervisor_uploads_three_years_corrects_a_cell_and_downloads_the_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("web.db").to_str().unwrap())
        .await
        .unwrap();
    let logins = agency::fill_demo(&store).await.unwrap();
    let state = AppState::new(store, WorkingCalendar::official())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let site = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let (_driver, port) = start_driver().await;
    let downloads = tempfile::tempdir().unwrap();
    let c = browser(port, downloads.path()).await;
    let password = logins
        .iter()
        .find(|(u, ..)| u == "supervisor")
        .unwrap()
        .2
        .clone();
    c.goto(&format!("{site}/staff/login")).await.unwrap();
    fill(&c, "username", "supervisor").await;
    fill(&c, "password", &password).await;
    submit(&c, "/staff/login").await;
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
    ] {
        fits_at_200_percent(&c, &format!("{site}{page}")).await;
    }
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver (bash .ci/run installs them)"]
async fn staff_publish_an_entry_and_the_public_browse_search_and_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("web.db").to_str().unwrap())
        .await
        .unwrap();
    let logins = agency::fill_demo(&store).await.unwrap();
    // A catalogue already kept: 300 generated entries of earlier years.
    let mut old = gongkai_search::generated::catalogue(300, 5);
    for e in &mut old {
        e.topic = "综合政务".into();
    }
    store
        .add_entries(&old, "导入", "2025-01-01T00:00:00Z")
        .await
        .unwrap();
    let state = AppState::new(store, WorkingCalendar::official())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let site = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let (_driver, port) = start_driver().await;
    let downloads = tempfile::tempdir().unwrap();
    let c = browser(port, downloads.path()).await;
    let password = logins
        .iter()
        .find(|(u, ..)| u == "staff")
        .unwrap()
        .2
        .clone();
    c.goto(&format!("{site}/staff/login")).await.unwrap();
    fill(&c, "username", "staff").await;
    fill(&c, "password", &password).await;
    submit(&c, "/staff/login").await;

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
