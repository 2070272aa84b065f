//! T2-VALUES: 表二 cells have the type, unit and sign of their column in the report's format.
//!
//! Why: counts of documents and decisions are non-negative integers; only 本年增/减 (2019) may be negative;
//! 收费金额 and 采购总金额 are amounts in 万元 (2021 prints “（单位：万元）”).
//! Example: “-3” in 本年制发件数, “12.5” in 行政许可.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{CellValue, ColumnKind, TableId, table2_rows};
use rust_decimal::Decimal;

/// The rule.
pub const RULE: Rule = Rule {
    code: "T2-VALUES",
    severity: Severity::Error,
    title: "表二单元格的类型、单位和正负号须符合格式",
    explanation: "表二的件数、决定数量是非负整数；只有 2019 年格式的“本年增/减”可以为负；收费金额、采购金额以万元计，\
                  可有小数但不为负。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let Some(f) = r.table2.format else {
        return vec![];
    };
    let mut out = Vec::new();
    for row in &r.table2.rows {
        let Some(def) = table2_rows(f).iter().find(|d| d.key == row.key) else {
            continue;
        };
        for (col, cell) in def.columns.iter().zip(&row.cells) {
            let problem = match (&cell.value, col.kind) {
                (CellValue::Unreadable(t), _) => Some(format!("“{t}” 无法识别为数字")),
                (CellValue::Number(d), ColumnKind::Count)
                    if *d < Decimal::ZERO || !d.is_integer() =>
                {
                    Some(format!("{d} 不是非负整数"))
                }
                (CellValue::Number(d), ColumnKind::SignedCount) if !d.is_integer() => {
                    Some(format!("{d} 不是整数"))
                }
                (CellValue::Number(d), ColumnKind::Money10kYuan) if *d < Decimal::ZERO => {
                    Some(format!("金额 {d} 万元为负数"))
                }
                _ => None,
            };
            if let Some(p) = problem {
                out.push(
                    RULE.diag(format!("表二 “{}” 行 “{}” 列：{p}", def.label, col.label))
                        .at(TableId::Table2, &row.key, Some(col.key))
                        .values(&cell.printed, "符合该列类型的数值")
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
        assert!(!codes(&valid_2021()).contains(&"T2-VALUES"));
        let mut bad = valid_2021();
        set(&mut bad, "table2", "regulations", 0, -3);
        assert!(codes(&bad).contains(&"T2-VALUES"));
    }
}
