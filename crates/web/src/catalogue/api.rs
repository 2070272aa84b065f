//! The catalogue through the JSON API (the office's roles): list and search, one entry, create, replace, the
//! lifecycle steps, import, the timeliness list and 表二 as counted from the catalogue. Entries are addressed by
//! `index_no` in the query string (a 索引号 may contain “/”).

use super::{Refusal, Step};
use crate::AppState;
use crate::api::{ApiError, ApiUser};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use gongkai_catalogue::Entry;
use gongkai_catalogue::timeliness::{Timeliness, late_list};
use gongkai_store::catalogue::CatalogueFilter;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn refused(r: Refusal) -> ApiError {
    match r {
        Refusal::Fields(f) => ApiError::fields(
            "内容有误，未保存。",
            f.into_iter().map(|(k, m)| (k.to_string(), m)).collect(),
        ),
        Refusal::Message(m) if m.contains("没有索引号") => {
            ApiError::new(StatusCode::NOT_FOUND, m)
        }
        Refusal::Message(m) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m),
    }
}

fn by(who: &ApiUser) -> String {
    format!("{}（{}）", who.user.display_name, who.user.username)
}

/// The list's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Words to search (full text).
    pub q: String,
    /// 主题分类.
    pub topic: String,
    /// Year published.
    pub year: Option<i32>,
    /// Page from 1.
    pub page: Option<i64>,
}

/// GET /api/catalogue: every entry (drafts too) a page at a time, or the search's hits among the published.
pub async fn list(
    State(state): State<AppState>,
    who: ApiUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    if !q.q.trim().is_empty() {
        let (hits, total) = state
            .search
            .search(
                state.store.agency_id(),
                &q.q,
                None,
                ((page - 1) * 50) as usize,
                50,
            )
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        let mut entries = Vec::new();
        for h in hits {
            if let Some(e) = state.store.entry(&h.index_no).await? {
                entries.push(e);
            }
        }
        return Ok(Json(
            json!({"total": total, "page": page, "entries": entries}),
        ));
    }
    let filter = CatalogueFilter {
        public_on: None,
        topic: Some(q.topic).filter(|t| !t.is_empty()),
        year: q.year,
        kind: None,
    };
    let (entries, total) = state.store.entries(&filter, (page - 1) * 50, 50).await?;
    Ok(Json(
        json!({"total": total, "page": page, "entries": entries}),
    ))
}

/// Which entry.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Which {
    /// 索引号.
    pub index_no: String,
}

async fn find(state: &AppState, no: &str) -> Result<Entry, ApiError> {
    state.store.entry(no).await?.ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("目录中没有索引号为 {no} 的信息。"),
        )
    })
}

/// GET /api/catalogue/entry?index_no=: one entry with its attachments and history.
pub async fn one(
    State(state): State<AppState>,
    who: ApiUser,
    Query(w): Query<Which>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let e = find(&state, &w.index_no).await?;
    let attachments: Vec<Value> = state
        .store
        .attachments(&e.index_no)
        .await?
        .into_iter()
        .map(|(seq, name, mime, size)| json!({"seq": seq, "name": name, "type": mime, "bytes": size}))
        .collect();
    let history: Vec<Value> = state
        .store
        .entry_history(&e.index_no)
        .await?
        .into_iter()
        .map(|h| json!({"at": h[0], "by": h[1], "action": h[2], "detail": h[3]}))
        .collect();
    Ok(Json(
        json!({"entry": e, "attachments": attachments, "history": history}),
    ))
}

/// POST /api/catalogue: a new entry (an empty `index_no` is made by the rule).
pub async fn create(
    State(state): State<AppState>,
    who: ApiUser,
    body: Result<Json<Entry>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Entry>), ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let Json(e) = body.map_err(crate::api::bad_json)?;
    let e = super::create(&state, e, &by(&who)).await.map_err(refused)?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// PUT /api/catalogue/entry?index_no=: replaces an entry's fields (its 索引号 stays).
pub async fn replace(
    State(state): State<AppState>,
    who: ApiUser,
    Query(w): Query<Which>,
    body: Result<Json<Entry>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Entry>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let Json(mut e) = body.map_err(crate::api::bad_json)?;
    find(&state, &w.index_no).await?;
    e.index_no = w.index_no;
    Ok(Json(
        super::edit(&state, e, &by(&who)).await.map_err(refused)?,
    ))
}

/// A lifecycle step.
#[derive(Debug, Deserialize)]
pub struct StepBody {
    /// publish, withdraw, repeal, expire, amend.
    pub action: String,
    /// The day (today when none).
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// The repealing or amending act.
    #[serde(default)]
    pub by: String,
}

/// POST /api/catalogue/steps?index_no=: publish, withdraw, repeal, expire, amend, or correct the publication
/// date (correct-published, the reason in `by`).
pub async fn step(
    State(state): State<AppState>,
    who: ApiUser,
    Query(w): Query<Which>,
    body: Result<Json<StepBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Entry>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let Json(s) = body.map_err(crate::api::bad_json)?;
    let d = s.date.unwrap_or_else(|| state.today());
    let step = match s.action.as_str() {
        "publish" => Step::Publish(d),
        "withdraw" => Step::Withdraw(d),
        "repeal" => Step::Repeal(d, s.by),
        "expire" => Step::Expire(d),
        "amend" => Step::Amend(d, s.by),
        "correct-published" => Step::CorrectPublished(d, s.by),
        _ => {
            return Err(ApiError::fields(
                "无法识别的操作。",
                BTreeMap::from([(
                    "action".to_string(),
                    "应为 publish、withdraw、repeal、expire、amend 或 correct-published"
                        .to_string(),
                )]),
            ));
        }
    };
    Ok(Json(
        super::apply(&state, &w.index_no, step, &by(&who))
            .await
            .map_err(refused)?,
    ))
}

/// POST /api/catalogue/import: a CSV/XLSX catalogue file as the body, all or nothing.
pub async fn import(
    State(state): State<AppState>,
    who: ApiUser,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    if body.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "请求内容应为目录文件（CSV 或 XLSX）。",
        ));
    }
    match super::import(&state, body.to_vec(), &by(&who)).await {
        Ok(n) => Ok(Json(json!({"imported": n}))),
        Err(errors) => Err(ApiError::fields(
            "未导入。",
            errors
                .into_iter()
                .enumerate()
                .map(|(i, e)| (format!("{}", i + 1), e))
                .collect(),
        )),
    }
}

/// GET /api/catalogue/late: entries published late or overdue unpublished (条例第二十六条).
pub async fn late(State(state): State<AppState>, who: ApiUser) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let entries = state.store.all_entries().await?;
    let today = state.today();
    let cal = state.calendar();
    let list: Vec<Value> = late_list(&entries, &cal, today)
        .into_iter()
        .map(|(e, t)| {
            let provisional = t.due().is_some_and(|d| cal.is_provisional(d));
            let (state_, due, days) = match t {
                Timeliness::Late { due, days_late } => ("late", Some(due), Some(days_late)),
                Timeliness::Unpublished { due, .. } => ("overdue", Some(due), None),
                Timeliness::Unknown(_) => ("unknown", None, None),
                Timeliness::OnTime { due } => ("on_time", Some(due), None),
            };
            json!({"index_no": e.index_no, "title": e.title, "written": e.written, "published": e.published,
                   "state": state_, "due": due, "due_provisional": provisional, "working_days_late": days})
        })
        .collect();
    Ok(Json(json!({"entries": list})))
}

/// GET /api/catalogue/table2/{year}: 表二's 规章 and 行政规范性文件 rows and section 一's count, from the catalogue.
pub async fn table2(
    State(state): State<AppState>,
    who: ApiUser,
    Path(year): Path<i32>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    if !(2008..=2100).contains(&year) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "年度应在 2008 至 2100 之间。",
        ));
    }
    let entries = state.store.all_entries().await?;
    let format = gongkai_model::FormatVersion::for_year(year);
    Ok(Json(json!({
        "year": year,
        "format": format.key(),
        "table2": gongkai_catalogue::counts::table2_rows(&entries, year, format),
        "published": gongkai_catalogue::counts::published_in(&entries, year),
    })))
}

/// The day of the register.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OnDay {
    /// YYYY-MM-DD (today when none).
    pub date: Option<NaiveDate>,
}

/// GET /api/catalogue/in-force?date=: the 规章 and 行政规范性文件 in force on a day.
pub async fn in_force(
    State(state): State<AppState>,
    who: ApiUser,
    Query(d): Query<OnDay>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let day = d.date.unwrap_or_else(|| state.today());
    let entries = state.store.all_entries().await?;
    let list = |k| -> Vec<Value> {
        gongkai_catalogue::counts::in_force_register(&entries, k, day)
            .into_iter()
            .map(|e| json!({"index_no": e.index_no, "title": e.title, "doc_no": e.doc_no, "written": e.written, "validity": e.validity}))
            .collect()
    };
    Ok(Json(json!({
        "date": day,
        "regulations": list(gongkai_catalogue::DocKind::Regulation),
        "normative_documents": list(gongkai_catalogue::DocKind::Normative),
    })))
}
