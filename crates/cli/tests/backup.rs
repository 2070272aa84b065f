//! `gongkai backup` while another process keeps writing, and `gongkai restore` into a new database: every write
//! committed before the backup began is in the restored database, no case is half there, and the database is
//! intact. A restore never overwrites, refuses what is not a backup and a backup made by a newer version.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn case(id: &str) -> gongkai_ledger::case::Application {
    use gongkai_ledger::case::*;
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Application {
        id: id.into(),
        applicant: ApplicantType::NaturalPerson,
        applicant_name: "某人".into(),
        channel: Channel::Online,
        received: d("2026-03-02"),
        content: "备份测试".into(),
        events: vec![Event {
            date: d("2026-03-05"),
            kind: EventKind::CorrectionRequested,
        }],
    }
}

#[test]
fn a_backup_taken_during_writes_restores_every_committed_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let db_s = db.to_str().unwrap().to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(gongkai_store::Store::open(&db_s)).unwrap();
    // Writers in this process, the backup in another.
    let committed: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (store, committed, stop) = (store.clone(), committed.clone(), stop.clone());
            rt.spawn(async move {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let id = format!("B{w}-{i:05}");
                    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
                    store.add_applications(&[case(&id)], today).await.unwrap();
                    committed.lock().unwrap().push(id);
                    i += 1;
                }
            })
        })
        .collect();
    let start = Instant::now();
    while committed.lock().unwrap().len() < 200 {
        assert!(start.elapsed() < Duration::from_secs(60), "too few writes");
        std::thread::sleep(Duration::from_millis(5));
    }
    let before: Vec<String> = committed.lock().unwrap().clone();
    let copy = dir.path().join("备份.db");
    let out = gongkai(&["backup", "--db", &db_s, "-o", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("已备份到") && text(&out).contains("数据库结构版本"));
    std::thread::sleep(Duration::from_millis(100));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        rt.block_on(w).unwrap();
    }
    let after = committed.lock().unwrap().len();
    assert!(after > before.len(), "writes went on during the backup");

    // Restored into a new file: every write committed before the backup, each whole; the file intact.
    let restored = dir.path().join("restored.db");
    let out = gongkai(&[
        "restore",
        copy.to_str().unwrap(),
        "--db",
        restored.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    rt.block_on(async {
        let back = gongkai_store::Store::open(restored.to_str().unwrap())
            .await
            .unwrap();
        let stored = back.applications(false).await.unwrap();
        let ids: std::collections::HashSet<&str> = stored.iter().map(|a| a.id.as_str()).collect();
        let lost: Vec<&String> = before
            .iter()
            .filter(|id| !ids.contains(id.as_str()))
            .collect();
        assert!(
            lost.is_empty(),
            "{} committed writes missing: {lost:?}",
            lost.len()
        );
        assert!(
            stored.iter().all(|a| a.events.len() == 1),
            "no half-written case"
        );
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(back.pool())
            .await
            .unwrap();
        assert_eq!(check, "ok");
    });

    // Never over an existing file; not from what is not a backup; not from a newer version.
    let out = gongkai(&[
        "restore",
        copy.to_str().unwrap(),
        "--db",
        restored.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("已存在"), "{}", text(&out));
    let out = gongkai(&["backup", "--db", &db_s, "-o", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("备份不覆盖已有文件"), "{}", text(&out));
    let not = dir.path().join("notes.txt");
    std::fs::write(&not, "这不是数据库").unwrap();
    let out = gongkai(&[
        "restore",
        not.to_str().unwrap(),
        "--db",
        dir.path().join("x.db").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("不是 gongkai 的备份文件"),
        "{}",
        text(&out)
    );
    let newer = dir.path().join("newer.db");
    std::fs::copy(&copy, &newer).unwrap();
    rt.block_on(async {
        let s = gongkai_store::Store::open(newer.to_str().unwrap()).await.unwrap();
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99990101000000, 'future', TRUE, X'00', 0)")
            .execute(s.pool())
            .await
            .unwrap();
    });
    let target = dir.path().join("y.db");
    let out = gongkai(&[
        "restore",
        newer.to_str().unwrap(),
        "--db",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("备份来自更新的版本"), "{}", text(&out));
    assert!(!Path::new(&target).exists(), "nothing written");
}
