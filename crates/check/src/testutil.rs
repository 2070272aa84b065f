//! Builders for rule tests: a balanced 2021-format report and cell setters.

use gongkai_model::exchange::from_json;
use gongkai_model::{Cell, CellValue, Report};
use rust_decimal::Decimal;

/// A 2021-format report for 2021 in which every identity holds.
pub fn valid_2021() -> Report {
    let z = [0; 7];
    let mut t3 = serde_json::Map::new();
    for def in gongkai_model::table3_rows(gongkai_model::FormatVersion::V2021) {
        let v = match def.key {
            "new_received" => [8, 1, 0, 0, 0, 1, 10],
            "granted" => [5, 1, 0, 0, 0, 0, 6],
            "unable.not_held" => [3, 0, 0, 0, 0, 1, 4],
            "total" => [8, 1, 0, 0, 0, 1, 10],
            _ => z,
        };
        t3.insert(def.key.into(), serde_json::json!(v));
    }
    let v = serde_json::json!({
        "agency": "示例机关", "year": 2021, "format": "2021",
        "table2": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative_documents": {"issued": 3, "repealed": 1, "in_force": 18},
            "licensing": {"decisions": 120}, "penalties": {"decisions": 4}, "enforcement": {"decisions": 0},
            "fees": {"amount_10k_yuan": 12.5}
        },
        "table3": t3,
        "table4": {"reconsideration": [1, 0, 0, 1, 2], "litigation_direct": [0, 0, 0, 0, 0],
                   "litigation_after_reconsideration": [0, 0, 0, 0, 0]}
    });
    let mut r = from_json(&v).expect("valid fixture");
    let skeleton = Report::skeleton(gongkai_model::FormatVersion::V2021, 2021, "示例机关");
    (r.period, r.sections) = (skeleton.period, skeleton.sections);
    r
}

fn cell_mut<'a>(r: &'a mut Report, table: &str, row: &str, col: usize) -> &'a mut Cell {
    let t = match table {
        "table2" => &mut r.table2,
        "table3" => &mut r.table3,
        _ => &mut r.table4,
    };
    &mut t
        .rows
        .iter_mut()
        .find(|x| x.key == row)
        .expect("row exists")
        .cells[col]
}

/// Sets a numeric cell.
pub fn set(r: &mut Report, table: &str, row: &str, col: usize, v: i64) {
    let c = cell_mut(r, table, row, col);
    c.value = CellValue::Number(Decimal::from(v));
    c.printed = v.to_string();
}

/// Sets a cell from printed text (blank, mark or unreadable).
pub fn set_text(r: &mut Report, table: &str, row: &str, col: usize, text: &str) {
    let c = cell_mut(r, table, row, col);
    c.value = match text {
        "" => CellValue::Blank,
        "/" | "—" | "无" => CellValue::Mark(text.into()),
        t => CellValue::Unreadable(t.into()),
    };
    c.printed = text.into();
}

/// The codes of every rule's own diagnostics (none folded by cause).
pub fn codes(r: &Report) -> Vec<&'static str> {
    crate::each_rule(r, None)
        .into_iter()
        .map(|d| d.code)
        .collect()
}

/// The codes of every rule's own diagnostics with a previous year's report.
pub fn codes_prev(r: &Report, p: &Report) -> Vec<&'static str> {
    crate::each_rule(r, Some(p))
        .into_iter()
        .map(|d| d.code)
        .collect()
}
