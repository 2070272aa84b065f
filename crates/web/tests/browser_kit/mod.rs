//! What the browser tests share: chromedriver and a headless Chromium session, the site served on a loopback
//! port, form helpers, screenshots (target/screenshots) and the 200% zoom check.

#![allow(dead_code)]

pub use fantoccini::{Client, ClientBuilder, Locator};
use gongkai_web::{AppState, router};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The chromedriver process, stopped when dropped.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn start_driver() -> (Driver, u16) {
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

pub async fn browser(driver_port: u16, downloads: &Path) -> Client {
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

pub fn shots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A screenshot of the whole page (the window is resized to the page's height first).
pub async fn shot(c: &Client, name: &str) {
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

/// A screenshot of the whole page at a phone's width (375 CSS pixels), named `{name}-phone`; fails if the page
/// scrolls sideways there.
pub async fn shot_phone(c: &Client, name: &str) {
    c.set_window_size(375, 800).await.unwrap();
    let height = c
        .execute("return document.documentElement.scrollHeight", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(800.0)
        .min(6000.0);
    c.set_window_size(375, height as u32 + 20).await.unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots_dir().join(format!("{name}-phone.png")), png).unwrap();
    // How far the page scrolls sideways, and what sticks out (outside the boxes that scroll on their own).
    let measured = c
        .execute(
            "const d = document.documentElement, w = d.clientWidth;
             return [d.scrollWidth - w, [...document.querySelectorAll('body *')]
               .filter(e => e.getBoundingClientRect().right > w + 1 && !(e.parentElement && e.parentElement.closest('.scroll')))
               .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 30)).join(' | ')]",
            vec![],
        )
        .await
        .unwrap();
    c.set_window_size(1280, 1000).await.unwrap();
    let overflow = measured[0].as_f64().unwrap();
    assert!(
        overflow <= 0.0,
        "{name} scrolls sideways by {overflow}px on a 375-px phone: {}",
        measured[1]
    );
}

/// The `id` of the element that has the keyboard focus.
pub async fn focused(c: &Client) -> String {
    c.execute(
        "return document.activeElement ? document.activeElement.id : ''",
        vec![],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap_or_default()
    .to_string()
}

pub async fn fill(c: &Client, id: &str, text: &str) {
    let e = c.find(Locator::Id(id)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

pub async fn select(c: &Client, id: &str, value: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

/// Clicks and waits until the browser has left the page (its root element is gone).
pub async fn click_and_wait(c: &Client, locator: Locator<'_>) {
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

pub async fn submit(c: &Client, form_action: &str) {
    let css = format!("form[action^='{form_action}'] button[type=submit]");
    click_and_wait(c, Locator::Css(&css)).await;
}

pub async fn text(c: &Client) -> String {
    c.find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// At 200% zoom (a 1280-pixel window shows 640 CSS pixels) the page needs no sideways scrolling: wide data
/// tables scroll inside their own box.
pub async fn fits_at_200_percent(c: &Client, url: &str) {
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

/// Waits for a file with this extension in the download folder.
pub async fn downloaded(dir: &Path, ext: &str) -> PathBuf {
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
/// Serves the application over `state` on a loopback port; returns its base URL.
pub async fn serve(state: AppState) -> String {
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
    site
}

/// Logs in on the staff login page as one of the demo accounts (login, role, password).
pub async fn log_in(c: &Client, site: &str, logins: &[(String, &str, String)], user: &str) {
    let password = &logins
        .iter()
        .find(|(u, ..)| u == user)
        .expect("a demo account")
        .2;
    c.goto(&format!("{site}/staff/login")).await.unwrap();
    fill(c, "username", user).await;
    fill(c, "password", password).await;
    submit(c, "/staff/login").await;
}

/// A store on a fresh SQLite file with the demo agency: the folder (kept while the test runs), the store, and the
/// demo accounts (login, role, password).
pub async fn demo_store() -> (
    tempfile::TempDir,
    gongkai_store::Store,
    Vec<(String, &'static str, String)>,
) {
    let dir = tempfile::tempdir().unwrap();
    let store = gongkai_store::Store::open(dir.path().join("web.db").to_str().unwrap())
        .await
        .unwrap();
    let logins = gongkai_web::agency::fill_demo(&store).await.unwrap();
    (dir, store, logins)
}

/// The site over `store` and a Chromium session on it.
pub struct Session {
    /// The site's base URL.
    pub site: String,
    /// The browser.
    pub c: Client,
    /// Where the browser saves downloads.
    pub downloads: tempfile::TempDir,
    /// The chromedriver process (stopped when dropped: bind it for the test's length).
    pub driver: Driver,
}

/// Serves the application over `store` on the tests' day and opens a browser.
pub async fn open_site(store: gongkai_store::Store) -> Session {
    open_site_on(store, gongkai_testkit::today()).await
}

/// Serves the application over `store` on a given day and opens a browser.
pub async fn open_site_on(store: gongkai_store::Store, today: chrono::NaiveDate) -> Session {
    let state = AppState::new(store, gongkai_ledger::today::Today::Fixed(today))
        .await
        .unwrap();
    let site = serve(state).await;
    let (driver, port) = start_driver().await;
    let downloads = tempfile::tempdir().unwrap();
    let c = browser(port, downloads.path()).await;
    Session {
        site,
        c,
        downloads,
        driver,
    }
}

/// The text of the current page as the browser prints it (WebDriver's print to PDF, then pdftotext).
pub async fn printed(c: &Client) -> String {
    let pdf = c
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("printed.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
