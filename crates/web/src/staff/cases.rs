//! The office's pages about one case: the case page with its clock
//! explained and the applicant's particulars (each view in the audit log, identity numbers masked), recording
//! a step with the session's CSRF token, and the audit log for the office head.

use super::{OfficeUser, Role, mask};
use crate::agency::Agency;
use crate::scope::Acting;
use crate::{AppState, secret};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_ledger::case::{EVENT_KINDS, Event, EventKind};
use gongkai_ledger::clock::{ClockSettings, Status as ClockStatus, clock};
use gongkai_store::StoreError;
use gongkai_store::staff::{AuditEntry, Session, User};
use serde::Deserialize;

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
    provisional: Option<String>,
    steps: Vec<String>,
    recorded: Vec<RecordedStep>,
    can_withdraw: bool,
    form: StepForm,
    warnings: Vec<String>,
    person: Option<gongkai_store::portal::PortalRequest>,
    kinds: Vec<(&'static str, &'static str)>,
    /// The platform's other agencies (suggested for a referral).
    agencies: Vec<String>,
    outcomes: Vec<(&'static str, String)>,
    action_error: Option<String>,
    notices: Vec<(&'static str, &'static str)>,
    closed: bool,
}

/// A recorded step as the case page lists it.
pub struct RecordedStep {
    /// Its number within the case.
    pub seq: i64,
    /// Date and what happened.
    pub text: String,
    /// Who withdrew it, when and why (北京时间).
    pub withdrawn: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_audit.html")]
struct Audit {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    entries: Vec<(AuditEntry, bool)>,
}

/// Whether an audit entry's subject is a case number (the actions done to one case), so that it is linked.
fn about_a_case(action: &str) -> bool {
    ["查看", "登记", "撤回", "生成"]
        .iter()
        .any(|p| action.starts_with(p))
}

/// Records an action in the audit log; false when it could not be recorded.
pub(crate) async fn record(state: &AppState, who: &str, action: &str, subject: &str) -> bool {
    let id = secret::new_secret(&mut rand::rng());
    let entry = AuditEntry {
        at: state.today.now().to_rfc3339(),
        username: who.to_string(),
        action: action.to_string(),
        subject: subject.to_string(),
    };
    state.store.audit(&entry, &id).await.is_ok()
}

/// GET /staff/cases/{id}: the case, its clock explained, and the applicant's particulars (the view recorded).
pub async fn case(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Path(id): Path<String>,
) -> Response {
    case_page(&state, session, role, &id, None, None).await
}

async fn case_page(
    state: &AppState,
    session: Session,
    role: Role,
    id: &str,
    action_error: Option<String>,
    typed: Option<StepForm>,
) -> Response {
    let agency = crate::portal::agency(state).await;
    let Ok(Some(app)) = state.store.application(id).await else {
        return crate::portal::problem(StatusCode::NOT_FOUND, agency, "没有这个案件。");
    };
    let person = state.store.portal_request(id).await.ok().flatten();
    if person.is_some() && !record(state, &session.user.username, "查看申请人信息", id).await
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
    let today = state.today();
    let (state_text, due, provisional, steps, warnings) =
        match clock(&app, &state.calendar(), ClockSettings::default()) {
            Ok(c) => (
                match &c.status {
                    ClockStatus::Running if c.due < today => "已逾期".to_string(),
                    other => crate::status::status_words(other),
                },
                c.due.to_string(),
                c.provisional.then(|| {
                    format!(
                        "暂定：{} 年的节假日安排通知尚未录入，{}；录入后自动重新计算。",
                        c.due.format("%Y"),
                        gongkai_ledger::calendar::PROVISIONAL_NOTE
                    )
                }),
                c.steps,
                c.warnings,
            ),
            Err(e) => (
                match app.closed() {
                    Some((d, o)) => format!("已办结（{d}，{}）", o.label()),
                    None => "办理中".into(),
                },
                format!("无法计算：{e}"),
                None,
                app.events
                    .iter()
                    .map(|e| format!("{} {}", e.date, e.kind.label()))
                    .collect(),
                vec![],
            ),
        };
    let recorded = state
        .store
        .case_steps(id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|s| RecordedStep {
            seq: s.seq,
            text: format!("{} {}", s.date, s.kind.label()),
            withdrawn: s.withdrawn.map(|w| {
                format!(
                    "已于 {} 由 {} 撤回，理由：{}",
                    crate::beijing_time(&w.at),
                    w.by,
                    w.reason
                )
            }),
        })
        .collect();
    let status = if action_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = CasePage {
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
        provisional,
        steps,
        recorded,
        can_withdraw: role != Role::Staff,
        form: typed.unwrap_or_else(|| StepForm {
            date: today.to_string(),
            ..StepForm::default()
        }),
        warnings,
        person,
        kinds: EVENT_KINDS
            .iter()
            .copied()
            .chain([(super::referral::REFERRED, super::referral::LABEL)])
            .collect(),
        agencies: super::referral::choices(state).await,
        outcomes: super::outcome_choices(),
        action_error,
        closed: app.closed().is_some(),
        notices: gongkai_ledger::notice::kinds_for(&app)
            .iter()
            .map(|k| (k.key, k.title))
            .collect(),
    };
    (status, page).into_response()
}

/// A step recorded on the case page (kept as typed when it is refused).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct StepForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// One of [`EVENT_KINDS`].
    pub kind: String,
    /// The day (YYYY-MM-DD).
    pub date: String,
    /// The 表三 row of a reply.
    pub outcome: String,
    /// Days of an extension.
    pub days: String,
    /// Who approved an extension.
    pub approved_by: String,
    /// Third party or other agency.
    pub party: String,
    /// The consulted party's name.
    pub consulted: String,
    /// Fee in 元.
    pub amount: String,
    /// The agency responsible for the information (a referral): a platform agency's name, short name or code,
    /// or another agency's name.
    pub responsible: String,
    /// Its contacts (required when it is not on the platform).
    pub responsible_contact: String,
}

impl StepForm {
    /// The step as a ledger event, or what is wrong with it (in Chinese).
    pub fn event(&self) -> Result<Event, String> {
        let date = NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d")
            .map_err(|_| format!("日期“{}”不是有效日期（应为 年-月-日）。", self.date))?;
        let days = match self.days.trim() {
            "" => None,
            d => Some(
                d.parse::<u32>()
                    .map_err(|_| "延长的工作日数应为整数。".to_string())?,
            ),
        };
        let opt = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
        let kind = EventKind::from_parts(
            &self.kind,
            opt(&self.outcome).as_deref(),
            days,
            opt(&self.approved_by).as_deref(),
            opt(&self.party).as_deref(),
            opt(&self.consulted).as_deref(),
            opt(&self.amount).as_deref(),
        )?;
        Ok(Event { date, kind })
    }
}

/// POST /staff/cases/{id}/events: records a step after checking the CSRF token and the whole sequence of
/// steps (dates in order, nothing after the close, statutory limits); on error nothing is stored and the case
/// page says why.
pub async fn add_step(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Path(id): Path<String>,
    Form(f): Form<StepForm>,
) -> Response {
    if f.csrf != session.csrf {
        return crate::staff::stale_form(crate::portal::agency(&state).await, session);
    }
    let event = if f.kind == super::referral::REFERRED {
        super::referral::event(&state, &f).await
    } else {
        f.event()
    };
    let event = match event {
        Ok(e) => e,
        Err(e) => {
            let e = format!("未登记：{e}");
            return case_page(&state, session, role, &id, Some(e), Some(f)).await;
        }
    };
    let label = event.kind.label();
    match state.store.add_event(&id, event, state.today()).await {
        Ok(_) => {
            let _ = record(
                &state,
                &session.user.username,
                &format!("登记办理环节：{label}"),
                &id,
            )
            .await;
            Redirect::to(&format!("/staff/cases/{id}")).into_response()
        }
        Err(StoreError::NotFound(_)) => crate::portal::problem(
            StatusCode::NOT_FOUND,
            crate::portal::agency(&state).await,
            "没有这个案件。",
        ),
        Err(e) => {
            let e = format!("未登记：{e}");
            case_page(&state, session, role, &id, Some(e), Some(f)).await
        }
    }
}

/// A step withdrawn on the case page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WithdrawForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// The step's number.
    pub seq: i64,
    /// Why (required).
    pub reason: String,
}

/// POST /staff/cases/{id}/withdraw: the office head or the administrator withdraws a step recorded by mistake,
/// with a reason; it stays listed as withdrawn and the audit log records it.
pub async fn withdraw_step(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Path(id): Path<String>,
    Form(f): Form<WithdrawForm>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if let Some(refused) =
        super::refuse_head_form(&agency, &session, &f.csrf, role, "撤回已登记的步骤")
    {
        return refused;
    }
    let reason: String = f.reason.trim().chars().take(500).collect();
    let now = state.today.now().to_rfc3339();
    match state
        .store
        .withdraw_step(&id, f.seq, &session.user.username, &reason, &now)
        .await
    {
        Ok(_) => {
            let _ = record(
                &state,
                &session.user.username,
                &format!("撤回第 {} 个步骤，理由：{reason}", f.seq + 1),
                &id,
            )
            .await;
            Redirect::to(&format!("/staff/cases/{id}")).into_response()
        }
        Err(StoreError::NotFound(_)) => {
            crate::portal::problem(StatusCode::NOT_FOUND, agency, "没有这个案件。")
        }
        Err(e) => {
            let e = format!("未撤回：{e}");
            case_page(&state, session, role, &id, Some(e), None).await
        }
    }
}

/// GET /staff/audit: the audit log, for the office head and the administrator only.
pub async fn audit(Acting(state): Acting, OfficeUser(session, role): OfficeUser) -> Response {
    let agency = crate::portal::agency(&state).await;
    if role == Role::Staff {
        return crate::staff::heads_only(agency, session, "个人信息查阅记录");
    }
    Audit {
        agency,
        user: Some(session.user),
        csrf: session.csrf,
        entries: state
            .store
            .audit_log(500)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|mut e| {
                e.at = crate::beijing_time(&e.at);
                let case = about_a_case(&e.action);
                (e, case)
            })
            .collect(),
    }
    .into_response()
}
