//! Placing values: the printed cells after a row's label put into the model's columns by evidence of their
//! position (one cell per column, grid or header geometry), never by counting from the left.

use super::locate::*;
use super::resolve::PendingRow;
use crate::linear::{Linear, PieceSource, SEP, fold_str};
use crate::split::{Split, parse_value, splits};
use gongkai_model::{Cell, CellValue, ColumnKind, ReadNote};
use std::ops::Range;

/// Printed marks that mean "nothing here" and are kept as marks, not numbers.
pub const MARKS: &[&str] = &["/", "—", "——", "-", "--", "–", "―", "无", "\\", "*", "×"];

/// Interprets one printed cell of a column kind.
pub fn parse_cell(text: &str, kind: ColumnKind) -> CellValue {
    let t = text.trim();
    if t.is_empty() {
        return CellValue::Blank;
    }
    if MARKS.contains(&t) {
        return CellValue::Mark(t.to_string());
    }
    if let Some(v) = CellValue::from_uncertain_text(t) {
        return v;
    }
    match parse_value(t, kind) {
        Some(d) => CellValue::Number(d),
        None => CellValue::Unreadable(t.to_string()),
    }
}

/// The values printed after a label, before the next label.
pub(super) enum SegRead {
    /// One printed cell per column (cells may be blank, marks or unreadable).
    Cells(Vec<Cell>),
    /// Fewer values than columns in positioned text (PDF), where a blank cell prints nothing: the values
    /// must be placed by their horizontal position, never shifted left.
    Positioned(Vec<Range<usize>>),
    /// More or fewer delimited cells than columns with no evidence of their columns: every cell is reported
    /// missing (with a note) rather than placed by counting.
    Unplaced(Vec<Range<usize>>),
    /// Runs of digits whose boundaries were lost, with every well-formed split.
    Runs {
        ranges: Vec<Range<usize>>,
        candidates: Vec<Split>,
    },
}

pub(super) fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start_matches([' ', SEP]).len());
    let end = r.end - (s.len() - s.trim_end_matches([' ', SEP]).len());
    start..end.max(start)
}

/// Where the values after `from` end: the stretch of value characters, spaces and piece separators (used to
/// tell a table's text from the prose around it).
pub(super) fn values_end(lin: &Linear, from: usize, to: usize) -> usize {
    let to = to.min(lin.text.len());
    from + values_len(&lin.text[from..to])
}

/// Reads the values of a segment for `kinds` columns.
pub(super) fn read_segment(lin: &Linear, seg: Range<usize>, kinds: &[ColumnKind]) -> SegRead {
    let text = &lin.text;
    let s = &text[seg.clone()];
    if s.contains(SEP) {
        // Cells as the source delimits them.
        let mut parts: Vec<Range<usize>> = Vec::new();
        let mut start = seg.start;
        for (i, _) in s.match_indices(SEP) {
            parts.push(start..seg.start + i);
            start = seg.start + i + SEP.len_utf8();
        }
        parts.push(start..seg.end);
        // The rest of the label's piece is not a cell (blank, or marks after the label: “数量。” read by OCR,
        // “（件）”) unless it holds a value; a segment that starts at a piece starts at a cell.
        let at_piece_start = lin
            .piece_at(seg.start)
            .is_some_and(|p| p.range.start == seg.start);
        let rest = text[parts[0].clone()].trim();
        if !at_piece_start && (rest.is_empty() || !is_value_text(rest)) {
            parts.remove(0);
        }
        // Likewise the start of the next label's piece.
        let label_piece_follows = lin.piece_at(seg.end).is_some_and(|p| p.range.end > seg.end);
        if label_piece_follows
            && parts
                .last()
                .is_some_and(|r| text[r.clone()].trim().is_empty())
        {
            parts.pop();
        }
        // In a real grid (HTML, DOCX, XLSX, Markdown, ruled PDF) a row's values are in the label's grid row.
        let grid_row = |at: usize| {
            lin.piece_at(at).and_then(|p| match p.source {
                PieceSource::Cell(t, r, _) | PieceSource::TextCell(_, t, r, _) => Some((t, r)),
                PieceSource::PdfCell(_, r, _, _) => Some((usize::MAX, r)),
                _ => None,
            })
        };
        if let Some(row) = grid_row(seg.start).filter(|_| !at_piece_start) {
            // Text outside the grid after the row's cells (a page footer between two parts of a table) is not
            // a cell of the row.
            let in_row = |r: &Range<usize>| grid_row(r.start) == Some(row);
            if parts.iter().any(in_row) {
                parts.retain(in_row);
            } else {
                parts.retain(|r| grid_row(r.start).is_none());
            }
        }
        // A Markdown row that lost a cell (fewer cells than its table's other rows, whose padding cells would
        // otherwise pass for blanks): no value can be placed.
        let incomplete = lin.piece_at(seg.start).is_some_and(|p| match p.source {
            PieceSource::TextCell(_, t, r, _) => lin.is_incomplete(t, r),
            _ => false,
        });
        if incomplete {
            let values: Vec<Range<usize>> = parts
                .into_iter()
                .filter(|p| !text[p.clone()].trim().is_empty())
                .collect();
            return SegRead::Unplaced(values);
        }
        let mut values: Vec<Range<usize>> = parts
            .into_iter()
            .take_while(|r| is_value_text(&text[r.clone()]))
            .map(|r| trim_range(text, r))
            .collect();
        let n = kinds.len();
        let empty = |r: &Range<usize>| r.is_empty() && !lin.is_unknown(r.start);
        let gridded = values
            .first()
            .and_then(|r| lin.piece_at(r.start))
            .is_some_and(|p| matches!(p.source, PieceSource::Cell(..) | PieceSource::PdfCell(..)));
        if gridded {
            // A row's values are in one grid row: text after it (a heading run into the table's last cell
            // on a PDF page) is not a value.
            let row0 = grid_row(values[0].start);
            if let Some(k) = values.iter().position(|v| grid_row(v.start) != row0) {
                values.truncate(k);
            }
            // In a drawn grid the value columns are the rightmost ones: an empty cell before them is a label
            // sub-cell (a label that fills two of the three label columns), not a value.
            while values.len() > n && values.first().is_some_and(empty) {
                values.remove(0);
            }
        } else {
            // Text and Markdown pad a row with empty cells after its last column.
            while values.len() > n && values.last().is_some_and(empty) {
                values.pop();
            }
        }
        // One grid cell is one value: a cell is split into several only along the spaces it prints.
        if gridded && values.len() == 1 && n > 1 {
            let tokens = text[values[0].clone()].split_whitespace().count();
            if tokens != n {
                return SegRead::Unplaced(values);
            }
        }
        let positioned = values
            .first()
            .and_then(|r| lin.piece_at(r.start))
            .is_some_and(|p| matches!(p.source, PieceSource::PdfRun(..)));
        if positioned && values.len() < n {
            return SegRead::Positioned(values);
        }
        if values.len() == n {
            let cells = kinds
                .iter()
                .zip(&values)
                .map(|(&kind, r)| {
                    if lin.is_unknown(r.start) {
                        Cell {
                            source: lin.provenance(r.clone()),
                            ..Cell::missing()
                        }
                    } else {
                        Cell {
                            value: parse_cell(&text[r.clone()], kind),
                            printed: text[r.clone()].trim().to_string(),
                            source: lin.provenance(r.clone()),
                        }
                    }
                })
                .collect();
            return SegRead::Cells(cells);
        }
        if values.len() != 1 {
            // More or fewer printed cells than columns, and nothing that says which column each belongs to:
            // counting from the left is no evidence, so no cell is placed.
            return SegRead::Unplaced(values);
        }
        return read_runs(lin, values[0].clone(), kinds);
    }
    let end = seg.start + values_len(s);
    read_runs(lin, seg.start..cut_text_number(text, seg.start, end), kinds)
}

/// Where a run of values really ends when its last digits begin the text that follows: a year before 年
/// (“…0000000” + “2025年，我局…”) or an item number before a label (“…0000000” + “2.其他…”).
pub(super) fn cut_text_number(text: &str, start: usize, end: usize) -> usize {
    let run = &text[start..end];
    let next = text[end..].chars().next();
    let digits_at_end = run.len() - run.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if next == Some('年') && digits_at_end >= 4 && run.len() > 4 {
        let year = &run[run.len() - 4..];
        if year.starts_with("19") || year.starts_with("20") {
            return end - 4;
        }
    }
    if let Some(body) = run.strip_suffix('.')
        && next.is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace() && c != SEP)
        && body.ends_with(|c: char| c.is_ascii_digit())
        && body.len() > 1
    {
        return end - 2;
    }
    end
}

/// Reads text without cell separators: space-separated runs, split when fewer runs than columns.
pub(super) fn read_runs(lin: &Linear, r: Range<usize>, kinds: &[ColumnKind]) -> SegRead {
    let text = &lin.text[r.clone()];
    let mut ranges = Vec::new();
    let mut offset = 0;
    for tok in text.split(' ') {
        if !tok.is_empty() {
            ranges.push(r.start + offset..r.start + offset + tok.len());
        }
        offset += tok.len() + 1;
    }
    if ranges.len() == kinds.len() || ranges.is_empty() {
        let cells = kinds
            .iter()
            .enumerate()
            .map(|(i, &kind)| match ranges.get(i) {
                Some(rr) => Cell {
                    value: parse_cell(&lin.text[rr.clone()], kind),
                    printed: lin.text[rr.clone()].to_string(),
                    source: lin.provenance(rr.clone()),
                },
                None => Cell::missing(),
            })
            .collect();
        return SegRead::Cells(cells);
    }
    let toks: Vec<&str> = ranges.iter().map(|rr| &lin.text[rr.clone()]).collect();
    SegRead::Runs {
        candidates: splits(&toks, kinds),
        ranges,
    }
}

/// The horizontal centres of 表三's seven value columns from its header labels (PDF), when each is found.
pub(super) fn header_centres(lin: &Linear, start: usize, end: usize) -> Option<Vec<f64>> {
    let centre = |r: Range<usize>| lin.provenance(r).bbox.map(|b| f64::from(b[0] + b[2]) / 2.0);
    let mut out = Vec::new();
    let mut after = start;
    for (i, col) in gongkai_model::TABLE3_COLUMNS.iter().enumerate() {
        // 其他 also occurs in 法人或其他组织: look for it after 法律服务机构.
        let from = if i == 5 { after } else { start };
        let r = lin.find(&fold_str(col.label), from, end)?;
        after = r.end;
        out.push(centre(r.start..r.start + 1)?);
    }
    Some(out)
}

/// Places the values of PDF rows that print fewer values than columns (blank cells print nothing) into the
/// columns whose centres, taken from the rows that print every column, are nearest; the other cells are
/// blank. Without such rows, or when two values fall into one column, the row stays unplaced (reported
/// missing) and a note says why.
pub(super) fn place_by_columns(
    lin: &Linear,
    rows: &mut [PendingRow],
    n: usize,
    header: Option<Vec<f64>>,
) -> Vec<ReadNote> {
    let centre = |c: &Cell| c.source.bbox.map(|b| f64::from(b[0] + b[2]) / 2.0);
    let mut by_column: Vec<Vec<f64>> = vec![Vec::new(); n];
    for row in rows.iter() {
        if let SegRead::Cells(cells) = &row.read
            && cells.len() == n
            && cells.iter().all(|c| centre(c).is_some())
        {
            for (k, c) in cells.iter().enumerate() {
                by_column[k].push(centre(c).expect("checked"));
            }
        }
    }
    let centres: Option<Vec<f64>> = by_column
        .into_iter()
        .map(|mut xs| {
            xs.sort_by(f64::total_cmp);
            xs.get(xs.len() / 2).copied()
        })
        .collect::<Option<Vec<f64>>>()
        .or(header);
    let mut notes = Vec::new();
    for row in rows.iter_mut() {
        let SegRead::Positioned(ranges) = &row.read else {
            continue;
        };
        let placed = centres.as_ref().and_then(|cs| {
            let mut cells: Vec<Option<Cell>> = vec![None; n];
            for r in ranges {
                let source = lin.provenance(r.clone());
                let x = source.bbox.map(|b| f64::from(b[0] + b[2]) / 2.0)?;
                let k = (0..n).min_by(|&a, &b| (cs[a] - x).abs().total_cmp(&(cs[b] - x).abs()))?;
                if cells[k].is_some() {
                    return None;
                }
                cells[k] = Some(Cell {
                    value: parse_cell(&lin.text[r.clone()], ColumnKind::Count),
                    printed: lin.text[r.clone()].trim().to_string(),
                    source,
                });
            }
            Some(
                cells
                    .into_iter()
                    .map(|c| {
                        c.unwrap_or(Cell {
                            value: CellValue::Blank,
                            printed: String::new(),
                            source: Default::default(),
                        })
                    })
                    .collect::<Vec<_>>(),
            )
        });
        match placed {
            Some(cells) => row.read = SegRead::Cells(cells),
            None => notes.push(ReadNote {
                code: "READ-UNPLACED",
                message: format!(
                    "表三“{}”行只印出 {} 个数值（其余单元格空白），无法按列位置确定各数值所属的列，未作猜测",
                    row.key,
                    ranges.len()
                ),
                source: row.source.clone(),
            }),
        }
    }
    notes
}

/// For sources with table structure (HTML, DOCX, Markdown), rows whose label is not in the same table row as
/// their values (OCR and PDF-to-Markdown output) are placed by order: a label found only in running text is
/// dropped, and the unlabelled value rows between two labelled rows fill the rows between them, but only
/// when their numbers match exactly and a row prints one cell per column. Returns (row index, value cells)
/// of each row so placed.
pub(super) fn align_detached_rows(
    lin: &Linear,
    found: &mut Vec<(String, Found)>,
    n_rows: usize,
    start: usize,
    end: usize,
) -> Vec<(usize, Vec<Range<usize>>)> {
    let first = lin.pieces.partition_point(|p| p.range.end <= start);
    let last = lin.pieces.partition_point(|p| p.range.start < end);
    let region = &lin.pieces[first..last];
    if !region.iter().any(|p| p.source.cell().is_some()) {
        return vec![];
    }
    let row_of = |p: &crate::linear::Piece| p.source.cell().map(|(t, r, _)| (t, r));
    let is_value = |p: &crate::linear::Piece| is_value_text(&lin.text[p.range.clone()]);
    // Anchors: labels in a table row that also holds values.
    found.retain(|(_, f)| {
        let i = lin.pieces.partition_point(|p| p.range.end <= f.label.start);
        if i >= lin.pieces.len() {
            return false;
        }
        let Some(row) = row_of(&lin.pieces[i]) else {
            return false;
        };
        lin.pieces[i + 1..]
            .iter()
            .take_while(|p| row_of(p) == Some(row))
            .any(is_value)
    });
    let anchor_rows: Vec<(usize, (usize, usize), usize)> = found
        .iter()
        .filter_map(|(_, f)| {
            lin.piece_at(f.label.start)
                .and_then(row_of)
                .map(|r| (f.index, r, f.label.start))
        })
        .collect();
    // Unlabelled rows: table rows of values only (at least six numbers), outside the anchors' rows.
    let mut free: Vec<(usize, Option<Vec<Range<usize>>>)> = Vec::new();
    let mut i = 0;
    while i < region.len() {
        let Some(row) = row_of(&region[i]) else {
            i += 1;
            continue;
        };
        let j = i + region[i..]
            .iter()
            .take_while(|p| row_of(p) == Some(row))
            .count();
        // The row's values: its non-empty value pieces (a wrapped label may share the line with them in PDF
        // text), or all its pieces when they are all values (blank cells included, as in Markdown).
        let cells = &region[i..j];
        let values: Vec<&crate::linear::Piece> = if cells.iter().all(is_value) {
            cells.iter().collect()
        } else {
            cells
                .iter()
                .filter(|p| is_value(p) && !lin.text[p.range.clone()].trim().is_empty())
                .collect()
        };
        let blank = |p: &&crate::linear::Piece| lin.text[p.range.clone()].trim().is_empty();
        let numbers = values.iter().filter(|p| !blank(p)).count();
        if !anchor_rows.iter().any(|(_, r, _)| *r == row) && (6..=8).contains(&numbers) {
            // Placed only with one printed cell per column (an empty label cell before them aside): a row
            // that lost or gained a cell would be placed by counting from the left.
            let mut cells: Vec<Range<usize>> = values.iter().map(|p| p.range.clone()).collect();
            if cells.len() == 8 && values.first().is_some_and(blank) {
                cells.remove(0);
            }
            free.push((values[0].range.start, Some(cells).filter(|c| c.len() == 7)));
        }
        i = j;
    }
    // Fill the gaps between consecutive anchors (and before the first and after the last).
    let mut placed = Vec::new();
    let mut bounds: Vec<(isize, usize)> = vec![(-1, start)];
    bounds.extend(
        anchor_rows
            .iter()
            .map(|(idx, _, pos)| (*idx as isize, *pos)),
    );
    bounds.push((n_rows as isize, end));
    for w in bounds.windows(2) {
        let ((ia, pa), (ib, pb)) = (w[0], w[1]);
        let rows_between: Vec<&Option<Vec<Range<usize>>>> = free
            .iter()
            .filter(|(p, _)| *p > pa && *p < pb)
            .map(|(_, cells)| cells)
            .collect();
        let missing = (ib - ia - 1).max(0) as usize;
        if missing > 0 && rows_between.len() == missing {
            for (k, cells) in rows_between.into_iter().enumerate() {
                if let Some(cells) = cells {
                    placed.push(((ia + 1) as usize + k, cells.clone()));
                }
            }
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::cut_text_number;

    #[test]
    fn a_year_or_item_number_after_a_run_is_not_part_of_it() {
        let t = "00000002025年，我局";
        assert_eq!(&t[..cut_text_number(t, 0, 11)], "0000000");
        let t = "00000002.其他法律";
        assert_eq!(&t[..cut_text_number(t, 0, 9)], "0000000");
        // A number that is the whole run, or not followed by 年, stays.
        let t = "2025年";
        assert_eq!(cut_text_number(t, 0, 4), 4);
        let t = "00000002025 件";
        assert_eq!(cut_text_number(t, 0, 11), 11);
        let t = "9116.36 (二)";
        assert_eq!(cut_text_number(t, 0, 7), 7);
    }
}
