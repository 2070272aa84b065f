//! CELL-MARK: cells that print a mark (“/”, “—”, “无”) instead of a number.
//!
//! Why: the format asks for numbers; a mark is kept as printed (never turned into 0) and does not take part in
//! the identities. Example: “—” in 行政事业性收费.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::CellValue;

/// The rule.
pub const RULE: Rule = Rule {
    code: "CELL-MARK",
    severity: Severity::Warning,
    title: "单元格填写符号而非数字",
    explanation: "格式要求填写数字；“/”“—”“无”等符号按原样保留，不当作 0，也无法参与勾稽核对。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    r.cells()
        .filter_map(|(id, row, c, cell)| match &cell.value {
            CellValue::Mark(m) => Some(
                RULE.diag(format!(
                    "{}：填写了符号“{m}”而不是数字",
                    super::where_text(r, id, &row.key, Some(c))
                ))
                .at(id, &row.key, Some(r.column_label(id, &row.key, c)))
                .values(m, "数字")
                .source(cell.source.clone()),
            ),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"CELL-MARK"));
        let mut bad = valid_2021();
        set_text(&mut bad, "table4", "litigation_direct", 0, "—");
        assert!(codes(&bad).contains(&"CELL-MARK"));
    }
}
