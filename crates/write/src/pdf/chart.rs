//! Charts drawn on the PDF page: filled bars or shaded cells with their labels and values as text.

use super::{BODY, BOTTOM, FONT, LEFT, TOP, WIDTH, Writer, out_err, width};
use crate::WriteError;
use crate::chart::{Chart, dark, heat_range, heat_rgb, number};
use oxidize_pdf::{Color, Font};

const SIZE: f64 = 9.0;
const ROW: f64 = 16.0;

fn rgb((r, g, b): (u8, u8, u8)) -> Color {
    Color::rgb(
        f64::from(r) / 255.0,
        f64::from(g) / 255.0,
        f64::from(b) / 255.0,
    )
}

impl Writer {
    fn coloured_text(
        &mut self,
        x: f64,
        baseline: f64,
        colour: Color,
        s: &str,
    ) -> Result<(), WriteError> {
        self.page
            .text()
            .set_font(Font::Custom(FONT.into()), SIZE)
            .set_fill_color(colour)
            .at(x, baseline)
            .write(s)
            .map(|_| ())
            .map_err(|e| out_err(e.to_string()))?;
        self.page.text().set_fill_color(Color::black());
        Ok(())
    }

    /// A row's label, right-aligned against the chart's area (shortened to fit the label column).
    fn row_label(&mut self, label: &str, label_w: f64, baseline: f64) -> Result<(), WriteError> {
        let shown = fit(label, label_w - 6.0);
        self.text(
            LEFT + label_w - 6.0 - width(&shown, SIZE),
            baseline,
            SIZE,
            &shown,
        )
    }

    /// Draws a chart: its title, then a row per bar or per heat-map row (a chart taller than a page goes on).
    pub(super) fn chart(&mut self, chart: &Chart) -> Result<(), WriteError> {
        let rows = match chart {
            Chart::Bars { items, .. } => items.len(),
            Chart::Heat { rows, .. } => rows.len() + 1,
        };
        let need = (rows as f64 + 2.0) * ROW;
        if self.y - need < BOTTOM && need < TOP - BOTTOM {
            self.new_page();
        }
        self.lines(chart.title(), BODY, 0.0, false, 8.0)?;
        self.y -= 4.0;
        let label_w = WIDTH * 0.34;
        match chart {
            Chart::Bars { items, .. } => {
                let max = items.iter().map(|(_, n)| *n).fold(0.0, f64::max);
                let max = if max > 0.0 { max } else { 1.0 };
                let bar_max = WIDTH - label_w - 50.0;
                for (label, n) in items {
                    if self.y - ROW < BOTTOM {
                        self.new_page();
                    }
                    self.y -= ROW;
                    let base = self.y + 4.0;
                    self.row_label(label, label_w, base)?;
                    let w = bar_max * n.max(0.0) / max;
                    self.page
                        .graphics()
                        .set_fill_color(rgb((165, 0, 0)))
                        .rect(LEFT + label_w, self.y + 2.0, w, ROW - 4.0)
                        .fill()
                        .set_fill_color(Color::black());
                    self.text(LEFT + label_w + w + 4.0, base, SIZE, &number(*n))?;
                }
            }
            Chart::Heat {
                rows, cols, values, ..
            } => {
                let (lo, hi) = heat_range(values);
                let cell_w = ((WIDTH - label_w) / cols.len().max(1) as f64).min(60.0);
                self.y -= ROW;
                for (c, label) in cols.iter().enumerate() {
                    let x = LEFT + label_w + cell_w * c as f64;
                    let shown = fit(label, cell_w - 2.0);
                    self.text(
                        x + (cell_w - width(&shown, SIZE)) / 2.0,
                        self.y + 4.0,
                        SIZE,
                        &shown,
                    )?;
                }
                for (r, label) in rows.iter().enumerate() {
                    if self.y - ROW < BOTTOM {
                        self.new_page();
                    }
                    self.y -= ROW;
                    let base = self.y + 4.0;
                    self.row_label(label, label_w, base)?;
                    for c in 0..cols.len() {
                        let x = LEFT + label_w + cell_w * c as f64;
                        let v = values.get(r).and_then(|row| row.get(c)).copied().flatten();
                        let (fill, text) = match v {
                            Some(v) => (heat_rgb(v, lo, hi), number(v)),
                            None => ((242, 242, 242), "—".to_string()),
                        };
                        self.page
                            .graphics()
                            .set_fill_color(rgb(fill))
                            .rect(x + 0.5, self.y + 0.5, cell_w - 1.0, ROW - 1.0)
                            .fill()
                            .set_fill_color(Color::black());
                        let ink = if dark(fill) {
                            Color::white()
                        } else {
                            Color::black()
                        };
                        let tx = x + (cell_w - width(&text, SIZE)) / 2.0;
                        self.coloured_text(tx, base, ink, &text)?;
                    }
                }
            }
        }
        self.y -= 10.0;
        Ok(())
    }
}

/// The label shortened with “…” to fit `max` points.
fn fit(label: &str, max: f64) -> String {
    if width(label, SIZE) <= max {
        return label.to_string();
    }
    let mut s: String = label.to_string();
    while !s.is_empty() && width(&format!("{s}…"), SIZE) > max {
        s.pop();
    }
    format!("{s}…")
}
