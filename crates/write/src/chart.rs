//! Charts for documents and pages: horizontal bars and a heat map, as one model drawn in SVG (HTML pages, no
//! script or style attribute so that a strict CSP holds), in PDF (ruled shapes, in pdf/chart.rs) and in DOCX
//! (tables with bars and shaded cells, in doc.rs) — so that every number shown is also printed as text.

/// A chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// One bar per item: (label, value).
    Bars {
        /// The chart's title (also its accessible name).
        title: String,
        /// The items.
        items: Vec<(String, f64)>,
    },
    /// A grid of values (rows × columns), each cell shaded by its value; `None` is a cell without a value.
    Heat {
        /// The chart's title.
        title: String,
        /// Row labels.
        rows: Vec<String>,
        /// Column labels.
        cols: Vec<String>,
        /// Values by row, then column.
        values: Vec<Vec<Option<f64>>>,
    },
}

impl Chart {
    /// The chart's title.
    pub fn title(&self) -> &str {
        match self {
            Chart::Bars { title, .. } | Chart::Heat { title, .. } => title,
        }
    }
}

/// A number as printed in a chart: integers without decimals, others with one.
pub fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The colour of a heat-map cell: from pale (the lowest value) to deep red (the highest), as RGB.
pub fn heat_rgb(v: f64, lo: f64, hi: f64) -> (u8, u8, u8) {
    let t = if hi > lo { (v - lo) / (hi - lo) } else { 1.0 };
    let t = t.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    (mix(255.0, 165.0), mix(240.0, 0.0), mix(235.0, 0.0))
}

/// The lowest and highest value of a heat map.
pub fn heat_range(values: &[Vec<Option<f64>>]) -> (f64, f64) {
    let all = values.iter().flatten().flatten().copied();
    let lo = all.clone().fold(f64::INFINITY, f64::min);
    let hi = all.fold(f64::NEG_INFINITY, f64::max);
    if lo.is_finite() { (lo, hi) } else { (0.0, 0.0) }
}

/// Whether text on a cell of this colour should be white.
pub fn dark(rgb: (u8, u8, u8)) -> bool {
    u32::from(rgb.0) * 299 + u32::from(rgb.1) * 587 + u32::from(rgb.2) * 114 < 140_000
}

/// Escapes text for SVG.
fn esc(s: &str) -> String {
    crate::html::escape(s)
}

/// The chart as an SVG element at its natural width (pages let it shrink to fit), with a `<title>` for screen
/// readers.
pub fn svg(chart: &Chart) -> String {
    match chart {
        Chart::Bars { title, items } => bars_svg(title, items),
        Chart::Heat {
            title,
            rows,
            cols,
            values,
        } => heat_svg(title, rows, cols, values),
    }
}

fn bars_svg(title: &str, items: &[(String, f64)]) -> String {
    let max = items.iter().map(|(_, n)| *n).fold(0.0, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let (label_w, bar_w, row_h) = (220.0, 420.0, 28.0);
    let height = row_h * items.len() as f64 + 40.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {w} {height}\" width=\"{w}\">\
         <title>{t}</title><text x=\"0\" y=\"20\" font-size=\"16\" font-weight=\"bold\" fill=\"#111\">{t}</text>",
        w = label_w + bar_w + 80.0,
        t = esc(title)
    );
    for (i, (label, n)) in items.iter().enumerate() {
        let y = 34.0 + row_h * i as f64;
        let w = bar_w * n.max(0.0) / max;
        svg.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" font-size=\"14\" text-anchor=\"end\" fill=\"#111\">{l}</text>\
             <rect x=\"{bx}\" y=\"{y}\" width=\"{w:.1}\" height=\"{h}\" fill=\"#a50000\"/>\
             <text x=\"{nx:.1}\" y=\"{ty}\" font-size=\"14\" fill=\"#111\">{n}</text>",
            lx = label_w - 8.0,
            ty = y + row_h * 0.62,
            l = esc(label),
            bx = label_w,
            h = row_h - 8.0,
            nx = label_w + w + 6.0,
            n = number(*n),
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn heat_svg(title: &str, rows: &[String], cols: &[String], values: &[Vec<Option<f64>>]) -> String {
    let (lo, hi) = heat_range(values);
    let (label_w, cell_w, cell_h) = (220.0, 72.0, 30.0);
    let width = label_w + cell_w * cols.len() as f64 + 10.0;
    let height = 64.0 + cell_h * rows.len() as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\">\
         <title>{t}</title><text x=\"0\" y=\"20\" font-size=\"16\" font-weight=\"bold\" fill=\"#111\">{t}</text>",
        t = esc(title)
    );
    for (c, label) in cols.iter().enumerate() {
        svg.push_str(&format!(
            "<text x=\"{x:.1}\" y=\"52\" font-size=\"13\" text-anchor=\"middle\" fill=\"#111\">{}</text>",
            esc(label),
            x = label_w + cell_w * (c as f64 + 0.5)
        ));
    }
    for (r, label) in rows.iter().enumerate() {
        let y = 60.0 + cell_h * r as f64;
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{ty:.1}\" font-size=\"13\" text-anchor=\"end\" fill=\"#111\">{}</text>",
            esc(label),
            x = label_w - 8.0,
            ty = y + cell_h * 0.62
        ));
        for c in 0..cols.len() {
            let x = label_w + cell_w * c as f64;
            let v = values.get(r).and_then(|row| row.get(c)).copied().flatten();
            let (fill, text, ink) = match v {
                Some(v) => {
                    let rgb = heat_rgb(v, lo, hi);
                    let ink = if dark(rgb) { "#fff" } else { "#111" };
                    (
                        format!("#{:02x}{:02x}{:02x}", rgb.0, rgb.1, rgb.2),
                        number(v),
                        ink,
                    )
                }
                None => ("#f2f2f2".to_string(), "—".to_string(), "#555"),
            };
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{fill}\" stroke=\"#fff\"/>\
                 <text x=\"{tx:.1}\" y=\"{ty:.1}\" font-size=\"13\" text-anchor=\"middle\" fill=\"{ink}\">{text}</text>",
                w = cell_w,
                h = cell_h,
                tx = x + cell_w / 2.0,
                ty = y + cell_h * 0.62
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_labels() {
        let svg = svg(&Chart::Bars {
            title: "图<1>".into(),
            items: vec![
                ("一月".into(), 5.0),
                ("二<月>".into(), 10.0),
                ("三月".into(), 0.0),
            ],
        });
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title>图&lt;1&gt;</title>"));
        assert!(svg.contains("二&lt;月&gt;") && !svg.contains("二<月>"));
        assert!(
            svg.contains("width=\"420.0\"")
                && svg.contains("width=\"210.0\"")
                && svg.contains("width=\"0.0\"")
        );
        assert!(!svg.contains("style="), "no inline style under the CSP");
    }

    #[test]
    fn heat_cells_are_shaded_by_value_and_gaps_marked() {
        let svg = svg(&Chart::Heat {
            title: "得分".into(),
            rows: vec!["甲区".into(), "乙区".into()],
            cols: vec!["2023".into(), "2024".into()],
            values: vec![vec![Some(60.0), Some(90.0)], vec![None, Some(75.5)]],
        });
        assert!(svg.contains("fill=\"#fff0eb\"") && svg.contains("fill=\"#a50000\""));
        assert!(svg.contains(">—</text>") && svg.contains(">75.5</text>"));
        assert_eq!(heat_rgb(5.0, 5.0, 5.0), (165, 0, 0));
    }
}
