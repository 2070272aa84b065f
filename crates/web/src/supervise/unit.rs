//! A unit (GET /supervise/units/{id}): its reports by year with their scores and the share of each one's prose
//! repeated from the year before, its applications and outcomes
//! over the years (charts), and each cross-year pair (上年结转 against last year's 结转下年度).

use super::{Data, SupervisorUser};
use crate::AppState;
use crate::agency::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_model::{CellValue, Report, TABLE3_COLUMNS};
use gongkai_store::staff::User;
use gongkai_supervise::assess;
use gongkai_write::chart::{Chart, number, svg};

/// A year of the unit.
pub struct YearLine {
    /// Year.
    pub year: i32,
    /// Report id.
    pub report_id: String,
    /// Current version.
    pub version: i64,
    /// Score.
    pub score: String,
    /// Problems found (diagnostics).
    pub problems: usize,
    /// The share of its own prose found in the unit's report of the year before, in words.
    pub self_copy: String,
}

/// A cross-year pair: the years, the columns compared, and what the rule found.
pub struct Pair {
    /// Last year.
    pub before: i32,
    /// This year.
    pub after: i32,
    /// (column, last year's 结转下年度, this year's 上年结转, equal).
    pub columns: Vec<(String, String, String, bool)>,
    /// The cross-year diagnostics of this year's report.
    pub findings: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sv_unit.html")]
struct UnitPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    name: String,
    region: String,
    office: String,
    inferred: bool,
    years: Vec<YearLine>,
    charts: Vec<String>,
    pairs: Vec<Pair>,
}

fn total(r: &Report, row: &str) -> Option<f64> {
    let x = r.table3.rows.iter().find(|x| x.key == row)?;
    match &x.cells.get(6)?.value {
        CellValue::Number(d) => d.to_string().parse().ok(),
        CellValue::Blank => Some(0.0),
        _ => None,
    }
}

fn group_total(r: &Report, prefix: &str) -> Option<f64> {
    let rows: Vec<_> = r
        .table3
        .rows
        .iter()
        .filter(|x| x.key == prefix || x.key.starts_with(&format!("{prefix}.")))
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.iter()
        .try_fold(0.0, |s, x| total(r, &x.key).map(|v| s + v))
}

fn shown(v: &CellValue) -> String {
    match v {
        CellValue::Number(d) => d.to_string(),
        CellValue::Blank => "空白".into(),
        other => other.uncertain_text().unwrap_or_else(|| "？".into()),
    }
}

/// GET /supervise/units/{id}.
pub async fn unit(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
    Path(id): Path<String>,
) -> Response {
    let data = match Data::load(&state).await {
        Ok(d) => d,
        Err(e) => return super::failed(&state, e).await,
    };
    let Some(u) = data.units.iter().find(|u| u.id == id).cloned() else {
        return super::problem(&state, StatusCode::NOT_FOUND, "没有这个单位。").await;
    };
    let mut mine: Vec<&assess::Facts> = data.facts.iter().filter(|f| f.unit_id == id).collect();
    mine.sort_by_key(|f| f.year);
    // The unit's readings in full (the cells as printed, for the charts and the cross-year pairs).
    let mut readings: Vec<Report> = Vec::with_capacity(mine.len());
    for f in &mine {
        match state
            .store
            .version_data(&f.report_id, Some(f.version))
            .await
        {
            Ok(Some((_, json))) => match gongkai_model::exchange::from_json(&json) {
                Ok(r) => readings.push(r),
                Err(e) => {
                    return super::failed(&state, gongkai_store::StoreError::Corrupt(e)).await;
                }
            },
            Ok(None) => readings.push(Report::default()),
            Err(e) => return super::failed(&state, e).await,
        }
    }
    let years = mine
        .iter()
        .map(|f| YearLine {
            year: f.year,
            report_id: f.report_id.clone(),
            version: f.version,
            score: number(assess::score(&data.rubric, f).score),
            problems: f.diagnostics.len(),
            self_copy: match f.self_copy {
                Some(share) => format!("{:.0}%", share * 100.0),
                None if mine.iter().any(|g| g.year == f.year - 1) => "不足 5%".into(),
                None => "（无上一年度报告）".into(),
            },
        })
        .collect();
    let labels: Vec<String> = mine.iter().map(|f| format!("{}年度", f.year)).collect();
    let groups = [
        ("granted", "予以公开"),
        ("partially_granted", "部分公开"),
        ("denied", "不予公开"),
        ("unable", "无法提供"),
        ("not_processed", "不予处理"),
        ("other", "其他处理"),
    ];
    let charts = vec![
        svg(&Chart::Bars {
            title: "历年本年新收政府信息公开申请（件）".into(),
            items: readings
                .iter()
                .zip(&labels)
                .map(|(r, l)| (l.clone(), total(r, "new_received").unwrap_or(0.0)))
                .collect(),
        }),
        svg(&Chart::Heat {
            title: "历年申请的办理结果（件）".into(),
            rows: groups.iter().map(|(_, l)| l.to_string()).collect(),
            cols: labels.clone(),
            values: groups
                .iter()
                .map(|(k, _)| readings.iter().map(|r| group_total(r, k)).collect())
                .collect(),
        }),
    ];
    let pairs = (1..mine.len())
        .filter(|&i| mine[i].year == mine[i - 1].year + 1)
        .map(|i| {
            let row = |r: &Report, key: &str| r.table3.rows.iter().find(|x| x.key == key).cloned();
            let (last, this) = (
                row(&readings[i - 1], "carried_forward"),
                row(&readings[i], "carried_over"),
            );
            let columns = TABLE3_COLUMNS
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let a = last
                        .as_ref()
                        .and_then(|x| x.cells.get(i))
                        .map(|c| c.value.clone());
                    let b = this
                        .as_ref()
                        .and_then(|x| x.cells.get(i))
                        .map(|c| c.value.clone());
                    let text = |v: &Option<CellValue>| v.as_ref().map_or("缺失".into(), shown);
                    (c.label.to_string(), text(&a), text(&b), a == b)
                })
                .collect();
            Pair {
                before: mine[i - 1].year,
                after: mine[i].year,
                columns,
                findings: mine[i]
                    .diagnostics
                    .iter()
                    .filter(|d| d.code.starts_with("PREV-"))
                    .map(|d| d.message.clone())
                    .collect(),
            }
        })
        .collect();
    UnitPage {
        agency: super::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        name: u.name,
        region: if u.region.is_empty() {
            "地区未知".into()
        } else {
            u.region
        },
        office: if u.office.is_empty() {
            "未载明".into()
        } else {
            u.office
        },
        inferred: u.inferred,
        years,
        charts,
        pairs,
    }
    .into_response()
}
