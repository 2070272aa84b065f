//! What the web tests share: a site on a fresh SQLite file with the demo agency and its accounts, requests
//! through the router, logging in, submitting an application on the portal.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use gongkai_store::Store;
use gongkai_web::{AppState, agency, router};
use http_body_util::BodyExt;
use std::collections::HashMap;
use std::io::Read;
use tower::ServiceExt;

pub struct Site {
    pub app: axum::Router,
    pub store: Store,
    pub passwords: HashMap<String, String>,
    pub _dir: tempfile::TempDir,
}

/// The site on the tests' day ([`gongkai_testkit::today`]).
pub async fn site() -> Site {
    site_on(gongkai_testkit::today()).await
}

/// The site on a given day.
pub async fn site_on(today: chrono::NaiveDate) -> Site {
    site_with(today, gongkai_web::config::ServeConfig::default()).await
}

/// The site on a given day with a given server configuration.
pub async fn site_with(today: chrono::NaiveDate, config: gongkai_web::config::ServeConfig) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("web.db").to_str().unwrap())
        .await
        .unwrap();
    let logins = agency::fill_demo(&store).await.unwrap();
    let state = AppState::with_config(
        store.clone(),
        gongkai_ledger::today::Today::Fixed(today),
        config,
    )
    .await
    .unwrap();
    Site {
        store,
        app: router(state),
        passwords: logins.into_iter().map(|(u, _, p)| (u, p)).collect(),
        _dir: dir,
    }
}

pub async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, String, HeaderMap) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap(), headers)
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The form token the tests' browser holds (cookie and hidden field alike).
pub const TOKEN: &str = "TESTFORMTOKEN23456789ABC";

/// A form post as a browser sends it from one of the site's pages: the form token in its cookie and field.
pub fn post(path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Request<Body> {
    let mut all = fields.to_vec();
    all.push(("form_token", TOKEN));
    let cookie = match cookie {
        Some(c) => format!("{c}; gk_form={TOKEN}"),
        None => format!("gk_form={TOKEN}"),
    };
    post_raw(path, &all, Some(&cookie))
}

/// A form post with exactly the given fields and cookie (for forged requests).
pub fn post_raw(path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Request<Body> {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut r =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::from(body)).unwrap()
}

pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::empty()).unwrap()
}

/// Logs in; returns the cookie to send back.
pub async fn login(site: &Site, user: &str) -> String {
    let pw = site.passwords[user].clone();
    let (status, _, headers) = send(
        &site.app,
        post(
            "/staff/login",
            &[("username", user), ("password", &pw)],
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let set = headers[header::SET_COOKIE].to_str().unwrap().to_string();
    for attr in ["HttpOnly", "SameSite=Strict", "Secure"] {
        assert!(set.contains(attr), "{set}");
    }
    set.split(';').next().unwrap().to_string()
}

/// Applies on the portal as a citizen; returns the tracking number.
pub async fn submit_application(site: &Site) -> String {
    apply(site).await.0
}

/// Applies on the portal as a citizen; returns the tracking number and the secret for the status page.
pub async fn apply(site: &Site) -> (String, String) {
    let fields = [
        ("applicant_kind", "公民"),
        ("name", "张三"),
        ("id_document", "居民身份证 110101199001011237"),
        ("phone", "13800000000"),
        ("email", ""),
        ("address", "示例市人民路 2 号"),
        ("description", "本局2025年部门预算"),
        ("delivery_form", "纸质"),
        ("delivery_channel", "邮寄"),
    ];
    let (status, html, _) = send(&site.app, post("/apply", &fields, None)).await;
    assert_eq!(status, StatusCode::OK);
    let mut codes = html
        .split("<span class=\"code\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string());
    (codes.next().unwrap(), codes.next().unwrap())
}

pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// Sends a request; returns the status, the body's bytes and the headers (for downloads).
pub async fn fetch(app: &axum::Router, req: Request<Body>) -> (StatusCode, Vec<u8>, HeaderMap) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, body.to_vec(), headers)
}

/// Records a step on a case through the case page's form (with the session's CSRF token); returns the status.
pub async fn step(
    site: &Site,
    cookie: &str,
    case: &str,
    kind: &str,
    date: &str,
    extra: &[(&str, &str)],
) -> StatusCode {
    let page = format!("/staff/cases/{case}");
    let (_, html, _) = send(&site.app, get(&page, Some(cookie))).await;
    let csrf = csrf_of(&html);
    let mut fields = vec![("csrf", csrf.as_str()), ("kind", kind), ("date", date)];
    fields.extend_from_slice(extra);
    send(
        &site.app,
        post(&format!("{page}/events"), &fields, Some(cookie)),
    )
    .await
    .0
}

/// A JSON API request with a bearer token (or none), an optional session cookie and CSRF header, and a JSON
/// body.
pub fn api(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> Request<Body> {
    let mut r = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    match body {
        Some(b) => r
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => r.body(Body::empty()).unwrap(),
    }
}

/// Sends an API request; returns the status and the JSON body (Null when the body is not JSON).
pub async fn call(app: &axum::Router, req: Request<Body>) -> (StatusCode, serde_json::Value) {
    let (status, bytes, _) = fetch(app, req).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// A multipart form post as a browser sends it: the session's CSRF token in field `csrf`, then each file
/// (name, bytes) in field `field`.
pub fn multipart(
    path: &str,
    cookie: &str,
    csrf: &str,
    field: &str,
    files: &[(&str, &[u8])],
) -> Request<Body> {
    let boundary = "----gongkaitestboundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

/// The text of a DOCX's runs, without the markup.
pub fn docx_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // The text of the runs, without the markup.
    let mut text = String::new();
    let mut inside = false;
    for c in xml.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => text.push(c),
            _ => {}
        }
    }
    text
}

/// The download name a response gives in its `Content-Disposition` (RFC 5987 `filename*`, decoded).
pub fn download_name(headers: &HeaderMap) -> String {
    let value = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    let encoded = value
        .split("filename*=UTF-8''")
        .nth(1)
        .unwrap_or_else(|| panic!("no filename* in {value}"));
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// An API token for the demo account `user`, made on the tests' day.
pub async fn token(site: &Site, user: &str, label: &str) -> String {
    let today = gongkai_ledger::today::Today::Fixed(gongkai_testkit::today());
    gongkai_web::api::create_token(&site.store, user, label, today)
        .await
        .unwrap()
}

/// Registers an agency of 河南省/郑州市/新郑市 (supervised by its 人民政府办公室) on the platform; returns its id
/// and the store seen as it.
pub async fn register_agency(store: &Store, name: &str, code: &str) -> (String, Store) {
    let agency = gongkai_supervise::agencies::NewAgency {
        name: name.into(),
        code: code.into(),
        short_name: String::new(),
        region: "河南省/郑州市/新郑市".into(),
        office: "新郑市人民政府办公室".into(),
        host: None,
    };
    gongkai_supervise::agencies::register(store, &agency, "2026-12-07T01:00:00+00:00")
        .await
        .unwrap();
    let id = store.agency_by_code(code).await.unwrap().unwrap().unit.id;
    let view = store.for_agency(&id);
    (id, view)
}
