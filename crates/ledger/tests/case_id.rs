//! Case numbers are checked however they arrive: printable, bounded, no path separators or bidi controls.

use gongkai_ledger::case::check_id;

#[test]
fn case_numbers_are_printable_and_bounded() {
    for good in ["YSQ20261201000001", "2026-依申请-001", "（2026）第12号"] {
        assert!(check_id(good).is_ok(), "{good}");
    }
    let cases = [
        ("", "为空"),
        ("a/b", "“/”"),
        ("a\\b", "“/”或“\\”"),
        (" a", "首尾有空格"),
        ("a\u{7}", "控制字符"),
        ("a\u{202E}fdp.exe", "显示方向"),
    ];
    for (bad, words) in cases {
        let e = check_id(bad).unwrap_err().to_string();
        assert!(e.contains(words), "{bad:?}: {e}");
        assert!(!e.contains('\u{202E}') && !e.contains('\u{7}'), "{e}");
    }
    let long = "编".repeat(65);
    assert!(
        check_id(&long)
            .unwrap_err()
            .to_string()
            .contains("超过 64 个字符")
    );
    assert!(check_id(&"编".repeat(64)).is_ok());
}
