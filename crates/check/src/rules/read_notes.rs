//! READ-NOTE: what the reader had to infer, shown to the user (e.g. 表三 rows whose values were separated from
//! their labels in OCR/Markdown output and were placed by row order).
//!
//! Why: such a value is not read from a labelled cell; the identities confirm it but a person may want to
//! look at the original. Informational: it does not count as a problem.
//! Example: “表三“5.属于三类内部事务信息”行的数值与行标签分离…”.

use crate::{Context, Diagnostic, Rule, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    code: "READ-NOTE",
    severity: Severity::Info,
    title: "读取时作出的推断",
    explanation: "原文版式损坏（如 OCR 或 PDF 转换结果中行标签与数值分离）时，读取程序按表格行序等作出的定位；\
                  已由勾稽关系核对，必要时请对照原件。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    ctx.report
        .notes
        .iter()
        .map(|n| RULE.diag(n.message.clone()).source(n.source.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"READ-NOTE"));
        let mut r = valid_2021();
        r.notes.push(gongkai_model::ReadNote {
            code: "READ-ROW-BY-ORDER",
            message: "x".into(),
            source: Default::default(),
        });
        assert!(codes(&r).contains(&"READ-NOTE"));
    }
}
