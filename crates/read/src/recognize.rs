//! Stage 2, shared by every input kind: find the report's tables in a [`Linear`] document by their labels,
//! place the values into the model's rows and columns, resolve runs of digits with the tables' identities
//! (reporting every remaining ambiguity), and read the metadata and sections.

use crate::error::ReadError;
use crate::linear::{Linear, SEP, fold_str};
use crate::split::{Split, parse_value, splits};
use gongkai_model::format::{LabelVariant, MARKERS_2019, MARKERS_2021};
use gongkai_model::{
    Cell, CellValue, ColumnKind, FormatEvidence, FormatVersion, Provenance, ReadNote, Report,
    RowData, SECTION_HEADINGS, Section, TableData, table2_rows, table3_rows,
};
use regex::Regex;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

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
    match parse_value(t, kind) {
        Some(d) => CellValue::Number(d),
        None => CellValue::Unreadable(t.to_string()),
    }
}

fn is_value_char(c: char) -> bool {
    c.is_ascii_digit() || " .,-+/\\*×—–―元万无%".contains(c)
}

/// A row's label as found: which variant matched and where.
struct Found {
    index: usize,
    label: Range<usize>,
    variant: Option<gongkai_model::format::VariantKind>,
}

/// The values printed after a label, before the next label.
enum SegRead {
    /// One printed cell per column (cells may be blank, marks or unreadable).
    Cells(Vec<Cell>),
    /// Fewer values than columns in positioned text (PDF), where a blank cell prints nothing: the values
    /// must be placed by their horizontal position, never shifted left.
    Positioned(Vec<Range<usize>>),
    /// Runs of digits whose boundaries were lost, with every well-formed split.
    Runs {
        ranges: Vec<Range<usize>>,
        candidates: Vec<Split>,
    },
}

fn find_label(
    lin: &Linear,
    label: &str,
    variants: &[LabelVariant],
    from: usize,
    to: usize,
) -> Option<Found> {
    let mut options = vec![fold_str(label)];
    options.extend(variants.iter().map(|v| fold_str(v.text)));
    let refs: Vec<&str> = options.iter().map(String::as_str).collect();
    lin.find_any(&refs, from, to).map(|(i, r)| Found {
        index: 0,
        label: r,
        variant: if i == 0 {
            None
        } else {
            Some(variants[i - 1].kind)
        },
    })
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start_matches([' ', SEP]).len());
    let end = r.end - (s.len() - s.trim_end_matches([' ', SEP]).len());
    start..end.max(start)
}

/// Reads the values of a segment for `kinds` columns.
fn read_segment(lin: &Linear, seg: Range<usize>, kinds: &[ColumnKind]) -> SegRead {
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
        // The rest of the label's piece is not a cell; a segment that starts at a piece starts at a cell.
        let at_piece_start = lin
            .piece_at(seg.start)
            .is_some_and(|p| p.range.start == seg.start);
        if !at_piece_start && text[parts[0].clone()].trim().is_empty() {
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
        // In a real grid (HTML, DOCX, XLSX, ruled PDF) a row's values are in the label's grid row.
        let grid_row = |at: usize| {
            lin.piece_at(at).and_then(|p| match p.source {
                crate::linear::PieceSource::Cell(t, r, _) => Some((t, r)),
                crate::linear::PieceSource::PdfCell(_, r, _, _) => Some((usize::MAX, r)),
                _ => None,
            })
        };
        if let Some(row) = grid_row(seg.start).filter(|_| !at_piece_start) {
            parts.retain(|r| grid_row(r.start).is_none_or(|x| x == row));
        }
        let values: Vec<Range<usize>> = parts
            .into_iter()
            .take_while(|r| text[r.clone()].chars().all(is_value_char))
            .map(|r| trim_range(text, r))
            .collect();
        let positioned = values
            .first()
            .and_then(|r| lin.piece_at(r.start))
            .is_some_and(|p| matches!(p.source, crate::linear::PieceSource::PdfRun(..)));
        if positioned && values.len() < kinds.len() {
            return SegRead::Positioned(values);
        }
        if values.len() >= kinds.len() || values.len() != 1 {
            let cells = kinds
                .iter()
                .enumerate()
                .map(|(i, &kind)| match values.get(i) {
                    Some(r) if lin.is_unknown(r.start) => Cell {
                        source: lin.provenance(r.clone()),
                        ..Cell::missing()
                    },
                    Some(r) => Cell {
                        value: parse_cell(&text[r.clone()], kind),
                        printed: text[r.clone()].trim().to_string(),
                        source: lin.provenance(r.clone()),
                    },
                    None => Cell::missing(),
                })
                .collect();
            return SegRead::Cells(cells);
        }
        return read_runs(lin, values[0].clone(), kinds);
    }
    let end = s
        .char_indices()
        .find(|(_, c)| !is_value_char(*c))
        .map_or(seg.end, |(i, _)| seg.start + i);
    read_runs(lin, seg.start..end, kinds)
}

/// Reads text without cell separators: space-separated runs, split when fewer runs than columns.
fn read_runs(lin: &Linear, r: Range<usize>, kinds: &[ColumnKind]) -> SegRead {
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

/// Builds the cells of a row from its surviving splits: a cell is exact when every split agrees on it.
fn cells_from_splits(lin: &Linear, ranges: &[Range<usize>], kept: &[Split], n: usize) -> Vec<Cell> {
    let run_text: String = ranges
        .iter()
        .map(|r| &lin.text[r.clone()])
        .collect::<Vec<_>>()
        .join(" ");
    (0..n)
        .map(|i| {
            let values: BTreeSet<Decimal> = kept.iter().map(|s| s.values[i]).collect();
            let spans: BTreeSet<(usize, usize, usize)> = kept.iter().map(|s| s.spans[i]).collect();
            match (values.len(), spans.len()) {
                (0, _) => Cell {
                    value: CellValue::Unreadable(run_text.clone()),
                    printed: run_text.clone(),
                    source: lin.provenance(ranges[0].start..ranges[ranges.len() - 1].end),
                },
                (1, 1) => {
                    let (ti, a, b) = *spans.iter().next().expect("one span");
                    let rr = ranges[ti].start + a..ranges[ti].start + b;
                    Cell {
                        value: CellValue::Number(*values.iter().next().expect("one value")),
                        printed: lin.text[rr.clone()].to_string(),
                        source: lin.provenance(rr),
                    }
                }
                _ => Cell {
                    value: if values.len() == 1 {
                        CellValue::Number(*values.iter().next().expect("one value"))
                    } else {
                        CellValue::Ambiguous(values.into_iter().collect())
                    },
                    printed: run_text.clone(),
                    source: lin.provenance(ranges[0].start..ranges[ranges.len() - 1].end),
                },
            }
        })
        .collect()
}

/// A row being assembled: label info plus either cells or split candidates.
struct PendingRow {
    key: String,
    printed_label: String,
    variant: Option<gongkai_model::format::VariantKind>,
    source: Provenance,
    read: SegRead,
}

fn sum_identity(values: &[Decimal], groups: usize) -> bool {
    let w = values.len() / groups;
    values
        .chunks(w)
        .all(|g| g[..w - 1].iter().sum::<Decimal>() == g[w - 1])
}

/// Reads rows whose labels were found, in order, each segment ending where the next label starts.
fn read_rows(
    lin: &Linear,
    found: &[(String, Found)],
    end: usize,
    kinds_of: &dyn Fn(&str) -> Vec<ColumnKind>,
) -> Vec<PendingRow> {
    found
        .iter()
        .enumerate()
        .map(|(i, (key, f))| {
            let seg_end = found.get(i + 1).map_or(end, |(_, n)| n.label.start);
            PendingRow {
                key: key.clone(),
                printed_label: lin.text[f.label.clone()].replace(SEP, "").to_string(),
                variant: f.variant,
                source: lin.provenance(f.label.clone()),
                read: read_segment(lin, f.label.end..seg_end.max(f.label.end), &kinds_of(key)),
            }
        })
        .collect()
}

/// The cells of a segment, and (when several splits remain) the splits, at most 50.
fn resolve(lin: &Linear, read: SegRead, n: usize) -> (Vec<Cell>, Vec<Vec<Decimal>>) {
    match read {
        SegRead::Cells(c) => (c, vec![]),
        // Not placed by column (see place_by_columns): every cell is reported missing rather than guessed.
        SegRead::Positioned(_) => ((0..n).map(|_| Cell::missing()).collect(), vec![]),
        SegRead::Runs { ranges, candidates } => {
            let cells = cells_from_splits(lin, &ranges, &candidates, n);
            let list = if candidates.len() > 1 {
                candidates
                    .iter()
                    .take(50)
                    .map(|s| s.values.clone())
                    .collect()
            } else {
                vec![]
            };
            (cells, list)
        }
    }
}

fn finish_rows(lin: &Linear, rows: Vec<PendingRow>, n_of: &dyn Fn(&str) -> usize) -> Vec<RowData> {
    rows.into_iter()
        .map(|p| {
            let (cells, split_candidates) = resolve(lin, p.read, n_of(&p.key));
            RowData {
                key: p.key,
                printed_label: p.printed_label,
                variant: p.variant,
                cells,
                source: p.source,
                split_candidates,
            }
        })
        .collect()
}

/// The horizontal centres of 表三's seven value columns from its header labels (PDF), when each is found.
fn header_centres(lin: &Linear, start: usize, end: usize) -> Option<Vec<f64>> {
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
fn place_by_columns(
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

/// Keeps the splits that satisfy the sum identity of each of `groups` equal blocks, when any does.
fn filter_identity(read: &mut SegRead, groups: usize) {
    if let SegRead::Runs { candidates, .. } = read {
        let ok: Vec<Split> = candidates
            .iter()
            .filter(|s| sum_identity(&s.values, groups))
            .cloned()
            .collect();
        if !ok.is_empty() {
            *candidates = ok;
        }
    }
}

/// Keeps the splits of each row that satisfy the row identity (总计 = sum of the others) when any does.
fn filter_row_identity(rows: &mut [PendingRow]) {
    for row in rows {
        filter_identity(&mut row.read, 1);
    }
}

/// Narrows ambiguous 表三 rows with the column identities R1 (一+二 = 七+四) and R2 (七 = sum of outcomes),
/// when some combination satisfies them all.
fn resolve_table3_columns(rows: &mut [PendingRow], format: FormatVersion) {
    let defs = table3_rows(format);
    let ambiguous: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(
            |(_, r)| matches!(&r.read, SegRead::Runs { candidates, .. } if candidates.len() > 1),
        )
        .map(|(i, _)| i)
        .collect();
    if ambiguous.is_empty() {
        return;
    }
    let product: usize = ambiguous
        .iter()
        .map(|&i| match &rows[i].read {
            SegRead::Runs { candidates, .. } => candidates.len(),
            _ => 1,
        })
        .try_fold(1usize, |a, b| a.checked_mul(b))
        .unwrap_or(usize::MAX);
    if product > 200_000 {
        return;
    }
    let fixed = |row: &PendingRow| -> Option<Vec<Decimal>> {
        match &row.read {
            SegRead::Cells(c) => c.iter().map(|c| c.value.arithmetic()).collect(),
            SegRead::Runs { candidates, .. } if candidates.len() == 1 => {
                Some(candidates[0].values.clone())
            }
            _ => None,
        }
    };
    let base: Vec<Option<Vec<Decimal>>> = rows.iter().map(fixed).collect();
    let index = |key: &str| rows.iter().position(|r| r.key == key);
    let (Some(new), Some(carried), Some(total), Some(out)) = (
        index("new_received"),
        index("carried_over"),
        index("total"),
        index("carried_forward"),
    ) else {
        return;
    };
    let outcome: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| defs.iter().any(|d| d.key == r.key && d.outcome))
        .map(|(i, _)| i)
        .collect();
    let cand = |i: usize| -> &Vec<Split> {
        match &rows[i].read {
            SegRead::Runs { candidates, .. } => candidates,
            _ => unreachable!("only ambiguous rows are enumerated"),
        }
    };
    let mut keep: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); ambiguous.len()];
    let mut choice = vec![0usize; ambiguous.len()];
    let mut values = base.clone();
    loop {
        for (k, &i) in ambiguous.iter().enumerate() {
            values[i] = Some(cand(i)[choice[k]].values.clone());
        }
        let ok = (0..7).all(|c| {
            let get = |i: usize| values[i].as_ref().and_then(|v| v.get(c).copied());
            let (Some(a), Some(b), Some(t), Some(o)) =
                (get(new), get(carried), get(total), get(out))
            else {
                return true;
            };
            let sum: Option<Decimal> = outcome.iter().map(|&i| get(i)).sum();
            a + b == t + o && sum.is_none_or(|s| s == t)
        });
        if ok {
            for (k, &c) in choice.iter().enumerate() {
                keep[k].insert(c);
            }
        }
        // Next combination.
        let mut k = 0;
        loop {
            if k == ambiguous.len() {
                if keep.iter().all(|s| !s.is_empty()) {
                    for (k, &i) in ambiguous.iter().enumerate() {
                        if let SegRead::Runs { candidates, .. } = &mut rows[i].read {
                            *candidates = keep[k].iter().map(|&c| candidates[c].clone()).collect();
                        }
                    }
                }
                return;
            }
            choice[k] += 1;
            if choice[k] < cand(ambiguous[k]).len() {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
    }
}

fn read_table3(lin: &Linear, start: usize, end: usize) -> (TableData, Vec<ReadNote>) {
    let is_2021 = ["逾期不补正", "逾期未按收费通知"]
        .iter()
        .any(|m| lin.find(&fold_str(m), start, end).is_some());
    let format = if is_2021 {
        FormatVersion::V2021
    } else {
        FormatVersion::V2019
    };
    let defs = table3_rows(format);
    let mut pos = start;
    let mut found = Vec::new();
    for (index, def) in defs.iter().enumerate() {
        if let Some(mut f) = find_label(lin, def.label, def.variants, pos, end) {
            f.index = index;
            pos = f.label.end;
            found.push((def.key.to_string(), f));
        }
    }
    if found.is_empty() {
        return (TableData::default(), vec![]);
    }
    let placed = align_detached_rows(lin, &mut found, defs.len(), start, end);
    let kinds = |_: &str| vec![ColumnKind::Count; 7];
    let mut rows = read_rows(lin, &found, end, &kinds);
    let mut notes = Vec::new();
    for (index, cells) in placed {
        let def = &defs[index];
        let source = lin.provenance(cells[0].clone());
        notes.push(ReadNote {
            code: "READ-ROW-BY-ORDER",
            message: format!(
                "表三“{}”行的数值与行标签分离（标签缺失或错位），按各行在表中的顺序定位于此行，请以勾稽关系核对",
                def.label
            ),
            source: source.clone(),
        });
        let row = PendingRow {
            key: def.key.to_string(),
            printed_label: String::new(),
            variant: None,
            source,
            read: SegRead::Cells(
                (0..7)
                    .map(|i| match cells.get(i) {
                        Some(r) => Cell {
                            value: parse_cell(&lin.text[r.clone()], ColumnKind::Count),
                            printed: lin.text[r.clone()].trim().to_string(),
                            source: lin.provenance(r.clone()),
                        },
                        None => Cell::missing(),
                    })
                    .collect(),
            ),
        };
        let at = rows
            .iter()
            .position(|r| {
                defs.iter()
                    .position(|d| d.key == r.key)
                    .is_some_and(|i| i > index)
            })
            .unwrap_or(rows.len());
        rows.insert(at, row);
    }
    let first_row = found
        .iter()
        .map(|(_, f)| f.label.start)
        .min()
        .unwrap_or(end);
    notes.extend(place_by_columns(
        lin,
        &mut rows,
        7,
        header_centres(lin, start, first_row),
    ));
    filter_row_identity(&mut rows);
    resolve_table3_columns(&mut rows, format);
    (
        TableData {
            found: true,
            format: Some(format),
            rows: finish_rows(lin, rows, &|_| 7),
        },
        notes,
    )
}

/// For sources with table structure (HTML, DOCX, Markdown), rows whose label is not in the same table row as
/// their values (OCR and PDF-to-Markdown output) are placed by order: a label found only in running text is
/// dropped, and the unlabelled value rows between two labelled rows fill the rows between them, but only
/// when their numbers match exactly. Returns (row index, value cells) of each row so placed.
fn align_detached_rows(
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
    let is_value = |p: &crate::linear::Piece| lin.text[p.range.clone()].chars().all(is_value_char);
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
    let mut free: Vec<(usize, Vec<Range<usize>>)> = Vec::new();
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
        let numbers = values
            .iter()
            .filter(|p| !lin.text[p.range.clone()].trim().is_empty())
            .count();
        if !anchor_rows.iter().any(|(_, r, _)| *r == row) && (6..=8).contains(&numbers) {
            free.push((
                values[0].range.start,
                values.iter().map(|p| p.range.clone()).collect(),
            ));
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
        let rows_between: Vec<&(usize, Vec<Range<usize>>)> =
            free.iter().filter(|(p, _)| *p > pa && *p < pb).collect();
        let missing = (ib - ia - 1).max(0) as usize;
        if missing > 0 && rows_between.len() == missing {
            for (k, (_, cells)) in rows_between.into_iter().enumerate() {
                placed.push(((ia + 1) as usize + k, cells.clone()));
            }
        }
    }
    placed
}

fn read_table2(lin: &Linear, start: usize, end: usize) -> TableData {
    let has = |ms: &[&str]| {
        ms.iter()
            .any(|m| lin.find(&fold_str(m), start, end).is_some())
    };
    let format = if has(&[
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年收费金额",
        "本年处理决定数量",
    ]) {
        FormatVersion::V2021
    } else if has(&[
        "本年新制作数量",
        "上一年项目数量",
        "对外公开总数量",
        "第二十条第（九）项",
        "采购项目数量",
    ]) {
        FormatVersion::V2019
    } else {
        return TableData::default();
    };
    let defs = table2_rows(format);
    let order = |key: &str| defs.iter().position(|d| d.key == key).unwrap_or(usize::MAX);
    // Each row is searched from the table's start: converters sometimes move a block (e.g. 第（一）项 after
    // 第（五）项); segments then run to the next label in document order.
    let mut found = Vec::new();
    for (index, def) in defs.iter().enumerate() {
        if let Some(mut f) = find_label(lin, def.label, def.variants, start, end) {
            f.index = index;
            found.push((def.key.to_string(), f));
        }
    }
    found.sort_by_key(|(_, f)| f.label.start);
    found.dedup_by(|b, a| b.1.label.start < a.1.label.end);
    let kinds_of = |key: &str| -> Vec<ColumnKind> {
        defs.iter()
            .find(|d| d.key == key)
            .map(|d| d.columns.iter().map(|c| c.kind).collect())
            .unwrap_or_default()
    };
    let rows = read_rows(lin, &found, end, &kinds_of);
    let n_of = |key: &str| kinds_of(key).len();
    let mut rows = finish_rows(lin, rows, &n_of);
    rows.sort_by_key(|r| order(&r.key));
    TableData {
        found: !found.is_empty(),
        format: Some(format),
        rows,
    }
}

/// In a source with table rows, the first row of fifteen values after `start`: 表四's data row when its
/// header could not be read as text (labels set vertically, one character per line).
fn fifteen_value_row(lin: &Linear, start: usize, end: usize) -> Option<Range<usize>> {
    let first = lin.pieces.partition_point(|p| p.range.end <= start);
    let region: Vec<&crate::linear::Piece> = lin.pieces[first..]
        .iter()
        .take_while(|p| p.range.start < end)
        .collect();
    let mut i = 0;
    while i < region.len() {
        let row = region[i].source.cell().map(|(t, r, _)| (t, r));
        let j = i + region[i..]
            .iter()
            .take_while(|p| p.source.cell().map(|(t, r, _)| (t, r)) == row)
            .count()
            .max(1);
        let cells = &region[i..j];
        if row.is_some()
            && cells.len() == 15
            && cells
                .iter()
                .all(|p| lin.text[p.range.clone()].chars().all(is_value_char))
        {
            return Some(cells[0].range.start..cells[14].range.end);
        }
        i = j;
    }
    None
}

fn read_table4(lin: &Linear, start: usize, end: usize) -> TableData {
    let Some(head) = lin
        .find(&fold_str("行政复议"), start, end)
        .or_else(|| fifteen_value_row(lin, start, end).map(|r| r.start..r.start))
    else {
        return TableData::default();
    };
    // A grid row of fifteen value cells is the data row, whatever the header looks like.
    let grid_row = fifteen_value_row(lin, head.start, end);
    let mut pos = head.end;
    let mut last = None;
    for _ in 0..if grid_row.is_some() { 0 } else { 3 } {
        match lin.find("总计", pos, end) {
            Some(r) => {
                pos = r.end;
                last = Some(r);
            }
            None => break,
        }
    }
    let last = match (last, grid_row.clone()) {
        (Some(l), _) => l,
        // Header unreadable: the values start at the data row.
        (None, Some(row)) => row.start..row.start,
        (None, None) => return TableData::default(),
    };
    // Header cells broken over several rows (OCR, Markdown) can follow the last 总计: start at the first
    // piece that holds a value or nothing.
    let mut from = last.end;
    if grid_row.is_none() && lin.text[last.end..end].contains(SEP) {
        let rest = lin.text[last.end..].find(SEP).map_or(end, |i| last.end + i);
        if lin.text[last.end..rest].trim().is_empty() {
            let first = lin.pieces.partition_point(|p| p.range.start < rest);
            if let Some(p) = lin.pieces[first..]
                .iter()
                .take_while(|p| p.range.start < end)
                .find(|p| lin.text[p.range.clone()].chars().all(is_value_char))
            {
                from = p.range.start;
            }
        }
    }
    let mut read = read_segment(lin, from..end, &[ColumnKind::Count; 15]);
    filter_identity(&mut read, 3);
    let source = lin.provenance(head.clone());
    let (cells, split_candidates) = resolve(lin, read, 15);
    if cells.iter().all(|c| c.value == CellValue::Missing) {
        return TableData::default();
    }
    let rows = gongkai_model::TABLE4_GROUPS
        .iter()
        .enumerate()
        .map(|(g, (key, label))| RowData {
            key: (*key).to_string(),
            printed_label: (*label).to_string(),
            variant: None,
            cells: cells[g * 5..g * 5 + 5].to_vec(),
            source: source.clone(),
            split_candidates: split_candidates
                .iter()
                .map(|s: &Vec<Decimal>| s[g * 5..g * 5 + 5].to_vec())
                .collect(),
        })
        .collect();
    TableData {
        found: true,
        format: None,
        rows,
    }
}

fn read_sections(lin: &Linear) -> Vec<(Section, Range<usize>)> {
    let mut out: Vec<(Section, Range<usize>)> = Vec::new();
    let mut pos = 0;
    for (i, (heading, variants)) in SECTION_HEADINGS.iter().enumerate() {
        let mut opts = vec![fold_str(heading)];
        opts.extend(variants.iter().map(|v| fold_str(v)));
        let refs: Vec<&str> = opts.iter().map(String::as_str).collect();
        let hit = lin
            .find_any(&refs, pos, lin.text.len())
            .or_else(|| lin.find_any(&refs, 0, pos))
            .or_else(|| find_renumbered(lin, heading, pos).map(|r| (0, r)));
        if let Some((_, r)) = hit {
            if r.start >= pos {
                pos = r.end;
            }
            out.push((
                Section {
                    number: i as u8 + 1,
                    heading: lin.text[r.clone()].replace(SEP, ""),
                    text: String::new(),
                    source: lin.provenance(r.clone()),
                },
                r,
            ));
        }
    }
    out.sort_by_key(|(_, r)| r.start);
    let ends: Vec<usize> = out
        .iter()
        .skip(1)
        .map(|(_, r)| r.start)
        .chain([lin.text.len()])
        .collect();
    for ((section, r), end) in out.iter_mut().zip(ends) {
        section.text = prose(lin, r.end..end);
    }
    out
}

/// A heading printed with another numeral (agencies that restart the numbering after their own sections):
/// the title after "、", preceded by a Chinese numeral and "、" at the start of a piece.
fn find_renumbered(lin: &Linear, heading: &str, from: usize) -> Option<Range<usize>> {
    let core = fold_str(heading.split_once('、')?.1);
    let mut at = from;
    while let Some(r) = lin.find(&core, at, lin.text.len()) {
        let before = &lin.text[..r.start];
        let mut chars = before.chars().rev();
        if chars.next() == Some('、')
            && chars
                .next()
                .is_some_and(|c| "一二三四五六七八九十".contains(c))
        {
            let prev = chars.next();
            if prev.is_none_or(|c| c == SEP || c == ' ') {
                let start = r.start - '、'.len_utf8() - 3;
                return Some(start..r.end);
            }
        }
        at = r.end;
    }
    None
}

/// The prose in a range: text pieces only (table cells left out), pieces on separate lines.
fn prose(lin: &Linear, r: Range<usize>) -> String {
    let mut out = String::new();
    for p in &lin.pieces {
        if p.range.end <= r.start || p.range.start >= r.end {
            continue;
        }
        if p.source.cell().is_some() {
            continue;
        }
        let a = p.range.start.max(r.start);
        let b = p.range.end.min(r.end);
        let t = lin.raw_text(p, a..b).trim();
        if !t.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            // Extraction artefacts are folded (Kangxi radicals, zero-width and odd spaces); the rest is kept as printed.
            out.extend(t.chars().map(|c| {
                let folded = crate::linear::fold(c);
                let artefact = folded == ' '
                    || ('\u{2E80}'..='\u{2FDF}').contains(&c)
                    || ('\u{F900}'..='\u{FAFF}').contains(&c);
                if artefact { folded } else { c }
            }));
        }
    }
    out
}

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:标题：\s*)?(.{0,40}?)\s*((?:19|20)\d{2})\s*年度?\s*(.{0,40}?)\s*政府信息公开(?:工作)?年度?报告").expect("static regex")
});
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"统计(?:期限|期间|时限|时间|区间|周期)[^0-9]{0,8}((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^0-9]{0,8}(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
        .expect("static regex")
});

/// Reads title, agency, year and period; returns where the title ends in the linear text.
fn read_metadata(lin: &Linear, report: &mut Report) -> Option<usize> {
    // A title on one line first; only then a title broken over two lines (OCR, PDF text).
    let piece = |i: usize| {
        lin.pieces
            .get(i)
            .map(|p| lin.text[p.range.clone()].trim().to_string())
    };
    let n = lin.pieces.len().min(400);
    let one_line = (0..n).map(|i| (i, piece(i).unwrap_or_default()));
    let two_lines = (0..n).map(|i| {
        (
            i,
            format!(
                "{}{}",
                piece(i).unwrap_or_default(),
                piece(i + 1).unwrap_or_default()
            ),
        )
    });
    let candidates: Vec<(usize, String, usize)> = one_line
        .map(|(i, t)| (i, t, i))
        .chain(two_lines.map(|(i, t)| (i, t, i + 1)))
        .filter(|(_, t, _)| t.chars().count() <= 120)
        .collect();
    let mut title_end = None;
    for (i, t, last) in &candidates {
        let i = *i;
        let Some(c) = TITLE.captures(t) else { continue };
        // The same title printed again right after, on one line or two (an HTML <title> or the PDF's
        // document title followed by the printed heading), belongs to it.
        let mut end = *last;
        let same = |a: usize, b: usize| {
            let joined: String = (a..=b).filter_map(piece).collect();
            !joined.is_empty() && joined == t.trim()
        };
        if same(end + 1, end + 1) {
            end += 1;
        } else if same(end + 1, end + 2) {
            end += 2;
        }
        title_end = lin.pieces.get(end).map(|p| p.range.end);
        report.title = Some(t.trim_start_matches("标题：").trim().to_string());
        report.year = c[2].parse().ok();
        let agency = format!("{}{}", c[1].trim(), c[3].trim());
        let agency = agency
            .trim_matches(|ch: char| ch == ' ' || ch == '-' || ch == '_')
            .to_string();
        if !agency.is_empty() {
            report.agency = Some(agency);
        } else if i > 0 {
            let prev = lin.text[lin.pieces[i - 1].range.clone()].trim();
            if !prev.is_empty()
                && prev.chars().count() <= 40
                && !prev.contains('。')
                && !prev.contains('：')
            {
                report.agency = Some(prev.to_string());
            }
        }
        break;
    }
    if let Some(c) = PERIOD.captures(&lin.text) {
        let y1: i32 = c[1].parse().unwrap_or(0);
        let y2: i32 = c.get(4).and_then(|m| m.as_str().parse().ok()).unwrap_or(y1);
        let d = |y: i32, m: &str, d: &str| {
            format!(
                "{y:04}-{:02}-{:02}",
                m.parse::<u32>().unwrap_or(0),
                d.parse::<u32>().unwrap_or(0)
            )
        };
        report.period = Some((d(y1, &c[2], &c[3]), d(y2, &c[5], &c[6])));
        if report.year.is_none() {
            report.year = Some(y1);
        }
    }
    title_end
}

/// Recognizes the report in a linear document.
pub fn recognize(lin: &Linear) -> Result<Report, ReadError> {
    let len = lin.text.len();
    let f = |s: &str, from: usize| lin.find(&fold_str(s), from, len);
    let t3_start = [
        "（本列数据的勾稽关系",
        "申请人情况",
        "一、本年新收政府信息公开申请数量",
    ]
    .iter()
    .filter_map(|s| f(s, 0))
    .map(|r| r.start)
    .min();
    let t2_start = f("第二十条第（一）项", 0).map(|r| r.start);
    let t3_end = t3_start.and_then(|s| f("行政复议", s)).map(|r| r.start);
    let t4_from = t3_end.or(t3_start).or(t2_start).unwrap_or(0);
    let sections = read_sections(lin);
    let section_start = |n: u8| {
        sections
            .iter()
            .find(|(s, _)| s.number == n)
            .map(|(_, r)| r.start)
    };
    let t4_end = section_start(5).filter(|&s| s > t4_from).unwrap_or(len);

    let mut report = Report::default();
    if let Some(s) = t2_start {
        report.table2 = read_table2(lin, s, t3_start.filter(|&e| e > s).unwrap_or(len));
    }
    if let Some(s) = t3_start {
        let (t, notes) = read_table3(lin, s, t3_end.unwrap_or(t4_end));
        report.table3 = t;
        report.notes.extend(notes);
    }
    if let Some(s) = t3_end.or_else(|| section_start(4)) {
        report.table4 = read_table4(lin, s, t4_end);
    }
    if !report.table2.found && !report.table3.found && !report.table4.found {
        let what = if lin.find(&fold_str("政府信息公开"), 0, len).is_some() {
            "文档提到政府信息公开，但其中没有可识别的表二、表三或表四"
        } else {
            "文档中没有“政府信息公开”字样，可能不是年度报告，或字符编码有误"
        };
        return Err(ReadError::NoTables(what.into()));
    }
    let title_end = read_metadata(lin, &mut report).unwrap_or(0);
    if let Some(first) = sections.iter().map(|(_, r)| r.start).min()
        && first > title_end
    {
        report.preamble = prose(lin, title_end..first);
    }
    report.sections = sections.into_iter().map(|(s, _)| s).collect();
    let mut evidence = FormatEvidence::default();
    for (markers, out) in [
        (MARKERS_2019, &mut evidence.markers_2019),
        (MARKERS_2021, &mut evidence.markers_2021),
    ] {
        for m in markers {
            if lin.find(&fold_str(m), 0, len).is_some() {
                out.push((*m).to_string());
            }
        }
    }
    for (id, t) in [("表二", &report.table2), ("表三", &report.table3)] {
        for row in &t.rows {
            if row.variant == Some(gongkai_model::format::VariantKind::OtherFormat) {
                let list = if t.format == Some(FormatVersion::V2021) {
                    &mut evidence.markers_2019
                } else {
                    &mut evidence.markers_2021
                };
                list.push(format!("{id}行标签“{}”", row.printed_label));
            }
        }
    }
    if report.table3.format == Some(FormatVersion::V2019)
        && report.table2.format == Some(FormatVersion::V2021)
    {
        evidence
            .markers_2019
            .push("表三（六）其他处理未分三项".into());
    }
    report.format_evidence = evidence;
    report.format = report.table2.format.or(report.table3.format);
    Ok(report)
}
