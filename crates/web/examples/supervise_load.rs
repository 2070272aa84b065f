//! Load test of the supervisor's pages with wrk (Debian package), against 127.0.0.1 only and bounded in time:
//! N generated reports (default 10,000; each of its own unit, years 2019–2026, every tenth one's prose copied from the
//! report before it so that there are 雷同 pairs to page through) ingested into SQLite, then the overview, a
//! unit, a report and the 雷同 page, each for a fixed number of seconds. Prints requests per second and the
//! 50th and 99th percentile latencies as a Markdown table, with the server's resident memory.
//!
//! cargo run --release -p gongkai-web --example supervise_load -- [REPORTS] [SECONDS]
//!
//! The database is kept in target/load/ and reused by later runs with the same number of reports.

#[path = "wrk/mod.rs"]
mod wrk;

use chrono::Duration;
use gongkai_ledger::today::Today;
use gongkai_store::Store;
use gongkai_store::staff::User;
use gongkai_web::{AppState, router};
use std::path::Path;
use std::time::Instant;

/// Writes n generated reports as files (HTML, Markdown, DOCX, XLSX) under `dir`.
fn generate(dir: &Path, n: usize) {
    use gongkai_write::Target;
    use rand::SeedableRng;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut last: Option<gongkai_model::Report> = None;
    for i in 0..n {
        let mut r = gongkai_write::testgen::random_report(&mut rng);
        // Distinct units: the generated name with a number.
        let (name, year) = (
            format!("{}{i}", r.agency.clone().unwrap_or_default()),
            r.year.unwrap_or(2024),
        );
        r.title = Some(format!("{name}{year}年政府信息公开工作年度报告"));
        r.agency = Some(name);
        if i % 10 == 9
            && let Some(prev) = &last
        {
            for (s, p) in r.sections.iter_mut().zip(&prev.sections) {
                s.text = p.text.clone();
            }
        }
        let target = match i % 10 {
            0 => Target::Docx,
            1 => Target::Xlsx,
            2 | 3 => Target::Md,
            _ => Target::Html,
        };
        let bytes = gongkai_write::write(&r, target, &[]).expect("write");
        let sub = dir.join(format!("{:03}", i / 500));
        std::fs::create_dir_all(&sub).expect("dir");
        std::fs::write(sub.join(format!("r{i:05}.{}", target.ext())), bytes).expect("file");
        last = Some(r);
    }
}

/// Percent-encoding of a path segment.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(10_000, |a| a.parse().expect("REPORTS"));
    let seconds: u64 = args.next().map_or(15, |a| a.parse().expect("SECONDS"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/load");
    std::fs::create_dir_all(&dir).expect("dir");
    let db = dir.join(format!("supervise-{n}.db"));
    let fresh = !db.exists();
    let store = Store::open(db.to_str().expect("path")).await.expect("open");
    if fresh {
        let files = dir.join(format!("supervise-{n}-files"));
        if !files.exists() {
            generate(&files, n);
        }
        let started = Instant::now();
        let s = gongkai_supervise::ingest::ingest(
            &store,
            &[files],
            "bench",
            gongkai_ledger::today::Today::System,
            &|_, _| {},
        )
        .await
        .expect("ingest");
        eprintln!(
            "已读取 {} 份报告（{} 份无法读取），用时 {:.0} 秒",
            s.new_reports,
            s.failed.len(),
            started.elapsed().as_secs_f64()
        );
    }
    let reports = store.supervised_reports().await.expect("reports");
    let pairs = store.pair_shares().await.expect("pairs").len();
    // A unit with most years, and its latest report.
    let unit = reports
        .iter()
        .max_by_key(|r| reports.iter().filter(|x| x.unit_id == r.unit_id).count())
        .expect("reports")
        .clone();
    store
        .put_user(&User {
            username: "bench-supervisor".into(),
            password_hash: "-".into(),
            role: "supervisor".into(),
            display_name: "压力测试".into(),
            disabled: false,
            must_change: false,
        })
        .await
        .expect("user");
    // A session straight in the database (the login page is rate-limited, as it should be).
    let session = format!("SVLOADSESSION{}", Today::System.now().timestamp());
    store
        .create_session(
            &session,
            "bench-supervisor",
            "SVLOADCSRF",
            &(Today::System.now() + Duration::hours(1)).to_rfc3339(),
        )
        .await
        .expect("session");
    let state = AppState::new(store, Today::System).await.expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .expect("serve");
    });
    let cookie = format!("Cookie: gk_session={session}");
    let runs = [
        (
            "总览与排名（全部单位，最近年度）",
            format!("{base}/supervise"),
        ),
        (
            "总览（排名第 3 页）",
            format!("{base}/supervise?region=&page=3"),
        ),
        (
            "单位",
            format!("{base}/supervise/units/{}", enc(&unit.unit_id)),
        ),
        (
            "报告（问题与原文）",
            format!("{base}/supervise/reports/{}", enc(&unit.id)),
        ),
        ("报告雷同（第 1 页）", format!("{base}/supervise/similar")),
        (
            "报告雷同（第 5 页，10%）",
            format!("{base}/supervise/similar?min=10&page=5"),
        ),
    ];
    // The first view reads every report's facts; the runs measure the pages as they are then served.
    let started = Instant::now();
    wrk::check(&runs[0].1, &cookie);
    eprintln!(
        "首次打开总览（读取全部报告的摘要）：{:.2} 秒",
        started.elapsed().as_secs_f64()
    );
    println!(
        "| 页面（{} 份报告，{pairs} 对雷同，SQLite，wrk -t2 -c8 -d{seconds}s） | 每秒请求 | p50 | p99 | 非 2xx/3xx |",
        reports.len()
    );
    println!("|---|---|---|---|---|");
    for (name, url) in &runs {
        wrk::check(url, &cookie);
        let r = wrk::run(url, seconds, &["-H", &cookie]);
        println!(
            "| {name} | {:.0} | {:.1} ms | {:.1} ms | {} |",
            r.rps, r.p50, r.p99, r.errors
        );
    }
    println!("服务进程常驻内存 {:.0} MB", rss_mb());
}
