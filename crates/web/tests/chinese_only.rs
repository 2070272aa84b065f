//! The interface is in Chinese: every page a visitor, a member of staff, an office head, a supervisor and an
//! administrator can reach by following links (and the error pages of bad requests) is crawled, and any run of
//! two or more Latin letters in what a reader sees — text, `title`, `alt`, `placeholder`, `aria-label`, button
//! values — that is not on the allow-list of names people use in Chinese too (PDF, Excel, …) fails the test.
//! Not words: what the page marks as code (`<code>`, a rule's code in `<small class="code">` after its Chinese
//! name, a configuration file in a `<textarea>`), a file extension (“.xlsx”), what the user typed quoted back
//! (“…”), and codes of letters joined to digits (case numbers such as FY-105, credit codes).
//! The navigation of each role is checked on the way: it offers only pages that role may open.

mod common;

use axum::http::StatusCode;
use common::*;
use std::collections::{HashMap, HashSet, VecDeque};

/// Latin words a Chinese page may show: file formats and product names as users write them, and registration
/// marks of the demo agency's footer.
const ALLOWED: [&str; 19] = [
    "PDF", "DOCX", "XLSX", "PNG", "JPEG", "TIFF", "CSV", "HTML", "JSON", "Excel", "Word", "WPS",
    "Markdown", "UTF", "GBK", "ICP", "MB", "API", "TOML",
];

/// Links not to follow: downloads, images, machine-readable documents, and logging out.
const SKIP: [&str; 11] = [
    "/static/",
    "/staff/report/download",
    "/staff/cases/export",
    "/staff/import/template",
    "/xxgk/files/",
    "/supervise/documents/",
    "/sitemap.xml",
    "/api",
    "/staff/logout",
    "/notice",
    "format=",
];

/// What a reader sees of a page: its text and the attributes read out or shown.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    // Drop what is not prose (style, script, code, a configuration file being edited), keep the rest.
    let dropped = [
        ("<style", "</style>"),
        ("<script", "</script>"),
        ("<code", "</code>"),
        ("<small class=\"rule-code\"", "</small>"),
        ("<textarea", "</textarea>"),
    ];
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some((_, close)) = dropped.iter().find(|(open, _)| rest.starts_with(open)) {
            rest = rest.find(close).map_or("", |j| &rest[j + close.len()..]);
            out.push(' ');
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |j| j + 1);
        let tag = &rest[..end];
        for attr in ["title=\"", "alt=\"", "placeholder=\"", "aria-label=\""] {
            if let Some(v) = tag.split(attr).nth(1).and_then(|v| v.split('"').next()) {
                out.push(' ');
                out.push_str(v);
            }
        }
        let button = tag.starts_with("<input")
            && (tag.contains("type=\"submit\"") || tag.contains("type=\"button\""));
        if let Some(v) = tag
            .split("value=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .filter(|_| button)
        {
            out.push(' ');
            out.push_str(v);
        }
        out.push(' ');
        rest = &rest[end..];
    }
    out.push_str(rest);
    let text = out
        .replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    // What the user typed, quoted back (“nonsense”), is theirs.
    let mut prose = String::new();
    let mut quoted = 0;
    for c in text.chars() {
        match c {
            '“' => quoted += 1,
            '”' => quoted = (quoted - 1).max(0),
            _ if quoted == 0 => prose.push(c),
            _ => {}
        }
    }
    prose
}

/// The Latin words of `text` (two or more letters) not allowed, with some context.
fn latin_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // A code mixing letters and digits (a tracking number, a credit code, a case number such as
            // FY-105) is data, and “.xlsx” is a file extension: neither is a word.
            let digit = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit());
            let before = |k: usize| start.checked_sub(k).and_then(|j| chars.get(j));
            let in_code = digit(before(1))
                || digit(chars.get(i))
                || (chars.get(i) == Some(&'-') && digit(chars.get(i + 1)))
                || (before(1) == Some(&'-') && digit(before(2)))
                || before(1) == Some(&'.');
            if word.len() >= 2 && !in_code && !ALLOWED.contains(&word.as_str()) {
                let from = start.saturating_sub(15);
                let to = (i + 15).min(chars.len());
                let context: String = chars[from..to].iter().collect();
                found.push(format!(
                    "{word}（…{}…）",
                    context.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
        } else {
            i += 1;
        }
    }
    found
}

/// The same-site links of a page.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|h| h.replace("&amp;", "&").replace("&#38;", "&"))
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .filter(|h| !SKIP.iter().any(|s| h.contains(s)))
        .collect()
}

/// A link's shape (digits and query values masked): at most three pages of one shape are visited.
fn shape(url: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path: String = path
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    let keys: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .collect();
    format!("{path}?{}", keys.join("&"))
}

/// Crawls from `seeds` as `cookie`; returns the pages visited and every disallowed word with its page.
async fn crawl(
    site: &Site,
    cookie: Option<&str>,
    seeds: &[&str],
) -> (usize, Vec<String>, Vec<String>) {
    let mut queue: VecDeque<String> = seeds.iter().map(|s| s.to_string()).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut shapes: HashMap<String, usize> = HashMap::new();
    let (mut pages, mut problems, mut all_links) = (0, Vec::new(), Vec::new());
    while let Some(url) = queue.pop_front() {
        if pages >= 400 || !seen.insert(url.clone()) {
            continue;
        }
        let n = shapes.entry(shape(&url)).or_default();
        *n += 1;
        if *n > 3 {
            continue;
        }
        let (status, body, headers) = send(&site.app, get(&url, cookie)).await;
        assert!(status.as_u16() < 500, "{url}: {status}");
        let html = headers
            .get("content-type")
            .is_some_and(|t| t.to_str().unwrap_or_default().starts_with("text/html"));
        if !html {
            continue;
        }
        pages += 1;
        for w in latin_words(&visible(&body)) {
            problems.push(format!("{url}: {w}"));
        }
        for l in links(&body) {
            all_links.push(l.clone());
            queue.push_back(l);
        }
    }
    (pages, problems, all_links)
}

#[tokio::test]
async fn every_page_of_every_role_is_in_chinese_and_offers_only_what_the_role_may_open() {
    let site = site().await;
    gongkai_web::demo::fill(&site.store, gongkai_testkit::today())
        .await
        .unwrap();
    gongkai_web::agency::add_user(&site.store, "admin", "admin", "系统管理员甲", false)
        .await
        .unwrap();
    // Supervision data: two published reports uploaded.
    let sv = login(&site, "supervisor").await;
    let (_, page, _) = send(&site.app, get("/supervise/upload", Some(&sv))).await;
    let files: Vec<(String, Vec<u8>)> = ["xinzheng-zwfw-2020.txt", "2019_pingtan-syq.txt"]
        .iter()
        .map(|n| {
            (
                n.to_string(),
                std::fs::read(gongkai_testkit::corpus().join(n)).unwrap(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let (status, _, _) = send(
        &site.app,
        multipart("/supervise/upload", &sv, &csrf_of(&page), "files", &refs),
    )
    .await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    // A correction of one cell, so that the corrections table is on a page too.
    let (_, overview, _) = send(&site.app, get("/supervise", Some(&sv))).await;
    let report = links(&overview)
        .into_iter()
        .find(|l| l.starts_with("/supervise/reports/"))
        .expect("a report in the overview");
    let report = report.split('?').next().unwrap().to_string();
    let (_, page, _) = send(&site.app, get(&report, Some(&sv))).await;
    let (status, _, _) = send(
        &site.app,
        post_raw(
            &format!("{report}/corrections"),
            &[
                ("csrf", &csrf_of(&page)),
                ("cell", "table3:new_received:0"),
                ("value", "1"),
                ("reason", "核对原文"),
            ],
            Some(&sv),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the correction is saved");
    let admin_pw = {
        // The admin account's password is not known: reset it through the store.
        let hash = gongkai_web::secret::hash("测试用的管理员密码-2026").unwrap();
        site.store
            .set_password("admin", &hash, false, false)
            .await
            .unwrap();
        "测试用的管理员密码-2026".to_string()
    };
    let mut site = site;
    site.passwords.insert("admin".into(), admin_pw);

    let office_pages = [
        "/staff",
        "/staff/cases",
        "/staff/import",
        "/staff/catalogue",
        "/staff/report",
        "/staff/notices",
        "/staff/calendar",
        "/staff/password",
        // Error pages of bad requests.
        "/staff/cases?from=2026-02-30&sort=nonsense",
        "/staff/report?year=1900",
        "/staff/cases/无此案件",
    ];
    let public_pages = [
        "/",
        "/apply",
        "/status",
        "/xxgk",
        "/staff/login",
        "/nope",
        "/xxgk/search?q=规划",
    ];
    let mut report = Vec::new();
    let mut total = 0;
    for (role, seeds) in [
        ("", &public_pages[..]),
        ("staff", &office_pages[..]),
        ("office", &office_pages[..]),
        ("admin", &office_pages[..]),
        (
            "supervisor",
            &[
                "/supervise",
                "/supervise/assessment",
                "/supervise/upload",
                "/supervise/rubric",
                "/staff/password",
            ][..],
        ),
    ] {
        let cookie = if role.is_empty() {
            None
        } else {
            Some(login(&site, role).await)
        };
        let (pages, problems, links) = crawl(&site, cookie.as_deref(), seeds).await;
        assert!(pages > 5, "{role}: only {pages} pages reached");
        total += pages;
        report.extend(
            problems
                .into_iter()
                .map(|p| format!("[{}] {p}", if role.is_empty() { "访客" } else { role })),
        );
        // The navigation offers only what the role may open: every link followed opened (no 403).
        if let Some(c) = &cookie {
            let distinct: HashSet<&String> = links.iter().collect();
            for l in distinct
                .iter()
                .filter(|l| l.starts_with("/staff") || l.starts_with("/supervise"))
            {
                let (status, _, _) = send(&site.app, get(l, Some(c))).await;
                assert_ne!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{role} is offered {l}, which refuses them"
                );
            }
        }
        let offers = |p: &str| links.iter().any(|l| l == p);
        match role {
            "staff" => assert!(
                !offers("/staff/audit")
                    && !offers("/staff/users")
                    && !offers("/staff/catalogue/settings")
            ),
            "office" | "admin" => assert!(
                offers("/staff/audit")
                    && offers("/staff/users")
                    && offers("/staff/catalogue/settings")
            ),
            "supervisor" => assert!(!offers("/staff/cases") && offers("/supervise")),
            _ => {}
        }
    }
    eprintln!("{total} pages crawled");
    assert!(
        report.is_empty(),
        "{} Latin words on pages:\n{}",
        report.len(),
        report.join("\n")
    );
}
