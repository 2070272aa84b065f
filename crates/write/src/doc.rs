//! A document other than the annual report — the supervising office's assessment report (年报评估报告) —
//! made of headings, paragraphs, plain tables and charts, written as HTML, DOCX or PDF with the same styling
//! as the report.

use crate::chart::{Chart, dark, heat_range, heat_rgb, number};
use crate::docx::{body, run};
use crate::grid::Grid;
use crate::{Target, WriteError};
use docx_rs::{
    AlignmentType, Docx, PageMargin, Paragraph, Pic, Shading, Table, TableCell, TableLayoutType,
    TableRow, WidthType,
};

/// A block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum DocBlock {
    /// A heading.
    Heading(String),
    /// A paragraph.
    Paragraph(String),
    /// A table.
    Table(Grid),
    /// A chart.
    Chart(Chart),
}

/// A document: a title and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The title, centred on the first page.
    pub title: String,
    /// The blocks in order.
    pub blocks: Vec<DocBlock>,
}

/// Writes the document as HTML, DOCX or PDF (other targets are refused).
pub fn write_doc(doc: &Doc, target: Target) -> Result<Vec<u8>, WriteError> {
    match target {
        Target::Html => Ok(html(doc).into_bytes()),
        Target::Docx => docx(doc),
        Target::Pdf => crate::pdf::write_doc(doc),
        other => Err(WriteError::Output {
            format: "文档",
            message: format!("评估报告只能生成 HTML、DOCX 或 PDF，不支持 {other}"),
        }),
    }
}

fn html(doc: &Doc) -> String {
    use crate::html::escape;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n</head>\n<body>\n\
         <div style=\"max-width:960px;margin:0 auto;font-family:'FangSong','仿宋','SimSun','宋体','Noto Serif CJK SC',serif;font-size:16px;line-height:1.8\">\n\
         <h1 style=\"text-align:center;font-size:24px\">{t}</h1>\n",
        t = escape(&doc.title)
    );
    for b in &doc.blocks {
        match b {
            DocBlock::Heading(h) => out.push_str(&format!(
                "<h2 style=\"font-size:18px;margin:1em 0 0.4em\">{}</h2>\n",
                escape(h)
            )),
            DocBlock::Paragraph(p) => out.push_str(&format!(
                "<p style=\"text-indent:2em;margin:0.4em 0\">{}</p>\n",
                escape(p)
            )),
            DocBlock::Table(g) => crate::html::table(&mut out, g),
            DocBlock::Chart(c) => {
                out.push_str("<figure style=\"margin:12px 0\">");
                out.push_str(&crate::chart::svg(c));
                out.push_str("</figure>\n");
            }
        }
    }
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

/// A 1×1 PNG in the bar colour (#A50000), stretched to each bar's length in Word.
const BAR_PNG: [u8; 69] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0,
    0, 0, 144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 88, 202, 192, 0, 0, 1, 243,
    0, 166, 95, 93, 70, 206, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// Twentieths of a point → EMU.
const EMU_PER_DXA: u32 = 635;

fn cell(text: &str, width: usize, align: AlignmentType) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(Paragraph::new().align(align).add_run(run(text, "宋体", 18)))
}

fn chart_table(c: &Chart) -> Table {
    let text = crate::docx::TEXT_WIDTH;
    let label_w = text * 34 / 100;
    match c {
        Chart::Bars { items, .. } => {
            let value_w = 1000;
            let bar_w = text - label_w - value_w;
            let max = items.iter().map(|(_, n)| *n).fold(0.0, f64::max);
            let max = if max > 0.0 { max } else { 1.0 };
            let rows = items
                .iter()
                .map(|(label, n)| {
                    let len = ((bar_w - 200) as f64 * n.max(0.0) / max) as u32;
                    let mut bar = Paragraph::new();
                    if len > 0 {
                        let pic = Pic::new_with_dimensions(BAR_PNG.to_vec(), 1, 1)
                            .size(len * EMU_PER_DXA, 200 * EMU_PER_DXA);
                        bar = bar.add_run(docx_rs::Run::new().add_image(pic));
                    }
                    TableRow::new(vec![
                        cell(label, label_w, AlignmentType::Right),
                        TableCell::new()
                            .width(bar_w, WidthType::Dxa)
                            .add_paragraph(bar),
                        cell(&number(*n), value_w, AlignmentType::Left),
                    ])
                })
                .collect();
            Table::new(rows)
                .set_grid(vec![label_w, bar_w, value_w])
                .width(text, WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
        }
        Chart::Heat {
            rows, cols, values, ..
        } => {
            let (lo, hi) = heat_range(values);
            let cell_w = (text - label_w) / cols.len().max(1);
            let mut out = vec![TableRow::new(
                std::iter::once(cell("", label_w, AlignmentType::Center))
                    .chain(cols.iter().map(|c| cell(c, cell_w, AlignmentType::Center)))
                    .collect(),
            )];
            for (r, label) in rows.iter().enumerate() {
                let mut cells = vec![cell(label, label_w, AlignmentType::Left)];
                for c in 0..cols.len() {
                    let v = values.get(r).and_then(|row| row.get(c)).copied().flatten();
                    let (fill, text) = match v {
                        Some(v) => (heat_rgb(v, lo, hi), number(v)),
                        None => ((242, 242, 242), "—".to_string()),
                    };
                    let mut t = run(&text, "宋体", 18);
                    if dark(fill) {
                        t = t.color("FFFFFF");
                    }
                    cells.push(
                        TableCell::new()
                            .width(cell_w, WidthType::Dxa)
                            .shading(
                                Shading::new()
                                    .fill(format!("{:02X}{:02X}{:02X}", fill.0, fill.1, fill.2)),
                            )
                            .add_paragraph(
                                Paragraph::new().align(AlignmentType::Center).add_run(t),
                            ),
                    );
                }
                out.push(TableRow::new(cells));
            }
            let mut grid = vec![label_w];
            grid.extend(std::iter::repeat_n(cell_w, cols.len()));
            Table::new(out)
                .set_grid(grid)
                .width(text, WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
        }
    }
}

fn docx(doc: &Doc) -> Result<Vec<u8>, WriteError> {
    let mut d = Docx::new()
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(1588)
                .right(1474),
        )
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &doc.title,
            "方正小标宋简体",
            44,
        )));
    let mut header_rows = Vec::new();
    for b in &doc.blocks {
        match b {
            DocBlock::Table(g) => header_rows.push(g.header_rows()),
            DocBlock::Chart(_) => header_rows.push(0),
            _ => {}
        }
        d = match b {
            DocBlock::Heading(h) => d.add_paragraph(crate::docx::heading(h)),
            DocBlock::Paragraph(p) => d.add_paragraph(body(p)),
            DocBlock::Table(g) => d.add_table(crate::docx::table(g)),
            DocBlock::Chart(c) => d
                .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
                    c.title(),
                    "黑体",
                    24,
                )))
                .add_table(chart_table(c)),
        };
    }
    crate::docx::pack(d, &header_rows)
}
