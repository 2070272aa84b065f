//! The report model: the State Council's annual-report formats as data, cells that keep a number, a blank
//! and a printed mark apart, provenance for every cell, and the JSON exchange format.

#![warn(missing_docs)]

pub mod agency;
pub mod cell;
pub mod exchange;
pub mod format;
pub mod report;

pub use agency::CreditCode;
pub use cell::{Cell, CellValue, Provenance};
pub use format::{
    ColumnDef, ColumnKind, FormatVersion, SECTION_HEADINGS, TABLE3_COLUMNS, TABLE4_COLUMNS,
    TABLE4_GROUPS, Table2Row, Table3Row, TableId, table2_rows, table3_rows,
};
pub use report::{
    FormatEvidence, MAX_SPLIT_CANDIDATES, ReadNote, Report, RowData, Section, TableData,
};
