//! 切换机关: one login serves every agency a user works for. The page lists them (an administrator: every
//! agency of the platform); choosing one moves the session there, and the workspace then shows that agency's
//! cases, catalogue and report.

use crate::AppState;
use crate::agency::Agency;
use crate::staff::{SignedIn, stale_form};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_store::HOME_AGENCY;
use gongkai_store::staff::User;
use serde::Deserialize;

/// An agency the user may work in: (agency id, name, the user's role there in Chinese, whether current).
type Choice = (String, String, String, bool);

#[derive(Template, WebTemplate)]
#[template(path = "staff_agency.html")]
struct SwitchPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    choices: Vec<Choice>,
}

fn role_name(role: &str) -> &'static str {
    match role {
        "office_head" => "负责人",
        "admin" => "系统管理员",
        _ => "工作人员",
    }
}

/// The agencies `user` may work in, with the role there (an administrator: every agency).
async fn held(state: &AppState, user: &User) -> Vec<(String, String)> {
    let store = &state.store;
    if user.role == "admin" {
        let mut all = vec![(HOME_AGENCY.to_string(), "admin".to_string())];
        let registered = store.agencies().await.unwrap_or_default();
        all.extend(registered.into_iter().map(|a| (a.unit.id, "admin".into())));
        all
    } else {
        store.roles_of(&user.username).await.unwrap_or_default()
    }
}

/// The agencies `user` may work in, by name.
async fn choices(state: &AppState, user: &User, current: &str) -> Vec<Choice> {
    let store = &state.store;
    let held = held(state, user).await;
    let mut out = Vec::with_capacity(held.len());
    for (id, role) in held {
        let name = Agency::load(&store.for_agency(&id))
            .await
            .map(|a| a.name)
            .unwrap_or_else(|_| id.clone());
        let here = id == current;
        out.push((id, name, role_name(&role).to_string(), here));
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// GET /staff/agency: the agencies the user works for.
pub async fn page(State(state): State<AppState>, SignedIn(session): SignedIn) -> Response {
    let here = state.for_agency(&session.agency_id);
    let choices = choices(&state, &session.user, &session.agency_id).await;
    SwitchPage {
        agency: crate::portal::agency(&here).await,
        user: Some(session.user),
        csrf: session.csrf,
        choices,
    }
    .into_response()
}

/// The switch form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SwitchForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// The agency to work in.
    pub agency: String,
}

/// POST /staff/agency: moves the session to an agency the user works for.
pub async fn switch(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Form(f): Form<SwitchForm>,
) -> Response {
    let here = crate::portal::agency(&state.for_agency(&session.agency_id)).await;
    if f.csrf != session.csrf {
        return stale_form(here, session);
    }
    let allowed = held(&state, &session.user)
        .await
        .into_iter()
        .any(|(id, _)| id == f.agency);
    if !allowed {
        return crate::staff::refused(
            here,
            session,
            "您在所选机关没有工作人员、负责人或系统管理员的角色，不能切换到该机关。",
        );
    }
    match state.store.set_session_agency(&session.id, &f.agency).await {
        Ok(()) => Redirect::to("/staff").into_response(),
        Err(e) => crate::portal::problem(StatusCode::INTERNAL_SERVER_ERROR, here, e.to_string()),
    }
}
