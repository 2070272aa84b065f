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
        if r.sections.iter().any(|s| s.number as usize == i + 1) {
            continue;
        }
        // The problems and improvements printed without their heading, inside the part before.
        let headless = (i == 4)
            .then(|| {
                r.sections.iter().find_map(|s| {
                    let at = s.text.find("主要问题")?;
                    let rest = &s.text[at..];
                    (rest.contains("改进") || rest.contains("整改")).then(|| {
                        let line = s.text[..at].rsplit('\n').next().unwrap_or("");
                        format!("{line}主要问题")
                    })
                })
            })
            .flatten();
        out.push(RULE.diag(match headless {
            Some(start) => format!(
                "第五部分“{heading}”没有标题：其内容（自“{}”起）印在上一部分之中",
                start.trim()
            ),
            None => format!("缺少第{}部分“{heading}”", &heading[..3]),
        }));
    }
    // Renumbered headings: one finding, every heading named.
    let renumbered: Vec<String> = r
        .sections
        .iter()
        .filter_map(|s| {
            let numeral = super::numeral(s.number);
            (!s.heading.starts_with(numeral)).then(|| format!("第{numeral}部分印为“{}”", s.heading))
        })
        .collect();
    if !renumbered.is_empty() {
        let first = r
            .sections
            .iter()
            .find(|s| !s.heading.starts_with(super::numeral(s.number)));
        out.push(
            RULE.diag(format!(
                "各部分的编号与年度报告格式（一至六）不一致：{}",
                renumbered.join("，")
            ))
            .source(first.map(|s| s.source.clone()).unwrap_or_default()),
        );
    }
    // Reworded headings: the section is there; the wording differs from the format's.
    for s in &r.sections {
        let Some((heading, variants)) = SECTION_HEADINGS.get((s.number as usize).wrapping_sub(1))
        else {
            continue;
        };
        // Compared without spaces and the particles that change nothing (需/需要, 的).
        let title = |h: &str| {
            h.split_once('、')
                .map_or(h, |(_, t)| t)
                .replace([' ', '的'], "")
                .replace("需要", "需")
        };
        let printed = title(&s.heading);
        if printed != title(heading) && !variants.iter().any(|v| title(v) == printed) {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    Severity::Info,
                    format!(
                        "第{}部分的标题印为“{}”，与年度报告格式的“{heading}”用词不同",
                        super::numeral(s.number),
                        s.heading
                    ),
                )
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
        // Its content printed without the heading, inside the part before.
        bad.sections[3].text =
            "本年度无复议诉讼。\n（一）主要问题\n人员不足。\n（二）改进情况\n加强培训。".into();
        let found = crate::check(&bad, None);
        assert!(
            found.iter().any(|d| d.message
                == "第五部分“五、存在的主要问题及改进情况”没有标题：其内容（自“（一）主要问题”起）印在上一部分之中"),
            "{found:?}"
        );
        let mut renumbered = valid_2021();
        renumbered.sections[1].heading = "一、主动公开政府信息情况".into();
        assert!(codes(&renumbered).contains(&"SECTIONS"));
        // Renumbered twice: one finding naming both.
        renumbered.sections[2].heading = "二、收到和处理政府信息公开申请情况".into();
        let found: Vec<_> = crate::check(&renumbered, None)
            .into_iter()
            .filter(|d| d.code == "SECTIONS")
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("第二部分印为“一、主动公开政府信息情况”，第三部分印为“二、")
        );
        // Reworded: a note, not a missing section.
        let mut reworded = valid_2021();
        reworded.sections[5].heading = "六、需要说明的其他事项".into();
        let found: Vec<_> = crate::check(&reworded, None)
            .into_iter()
            .filter(|d| d.code == "SECTIONS")
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, crate::Severity::Info);
        assert!(
            found[0]
                .message
                .contains("第六部分的标题印为“六、需要说明的其他事项”")
        );
        let mut swapped = valid_2021();
        swapped.sections.swap(1, 2);
        assert!(codes(&swapped).contains(&"SECTIONS"));
    }
}
