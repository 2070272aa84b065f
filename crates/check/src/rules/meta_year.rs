//! META-YEAR: the year in the title, the statistical period and the year are present and agree.
//!
//! Why: the report covers one calendar year (统计期限 1月1日 to 12月31日 of the report year); a title year that
//! differs from the period is a copy-paste slip from another year's report.
//! Also the year the narrative of 一、总体情况 opens with.
//! Example: title “2021年度…报告” with “统计期限自2020年1月1日…”.

use crate::{Context, Diagnostic, Rule, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    code: "META-YEAR",
    severity: Severity::Error,
    title: "标题年度、统计期限须一致且覆盖全年",
    explanation: "年度报告统计的是报告年度 1 月 1 日至 12 月 31 日的情况；标题年度与统计期限不一致，\
                  多为沿用往年报告未改。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    let Some(year) = r.year else {
        return vec![Diagnostic::new(
            RULE.code,
            Severity::Warning,
            "未能识别报告年度（标题中应有“XXXX年度”）".into(),
        )];
    };
    match &r.period {
        None => out.push(Diagnostic::new(
            RULE.code,
            Severity::Warning,
            "未找到统计期限的说明（应写明“统计期限自X年1月1日至12月31日”）".into(),
        )),
        Some((start, end)) => {
            let want = (format!("{year}-01-01"), format!("{year}-12-31"));
            if (start, end) != (&want.0, &want.1) {
                out.push(
                    RULE.diag(format!(
                        "统计期限为 {start} 至 {end}，与报告年度 {year} 年全年（{} 至 {}）不符",
                        want.0, want.1
                    ))
                    .values(format!("{start}..{end}"), format!("{}..{}", want.0, want.1)),
                );
            }
        }
    }
    // The narrative of 一、总体情况 usually opens with the year it reports on ("2020年，我局…").
    if let Some(first) = r.sections.iter().find(|s| s.number == 1)
        && let Some(stated) = opening_year(&first.text)
        && stated != year
    {
        out.push(
            RULE.diag(format!(
                "第一部分“总体情况”开头写的是 {stated} 年，而报告年度为 {year} 年"
            ))
            .values(stated, year)
            .source(first.source.clone()),
        );
    }
    out
}

/// The year a text opens with ("2020年，…"), if any.
fn opening_year(text: &str) -> Option<i32> {
    let t = text.trim_start();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4 && t[4..].starts_with('年') && !t[4..].starts_with("年度报告"))
        .then(|| digits.parse().ok())?
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"META-YEAR"));
        let mut bad = valid_2021();
        bad.period = Some(("2020-01-01".into(), "2020-12-31".into()));
        assert!(codes(&bad).contains(&"META-YEAR"));
        let mut ok = valid_2021();
        ok.sections[0].text = "2021年，我局坚持…".into();
        assert!(!codes(&ok).contains(&"META-YEAR"));
        let mut stale = valid_2021();
        stale.sections[0].text = "2020年，我局坚持…".into();
        assert!(codes(&stale).contains(&"META-YEAR"));
    }
}
