//! The staff workspace, first part: login (argon2), sessions in the database (a cookie that is HttpOnly,
//! SameSite=Strict and Secure), roles checked on every page, the dashboard of open cases with their statutory
//! due dates, the case page (each view of the applicant's particulars recorded in the audit log, identity
//! numbers masked), the audit log for the office head, and logout with a CSRF token.

pub mod accounts;
pub mod calendar;
pub(crate) mod cases;
pub mod export;
pub mod import;
pub mod list;
pub mod notices;
pub mod particulars;
pub mod query;
pub mod referral;
pub(crate) mod report;
mod report_charts;
pub mod report_edit;
mod report_grid;
pub mod switch;

pub(crate) use cases::record;
pub use cases::{StepForm, add_step, audit, case, withdraw_step};
pub use list::{cases, home};
pub use report::{YearQuery, cell, download, report};

use crate::agency::Agency;
use crate::form_token::FormToken;
use crate::{AppState, secret};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use gongkai_store::staff::{Session, User};
use serde::Deserialize;

/// The outcome rows of 表三 (2021 format) with their printed labels, for the reply form and the filters.
pub fn outcome_choices() -> Vec<(&'static str, String)> {
    gongkai_model::table3_rows(gongkai_model::FormatVersion::V2021)
        .iter()
        .filter(|r| r.outcome)
        .map(|r| (r.key, format!("{}{}", r.group.unwrap_or(""), r.label)))
        .collect()
}

/// Where a user with a generated password is sent until it is changed.
pub const PASSWORD_PAGE: &str = "/staff/password";

/// The session cookie's name.
pub const COOKIE: &str = "gk_session";
/// How long a session lasts.
pub const SESSION_HOURS: i64 = 8;

/// The roles, by their stored keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 工作人员: handles cases.
    Staff,
    /// 负责人: approves extensions, reads the audit log.
    OfficeHead,
    /// 监督人员 of the supervising office: no access to cases.
    Supervisor,
    /// 系统管理员.
    Admin,
}

impl Role {
    /// The role of a stored key.
    pub fn parse(key: &str) -> Option<Role> {
        Some(match key {
            "staff" => Role::Staff,
            "office_head" => Role::OfficeHead,
            "supervisor" => Role::Supervisor,
            "admin" => Role::Admin,
            _ => return None,
        })
    }

    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::OfficeHead => "office_head",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Role::Staff => "工作人员",
            Role::OfficeHead => "负责人",
            Role::Supervisor => "监督人员",
            Role::Admin => "系统管理员",
        }
    }

    /// The Chinese name of a stored key.
    pub fn label_of(key: &str) -> &'static str {
        Role::parse(key).map_or("未知角色", Role::label)
    }
}

/// Who may open the office head's pages.
pub(crate) const HEADS: &str = "负责人和系统管理员";

#[derive(Template, WebTemplate)]
#[template(path = "staff_refused.html")]
struct Refused {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    message: String,
    /// The user's role, when the refusal is about who may (not for a stale form).
    role: Option<&'static str>,
}

/// A refusal (403) in the staff layout, with its navigation: what was refused and why, and the role the user
/// has. `message` says who may open the page or what to do.
pub(crate) fn refused(agency: Agency, session: Session, message: &str) -> Response {
    let role = Some(Role::label_of(&session.user.role));
    refusal(agency, session, message, role)
}

fn refusal(
    agency: Agency,
    session: Session,
    message: &str,
    role: Option<&'static str>,
) -> Response {
    (
        StatusCode::FORBIDDEN,
        Refused {
            agency,
            user: Some(session.user),
            csrf: session.csrf,
            message: message.to_string(),
            role,
        },
    )
        .into_response()
}

/// The refusal of a page for office heads to staff.
pub(crate) fn heads_only(agency: Agency, session: Session, what: &str) -> Response {
    refused(agency, session, &format!("“{what}”仅限{HEADS}使用。"))
}

/// The refusal of a form whose token is not the session's.
pub(crate) fn stale_form(agency: Agency, session: Session) -> Response {
    refusal(
        agency,
        session,
        "表单已失效（校验码不符），请刷新页面后重试。",
        None,
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_login.html")]
struct Login {
    agency: Agency,
    token: String,
    user: Option<User>,
    csrf: String,
    error: Option<String>,
}

/// Masks the middle of the longest run of letters and digits (an identity or organisation code): the first
/// four and the last four stay.
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let sep = |c: char| matches!(c, ' ' | '-' | '\u{3000}' | '\u{a0}');
    // The longest run of letters and digits, spaces and hyphens inside it allowed (“110101 19900101 1234”).
    let (mut best, mut at, mut run) = ((0, 0, 0), 0, 0);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            if run == 0 {
                at = i;
            }
            run += 1;
            if run > best.2 {
                best = (at, i, run);
            }
        } else if !(sep(c) && run > 0) {
            run = 0;
        }
    }
    let (start, end, len) = best;
    if len < 8 {
        return s.to_string();
    }
    // The number without its separators, its first and last four kept.
    let number: Vec<char> = chars[start..=end]
        .iter()
        .copied()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let masked: String = number
        .iter()
        .enumerate()
        .map(|(i, &c)| if i >= 4 && i < len - 4 { '*' } else { c })
        .collect();
    let before: String = chars[..start].iter().collect();
    let after: String = chars[end + 1..].iter().collect();
    format!("{before}{masked}{after}")
}

pub(crate) fn session_id(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(str::to_string)
        })
}

/// An office head's form checked: the refusal (a 403 page in the staff layout) when its token is not the
/// session's, or when staff use it (`what` names the action, for the message of who may).
pub(crate) fn refuse_head_form(
    agency: &Agency,
    session: &Session,
    csrf: &str,
    role: Role,
    what: &str,
) -> Option<Response> {
    if csrf != session.csrf {
        Some(stale_form(agency.clone(), session.clone()))
    } else if role == Role::Staff {
        Some(heads_only(agency.clone(), session.clone(), what))
    } else {
        None
    }
}

fn forbidden(agency: Agency, message: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        crate::pages::Problem {
            agency,
            message: message.to_string(),
        },
    )
        .into_response()
}

/// Anyone logged in, whatever the role (to log out); others are sent to the login page.
pub struct SignedIn(pub Session);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let now = state.today.now().to_rfc3339();
        let session = match session_id(parts) {
            Some(id) => state.store.session(&id, &now).await.ok().flatten(),
            None => None,
        };
        session
            .map(SignedIn)
            .ok_or_else(|| Redirect::to("/staff/login").into_response())
    }
}

/// A logged-in member of the disclosure office (staff, office head or admin); others are sent to the login
/// page (no session) or refused (another role).
pub struct OfficeUser(pub Session, pub Role);

impl FromRequestParts<AppState> for OfficeUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let SignedIn(session) = SignedIn::from_request_parts(parts, state).await?;
        if session.user.must_change {
            return Err(Redirect::to(PASSWORD_PAGE).into_response());
        }
        match Role::parse(&session.user.role) {
            Some(role @ (Role::Staff | Role::OfficeHead | Role::Admin)) => {
                Ok(OfficeUser(session, role))
            }
            _ => Err(refused(
                crate::portal::agency(state).await,
                session,
                "政府信息公开工作台仅供工作人员、负责人和系统管理员打开；监督人员请使用监督首页。",
            )),
        }
    }
}

/// GET /staff/login.
pub async fn login_form(State(state): State<AppState>, browser: FormToken) -> Response {
    let (token, cookie) = browser.issue();
    (
        [(header::SET_COOKIE, cookie)],
        Login {
            agency: crate::portal::agency(&state).await,
            token,
            user: None,
            csrf: String::new(),
            error: None,
        },
    )
        .into_response()
}

/// The login form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Credentials {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
    /// The CSRF token of the form.
    pub form_token: String,
}

/// POST /staff/login: a wrong name and a wrong password get the same answer.
pub async fn login(
    State(state): State<AppState>,
    client: crate::portal::Client,
    browser: FormToken,
    Form(c): Form<Credentials>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if !browser.matches(&c.form_token) {
        return forbidden(agency, crate::form_token::REFUSED);
    }
    let name = c.username.trim().to_string();
    let limits = state.config.limits;
    let buckets = [
        ("login-user", name.as_str(), limits.login_per_user),
        ("login-client", client.0.as_str(), limits.login_per_client),
    ];
    if let Some(limit) = crate::limit::over(&state, &buckets).await {
        return crate::portal::problem(
            StatusCode::TOO_MANY_REQUESTS,
            agency,
            format!("登录{}", crate::limit::failures_message(limit)),
        );
    }
    let user = state.store.user(&name).await.ok().flatten();
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let verified = secret::verify_off_thread(c.password.clone(), stored, false).await;
    let Some(user) = user.filter(|_| verified) else {
        crate::limit::failed(&state, &buckets).await;
        return (
            StatusCode::UNAUTHORIZED,
            Login {
                agency,
                token: c.form_token.clone(),
                user: None,
                csrf: String::new(),
                error: Some("用户名或密码不正确。".into()),
            },
        )
            .into_response();
    };
    if user.disabled {
        return (
            StatusCode::FORBIDDEN,
            Login {
                agency,
                token: c.form_token.clone(),
                user: None,
                csrf: String::new(),
                error: Some("此账号已停用，请联系本机关政府信息公开工作负责人。".into()),
            },
        )
            .into_response();
    }
    let (id, csrf) = {
        let mut rng = rand::rng();
        let mut token = |n: usize| {
            (0..n)
                .map(|_| secret::new_secret(&mut rng))
                .collect::<String>()
        };
        (token(3), token(2))
    };
    let expires = (state.today.now() + Duration::hours(SESSION_HOURS)).to_rfc3339();
    // The session starts in the deployment's own agency when the user works there, else in the first of theirs.
    let start = match state.store.starting_role(&user.username).await {
        Ok(Some((agency, _))) => agency,
        _ => state.store.agency_id().to_string(),
    };
    if state
        .store
        .for_agency(&start)
        .create_session(&id, &user.username, &csrf, &expires)
        .await
        .is_err()
    {
        return crate::portal::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            agency,
            "系统错误，请稍后再试。",
        );
    }
    let cookie = format!(
        "{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age={}",
        SESSION_HOURS * 3600
    );
    let home = if user.must_change {
        PASSWORD_PAGE
    } else if Role::parse(&user.role) == Some(Role::Supervisor) {
        "/supervise"
    } else {
        "/staff"
    };
    ([(header::SET_COOKIE, cookie)], Redirect::to(home)).into_response()
}

/// A form that carries the session's CSRF token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    /// The token.
    pub csrf: String,
}

/// POST /staff/logout: only with the session's CSRF token.
pub async fn logout(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Form(f): Form<CsrfForm>,
) -> Response {
    if f.csrf != session.csrf {
        return crate::staff::stale_form(crate::portal::agency(&state).await, session);
    }
    let _ = state.store.delete_session(&session.id).await;
    let cookie = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0");
    ([(header::SET_COOKIE, cookie)], Redirect::to("/staff/login")).into_response()
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn identity_numbers_are_masked_in_the_middle() {
        assert_eq!(
            mask("居民身份证 110101199001011234"),
            "居民身份证 1101**********1234"
        );
        assert_eq!(mask("91350100MA2XXXXX1X"), "9135**********XX1X");
        assert_eq!(mask("无"), "无");
        // Typed with spaces or hyphens: masked as one number.
        assert_eq!(
            mask("居民身份证 110101 19900101 1234"),
            "居民身份证 1101**********1234"
        );
        assert_eq!(mask("110101-19900101-1234"), "1101**********1234");
    }
}
