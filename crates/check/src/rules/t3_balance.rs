//! T3-BALANCE: in every column of 表三, 一 + 二 = 三（七）总计 + 四.
//!
//! Why: the identity is printed in the table's corner cell (“第一项加第二项之和，等于第三项加第四项之和”):
//! every application received or carried in is either answered this year or carried forward.
//! Example: 新收 70 + 结转 0 ≠ 总计 69 + 结转下年度 0 → error in the 总计 column.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{TABLE3_COLUMNS, TableId};

/// The rule.
pub const RULE: Rule = Rule {
    code: "T3-BALANCE",
    severity: Severity::Error,
    title: "表三各列：一 + 二 = 三（七）总计 + 四",
    explanation: "表三表头印明勾稽关系“第一项加第二项之和，等于第三项加第四项之和”：本年新收与上年结转的申请，\
                  要么在本年度办结，要么结转下年度继续办理。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for (c, col) in TABLE3_COLUMNS.iter().enumerate() {
        let (Some(a), Some(b), Some(t), Some(o)) = (
            r.t3("new_received", c),
            r.t3("carried_over", c),
            r.t3("total", c),
            r.t3("carried_forward", c),
        ) else {
            continue;
        };
        if a + b != t + o {
            out.push(
                RULE.diag(format!(
                        "表三 “{}” 列不平衡：一（{a}）+ 二（{b}）= {}，而（七）总计（{t}）+ 四（{o}）= {}",
                        col.label,
                        a + b,
                        t + o
                    ),
                )
                .at(TableId::Table3, "total", Some(col.key))
                .values(format!("{}", t + o), format!("{}", a + b))
                .source(r.table3.cell("total", c).map(|c| c.source.clone()).unwrap_or_default()),
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
        let r = valid_2021();
        assert!(codes(&r).is_empty(), "{:?}", codes(&r));
        let mut bad = valid_2021();
        set(&mut bad, "table3", "carried_forward", 0, 3);
        set(&mut bad, "table3", "carried_forward", 6, 3);
        assert!(codes(&bad).contains(&"T3-BALANCE"));
    }
}
