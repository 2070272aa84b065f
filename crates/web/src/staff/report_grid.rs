//! 表三 on the report page as the official form prints it: the three-row heading (申请人情况 over 自然人,
//! 法人或其他组织 with its five kinds, and 总计), “三、本年度办理结果” spanning the outcome rows and each group
//! (（三）不予公开 …) spanning its items — the grid every writer renders — with every non-zero figure linked to
//! the cases it counts.

use gongkai_model::{FormatVersion, Report, TABLE3_COLUMNS, table3_rows};
use gongkai_write::grid::{CellRole, Grid};

/// One cell as the page prints it.
pub(crate) struct Cell {
    /// The printed text.
    pub text: String,
    /// Rows spanned.
    pub rowspan: usize,
    /// Columns spanned.
    pub colspan: usize,
    /// `th` with this scope (`col`, `row`, `colgroup`, `rowgroup`), or a value (`td`) when empty.
    pub scope: &'static str,
    /// The list of the cases a non-zero figure counts.
    pub link: Option<String>,
}

/// Rows of cells.
pub(crate) type Rows = Vec<Vec<Cell>>;

/// The heading rows and the body rows of 表三 for `year`, in the report's format.
pub(crate) fn table3(report: &Report, year: i32) -> Result<(Rows, Rows), String> {
    let format = report.format.unwrap_or(FormatVersion::for_year(year));
    let grid: Grid = gongkai_write::grid::table3(report, format).map_err(|e| e.to_string())?;
    let defs = table3_rows(format);
    const HEAD: usize = 3;
    let mut rows: Vec<Vec<Cell>> = (0..grid.rows)
        .map(|r| {
            grid.row_cells(r)
                .map(|c| {
                    let scope = match c.role {
                        // The note on the identity in the top-left corner heads nothing.
                        CellRole::Header if r == 0 && c.col == 0 => "",
                        CellRole::Header if c.colspan > 1 => "colgroup",
                        CellRole::Header => "col",
                        CellRole::Label if c.rowspan > 1 => "rowgroup",
                        CellRole::Label => "row",
                        CellRole::Value => "",
                    };
                    let figure = c.role == CellRole::Value && c.text != "0" && !c.text.is_empty();
                    let row = c.row.checked_sub(HEAD).and_then(|i| defs.get(i));
                    let col = c
                        .col
                        .checked_sub(HEAD)
                        .filter(|&i| i < TABLE3_COLUMNS.len());
                    let link = match (figure, row, col) {
                        (true, Some(row), Some(col)) => Some(format!(
                            "/staff/report/cases?year={year}&row={}&col={col}",
                            row.key
                        )),
                        _ => None,
                    };
                    Cell {
                        text: c.text.clone(),
                        rowspan: c.rowspan,
                        colspan: c.colspan,
                        scope,
                        link,
                    }
                })
                .collect()
        })
        .collect();
    let body = rows.split_off(HEAD.min(rows.len()));
    Ok((rows, body))
}
