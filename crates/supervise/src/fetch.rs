//! Fetching published reports over HTTP(S) for ingest (`gongkai supervise ingest --urls FILE`).
//!
//! Redirects are followed (at most [`MAX_REDIRECTS`]); each host is asked at most once per interval, redirects
//! included (a polite rate, one request at a time); a page whose HTTP header names a charset other than UTF-8 (GBK, GB18030) is
//! transcoded by that header before reading; a page that is not itself a report but links to attachments
//! (PDF, DOCX, XLSX …) has those fetched instead. Every failure (network, HTTP status, size) is returned with
//! the URL and the reason, never dropped.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The most redirects followed for one URL.
pub const MAX_REDIRECTS: u32 = 10;
/// The largest body fetched, in bytes (the reader's own limit).
pub const MAX_BODY: u64 = gongkai_read::MAX_INPUT_BYTES as u64;
/// The most attachments fetched from one page.
const MAX_ATTACHMENTS: usize = 10;
/// File name extensions taken for attachments holding a report.
const ATTACHMENT_EXTS: [&str; 8] = ["pdf", "docx", "xlsx", "doc", "wps", "xls", "txt", "htm"];

/// A body fetched: the URL it was asked for (a page's, for an attachment), where it came from after redirects,
/// and its bytes as the reader should see them.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL as listed (for an attachment: the listed page's URL, then ` → ` and the attachment's).
    pub source: String,
    /// The URL the bytes came from, after redirects.
    pub final_url: String,
    /// The bytes as served — the document's hash is taken over these.
    pub raw: Vec<u8>,
    /// The bytes to read: the raw bytes, or for a text page whose HTTP header names another charset, the
    /// page transcoded to UTF-8 (with a byte-order mark, so the reader takes it as UTF-8).
    pub bytes: Vec<u8>,
}

/// A fetch that failed: the URL and the reason, in words for the user.
pub type Failure = (String, String);

/// The URLs of a list file: one per line; blank lines and lines starting with `#` are skipped. A line that is
/// not an http(s) URL is an error naming its line number.
pub fn url_list(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match url::Url::parse(line) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
                out.push(u.to_string())
            }
            _ => return Err(format!("第 {} 行不是 http(s) 网址：{line}", n + 1)),
        }
    }
    Ok(out)
}

/// A polite HTTP client: one request at a time, each host asked at most once per `interval`.
pub struct Fetcher {
    agent: ureq::Agent,
    interval: Duration,
    last: Mutex<HashMap<String, Instant>>,
}

impl Fetcher {
    /// A client waiting `interval` between two requests to the same host, giving up on one after `timeout`.
    pub fn new(interval: Duration, timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(concat!("gongkai/", env!("CARGO_PKG_VERSION")))
            .build();
        Fetcher {
            agent: config.into(),
            interval,
            last: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until `url`'s host may be asked again: `interval` after its last answer (counted from the answer,
    /// not the asking, so that the host sees the interval between requests however slow the network).
    /// Marked asked now as well, so that another thread waits its turn too.
    fn wait_turn(&self, url: &url::Url) {
        let host = url.host_str().unwrap_or_default().to_string();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(at) = last.get(&host) {
            let since = at.elapsed();
            if since < self.interval {
                std::thread::sleep(self.interval - since);
            }
        }
        last.insert(host, Instant::now());
    }

    /// Marks `url`'s host answered now.
    fn answered(&self, url: &url::Url) {
        let host = url.host_str().unwrap_or_default().to_string();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.insert(host, Instant::now());
    }

    /// One GET, following redirects (each hop waits its turn like any request): the body (raw and as to be
    /// read) or why not.
    fn get(&self, url: &str) -> Result<Fetched, String> {
        let mut at = url::Url::parse(url).map_err(|e| format!("网址无效：{e}"))?;
        let mut hops = 0;
        let mut resp = loop {
            self.wait_turn(&at);
            let resp = self.agent.get(at.as_str()).call();
            self.answered(&at);
            let resp = resp.map_err(|e| match e {
                ureq::Error::Timeout(_) => "请求超时".to_string(),
                ureq::Error::HostNotFound => "找不到主机".to_string(),
                e => format!("无法下载：{e}"),
            })?;
            let status = resp.status().as_u16();
            if !matches!(status, 301 | 302 | 303 | 307 | 308) {
                break resp;
            }
            hops += 1;
            if hops > MAX_REDIRECTS {
                return Err(format!("重定向超过 {MAX_REDIRECTS} 次"));
            }
            let to = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| format!("HTTP {status} 重定向缺少目标地址"))?;
            at = at
                .join(to)
                .map_err(|e| format!("重定向目标地址无效（{to}）：{e}"))?;
            if !matches!(at.scheme(), "http" | "https") {
                return Err(format!("重定向到非 http(s) 地址：{at}"));
            }
        };
        let status = resp.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(format!("服务器返回 HTTP {status}"));
        }
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let raw = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => {
                    format!("内容超过 {} MB", MAX_BODY / 1024 / 1024)
                }
                e => format!("下载中断：{e}"),
            })?;
        let bytes = transcode(&content_type, &raw).unwrap_or_else(|| raw.clone());
        Ok(Fetched {
            source: url.to_string(),
            final_url: at.to_string(),
            raw,
            bytes,
        })
    }

    /// Fetches a listed URL: the page itself when it reads as a report (agency, year and 表三 found), else
    /// the attachments it links to; with no report and no attachment, the page (the reader will say why).
    pub fn fetch(&self, url: &str) -> Vec<Result<Fetched, Failure>> {
        let page = match self.get(url) {
            Ok(p) => p,
            Err(why) => return vec![Err((url.to_string(), why))],
        };
        let is_report = gongkai_read::read_bytes("page", &page.bytes)
            .is_ok_and(|r| r.agency.is_some() && r.year.is_some() && r.table3.found);
        let links = if is_report
            || gongkai_read::sniff(&page.bytes).ok() != Some(gongkai_read::InputKind::Html)
        {
            Vec::new()
        } else {
            attachment_links(&String::from_utf8_lossy(&page.bytes), &page.final_url)
        };
        if links.is_empty() {
            return vec![Ok(page)];
        }
        links
            .iter()
            .map(|link| {
                let source = format!("{url} → {link}");
                self.get(link)
                    .map(|f| Fetched {
                        source: source.clone(),
                        ..f
                    })
                    .map_err(|why| (source.clone(), why))
            })
            .collect()
    }
}

/// The page transcoded to UTF-8 (with a BOM) when it is text, has no BOM, and its HTTP header names a charset
/// other than UTF-8 that decodes it without error; otherwise `None` (the reader decides from the bytes).
fn transcode(content_type: &str, raw: &[u8]) -> Option<Vec<u8>> {
    if !(content_type.starts_with("text/") || content_type.contains("html")) {
        return None;
    }
    let label = content_type.split(';').find_map(|p| {
        let p = p.trim();
        p.strip_prefix("charset=")
            .map(|v| v.trim_matches(['"', '\'']))
    })?;
    let enc = encoding_rs::Encoding::for_label(label.as_bytes())?;
    if enc == encoding_rs::UTF_8 || encoding_rs::Encoding::for_bom(raw).is_some() {
        return None;
    }
    let (text, had_errors) = enc.decode_without_bom_handling(raw);
    if had_errors {
        return None;
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend_from_slice(text.as_bytes());
    Some(out)
}

/// The absolute URLs of links on the page to files that can hold a report (by extension), in page order,
/// without repeats, at most [`MAX_ATTACHMENTS`].
pub fn attachment_links(html: &str, base: &str) -> Vec<String> {
    let Ok(base) = url::Url::parse(base) else {
        return Vec::new();
    };
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("a[href]").expect("a valid selector");
    let mut out: Vec<String> = Vec::new();
    for a in doc.select(&sel) {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        let Ok(u) = base.join(href.trim()) else {
            continue;
        };
        if !matches!(u.scheme(), "http" | "https") {
            continue;
        }
        let ext = u
            .path()
            .rsplit('/')
            .next()
            .and_then(|name| name.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase());
        let wanted = ext.is_some_and(|e| ATTACHMENT_EXTS.contains(&e.as_str()));
        let s = u.to_string();
        if wanted && !out.contains(&s) {
            out.push(s);
            if out.len() == MAX_ATTACHMENTS {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_skips_comments_and_names_the_bad_line() {
        let urls = url_list("# 2023\nhttp://a.gov.cn/x.html\n\nhttps://b.gov.cn/y.pdf\n").unwrap();
        assert_eq!(urls, ["http://a.gov.cn/x.html", "https://b.gov.cn/y.pdf"]);
        let err = url_list("http://a.gov.cn/\nftp://b/\n").unwrap_err();
        assert!(err.contains("第 2 行"), "{err}");
    }

    #[test]
    fn attachments_are_resolved_against_the_page() {
        let html = r#"<a href="/u/1.pdf">附件1</a><a href="2.DOCX">附件2</a><a href="/u/1.pdf">again</a>
            <a href="index.html">首页</a><a href="mailto:x@y.cn">mail</a><a href="javascript:void(0)">x</a>"#;
        assert_eq!(
            attachment_links(html, "http://x.gov.cn/a/b/page.html"),
            ["http://x.gov.cn/u/1.pdf", "http://x.gov.cn/a/b/2.DOCX"]
        );
    }

    #[test]
    fn header_charset_transcodes_text_only() {
        let (gbk, _, _) = encoding_rs::GBK.encode("政府信息公开");
        let out = transcode("text/html; charset=GBK", &gbk).unwrap();
        assert_eq!(&out[3..], "政府信息公开".as_bytes());
        assert!(transcode("application/pdf", &gbk).is_none());
        assert!(transcode("text/html; charset=utf-8", &gbk).is_none());
        assert!(transcode("text/html", &gbk).is_none());
    }
}
