//! The staff workspace, first part: login (argon2), sessions in the database (a cookie that is HttpOnly,
//! SameSite=Strict and Secure), roles checked on every page, the dashboard of open cases with their statutory
//! due dates, the case page (each view of the applicant's particulars recorded in the audit log, identity
//! numbers masked), the audit log for the office head, and logout with a CSRF token.

use crate::agency::Agency;
use crate::{AppState, secret};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Local, Utc};
use gongkai_ledger::clock::{ClockSettings, Status as ClockStatus, clock};
use gongkai_store::staff::{AuditEntry, Session, User};
use serde::Deserialize;

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
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_login.html")]
struct Login {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    error: Option<String>,
}

/// One open case on the dashboard (no personal data).
struct Row {
    id: String,
    applicant: String,
    received: String,
    due: String,
    state: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_home.html")]
struct Home {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    today: String,
    overdue: usize,
    due_soon: usize,
    rows: Vec<Row>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_case.html")]
struct CasePage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    id: String,
    applicant: String,
    received: String,
    channel: String,
    content: String,
    state: String,
    due: String,
    steps: Vec<String>,
    warnings: Vec<String>,
    person: Option<gongkai_store::portal::PortalRequest>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_audit.html")]
struct Audit {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    entries: Vec<AuditEntry>,
}

/// Masks the middle of the longest run of letters and digits (an identity or organisation code): the first
/// four and the last four stay.
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let (mut best, mut at, mut run) = ((0, 0), 0, 0);
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            if run == 0 {
                at = i;
            }
            run += 1;
            if run > best.1 {
                best = (at, run);
            }
        } else {
            run = 0;
        }
    }
    let (start, len) = best;
    if len < 8 {
        return s.to_string();
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i >= start + 4 && i < start + len - 4 {
                '*'
            } else {
                *c
            }
        })
        .collect()
}

fn session_id(parts: &Parts) -> Option<String> {
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

/// A logged-in member of the disclosure office (staff, office head or admin); others are sent to the login
/// page (no session) or refused (another role).
pub struct OfficeUser(pub Session, pub Role);

impl FromRequestParts<AppState> for OfficeUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let now = Utc::now().to_rfc3339();
        let session = match session_id(parts) {
            Some(id) => state.store.session(&id, &now).await.ok().flatten(),
            None => None,
        };
        let Some(session) = session else {
            return Err(Redirect::to("/staff/login").into_response());
        };
        match Role::parse(&session.user.role) {
            Some(role @ (Role::Staff | Role::OfficeHead | Role::Admin)) => {
                Ok(OfficeUser(session, role))
            }
            _ => Err(forbidden(
                Agency::load(&state.store)
                    .await
                    .unwrap_or_else(|_| Agency::from_settings(&Default::default())),
                "您的账号无权访问政府信息公开工作台。",
            )),
        }
    }
}

/// GET /staff/login.
pub async fn login_form(State(state): State<AppState>) -> Response {
    Login {
        agency: crate::portal::agency(&state).await,
        user: None,
        csrf: String::new(),
        error: None,
    }
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
}

/// POST /staff/login: a wrong name and a wrong password get the same answer.
pub async fn login(State(state): State<AppState>, Form(c): Form<Credentials>) -> Response {
    let agency = crate::portal::agency(&state).await;
    let user = state.store.user(c.username.trim()).await.ok().flatten();
    let Some(user) = user.filter(|u| secret::verify(&c.password, &u.password_hash)) else {
        return (
            StatusCode::UNAUTHORIZED,
            Login {
                agency,
                user: None,
                csrf: String::new(),
                error: Some("用户名或密码不正确。".into()),
            },
        )
            .into_response();
    };
    let (id, csrf) = {
        let mut rng = rand::rng();
        let mut token = |n: usize| {
            (0..n)
                .map(|_| secret::new_secret(&mut rng))
                .collect::<String>()
        };
        (token(3), token(2))
    };
    let expires = (Utc::now() + Duration::hours(SESSION_HOURS)).to_rfc3339();
    if state
        .store
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
    ([(header::SET_COOKIE, cookie)], Redirect::to("/staff")).into_response()
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
    OfficeUser(session, _): OfficeUser,
    Form(f): Form<CsrfForm>,
) -> Response {
    if f.csrf != session.csrf {
        return forbidden(
            crate::portal::agency(&state).await,
            "表单已失效（校验码不符），请刷新页面后重试。",
        );
    }
    let _ = state.store.delete_session(&session.id).await;
    let cookie = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0");
    ([(header::SET_COOKIE, cookie)], Redirect::to("/staff/login")).into_response()
}

/// GET /staff: the open cases by due date, overdue first.
pub async fn home(State(state): State<AppState>, OfficeUser(session, _): OfficeUser) -> Response {
    let agency = crate::portal::agency(&state).await;
    let today = Local::now().date_naive();
    let soon = state.calendar.add_working_days(today, 5).unwrap_or(today);
    let apps = state.store.applications(true).await.unwrap_or_default();
    let mut rows: Vec<(chrono::NaiveDate, Row)> = Vec::new();
    let (mut overdue, mut due_soon) = (0, 0);
    for app in &apps {
        let Ok(c) = clock(app, &state.calendar, ClockSettings::default()) else {
            continue;
        };
        let state_text = match &c.status {
            ClockStatus::Running if c.due < today => {
                overdue += 1;
                "已逾期".to_string()
            }
            ClockStatus::Running if c.due <= soon => {
                due_soon += 1;
                "即将到期".to_string()
            }
            ClockStatus::Running => "办理中".to_string(),
            ClockStatus::Paused { reason } => format!("暂停计时：{reason}"),
            ClockStatus::Closed { .. } => continue,
        };
        rows.push((
            c.due,
            Row {
                id: app.id.clone(),
                applicant: app.applicant.label().to_string(),
                received: app.received.to_string(),
                due: c.due.to_string(),
                state: state_text,
            },
        ));
    }
    rows.sort_by_key(|(d, _)| *d);
    Home {
        agency,
        user: Some(session.user),
        csrf: session.csrf,
        today: today.to_string(),
        overdue,
        due_soon,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    }
    .into_response()
}

async fn record(state: &AppState, who: &str, action: &str, subject: &str) -> bool {
    let id = secret::new_secret(&mut rand::rng());
    let entry = AuditEntry {
        at: Utc::now().to_rfc3339(),
        username: who.to_string(),
        action: action.to_string(),
        subject: subject.to_string(),
    };
    state.store.audit(&entry, &id).await.is_ok()
}

/// GET /staff/cases/{id}: the case, its clock explained, and the applicant's particulars (the view recorded).
pub async fn case(
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
    Path(id): Path<String>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let Ok(Some(app)) = state.store.application(&id).await else {
        return crate::portal::problem(StatusCode::NOT_FOUND, agency, "没有这个案件。");
    };
    let person = state.store.portal_request(&id).await.ok().flatten();
    if person.is_some() && !record(&state, &session.user.username, "查看申请人信息", &id).await
    {
        return crate::portal::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            agency,
            "无法记录查阅日志，未显示申请人信息。",
        );
    }
    let person = person.map(|mut p| {
        p.id_document = mask(&p.id_document);
        p
    });
    let (state_text, due, steps, warnings) =
        match clock(&app, &state.calendar, ClockSettings::default()) {
            Ok(c) => (
                match &c.status {
                    ClockStatus::Running => "办理中".to_string(),
                    ClockStatus::Paused { reason } => format!("暂停计时：{reason}"),
                    ClockStatus::Closed { date, .. } => format!("已办结（{date}）"),
                },
                c.due.to_string(),
                c.steps,
                c.warnings,
            ),
            Err(e) => ("办理中".into(), format!("无法计算：{e}"), vec![], vec![]),
        };
    CasePage {
        agency,
        user: Some(session.user),
        csrf: session.csrf,
        id: app.id.clone(),
        applicant: app.applicant.label().to_string(),
        received: app.received.to_string(),
        channel: app.channel.label().to_string(),
        content: app.content.clone(),
        state: state_text,
        due,
        steps,
        warnings,
        person,
    }
    .into_response()
}

/// GET /staff/audit: the audit log, for the office head and the administrator only.
pub async fn audit(
    State(state): State<AppState>,
    OfficeUser(session, role): OfficeUser,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if role == Role::Staff {
        return forbidden(agency, "个人信息查阅记录仅供负责人查看。");
    }
    Audit {
        agency,
        user: Some(session.user),
        csrf: session.csrf,
        entries: state.store.audit_log(500).await.unwrap_or_default(),
    }
    .into_response()
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
    }
}
