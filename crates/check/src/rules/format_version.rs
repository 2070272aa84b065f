//! FORMAT-VERSION: the format version fits the report year, and the report does not mix both versions.
//!
//! Why: reports for 2019–2020 use the format of 国办公开办函〔2019〕60号, reports from 2021 on that of
//! 国办公开办函〔2021〕30号. Real reports still print 2019 labels in 2021-format tables.
//! Example: a 2023 report whose 表三 keeps a single （六）其他处理 row.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::FormatVersion;

/// The rule.
pub const RULE: Rule = Rule {
    code: "FORMAT-VERSION",
    severity: Severity::Warning,
    title: "格式版本须与报告年度相符且不混用",
    explanation: "2019、2020 年度报告适用国办公开办函〔2019〕60号格式，2021 年度起适用国办公开办函〔2021〕30号格式；\
                  两种格式的表二、表三不同，不得混用。",
    run,
};

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let e = &r.format_evidence;
    let mix = e.is_mixed().then(|| {
        format!(
            "报告混用两种格式：2019 年格式的标记 {}；2021 年格式的标记 {}",
            e.markers_2019.join("、"),
            e.markers_2021.join("、")
        )
    });
    let wrong_year = match (r.format, r.year) {
        (Some(f), Some(y)) if f != FormatVersion::for_year(y) => Some((f, y)),
        _ => None,
    };
    // A report of the wrong year's format that mixes both is one cause: one error naming both.
    match (wrong_year, mix) {
        (Some((f, y)), mix) => {
            let want = FormatVersion::for_year(y);
            let what = mix.unwrap_or_else(|| format!("表格采用的是 {} 的格式", f.notice()));
            vec![
                Diagnostic::new(
                    RULE.code,
                    Severity::Error,
                    format!("{y} 年度报告应采用 {} 的格式，但{what}", want.notice()),
                )
                .values(f.key(), want.key()),
            ]
        }
        (None, Some(mix)) => vec![RULE.diag(mix)],
        (None, None) => vec![],
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;

    #[test]
    fn fires_and_not() {
        assert!(!codes(&valid_2021()).contains(&"FORMAT-VERSION"));
        let mut bad = valid_2021();
        bad.year = Some(2020);
        assert!(codes(&bad).contains(&"FORMAT-VERSION"));
        let mut mixed = valid_2021();
        mixed.format_evidence.markers_2019.push("规范性文件".into());
        mixed
            .format_evidence
            .markers_2021
            .push("本年制发件数".into());
        assert!(codes(&mixed).contains(&"FORMAT-VERSION"));
    }
}
