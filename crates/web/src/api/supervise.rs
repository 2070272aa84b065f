//! The supervision API (role 监督人员 or administrator): the region tree, the year's scores with metrics and
//! totals, a unit's years, a report with its problems and corrections, corrections, uploads, 雷同 pairs and the
//! assessment report — what the supervisor's pages show.

use super::{ApiError, ApiUser};
use crate::AppState;
use crate::staff::Role;
use crate::supervise::Data;
use crate::supervise::overview::assessment_file;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_supervise::assess;
use gongkai_supervise::correct::{self, CellRef};
use gongkai_supervise::ingest::{self, Source};
use gongkai_supervise::similar::SimilarPair;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

impl ApiUser {
    /// Refuses anyone but supervisors and the administrator.
    pub fn supervisor(&self) -> Result<(), ApiError> {
        match self.role {
            Role::Supervisor | Role::Admin => Ok(()),
            _ => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "您的账号无权访问监督评估的数据。",
            )),
        }
    }
}

async fn data(state: &AppState) -> Result<Data, ApiError> {
    Ok(Data::load(state).await?)
}

/// GET /api/supervise/regions: the region tree with its units.
pub async fn regions(State(state): State<AppState>, who: ApiUser) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.supervisor()?;
    let units = state.store.units().await?;
    let tree = gongkai_supervise::regions::tree(&units);
    let regions: Vec<Value> = tree
        .walk()
        .into_iter()
        .skip(1)
        .map(|(depth, r)| {
            json!({
                "path": r.path, "name": r.name, "depth": depth - 1,
                "units": r.units.iter().map(|u| json!({"id": u.id, "name": u.name, "office": u.office, "inferred": u.inferred})).collect::<Vec<_>>(),
                "all_units": r.all_units().len(),
            })
        })
        .collect();
    Ok(Json(json!({ "regions": regions })))
}

/// GET /api/supervise/scores?year=&region=: scores and ranks, metrics, totals.
pub async fn scores(
    State(state): State<AppState>,
    who: ApiUser,
    Query(scope): Query<crate::supervise::Scope>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.supervisor()?;
    let d = data(&state).await?;
    let region = scope.region.trim_matches('/');
    if gongkai_supervise::regions::tree(&d.units)
        .find(region)
        .is_none()
    {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("没有地区“{region}”。"),
        ));
    }
    let year = d
        .year(&scope)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "尚无报告。"))?;
    Ok(Json(assess::summary_json(
        &d.rubric, &d.facts, region, year,
    )))
}

/// GET /api/supervise/units/{id}: a unit and its reports by year with their scores.
pub async fn unit(
    State(state): State<AppState>,
    who: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.supervisor()?;
    let d = data(&state).await?;
    let u = d
        .units
        .iter()
        .find(|u| u.id == id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "没有这个单位。"))?;
    let mut years: Vec<&assess::Facts> = d.facts.iter().filter(|f| f.unit_id == id).collect();
    years.sort_by_key(|f| f.year);
    Ok(Json(json!({
        "id": u.id, "name": u.name, "region": u.region, "office": u.office, "inferred": u.inferred,
        "reports": years.iter().map(|f| json!({
            "id": f.report_id, "year": f.year, "version": f.version,
            "score": assess::score(&d.rubric, f),
            "cross_year": f.diagnostics.iter().filter(|x| x.code.starts_with("PREV-")).map(|x| &x.message).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })))
}

/// The query of a report: its version.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VersionQuery {
    /// Version (default: current).
    pub version: Option<i64>,
}

/// GET /api/supervise/reports/{id}?version=: the reading (exchange JSON), its problems, score and corrections.
pub async fn report(
    State(state): State<AppState>,
    who: ApiUser,
    Path(id): Path<String>,
    Query(q): Query<VersionQuery>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.supervisor()?;
    let d = data(&state).await?;
    let f = d
        .facts
        .iter()
        .find(|f| f.report_id == id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "没有这份报告。"))?;
    let version = q.version.unwrap_or(f.version);
    let (_, reading) = state
        .store
        .version_data(&id, Some(version))
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "没有这个版本。"))?;
    let problems: Vec<Value> = state
        .store
        .version_diagnostics(&id, version)
        .await?
        .iter()
        .map(|x| json!({"code": x.code, "severity": x.severity, "message": x.message, "table": x.table, "row": x.row, "column": x.column}))
        .collect();
    let corrections: Vec<Value> = state
        .store
        .corrections(&id)
        .await?
        .iter()
        .map(|c| json!({"version": c[0], "table": c[1], "row": c[2], "column": c[3], "old": c[4], "new": c[5], "by": c[6], "at": c[7], "reason": c[8]}))
        .collect();
    Ok(Json(json!({
        "id": id, "unit": f.unit, "unit_id": f.unit_id, "year": f.year,
        "version": version, "current_version": f.version,
        "score": (version == f.version).then(|| assess::score(&d.rubric, f)),
        "reading": reading, "problems": problems, "corrections": corrections,
    })))
}

/// A correction.
#[derive(Debug, Deserialize)]
pub struct Correction {
    /// table2, table3 or table4.
    pub table: String,
    /// Row key.
    pub row: String,
    /// Column index (表二: the column key).
    pub column: String,
    /// The value in the document: a number, “空白”, or a printed mark.
    pub value: String,
    /// Where in the document it is read.
    pub reason: String,
}

/// POST /api/supervise/reports/{id}/corrections.
pub async fn add_correction(
    State(state): State<AppState>,
    who: ApiUser,
    Path(id): Path<String>,
    body: Result<Json<Correction>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let state = who.scoped(&state);
    who.supervisor()?;
    let Json(c) = body.map_err(super::bad_json)?;
    let value = correct::parse_value(&c.value).map_err(|e| {
        ApiError::fields("更正的值有误。", BTreeMap::from([("value".to_string(), e)]))
    })?;
    if c.reason.trim().is_empty() {
        return Err(ApiError::fields(
            "更正须写明理由。",
            BTreeMap::from([("reason".to_string(), "请写明依据原文的哪一处。".to_string())]),
        ));
    }
    let by = format!("{}（{}）", who.user.display_name, who.user.username);
    let cell = CellRef {
        table: c.table,
        row: c.row,
        column: c.column,
    };
    match correct::correct(
        &state.store,
        &id,
        &cell,
        value,
        &by,
        c.reason.trim(),
        state.today,
    )
    .await
    {
        Ok(version) => Ok((
            StatusCode::CREATED,
            Json(json!({"id": id, "version": version})),
        )),
        Err(e) if e.starts_with("没有编号") => Err(ApiError::new(StatusCode::NOT_FOUND, e)),
        Err(e) => Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e)),
    }
}

/// POST /api/supervise/reports: one report file as the request body, its name in `X-File-Name` (percent-encoded).
pub async fn upload(
    State(state): State<AppState>,
    who: ApiUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.supervisor()?;
    if body.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "请求内容应为报告文件。",
        ));
    }
    let name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "上传的文件".into());
    let name =
        crate::boundary::file_name(&name).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e))?;
    let by = format!("{}（{}）", who.user.display_name, who.user.username);
    let fetcher = std::sync::Arc::new(gongkai_supervise::fetch::Fetcher::new(
        std::time::Duration::from_secs(1),
        std::time::Duration::from_secs(30),
    ));
    let quiet = |_: usize, _: usize| {};
    let s = ingest::ingest_sources(
        &state.store,
        vec![Source::Bytes(name, body.to_vec())],
        fetcher,
        &by,
        state.today,
        &quiet,
    )
    .await?;
    Ok(Json(json!({
        "files": s.files, "new_reports": s.new_reports, "new_versions": s.new_versions, "known": s.known,
        "failed": s.failed.iter().map(|(f, why)| json!({"file": f, "reason": why})).collect::<Vec<_>>(),
    })))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or(""), 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// GET /api/supervise/similar?min=&page=: pairs sharing at least `min` percent of own prose, passages side by
/// side, a page of them and how many in all.
pub async fn similar(
    State(state): State<AppState>,
    who: ApiUser,
    Query(q): Query<crate::supervise::similar::SimilarQuery>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.supervisor()?;
    let page = q.page.unwrap_or(1).max(1);
    let (pairs, total) =
        crate::supervise::similar::pairs_page(&state, q.min.unwrap_or(20).min(100), page).await?;
    let pairs: Vec<&SimilarPair> = pairs.iter().map(|(_, _, p)| p).collect();
    Ok(Json(json!({ "pairs": pairs, "total": total, "page": page,
        "per_page": crate::supervise::similar::PER_PAGE })))
}

/// GET /api/supervise/assessment?year=&region=&format=: the assessment report file.
pub async fn assessment(
    State(state): State<AppState>,
    who: ApiUser,
    Query(scope): Query<crate::supervise::Scope>,
) -> Result<Response, ApiError> {
    let state = who.scoped(&state);
    who.supervisor()?;
    let (name, mime, bytes) = assessment_file(&state, &scope)
        .await
        .map_err(|(status, e)| ApiError::new(status, e))?;
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, crate::attachment(&name)),
        ],
        bytes,
    )
        .into_response())
}
