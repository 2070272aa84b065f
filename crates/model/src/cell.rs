//! One table cell as read: its value, the exact text printed, and where it came from.

use rust_decimal::Decimal;
use serde::Serialize;

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

    /// The value used in arithmetic checks: numbers as printed, blanks as 0; `None` when unknown.
    pub fn arithmetic(&self) -> Option<Decimal> {
        match self {
            CellValue::Number(d) => Some(*d),
            CellValue::Blank => Some(Decimal::ZERO),
            _ => None,
        }
    }
}

/// Where a cell (or a piece of text) was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
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
