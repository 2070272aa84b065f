//! A money unit printed after a row's label or in a column header (“政府集中采购（元）”, “采购总金额（单位：元）”)
//! rather than in each cell: the cells' amounts are then in that unit and converted to the model's 万元.

use super::place::SegRead;
use crate::linear::Linear;
use gongkai_model::{CellValue, ColumnKind};
use rust_decimal::Decimal;

/// A money unit as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    /// 元: amounts are divided by 10,000.
    Yuan,
    /// 万元: the model's unit.
    TenThousandYuan,
}

/// The unit in brackets at `from` (spaces allowed before it, within `to`): its end and the unit.
pub(super) fn unit_at(text: &str, from: usize, to: usize) -> Option<(usize, Unit)> {
    let s = &text[from..to.max(from)];
    let t = s.trim_start_matches(' ');
    let inner = t.strip_prefix('（').or_else(|| t.strip_prefix('('))?;
    let inner = inner.trim_start_matches(' ');
    let inner = ["单位：", "单位:"]
        .iter()
        .find_map(|p| inner.strip_prefix(p))
        .unwrap_or(inner)
        .trim_start_matches(' ');
    let (unit, rest) = if let Some(r) = inner.strip_prefix("万元") {
        (Unit::TenThousandYuan, r)
    } else {
        (Unit::Yuan, inner.strip_prefix('元')?)
    };
    let rest = rest.trim_start_matches(' ');
    let rest = rest.strip_prefix('）').or_else(|| rest.strip_prefix(')'))?;
    // `rest` is a suffix of `s`: the unit ends where it begins.
    Some((from + s.len() - rest.len(), unit))
}

/// Converts a segment's amounts printed without their own unit from `unit` to 万元 (the printed text keeps
/// what the document prints).
pub(super) fn apply_unit(lin: &Linear, read: &mut SegRead, kinds: &[ColumnKind], unit: Unit) {
    if unit == Unit::TenThousandYuan {
        return;
    }
    let in_yuan = |d: Decimal| (d / Decimal::from(10_000)).normalize();
    let bare = |printed: &str| !printed.contains('元');
    match read {
        SegRead::Cells(cells) => {
            for (cell, kind) in cells.iter_mut().zip(kinds) {
                if *kind == ColumnKind::Money10kYuan
                    && bare(&cell.printed)
                    && let CellValue::Number(d) = cell.value
                {
                    cell.value = CellValue::Number(in_yuan(d));
                }
            }
        }
        SegRead::Runs { ranges, candidates } => {
            for split in candidates.iter_mut() {
                for (i, kind) in kinds.iter().enumerate() {
                    let (run, a, b) = split.spans[i];
                    let printed = &lin.text[ranges[run].start + a..ranges[run].start + b];
                    if *kind == ColumnKind::Money10kYuan && bare(printed) {
                        split.values[i] = in_yuan(split.values[i]);
                    }
                }
            }
        }
        SegRead::Positioned(_) | SegRead::Unplaced(_) => {}
    }
}

/// The unit of a table's money column when its header prints one (“采购总金额（元）”, “本年收费金额（单位：
/// 元）”), searched in `[start, end)`, with the header as printed (from 金额, with the words of the official
/// column label before it).
pub(super) fn header_unit(lin: &Linear, start: usize, end: usize) -> Option<(Unit, String)> {
    let mut pos = start;
    while let Some(r) = lin.find("金额", pos, end) {
        pos = r.end;
        if let Some((unit_end, unit)) = unit_at(&lin.text, r.end, end) {
            let before = &lin.text[start..r.start];
            let head = ["采购总", "本年收费", "收费", "采购"]
                .into_iter()
                .find(|h| before.ends_with(h))
                .unwrap_or("");
            return Some((unit, format!("{head}{}", &lin.text[r.start..unit_end])));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_brackets() {
        let t = "政府集中采购（元）6675809";
        let from = "政府集中采购".len();
        let (end, unit) = unit_at(t, from, t.len()).unwrap();
        assert_eq!((&t[end..], unit), ("6675809", Unit::Yuan));
        let t = "金额 (单位：万元) 5";
        let (end, unit) = unit_at(t, "金额".len(), t.len()).unwrap();
        assert_eq!((&t[end..], unit), (" 5", Unit::TenThousandYuan));
        for t in ["（一）", "（元", "元）", "(人民币)"] {
            assert_eq!(unit_at(t, 0, t.len()), None, "{t}");
        }
    }
}
