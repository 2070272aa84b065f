//! Server-rendered SVG charts for the pages: the writers' chart model drawn as SVG (no script, no style
//! attribute, so the page's CSP holds).

pub use gongkai_write::chart::{Chart, svg};

/// A horizontal bar chart of `items` (label, count), titled `title`.
pub fn bars(title: &str, items: &[(String, u64)]) -> String {
    svg(&Chart::Bars {
        title: title.to_string(),
        items: items.iter().map(|(l, n)| (l.clone(), *n as f64)).collect(),
    })
}
