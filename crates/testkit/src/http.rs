//! A small HTTP/1.1 server on 127.0.0.1 for tests of fetching: each path answers with a fixed response, and
//! every request is logged with the time it arrived.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A fixed answer: status, headers and body.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The HTTP status code.
    pub status: u16,
    /// Extra headers (name, value).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// 200 with a content type and a body.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Answer {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// A redirect (`status` 301, 302, 307 …) to `to`.
    pub fn redirect(status: u16, to: &str) -> Self {
        Answer {
            status,
            headers: vec![("Location".into(), to.into())],
            body: Vec::new(),
        }
    }
}

/// A running server; it stops with the test process.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    log: Arc<Mutex<Vec<(String, Instant)>>>,
}

impl Server {
    /// Serves `routes` (path → answer); other paths answer 404.
    pub fn start(routes: HashMap<String, Answer>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let log: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
        let (routes, seen) = (Arc::new(routes), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (routes, seen) = (routes.clone(), seen.clone());
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(&stream);
                    let mut first = String::new();
                    if reader.read_line(&mut first).is_err() {
                        return;
                    }
                    // Headers are read and ignored.
                    let mut line = String::new();
                    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                        line.clear();
                    }
                    let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
                    seen.lock().unwrap().push((path.clone(), Instant::now()));
                    let answer = routes.get(&path).cloned().unwrap_or(Answer {
                        status: 404,
                        headers: vec![("Content-Type".into(), "text/plain".into())],
                        body: b"not found".to_vec(),
                    });
                    let mut head = format!(
                        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                        answer.status,
                        answer.body.len()
                    );
                    for (k, v) in &answer.headers {
                        head.push_str(&format!("{k}: {v}\r\n"));
                    }
                    head.push_str("\r\n");
                    let mut out = &stream;
                    let _ = out.write_all(head.as_bytes());
                    let _ = out.write_all(&answer.body);
                });
            }
        });
        Server { base, log }
    }

    /// The URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The paths requested so far, with when each arrived, in order.
    pub fn requests(&self) -> Vec<(String, Instant)> {
        self.log.lock().unwrap().clone()
    }
}
