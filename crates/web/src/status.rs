//! The applicant's status page: the case of a tracking number, shown only with its secret, its statutory due
//! date and each step in plain words; on the platform's own page a number is found in any agency.

use crate::form_token::{self, FormToken};
use crate::pages::{CaseView, Status};
use crate::portal::{Client, agency, problem};
use crate::scope::Here;
use crate::{agency::Agency, secret};
use axum::extract::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_ledger::clock::{ClockSettings, Status as ClockStatus, clock};
use serde::Deserialize;

/// The state of a case's clock in the words its applicant and the office read.
pub fn status_words(status: &ClockStatus) -> String {
    match status {
        ClockStatus::Running => "办理中".to_string(),
        ClockStatus::Paused { reason } => format!("暂停计时：{reason}"),
        ClockStatus::Closed { date, .. } => format!("已办结（{date}）"),
    }
}

/// GET /status: the lookup form.
pub async fn status_form(Here(state): Here, browser: FormToken) -> Response {
    let (token, cookie) = browser.issue();
    (
        [(header::SET_COOKIE, cookie)],
        Status {
            agency: agency(&state).await,
            token,
            tracking: String::new(),
            error: None,
            case: None,
        },
    )
        .into_response()
}

/// The lookup: a tracking number and its secret.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Lookup {
    /// Tracking number.
    pub tracking: String,
    /// Secret.
    pub secret: String,
    /// The CSRF token of the form.
    pub form_token: String,
}

/// POST /status: the case of a tracking number, shown only with its secret; a wrong number and a wrong secret
/// get the same answer, so that neither can be probed.
pub async fn status(
    Here(state): Here,
    client: Client,
    browser: FormToken,
    form: Result<Form<Lookup>, FormRejection>,
) -> Response {
    let agency = agency(&state).await;
    let token = browser.0.clone().unwrap_or_default();
    let not_found = |agency: Agency, tracking: &str| {
        (
            StatusCode::NOT_FOUND,
            Status {
                agency,
                token: token.clone(),
                tracking: tracking.to_string(),
                error: Some("申请编号或查询密码不正确。".into()),
                case: None,
            },
        )
            .into_response()
    };
    let Ok(Form(lookup)) = form else {
        return not_found(agency, "");
    };
    if !browser.matches(&lookup.form_token) {
        return problem(StatusCode::FORBIDDEN, agency, form_token::REFUSED);
    }
    // As people copy them: spaces dropped, letters in either case (numbers and secrets are upper case).
    let typed = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let tracking = typed(&lookup.tracking);
    let limits = state.config.limits;
    let buckets = [
        ("status-number", tracking.as_str(), limits.status_per_number),
        ("status-client", client.0.as_str(), limits.status_per_client),
    ];
    if let Some(limit) = crate::limit::over(&state, &buckets).await {
        return problem(
            StatusCode::TOO_MANY_REQUESTS,
            agency,
            format!("查询{}", crate::limit::failures_message(limit)),
        );
    }
    // The platform's own status page finds a number in any agency (its own first); an agency's page in its own.
    let candidates = if agency.base.is_empty() {
        state
            .store
            .portal_agencies(&tracking)
            .await
            .unwrap_or_default()
    } else {
        vec![state.store.agency_id().to_string()]
    };
    let mut found = None;
    for candidate in &candidates {
        let there = state.for_agency(candidate);
        let request = there.store.portal_request(&tracking).await.ok().flatten();
        let stored = request.as_ref().map(|r| r.secret_hash.clone());
        if secret::verify_off_thread(typed(&lookup.secret), stored, true).await
            && let Some(request) = request
        {
            found = Some((there, request));
            break;
        }
    }
    if candidates.is_empty() {
        // The same work whether the number exists or not: one hash verification.
        secret::verify_off_thread(typed(&lookup.secret), None, true).await;
    }
    let Some((state, found)) = found else {
        crate::limit::failed(&state, &buckets).await;
        return not_found(agency, &tracking);
    };
    let handled_by = crate::portal::agency(&state).await;
    let Ok(Some(app)) = state.store.application(&found.tracking).await else {
        return not_found(agency, &tracking);
    };
    let referral = crate::refile::view(&state, &app, &handled_by.base).await;
    let view = match clock(&app, &state.calendar(), ClockSettings::default()) {
        Ok(c) => CaseView {
            tracking: found.tracking,
            received: app.received.to_string(),
            status: status_words(&c.status),
            due: c.due_words(),
            steps: c.steps,
            referral,
            handled_by: handled_by.name.clone(),
        },
        Err(e) => CaseView {
            tracking: found.tracking,
            received: app.received.to_string(),
            status: match app.closed() {
                Some((d, _)) => format!("已办结（{d}）"),
                None => "办理中".into(),
            },
            due: format!("无法计算（{e}）"),
            steps: app
                .events
                .iter()
                .map(|e| format!("{} {}", e.date, e.kind.label()))
                .collect(),
            referral,
            handled_by: handled_by.name.clone(),
        },
    };
    Status {
        agency,
        token,
        tracking,
        error: None,
        case: Some(view),
    }
    .into_response()
}
