//! The year-end report built from the ledger: 表三 from the applications, 表四 from the reviews and lawsuits,
//! 表二 from the proactive-disclosure figures, and a narrative skeleton with the numbers filled in.
//!
//! An application received by 31 December and not closed by then is carried forward (四、结转下年度继续办理)
//! and comes back next year as 二、上年结转, so 一 + 二 = （七）总计 + 四 holds by construction.

use crate::case::{ApplicantType, Application};
use crate::review::ReviewCase;
use chrono::NaiveDate;
use gongkai_model::{
    Cell, CellValue, FormatVersion, Report, RowData, TABLE4_GROUPS, TableData, table3_rows,
};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Where a case goes in the report of one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement<'a> {
    /// 一、本年新收 (received this year).
    pub new: bool,
    /// 二、上年结转 (received earlier, open on 1 January).
    pub carried_in: bool,
    /// The outcome row, when closed this year.
    pub outcome: Option<&'a str>,
    /// 四、结转下年度 (open on 31 December).
    pub carried_out: bool,
}

fn bounds(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year"),
    )
}

/// Where an application counts in the report for `year` (closing date and outcome key given, in the
/// format of that year).
pub fn place(received: NaiveDate, closed: Option<(NaiveDate, &str)>, year: i32) -> Placement<'_> {
    let (start, end) = bounds(year);
    let open_at = |d: NaiveDate| received <= d && closed.is_none_or(|(c, _)| c > d);
    Placement {
        new: received >= start && received <= end,
        carried_in: received < start && closed.is_none_or(|(c, _)| c >= start),
        outcome: closed
            .filter(|(c, _)| *c >= start && *c <= end)
            .map(|(_, o)| o),
        carried_out: open_at(end),
    }
}

/// 表三 counts: row key → 7 numbers (six applicant columns and 总计), with the case ids behind each cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table3Counts {
    /// Row key → counts per applicant column (0–5).
    pub counts: BTreeMap<String, [u64; 6]>,
}

impl Table3Counts {
    /// Adds one case.
    pub fn add(&mut self, row: &str, applicant: ApplicantType) {
        self.counts.entry(row.to_string()).or_default()[applicant.column()] += 1;
    }
}

/// The 表三 counts of a year from applications (each: received date, applicant type, closing date, outcome
/// key in the 2021 taxonomy).
pub fn table3_counts<'a>(
    cases: impl Iterator<Item = (NaiveDate, ApplicantType, Option<(NaiveDate, &'a str)>)>,
    year: i32,
) -> Table3Counts {
    let format = FormatVersion::for_year(year);
    let mut t = Table3Counts::default();
    for (received, applicant, closed) in cases {
        let closed = closed.map(|(d, o)| (d, outcome_in(o, format)));
        let p = place(received, closed, year);
        if p.new {
            t.add("new_received", applicant);
        }
        if p.carried_in {
            t.add("carried_over", applicant);
        }
        if let Some(o) = p.outcome {
            t.add(o, applicant);
            t.add("total", applicant);
        }
        if p.carried_out {
            t.add("carried_forward", applicant);
        }
    }
    t
}

fn outcome_in(key: &str, format: FormatVersion) -> &str {
    match format {
        FormatVersion::V2019 if key.starts_with("other.") => "other",
        _ => key,
    }
}

fn number(n: impl Into<Decimal>) -> Cell {
    let d = n.into();
    Cell {
        value: CellValue::Number(d),
        printed: d.to_string(),
        source: Default::default(),
    }
}

fn row(key: &str, label: &str, cells: Vec<Cell>) -> RowData {
    RowData {
        key: key.to_string(),
        printed_label: label.to_string(),
        variant: None,
        cells,
        source: Default::default(),
        split_candidates: vec![],
    }
}

/// 表四 counts of a year: three blocks × (维持, 纠正, 其他, 尚未审结).
pub fn table4_counts<'a>(
    reviews: impl Iterator<Item = &'a ReviewCase>,
    year: i32,
) -> [[u64; 4]; 3] {
    let mut t = [[0u64; 4]; 3];
    for r in reviews {
        if let Some(col) = r.column_in(year) {
            t[r.kind.index()][col] += 1;
        }
    }
    t
}

/// Builds the report of `year` from counts. `table2` is the proactive-disclosure table (exchange JSON
/// object of the year's format); absent, every 表二 cell is 0.
pub fn build_report(
    agency: &str,
    year: i32,
    t3: &Table3Counts,
    t4: [[u64; 4]; 3],
    table2: Option<&serde_json::Value>,
) -> Report {
    let format = FormatVersion::for_year(year);
    let t3_rows = table3_rows(format)
        .iter()
        .map(|def| {
            let c = t3.counts.get(def.key).copied().unwrap_or_default();
            let mut cells: Vec<Cell> = c.iter().map(|n| number(*n)).collect();
            cells.push(number(c.iter().sum::<u64>()));
            row(def.key, def.label, cells)
        })
        .collect();
    let t4_rows = TABLE4_GROUPS
        .iter()
        .enumerate()
        .map(|(i, (key, label))| {
            let c = t4[i];
            let mut cells: Vec<Cell> = c.iter().map(|n| number(*n)).collect();
            cells.push(number(c.iter().sum::<u64>()));
            row(key, label, cells)
        })
        .collect();
    let table2 = table2_data(format, table2);
    let total = |key: &str| t3.counts.get(key).map_or(0, |c| c.iter().sum::<u64>());
    let t4_total = |i: usize| t4[i].iter().sum::<u64>();
    let texts = [
        format!(
            "{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》。本年度共收到政府信息公开申请{}件，\
             上年结转{}件，办结{}件，结转下年度继续办理{}件。（请补充主动公开、依申请公开、政府信息管理、\
             平台建设和监督保障等方面的情况。）",
            total("new_received"),
            total("carried_over"),
            total("total"),
            total("carried_forward")
        ),
        "（主动公开政府信息情况见下表。）".to_string(),
        format!(
            "本年度新收政府信息公开申请{}件，办结{}件。",
            total("new_received"),
            total("total")
        ),
        format!(
            "本年度因政府信息公开工作被申请行政复议{}件，被提起行政诉讼{}件。",
            t4_total(0),
            t4_total(1) + t4_total(2)
        ),
        "（请填写存在的主要问题及改进情况。）".to_string(),
        "（请填写收取信息处理费情况及其他需要报告的事项。）".to_string(),
    ];
    let mut report = Report::skeleton(format, year, agency);
    for (s, text) in report.sections.iter_mut().zip(texts) {
        s.text = text;
    }
    Report {
        table2,
        table3: TableData {
            found: true,
            format: Some(format),
            rows: t3_rows,
        },
        table4: TableData {
            found: true,
            format: None,
            rows: t4_rows,
        },
        ..report
    }
}

fn table2_data(format: FormatVersion, given: Option<&serde_json::Value>) -> TableData {
    let rows = gongkai_model::table2_rows(format)
        .iter()
        .map(|def| {
            let cells = def
                .columns
                .iter()
                .map(|c| {
                    let v = given
                        .and_then(|g| g.get(def.key))
                        .and_then(|r| r.get(c.key));
                    match v.map(gongkai_model::exchange::cell_from_json) {
                        Some(Ok(value)) => Cell {
                            printed: String::new(),
                            value,
                            source: Default::default(),
                        },
                        _ => number(0),
                    }
                })
                .collect();
            row(def.key, def.label, cells)
        })
        .collect();
    TableData {
        found: true,
        format: Some(format),
        rows,
    }
}

/// The ids of the applications behind one 表三 cell of `year` (`column` 0–5, or 6 for 总计).
pub fn explain<'a>(
    apps: &'a [Application],
    year: i32,
    row_key: &str,
    column: usize,
) -> Vec<&'a str> {
    let format = FormatVersion::for_year(year);
    apps.iter()
        .filter(|a| column == 6 || a.applicant.column() == column)
        .filter(|a| {
            let closed = a.closed();
            let closed = closed.as_ref().map(|(d, o)| (*d, o.key_in(format)));
            let p = place(a.received, closed, year);
            match row_key {
                "new_received" => p.new,
                "carried_over" => p.carried_in,
                "carried_forward" => p.carried_out,
                "total" => p.outcome.is_some(),
                k => p.outcome == Some(k),
            }
        })
        .map(|a| a.id.as_str())
        .collect()
}

/// The report of `year` from the applications and reviews held in memory.
pub fn report_from_cases(
    agency: &str,
    year: i32,
    apps: &[Application],
    reviews: &[ReviewCase],
    table2: Option<&serde_json::Value>,
) -> Report {
    let closed: Vec<Option<(NaiveDate, crate::case::Outcome)>> =
        apps.iter().map(Application::closed).collect();
    let t3 = table3_counts(
        apps.iter().zip(&closed).map(|(a, c)| {
            (
                a.received,
                a.applicant,
                c.as_ref().map(|(d, o)| (*d, o.key())),
            )
        }),
        year,
    );
    build_report(
        agency,
        year,
        &t3,
        table4_counts(reviews.iter(), year),
        table2,
    )
}
