//! Backups as a running office makes them: four clients keep registering cases through the JSON API while
//! `gongkai backup` runs, on SQLite and on PostgreSQL (pg_dump); the backup restored into a fresh database holds
//! every case the API acknowledged before the backup began, each whole.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod serve_kit;
use serve_kit::*;

fn case_json(id: &str) -> String {
    serde_json::to_string(&case(id)).unwrap()
}

/// Runs the burst against `db`; backs up with `gongkai backup` into `copy`; returns the ids acknowledged before
/// the backup began and the number acknowledged in all.
fn burst_and_backup(db: &str, copy: &std::path::Path) -> (Vec<String>, usize) {
    gongkai(&[
        "user", "add", "li", "--role", "staff", "--name", "李四", "--db", db,
    ]);
    let token = gongkai(&[
        "token",
        "create",
        "--user",
        "li",
        "--label",
        "备份测试",
        "--db",
        db,
    ])
    .trim()
    .to_string();
    let server = serve(db);
    let port = server.1;
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (acked, stop, token) = (acked.clone(), stop.clone(), token.clone());
            std::thread::spawn(move || {
                let auth = format!("Bearer {token}");
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let id = format!("API{w}-{i:05}");
                    let answer = request(
                        port,
                        "POST",
                        "/api/cases",
                        &[
                            ("Authorization", &auth),
                            ("Content-Type", "application/json"),
                        ],
                        &case_json(&id),
                    );
                    if answer.is_some_and(|a| a.status == 201) {
                        acked.lock().unwrap().push(id);
                    }
                    i += 1;
                }
            })
        })
        .collect();
    let start = Instant::now();
    while acked.lock().unwrap().len() < 100 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "too few writes acknowledged"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let before = acked.lock().unwrap().clone();
    let said = gongkai(&["backup", "--db", db, "-o", copy.to_str().unwrap()]);
    assert!(
        said.contains("已备份到") && said.contains("数据库结构版本"),
        "{said}"
    );
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    drop(server);
    let total = acked.lock().unwrap().len();
    assert!(total > before.len(), "writes went on during the backup");
    (before, total)
}

#[test]
fn a_sqlite_backup_during_an_api_burst_keeps_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let copy = dir.path().join("备份.db");
    let (before, total) = burst_and_backup(db.to_str().unwrap(), &copy);
    let restored = dir.path().join("restored.db");
    let said = gongkai(&[
        "restore",
        copy.to_str().unwrap(),
        "--db",
        restored.to_str().unwrap(),
    ]);
    assert!(said.contains("已从"), "{said}");
    all_there(restored.to_str().unwrap(), &before);
    eprintln!(
        "{} acknowledged before the backup, {total} in all",
        before.len()
    );
}

#[test]
#[ignore = "needs PostgreSQL: set GONGKAI_TEST_PG_URL (bash .ci/run does)"]
fn a_postgresql_backup_during_an_api_burst_keeps_every_acknowledged_write() {
    let url = std::env::var("GONGKAI_TEST_PG_URL").expect("GONGKAI_TEST_PG_URL");
    empty_pg_schema(&url);
    // Another application's schema in the same database: neither backed up nor touched by the restore.
    sql(
        &url,
        &[
            "DROP SCHEMA IF EXISTS not_gongkai CASCADE",
            "CREATE SCHEMA not_gongkai",
            "CREATE TABLE not_gongkai.notes (x INTEGER)",
            "INSERT INTO not_gongkai.notes VALUES (7)",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("gongkai.dump");
    let (before, total) = burst_and_backup(&url, &copy);
    assert!(std::fs::read(&copy).unwrap().starts_with(b"PGDMP"));
    // Not into a database that has tables; into the emptied one, yes.
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["restore", copy.to_str().unwrap(), "--db", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("目标数据库已有"));
    // Nor into another schema than the backup's (the data would land beside the database used).
    sql(
        &url,
        &[
            "DROP SCHEMA IF EXISTS elsewhere CASCADE",
            "CREATE SCHEMA elsewhere",
        ],
    );
    let elsewhere = format!("{url}?options=-csearch_path%3Delsewhere");
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["restore", copy.to_str().unwrap(), "--db", &elsewhere])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("备份的数据在模式 public 中，目标数据库使用模式 elsewhere"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    sql(&url, &["DROP SCHEMA elsewhere CASCADE"]);
    // Nor into a SQLite file.
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["restore", copy.to_str().unwrap(), "--db"])
        .arg(dir.path().join("x.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PostgreSQL 的备份"));
    empty_pg_schema(&url);
    let said = gongkai(&["restore", copy.to_str().unwrap(), "--db", &url]);
    assert!(
        said.contains("已从") && !said.contains(":gongkai@"),
        "{said}"
    );
    all_there(&url, &before);
    eprintln!(
        "{} acknowledged before the backup, {total} in all",
        before.len()
    );
}

/// Runs statements on `url`; the first column of the last one's first row, when it is an integer.
fn sql(url: &str, statements: &[&str]) -> Option<i32> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(url).await.unwrap();
        let mut last = None;
        for s in statements {
            last = sqlx::query(sqlx::AssertSqlSafe(*s))
                .fetch_optional(&pool)
                .await
                .unwrap()
                .and_then(|r| sqlx::Row::try_get::<i32, _>(&r, 0).ok());
        }
        pool.close().await;
        last
    })
}
