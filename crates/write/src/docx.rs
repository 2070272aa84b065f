//! Word document (DOCX) in the usual 公文 styling: A4, 方正小标宋 title, 黑体 headings, 仿宋_GB2312 body,
//! the official grids with gridSpan and vMerge. Fonts are named, not embedded; Word and WPS substitute
//! missing ones.

use crate::grid::{CellRole, Grid, grids};
use crate::{Block, WriteError, blocks};
use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};
use gongkai_model::Report;

/// Text width in twentieths of a point: A4 (11906) less the 公文 margins of 28 mm and 26 mm.
pub(crate) const TEXT_WIDTH: usize = 11906 - 1588 - 1474;

pub(crate) fn run(text: &str, font: &str, half_points: usize) -> Run {
    Run::new().add_text(text).size(half_points).fonts(
        RunFonts::new()
            .east_asia(font)
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman"),
    )
}

/// A heading in 黑体, indented like the body.
pub(crate) fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .add_run(run(text, "黑体", 32))
}

pub(crate) fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .add_run(run(text, "仿宋_GB2312", 32))
}

pub(crate) fn table(g: &Grid) -> Table {
    let grid: Vec<usize> = g
        .widths
        .iter()
        .map(|w| (w * TEXT_WIDTH as f32) as usize)
        .collect();
    let rows = (0..g.rows)
        .map(|r| {
            let mut cells = Vec::new();
            let mut c = 0;
            while c < g.cols {
                let Some((x, top_left)) = g.covering(r, c) else {
                    c += 1;
                    continue;
                };
                let width: usize = grid[x.col..x.col + x.colspan].iter().sum();
                let mut cell = TableCell::new()
                    .width(width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center);
                if x.colspan > 1 {
                    cell = cell.grid_span(x.colspan);
                }
                if x.rowspan > 1 {
                    cell = cell.vertical_merge(if x.row == r {
                        VMergeType::Restart
                    } else {
                        VMergeType::Continue
                    });
                }
                let align = if x.role == CellRole::Label {
                    AlignmentType::Left
                } else {
                    AlignmentType::Center
                };
                let mut p = Paragraph::new().align(align);
                if top_left && x.row == r {
                    let mut text = run(&x.text, "宋体", 18);
                    if x.role == CellRole::Header {
                        text = text.bold();
                    }
                    p = p.add_run(text);
                }
                cells.push(cell.add_paragraph(p));
                c += x.colspan;
            }
            TableRow::new(cells)
        })
        .collect();
    Table::new(rows)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// The report as a DOCX package.
pub fn write(r: &Report) -> Result<Vec<u8>, WriteError> {
    let tables = grids(r)?;
    let mut doc = Docx::new().page_margin(
        PageMargin::new()
            .top(2098)
            .bottom(1984)
            .left(1588)
            .right(1474),
    );
    for b in blocks(r, &tables) {
        doc = match b {
            Block::Title(t) => doc.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(run(t, "方正小标宋简体", 44)),
            ),
            Block::Heading(h) => doc.add_paragraph(heading(h)),
            Block::Paragraph(p) => doc.add_paragraph(body(p)),
            Block::Table(g) => doc.add_table(table(g)),
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| WriteError::Output {
        format: "DOCX",
        message: e.to_string(),
    })?;
    Ok(out.into_inner())
}
