//! Stage 2, shared by every input kind: find the report's tables in a [`Linear`] document by their labels,
//! place the values into the model's rows and columns, resolve runs of digits with the tables' identities
//! (reporting every remaining ambiguity), and read the metadata and sections. One module per stage.

mod locate;
mod meta;
mod place;
mod resolve;
mod stated;
mod tables;
mod unit;

pub use place::{MARKS, parse_cell};

use crate::error::ReadError;
use crate::linear::{Linear, fold_str};
use gongkai_model::Section;
use gongkai_model::format::{MARKERS_2019, MARKERS_2021};
use gongkai_model::{FormatEvidence, FormatVersion, ReadNote, Report};
use meta::{prose, read_metadata, read_sections};
use place::values_end;
use std::ops::Range;
use tables::{read_table2, read_table3, read_table4};

/// Recognizes the report in a linear document.
pub fn recognize(lin: &Linear) -> Result<Report, ReadError> {
    let (mut report, sections, table_text) = recognize_tables(lin)?;
    let len = lin.text.len();
    let title_end = read_metadata(lin, &mut report).unwrap_or(0);
    if let Some(first) = sections.iter().map(|(_, r)| r.start).min()
        && first > title_end
    {
        report.preamble = prose(lin, title_end..first, &[]);
    }
    let ends: Vec<usize> = sections
        .iter()
        .skip(1)
        .map(|(_, r)| r.start)
        .chain([len])
        .collect();
    report.sections = sections
        .into_iter()
        .zip(ends)
        .map(|((mut s, r), end)| {
            s.text = prose(lin, r.end..end, &table_text);
            s
        })
        .collect();
    if lin.ocr {
        report.notes.push(ReadNote {
            code: "READ-OCR",
            message: format!(
                "本文档是扫描件或图片，经文字识别（OCR）读出：标题、正文等文字是识别结果，可能有错字；表格数字只在两次识别一致且置信度不低于 {:.0}% 时采用，其余标为待核或无法识别",
                crate::ocr::MIN_CONFIDENCE
            ),
            source: Default::default(),
        });
        let settled = crate::ocr::confirm::by_identities(&mut report);
        report.notes.extend(settled);
    }
    Ok(report)
}

/// 表四's text: from its header (the last “行政复议” before the first “结果维持”, so that a section heading
/// naming 行政复议 stays outside) to the end of the values after its last “总计”.
fn table4_text(lin: &Linear, from: usize, to: usize) -> Range<usize> {
    let start = lin
        .find("结果维持", from, to)
        .and_then(|first| {
            let mut at = None;
            let mut pos = from;
            while let Some(r) = lin.find("行政复议", pos, first.start) {
                at = Some(r.start);
                pos = r.end;
            }
            at
        })
        .unwrap_or(from);
    let mut last_total = None;
    let mut pos = start;
    while let Some(r) = lin.find("总计", pos, to) {
        pos = r.end;
        last_total = Some(r);
    }
    let end = last_total.map_or(start, |t| values_end(lin, t.end, to));
    start..end
}

/// The tables, the sections (text not yet filled in) and the stretches of text that belong to the tables.
type Recognized = (Report, Vec<(Section, Range<usize>)>, Vec<Range<usize>>);

fn recognize_tables(lin: &Linear) -> Result<Recognized, ReadError> {
    let len = lin.text.len();
    let f = |s: &str, from: usize| lin.find(&fold_str(s), from, len);
    let t3_start = [
        "（本列数据的勾稽关系",
        "申请人情况",
        "一、本年新收政府信息公开申请数量",
    ]
    .iter()
    .filter_map(|s| f(s, 0))
    .map(|r| r.start)
    .min();
    let t2_start = f("第二十条第（一）项", 0).map(|r| r.start);
    let t3_end = t3_start.and_then(|s| f("行政复议", s)).map(|r| r.start);
    let t4_from = t3_end.or(t3_start).or(t2_start).unwrap_or(0);
    let sections = read_sections(lin);
    let section_start = |n: u8| {
        sections
            .iter()
            .find(|(s, _)| s.number == n)
            .map(|(_, r)| r.start)
    };
    let t4_end = section_start(5).filter(|&s| s > t4_from).unwrap_or(len);

    let mut report = Report::default();
    // The stretches of text that belong to the tables, left out of the sections' prose.
    let mut table_text: Vec<Range<usize>> = Vec::new();
    if let Some(s) = t2_start {
        let (t, notes, end) = read_table2(lin, s, t3_start.filter(|&e| e > s).unwrap_or(len));
        report.table2 = t;
        report.notes.extend(notes);
        table_text.push(s..end);
    }
    if let Some(s) = t3_start {
        let (t, notes, end) = read_table3(lin, s, t3_end.unwrap_or(t4_end));
        report.table3 = t;
        report.notes.extend(notes);
        table_text.push(s..end);
    }
    if let Some(s) = t3_end.or_else(|| section_start(4)) {
        report.table4 = read_table4(lin, s, t4_end);
        if report.table4.found {
            table_text.push(table4_text(lin, s, t4_end));
        }
    }
    if !report.table2.found && !report.table3.found && !report.table4.found {
        let mentioned = lin.find(&fold_str("政府信息公开"), 0, len).is_some();
        let what = match (mentioned, lin.ocr) {
            (true, false) => "文档提到政府信息公开，但其中没有可识别的表二、表三或表四",
            (false, false) => "文档中没有“政府信息公开”字样，可能不是年度报告，或字符编码有误",
            (true, true) => {
                "扫描件或图片经文字识别（OCR）后提到政府信息公开，但没有识别出表二、表三或表四（表格可能过于模糊或没有边框线）"
            }
            (false, true) => {
                "扫描件或图片经文字识别（OCR）后没有“政府信息公开”字样：可能不是年度报告，或图像过于模糊"
            }
        };
        return Err(ReadError::NoTables(what.into()));
    }
    let mut evidence = FormatEvidence::default();
    for (markers, out) in [
        (MARKERS_2019, &mut evidence.markers_2019),
        (MARKERS_2021, &mut evidence.markers_2021),
    ] {
        for m in markers {
            if lin.find(&fold_str(m), 0, len).is_some() {
                out.push((*m).to_string());
            }
        }
    }
    for (id, t) in [("表二", &report.table2), ("表三", &report.table3)] {
        for row in &t.rows {
            if row.variant == Some(gongkai_model::format::VariantKind::OtherFormat) {
                let list = if t.format == Some(FormatVersion::V2021) {
                    &mut evidence.markers_2019
                } else {
                    &mut evidence.markers_2021
                };
                list.push(format!("{id}行标签“{}”", row.printed_label));
            }
        }
    }
    if report.table3.format == Some(FormatVersion::V2019)
        && report.table2.format == Some(FormatVersion::V2021)
    {
        evidence
            .markers_2019
            .push("表三（六）其他处理未分三项".into());
    }
    report.format_evidence = evidence;
    report.format = report.table2.format.or(report.table3.format);
    Ok((report, sections, table_text))
}
