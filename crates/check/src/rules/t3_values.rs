//! T3-VALUES: every 表三 cell is a non-negative integer (blank and printed marks are reported elsewhere).
//!
//! Why: 表三 counts applications (件); a fraction, a negative count or a stray text has no meaning there.
//! Example: “-1” in 自然人, “2.5”, “约10”.

use super::where_text;
use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{CellValue, TableId};
use rust_decimal::Decimal;

/// The rule.
pub const RULE: Rule = Rule {
    code: "T3-VALUES",
    severity: Severity::Error,
    title: "表三单元格须为非负整数",
    explanation: "表三统计的是申请件数，只能是非负整数；负数、小数或无法识别的文字都不是有效的件数。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for row in &r.table3.rows {
        // A run of digits no split fits (six zeros for seven columns): every cell holds the whole run. One
        // finding for the row, saying what is printed.
        let runs: Vec<&str> = row
            .cells
            .iter()
            .filter_map(|c| match &c.value {
                CellValue::Unreadable(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        if runs.len() > 1 && runs.iter().all(|t| *t == runs[0]) {
            let digits = runs[0].chars().filter(char::is_ascii_digit).count();
            out.push(
                RULE.diag(format!(
                    "{}：印为“{}”（{digits} 位数字），分不成 {} 格：该行少印或多印了数字，{} 格未能读取",
                    where_text(r, TableId::Table3, &row.key, None),
                    runs[0],
                    row.cells.len(),
                    runs.len()
                ))
                .at(TableId::Table3, &row.key, None)
                .values(runs[0], format!("{} 格", row.cells.len()))
                .source(row.source.clone()),
            );
            continue;
        }
        for (c, cell) in row.cells.iter().enumerate() {
            let bad = match &cell.value {
                CellValue::Number(d) => *d < Decimal::ZERO || !d.is_integer(),
                CellValue::Unreadable(_) => true,
                _ => false,
            };
            if bad {
                out.push(
                    RULE.diag(format!(
                        "{}：“{}” 不是非负整数",
                        where_text(r, TableId::Table3, &row.key, Some(c)),
                        cell.printed
                    ))
                    .at(
                        TableId::Table3,
                        &row.key,
                        Some(gongkai_model::TABLE3_COLUMNS[c.min(6)].key),
                    )
                    .values(&cell.printed, "非负整数")
                    .source(cell.source.clone()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"T3-VALUES"));
        let mut bad = valid_2021();
        set_text(&mut bad, "table3", "granted", 1, "约10");
        assert!(codes(&bad).contains(&"T3-VALUES"));
    }

    /// “（一）予以公开000000”: six digits for seven columns — one finding for the row, not seven.
    #[test]
    fn a_run_no_split_fits_is_one_finding() {
        let mut r = valid_2021();
        for c in 0..7 {
            set_text(&mut r, "table3", "granted", c, "000000");
        }
        let found: Vec<_> = crate::each_rule(&r, None)
            .into_iter()
            .filter(|d| d.code == "T3-VALUES")
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("印为“000000”（6 位数字），分不成 7 格"),
            "{}",
            found[0].message
        );
    }
}
