//! The official table grids (表二, 表三, 表四) with every merge, filled from a report. Every writer renders
//! these grids, so that the layout is defined once.

use crate::WriteError;
use gongkai_model::format::{
    FormatVersion, TABLE3_COLUMNS, TABLE4_COLUMNS, TABLE4_GROUPS, TableId, table2_rows, table3_rows,
};
use gongkai_model::{CellValue, Report, TableData};

/// What a grid cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellRole {
    /// A printed heading of the form (column heads, block heads, notes).
    Header,
    /// A row label.
    Label,
    /// A value.
    Value,
}

/// A cell of a grid, placed at its top-left grid position with its spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The text printed in the cell (empty for a blank value).
    pub text: String,
    /// Top grid row.
    pub row: usize,
    /// Left grid column.
    pub col: usize,
    /// Rows spanned (≥ 1).
    pub rowspan: usize,
    /// Columns spanned (≥ 1).
    pub colspan: usize,
    /// What the cell shows.
    pub role: CellRole,
}

/// A table laid out on its official grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Which table of the report (none for another document's table).
    pub id: Option<TableId>,
    /// Number of grid columns.
    pub cols: usize,
    /// Number of grid rows.
    pub rows: usize,
    /// Relative column widths (sum 1).
    pub widths: Vec<f32>,
    /// The cells in row-major order of their top-left corner.
    pub cells: Vec<GridCell>,
}

impl Grid {
    fn new(id: TableId, widths: Vec<f32>) -> Self {
        Self::blank(Some(id), widths)
    }

    fn blank(id: Option<TableId>, widths: Vec<f32>) -> Self {
        let sum: f32 = widths.iter().sum();
        Grid {
            id,
            cols: widths.len(),
            rows: 0,
            widths: widths.iter().map(|w| w / sum).collect(),
            cells: vec![],
        }
    }

    fn put(&mut self, row: usize, col: usize, span: (usize, usize), role: CellRole, text: &str) {
        self.rows = self.rows.max(row + span.0);
        self.cells.push(GridCell {
            text: text.to_string(),
            row,
            col,
            rowspan: span.0,
            colspan: span.1,
            role,
        });
    }

    /// A plain table of another document: a header row, then rows; a cell that reads as a figure (digits,
    /// %, /, —) is a value (centred, never wrapped), any other a label (left, wrapped); `widths` relative (one
    /// per column).
    pub fn simple(header: &[&str], rows: &[Vec<String>], widths: &[f32]) -> Grid {
        let mut g = Self::blank(None, widths.to_vec());
        for (c, h) in header.iter().enumerate() {
            g.put(0, c, (1, 1), CellRole::Header, h);
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate().take(header.len()) {
                let figure = !text.is_empty()
                    && text
                        .chars()
                        .all(|ch| ch.is_ascii_digit() || " .%/—−-+（）()处待核".contains(ch));
                let role = if c > 0 && figure {
                    CellRole::Value
                } else {
                    CellRole::Label
                };
                g.put(r + 1, c, (1, 1), role, text);
            }
        }
        g.rows = rows.len() + 1;
        g
    }

    /// The cell whose area covers (row, col), and whether (row, col) is its top-left corner.
    pub fn covering(&self, row: usize, col: usize) -> Option<(&GridCell, bool)> {
        self.cells
            .iter()
            .find(|c| {
                (c.row..c.row + c.rowspan).contains(&row)
                    && (c.col..c.col + c.colspan).contains(&col)
            })
            .map(|c| (c, c.row == row && c.col == col))
    }

    /// How many rows at the top are the table's heading (no label, no value begins in them): the rows a
    /// paginated document repeats at the top of each page the table continues on.
    pub fn header_rows(&self) -> usize {
        (0..self.rows)
            .take_while(|&r| self.row_cells(r).all(|c| c.role == CellRole::Header))
            .count()
    }

    /// The cells whose top row is `row`, left to right.
    pub fn row_cells(&self, row: usize) -> impl Iterator<Item = &GridCell> {
        self.cells.iter().filter(move |c| c.row == row)
    }
}

/// The text a value cell prints; a cell whose value is not known prints as such (〔缺失〕, 〔待核：…〕), so
/// that a converted document never shows a guess and reads back to the same state.
pub fn value_text(v: &CellValue) -> String {
    match v {
        CellValue::Number(d) => d.to_string(),
        CellValue::Blank => String::new(),
        CellValue::Mark(m) => m.clone(),
        other => other.uncertain_text().unwrap_or_default(),
    }
}

/// The printed cells of a row; a row that the document lacks prints as missing cells.
fn data_row(t: &TableData, id: TableId, key: &str, n: usize) -> Result<Vec<String>, WriteError> {
    let Some(row) = t.row(key) else {
        return Ok(vec![value_text(&CellValue::Missing); n]);
    };
    if row.cells.len() != n {
        return Err(WriteError::Shape {
            table: id.title(),
            row: key.to_string(),
            expected: n,
            found: row.cells.len(),
        });
    }
    Ok(row.cells.iter().map(|c| value_text(&c.value)).collect())
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// 表二: a label column and value columns wide enough for every block (2021: 3, the official 4-column grid;
/// 2019: 6, so that blocks of 3, 2 and 1 columns share one grid).
pub fn table2(report: &Report, format: FormatVersion) -> Result<Grid, WriteError> {
    use CellRole::*;
    let rows = table2_rows(format);
    let span = rows
        .iter()
        .map(|r| r.columns.len())
        .fold(1, |acc, n| acc * n / gcd(acc, n));
    let mut widths = vec![1.6];
    widths.extend(std::iter::repeat_n(3.0 / span as f32, span));
    let mut g = Grid::new(TableId::Table2, widths);
    let mut r = 0;
    let mut block = "";
    for def in rows {
        let w = span / def.columns.len();
        if def.block != block {
            block = def.block;
            g.put(r, 0, (1, span + 1), Header, def.block);
            g.put(r + 1, 0, (1, 1), Header, "信息内容");
            for (i, c) in def.columns.iter().enumerate() {
                g.put(r + 1, 1 + i * w, (1, w), Header, c.label);
            }
            r += 2;
        }
        let values = data_row(&report.table2, TableId::Table2, def.key, def.columns.len())?;
        g.put(r, 0, (1, 1), Label, def.label);
        for (i, v) in values.iter().enumerate() {
            g.put(r, 1 + i * w, (1, w), Value, v);
        }
        r += 1;
    }
    Ok(g)
}

/// The corner note of 表三.
pub const TABLE3_NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// 表三: 3 label columns and 7 value columns, 3 header rows, as in the official format.
pub fn table3(report: &Report, format: FormatVersion) -> Result<Grid, WriteError> {
    use CellRole::*;
    let mut widths = vec![0.9, 1.3, 3.2];
    widths.extend([0.75; 7]);
    let mut g = Grid::new(TableId::Table3, widths);
    g.put(0, 0, (3, 3), Header, TABLE3_NOTE);
    g.put(0, 3, (1, 7), Header, "申请人情况");
    g.put(1, 3, (2, 1), Header, TABLE3_COLUMNS[0].label);
    g.put(1, 4, (1, 5), Header, "法人或其他组织");
    g.put(1, 9, (2, 1), Header, TABLE3_COLUMNS[6].label);
    for (i, c) in TABLE3_COLUMNS[1..6].iter().enumerate() {
        g.put(2, 4 + i, (1, 1), Header, c.label);
    }
    let defs = table3_rows(format);
    let first_outcome = defs.iter().position(|d| d.outcome).unwrap_or(0);
    let total = defs.iter().position(|d| d.key == "total").unwrap_or(0);
    for (r, (i, def)) in (3..).zip(defs.iter().enumerate()) {
        if i == first_outcome {
            g.put(
                r,
                0,
                (total - first_outcome + 1, 1),
                Label,
                "三、本年度办理结果",
            );
        }
        let inside = (first_outcome..=total).contains(&i);
        match def.group {
            Some(group) => {
                if defs[i - 1].group != Some(group) {
                    let n = defs[i..]
                        .iter()
                        .take_while(|d| d.group == Some(group))
                        .count();
                    g.put(r, 1, (n, 1), Label, group);
                }
                g.put(r, 2, (1, 1), Label, def.label);
            }
            None if inside => g.put(r, 1, (1, 2), Label, def.label),
            None => g.put(r, 0, (1, 3), Label, def.label),
        }
        for (c, v) in data_row(&report.table3, TableId::Table3, def.key, 7)?
            .iter()
            .enumerate()
        {
            g.put(r, 3 + c, (1, 1), Value, v);
        }
    }
    Ok(g)
}

/// 表四: 15 value columns under a 3-row header, as in the official format.
pub fn table4(report: &Report) -> Result<Grid, WriteError> {
    use CellRole::*;
    let mut g = Grid::new(TableId::Table4, vec![1.0; 15]);
    g.put(0, 0, (1, 5), Header, TABLE4_GROUPS[0].1);
    g.put(0, 5, (1, 10), Header, "行政诉讼");
    for (i, c) in TABLE4_COLUMNS.iter().enumerate() {
        g.put(1, i, (2, 1), Header, c.label);
    }
    g.put(1, 5, (1, 5), Header, TABLE4_GROUPS[1].1);
    g.put(1, 10, (1, 5), Header, TABLE4_GROUPS[2].1);
    for block in 1..3 {
        for (i, c) in TABLE4_COLUMNS.iter().enumerate() {
            g.put(2, block * 5 + i, (1, 1), Header, c.label);
        }
    }
    for (b, (key, _)) in TABLE4_GROUPS.iter().enumerate() {
        for (i, v) in data_row(&report.table4, TableId::Table4, key, 5)?
            .iter()
            .enumerate()
        {
            g.put(3, b * 5 + i, (1, 1), Value, v);
        }
    }
    Ok(g)
}

/// The three grids of a report, in the format of its tables (each table's own format, else the report's).
pub fn grids(report: &Report) -> Result<[Grid; 3], WriteError> {
    let format = report.format.ok_or(WriteError::NoFormat)?;
    Ok([
        table2(report, report.table2.format.unwrap_or(format))?,
        table3(report, report.table3.format.unwrap_or(format))?,
        table4(report)?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covered_once(g: &Grid) {
        for r in 0..g.rows {
            for c in 0..g.cols {
                let n = g
                    .cells
                    .iter()
                    .filter(|x| {
                        (x.row..x.row + x.rowspan).contains(&r)
                            && (x.col..x.col + x.colspan).contains(&c)
                    })
                    .count();
                assert_eq!(n, 1, "{:?} grid position ({r},{c}) covered {n} times", g.id);
            }
        }
    }

    #[test]
    fn grids_match_the_official_shapes_and_tile_exactly() {
        for (format, t2_rows, t3_rows) in [
            (FormatVersion::V2021, 14, 28),
            (FormatVersion::V2019, 18, 26),
        ] {
            let r = crate::draft::new_report(format, 2025, "某局");
            let [g2, g3, g4] = grids(&r).unwrap();
            assert_eq!(
                (g2.rows, g3.rows, g4.rows),
                (t2_rows, t3_rows, 4),
                "{format:?}"
            );
            assert_eq!((g3.cols, g4.cols), (10, 15));
            // The heading rows a paginated table repeats: 表二's block and column heads, 表三's three, 表四's three.
            assert_eq!(
                (g2.header_rows(), g3.header_rows(), g4.header_rows()),
                (2, 3, 3)
            );
            for g in [&g2, &g3, &g4] {
                covered_once(g);
            }
            let outcome = g3
                .cells
                .iter()
                .find(|c| c.text == "三、本年度办理结果")
                .unwrap();
            assert_eq!(
                outcome.rowspan,
                if format == FormatVersion::V2021 {
                    22
                } else {
                    20
                }
            );
        }
        let r = crate::draft::new_report(FormatVersion::V2021, 2025, "某局");
        assert_eq!(table2(&r, FormatVersion::V2021).unwrap().cols, 4);
    }
}
