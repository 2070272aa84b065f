//! One self-contained HTML file without scripts or external resources, fit to paste into a government CMS:
//! inline styles only, the official grids with rowspan/colspan.

use crate::grid::{CellRole, Grid, grids};
use crate::{Block, WriteError, blocks};
use gongkai_model::Report;
use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

const CELL: &str =
    "border:1px solid #000;padding:4px 3px;vertical-align:middle;word-break:break-all";

pub(crate) fn table(out: &mut String, g: &Grid) {
    let _ = writeln!(
        out,
        "<table style=\"border-collapse:collapse;width:100%;font-size:14px;line-height:1.4;margin:12px 0\">"
    );
    out.push_str("<colgroup>");
    for w in &g.widths {
        let _ = write!(out, "<col style=\"width:{:.2}%\">", w * 100.0);
    }
    out.push_str("</colgroup>\n");
    for r in 0..g.rows {
        out.push_str("<tr>");
        for c in g.row_cells(r) {
            let mut attrs = String::new();
            if c.rowspan > 1 {
                let _ = write!(attrs, " rowspan=\"{}\"", c.rowspan);
            }
            if c.colspan > 1 {
                let _ = write!(attrs, " colspan=\"{}\"", c.colspan);
            }
            let style = match c.role {
                CellRole::Header => "text-align:center;font-weight:bold",
                CellRole::Label => "text-align:left",
                CellRole::Value => "text-align:center",
            };
            let _ = write!(
                out,
                "<td{attrs} style=\"{CELL};{style}\">{}</td>",
                escape(&c.text)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// The report as one HTML document.
pub fn write(r: &Report) -> Result<String, WriteError> {
    let tables = grids(r)?;
    let title = escape(r.title.as_deref().unwrap_or(""));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n<body>\n\
         <div style=\"max-width:960px;margin:0 auto;font-family:'FangSong','仿宋','SimSun','宋体','Noto Serif CJK SC',serif;font-size:16px;line-height:1.8\">"
    );
    for b in blocks(r, &tables) {
        let _ = match b {
            Block::Title(t) => writeln!(
                out,
                "<h1 style=\"text-align:center;font-size:24px\">{}</h1>",
                escape(t)
            ),
            Block::Heading(h) => writeln!(
                out,
                "<h2 style=\"font-size:18px;margin:1em 0 0.4em\">{}</h2>",
                escape(h)
            ),
            Block::Paragraph(p) => writeln!(
                out,
                "<p style=\"text-indent:2em;margin:0.4em 0\">{}</p>",
                escape(p)
            ),
            Block::Table(g) => {
                table(&mut out, g);
                Ok(())
            }
        };
    }
    out.push_str("</div>\n</body>\n</html>\n");
    Ok(out)
}
