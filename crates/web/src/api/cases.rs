//! The API's case routes: search, one case with its clock, new cases, steps, the applicant's particulars
//! (audited), the notices, the due list, import of a 台账 file and the audit log.

use super::{ApiError, ApiUser, bad_json, record};
use crate::AppState;
use crate::staff::StepForm;
use crate::staff::list::{CaseQuery, PAGE, window};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_ledger::case::Application;
use gongkai_ledger::clock::{ClockSettings, clock};
use gongkai_ledger::notice::kinds_for;
use gongkai_store::cases::{CaseFilter, Order, StateFilter};
use gongkai_write::Target;
use serde::Deserialize;
use serde_json::{Value, json};

/// Paging of a list.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Paging {
    /// Cases per page (1–1000, default 50).
    pub per_page: Option<i64>,
}

/// GET /api/cases: the search of the case list page.
pub async fn list(
    State(state): State<AppState>,
    who: ApiUser,
    Query(q): Query<CaseQuery>,
    Query(p): Query<Paging>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let (today, soon) = window(&state);
    let filter = q.filter(today, soon).map_err(|errors| {
        ApiError::fields(
            "查询条件有误。",
            errors
                .into_iter()
                .map(|(f, m)| (f.to_string(), m))
                .collect(),
        )
    })?;
    if let Some(name) = &filter.name
        && !record(
            &state,
            &who.user.username,
            "按申请人姓名或名称查询案件",
            &format!("申请人“{name}”"),
        )
        .await
    {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "无法记录查阅日志，未执行按申请人的查询。",
        ));
    }
    let per_page = p.per_page.unwrap_or(PAGE).clamp(1, 1000);
    let page = q.page();
    let found = state
        .store
        .cases(&filter, q.order(), per_page, (page - 1) * per_page)
        .await?;
    Ok(Json(json!({
        "total": found.total,
        "more": found.more,
        "page": page,
        "per_page": per_page,
        "cases": found.rows,
    })))
}

fn case_json(state: &AppState, app: &Application) -> Value {
    let c = clock(app, &state.calendar(), ClockSettings::default());
    json!({
        "case": app,
        "due": c.as_ref().ok().map(|c| c.due.to_string()),
        "due_provisional": c.as_ref().ok().map(|c| c.provisional),
        "due_note": c.as_ref().ok().filter(|c| c.provisional).map(|_| gongkai_ledger::calendar::PROVISIONAL_NOTE),
        "status": c.as_ref().ok().map(|c| &c.status),
        "steps": c.as_ref().map(|c| c.steps.clone()).unwrap_or_default(),
        "warnings": match &c {
            Ok(c) => c.warnings.clone(),
            Err(e) => vec![format!("期限无法计算：{e}")],
        },
        "notices": kinds_for(app).iter().map(|k| json!({"kind": k.key, "title": k.title})).collect::<Vec<_>>(),
    })
}

async fn load(state: &AppState, id: &str) -> Result<Application, ApiError> {
    state
        .store
        .application(id)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("没有编号为 {id} 的案件。")))
}

/// GET /api/cases/{id}: the case with its clock explained and its notices. It names the applicant, so the read
/// is recorded in the audit log first (and refused if it cannot be).
pub async fn one(
    State(state): State<AppState>,
    who: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let app = load(&state, &id).await?;
    if !record(
        &state,
        &who.user.username,
        "查看案件（含申请人姓名或名称）",
        &id,
    )
    .await
    {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "无法记录查阅日志，未提供案件信息。",
        ));
    }
    Ok(Json(case_json(&state, &app)))
}

/// POST /api/cases: a new case (the ledger's JSON form of an application), validated as a whole.
pub async fn create(
    State(state): State<AppState>,
    who: ApiUser,
    body: Result<Json<Application>, JsonRejection>,
) -> Result<Response, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let Json(app) = body.map_err(bad_json)?;
    state
        .store
        .add_applications(std::slice::from_ref(&app), state.today())
        .await?;
    record(&state, &who.user.username, "登记新申请", &app.id).await;
    Ok((StatusCode::CREATED, Json(case_json(&state, &app))).into_response())
}

/// A step as JSON: the fields of the case page's form.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StepJson {
    /// correction-requested, correction-received, extended, consultation-sent, consultation-answered,
    /// fee-notified, fee-paid, fee-unpaid, correction-lapsed, replied, withdrawn.
    pub kind: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// The 表三 row of a reply.
    pub outcome: Option<String>,
    /// Working days of an extension.
    pub days: Option<u32>,
    /// Who approved an extension.
    pub approved_by: Option<String>,
    /// 第三方 or 其他行政机关.
    pub party: Option<String>,
    /// The consulted party's name.
    pub consulted: Option<String>,
    /// Fee in 元, as a decimal string.
    pub amount: Option<String>,
    /// The responsible agency of a referral (`referred`): a platform agency's name or code, or another's name.
    pub responsible: Option<String>,
    /// Its contacts (required when it is not on the platform).
    pub responsible_contact: Option<String>,
}

/// POST /api/cases/{id}/events: records a step (the whole sequence checked; nothing stored on error).
pub async fn add_event(
    State(state): State<AppState>,
    who: ApiUser,
    Path(id): Path<String>,
    body: Result<Json<StepJson>, JsonRejection>,
) -> Result<Response, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let Json(s) = body.map_err(bad_json)?;
    let form = StepForm {
        csrf: String::new(),
        kind: s.kind,
        date: s.date,
        outcome: s.outcome.unwrap_or_default(),
        days: s.days.map(|d| d.to_string()).unwrap_or_default(),
        approved_by: s.approved_by.unwrap_or_default(),
        party: s.party.unwrap_or_default(),
        consulted: s.consulted.unwrap_or_default(),
        amount: s.amount.unwrap_or_default(),
        responsible: s.responsible.unwrap_or_default(),
        responsible_contact: s.responsible_contact.unwrap_or_default(),
    };
    let event = if form.kind == crate::staff::referral::REFERRED {
        crate::staff::referral::event(&state, &form).await
    } else {
        form.event()
    };
    let event = event.map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    let label = event.kind.label();
    let app = state.store.add_event(&id, event, state.today()).await?;
    record(
        &state,
        &who.user.username,
        &format!("登记办理环节：{label}"),
        &id,
    )
    .await;
    Ok((StatusCode::CREATED, Json(case_json(&state, &app))).into_response())
}

/// GET /api/cases/{id}/applicant: the applicant's particulars from the portal (identity number masked); the
/// view is recorded in the audit log first, and nothing is shown if it cannot be.
pub async fn applicant(
    State(state): State<AppState>,
    who: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let p = state.store.portal_request(&id).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "本案件不是在网上提交的，没有申请人信息记录。",
        )
    })?;
    if !record(&state, &who.user.username, "查看申请人信息", &id).await {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "无法记录查阅日志，未提供申请人信息。",
        ));
    }
    Ok(Json(json!({
        "tracking": p.tracking,
        "applicant_kind": p.applicant_kind,
        "name": p.name,
        "id_document": crate::staff::mask(&p.id_document),
        "phone": p.phone,
        "email": p.email,
        "address": p.address,
        "description": p.description,
        "purpose": p.purpose,
        "delivery_form": p.delivery_form,
        "delivery_channel": p.delivery_channel,
        "submitted_at": p.submitted_at,
    })))
}

/// The format of a notice.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeFormat {
    /// docx or pdf (default pdf).
    pub format: Option<String>,
}

/// GET /api/cases/{id}/notices/{kind}?format=docx|pdf: a notice of the case (audited when it carries the
/// applicant's particulars).
pub async fn notice(
    State(state): State<AppState>,
    who: ApiUser,
    Path((id, kind)): Path<(String, String)>,
    Query(f): Query<NoticeFormat>,
) -> Result<Response, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let app = load(&state, &id).await?;
    let target = match f.format.as_deref().unwrap_or("pdf") {
        "docx" => Ok(Target::Docx),
        "pdf" => Ok(Target::Pdf),
        other => Err(format!("告知书只能为 docx 或 pdf，不支持“{other}”。")),
    };
    let (_, target, bytes) =
        crate::staff::notices::notice_file(&state, &who.user.username, &app, &kind, target)
            .await
            .map_err(|(status, message)| ApiError::new(status, message))?;
    Ok((
        [(header::CONTENT_TYPE, crate::staff::report::mime(target))],
        bytes,
    )
        .into_response())
}

/// GET /api/due: the due list's counts, and the cases overdue or due within five working days.
pub async fn due(State(state): State<AppState>, who: ApiUser) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let (today, soon) = window(&state);
    let summary = state.store.due_summary(today, soon).await?;
    let running = CaseFilter {
        state: Some(StateFilter::DueBy(soon)),
        ..Default::default()
    };
    let unknown = CaseFilter {
        state: Some(StateFilter::Unknown),
        ..Default::default()
    };
    Ok(Json(json!({
        "today": today.to_string(),
        "due_soon_until": soon.to_string(),
        "summary": summary,
        "cases": state.store.cases(&running, Order::Due, 1000, 0).await?.rows,
        "unknown": state.store.cases(&unknown, Order::Id, 1000, 0).await?.rows,
    })))
}

/// POST /api/import: a 台账 file (XLSX or CSV) as the body; all or nothing, every bad row listed.
pub async fn import(
    State(state): State<AppState>,
    who: ApiUser,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let body = body.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "文件超过 {} MB，未导入。",
                crate::staff::import::MAX_UPLOAD >> 20
            ),
        )
    })?;
    if body.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "请求内容应为台账文件（.xlsx 或 .csv）。",
        ));
    }
    match state.store.import_bytes(body.to_vec(), state.today()).await {
        Ok(n) => {
            record(
                &state,
                &who.user.username,
                &format!("导入台账 {n} 件"),
                "台账",
            )
            .await;
            Ok(Json(json!({ "imported": n })))
        }
        Err(rows) => Err(ApiError::fields(
            "未导入：文件有误，整个文件都没有导入。",
            rows.into_iter()
                .enumerate()
                .map(|(i, e)| (format!("{}", i + 1), e))
                .collect(),
        )),
    }
}

/// GET /api/audit: the audit log (office head and administrator).
pub async fn audit(State(state): State<AppState>, who: ApiUser) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.head()?;
    let entries = state.store.audit_log(500).await?;
    Ok(Json(json!(
        entries
            .iter()
            .map(|e| json!({"at": e.at, "user": e.username, "action": e.action, "subject": e.subject}))
            .collect::<Vec<_>>()
    )))
}
