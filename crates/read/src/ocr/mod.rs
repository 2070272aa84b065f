//! Reading pictures of a report (scans, photographs of pages, tables pasted as images) offline with Tesseract:
//! the ruling lines of the picture's tables become the same ruling segments a PDF draws, each table cell is
//! recognised alone (all cells of a page in one run of the engine, then the cells holding numbers again with
//! digits only), and the cells and the lines outside tables become the positioned text runs of a PDF page —
//! so that the PDF reader's ruled-table stage (merged cells, rows broken across pages, paragraphs) reads them.
//! A number is taken only when both recognitions agree and the engine is confident; otherwise the cell says
//! what was seen (unreadable, or the two readings as candidates), never a guess.

pub mod confirm;
mod grid;
pub mod raster;
pub mod seal;
pub mod tesseract;
mod value;

pub use grid::segments;
pub use value::{MIN_CONFIDENCE, low_confidence_reading, value_text};
use value::{as_digits, label_text, mend_label, numberish};

use crate::ReadError;
use crate::linear::Linear;
use crate::pdf::rulings::{self, Segment};
use crate::pdf::{Extracted, Run};
use raster::Bits;
use tesseract::{Mode, Word};

/// Points per pixel: pictures are taken as 200 dpi (the ruled-table stage's tolerances are in points).
const PT: f64 = 72.0 / 200.0;

/// Dark pixels in a cell (after its borders are cut off) below which it is blank.
const MIN_INK: usize = 12;

/// Reads a picture file (PNG, JPEG, TIFF) as one page.
pub fn image_to_linear(bytes: &[u8]) -> Result<Linear, ReadError> {
    picture_linear(bytes, 1)
}

/// A picture read as page `page`, through the PDF reader's stages.
fn picture_linear(bytes: &[u8], page: u32) -> Result<Linear, ReadError> {
    let p = read_page(&raster::decode(bytes)?, page)?;
    let mut lin = crate::pdf::from_extracted(Extracted {
        runs: p.runs,
        segments: vec![p.segments],
        boxes: vec![p.media],
        title: None,
    })?;
    lin.ocr = true;
    Ok(lin)
}

/// The smallest picture inside a document that is recognised, in pixels each way: smaller ones are icons,
/// logos or seals, never a page or a table.
const MIN_PICTURE: (u32, u32) = (300, 80);

/// Recognises a picture found inside a document (DOCX, HTML) and appends what it shows, as the pieces of a
/// page numbered `ordinal` (the picture's place among the document's pictures, from 1). Pictures that are
/// not PNG, JPEG or TIFF (EMF, GIF, SVG), or too small to hold a table, are left out. Returns whether the
/// picture was recognised.
pub(crate) fn append_picture(
    lin: &mut Linear,
    bytes: &[u8],
    ordinal: u32,
) -> Result<bool, ReadError> {
    if !matches!(crate::sniff(bytes), Ok(crate::InputKind::Image)) {
        return Ok(false);
    }
    let Ok((w, h)) = raster::dimensions(bytes) else {
        return Ok(false);
    };
    if w < MIN_PICTURE.0 || h < MIN_PICTURE.1 {
        return Ok(false);
    }
    lin.append(&picture_linear(bytes, ordinal)?);
    Ok(true)
}

/// The most pages of a scanned PDF read (an annual report has fewer than 30).
pub const MAX_SCANNED_PAGES: usize = 60;

/// How long drawing one page may take.
const DRAW_TIME: std::time::Duration = std::time::Duration::from_secs(30);

/// Reads a PDF without a text layer (a scan): each page drawn at 200 dpi in colour (a red seal is told apart by
/// its colour) by poppler's pdftoppm, then read as a picture. `boxes` are the pages' media boxes; the runs and lines come back in page space.
pub(crate) fn scanned_pdf(bytes: &[u8], boxes: &[[f64; 4]]) -> Result<Extracted, ReadError> {
    if boxes.len() > MAX_SCANNED_PAGES {
        return Err(ReadError::Unsupported(format!(
            "扫描件共 {} 页，超过可识别的 {MAX_SCANNED_PAGES} 页",
            boxes.len()
        )));
    }
    let dir = tempfile::tempdir().map_err(|e| ReadError::Io("临时目录".into(), e.to_string()))?;
    let input = dir.path().join("scan.pdf");
    std::fs::write(&input, bytes).map_err(|e| ReadError::Io("临时文件".into(), e.to_string()))?;
    let mut out = Extracted {
        runs: Vec::new(),
        segments: Vec::new(),
        boxes: Vec::new(),
        title: None,
    };
    for (i, b) in boxes.iter().enumerate() {
        let n = i + 1;
        let (w, h) = ((b[2] - b[0]) / PT, (b[3] - b[1]) / PT);
        if !(w > 0.0 && h > 0.0 && w * h <= raster::MAX_PIXELS as f64) {
            return Err(ReadError::Unsupported(format!(
                "扫描件第 {n} 页的尺寸为 {:.0} × {:.0} 点，超过可识别的大小",
                b[2] - b[0],
                b[3] - b[1]
            )));
        }
        let page = n.to_string();
        let mut cmd = std::process::Command::new("pdftoppm");
        cmd.args(["-png", "-r", "200", "-singlefile", "-f", &page, "-l", &page])
            .arg(&input);
        let png = match crate::pdf::isolate::run_bounded(
            &mut cmd,
            Vec::new(),
            crate::pdf::isolate::MEMORY_LIMIT,
            DRAW_TIME,
            256 << 20,
        ) {
            Ok((status, png)) if status.success() => png,
            Ok(_) => {
                return Err(ReadError::Corrupt(format!(
                    "扫描件第 {n} 页无法绘制（页面内容损坏或过于复杂）"
                )));
            }
            Err(crate::pdf::isolate::Bounded::Spawn(_)) => {
                return Err(ReadError::Unsupported(
                    "识别扫描件需要 poppler-utils（pdftoppm）绘制页面：请安装 poppler-utils".into(),
                ));
            }
            Err(crate::pdf::isolate::Bounded::TimedOut) => {
                return Err(ReadError::Corrupt(format!(
                    "绘制扫描件第 {n} 页超过 {} 秒，已停止",
                    DRAW_TIME.as_secs()
                )));
            }
        };
        let p = read_page(&raster::decode(&png)?, n as u32)?;
        out.runs.extend(p.runs);
        out.segments.push(p.segments);
        out.boxes.push(*b);
    }
    Ok(out)
}

/// What one page picture gives the PDF reader.
pub(crate) struct Page {
    /// Text runs (one per table cell, one per line outside tables).
    pub(crate) runs: Vec<Run>,
    /// Ruling segments in page space.
    pub segments: Vec<Segment>,
    /// The page's box in points.
    pub media: [f64; 4],
}

/// x in points.
fn px_x(x: f64) -> f64 {
    x * PT
}

/// White around and between the areas stacked for one run of the engine, in pixels.
const GAP: usize = 24;

/// A region of the picture to recognise: pixels (x0, y0, x1, y1), exclusive ends.
type Area = (usize, usize, usize, usize);

/// The number of pixels of an area for which `at(x, y)` holds.
fn pixels(area: Area, at: impl Fn(usize, usize) -> bool) -> usize {
    let (x0, y0, x1, y1) = area;
    (y0..y1)
        .map(|y| (x0..x1).filter(|&x| at(x, y)).count())
        .sum()
}

/// Recognises areas of a picture in one run of the engine: they are stacked one under another on white, and
/// each word is given back to the area it lies in. Returns each area's words.
fn recognise_areas(b: &Bits, areas: &[Area], mode: Mode) -> Result<Vec<Vec<Word>>, ReadError> {
    if areas.is_empty() {
        return Ok(Vec::new());
    }
    let width = areas.iter().map(|a| a.2 - a.0).max().unwrap_or(0) + 2 * GAP;
    let height: usize = areas.iter().map(|a| a.3 - a.1 + GAP).sum::<usize>() + GAP;
    let mut grey = vec![255u8; width * height];
    let mut tops = Vec::with_capacity(areas.len());
    let mut y = GAP;
    for &(x0, y0, x1, y1) in areas {
        tops.push(y);
        for (row, sy) in (y0..y1).enumerate() {
            let to = (y + row) * width + GAP;
            // Paper, noise and what was left of a seal go to the engine as white; the print keeps its grey
            // edges (the faint strokes of a thin typeface).
            let from = sy * b.width;
            for (k, x) in (x0..x1).enumerate() {
                let g = b.grey[from + x];
                grey[to + k] = if g < b.faint_cut { g } else { 255 };
            }
        }
        // Specks are whitened for the first reading only: the digits-only reading sees every mark, so that a
        // decimal point taken for a speck makes the two readings differ, never a number without its point.
        if mode == Mode::Text {
            unspeckle(&mut grey, width, (GAP, y, GAP + x1 - x0, y + y1 - y0));
        }
        y += y1 - y0 + GAP;
    }
    let words = tesseract::recognise(&tesseract::pgm(width, height, &grey), mode)?;
    let mut out = vec![Vec::new(); areas.len()];
    for w in words {
        let yc = (w.bbox[1] + w.bbox[3] / 2) as usize;
        if let Some(k) = tops
            .iter()
            .zip(areas)
            .position(|(&top, a)| yc >= top && yc < top + (a.3 - a.1))
        {
            out[k].push(w);
        }
    }
    Ok(out)
}

/// The fewest pixels of a mark kept in the first reading of a cell (specks of dust and noise have fewer; a
/// small decimal point may too, which the second reading then tells).
const MIN_MARK: usize = 6;

/// Whitens the marks of fewer than [`MIN_MARK`] pixels (8-connected, non-white) inside `area` of a picture
/// `width` pixels wide.
fn unspeckle(grey: &mut [u8], width: usize, (x0, y0, x1, y1): Area) {
    let mut seen = vec![false; (x1 - x0) * (y1 - y0)];
    let at = |x: usize, y: usize| (y - y0) * (x1 - x0) + (x - x0);
    let mut stack = Vec::new();
    let mut mark = Vec::new();
    for y in y0..y1 {
        for x in x0..x1 {
            if seen[at(x, y)] || grey[y * width + x] == 255 {
                continue;
            }
            seen[at(x, y)] = true;
            stack.push((x, y));
            mark.clear();
            while let Some((cx, cy)) = stack.pop() {
                mark.push((cx, cy));
                for ny in cy.saturating_sub(1).max(y0)..(cy + 2).min(y1) {
                    for nx in cx.saturating_sub(1).max(x0)..(cx + 2).min(x1) {
                        if !seen[at(nx, ny)] && grey[ny * width + nx] != 255 {
                            seen[at(nx, ny)] = true;
                            stack.push((nx, ny));
                        }
                    }
                }
            }
            if mark.len() < MIN_MARK {
                for &(mx, my) in &mark {
                    grey[my * width + mx] = 255;
                }
            }
        }
    }
}

/// The text of an area's words in reading order (Chinese words are not spaced).
fn joined(words: &[Word]) -> String {
    let mut w: Vec<&Word> = words.iter().collect();
    w.sort_by_key(|w| (w.line, w.bbox[0]));
    w.iter().map(|w| w.text.as_str()).collect()
}

/// Pixels of an area where seal ink was taken away, above which its reading is not taken.
const MAX_SEALED: usize = 20;

/// Whether seal ink was taken out of an area.
fn sealed(b: &Bits, area: Area) -> bool {
    !b.sealed.is_empty() && pixels(area, |x, y| b.sealed[y * b.width + x]) > MAX_SEALED
}

/// Reads one page picture: its tables cell by cell and its other lines.
pub(crate) fn read_page(b: &Bits, page: u32) -> Result<Page, ReadError> {
    let segments = segments(b);
    let tables = rulings::tables(&segments);
    let h = b.height as f64;
    let to_px = |x: f64, y: f64| {
        (
            (x / PT).round().max(0.0) as usize,
            (h - y / PT).round().max(0.0) as usize,
        )
    };
    // Cells inside their borders.
    let mut cells: Vec<Area> = Vec::new();
    for t in &tables {
        for c in &t.cells {
            let (x0, y0) = to_px(c.x0, c.y1);
            let (x1, y1) = to_px(c.x1, c.y0);
            let inset = 4;
            let (x0, y0) = (x0 + inset, y0 + inset);
            let (x1, y1) = (
                x1.min(b.width).saturating_sub(inset),
                y1.min(b.height).saturating_sub(inset),
            );
            if x1 > x0 + 2 && y1 > y0 + 2 {
                cells.push((x0, y0, x1, y1));
            }
        }
    }
    let (inked, blank): (Vec<Area>, Vec<Area>) = cells
        .iter()
        .partition(|a| pixels(**a, |x, y| b.at(x, y)) >= MIN_INK);
    let first = recognise_areas(b, &inked, Mode::Text)?;
    let texts: Vec<String> = first.iter().map(|w| joined(w)).collect();
    // Cells read as a number, and those read as a single other character (a lone digit the Chinese model
    // took for a character: “1” as “攻”), are read again for digits.
    let numeric: Vec<usize> = (0..inked.len())
        .filter(|&i| numberish(&texts[i]) || texts[i].chars().count() == 1)
        .collect();
    let digits = recognise_areas(
        b,
        &numeric.iter().map(|&i| inked[i]).collect::<Vec<_>>(),
        Mode::Digits,
    )?;
    let mut runs = Vec::new();
    let run = |(x0, y0, x1, y1): Area, text: String| Run {
        page,
        x: px_x(x0 as f64),
        y: (h - y1 as f64) * PT,
        w: px_x((x1 - x0) as f64),
        h: (y1 - y0) as f64 * PT,
        text,
    };
    for (i, area) in inked.iter().enumerate() {
        let text = match numeric.iter().position(|&k| k == i) {
            Some(j) if numberish(&texts[i]) || !digits[j].is_empty() => {
                let words = &digits[j];
                let conf = words.iter().map(|w| w.conf).fold(100.0f32, f32::min);
                value_text(
                    &as_digits(&texts[i]),
                    &joined(words),
                    conf,
                    sealed(b, *area),
                )
            }
            _ => label_text(&texts[i]),
        };
        runs.push(run(*area, text));
    }
    // A cell that looks empty may have held print too faint for the threshold, or under a seal: only a cell
    // without a trace is blank.
    for area in blank {
        if sealed(b, area) {
            runs.push(run(area, "〔无法识别：印章遮挡〕".into()));
        } else if pixels(area, |x, y| b.faint_at(x, y)) >= MIN_INK {
            runs.push(run(area, "〔无法识别：字迹模糊〕".into()));
        }
    }
    // The lines outside tables: the page with its tables painted white.
    let mut rest = b.clone();
    for t in &tables {
        let (x0, y0) = to_px(t.bbox.0, t.bbox.3);
        let (x1, y1) = to_px(t.bbox.2, t.bbox.1);
        for y in y0.saturating_sub(4)..(y1 + 4).min(b.height) {
            for x in x0.saturating_sub(4)..(x1 + 4).min(b.width) {
                rest.grey[y * b.width + x] = 255;
                rest.dark[y * b.width + x] = false;
            }
        }
    }
    let words = recognise_areas(&rest, &[(0, 0, b.width, b.height)], Mode::Text)?
        .pop()
        .unwrap_or_default();
    let mut lines: Vec<Vec<Word>> = Vec::new();
    for w in words {
        match lines.last_mut() {
            Some(l) if l[0].line == w.line => l.push(w),
            _ => lines.push(vec![w]),
        }
    }
    for l in lines {
        // Back from the stacked picture (one area, offset by the gap around it) to the page.
        let x0 = l.iter().map(|w| w.bbox[0]).min().unwrap_or(0) as usize;
        let y0 = l.iter().map(|w| w.bbox[1]).min().unwrap_or(0) as usize;
        let x1 = l.iter().map(|w| w.bbox[0] + w.bbox[2]).max().unwrap_or(0) as usize;
        let y1 = l.iter().map(|w| w.bbox[1] + w.bbox[3]).max().unwrap_or(0) as usize;
        let off = GAP;
        let area = (
            x0.saturating_sub(off),
            y0.saturating_sub(off),
            x1.saturating_sub(off).max(x0.saturating_sub(off) + 1),
            y1.saturating_sub(off).max(y0.saturating_sub(off) + 1),
        );
        runs.push(run(area, mend_label(&joined(&l))));
    }
    Ok(Page {
        runs,
        segments,
        media: [0.0, 0.0, px_x(b.width as f64), h * PT],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specks_are_whitened_and_marks_of_a_decimal_point_kept() {
        // A 3×3 point (nine pixels) and a 2×2 speck, on a 10×4 picture, within the area.
        let mut grey = vec![255u8; 40];
        for (x, y) in [
            (1, 0),
            (2, 0),
            (3, 0),
            (1, 1),
            (2, 1),
            (3, 1),
            (1, 2),
            (2, 2),
            (3, 2),
        ] {
            grey[y * 10 + x] = 20;
        }
        for (x, y) in [(7, 1), (8, 1), (7, 2), (8, 2)] {
            grey[y * 10 + x] = 40;
        }
        unspeckle(&mut grey, 10, (0, 0, 10, 4));
        assert_eq!(grey.iter().filter(|&&g| g < 255).count(), 9);
        assert_eq!(grey[10 + 7], 255);
    }
}
