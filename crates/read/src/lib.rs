//! The one front door for reading: the bytes of a published report of any kind (plain text, flattened page
//! text, HTML in any charset, DOCX, XLSX, Markdown/OCR, PDF with a text layer) into the report model. Stage 1 (one module per input kind) turns bytes into a [`linear::Linear`] document of pieces
//! with provenance; stage 2 ([`recognize`]) finds the tables by their labels and places the values.

#![warn(missing_docs)]

pub mod chrome;
pub mod decode;
pub mod docx;
pub mod error;
pub mod html;
pub mod linear;
pub mod md;
pub mod ocr;
pub mod pdf;
pub mod recognize;
pub mod sheet;
pub mod split;
pub mod text;
pub mod xlsx;

pub use error::ReadError;
use gongkai_model::Report;
use std::path::Path;

/// The largest input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// The kind of input, decided from the content (never from the file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// An HTML page or fragment.
    Html,
    /// Plain text: one cell per line, or whole tables flattened onto one line.
    Text,
    /// A Word/WPS DOCX package.
    Docx,
    /// An Excel XLSX workbook.
    Xlsx,
    /// A PDF with a text layer.
    Pdf,
    /// A picture (PNG, JPEG, TIFF): a scanned or photographed page, read by OCR.
    Image,
}

/// Decides the input kind from the first bytes, or says why the input cannot be read.
pub fn sniff(bytes: &[u8]) -> Result<InputKind, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"%PDF") {
        return Ok(InputKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
    {
        return Ok(InputKind::Image);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(if xlsx::is_workbook(bytes) {
            InputKind::Xlsx
        } else {
            InputKind::Docx
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ReadError::Unsupported(
            "旧版 Word .doc/.wps 二进制文档，请先另存为 DOCX".into(),
        ));
    }
    let head = &bytes[..bytes.len().min(8192)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && let Some(pos) = head.iter().position(|&b| b == 0) {
        return Err(ReadError::Binary { offset: pos });
    }
    let probe = String::from_utf8_lossy(&bytes[..bytes.len().min(65536)]).to_ascii_lowercase();
    let is_html = [
        "<html",
        "<body",
        "<table",
        "<p ",
        "<p>",
        "<div",
        "<tr",
        "<td",
        "<!doctype",
    ]
    .iter()
    .any(|t| probe.contains(t));
    Ok(if is_html {
        InputKind::Html
    } else {
        InputKind::Text
    })
}

/// Reads a report from bytes. `name` is used in messages and stored as the file name.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Report, ReadError> {
    let mut report = recognize::recognize(&linear(bytes)?)?;
    report.file = Some(name.to_string());
    Ok(report)
}

/// Stage 1 alone: the document's pieces with their provenance (to show a cell in its document).
pub fn linear(bytes: &[u8]) -> Result<linear::Linear, ReadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(match sniff(bytes)? {
        InputKind::Html => {
            let text = decode::decode_html(bytes)?;
            html::check_complete(&text)?;
            html::to_linear(&text)?
        }
        InputKind::Text => {
            let text = decode::decode_text(bytes)?;
            if md::has_pipe_table(&text) {
                md::to_linear(&text)
            } else {
                text::to_linear(&text)
            }
        }
        InputKind::Docx => docx::to_linear(bytes)?,
        InputKind::Xlsx => xlsx::to_linear(bytes)?,
        InputKind::Pdf => pdf::to_linear(bytes)?,
        InputKind::Image => ocr::image_to_linear(bytes)?,
    })
}

/// Reads a file for a reader: its name (for messages) and its bytes, refusing directories and files over
/// [`MAX_INPUT_BYTES`] before reading them.
pub fn load_file(path: &Path) -> Result<(String, Vec<u8>), ReadError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let io = |e: String| ReadError::Io(path.display().to_string(), e);
    let meta = std::fs::metadata(path).map_err(|e| io(e.to_string()))?;
    if meta.is_dir() {
        return Err(io("这是一个目录".into()));
    }
    if meta.len() as usize > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge {
            bytes: meta.len() as usize,
            limit: MAX_INPUT_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| io(e.to_string()))?;
    Ok((name, bytes))
}

/// Reads a report from a file.
pub fn read_path(path: &Path) -> Result<Report, ReadError> {
    let (name, bytes) = load_file(path)?;
    read_bytes(&name, &bytes)
}
