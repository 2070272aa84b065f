//! XLSX workbooks (as `gongkai write --to xlsx` writes them, or an agency's own): a sheet whose text is all in
//! one column is prose (one paragraph per row); any other sheet is a table whose cells become cell pieces
//! (sheet, row, column). Merged ranges hold their value in the top-left cell only, as in HTML.

use crate::docx::MAX_PART_BYTES;
use crate::error::ReadError;
use crate::linear::{Linear, PieceSource};
use calamine::{Data, Reader, Xlsx};
use std::io::{Cursor, Read};

fn bad(what: String) -> ReadError {
    ReadError::Corrupt(format!("Excel 工作簿（XLSX）{what}"))
}

/// Whether a ZIP package is an Excel workbook.
pub fn is_workbook(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|mut z| z.by_name("xl/workbook.xml").is_ok())
}

/// Inflates every part with a limit first, so that a zip bomb is refused before calamine reads it.
fn check_parts(bytes: &[u8]) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("无法作为 ZIP 打开（文件可能被截断或损坏）：{e}")))?;
    for i in 0..zip.len() {
        let mut f = zip
            .by_index(i)
            .map_err(|e| bad(format!("的第 {i} 个部件无法读取：{e}")))?;
        let name = f
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("#{i}"));
        let n = std::io::copy(&mut (&mut f).take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| bad(format!("中的 {name} 无法解压：{e}")))?;
        if n > MAX_PART_BYTES {
            return Err(bad(format!(
                "中的 {name} 解压后超过 {MAX_PART_BYTES} 字节上限（可能是压缩炸弹）"
            )));
        }
    }
    Ok(())
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

/// Stage 1 for XLSX.
pub fn to_linear(bytes: &[u8]) -> Result<Linear, ReadError> {
    check_parts(bytes)?;
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(format!("无法打开：{e}")))?;
    let mut lin = Linear::new(None);
    let names = wb.sheet_names();
    for (s, name) in names.iter().enumerate() {
        let range = wb
            .worksheet_range(name)
            .map_err(|e| bad(format!("的工作表“{name}”无法读取：{e}")))?;
        // The sheet of check results that gongkai adds to what it writes is not part of the report.
        let is_check_sheet = name == "检查" && range.get((0, 0)).is_some_and(|c| *c == "代码");
        if is_check_sheet {
            continue;
        }
        let merged = wb
            .merge_cells_by_sheet_name(name)
            .map_err(|e| bad(format!("的工作表“{name}”合并单元格无法读取：{e}")))?;
        let continuation = |r: usize, c: usize| {
            merged.iter().any(|d| {
                let (r, c) = (r as u32, c as u32);
                (d.start.0..=d.end.0).contains(&r)
                    && (d.start.1..=d.end.1).contains(&c)
                    && (r, c) != d.start
            })
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cells: Vec<(usize, usize, String)> = range
            .cells()
            .map(|(r, c, d)| (r + r0 as usize, c + c0 as usize, text(d)))
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
