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
    // Neither format asks for a sentence stating the period: a report without one is not faulted.
    if let Some((start, end)) = &r.period {
        let want = (format!("{year}-01-01"), format!("{year}-12-31"));
        if (start, end) != (&want.0, &want.1) {
            let d = match partial_year_reason(r) {
                // A unit created or reorganised during the year reports from its start: say so, not a fault.
                Some(reason) if start.starts_with(&year.to_string()) && end == &want.1 => {
                    Diagnostic::new(
                        RULE.code,
                        Severity::Info,
                        format!(
                            "统计期限为 {start} 至 {end}，不是 {year} 年全年；报告说明“{reason}”，\
                             按非全年的统计期限理解"
                        ),
                    )
                }
                _ => RULE.diag(format!(
                    "统计期限为 {start} 至 {end}，与报告年度 {year} 年全年（{} 至 {}）不符",
                    want.0, want.1
                )),
            };
            out.push(d.values(format!("{start}..{end}"), format!("{}..{}", want.0, want.1)));
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

/// The sentence of the preamble or the first section that explains a partial year (机构改革, a unit newly
/// created), shortened to 60 characters.
fn partial_year_reason(r: &gongkai_model::Report) -> Option<String> {
    let first = r
        .sections
        .iter()
        .find(|s| s.number == 1)
        .map(|s| s.text.as_str());
    [Some(r.preamble.as_str()), first]
        .into_iter()
        .flatten()
        .flat_map(|t| t.split(['。', '\n']))
        .find(|s| {
            ["机构改革", "组建", "挂牌", "成立", "开始启动"]
                .iter()
                .any(|k| s.contains(k))
        })
        .map(|s| {
            let s = s.trim();
            match s.char_indices().nth(60) {
                Some((i, _)) => format!("{}…", &s[..i]),
                None => s.to_string(),
            }
        })
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
        // No period sentence: neither format asks for one.
        let mut silent = valid_2021();
        silent.period = None;
        assert!(!codes(&silent).contains(&"META-YEAR"));
    }

    /// 2019_pingtan-gyz: “本报告中所列数据的统计期限为2019年9月1日至2019年12月31日”, the unit new after the 机构改革.
    #[test]
    fn a_partial_year_explained_is_a_note_not_an_error() {
        let mut r = valid_2021();
        r.period = Some(("2021-09-01".into(), "2021-12-31".into()));
        let errors = |r: &gongkai_model::Report| {
            crate::check(r, None)
                .into_iter()
                .filter(|d| d.code == "META-YEAR")
                .map(|d| (d.severity, d.message))
                .collect::<Vec<_>>()
        };
        assert_eq!(errors(&r)[0].0, crate::Severity::Error);
        r.sections[0].text =
            "机构改革以来，在我局政府信息公开工作领导小组的组织领导下，认真贯彻落实条例。".into();
        let e = errors(&r);
        assert_eq!(e[0].0, crate::Severity::Info, "{e:?}");
        assert!(e[0].1.contains("报告说明“机构改革以来，在我局政府信息公开工作领导小组的组织领导下，认真贯彻落实条例”"), "{e:?}");
    }
}
