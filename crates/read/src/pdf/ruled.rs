//! Stage 1 for PDFs with ruled tables: the text of each drawn cell becomes one cell piece (empty cells too,
//! so that a blank is read as blank; an empty cell at the page edge is unknown, since the page may cut off its
//! text), a run that crosses cell borders is split by the estimated position of its characters, a row that
//! the producer broke across pages is joined again, and the text outside tables becomes paragraphs: lines are
//! joined while a line runs to the right edge and the next one starts without indent, also across pages.

use super::rulings::RuledTable;
use super::{Run, group_lines, is_page_number, is_value_run, run_pieces};
use crate::linear::{Linear, PieceSource, fold_str};

fn bbox(x0: f64, y0: f64, x1: f64, y1: f64) -> [i32; 4] {
    [x0, y0, x1, y1].map(|v| (v * 10.0) as i32)
}

/// Display width of a character in half-ems (ideographs and full-width forms 2, others 1).
fn units(c: char) -> f64 {
    if c.len_utf8() >= 3 { 2.0 } else { 1.0 }
}

/// Assigns a run to the cells of a table: whole when it lies in one cell, else character by character by
/// estimated position (producers merge the text of neighbouring cells into one run); characters outside
/// every cell (cut off at the page edge) are dropped.
/// Printed into a cell that a number overflowed into or out of: the cell reads as unreadable.
const OVERFLOW: &str = "〔数字跨越单元格边框〕";

fn place_run(t: &RuledTable, r: &Run, texts: &mut [Vec<(f64, f64, String)>]) {
    let yc = r.y + r.h / 2.0;
    let (first, last) = (t.cell_at(r.x + 0.5, yc), t.cell_at(r.x + r.w - 0.5, yc));
    if first == last {
        if let Some(i) = t.cell_at(r.x + r.w / 2.0, yc) {
            texts[i].push((yc, r.x, r.text.clone()));
        }
        return;
    }
    let total: f64 = r.text.chars().map(units).sum::<f64>().max(1.0);
    let per_unit = r.w / total;
    let mut offset = 0.0;
    let mut token: Option<(usize, f64, String)> = None;
    let numeric = |c: char| c.is_ascii_digit() || c == '.';
    for c in r.text.chars() {
        let x = r.x + (offset + units(c) / 2.0) * per_unit;
        offset += units(c);
        let cell = if c.is_whitespace() {
            None
        } else {
            t.cell_at(x, yc)
        };
        match (&mut token, cell) {
            (Some((i, _, s)), Some(k)) if *i == k => s.push(c),
            // A number that runs over a cell border (too wide for its cell): which cell it belongs to is not
            // known, so both cells are marked unreadable rather than given part of its digits.
            (Some((i, _, s)), Some(k)) if s.ends_with(numeric) && numeric(c) => {
                texts[*i].push((yc, 0.0, OVERFLOW.to_string()));
                texts[k].push((yc, 0.0, OVERFLOW.to_string()));
                s.push(c);
            }
            _ => {
                if let Some((i, x0, s)) = token.take() {
                    texts[i].push((yc, x0, s));
                }
                token = cell.map(|k| (k, x, c.to_string()));
            }
        }
    }
    if let Some((i, x0, s)) = token {
        texts[i].push((yc, x0, s));
    }
}

/// The text of one cell: its runs top to bottom, left to right, joined without separators (a label broken
/// over lines is one label again).
fn cell_text(mut parts: Vec<(f64, f64, String)>) -> String {
    parts.sort_by(|a, b| {
        if (a.0 - b.0).abs() > 2.0 {
            b.0.total_cmp(&a.0)
        } else {
            a.1.total_cmp(&b.1)
        }
    });
    parts.into_iter().map(|p| p.2).collect::<Vec<_>>().join("")
}

enum Item {
    Line(Vec<Run>),
    Table(usize),
}

/// A paragraph being collected: text, page, box of its first line, and the end of its last line.
struct Para {
    text: String,
    page: u32,
    bbox: [i32; 4],
    last_right: f64,
    /// The text height of its lines: a line of another size (the title, a heading) starts a new paragraph.
    height: f64,
    /// The left and right edges of the prose on the page of its last line.
    edges: (f64, f64),
}

/// Builds the linear document of a PDF that has ruled tables (`tables` per page).
/// The official row labels (both formats, with their known variants), folded and without spaces.
fn labels() -> &'static Vec<String> {
    static LABELS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LABELS.get_or_init(|| {
        use gongkai_model::format::{FormatVersion, table2_rows, table3_rows};
        let mut v: Vec<&str> = vec!["三、本年度办理结果"];
        for f in [FormatVersion::V2019, FormatVersion::V2021] {
            for r in table2_rows(f) {
                v.push(r.label);
                v.extend(r.variants.iter().map(|x| x.text));
            }
            for r in table3_rows(f) {
                v.push(r.label);
                v.extend(r.variants.iter().map(|x| x.text));
                v.extend(r.group);
            }
        }
        v.into_iter().map(norm).collect()
    })
}

fn norm(s: &str) -> String {
    fold_str(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `cont`, printed at the top of a page, completes the label `prev` left unfinished at the bottom of
/// the previous page (a row that the producer broke across the page).
fn completes_label(prev: &str, cont: &str) -> bool {
    let (p, joined) = (norm(prev), norm(&format!("{prev}{cont}")));
    !p.is_empty()
        && joined.len() > p.len()
        && !labels().contains(&p)
        && labels().iter().any(|l| l.starts_with(&joined))
}

/// What stage 1 emits, before it goes into the linear document (a row broken across pages is joined first).
enum Out {
    Text(String, PieceSource),
    Unknown(PieceSource),
}

pub(crate) fn to_linear(
    lin: &mut Linear,
    runs: Vec<Run>,
    tables: &[Vec<RuledTable>],
    boxes: &[[f64; 4]],
) {
    let mut by_page: Vec<Vec<Run>> = vec![Vec::new(); tables.len()];
    for r in runs {
        if let Some(p) = by_page.get_mut(r.page as usize - 1) {
            p.push(r);
        }
    }
    let mut row_base = 0;
    let mut para: Option<Para> = None;
    let mut out: Vec<Out> = Vec::new();
    // The last grid row of the last table (indices into `out`, with columns) while nothing followed it.
    let mut tail: Option<Vec<(usize, usize)>> = None;
    let flush = |out: &mut Vec<Out>, para: &mut Option<Para>| {
        if let Some(p) = para.take() {
            out.push(Out::Text(p.text, PieceSource::PdfText(p.page, p.bbox)));
        }
    };
    for (i, page_runs) in by_page.into_iter().enumerate() {
        let page = i as u32 + 1;
        let page_tables = &tables[i];
        let mut texts: Vec<Vec<Vec<(f64, f64, String)>>> = page_tables
            .iter()
            .map(|t| vec![Vec::new(); t.cells.len()])
            .collect();
        let mut prose = Vec::new();
        for r in page_runs {
            let (xc, yc) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
            match page_tables.iter().position(|t| t.contains(xc, yc)) {
                Some(t) => place_run(&page_tables[t], &r, &mut texts[t]),
                None => {
                    // A run that starts in a table's cell but runs out of the table (a number too wide for
                    // the last column, cut by the page edge): that cell's text is not all there.
                    let start = page_tables
                        .iter()
                        .enumerate()
                        .find_map(|(t, table)| table.cell_at(r.x + 0.5, yc).map(|c| (t, c)));
                    match start {
                        Some((t, c)) => texts[t][c].push((yc, 0.0, OVERFLOW.to_string())),
                        None => prose.push(r),
                    }
                }
            }
        }
        let lines: Vec<Vec<Run>> = group_lines(prose)
            .into_iter()
            .filter(|l| !is_page_number(&l.iter().map(|r| r.text.as_str()).collect::<String>()))
            .collect();
        // The prose block's edges on this page.
        let left = lines
            .iter()
            .flat_map(|l| l.first())
            .map(|r| r.x)
            .fold(f64::MAX, f64::min);
        let right = lines
            .iter()
            .flat_map(|l| l.last())
            .map(|r| r.x + r.w)
            .fold(f64::MIN, f64::max);
        let mut items: Vec<(f64, Item)> = lines
            .into_iter()
            .map(|l| {
                (
                    l.iter().map(|r| r.y + r.h).fold(f64::MIN, f64::max),
                    Item::Line(l),
                )
            })
            .collect();
        items.extend(
            page_tables
                .iter()
                .enumerate()
                .map(|(t, table)| (table.bbox.3, Item::Table(t))),
        );
        items.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, item) in items {
            match item {
                // A table row left outside the drawn grid (at a page break): its runs are cells.
                Item::Line(line) if line.len() > 1 && line.iter().skip(1).all(is_value_run) => {
                    flush(&mut out, &mut para);
                    out.extend(
                        run_pieces(&line, row_base)
                            .into_iter()
                            .map(|(t, s)| Out::Text(t, s)),
                    );
                    row_base += 1;
                    tail = None;
                }
                Item::Line(line) => {
                    let text: String = line
                        .iter()
                        .map(|r| r.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    let (x0, x1) = (line[0].x, line.last().map_or(line[0].x, |r| r.x + r.w));
                    let h = line.iter().map(|r| r.h).fold(1.0, f64::max);
                    let continues = para.as_ref().is_some_and(|p| {
                        // Measured against the edges of the page of the paragraph's last line: a page
                        // with little prose (a heading above a table) has narrower edges of its own.
                        p.last_right >= p.edges.1 - 1.5 * h
                            && x0 <= p.edges.0.min(left) + 0.5 * h
                            && (p.height - h).abs() <= 0.2 * h
                    });
                    if continues && let Some(p) = para.as_mut() {
                        p.text.push_str(&text);
                        p.last_right = x1;
                        p.edges = (left, right);
                        continue;
                    }
                    flush(&mut out, &mut para);
                    tail = None;
                    para = Some(Para {
                        text,
                        page,
                        bbox: bbox(x0, line[0].y, x1, line[0].y + h),
                        last_right: x1,
                        height: h,
                        edges: (left, right),
                    });
                }
                Item::Table(t) => {
                    flush(&mut out, &mut para);
                    let table = &page_tables[t];
                    let mb = boxes[i];
                    let cells: Vec<(&super::rulings::CellBox, String, bool)> = table
                        .cells
                        .iter()
                        .zip(std::mem::take(&mut texts[t]))
                        .map(|(c, parts)| {
                            // An empty cell at or beyond the page edge may hold text the page cuts off.
                            let cut = c.x0 <= mb[0] + 1.0
                                || c.x1 >= mb[2] - 1.0
                                || c.y0 <= mb[1] + 1.0
                                || c.y1 >= mb[3] - 1.0;
                            let unknown = cut && parts.is_empty();
                            (c, cell_text(parts), unknown)
                        })
                        .collect();
                    // A row broken across the page: this table's first row continues the last row of the
                    // previous page. When it only completes labels, it is joined to that row. When it also
                    // holds numbers (values wrapped in their cells), the digits are split between two pages, so
                    // neither part is a value: the previous row's numbers become unknown, its labels are
                    // completed, and the continuation is dropped.
                    let is_number = |t: &str| {
                        let t = t.trim();
                        !t.is_empty()
                            && t.chars().all(|ch| ch.is_ascii_digit() || ".-".contains(ch))
                    };
                    let completes = |prev: &[(usize, usize)], col: usize, text: &str| {
                        prev.iter().any(|&(k, c)| {
                            c == col
                                && matches!(&out[k], Out::Text(p, _) if completes_label(p, text))
                        })
                    };
                    let (mut joined, mut continued) = (false, false);
                    if let Some(prev) = &tail {
                        let first: Vec<_> = cells
                            .iter()
                            .filter(|c| c.0.row == 0 && !c.1.trim().is_empty())
                            .collect();
                        let numbers = first.iter().filter(|c| is_number(&c.1)).count();
                        let labels = first
                            .iter()
                            .filter(|c| !is_number(&c.1) && completes(prev, c.0.col, &c.1))
                            .count();
                        let prev_numbers = prev
                            .iter()
                            .any(|&(k, _)| matches!(&out[k], Out::Text(p, _) if is_number(p)));
                        joined = !first.is_empty() && labels == first.len();
                        continued = numbers > 0 && numbers + labels == first.len() && prev_numbers;
                        if joined || continued {
                            for c in cells.iter().filter(|c| c.0.row == 0 && !is_number(&c.1)) {
                                if let Some(&(k, _)) = prev.iter().find(|(_, col)| *col == c.0.col)
                                    && let Out::Text(p, _) = &mut out[k]
                                {
                                    p.push_str(&c.1);
                                }
                            }
                        }
                        if continued {
                            for &(k, _) in prev {
                                if let Out::Text(p, source) = &out[k]
                                    && is_number(p)
                                {
                                    out[k] = Out::Unknown(*source);
                                }
                            }
                        }
                    }
                    let last_row = table.ys.len().saturating_sub(2);
                    let mut last = Vec::new();
                    for (c, text, unknown) in cells {
                        if (joined || continued) && c.row == 0 {
                            continue;
                        }
                        let source = PieceSource::PdfCell(
                            page,
                            row_base + c.row,
                            c.col,
                            bbox(c.x0, c.y0, c.x1, c.y1),
                        );
                        if c.row == last_row {
                            last.push((out.len(), c.col));
                        }
                        out.push(if unknown {
                            Out::Unknown(source)
                        } else {
                            Out::Text(text, source)
                        });
                    }
                    tail = Some(last);
                    row_base += table.ys.len();
                }
            }
        }
    }
    flush(&mut out, &mut para);
    for o in out {
        match o {
            Out::Text(text, source) => lin.push(&text, source),
            Out::Unknown(source) => lin.push_unknown(source),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::completes_label;

    #[test]
    fn only_unfinished_labels_are_completed() {
        assert!(completes_label("3.危及“三 安", "全 一 稳定”"));
        assert!(completes_label("2.其他法律行政", "法规禁止公开"));
        // A complete label followed by the next row's label is two rows.
        assert!(!completes_label("行政处罚", "行政强制"));
        assert!(!completes_label(
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益"
        ));
        assert!(!completes_label("", "全一稳定”"));
        assert!(!completes_label("3.危及“三安", "某某"));
    }
}
