//! XLSX workbooks (as `gongkai write --to xlsx` writes them, or an agency's own): a sheet whose text is all in
//! one column is prose (one paragraph per row); any other sheet is a table whose cells become cell pieces
//! (sheet, row, column). Merged ranges hold their value in the top-left cell only, as in HTML.

use crate::error::ReadError;
use crate::linear::{Linear, PieceSource};
use crate::sheet::{Limits, read_sheets};
use calamine::Data;
use std::io::Cursor;

fn bad(what: String) -> ReadError {
    ReadError::Corrupt(format!("Excel 工作簿（XLSX）{what}"))
}

/// Whether a ZIP package is an Excel workbook.
pub fn is_workbook(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|mut z| z.by_name("xl/workbook.xml").is_ok())
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => format!("#{e:?}"),
        other => other.to_string(),
    }
}

/// Stage 1 for XLSX, within [`Limits::REPORT`].
pub fn to_linear(bytes: &[u8]) -> Result<Linear, ReadError> {
    let mut lin = Linear::new(None);
    for (s, sheet) in read_sheets(bytes, Limits::REPORT, false)
        .map_err(bad)?
        .into_iter()
        .enumerate()
    {
        // The sheet of check results that gongkai adds to what it writes is not part of the report.
        let is_check_sheet = sheet.name == "检查"
            && sheet.start == (0, 0)
            && sheet
                .rows
                .first()
                .and_then(|r| r.first())
                .is_some_and(|c| *c == "代码");
        if is_check_sheet {
            continue;
        }
        let continuation = |r: usize, c: usize| {
            sheet.merged.iter().any(|&(start, end)| {
                let (r, c) = (r as u32, c as u32);
                (start.0..=end.0).contains(&r) && (start.1..=end.1).contains(&c) && (r, c) != start
            })
        };
        let (r0, c0) = (sheet.start.0 as usize, sheet.start.1 as usize);
        let cells: Vec<(usize, usize, String)> = sheet
            .rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(move |(c, d)| (r + r0, c + c0, text(d)))
            })
            .collect();
        let used: Vec<&(usize, usize, String)> = cells
            .iter()
            .filter(|(_, _, t)| !t.trim().is_empty())
            .collect();
        let one_column = used
            .iter()
            .all(|(_, c, _)| Some(*c) == used.first().map(|x| x.1));
        for (r, c, t) in &cells {
            if one_column {
                if !t.trim().is_empty() {
                    lin.push(t.trim(), PieceSource::Paragraph);
                }
            } else if !continuation(*r, *c) {
                // Empty cells of a table are pieces too: a blank value is printed as an empty cell.
                lin.push(t.trim(), PieceSource::Cell(s, *r, *c));
            }
        }
    }
    Ok(lin)
}
