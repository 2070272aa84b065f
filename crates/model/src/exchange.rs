//! The JSON exchange format: `format`, `year`, `agency`, `table2`, `table3`, `table4` exactly as in
//! TRUTH-SCHEMA.md (cells: number, `null` for a printed blank, string for a printed mark), further keys beside
//! them; uncertain cells have encodings of their own (`{"missing": true}`, `{"candidates": […]}`,
//! `{"unreadable": "…"}`).

use crate::cell::CellValue;
use crate::report::{Report, TableData};
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value, json};
use std::str::FromStr;

/// Encodes a decimal as a JSON number with exactly the printed digits.
pub fn decimal_to_json(d: Decimal) -> Value {
    let text = d.normalize().to_string();
    Value::Number(Number::from_str(&text).expect("a decimal's text is a JSON number"))
}

/// Encodes a cell value. A printed blank is `null`; a cell that is not in the document (or whose position could
/// not be established) is `{"missing": true}`; an ambiguous cell is `{"candidates": [...]}` and an unreadable one
/// `{"unreadable": "text"}`, so that none of them can be mistaken for a value or for a blank.
pub fn cell_to_json(v: &CellValue) -> Value {
    match v {
        CellValue::Number(d) => decimal_to_json(*d),
        CellValue::Blank => Value::Null,
        CellValue::Missing => json!({ "missing": true }),
        CellValue::Mark(m) => Value::String(m.clone()),
        CellValue::Ambiguous(c) => {
            json!({ "candidates": c.iter().map(|d| decimal_to_json(*d)).collect::<Vec<_>>() })
        }
        CellValue::Unreadable(t) => json!({ "unreadable": t }),
    }
}

/// Decodes a cell of the exchange format (the inverse of [`cell_to_json`] for exact cells).
pub fn cell_from_json(v: &Value) -> Result<CellValue, String> {
    match v {
        Value::Null => Ok(CellValue::Blank),
        Value::Number(n) => Decimal::from_str(&n.to_string())
            .or_else(|_| Decimal::from_scientific(&n.to_string()))
            .map(CellValue::Number)
            .map_err(|e| format!("数值 {n} 无法解析：{e}")),
        Value::String(s) => Ok(CellValue::Mark(s.clone())),
        Value::Object(o) if o.get("missing") == Some(&Value::Bool(true)) => Ok(CellValue::Missing),
        Value::Object(o) if o.get("unreadable").is_some_and(Value::is_string) => Ok(
            CellValue::Unreadable(o["unreadable"].as_str().unwrap_or_default().to_string()),
        ),
        Value::Object(o) if o.contains_key("candidates") => {
            let list = o["candidates"].as_array().ok_or("candidates 不是数组")?;
            let mut out = Vec::new();
            for c in list {
                match cell_from_json(c)? {
                    CellValue::Number(d) => out.push(d),
                    _ => return Err("candidates 中有非数值".into()),
                }
            }
            Ok(CellValue::Ambiguous(out))
        }
        other => Err(format!("无法识别的单元格：{other}")),
    }
}

/// For 表二: the column keys of a row (its cells become an object keyed by column).
type ColumnKeys<'a> = &'a dyn Fn(&str) -> Vec<&'static str>;

fn table_rows_to_json(t: &TableData, as_object: Option<ColumnKeys>) -> Value {
    let mut m = Map::new();
    for row in &t.rows {
        let v = match as_object {
            Some(cols) => {
                let keys = cols(&row.key);
                let mut o = Map::new();
                for (k, c) in keys.iter().zip(&row.cells) {
                    o.insert((*k).to_string(), cell_to_json(&c.value));
                }
                Value::Object(o)
            }
            None => Value::Array(row.cells.iter().map(|c| cell_to_json(&c.value)).collect()),
        };
        m.insert(row.key.clone(), v);
    }
    Value::Object(m)
}

/// The exchange JSON of a report. With `details`, adds title, period, sections, provenance and notes.
pub fn to_json(r: &Report, details: bool) -> Value {
    let t2_format = r.table2.format;
    let t2_cols = move |key: &str| -> Vec<&'static str> {
        t2_format
            .and_then(|f| {
                crate::format::table2_rows(f)
                    .iter()
                    .find(|row| row.key == key)
            })
            .map(|row| row.columns.iter().map(|c| c.key).collect())
            .unwrap_or_default()
    };
    let mut m = Map::new();
    if let Some(f) = &r.file {
        m.insert("file".into(), json!(f));
    }
    m.insert("agency".into(), json!(r.agency));
    m.insert("year".into(), json!(r.year));
    m.insert("format".into(), json!(r.format.map(|f| f.key())));
    m.insert(
        "table2".into(),
        table_rows_to_json(&r.table2, Some(&t2_cols)),
    );
    m.insert("table3".into(), table_rows_to_json(&r.table3, None));
    m.insert("table4".into(), table_rows_to_json(&r.table4, None));
    if details {
        insert_document(&mut m, r);
        m.insert(
            "sections".into(),
            serde_json::to_value(&r.sections).unwrap_or_default(),
        );
        m.insert(
            "format_evidence".into(),
            serde_json::to_value(&r.format_evidence).unwrap_or_default(),
        );
        let mut prov = Map::new();
        for (id, t) in [
            ("table2", &r.table2),
            ("table3", &r.table3),
            ("table4", &r.table4),
        ] {
            let mut rows = Map::new();
            for row in &t.rows {
                rows.insert(
                    row.key.clone(),
                    json!({
                        "printed_label": row.printed_label,
                        "label_source": row.source,
                        "cells": row.cells.iter().map(|c| json!({"printed": c.printed, "source": c.source})).collect::<Vec<_>>(),
                        "split_candidates": row.split_candidates.iter().map(|s| s.iter().map(|d| decimal_to_json(*d)).collect::<Vec<_>>()).collect::<Vec<_>>(),
                    }),
                );
            }
            prov.insert(id.into(), Value::Object(rows));
        }
        m.insert("provenance".into(), Value::Object(prov));
        m.insert(
            "read_notes".into(),
            serde_json::to_value(&r.notes).unwrap_or_default(),
        );
    }
    Value::Object(m)
}

/// Title, period, preamble and the sections' headings and text.
fn insert_document(m: &mut Map<String, Value>, r: &Report) {
    m.insert("title".into(), json!(r.title));
    m.insert(
        "period".into(),
        match &r.period {
            Some((a, b)) => json!({"start": a, "end": b}),
            None => Value::Null,
        },
    );
    m.insert("preamble".into(), json!(r.preamble));
    m.insert(
        "sections".into(),
        Value::Array(
            r.sections
                .iter()
                .map(|s| json!({"number": s.number, "heading": s.heading, "text": s.text}))
                .collect(),
        ),
    );
}

/// The whole content of a report without provenance: the exchange keys plus title, period, preamble and
/// sections. This is what `gongkai write --to json` writes and what a round trip must preserve.
pub fn to_document_json(r: &Report) -> Value {
    let mut v = to_json(r, false);
    if let Value::Object(m) = &mut v {
        m.remove("file");
        insert_document(m, r);
    }
    v
}

/// Builds a report from exchange JSON (as written by [`to_json`] or a truth file). Cells get no provenance.
pub fn from_json(v: &Value) -> Result<Report, String> {
    use crate::cell::Cell;
    use crate::format::{FormatVersion, table2_rows};
    use crate::report::RowData;
    let format = match v.get("format").and_then(Value::as_str) {
        Some("2019") => Some(FormatVersion::V2019),
        Some("2021") => Some(FormatVersion::V2021),
        None => None,
        Some(other) => return Err(format!("未知的格式版本：{other}")),
    };
    let cell = |c: &Value| -> Result<Cell, String> {
        Ok(Cell {
            value: cell_from_json(c)?,
            printed: c.to_string(),
            source: Default::default(),
        })
    };
    let row = |key: &str, cells: Vec<Cell>| RowData {
        key: key.to_string(),
        printed_label: String::new(),
        variant: None,
        cells,
        source: Default::default(),
        split_candidates: vec![],
    };
    let text = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    let period = match v.get("period") {
        Some(p) if !p.is_null() => Some((
            p.get("start")
                .and_then(Value::as_str)
                .ok_or("period.start 缺失")?
                .to_string(),
            p.get("end")
                .and_then(Value::as_str)
                .ok_or("period.end 缺失")?
                .to_string(),
        )),
        _ => None,
    };
    let mut sections = Vec::new();
    for (i, s) in v
        .get("sections")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let number = s
            .get("number")
            .and_then(Value::as_u64)
            .filter(|n| (1..=6).contains(n))
            .ok_or(format!("sections[{i}].number 应为 1 至 6"))? as u8;
        let field = |k: &str| {
            s.get(k)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or(format!("sections[{i}].{k} 缺失或不是字符串"))
        };
        sections.push(crate::report::Section {
            number,
            heading: field("heading")?,
            text: field("text")?,
            source: Default::default(),
        });
    }
    let mut r = Report {
        title: text("title"),
        period,
        preamble: text("preamble").unwrap_or_default(),
        sections,
        agency: v.get("agency").and_then(Value::as_str).map(str::to_string),
        year: v.get("year").and_then(Value::as_i64).map(|y| y as i32),
        file: v.get("file").and_then(Value::as_str).map(str::to_string),
        format,
        ..Default::default()
    };
    for (key, t) in [("table3", &mut r.table3), ("table4", &mut r.table4)] {
        if let Some(obj) = v.get(key).and_then(Value::as_object) {
            t.found = !obj.is_empty();
            for (k, cells) in obj {
                let cells = cells.as_array().ok_or(format!("{key}.{k} 不是数组"))?;
                t.rows
                    .push(row(k, cells.iter().map(&cell).collect::<Result<_, _>>()?));
            }
        }
    }
    r.table3.format = if r.table3.rows.iter().any(|row| row.key == "other") {
        Some(FormatVersion::V2019)
    } else {
        format.map(|_| FormatVersion::V2021)
    };
    if let Some(obj) = v.get("table2").and_then(Value::as_object) {
        r.table2.found = !obj.is_empty();
        let f = if obj.contains_key("procurement") || obj.contains_key("other_services") {
            FormatVersion::V2019
        } else {
            format.unwrap_or(FormatVersion::V2021)
        };
        r.table2.format = Some(f);
        for def in table2_rows(f) {
            let Some(cols) = obj.get(def.key).and_then(Value::as_object) else {
                continue;
            };
            let cells = def
                .columns
                .iter()
                .map(|c| cols.get(c.key).map_or(Ok(Cell::missing()), &cell))
                .collect::<Result<_, _>>()?;
            r.table2.rows.push(row(def.key, cells));
        }
    }
    restore_provenance(&mut r, v);
    Ok(r)
}

/// With the details of [`to_json`]: the printed labels, printed cell text, sources and split candidates back
/// on the rows and cells (so that a report stored as exchange JSON reads back as it was read).
fn restore_provenance(r: &mut Report, v: &Value) {
    let Some(prov) = v.get("provenance") else {
        return;
    };
    for (key, t) in [
        ("table2", &mut r.table2),
        ("table3", &mut r.table3),
        ("table4", &mut r.table4),
    ] {
        for row in &mut t.rows {
            let p = &prov[key][&row.key];
            if p.is_null() {
                continue;
            }
            if let Some(label) = p["printed_label"].as_str() {
                row.printed_label = label.to_string();
            }
            if let Ok(src) = serde_json::from_value(p["label_source"].clone()) {
                row.source = src;
            }
            for (i, c) in row.cells.iter_mut().enumerate() {
                let pc = &p["cells"][i];
                if let Some(printed) = pc["printed"].as_str() {
                    c.printed = printed.to_string();
                }
                if let Ok(src) = serde_json::from_value(pc["source"].clone()) {
                    c.source = src;
                }
            }
            row.split_candidates = p["split_candidates"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| {
                    s.as_array()?
                        .iter()
                        .map(|d| match cell_from_json(d) {
                            Ok(crate::cell::CellValue::Number(n)) => Some(n),
                            _ => None,
                        })
                        .collect()
                })
                .collect();
        }
    }
}
