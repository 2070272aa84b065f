//! How the server is reached and whom it trusts, set by whoever runs it (see `settings`): the site's
//! public address (for absolute links and HSTS, never taken from a request's Host header), the reverse proxies
//! whose client-address header is believed, the failure limits of the login and the status lookup, and the
//! connection timeouts.

use std::net::IpAddr;
use std::time::Duration;

/// A limit on failures: at most `per_window` within a window of `minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailureLimit {
    /// Failures allowed per window.
    pub per_window: i64,
    /// Window length in minutes.
    pub minutes: i64,
}

/// The failure limits of the two lookups that guess-and-try attacks aim at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Failed logins per user name.
    pub login_per_user: FailureLimit,
    /// Failed logins per client address.
    pub login_per_client: FailureLimit,
    /// Failed status lookups per tracking number.
    pub status_per_number: FailureLimit,
    /// Failed status lookups per client address.
    pub status_per_client: FailureLimit,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            login_per_user: FailureLimit {
                per_window: 10,
                minutes: 15,
            },
            login_per_client: FailureLimit {
                per_window: 30,
                minutes: 15,
            },
            status_per_number: FailureLimit {
                per_window: 10,
                minutes: 60,
            },
            status_per_client: FailureLimit {
                per_window: 30,
                minutes: 15,
            },
        }
    }
}

/// The server's configuration.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The site's address as the public reaches it, e.g. `https://xxgk.example.gov.cn` (no trailing slash).
    pub public_url: String,
    /// Addresses of the reverse proxies in front of the server; only their requests' client header is read.
    pub trusted_proxies: Vec<IpAddr>,
    /// The header a trusted proxy puts the client's address in (lower case); its last entry is used.
    pub client_ip_header: String,
    /// Failure limits.
    pub limits: Limits,
    /// How long a connection may take to send a request's headers, and may stay idle between requests.
    pub header_read_timeout: Duration,
    /// How long a request body may pause between two parts.
    pub body_timeout: Duration,
    /// How long the answer to one request may take in all.
    pub request_timeout: Duration,
    /// How long requests in flight may take to finish after the server is told to stop.
    pub shutdown_timeout: Duration,
}

impl Default for ServeConfig {
    fn default() -> ServeConfig {
        ServeConfig {
            public_url: "http://127.0.0.1:8080".into(),
            trusted_proxies: Vec::new(),
            client_ip_header: "x-forwarded-for".into(),
            limits: Limits::default(),
            header_read_timeout: Duration::from_secs(20),
            body_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(60),
            shutdown_timeout: Duration::from_secs(10),
        }
    }
}

impl ServeConfig {
    /// Whether the public reaches the site over TLS (then every answer carries HSTS).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Checks a public address given on the command line: `http(s)://host[:port]`, no path, query or spaces;
/// returns it without a trailing slash.
pub fn parse_public_url(url: &str) -> Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("网站地址“{url}”应以 http:// 或 https:// 开头"))?;
    let host_ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    if host_ok {
        Ok(url.to_string())
    } else {
        Err(format!(
            "网站地址“{url}”应只含协议、域名和端口（如 https://xxgk.example.gov.cn），不含路径、参数或空格"
        ))
    }
}

/// Reads a list of proxy addresses (`127.0.0.1,::1`).
pub fn parse_proxies(list: &str) -> Result<Vec<IpAddr>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| format!("反向代理地址“{s}”不是 IP 地址"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_addresses_and_proxies_are_checked() {
        assert_eq!(
            parse_public_url("https://xxgk.example.gov.cn/").unwrap(),
            "https://xxgk.example.gov.cn"
        );
        assert!(parse_public_url("ftp://x").unwrap_err().contains("http://"));
        assert!(parse_public_url("https://x/a?b").is_err());
        assert!(parse_public_url("https://").is_err());
        assert_eq!(parse_proxies("127.0.0.1, ::1").unwrap().len(), 2);
        assert!(
            parse_proxies("localhost")
                .unwrap_err()
                .contains("localhost")
        );
    }
}
