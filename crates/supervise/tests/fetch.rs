//! `ingest --urls`: published pages and attachments fetched from a local HTTP server (never the network) —
//! redirects followed, a GBK page read by its HTTP header, a notice page's attachments fetched, every failure
//! listed with its URL and reason, each request to the host at least the polite interval after the one before.

use gongkai_store::Store;
use gongkai_supervise::fetch::Fetcher;
use gongkai_supervise::ingest::{Source, ingest_sources};
use gongkai_testkit::http::{Answer, Server};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(gongkai_testkit::corpus().join(name)).unwrap()
}

/// A generated report for an agency, written as an HTML page, encoded in GBK with its charset only in the
/// HTTP header (the `<meta>` declaration removed).
fn gbk_page(agency: &str) -> Vec<u8> {
    use rand::SeedableRng;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut r = gongkai_write::testgen::random_report(&mut rng);
    r.agency = Some(agency.to_string());
    r.year = Some(2023);
    r.title = Some(format!("{agency}2023年政府信息公开工作年度报告"));
    let html = gongkai_write::write(&r, gongkai_write::Target::Html, &[]).unwrap();
    let html = String::from_utf8(html)
        .unwrap()
        .replace("<meta charset=\"utf-8\">", "")
        .replace("<meta charset=\"UTF-8\">", "");
    assert!(
        !html.to_ascii_lowercase().contains("charset"),
        "no charset left in the page"
    );
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&html);
    assert!(!unmappable);
    gbk.into_owned()
}

/// The 2019 report as a DOCX attachment (converted from the corpus text during the test).
fn docx_2019() -> Vec<u8> {
    let r = gongkai_read::read_bytes("2019.txt", &corpus("2019_pingtan-syq.txt")).unwrap();
    gongkai_write::write(&r, gongkai_write::Target::Docx, &[]).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_attachments_are_fetched_politely_and_failures_listed() {
    let agency = "平潭综合实验区测试局";
    let routes: HashMap<String, Answer> = [
        ("/old", Answer::redirect(301, "/moved")),
        ("/moved", Answer::redirect(302, "/reports/2020.txt")),
        (
            "/reports/2020.txt",
            Answer::ok("text/plain; charset=utf-8", corpus("2020_pingtan-syq.txt")),
        ),
        ("/gbk.html", Answer::ok("text/html; charset=GBK", gbk_page(agency))),
        (
            "/notice.html",
            Answer::ok(
                "text/html; charset=utf-8",
                "<html><body><h1>关于公布2019年政府信息公开工作年度报告的通知</h1>\
                 <p>附件：<a href=\"files/2019.docx\">2019年度报告</a> <a href=\"/files/missing.pdf\">另一附件</a>\
                  <a href=\"/index.html\">返回首页</a></p></body></html>",
            ),
        ),
        (
            "/files/2019.docx",
            Answer::ok(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                docx_2019(),
            ),
        ),
        ("/loop", Answer::redirect(302, "/loop")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let server = Server::start(routes);
    let urls = ["/old", "/gbk.html", "/notice.html", "/loop", "/gone"];
    let sources: Vec<Source> = urls.iter().map(|u| Source::Url(server.url(u))).collect();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("sv.db").to_str().unwrap())
        .await
        .unwrap();
    let interval = Duration::from_millis(150);
    let fetcher = Arc::new(Fetcher::new(interval, Duration::from_secs(10)));
    let quiet = |_: usize, _: usize| {};
    let s = ingest_sources(
        &store,
        sources.clone(),
        fetcher.clone(),
        "监督人员",
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
        &quiet,
    )
    .await
    .unwrap();

    // Three reports: 2020 behind two redirects, the GBK page, 2019 as the notice page's attachment.
    assert_eq!((s.new_reports, s.new_versions), (3, 0), "{s:?}");
    let mut failed = s.failed.clone();
    failed.sort();
    let expected = vec![
        (
            format!(
                "{} → {}",
                server.url("/notice.html"),
                server.url("/files/missing.pdf")
            ),
            "服务器返回 HTTP 404".to_string(),
        ),
        (server.url("/gone"), "服务器返回 HTTP 404".to_string()),
        (server.url("/loop"), "重定向超过 10 次".to_string()),
    ];
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(failed, expected_sorted);

    let stored = store.supervised_reports().await.unwrap();
    let mut years: Vec<(i32, String)> = stored.iter().map(|r| (r.year, r.unit.clone())).collect();
    years.sort();
    assert_eq!(years.len(), 3, "{years:?}");
    assert_eq!(
        years[2],
        (2023, agency.to_string()),
        "the GBK page's agency read intact"
    );
    assert_eq!(years[0].0, 2019);
    assert_eq!(years[1].0, 2020);
    assert_eq!(
        years[0].1, years[1].1,
        "2019 and 2020 are the same unit, paired"
    );
    // The document's source says where it came from.
    let attachment = format!(
        "{} → {}",
        server.url("/notice.html"),
        server.url("/files/2019.docx")
    );
    let cells = store.current_cells().await.unwrap();
    assert!(cells.iter().any(|c| c[1] == "2019" && c[10] == attachment));
    assert!(
        cells
            .iter()
            .any(|c| c[1] == "2020" && c[10] == server.url("/old"))
    );

    // Politeness: every request to the host (redirect hops included) at least the interval after the last.
    let log = server.requests();
    assert!(log.len() >= 17, "{log:?}"); // 3 + 1 + 3 + 11 + 1
    for w in log.windows(2) {
        let gap = w[1].1.duration_since(w[0].1);
        assert!(
            gap + Duration::from_millis(5) >= interval,
            "{} came {gap:?} after {}",
            w[1].0,
            w[0].0
        );
    }

    // Again: the same documents change nothing; the failures are tried again and listed again.
    let again = ingest_sources(
        &store,
        sources,
        fetcher,
        "监督人员",
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
        &quiet,
    )
    .await
    .unwrap();
    assert_eq!(
        (again.new_reports, again.new_versions, again.known),
        (0, 0, 3)
    );
    assert_eq!(again.failed.len(), 3);
}
