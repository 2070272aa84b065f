//! A problem found in a report, located to the cell.

use gongkai_model::{Provenance, TableId};
use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: worth knowing, not a defect.
    Info,
    /// A defect that does not break the identities (blank cells, label variants).
    Warning,
    /// An identity that does not hold or data that cannot be right.
    Error,
}

impl Severity {
    /// The Chinese word for messages.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// One problem, with where it is and what was printed and expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule's code.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// The message in Chinese.
    pub message: String,
    /// The table concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<TableId>,
    /// The row key concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// The column key concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What the document prints.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub printed: Option<String>,
    /// What the identity requires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Where.
    pub source: Provenance,
    /// The findings this one's cause explains, folded into it (see `causes`): their messages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub consequences: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with only a message.
    pub fn new(code: &'static str, severity: Severity, message: String) -> Self {
        Diagnostic {
            code,
            severity,
            message,
            table: None,
            row: None,
            column: None,
            printed: None,
            expected: None,
            source: Provenance::default(),
            consequences: Vec::new(),
        }
    }

    /// Sets the table, row and column.
    pub fn at(mut self, table: TableId, row: &str, column: Option<&str>) -> Self {
        self.table = Some(table);
        self.row = Some(row.to_string());
        self.column = column.map(str::to_string);
        self
    }

    /// Sets printed and expected values.
    pub fn values(mut self, printed: impl ToString, expected: impl ToString) -> Self {
        self.printed = Some(printed.to_string());
        self.expected = Some(expected.to_string());
        self
    }

    /// The message with the findings its cause explains, for one-line displays.
    pub fn detail(&self) -> String {
        if self.consequences.is_empty() {
            self.message.clone()
        } else {
            format!("{}（{}）", self.message, self.consequences.join("；"))
        }
    }

    /// Sets the provenance.
    pub fn source(mut self, source: Provenance) -> Self {
        self.source = source;
        self
    }
}
