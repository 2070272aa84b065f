//! The API's report routes: the year's report as exchange JSON, its checks, the cases behind a 表三 cell, the
//! report in every format, and the office's own parts (表二 and the sections' prose).

use super::{ApiError, ApiUser, bad_json, record};
use crate::AppState;
use crate::staff::report::{build, render};
use crate::staff::report_edit::{MAX_SECTION, parse_value};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_model::{FormatVersion, Report, table2_rows};
use gongkai_store::report::SectionText;
use gongkai_write::Target;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn year_ok(year: i32) -> Result<i32, ApiError> {
    crate::staff::report::year_ok(year).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e))
}

async fn report_of(state: &AppState, year: i32) -> Result<Report, ApiError> {
    let agency = crate::portal::agency(state).await;
    build(state, &agency, year_ok(year)?).await.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("无法生成 {year} 年度报告：{e}"),
        )
    })
}

/// GET /api/reports/{year}: the report as exchange JSON (表二 as entered, 表三 and 表四 from the cases).
pub async fn report(
    State(state): State<AppState>,
    who: ApiUser,
    Path(year): Path<i32>,
) -> Result<Response, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let r = report_of(&state, year).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        gongkai_write::draft::to_json(&r),
    )
        .into_response())
}

/// GET /api/reports/{year}/checks: every check of the report with its explanation.
pub async fn checks(
    State(state): State<AppState>,
    who: ApiUser,
    Path(year): Path<i32>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let r = report_of(&state, year).await?;
    let list: Vec<Value> = gongkai_check::check(&r, None)
        .into_iter()
        .map(|d| {
            let mut v = json!(d);
            v["explanation"] = json!(gongkai_check::rule(d.code).map_or("", |r| r.explanation));
            v
        })
        .collect();
    Ok(Json(json!(list)))
}

/// Which table a cell is in.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TableQuery {
    /// 3 (default) or 4.
    pub table: Option<u8>,
}

/// GET /api/reports/{year}/cells/{row}/{col}[?table=4]: the case numbers behind one 表三 cell (`col` 0–5 for
/// the applicant columns, 6 for 总计), or the review and lawsuit numbers behind one 表四 cell (`row` a group
/// key, `col` 0–4), each with the application it concerns.
pub async fn cell(
    State(state): State<AppState>,
    who: ApiUser,
    Path((year, row, col)): Path<(i32, String, usize)>,
    Query(t): Query<TableQuery>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    if t.table == Some(4) {
        let items = crate::staff::report::table4_cell(&state, year_ok(year)?, &row, col)
            .await
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e))?;
        let list: Vec<Value> = items
            .into_iter()
            .map(|(id, app)| json!({"review": id, "application": app}))
            .collect();
        return Ok(Json(
            json!({ "year": year, "table": 4, "row": row, "column": col, "reviews": list }),
        ));
    }
    if col > 6 {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "列应为 0 至 6。"));
    }
    let ids = state
        .store
        .explain(year_ok(year)?, &row, col)
        .await
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.to_string()))?;
    Ok(Json(
        json!({ "year": year, "row": row, "column": col, "cases": ids }),
    ))
}

/// GET /api/reports/{year}/export/{format}: the report as pdf, docx, html, xlsx, md or json.
pub async fn export(
    State(state): State<AppState>,
    who: ApiUser,
    Path((year, format)): Path<(i32, String)>,
) -> Result<Response, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let target = Target::from_ext(&format).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "格式应为 pdf、docx、html、xlsx、md 或 json。",
        )
    })?;
    let r = report_of(&state, year).await?;
    let (mime, bytes) =
        render(&r, target).map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok(([(header::CONTENT_TYPE, mime)], bytes).into_response())
}

/// PUT /api/reports/{year}/table2: the 表二 figures as `{row: {column: number}}`, every cell of the year's
/// format required and checked by its column's kind; nothing saved on error.
pub async fn put_table2(
    State(state): State<AppState>,
    who: ApiUser,
    Path(year): Path<i32>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let year = year_ok(year)?;
    let Json(given) = body.map_err(bad_json)?;
    let mut fields = BTreeMap::new();
    let mut out = serde_json::Map::new();
    for r in table2_rows(FormatVersion::for_year(year)) {
        let mut row = serde_json::Map::new();
        for c in r.columns {
            let name = format!("{}.{}", r.key, c.key);
            let text = match given.get(r.key).and_then(|x| x.get(c.key)) {
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            match parse_value(c.kind, &text) {
                Ok(d) => {
                    let n: serde_json::Number =
                        serde_json::from_str(&d.to_string()).expect("a decimal is a JSON number");
                    row.insert(c.key.into(), Value::Number(n));
                }
                Err(e) => {
                    fields.insert(name, format!("{}“{}”：{e}", r.label, c.label));
                }
            }
        }
        out.insert(r.key.into(), Value::Object(row));
    }
    if let Some(obj) = given.as_object() {
        for k in obj.keys() {
            if !out.contains_key(k) {
                fields.insert(k.clone(), format!("{year} 年度的表二没有“{k}”这一行。"));
            }
        }
    }
    if !fields.is_empty() {
        return Err(ApiError::fields("表二有误，未保存。", fields));
    }
    let table2 = Value::Object(out);
    state
        .store
        .set_proactive_by(
            year,
            &table2,
            &who.user.username,
            &state.today.now().to_rfc3339(),
        )
        .await?;
    record(
        &state,
        &who.user.username,
        &format!("修改 {year} 年度报告：表二"),
        &format!("{year} 年度报告"),
    )
    .await;
    Ok(Json(table2))
}

/// A section's prose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionBody {
    /// The text (paragraphs separated by line breaks).
    pub text: String,
}

/// PUT /api/reports/{year}/sections/{number}: the prose of section 1–6.
pub async fn put_section(
    State(state): State<AppState>,
    who: ApiUser,
    Path((year, number)): Path<(i32, u8)>,
    body: Result<Json<SectionBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let state = who.scoped(&state);
    who.office()?;
    let year = year_ok(year)?;
    if !(1..=6).contains(&number) {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "正文只有第 1 至 6 部分。",
        ));
    }
    let Json(b) = body.map_err(bad_json)?;
    let text = b.text.replace("\r\n", "\n").trim().to_string();
    if text.chars().count() > MAX_SECTION {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("每部分不能超过 {MAX_SECTION} 个字。"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "含有无法显示的控制字符。",
        ));
    }
    let saved = SectionText {
        number,
        text,
        updated_by: who.user.username.clone(),
        updated_at: state.today.now().to_rfc3339(),
    };
    state
        .store
        .set_sections(year, std::slice::from_ref(&saved))
        .await?;
    record(
        &state,
        &who.user.username,
        &format!("修改 {year} 年度报告：第{number}部分"),
        &format!("{year} 年度报告"),
    )
    .await;
    Ok(Json(json!({
        "number": number,
        "text": saved.text,
        "updated_by": saved.updated_by,
        "updated_at": saved.updated_at,
    })))
}
