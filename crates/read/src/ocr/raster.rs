//! A page picture as dark and light pixels: decoded within a pixel budget (PNG, JPEG, TIFF), made grey and
//! split at Otsu's threshold; and the table grids drawn on it, found from their ruling lines — a horizontal
//! line is a row of dark pixels running far; a column separator is dark from one horizontal line to the next.

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
}

impl Bits {
    /// Whether the pixel at (x, y) is dark.
    pub fn at(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// The grey picture from its pixels, split at Otsu's threshold.
    pub fn from_grey(width: usize, height: usize, grey: Vec<u8>) -> Bits {
        let t = otsu(&grey);
        Bits {
            width,
            height,
            dark: grey.iter().map(|&g| g < t).collect(),
            grey,
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

/// Decodes a PNG, JPEG or TIFF picture (the first page of a TIFF) within [`MAX_PIXELS`].
pub fn decode(bytes: &[u8]) -> Result<Bits, ReadError> {
    let (w, h) = reader(bytes)?
        .into_dimensions()
        .map_err(|e| ReadError::Corrupt(format!("图片无法读取：{e}")))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ReadError::Corrupt(format!(
            "图片过大：{w}×{h} 像素，上限为 {MAX_PIXELS} 像素（约为 A4 纸 300 dpi 的 4 倍）"
        )));
    }
    let img = reader(bytes)?
        .decode()
        .map_err(|e| ReadError::Corrupt(format!("图片无法解码：{e}")))?
        .into_luma8();
    let (w, h) = (img.width() as usize, img.height() as usize);
    Ok(Bits::from_grey(w, h, img.into_raw()))
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

/// The horizontal ruling lines: rows with a dark run of at least `min_run` pixels, adjacent rows joined.
pub fn horizontal_lines(b: &Bits, min_run: usize) -> Vec<HLine> {
    let mut out: Vec<HLine> = Vec::new();
    for y in 0..b.height {
        // The long runs of this row.
        let mut drawn = vec![false; b.width];
        let mut any = false;
        let mut x = 0;
        while x < b.width {
            if !b.at(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < b.width && b.at(x, y) {
                x += 1;
            }
            if x - start >= min_run {
                drawn[start..x].iter_mut().for_each(|d| *d = true);
                any = true;
            }
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
    let (y0, y1) = (top.y1 + 1, bottom.y0);
    if y1 <= y0 {
        return Vec::new();
    }
    let need = ((y1 - y0) as f64 * share).ceil() as usize;
    let mut out: Vec<(usize, usize)> = Vec::new();
    for x in 0..b.width {
        let n = (y0..y1).filter(|&y| b.at(x, y)).count();
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
