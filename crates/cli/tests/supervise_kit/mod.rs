//! What the `gongkai supervise` tests share: running the binary on a database, and a database with four real
//! reports of two units ingested.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

pub fn gongkai(args: &[&str], db: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap()
}

pub fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn setup(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("sv.db");
    let c = gongkai_testkit::corpus();
    let files: Vec<String> = [
        "2021_pingtan-htp.txt",
        "2025_pingtan-htp.txt",
        "2021_pingtan-syq.txt",
        "2022_pingtan-syq.txt",
    ]
    .iter()
    .map(|f| c.join(f).display().to_string())
    .collect();
    let mut args = vec!["supervise", "ingest"];
    args.extend(files.iter().map(String::as_str));
    let out = ok(&gongkai(&args, &db));
    assert!(out.contains("共 4 个文件：新报告 4 份"), "{out}");
    db
}
