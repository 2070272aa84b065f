//! The annual report page: 表三 and 表四 generated from the ledger's cases (each 表三 cell a link to the cases
//! behind it), every check with its explanation, and the report downloaded in every format `gongkai write`
//! writes.

use super::OfficeUser;
use crate::AppState;
use crate::agency::Agency;
use crate::scope::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use gongkai_ledger::case::ApplicantType;
use gongkai_model::{Report, RowData, TableData};
use gongkai_store::staff::User;
use gongkai_write::Target;
use serde::Deserialize;

/// One printed row: key, label, and (column index, printed value) per cell.
pub(crate) struct PrintedRow {
    key: String,
    label: String,
    cells: Vec<(usize, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_report.html")]
struct ReportPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    year: i32,
    downloads: Vec<(&'static str, &'static str)>,
    checks: Vec<(
        &'static str,
        &'static str,
        String,
        &'static str,
        &'static str,
    )>,
    years: Vec<i32>,
    t3_head: super::report_grid::Rows,
    t3_body: super::report_grid::Rows,
    table2: Vec<(String, Vec<(&'static str, String)>)>,
    sections: Vec<(String, String)>,
    table4: Vec<PrintedRow>,
    charts: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_cell.html")]
struct CellPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    year: i32,
    table: &'static str,
    row: String,
    column: String,
    /// (case or review number, the case page to link to).
    items: Vec<(String, Option<String>)>,
}

/// The year asked for (default: last year, the one being reported).
#[derive(Debug, Deserialize)]
pub struct YearQuery {
    /// Report year.
    pub year: Option<i32>,
    /// Download format (extension).
    pub format: Option<String>,
    /// 表三 row key.
    pub row: Option<String>,
    /// 表三 column index (0–6), or 表四 column index (0–4) with `table=4`.
    pub col: Option<usize>,
    /// 3 (default) or 4.
    pub table: Option<u8>,
}

/// The years a report can be made for: the 条例's reports began with 2008.
pub const YEARS: std::ops::RangeInclusive<i32> = 2008..=2100;

/// A report year given by a user or a program, or why not (in Chinese).
pub fn year_ok(year: i32) -> Result<i32, String> {
    if YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(format!(
            "年度 {year} 不在 {} 至 {} 年之间。",
            YEARS.start(),
            YEARS.end()
        ))
    }
}

/// The year asked for, else last year (the one being reported); a year outside [`YEARS`] is refused with a
/// 400 page.
async fn year_of(state: &AppState, q: &YearQuery) -> Result<i32, Response> {
    match year_ok(q.year.unwrap_or_else(|| state.today().year() - 1)) {
        Ok(y) => Ok(y),
        Err(e) => Err(crate::portal::problem(
            StatusCode::BAD_REQUEST,
            crate::portal::agency(state).await,
            e,
        )),
    }
}

/// The report of `year`: 表三 and 表四 counted from the cases, 表二 and the sections' prose as the office saved
/// them (the generated skeleton for a section not yet written).
pub(crate) async fn build(state: &AppState, agency: &Agency, year: i32) -> Result<Report, String> {
    let t3 = state
        .store
        .table3_counts(year)
        .await
        .map_err(|e| e.to_string())?;
    let reviews = state.store.reviews().await.map_err(|e| e.to_string())?;
    let t2 = state
        .store
        .proactive(year)
        .await
        .map_err(|e| e.to_string())?;
    let t4 = gongkai_ledger::report::table4_counts(reviews.iter(), year);
    // 表二's 规章 and 行政规范性文件 rows, and section 一's count, come from the catalogue when it is kept here;
    // the other rows (许可, 处罚, 强制, 收费) are those entered, with who entered them.
    let entries = state.store.all_entries().await.map_err(|e| e.to_string())?;
    let t2 = if entries.is_empty() {
        t2
    } else {
        let format = gongkai_model::FormatVersion::for_year(year);
        let mut merged = t2.unwrap_or_else(|| serde_json::json!({}));
        let counted = gongkai_catalogue::counts::table2_rows(&entries, year, format);
        for key in ["regulations", "normative_documents"] {
            merged[key] = counted[key].clone();
        }
        Some(merged)
    };
    let mut report = gongkai_ledger::report::build_report(&agency.name, year, &t3, t4, t2.as_ref());
    if !entries.is_empty()
        && let Some(s) = report.sections.iter_mut().find(|s| s.number == 1)
    {
        s.text = format!(
            "{}\n{}",
            gongkai_catalogue::counts::section_one_sentence(&entries, year),
            s.text
        );
    }
    let saved = state
        .store
        .sections(year)
        .await
        .map_err(|e| e.to_string())?;
    for s in saved {
        if let Some(section) = report.sections.iter_mut().find(|x| x.number == s.number) {
            section.text = s.text;
        }
    }
    Ok(report)
}

/// A table's rows as printed, each labelled by `label`.
fn printed_rows(t: &TableData, label: impl Fn(&RowData) -> String) -> Vec<PrintedRow> {
    t.rows
        .iter()
        .map(|r| PrintedRow {
            key: r.key.clone(),
            label: label(r),
            cells: r
                .cells
                .iter()
                .enumerate()
                .map(|(i, c)| (i, gongkai_write::grid::value_text(&c.value)))
                .collect(),
        })
        .collect()
}

/// GET /staff/report?year=Y.
pub async fn report(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Query(q): Query<YearQuery>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let year = match year_of(&state, &q).await {
        Ok(y) => y,
        Err(r) => return r,
    };
    let report = match build(&state, &agency, year).await {
        Ok(r) => r,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::BAD_REQUEST,
                agency,
                format!("无法生成 {year} 年度报告：{e}"),
            );
        }
    };
    let checks = gongkai_check::check(&report, None)
        .into_iter()
        .map(|d| {
            let rule = gongkai_check::rule(d.code);
            let explanation = rule.map_or("", |r| r.explanation);
            let title = rule.map_or("", |r| r.title);
            (d.severity.label(), d.code, d.detail(), explanation, title)
        })
        .collect();
    let (t3_head, t3_body) = match super::report_grid::table3(&report, year) {
        Ok(t) => t,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                agency,
                format!("无法排出 {year} 年度报告的表三：{e}"),
            );
        }
    };
    let this_year = state.today().year();
    let table4 = printed_rows(&report.table4, |r| r.printed_label.clone());
    let defs = gongkai_model::table2_rows(
        report
            .format
            .unwrap_or(gongkai_model::FormatVersion::for_year(year)),
    );
    let table2 = report
        .table2
        .rows
        .iter()
        .map(|r| {
            let labels = defs
                .iter()
                .find(|d| d.key == r.key)
                .map_or(&[][..], |d| d.columns);
            let cells = labels
                .iter()
                .zip(&r.cells)
                .map(|(c, v)| (c.label, gongkai_write::grid::value_text(&v.value)))
                .collect();
            (r.printed_label.clone(), cells)
        })
        .collect();
    let sections = report
        .sections
        .iter()
        .map(|s| (s.heading.clone(), s.text.clone()))
        .collect();
    ReportPage {
        table2,
        sections,
        agency,
        user: Some(session.user),
        csrf: session.csrf,
        year,
        downloads: DOWNLOADS.to_vec(),
        checks,
        years: (this_year - 7..=this_year).rev().collect(),
        t3_head,
        t3_body,
        table4,
        charts: super::report_charts::charts(&state, year).await,
    }
    .into_response()
}

/// The formats offered for download: (extension, name).
const DOWNLOADS: [(&str, &str); 6] = [
    ("pdf", "PDF"),
    ("docx", "Word（DOCX）"),
    ("html", "网页（HTML）"),
    ("xlsx", "Excel（XLSX）"),
    ("md", "Markdown"),
    ("json", "JSON"),
];

/// The report as a file of `target`'s format, with its media type.
pub(crate) fn render(report: &Report, target: Target) -> Result<(&'static str, Vec<u8>), String> {
    let checks = gongkai_check::check(report, None);
    let bytes = gongkai_write::write(report, target, &checks).map_err(|e| e.to_string())?;
    Ok((mime(target), bytes))
}

/// The media type of a file written in `target`'s format.
pub(crate) fn mime(target: Target) -> &'static str {
    match target {
        Target::Pdf => "application/pdf",
        Target::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Target::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Target::Html => "text/html; charset=utf-8",
        Target::Md => "text/markdown; charset=utf-8",
        Target::Json => "application/json",
    }
}

/// GET /staff/report/download?year=Y&format=pdf: the report as a file.
pub async fn download(
    Acting(state): Acting,
    OfficeUser(_, _): OfficeUser,
    Query(q): Query<YearQuery>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let year = match year_of(&state, &q).await {
        Ok(y) => y,
        Err(r) => return r,
    };
    let Some(target) = q.format.as_deref().and_then(Target::from_ext) else {
        return crate::portal::problem(
            StatusCode::BAD_REQUEST,
            agency,
            "可下载的格式为 PDF、Word（DOCX）、网页（HTML）、Excel（XLSX）、Markdown 和 JSON，请从页面上的链接下载。",
        );
    };
    let report = match build(&state, &agency, year).await {
        Ok(r) => r,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::BAD_REQUEST,
                agency,
                format!("无法生成 {year} 年度报告：{e}"),
            );
        }
    };
    match render(&report, target) {
        Ok((mime, bytes)) => {
            let name = format!(
                "{}{year}年政府信息公开工作年度报告.{}",
                agency.name,
                target.ext()
            );
            (
                [
                    (header::CONTENT_TYPE, mime.to_string()),
                    (header::CONTENT_DISPOSITION, crate::attachment(&name)),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => crate::portal::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            agency,
            format!("生成文件失败：{e}"),
        ),
    }
}

/// The review and lawsuit numbers behind one 表四 cell (`row` a group key, `col` 0–4), each with the
/// application it concerns when recorded.
pub(crate) async fn table4_cell(
    state: &AppState,
    year: i32,
    row: &str,
    col: usize,
) -> Result<Vec<(String, Option<String>)>, String> {
    use gongkai_ledger::review::ReviewKind;
    let kind = ReviewKind::parse(row).ok_or_else(|| format!("表四没有“{row}”这一组。"))?;
    if col > 4 {
        return Err("表四的列应为 0 至 4。".into());
    }
    let reviews = state.store.reviews().await.map_err(|e| e.to_string())?;
    let ids = gongkai_ledger::review::explain(&reviews, year, kind, col);
    Ok(ids
        .into_iter()
        .map(|id| {
            let app = reviews
                .iter()
                .find(|r| r.id == id)
                .and_then(|r| r.application_id.clone());
            (id.to_string(), app)
        })
        .collect())
}

/// GET /staff/report/cases?year=Y&row=KEY&col=C[&table=4]: the cases behind one 表三 cell, or the reviews and
/// lawsuits behind one 表四 cell.
pub async fn cell(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Query(q): Query<YearQuery>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let year = match year_of(&state, &q).await {
        Ok(y) => y,
        Err(r) => return r,
    };
    let Some(row) = q.row.clone() else {
        return crate::portal::problem(StatusCode::BAD_REQUEST, agency, "请给出表格的行和列。");
    };
    if q.table == Some(4) {
        let col = q.col.unwrap_or(usize::MAX);
        return match table4_cell(&state, year, &row, col).await {
            Ok(items) => CellPage {
                agency,
                user: Some(session.user),
                csrf: session.csrf,
                year,
                table: "表四",
                column: gongkai_model::TABLE4_COLUMNS[col].label.to_string(),
                row: gongkai_model::TABLE4_GROUPS
                    .iter()
                    .find(|(k, _)| *k == row)
                    .map_or(row.clone(), |(_, l)| l.to_string()),
                items,
            }
            .into_response(),
            Err(e) => crate::portal::problem(StatusCode::BAD_REQUEST, agency, e),
        };
    }
    let Some(col) = q.col.filter(|&c| c < 7) else {
        return crate::portal::problem(StatusCode::BAD_REQUEST, agency, "请给出表三的行和列。");
    };
    let ids = match state.store.explain(year, &row, col).await {
        Ok(ids) => ids,
        Err(e) => return crate::portal::problem(StatusCode::BAD_REQUEST, agency, e.to_string()),
    };
    let column = if col == 6 {
        "总计".to_string()
    } else {
        ApplicantType::ALL
            .iter()
            .find(|a| a.column() == col)
            .map_or(String::new(), |a| a.label().to_string())
    };
    CellPage {
        agency,
        user: Some(session.user),
        csrf: session.csrf,
        year,
        table: "表三",
        // The row as 表三 prints it (“予以公开”), never its key.
        row: gongkai_model::table3_rows(gongkai_model::FormatVersion::for_year(year))
            .iter()
            .find(|d| d.key == row)
            .map_or(row.clone(), |d| d.label.to_string()),
        column,
        items: ids.into_iter().map(|id| (id.clone(), Some(id))).collect(),
    }
    .into_response()
}
