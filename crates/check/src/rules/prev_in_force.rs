//! PREV-IN-FORCE (with --previous): 表二 现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数
//! (2021 format); for the 2019 format 对外公开总数量 = last year's + 本年新公开数量.
//!
//! Why: documents in force at the end of the year are those in force a year before, plus those issued,
//! minus those repealed. A mismatch means one of the two reports is wrong (or documents lapsed otherwise).
//! Example: 2021 现行有效 665; 2022 制发 88, 废止 55, 现行有效 698 = 665 + 88 − 55.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{FormatVersion, Report, TableId};
use rust_decimal::Decimal;

/// The rule.
pub const RULE: Rule = Rule {
    code: "PREV-IN-FORCE",
    severity: Severity::Warning,
    title: "现行有效件数须由上年数加本年制发减本年废止得出",
    explanation: "年末现行有效的规章、规范性文件，等于上年末现行有效数加本年制发数减本年废止数；不符时，\
                  本年或上年报告必有一处有误（或有文件因其他原因失效，应在正文说明）。",
    run,
};

fn cell(r: &Report, key: &str, col: usize) -> Option<Decimal> {
    r.table2.cell(key, col).and_then(|c| c.value.arithmetic())
}

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let (r, Some(p)) = (ctx.report, ctx.previous) else {
        return vec![];
    };
    let mut out = Vec::new();
    for key in ["regulations", "normative_documents"] {
        let expected = match (r.table2.format, p.table2.format) {
            (Some(FormatVersion::V2021), Some(FormatVersion::V2021)) => cell(p, key, 2)
                .zip(cell(r, key, 0))
                .zip(cell(r, key, 1))
                .map(|((b, i), x)| b + i - x),
            (Some(FormatVersion::V2019), Some(FormatVersion::V2019)) => {
                cell(p, key, 2).zip(cell(r, key, 1)).map(|(b, i)| b + i)
            }
            _ => None,
        };
        let (Some(expected), Some(now)) = (expected, cell(r, key, 2)) else {
            continue;
        };
        if expected != now {
            out.push(
                RULE.diag(format!(
                    "表二 “{}” 行：{} 为 {now}，按上一年度报告推算应为 {expected}",
                    r.row_label(TableId::Table2, key),
                    r.column_label(TableId::Table2, key, 2)
                ))
                .at(
                    TableId::Table2,
                    key,
                    Some(r.column_label(TableId::Table2, key, 2)),
                )
                .values(now, expected)
                .source(
                    r.table2
                        .cell(key, 2)
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
        let prev = valid_2021();
        let mut now = valid_2021();
        // prev in force 18; issue 2, repeal 1 → 19.
        set(&mut now, "table2", "normative_documents", 0, 2);
        set(&mut now, "table2", "normative_documents", 1, 1);
        set(&mut now, "table2", "normative_documents", 2, 19);
        assert!(!codes_prev(&now, &prev).contains(&"PREV-IN-FORCE"));
        set(&mut now, "table2", "normative_documents", 2, 20);
        assert!(codes_prev(&now, &prev).contains(&"PREV-IN-FORCE"));
    }
}
