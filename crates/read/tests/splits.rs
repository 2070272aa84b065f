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

/// 一 = 七 in every column but 四 (结转) prints one more: the balance 一+二 = 七+四 fails whatever the split,
/// so the run-together 予以公开 row "111000012" is split by 七 = sum of outcomes alone, and said so.
#[test]
fn a_row_split_by_one_identity_when_the_document_breaks_the_other() {
    let r = rewritten(&[
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
        (
            "四、结转下年度继续办理 0 0 00 00 0 ",
            "四、结转下年度继续办理 1 0 0 0 0 0 1 ",
        ),
    ]);
    assert_eq!(values(&r, "granted"), counts(&[11, 1, 0, 0, 0, 0, 12]));
    let notes: Vec<&str> = r
        .notes
        .iter()
        .filter(|n| n.code == "READ-SPLIT-ONE-IDENTITY")
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(
        notes,
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
    let r = rewritten(&[
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
    ]);
    assert_eq!(values(&r, "granted"), counts(&[11, 1, 0, 0, 0, 0, 12]));
    assert!(r.notes.iter().all(|n| n.code != "READ-SPLIT-ONE-IDENTITY"));
    assert!(
        gongkai_check::check(&r, None)
            .iter()
            .all(|d| d.code != "T3-BALANCE")
    );
}
