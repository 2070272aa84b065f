//! The 雷同 page (GET /supervise/similar): the stored pairs of reports sharing prose beyond boilerplate, most
//! similar first, a page at a time, each pair's passages side by side behind its summary.

use super::SupervisorUser;
use crate::AppState;
use crate::agency::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use gongkai_store::staff::User;
use gongkai_supervise::similar::SimilarPair;

/// Pairs per page.
pub const PER_PAGE: i64 = 20;

/// The query of the 雷同 page.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SimilarQuery {
    /// Only pairs sharing at least this share (percent) of the shorter report's own prose.
    pub min: Option<u32>,
    /// The page (from 1).
    pub page: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sv_similar.html")]
struct SimilarPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    min: u32,
    total: i64,
    page: i64,
    pages: i64,
    pairs: Vec<(String, String, SimilarPair)>,
}

/// The pairs at least `min` percent similar on `page`, with the reports named (unit and year), and how many in
/// all.
pub async fn pairs_page(
    state: &AppState,
    min: u32,
    page: i64,
) -> Result<(Vec<(String, String, SimilarPair)>, i64), gongkai_store::StoreError> {
    // Reading every report's facts brings the stored pairs up to date first (once per change).
    let all = state.facts.everything(&state.store).await?;
    let (rows, total) = state
        .store
        .pairs(f64::from(min) / 100.0, PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let name = |id: &str| {
        all.facts
            .iter()
            .find(|f| f.report_id == id)
            .map_or(id.to_string(), |f| format!("{} {} 年度", f.unit, f.year))
    };
    let pairs = rows
        .into_iter()
        .map(gongkai_supervise::from_stored)
        .map(|p| (name(&p.a), name(&p.b), p))
        .collect();
    Ok((pairs, total))
}

/// GET /supervise/similar.
pub async fn similar(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Query(q): Query<SimilarQuery>,
) -> Response {
    let min = q.min.unwrap_or(20).min(100);
    let page = q.page.unwrap_or(1).max(1);
    let (pairs, total) = match pairs_page(&state, min, page).await {
        Ok(p) => p,
        Err(e) => return super::failed(&state, e).await,
    };
    SimilarPage {
        agency: super::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        min,
        total,
        page,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
        pairs,
    }
    .into_response()
}
