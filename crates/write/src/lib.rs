//! Writes 政府信息公开工作年度报告 in the official layout: HTML, DOCX, PDF, XLSX, Markdown and JSON, all from the
//! same grids and block order. Drafts (`gongkai new`) are TOML or JSON.

#![warn(missing_docs)]

pub mod chart;
pub mod doc;
pub mod docx;
pub mod draft;
pub mod grid;
pub mod html;
pub mod letter;
pub mod md;
pub mod pdf;
#[cfg(feature = "testgen")]
pub mod testgen;
pub mod xlsx;

use gongkai_check::Diagnostic;
use gongkai_model::Report;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The report has no format version.
    #[error("草稿没有写明格式版本（format = \"2019\" 或 \"2021\"）")]
    NoFormat,
    /// A row has the wrong number of cells.
    #[error("{table}“{row}”行应有 {expected} 个单元格，实有 {found} 个")]
    Shape {
        /// The table.
        table: &'static str,
        /// The row key.
        row: String,
        /// Cells the format has.
        expected: usize,
        /// Cells given.
        found: usize,
    },
    /// The draft could not be parsed.
    #[error("草稿有误：{0}")]
    Draft(String),
    /// The output library failed.
    #[error("生成{format}失败：{message}")]
    Output {
        /// The output format.
        format: &'static str,
        /// The library's message.
        message: String,
    },
}

/// The formats gongkai writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One self-contained HTML file without scripts.
    Html,
    /// Word document.
    Docx,
    /// A4 PDF with an embedded Chinese font.
    Pdf,
    /// Workbook: the report text, one sheet per table and the checks.
    Xlsx,
    /// Markdown with pipe tables.
    Md,
    /// Document JSON (exchange keys plus title, period, preamble, sections).
    Json,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 6] = [
        Target::Html,
        Target::Docx,
        Target::Pdf,
        Target::Xlsx,
        Target::Md,
        Target::Json,
    ];

    /// The name used on the command line and as file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Target::Html => "html",
            Target::Docx => "docx",
            Target::Pdf => "pdf",
            Target::Xlsx => "xlsx",
            Target::Md => "md",
            Target::Json => "json",
        }
    }

    /// The target for a name or extension.
    pub fn from_ext(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| {
            t.ext().eq_ignore_ascii_case(s) || (s.eq_ignore_ascii_case("htm") && *t == Target::Html)
        })
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.ext())
    }
}

/// Paragraphs of a section or preamble text (one per line; empty lines dropped).
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// A block of the document, in reading order.
#[derive(Debug, Clone, Copy)]
pub enum Block<'a> {
    /// The report's title.
    Title(&'a str),
    /// A section heading.
    Heading(&'a str),
    /// A paragraph of prose.
    Paragraph(&'a str),
    /// A table on its official grid.
    Table(&'a grid::Grid),
}

/// The document as blocks: title, preamble, each section's heading and prose, 表二/表三/表四 after the prose
/// of sections 二/三/四 (at the end when such a section is absent).
pub fn blocks<'a>(r: &'a Report, tables: &'a [grid::Grid; 3]) -> Vec<Block<'a>> {
    let mut out = vec![Block::Title(r.title.as_deref().unwrap_or(""))];
    out.extend(paragraphs(&r.preamble).map(Block::Paragraph));
    let mut placed = [false; 3];
    for s in &r.sections {
        out.push(Block::Heading(&s.heading));
        out.extend(paragraphs(&s.text).map(Block::Paragraph));
        if let Some(i) = (2..=4).position(|n| n == s.number)
            && !placed[i]
        {
            out.push(Block::Table(&tables[i]));
            placed[i] = true;
        }
    }
    for (i, g) in tables.iter().enumerate() {
        if !placed[i] {
            out.push(Block::Table(g));
        }
    }
    out
}

/// Writes the report in `target`'s format. `checks` go to the XLSX sheet listing the checks.
pub fn write(
    report: &Report,
    target: Target,
    checks: &[Diagnostic],
) -> Result<Vec<u8>, WriteError> {
    match target {
        Target::Html => html::write(report).map(String::into_bytes),
        Target::Md => md::write(report).map(String::into_bytes),
        Target::Json => {
            grid::grids(report)?;
            Ok(draft::to_json(report).into_bytes())
        }
        Target::Docx => docx::write(report),
        Target::Xlsx => xlsx::write(report, checks),
        Target::Pdf => pdf::write(report),
    }
}
