//! GET /api/agencies?q=…: the platform's registered agencies, public (the 受理机关 chooser and datasets read
//! it): all by region, or those whose name, short name or alias contains `q` (cut to 50 characters).

use super::ApiError;
use crate::AppState;
use crate::directory::DirectoryQuery;
use axum::Json;
use axum::extract::{Query, State};
use serde_json::{Value, json};

/// The registered agencies, at most [`MAX_LISTED`](crate::directory::MAX_LISTED); `truncated` says whether more
/// match.
pub async fn list(
    State(state): State<AppState>,
    Query(query): Query<DirectoryQuery>,
) -> Result<Json<Value>, ApiError> {
    let (_, found, truncated) = crate::directory::search(&state.store, &query).await?;
    let agencies: Vec<Value> = found
        .into_iter()
        .map(|a| {
            json!({"code": a.code, "name": a.unit.name, "short_name": a.short_name, "region": a.unit.region,
                   "office": a.unit.office, "host": a.host})
        })
        .collect();
    Ok(Json(json!({"agencies": agencies, "truncated": truncated})))
}
