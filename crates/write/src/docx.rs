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

/// A heading in 黑体, indented like the body, kept on the page of what follows it.
pub(crate) fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .keep_next(true)
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
            TableRow::new(cells).cant_split()
        })
        .collect();
    Table::new(rows)
        .set_grid(grid)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// Packs a document whose tables, in document order, have `header_rows` heading rows each: those rows are
/// marked `w:tblHeader`, so that Word, WPS and LibreOffice repeat them on every page a table continues on
/// (docx-rs writes every row `w:cantSplit` but has no setter for the heading mark). A table with 0 heading
/// rows, or past the list, is left as it is.
pub(crate) fn pack(doc: Docx, header_rows: &[usize]) -> Result<Vec<u8>, WriteError> {
    let mut xml = doc.build();
    let document = String::from_utf8_lossy(&xml.document).into_owned();
    xml.document = mark_headers(&document, header_rows).into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| WriteError::Output {
        format: "DOCX",
        message: e.to_string(),
    })?;
    Ok(out.into_inner())
}

const ROW_KEPT: &str = "<w:cantSplit />";

/// `document.xml` with the first `header_rows[i]` rows of the i-th table marked as heading rows.
fn mark_headers(document: &str, header_rows: &[usize]) -> String {
    let mut parts = document.split("<w:tbl>");
    let mut out = parts.next().unwrap_or_default().to_string();
    for (i, part) in parts.enumerate() {
        out.push_str("<w:tbl>");
        let n = header_rows.get(i).copied().unwrap_or(0);
        let (table, rest) = part.split_once("</w:tbl>").unwrap_or((part, ""));
        out.push_str(&table.replacen(ROW_KEPT, &format!("{ROW_KEPT}<w:tblHeader />"), n));
        if part.contains("</w:tbl>") {
            out.push_str("</w:tbl>");
        }
        out.push_str(rest);
    }
    out
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
    let mut header_rows = Vec::new();
    for b in blocks(r, &tables) {
        doc = match b {
            Block::Title(t) => doc.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .keep_next(true)
                    .add_run(run(t, "方正小标宋简体", 44)),
            ),
            Block::Heading(h) => doc.add_paragraph(heading(h)),
            Block::Paragraph(p) => doc.add_paragraph(body(p)),
            Block::Table(g) => {
                header_rows.push(g.header_rows());
                doc.add_table(table(g))
            }
        };
    }
    pack(doc, &header_rows)
}

#[cfg(test)]
mod tests {
    #[test]
    fn heading_rows_are_marked_table_by_table() {
        let row = "<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>";
        let doc = format!(
            "<w:body><w:tbl>{row}{row}</w:tbl><w:p/><w:tbl>{row}{row}{row}</w:tbl></w:body>"
        );
        let marked = super::mark_headers(&doc, &[1, 2]);
        let tables: Vec<&str> = marked.split("<w:tbl>").skip(1).collect();
        assert_eq!(tables[0].matches("<w:tblHeader />").count(), 1);
        assert_eq!(tables[1].matches("<w:tblHeader />").count(), 2);
        assert!(
            marked.starts_with(
                "<w:body><w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>"
            )
        );
        assert_eq!(marked.matches("</w:tbl>").count(), 2);
        assert_eq!(super::mark_headers(&doc, &[]), doc);
    }
}
