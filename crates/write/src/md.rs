//! Markdown: headings, paragraphs and pipe tables. Pipe tables cannot merge cells: a merged cell is printed
//! once, in its top-left position.

use crate::grid::{Grid, grids};
use crate::{Block, WriteError, blocks};
use gongkai_model::Report;
use std::fmt::Write;

/// Text with HTML's special characters as entities, so that prose such as “<script>” is shown, never run, by
/// whatever renders the Markdown.
fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn cell(s: &str) -> String {
    text(s).replace('\\', "\\\\").replace('|', "\\|")
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
            Block::Title(t) => writeln!(out, "# {}\n", text(t)),
            Block::Heading(h) => writeln!(out, "## {}\n", text(h)),
            Block::Paragraph(p) => writeln!(out, "{}\n", text(p)),
            Block::Table(g) => {
                table(&mut out, g);
                Ok(())
            }
        };
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_in_prose_and_cells_is_shown_not_run() {
        assert_eq!(
            text("<script>alert(1)</script> & <img src=x onerror=y>"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=y&gt;"
        );
        assert_eq!(cell("a|<b>"), "a\\|&lt;b&gt;");
    }
}
