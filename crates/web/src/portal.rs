//! The public portal's handlers: the 公开指南, the application (validated field by field, stored with the ledger
//! case in one transaction), and the status page for whoever holds the tracking number and its secret.

use crate::AppState;
use crate::agency::Agency;
use crate::form_token::{self, FormToken};
use crate::pages::{Apply, Guide, Problem, Submitted};
use crate::scope::Here;
use crate::secret;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_ledger::case::{ApplicantType, Application, Channel};
use gongkai_ledger::clock::{ClockSettings, clock};
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
    /// The 受理机关 chosen on the platform's own form (a registered agency's code; empty: this page's agency).
    pub agency: String,
}

/// The platform's agencies by region, (code, name), for the 受理机关 chooser: only on the deployment's own
/// form, and only when agencies are registered (an agency's own form is already its own).
async fn choices(state: &AppState, agency: &Agency) -> Vec<(String, Vec<(String, String)>)> {
    if !agency.base.is_empty() || !agency.platform {
        return Vec::new();
    }
    let mut out: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for a in state.store.agencies().await.unwrap_or_default() {
        let item = (a.code, a.unit.name);
        match out.last_mut() {
            Some((region, list)) if *region == a.unit.region => list.push(item),
            _ => out.push((a.unit.region, vec![item])),
        }
    }
    out
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
    choices: Vec<(String, Vec<(String, String)>)>,
) -> Apply {
    Apply {
        choices,
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
    let agency = agency(&state).await;
    let choices = choices(&state, &agency).await;
    (
        [(header::SET_COOKIE, cookie)],
        apply_page(agency, form, BTreeMap::new(), token, choices),
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
    let mut errors = validate(&form, state.today());
    // The 受理机关 chosen on the platform's own form: the application is that agency's.
    let chosen = form.agency.trim();
    let choices = choices(&state, &agency).await;
    let (state, agency) = if chosen.is_empty() || choices.is_empty() {
        (state, agency)
    } else {
        match state.store.agency_by_code(chosen).await {
            Ok(Some(a)) => {
                let there = state.for_agency(&a.unit.id);
                let agency = crate::portal::agency(&there).await;
                (there, agency)
            }
            _ => {
                errors.insert(
                    "agency",
                    "所选受理机关不在本平台的机关名录中，请重新选择。".into(),
                );
                (state, agency)
            }
        }
    };
    if !errors.is_empty() {
        let token = form.form_token.clone();
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            apply_page(agency, form, errors, token, choices),
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

/// Any other address.
pub async fn not_found(State(state): State<AppState>) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        agency(&state).await,
        "没有这个页面。",
    )
}
