//! What the assessment needs of a report's reading — its signing date and its 表三/表四 values, each known,
//! counted as 0 (blank or a printed mark) or not known — made once when a version is stored, so that the
//! supervisor's pages never reread the full readings (with their provenance and prose) of every report.

use super::signed_date;
use chrono::NaiveDate;
use gongkai_model::{CellValue, Report, TableId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A cell as the assessment sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Known {
    /// A number.
    #[serde(rename = "n")]
    Number(Decimal),
    /// Blank or a printed mark (“/”, “—”, “无”): counted as 0, and said so.
    #[serde(rename = "z")]
    Zero,
    /// Missing, ambiguous or unreadable: not counted.
    #[serde(rename = "u")]
    Unknown,
}

impl From<&CellValue> for Known {
    fn from(v: &CellValue) -> Known {
        match v {
            CellValue::Number(d) => Known::Number(*d),
            CellValue::Blank | CellValue::Mark(_) => Known::Zero,
            _ => Known::Unknown,
        }
    }
}

/// A row of 表三 or 表四.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefRow {
    /// 3 or 4.
    #[serde(rename = "t")]
    pub table: u8,
    /// The row key.
    #[serde(rename = "k")]
    pub key: String,
    /// The row's label as printed.
    #[serde(rename = "l")]
    pub label: String,
    /// Its cells, column by column.
    #[serde(rename = "c")]
    pub cells: Vec<Known>,
}

/// A report's brief.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brief {
    /// The signing date (see [`signed_date`]).
    pub signed: Option<NaiveDate>,
    /// 表三's rows, then 表四's.
    pub rows: Vec<BriefRow>,
}

impl Brief {
    /// The brief of a reading.
    pub fn of(r: &Report) -> Brief {
        let rows = [(TableId::Table3, 3), (TableId::Table4, 4)]
            .into_iter()
            .flat_map(|(id, n)| {
                r.table(id).rows.iter().map(move |row| BriefRow {
                    table: n,
                    key: row.key.clone(),
                    label: row.printed_label.clone(),
                    cells: row.cells.iter().map(|c| Known::from(&c.value)).collect(),
                })
            })
            .collect();
        Brief {
            signed: signed_date(r),
            rows,
        }
    }

    /// The rows of a table (3 or 4 for 表三 and 表四; none for 表二).
    pub fn rows(&self, table: TableId) -> impl Iterator<Item = &BriefRow> {
        let n = match table {
            TableId::Table2 => 0,
            TableId::Table3 => 3,
            TableId::Table4 => 4,
        };
        self.rows.iter().filter(move |r| r.table == n)
    }

    /// As stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a brief serializes")
    }

    /// From its stored JSON.
    pub fn from_json(s: &str) -> Result<Brief, String> {
        serde_json::from_str(s).map_err(|e| format!("报告摘要无法解析：{e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_model::FormatVersion;

    #[test]
    fn a_brief_keeps_every_table3_and_table4_cell_and_reads_back_the_same() {
        let mut r = gongkai_write::draft::new_report(FormatVersion::V2021, 2024, "某市财政局");
        r.table3.rows[0].cells[0].value = CellValue::Number(Decimal::new(125, 1));
        r.table3.rows[0].cells[1].value = CellValue::Mark("/".into());
        r.table3.rows[0].cells[2].value = CellValue::Ambiguous(vec![Decimal::ONE, Decimal::TWO]);
        r.table4.rows[0].cells[0].value = CellValue::Blank;
        let b = Brief::of(&r);
        assert_eq!(b.rows(TableId::Table3).count(), r.table3.rows.len());
        assert_eq!(b.rows(TableId::Table4).count(), r.table4.rows.len());
        assert_eq!(b.rows(TableId::Table2).count(), 0);
        let first = &b.rows[0];
        assert_eq!(first.key, r.table3.rows[0].key);
        assert_eq!(
            &first.cells[..3],
            &[
                Known::Number(Decimal::new(125, 1)),
                Known::Zero,
                Known::Unknown
            ]
        );
        assert_eq!(
            b.rows(TableId::Table4).next().unwrap().cells[0],
            Known::Zero
        );
        assert_eq!(Brief::from_json(&b.to_json()).unwrap(), b);
        assert!(
            Brief::from_json("{\"rows\": 3}")
                .unwrap_err()
                .starts_with("报告摘要无法解析")
        );
    }
}
