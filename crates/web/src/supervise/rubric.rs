//! The rubric in force (GET/POST /supervise/rubric): shown as TOML, edited by a supervisor, checked before it is
//! saved (every reason shown), with who changed it and when; scores, rankings and assessment reports follow it.

use super::SupervisorUser;
use crate::AppState;
use crate::agency::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_store::staff::User;
use gongkai_supervise::assess::rubric::{DEFAULT_TOML, Rubric, SETTING};
use serde::Deserialize;

/// The setting saying who saved the rubric and when.
pub const SETTING_BY: &str = "supervision_rubric_by";

#[derive(Template, WebTemplate)]
#[template(path = "sv_rubric.html")]
struct RubricPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    text: String,
    by: String,
    saved: bool,
    error: Option<String>,
}

/// GET /supervise/rubric.
pub async fn page(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Query(q): Query<super::Saved>,
) -> Response {
    let settings = match state.store.settings().await {
        Ok(s) => s,
        Err(e) => return super::failed(&state, e).await,
    };
    RubricPage {
        agency: super::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        text: settings
            .get(SETTING)
            .cloned()
            .unwrap_or_else(|| DEFAULT_TOML.to_string()),
        by: settings
            .get(SETTING_BY)
            .cloned()
            .unwrap_or_else(|| "（默认细则，未修改）".into()),
        saved: q.saved.is_some(),
        error: None,
    }
    .into_response()
}

/// The form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RubricForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// The TOML; empty restores the default.
    pub text: String,
}

/// POST /supervise/rubric.
pub async fn save(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Form(f): Form<RubricForm>,
) -> Response {
    if f.csrf != session.csrf {
        return super::stale_form(&state).await;
    }
    let text = if f.text.trim().is_empty() {
        DEFAULT_TOML.to_string()
    } else {
        f.text.replace("\r\n", "\n")
    };
    if let Err(e) = Rubric::parse(&text) {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            RubricPage {
                agency: super::agency(&state).await,
                user: Some(session.user),
                csrf: session.csrf,
                text: f.text,
                by: String::new(),
                saved: false,
                error: Some(e),
            },
        )
            .into_response();
    }
    let by = format!(
        "{} 于 {}（北京时间）修改",
        session.user.display_name,
        crate::beijing_time(&state.today.now().to_rfc3339())
    );
    match state
        .store
        .set_settings(&[(SETTING, &text), (SETTING_BY, &by)])
        .await
    {
        Ok(()) => Redirect::to("/supervise/rubric?saved=1").into_response(),
        Err(e) => super::failed(&state, e).await,
    }
}
