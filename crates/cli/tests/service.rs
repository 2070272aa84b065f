//! Running as a service: `gongkai config check` on a file and the environment, `gongkai serve --config` with JSON
//! log lines that name each request's id, and the stop on SIGTERM — no new connections, requests in flight
//! answered, a stuck one cut after the configured time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod serve_kit;
use serve_kit::*;

fn config_check(file: &Path, env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["config", "check"])
        .arg(file)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn config_check_shows_the_settings_in_force_or_names_the_wrong_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gongkai.toml");
    std::fs::write(
        &file,
        "address = \"0.0.0.0:8080\"\ndatabase = \"postgres://gongkai:s3cret@db/gongkai\"\n\n[log]\nformat = \"json\"\n",
    )
    .unwrap();
    let (code, out, err) = config_check(&file, &[("GONGKAI_LOG_LEVEL", "warn")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("无误"), "{out}");
    assert!(
        out.contains("format = \"json\"") && out.contains("level = \"warn\""),
        "{out}"
    );
    assert!(
        out.contains("request_seconds = 60"),
        "defaults are shown: {out}"
    );
    assert!(!out.contains("s3cret"), "{out}");

    std::fs::write(
        &file,
        "address = \"0.0.0.0:8080\"\n\n[timeouts]\nrequest_secs = 5\n",
    )
    .unwrap();
    let (code, out, err) = config_check(&file, &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("第 4 行")
            && err.contains("“request_secs”")
            && err.contains("request_seconds"),
        "{err}"
    );

    let (code, _, err) = config_check(&dir.path().join("missing.toml"), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("无法读取配置文件"), "{err}");

    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["config", "env"])
        .output()
        .unwrap();
    let vars = String::from_utf8(out.stdout).unwrap();
    assert!(
        vars.contains("GONGKAI_TIMEOUTS_SHUTDOWN_SECONDS\ttimeouts.shutdown_seconds"),
        "{vars}"
    );
}

/// A server started from a configuration file, its standard error piped.
fn start(dir: &Path, config: &str) -> (Child, u16) {
    let port = free_port();
    let file = dir.join("gongkai.toml");
    std::fs::write(
        &file,
        format!(
            "address = \"127.0.0.1:{port}\"\ndatabase = \"{}\"\n{config}",
            dir.join("site.db").display()
        ),
    )
    .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .args(["serve", "--config"])
        .arg(&file)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while request(port, "GET", "/healthz", &[], "").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (child, port)
}

fn term(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits for the process to end, at most `limit`; its exit code and how long it took.
fn wait_exit(child: &mut Child, limit: Duration) -> (Option<i32>, Duration) {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.code(), started.elapsed());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the server did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn json_logs_name_each_request_by_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, port) = start(dir.path(), "[log]\nformat = \"json\"\n");
    let from_proxy = request(port, "GET", "/", &[("X-Request-Id", "nginx-7f3a9c")], "").unwrap();
    assert_eq!(from_proxy.header("x-request-id"), Some("nginx-7f3a9c"));
    let forged = request(
        port,
        "GET",
        "/guide?name=钱七",
        &[("X-Request-Id", "a\" b")],
        "",
    )
    .unwrap();
    let own = forged.header("x-request-id").unwrap().to_string();
    assert!(
        own.len() == 16 && own.chars().all(|c| c.is_ascii_hexdigit()),
        "{own}"
    );
    term(&child);
    wait_exit(&mut child, Duration::from_secs(15));
    let log = stderr_of(&mut child);
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let access = |id: &str| {
        lines
            .iter()
            .find(|l| l["request_id"] == id)
            .unwrap_or_else(|| panic!("no line for {id}: {log}"))
    };
    let line = access("nginx-7f3a9c");
    assert_eq!(line["method"], "GET");
    assert_eq!(line["path"], "/");
    assert_eq!(line["status"], 200);
    assert_eq!(line["level"], "INFO");
    assert!(
        line["timestamp"].as_str().unwrap().ends_with("+08:00"),
        "{line}"
    );
    assert_eq!(access(&own)["path"], "/guide");
    assert!(!log.contains("钱七") && !log.contains("name="), "{log}");
    assert!(
        log.contains("网站已启动") && log.contains("网站已停止"),
        "{log}"
    );
}

/// Sends the head and the first half of an upload's body, and leaves the rest for later.
fn half_sent(port: u16) -> (TcpStream, &'static str) {
    let body = "applicant_kind=%E5%85%AC%E6%B0%91&name=x&description=y";
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "POST /apply HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{}",
        body.len(),
        &body[..20]
    )
    .unwrap();
    s.flush().unwrap();
    (s, &body[20..])
}

#[test]
fn sigterm_stops_accepting_and_finishes_the_requests_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, port) = start(dir.path(), "[timeouts]\nshutdown_seconds = 4\n");
    let (mut in_flight, rest) = half_sent(port);
    std::thread::sleep(Duration::from_millis(300));
    term(&child);
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "a new connection is refused once SIGTERM arrived"
    );
    assert!(
        child.try_wait().unwrap().is_none(),
        "the server waits for the request in flight"
    );
    in_flight.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    in_flight.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
    assert!(
        answer.contains("</html>"),
        "the whole page is sent: {answer}"
    );
    let (code, took) = wait_exit(&mut child, Duration::from_secs(10));
    assert_eq!(code, Some(0));
    assert!(
        took < Duration::from_secs(3),
        "stopped {took:?} after the last answer"
    );
}

#[test]
fn sigterm_cuts_a_stuck_request_after_the_configured_time() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, port) = start(dir.path(), "[timeouts]\nshutdown_seconds = 2\n");
    let (_stuck, _) = half_sent(port);
    std::thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    term(&child);
    let (code, _) = wait_exit(&mut child, Duration::from_secs(10));
    let took = sent.elapsed();
    assert_eq!(code, Some(0));
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(5),
        "stopped after {took:?}"
    );
    let log = stderr_of(&mut child);
    assert!(log.contains("2 秒内仍有请求未处理完毕"), "{log}");
}
