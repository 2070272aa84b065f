//! Hostile files through the binary (issue 19): a few hundred KB of PDF whose content inflates to 200 MB of
//! drawing operators took the server to 3 GB (three at once: 9 GB). Now it is parsed by a child process with a
//! memory limit: the CLI refuses it in Chinese, and the server refuses three sent at once — and the far-cell
//! workbook and the 20,000-deep page after them — while its own peak RSS stays far under 1 GB and it keeps
//! answering.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn request(port: u16, head: &str, body: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The peak resident set of a process, in MB, from /proc.
fn peak_rss_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb / 1024
}

#[test]
fn hostile_files_are_refused_by_the_cli_and_the_server_within_memory() {
    let pdf = gongkai_testkit::hostile::pdf_with_operators(200 << 20);
    assert!(pdf.len() < 500_000, "{}", pdf.len());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bomb.pdf");
    std::fs::write(&file, &pdf).unwrap();

    // The CLI: a Chinese refusal naming the limit, exit 2.
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("read")
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("上限") && err.contains("已放弃"), "{err}");

    // The server, three at once through the supervisors' API.
    let db = dir.path().join("site.db");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .args([
            "serve",
            "--demo",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--db",
        ])
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(server);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "no server");
        std::thread::sleep(Duration::from_millis(100));
    }
    let token = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["token", "create", "--user", "supervisor", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("gk_"), "{token}");
    let before = peak_rss_mb(server.0.id());
    let uploads: Vec<_> = (0..3)
        .map(|i| {
            // Three different files (a comment apart), so that none is skipped as already stored.
            let pdf = [pdf.as_slice(), format!("%{i}\n").as_bytes()].concat();
            let token = token.clone();
            std::thread::spawn(move || {
                let head = format!(
                    "POST /api/supervise/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
                     x-file-name: bomb{i}.pdf\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    pdf.len()
                );
                request(port, &head, &pdf)
            })
        })
        .collect();
    for u in uploads {
        let answer = u.join().unwrap();
        assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
        assert!(answer.contains("已放弃"), "{answer}");
    }
    // The far-cell workbook (A1 and XFD1048576 in 1.5 KB) through both importing routes, and 20,000 nested
    // <div>: refused in Chinese (or the page read), all three at once.
    let office = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["token", "create", "--user", "office", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let office = String::from_utf8(office.stdout).unwrap().trim().to_string();
    let far = gongkai_testkit::hostile::xlsx_with_cells(&[("A1", "编号"), ("XFD1048576", "x")]);
    let deep = gongkai_testkit::hostile::nested_html(20_000).into_bytes();
    let others: Vec<_> = [
        ("/api/import", office.clone(), far.clone(), "far.xlsx", true),
        (
            "/api/supervise/reports",
            token.clone(),
            far,
            "far.xlsx",
            true,
        ),
        (
            "/api/supervise/reports",
            token.clone(),
            deep,
            "deep.html",
            false,
        ),
    ]
    .into_iter()
    .map(|(path, token, body, name, refused)| {
        std::thread::spawn(move || {
            let head = format!(
                "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
                 x-file-name: {name}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            (path, refused, request(port, &head, &body))
        })
    })
    .collect();
    for o in others {
        let (path, refused, answer) = o.join().unwrap();
        assert!(answer.starts_with("HTTP/1.1 "), "{path}: {answer}");
        if refused {
            assert!(
                answer.contains("XFD1048576") && answer.contains("上限"),
                "{path}: {answer}"
            );
        }
    }
    let peak = peak_rss_mb(server.0.id());
    eprintln!(
        "server peak RSS: {before} MB before, {peak} MB after three PDF bombs, two far-cell workbooks and a \
         20,000-deep page"
    );
    assert!(peak < 1024, "{peak} MB");
    let page = request(
        port,
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
}

/// The server process, stopped however the test ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
