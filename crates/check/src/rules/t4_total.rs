//! T4-TOTAL: in each block of 表四 (行政复议, 未经复议直接起诉, 复议后起诉) 总计 = 维持 + 纠正 + 其他 + 尚未审结.
//!
//! Why: the four results partition the cases of the block (format §5).
//! Example: 行政复议 维持 1, 纠正 0, 其他 2, 尚未审结 0 but 总计 4.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::TableId;
use rust_decimal::Decimal;

/// The rule.
pub const RULE: Rule = Rule {
    code: "T4-TOTAL",
    severity: Severity::Error,
    title: "表四各组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    explanation: "表四每组（行政复议、未经复议直接起诉、复议后起诉）的案件必属四种结果之一，总计应为四者之和；\
                  数字为负或非整数同样是错误。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for row in &r.table4.rows {
        let label = r.row_label(TableId::Table4, &row.key);
        for cell in &row.cells {
            if let Some(d) = cell
                .value
                .number()
                .filter(|d| *d < Decimal::ZERO || !d.is_integer())
            {
                out.push(
                    RULE.diag(format!("表四 “{label}” 组：{d} 不是非负整数"))
                        .at(TableId::Table4, &row.key, None)
                        .source(cell.source.clone()),
                );
            }
        }
        let vals: Option<Vec<Decimal>> = row.cells.iter().map(|c| c.value.arithmetic()).collect();
        let Some(v) = vals.filter(|v| v.len() == 5) else {
            continue;
        };
        let sum: Decimal = v[..4].iter().sum();
        if sum != v[4] {
            out.push(
                RULE.diag(format!(
                    "表四 “{label}” 组：维持、纠正、其他、尚未审结之和为 {sum}，而总计为 {}",
                    v[4]
                ))
                .at(TableId::Table4, &row.key, Some("total"))
                .values(v[4], sum)
                .source(row.cells[4].source.clone()),
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
        assert!(!codes(&valid_2021()).contains(&"T4-TOTAL"));
        let mut bad = valid_2021();
        set(&mut bad, "table4", "reconsideration", 4, 9);
        assert!(codes(&bad).contains(&"T4-TOTAL"));
    }
}
