//! Markdown: headings, paragraphs and pipe tables. Pipe tables cannot merge cells: a merged cell is printed
//! once, in its top-left position.

use crate::grid::{Grid, grids};
use crate::{WriteError, paragraphs};
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
    let _ = writeln!(out, "# {}\n", r.title.as_deref().unwrap_or(""));
    let para = |out: &mut String, text: &str| {
        for p in paragraphs(text) {
            let _ = writeln!(out, "{p}\n");
        }
    };
    para(&mut out, &r.preamble);
    let mut placed = [false; 3];
    for s in &r.sections {
        let _ = writeln!(out, "## {}\n", s.heading);
        para(&mut out, &s.text);
        if let Some(i) = (2..=4).position(|n| n == s.number) {
            if !placed[i] {
                table(&mut out, &tables[i]);
                placed[i] = true;
            }
        }
    }
    for (i, g) in tables.iter().enumerate() {
        if !placed[i] {
            table(&mut out, g);
        }
    }
    Ok(out)
}
