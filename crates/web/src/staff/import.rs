//! Import of an Excel or CSV 台账 through the browser: the ledger's importer, all or nothing, every bad row
//! shown with its reasons. The upload is limited in size and checked against the session's CSRF token before
//! it is read.

use super::OfficeUser;
use crate::agency::Agency;
use crate::scope::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_store::staff::User;

/// The largest 台账 file accepted, in bytes.
pub const MAX_UPLOAD: usize = 10 * 1024 * 1024;

#[derive(Template, WebTemplate)]
#[template(path = "staff_import.html")]
struct ImportPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    imported: Option<usize>,
    errors: Vec<String>,
    layout: &'static [(&'static str, &'static str, &'static str)],
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// GET /staff/import/template: a blank 台账 (XLSX) with the columns, a sample row and drop-down lists.
pub async fn template(Acting(state): Acting, OfficeUser(..): OfficeUser) -> Response {
    let today = state.today();
    match tokio::task::spawn_blocking(move || gongkai_store::sheet::ledger_template(today)).await {
        Ok(Ok(bytes)) => (
            [
                (axum::http::header::CONTENT_TYPE, XLSX.to_string()),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    crate::attachment("台账导入模板.xlsx"),
                ),
            ],
            bytes,
        )
            .into_response(),
        _ => crate::portal::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            crate::portal::agency(&state).await,
            "台账模板生成失败，请稍后再试。",
        ),
    }
}

/// GET /staff/import: the upload form and the file's layout.
pub async fn form(Acting(state): Acting, OfficeUser(session, _): OfficeUser) -> Response {
    ImportPage {
        agency: crate::portal::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        imported: None,
        errors: vec![],
        layout: &gongkai_ledger::table::LAYOUT,
    }
    .into_response()
}

/// POST /staff/import: imports the file, or lists every bad row (nothing is stored then).
pub async fn upload(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let upload = crate::boundary::read_form(multipart, "file", 1, MAX_UPLOAD >> 20).await;
    let page = |imported, errors: Vec<String>, agency, session: gongkai_store::staff::Session| {
        let status = if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let view = ImportPage {
            agency,
            user: Some(session.user),
            csrf: session.csrf,
            imported,
            errors,
            layout: &gongkai_ledger::table::LAYOUT,
        };
        (status, view).into_response()
    };
    let up = match upload {
        Ok(up) => up,
        Err((status, e)) => {
            let mut refused = page(None, vec![e], agency, session);
            *refused.status_mut() = status;
            return refused;
        }
    };
    if up.csrf != session.csrf {
        return crate::staff::stale_form(agency, session);
    }
    let Some(file) = up.files.into_iter().next().map(|f| f.bytes) else {
        return page(
            None,
            vec!["请选择要导入的台账文件（.xlsx 或 .csv）。".into()],
            agency,
            session,
        );
    };
    match state.store.import_bytes(file, state.today()).await {
        Ok(n) => {
            let _ = super::record(
                &state,
                &session.user.username,
                &format!("导入台账 {n} 件"),
                "台账",
            )
            .await;
            page(Some(n), vec![], agency, session)
        }
        Err(errors) => page(None, errors, agency, session),
    }
}
