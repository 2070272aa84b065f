//! `gongkai restore` into a new database: the copy is intact; a restore never overwrites, refuses what is not a
//! backup and a backup made by a newer version. (Backups during a burst of writes: backup_api.rs.)

use std::path::Path;

mod serve_kit;
use serve_kit::case;
use std::process::{Command, Output};

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

#[test]
fn a_restore_checks_what_it_restores_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let db_s = db.to_str().unwrap().to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = gongkai_store::Store::open(&db_s).await.unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        store
            .add_applications(&[case("B-00001")], today)
            .await
            .unwrap();
    });
    let copy = dir.path().join("备份.db");
    let out = gongkai(&["backup", "--db", &db_s, "-o", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
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
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(back.pool())
            .await
            .unwrap();
        assert_eq!(check, "ok");
        assert_eq!(back.applications(false).await.unwrap().len(), 1);
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
