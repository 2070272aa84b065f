//! Run-together 表二 rows (规章, 规范性文件) narrowed by last year's report: 现行有效件数 = last year's +
//! 本年制发 − 本年废止 (2021 format), 对外公开总数量 = last year's + 本年新公开数量 (2019 format). Both years'
//! splits are narrowed together, and only to splits that some split of the other year agrees with.

use gongkai_model::{CellValue, FormatVersion, ReadNote, Report, RowData};
use rust_decimal::Decimal;

/// The rows the chain links.
const KEYS: [&str; 2] = ["regulations", "normative_documents"];

/// The row's possible values: its splits, or its one reading when every cell is a number.
fn options(row: &RowData) -> Option<Vec<Vec<Decimal>>> {
    if !row.split_candidates.is_empty() {
        return Some(row.split_candidates.clone());
    }
    let values: Option<Vec<Decimal>> = row.cells.iter().map(|c| c.value.arithmetic()).collect();
    values.filter(|v| v.len() == 3).map(|v| vec![v])
}

/// Whether this year's `now` follows from last year's `before`.
fn follows(format: FormatVersion, before: &[Decimal], now: &[Decimal]) -> bool {
    match format {
        FormatVersion::V2021 => now[2] == before[2] + now[0] - now[1],
        FormatVersion::V2019 => now[2] == before[2] + now[1],
    }
}

/// Keeps `kept` of the row's splits and sets each cell to the one value left, or the values left.
fn keep(row: &mut RowData, kept: Vec<Vec<Decimal>>) {
    for (i, cell) in row.cells.iter_mut().enumerate() {
        let mut values: Vec<Decimal> = kept.iter().map(|v| v[i]).collect();
        values.sort();
        values.dedup();
        cell.value = match values.as_slice() {
            [one] => CellValue::Number(*one),
            _ => CellValue::Ambiguous(values),
        };
    }
    row.split_candidates = if kept.len() > 1 { kept } else { vec![] };
}

/// The note for a row narrowed by the chain.
fn note(row: &RowData, year: &str, rule: &str) -> ReadNote {
    let printed = row
        .cells
        .iter()
        .map(|c| c.printed.as_str())
        .find(|p| p.chars().count() > 1)
        .unwrap_or_default();
    let open = if row.split_candidates.len() > 1 {
        "，仍有多种拆法"
    } else {
        ""
    };
    ReadNote {
        code: "READ-SPLIT-BY-PREVIOUS",
        message: format!(
            "表二“{}”行的数字粘连（原文“{printed}”），按与{year}报告的衔接关系（{rule}）拆分{open}；请核对原件",
            row.printed_label
        ),
        source: row.source.clone(),
    }
}

/// Narrows the run-together 规章 and 规范性文件 rows of `report` and `previous` by the chain between them, when
/// both years follow the same format; a note in each report whose row was narrowed.
pub fn narrow_by_previous(report: &mut Report, previous: &mut Report) {
    let (Some(format), Some(prev_format)) = (report.table2.format, previous.table2.format) else {
        return;
    };
    if format != prev_format {
        return;
    }
    let rule = match format {
        FormatVersion::V2021 => "本年现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数",
        FormatVersion::V2019 => "本年对外公开总数量 = 上年对外公开总数量 + 本年新公开数量",
    };
    for key in KEYS {
        let (Some(now_row), Some(prev_row)) = (
            report.table2.rows.iter_mut().find(|r| r.key == key),
            previous.table2.rows.iter_mut().find(|r| r.key == key),
        ) else {
            continue;
        };
        let (Some(now), Some(before)) = (options(now_row), options(prev_row)) else {
            continue;
        };
        let pairs: Vec<(usize, usize)> = (0..before.len())
            .flat_map(|b| (0..now.len()).map(move |n| (b, n)))
            .filter(|&(b, n)| follows(format, &before[b], &now[n]))
            .collect();
        if pairs.is_empty() {
            continue;
        }
        let kept_now: Vec<Vec<Decimal>> = (0..now.len())
            .filter(|n| pairs.iter().any(|p| p.1 == *n))
            .map(|n| now[n].clone())
            .collect();
        let kept_before: Vec<Vec<Decimal>> = (0..before.len())
            .filter(|b| pairs.iter().any(|p| p.0 == *b))
            .map(|b| before[b].clone())
            .collect();
        if kept_now.len() < now.len() {
            keep(now_row, kept_now);
            let n = note(now_row, "上一年度", rule);
            report.notes.push(n);
        }
        if kept_before.len() < before.len() {
            keep(prev_row, kept_before);
            let n = note(prev_row, "下一年度", rule);
            previous.notes.push(n);
        }
    }
}
