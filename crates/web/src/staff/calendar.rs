//! The working-day calendar page: the years whose State Council holiday notices are in the calendar, and for
//! the office head and the administrator a form to add next year's notice by pasting its text — read, every
//! printed weekday and “共N天” checked, shown for review, then stored with its number and who added it. Every
//! case whose due date was provisional is then recomputed, and those whose due date moved earlier are listed.

use super::{OfficeUser, Role, record};
use crate::AppState;
use crate::agency::Agency;
use crate::scope::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Form;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_ledger::calendar::{PROVISIONAL_NOTE, notice_text};
use gongkai_store::calendar::{DueChange, StoredNotice};
use gongkai_store::staff::User;
use serde::Deserialize;

/// One holiday of a previewed notice.
pub struct PreviewItem {
    /// The holiday.
    pub holiday: String,
    /// Its break, with weekdays.
    pub span: String,
    /// The weekend days worked.
    pub workdays: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_calendar.html")]
struct Page {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    can_add: bool,
    years: Vec<(i32, String)>,
    last: String,
    note: &'static str,
    added: Vec<StoredNotice>,
    text: String,
    number: String,
    errors: Vec<String>,
    preview: Option<(String, Vec<PreviewItem>)>,
    saved: Option<(String, Vec<DueChange>)>,
}

/// The pasted notice and what to do with it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// The notice's text.
    pub text: String,
    /// Its number when the text lacks it.
    pub number: String,
    /// `preview` or `save`.
    pub action: String,
}

async fn render(
    state: &AppState,
    session: gongkai_store::staff::Session,
    role: Role,
    form: NoticeForm,
    errors: Vec<String>,
    preview: Option<(String, Vec<PreviewItem>)>,
    saved: Option<(String, Vec<DueChange>)>,
) -> Response {
    let cal = state.calendar();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = Page {
        agency: crate::portal::agency(state).await,
        user: Some(session.user),
        csrf: session.csrf,
        can_add: role != Role::Staff,
        years: cal
            .years()
            .iter()
            .rev()
            .map(|(y, s)| (*y, s.clone()))
            .collect(),
        last: cal.coverage().1.to_string(),
        note: PROVISIONAL_NOTE,
        added: state.store.calendar_notices().await.unwrap_or_default(),
        text: form.text,
        number: form.number,
        errors,
        preview,
        saved,
    };
    (status, page).into_response()
}

/// GET /staff/calendar: the calendar's years and, for the office head, the form to add a notice.
pub async fn page(Acting(state): Acting, OfficeUser(session, role): OfficeUser) -> Response {
    render(
        &state,
        session,
        role,
        NoticeForm::default(),
        vec![],
        None,
        None,
    )
    .await
}

/// The longest notice text accepted, in characters.
const MAX_TEXT: usize = 20_000;

/// POST /staff/calendar: previews a pasted notice, or stores it (office head and administrator).
pub async fn add(
    Acting(state): Acting,
    OfficeUser(session, role): OfficeUser,
    Form(f): Form<NoticeForm>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if let Some(refused) =
        super::refuse_head_form(&agency, &session, &f.csrf, role, "录入节假日安排通知")
    {
        return refused;
    }
    if f.text.chars().count() > MAX_TEXT {
        let e = vec![format!("通知全文不能超过 {MAX_TEXT} 个字。")];
        return render(&state, session, role, f, e, None, None).await;
    }
    let parsed = match notice_text::parse(&f.text, Some(f.number.as_str())) {
        Ok(p) => p,
        Err(errors) => return render(&state, session, role, f, errors, None, None).await,
    };
    if f.action != "save" {
        // Check against the calendar in force before showing it for review.
        let mut trial = (*state.calendar()).clone();
        if let Err(e) = trial.add_notice(&parsed) {
            return render(&state, session, role, f, vec![e.to_string()], None, None).await;
        }
        let items = parsed
            .items
            .iter()
            .map(|i| PreviewItem {
                holiday: i.holiday.clone(),
                span: i.span_words(),
                workdays: i.workdays_words(),
            })
            .collect();
        let title = format!("{}（{} 年）", parsed.source(), parsed.year);
        return render(&state, session, role, f, vec![], Some((title, items)), None).await;
    }
    let now = state.today.now().to_rfc3339();
    match state
        .store
        .add_calendar_notice(&parsed, &f.text, &session.user.username, &now)
        .await
    {
        Ok(changes) => {
            let source = parsed.source();
            let _ = record(
                &state,
                &session.user.username,
                &format!("录入节假日安排通知：{source}"),
                &parsed.year.to_string(),
            )
            .await;
            let form = NoticeForm::default();
            render(
                &state,
                session,
                role,
                form,
                vec![],
                None,
                Some((source, changes)),
            )
            .await
        }
        Err(e) => render(&state, session, role, f, vec![e.to_string()], None, None).await,
    }
}
