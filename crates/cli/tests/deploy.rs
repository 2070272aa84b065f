//! Deployment properties through the binary: two `gongkai serve` processes on one PostgreSQL serve the same
//! sessions (a login on one is valid on the other, a logout on one ends it on both, an application filed on one
//! is listed by the other); and `kill -9` of a server during a burst of writes loses no acknowledged write.

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod serve_kit;
use serve_kit::*;

fn hidden(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// Logs in on `port`; returns the session cookie.
fn login(port: u16, user: &str, password: &str) -> String {
    let page = request(port, "GET", "/staff/login", &[], "").unwrap();
    let form_cookie = page.cookie("gk_form").unwrap();
    let token = hidden(&page.body, "form_token");
    let r = request(
        port,
        "POST",
        "/staff/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &format!("gk_form={form_cookie}")),
        ],
        &form(&[
            ("username", user),
            ("password", password),
            ("form_token", &token),
        ]),
    )
    .unwrap();
    assert_eq!(r.status, 303, "{}", r.body);
    format!("gk_session={}", r.cookie("gk_session").unwrap())
}

#[test]
#[ignore = "needs PostgreSQL: set GONGKAI_TEST_PG_URL (bash .ci/run does)"]
fn two_servers_on_one_postgresql_share_sessions_and_data() {
    let url = std::env::var("GONGKAI_TEST_PG_URL").expect("GONGKAI_TEST_PG_URL");
    empty_pg_schema(&url);
    let out = gongkai(&[
        "user", "add", "wang", "--role", "staff", "--name", "王五", "--db", &url,
    ]);
    let password = out
        .split("的密码：")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_string();
    let (a, b) = (serve(&url), serve(&url));
    // Ready on PostgreSQL: reachable, its schema the one this build expects.
    let ready = request(a.1, "GET", "/readyz", &[], "").unwrap();
    assert_eq!(ready.status, 200, "{}", ready.body);
    assert!(ready.body.contains("数据库可用"), "{}", ready.body);
    // Logged in on A (the generated password changed first, as the first login requires), the session is
    // valid on B.
    let cookie = login(a.1, "wang", &password);
    let page = request(a.1, "GET", "/staff/password", &[("Cookie", &cookie)], "").unwrap();
    let chosen = "两台服务器-共用一个库-2026";
    let changed = request(
        a.1,
        "POST",
        "/staff/password",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &cookie),
        ],
        &form(&[
            ("csrf", &hidden(&page.body, "csrf")),
            ("current", &password),
            ("new", chosen),
            ("repeat", chosen),
        ]),
    )
    .unwrap();
    assert!(changed.body.contains("密码已修改"), "{}", changed.body);
    let on_b = request(b.1, "GET", "/staff", &[("Cookie", &cookie)], "").unwrap();
    assert_eq!(on_b.status, 200);
    assert!(on_b.body.contains("待办与期限") && on_b.body.contains("王五"));
    // An application filed on B (its form token from B) is on A's case list.
    let page = request(b.1, "GET", "/apply", &[], "").unwrap();
    let token = hidden(&page.body, "form_token");
    let filed = request(
        b.1,
        "POST",
        "/apply",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            (
                "Cookie",
                &format!("gk_form={}", page.cookie("gk_form").unwrap()),
            ),
        ],
        &form(&[
            ("applicant_kind", "公民"),
            ("name", "赵六"),
            ("id_document", "居民身份证 110101199001011237"),
            ("phone", "13800000000"),
            ("description", "两台服务器测试"),
            ("delivery_form", "电子文档"),
            ("delivery_channel", "在线下载"),
            ("form_token", &token),
        ]),
    )
    .unwrap();
    assert_eq!(filed.status, 200, "{}", filed.body);
    let tracking = filed
        .body
        .split("<span class=\"code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    let list = request(
        a.1,
        "GET",
        "/staff/cases?state=open",
        &[("Cookie", &cookie)],
        "",
    )
    .unwrap();
    assert!(list.body.contains(tracking), "{}", list.body);
    // Logged out on B, the session is gone on A too.
    let home = request(b.1, "GET", "/staff", &[("Cookie", &cookie)], "").unwrap();
    let csrf = hidden(&home.body, "csrf");
    let out = request(
        b.1,
        "POST",
        "/staff/logout",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &cookie),
        ],
        &form(&[("csrf", &csrf)]),
    )
    .unwrap();
    assert_eq!(out.status, 303);
    let on_a = request(a.1, "GET", "/staff", &[("Cookie", &cookie)], "").unwrap();
    assert_eq!(on_a.status, 303);
    assert_eq!(on_a.header("location"), Some("/staff/login"));
}

#[test]
fn kill_9_during_a_burst_of_writes_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let db = db.to_str().unwrap().to_string();
    gongkai(&[
        "user",
        "add",
        "writer",
        "--role",
        "staff",
        "--name",
        "写入程序",
        "--db",
        &db,
    ]);
    let token = gongkai(&["token", "create", "--user", "writer", "--db", &db])
        .trim()
        .to_string();
    let server = serve(&db);
    let port = server.1;
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let auth = format!("Bearer {token}");
    let writers: Vec<_> = (0..6)
        .map(|w| {
            let (acked, stop, auth) = (acked.clone(), stop.clone(), auth.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let id = format!("K{w}-{i:05}");
                    let body = format!(
                        r#"{{"id":"{id}","applicant":"natural_person","applicant_name":"某人","channel":"online","received":"2026-03-02","content":"写入测试","events":[{{"date":"2026-03-05","kind":"correction_requested"}}]}}"#
                    );
                    let r = request(
                        port,
                        "POST",
                        "/api/cases",
                        &[("Authorization", &auth), ("Content-Type", "application/json")],
                        &body,
                    );
                    match r {
                        Some(r) if r.status == 201 => acked.lock().unwrap().push(id),
                        Some(r) => panic!("{id}: {} {}", r.status, r.body),
                        None => break, // the server is gone
                    }
                    i += 1;
                }
            })
        })
        .collect();
    // Kill the server hard once a good number of writes were acknowledged, while the writers keep writing.
    let start = Instant::now();
    while acked.lock().unwrap().len() < 300 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "too few writes acknowledged"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut server = server;
    let pid = server.0.id();
    let killed = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    server.0.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    // Every acknowledged case is there, with its step, and the database is intact.
    let stored = all_there(&db, &acked);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = gongkai_store::Store::open(&db).await.unwrap();
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(check, "ok");
    });
    eprintln!(
        "{} writes acknowledged before kill -9, {stored} stored",
        acked.len()
    );
}

#[test]
fn the_access_log_names_requests_but_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.db");
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(&db)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let page = loop {
        if let Some(p) = request(port, "GET", "/apply", &[], "") {
            break p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let token = hidden(&page.body, "form_token");
    let filed = request(
        port,
        "POST",
        "/apply",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            (
                "Cookie",
                &format!("gk_form={}", page.cookie("gk_form").unwrap()),
            ),
        ],
        &form(&[
            ("applicant_kind", "公民"),
            ("name", "钱七"),
            ("id_document", "居民身份证 110101199003033333"),
            ("phone", "13812345678"),
            ("description", "某项信息"),
            ("delivery_form", "电子文档"),
            ("delivery_channel", "在线下载"),
            ("form_token", &token),
        ]),
    )
    .unwrap();
    assert_eq!(filed.status, 200);
    let secret = filed
        .body
        .split("<span class=\"code\">")
        .nth(2)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let searched = request(port, "GET", "/staff/cases?q=%E9%92%B1%E4%B8%83", &[], "").unwrap();
    assert_eq!(searched.status, 303);
    child.kill().unwrap();
    let log = stderr_of(&mut child);
    child.wait().unwrap();
    assert!(
        log.contains("method=POST path=/apply status=200")
            && log.contains("method=GET path=/staff/cases status=303"),
        "{log}"
    );
    for personal in [
        "钱七",
        "110101199003033333",
        "13812345678",
        secret.as_str(),
        "%E9%92%B1",
    ] {
        assert!(!log.contains(personal), "{personal} in the log:\n{log}");
    }
}
