//! Amounts and counts printed with their units (表二's 政府集中采购): cut from 2019_pingtan-syq.txt, whose
//! procurement row is rewritten the ways other agencies print it.

use gongkai_model::{CellValue, Report};
use gongkai_testkit::corpus;
use rust_decimal::Decimal;
use std::str::FromStr;

const PRINTED: &str = "采购项目数量采购总金额政府集中采购13575394432.52元";

/// The corpus report with its procurement header and row printed as `row`.
fn with_procurement(row: &str) -> Report {
    let text = std::fs::read_to_string(corpus().join("2019_pingtan-syq.txt")).expect("corpus");
    assert!(text.contains(PRINTED), "the fixture's source changed");
    let text = text.replace(PRINTED, row);
    gongkai_read::read_bytes("2019_pingtan-syq.txt", text.as_bytes()).expect("reads")
}

fn procurement(r: &Report) -> (CellValue, CellValue) {
    let row = r.table2.row("procurement").expect("row found");
    (row.cells[0].value.clone(), row.cells[1].value.clone())
}

fn n(s: &str) -> CellValue {
    CellValue::Number(Decimal::from_str(s).unwrap())
}

fn unit_notes(r: &Report) -> Vec<&str> {
    r.notes
        .iter()
        .filter(|n| n.code == "READ-UNIT")
        .map(|n| n.message.as_str())
        .collect()
}

#[test]
fn a_count_with_its_counting_word_and_an_amount_in_yuan() {
    let r = with_procurement("采购项目数量采购总金额政府集中采购1个246900元");
    assert_eq!(procurement(&r), (n("1"), n("24.69")));
    let row = r.table2.row("procurement").unwrap();
    assert_eq!(row.cells[0].printed, "1个");
    assert_eq!(row.cells[1].printed, "246900元");
    assert!(unit_notes(&r).is_empty(), "the cell prints its own unit");

    let r = with_procurement("采购项目数量采购总金额政府集中采购2笔 984361元");
    assert_eq!(procurement(&r), (n("2"), n("98.4361")));
}

#[test]
fn the_unit_in_the_label_or_the_header() {
    let r = with_procurement("采购项目数量采购总金额政府集中采购（元）5 6675809");
    assert_eq!(procurement(&r), (n("5"), n("667.5809")));
    assert_eq!(
        unit_notes(&r),
        [
            "表二“政府集中采购”行的金额以“元”为单位印制（行标签印为“政府集中采购（元）”），已折算为万元"
        ]
    );
    assert_eq!(
        r.table2.row("procurement").unwrap().cells[1].printed,
        "6675809"
    );

    let r = with_procurement("采购项目数量采购总金额（单位：元）政府集中采购5 6675809");
    assert_eq!(procurement(&r), (n("5"), n("667.5809")));
    assert_eq!(
        unit_notes(&r),
        [
            "表二“政府集中采购”行的金额以“元”为单位印制（表头印为“采购总金额（单位：元）”），已折算为万元"
        ]
    );

    // 万元 in the label: nothing converted, nothing said.
    let r = with_procurement("采购项目数量采购总金额政府集中采购（万元）5 667.5809");
    assert_eq!(procurement(&r), (n("5"), n("667.5809")));
    assert!(unit_notes(&r).is_empty());
}
