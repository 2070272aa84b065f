//! XLSX sheets read within budgets, for every way a workbook comes in (a report, a 台账, a catalogue, a unit
//! list): each part's inflated size is checked before calamine opens the package (zip bombs), and each sheet's
//! cells are streamed in file order and kept sparse — never the rectangle a far cell would span (A1 and
//! XFD1048576 make 17 billion cells). The number of cells and the used area are checked as the cells come,
//! before anything of the area's size is allocated.

use calamine::{Data, Reader, Xlsx};
use std::io::{Cursor, Read};

/// What a workbook may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Inflated bytes of any one part of the package.
    pub part_bytes: u64,
    /// Cells with a value in a sheet.
    pub cells: usize,
    /// Rows × columns of the area from the first to the last cell with a value.
    pub area: u64,
}

impl Limits {
    /// A report: a few tables of tens of rows.
    pub const REPORT: Limits = Limits {
        part_bytes: 32 * 1024 * 1024,
        cells: 200_000,
        area: 400_000,
    };
    /// A 台账 or a catalogue: up to a few hundred thousand rows of a few dozen columns.
    pub const LEDGER: Limits = Limits {
        part_bytes: 256 * 1024 * 1024,
        cells: 4_000_000,
        area: 8_000_000,
    };
}

/// One sheet: its name, the first cell of its used area, and the area's rows of cells (empty cells as
/// [`Data::Empty`]).
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// (row, column) of the area's first cell, 0-based.
    pub start: (u32, u32),
    /// The used area, row by row.
    pub rows: Vec<Vec<Data>>,
    /// Merged ranges: ((first row, first column), (last row, last column)), 0-based.
    pub merged: Vec<((u32, u32), (u32, u32))>,
}

/// The column letters of a 0-based index (0 → A, 16383 → XFD).
fn column_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

/// Inflates every part with a limit, so that a zip bomb is refused before calamine reads it.
pub fn check_parts(bytes: &[u8], limit: u64) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("无法作为 ZIP 打开（文件可能被截断或损坏）：{e}"))?;
    for i in 0..zip.len() {
        let mut f = zip
            .by_index(i)
            .map_err(|e| format!("的第 {i} 个部件无法读取：{e}"))?;
        let name = f
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("#{i}"));
        let n = std::io::copy(&mut (&mut f).take(limit + 1), &mut std::io::sink())
            .map_err(|e| format!("中的 {name} 无法解压：{e}"))?;
        if n > limit {
            return Err(format!(
                "中的 {name} 解压后超过 {} MB 上限（可能是压缩炸弹）",
                limit / 1024 / 1024
            ));
        }
    }
    Ok(())
}

/// Reads the sheets of a workbook (only the first when `first_only`) within `limits`. Errors are Chinese and
/// complete a sentence that begins with the file's kind (“Excel 工作簿（XLSX）…”).
pub fn read_sheets(bytes: &[u8], limits: Limits, first_only: bool) -> Result<Vec<Sheet>, String> {
    check_parts(bytes, limits.part_bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("无法打开：{e}"))?;
    let names = book.sheet_names();
    let mut out = Vec::new();
    for name in names.iter().take(if first_only { 1 } else { usize::MAX }) {
        let mut reader = book
            .worksheet_cells_reader(name)
            .map_err(|e| format!("的工作表“{name}”无法读取：{e}"))?;
        let mut cells: Vec<(u32, u32, Data)> = Vec::new();
        let (mut r0, mut c0, mut r1, mut c1) = (u32::MAX, u32::MAX, 0u32, 0u32);
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| format!("的工作表“{name}”无法读取：{e}"))?
        {
            let value: Data = cell.get_value().clone().into();
            if value == Data::Empty {
                continue;
            }
            let (r, c) = cell.get_position();
            (r0, c0, r1, c1) = (r0.min(r), c0.min(c), r1.max(r), c1.max(c));
            let area = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
            if area > limits.area {
                return Err(format!(
                    "的工作表“{name}”使用的范围 {}{}:{}{} 共 {area} 个单元格，超过 {} 个的上限\
                     （有单元格远离其余内容，如 {}{}）",
                    column_name(c0),
                    r0 + 1,
                    column_name(c1),
                    r1 + 1,
                    limits.area,
                    column_name(c),
                    r + 1
                ));
            }
            if cells.len() >= limits.cells {
                return Err(format!(
                    "的工作表“{name}”有值的单元格超过 {} 个的上限",
                    limits.cells
                ));
            }
            cells.push((r, c, value));
        }
        drop(reader);
        let merged = book
            .merge_cells_by_sheet_name(name)
            .map_err(|e| format!("的工作表“{name}”合并单元格无法读取：{e}"))?
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect();
        if cells.is_empty() {
            out.push(Sheet {
                name: name.clone(),
                start: (0, 0),
                rows: Vec::new(),
                merged,
            });
            continue;
        }
        let width = (c1 - c0 + 1) as usize;
        let mut rows = vec![vec![Data::Empty; width]; (r1 - r0 + 1) as usize];
        for (r, c, v) in cells {
            rows[(r - r0) as usize][(c - c0) as usize] = v;
        }
        out.push(Sheet {
            name: name.clone(),
            start: (r0, c0),
            rows,
            merged,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(cells: &[(&str, &str)]) -> Vec<u8> {
        gongkai_testkit::hostile::xlsx_with_cells(cells)
    }

    #[test]
    fn cells_are_read_into_their_area() {
        let wb = workbook(&[("B2", "编号"), ("C3", "2025-001")]);
        let s = read_sheets(&wb, Limits::LEDGER, true).unwrap();
        assert_eq!(s[0].name, "台账");
        assert_eq!(s[0].start, (1, 1));
        assert_eq!(s[0].rows.len(), 2);
        assert_eq!(s[0].rows[0][0], Data::String("编号".into()));
        assert_eq!(s[0].rows[1][1], Data::String("2025-001".into()));
        assert_eq!(s[0].rows[0][1], Data::Empty);
    }

    /// 1.5 KB: A1 and XFD1048576. Refused by the area, naming the far cell, with nothing allocated for it.
    #[test]
    fn a_far_cell_is_refused_before_the_area_is_allocated() {
        let wb = workbook(&[("A1", "x"), ("XFD1048576", "y")]);
        assert!(wb.len() < 2_000);
        for limits in [Limits::REPORT, Limits::LEDGER] {
            let e = read_sheets(&wb, limits, false).unwrap_err();
            assert!(
                e.contains("使用的范围 A1:XFD1048576") && e.contains("如 XFD1048576"),
                "{e}"
            );
        }
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
    }
}
