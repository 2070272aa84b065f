//! Bad input never panics: random bytes, and the corpus documents cut and corrupted at random places,
//! either read or fail with a [`gongkai_read::ReadError`].

use proptest::prelude::*;
use std::path::PathBuf;

fn corpus_files() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    [
        "xinzheng-zwfw-2020.txt",
        "2021_pingtan-syq.txt",
        "2019_shanghai-szfbgt.html",
        "2023_shuyang-fgj.html",
    ]
    .iter()
    .map(|f| std::fs::read(dir.join(f)).expect("corpus file"))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = gongkai_read::read_bytes("random", &bytes);
    }

    #[test]
    fn corrupted_reports_never_panic(which in 0usize..4, cut in 0.0f64..1.0, flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..16)) {
        let files = corpus_files();
        let mut bytes = files[which].clone();
        for (at, b) in flips {
            let i = ((bytes.len() as f64) * at) as usize;
            if i < bytes.len() { bytes[i] = b; }
        }
        bytes.truncate(((bytes.len() as f64) * cut) as usize);
        let _ = gongkai_read::read_bytes("corrupted", &bytes);
    }
}

/// A 9 MB line holding one row of 表三 and no other label: the rows not found are looked for by similarity
/// only near their neighbours, so reading returns (with the other rows missing) instead of searching the
/// whole line once per row.
#[test]
fn a_huge_line_with_one_label_returns_with_the_other_rows_missing() {
    let mut s = String::from("申请人情况 一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1 ");
    s.push_str(&"某".repeat(3_000_000));
    let r = gongkai_read::read_bytes("huge.txt", s.as_bytes()).unwrap();
    let new = r.table3.row("new_received").unwrap();
    assert_eq!(new.cells[6].value.number(), Some(1.into()));
    assert!(r.table3.row("granted").is_none());
}
