//! `gongkai serve` through the binary: it creates its SQLite file on first start, fills the demo agency and
//! answers on the loopback address; a port in use gets a clear error.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    Some(String::from_utf8_lossy(&out).into_owned())
}

#[test]
fn serve_creates_its_database_and_answers_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("site.db");
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--demo",
            "--db",
        ])
        .arg(&db)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let page = loop {
        if let Some(p) = get(port, "/") {
            break p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("示例市示例局政府信息公开指南"));
    assert!(db.exists(), "the SQLite file is created on first start");
    // A second server on the same port is refused with a message, not a panic.
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(dir.path().join("other.db"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法在"));
    child.kill().unwrap();
    child.wait().unwrap();
}

fn gongkai(args: &[&str], db: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap()
}

/// A GET with a bearer token; returns the whole response.
fn get_with_token(port: u16, path: &str, token: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn accounts_and_api_tokens_are_made_and_revoked_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("site.db");
    let out = gongkai(
        &["user", "add", "li", "--role", "boss", "--name", "李"],
        &db,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("角色“boss”无法识别"));
    let out = gongkai(
        &["user", "add", "li", "--role", "staff", "--name", "李四"],
        &db,
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("账号 li（staff）的密码："));
    let out = gongkai(&["token", "create", "--user", "nobody"], &db);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有用户名为“nobody”的账号"));
    let out = gongkai(
        &[
            "token",
            "create",
            "--user",
            "li",
            "--label",
            "统计程序",
            "--today",
            "2031-03-04",
        ],
        &db,
    );
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("gk_"));
    let id = token.split('_').nth(1).unwrap().to_string();
    let list = gongkai(&["token", "list"], &db);
    let listed = String::from_utf8(list.stdout).unwrap();
    assert!(listed.contains(&id) && listed.contains("有效") && listed.contains("统计程序"));
    assert!(!listed.contains(&token), "the secret is never listed");
    // Created on the injected day (stored in UTC: the day itself or, before 08:00 Beijing time, the day before).
    assert!(
        listed.contains("2031-03-04T") || listed.contains("2031-03-03T"),
        "{listed}"
    );
    // The token works against a running server until revoked.
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(&db)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while get(port, "/").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let resp = get_with_token(port, "/api/due", &token);
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(gongkai(&["token", "revoke", &id], &db).status.success());
    let resp = get_with_token(port, "/api/due", &token);
    assert!(resp.starts_with("HTTP/1.1 401"), "{resp}");
    let again = gongkai(&["token", "revoke", &id], &db);
    assert_eq!(again.status.code(), Some(2));
    child.kill().unwrap();
    child.wait().unwrap();
}
