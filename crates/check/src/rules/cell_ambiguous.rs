//! CELL-AMBIGUOUS: digits of neighbouring cells ran together in the document and more than one split fits
//! the table's identities; every candidate is listed and no value is chosen.
//!
//! Why: guessing would silently put wrong numbers into a dataset; a person must look at the original.
//! Example: 表二 行政规范性文件 printed “693665”: 69/3/665, 6/93/665, …

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::CellValue;

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
    for (id, row, c, cell) in r.cells() {
        if let CellValue::Ambiguous(cands) = &cell.value {
            let list: Vec<String> = cands.iter().map(|d| d.to_string()).collect();
            out.push(
                RULE.diag(format!(
                    "{}：原文“{}”数字粘连，此格可能为 {}（共 {} 种）",
                    super::where_text(r, id, &row.key, Some(c)),
                    cell.printed,
                    list.join(" / "),
                    list.len()
                ))
                .at(id, &row.key, Some(r.column_label(id, &row.key, c)))
                .values(&cell.printed, list.join(" / "))
                .source(cell.source.clone()),
            );
        }
    }
    out
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
