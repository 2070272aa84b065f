//! A report as read: metadata, sections and the three tables, each cell with provenance.

use crate::cell::{Cell, Provenance};
use crate::format::{
    FormatVersion, TABLE3_COLUMNS, TABLE4_COLUMNS, TableId, VariantKind, table2_rows, table3_rows,
};
use rust_decimal::Decimal;
use serde::Serialize;

/// One of the six sections, as found in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// 1 to 6 (一 to 六).
    pub number: u8,
    /// The heading as printed.
    pub heading: String,
    /// The prose of the section (table cells excluded), whitespace-normalised.
    pub text: String,
    /// Where the heading was found.
    pub source: Provenance,
}

/// A table row as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowData {
    /// The row key of the format definition.
    pub key: String,
    /// The label as printed.
    pub printed_label: String,
    /// Set when the printed label is not the official one of the row's format.
    pub variant: Option<VariantKind>,
    /// The cells, in the column order of the format definition.
    pub cells: Vec<Cell>,
    /// Where the label was found.
    pub source: Provenance,
    /// When digits ran together and several splits of this row remain: the splits, at most
    /// [`MAX_SPLIT_CANDIDATES`]. Either all of them satisfy the row's sum identity or none does.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub split_candidates: Vec<Vec<Decimal>>,
}

/// At most this many splits are kept in [`RowData::split_candidates`]; a shorter list is every split of the
/// printed digits.
pub const MAX_SPLIT_CANDIDATES: usize = 50;

/// A table as read: which format its labels follow and the rows found (in printed order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct TableData {
    /// Whether the table was found at all.
    pub found: bool,
    /// The format version whose labels this table follows (表二 and 表三 differ between versions).
    pub format: Option<FormatVersion>,
    /// Rows found.
    pub rows: Vec<RowData>,
}

impl TableData {
    /// The row with this key, if found.
    pub fn row(&self, key: &str) -> Option<&RowData> {
        self.rows.iter().find(|r| r.key == key)
    }

    /// The cell at row `key`, column index `col`, if present.
    pub fn cell(&self, key: &str, col: usize) -> Option<&Cell> {
        self.row(key).and_then(|r| r.cells.get(col))
    }
}

/// Which printed labels decided the format version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct FormatEvidence {
    /// Labels found that only the 2019 format prints.
    pub markers_2019: Vec<String>,
    /// Labels found that only the 2021 format prints.
    pub markers_2021: Vec<String>,
}

impl FormatEvidence {
    /// Both versions' labels appear in the report.
    pub fn is_mixed(&self) -> bool {
        !self.markers_2019.is_empty() && !self.markers_2021.is_empty()
    }
}

/// A remark of the reader about the document that the model cannot hold otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadNote {
    /// Stable code, e.g. `READ-TRAILING-TEXT`.
    pub code: &'static str,
    /// Chinese explanation.
    pub message: String,
    /// Where.
    pub source: Provenance,
}

/// A 政府信息公开工作年度报告 as read from a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Report {
    /// The file name it was read from.
    pub file: Option<String>,
    /// The report's title as printed.
    pub title: Option<String>,
    /// The reporting agency.
    pub agency: Option<String>,
    /// The report year (the year whose work it reports).
    pub year: Option<i32>,
    /// The statistical period stated in the text, as ISO dates.
    pub period: Option<(String, String)>,
    /// The text between the title and the first section heading (the statutory opening paragraph).
    pub preamble: String,
    /// The predominant format version (the one of 表三 when the tables disagree).
    pub format: Option<FormatVersion>,
    /// The labels that decided the format.
    pub format_evidence: FormatEvidence,
    /// The sections 一 to 六 found, in document order.
    pub sections: Vec<Section>,
    /// 表二.
    pub table2: TableData,
    /// 表三.
    pub table3: TableData,
    /// 表四: rows `reconsideration`, `litigation_direct`, `litigation_after_reconsideration`.
    pub table4: TableData,
    /// Remarks of the reader.
    pub notes: Vec<ReadNote>,
}

impl Report {
    /// A report of `format` for `year` by `agency` without table rows: the official title, the statistical
    /// period, the statutory opening paragraph and the six official headings with empty text.
    pub fn skeleton(format: FormatVersion, year: i32, agency: &str) -> Report {
        Report {
            title: Some(format!("{agency}{year}年政府信息公开工作年度报告")),
            agency: Some(agency.to_string()),
            year: Some(year),
            period: Some((format!("{year}-01-01"), format!("{year}-12-31"))),
            preamble: format.opening_paragraph(year),
            format: Some(format),
            sections: crate::format::SECTION_HEADINGS
                .iter()
                .enumerate()
                .map(|(i, (h, _))| Section {
                    number: i as u8 + 1,
                    heading: h.to_string(),
                    text: String::new(),
                    source: Provenance::default(),
                })
                .collect(),
            ..Default::default()
        }
    }

    /// The table with this id.
    pub fn table(&self, id: TableId) -> &TableData {
        match id {
            TableId::Table2 => &self.table2,
            TableId::Table3 => &self.table3,
            TableId::Table4 => &self.table4,
        }
    }

    /// The printed label of a column of a row, for messages.
    pub fn column_label(&self, id: TableId, row_key: &str, col: usize) -> &'static str {
        match id {
            TableId::Table3 => TABLE3_COLUMNS.get(col).map_or("?", |c| c.label),
            TableId::Table4 => TABLE4_COLUMNS.get(col).map_or("?", |c| c.label),
            TableId::Table2 => self
                .table2
                .format
                .and_then(|f| table2_rows(f).iter().find(|r| r.key == row_key))
                .and_then(|r| r.columns.get(col))
                .map_or("?", |c| c.label),
        }
    }

    /// The official label of a row, for messages (the printed one when the key is unknown).
    pub fn row_label(&self, id: TableId, row_key: &str) -> String {
        let official = match id {
            TableId::Table3 => self
                .table3
                .format
                .and_then(|f| table3_rows(f).iter().find(|r| r.key == row_key))
                .map(|r| match r.group {
                    Some(g) => format!("{g} {}", r.label),
                    None => r.label.to_string(),
                }),
            TableId::Table2 => self
                .table2
                .format
                .and_then(|f| table2_rows(f).iter().find(|r| r.key == row_key))
                .map(|r| r.label.to_string()),
            TableId::Table4 => crate::format::TABLE4_GROUPS
                .iter()
                .find(|(k, _)| *k == row_key)
                .map(|(_, l)| l.to_string()),
        };
        official.unwrap_or_else(|| row_key.to_string())
    }

    /// The arithmetic value of a 表三 cell (blank = 0), if known.
    pub fn t3(&self, key: &str, col: usize) -> Option<Decimal> {
        self.table3
            .cell(key, col)
            .and_then(|c| c.value.arithmetic())
    }

    /// All cells of the report with their table, row key and column index.
    pub fn cells(&self) -> impl Iterator<Item = (TableId, &RowData, usize, &Cell)> {
        [TableId::Table2, TableId::Table3, TableId::Table4]
            .into_iter()
            .flat_map(move |id| {
                self.table(id).rows.iter().flat_map(move |row| {
                    row.cells
                        .iter()
                        .enumerate()
                        .map(move |(i, c)| (id, row, i, c))
                })
            })
    }
}
