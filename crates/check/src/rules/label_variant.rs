//! LABEL-VARIANT: a row label differs from the official one (a misprint, or the other format's label).
//!
//! Why: the row is still read, but the printed table departs from the official format.
//! Example: “2.其他法律行政止公开” (missing 法规禁), “规范性文件” in a 2021-format 表二.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::format::VariantKind;

/// The rule.
pub const RULE: Rule = Rule {
    code: "LABEL-VARIANT",
    severity: Severity::Warning,
    title: "行标签与官方格式不一致（错字或另一版本的标签）",
    explanation: "表格行标签应与年度报告格式完全一致；错字或沿用旧版标签不影响读取，但应更正。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for (id, t) in [
        (gongkai_model::TableId::Table2, &r.table2),
        (gongkai_model::TableId::Table3, &r.table3),
    ] {
        for row in &t.rows {
            let Some(kind) = row.variant else { continue };
            let why = match kind {
                VariantKind::Typo => "错字",
                VariantKind::Edited => "与官方标签相近的写法，按相似度匹配",
                VariantKind::OtherFormat => "另一版本格式的标签",
            };
            let official = r.row_label(id, &row.key);
            out.push(
                RULE.diag(format!(
                    "{}行标签印为“{}”（{why}），官方格式为“{official}”",
                    id.title(),
                    row.printed_label
                ))
                .at(id, &row.key, None)
                .values(&row.printed_label, official)
                .source(row.source.clone()),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use gongkai_model::format::VariantKind;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"LABEL-VARIANT"));
        let mut bad = valid_2021();
        bad.table3.rows[5].variant = Some(VariantKind::Typo);
        bad.table3.rows[5].printed_label = "2.其他法律行政止公开".into();
        assert!(codes(&bad).contains(&"LABEL-VARIANT"));
    }
}
