//! Running wrk (Debian package) against a local URL and reading its figures; shared by the load examples.

use std::process::Command;

/// What wrk measured.
pub struct Figures {
    /// Requests per second.
    pub rps: f64,
    /// 50th percentile latency, ms.
    pub p50: f64,
    /// 99th percentile latency, ms.
    pub p99: f64,
    /// Responses other than 2xx/3xx.
    pub errors: u64,
}

/// Runs wrk with two threads and eight connections for `seconds`.
pub fn run(url: &str, seconds: u64, args: &[&str]) -> Figures {
    let out = Command::new("wrk")
        .args(["-t2", "-c8", &format!("-d{seconds}s"), "--latency"])
        .args(args)
        .arg(url)
        .output()
        .expect("wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let ms = |s: &str| -> f64 {
        let s = s.trim();
        if let Some(v) = s.strip_suffix("us") {
            v.parse::<f64>().unwrap_or(f64::NAN) / 1000.0
        } else if let Some(v) = s.strip_suffix("ms") {
            v.parse().unwrap_or(f64::NAN)
        } else if let Some(v) = s.strip_suffix('s') {
            v.parse::<f64>().unwrap_or(f64::NAN) * 1000.0
        } else {
            f64::NAN
        }
    };
    let find = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(str::to_string))
            .unwrap_or_else(|| panic!("wrk printed no “{prefix}”:\n{text}"))
    };
    Figures {
        rps: find("Requests/sec:").trim().parse().unwrap_or(f64::NAN),
        p50: ms(&find("50%")),
        p99: ms(&find("99%")),
        errors: text
            .lines()
            .find_map(|l| l.trim().strip_prefix("Non-2xx or 3xx responses:"))
            .map_or(0, |v| v.trim().parse().unwrap_or(u64::MAX)),
    }
}

/// One GET with curl, which must answer 200 (a page that fails would otherwise be measured as fast).
#[allow(dead_code)]
pub fn check(url: &str, header: &str) {
    let out = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-H",
            header,
            url,
        ])
        .output()
        .expect("curl");
    let code = String::from_utf8_lossy(&out.stdout);
    assert_eq!(code, "200", "{url} answered {code}");
}
