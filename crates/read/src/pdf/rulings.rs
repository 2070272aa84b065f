//! Tables from drawn ruling lines: the horizontal and vertical strokes (or thin filled rectangles) of a page's
//! content stream are grouped into connected tables; each table's atomic grid is cut by the distinct line
//! positions, and neighbouring grid cells whose common border is not drawn are one merged cell.

use oxidize_pdf::parser::ContentOperation;

/// A horizontal or vertical ruling segment in page space (points, origin bottom left).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    /// Horizontal (constant y) or vertical (constant x).
    pub horizontal: bool,
    /// y of a horizontal segment, x of a vertical one.
    pub pos: f64,
    /// Start of the extent (x for horizontal, y for vertical).
    pub a: f64,
    /// End of the extent (`a <= b`).
    pub b: f64,
}

/// A cell of a ruled table: its box and its top-left position on the table's atomic grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellBox {
    /// Left.
    pub x0: f64,
    /// Bottom.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Top.
    pub y1: f64,
    /// Grid row (0 at the top).
    pub row: usize,
    /// Grid column (0 at the left).
    pub col: usize,
}

/// A ruled table: its cells in reading order (row, then column).
#[derive(Debug, Clone, PartialEq)]
pub struct RuledTable {
    /// Outer box (x0, y0, x1, y1).
    pub bbox: (f64, f64, f64, f64),
    /// Cells, merged cells once.
    pub cells: Vec<CellBox>,
    /// Column boundaries (x, ascending).
    pub xs: Vec<f64>,
    /// Row boundaries (y, descending).
    pub ys: Vec<f64>,
}

const TOL: f64 = 1.5;
/// A filled rectangle thinner than this is a drawn line.
const THIN: f64 = 2.5;

type Matrix = [f64; 6];

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn segment(p: (f64, f64), q: (f64, f64)) -> Option<Segment> {
    if (p.1 - q.1).abs() < 0.5 && (p.0 - q.0).abs() >= 0.5 {
        Some(Segment {
            horizontal: true,
            pos: (p.1 + q.1) / 2.0,
            a: p.0.min(q.0),
            b: p.0.max(q.0),
        })
    } else if (p.0 - q.0).abs() < 0.5 && (p.1 - q.1).abs() >= 0.5 {
        Some(Segment {
            horizontal: false,
            pos: (p.0 + q.0) / 2.0,
            a: p.1.min(q.1),
            b: p.1.max(q.1),
        })
    } else {
        None
    }
}

/// The ruling segments a page's content draws (stroked lines and rectangle edges, thin filled rectangles).
pub fn segments(ops: &[ContentOperation]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack: Vec<Matrix> = Vec::new();
    // The current path: line pieces and rectangles (four corners, transformed).
    let mut lines: Vec<((f64, f64), (f64, f64))> = Vec::new();
    let mut rects: Vec<[(f64, f64); 4]> = Vec::new();
    let mut current: Option<(f64, f64)> = None;
    let mut start: Option<(f64, f64)> = None;
    for op in ops {
        match op {
            ContentOperation::SaveGraphicsState => stack.push(ctm),
            ContentOperation::RestoreGraphicsState => ctm = stack.pop().unwrap_or(ctm),
            ContentOperation::SetTransformMatrix(a, b, c, d, e, f) => {
                let m = [*a, *b, *c, *d, *e, *f].map(f64::from);
                ctm = multiply(&m, &ctm);
            }
            ContentOperation::MoveTo(x, y) => {
                let p = apply(&ctm, f64::from(*x), f64::from(*y));
                current = Some(p);
                start = Some(p);
            }
            ContentOperation::LineTo(x, y) => {
                let p = apply(&ctm, f64::from(*x), f64::from(*y));
                if let Some(c) = current {
                    lines.push((c, p));
                }
                current = Some(p);
            }
            ContentOperation::ClosePath => {
                if let (Some(c), Some(s)) = (current, start) {
                    lines.push((c, s));
                }
                current = start;
            }
            ContentOperation::Rectangle(x, y, w, h) => {
                let (x, y, w, h) = (f64::from(*x), f64::from(*y), f64::from(*w), f64::from(*h));
                rects.push([
                    apply(&ctm, x, y),
                    apply(&ctm, x + w, y),
                    apply(&ctm, x + w, y + h),
                    apply(&ctm, x, y + h),
                ]);
            }
            ContentOperation::Stroke
            | ContentOperation::CloseStroke
            | ContentOperation::FillStroke
            | ContentOperation::CloseFillStroke
            | ContentOperation::FillStrokeEvenOdd
            | ContentOperation::CloseFillStrokeEvenOdd => {
                out.extend(lines.drain(..).filter_map(|(p, q)| segment(p, q)));
                for r in rects.drain(..) {
                    out.extend((0..4).filter_map(|i| segment(r[i], r[(i + 1) % 4])));
                }
                current = None;
            }
            ContentOperation::Fill | ContentOperation::FillEvenOdd => {
                // A thin filled rectangle is a line; a filled polygon of four line pieces likewise.
                let mut polys: Vec<Vec<(f64, f64)>> = rects.drain(..).map(|r| r.to_vec()).collect();
                if !lines.is_empty() {
                    polys.push(lines.drain(..).map(|(p, _)| p).collect());
                }
                for pts in polys {
                    let (x0, x1) = pts
                        .iter()
                        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
                    let (y0, y1) = pts
                        .iter()
                        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
                    let (w, h) = (x1 - x0, y1 - y0);
                    if h < THIN && w >= THIN {
                        out.push(Segment {
                            horizontal: true,
                            pos: (y0 + y1) / 2.0,
                            a: x0,
                            b: x1,
                        });
                    } else if w < THIN && h >= THIN {
                        out.push(Segment {
                            horizontal: false,
                            pos: (x0 + x1) / 2.0,
                            a: y0,
                            b: y1,
                        });
                    }
                }
                current = None;
            }
            ContentOperation::EndPath => {
                lines.clear();
                rects.clear();
                current = None;
            }
            _ => {}
        }
    }
    out
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    let mut i = i;
    while parent[i] != r {
        let next = parent[i];
        parent[i] = r;
        i = next;
    }
    r
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Distinct positions (values within `TOL` are one).
fn positions(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        match out.last() {
            Some(&l) if x - l <= TOL => {}
            _ => out.push(x),
        }
    }
    out
}

fn covers(segs: &[&Segment], horizontal: bool, pos: f64, at: f64) -> bool {
    segs.iter().any(|s| {
        s.horizontal == horizontal
            && (s.pos - pos).abs() <= TOL
            && s.a - TOL <= at
            && at <= s.b + TOL
    })
}

/// The ruled tables among the segments of one page (at least two rows or columns of cells).
pub fn tables(segs: &[Segment]) -> Vec<RuledTable> {
    let n = segs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for i in 0..n {
        for j in i + 1..n {
            let (h, v) = match (segs[i].horizontal, segs[j].horizontal) {
                (true, false) => (&segs[i], &segs[j]),
                (false, true) => (&segs[j], &segs[i]),
                _ => continue,
            };
            if h.a - TOL <= v.pos && v.pos <= h.b + TOL && v.a - TOL <= h.pos && h.pos <= v.b + TOL
            {
                union(&mut parent, i, j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<&Segment>> = Default::default();
    for (i, s) in segs.iter().enumerate() {
        groups.entry(find(&mut parent, i)).or_default().push(s);
    }
    let mut out = Vec::new();
    for group in groups.into_values() {
        let xs = positions(
            group
                .iter()
                .filter(|s| !s.horizontal)
                .map(|s| s.pos)
                .collect(),
        );
        let mut ys = positions(
            group
                .iter()
                .filter(|s| s.horizontal)
                .map(|s| s.pos)
                .collect(),
        );
        ys.reverse();
        if xs.len() < 2 || ys.len() < 2 || (xs.len() == 2 && ys.len() == 2) {
            continue;
        }
        let (rows, cols) = (ys.len() - 1, xs.len() - 1);
        let idx = |r: usize, c: usize| r * cols + c;
        let mut cell_parent: Vec<usize> = (0..rows * cols).collect();
        for r in 0..rows {
            for c in 0..cols {
                let (ym, xm) = ((ys[r] + ys[r + 1]) / 2.0, (xs[c] + xs[c + 1]) / 2.0);
                if c + 1 < cols && !covers(&group, false, xs[c + 1], ym) {
                    union(&mut cell_parent, idx(r, c), idx(r, c + 1));
                }
                if r + 1 < rows && !covers(&group, true, ys[r + 1], xm) {
                    union(&mut cell_parent, idx(r, c), idx(r + 1, c));
                }
            }
        }
        let mut cells: Vec<CellBox> = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                let root = find(&mut cell_parent, idx(r, c));
                if root != idx(r, c) {
                    continue;
                }
                // The merged region: every atomic cell with this root; its box.
                let (mut r1, mut c1) = (r, c);
                for rr in r..rows {
                    for cc in c..cols {
                        if find(&mut cell_parent, idx(rr, cc)) == root {
                            r1 = r1.max(rr);
                            c1 = c1.max(cc);
                        }
                    }
                }
                cells.push(CellBox {
                    x0: xs[c],
                    y0: ys[r1 + 1],
                    x1: xs[c1 + 1],
                    y1: ys[r],
                    row: r,
                    col: c,
                });
            }
        }
        out.push(RuledTable {
            bbox: (xs[0], ys[rows], xs[cols], ys[0]),
            cells,
            xs,
            ys,
        });
    }
    out.sort_by(|a, b| b.bbox.3.total_cmp(&a.bbox.3));
    out
}

impl RuledTable {
    /// Whether a point lies inside the table.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        let (x0, y0, x1, y1) = self.bbox;
        x0 - TOL <= x && x <= x1 + TOL && y0 - TOL <= y && y <= y1 + TOL
    }

    /// The index of the cell containing a point.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        self.cells
            .iter()
            .position(|c| c.x0 - 0.1 <= x && x <= c.x1 + 0.1 && c.y0 - 0.1 <= y && y <= c.y1 + 0.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, a: f64, b: f64) -> Segment {
        Segment {
            horizontal: true,
            pos: y,
            a,
            b,
        }
    }
    fn v(x: f64, a: f64, b: f64) -> Segment {
        Segment {
            horizontal: false,
            pos: x,
            a,
            b,
        }
    }

    #[test]
    fn merged_cells_come_from_missing_borders() {
        // 2×3 grid; the top row's first two cells merged (no border at x=10 in the top row);
        // the right column merged vertically (no border at y=10 for x in 20..30).
        let segs = vec![
            h(20.0, 0.0, 30.0),
            h(10.0, 0.0, 20.0),
            h(0.0, 0.0, 30.0),
            v(0.0, 0.0, 20.0),
            v(10.0, 0.0, 10.0),
            v(20.0, 0.0, 20.0),
            v(30.0, 0.0, 20.0),
        ];
        let t = tables(&segs);
        assert_eq!(t.len(), 1);
        let cells: Vec<(usize, usize, f64, f64)> = t[0]
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.x1, c.y0))
            .collect();
        assert_eq!(
            cells,
            vec![
                (0, 0, 20.0, 10.0),
                (0, 2, 30.0, 0.0),
                (1, 0, 10.0, 0.0),
                (1, 1, 20.0, 0.0)
            ]
        );
    }

    #[test]
    fn a_lone_rectangle_or_line_is_no_table() {
        assert!(
            tables(&[
                h(0.0, 0.0, 10.0),
                h(5.0, 0.0, 10.0),
                v(0.0, 0.0, 5.0),
                v(10.0, 0.0, 5.0)
            ])
            .is_empty()
        );
        assert!(tables(&[h(0.0, 0.0, 100.0)]).is_empty());
    }
}
