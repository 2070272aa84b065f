//! GET /api/agencies?q=…: the platform's registered agencies, public (the 受理机关 chooser and datasets read
//! it): all by region, or those whose name, short name or alias contains `q` (cut to 50 characters).

use super::ApiError;
use crate::AppState;
use crate::directory::{DirectoryQuery, MAX_LISTED};
use axum::Json;
use axum::extract::{Query, State};
use serde_json::{Value, json};

/// The registered agencies, at most [`MAX_LISTED`]; `truncated` says whether more match.
pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<DirectoryQuery>,
) -> Result<Json<Value>, ApiError> {
    let q: String = query.q.trim().chars().take(50).collect();
    let mut found = if q.is_empty() {
        state.store.agencies().await?
    } else {
        state.store.find_agencies(&q, MAX_LISTED + 1).await?
    };
    let truncated = found.len() > MAX_LISTED as usize;
    found.truncate(MAX_LISTED as usize);
    let agencies: Vec<Value> = found
        .into_iter()
        .map(|a| {
            json!({"code": a.code, "name": a.unit.name, "short_name": a.short_name, "region": a.unit.region,
                   "office": a.unit.office, "host": a.host})
        })
        .collect();
    Ok(Json(json!({"agencies": agencies, "truncated": truncated})))
}
