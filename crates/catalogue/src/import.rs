//! An existing catalogue from a CSV/XLSX table (rows of text, the header first): columns by their Chinese names
//! — 索引号, 标题, 发布机构, 文号, 成文日期, 发布日期, 主题分类, 体裁分类, 文件类型, 条例第二十条, 公开方式, 有效性,
//! 有效性变化日期, 有效性依据, 修改的文件, 正文 (标题, 发布机构 and 成文日期 required). All or nothing: every bad row
//! is reported with its line and reasons.

use crate::entry::{DocKind, Entry, Validity};
use chrono::NaiveDate;

/// The columns recognised.
pub const COLUMNS: [&str; 16] = [
    "索引号",
    "标题",
    "发布机构",
    "文号",
    "成文日期",
    "发布日期",
    "主题分类",
    "体裁分类",
    "文件类型",
    "条例第二十条",
    "公开方式",
    "有效性",
    "有效性变化日期",
    "有效性依据",
    "修改的文件",
    "正文",
];

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().replace(['/', '.'], "-");
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok().or_else(|| {
        let s = s.replace(['年', '月'], "-").replace('日', "");
        NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
    })
}

/// The item number of 条例第二十条 written as 1, 第一项, （一） or 一.
fn parse_item(s: &str) -> Option<u8> {
    let t: String = s.chars().filter(|c| !"第项（）() ".contains(*c)).collect();
    if let Ok(n) = t.parse::<u8>() {
        return Some(n);
    }
    const N: [&str; 15] = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
        "十五",
    ];
    N.iter().position(|x| *x == t).map(|i| i as u8 + 1)
}

/// Entries from rows; entries without a 索引号 get one from `make_index` (called with the entry, in order).
/// `topics` and `genres` are the agency's vocabularies.
pub fn entries_from_rows(
    rows: &[Vec<String>],
    topics: &[String],
    genres: &[String],
    make_index: &mut dyn FnMut(&Entry) -> String,
) -> Result<Vec<Entry>, Vec<String>> {
    let Some(header) = rows.first() else {
        return Err(vec!["文件是空的".into()]);
    };
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let missing: Vec<&str> = ["标题", "发布机构", "成文日期"]
        .into_iter()
        .filter(|n| col(n).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(vec![format!("表头缺少：{}", missing.join("、"))]);
    }
    let idx: Vec<Option<usize>> = COLUMNS.iter().map(|c| col(c)).collect();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (n, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |i: usize| idx[i].and_then(|c| row.get(c)).map_or("", |s| s.trim());
        let mut why: Vec<String> = Vec::new();
        let written = parse_date(get(4));
        if written.is_none() {
            why.push(format!("成文日期“{}”不是日期", get(4)));
        }
        let published = match get(5) {
            "" => None,
            s => {
                let d = parse_date(s);
                if d.is_none() {
                    why.push(format!("发布日期“{s}”不是日期"));
                }
                d
            }
        };
        let kind = DocKind::parse(get(8)).unwrap_or_else(|| {
            why.push(format!(
                "文件类型“{}”应为规章、行政规范性文件或其他",
                get(8)
            ));
            DocKind::Other
        });
        let art20 = match get(9) {
            "" => None,
            s => {
                let a = parse_item(s);
                if a.is_none() {
                    why.push(format!("条例第二十条的项“{s}”无法识别"));
                }
                a
            }
        };
        let on = parse_date(get(12));
        let by = get(13).to_string();
        let validity = match (get(11), on) {
            ("" | "有效", _) => Validity::InForce,
            ("已修改", Some(on)) => Validity::Amended { on, by },
            ("已废止", Some(on)) => Validity::Repealed { on, by },
            ("已失效", Some(on)) => Validity::Expired { on },
            (v @ ("已修改" | "已废止" | "已失效"), None) => {
                why.push(format!("有效性为“{v}”时须填写有效性变化日期"));
                Validity::InForce
            }
            (v, _) => {
                why.push(format!("有效性“{v}”应为有效、已修改、已废止或已失效"));
                Validity::InForce
            }
        };
        let Some(written) = written else {
            errors.push(format!("第 {} 行：{}", n + 1, why.join("；")));
            continue;
        };
        let mut e = Entry {
            index_no: get(0).to_string(),
            title: get(1).to_string(),
            publisher: get(2).to_string(),
            doc_no: Some(get(3).to_string()).filter(|s| !s.is_empty()),
            written,
            published,
            withdrawn: None,
            topic: if get(6).is_empty() {
                "其他".into()
            } else {
                get(6).to_string()
            },
            genre: if get(7).is_empty() {
                "其他".into()
            } else {
                get(7).to_string()
            },
            kind,
            art20,
            mode: if get(10).is_empty() {
                "主动公开".into()
            } else {
                get(10).to_string()
            },
            validity,
            amends: Some(get(14).to_string()).filter(|s| !s.is_empty()),
            body: crate::entry::clean_body(get(15)),
        };
        if e.index_no.is_empty() {
            e.index_no = make_index(&e);
        }
        if seen.contains(&e.index_no) {
            why.push(format!("索引号 {} 在文件中重复", e.index_no));
        }
        seen.push(e.index_no.clone());
        why.extend(e.problems(topics, genres).into_iter().map(|(_, m)| m));
        if why.is_empty() {
            out.push(e);
        } else {
            errors.push(format!("第 {} 行：{}", n + 1, why.join("；")));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn rows_become_entries_or_every_bad_row_is_named() {
        let mut n = 0;
        let mut next = |_: &Entry| {
            n += 1;
            format!("X-{n}")
        };
        let ok = entries_from_rows(
            &rows(
                "标题,发布机构,成文日期,发布日期,文件类型,条例第二十条,有效性,有效性变化日期,有效性依据\n\
                   甲办法,某局,2025-01-02,2025/01/10,行政规范性文件,第一项,已废止,2025-06-01,某局〔2025〕9号\n\
                   乙通知,某局,2025年3月1日,,其他,（七）,,,\n",
            ),
            &[],
            &[],
            &mut next,
        )
        .unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].index_no, "X-1");
        assert_eq!(ok[0].art20, Some(1));
        assert_eq!(ok[1].art20, Some(7));
        assert!(matches!(ok[0].validity, Validity::Repealed { .. }));
        let bad = entries_from_rows(
            &rows(
                "索引号,标题,发布机构,成文日期,有效性,有效性变化日期\n\
                   A,甲,某局,2025-05-01,已废止,2025-04-01\n\
                   A,乙,某局,2025-13-01,,\n\
                   B,,某局,2025-01-01,作废,\n",
            ),
            &[],
            &[],
            &mut next,
        )
        .unwrap_err();
        assert_eq!(bad.len(), 3, "{bad:?}");
        assert!(bad[0].starts_with("第 2 行") && bad[0].contains("早于成文日期"));
        assert!(bad[1].contains("成文日期“2025-13-01”不是日期"));
        assert!(bad[2].contains("作废") && bad[2].contains("请填写标题"));
    }
}
