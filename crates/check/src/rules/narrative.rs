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

fn run(ctx: &Context) -> Vec<Diagnostic> {
    let r = ctx.report;
    let mut out = Vec::new();
    for section in &r.sections {
        for claim in &CLAIMS {
            if !r.table(claim.table).found {
                continue;
            }
            let allowed = (claim.values)(r);
            if allowed.is_empty() {
                continue;
            }
            for cap in claim.re.captures_iter(&section.text) {
                let Some(m) = cap.iter().skip(1).flatten().next() else {
                    continue;
                };
                let Ok(stated) = m.as_str().parse::<Decimal>() else {
                    continue;
                };
                if allowed.contains(&stated) {
                    continue;
                }
                let sentence = cap.get(0).map_or("", |m| m.as_str());
                out.push(
                    RULE.diag(format!(
                        "第{}部分正文称{}为 {stated} 件（“{sentence}”），而{}中为 {}",
                        ["一", "二", "三", "四", "五", "六"]
                            [(section.number as usize).clamp(1, 6) - 1],
                        claim.what,
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
}
