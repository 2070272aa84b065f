//! 表三 rows whose digits run together, split by the table's identities: cut from 2019_pingtan-syq.txt,
//! whose rows are rewritten so that the document itself breaks one identity.

use gongkai_model::{CellValue, Report};
use gongkai_testkit::corpus;
use rust_decimal::Decimal;

/// The corpus report with each `(printed, replacement)` applied once.
fn rewritten(edits: &[(&str, &str)]) -> Report {
    let mut text = std::fs::read_to_string(corpus().join("2019_pingtan-syq.txt")).expect("corpus");
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "the fixture's source changed: {from}"
        );
        text = text.replacen(from, to, 1);
    }
    gongkai_read::read_bytes("2019_pingtan-syq.txt", text.as_bytes()).expect("reads")
}

fn values(r: &Report, key: &str) -> Vec<CellValue> {
    let row = r.table3.row(key).expect("row found");
    row.cells.iter().map(|c| c.value.clone()).collect()
}

fn counts(v: &[i64]) -> Vec<CellValue> {
    v.iter()
        .map(|&n| CellValue::Number(Decimal::from(n)))
        .collect()
}

/// 一 and （七） print 11 1 … 12 spaced, 予以公开 the same run together as “111000012”, every other outcome 0.
const GRANTED_RUN_TOGETHER: &[(&str, &str)] = &[
    (
        "一、本年新收政府信息公开申请数量230 000023",
        "一、本年新收政府信息公开申请数量11 1 0 0 0 0 12",
    ),
    ("（一）予以公开7000007", "（一）予以公开111000012"),
    (
        "（区分处理的，只计这一情形，不计其他情形）1000001",
        "（区分处理的，只计这一情形，不计其他情形）0000000",
    ),
    (
        "1.本机关不掌握相关政府信息7000007",
        "1.本机关不掌握相关政府信息0000000",
    ),
    (
        "3.补正后申请内容仍不明确5000005",
        "3.补正后申请内容仍不明确0000000",
    ),
    ("2.重复申请3000003", "2.重复申请0000000"),
    ("（七）总计23 0 00 0 023", "（七）总计11 1 0 0 0 0 12"),
];

/// 一 = 七 in every column but 四 (结转) prints one more: the balance 一+二 = 七+四 fails whatever the split,
/// so the run-together 予以公开 row "111000012" is split by 七 = sum of outcomes alone, and said so.
#[test]
fn a_row_split_by_one_identity_when_the_document_breaks_the_other() {
    let mut edits = GRANTED_RUN_TOGETHER.to_vec();
    edits.push((
        "四、结转下年度继续办理 0 0 00 00 0 ",
        "四、结转下年度继续办理 1 0 0 0 0 0 1 ",
    ));
    let r = rewritten(&edits);
    assert_eq!(values(&r, "granted"), counts(&[11, 1, 0, 0, 0, 0, 12]));
    assert_eq!(
        notes_of(&r, "READ-SPLIT-ONE-IDENTITY"),
        [
            "表三“（一）予以公开”行的数字粘连，原文的勾稽关系“第一项加第二项之和等于第三项加第四项之和”无论怎样拆分都不成立，只按“（七）总计等于各项办理结果之和”拆分；请核对原件"
        ]
    );
    // The broken identity is the document's, and the checker says so.
    let findings = gongkai_check::check(&r, None);
    assert!(
        findings.iter().any(|d| d.code == "T3-BALANCE"),
        "{findings:#?}"
    );
}

/// With both identities holding, a run-together row is split silently: no note.
#[test]
fn both_identities_hold_no_note() {
    let r = rewritten(GRANTED_RUN_TOGETHER);
    assert_eq!(values(&r, "granted"), counts(&[11, 1, 0, 0, 0, 0, 12]));
    assert!(r.notes.iter().all(|n| n.code != "READ-SPLIT-ONE-IDENTITY"));
    assert!(
        gongkai_check::check(&r, None)
            .iter()
            .all(|d| d.code != "T3-BALANCE")
    );
}

/// “70000018” for seven columns splits two ways (70 0 0 0 0 1 8, 7 0 0 0 0 0 18) and neither makes 总计 the
/// sum of the six applicant columns: the document's error, one T3-ROW-TOTAL finding, no reader's doubt.
#[test]
fn no_split_adds_up_is_the_documents_error() {
    let r = rewritten(&[("（一）予以公开7000007", "（一）予以公开70000018")]);
    assert_eq!(r.table3.row("granted").unwrap().split_candidates.len(), 2);
    let findings = gongkai_check::check(&r, None);
    let on_row: Vec<(&str, &str)> = findings
        .iter()
        .filter(|d| d.row.as_deref() == Some("granted"))
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    assert_eq!(
        on_row,
        [(
            "T3-ROW-TOTAL",
            "表三（收到和处理政府信息公开申请情况） “（一）予以公开” 行：原文“70000018”数字粘连，无论怎样拆分（共 2 种拆法），六类申请人之和都不等于总计"
        )]
    );
}

fn cell_values(r: &Report, key: &str) -> Vec<CellValue> {
    let row = r.table2.row(key).expect("row found");
    row.cells.iter().map(|c| c.value.clone()).collect()
}

fn notes_of<'a>(r: &'a Report, code: &str) -> Vec<&'a str> {
    r.notes
        .iter()
        .filter(|n| n.code == code)
        .map(|n| n.message.as_str())
        .collect()
}

/// 2022_pingtan-syq prints “行政规范性文件8855698”; its first part says “集中公开现行有效行政规范性文件698件，
/// 动态更新本年度制发的规范性文件88件”: 88 制发, 55 废止, 698 现行有效 — the only split with both.
#[test]
fn the_reports_own_sentences_decide_a_split() {
    let path = corpus().join("2022_pingtan-syq.txt");
    let r = gongkai_read::read_path(&path).expect("reads");
    assert_eq!(
        cell_values(&r, "normative_documents"),
        counts(&[88, 55, 698])
    );
    assert_eq!(
        notes_of(&r, "READ-SPLIT-BY-TEXT"),
        [
            "表二“行政规范性文件”行的数字粘连（原文“8855698”），按报告正文“制发的规范性文件88件”“现行有效行政规范性文件698件”拆分；请核对原件"
        ]
    );

    // 2022_pingtan-nyn: “5125” and “我局共制定规范性文件5件”: 制发 5, the rest still open (1 | 25 or 12 | 5).
    let r = gongkai_read::read_path(&corpus().join("2022_pingtan-nyn.txt")).expect("reads");
    let row = r.table2.row("normative_documents").unwrap();
    assert_eq!(row.cells[0].value, counts(&[5])[0]);
    assert!(matches!(row.cells[1].value, CellValue::Ambiguous(_)));
    assert_eq!(row.split_candidates.len(), 2);
    assert_eq!(
        notes_of(&r, "READ-SPLIT-BY-TEXT"),
        [
            "表二“行政规范性文件”行的数字粘连（原文“5125”），按报告正文“制定规范性文件5件”拆分，仍有多种拆法；请核对原件"
        ]
    );
}

/// 政府集中采购 “215419886元” with the text saying “政府集中采购21条共5419886元”: 21 projects, 541.9886 万元.
/// A sentence no split agrees with (another matter) decides nothing.
#[test]
fn a_procurement_sentence_decides_count_and_amount() {
    let printed = "政府集中采购13575394432.52元";
    let sentence = "今年累计公开政府采购项目信息2536条";
    let r = rewritten(&[
        (printed, "政府集中采购215419886元"),
        (sentence, "今年政府集中采购21条共5419886元"),
    ]);
    let mut want = counts(&[21]);
    want.push(CellValue::Number(Decimal::new(5419886, 4)));
    assert_eq!(cell_values(&r, "procurement"), want);
    assert_eq!(notes_of(&r, "READ-SPLIT-BY-TEXT").len(), 1);

    let r = rewritten(&[
        (printed, "政府集中采购215419886元"),
        (sentence, "今年政府集中采购7条共5419886元"),
    ]);
    assert!(matches!(
        cell_values(&r, "procurement")[0],
        CellValue::Ambiguous(_)
    ));
    assert!(notes_of(&r, "READ-SPLIT-BY-TEXT").is_empty());
}

/// Last year's report decides a split by the chain between the years. 2019_pingtan-syq prints 规范性文件
/// “898989” and 2020_pingtan-syq “7777166” (2019 format): only 77 | 77 | 166 with a 2019 total of 89 make
/// the chain (166 = 89 + 77). 2021_pingtan-syq's “693665” with 2022's 88 | 55 | 698 (decided by its text): 现行有效 665,
/// while 6 | 93 and 69 | 3 both remain.
#[test]
fn last_years_report_decides_by_the_chain() {
    let read = |f: &str| gongkai_read::read_path(&corpus().join(f)).expect("reads");
    let (mut now, mut before) = (read("2020_pingtan-syq.txt"), read("2019_pingtan-syq.txt"));
    gongkai_check::narrow_by_previous(&mut now, &mut before);
    assert_eq!(
        cell_values(&now, "normative_documents"),
        counts(&[77, 77, 166])
    );
    // 2019's 对外公开总数量 is 89; its first two columns stay open (8 | 989, 89 | 89, 898 | 9).
    let row = before.table2.row("normative_documents").unwrap();
    assert_eq!(row.cells[2].value, counts(&[89])[0]);
    assert_eq!(row.split_candidates.len(), 3);
    assert_eq!(
        notes_of(&now, "READ-SPLIT-BY-PREVIOUS"),
        [
            "表二“规范性文件”行的数字粘连（原文“7777166”），按与上一年度报告的衔接关系（本年对外公开总数量 = 上年对外公开总数量 + 本年新公开数量）拆分；请核对原件"
        ]
    );
    // The check with last year's report says the same, and no longer calls the row ambiguous.
    let findings = gongkai_check::check(
        &read("2020_pingtan-syq.txt"),
        Some(&read("2019_pingtan-syq.txt")),
    );
    assert!(
        !findings
            .iter()
            .any(|d| d.code == "CELL-AMBIGUOUS" && d.row.as_deref() == Some("normative_documents"))
    );

    let (mut now, mut before) = (read("2022_pingtan-syq.txt"), read("2021_pingtan-syq.txt"));
    gongkai_check::narrow_by_previous(&mut now, &mut before);
    let row = before.table2.row("normative_documents").unwrap();
    assert_eq!(row.cells[2].value, counts(&[665])[0]);
    assert_eq!(
        row.cells[0].value,
        CellValue::Ambiguous(vec![Decimal::from(6), Decimal::from(69)])
    );
    assert_eq!(
        notes_of(&before, "READ-SPLIT-BY-PREVIOUS"),
        [
            "表二“行政规范性文件”行的数字粘连（原文“693665”），按与下一年度报告的衔接关系（本年现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数）拆分，仍有多种拆法；请核对原件"
        ]
    );
}
