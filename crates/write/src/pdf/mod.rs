//! A4 PDF of a report with oxidize-pdf: the official grids drawn with ruling lines (so that gongkai, and any
//! reader that uses lines, gets the cells back), a Chinese font embedded as a subset, page numbers “— N —”.
//! The font is the system's Chinese font (found with fontdb: Noto Serif CJK SC, SimSun, Songti SC, …) or
//! `GONGKAI_CJK_FONT`.

use crate::grid::{CellRole, Grid, grids};
use crate::{Block, WriteError, blocks};
use gongkai_model::Report;
use oxidize_pdf::text::measure_text;
use oxidize_pdf::{Document, Font, Page};

mod chart;
mod font;
mod letter;

use font::font_bytes;
pub use font::{FONT_FAMILIES, FontChoice, NO_FONT_HELP, find_font, load_font};
pub use letter::write_letter;

const PAGE_W: f64 = 595.28;
const PAGE_H: f64 = 841.89;
const LEFT: f64 = 79.4;
const RIGHT: f64 = PAGE_W - 73.7;
const TOP: f64 = PAGE_H - 90.0;
const BOTTOM: f64 = 85.0;
const WIDTH: f64 = RIGHT - LEFT;
const BODY: f64 = 12.0;
const TABLE: f64 = 9.0;
const TITLE: f64 = 16.0;
const FONT: &str = "CJK";

pub(crate) fn out_err(message: impl Into<String>) -> WriteError {
    WriteError::Output {
        format: "PDF",
        message: message.into(),
    }
}

fn width(text: &str, size: f64) -> f64 {
    measure_text(text, &Font::Custom(FONT.into()), size)
}

/// Greedy line breaking by measured width (ideographs may break anywhere; so may Latin text here). Closing
/// punctuation never starts a line: the character before it moves down with it.
fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        line.push(c);
        w += width(c.encode_utf8(&mut [0; 4]), size);
        if w > max && line.chars().count() > 1 {
            let mut carry = line.pop().map(String::from).unwrap_or_default();
            if "，。、；：？！）》」』”’".contains(c) && line.chars().count() > 1 {
                carry.insert(0, line.pop().unwrap_or_default());
            }
            w = width(&carry, size);
            lines.push(std::mem::replace(&mut line, carry));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

struct Writer {
    doc: Document,
    page: Page,
    y: f64,
    number: usize,
}

impl Writer {
    /// A document with the font loaded and its first page begun.
    fn start() -> Result<Writer, WriteError> {
        let mut doc = Document::new();
        doc.add_font_from_bytes(FONT, font_bytes()?)
            .map_err(|e| out_err(e.to_string()))?;
        let mut w = Writer {
            doc,
            page: Page::a4(),
            y: TOP,
            number: 1,
        };
        w.footer();
        Ok(w)
    }

    /// The finished document's bytes.
    fn finish(self) -> Result<Vec<u8>, WriteError> {
        let Writer { mut doc, page, .. } = self;
        doc.add_page(page);
        doc.to_bytes().map_err(|e| out_err(e.to_string()))
    }

    fn new_page(&mut self) {
        let page = std::mem::replace(&mut self.page, Page::a4());
        self.doc.add_page(page);
        self.number += 1;
        self.footer();
        self.y = TOP;
    }

    fn footer(&mut self) {
        let text = format!("— {} —", self.number);
        let x = (PAGE_W - width(&text, 10.0)) / 2.0;
        let _ = self
            .page
            .text()
            .set_font(Font::Custom(FONT.into()), 10.0)
            .at(x, BOTTOM - 30.0)
            .write(&text);
    }

    fn text(&mut self, x: f64, baseline: f64, size: f64, s: &str) -> Result<(), WriteError> {
        self.page
            .text()
            .set_font(Font::Custom(FONT.into()), size)
            .at(x, baseline)
            .write(s)
            .map(|_| ())
            .map_err(|e| out_err(e.to_string()))
    }

    /// Lines of prose: `first_indent` on the first line, the rest at the margin; `centre` centres each line.
    fn lines(
        &mut self,
        s: &str,
        size: f64,
        first_indent: f64,
        centre: bool,
        gap_before: f64,
    ) -> Result<(), WriteError> {
        let lead = size * 1.6;
        let mut first = wrap(s, size, WIDTH - first_indent);
        let rest = if first.len() > 1 {
            let remainder: String = first[1..].concat();
            first.truncate(1);
            wrap(&remainder, size, WIDTH)
        } else {
            vec![]
        };
        self.y -= gap_before;
        for (i, line) in first.iter().chain(&rest).enumerate() {
            if self.y - lead < BOTTOM {
                self.new_page();
            }
            self.y -= lead;
            let x = if centre {
                LEFT + (WIDTH - width(line, size)) / 2.0
            } else if i == 0 {
                LEFT + first_indent
            } else {
                LEFT
            };
            self.text(x, self.y + size * 0.3, size, line)?;
        }
        Ok(())
    }

    fn table(&mut self, g: &Grid) -> Result<(), WriteError> {
        let xs: Vec<f64> = std::iter::once(0.0)
            .chain(g.widths.iter().scan(0.0, |acc, w| {
                *acc += f64::from(*w) * WIDTH;
                Some(*acc)
            }))
            .map(|x| LEFT + x)
            .collect();
        let lead = TABLE * 1.35;
        let pad = 3.0;
        // Each cell's lines (values never wrap: they shrink to fit instead).
        let layout: Vec<(Vec<String>, f64)> = g
            .cells
            .iter()
            .map(|c| {
                let w = xs[c.col + c.colspan] - xs[c.col] - 2.0 * pad;
                if c.role == CellRole::Value {
                    let natural = width(&c.text, TABLE);
                    let size = if natural > w {
                        TABLE * w / natural
                    } else {
                        TABLE
                    };
                    (vec![c.text.clone()], size)
                } else {
                    (wrap(&c.text, TABLE, w), TABLE)
                }
            })
            .collect();
        let mut heights = vec![lead + 2.0 * pad; g.rows];
        for (c, (lines, _)) in g.cells.iter().zip(&layout) {
            if c.rowspan == 1 {
                heights[c.row] = heights[c.row].max(lines.len() as f64 * lead + 2.0 * pad);
            }
        }
        for (c, (lines, _)) in g.cells.iter().zip(&layout) {
            let need = lines.len() as f64 * lead + 2.0 * pad;
            let have: f64 = heights[c.row..c.row + c.rowspan].iter().sum();
            if need > have {
                heights[c.row + c.rowspan - 1] += need - have;
            }
        }
        let total: f64 = heights.iter().sum();
        self.y -= 6.0;
        if total > self.y - BOTTOM && total <= TOP - BOTTOM {
            self.new_page();
        }
        // Rows page by page; a merged cell cut by a page break is drawn on both pages, its text on the first.
        let mut first = 0;
        while first < g.rows {
            if self.y - heights[first] < BOTTOM {
                self.new_page();
            }
            let mut last = first;
            let mut bottom = self.y;
            while last < g.rows && bottom - heights[last] >= BOTTOM {
                bottom -= heights[last];
                last += 1;
            }
            let top = self.y;
            let row_y: Vec<f64> = std::iter::once(top)
                .chain(heights[first..last].iter().scan(top, |y, h| {
                    *y -= h;
                    Some(*y)
                }))
                .collect();
            let y_of = |r: usize| row_y[r.clamp(first, last) - first];
            let gfx = self.page.graphics();
            gfx.set_line_width(0.6);
            for c in &g.cells {
                let (r0, r1) = (c.row.max(first), (c.row + c.rowspan).min(last));
                if r0 >= r1 {
                    continue;
                }
                let (x0, x1, y0, y1) = (xs[c.col], xs[c.col + c.colspan], y_of(r1), y_of(r0));
                gfx.rect(x0, y0, x1 - x0, y1 - y0).stroke();
            }
            for (c, (lines, size)) in g.cells.iter().zip(&layout) {
                if c.row < first || c.row >= last || c.text.is_empty() {
                    continue;
                }
                let (x0, x1) = (xs[c.col], xs[c.col + c.colspan]);
                let (y1, y0) = (y_of(c.row), y_of(c.row + c.rowspan));
                let block = lines.len() as f64 * lead;
                let mut baseline =
                    (y0 + y1) / 2.0 + block / 2.0 - lead + (lead - size) / 2.0 + size * 0.15;
                for line in lines {
                    let w = width(line, *size);
                    let x = if c.role == CellRole::Label {
                        x0 + pad
                    } else {
                        (x0 + x1 - w) / 2.0
                    };
                    self.text(x, baseline, *size, line)?;
                    baseline -= lead;
                }
            }
            self.y = bottom;
            first = last;
        }
        self.y -= 6.0;
        Ok(())
    }
}

/// The report as an A4 PDF.
pub fn write(report: &Report) -> Result<Vec<u8>, WriteError> {
    let tables = grids(report)?;
    let mut w = Writer::start()?;
    // oxidize-pdf writes the document title as a literal string of UTF-8 bytes, which readers decode as
    // PDFDocEncoding (mojibake): only an ASCII title goes into the metadata; the printed title is on page 1.
    if let Some(t) = report.title.as_ref().filter(|t| t.is_ascii()) {
        w.doc.set_title(t.clone());
    }
    let blocks = blocks(report, &tables);
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Title(t) => {
                // A title too long for one line breaks after the agency, before the year, as printed titles do.
                let year = t
                    .char_indices()
                    .find(|&(i, _)| {
                        let rest = &t[i..];
                        (rest.starts_with("20") || rest.starts_with("19"))
                            && rest.chars().nth(4) == Some('年')
                            && rest.chars().take(4).all(|c| c.is_ascii_digit())
                    })
                    .map(|(i, _)| i)
                    .filter(|&i| i > 0 && width(t, TITLE) > WIDTH);
                match year {
                    Some(i) => {
                        w.lines(t[..i].trim(), TITLE, 0.0, true, 0.0)?;
                        w.lines(t[i..].trim(), TITLE, 0.0, true, 0.0)?
                    }
                    None => w.lines(t, TITLE, 0.0, true, 0.0)?,
                }
            }
            Block::Heading(h) => {
                // A heading stays with what follows it; above a table, with a good part of the table.
                let table_next = matches!(blocks.get(i + 1), Some(Block::Table(_)));
                let keep = if table_next {
                    0.4 * (TOP - BOTTOM)
                } else {
                    120.0
                };
                if w.y - BOTTOM < keep {
                    w.new_page();
                }
                w.lines(h, 14.0, 2.0 * BODY, false, 6.0)?
            }
            Block::Paragraph(p) => w.lines(p, BODY, 2.0 * BODY, false, 0.0)?,
            Block::Table(g) => w.table(g)?,
        }
    }
    w.finish()
}

/// Another document (the assessment report) as an A4 PDF: the title, then headings, paragraphs, tables and
/// charts.
pub fn write_doc(doc: &crate::doc::Doc) -> Result<Vec<u8>, WriteError> {
    use crate::doc::DocBlock;
    let mut w = Writer::start()?;
    w.lines(&doc.title, TITLE, 0.0, true, 0.0)?;
    for (i, b) in doc.blocks.iter().enumerate() {
        match b {
            DocBlock::Heading(h) => {
                let keep = if matches!(
                    doc.blocks.get(i + 1),
                    Some(DocBlock::Table(_) | DocBlock::Chart(_))
                ) {
                    0.3 * (TOP - BOTTOM)
                } else {
                    120.0
                };
                if w.y - BOTTOM < keep {
                    w.new_page();
                }
                w.lines(h, 14.0, 2.0 * BODY, false, 6.0)?
            }
            DocBlock::Paragraph(p) => w.lines(p, BODY, 2.0 * BODY, false, 0.0)?,
            DocBlock::Table(g) => w.table(g)?,
            DocBlock::Chart(c) => w.chart(c)?,
        }
    }
    w.finish()
}
