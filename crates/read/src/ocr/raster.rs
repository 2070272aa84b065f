//! A page picture as dark and light pixels: decoded within a pixel budget (PNG, JPEG, TIFF), made grey and
//! split at Otsu's threshold; and the table grids drawn on it, found from their ruling lines — a horizontal
//! line is a row of dark pixels running far; a column separator is dark from one horizontal line to the next.

use super::seal::{red, without_seal};
use crate::ReadError;

/// The largest picture read, in pixels (an A4 page at 300 dpi is 8.7 million).
pub const MAX_PIXELS: u64 = 40_000_000;

/// A picture in black and white.
#[derive(Debug, Clone)]
pub struct Bits {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Dark pixels, row by row.
    pub dark: Vec<bool>,
    /// The grey picture (0 black – 255 white), row by row.
    pub grey: Vec<u8>,
    /// The grey level below which a pixel is faint print or a ruling line: three quarters of the way from the
    /// threshold to white (hairlines and thin strokes blurred or compressed are lighter than the print).
    pub faint_cut: u8,
    /// Pixels where red seal ink was taken away, row by row (empty when the picture has no seal).
    pub sealed: Vec<bool>,
}

impl Bits {
    /// Whether the pixel at (x, y) is dark.
    pub fn at(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// Whether the pixel at (x, y) may belong to a ruling line (lines drawn thin or blurred are lighter than
    /// the print; only long runs of such pixels make lines, so specks and strokes do not). A seal's ink is
    /// never a line: its rim and characters would draw rows of short strokes.
    pub fn line_at(&self, x: usize, y: usize) -> bool {
        self.faint_at(x, y) && !self.sealed.get(y * self.width + x).is_some_and(|&s| s)
    }

    /// Whether the pixel at (x, y) is at least faint print (a hairline, a thin stroke's edge).
    pub fn faint_at(&self, x: usize, y: usize) -> bool {
        self.grey[y * self.width + x] < self.faint_cut
    }

    /// The grey picture from its pixels, split at Otsu's threshold.
    pub fn from_grey(width: usize, height: usize, grey: Vec<u8>) -> Bits {
        let t = otsu(&grey);
        Bits {
            width,
            height,
            dark: grey.iter().map(|&g| g < t).collect(),
            grey,
            faint_cut: ((u16::from(t) + 3 * 255) / 4) as u8,
            sealed: Vec::new(),
        }
    }
}

/// A reader of the picture's bytes, allocating at most what [`MAX_PIXELS`] needs.
fn reader(bytes: &[u8]) -> Result<image::ImageReader<std::io::Cursor<&[u8]>>, ReadError> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ReadError::Corrupt(format!("图片无法读取：{e}")))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    Ok(reader)
}

/// A picture's width and height from its header.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32), ReadError> {
    reader(bytes)?
        .into_dimensions()
        .map_err(|e| ReadError::Corrupt(format!("图片无法读取：{e}")))
}

/// Decodes a PNG, JPEG or TIFF picture (the first page of a TIFF) within [`MAX_PIXELS`].
pub fn decode(bytes: &[u8]) -> Result<Bits, ReadError> {
    let (w, h) = dimensions(bytes)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ReadError::Corrupt(format!(
            "图片过大：{w}×{h} 像素，上限为 {MAX_PIXELS} 像素（约为 A4 纸 300 dpi 的 4 倍）"
        )));
    }
    let img = reader(bytes)?
        .decode()
        .map_err(|e| ReadError::Corrupt(format!("图片无法解码：{e}")))?
        .into_rgb8();
    let (w, h) = (img.width() as usize, img.height() as usize);
    let grey = evened(without_seal(img.as_raw()), w, h);
    // Where a seal was taken away, dark (0) on white, turned with the page.
    let seal: Vec<u8> = img
        .as_raw()
        .chunks_exact(3)
        .map(|p| if red(p) { 0 } else { 255 })
        .collect();
    let angle = skew(&Bits::from_grey(w, h, grey.clone()));
    let (grey, seal) = if angle.abs() >= 0.05 {
        (rotate(&grey, w, h, -angle), rotate(&seal, w, h, -angle))
    } else {
        (grey, seal)
    };
    let mut b = Bits::from_grey(w, h, despeckle(grey, w, h));
    if seal.iter().any(|&v| v < 128) {
        b.sealed = seal.iter().map(|&v| v < 128).collect();
    }
    Ok(b)
}

/// The side of the squares over which the paper's brightness is measured, in pixels.
const LIGHT_BLOCK: usize = 48;

/// The picture with its paper made white: each pixel divided by the paper's brightness around it (the
/// brightest tenth of its square, the brightest of the nine squares around), so that a page lit unevenly or
/// scanned grey has white paper everywhere — the engine, and the stacking of cells on white, need that.
pub fn evened(mut grey: Vec<u8>, w: usize, h: usize) -> Vec<u8> {
    let (bw, bh) = (w.div_ceil(LIGHT_BLOCK), h.div_ceil(LIGHT_BLOCK));
    let mut level = vec![255u8; bw * bh];
    let mut values = Vec::with_capacity(LIGHT_BLOCK * LIGHT_BLOCK);
    for by in 0..bh {
        for bx in 0..bw {
            values.clear();
            for y in by * LIGHT_BLOCK..((by + 1) * LIGHT_BLOCK).min(h) {
                let row = y * w;
                values.extend_from_slice(
                    &grey[row + bx * LIGHT_BLOCK..row + ((bx + 1) * LIGHT_BLOCK).min(w)],
                );
            }
            let k = values.len() * 9 / 10;
            level[by * bw + bx] = *values.select_nth_unstable(k).1;
        }
    }
    let paper: Vec<u8> = (0..bw * bh)
        .map(|i| {
            let (bx, by) = (i % bw, i / bw);
            let mut m = 0;
            for y in by.saturating_sub(1)..(by + 2).min(bh) {
                for x in bx.saturating_sub(1)..(bx + 2).min(bw) {
                    m = m.max(level[y * bw + x]);
                }
            }
            m.max(64)
        })
        .collect();
    for y in 0..h {
        for x in 0..w {
            let p = u32::from(paper[(y / LIGHT_BLOCK) * bw + x / LIGHT_BLOCK]);
            let g = &mut grey[y * w + x];
            *g = (u32::from(*g) * 255 / p).min(255) as u8;
        }
    }
    grey
}

/// Dust removed: a dark pixel without a dark neighbour (of its eight) becomes paper.
pub fn despeckle(mut grey: Vec<u8>, w: usize, h: usize) -> Vec<u8> {
    let b = Bits::from_grey(w, h, grey.clone());
    for y in 0..h {
        for x in 0..w {
            if !b.at(x, y) {
                continue;
            }
            let lonely = (y.saturating_sub(1)..(y + 2).min(h)).all(|ny| {
                (x.saturating_sub(1)..(x + 2).min(w)).all(|nx| (nx, ny) == (x, y) || !b.at(nx, ny))
            });
            if lonely {
                grey[y * w + x] = 255;
            }
        }
    }
    grey
}

/// The angle (degrees, clockwise positive: the right end lower) by which the lines of a page picture slope,
/// within ±3°: the angle whose rows of dark pixels are sharpest (largest sum of squared row counts). Measured
/// on the pixels of long runs of faint print or darker — the ruling lines (hairlines too), which a turn of up
/// to 3° leaves in runs of 40 pixels or more — when the page has enough of them: the rows of the characters'
/// horizontal strokes would otherwise outweigh a slight slope; else on every other dark pixel.
pub fn skew(b: &Bits) -> f64 {
    let mut long: Vec<(f64, f64)> = Vec::new();
    for y in 0..b.height {
        for (start, end) in runs(b.width, LONG_RUN, |x| b.faint_at(x, y)) {
            long.extend((start..end).map(|x| (x as f64, y as f64)));
        }
    }
    let dark: Vec<(f64, f64)> = if long.len() >= MIN_LINE_PIXELS {
        long
    } else {
        (0..b.height)
            .step_by(2)
            .flat_map(|y| (0..b.width).step_by(2).map(move |x| (x, y)))
            .filter(|&(x, y)| b.at(x, y))
            .map(|(x, y)| (x as f64, y as f64))
            .collect()
    };
    if dark.len() < 100 {
        return 0.0;
    }
    let score = |deg: f64| {
        let t = deg.to_radians().tan();
        let mut rows = vec![0u32; b.height + b.width / 10 * 2 + 8];
        let shift = (b.width as f64 * 0.06) as i64 + 2;
        for &(x, y) in &dark {
            let r = (y - x * t).round() as i64 + shift;
            if let Some(n) = usize::try_from(r).ok().and_then(|r| rows.get_mut(r)) {
                *n += 1;
            }
        }
        rows.iter()
            .map(|&n| f64::from(n) * f64::from(n))
            .sum::<f64>()
    };
    let best = |from: f64, to: f64, step: f64| {
        let mut at = (from, f64::MIN);
        let mut a = from;
        while a <= to + 1e-9 {
            let s = score(a);
            if s > at.1 {
                at = (a, s);
            }
            a += step;
        }
        at.0
    };
    let coarse = best(-3.0, 3.0, 0.2);
    best(coarse - 0.2, coarse + 0.2, 0.02)
}

/// The shortest dark run taken as part of a ruling line when measuring the slope, in pixels.
const LONG_RUN: usize = 40;

/// The fewest pixels of long runs for the slope to be measured on them (two lines across a page).
const MIN_LINE_PIXELS: usize = 2_000;

/// A grey picture turned by `deg` degrees (clockwise positive) about its centre, bilinear, paper outside.
pub fn rotate(grey: &[u8], w: usize, h: usize, deg: f64) -> Vec<u8> {
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0);
    let at = |x: i64, y: i64| -> f64 {
        if x < 0 || y < 0 || x >= w as i64 || y >= h as i64 {
            255.0
        } else {
            f64::from(grey[y as usize * w + x as usize])
        }
    };
    let mut out = vec![255u8; w * h];
    for y in 0..h {
        for x in 0..w {
            // The source of (x, y): turned back.
            let (dx, dy) = (x as f64 - cx, y as f64 - cy);
            let (sx, sy) = (dx * c + dy * s + cx, -dx * s + dy * c + cy);
            let (x0, y0) = (sx.floor() as i64, sy.floor() as i64);
            let (fx, fy) = (sx - x0 as f64, sy - y0 as f64);
            let v = at(x0, y0) * (1.0 - fx) * (1.0 - fy)
                + at(x0 + 1, y0) * fx * (1.0 - fy)
                + at(x0, y0 + 1) * (1.0 - fx) * fy
                + at(x0 + 1, y0 + 1) * fx * fy;
            out[y * w + x] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

/// Otsu's threshold of a grey picture: the grey level that best separates ink from paper.
fn otsu(grey: &[u8]) -> u8 {
    let mut hist = [0u64; 256];
    for &g in grey {
        hist[g as usize] += 1;
    }
    let total = grey.len() as f64;
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut w0, mut sum0, mut best, mut at) = (0.0, 0.0, -1.0, 128u8);
    for (i, &n) in hist.iter().enumerate() {
        w0 += n as f64;
        if w0 == 0.0 {
            continue;
        }
        let w1 = total - w0;
        if w1 == 0.0 {
            break;
        }
        sum0 += i as f64 * n as f64;
        let (m0, m1) = (sum0 / w0, (sum - sum0) / w1);
        let between = w0 * w1 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            at = i as u8 + 1;
        }
    }
    at
}

/// A horizontal ruling line: its rows and, for every x, whether it is drawn there.
#[derive(Debug, Clone)]
pub struct HLine {
    /// First row.
    pub y0: usize,
    /// Last row.
    pub y1: usize,
    /// Drawn at each x.
    pub drawn: Vec<bool>,
}

impl HLine {
    /// The share of `x0..x1` where the line is drawn.
    pub fn cover(&self, x0: usize, x1: usize) -> f64 {
        if x1 <= x0 {
            return 0.0;
        }
        self.drawn[x0..x1].iter().filter(|d| **d).count() as f64 / (x1 - x0) as f64
    }
}

/// The runs (start, end exclusive) of at least `min` consecutive x in `0..width` for which `at(x)` holds.
pub(super) fn runs(width: usize, min: usize, at: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut x = 0;
    while x < width {
        let start = x;
        while x < width && at(x) {
            x += 1;
        }
        if x - start >= min {
            out.push((start, x));
        }
        x += 1;
    }
    out
}

/// The horizontal ruling lines: rows with a dark run of at least `min_run` pixels, adjacent rows joined.
pub fn horizontal_lines(b: &Bits, min_run: usize) -> Vec<HLine> {
    let mut out: Vec<HLine> = Vec::new();
    for y in 0..b.height {
        // The long runs of this row.
        let mut drawn = vec![false; b.width];
        let mut any = false;
        for (start, end) in runs(b.width, min_run, |x| b.line_at(x, y)) {
            drawn[start..end].iter_mut().for_each(|d| *d = true);
            any = true;
        }
        if !any {
            continue;
        }
        match out.last_mut() {
            Some(l) if l.y1 + 1 == y => {
                l.y1 = y;
                for (a, d) in l.drawn.iter_mut().zip(drawn) {
                    *a |= d;
                }
            }
            _ => out.push(HLine {
                y0: y,
                y1: y,
                drawn,
            }),
        }
    }
    out
}

/// The x ranges (first, last column) between two horizontal lines that are dark from one to the other (at
/// least `share` of the rows between them), adjacent columns joined.
pub fn separators(b: &Bits, top: &HLine, bottom: &HLine, share: f64) -> Vec<(usize, usize)> {
    separators_within(b, top, bottom, share, 0, b.width)
}

/// [`separators`] looked for between columns `x0..x1` only.
pub fn separators_within(
    b: &Bits,
    top: &HLine,
    bottom: &HLine,
    share: f64,
    x0: usize,
    x1: usize,
) -> Vec<(usize, usize)> {
    let (y0, y1) = (top.y1 + 1, bottom.y0);
    if y1 <= y0 {
        return Vec::new();
    }
    let need = ((y1 - y0) as f64 * share).ceil() as usize;
    let mut out: Vec<(usize, usize)> = Vec::new();
    for x in x0..x1.min(b.width) {
        let n = (y0..y1).filter(|&y| b.line_at(x, y)).count();
        if n >= need.max(1) {
            match out.last_mut() {
                Some(s) if s.1 + 1 == x => s.1 = x,
                _ => out.push((x, x)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A small grey PNG whose header then claims `w`×`h` pixels.
    fn png_claiming(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        image::GrayImage::from_pixel(4, 4, image::Luma([255]))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        // IHDR: length (4) at 8, type at 12, width at 16, height at 20, CRC over type and data at 29.
        out[16..20].copy_from_slice(&w.to_be_bytes());
        out[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32(&out[12..29]);
        out[29..33].copy_from_slice(&crc.to_be_bytes());
        out
    }

    #[test]
    fn a_picture_claiming_too_many_pixels_is_refused_before_decoding() {
        let e = decode(&png_claiming(50_000, 50_000))
            .unwrap_err()
            .to_string();
        assert!(e.contains("图片过大：50000×50000 像素"), "{e}");
        assert!(decode(&png_claiming(4, 4)).is_ok());
        let e = decode(b"\x89PNG\r\n\x1a\n garbage")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("图片无法"), "{e}");
    }

    /// A page of ruled rows: horizontal lines every 40 pixels across most of the width.
    fn ruled(w: usize, h: usize) -> Vec<u8> {
        let mut grey = vec![255u8; w * h];
        for y in (40..h - 40).step_by(40) {
            for x in 40..w - 40 {
                grey[y * w + x] = 0;
                grey[(y + 1) * w + x] = 0;
            }
        }
        grey
    }

    #[test]
    fn a_turned_page_is_measured_and_turned_back() {
        let (w, h) = (800, 600);
        let flat = ruled(w, h);
        assert!(skew(&Bits::from_grey(w, h, flat.clone())).abs() < 0.05);
        for deg in [-2.0, -0.7, 1.3, 2.0] {
            let turned = rotate(&flat, w, h, deg);
            let found = skew(&Bits::from_grey(w, h, turned.clone()));
            assert!(
                (found - deg).abs() <= 0.06,
                "turned {deg}°, measured {found}°"
            );
            let back = Bits::from_grey(w, h, rotate(&turned, w, h, -found));
            // Straight again: the ruling lines are found as long lines.
            assert!(horizontal_lines(&back, 600).len() >= 12, "{deg}°");
        }
    }

    #[test]
    fn ruling_lines_and_separators_are_found_and_text_strokes_are_not() {
        // A 200×100 picture: lines at rows 10 and 90 across, a separator at x 100 between them, and a short
        // stroke (text) at x 50 that does not reach from line to line.
        let (w, h) = (200, 100);
        let mut grey = vec![255u8; w * h];
        for x in 10..190 {
            grey[10 * w + x] = 0;
            grey[90 * w + x] = 0;
        }
        for y in 10..=90 {
            grey[y * w + 100] = 0;
        }
        for y in 30..70 {
            grey[y * w + 50] = 0;
        }
        let b = Bits::from_grey(w, h, grey);
        let lines = horizontal_lines(&b, 40);
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].y0, lines[1].y0), (10, 90));
        assert!((lines[0].cover(10, 190) - 1.0).abs() < 1e-9);
        assert_eq!(separators(&b, &lines[0], &lines[1], 0.9), [(100, 100)]);
    }
}
