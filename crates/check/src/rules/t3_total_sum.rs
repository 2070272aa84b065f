//! T3-TOTAL-SUM: （七）总计 equals the sum of every outcome row （一）–（六） in each column.
//!
//! Why: each application ends in exactly one outcome row (the 部分公开 label says “只计这一情形，不计其他情形”),
//! so the total of 本年度办理结果 is their sum (format §4.5 R2).
//! Example: outcomes add to 26 but （七）总计 prints 20.

use super::outcome_keys;
use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{TABLE3_COLUMNS, TableId};
use rust_decimal::Decimal;

/// The rule.
pub const RULE: Rule = Rule {
    code: "T3-TOTAL-SUM",
    severity: Severity::Error,
    title: "表三各列：（七）总计 = （一）至（六）各办理结果之和",
    explanation: "每件申请只计入一种办理结果（部分公开“只计这一情形，不计其他情形”），\
                  故（七）总计应等于予以公开、部分公开、不予公开、无法提供、不予处理、其他处理各行之和。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let keys = outcome_keys(r);
    let mut out = Vec::new();
    for (c, col) in TABLE3_COLUMNS.iter().enumerate() {
        let Some(total) = r.t3("total", c) else {
            continue;
        };
        let sum: Option<Decimal> = keys
            .iter()
            .filter(|k| r.table3.row(k).is_some())
            .map(|k| r.t3(k, c))
            .sum();
        let Some(sum) = sum else { continue };
        if sum != total {
            out.push(
                RULE.diag(format!(
                    "表三 “{}” 列：各办理结果之和为 {sum}，而（七）总计印为 {total}",
                    col.label
                ))
                .at(TableId::Table3, "total", Some(col.key))
                .values(total, sum)
                .source(
                    r.table3
                        .cell("total", c)
                        .map(|c| c.source.clone())
                        .unwrap_or_default(),
                ),
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
        assert!(!codes(&valid_2021()).contains(&"T3-TOTAL-SUM"));
        let mut bad = valid_2021();
        set(&mut bad, "table3", "granted", 0, 6);
        set(&mut bad, "table3", "granted", 6, 7);
        assert!(codes(&bad).contains(&"T3-TOTAL-SUM"));
    }
}
