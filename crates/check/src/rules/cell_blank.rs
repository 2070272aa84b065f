//! CELL-BLANK: cells left blank, one diagnostic per row naming the blank columns.
//!
//! Why: the format asks for a number in every cell; a blank is read as 0 for the identities but may hide a
//! missing figure. Example: the whole “四、结转下年度继续办理” row blank.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::CellValue;

/// The rule.
pub const RULE: Rule = Rule {
    code: "CELL-BLANK",
    severity: Severity::Warning,
    title: "单元格空白",
    explanation: "年度报告格式要求每个单元格填写数字（没有发生的填 0）；空白在核对勾稽关系时按 0 计，但可能是漏填。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for id in [
        gongkai_model::TableId::Table2,
        gongkai_model::TableId::Table3,
        gongkai_model::TableId::Table4,
    ] {
        for row in &r.table(id).rows {
            let blank: Vec<usize> = row
                .cells
                .iter()
                .enumerate()
                .filter(|(_, c)| c.value == CellValue::Blank)
                .map(|(i, _)| i)
                .collect();
            if blank.is_empty() {
                continue;
            }
            let labels: Vec<&str> = blank
                .iter()
                .map(|&i| r.column_label(id, &row.key, i))
                .collect();
            let all = if blank.len() == row.cells.len() {
                "整行"
            } else {
                ""
            };
            out.push(
                RULE.diag(format!(
                    "{}{}有 {} 个单元格空白（按 0 计）：{}",
                    super::where_text(r, id, &row.key, None),
                    all,
                    blank.len(),
                    super::join_labels(&labels)
                ))
                .at(id, &row.key, None)
                .values("空白", "数字（无则填 0）")
                .source(row.source.clone()),
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
        assert!(!codes(&valid_2021()).contains(&"CELL-BLANK"));
        let mut bad = valid_2021();
        set_text(&mut bad, "table3", "carried_over", 2, "");
        assert!(codes(&bad).contains(&"CELL-BLANK"));
    }
}
