//! The platform's agencies on the supervisor's side (GET /supervise/agencies): every registered agency with its
//! 统一社会信用代码, region and supervising office. The system administrator registers one (POST) or a whole
//! unit list (POST /supervise/agencies/import, CSV or XLSX); a list with any wrong row registers nothing and
//! names every bad row. Every registration is in the audit log.

use super::SupervisorUser;
use crate::AppState;
use crate::agency::Agency;
use crate::staff::Role;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_store::staff::{Session, User};
use gongkai_supervise::agencies::{NewAgency, import, register};
use serde::Deserialize;

/// The largest unit list accepted, in bytes.
pub const MAX_UPLOAD: usize = 4 * 1024 * 1024;

/// The registration form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AgencyForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// 机关全称.
    pub name: String,
    /// 统一社会信用代码.
    pub code: String,
    /// 简称.
    pub short_name: String,
    /// 所在地区.
    pub region: String,
    /// 监督机关.
    pub office: String,
    /// 网站域名.
    pub host: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sv_agencies.html")]
struct AgenciesPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    agencies: Vec<gongkai_store::agencies::Agency>,
    may_edit: bool,
    form: AgencyForm,
    /// What was done (shown as a notice).
    done: Option<String>,
    /// Why the form or the list was refused.
    errors: Vec<String>,
}

/// `?registered=…` or `?imported=…` after a registration or an import.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Done {
    /// The name registered.
    pub registered: Option<String>,
    /// (registered anew, changed) by an import, as “N-M”.
    pub imported: Option<String>,
}

async fn page(
    state: &AppState,
    session: Session,
    form: AgencyForm,
    done: Option<String>,
    errors: Vec<String>,
) -> Response {
    let agencies = match state.store.agencies().await {
        Ok(a) => a,
        Err(e) => return super::failed(state, e).await,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = AgenciesPage {
        agency: super::agency(state).await,
        may_edit: Role::parse(&session.user.role) == Some(Role::Admin),
        user: Some(session.user),
        csrf: session.csrf,
        agencies,
        form,
        done,
        errors,
    };
    (status, view).into_response()
}

/// GET /supervise/agencies.
pub async fn list(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Query(d): Query<Done>,
) -> Response {
    let done = match (d.registered, d.imported) {
        // Only a name that is registered (a crafted link cannot make the page claim another).
        (Some(name), _) => match state.store.unit_named(&name).await {
            Ok(Some(u)) if matches!(state.store.agency_of_unit(&u.id).await, Ok(Some(_))) => {
                Some(format!("已登记“{name}”。"))
            }
            _ => None,
        },
        (_, Some(n)) => n
            .split_once('-')
            .and_then(|(a, c)| Some((a.parse::<u32>().ok()?, c.parse::<u32>().ok()?)))
            .map(|(a, c)| format!("机关名单已载入：新登记 {a} 个，更新 {c} 个。")),
        _ => None,
    };
    page(&state, session, AgencyForm::default(), done, vec![]).await
}

/// The refusal of a change by someone other than the system administrator.
async fn admins_only(state: &AppState) -> Response {
    super::problem(state, StatusCode::FORBIDDEN, "机关只能由系统管理员登记。").await
}

/// POST /supervise/agencies: registers one agency (administrators).
pub async fn add(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Form(f): Form<AgencyForm>,
) -> Response {
    if f.csrf != session.csrf {
        return super::stale_form(&state).await;
    }
    if Role::parse(&session.user.role) != Some(Role::Admin) {
        return admins_only(&state).await;
    }
    if [
        &f.name,
        &f.code,
        &f.short_name,
        &f.region,
        &f.office,
        &f.host,
    ]
    .iter()
    .any(|v| v.chars().count() > 200)
    {
        return page(&state, session, f, None, vec!["每项不超过 200 字。".into()]).await;
    }
    let a = NewAgency {
        name: f.name.clone(),
        code: f.code.clone(),
        short_name: f.short_name.clone(),
        region: f.region.clone(),
        office: f.office.clone(),
        host: Some(f.host.clone()),
    };
    let at = state.today.now().to_rfc3339();
    match register(&state.store, &a, &at).await {
        Ok(_) => {
            let name = gongkai_supervise::units::normalize(&a.name);
            crate::staff::cases::record(&state, &session.user.username, "登记机关", &name).await;
            Redirect::to(&format!(
                "/supervise/agencies?registered={}",
                super::q(&name)
            ))
            .into_response()
        }
        Err(e) => page(&state, session, f, None, vec![e.to_string()]).await,
    }
}

/// POST /supervise/agencies/import: registers the agencies of a unit list (administrators).
pub async fn upload(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    if Role::parse(&session.user.role) != Some(Role::Admin) {
        return admins_only(&state).await;
    }
    let up = match crate::boundary::read_form(multipart, "file", 1, MAX_UPLOAD >> 20).await {
        Ok(up) => up,
        Err((status, e)) => {
            let mut refused = page(&state, session, AgencyForm::default(), None, vec![e]).await;
            *refused.status_mut() = status;
            return refused;
        }
    };
    if up.csrf != session.csrf {
        return super::stale_form(&state).await;
    }
    let Some(file) = up.files.into_iter().next() else {
        let e = "请选择机关名单文件（.xlsx 或 .csv）。".to_string();
        return page(&state, session, AgencyForm::default(), None, vec![e]).await;
    };
    let rows =
        tokio::task::spawn_blocking(move || gongkai_store::sheet::read_table_bytes(file.bytes))
            .await
            .unwrap_or_else(|_| Err("名单文件无法读取".into()));
    let rows = match rows {
        Ok(r) => r,
        Err(e) => return page(&state, session, AgencyForm::default(), None, vec![e]).await,
    };
    let at = state.today.now().to_rfc3339();
    match import(&state.store, &rows, &at).await {
        Ok((added, changed)) => {
            crate::staff::cases::record(
                &state,
                &session.user.username,
                &format!("导入机关名单：新登记 {added} 个，更新 {changed} 个"),
                "机关名单",
            )
            .await;
            Redirect::to(&format!("/supervise/agencies?imported={added}-{changed}")).into_response()
        }
        Err(errors) => page(&state, session, AgencyForm::default(), None, errors).await,
    }
}
