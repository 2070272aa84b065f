//! The JSON API: everything the staff pages do, for programs (an `Authorization: Bearer` token made with
//! `gongkai token create`) and for the pages' own scripts-free users (the session cookie, with the session's
//! CSRF token in `X-CSRF-Token` on every change). Roles are those of the pages; errors are JSON with a
//! Chinese message and, for a bad request, the fields in error. The document is at /api/openapi.json.

mod agencies;
mod cases;
pub mod openapi;
mod report;
mod supervise;

use crate::AppState;
use crate::staff::Role;
pub(crate) use crate::staff::record;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use gongkai_ledger::today::Today;
use gongkai_store::Store;
use gongkai_store::staff::User;
use gongkai_store::tokens::ApiToken;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The API's routes (under /api).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/agencies", get(agencies::list))
        .route("/api/cases", get(cases::list).post(cases::create))
        .route("/api/cases/{id}", get(cases::one))
        .route("/api/cases/{id}/events", post(cases::add_event))
        .route("/api/cases/{id}/applicant", get(cases::applicant))
        .route("/api/cases/{id}/notices/{kind}", get(cases::notice))
        .route("/api/due", get(cases::due))
        .route(
            "/api/import",
            post(cases::import).layer(axum::extract::DefaultBodyLimit::max(
                crate::staff::import::MAX_UPLOAD,
            )),
        )
        .route("/api/audit", get(cases::audit))
        .route("/api/reports/{year}", get(report::report))
        .route("/api/reports/{year}/checks", get(report::checks))
        .route("/api/reports/{year}/cells/{row}/{col}", get(report::cell))
        .route("/api/reports/{year}/export/{format}", get(report::export))
        .route("/api/reports/{year}/table2", put(report::put_table2))
        .route(
            "/api/reports/{year}/sections/{number}",
            put(report::put_section),
        )
        .route(
            "/api/catalogue",
            get(crate::catalogue::api::list).post(crate::catalogue::api::create),
        )
        .route(
            "/api/catalogue/entry",
            get(crate::catalogue::api::one).put(crate::catalogue::api::replace),
        )
        .route("/api/catalogue/steps", post(crate::catalogue::api::step))
        .route(
            "/api/catalogue/import",
            post(crate::catalogue::api::import).layer(axum::extract::DefaultBodyLimit::max(
                crate::staff::import::MAX_UPLOAD,
            )),
        )
        .route("/api/catalogue/late", get(crate::catalogue::api::late))
        .route(
            "/api/catalogue/in-force",
            get(crate::catalogue::api::in_force),
        )
        .route(
            "/api/catalogue/table2/{year}",
            get(crate::catalogue::api::table2),
        )
        .route("/api/supervise/regions", get(supervise::regions))
        .route("/api/supervise/scores", get(supervise::scores))
        .route("/api/supervise/units/{id}", get(supervise::unit))
        .route(
            "/api/supervise/reports",
            post(supervise::upload).layer(axum::extract::DefaultBodyLimit::max(
                gongkai_read::MAX_INPUT_BYTES,
            )),
        )
        .route("/api/supervise/reports/{id}", get(supervise::report))
        .route(
            "/api/supervise/reports/{id}/corrections",
            post(supervise::add_correction),
        )
        .route("/api/supervise/similar", get(supervise::similar))
        .route("/api/supervise/assessment", get(supervise::assessment))
}

/// An API error: status, Chinese message, and the fields in error.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong.
    pub message: String,
    /// Field → what is wrong with it.
    pub fields: BTreeMap<String, String>,
}

impl ApiError {
    /// An error without fields.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    /// 422 with the fields in error.
    pub fn fields(message: impl Into<String>, fields: BTreeMap<String, String>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: message.into(),
            fields,
        }
    }

    fn internal() -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "系统错误，请稍后再试。")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.message });
        if !self.fields.is_empty() {
            body["fields"] = json!(self.fields);
        }
        let mut resp = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"gongkai\""),
            );
        }
        resp
    }
}

impl From<gongkai_store::StoreError> for ApiError {
    fn from(e: gongkai_store::StoreError) -> Self {
        use gongkai_store::StoreError as E;
        match e {
            E::NotFound(_) => ApiError::new(StatusCode::NOT_FOUND, e.to_string()),
            E::Duplicate(_) => ApiError::new(StatusCode::CONFLICT, e.to_string()),
            E::Case(_) | E::Refused(_) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
            }
            E::Db(_) | E::Corrupt(_) => ApiError::internal(),
        }
    }
}

/// Who calls the API: the account and its role.
pub struct ApiUser {
    /// The account.
    pub user: User,
    /// Its role in the agency the call works in.
    pub role: Role,
    /// The agency the call works in: a session's own; for a token, the deployment's own agency when the
    /// account works there, else the first of its agencies.
    pub agency: String,
}

fn sha256(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Makes a token for `username` (the account must exist), created at `today`'s moment; returns the token, shown
/// only this once. Tokens are random (about 160 bits), so a fast hash protects them at rest.
pub async fn create_token(
    store: &Store,
    username: &str,
    label: &str,
    today: Today,
) -> Result<String, String> {
    if store
        .user(username)
        .await
        .map_err(|e| e.to_string())?
        .is_none()
    {
        return Err(format!("没有用户名为“{username}”的账号。"));
    }
    let (id, secret) = {
        let mut rng = rand::rng();
        (
            crate::secret::new_secret(&mut rng)[..8].to_lowercase(),
            (0..3)
                .map(|_| crate::secret::new_secret(&mut rng))
                .collect::<String>(),
        )
    };
    let token = ApiToken {
        id: id.clone(),
        username: username.to_string(),
        label: label.to_string(),
        created_at: today.now().to_rfc3339(),
        revoked_at: None,
    };
    store
        .create_token(&token, &sha256(&secret))
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("gk_{id}_{secret}"))
}

/// The user of the request's `Authorization: Bearer` API token, if it names a valid one.
pub(crate) async fn bearer_user(state: &AppState, parts: &Parts) -> Option<User> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")?
        .trim();
    by_token(state, bearer).await
}

async fn by_token(state: &AppState, bearer: &str) -> Option<User> {
    let (id, secret) = bearer.strip_prefix("gk_")?.split_once('_')?;
    let (hash, user) = state.store.token_user(id).await.ok().flatten()?;
    same(&hash, &sha256(secret)).then_some(user)
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let (user, agency) = if let Some(b) = bearer {
            let user = by_token(state, b)
                .await
                .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "API 令牌无效或已撤销。"))?;
            if matches!(user.role.as_str(), "admin" | "supervisor") {
                (user, state.store.agency_id().to_string())
            } else {
                let held = state.store.starting_role(&user.username).await?;
                let (agency, role) = held.unwrap_or_default();
                (User { role, ..user }, agency)
            }
        } else {
            let id = crate::form_token::cookie(&parts.headers, crate::staff::COOKIE).ok_or_else(
                || {
                    ApiError::new(
                        StatusCode::UNAUTHORIZED,
                        "请先登录，或以 Authorization: Bearer 提供 API 令牌。",
                    )
                },
            )?;
            let session = state
                .store
                .session(&id, &state.today.now().to_rfc3339())
                .await
                .ok()
                .flatten()
                .ok_or_else(|| {
                    ApiError::new(StatusCode::UNAUTHORIZED, "登录已失效，请重新登录。")
                })?;
            // A change made with the session cookie must carry the session's CSRF token.
            if !matches!(parts.method, Method::GET | Method::HEAD) {
                let given = parts
                    .headers
                    .get("x-csrf-token")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if !same(given, &session.csrf) {
                    return Err(ApiError::new(
                        StatusCode::FORBIDDEN,
                        "以登录会话调用时须在 X-CSRF-Token 中提供会话的校验码。",
                    ));
                }
            }
            if session.user.must_change {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "请先在“修改密码”页将系统生成的密码改为本人设置的密码。",
                ));
            }
            (session.user, session.agency_id)
        };
        if user.role.is_empty() {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "该账号在本机关没有工作人员、负责人或系统管理员的角色。",
            ));
        }
        let role = Role::parse(&user.role)
            .ok_or_else(|| ApiError::new(StatusCode::FORBIDDEN, "账号的角色无法识别。"))?;
        Ok(ApiUser { user, role, agency })
    }
}

impl ApiUser {
    /// The state seen as the agency the call works in.
    pub fn scoped(&self, state: &AppState) -> AppState {
        state.for_agency(&self.agency)
    }

    /// Refuses anyone outside the disclosure office (staff, office head, administrator).
    pub fn office(&self) -> Result<(), ApiError> {
        match self.role {
            Role::Staff | Role::OfficeHead | Role::Admin => Ok(()),
            Role::Supervisor => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "您的账号无权访问政府信息公开工作台的数据。",
            )),
        }
    }

    /// Refuses anyone but the office head and the administrator.
    pub fn head(&self) -> Result<(), ApiError> {
        match self.role {
            Role::OfficeHead | Role::Admin => Ok(()),
            _ => Err(ApiError::new(StatusCode::FORBIDDEN, "仅负责人可以访问。")),
        }
    }
}

/// The API's JSON body extractor errors, in Chinese.
pub(crate) fn bad_json(e: axum::extract::rejection::JsonRejection) -> ApiError {
    use axum::extract::rejection::JsonRejection as J;
    match e {
        J::BytesRejection(_) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("请求内容超过 {} KB。", crate::MAX_BODY / 1024),
        ),
        J::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "请求内容应为 JSON（Content-Type: application/json）。",
        ),
        J::JsonDataError(e) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("JSON 内容不符合要求：{}", e.body_text()),
        ),
        other => ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("JSON 无法解析：{}", other.body_text()),
        ),
    }
}
