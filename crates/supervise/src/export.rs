//! Datasets of the stored reports' current versions: the long form (one row per cell: agency, year, format,
//! table, row, column, value, state, source) and the wide form (one row per report, one column per cell), as
//! CSV in UTF-8 with a BOM (so that Excel opens it) or XLSX.

use gongkai_store::{Store, StoreError};
use std::collections::BTreeMap;
use std::path::Path;

/// The long form's header.
pub const LONG_HEADER: [&str; 10] = [
    "agency",
    "year",
    "format",
    "table",
    "row",
    "column",
    "value",
    "state",
    "corrected",
    "source",
];

/// The long form: a header and one row per cell.
pub async fn long(store: &Store) -> Result<Vec<Vec<String>>, StoreError> {
    let mut rows = vec![LONG_HEADER.iter().map(|s| s.to_string()).collect()];
    for c in store.current_cells().await? {
        let [
            agency,
            year,
            format,
            table,
            row,
            column,
            state,
            value,
            candidates,
            corrected,
            source,
        ] = c;
        let value = if state == "ambiguous" {
            candidates
        } else {
            value
        };
        rows.push(vec![
            agency, year, format, table, row, column, value, state, corrected, source,
        ]);
    }
    Ok(rows)
}

/// The wide form: one row per report; a column per table.row.column holding the value (or the state when
/// there is no single value: blank, missing, ambiguous, unreadable, mark).
pub async fn wide(store: &Store) -> Result<Vec<Vec<String>>, StoreError> {
    let mut columns: BTreeMap<String, ()> = BTreeMap::new();
    let mut reports: BTreeMap<(String, String, String), BTreeMap<String, String>> = BTreeMap::new();
    for c in store.current_cells().await? {
        let [
            agency,
            year,
            format,
            table,
            row,
            column,
            state,
            value,
            _,
            _,
            _,
        ] = c;
        let key = format!("{table}.{row}.{column}");
        columns.insert(key.clone(), ());
        let shown = if state == "value" {
            value
        } else {
            format!("〔{state}〕")
        };
        reports
            .entry((agency, year, format))
            .or_default()
            .insert(key, shown);
    }
    let mut out = vec![
        ["agency", "year", "format"]
            .iter()
            .map(|s| s.to_string())
            .chain(columns.keys().cloned())
            .collect::<Vec<_>>(),
    ];
    for ((agency, year, format), cells) in reports {
        let mut row = vec![agency, year, format];
        row.extend(
            columns
                .keys()
                .map(|k| cells.get(k).cloned().unwrap_or_default()),
        );
        out.push(row);
    }
    Ok(out)
}

/// A cell as a spreadsheet must not take for a formula: text beginning with = + - @ (or a tab or carriage
/// return) gets a leading apostrophe; a number (“-5”, “+1”, “12.5”) stays as it is.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let number = {
        let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
        !digits.is_empty()
            && digits.split_once('.').map_or(
                digits.bytes().all(|b| b.is_ascii_digit()),
                |(i, f)| {
                    !i.is_empty()
                        && !f.is_empty()
                        && (i.bytes().chain(f.bytes())).all(|b| b.is_ascii_digit())
                },
            )
    };
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Writes rows as CSV (UTF-8 with BOM), every cell [`neutralise`]d.
pub fn write_csv(path: &Path, rows: &[Vec<String>]) -> Result<(), String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r.iter().map(|c| neutralise(c).into_owned()))
            .map_err(|e| e.to_string())?;
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(w.into_inner().map_err(|e| e.to_string())?);
    std::fs::write(path, bytes).map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

/// Writes rows as an XLSX sheet.
pub fn write_xlsx(path: &Path, rows: &[Vec<String>]) -> Result<(), String> {
    gongkai_store::sheet::write_xlsx(path, "数据", rows)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    /// Formula injection through a unit or file name (“=HYPERLINK(…)”) is neutralised; numbers are not.
    #[test]
    fn formulas_are_neutralised_numbers_kept() {
        for (cell, out) in [
            (
                "=HYPERLINK(\"http://x\",\"点击\")",
                "'=HYPERLINK(\"http://x\",\"点击\")",
            ),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("-5", "-5"),
            ("+1", "+1"),
            ("12.5", "12.5"),
            ("-0.5", "-0.5"),
            ("某局", "某局"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), out, "{cell}");
        }
    }
}
