//! The public portal through its HTTP interface (the router, a real SQLite file): the guide with the agency's
//! footer, an application refused field by field and then accepted, the status page for its applicant only,
//! hostile input rendered inert or refused with nothing stored.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gongkai_store::Store;
use gongkai_web::{AppState, MAX_BODY, agency, router};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn app() -> (axum::Router, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("web.db").to_str().unwrap())
        .await
        .unwrap();
    let _logins = agency::fill_demo(&store).await.unwrap();
    let state = AppState::new(
        store.clone(),
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
    )
    .await
    .unwrap();
    (router(state), store, dir)
}

async fn send(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, String, axum::http::HeaderMap) {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap(), headers)
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

/// The form token the tests' browser holds.
const TOKEN: &str = "TESTFORMTOKEN23456789ABC";

/// A form post as a browser sends it from one of the site's pages (form token in cookie and field).
fn post(path: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let mut all = fields.to_vec();
    all.push(("form_token", TOKEN));
    post_with(path, &all, &format!("gk_form={TOKEN}"))
}

fn post_with(path: &str, fields: &[(&str, &str)], cookie: &str) -> Request<Body> {
    let body: String = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const VALID: [(&str, &str); 10] = [
    ("applicant_kind", "公民"),
    ("name", "张三"),
    ("id_document", "居民身份证 110101199001011237"),
    ("phone", "010-12345678"),
    ("email", "zhang@example.cn"),
    ("address", ""),
    ("description", "2025年本市道路改造工程的立项批复文件"),
    ("purpose", ""),
    ("delivery_form", "电子文档"),
    ("delivery_channel", "电子邮件"),
];

fn with(field: &str, value: &'static str) -> Vec<(&'static str, &'static str)> {
    VALID
        .iter()
        .map(|&(k, v)| if k == field { (k, value) } else { (k, v) })
        .collect()
}

/// The text of `<span class="code">…</span>` occurrences (tracking number, secret).
fn codes(html: &str) -> Vec<String> {
    html.split("<span class=\"code\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_guide_shows_the_agency_and_the_statutory_terms_with_strict_headers() {
    let (app, _, _dir) = app().await;
    let (status, html, headers) = send(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "示例市示例局政府信息公开指南",
        "20 个工作日内予以答复",
        "主办单位：示例市示例局",
        "网站标识码：0000000000",
        "示ICP备00000000号",
        "示公网安备00000000000000号",
        "lang=\"zh-CN\"",
    ] {
        assert!(html.contains(text), "{text}");
    }
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("style-src 'self'"));
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let (status, css, headers) = send(&app, get("/static/site.css")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(css.contains("outline"), "visible keyboard focus");
    let (status, html, _) = send(&app, get("/no/such/page")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("没有这个页面"));
}

#[tokio::test]
async fn an_application_is_refused_field_by_field_then_accepted_and_tracked_by_its_applicant_only()
{
    let (app, store, _dir) = app().await;
    // Missing and malformed fields: each error next to its field, nothing stored.
    let bad = with("name", "");
    let mut bad: Vec<(&str, &str)> = bad
        .into_iter()
        .map(|(k, v)| match k {
            "phone" => (k, "12345"),
            "id_document" => (k, "居民身份证 110101199001011234"),
            "delivery_channel" => (k, "邮寄"),
            _ => (k, v),
        })
        .collect();
    bad.push(("ignored", "x"));
    let (status, html, _) = send(&app, post("/apply", &bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("有 4 处需要修改"), "{html}");
    assert!(html.contains("id=\"name-error\">请填写姓名或者名称"));
    assert!(html.contains("id=\"id_document-error\">居民身份证号码的校验位不符"));
    assert!(html.contains("id=\"phone-error\">联系电话格式不正确"));
    assert!(html.contains("id=\"address-error\">选择邮寄时请填写通信地址"));
    // Summarised at the top, each error a link to its field, the summary taking the focus.
    assert!(
        html.contains("<a href=\"#phone\">联系电话格式不正确"),
        "{html}"
    );
    assert!(html.contains("id=\"error-summary\" tabindex=\"-1\" autofocus"));
    assert!(
        html.contains("value=\"居民身份证 110101199001011234\""),
        "typed values kept"
    );
    // An organisation gives its 统一社会信用代码, checked by GB 32100.
    let (_, html, _) = send(
        &app,
        post(
            "/apply",
            &with("applicant_kind", "法人或者其他组织：商业企业")
                .into_iter()
                .map(|(k, v)| {
                    if k == "id_document" {
                        (k, "91110000000000000X")
                    } else {
                        (k, v)
                    }
                })
                .collect::<Vec<_>>(),
        ),
    )
    .await;
    assert!(
        html.contains("id=\"id_document-error\">统一社会信用代码的校验位不符"),
        "{html}"
    );
    assert!(store.applications(false).await.unwrap().is_empty());

    // Accepted: a tracking number and a secret, and the case in the ledger.
    let (status, html, _) = send(&app, post("/apply", &VALID)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let c = codes(&html);
    let (tracking, secret) = (c[0].clone(), c[1].clone());
    assert!(tracking.starts_with("YSQ") && secret.len() == 12);
    let case = store.application(&tracking).await.unwrap().unwrap();
    assert_eq!(case.applicant_name, "张三");
    let stored = store.portal_request(&tracking).await.unwrap().unwrap();
    assert!(
        !stored.secret_hash.contains(&secret),
        "only a hash is stored"
    );

    // The status page for its applicant: the due date and the steps in words.
    let (status, html, _) = send(
        &app,
        post("/status", &[("tracking", &tracking), ("secret", &secret)]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("办理中") && html.contains("20 个工作日内答复"),
        "{html}"
    );
    assert!(
        !html.contains("110101199001011237"),
        "no identity number on the status page"
    );

    // A wrong secret, and another applicant's number with this secret, get the same refusal.
    let (_, html2, _) = send(&app, post("/apply", &with("name", "李四"))).await;
    let other = codes(&html2)[0].clone();
    for (t, s) in [
        (tracking.as_str(), "WRONGSECRET2"),
        (other.as_str(), secret.as_str()),
        ("YSQ0", ""),
    ] {
        let (status, html, _) =
            send(&app, post("/status", &[("tracking", t), ("secret", s)])).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("申请编号或查询密码不正确"));
        assert!(!html.contains("李四") && !html.contains("张三"));
        // The number typed stays in its field; the way to a lost secret is said.
        assert!(
            html.contains(&format!(
                "name=\"tracking\" maxlength=\"40\" autocomplete=\"off\" value=\"{t}\""
            )),
            "{html}"
        );
        assert!(html.contains("忘记查询密码的，请携带提交申请时所用的身份证明"));
    }
    // Copied with spaces and in lower case: still found.
    let loose = |s: &str| format!(" {} ", s.to_lowercase().replace("YSQ", "ysq "));
    let (status, html, _) = send(
        &app,
        post(
            "/status",
            &[
                ("tracking", &loose(&tracking)),
                ("secret", &secret.to_lowercase()),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(&tracking));
}

#[tokio::test]
async fn hostile_input_is_rendered_inert_or_refused_with_nothing_stored() {
    let (app, store, _dir) = app().await;
    // Script in a field: refused for another reason here, and shown back escaped.
    let mut fields = with("name", "<script>alert(1)</script>");
    fields.retain(|(k, _)| *k != "phone");
    let (status, html, _) = send(&app, post("/apply", &fields)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!html.contains("<script>alert(1)"));
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "{html}"
    );
    // Accepted with script in the description: stored as typed, never executed anywhere it is shown.
    let (status, html, _) = send(
        &app,
        post(
            "/apply",
            &with("description", "<img src=x onerror=alert(1)>"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<img src=x"));
    // Control characters, unknown choices, an oversized body: refused, nothing more stored.
    let before = store.applications(false).await.unwrap().len();
    let (status, _, _) = send(&app, post("/apply", &with("name", "张\u{7}三"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, _) = send(&app, post("/apply", &with("applicant_kind", "外星人"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, html, _) = send(&app, post("/apply", &with("purpose", "用途\u{1}"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"purpose-error\">用途不能超过"),
        "the error sits next to its own field"
    );
    assert!(!html.contains("id=\"email-error\""));
    let huge = "字".repeat(MAX_BODY);
    let big = Request::post("/apply")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("name={huge}")))
        .unwrap();
    let (status, html, _) = send(&app, big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(html.contains("提交的内容过大"));
    let (status, html, _) = send(
        &app,
        Request::post("/apply")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("表单无法识别"));
    // Forged cross-site posts: the form token missing, or not the browser's own.
    let (_, page, headers) = send(&app, Request::get("/apply").body(Body::empty()).unwrap()).await;
    let set = headers[header::SET_COOKIE].to_str().unwrap();
    for attr in ["gk_form=", "HttpOnly", "SameSite=Strict", "Secure"] {
        assert!(set.contains(attr), "{set}");
    }
    let token = set["gk_form=".len()..].split(';').next().unwrap();
    assert!(page.contains(&format!("name=\"form_token\" value=\"{token}\"")));
    for (path, fields) in [
        ("/apply", VALID.to_vec()),
        ("/status", vec![("tracking", "YSQ0"), ("secret", "X")]),
        (
            "/staff/login",
            vec![("username", "staff"), ("password", "x")],
        ),
    ] {
        let mut forged = fields.clone();
        forged.push(("form_token", "ATTACKERSGUESS2345678ABC"));
        for (cookie, fields) in [("", &fields), (&format!("gk_form={token}")[..], &forged)] {
            let (status, html, _) = send(&app, post_with(path, fields, cookie)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
            assert!(html.contains("校验码不符"), "{path}: {html}");
        }
    }
    assert_eq!(store.applications(false).await.unwrap().len(), before);
}

#[tokio::test]
async fn the_form_and_the_login_are_rate_limited_with_nothing_stored_over_the_limit() {
    // The counts are per 15- and 60-minute window: start well inside a window, so that none ends mid-test.
    let into_window = chrono::Utc::now().timestamp().rem_euclid(15 * 60);
    if into_window > 15 * 60 - 20 {
        tokio::time::sleep(std::time::Duration::from_secs(25)).await;
    }
    let (app, store, _dir) = app().await;
    for _ in 0..10 {
        let (status, _, _) = send(&app, post("/apply", &VALID)).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, html, _) = send(&app, post("/apply", &VALID)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("提交过于频繁"));
    assert_eq!(store.applications(false).await.unwrap().len(), 10);
    for _ in 0..10 {
        let (status, _, _) = send(
            &app,
            post("/staff/login", &[("username", "staff"), ("password", "x")]),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, html, _) = send(
        &app,
        post("/staff/login", &[("username", "staff"), ("password", "x")]),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        html.contains("登录失败次数过多：每 15 分钟内最多可失败 10 次"),
        "{html}"
    );
}
