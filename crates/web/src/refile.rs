//! Filing a referred application again where it belongs (条例第三十六条第五项). When an agency answered that
//! the information is not its to disclose and named one of the platform's agencies, the applicant's status
//! page offers to file the same request there in one step, with their consent: a new case in that agency,
//! received on the day they confirm, under the same tracking number and secret (case numbers are per agency).

use crate::AppState;
use crate::agency::Agency;
use crate::form_token::{self, FormToken};
use crate::pages::Submitted;
use crate::portal::{Client, problem};
use crate::scope::Here;
use crate::status::Missed;
use axum::extract::Form;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_ledger::case::{Application, Channel, EventKind};
use gongkai_ledger::clock::{ClockSettings, clock};
use serde::Deserialize;

/// The referral as the applicant's status page shows it.
pub(crate) struct ReferralView {
    /// The responsible agency's name, as the answer told it.
    pub agency: String,
    /// Its contacts, as told.
    pub contact: String,
    /// Where to file again (the platform's agencies only), when not filed there yet.
    pub action: Option<String>,
    /// When filed there already: the day, and its status page.
    pub filed: Option<(String, String)>,
}

/// The referral that closed `app`, if one did: (name, contacts, platform id).
fn referral(app: &Application) -> Option<(String, String, Option<String>)> {
    app.events.iter().rev().find_map(|e| match &e.kind {
        EventKind::Referred {
            agency,
            contact,
            agency_id,
        } => Some((agency.clone(), contact.clone(), agency_id.clone())),
        _ => None,
    })
}

/// The referral of `app` for its status page (`base`: the referring agency's pages).
pub(crate) async fn view(state: &AppState, app: &Application, base: &str) -> Option<ReferralView> {
    let (agency, contact, id) = referral(app)?;
    let (mut action, mut filed) = (None, None);
    if let Some(id) = id
        && let Ok(Some(target)) = state.store.agency_of_unit(&id).await
    {
        match state.store.for_agency(&id).portal_request(&app.id).await {
            Ok(Some(r)) => {
                let day: String = r.submitted_at.chars().take(10).collect();
                filed = Some((day, format!("/{}/status", target.code)));
            }
            _ => action = Some(format!("{base}/status/refile")),
        }
    }
    Some(ReferralView {
        agency,
        contact,
        action,
        filed,
    })
}

/// The refile form: the tracking number, the secret typed again, and the applicant's consent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Refile {
    /// Tracking number.
    pub tracking: String,
    /// Secret.
    pub secret: String,
    /// “yes” when the applicant agrees to the request and their particulars going to the responsible agency.
    pub consent: String,
    /// The CSRF token of the form.
    pub form_token: String,
}

/// POST /status/refile (and /{code}/status/refile): files the referred request with the responsible agency.
pub async fn refile(
    Here(state): Here,
    client: Client,
    browser: FormToken,
    form: Result<Form<Refile>, FormRejection>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let Ok(Form(f)) = form else {
        return problem(StatusCode::BAD_REQUEST, agency, "提交的内容无法识别。");
    };
    if !browser.matches(&f.form_token) {
        return problem(StatusCode::FORBIDDEN, agency, form_token::REFUSED);
    }
    let tracking = crate::status::typed(&f.tracking);
    let found = crate::status::find(&state, &agency, &client.0, &tracking, &f.secret, false).await;
    let request = match found {
        Ok((_, request)) => request,
        Err(Missed::Limited(refusal)) => return refusal,
        Err(Missed::NotFound) => {
            return problem(StatusCode::NOT_FOUND, agency, "申请编号或查询密码不正确。");
        }
    };
    let secret = crate::status::typed(&f.secret);
    let app = match state.store.application(&request.tracking).await {
        Ok(Some(app)) => app,
        _ => return problem(StatusCode::NOT_FOUND, agency, "申请编号或查询密码不正确。"),
    };
    let Some((name, _, Some(id))) = referral(&app) else {
        return problem(
            StatusCode::CONFLICT,
            agency,
            "本申请没有被答复为由本平台的其他机关负责公开，不能转交。",
        );
    };
    if f.consent != "yes" {
        return problem(
            StatusCode::BAD_REQUEST,
            agency,
            format!("未提交：请勾选“我同意将本申请及申请人信息提交给{name}”后再提交。"),
        );
    }
    let target = state.for_agency(&id);
    let there = match Agency::load(&target.store).await {
        Ok(a) if !a.base.is_empty() => a,
        _ => {
            return problem(
                StatusCode::CONFLICT,
                agency,
                format!("{name}已不在本平台登记，请按答复中的联系方式向其申请。"),
            );
        }
    };
    let received = state.today();
    let filed = Application {
        received,
        channel: Channel::Online,
        events: vec![],
        ..app.clone()
    };
    let copy = gongkai_store::portal::PortalRequest {
        submitted_at: state.today.now().to_rfc3339(),
        ..request
    };
    match target.store.submit_portal(&filed, &copy).await {
        Ok(()) => {
            let what = format!("申请人将申请转交本机关（原受理机关：{}）", agency.name);
            let _ = crate::staff::record(&target, "申请人", &what, &filed.id).await;
        }
        Err(gongkai_store::StoreError::Duplicate(_)) => {
            return problem(
                StatusCode::CONFLICT,
                there,
                "本申请已提交给本机关，请用原申请编号和查询密码查询办理进度。",
            );
        }
        Err(e) => {
            tracing::error!("转交申请 {} 失败：{e}", filed.id);
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                agency,
                "系统错误，申请未转交，请稍后再试。",
            );
        }
    }
    let due = clock(&filed, &state.calendar(), ClockSettings::default())
        .map(|c| c.due_words())
        .unwrap_or_else(|e| format!("无法计算（{e}），请电话咨询"));
    Submitted {
        agency: there,
        tracking: filed.id,
        secret,
        received: received.to_string(),
        due,
    }
    .into_response()
}
