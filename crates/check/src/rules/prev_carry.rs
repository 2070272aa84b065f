//! PREV-CARRY (with --previous): 表三 二、上年结转 equals last year's 四、结转下年度继续办理 in every column.
//!
//! Why: applications still open on 31 December are carried into the next year (format §4.5 R4); the two
//! reports of one agency must agree.
//! Example: 2021 结转下年度 1, 2022 上年结转 0.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{TABLE3_COLUMNS, TableId};

/// The rule.
pub const RULE: Rule = Rule {
    code: "PREV-CARRY",
    severity: Severity::Error,
    title: "上年结转数须等于上一年度报告的结转下年度数",
    explanation: "上一年度 12 月 31 日仍在办理期限内的申请结转下年度继续办理，本年度报告的“上年结转”应与之逐列相等。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let (r, Some(p)) = (ctx.report, ctx.previous) else {
        return vec![];
    };
    let mut out = Vec::new();
    for (c, col) in TABLE3_COLUMNS.iter().enumerate() {
        let (Some(now), Some(before)) = (r.t3("carried_over", c), p.t3("carried_forward", c))
        else {
            continue;
        };
        if now != before {
            out.push(
                RULE.diag(format!(
                        "表三 “{}” 列：本年度上年结转为 {now}，而上一年度（{}）报告的结转下年度为 {before}",
                        col.label,
                        p.year.map_or("?".into(), |y| y.to_string())
                    ),
                )
                .at(TableId::Table3, "carried_over", Some(col.key))
                .values(now, before)
                .source(r.table3.cell("carried_over", c).map(|c| c.source.clone()).unwrap_or_default()),
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
        let prev = valid_2021();
        let now = valid_2021();
        assert!(!codes_prev(&now, &prev).contains(&"PREV-CARRY"));
        let mut bad = valid_2021();
        set(&mut bad, "table3", "carried_over", 0, 4);
        assert!(codes_prev(&bad, &prev).contains(&"PREV-CARRY"));
    }
}
