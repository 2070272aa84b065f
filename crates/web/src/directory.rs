//! The platform's 机关名录: the agencies registered on this deployment, by region, found by any part of their
//! name or short name (two characters are enough: “教育” finds 新郑市教育局).

use crate::AppState;
use crate::agency::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The most agencies one page lists.
pub const MAX_LISTED: i64 = 2000;

/// The directory's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DirectoryQuery {
    /// Part of a name (kept to its first 50 characters).
    pub q: String,
}

/// An agency's line in the directory.
pub struct Line {
    /// Full name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Supervising office.
    pub office: String,
    /// 统一社会信用代码.
    pub code: String,
    /// Its own site, if registered.
    pub host: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "agencies.html")]
struct DirectoryPage {
    agency: Agency,
    q: String,
    groups: Vec<(String, Vec<Line>)>,
    /// How many are listed.
    listed: usize,
    /// Whether more agencies match than are listed.
    more: bool,
}

/// The query kept (its first 50 characters, trimmed), the agencies it finds (all when empty) by region and
/// name, at most [`MAX_LISTED`], and whether more match — for the page and for GET /api/agencies.
pub async fn search(
    store: &gongkai_store::Store,
    query: &DirectoryQuery,
) -> Result<(String, Vec<gongkai_store::agencies::Agency>, bool), gongkai_store::StoreError> {
    let q: String = query.q.trim().chars().take(50).collect();
    let mut found = if q.is_empty() {
        store.agencies().await?
    } else {
        store.find_agencies(&q, MAX_LISTED + 1).await?
    };
    let more = found.len() > MAX_LISTED as usize;
    found.truncate(MAX_LISTED as usize);
    Ok((q, found, more))
}

/// GET /agencies?q=…: the agencies by region, all or those whose name, short name or alias contains `q`.
pub async fn directory(
    State(state): State<AppState>,
    Query(query): Query<DirectoryQuery>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let (q, found, more) = match search(&state.store, &query).await {
        Ok(f) => f,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                agency,
                e.to_string(),
            );
        }
    };
    let mut groups: Vec<(String, Vec<Line>)> = Vec::new();
    for a in found {
        let line = Line {
            name: a.unit.name,
            short_name: a.short_name,
            office: a.unit.office,
            code: a.code,
            host: a.host,
        };
        match groups.last_mut() {
            Some((region, lines)) if *region == a.unit.region => lines.push(line),
            _ => groups.push((a.unit.region, vec![line])),
        }
    }
    DirectoryPage {
        agency,
        q,
        listed: groups.iter().map(|g| g.1.len()).sum(),
        groups,
        more,
    }
    .into_response()
}
