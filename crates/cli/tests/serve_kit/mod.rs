//! Helpers of the tests that start `gongkai serve` processes and talk HTTP/1.1 to them over plain sockets.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A response: status, headers (lower-case names) and body.
pub struct Resp {
    /// Status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of a cookie set by the response.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n == "set-cookie")
            .find_map(|(_, v)| v.strip_prefix(&format!("{name}=")))
            .map(|v| v.split(';').next().unwrap().to_string())
    }
}

/// One HTTP/1.1 request on a fresh connection; None when the server does not answer.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<Resp> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).ok()?;
    s.write_all(body.as_bytes()).ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    Some(Resp {
        status,
        headers,
        body: body.to_string(),
    })
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A `gongkai serve` process, killed when dropped.
pub struct Server(pub Child, pub u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn serve(db: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db", db])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while request(port, "GET", "/", &[], "").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Server(child, port)
}

pub fn gongkai(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A case with one step (a 补正 request), as the backup and crash tests write them.
pub fn case(id: &str) -> gongkai_ledger::case::Application {
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

/// Asserts that every id of `acked` is in the database at `db`, each case whole; returns the number stored.
pub fn all_there(db: &str, acked: &[String]) -> usize {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = gongkai_store::Store::open(db).await.unwrap();
        let stored = store.applications(false).await.unwrap();
        let ids: std::collections::HashSet<&str> = stored.iter().map(|a| a.id.as_str()).collect();
        let lost: Vec<&String> = acked
            .iter()
            .filter(|id| !ids.contains(id.as_str()))
            .collect();
        assert!(
            lost.is_empty(),
            "{} acknowledged writes missing: {lost:?}",
            lost.len()
        );
        assert!(
            stored.iter().all(|a| a.events.len() == 1),
            "no half-written case"
        );
        store.pool().close().await;
        stored.len()
    })
}

/// Empties the PostgreSQL test database's schema (the store's tests use the same database, one test binary at
/// a time).
pub fn empty_pg_schema(url: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(url).await.unwrap();
        for sql in [
            "DROP SCHEMA IF EXISTS public CASCADE",
            "CREATE SCHEMA public",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    });
}

/// Everything a child process wrote to its piped standard error (read after it ended or was killed).
pub fn stderr_of(child: &mut Child) -> String {
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    log
}
