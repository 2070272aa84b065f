//! Accounts on the web: an office head creates an account whose generated password opens nothing but the
//! password page; a weak or mistyped new password is refused with every reason; the changed password opens the
//! workspace; a disabled account is logged out and cannot log in; a reset hands out a new generated password;
//! staff cannot manage accounts, an office head cannot manage a supervisor's; every change is audited.

mod common;

use axum::http::{StatusCode, header};
use common::*;

/// Logs in with a password: the status, the session cookie (if any) and where the browser is sent.
async fn log_in(site: &Site, user: &str, password: &str) -> (StatusCode, String, String, String) {
    let (status, body, headers) = send(
        &site.app,
        post(
            "/staff/login",
            &[("username", user), ("password", password)],
            None,
        ),
    )
    .await;
    let cookie = headers
        .get(header::SET_COOKIE)
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
        .unwrap_or_default();
    let to = headers
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, cookie, to, body)
}

/// The generated password shown once on the accounts page.
fn issued(html: &str) -> String {
    let at = html
        .find("class=\"secret\">")
        .expect("a generated password")
        + "class=\"secret\">".len();
    html[at..].split('<').next().unwrap().to_string()
}

#[tokio::test]
async fn an_account_is_created_changed_disabled_and_reset_on_the_web() {
    let site = site().await;
    let head = login(&site, "office").await;
    let (status, page, _) = send(&site.app, get("/staff/users", Some(&head))).await;
    assert_eq!(status, StatusCode::OK);
    // The office head sees the members of the agency (its staff and heads), not the platform's other accounts.
    assert!(
        page.contains("示例工作人员") && !page.contains("示例监督人员"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    // A role the office head may not give, and a name in use: refused with both reasons.
    let (status, page, _) = send(
        &site.app,
        post(
            "/staff/users",
            &[
                ("csrf", &csrf),
                ("username", "staff"),
                ("display_name", "王五"),
                ("role", "admin"),
            ],
            Some(&head),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("请选择角色") && page.contains("登录名“staff”已被使用"),
        "{page}"
    );
    let (status, page, _) = send(
        &site.app,
        post(
            "/staff/users",
            &[
                ("csrf", &csrf),
                ("username", "wang"),
                ("display_name", "王五"),
                ("role", "staff"),
            ],
            Some(&head),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let first = issued(&page);
    assert_eq!(first.len(), 12);
    assert!(page.contains("正常（待首次修改密码）"));

    // The generated password opens only the password page.
    let (status, wang, to, _) = log_in(&site, "wang", &first).await;
    assert_eq!(
        (status, to.as_str()),
        (StatusCode::SEE_OTHER, "/staff/password")
    );
    for path in ["/staff", "/staff/cases", "/supervise"] {
        let (status, _, headers) = send(&site.app, get(path, Some(&wang))).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(headers[header::LOCATION], "/staff/password");
    }
    let (status, body, _) = send(&site.app, get("/api/cases", Some(&wang))).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "nor the API with the session: {body}"
    );
    assert!(body.contains("系统生成的密码"));
    let (status, page, _) = send(&site.app, get("/staff/password", Some(&wang))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("您的密码是系统生成的"));
    let wang_csrf = csrf_of(&page);
    let change = |current: &str, new: &str, repeat: &str| {
        post(
            "/staff/password",
            &[
                ("csrf", &wang_csrf),
                ("current", current),
                ("new", new),
                ("repeat", repeat),
            ],
            Some(&wang),
        )
    };
    for (current, new, repeat, reasons) in [
        (
            "wrong",
            "short",
            "short",
            &["当前密码不正确", "新密码太短：至少 10 个字符（现为 5 个）"][..],
        ),
        (
            first.as_str(),
            "password123",
            "password123",
            &["太容易被猜中"][..],
        ),
        (
            first.as_str(),
            "wang12345678",
            "wang12345678",
            &["太容易被猜中"][..],
        ),
        (
            first.as_str(),
            "青山绿水-river-7319-lamp",
            "青山绿水-river-7319-lam",
            &["两次输入的新密码不一致"][..],
        ),
    ] {
        let (status, page, _) = send(&site.app, change(current, new, repeat)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        assert!(
            page.contains(&format!("有 {} 处需要修改", reasons.len())),
            "{new}: {page}"
        );
        for r in reasons {
            assert!(page.contains(r), "{new}: {r}");
        }
    }
    let chosen = "青山绿水-river-7319-lamp";
    let (status, page, _) = send(&site.app, change(&first, chosen, chosen)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("密码已修改"));
    let (status, _, _) = send(&site.app, get("/staff", Some(&wang))).await;
    assert_eq!(status, StatusCode::OK);
    // The old password no longer opens the account, the new one does.
    assert_eq!(
        log_in(&site, "wang", &first).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(log_in(&site, "wang", chosen).await.2, "/staff");

    // Staff cannot manage accounts: refused in the staff layout, saying who may.
    let (status, page, _) = send(&site.app, get("/staff/users", Some(&wang))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        page.contains("“账号管理”仅限负责人和系统管理员使用")
            && page.contains("您的账号角色为：工作人员"),
        "{page}"
    );
    assert!(page.contains("工作台导航") && !page.contains("返回政府信息公开指南"));
    // An office head cannot reset a supervisor's password, nor act on their own account here.
    for target in ["supervisor", "office"] {
        let (status, page, _) = send(
            &site.app,
            post(
                &format!("/staff/users/{target}"),
                &[("csrf", &csrf), ("action", "reset")],
                Some(&head),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{target}");
        assert!(page.contains("不能管理账号"), "{page}");
    }

    // Disabled: the session ends and the password no longer logs in.
    let (status, _, _) = send(
        &site.app,
        post(
            "/staff/users/wang",
            &[("csrf", &csrf), ("action", "disable")],
            Some(&head),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, headers) = send(&site.app, get("/staff", Some(&wang))).await;
    assert_eq!(
        (status, &headers[header::LOCATION]),
        (StatusCode::SEE_OTHER, &"/staff/login".parse().unwrap())
    );
    let (status, _, _, page) = log_in(&site, "wang", chosen).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("此账号已停用"));
    // Enabled and reset: a new generated password, to be changed again.
    for action in ["enable", "reset"] {
        let (status, page, _) = send(
            &site.app,
            post(
                "/staff/users/wang",
                &[("csrf", &csrf), ("action", action)],
                Some(&head),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}");
        if action == "reset" {
            let again = issued(&page);
            assert_ne!(again, first);
            assert_eq!(log_in(&site, "wang", &again).await.2, "/staff/password");
            assert_eq!(
                log_in(&site, "wang", chosen).await.0,
                StatusCode::UNAUTHORIZED
            );
        }
    }
    // Every change is in the audit log, by whom and to which account.
    let (_, audit, _) = send(&site.app, get("/staff/audit", Some(&head))).await;
    for action in [
        "创建账号（工作人员）",
        "修改本人密码",
        "停用账号",
        "启用账号",
        "重置密码",
    ] {
        assert!(audit.contains(action), "{action}");
    }
    assert!(
        audit.contains("账号 wang") && !audit.contains("/staff/cases/%E8%B4%A6"),
        "account actions are not case links"
    );
}
