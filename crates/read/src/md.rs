//! Markdown and OCR text (PDF-to-Markdown tools): lines of text, and `| … |` table rows whose cells become
//! cell pieces (table, row, column and the source line). Tables broken into fragments, rows detached from
//! their labels and renamed columns are left to the recognizer, which places rows by their order and the
//! identities and reports what stays uncertain.

use crate::linear::{Linear, PieceSource};

/// Whether text looks like Markdown with at least one pipe table (a row followed by a `|---|` rule).
pub fn has_pipe_table(text: &str) -> bool {
    let mut prev_row = false;
    for line in text.lines() {
        let l = line.trim();
        if prev_row && is_rule(l) {
            return true;
        }
        prev_row = l.starts_with('|') && l.ends_with('|') && l.len() > 1;
    }
    false
}

fn is_rule(l: &str) -> bool {
    l.starts_with('|') && l.contains('-') && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Stage 1 for Markdown.
pub fn to_linear(text: &str) -> Linear {
    let mut lin = Linear::new(Some(text));
    let (mut table, mut row, mut in_table) = (0usize, 0usize, false);
    // Cells per row of the current table: a row with fewer than the widest lost a cell.
    let mut widths: Vec<usize> = Vec::new();
    let end_table = |lin: &mut Linear, widths: &mut Vec<usize>, table: usize| {
        let max = widths.iter().copied().max().unwrap_or(0);
        for (r, &w) in widths.iter().enumerate() {
            if w < max {
                lin.mark_incomplete(table, r);
            }
        }
        widths.clear();
    };
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let start = offset;
        offset += raw.len();
        let l = line.trim();
        if l.starts_with('|') && l.ends_with('|') && l.len() > 1 {
            if is_rule(l) {
                continue;
            }
            if !in_table {
                in_table = true;
                table += 1;
                row = 0;
            }
            // Cells between the pipes, with their byte offsets.
            let inner_start = start + line.find('|').expect("starts with a pipe") + 1;
            let inner_end = start + line.rfind('|').expect("ends with a pipe");
            let mut cell_start = inner_start;
            let mut col = 0;
            for (i, ch) in text[inner_start..inner_end].char_indices() {
                if ch == '|' {
                    push_cell(
                        &mut lin,
                        text,
                        cell_start,
                        inner_start + i,
                        table - 1,
                        row,
                        col,
                    );
                    col += 1;
                    cell_start = inner_start + i + 1;
                }
            }
            push_cell(&mut lin, text, cell_start, inner_end, table - 1, row, col);
            widths.push(col + 1);
            row += 1;
        } else {
            if in_table {
                end_table(&mut lin, &mut widths, table - 1);
            }
            in_table = false;
            // A Markdown heading's markers ("## ") are not part of its text.
            let hashes = l.len() - l.trim_start_matches('#').len();
            let l = if (1..=6).contains(&hashes) && l[hashes..].starts_with(' ') {
                l[hashes..].trim_start()
            } else {
                l
            };
            if !l.is_empty() {
                let lead = line.len() - line.trim_start().len() + (line.trim().len() - l.len());
                lin.push(&unescape(l), PieceSource::Text(start + lead));
            }
        }
    }
    if in_table {
        end_table(&mut lin, &mut widths, table - 1);
    }
    lin
}

fn push_cell(
    lin: &mut Linear,
    text: &str,
    a: usize,
    b: usize,
    table: usize,
    row: usize,
    col: usize,
) {
    let raw = &text[a..b];
    let lead = raw.len() - raw.trim_start().len();
    lin.push(
        &unescape(raw.trim()),
        PieceSource::TextCell(a + lead, table, row, col),
    );
}

/// Text with the HTML entities a Markdown writer uses for “<”, “>”, “&” and “"” read back as characters.
fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .into()
}
