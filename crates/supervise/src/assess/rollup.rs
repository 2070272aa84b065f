//! Roll-ups of 表三 and 表四 over a set of units (a region of the tree): each total cell is the sum of its
//! units' cells and lists them; a unit whose cell is not known is listed apart and not summed.

use super::brief::{Brief, Known};
use gongkai_model::TableId;
use rust_decimal::Decimal;
use serde::Serialize;

/// One total cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    /// The table.
    pub table: &'static str,
    /// The row key.
    pub row: String,
    /// The row as printed in the format.
    pub label: String,
    /// The column index.
    pub col: usize,
    /// The sum of the known cells (blank and printed marks count as 0).
    pub sum: Decimal,
    /// Each unit's part: (unit, value).
    pub parts: Vec<(String, Decimal)>,
    /// Units whose cell is not known (missing, ambiguous, unreadable): not in the sum.
    pub uncertain: Vec<String>,
}

/// The totals of 表三 and 表四 of `reports` (unit name, report), row by row in the format's order of the first
/// report that has each row, then column by column.
pub fn rollup<'a>(reports: impl IntoIterator<Item = (&'a str, &'a Brief)>) -> Vec<Total> {
    let mut out: Vec<Total> = Vec::new();
    for (unit, r) in reports {
        for (id, name) in [(TableId::Table3, "table3"), (TableId::Table4, "table4")] {
            for row in r.rows(id) {
                for (col, cell) in row.cells.iter().enumerate() {
                    let i = match out
                        .iter()
                        .position(|t| t.table == name && t.row == row.key && t.col == col)
                    {
                        Some(i) => i,
                        None => {
                            out.push(Total {
                                table: name,
                                row: row.key.clone(),
                                label: label(name, &row.key),
                                col,
                                sum: Decimal::ZERO,
                                parts: Vec::new(),
                                uncertain: Vec::new(),
                            });
                            out.len() - 1
                        }
                    };
                    let t = &mut out[i];
                    match cell {
                        Known::Number(d) => {
                            t.sum += *d;
                            t.parts.push((unit.to_string(), *d));
                        }
                        Known::Zero => t.parts.push((unit.to_string(), Decimal::ZERO)),
                        Known::Unknown => t.uncertain.push(unit.to_string()),
                    }
                }
            }
        }
    }
    out
}

/// The total of a cell, if rolled up.
pub fn find<'a>(totals: &'a [Total], table: &str, row: &str, col: usize) -> Option<&'a Total> {
    totals
        .iter()
        .find(|t| t.table == table && t.row == row && t.col == col)
}

/// A row's label in the format (with its group for 表三's sub-rows, e.g. “（三）不予公开 1.属于国家秘密”).
pub fn label(table: &str, row: &str) -> String {
    use gongkai_model::{FormatVersion, TABLE4_GROUPS, table3_rows};
    if table == "table4" {
        return TABLE4_GROUPS
            .iter()
            .find(|(k, _)| *k == row)
            .map_or(row.to_string(), |(_, l)| l.to_string());
    }
    [FormatVersion::V2021, FormatVersion::V2019]
        .iter()
        .flat_map(|f| table3_rows(*f).iter())
        .find(|r| r.key == row)
        .map_or(row.to_string(), |r| match r.group {
            Some(g) => format!("{g} {}", r.label),
            None => r.label.to_string(),
        })
}
