//! Workbook: a sheet with the report text, one sheet per table with the official merges, and a sheet
//! listing the checks. Numbers are stored as numbers when a binary float holds them exactly, otherwise as
//! text, so that no value changes.

use crate::grid::{CellRole, Grid, grids};
use crate::{Block, WriteError, blocks};
use gongkai_check::Diagnostic;
use gongkai_model::Report;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::str::FromStr;

/// The sheet names, in order.
pub const SHEETS: [&str; 5] = ["报告", "表二", "表三", "表四", "检查"];

fn err(e: XlsxError) -> WriteError {
    WriteError::Output {
        format: "XLSX",
        message: e.to_string(),
    }
}

/// The number to store for a value's text, when an f64 represents it exactly.
fn exact_f64(text: &str) -> Option<f64> {
    let d = Decimal::from_str(text).ok()?;
    let f: f64 = text.parse().ok()?;
    (Decimal::from_str(&f.to_string()).ok()? == d).then_some(f)
}

fn table(ws: &mut Worksheet, g: &Grid) -> Result<(), XlsxError> {
    let base = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_font_name("宋体")
        .set_font_size(10);
    let header = base.clone().set_bold().set_align(FormatAlign::Center);
    let label = base.clone().set_align(FormatAlign::Left);
    let value = base.clone().set_align(FormatAlign::Center);
    // Printed on A4, as wide as the page: landscape for the 15 columns of 表四.
    ws.set_paper_size(9);
    if g.cols > 10 {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    for (i, w) in g.widths.iter().enumerate() {
        ws.set_column_width(i as u16, f64::from(*w) * 90.0)?;
    }
    // Row heights for wrapped text (spreadsheet programs do not grow rows on opening): lines needed by the
    // cells that start in a row, at about one column-width unit per Latin character, two per ideograph.
    let col_units: Vec<f64> = g.widths.iter().map(|w| f64::from(*w) * 90.0).collect();
    let mut lines = vec![1usize; g.rows];
    for c in g.cells.iter().filter(|c| c.rowspan == 1) {
        let units: f64 = c
            .text
            .chars()
            .map(|ch| if ch.len_utf8() >= 3 { 2.0 } else { 1.0 })
            .sum();
        let room: f64 = col_units[c.col..c.col + c.colspan].iter().sum::<f64>() - 1.0;
        lines[c.row] = lines[c.row].max((units / room.max(1.0)).ceil() as usize);
    }
    for (r, n) in lines.iter().enumerate() {
        ws.set_row_height(r as u32, 14.0 * *n as f64 + 2.0)?;
    }
    for c in &g.cells {
        let f = match c.role {
            CellRole::Header => &header,
            CellRole::Label => &label,
            CellRole::Value => &value,
        };
        let (r0, c0) = (c.row as u32, c.col as u16);
        let (r1, c1) = (
            (c.row + c.rowspan - 1) as u32,
            (c.col + c.colspan - 1) as u16,
        );
        let number = (c.role == CellRole::Value)
            .then(|| exact_f64(&c.text))
            .flatten();
        if (r0, c0) != (r1, c1) {
            ws.merge_range(r0, c0, r1, c1, "", f)?;
        }
        match number {
            Some(n) => ws.write_number_with_format(r0, c0, n, f)?,
            None => ws.write_string_with_format(r0, c0, &c.text, f)?,
        };
    }
    Ok(())
}

/// The report as an XLSX workbook; `checks` fill the sheet 检查.
pub fn write(r: &Report, checks: &[Diagnostic]) -> Result<Vec<u8>, WriteError> {
    let tables = grids(r)?;
    let mut wb = Workbook::new();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let ws = wb.add_worksheet().set_name(SHEETS[0]).map_err(err)?;
    ws.set_column_width(0, 90).map_err(err)?;
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let mut row = 0u32;
    let mut line = |ws: &mut Worksheet, text: &str, f: &Format| -> Result<(), XlsxError> {
        ws.write_string_with_format(row, 0, text, f)?;
        row += 1;
        Ok(())
    };
    let bold = Format::new().set_bold();
    for b in blocks(r, &tables) {
        match b {
            Block::Title(t) => line(ws, t, &bold.clone().set_font_size(16)),
            Block::Heading(h) => line(ws, h, &bold),
            Block::Paragraph(p) => line(ws, p, &wrap),
            Block::Table(_) => Ok(()),
        }
        .map_err(err)?;
    }
    for (g, name) in tables.iter().zip(&SHEETS[1..4]) {
        let ws = wb.add_worksheet().set_name(*name).map_err(err)?;
        table(ws, g).map_err(err)?;
    }
    let ws = wb.add_worksheet().set_name(SHEETS[4]).map_err(err)?;
    let heads = [
        "代码",
        "严重程度",
        "表",
        "行",
        "列",
        "说明",
        "印刷值",
        "应为",
    ];
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &bold)
            .map_err(err)?;
    }
    ws.set_column_width(5, 80).map_err(err)?;
    if checks.is_empty() {
        ws.write_string(1, 0, "全部检查通过").map_err(err)?;
    }
    for (i, d) in checks.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = [
            d.code.to_string(),
            d.severity.label().to_string(),
            d.table.map(|t| t.title().to_string()).unwrap_or_default(),
            d.row.clone().unwrap_or_default(),
            d.column.clone().unwrap_or_default(),
            d.message.clone(),
            d.printed.clone().unwrap_or_default(),
            d.expected.clone().unwrap_or_default(),
        ];
        for (c, text) in cells.iter().enumerate() {
            ws.write_string(row, c as u16, text).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::exact_f64;

    #[test]
    fn only_exact_floats_become_numbers() {
        assert_eq!(exact_f64("24252.311082"), Some(24252.311082));
        assert_eq!(exact_f64("12"), Some(12.0));
        assert_eq!(exact_f64("12345678901234567.89"), None);
        assert_eq!(exact_f64("/"), None);
        assert_eq!(exact_f64(""), None);
    }
}
