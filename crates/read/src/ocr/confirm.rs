//! Choosing among a recognised cell's readings with the tables' printed identities: a cell the engine read
//! uncertainly (two readings that differ, or one below the confidence taken) is settled only when every
//! identity it takes part in whose other cells are all known holds for exactly one of its readings — and at
//! least one such identity exists. Settling one cell can complete another identity, so this repeats until
//! nothing changes. A table that breaks its identities leaves its cells as they were.

use gongkai_model::{CellValue, FormatVersion, ReadNote, Report, TableData, TableId, table3_rows};
use rust_decimal::Decimal;

/// A cell of 表三 (0) or 表四 (1): (table, row index, column).
type At = (u8, usize, usize);

/// An identity: the cells with their signs; their signed sum is 0.
type Identity = Vec<(At, i8)>;

/// The identities printed on 表三 and 表四, over the rows found.
fn identities(r: &Report) -> Vec<Identity> {
    let mut out = Vec::new();
    let t3 = &r.table3;
    let row = |key: &str| t3.rows.iter().position(|x| x.key == key);
    // Each 表三 row: the six applicant columns add up to 总计.
    for (i, x) in t3.rows.iter().enumerate() {
        if x.cells.len() == 7 {
            let mut id: Identity = (0..6).map(|c| ((0, i, c), 1)).collect();
            id.push(((0, i, 6), -1));
            out.push(id);
        }
    }
    // Each 表三 column: 一 + 二 = 总计 + 四, and 总计 = the sum of the outcomes (every outcome row of the
    // format found, else that identity is not used).
    if let (Some(new), Some(carried), Some(total), Some(fwd)) = (
        row("new_received"),
        row("carried_over"),
        row("total"),
        row("carried_forward"),
    ) {
        let outcomes: Option<Vec<usize>> = t3
            .format
            .map(|f: FormatVersion| table3_rows(f))
            .unwrap_or_default()
            .iter()
            .filter(|d| d.outcome)
            .map(|d| row(d.key))
            .collect();
        for c in 0..7 {
            out.push(vec![
                ((0, new, c), 1),
                ((0, carried, c), 1),
                ((0, total, c), -1),
                ((0, fwd, c), -1),
            ]);
            if let Some(o) = outcomes.as_ref().filter(|o| !o.is_empty()) {
                let mut id: Identity = o.iter().map(|&i| ((0, i, c), 1)).collect();
                id.push(((0, total, c), -1));
                out.push(id);
            }
        }
    }
    // Each 表四 block: 维持 + 纠正 + 其他 + 尚未审结 = 总计.
    for (i, x) in r.table4.rows.iter().enumerate() {
        if x.cells.len() == 5 {
            let mut id: Identity = (0..4).map(|c| ((1, i, c), 1)).collect();
            id.push(((1, i, 4), -1));
            out.push(id);
        }
    }
    out
}

/// 表三 (0) or 表四 (1).
fn table(r: &Report, t: u8) -> &TableData {
    if t == 0 { &r.table3 } else { &r.table4 }
}

fn value(r: &Report, (t, i, c): At) -> Option<&CellValue> {
    table(r, t).rows.get(i)?.cells.get(c).map(|x| &x.value)
}

/// The readings of an uncertain recognised cell: the two of 〔待核：…〕, or the one read below the confidence
/// taken (〔无法识别：0（识别置信度 61%）〕).
fn readings(v: &CellValue) -> Vec<Decimal> {
    match v {
        CellValue::Ambiguous(list) => list.clone(),
        CellValue::Unreadable(t) => super::low_confidence_reading(t).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Settles what the identities allow; returns a note naming the cells settled, if any.
pub fn by_identities(r: &mut Report) -> Option<ReadNote> {
    let ids = identities(r);
    let mut settled: Vec<(At, Decimal)> = Vec::new();
    loop {
        let mut changed = false;
        for id in &ids {
            for &(at, _) in id {
                let options = value(r, at).map(readings).unwrap_or_default();
                if options.is_empty() {
                    continue;
                }
                // Every identity of this cell whose other cells are all known.
                let usable: Vec<(Decimal, i8)> = ids
                    .iter()
                    .filter_map(|other| {
                        let sign = other.iter().find(|(a, _)| *a == at)?.1;
                        let rest: Option<Decimal> = other
                            .iter()
                            .filter(|(a, _)| *a != at)
                            .map(|&(a, s)| value(r, a)?.arithmetic().map(|v| v * Decimal::from(s)))
                            .sum();
                        rest.map(|rest| (rest, sign))
                    })
                    .collect();
                if usable.is_empty() {
                    continue;
                }
                let fits: Vec<Decimal> = options
                    .into_iter()
                    .filter(|v| {
                        usable
                            .iter()
                            .all(|(rest, s)| *rest + *v * Decimal::from(*s) == Decimal::ZERO)
                    })
                    .collect();
                if let [v] = fits[..] {
                    let (t, i, c) = at;
                    let target = if t == 0 { &mut r.table3 } else { &mut r.table4 };
                    target.rows[i].cells[c].value = CellValue::Number(v);
                    settled.push((at, v));
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let first = settled.first()?.0;
    let named: Vec<String> = settled
        .iter()
        .take(10)
        .map(|&((t, i, c), v)| {
            let (name, id, cols): (&str, _, &[gongkai_model::ColumnDef]) = if t == 0 {
                ("表三", TableId::Table3, &gongkai_model::TABLE3_COLUMNS)
            } else {
                ("表四", TableId::Table4, &gongkai_model::TABLE4_COLUMNS)
            };
            let row = &table(r, t).rows[i];
            // The row as the document prints it (the official label when the print was not read).
            let label = if row.printed_label.is_empty() {
                r.row_label(id, &row.key)
            } else {
                row.printed_label.clone()
            };
            format!("{name}“{label}”行“{}”列为 {v}", cols[c].label)
        })
        .collect();
    let more = if settled.len() > 10 {
        format!("等 {} 个单元格", settled.len())
    } else {
        String::new()
    };
    let (t, i, c) = first;
    let source = table(r, t).rows[i].cells[c].source.clone();
    Some(ReadNote {
        code: "READ-OCR-BY-IDENTITY",
        message: format!(
            "文字识别对{}{more}没有把握（两次识别不一致或置信度不足），表格的勾稽关系只容许其中一种读法，已按该读法采用；请核对原件",
            named.join("、")
        ),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(r: &mut Report, key: &str, col: usize, v: CellValue) {
        let row = r.table3.rows.iter_mut().find(|x| x.key == key).unwrap();
        row.cells[col].value = v;
    }

    fn get(r: &Report, key: &str, col: usize) -> CellValue {
        r.table3.cell(key, col).unwrap().value.clone()
    }

    fn low(reading: &str) -> CellValue {
        CellValue::Unreadable(format!("{reading}（识别置信度 61%）"))
    }

    #[test]
    fn a_reading_the_identities_single_out_is_taken_and_named() {
        let truth = gongkai_testkit::seed_report();
        let mut r = truth.clone();
        let granted = truth.t3("granted", 0).unwrap();
        // A low-confidence right reading; two readings of which one is right; two uncertain cells in one
        // row and one column (each settled by its other identities).
        set(&mut r, "granted", 0, low(&granted.to_string()));
        let total = truth.t3("total", 6).unwrap();
        set(
            &mut r,
            "total",
            6,
            CellValue::Ambiguous(vec![total + Decimal::from(80), total]),
        );
        set(&mut r, "denied.state_secret", 0, low("0"));
        set(&mut r, "denied.state_secret", 1, low("0"));
        let note = by_identities(&mut r).expect("a note");
        assert_eq!(r.table3, truth.table3);
        assert_eq!(note.code, "READ-OCR-BY-IDENTITY");
        assert!(
            note.message
                .contains(&format!("表三“（七）总计”行“总计”列为 {total}")),
            "{}",
            note.message
        );
    }

    #[test]
    fn a_reading_the_identities_contradict_or_cannot_judge_stays_uncertain() {
        let truth = gongkai_testkit::seed_report();
        let mut r = truth.clone();
        let granted = truth.t3("granted", 0).unwrap();
        // Wrong low-confidence reading: stays unreadable.
        set(
            &mut r,
            "granted",
            0,
            low(&(granted + Decimal::ONE).to_string()),
        );
        assert!(by_identities(&mut r).is_none());
        assert_eq!(
            get(&r, "granted", 0),
            low(&(granted + Decimal::ONE).to_string())
        );
        // A right reading no complete identity can judge: the other cell of its row, its column's balance
        // and its column's sum of outcomes each hold an unreadable cell.
        let mut r = truth.clone();
        let total = truth.t3("total", 0).unwrap();
        let seen = || CellValue::Unreadable("有字迹".into());
        set(&mut r, "total", 6, seen());
        set(&mut r, "new_received", 0, seen());
        set(&mut r, "granted", 0, seen());
        set(&mut r, "total", 0, low(&total.to_string()));
        assert!(by_identities(&mut r).is_none());
        assert_eq!(get(&r, "total", 0), low(&total.to_string()));
    }
}
