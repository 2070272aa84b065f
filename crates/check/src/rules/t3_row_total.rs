//! T3-ROW-TOTAL: in every row of 表三 the 总计 column equals 自然人 plus the five 法人或其他组织 columns.
//!
//! Why: 总计 is the sum over applicant types (format §4.5 R3). A blank 总计 beside non-zero counts is reported
//! too: read as 0 it does not add up.
//! Example: 予以公开 258 + 12 + 1 + 1 but 总计 blank. Digits run together (“7000008”) that no split makes
//! add up are this error too, said once for the row.

use super::{no_split_adds_up, where_text};
use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{CellValue, TableId};
use rust_decimal::Decimal;

/// The rule.
pub const RULE: Rule = Rule {
    code: "T3-ROW-TOTAL",
    severity: Severity::Error,
    title: "表三各行：总计 = 自然人 + 五类法人或其他组织",
    explanation: "表三的“总计”列是六类申请人之和；总计与分项不符，说明统计有误或漏填。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for row in &r.table3.rows {
        if no_split_adds_up(row) {
            let printed = row
                .cells
                .iter()
                .find(|c| matches!(c.value, CellValue::Ambiguous(_)))
                .unwrap_or(&row.cells[0]);
            out.push(
                RULE.diag(format!(
                    "{}：原文“{}”数字粘连，无论怎样拆分（共 {} 种拆法），六类申请人之和都不等于总计",
                    where_text(r, TableId::Table3, &row.key, None),
                    printed.printed,
                    row.split_candidates.len()
                ))
                .at(TableId::Table3, &row.key, Some("total"))
                .source(printed.source.clone()),
            );
            continue;
        }
        let vals: Option<Vec<Decimal>> = row.cells.iter().map(|c| c.value.arithmetic()).collect();
        let Some(v) = vals.filter(|v| v.len() == 7) else {
            continue;
        };
        let sum: Decimal = v[..6].iter().sum();
        if sum != v[6] {
            let printed = if row.cells[6].printed.is_empty() {
                "空白".to_string()
            } else {
                v[6].to_string()
            };
            out.push(
                RULE.diag(format!(
                    "{}：六类申请人之和为 {sum}，而总计列为 {printed}",
                    where_text(r, TableId::Table3, &row.key, None)
                ))
                .at(TableId::Table3, &row.key, Some("total"))
                .values(printed, sum)
                .source(row.cells[6].source.clone()),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"T3-ROW-TOTAL"));
        let mut bad = valid_2021();
        set(&mut bad, "table3", "partially_granted", 6, 5);
        assert!(codes(&bad).contains(&"T3-ROW-TOTAL"));
    }
}
