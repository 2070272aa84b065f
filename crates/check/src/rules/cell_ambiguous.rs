//! CELL-AMBIGUOUS: digits of neighbouring cells ran together in the document and more than one split fits
//! the table's identities; one finding per row lists the splits and no value is chosen.
//!
//! Why: guessing would silently put wrong numbers into a dataset; a person must look at the original.
//! Example: 表二 行政规范性文件 printed “693665”: 69/3/665, 6/93/665, …
//! A 表三 row that no split makes add up is T3-ROW-TOTAL's, not this rule's.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{Cell, CellValue, Report, RowData, TableId};

/// The rule.
pub const RULE: Rule = Rule {
    code: "CELL-AMBIGUOUS",
    severity: Severity::Warning,
    title: "数字粘连无法唯一拆分",
    explanation: "原文相邻单元格的数字连在一起，按表格勾稽关系仍有多种拆法；列出全部候选值，不作猜测，需人工核对原件。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for id in [TableId::Table2, TableId::Table3, TableId::Table4] {
        for row in &r.table(id).rows {
            if id == TableId::Table3 && super::no_split_adds_up(row) {
                continue;
            }
            let cols: Vec<usize> = (0..row.cells.len())
                .filter(|&c| matches!(row.cells[c].value, CellValue::Ambiguous(_)))
                .collect();
            let Some(&first) = cols.first() else {
                continue;
            };
            if row.split_candidates.is_empty() {
                out.extend(cols.iter().map(|&c| by_cell(r, id, row, c)));
            } else {
                out.push(by_row(r, id, row, &cols, &row.cells[first]));
            }
        }
    }
    out
}

/// One finding for the run of a row: the columns it leaves open and each split of them.
fn by_row(r: &Report, id: TableId, row: &RowData, cols: &[usize], cell: &Cell) -> Diagnostic {
    let mut splits: Vec<String> = row
        .split_candidates
        .iter()
        .map(|v| {
            cols.iter()
                .map(|&c| v[c].to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    splits.dedup();
    let total = splits.len();
    let shown = if total > SHOWN {
        format!("{}；……", splits[..SHOWN].join("；"))
    } else {
        splits.join("；")
    };
    let labels: Vec<&str> = cols
        .iter()
        .map(|&c| r.column_label(id, &row.key, c))
        .collect();
    RULE.diag(format!(
        "{}：原文“{}”数字粘连，{}列可拆为 {}（共 {total} 种）",
        super::where_text(r, id, &row.key, None),
        cell.printed,
        labels
            .iter()
            .map(|l| format!("“{l}”"))
            .collect::<Vec<_>>()
            .join(""),
        shown
    ))
    .at(id, &row.key, None)
    .values(&cell.printed, shown)
    .source(cell.source.clone())
}

/// At most this many splits are written out in a finding.
const SHOWN: usize = 6;

/// One finding for an ambiguous cell whose row lists no splits (a report read from JSON).
fn by_cell(r: &Report, id: TableId, row: &RowData, c: usize) -> Diagnostic {
    let cell = &row.cells[c];
    let list: Vec<String> = match &cell.value {
        CellValue::Ambiguous(cands) => cands.iter().map(|d| d.to_string()).collect(),
        _ => vec![],
    };
    RULE.diag(format!(
        "{}：原文“{}”数字粘连，此格可能为 {}（共 {} 种）",
        super::where_text(r, id, &row.key, Some(c)),
        cell.printed,
        list.join(" / "),
        list.len()
    ))
    .at(id, &row.key, Some(r.column_label(id, &row.key, c)))
    .values(&cell.printed, list.join(" / "))
    .source(cell.source.clone())
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use gongkai_model::CellValue;
    use rust_decimal::Decimal;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"CELL-AMBIGUOUS"));
        let mut bad = valid_2021();
        bad.table2.rows[1].cells[0].value =
            CellValue::Ambiguous(vec![Decimal::from(6), Decimal::from(69)]);
        assert!(codes(&bad).contains(&"CELL-AMBIGUOUS"));
    }
}
