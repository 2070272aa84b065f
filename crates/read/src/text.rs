//! Plain text: every non-blank line is a piece. This covers both the one-cell-per-line text of the seed (a
//! tab-indented line is a cell, a line holding only a tab is a blank cell) and page text where whole tables
//! are flattened onto one line (the recognizer then splits the runs of digits).

use crate::linear::{Linear, PieceSource};

/// Stage 1 for plain text.
pub fn to_linear(text: &str) -> Linear {
    let mut lin = Linear::new(Some(text));
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let is_cell = line.starts_with('\t');
        let content = line.trim_start_matches('\t');
        let start = offset + (line.len() - content.len());
        offset += raw.len();
        if is_cell || !content.trim().is_empty() {
            lin.push(content, PieceSource::Text(start));
        }
    }
    lin
}
