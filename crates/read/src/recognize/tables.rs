//! The three tables: each located, its rows read, placed and resolved.

use super::locate::*;
use super::place::*;
use super::resolve::*;
use super::stated::narrow_by_stated;
use super::unit::{Unit, header_unit};
use crate::linear::{Linear, SEP, fold_str};
use gongkai_model::{Cell, CellValue, ColumnKind, FormatVersion, ReadNote, RowData, TableData};
use gongkai_model::{table2_rows, table3_rows};
use rust_decimal::Decimal;

/// A table as read: its data, the reader's notes, and where its printed text ends in the linear document.
pub(super) type TableRead = (TableData, Vec<ReadNote>, usize);

/// In a ruled PDF grid each row's label has a cell of its own: labels found in one cell (the ruling line
/// between them not drawn, or not seen on a scan) do not say which of them the cell's grid row of values
/// belongs to, so they are not taken as the rows' anchors (their rows may still be placed by order).
fn drop_labels_sharing_a_cell(lin: &Linear, found: &mut Vec<(String, Found)>) {
    let cell = |f: &Found| {
        lin.piece_at(f.label.start)
            .filter(|p| matches!(p.source, crate::linear::PieceSource::PdfCell(..)))
            .map(|p| p.range.start)
    };
    let cells: Vec<Option<usize>> = found.iter().map(|(_, f)| cell(f)).collect();
    let shared = |c: Option<usize>| c.is_some() && cells.iter().filter(|&&d| d == c).count() > 1;
    let mut keep = cells.iter().map(|&c| !shared(c));
    found.retain(|_| keep.next().unwrap_or(true));
}

pub(super) fn read_table3(lin: &Linear, start: usize, end: usize) -> TableRead {
    let is_2021 = ["逾期不补正", "逾期未按收费通知"]
        .iter()
        .any(|m| lin.find(&fold_str(m), start, end).is_some());
    let format = if is_2021 {
        FormatVersion::V2021
    } else {
        FormatVersion::V2019
    };
    let defs = table3_rows(format);
    let mut found = locate_rows(lin, defs, start, end);
    if found.is_empty() {
        return (TableData::default(), vec![], start);
    }
    drop_labels_sharing_a_cell(lin, &mut found);
    let placed = align_detached_rows(lin, &mut found, defs.len(), start, end);
    let kinds = |_: &str| vec![ColumnKind::Count; 7];
    let mut rows = read_rows(lin, &found, end, &kinds, None);
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
            end: cells.last().map_or(0, |r| r.end),
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
    notes.extend(resolve_table3_columns(&mut rows, format));
    let text_end = rows.iter().map(|r| r.end).max().unwrap_or(start);
    (
        TableData {
            found: true,
            format: Some(format),
            rows: finish_rows(lin, rows, &|_| 7, "表三", &mut notes),
        },
        notes,
        text_end,
    )
}

pub(super) fn read_table2(lin: &Linear, start: usize, end: usize) -> TableRead {
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
        return (TableData::default(), vec![], start);
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
    // The money column's header is printed above its row.
    let money_label = found
        .iter()
        .find(|(key, _)| kinds_of(key).contains(&ColumnKind::Money10kYuan))
        .map_or(start, |(_, f)| f.label.start);
    let header = header_unit(lin, start, money_label);
    let mut rows = read_rows(lin, &found, end, &kinds_of, header.as_ref().map(|h| h.0));
    let n_of = |key: &str| kinds_of(key).len();
    let mut notes = narrow_by_stated(lin, &mut rows, start);
    // Amounts printed in 元 with the unit only in the label or the header are converted: say so.
    for row in rows
        .iter()
        .filter(|r| kinds_of(&r.key).contains(&ColumnKind::Money10kYuan))
    {
        let (label, in_label) = row
            .printed_label
            .split_once('（')
            .map_or((row.printed_label.as_str(), ""), |(l, u)| (l, u));
        let printed = match &header {
            _ if in_label.starts_with('元') || in_label.ends_with("：元）") => {
                format!("行标签印为“{}”", row.printed_label)
            }
            Some((Unit::Yuan, h)) if in_label.is_empty() => format!("表头印为“{h}”"),
            _ => continue,
        };
        notes.push(ReadNote {
            code: "READ-UNIT",
            message: format!("表二“{label}”行的金额以“元”为单位印制（{printed}），已折算为万元"),
            source: row.source.clone(),
        });
    }
    let text_end = rows.iter().map(|r| r.end).max().unwrap_or(start);
    let mut rows = finish_rows(lin, rows, &n_of, "表二", &mut notes);
    rows.sort_by_key(|r| order(&r.key));
    let table = TableData {
        found: !found.is_empty(),
        format: Some(format),
        rows,
    };
    (table, notes, text_end)
}

/// Which 表四 block a heading names: the most specific words first (复议后起诉 also contains 复议).
fn table4_block_of(heading: &str) -> Option<usize> {
    if heading.contains("复议后起诉") {
        Some(2)
    } else if heading.contains("直接起诉") || heading.contains("未经复议") {
        Some(1)
    } else if heading.contains("行政复议") {
        Some(0)
    } else {
        None
    }
}

/// 表四 printed as small tables under their own headings (“行政复议”, “行政诉讼（未经复议直接起诉）”, …), each
/// with a header row ending in 总计 and one row of five values. Each block is placed by its heading, never by
/// its order; a block whose heading names no block, or names one already taken, is not placed. `None` when
/// fewer than two 总计 are followed by values (the one-row layout).
fn read_table4_blocks(lin: &Linear, start: usize, end: usize) -> Option<TableData> {
    let mut totals = Vec::new();
    let mut pos = start;
    while let Some(r) = lin.find("总计", pos, end) {
        pos = r.end;
        totals.push(r);
    }
    let mut blocks = Vec::new();
    let mut heading_from = start;
    for (k, t) in totals.iter().enumerate() {
        let seg_end = totals.get(k + 1).map_or(end, |n| n.start);
        // The values are the row below the header (a grid) or the text after 总计: start at the next piece
        // when 总计 ends its piece.
        let from = match lin.piece_at(t.end) {
            Some(p) if p.range.end == t.end => lin
                .pieces
                .get(lin.pieces.partition_point(|q| q.range.start < t.end))
                .map_or(t.end, |q| q.range.start.min(seg_end)),
            _ => t.end,
        };
        let mut read = read_segment(lin, from..seg_end, &[ColumnKind::Count; 5]);
        let valued = match &read {
            SegRead::Cells(c) => c.iter().any(|c| c.value != CellValue::Missing),
            SegRead::Runs { .. } => true,
            SegRead::Unplaced(v) | SegRead::Positioned(v) => !v.is_empty(),
        };
        if valued {
            filter_identity(&mut read, 1);
            let heading = lin.text[heading_from..t.start].replace(SEP, "");
            blocks.push((table4_block_of(&heading), read, lin.provenance(t.clone())));
            heading_from = values_end(lin, from, seg_end);
        }
    }
    if blocks.len() < 2 {
        return None;
    }
    let mut rows: Vec<Option<RowData>> = vec![None, None, None];
    for (which, read, source) in blocks {
        let Some(g) = which.filter(|&g| rows[g].is_none()) else {
            continue;
        };
        let (key, label) = gongkai_model::TABLE4_GROUPS[g];
        let (cells, split_candidates) = resolve(lin, read, 5);
        rows[g] = Some(RowData {
            key: key.to_string(),
            printed_label: label.to_string(),
            variant: None,
            cells,
            source,
            split_candidates,
        });
    }
    let rows = rows
        .into_iter()
        .zip(gongkai_model::TABLE4_GROUPS)
        .map(|(row, (key, label))| {
            row.unwrap_or_else(|| RowData {
                key: key.to_string(),
                printed_label: label.to_string(),
                variant: None,
                cells: (0..5).map(|_| Cell::missing()).collect(),
                source: Default::default(),
                split_candidates: vec![],
            })
        })
        .collect();
    Some(TableData {
        found: true,
        format: None,
        rows,
    })
}

pub(super) fn read_table4(lin: &Linear, start: usize, end: usize) -> TableData {
    let Some(head) = lin
        .find(&fold_str("行政复议"), start, end)
        .or_else(|| fifteen_value_row(lin, start, end).map(|r| r.start..r.start))
    else {
        return TableData::default();
    };
    if let Some(table) = read_table4_blocks(lin, head.start, end) {
        return table;
    }
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
                .find(|p| is_value_text(&lin.text[p.range.clone()]))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear::PieceSource;

    /// A ruled 表三 whose two rows' labels stand in one cell (the line between them lost on a scan): the
    /// values are not given to the row of the cell's first grid row by the second label; they are placed by
    /// order, each row its own.
    #[test]
    fn two_labels_in_one_cell_do_not_take_one_row_of_values() {
        let defs = table3_rows(FormatVersion::V2021);
        let k = defs
            .iter()
            .position(|d| d.key == "unable.not_held")
            .unwrap();
        let mut lin = Linear::new(None);
        lin.push(
            "三、收到和处理政府信息公开申请情况",
            PieceSource::PdfText(1, [0, 8000, 4000, 8100]),
        );
        for (i, d) in defs.iter().enumerate() {
            let y = 7800 - 100 * i as i32;
            let cell = |c: usize, x: i32| PieceSource::PdfCell(1, i, c, [x, y, x + 300, y + 100]);
            if i == k {
                lin.push(&format!("{}{}", d.label, defs[k + 1].label), cell(0, 0));
            } else if i != k + 1 {
                lin.push(d.label, cell(0, 0));
            }
            let values = if i == k {
                [7, 0, 0, 0, 0, 0, 7]
            } else {
                [0; 7]
            };
            for (c, v) in values.iter().enumerate() {
                lin.push(&v.to_string(), cell(c + 1, 3000 + 300 * c as i32));
            }
        }
        let (t, _, _) = read_table3(&lin, 0, lin.text.len());
        let numbers = |key: &str| -> Vec<Option<i64>> {
            let row = t.rows.iter().find(|r| r.key == key).unwrap();
            row.cells
                .iter()
                .map(|c| c.value.number().map(|d| d.try_into().unwrap()))
                .collect()
        };
        let seven = [7, 0, 0, 0, 0, 0, 7].map(Some);
        assert_eq!(numbers("unable.not_held"), seven);
        assert_eq!(numbers("unable.needs_creation"), [Some(0); 7]);
    }
}
