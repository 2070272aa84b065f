//! Resolving by identities: run-together digits split every well-formed way, narrowed by the row identity
//! (总计 = sum), 表四's block identities and 表三's column identities; what stays open is reported.

use super::locate::*;
use super::place::*;
use super::unit::{Unit, apply_unit, unit_at};
use crate::linear::{Linear, SEP};
use crate::split::Split;
use gongkai_model::table3_rows;
use gongkai_model::{Cell, CellValue, ColumnKind, FormatVersion, Provenance, RowData};
use gongkai_model::{MAX_SPLIT_CANDIDATES, ReadNote};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::ops::Range;

/// Builds the cells of a row from its surviving splits: a cell is exact when every split agrees on it.
pub(super) fn cells_from_splits(
    lin: &Linear,
    ranges: &[Range<usize>],
    kept: &[Split],
    n: usize,
) -> Vec<Cell> {
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
pub(super) struct PendingRow {
    pub(super) key: String,
    pub(super) printed_label: String,
    pub(super) variant: Option<gongkai_model::format::VariantKind>,
    pub(super) source: Provenance,
    pub(super) read: SegRead,
    /// Where the row's printed values end in the linear text.
    pub(super) end: usize,
}

pub(super) fn sum_identity(values: &[Decimal], groups: usize) -> bool {
    let w = values.len() / groups;
    values
        .chunks(w)
        .all(|g| g[..w - 1].iter().sum::<Decimal>() == g[w - 1])
}

/// Reads rows whose labels were found, in order, each segment ending where the next label starts. A money
/// unit printed after a label (“政府集中采购（元）”), or else `header_unit`, applies to the row's amounts.
pub(super) fn read_rows(
    lin: &Linear,
    found: &[(String, Found)],
    end: usize,
    kinds_of: &dyn Fn(&str) -> Vec<ColumnKind>,
    header_unit: Option<Unit>,
) -> Vec<PendingRow> {
    found
        .iter()
        .enumerate()
        .map(|(i, (key, f))| {
            let seg_end = found.get(i + 1).map_or(end, |(_, n)| n.label.start);
            let seg_end = seg_end.max(f.label.end);
            let kinds = kinds_of(key);
            let money = kinds.contains(&ColumnKind::Money10kYuan);
            let label_unit = unit_at(&lin.text, f.label.end, seg_end).filter(|_| money);
            let from = label_unit.map_or(f.label.end, |(e, _)| e);
            let mut read = read_segment(lin, from..seg_end, &kinds);
            if let Some(unit) = label_unit.map(|(_, u)| u).or(header_unit) {
                apply_unit(lin, &mut read, &kinds, unit);
            }
            PendingRow {
                end: values_end(lin, from, seg_end),
                key: key.clone(),
                printed_label: lin.text[f.label.start..from].replace(SEP, "").to_string(),
                variant: f.variant,
                source: lin.provenance(f.label.clone()),
                read,
            }
        })
        .collect()
}

/// The cells of a segment, and (when several splits remain) the splits, at most [`MAX_SPLIT_CANDIDATES`].
pub(super) fn resolve(lin: &Linear, read: SegRead, n: usize) -> (Vec<Cell>, Vec<Vec<Decimal>>) {
    match read {
        SegRead::Cells(c) => (c, vec![]),
        // Not placed by column (see place_by_columns): every cell is reported missing rather than guessed.
        SegRead::Positioned(_) | SegRead::Unplaced(_) => {
            ((0..n).map(|_| Cell::missing()).collect(), vec![])
        }
        SegRead::Runs { ranges, candidates } => {
            let cells = cells_from_splits(lin, &ranges, &candidates, n);
            let list = if candidates.len() > 1 {
                candidates
                    .iter()
                    .take(MAX_SPLIT_CANDIDATES)
                    .map(|s| s.values.clone())
                    .collect()
            } else {
                vec![]
            };
            (cells, list)
        }
    }
}

/// The rows' cells; a note for each row whose delimited cells could not be placed (`table`: 表二, 表三, 表四).
pub(super) fn finish_rows(
    lin: &Linear,
    rows: Vec<PendingRow>,
    n_of: &dyn Fn(&str) -> usize,
    table: &str,
    notes: &mut Vec<ReadNote>,
) -> Vec<RowData> {
    rows.into_iter()
        .map(|p| {
            if let SegRead::Unplaced(values) = &p.read {
                notes.push(ReadNote {
                    code: "READ-UNPLACED",
                    message: format!(
                        "{table}“{}”行印出 {} 个单元格，而该行有 {} 列；无法确定各数值所属的列（可能有单元格被挪出或合并），未作猜测，全部按缺失报告",
                        p.printed_label,
                        values.len(),
                        n_of(&p.key)
                    ),
                    source: p.source.clone(),
                });
            }
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

/// Keeps the splits that satisfy the sum identity of each of `groups` equal blocks, when any does.
pub(super) fn filter_identity(read: &mut SegRead, groups: usize) {
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
pub(super) fn filter_row_identity(rows: &mut [PendingRow]) {
    for row in rows {
        filter_identity(&mut row.read, 1);
    }
}

/// Which of 表三's column identities narrow its run-together rows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Identities {
    /// R1 (一+二 = 七+四) and R2 (七 = sum of outcomes).
    Both,
    /// R2 alone: the document breaks R1 in some column whatever the split.
    SumOfOutcomes,
    /// R1 alone: the document breaks R2.
    Balance,
}

/// Narrows ambiguous 表三 rows with the column identities R1 (一+二 = 七+四) and R2 (七 = sum of outcomes),
/// when some combination satisfies them all; when none does, because the document itself breaks one of them,
/// with the other alone. Returns a note naming the rows so narrowed by one identity.
pub(super) fn resolve_table3_columns(
    rows: &mut [PendingRow],
    format: FormatVersion,
) -> Option<ReadNote> {
    for which in [
        Identities::Both,
        Identities::SumOfOutcomes,
        Identities::Balance,
    ] {
        let Some(keep) = narrow_table3(rows, format, which) else {
            continue;
        };
        let mut narrowed = Vec::new();
        for (i, kept) in keep {
            if let SegRead::Runs { candidates, .. } = &mut rows[i].read {
                if kept.len() < candidates.len() {
                    narrowed.push(i);
                }
                *candidates = kept.iter().map(|&c| candidates[c].clone()).collect();
            }
        }
        if which == Identities::Both || narrowed.is_empty() {
            return None;
        }
        let (used, broken) = match which {
            Identities::SumOfOutcomes => (
                "“（七）总计等于各项办理结果之和”",
                "“第一项加第二项之和等于第三项加第四项之和”",
            ),
            _ => (
                "“第一项加第二项之和等于第三项加第四项之和”",
                "“（七）总计等于各项办理结果之和”",
            ),
        };
        let labels: Vec<String> = narrowed
            .iter()
            .map(|&i| format!("“{}”", rows[i].printed_label))
            .collect();
        return Some(ReadNote {
            code: "READ-SPLIT-ONE-IDENTITY",
            message: format!(
                "表三{}行的数字粘连，原文的勾稽关系{broken}无论怎样拆分都不成立，只按{used}拆分；请核对原件",
                labels.join("、")
            ),
            source: rows[narrowed[0]].source.clone(),
        });
    }
    None
}

/// The splits of each ambiguous row (row index → kept split indices) that take part in a combination
/// satisfying `which` identities; `None` when no combination does (or there are too many to try).
fn narrow_table3(
    rows: &[PendingRow],
    format: FormatVersion,
    which: Identities,
) -> Option<Vec<(usize, BTreeSet<usize>)>> {
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
        return None;
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
        return None;
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
    let index = |key: &str| rows.iter().position(|r| r.key == key);
    let (new, carried, total, out) = (
        index("new_received")?,
        index("carried_over")?,
        index("total")?,
        index("carried_forward")?,
    );
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
    let mut values: Vec<Option<Vec<Decimal>>> = rows.iter().map(fixed).collect();
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
            let r1 = a + b == t + o;
            let r2 = sum.is_none_or(|s| s == t);
            match which {
                Identities::Both => r1 && r2,
                Identities::SumOfOutcomes => r2,
                Identities::Balance => r1,
            }
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
                return keep
                    .iter()
                    .all(|s| !s.is_empty())
                    .then(|| ambiguous.into_iter().zip(keep).collect());
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
