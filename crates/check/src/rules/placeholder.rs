//! SECTION-PLACEHOLDER: a section still holds a prompt of the draft instead of the agency's text.
//!
//! Why: the draft gongkai writes marks what the office must write itself (problems and improvements, fees and
//! other matters) with prompts such as “（请填写存在的主要问题及改进情况。）”; published as they are, the report
//! lacks contents 条例 Art. 50 requires.
//! Example: 第五部分 reading only “（请填写存在的主要问题及改进情况。）”.

use crate::{Context, Diagnostic, Rule, Severity};
use regex::Regex;
use std::sync::LazyLock;

/// The rule.
pub const RULE: Rule = Rule {
    code: "SECTION-PLACEHOLDER",
    severity: Severity::Error,
    title: "正文仍有待填写的提示",
    explanation: "草稿中“（请填写……）”“（请补充……）”等提示须由本机关替换为实际内容后才能发布；\
                  《条例》第五十条规定了年度报告应当包括的内容。",
    run,
};

static PROMPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]请(?:填写|补充)[^）)]*[）)]").expect("static regex"));

fn run(ctx: &Context) -> Vec<Diagnostic> {
    ctx.report
        .sections
        .iter()
        .filter_map(|s| {
            let prompt = PROMPT.find(&s.text)?;
            let rest = PROMPT.replace_all(&s.text, "");
            let numeral = super::numeral(s.number);
            let message = if rest.trim().is_empty() {
                format!("第{numeral}部分仍是待填写的提示：“{}”", prompt.as_str())
            } else {
                format!("第{numeral}部分仍有待填写的提示：“{}”", prompt.as_str())
            };
            Some(RULE.diag(message).source(s.source.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    #[test]
    fn prompts_of_the_draft_are_found() {
        let mut r = valid_2021();
        assert!(!codes(&r).contains(&"SECTION-PLACEHOLDER"));
        r.sections[4].text = "（请填写存在的主要问题及改进情况。）".into();
        r.sections[0].text = "本年度共收到10件申请。（请补充主动公开情况。）".into();
        let messages: Vec<String> = crate::check(&r, None)
            .into_iter()
            .filter(|d| d.code == "SECTION-PLACEHOLDER")
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            [
                "第一部分仍有待填写的提示：“（请补充主动公开情况。）”",
                "第五部分仍是待填写的提示：“（请填写存在的主要问题及改进情况。）”"
            ]
        );
    }
}
