//! Drafts: a complete report with every cell at 0 (`gongkai new`), written as commented TOML or as JSON,
//! and read back from either.

use crate::WriteError;
use gongkai_model::exchange::{decimal_to_json, from_json, to_document_json};
use gongkai_model::format::{
    ColumnKind, FormatVersion, TABLE3_COLUMNS, TABLE4_COLUMNS, TABLE4_GROUPS, table2_rows,
    table3_rows,
};
use gongkai_model::{Cell, CellValue, Report, RowData, TableData};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::fmt::Write;
use std::str::FromStr;

/// What each section should contain (2021 notice, part 一), shown as comments in the TOML draft.
const SECTION_GUIDE: [&str; 6] = [
    "概述本年度贯彻落实《条例》情况：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等。",
    "可对下表作文字说明。",
    "可对下表作文字说明。",
    "可对下表作文字说明。",
    "存在的主要问题及上一年度问题的改进情况。",
    "收取信息处理费情况及其他需要报告的事项。",
];

fn zero_row(key: &str, label: &str, n: usize) -> RowData {
    RowData {
        key: key.to_string(),
        printed_label: label.to_string(),
        variant: None,
        cells: (0..n)
            .map(|_| Cell {
                printed: "0".into(),
                value: CellValue::Number(Decimal::ZERO),
                source: Default::default(),
            })
            .collect(),
        source: Default::default(),
        split_candidates: vec![],
    }
}

/// A complete report of `format` for `year` and `agency` with every table cell at 0, the six official
/// headings with empty text, and the statutory opening paragraph with the statistical period.
pub fn new_report(format: FormatVersion, year: i32, agency: &str) -> Report {
    let table = |rows: Vec<RowData>, f: Option<FormatVersion>| TableData {
        found: true,
        format: f,
        rows,
    };
    Report {
        table2: table(
            table2_rows(format)
                .iter()
                .map(|d| zero_row(d.key, d.label, d.columns.len()))
                .collect(),
            Some(format),
        ),
        table3: table(
            table3_rows(format)
                .iter()
                .map(|d| zero_row(d.key, d.label, 7))
                .collect(),
            Some(format),
        ),
        table4: table(
            TABLE4_GROUPS
                .iter()
                .map(|(k, l)| zero_row(k, l, 5))
                .collect(),
            None,
        ),
        ..Report::skeleton(format, year, agency)
    }
}

/// A TOML basic string, multi-line when the text has line breaks; every character kept exactly.
fn toml_string(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push('\n'),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    if s.contains('\n') {
        format!("\"\"\"\n{out}\"\"\"")
    } else {
        format!("\"{out}\"")
    }
}

/// A cell in TOML: a number, "" for a blank, or the printed mark.
fn toml_cell(c: &Cell) -> String {
    match &c.value {
        CellValue::Number(d) => decimal_to_json(*d).to_string(),
        CellValue::Mark(m) => toml_string(m),
        _ => "\"\"".to_string(),
    }
}

fn find_cells<'a>(t: &'a TableData, key: &str) -> Option<&'a [Cell]> {
    t.row(key).map(|r| r.cells.as_slice())
}

/// The report as an editable TOML draft with Chinese comments naming each row and column.
pub fn to_toml(r: &Report) -> Result<String, WriteError> {
    let format = r.format.ok_or(WriteError::NoFormat)?;
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(
        w,
        "# 政府信息公开工作年度报告草稿（{}格式，{}）",
        format.key(),
        format.notice()
    );
    let _ = writeln!(
        w,
        "# 编辑后用 `gongkai write 本文件 --to html|docx|pdf|xlsx|md|json -o 输出文件` 生成报告。"
    );
    let _ = writeln!(
        w,
        "# 表格单元格：填数字；空白单元格写 \"\"；金额（万元）可写小数，超过 15 位有效数字时请写成字符串。\n"
    );
    let _ = writeln!(w, "format = \"{}\"", format.key());
    let _ = writeln!(w, "year = {}", r.year.unwrap_or_default());
    let _ = writeln!(
        w,
        "agency = {}",
        toml_string(r.agency.as_deref().unwrap_or(""))
    );
    let _ = writeln!(
        w,
        "title = {}",
        toml_string(r.title.as_deref().unwrap_or(""))
    );
    if let Some((a, b)) = &r.period {
        let _ = writeln!(
            w,
            "# 统计期限\nperiod = {{ start = \"{a}\", end = \"{b}\" }}"
        );
    }
    let _ = writeln!(
        w,
        "# 开头段落：编制依据和统计期限\npreamble = {}",
        toml_string(&r.preamble)
    );
    for sec in &r.sections {
        let guide = SECTION_GUIDE
            .get(sec.number as usize - 1)
            .copied()
            .unwrap_or("");
        let _ = writeln!(
            w,
            "\n[[sections]]\nnumber = {}\nheading = {}",
            sec.number,
            toml_string(&sec.heading)
        );
        let _ = writeln!(
            w,
            "# 内容：{guide}每段一行。\ntext = {}",
            toml_string(&format!("{}\n", sec.text))
        );
    }
    let t2_format = r.table2.format.unwrap_or(format);
    let mut block = "";
    for def in table2_rows(t2_format) {
        let Some(cells) = find_cells(&r.table2, def.key) else {
            continue;
        };
        if def.block != block {
            block = def.block;
            let _ = writeln!(w, "\n# 表二 主动公开政府信息情况 · {block}");
        }
        let _ = writeln!(w, "[table2.{}]  # {}", def.key, def.label);
        for (c, cell) in def.columns.iter().zip(cells) {
            let unit = if c.kind == ColumnKind::Money10kYuan {
                "，万元"
            } else {
                ""
            };
            let _ = writeln!(w, "{} = {}  # {}{unit}", c.key, toml_cell(cell), c.label);
        }
    }
    let row_line = |w: &mut String, key: &str, label: &str, cells: &[Cell]| {
        let values: Vec<String> = cells.iter().map(toml_cell).collect();
        let _ = writeln!(w, "{} = [{}]  # {label}", toml_key(key), values.join(", "));
    };
    let _ = writeln!(w, "\n# 表三 收到和处理政府信息公开申请情况");
    let cols: Vec<&str> = TABLE3_COLUMNS.iter().map(|c| c.label).collect();
    let _ = writeln!(
        w,
        "# 每行 7 个数：{}（商业企业至其他为“法人或其他组织”）\n[table3]",
        cols.join("、")
    );
    for def in table3_rows(r.table3.format.unwrap_or(format)) {
        if let Some(cells) = find_cells(&r.table3, def.key) {
            let label = match def.group {
                Some(g) => format!("{g} {}", def.label),
                None => def.label.to_string(),
            };
            row_line(w, def.key, &label, cells);
        }
    }
    let cols: Vec<&str> = TABLE4_COLUMNS.iter().map(|c| c.label).collect();
    let _ = writeln!(
        w,
        "\n# 表四 政府信息公开行政复议、行政诉讼情况\n# 每行 5 个数：{}\n[table4]",
        cols.join("、")
    );
    for (key, label) in TABLE4_GROUPS {
        if let Some(cells) = find_cells(&r.table4, key) {
            let label = if key == "reconsideration" {
                label.to_string()
            } else {
                format!("行政诉讼 {label}")
            };
            row_line(w, key, &label, cells);
        }
    }
    Ok(s)
}

fn toml_key(k: &str) -> String {
    if k.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        format!("\"{k}\"")
    }
}

/// A TOML value as exchange JSON: floats through their shortest exact text, "" as a blank, numeric strings
/// as numbers, other strings as printed marks.
fn toml_to_json(v: &toml::Value, path: &str) -> Result<Value, WriteError> {
    let bad = |why: String| WriteError::Draft(format!("{path}：{why}"));
    Ok(match v {
        toml::Value::String(s) if path.starts_with("table") => {
            if s.trim().is_empty() {
                Value::Null
            } else if let Ok(d) = Decimal::from_str(s.trim()) {
                decimal_to_json(d)
            } else {
                Value::String(s.clone())
            }
        }
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => {
            let text = f.to_string();
            let digits = text.chars().filter(char::is_ascii_digit).count();
            if !f.is_finite() || digits > 15 {
                return Err(bad(format!(
                    "数值 {text} 超出 15 位有效数字，请写成字符串以保证精确"
                )));
            }
            decimal_to_json(Decimal::from_str(&text).map_err(|e| bad(e.to_string()))?)
        }
        toml::Value::Boolean(_) | toml::Value::Datetime(_) => {
            return Err(bad("应为数字或字符串".into()));
        }
        toml::Value::Array(a) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, x)| toml_to_json(x, &format!("{path}[{}]", i + 1)))
                .collect::<Result<_, _>>()?,
        ),
        toml::Value::Table(t) => {
            let mut m = Map::new();
            for (k, x) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                m.insert(k.clone(), toml_to_json(x, &p)?);
            }
            Value::Object(m)
        }
    })
}

/// Reads a draft: TOML (as written by [`to_toml`]) or exchange JSON (as written by `write --to json`).
pub fn from_draft(text: &str, is_json: bool) -> Result<Report, WriteError> {
    let value: Value = if is_json {
        serde_json::from_str(text).map_err(|e| {
            WriteError::Draft(format!("JSON 第 {} 行第 {} 列：{e}", e.line(), e.column()))
        })?
    } else {
        let t: toml::Table = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!("第 {line} 行：")
                })
                .unwrap_or_default();
            WriteError::Draft(format!("TOML {at}{}", e.message()))
        })?;
        let mut v = toml_to_json(&toml::Value::Table(t), "")?;
        // Section text in the TOML draft ends with the line break before the closing quotes.
        if let Some(secs) = v.get_mut("sections").and_then(Value::as_array_mut) {
            for s in secs {
                if let Some(Value::String(t)) = s.get_mut("text")
                    && t.ends_with('\n')
                {
                    t.pop();
                }
            }
        }
        v
    };
    let mut r = from_json(&value).map_err(WriteError::Draft)?;
    if r.format.is_none() {
        return Err(WriteError::NoFormat);
    }
    for t in [&mut r.table2, &mut r.table3, &mut r.table4] {
        for row in &mut t.rows {
            for c in &mut row.cells {
                c.printed.clear();
            }
        }
    }
    Ok(r)
}

/// The report as document JSON (what `write --to json` writes and `from_draft` reads).
pub fn to_json(r: &Report) -> String {
    serde_json::to_string_pretty(&to_document_json(r)).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_draft_names_rows_and_columns_and_reads_back() {
        for f in [FormatVersion::V2019, FormatVersion::V2021] {
            let r = new_report(f, 2025, "某某市某某局");
            let t = to_toml(&r).unwrap();
            assert!(t.contains("\"denied.state_secret\" = [0, 0, 0, 0, 0, 0, 0]  # （三）不予公开 1.属于国家秘密"), "{t}");
            assert!(t.contains("统计期限自2025年1月1日起至2025年12月31日止"));
            assert!(t.contains("# 每行 5 个数：结果维持、结果纠正、其他结果、尚未审结、总计"));
            let back = from_draft(&t, false).unwrap();
            assert_eq!(to_document_json(&back), to_document_json(&r));
            let back = from_draft(&to_json(&r), true).unwrap();
            assert_eq!(to_document_json(&back), to_document_json(&r));
        }
    }

    #[test]
    fn draft_errors_say_where() {
        let e = from_draft("format = \"2021\"\nyear = \n", false).unwrap_err();
        assert!(e.to_string().contains("第 2 行"), "{e}");
        let e = from_draft(
            "format = \"2021\"\n[table2.fees]\namount_10k_yuan = 1234567890.1234567\n",
            false,
        )
        .unwrap_err();
        assert!(e.to_string().contains("15 位有效数字"), "{e}");
        let e = from_draft("{\"format\": \"2030\"}", true).unwrap_err();
        assert!(e.to_string().contains("2030"), "{e}");
        assert!(matches!(
            from_draft("year = 2025", false),
            Err(WriteError::NoFormat)
        ));
    }
}
