//! The dictionary of derived metrics: each a ratio of sums of 表三/表四 cells, with its formula and meaning,
//! computed per report and over a set of reports (a region: the ratio of the sums, never the mean of the
//! ratios). A blank cell or a printed mark counts as 0 and the metric says so; a missing, ambiguous or
//! unreadable cell leaves the metric uncomputed, with the cell named.

use super::brief::{Brief, Known};
use gongkai_model::TableId;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// A cell term of a metric: a table, a row key (or a prefix ending in `.` for every row of a group), a column.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// The table.
    pub table: TableId,
    /// A row key, or a group prefix such as `denied.`.
    pub row: &'static str,
    /// The column index (表三: 6 is 总计; 表四: 0 维持, 1 纠正, 2 其他, 3 尚未审结, 4 总计).
    pub col: usize,
    /// +1 or −1.
    pub sign: i8,
}

const fn t3(row: &'static str) -> Term {
    Term {
        table: TableId::Table3,
        row,
        col: 6,
        sign: 1,
    }
}

const fn t4(row: &'static str, col: usize, sign: i8) -> Term {
    Term {
        table: TableId::Table4,
        row,
        col,
        sign,
    }
}

/// A derived metric.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    /// Key.
    pub key: &'static str,
    /// Name.
    pub name: &'static str,
    /// The formula in the table's words.
    pub formula: &'static str,
    /// What it tells.
    pub meaning: &'static str,
    /// Numerator terms.
    pub num: &'static [Term],
    /// Denominator terms.
    pub den: &'static [Term],
}

/// The metrics.
pub const METRICS: [Metric; 7] = [
    Metric {
        key: "disclosure_rate",
        name: "公开率",
        formula: "（予以公开 + 部分公开）÷（七）总计",
        meaning: "办结的申请中全部或部分公开的比例",
        num: &[t3("granted"), t3("partially_granted")],
        den: &[t3("total")],
    },
    Metric {
        key: "denial_rate",
        name: "不予公开率",
        formula: "（三）不予公开各项之和 ÷（七）总计",
        meaning: "办结的申请中以法定理由不予公开的比例",
        num: &[t3("denied.")],
        den: &[t3("total")],
    },
    Metric {
        key: "unable_rate",
        name: "无法提供率",
        formula: "（四）无法提供各项之和 ÷（七）总计",
        meaning: "办结的申请中因不掌握、需另行制作或内容不明确而无法提供的比例",
        num: &[t3("unable.")],
        den: &[t3("total")],
    },
    Metric {
        key: "not_processed_rate",
        name: "不予处理率",
        formula: "（五）不予处理各项之和 ÷（七）总计",
        meaning: "办结的申请中不作为政府信息公开申请处理的比例",
        num: &[t3("not_processed.")],
        den: &[t3("total")],
    },
    Metric {
        key: "carry_rate",
        name: "结转率",
        formula: "四、结转下年度继续办理 ÷（一、本年新收 + 二、上年结转）",
        meaning: "应办理的申请中年底尚未办结的比例",
        num: &[t3("carried_forward")],
        den: &[t3("new_received"), t3("carried_over")],
    },
    Metric {
        key: "reconsideration_correction_rate",
        name: "复议纠错率",
        formula: "行政复议结果纠正 ÷（行政复议总计 − 尚未审结）",
        meaning: "审结的行政复议案件中被纠正的比例",
        num: &[t4("reconsideration", 1, 1)],
        den: &[t4("reconsideration", 4, 1), t4("reconsideration", 3, -1)],
    },
    Metric {
        key: "litigation_correction_rate",
        name: "诉讼纠错率",
        formula: "行政诉讼（未经复议直接起诉、复议后起诉）结果纠正 ÷（其总计 − 尚未审结）",
        meaning: "审结的行政诉讼案件中被纠正的比例",
        num: &[
            t4("litigation_direct", 1, 1),
            t4("litigation_after_reconsideration", 1, 1),
        ],
        den: &[
            t4("litigation_direct", 4, 1),
            t4("litigation_direct", 3, -1),
            t4("litigation_after_reconsideration", 4, 1),
            t4("litigation_after_reconsideration", 3, -1),
        ],
    },
];

/// A metric's value for a report or a set of reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// The metric's key.
    pub key: &'static str,
    /// Numerator and denominator, when every cell is known.
    pub parts: Option<(Decimal, Decimal)>,
    /// The ratio (0–1), when the denominator is not 0.
    pub ratio: Option<f64>,
    /// Why there is no value, or what was counted as 0.
    pub note: String,
}

/// The sum of a term's cells in a report: the sum, cells counted as 0 (blank or a mark), or the first cell that
/// is not known.
fn term_sum(r: &Brief, t: &Term) -> Result<(Decimal, Vec<String>), String> {
    let rows: Vec<_> = r
        .rows(t.table)
        .filter(|row| {
            if t.row.ends_with('.') {
                row.key.starts_with(t.row)
            } else {
                row.key == t.row
            }
        })
        .collect();
    if rows.is_empty() {
        return Err(format!(
            "{} 缺少“{}”行",
            super::short(t.table),
            t.row.trim_end_matches('.')
        ));
    }
    let mut sum = Decimal::ZERO;
    let mut zeros = Vec::new();
    for row in rows {
        let where_ = || {
            format!(
                "{}“{}”第 {} 列",
                super::short(t.table),
                row.label,
                t.col + 1
            )
        };
        match row.cells.get(t.col) {
            Some(Known::Number(d)) => sum += *d,
            Some(Known::Zero) => zeros.push(where_()),
            Some(Known::Unknown) | None => return Err(format!("{}待核实", where_())),
        }
    }
    Ok((if t.sign < 0 { -sum } else { sum }, zeros))
}

/// The numerator and denominator of a metric in one report, with the cells counted as 0.
pub fn parts(r: &Brief, m: &Metric) -> Result<(Decimal, Decimal, Vec<String>), String> {
    let mut zeros = Vec::new();
    let mut side = |terms: &[Term]| -> Result<Decimal, String> {
        let mut s = Decimal::ZERO;
        for t in terms {
            let (v, z) = term_sum(r, t)?;
            s += v;
            zeros.extend(z);
        }
        Ok(s)
    };
    let num = side(m.num)?;
    let den = side(m.den)?;
    Ok((num, den, zeros))
}

/// The value from a numerator and denominator.
pub fn value(m: &Metric, num: Decimal, den: Decimal, mut note: String) -> Value {
    let ratio = if den > Decimal::ZERO {
        (num / den).to_f64()
    } else {
        if note.is_empty() {
            note = "分母为 0".into();
        }
        None
    };
    Value {
        key: m.key,
        parts: Some((num, den)),
        ratio,
        note,
    }
}

/// A metric for one report.
pub fn of_report(r: &Brief, m: &Metric) -> Value {
    match parts(r, m) {
        Ok((num, den, zeros)) => {
            let note = if zeros.is_empty() {
                String::new()
            } else {
                format!("空白或符号按 0 计：{}", zeros.join("、"))
            };
            value(m, num, den, note)
        }
        Err(why) => Value {
            key: m.key,
            parts: None,
            ratio: None,
            note: why,
        },
    }
}

/// A metric over several reports: the ratio of the sums over the reports whose cells are all known; the
/// others are named in the note.
pub fn of_reports<'a>(
    reports: impl IntoIterator<Item = (&'a str, &'a Brief)>,
    m: &Metric,
) -> Value {
    let (mut num, mut den) = (Decimal::ZERO, Decimal::ZERO);
    let mut left_out = Vec::new();
    for (unit, r) in reports {
        match parts(r, m) {
            Ok((n, d, _)) => {
                num += n;
                den += d;
            }
            Err(_) => left_out.push(unit.to_string()),
        }
    }
    let note = if left_out.is_empty() {
        String::new()
    } else {
        format!("未计入（单元格待核实）：{}", left_out.join("、"))
    };
    value(m, num, den, note)
}

/// A ratio as a percentage with one decimal (“—” when there is none).
pub fn percent(v: &Value) -> String {
    v.ratio
        .map_or("—".to_string(), |r| format!("{:.1}%", r * 100.0))
}
