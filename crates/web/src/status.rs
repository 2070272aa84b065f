//! The applicant's status page: the case of a tracking number, shown only with its secret, its statutory due
//! date and each step in plain words; on the platform's own page a number is found in any agency.

use crate::form_token::{self, FormToken};
use crate::pages::{CaseView, Status};
use crate::portal::{Client, agency, problem};
use crate::scope::Here;
use crate::{AppState, agency::Agency, secret};
use axum::extract::Form;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_ledger::clock::{ClockSettings, Status as ClockStatus, clock};
use gongkai_store::portal::PortalRequest;
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
    let tracking = typed(&lookup.tracking);
    // The platform's own status page finds a number in any agency (its own first); an agency's page in its own.
    let everywhere = agency.base.is_empty();
    let (state, found) = match find(
        &state,
        &agency,
        &client.0,
        &tracking,
        &lookup.secret,
        everywhere,
    )
    .await
    {
        Ok(found) => found,
        Err(Missed::Limited(refusal)) => return refusal,
        Err(Missed::NotFound) => return not_found(agency, &tracking),
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

/// A number or secret as people copy them: spaces dropped, letters in either case (both are upper case).
pub(crate) fn typed(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Why a lookup found nothing to show.
pub(crate) enum Missed {
    /// Too many failed lookups of this number or from this client: the refusal to show.
    Limited(Response),
    /// No such number with this secret (the same answer for either).
    NotFound,
}

/// The portal request of `tracking` (as typed) whose secret is `secret`, with the state of its agency: in this
/// agency, or with `everywhere` in any (this one first). Failures count against the number and the client;
/// the same work is done whether the number exists or not.
pub(crate) async fn find(
    state: &AppState,
    agency: &Agency,
    client: &str,
    tracking: &str,
    secret: &str,
    everywhere: bool,
) -> Result<(AppState, PortalRequest), Missed> {
    let limits = state.config.limits;
    let buckets = [
        ("status-number", tracking, limits.status_per_number),
        ("status-client", client, limits.status_per_client),
    ];
    if let Some(limit) = crate::limit::over(state, &buckets).await {
        return Err(Missed::Limited(problem(
            StatusCode::TOO_MANY_REQUESTS,
            agency.clone(),
            format!("查询{}", crate::limit::failures_message(limit)),
        )));
    }
    let candidates = if everywhere {
        state
            .store
            .portal_agencies(tracking)
            .await
            .unwrap_or_default()
    } else {
        vec![state.store.agency_id().to_string()]
    };
    for candidate in &candidates {
        let there = state.for_agency(candidate);
        let request = there.store.portal_request(tracking).await.ok().flatten();
        let stored = request.as_ref().map(|r| r.secret_hash.clone());
        if secret::verify_off_thread(typed(secret), stored, true).await
            && let Some(request) = request
        {
            return Ok((there, request));
        }
    }
    if candidates.is_empty() {
        secret::verify_off_thread(typed(secret), None, true).await;
    }
    crate::limit::failed(state, &buckets).await;
    Err(Missed::NotFound)
}
