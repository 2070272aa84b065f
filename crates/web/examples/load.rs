//! Load test of the web application with wrk (Debian package), against 127.0.0.1 only and bounded in time:
//! a ledger of N cases (default 1,000,000) in SQLite, then the case list, the due dashboard and the public
//! status lookup, each for a fixed number of seconds. Prints requests per second and the 50th and 99th
//! percentile latencies as a Markdown table.
//!
//! cargo run --release -p gongkai-web --example load -- [CASES] [SECONDS]
//!
//! The database is kept in target/load/ and reused by later runs with the same number of cases.

#[path = "wrk/mod.rs"]
mod wrk;

use chrono::Duration;
use gongkai_ledger::case::{ApplicantType, Application, Channel};
use gongkai_ledger::today::Today;
use gongkai_store::Store;
use gongkai_store::portal::PortalRequest;
use gongkai_web::{AppState, router};
use std::time::Instant;

const SECRET: &str = "LOADTESTSECR";
const TRACKING: &str = "YSQLOADTEST000001";

async fn fill(store: &Store, n: usize) {
    let today = Today::System.date();
    let started = Instant::now();
    gongkai_web::agency::fill_demo(store).await.unwrap();
    // The demo ledger's shape, repeated under distinct case numbers until there are n cases.
    let mut added = 0;
    let mut round = 0;
    while added < n {
        let (apps, _) = gongkai_web::demo::cases(today, 50_000);
        let apps: Vec<Application> = apps
            .into_iter()
            .take(n - added)
            .map(|mut a| {
                a.id = format!("L{round:03}-{}", a.id);
                a
            })
            .collect();
        for chunk in apps.chunks(10_000) {
            store.add_applications(chunk, today).await.unwrap();
        }
        added += apps.len();
        round += 1;
        eprintln!(
            "已写入 {added} 件（{:.0} 秒）",
            started.elapsed().as_secs_f64()
        );
    }
    let app = Application {
        id: TRACKING.into(),
        applicant: ApplicantType::NaturalPerson,
        applicant_name: "压力测试".into(),
        channel: Channel::Online,
        received: today,
        content: "压力测试".into(),
        events: vec![],
    };
    let req = PortalRequest {
        tracking: TRACKING.into(),
        secret_hash: gongkai_web::secret::hash_random(SECRET).unwrap(),
        applicant_kind: "公民".into(),
        name: "压力测试".into(),
        id_document: "居民身份证 110101199001011237".into(),
        phone: "13800000000".into(),
        email: String::new(),
        address: String::new(),
        description: "压力测试".into(),
        purpose: String::new(),
        delivery_form: "电子文档".into(),
        delivery_channel: "在线下载".into(),
        submitted_at: Today::System.now().to_rfc3339(),
    };
    store.submit_portal(&app, &req).await.unwrap();
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(1_000_000, |a| a.parse().unwrap());
    let seconds: u64 = args.next().map_or(15, |a| a.parse().unwrap());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/load");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("ledger-{n}.db"));
    let fresh = !db.exists();
    let store = Store::open(db.to_str().unwrap()).await.unwrap();
    if fresh {
        fill(&store, n).await;
    }
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM applications")
        .fetch_one(store.pool())
        .await
        .unwrap();
    eprintln!("台账共 {cases} 件");
    // A staff session straight in the database (the login page is rate-limited, as it should be).
    let session = format!("LOADSESSION{}", Today::System.now().timestamp());
    store
        .create_session(
            &session,
            "staff",
            "LOADCSRF",
            &(Today::System.now() + Duration::hours(1)).to_rfc3339(),
        )
        .await
        .unwrap();
    let state = AppState::new(store, Today::System).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let cookie = format!("Cookie: gk_session={session}");
    let script = dir.join("status.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.body = \"tracking={TRACKING}&secret={SECRET}&form_token=LOADFORMTOKEN23456789ABC\"\n\
             wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n\
             wrk.headers[\"Cookie\"] = \"gk_form=LOADFORMTOKEN23456789ABC\"\n"
        ),
    )
    .unwrap();
    let runs: [(&str, String, Vec<&str>); 5] = [
        (
            "案件查询（全部，第 1 页）",
            format!("{base}/staff/cases"),
            vec!["-H", &cookie],
        ),
        (
            "案件查询（办理中）",
            format!("{base}/staff/cases?state=open"),
            vec!["-H", &cookie],
        ),
        ("待办与期限", format!("{base}/staff"), vec!["-H", &cookie]),
        (
            "公众查询办理进度（POST）",
            format!("{base}/status"),
            vec!["-s", script.to_str().unwrap()],
        ),
        (
            "JSON API 案件查询",
            format!("{base}/api/cases?state=overdue"),
            vec!["-H", &cookie],
        ),
    ];
    println!(
        "| 页面（{cases} 件，SQLite，wrk -t2 -c8 -d{seconds}s） | 每秒请求 | p50 | p99 | 非 2xx/3xx |"
    );
    println!("|---|---|---|---|---|");
    for (name, url, extra) in &runs {
        let r = wrk::run(url, seconds, extra);
        println!(
            "| {name} | {:.0} | {:.1} ms | {:.1} ms | {} |",
            r.rps, r.p50, r.p99, r.errors
        );
    }
}
