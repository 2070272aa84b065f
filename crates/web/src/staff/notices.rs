//! The notices (告知书) of a case, generated as DOCX or PDF from templates the office edits: the 补正通知, the
//! extension notice, and the reply for the case's outcome with its reason and legal basis. Templates are kept
//! in the agency's settings (`notice.<kind>`); the office head and the administrator edit them, every unknown
//! placeholder is refused next to its field.

use super::{OfficeUser, Role};
use crate::AppState;
use crate::agency::Agency;
use crate::scope::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_ledger::case::Application;
use gongkai_ledger::notice::{
    NOTICE_KINDS, NoticeKind, Office, PLACEHOLDERS, check_template, chinese_date, compose,
    kinds_for,
};
use gongkai_store::staff::User;
use gongkai_write::Target;
use gongkai_write::letter::{Letter, write_letter};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The settings key of a notice's template.
fn key(kind: &NoticeKind) -> String {
    format!("notice.{}", kind.key)
}

/// The template of `kind`: the office's own, else the default.
fn template(settings: &BTreeMap<String, String>, kind: &NoticeKind) -> String {
    settings
        .get(&key(kind))
        .filter(|t| !t.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| kind.template.to_string())
}

/// The notice of `kind` for `app`, filled from the case, the applicant's particulars and the agency; dated by
/// its own step.
pub fn letter(
    app: &Application,
    person: Option<&gongkai_store::portal::PortalRequest>,
    settings: &BTreeMap<String, String>,
    kind: &'static NoticeKind,
    calendar: &gongkai_ledger::WorkingCalendar,
) -> Result<Letter, String> {
    let agency = Agency::from_settings(settings);
    let office = Office {
        name: agency.name.clone(),
        office: agency.office.clone(),
        address: agency.address.clone(),
        phone: agency.phone.clone(),
        review_body: agency.review_body.clone(),
        court: agency.court.clone(),
    };
    let name = person.map_or(app.applicant_name.clone(), |p| p.name.clone());
    let content = person.map_or(app.content.clone(), |p| p.description.clone());
    let c = compose(
        app,
        kind,
        &template(settings, kind),
        &name,
        &content,
        &office,
        calendar,
    )?;
    Ok(Letter::from_text(
        c.title,
        &c.text,
        &agency.name,
        &chinese_date(c.date),
    ))
}

/// Which notice and format to download.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeQuery {
    /// The notice kind's key.
    pub kind: String,
    /// docx or pdf.
    pub format: String,
}

/// GET /staff/cases/{id}/notice?kind=…&format=docx|pdf: the notice as a file (its generation, which uses the
/// applicant's particulars, is recorded in the audit log).
pub async fn download(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let Ok(Some(app)) = state.store.application(&id).await else {
        return crate::portal::problem(StatusCode::NOT_FOUND, agency, "没有这个案件。");
    };
    let target = match Target::from_ext(&q.format) {
        Some(t @ (Target::Docx | Target::Pdf)) => Ok(t),
        _ => Err("告知书只能下载 DOCX 或 PDF 格式。".to_string()),
    };
    match notice_file(&state, &session.user.username, &app, &q.kind, target).await {
        Ok((kind, target, bytes)) => {
            let disposition =
                crate::attachment(&format!("{}（{}）.{}", kind.title, app.id, target.ext()));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        super::report::mime(target).to_string(),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
        Err((status, message)) => crate::portal::problem(status, agency, message),
    }
}

/// A notice of `app` as a file, for the page and the API alike: the notice kind must fit the case's steps
/// (else 404), `target` is the caller's DOCX or PDF (or its message for a 400); generating a notice with the
/// applicant's particulars is recorded in the audit log first, and nothing is generated if it cannot be.
pub(crate) async fn notice_file(
    state: &AppState,
    who: &str,
    app: &Application,
    kind: &str,
    target: Result<Target, String>,
) -> Result<(&'static NoticeKind, Target, Vec<u8>), (StatusCode, String)> {
    let internal = |m: String| (StatusCode::INTERNAL_SERVER_ERROR, m);
    let k = kinds_for(app)
        .into_iter()
        .find(|k| k.key == kind)
        .ok_or_else(|| {
            (
                StatusCode::NOT_FOUND,
                format!("本案件没有“{kind}”这一告知书（尚未办理相应环节）。"),
            )
        })?;
    let target = target.map_err(|m| (StatusCode::BAD_REQUEST, m))?;
    let person = state
        .store
        .portal_request(&app.id)
        .await
        .map_err(|e| internal(e.to_string()))?;
    if person.is_some()
        && !super::record(
            state,
            who,
            &format!("生成{}（含申请人信息）", k.title),
            &app.id,
        )
        .await
    {
        return Err(internal("无法记录查阅日志，未生成告知书。".into()));
    }
    let settings = state
        .store
        .settings()
        .await
        .map_err(|e| internal(e.to_string()))?;
    letter(app, person.as_ref(), &settings, k, &state.calendar())
        .and_then(|l| write_letter(&l, target).map_err(|e| e.to_string()))
        .map(|bytes| (k, target, bytes))
        .map_err(|e| internal(format!("告知书生成失败：{e}")))
}

/// One template on the templates page.
pub struct TemplateView {
    /// The kind's key.
    pub key: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The template text (the office's own or the default).
    pub text: String,
    /// Whether the office changed it.
    pub custom: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_notices.html")]
struct Templates {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    can_edit: bool,
    templates: Vec<TemplateView>,
    placeholders: &'static [(&'static str, &'static str)],
    errors: HashMap<&'static str, String>,
    saved: Option<&'static str>,
}

async fn templates_page(
    state: &AppState,
    session: gongkai_store::staff::Session,
    role: Role,
    edited: Option<(&'static str, String, Result<(), String>)>,
) -> Response {
    let settings = state.store.settings().await.unwrap_or_default();
    let mut errors = HashMap::new();
    let mut saved = None;
    let templates = NOTICE_KINDS
        .iter()
        .map(|k| {
            let mut text = template(&settings, k);
            if let Some((key, t, result)) = &edited
                && *key == k.key
            {
                match result {
                    Ok(()) => saved = Some(k.title),
                    Err(e) => {
                        errors.insert(k.key, e.clone());
                        text = t.clone();
                    }
                }
            }
            TemplateView {
                key: k.key,
                title: k.title,
                custom: settings.get(&key(k)).is_some_and(|t| !t.trim().is_empty()),
                text,
            }
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = Templates {
        agency: Agency::from_settings(&settings),
        user: Some(session.user),
        csrf: session.csrf,
        can_edit: role != Role::Staff,
        templates,
        placeholders: &PLACEHOLDERS,
        errors,
        saved,
    };
    (status, page).into_response()
}

/// After a template was saved: which.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedQuery {
    /// The kind's key.
    pub saved: String,
}

/// GET /staff/notices: the templates of every notice.
pub async fn templates(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Query(q): Query<SavedQuery>,
) -> Response {
    let saved = NOTICE_KINDS
        .iter()
        .find(|k| k.key == q.saved)
        .map(|k| (k.key, String::new(), Ok(())));
    templates_page(&state, session, role, saved).await
}

/// An edited template.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TemplateForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// The kind's key.
    pub kind: String,
    /// The new text (empty restores the default).
    pub text: String,
}

/// The longest template accepted, in characters.
const MAX_TEMPLATE: usize = 5_000;

/// POST /staff/notices: saves one template (office head and administrator only).
pub async fn save_template(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Form(f): Form<TemplateForm>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if let Some(refused) =
        super::refuse_head_form(&agency, &session, &f.csrf, role, "修改告知书模板")
    {
        return refused;
    }
    let Some(kind) = NOTICE_KINDS.iter().find(|k| k.key == f.kind) else {
        return crate::portal::problem(StatusCode::NOT_FOUND, agency, "没有这种告知书。");
    };
    let text = f.text.replace("\r\n", "\n");
    let result = if text.chars().count() > MAX_TEMPLATE {
        Err(format!("模板不能超过 {MAX_TEMPLATE} 个字。"))
    } else if text.chars().any(|c| c.is_control() && c != '\n') {
        Err("模板中含有控制字符。".to_string())
    } else {
        check_template(&text).map_err(|e| e.to_string())
    };
    if result.is_ok() {
        let stored = if text.trim() == kind.template || text.trim().is_empty() {
            String::new()
        } else {
            text.trim().to_string()
        };
        let saved = state
            .store
            .set_settings(&[(key(kind).as_str(), stored.as_str())])
            .await;
        if saved.is_err() {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                agency,
                "模板未能保存，请稍后再试。",
            );
        }
        let _ = super::record(
            &state,
            &session.user.username,
            &format!("修改告知书模板：{}", kind.title),
            kind.key,
        )
        .await;
        return Redirect::to(&format!("/staff/notices?saved={}", kind.key)).into_response();
    }
    templates_page(&state, session, role, Some((kind.key, text, result))).await
}
