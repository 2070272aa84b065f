//! 机关信息 (GET and POST /staff/settings): the office head sets the particulars of the agency the session works
//! in — its name, the 政府信息公开工作机构 and its address, postcode, telephone and hours, the website's 网站标识码,
//! ICP备案编号 and 公安机关备案标识, the categories of its 公开指南, its 行政复议机关 and court — which the public
//! pages, the 公开指南 and every 告知书 print. Each agency of the platform has its own.

use crate::AppState;
use crate::agency::Agency;
use crate::scope::Acting;
use crate::staff::{OfficeUser, refuse_head_form};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_store::staff::{Session, User};
use std::collections::BTreeMap;

/// Each setting (the keys of [`crate::agency::KEYS`]): key, label, and the longest value accepted.
const FIELDS: [(&str, &str, usize); 12] = [
    ("name", "机关名称（主办单位）", 60),
    ("office", "政府信息公开工作机构", 80),
    ("address", "办公地址", 120),
    ("postcode", "邮政编码", 6),
    ("phone", "联系电话", 40),
    ("hours", "办公时间", 80),
    ("site_code", "网站标识码", 20),
    ("icp", "ICP备案编号", 40),
    ("police", "公安机关备案标识", 40),
    ("categories", "主动公开的信息类别（公开指南）", 400),
    ("review_body", "行政复议机关", 60),
    ("court", "管辖的人民法院", 60),
];

#[derive(Template, WebTemplate)]
#[template(path = "staff_settings.html")]
struct SettingsPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    /// (key, label, value, limit).
    fields: Vec<(&'static str, &'static str, String, usize)>,
    errors: Vec<String>,
    saved: bool,
}

fn page(
    state_agency: Agency,
    session: Session,
    values: &BTreeMap<String, String>,
    errors: Vec<String>,
    saved: bool,
) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let fields = FIELDS
        .iter()
        .map(|(k, label, max)| {
            (
                *k,
                *label,
                values.get(*k).cloned().unwrap_or_default(),
                *max,
            )
        })
        .collect();
    let view = SettingsPage {
        agency: state_agency,
        user: Some(session.user),
        csrf: session.csrf,
        fields,
        errors,
        saved,
    };
    (status, view).into_response()
}

/// `?saved=1` after a save.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Saved {
    /// Whether the page follows a save.
    pub saved: Option<u8>,
}

/// GET /staff/settings.
pub async fn form(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Query(q): Query<Saved>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if role == crate::staff::Role::Staff {
        return crate::staff::heads_only(agency, session, "机关信息");
    }
    let values = stored(&state).await;
    page(agency, session, &values, vec![], q.saved.is_some())
}

async fn stored(state: &AppState) -> BTreeMap<String, String> {
    state.store.settings().await.unwrap_or_default()
}

/// POST /staff/settings: every field checked (length, no control characters); nothing saved on error.
pub async fn save(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let csrf = form.get("csrf").cloned().unwrap_or_default();
    if let Some(refused) = refuse_head_form(&agency, &session, &csrf, role, "机关信息") {
        return refused;
    }
    let mut values = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, label, max) in FIELDS {
        let v = form
            .get(key)
            .map(|v| v.trim())
            .unwrap_or_default()
            .to_string();
        if v.chars().count() > max {
            errors.push(format!("“{label}”不能超过 {max} 个字。"));
        } else if v
            .chars()
            .any(|c| c.is_control() && !(key == "categories" && matches!(c, '\n' | '\r')))
        {
            errors.push(format!("“{label}”不能含控制字符。"));
        }
        values.insert(key.to_string(), v);
    }
    if values["name"].is_empty() {
        errors.push("请填写机关名称。".into());
    }
    if !errors.is_empty() {
        return page(agency, session, &values, errors, false);
    }
    let pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    match state.store.set_settings(&pairs).await {
        Ok(()) => {
            let who = format!("{}（{}）", session.user.display_name, session.user.username);
            crate::staff::record(&state, &who, "修改机关信息", &values["name"]).await;
            Redirect::to("/staff/settings?saved=1").into_response()
        }
        Err(e) => crate::portal::problem(StatusCode::INTERNAL_SERVER_ERROR, agency, e.to_string()),
    }
}
