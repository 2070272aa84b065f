//! Health for the IT staff who run the server: `/healthz` (the process answers) and `/readyz` (the database
//! answers and its schema is the one this build expects). Both answer only on the machine itself (a loopback
//! client, as the trusted proxies report it) or to an administrator's API token; anyone else gets 404, so that
//! nothing about the installation shows from outside.

use crate::AppState;
use crate::staff::Role;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Whether the request may see health: from loopback, or with an administrator's API token.
pub(crate) async fn allowed(state: &AppState, parts: &Parts) -> bool {
    let client = crate::limit::client(parts, &state.config);
    if client
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
    {
        return true;
    }
    match crate::api::bearer_user(state, parts).await {
        Some(user) => Role::parse(&user.role) == Some(Role::Admin),
        None => false,
    }
}

fn text(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

/// GET /healthz: 200 “ok” while the process serves.
pub async fn healthz(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let (parts, _) = request.into_parts();
    if !allowed(&state, &parts).await {
        return StatusCode::NOT_FOUND.into_response();
    }
    text(StatusCode::OK, "ok\n".into())
}

/// GET /readyz: 200 when the database answers and its schema is current, else 503 with the reason in Chinese.
pub async fn readyz(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let (parts, _) = request.into_parts();
    if !allowed(&state, &parts).await {
        return StatusCode::NOT_FOUND.into_response();
    }
    match state.store.schema_versions().await {
        Ok((applied, expected)) if applied == expected => text(
            StatusCode::OK,
            format!("ok：数据库可用，结构版本 {applied}\n"),
        ),
        Ok((applied, expected)) => text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("未就绪：数据库结构版本为 {applied}，本程序需要 {expected}\n"),
        ),
        Err(e) => text(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("未就绪：数据库无法访问（{e}）\n"),
        ),
    }
}
