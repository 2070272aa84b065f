//! TEXT-VS-TABLE: numbers stated in the prose contradict the tables.
//!
//! Why: readers quote the prose; a report whose text says 17 applications while 表三 counts 95 misinforms
//! them (条例 Art. 50 requires accurate content; 〔2021〕30号 holds inaccurate reports to account).
//! Covered statements: applications received (本年新收, or 新收 + 上年结转), applications answered (办结),
//! carried forward (结转下年度), administrative reviews and lawsuits (表四 totals), regulations and normative
//! documents published (表二).
//! Example: “本年度共收到70件申请，办结69件” against 表三 总计.

use crate::{Context, Diagnostic, Rule, Severity};
use gongkai_model::{Report, TableId};
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// The rule.
pub const RULE: Rule = Rule {
    code: "TEXT-VS-TABLE",
    severity: Severity::Warning,
    title: "正文所述数字与表格不符",
    explanation: "正文中关于收到申请数、办结数、结转数、行政复议和行政诉讼数、公开规章和规范性文件件数的表述，\
                  应与表二、表三、表四一致；不一致说明其中之一有误。",
    run,
};

struct Claim {
    re: LazyLock<Regex>,
    what: &'static str,
    /// The acceptable table values for the claim.
    values: fn(&Report) -> Vec<Decimal>,
    table: TableId,
    row: &'static str,
}

fn total(r: &Report, key: &str) -> Option<Decimal> {
    r.t3(key, 6)
}

fn t4_total(r: &Report, key: &str) -> Option<Decimal> {
    r.table4.cell(key, 4).and_then(|c| c.value.arithmetic())
}

fn t2_first(r: &Report, key: &str) -> Option<Decimal> {
    r.table2.cell(key, 0).and_then(|c| c.value.arithmetic())
}

static CLAIMS: [Claim; 7] = [
    Claim {
        re: LazyLock::new(|| {
            Regex::new(r"收到[^。；，,]{0,12}?(\d+)\s*件[^。；，,\d]{0,8}?申请|收到[^。；，,\d]{0,14}?申请[^。；，,\d]{0,4}?(\d+)\s*件")
                .expect("static regex")
        }),
        what: "收到的政府信息公开申请",
        values: |r| {
            let n = total(r, "new_received");
            let c = total(r, "carried_over");
            [n, n.zip(c).map(|(a, b)| a + b)]
                .into_iter()
                .flatten()
                .collect()
        },
        table: TableId::Table3,
        row: "new_received",
    },
    Claim {
        re: LazyLock::new(|| {
            Regex::new(r"办结[^。；，,\d]{0,6}?(\d+)\s*件").expect("static regex")
        }),
        what: "办结的申请",
        values: |r| total(r, "total").into_iter().collect(),
        table: TableId::Table3,
        row: "total",
    },
    Claim {
        re: LazyLock::new(|| {
            Regex::new(r"(\d+)\s*件[^。；，,\d]{0,4}?结转下?一?年度|结转下?一?年度[^。；，,\d]{0,6}?(\d+)\s*件").expect("static regex")
        }),
        what: "结转下年度的申请",
        values: |r| total(r, "carried_forward").into_iter().collect(),
        table: TableId::Table3,
        row: "carried_forward",
    },
    Claim {
        re: LazyLock::new(|| {
            Regex::new(r"行政复议[^。；，,\d]{0,6}?(\d+)\s*[件起]").expect("static regex")
        }),
        what: "行政复议案件",
        values: |r| t4_total(r, "reconsideration").into_iter().collect(),
        table: TableId::Table4,
        row: "reconsideration",
    },
    Claim {
        re: LazyLock::new(|| {
            Regex::new(r"行政诉讼[^。；，,\d]{0,6}?(\d+)\s*[件起]").expect("static regex")
        }),
        what: "行政诉讼案件",
        values: |r| {
            t4_total(r, "litigation_direct")
                .zip(t4_total(r, "litigation_after_reconsideration"))
                .map(|(a, b)| a + b)
                .into_iter()
                .collect()
        },
        table: TableId::Table4,
        row: "litigation_direct",
    },
    Claim {
        re: LazyLock::new(|| {
            Regex::new(r"公开[^。；，,\d]{0,4}?规章\s*(\d+)\s*件").expect("static regex")
        }),
        what: "公开的规章",
        values: |r| t2_first(r, "regulations").into_iter().collect(),
        table: TableId::Table2,
        row: "regulations",
    },
    Claim {
        re: LazyLock::new(|| {
            Regex::new(r"[，,、]\s*(?:行政)?规范性文件\s*(\d+)\s*件").expect("static regex")
        }),
        what: "公开的规范性文件",
        values: |r| t2_first(r, "normative_documents").into_iter().collect(),
        table: TableId::Table2,
        row: "normative_documents",
    },
];

/// The clause of `text` (from the last ， 。 or ； before `start`) up to `end`.
fn clause(text: &str, start: usize, end: usize) -> &str {
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| "，,。；;".contains(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[from.min(start)..end]
}

/// The 表二 column a clause speaks of, and how to call it: 现行有效 (the third column in both formats: 现行有效件数
/// or 对外公开总数量), 废止 (the second in 2021), or else the first (制发, 新制作).
fn t2_column(clause: &str) -> (usize, &'static str) {
    if clause.contains("有效") {
        (2, "现行有效的")
    } else if clause.contains("废止") {
        (1, "废止的")
    } else {
        (0, "公开的")
    }
}

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for section in &r.sections {
        for claim in &CLAIMS {
            if !r.table(claim.table).found {
                continue;
            }
            for cap in claim.re.captures_iter(&section.text) {
                let Some(m) = cap.iter().skip(1).flatten().next() else {
                    continue;
                };
                let Ok(stated) = m.as_str().parse::<Decimal>() else {
                    continue;
                };
                // 表二's counts: the clause says which column (“年末现行有效…N件”, “废止…N件”, else 制发/公开).
                let (allowed, what) = if claim.table == TableId::Table2 {
                    let whole = cap.get(0).expect("the whole match");
                    let (column, what) =
                        t2_column(clause(&section.text, whole.start(), whole.end()));
                    let value = r
                        .table2
                        .cell(claim.row, column)
                        .and_then(|c| c.value.arithmetic());
                    (
                        value.into_iter().collect(),
                        format!("{what}{}", &claim.what["公开的".len()..]),
                    )
                } else {
                    ((claim.values)(r), claim.what.to_string())
                };
                if allowed.is_empty() || allowed.contains(&stated) {
                    continue;
                }
                let sentence = cap.get(0).map_or("", |m| m.as_str());
                out.push(
                    RULE.diag(format!(
                        "第{}部分正文称{}为 {stated} 件（“{sentence}”），而{}中为 {}",
                        super::numeral(section.number),
                        what,
                        claim.table.title(),
                        allowed
                            .iter()
                            .map(|d| d.to_string())
                            .collect::<Vec<_>>()
                            .join(" 或 ")
                    ))
                    .at(claim.table, claim.row, None)
                    .values(stated, allowed[0])
                    .source(section.source.clone()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    #[test]
    fn fires_and_not() {
        let mut ok = valid_2021();
        ok.sections[0].text = "本年度共收到10件申请，办结10件。".into();
        assert!(!codes(&ok).contains(&"TEXT-VS-TABLE"), "{:?}", codes(&ok));
        let mut bad = valid_2021();
        bad.sections[0].text = "本年度共收到17件申请，办结10件。".into();
        assert_eq!(
            codes(&bad)
                .iter()
                .filter(|c| **c == "TEXT-VS-TABLE")
                .count(),
            1
        );
    }

    #[test]
    fn the_in_force_count_is_compared_with_the_in_force_column() {
        // The sentence gongkai writes itself (catalogue::counts::section_one_sentence).
        let mut r = valid_2021();
        let cell = |r: &Report, col| {
            r.table2
                .cell("normative_documents", col)
                .and_then(|c| c.value.arithmetic())
                .unwrap()
        };
        let (issued, in_force) = (cell(&r, 0), cell(&r, 2));
        assert_ne!(issued, in_force, "the fixture must tell the columns apart");
        r.sections[0].text = format!(
            "本年度制发规章0件、行政规范性文件{issued}件，年末现行有效规章0件、行政规范性文件{in_force}件。"
        );
        let text_vs_table: Vec<String> = crate::check(&r, None)
            .into_iter()
            .filter(|d| d.code == "TEXT-VS-TABLE")
            .map(|d| d.message)
            .collect();
        assert!(
            !text_vs_table.iter().any(|m| m.contains("规范性文件")),
            "{text_vs_table:?}"
        );
        // The in-force count misstated is named as such.
        r.sections[0].text = format!(
            "年末现行有效规章0件、行政规范性文件{}件。",
            in_force + Decimal::ONE
        );
        let messages: Vec<String> = crate::check(&r, None)
            .into_iter()
            .filter(|d| d.code == "TEXT-VS-TABLE")
            .map(|d| d.message)
            .collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("现行有效的规范性文件"), "{messages:?}");
    }
}
