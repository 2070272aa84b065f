//! Import of an existing catalogue, and the catalogue settings (office head).

use super::{ListQuery, by_of};
use crate::agency::Agency;
use crate::catalogue::Settings;
use crate::scope::Acting;
use crate::staff::OfficeUser;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Multipart, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_store::staff::{Session, User};
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "staff_catalogue_import.html")]
struct ImportPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    imported: Option<usize>,
    errors: Vec<String>,
}

/// GET /staff/catalogue/import.
pub async fn import_form(Acting(state): Acting, OfficeUser(session, _): OfficeUser) -> Response {
    ImportPage {
        agency: crate::portal::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        imported: None,
        errors: vec![],
    }
    .into_response()
}

/// POST /staff/catalogue/import (multipart: csrf, file).
pub async fn import(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    m: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let limit_mb = crate::staff::import::MAX_UPLOAD >> 20;
    let form = crate::boundary::read_form(m, "file", 1, limit_mb).await;
    if let Ok(f) = &form
        && f.csrf != session.csrf
    {
        return crate::staff::stale_form(crate::portal::agency(&state).await, session);
    }
    let (status, imported, errors) = match form.map(|f| f.files.into_iter().next()) {
        Err((status, e)) => (status, None, vec![e]),
        Ok(None) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            vec!["请选择目录文件（CSV 或 XLSX）。".to_string()],
        ),
        Ok(Some(f)) => match crate::catalogue::import(&state, f.bytes, &by_of(&session)).await {
            Ok(n) => (StatusCode::OK, Some(n), vec![]),
            Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, e),
        },
    };
    (
        status,
        ImportPage {
            agency: crate::portal::agency(&state).await,
            user: Some(session.user),
            csrf: session.csrf,
            imported,
            errors,
        },
    )
        .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_catalogue_settings.html")]
struct SettingsPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    rule: String,
    org: String,
    topics: String,
    genres: String,
    example: String,
    error: Option<String>,
    saved: bool,
}

/// The settings form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// 索引号 rule.
    pub rule: String,
    /// Organisation code.
    pub org: String,
    /// 主题分类, one per line.
    pub topics: String,
    /// 体裁分类, one per line.
    pub genres: String,
}

fn settings_page(
    state_agency: Agency,
    session: Session,
    s: &Settings,
    error: Option<String>,
    saved: bool,
) -> Response {
    let example = gongkai_catalogue::index_no::make(&s.rule, &s.org, 2025, "01", 12);
    (
        if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        SettingsPage {
            agency: state_agency,
            user: Some(session.user),
            csrf: session.csrf,
            rule: s.rule.clone(),
            org: s.org.clone(),
            topics: s.topics.join("\n"),
            genres: s.genres.join("\n"),
            example,
            error,
            saved,
        },
    )
        .into_response()
}

/// GET /staff/catalogue/settings (office head): the 索引号 rule, the organisation code, the vocabularies.
pub async fn settings_form(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Query(q): Query<ListQuery>,
) -> Response {
    if role == crate::staff::Role::Staff {
        return crate::staff::heads_only(crate::portal::agency(&state).await, session, "目录设置");
    }
    let s = Settings::load(&state).await;
    settings_page(
        crate::portal::agency(&state).await,
        session,
        &s,
        None,
        q.late.is_some(),
    )
}

/// POST /staff/catalogue/settings.
pub async fn save_settings(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Form(f): Form<SettingsForm>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if let Some(refused) =
        crate::staff::refuse_head_form(&agency, &session, &f.csrf, role, "目录设置")
    {
        return refused;
    }
    let lines = |s: &str| {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let wanted = Settings {
        rule: f.rule.trim().to_string(),
        org: f.org.trim().to_string(),
        topics: lines(&f.topics),
        genres: lines(&f.genres),
    };
    let error = if let Err(e) = gongkai_catalogue::index_no::check_rule(&wanted.rule) {
        Some(e)
    } else if wanted.org.is_empty()
        || wanted.org.chars().count() > 30
        || !wanted.org.chars().all(|c| c.is_ascii_alphanumeric())
    {
        Some("机构代码应为 1 至 30 位字母或数字（统一社会信用代码为 18 位）。".to_string())
    } else if wanted.topics.is_empty() || wanted.genres.is_empty() {
        Some("主题分类和体裁分类各至少一项。".to_string())
    } else {
        None
    };
    if error.is_some() {
        return settings_page(agency, session, &wanted, error, false);
    }
    let topics = wanted.topics.join("\n");
    let genres = wanted.genres.join("\n");
    match state
        .store
        .set_settings(&[
            (crate::catalogue::RULE, &wanted.rule),
            (crate::catalogue::ORG, &wanted.org),
            (crate::catalogue::TOPICS, &topics),
            (crate::catalogue::GENRES, &genres),
        ])
        .await
    {
        Ok(()) => {
            let who = format!("{}（{}）", session.user.display_name, session.user.username);
            crate::staff::record(&state, &who, "修改目录设置", &wanted.rule).await;
            Redirect::to("/staff/catalogue/settings?late=1").into_response()
        }
        Err(e) => crate::portal::problem(StatusCode::INTERNAL_SERVER_ERROR, agency, e.to_string()),
    }
}
