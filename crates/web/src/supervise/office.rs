//! The supervising office's own settings (GET/POST /supervise/settings): its name (the pages' title and the
//! assessment report's author), the region it supervises (the overview opens on it), its address and telephone.
//! Supervisors see them; the system administrator changes them. The rubric has its own page.

use super::SupervisorUser;
use crate::AppState;
use crate::agency::Agency;
use crate::staff::Role;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_store::staff::User;
use serde::Deserialize;

/// The setting holding the region the office supervises (a region path, “福建省/平潭综合实验区”).
pub const REGION: &str = "supervision_region";

/// The fields of the page: (setting key, label, hint), in order.
const FIELDS: [(&str, &str, &str); 4] = [
    (
        "name",
        "监督机关名称",
        "如：平潭综合实验区党工委管委会办公室（政务公开办）",
    ),
    (
        REGION,
        "监督的地区",
        "地区路径，以“/”分隔，如：福建省/平潭综合实验区；留空则为全部单位",
    ),
    ("address", "办公地址", ""),
    ("phone", "联系电话", ""),
];

/// A field as shown.
pub struct Field {
    /// Setting key (the input's name).
    pub key: &'static str,
    /// Label.
    pub label: &'static str,
    /// Hint.
    pub hint: &'static str,
    /// Current value.
    pub value: String,
    /// The error of the value submitted, if any.
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sv_settings.html")]
struct SettingsPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    fields: Vec<Field>,
    may_edit: bool,
    saved: bool,
    invalid: bool,
}

fn fields(values: &dyn Fn(&str) -> String) -> Vec<Field> {
    FIELDS
        .iter()
        .map(|(key, label, hint)| Field {
            key,
            label,
            hint,
            value: values(key),
            error: None,
        })
        .collect()
}

/// GET /supervise/settings.
pub async fn page(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Query(q): Query<super::Saved>,
) -> Response {
    let settings = match state.store.settings().await {
        Ok(s) => s,
        Err(e) => return super::failed(&state, e).await,
    };
    SettingsPage {
        agency: super::agency(&state).await,
        may_edit: Role::parse(&session.user.role) == Some(Role::Admin),
        user: Some(session.user),
        csrf: session.csrf,
        fields: fields(&|k| settings.get(k).cloned().unwrap_or_default()),
        saved: q.saved.is_some(),
        invalid: false,
    }
    .into_response()
}

/// The form: the CSRF token and one value per field.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// 监督机关名称.
    pub name: String,
    /// 监督的地区.
    pub supervision_region: String,
    /// 办公地址.
    pub address: String,
    /// 联系电话.
    pub phone: String,
}

/// The region path as stored: parts trimmed, empty parts dropped.
fn region_path(text: &str) -> String {
    text.split(['/', '／'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// POST /supervise/settings (administrators).
pub async fn save(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Form(f): Form<SettingsForm>,
) -> Response {
    if f.csrf != session.csrf {
        return super::stale_form(&state).await;
    }
    if Role::parse(&session.user.role) != Some(Role::Admin) {
        return super::problem(
            &state,
            StatusCode::FORBIDDEN,
            "监督机关的设置只能由系统管理员修改。",
        )
        .await;
    }
    let region = region_path(&f.supervision_region);
    let values = [
        ("name", f.name.trim().to_string()),
        (REGION, region),
        ("address", f.address.trim().to_string()),
        ("phone", f.phone.trim().to_string()),
    ];
    let mut shown = fields(&|k| {
        values
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    });
    for field in &mut shown {
        let n = field.value.chars().count();
        if field.key == "name" && n == 0 {
            field.error = Some("请填写监督机关名称。".into());
        } else if n > 200 {
            field.error = Some(format!("不超过 200 字（现为 {n} 字）。"));
        }
    }
    if shown.iter().any(|f| f.error.is_some()) {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            SettingsPage {
                agency: super::agency(&state).await,
                user: Some(session.user),
                csrf: session.csrf,
                fields: shown,
                may_edit: true,
                saved: false,
                invalid: true,
            },
        )
            .into_response();
    }
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if let Err(e) = state.store.set_settings(&pairs).await {
        return super::failed(&state, e).await;
    }
    crate::staff::cases::record(
        &state,
        &session.user.username,
        "修改监督机关设置",
        "监督机关设置",
    )
    .await;
    Redirect::to("/supervise/settings?saved=1").into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn region_paths_are_tidied() {
        assert_eq!(
            super::region_path(" 福建省 ／平潭综合实验区/ "),
            "福建省/平潭综合实验区"
        );
        assert_eq!(super::region_path(""), "");
    }
}
