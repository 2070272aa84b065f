//! SECTIONS: the six sections 一 to 六 are present and in order.
//!
//! Why: 条例 Art. 50 lists the report's contents and the format notices fix six sections:
//! 一、总体情况 … 六、其他需要报告的事项.
//! Example: a report without “五、存在的主要问题及改进情况”.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::SECTION_HEADINGS;

/// The rule.
pub const RULE: Rule = Rule {
    code: "SECTIONS",
    severity: Severity::Warning,
    title: "须有第一至第六部分且顺序正确",
    explanation: "《条例》第五十条规定年度报告的内容，格式通知规定一至六六个部分：总体情况、主动公开、依申请公开、\
                  复议诉讼、存在问题及改进情况、其他需要报告的事项。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for (i, (heading, _)) in SECTION_HEADINGS.iter().enumerate() {
        if !r.sections.iter().any(|s| s.number as usize == i + 1) {
            out.push(RULE.diag(format!("缺少第{}部分“{heading}”", &heading[..3])));
        }
    }
    for s in &r.sections {
        let numeral = ["一", "二", "三", "四", "五", "六"][(s.number as usize).clamp(1, 6) - 1];
        if !s.heading.starts_with(numeral) {
            out.push(
                RULE.diag(format!(
                    "第{numeral}部分的标题印为“{}”，编号与年度报告格式不一致（应为“{numeral}、”）",
                    s.heading
                ))
                .source(s.source.clone()),
            );
        }
    }
    let order: Vec<u8> = r.sections.iter().map(|s| s.number).collect();
    if order.windows(2).any(|w| w[0] > w[1]) {
        let list: Vec<String> = order.iter().map(|n| n.to_string()).collect();
        out.push(RULE.diag(format!(
            "各部分顺序不正确：文中出现顺序为 {}",
            list.join("、")
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"SECTIONS"));
        let mut bad = valid_2021();
        bad.sections.retain(|s| s.number != 5);
        assert!(codes(&bad).contains(&"SECTIONS"));
        let mut renumbered = valid_2021();
        renumbered.sections[1].heading = "一、主动公开政府信息情况".into();
        assert!(codes(&renumbered).contains(&"SECTIONS"));
        let mut swapped = valid_2021();
        swapped.sections.swap(1, 2);
        assert!(codes(&swapped).contains(&"SECTIONS"));
    }
}
