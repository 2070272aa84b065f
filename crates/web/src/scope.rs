//! Which agency a public request is for: a page under `/{code}/…` (the agency's 统一社会信用代码) is the
//! registered agency's, read and written through its own view of the store; any other page is the
//! deployment's own agency's.

use crate::AppState;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

/// The state of the agency the request is for (see the module's documentation).
pub struct Here(pub AppState);

/// The longest path segment looked up as a code (a 统一社会信用代码 has 18 characters).
const CODE_MAX: usize = 18;

impl FromRequestParts<AppState> for Here {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Here, Response> {
        let code = RawPathParams::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|p| {
                p.iter()
                    .find(|(k, _)| *k == "code")
                    .map(|(_, v)| v.to_string())
            });
        let Some(code) = code else {
            return Ok(Here(state.clone()));
        };
        let found = if code.chars().count() == CODE_MAX {
            state.store.agency_by_code(&code).await
        } else {
            Ok(None)
        };
        match found {
            Ok(Some(agency)) => Ok(Here(state.for_agency(&agency.unit.id))),
            Ok(None) => Err(not_found(state, &code).await),
            Err(e) => {
                tracing::error!("查找机关 {code} 失败：{e}");
                Err(crate::portal::problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    crate::portal::agency(state).await,
                    "暂时无法读取机关名录，请稍后再试。",
                ))
            }
        }
    }
}

async fn not_found(state: &AppState, code: &str) -> Response {
    let shown: String = code.chars().take(CODE_MAX).collect();
    crate::portal::problem(
        StatusCode::NOT_FOUND,
        crate::portal::agency(state).await,
        format!("本平台没有登记统一社会信用代码为“{shown}”的机关，请在机关名录中查找。"),
    )
}

/// GET /{code}: a registered agency's pages are at `/{code}/`; any other one-segment path is not found.
pub async fn to_pages(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
) -> Response {
    let registered = code.chars().count() == CODE_MAX
        && matches!(state.store.agency_by_code(&code).await, Ok(Some(_)));
    if registered {
        axum::response::Redirect::permanent(&format!("/{code}/")).into_response()
    } else {
        crate::portal::not_found(axum::extract::State(state))
            .await
            .into_response()
    }
}

/// The state of the agency a logged-in member's session works in (the deployment's own agency without a
/// session; the handler's own extractor still decides who may do what).
pub struct Acting(pub AppState);

impl FromRequestParts<AppState> for Acting {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Acting, Self::Rejection> {
        let now = state.today.now().to_rfc3339();
        let session = match crate::staff::session_id(parts) {
            Some(id) => state.store.session(&id, &now).await.ok().flatten(),
            None => None,
        };
        Ok(Acting(match session {
            Some(s) => state.for_agency(&s.agency_id),
            None => state.clone(),
        }))
    }
}
