//! Export of a case search: every matching case (up to the count limit) as CSV (UTF-8 with BOM, which Excel
//! on Chinese Windows opens correctly) or XLSX, named in Chinese. The columns are the list's, with the closing
//! date and outcome: no applicant's name, no identity document, no address. The export is audited.

use super::query::{CaseQuery, window};
use super::{OfficeUser, record};
use crate::scope::Acting;
use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_ledger::case::Outcome;
use gongkai_store::cases::{COUNT_LIMIT, CaseRow, ClockState};
use serde::Deserialize;

/// The export's columns.
pub const COLUMNS: [&str; 8] = [
    "申请编号",
    "申请人类型",
    "渠道",
    "收到申请日期",
    "答复期限",
    "状态",
    "办结日期",
    "办理结果",
];

/// The file format asked for.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Format {
    /// `csv` or `xlsx`.
    pub format: String,
}

/// One case as an export row.
fn cells(r: &CaseRow, state: String, last: chrono::NaiveDate) -> Vec<String> {
    vec![
        r.id.clone(),
        r.applicant.label().to_string(),
        r.channel.label().to_string(),
        r.received.to_string(),
        match (r.clock, r.due) {
            (ClockState::Unknown, _) | (_, None) => "无法计算".into(),
            (_, Some(d)) if d > last => format!("{d}（暂定）"),
            (_, Some(d)) => d.to_string(),
        },
        state,
        r.closed_on.map(|d| d.to_string()).unwrap_or_default(),
        r.outcome
            .as_deref()
            .and_then(|o| Outcome::new(o).ok())
            .map(|o| o.label())
            .unwrap_or_default(),
    ]
}

/// A CSV cell that a spreadsheet could take for a formula (“=”, “+”, “-”, “@”) gets a leading apostrophe.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Rows as CSV bytes: UTF-8 with a byte-order mark.
pub fn csv_bytes(rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        w.write_record(row.iter().map(|c| inert(c)))
            .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// GET /staff/cases/export?…&format=csv|xlsx: the search's cases as a file.
pub async fn export(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Query(query): Query<CaseQuery>,
    Query(format): Query<Format>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let (today, soon) = window(&state);
    let bad =
        |message: String| crate::portal::problem(StatusCode::BAD_REQUEST, agency.clone(), message);
    let xlsx = match format.format.as_str() {
        "xlsx" => true,
        "csv" => false,
        other => {
            return bad(format!(
                "无法导出为“{other}”格式：可导出为 Excel（XLSX）或 CSV。"
            ));
        }
    };
    let filter = match query.filter(today, soon) {
        Ok(f) => f,
        Err(errors) => {
            let list: Vec<String> = errors.into_iter().map(|(_, m)| m).collect();
            return bad(format!("查询条件有误：{}", list.join("；")));
        }
    };
    let found = match state
        .store
        .cases(&filter, query.order(), COUNT_LIMIT, 0)
        .await
    {
        Ok(f) => f,
        Err(_) => {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                agency,
                "无法读取案件，请稍后再试。",
            );
        }
    };
    let mut action = format!("导出案件清单 {} 件", found.rows.len());
    if let Some(name) = &filter.name {
        action.push_str(&format!("（按申请人“{name}”查询）"));
    }
    if !record(&state, &session.user.username, &action, "案件清单").await {
        return crate::portal::problem(
            StatusCode::SERVICE_UNAVAILABLE,
            agency,
            "无法记录查阅日志，未导出。",
        );
    }
    let (_, last) = state.calendar().coverage();
    let mut rows = vec![COLUMNS.map(String::from).to_vec()];
    rows.extend(
        found
            .rows
            .iter()
            .map(|r| cells(r, super::list::state_words(r, today, soon), last)),
    );
    if found.more {
        rows.push(vec![format!(
            "（仅导出前 {COUNT_LIMIT} 件；请缩小查询范围后分批导出）"
        )]);
    }
    let name = format!("案件清单-{}", today.format("%Y年%-m月%-d日"));
    let built = tokio::task::spawn_blocking(move || {
        if xlsx {
            gongkai_store::sheet::xlsx_bytes("案件清单", &rows)
        } else {
            csv_bytes(&rows)
        }
    })
    .await;
    let Ok(Ok(bytes)) = built else {
        return crate::portal::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            agency,
            "导出失败，请稍后再试。",
        );
    };
    let (kind, file) = if xlsx {
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format!("{name}.xlsx"),
        )
    } else {
        ("text/csv; charset=utf-8", format!("{name}.csv"))
    };
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, crate::attachment(&file)),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_never_formulas() {
        let bytes = csv_bytes(&[vec![
            "=1+1".into(),
            "-2".into(),
            "2026-11-03".into(),
            "甲".into(),
        ]])
        .unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}'=1+1,'-2,2026-11-03,甲\n"
        );
    }
}
