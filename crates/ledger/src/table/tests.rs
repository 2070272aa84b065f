//! The 台账 layout: rows read, rejected with every reason, and written back.

use super::*;

fn table(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn good_rows_import_and_round_trip() {
    let (apps, _) = crate::sample::generate(500, 3);
    let (rows, skipped) = render(&apps);
    assert!(skipped.is_empty(), "{skipped:?}");
    let back = parse(&rows).unwrap();
    assert_eq!(back, apps);
}

#[test]
fn a_file_with_bad_rows_is_rejected_with_every_bad_row() {
    let t = table(&[
        &[
            "编号",
            "收到日期",
            "申请人类型",
            "申请人",
            "渠道",
            "申请内容",
            "办结日期",
            "办理结果",
        ],
        &[
            "A1",
            "2025-03-03",
            "自然人",
            "张三",
            "互联网",
            "某文件",
            "2025-03-20",
            "（一）予以公开",
        ],
        &[
            "A2",
            "2025-03-33",
            "自然人",
            "李四",
            "互联网",
            "某文件",
            "",
            "",
        ],
        &[
            "A3",
            "2025-03-03",
            "公司",
            "某公司",
            "互联网",
            "某文件",
            "2025-03-20",
            "批准",
        ],
        &[
            "A1",
            "2025-03-04",
            "自然人",
            "王五",
            "互联网",
            "某文件",
            "",
            "",
        ],
        &[
            "A5",
            "2025-03-10",
            "自然人",
            "赵六",
            "互联网",
            "某文件",
            "2025-03-01",
            "1.属于国家秘密",
        ],
    ]);
    let errors = parse(&t).unwrap_err();
    let rows: Vec<usize> = errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, [3, 4, 5, 6]);
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(text[0].contains("不是日期"), "{}", text[0]);
    assert!(
        text[1].contains("申请人类型“公司”") && text[1].contains("“批准”不是表三的办理结果行"),
        "{}",
        text[1]
    );
    assert!(text[2].contains("与第 2 行重复"), "{}", text[2]);
    assert!(text[3].contains("早于"), "{}", text[3]);
}

#[test]
fn headers_are_checked() {
    let t = table(&[&["编号", "收到日期"]]);
    assert!(
        parse(&t).unwrap_err()[0]
            .to_string()
            .contains("缺少必需的列")
    );
    let t = table(&[&[
        "编号",
        "收到日期",
        "申请人类型",
        "申请人",
        "渠道",
        "申请内容",
        "备注",
    ]]);
    assert!(
        parse(&t).unwrap_err()[0]
            .to_string()
            .contains("无法识别的列：备注")
    );
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let t = table(&[
        &[
            "编号",
            "收到日期",
            "申请人类型",
            "申请人",
            "渠道",
            "申请内容",
            "办结日期",
            "办理结果",
        ],
        &[
            "B1",
            "2026/11/03",
            "自然人",
            "张三",
            "互联网",
            "某文件",
            "2026年11月20日",
            "予以公开",
        ],
        &[
            "B2",
            "2026.11.04",
            "自然人",
            "李四",
            "互联网",
            "某文件",
            "",
            "",
        ],
        // A duplicate number with a bad date of its own: both reasons on the same row.
        &[
            "B1",
            "2026-13-01",
            "自然人",
            "王五",
            "互联网",
            "某文件",
            "",
            "",
        ],
        // A receipt after today, and a number the ledger has already.
        &[
            "OLD-1",
            "2026-12-09",
            "自然人",
            "赵六",
            "互联网",
            "某文件",
            "",
            "",
        ],
    ]);
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let existing: HashSet<String> = ["OLD-1".to_string()].into();
    let errors = parse_as_of(&t, today, &existing).unwrap_err();
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        errors.iter().map(|e| e.row).collect::<Vec<_>>(),
        [4, 5],
        "{text:?}"
    );
    assert!(
        text[0].contains("编号 B1 与第 2 行重复")
            && text[0].contains("“收到日期”的值“2026-13-01”不是日期"),
        "{}",
        text[0]
    );
    assert!(
        text[1].contains("编号 OLD-1 已在台账中")
            && text[1].contains("“收到日期”2026年12月9日 晚于今天（2026年12月7日）"),
        "{}",
        text[1]
    );
    // Without the bad rows the spellings read as the same dates.
    let good = parse_as_of(&t[..3], today, &existing).unwrap();
    assert_eq!(
        good[0].received,
        NaiveDate::from_ymd_opt(2026, 11, 3).unwrap()
    );
    assert_eq!(
        good[0].closed().unwrap().0,
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    );
    assert_eq!(good[0].closed().unwrap().1.key(), "granted");
    assert_eq!(
        good[1].received,
        NaiveDate::from_ymd_opt(2026, 11, 4).unwrap()
    );
}

#[test]
fn dates_in_the_usual_spellings() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 3);
    for v in [
        "2026-11-03",
        "2026-11-3",
        "2026/11/03",
        "2026/11/3",
        "2026.11.03",
        "2026年11月3日",
        "2026年11月03日",
        "2026-11-03 00:00:00",
    ] {
        assert_eq!(parse_date(v), d, "{v}");
    }
    for v in [
        "2026-11",
        "26-11-03",
        "2026-02-30",
        "2026-11-03x",
        "二〇二六年十一月三日",
        "",
    ] {
        assert_eq!(parse_date(v), None, "{v}");
    }
}

proptest::proptest! {
    /// Whatever a cell holds, reading it as a date or an outcome answers (a value or a refusal), never panics;
    /// a date read back is the one written.
    #[test]
    fn any_cell_is_read_or_refused(s in "\\PC{0,40}", y in 2008i32..2100, m in 1u32..=12, d in 1u32..=28) {
        let _ = parse_date(&s);
        let _ = crate::case::Outcome::parse(&s);
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for written in [date.to_string(), date.format("%Y/%-m/%-d").to_string(), date.format("%Y年%-m月%-d日").to_string()] {
            proptest::prop_assert_eq!(parse_date(&written), Some(date));
        }
    }
}
