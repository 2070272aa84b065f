//! One table cell as read: its value, the exact text printed, and where it came from.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a cell holds. A blank, a printed mark and a number are never confused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum CellValue {
    /// A number exactly as printed (integer, signed integer, or decimal money in 万元).
    Number(Decimal),
    /// The cell exists but prints nothing.
    Blank,
    /// A printed non-number such as "/", "—" or "无".
    Mark(String),
    /// Digits ran together and several readings satisfy the table's identities: every candidate value.
    Ambiguous(Vec<Decimal>),
    /// The row was found but this cell could not be found at all.
    Missing,
    /// Text that is neither a number nor a known mark.
    Unreadable(String),
}

impl CellValue {
    /// The numeric value, if the cell holds exactly one number.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            CellValue::Number(d) => Some(*d),
            _ => None,
        }
    }

    /// How a writer prints a cell whose value the reader could not establish, so that the written document
    /// shows it and reading it back gives the same state: 〔缺失〕, 〔待核：1或14〕, 〔无法识别：…〕. `None` for a
    /// known value (number, blank or mark).
    pub fn uncertain_text(&self) -> Option<String> {
        match self {
            CellValue::Missing => Some("〔缺失〕".into()),
            CellValue::Ambiguous(c) => Some(format!(
                "〔待核：{}〕",
                c.iter()
                    .map(Decimal::to_string)
                    .collect::<Vec<_>>()
                    .join("或")
            )),
            CellValue::Unreadable(t) => Some(format!("〔无法识别：{t}〕")),
            _ => None,
        }
    }

    /// Reads back a cell printed by [`CellValue::uncertain_text`] (folded or not).
    pub fn from_uncertain_text(text: &str) -> Option<CellValue> {
        let inner = text.trim().strip_prefix('〔')?.strip_suffix('〕')?;
        if inner == "缺失" {
            return Some(CellValue::Missing);
        }
        if let Some(list) = inner
            .strip_prefix("待核：")
            .or_else(|| inner.strip_prefix("待核:"))
        {
            let values: Option<Vec<Decimal>> = list
                .split('或')
                .map(|v| v.trim().parse::<Decimal>().ok())
                .collect();
            return values.filter(|v| v.len() > 1).map(CellValue::Ambiguous);
        }
        inner
            .strip_prefix("无法识别：")
            .or_else(|| inner.strip_prefix("无法识别:"))
            .map(|t| CellValue::Unreadable(t.to_string()))
    }

    /// The value used in arithmetic checks: numbers as printed, blanks as 0; `None` when unknown.
    pub fn arithmetic(&self) -> Option<Decimal> {
        match self {
            CellValue::Number(d) => Some(*d),
            CellValue::Blank => Some(Decimal::ZERO),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncertain_cells_print_and_read_back() {
        for v in [
            CellValue::Missing,
            CellValue::Ambiguous(vec![Decimal::from(1), Decimal::new(1465, 2)]),
            CellValue::Unreadable("12a".into()),
        ] {
            let t = v.uncertain_text().unwrap();
            assert_eq!(CellValue::from_uncertain_text(&t), Some(v));
        }
        assert_eq!(CellValue::Blank.uncertain_text(), None);
        assert_eq!(CellValue::from_uncertain_text("〔1〕"), None);
    }
}

/// Where a cell (or a piece of text) was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Provenance {
    /// Byte range in the decoded source text (text and flattened inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<(usize, usize)>,
    /// 1-based line in the source text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Position in an HTML or DOCX document: 0-based table index, row and column of the expanded grid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_cell: Option<(usize, usize, usize)>,
    /// PDF: 1-based page number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// PDF: the text's box on the page in points (x0, y0, x1, y1; origin at the bottom left), rounded to
    /// tenths of a point and stored ×10 so that provenance stays exact and comparable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[i32; 4]>,
}

impl Provenance {
    /// A short human description, e.g. "第 12 行" or "表格 2 第 5 行第 3 列".
    pub fn describe(&self) -> String {
        if let (Some(p), Some(b)) = (self.page, self.bbox) {
            return format!(
                "第 {p} 页（x={:.1}，y={:.1}）",
                f64::from(b[0]) / 10.0,
                f64::from(b[1]) / 10.0
            );
        }
        match (self.table_cell, self.line) {
            (Some((t, r, c)), _) => format!("表格 {} 第 {} 行第 {} 列", t + 1, r + 1, c + 1),
            (None, Some(l)) => format!("第 {l} 行"),
            _ => "位置不明".to_string(),
        }
    }
}

/// A cell as read: value, printed text and provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The interpreted value.
    pub value: CellValue,
    /// The text printed in the document (trimmed).
    pub printed: String,
    /// Where it came from.
    pub source: Provenance,
}

impl Cell {
    /// A cell that the reader did not find at all.
    pub fn missing() -> Self {
        Cell {
            value: CellValue::Missing,
            printed: String::new(),
            source: Provenance::default(),
        }
    }
}
