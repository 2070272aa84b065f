//! 表二's rows for 规章 and 行政规范性文件, the register of documents in force, and section 一's count of
//! information published — all counted from the catalogue.
//!
//! Definitions (written down because the format notices do not spell them out):
//! - 制发 (2021) and 新制作 (2019): documents whose 成文日期 falls in the year.
//! - 废止 (2021): documents that left force in the year, repealed (废止) or expired (失效); an amended document
//!   stays in force as amended, and the amending act is itself an issued document. So that 现行有效 of year N =
//!   现行有效 of N−1 + 制发 − 废止, the identity the checker tests across years.
//! - 现行有效 (2021): in force on 31 December.
//! - 新公开 (2019): published in the year and not withdrawn by its end; 对外公开总数量 (2019): published, not
//!   withdrawn and in force on 31 December.
//! - Section 一's “主动公开政府信息 N 条”: entries of any kind published in the year and not withdrawn by its end.

use crate::entry::{DocKind, Entry};
use chrono::{Datelike, NaiveDate};
use gongkai_model::FormatVersion;
use serde_json::{Value, json};

/// One kind's counts for a year, in both formats' terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocCounts {
    /// 本年制发件数 / 本年新制作数量.
    pub issued: u32,
    /// 本年废止件数.
    pub repealed: u32,
    /// 现行有效件数.
    pub in_force: u32,
    /// 本年新公开数量.
    pub newly_published: u32,
    /// 对外公开总数量.
    pub total_published: u32,
}

fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).expect("a valid year")
}

/// The counts of one kind of document for `year`.
pub fn doc_counts(entries: &[Entry], kind: DocKind, year: i32) -> DocCounts {
    let end = year_end(year);
    let of_kind = entries.iter().filter(|e| e.kind == kind);
    let mut c = DocCounts::default();
    for e in of_kind {
        if e.written.year() == year {
            c.issued += 1;
        }
        if e.validity.ended().is_some_and(|d| d.year() == year) {
            c.repealed += 1;
        }
        if e.in_force_on(end) {
            c.in_force += 1;
        }
        if e.public_on(end) && e.published.is_some_and(|p| p.year() == year) {
            c.newly_published += 1;
        }
        if e.public_on(end) && e.in_force_on(end) {
            c.total_published += 1;
        }
    }
    c
}

/// The documents of a kind in force on a day, by 成文日期.
pub fn in_force_register(entries: &[Entry], kind: DocKind, on: NaiveDate) -> Vec<&Entry> {
    let mut out: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.kind == kind && e.in_force_on(on))
        .collect();
    out.sort_by(|a, b| a.written.cmp(&b.written).then(a.index_no.cmp(&b.index_no)));
    out
}

/// Section 一's count: entries published in the year and public at its end.
pub fn published_in(entries: &[Entry], year: i32) -> usize {
    let end = year_end(year);
    entries
        .iter()
        .filter(|e| e.public_on(end) && e.published.is_some_and(|p| p.year() == year))
        .count()
}

/// Section 一's sentence on proactive disclosure, counted from the catalogue.
pub fn section_one_sentence(entries: &[Entry], year: i32) -> String {
    let r = doc_counts(entries, DocKind::Regulation, year);
    let n = doc_counts(entries, DocKind::Normative, year);
    format!(
        "本年度通过政府信息公开目录主动公开政府信息{}条，制发规章{}件、行政规范性文件{}件，年末现行有效规章{}件、行政规范性文件{}件。",
        published_in(entries, year),
        r.issued,
        n.issued,
        r.in_force,
        n.in_force
    )
}

/// 表二's rows for 规章 and 行政规范性文件 in the exchange form of `format` ({row: {column: n}}).
pub fn table2_rows(entries: &[Entry], year: i32, format: FormatVersion) -> Value {
    let row = |kind| {
        let c = doc_counts(entries, kind, year);
        match format {
            FormatVersion::V2021 => {
                json!({"issued": c.issued, "repealed": c.repealed, "in_force": c.in_force})
            }
            FormatVersion::V2019 => json!({
                "new_made": c.issued, "new_published": c.newly_published, "total_published": c.total_published
            }),
        }
    };
    json!({
        "regulations": row(DocKind::Regulation),
        "normative_documents": row(DocKind::Normative),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Validity;
    use crate::entry::tests::{d, entry};

    #[test]
    fn issued_repealed_and_in_force_follow_the_identity() {
        let mut a = entry("A", DocKind::Normative, "2023-02-01");
        a.validity = Validity::Repealed {
            on: d("2024-07-01"),
            by: "x".into(),
        };
        let b = entry("B", DocKind::Normative, "2024-03-01");
        let mut c = entry("C", DocKind::Normative, "2024-05-01");
        c.validity = Validity::Amended {
            on: d("2024-09-01"),
            by: "y".into(),
        };
        let mut e = entry("E", DocKind::Normative, "2022-01-01");
        e.validity = Validity::Expired {
            on: d("2024-12-31"),
        };
        let r = entry("R", DocKind::Regulation, "2024-01-05");
        let all = [a, b, c, e, r];
        let n24 = doc_counts(&all, DocKind::Normative, 2024);
        let n23 = doc_counts(&all, DocKind::Normative, 2023);
        assert_eq!((n24.issued, n24.repealed, n24.in_force), (2, 2, 2));
        assert_eq!(n24.in_force, n23.in_force + n24.issued - n24.repealed);
        assert_eq!(doc_counts(&all, DocKind::Regulation, 2024).issued, 1);
        assert_eq!(published_in(&all, 2024), 3);
        assert_eq!(
            table2_rows(&all, 2024, FormatVersion::V2021)["normative_documents"],
            json!({"issued": 2, "repealed": 2, "in_force": 2})
        );
        let register: Vec<&str> = in_force_register(&all, DocKind::Normative, d("2024-06-30"))
            .iter()
            .map(|e| e.index_no.as_str())
            .collect();
        assert_eq!(register, ["E", "A", "B", "C"]);
    }
}
