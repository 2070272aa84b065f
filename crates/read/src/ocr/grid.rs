//! The ruling segments of a page picture: its horizontal lines, and between each two of them the column
//! separators — in page space, as a PDF draws them, for the ruled-table stage.

use super::raster::{self, Bits};
use super::{PT, px_x};
use crate::pdf::rulings::Segment;

/// The widest break in a drawn line that is bridged (where a seal's stroke or a speck of paper crossed it).
const LINE_GAP: usize = 12;

/// The share of the rows between two ruling lines a column separator must cross: characters' vertical
/// strokes cross up to four fifths of a row (more when blurred), a drawn separator all of it.
const SEPARATOR_SHARE: f64 = 0.92;

/// The share of a row a separator must cross where the row above or below draws one at the same place, if it
/// meets the line above or below (see [`attached`]).
const BROKEN_SEPARATOR_SHARE: f64 = 0.5;

/// Whether a separator found with less of its row crossed (columns `x0..=x1`, between two ruling lines) is a
/// drawn line: at one of its columns, ink runs unbroken for at least [`STUB`] pixels from the line above or
/// the line below. A column line broken by dust or faded still meets a ruling line; a character's vertical
/// stroke in a merged cell (the “行” of a 行政复议 heading over five columns) stands clear of both.
fn attached(
    b: &Bits,
    top: &raster::HLine,
    bottom: &raster::HLine,
    (x0, x1): (usize, usize),
) -> bool {
    let (y0, y1) = (top.y1 + 1, bottom.y0);
    let n = y1.saturating_sub(y0);
    (x0..=x1.min(b.width - 1)).any(|x| {
        ink_from(n, |k| b.line_at(x, y0 + k)) >= STUB
            || ink_from(n, |k| b.line_at(x, y1 - 1 - k)) >= STUB
    })
}

/// The shortest ink joined to a ruling line that shows a separator meets it, in pixels (more than a blurred
/// line's edge).
const STUB: usize = 8;

/// The white a separator may leave next to a ruling line's blurred edge, in pixels.
const EDGE_GAP: usize = 2;

/// The length of the first run of ink among `n` pixels (`ink(k)`, k counted from a ruling line), when it starts
/// after at most [`EDGE_GAP`] white pixels; else 0.
fn ink_from(n: usize, ink: impl Fn(usize) -> bool) -> usize {
    raster::runs(n, 1, ink)
        .first()
        .filter(|&&(start, _)| start <= EDGE_GAP)
        .map_or(0, |&(start, end)| end - start)
}

/// A line's drawn pixels with breaks of at most `gap` pixels filled.
fn bridged(drawn: &[bool], gap: usize) -> Vec<bool> {
    let mut out = drawn.to_vec();
    let mut last: Option<usize> = None;
    for (x, &d) in drawn.iter().enumerate() {
        if d {
            if let Some(l) = last
                && x - l > 1
                && x - l <= gap + 1
            {
                out[l + 1..x].iter_mut().for_each(|o| *o = true);
            }
            last = Some(x);
        }
    }
    out
}

/// The ruling segments of a picture in page space (points, origin bottom left).
pub fn segments(b: &Bits) -> Vec<Segment> {
    let h = b.height as f64;
    let y_pt = |y: f64| (h - y) * PT;
    let min_run = (b.width / 12).max(40);
    let lines = raster::horizontal_lines(b, min_run);
    let mut out = Vec::new();
    for l in &lines {
        let y = y_pt((l.y0 + l.y1) as f64 / 2.0);
        let drawn = bridged(&l.drawn, LINE_GAP);
        for (start, end) in raster::runs(b.width, 1, |x| drawn[x]) {
            out.push(Segment {
                horizontal: true,
                pos: y,
                a: px_x(start as f64),
                b: px_x(end as f64),
            });
        }
    }
    // Column separators per row (between two ruling lines); then a separator the row above or below draws is
    // looked for again with less of the row crossed, so that a separator broken by dust or faded print does not
    // merge two value cells (a merged cell's number would be placed in its first column).
    let rows: Vec<(&raster::HLine, &raster::HLine)> = lines
        .windows(2)
        .map(|p| (&p[0], &p[1]))
        .filter(|(top, bottom)| bottom.y0 >= top.y1 + 6)
        .collect();
    let mut seps: Vec<Vec<(usize, usize)>> = rows
        .iter()
        .map(|(top, bottom)| raster::separators(b, top, bottom, SEPARATOR_SHARE))
        .collect();
    for i in 0..rows.len() {
        let near: Vec<(usize, usize)> = [i.wrapping_sub(1), i + 1]
            .iter()
            .filter_map(|&j| seps.get(j))
            .flatten()
            .copied()
            .collect();
        let (top, bottom) = rows[i];
        for (x0, x1) in near {
            let (lo, hi) = (x0.saturating_sub(3), (x1 + 4).min(b.width));
            if seps[i].iter().any(|&(a, z)| a < hi && z >= lo) {
                continue;
            }
            if let Some(&found) =
                raster::separators_within(b, top, bottom, BROKEN_SEPARATOR_SHARE, lo, hi)
                    .iter()
                    .find(|&&sep| attached(b, top, bottom, sep))
            {
                seps[i].push(found);
            }
        }
    }
    let seps: Vec<Vec<(usize, usize)>> = seps.into_iter().map(joined_separators).collect();
    let column_at = columns(
        seps.iter()
            .flatten()
            .map(|&(x0, x1)| (x0 + x1) as f64 / 2.0)
            .collect(),
    );
    for ((top, bottom), row) in rows.iter().zip(seps) {
        for (x0, x1) in row {
            out.push(Segment {
                horizontal: false,
                pos: px_x(column_at((x0 + x1) as f64 / 2.0) + 0.5),
                a: y_pt((bottom.y0 + bottom.y1) as f64 / 2.0),
                b: y_pt((top.y0 + top.y1) as f64 / 2.0),
            });
        }
    }
    out
}

/// The narrowest cell between two column separators, in pixels: separators closer than this are one line
/// drawn double or blurred apart (a sliver of a column between them would take a value's place).
const MIN_CELL: usize = 16;

/// A row's separators in order, those less than [`MIN_CELL`] apart joined into one.
fn joined_separators(mut seps: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    seps.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (x0, x1) in seps {
        match out.last_mut() {
            Some(last) if x0 < last.1 + MIN_CELL => last.1 = last.1.max(x1),
            _ => out.push((x0, x1)),
        }
    }
    out
}

/// Where the separators of different rows that are one drawn column line stand: positions less than
/// [`MIN_CELL`] / 2 apart (the slope left after straightening, blur) are put at their median, so that the
/// rows' small offsets do not make slivers of columns. Returns the position for a separator's centre.
fn columns(mut xs: Vec<f64>) -> impl Fn(f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    let mut groups: Vec<Vec<f64>> = Vec::new();
    for x in xs {
        match groups.last_mut() {
            Some(g) if x - g[g.len() - 1] < (MIN_CELL / 2) as f64 => g.push(x),
            _ => groups.push(vec![x]),
        }
    }
    let spans: Vec<(f64, f64, f64)> = groups
        .iter()
        .map(|g| (g[0], g[g.len() - 1], g[g.len() / 2]))
        .collect();
    move |x| {
        spans
            .iter()
            .find(|(lo, hi, _)| *lo <= x && x <= *hi)
            .map_or(x, |s| s.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_closer_than_a_cell_are_one_line() {
        assert_eq!(
            joined_separators(vec![(300, 302), (100, 101), (110, 112), (140, 141)]),
            vec![(100, 112), (140, 141), (300, 302)]
        );
    }

    #[test]
    fn one_column_line_stands_at_one_place_in_every_row() {
        let at = columns(vec![100.0, 104.5, 101.0, 300.0, 140.0]);
        assert_eq!(at(104.5), 101.0);
        assert_eq!(at(100.0), 101.0);
        assert_eq!(at(140.0), 140.0);
        assert_eq!(at(300.0), 300.0);
    }

    #[test]
    fn small_breaks_in_a_line_are_bridged_and_wide_ones_kept() {
        let line: Vec<bool> = "xxxx...xxxx..............xx"
            .chars()
            .map(|c| c == 'x')
            .collect();
        let b: String = bridged(&line, 12)
            .iter()
            .map(|&d| if d { 'x' } else { '.' })
            .collect();
        assert_eq!(b, "xxxxxxxxxxx..............xx");
    }

    /// A picture 600 px wide with ruling lines at y 10, 60 and 110, a column line at x 300 from 60 to 110, and
    /// in the row above it a vertical stroke at x 300 over rows `stroke`.
    fn two_rows(stroke: std::ops::Range<usize>) -> Bits {
        let (w, h) = (600, 120);
        let mut grey = vec![255u8; w * h];
        for y in [10, 11, 60, 61, 110, 111] {
            grey[y * w..(y + 1) * w].fill(0);
        }
        for y in (62..110).chain(stroke) {
            grey[y * w + 300] = 0;
            grey[y * w + 301] = 0;
        }
        Bits::from_grey(w, h, grey)
    }

    /// The column separators found: one per row a separator crosses.
    fn separator_rows(b: &Bits) -> usize {
        segments(b).iter().filter(|s| !s.horizontal).count()
    }

    #[test]
    fn a_stroke_clear_of_both_lines_is_not_a_broken_separator() {
        // A character's stroke over three fifths of the row, 10 px from either line: the row's one cell is
        // kept whole (a heading merged over the columns below it).
        assert_eq!(separator_rows(&two_rows(22..52)), 1);
        // A column line broken near its foot by dust still meets the line above: a separator in both rows.
        assert_eq!(separator_rows(&two_rows(12..45)), 2);
    }
}
