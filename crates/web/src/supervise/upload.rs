//! Upload of published reports by a supervisor (GET/POST /supervise/upload): any kind the reader takes, several
//! at once, ingested like `gongkai supervise ingest` (identified, checked, paired with the neighbouring years);
//! and the 雷同 pairs side by side (GET /supervise/similar).

use super::SupervisorUser;
use crate::AppState;
use crate::agency::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_store::staff::User;
use gongkai_supervise::ingest::{self, Source};

/// The most bytes of reports uploaded at once.
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;
/// The most files uploaded at once.
const MAX_FILES: usize = 50;

#[derive(Template, WebTemplate)]
#[template(path = "sv_upload.html")]
struct UploadPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    result: Option<ingest::Summary>,
    error: Option<String>,
}

/// GET /supervise/upload.
pub async fn form(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
) -> Response {
    UploadPage {
        agency: super::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        result: None,
        error: None,
    }
    .into_response()
}

/// The files of a multipart form (field `files`), after its CSRF token (field `csrf`) was checked.
async fn read_files(
    m: Result<Multipart, MultipartRejection>,
    csrf: &str,
) -> Result<Vec<Source>, (StatusCode, String)> {
    let form = crate::boundary::read_form(m, "files", MAX_FILES, MAX_UPLOAD >> 20).await?;
    if form.csrf != csrf {
        return Err((
            StatusCode::FORBIDDEN,
            "表单已失效（校验码不符），请刷新页面后重试。".into(),
        ));
    }
    if form.files.is_empty() {
        return Err((StatusCode::BAD_REQUEST, "请选择要上传的报告文件。".into()));
    }
    Ok(form
        .files
        .into_iter()
        .map(|f| Source::Bytes(f.name, f.bytes))
        .collect())
}

/// POST /supervise/upload.
pub async fn upload(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    m: Result<Multipart, MultipartRejection>,
) -> Response {
    let agency = super::agency(&state).await;
    let page = |result, error, status: StatusCode| {
        (
            status,
            UploadPage {
                agency: agency.clone(),
                user: Some(session.user.clone()),
                csrf: session.csrf.clone(),
                result,
                error,
            },
        )
            .into_response()
    };
    let sources = match read_files(m, &session.csrf).await {
        Ok(s) => s,
        Err((status, e)) => return page(None, Some(e), status),
    };
    let by = format!("{}（{}）", session.user.display_name, session.user.username);
    let fetcher = std::sync::Arc::new(gongkai_supervise::fetch::Fetcher::new(
        std::time::Duration::from_secs(1),
        std::time::Duration::from_secs(30),
    ));
    let quiet = |_: usize, _: usize| {};
    match ingest::ingest_sources(&state.store, sources, fetcher, &by, state.today, &quiet).await {
        Ok(s) => page(Some(s), None, StatusCode::OK),
        Err(e) => page(
            None,
            Some(format!("保存失败：{e}")),
            StatusCode::INTERNAL_SERVER_ERROR,
        ),
    }
}
