//! Markdown: headings, paragraphs and pipe tables. Pipe tables cannot merge cells: a merged cell is printed
//! once, in its top-left position.

use crate::grid::{Grid, grids};
use crate::{Block, WriteError, blocks};
use gongkai_model::Report;
use std::fmt::Write;

fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|")
}

fn table(out: &mut String, g: &Grid) {
    for r in 0..g.rows {
        // A cell spanning columns is printed once and the columns it covers are left out (an empty cell
        // there would read as a blank value); positions covered from the row above stay empty; the row is
        // padded at the end.
        let mut cells: Vec<String> = Vec::new();
        for c in 0..g.cols {
            match g.covering(r, c) {
                Some((x, true)) => cells.push(cell(&x.text)),
                Some((x, false)) if x.row < r && x.col == c => cells.push(String::new()),
                _ => {}
            }
        }
        cells.resize(g.cols, String::new());
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if r == 0 {
            let _ = writeln!(out, "|{}", " --- |".repeat(g.cols));
        }
    }
    out.push('\n');
}

/// The report as Markdown.
pub fn write(r: &Report) -> Result<String, WriteError> {
    let tables = grids(r)?;
    let mut out = String::new();
    for b in blocks(r, &tables) {
        let _ = match b {
            Block::Title(t) => writeln!(out, "# {t}\n"),
            Block::Heading(h) => writeln!(out, "## {h}\n"),
            Block::Paragraph(p) => writeln!(out, "{p}\n"),
            Block::Table(g) => {
                table(&mut out, g);
                Ok(())
            }
        };
    }
    Ok(out)
}
