//! Corrections: a supervisor (or the unit) corrects a misread or uncertain cell against the document, with a
//! reason. Each correction is a new version of the report's data; the reading it replaces stays readable; the
//! change is recorded (who, when, why, old and new value); the diagnostics of this year and of next year
//! (whose cross-year rules use this one) are computed again.

use gongkai_ledger::today::Today;
use gongkai_model::CellValue;
use gongkai_model::exchange::{cell_from_json, cell_to_json};
use gongkai_store::Store;
use gongkai_store::supervision::NewVersion;
use serde_json::Value;

/// A cell of a stored report: table key (table2, table3, table4), row key and column (index, or for 表二 the
/// column key).
#[derive(Debug, Clone)]
pub struct CellRef {
    /// table2, table3 or table4.
    pub table: String,
    /// Row key.
    pub row: String,
    /// Column index (0-based), or for 表二 the column key.
    pub column: String,
}

/// A corrected value as typed: a number, “空白” (or nothing) for a blank, or a short printed mark (“—”, “/”).
pub fn parse_value(s: &str) -> Result<CellValue, String> {
    let t = s.trim();
    if t.is_empty() || t == "空白" {
        return Ok(CellValue::Blank);
    }
    if let Ok(d) = t.parse::<rust_decimal::Decimal>() {
        return Ok(CellValue::Number(d));
    }
    if t.chars().count() <= 4 && !t.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Ok(CellValue::Mark(t.to_string()));
    }
    Err(format!("“{t}”不是数字、“空白”或原文所印的符号（如“—”“/”）"))
}

/// Corrects one cell of the current version of `report_id` (by `by`, recorded at `today`'s moment); returns the
/// new version.
pub async fn correct(
    store: &Store,
    report_id: &str,
    cell: &CellRef,
    value: CellValue,
    by: &str,
    reason: &str,
    today: Today,
) -> Result<i64, String> {
    if reason.trim().is_empty() {
        return Err("更正须写明理由（依据原文的哪一处）".into());
    }
    let (unit_id, year) = store
        .report_unit_year(report_id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("没有编号为 {report_id} 的报告"))?;
    let (_, mut data) = store
        .version_data(report_id, None)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("没有编号为 {report_id} 的报告"))?;
    let slot = {
        let row = data
            .get_mut(&cell.table)
            .and_then(|t| t.get_mut(&cell.row))
            .ok_or_else(|| format!("报告中没有{}“{}”行", cell.table, cell.row))?;
        match row {
            Value::Array(cells) => cell
                .column
                .parse::<usize>()
                .ok()
                .and_then(|i| cells.get_mut(i)),
            Value::Object(cells) => cells.get_mut(&cell.column),
            _ => None,
        }
        .ok_or_else(|| format!("“{}”行没有第“{}”列", cell.row, cell.column))?
    };
    let old = cell_from_json(slot)?;
    if old == value {
        return Err("更正后的值与现值相同".into());
    }
    *slot = cell_to_json(&value);
    let column_index = match cell.column.parse::<usize>() {
        Ok(i) => i,
        Err(_) => {
            // 表二: the column key's position among the row's columns.
            let report = gongkai_model::exchange::from_json(&data)?;
            gongkai_model::table2_rows(report.format.ok_or("报告的格式版本未知")?)
                .iter()
                .find(|r| r.key == cell.row)
                .and_then(|r| r.columns.iter().position(|c| c.key == cell.column))
                .ok_or_else(|| format!("表二“{}”行没有“{}”列", cell.row, cell.column))?
        }
    };
    let report = gongkai_model::exchange::from_json(&data)?;
    let previous = crate::current_report(store, &unit_id, year - 1)
        .await
        .map_err(|e| e.to_string())?
        .map(|(_, _, r)| r);
    let diags = gongkai_check::check(&report, previous.as_ref());
    let at = today.now().to_rfc3339();
    let show = |v: &CellValue| cell_to_json(v).to_string();
    let version = store
        .save_correction(
            report_id,
            &NewVersion {
                kind: "correction",
                document_hash: None,
                data: &data,
                report: Some(&report),
                diagnostics: &crate::records(&diags),
                brief: &crate::assess::brief::Brief::of(&report).to_json(),
                by,
                at: &at,
                reason,
            },
            &[(
                cell.table.clone(),
                cell.row.clone(),
                column_index,
                show(&old),
                show(&value),
            )],
        )
        .await
        .map_err(|e| e.to_string())?;
    crate::recheck(store, &unit_id, year + 1)
        .await
        .map_err(|e| e.to_string())?;
    Ok(version)
}
