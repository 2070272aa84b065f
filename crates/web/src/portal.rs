//! The public portal's handlers: the 公开指南, the application (validated field by field, stored with the ledger
//! case in one transaction), and the status page for whoever holds the tracking number and its secret.

use crate::AppState;
use crate::agency::Agency;
use crate::form_token::{self, FormToken};
use crate::pages::{Apply, CaseView, Guide, Problem, Status, Submitted};
use crate::scope::Here;
use crate::secret;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_ledger::case::{ApplicantType, Application, Channel};
use gongkai_ledger::clock::{ClockSettings, Status as ClockStatus, clock};
use gongkai_store::portal::PortalRequest;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The applicant types the form offers: 公民, or an organisation of one of 表三's organisation columns.
pub const KINDS: [&str; 6] = [
    "公民",
    "法人或者其他组织：商业企业",
    "法人或者其他组织：科研机构",
    "法人或者其他组织：社会公益组织",
    "法人或者其他组织：法律服务机构",
    "法人或者其他组织：其他",
];
/// The forms of the information.
pub const FORMS: [&str; 2] = ["纸质", "电子文档"];
/// The ways of obtaining it.
pub const CHANNELS: [&str; 4] = ["邮寄", "电子邮件", "当面领取", "在线下载"];

/// The application form as submitted (every field a string, so that a bad value is shown back to be fixed).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ApplyForm {
    /// One of [`KINDS`].
    pub applicant_kind: String,
    /// Name or organisation name.
    pub name: String,
    /// Identity document or organisation code.
    pub id_document: String,
    /// Telephone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Postal address.
    pub address: String,
    /// Description of the information.
    pub description: String,
    /// Purpose (optional).
    pub purpose: String,
    /// One of [`FORMS`].
    pub delivery_form: String,
    /// One of [`CHANNELS`].
    pub delivery_channel: String,
    /// The CSRF token of the form (see [`crate::form_token`]).
    pub form_token: String,
}

fn applicant_type(kind: &str) -> Option<ApplicantType> {
    Some(match KINDS.iter().position(|k| *k == kind)? {
        0 => ApplicantType::NaturalPerson,
        1 => ApplicantType::Commercial,
        2 => ApplicantType::Research,
        3 => ApplicantType::PublicInterest,
        4 => ApplicantType::LegalServices,
        _ => ApplicantType::OtherOrg,
    })
}

/// Checks every field; returns the errors by field name, in Chinese. Control characters are refused; text is
/// kept as typed (pages escape it).
pub fn validate(f: &ApplyForm, today: chrono::NaiveDate) -> BTreeMap<&'static str, String> {
    let mut e = BTreeMap::new();
    let len = |s: &str| s.trim().chars().count();
    let controls = |s: &str| {
        s.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    };
    if applicant_type(&f.applicant_kind).is_none() {
        e.insert("applicant_kind", "请选择申请人类型。".to_string());
    }
    for (field, value, label, max) in [
        ("name", &f.name, "姓名或者名称", 100),
        ("id_document", &f.id_document, "身份证明", 60),
        ("description", &f.description, "所需政府信息的描述", 2000),
    ] {
        if len(value) == 0 {
            e.insert(
                field,
                format!("请填写{label}（《条例》第二十九条第二款）。"),
            );
        } else if len(value) > max {
            e.insert(field, format!("{label}不能超过 {max} 个字。"));
        } else if controls(value) {
            e.insert(field, format!("{label}含有无法显示的控制字符，请删除。"));
        }
    }
    if !e.contains_key("id_document")
        && let Err(m) =
            crate::identity::id_document(&f.id_document, f.applicant_kind == KINDS[0], today)
    {
        e.insert("id_document", m);
    }
    let phone = f.phone.trim();
    if phone.is_empty() {
        e.insert("phone", "请填写联系电话。".to_string());
    } else if let Err(m) = crate::identity::phone(phone) {
        e.insert("phone", m);
    }
    let email = f.email.trim();
    if !email.is_empty()
        && (email.len() > 100
            || !email
                .split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
            || email.chars().any(|c| c.is_whitespace() || c.is_control()))
    {
        e.insert(
            "email",
            "电子邮箱格式不正确（例如 name@example.cn）。".to_string(),
        );
    }
    if !FORMS.contains(&f.delivery_form.as_str()) {
        e.insert("delivery_form", "请选择信息的形式。".to_string());
    }
    if !CHANNELS.contains(&f.delivery_channel.as_str()) {
        e.insert("delivery_channel", "请选择获取信息的方式。".to_string());
    }
    if f.delivery_channel == "邮寄" && len(&f.address) == 0 {
        e.insert("address", "选择邮寄时请填写通信地址。".to_string());
    } else if len(&f.address) > 200 || controls(&f.address) {
        e.insert(
            "address",
            "通信地址不能超过 200 个字，且不能含控制字符。".to_string(),
        );
    }
    if f.delivery_channel == "电子邮件" && email.is_empty() {
        e.insert("email", "选择电子邮件时请填写电子邮箱。".to_string());
    }
    if len(&f.purpose) > 200 || controls(&f.purpose) {
        e.insert(
            "purpose",
            "用途不能超过 200 个字，且不能含控制字符。".to_string(),
        );
    }
    e
}

/// The agency of the store (placeholders when its settings cannot be read).
pub(crate) async fn agency(state: &AppState) -> Agency {
    match Agency::load(&state.store).await {
        Ok(a) => a,
        Err(_) => Agency::from_settings(&BTreeMap::new()),
    }
}

/// A page that says what went wrong.
pub(crate) fn problem(status: StatusCode, agency: Agency, message: impl Into<String>) -> Response {
    (
        status,
        Problem {
            agency,
            message: message.into(),
        },
    )
        .into_response()
}

/// GET /: the 政府信息公开指南.
pub async fn guide(Here(state): Here) -> Response {
    Guide {
        agency: agency(&state).await,
    }
    .into_response()
}

fn apply_page(
    agency: Agency,
    form: ApplyForm,
    errors: BTreeMap<&'static str, String>,
    token: String,
) -> Apply {
    Apply {
        agency,
        token,
        form,
        errors,
        kinds: &KINDS,
        forms: &FORMS,
        channels: &CHANNELS,
    }
}

/// The client's address (see [`crate::limit::client`]).
pub struct Client(pub String);

impl axum::extract::FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Client(crate::limit::client(parts, &state.config)))
    }
}

/// GET /apply: the empty form.
pub async fn apply_form(Here(state): Here, browser: FormToken) -> Response {
    let form = ApplyForm {
        applicant_kind: KINDS[0].into(),
        delivery_form: FORMS[1].into(),
        delivery_channel: CHANNELS[1].into(),
        ..Default::default()
    };
    let (token, cookie) = browser.issue();
    (
        [(header::SET_COOKIE, cookie)],
        apply_page(agency(&state).await, form, BTreeMap::new(), token),
    )
        .into_response()
}

/// POST /apply: validates and stores the application, then shows the tracking number and secret once.
pub async fn apply(
    Here(state): Here,
    client: Client,
    browser: FormToken,
    form: Result<Form<ApplyForm>, FormRejection>,
) -> Response {
    let agency = agency(&state).await;
    if !crate::limit::allow(&state, crate::limit::APPLY, &client.0).await {
        return problem(
            StatusCode::TOO_MANY_REQUESTS,
            agency,
            crate::limit::message(crate::limit::APPLY),
        );
    }
    let form = match form {
        Ok(Form(f)) => f,
        Err(FormRejection::BytesRejection(_)) => {
            return problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                agency,
                format!(
                    "提交的内容过大（超过 {} KB），未作保存。",
                    crate::MAX_BODY / 1024
                ),
            );
        }
        Err(_) => {
            return problem(
                StatusCode::BAD_REQUEST,
                agency,
                "提交的表单无法识别（请使用本网站的申请表），未作保存。",
            );
        }
    };
    if !browser.matches(&form.form_token) {
        return problem(StatusCode::FORBIDDEN, agency, form_token::REFUSED);
    }
    let errors = validate(&form, state.today());
    if !errors.is_empty() {
        let token = form.form_token.clone();
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            apply_page(agency, form, errors, token),
        )
            .into_response();
    }
    let received = state.today();
    let (tracking, secret) = {
        let mut rng = rand::rng();
        (
            secret::tracking_number(received, &mut rng),
            secret::new_secret(&mut rng),
        )
    };
    let Ok(secret_hash) = secret::hash_random(&secret) else {
        return problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            agency,
            "系统错误，申请未保存，请稍后再试。",
        );
    };
    let app = Application {
        id: tracking.clone(),
        applicant: applicant_type(&form.applicant_kind).unwrap_or(ApplicantType::NaturalPerson),
        applicant_name: form.name.trim().to_string(),
        channel: Channel::Online,
        received,
        content: form.description.trim().to_string(),
        events: vec![],
    };
    let req = PortalRequest {
        tracking: tracking.clone(),
        secret_hash,
        applicant_kind: form.applicant_kind.clone(),
        name: form.name.trim().to_string(),
        id_document: form.id_document.trim().to_string(),
        phone: form.phone.trim().to_string(),
        email: form.email.trim().to_string(),
        address: form.address.trim().to_string(),
        description: form.description.trim().to_string(),
        purpose: form.purpose.trim().to_string(),
        delivery_form: form.delivery_form.clone(),
        delivery_channel: form.delivery_channel.clone(),
        submitted_at: state.today.now().to_rfc3339(),
    };
    if state.store.submit_portal(&app, &req).await.is_err() {
        return problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            agency,
            "系统错误，申请未保存，请稍后再试。",
        );
    }
    let due = clock(&app, &state.calendar(), ClockSettings::default())
        .map(|c| c.due_words())
        .unwrap_or_else(|e| format!("无法计算（{e}），请电话咨询"));
    Submitted {
        agency,
        tracking,
        secret,
        received: received.to_string(),
        due,
    }
    .into_response()
}

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
    // The same work whether the number exists or not: a lookup, then one hash verification.
    let request = state.store.portal_request(&tracking).await.ok().flatten();
    let stored = request.as_ref().map(|r| r.secret_hash.clone());
    let verified = secret::verify_off_thread(typed(&lookup.secret), stored, true).await;
    let Some(found) = request.filter(|_| verified) else {
        crate::limit::failed(&state, &buckets).await;
        return not_found(agency, &tracking);
    };
    let Ok(Some(app)) = state.store.application(&found.tracking).await else {
        return not_found(agency, &tracking);
    };
    let referral = crate::refile::view(&state, &app, &agency.base).await;
    let view = match clock(&app, &state.calendar(), ClockSettings::default()) {
        Ok(c) => CaseView {
            tracking: found.tracking,
            received: app.received.to_string(),
            status: status_words(&c.status),
            due: c.due_words(),
            steps: c.steps,
            referral,
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

/// Any other address.
pub async fn not_found(State(state): State<AppState>) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        agency(&state).await,
        "没有这个页面。",
    )
}
