//! A4 PDF of a report with oxidize-pdf: the official grids drawn with ruling lines (so that gongkai, and any
//! reader that uses lines, gets the cells back), a Chinese font embedded as a subset, page numbers “— N —”.
//! The font is the system's Chinese font (found with fontdb: Noto Serif CJK SC, SimSun, Songti SC, …) or
//! `GONGKAI_CJK_FONT`.

use crate::grid::{CellRole, Grid, grids};
use crate::{Block, WriteError, blocks};
use gongkai_model::Report;
use oxidize_pdf::text::measure_text;
use oxidize_pdf::{Document, Font, Page};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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

/// Chinese font families preferred for the body text, in order: serif (宋体-like) faces first, as official
/// documents use, then sans faces. Names as the fonts' own name tables give them on Linux, Windows and macOS.
pub const FONT_FAMILIES: [&str; 16] = [
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimSun",
    "NSimSun",
    "Songti SC",
    "STSong",
    "AR PL UMing CN",
    "FangSong",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
];

/// What to install when no Chinese font is found, per system.
pub const NO_FONT_HELP: &str = "未找到中文字体，无法写出 PDF。请安装中文字体后重试：Debian/Ubuntu 执行 \
apt-get install fonts-noto-cjk；Fedora/RHEL 执行 dnf install google-noto-serif-cjk-sc-fonts；Windows 自带宋体 \
（SimSun，位于 C:\\Windows\\Fonts）；macOS 自带宋体-简（Songti SC）。也可用环境变量 GONGKAI_CJK_FONT 指定字体文件。";

fn out_err(message: impl Into<String>) -> WriteError {
    WriteError::Output {
        format: "PDF",
        message: message.into(),
    }
}

/// A font file and the face to use in it (collections hold several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontChoice {
    /// The font file.
    pub path: PathBuf,
    /// The face index in a collection (.ttc); `None` picks the Simplified Chinese face by name.
    pub index: Option<u32>,
}

/// The font to embed: `GONGKAI_CJK_FONT`, else the first of [`FONT_FAMILIES`] installed on this system
/// (found with fontdb in the system's font directories: Linux, Windows and macOS alike).
pub fn find_font() -> Result<FontChoice, WriteError> {
    if let Some(p) = std::env::var_os("GONGKAI_CJK_FONT") {
        return Ok(FontChoice {
            path: PathBuf::from(p),
            index: None,
        });
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    choose_font(&db).ok_or_else(|| out_err(NO_FONT_HELP))
}

/// The preferred Chinese face among the fonts of `db` (regular weight, upright), if any.
fn choose_font(db: &fontdb::Database) -> Option<FontChoice> {
    let faces: Vec<&fontdb::FaceInfo> = db.faces().collect();
    FONT_FAMILIES.iter().find_map(|want| {
        faces
            .iter()
            .filter(|f| f.families.iter().any(|(name, _)| name == want))
            .filter(|f| f.style == fontdb::Style::Normal)
            .min_by_key(|f| (f.weight.0 as i32 - 400).abs())
            .and_then(|f| match &f.source {
                fontdb::Source::File(path) => Some(FontChoice {
                    path: path.clone(),
                    index: Some(f.index),
                }),
                _ => None,
            })
    })
}

fn be16(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn be32(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// A font table record: tag, offset and length.
type TableRecord = ([u8; 4], usize, usize);

/// The offset table of face `index` of a collection and its table records.
fn face_tables(data: &[u8], index: usize) -> Option<(usize, Vec<TableRecord>)> {
    let start = be32(data, 12 + 4 * index)? as usize;
    let n = be16(data, start + 4)? as usize;
    let records = (0..n)
        .map(|i| {
            let rec = start + 12 + 16 * i;
            let tag: [u8; 4] = data.get(rec..rec + 4)?.try_into().ok()?;
            Some((
                tag,
                be32(data, rec + 8)? as usize,
                be32(data, rec + 12)? as usize,
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((start, records))
}

/// One face of a TrueType/OpenType collection as a standalone font file (tables copied, offsets rewritten).
fn collection_face(data: &[u8], index: usize) -> Option<Vec<u8>> {
    let (start, records) = face_tables(data, index)?;
    let mut out = data.get(start..start + 12 + 16 * records.len())?.to_vec();
    for (i, (_, offset, len)) in records.into_iter().enumerate() {
        let new_offset = out.len() as u32;
        out.extend_from_slice(data.get(offset..offset + len)?);
        while out.len() % 4 != 0 {
            out.push(0);
        }
        out[12 + 16 * i + 8..12 + 16 * i + 12].copy_from_slice(&new_offset.to_be_bytes());
    }
    Some(out)
}

/// Whether face `index`'s name table contains `needle` (UTF-16BE, as in Windows name records).
fn face_named(data: &[u8], index: usize, needle: &[u8]) -> bool {
    face_tables(data, index)
        .and_then(|(_, records)| records.into_iter().find(|(tag, ..)| tag == b"name"))
        .and_then(|(_, offset, len)| data.get(offset..offset + len))
        .is_some_and(|name| name.windows(needle.len()).any(|w| w == needle))
}

/// The font bytes: a single font as is; from a collection, face `index`, or without one the Simplified Chinese
/// face (name “… SC”).
pub fn load_font(path: &Path, index: Option<u32>) -> Result<Vec<u8>, WriteError> {
    let data = std::fs::read(path)
        .map_err(|e| out_err(format!("字体文件 {} 无法读取：{e}", path.display())))?;
    if !data.starts_with(b"ttcf") {
        return Ok(data);
    }
    let faces = be32(&data, 8).unwrap_or(0) as usize;
    let sc: Vec<u8> = "CJK SC".encode_utf16().flat_map(u16::to_be_bytes).collect();
    let index = index
        .map(|i| i as usize)
        .filter(|&i| i < faces)
        .unwrap_or_else(|| (0..faces).find(|&i| face_named(&data, i, &sc)).unwrap_or(0));
    collection_face(&data, index)
        .ok_or_else(|| out_err(format!("字体集 {} 结构异常", path.display())))
}

static FONT_BYTES: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();

fn font_bytes() -> Result<Vec<u8>, WriteError> {
    FONT_BYTES
        .get_or_init(|| {
            find_font()
                .and_then(|f| load_font(&f.path, f.index))
                .map_err(|e| match e {
                    WriteError::Output { message, .. } => message,
                    other => other.to_string(),
                })
        })
        .clone()
        .map_err(out_err)
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
    let mut doc = Document::new();
    doc.add_font_from_bytes(FONT, font_bytes()?)
        .map_err(|e| out_err(e.to_string()))?;
    // oxidize-pdf writes the document title as a literal string of UTF-8 bytes, which readers decode as
    // PDFDocEncoding (mojibake): only an ASCII title goes into the metadata; the printed title is on page 1.
    if let Some(t) = report.title.as_ref().filter(|t| t.is_ascii()) {
        doc.set_title(t.clone());
    }
    let mut w = Writer {
        doc,
        page: Page::a4(),
        y: TOP,
        number: 1,
    };
    w.footer();
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
    let Writer { mut doc, page, .. } = w;
    doc.add_page(page);
    doc.to_bytes().map_err(|e| out_err(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simplified_chinese_serif_face_is_chosen_from_the_installed_fonts() {
        let mut db = fontdb::Database::new();
        assert_eq!(choose_font(&db), None, "no fonts: nothing chosen");
        db.load_system_fonts();
        let noto = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
        assert!(noto.exists(), "fonts-noto-cjk is installed by .ci/run");
        let chosen = choose_font(&db).expect("a Chinese font on this system");
        assert_eq!(chosen.path, noto);
        // The chosen face of the collection is the SC one.
        let data = std::fs::read(noto).unwrap();
        let sc: Vec<u8> = "CJK SC".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(face_named(&data, chosen.index.unwrap() as usize, &sc));
    }

    #[test]
    fn the_missing_font_message_says_what_to_install_on_each_system() {
        for needle in ["fonts-noto-cjk", "Windows", "macOS", "GONGKAI_CJK_FONT"] {
            assert!(NO_FONT_HELP.contains(needle), "{needle}");
        }
    }
}
