//! Server-rendered SVG bar charts (no script, no style attributes, so the page's CSP holds): one bar per item,
//! with its label and count, and a title for screen readers.

/// Escapes text for SVG.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart of `items` (label, count), titled `title`.
pub fn bars(title: &str, items: &[(String, u64)]) -> String {
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (220.0, 420.0, 28.0);
    let height = row_h * items.len() as f64 + 40.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {w} {height}\" width=\"100%\" \
         aria-labelledby=\"t\"><title>{t}</title><text x=\"0\" y=\"20\" font-size=\"16\" font-weight=\"bold\" \
         fill=\"#111\">{t}</text>",
        w = label_w + bar_w + 80.0,
        t = esc(title)
    );
    for (i, (label, n)) in items.iter().enumerate() {
        let y = 34.0 + row_h * i as f64;
        let w = bar_w * (*n as f64) / (max as f64);
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
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::bars;

    #[test]
    fn bars_scale_to_the_largest_and_escape_labels() {
        let svg = bars(
            "图<1>",
            &[
                ("一月".into(), 5),
                ("二<月>".into(), 10),
                ("三月".into(), 0),
            ],
        );
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
}
