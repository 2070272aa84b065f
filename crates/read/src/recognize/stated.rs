//! Values the report's own text states for a 表二 row whose digits ran together: “动态更新本年度制发的规范性
//! 文件88件”, “政府集中采购21条共5419886元”. They narrow the row's splits only when some split agrees with every
//! stated value, and the narrowing is said in a note quoting the sentence.

use super::place::SegRead;
use super::resolve::PendingRow;
use crate::linear::Linear;
use gongkai_model::ReadNote;
use regex::Regex;
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::LazyLock;

/// A sentence's values: (column, value — 万元 for amounts) and the words stating them.
struct Stated {
    values: Vec<(usize, Decimal)>,
    words: String,
}

/// 行政规范性文件 (2021): 制发, 废止 and 现行有效 counts, each “…规范性文件N件”.
static NORMATIVE: LazyLock<[(usize, Regex); 3]> = LazyLock::new(|| {
    let re = |verb: &str| {
        Regex::new(&format!(
            r"(?:{verb})(?:了)?(?:的)?(?:行政)?规范性文件(?:共)?(\d{{1,6}})件"
        ))
        .expect("regex")
    };
    [
        (0, re("制发|制定|印发|出台")),
        (1, re("废止")),
        (2, re("现行有效")),
    ]
});

/// 政府集中采购 (2019): the number of projects and the amount, “政府集中采购21条共5419886元”.
static PROCUREMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"政府集中采购[^。；，]{0,12}?(\d{1,6})(?:个|项|条|笔|批)[^。；\d]{0,8}?(\d{1,12}(?:\.\d{1,6})?)(万元|元)")
        .expect("regex")
});

/// What `text` states for the row `key`.
fn stated(text: &str, key: &str) -> Vec<Stated> {
    let mut out = Vec::new();
    match key {
        "normative_documents" => {
            for (col, re) in NORMATIVE.iter() {
                for c in re.captures_iter(text) {
                    if let Ok(value) = Decimal::from_str(&c[1]) {
                        let words = c[0].to_string();
                        out.push(Stated {
                            values: vec![(*col, value)],
                            words,
                        });
                    }
                }
            }
        }
        "procurement" => {
            for c in PROCUREMENT.captures_iter(text) {
                let (Ok(count), Ok(amount)) = (Decimal::from_str(&c[1]), Decimal::from_str(&c[2]))
                else {
                    continue;
                };
                let amount = if &c[3] == "元" {
                    amount / Decimal::from(10_000)
                } else {
                    amount
                };
                out.push(Stated {
                    values: vec![(0, count), (1, amount.normalize())],
                    words: c[0].to_string(),
                });
            }
        }
        _ => {}
    }
    out
}

/// Narrows each run-together row of `rows` by the values the text before the table (`lin.text[..before]`)
/// states for it; a note for each row so narrowed.
pub(super) fn narrow_by_stated(
    lin: &Linear,
    rows: &mut [PendingRow],
    before: usize,
) -> Vec<ReadNote> {
    let text = &lin.text[..before];
    let mut notes = Vec::new();
    for row in rows {
        let SegRead::Runs { ranges, candidates } = &mut row.read else {
            continue;
        };
        if candidates.len() < 2 {
            continue;
        }
        let facts = stated(text, &row.key);
        let agrees = |values: &[Decimal], f: &Stated| {
            f.values
                .iter()
                .all(|&(col, v)| values.get(col).is_some_and(|x| x.normalize() == v))
        };
        // Only the sentences some split agrees with: one about another matter (or another year) is ignored.
        let used: Vec<&Stated> = facts
            .iter()
            .filter(|f| candidates.iter().any(|s| agrees(&s.values, f)))
            .collect();
        if used.is_empty() {
            continue;
        }
        let kept: Vec<_> = candidates
            .iter()
            .filter(|s| used.iter().all(|f| agrees(&s.values, f)))
            .cloned()
            .collect();
        if kept.is_empty() || kept.len() == candidates.len() {
            continue;
        }
        *candidates = kept;
        let printed: Vec<&str> = ranges.iter().map(|r| &lin.text[r.clone()]).collect();
        let mut words: Vec<String> = used.iter().map(|f| format!("“{}”", f.words)).collect();
        words.dedup();
        notes.push(ReadNote {
            code: "READ-SPLIT-BY-TEXT",
            message: format!(
                "表二“{}”行的数字粘连（原文“{}”），按报告正文{}拆分{}；请核对原件",
                row.printed_label,
                printed.join(" "),
                words.join(""),
                if candidates.len() > 1 {
                    "，仍有多种拆法"
                } else {
                    ""
                }
            ),
            source: row.source.clone(),
        });
    }
    notes
}
