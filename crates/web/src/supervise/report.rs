//! A report (GET /supervise/reports/{id}): its score and deductions, its problems, its tables with each
//! flagged or uncertain cell marked and linked, the chosen cell shown in the document beside them, the versions
//! and corrections (who, when, why); POST …/corrections corrects a cell against the document.

use super::document::{DocView, view};
use super::{Data, SupervisorUser};
use crate::AppState;
use crate::agency::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_model::{CellValue, Provenance, Report, TABLE3_COLUMNS, TABLE4_COLUMNS, TableId};
use gongkai_store::staff::User;
use gongkai_store::supervision::DiagnosticRecord;
use gongkai_supervise::assess;
use gongkai_supervise::correct::{self, CellRef};
use gongkai_write::chart::number;
use serde::Deserialize;

/// The page's query: the version shown and the cell chosen (“table3:granted:0”).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    /// Version (default: current).
    pub version: Option<i64>,
    /// The cell to show in the document.
    pub cell: String,
}

/// A cell of a table on the page.
pub struct CellView {
    /// “table:row:column”.
    pub key: String,
    /// As printed here.
    pub text: String,
    /// Where it is, in words (表三“（一）予以公开”行“自然人”列).
    pub label: String,
    /// “flagged”, “uncertain”, “corrected” or empty.
    pub class: &'static str,
    /// What is wrong with it (for the title and screen readers).
    pub note: String,
}

/// A row of a table on the page.
pub struct RowView {
    /// The row's label.
    pub label: String,
    /// Its cells.
    pub cells: Vec<CellView>,
}

/// A table on the page.
pub struct TableView {
    /// Caption.
    pub caption: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows.
    pub rows: Vec<RowView>,
}

/// A problem on the page.
pub struct ProblemView {
    /// 错误/警告/提示.
    pub severity: String,
    /// Rule code.
    pub code: String,
    /// The rule's name in Chinese.
    pub title: &'static str,
    /// Message.
    pub message: String,
    /// The cell it concerns (“table:row:column”), if one.
    pub cell: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sv_report.html")]
struct ReportPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    id: String,
    unit: String,
    unit_id: String,
    year: i32,
    version: i64,
    current: i64,
    versions: Vec<i64>,
    score: String,
    deductions: Vec<(String, String, String)>,
    problems: Vec<ProblemView>,
    tables: Vec<TableView>,
    chosen: String,
    chosen_label: String,
    doc: DocView,
    uncertain: Vec<(String, String)>,
    corrections: Vec<[String; 8]>,
    error: Option<String>,
    form: CorrectionForm,
}

fn cell_text(v: &CellValue) -> String {
    match v {
        CellValue::Number(d) => d.to_string(),
        CellValue::Blank => String::new(),
        CellValue::Mark(m) => m.clone(),
        other => other.uncertain_text().unwrap_or_default(),
    }
}

/// The cells a diagnostic points to: (table key, row key, column label or key).
fn flagged(d: &DiagnosticRecord) -> Option<(&str, &str, Option<&str>)> {
    Some((d.table.as_deref()?, d.row.as_deref()?, d.column.as_deref()))
}

/// The page's tables, each cell marked by its state and the diagnostics that name it; with every cell's
/// (key, label, provenance).
fn tables(
    r: &Report,
    diags: &[DiagnosticRecord],
    corrected: &[(String, String, String)],
) -> (Vec<TableView>, Vec<(String, String, Provenance)>) {
    let mut all = Vec::new();
    let mut out = Vec::new();
    for (id, key) in [
        (TableId::Table2, "table2"),
        (TableId::Table3, "table3"),
        (TableId::Table4, "table4"),
    ] {
        let t = r.table(id);
        let mut width = 0;
        let rows = t
            .rows
            .iter()
            .map(|row| {
                width = width.max(row.cells.len());
                let cells = row
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let label = r.column_label(id, &row.key, i);
                        let col = match id {
                            TableId::Table2 => gongkai_model::table2_rows(
                                t.format
                                    .or(r.format)
                                    .unwrap_or(gongkai_model::FormatVersion::V2021),
                            )
                            .iter()
                            .find(|x| x.key == row.key)
                            .and_then(|x| x.columns.get(i))
                            .map_or(i.to_string(), |c| c.key.to_string()),
                            _ => i.to_string(),
                        };
                        let cell_key = format!("{key}:{}:{col}", row.key);
                        let notes: Vec<&str> = diags
                            .iter()
                            .filter(|d| {
                                flagged(d).is_some_and(|(dt, dr, dc)| {
                                    dt == key
                                        && dr == row.key
                                        && dc.is_none_or(|c| c == label || c == col)
                                })
                            })
                            .map(|d| d.message.as_str())
                            .collect();
                        let is_corrected = corrected.iter().any(|(a, b, c)| {
                            a == key && *b == row.key && (*c == col || *c == i.to_string())
                        });
                        let class = if c.value.uncertain_text().is_some() {
                            "uncertain"
                        } else if is_corrected {
                            // The supervisor's correction outranks a finding on its row.
                            "corrected"
                        } else if !notes.is_empty() {
                            "flagged"
                        } else {
                            ""
                        };
                        let where_ = format!("{}“{}”行“{label}”列", short(id), row.printed_label);
                        all.push((cell_key.clone(), where_.clone(), c.source.clone()));
                        // A correction may name a 表二 column by its position.
                        if col != i.to_string() {
                            let by_position = format!("{key}:{}:{i}", row.key);
                            all.push((by_position, where_.clone(), c.source.clone()));
                        }
                        CellView {
                            label: where_,
                            key: cell_key,
                            text: cell_text(&c.value),
                            class,
                            note: notes.join("；"),
                        }
                    })
                    .collect();
                RowView {
                    label: row.printed_label.clone(),
                    cells,
                }
            })
            .collect();
        let columns = match id {
            TableId::Table3 => TABLE3_COLUMNS.iter().map(|c| c.label.to_string()).collect(),
            TableId::Table4 => gongkai_model::TABLE4_GROUPS
                .iter()
                .flat_map(|_| TABLE4_COLUMNS.iter().map(|c| c.label.to_string()))
                .take(width)
                .collect(),
            TableId::Table2 => (1..=width).map(|i| format!("第 {i} 列")).collect(),
        };
        out.push(TableView {
            caption: id.title().to_string(),
            columns,
            rows,
        });
    }
    (out, all)
}

fn short(id: TableId) -> &'static str {
    match id {
        TableId::Table2 => "表二",
        TableId::Table3 => "表三",
        TableId::Table4 => "表四",
    }
}

/// The correction form.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CorrectionForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// “table:row:column”.
    pub cell: String,
    /// The value in the document.
    pub value: String,
    /// Where in the document it is read.
    pub reason: String,
}

/// GET /supervise/reports/{id}.
pub async fn page(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Response {
    render(&state, session, &id, q, None, CorrectionForm::default()).await
}

async fn render(
    state: &AppState,
    session: gongkai_store::staff::Session,
    id: &str,
    q: ReportQuery,
    error: Option<String>,
    form: CorrectionForm,
) -> Response {
    let data = match Data::load(state).await {
        Ok(d) => d,
        Err(e) => return super::failed(state, e).await,
    };
    let Some(f) = data.facts.iter().find(|f| f.report_id == id) else {
        return super::problem(state, StatusCode::NOT_FOUND, "没有这份报告。").await;
    };
    let version = q.version.unwrap_or(f.version).clamp(1, f.version);
    let Ok(Some((_, json))) = state.store.version_data(id, Some(version)).await else {
        return super::problem(state, StatusCode::NOT_FOUND, "没有这个版本。").await;
    };
    let Ok(report) = gongkai_model::exchange::from_json(&json) else {
        return super::problem(
            state,
            StatusCode::INTERNAL_SERVER_ERROR,
            "版本数据无法读取。",
        )
        .await;
    };
    let diags = if version == f.version {
        f.diagnostics.clone()
    } else {
        state
            .store
            .version_diagnostics(id, version)
            .await
            .unwrap_or_default()
    };
    let corrections = state.store.corrections(id).await.unwrap_or_default();
    let corrected: Vec<(String, String, String)> = corrections
        .iter()
        .filter(|c| c[0].parse::<i64>().is_ok_and(|v| v <= version))
        .map(|c| (c[1].clone(), c[2].clone(), c[3].clone()))
        .collect();
    let (tables, cells) = tables(&report, &diags, &corrected);
    let uncertain: Vec<(String, String)> = tables
        .iter()
        .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
        .filter(|c| c.class == "uncertain")
        .filter_map(|c| {
            cells
                .iter()
                .find(|x| x.0 == c.key)
                .map(|x| (x.0.clone(), x.1.clone()))
        })
        .collect();
    // The cell shown in the document: the one asked for, else the first uncertain, else the first flagged.
    let chosen = [q.cell.clone()]
        .into_iter()
        .chain(uncertain.first().map(|u| u.0.clone()))
        .chain(
            tables
                .iter()
                .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
                .find(|c| c.class == "flagged")
                .map(|c| c.key.clone()),
        )
        .find(|k| cells.iter().any(|c| c.0 == *k))
        .unwrap_or_default();
    let hash = state
        .store
        .version_document(id, version)
        .await
        .ok()
        .flatten();
    let file = match &hash {
        Some(h) => state.store.document_file(h).await.ok().flatten(),
        None => None,
    };
    let (chosen_label, at) = cells
        .iter()
        .find(|c| c.0 == chosen)
        .map(|c| (c.1.clone(), c.2.clone()))
        .unwrap_or_default();
    // Each correction with its cell named as printed and its time in Beijing.
    let corrections: Vec<[String; 8]> = corrections
        .into_iter()
        .map(|[version, tbl, row, col, old, new, by, at, reason]| {
            let key = format!("{tbl}:{row}:{col}");
            let cell = cells
                .iter()
                .find(|c| c.0 == key)
                .map_or(key.clone(), |c| c.1.clone());
            // The value replaced, as the page shows values (a stored reading's doubt in words).
            let old = serde_json::from_str(&old)
                .ok()
                .and_then(|v| gongkai_model::exchange::cell_from_json(&v).ok())
                .map_or(old, |v| cell_text(&v));
            // “示例监督人员（supervisor）”: the name, and the login apart (shown as code).
            let (name, login) = by
                .strip_suffix('）')
                .and_then(|b| b.rsplit_once('（'))
                .map_or((by.clone(), String::new()), |(n, l)| {
                    (n.to_string(), l.to_string())
                });
            let at = crate::beijing_time(&at);
            [version, cell, old, new, name, login, at, reason]
        })
        .collect();
    let doc = match (hash, file) {
        (Some(h), Some((_, bytes))) => tokio::task::spawn_blocking(move || view(&h, &bytes, &at))
            .await
            .unwrap_or_else(|_| DocView::Nothing("系统错误".into())),
        _ => DocView::Nothing("没有保存这份报告的原文（此前读取的报告只保存了读取结果）。".into()),
    };
    let score = assess::score(&data.rubric, f);
    let problems = diags
        .iter()
        .map(|d| ProblemView {
            severity: d.severity.clone(),
            title: gongkai_check::rule(&d.code).map_or("读取说明", |r| r.title),
            code: d.code.clone(),
            message: d.message.clone(),
            cell: flagged(d).and_then(|(t, r, c)| {
                cells
                    .iter()
                    .filter(|x| x.0.starts_with(&format!("{t}:{r}:")))
                    .find(|x| {
                        c.is_none_or(|c| {
                            x.1.contains(&format!("“{c}”列")) || x.0.ends_with(&format!(":{c}"))
                        })
                    })
                    .map(|x| x.0.clone())
            }),
        })
        .collect();
    ReportPage {
        agency: super::agency(state).await,
        user: Some(session.user),
        csrf: session.csrf,
        id: id.to_string(),
        unit: f.unit.clone(),
        unit_id: f.unit_id.clone(),
        year: f.year,
        version,
        current: f.version,
        versions: (1..=f.version).rev().collect(),
        score: number(score.score),
        deductions: score
            .deductions
            .iter()
            .map(|d| (d.label.clone(), number(d.points), d.evidence.join("；")))
            .collect(),
        problems,
        tables,
        chosen,
        chosen_label,
        doc,
        uncertain,
        corrections,
        error,
        form,
    }
    .into_response()
}

/// POST /supervise/reports/{id}/corrections: corrects a cell of the current version against the document.
pub async fn correct(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Path(id): Path<String>,
    Form(form): Form<CorrectionForm>,
) -> Response {
    if form.csrf != session.csrf {
        return super::stale_form(&state).await;
    }
    let mut parts = form.cell.splitn(3, ':');
    let (Some(table), Some(row), Some(column)) = (parts.next(), parts.next(), parts.next()) else {
        let q = ReportQuery::default();
        return render(
            &state,
            session,
            &id,
            q,
            Some("请选择要更正的单元格。".into()),
            form,
        )
        .await;
    };
    let cell = CellRef {
        table: table.to_string(),
        row: row.to_string(),
        column: column.to_string(),
    };
    let result = match correct::parse_value(&form.value) {
        Ok(v) => {
            let by = format!("{}（{}）", session.user.display_name, session.user.username);
            correct::correct(
                &state.store,
                &id,
                &cell,
                v,
                &by,
                form.reason.trim(),
                state.today,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Redirect::to(&format!(
            "/supervise/reports/{id}?cell={}",
            super::q(&form.cell)
        ))
        .into_response(),
        Err(e) => {
            let q = ReportQuery {
                version: None,
                cell: form.cell.clone(),
            };
            let mut resp = render(&state, session, &id, q, Some(e), form).await;
            if resp.status() == StatusCode::OK {
                *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            resp
        }
    }
}
