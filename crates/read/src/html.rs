//! HTML: parsed by a real HTML5 parser (scraper/html5ever). Every table is expanded into a grid (rowspan and
//! colspan honoured) and each cell that starts in a grid position becomes one piece; text outside tables
//! becomes one piece per block element. Word/WPS markup (spans, `<o:p>`, `&nbsp;`) reduces to its text.

use crate::linear::{Linear, PieceSource};
use scraper::{ElementRef, Html, Node};

const BLOCKS: &[&str] = &[
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "title", "section", "article",
];
const SKIP: &[&str] = &["script", "style", "noscript", "head", "template"];
/// Elements nested deeper than this are read as their text alone (no report nests a tenth as deep; 20,000
/// nested `<div>` would otherwise take the walk's stack).
const MAX_DEPTH: usize = 256;

/// Fails when a table is opened but never closed: the page was cut off and its last table is incomplete.
pub fn check_complete(source: &str) -> Result<(), crate::ReadError> {
    let lower = source.to_ascii_lowercase();
    let opened = lower.matches("<table").count();
    let closed = lower.matches("</table").count();
    if opened > closed {
        return Err(crate::ReadError::Truncated {
            table: closed + 1,
            offset: source.len(),
        });
    }
    Ok(())
}

/// Stage 1 for HTML. Pictures embedded in the page (`data:` addresses: a table pasted as an image) are
/// recognised where they stand; a picture that cannot be recognised is an error.
pub fn to_linear(source: &str) -> Result<Linear, crate::ReadError> {
    let doc = Html::parse_document(source);
    let mut lin = Linear::new(None);
    let mut state = Walk {
        lin: &mut lin,
        buf: String::new(),
        tables: 0,
        pictures: 0,
        error: None,
    };
    if let Some(title) = doc
        .select(&scraper::Selector::parse("title").expect("static selector"))
        .next()
    {
        let t: String = title.text().collect();
        state.lin.push(t.trim(), PieceSource::Paragraph);
    }
    state.walk(doc.root_element(), 0);
    state.flush();
    match state.error {
        Some(e) => Err(e),
        None => Ok(lin),
    }
}

struct Walk<'a> {
    lin: &'a mut Linear,
    buf: String,
    tables: usize,
    /// Pictures recognised so far.
    pictures: u32,
    /// Why a picture could not be recognised (the walk stops).
    error: Option<crate::ReadError>,
}

/// The bytes of a picture embedded as a `data:image/…;base64,` address.
fn data_picture(src: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let (head, data) = src.trim().split_once(',')?;
    let head = head.to_ascii_lowercase();
    if !head.starts_with("data:image/") || !head.ends_with(";base64") {
        return None;
    }
    let data: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(data).ok()
}

impl Walk<'_> {
    fn flush(&mut self) {
        let t = self.buf.trim();
        if !t.is_empty() {
            let t = t.to_string();
            self.lin.push(&t, PieceSource::Paragraph);
        }
        self.buf.clear();
    }

    fn walk(&mut self, el: ElementRef, depth: usize) {
        let name = el.value().name();
        if SKIP.contains(&name) || self.error.is_some() {
            return;
        }
        if name == "img" {
            self.picture(el);
            return;
        }
        if depth > MAX_DEPTH {
            // `text()` walks the subtree without recursion.
            self.buf.extend(el.text());
            return;
        }
        if name == "table" {
            self.flush();
            self.table(el);
            return;
        }
        let block = BLOCKS.contains(&name);
        if block {
            self.flush();
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.buf.push_str(t),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.walk(e, depth + 1);
                    }
                }
                _ => {}
            }
        }
        if block {
            self.flush();
        }
    }

    /// Recognises an embedded picture in place.
    fn picture(&mut self, img: ElementRef) {
        let Some(bytes) = img.value().attr("src").and_then(data_picture) else {
            return;
        };
        self.flush();
        if self.pictures as usize >= crate::ocr::MAX_SCANNED_PAGES {
            self.error = Some(crate::ReadError::Unsupported(format!(
                "网页中的图片超过可识别的 {} 张",
                crate::ocr::MAX_SCANNED_PAGES
            )));
            return;
        }
        match crate::ocr::append_picture(self.lin, &bytes, self.pictures + 1) {
            Ok(true) => self.pictures += 1,
            Ok(false) => {}
            Err(e) => self.error = Some(e),
        }
    }

    fn table(&mut self, table: ElementRef) {
        let index = self.tables;
        self.tables += 1;
        let rows = direct_rows(table);
        let mut occupied: Vec<Vec<bool>> = Vec::new();
        for (r, tr) in rows.iter().enumerate() {
            if occupied.len() <= r {
                occupied.resize(r + 1, Vec::new());
            }
            let mut c = 0;
            for cell in tr.children().filter_map(ElementRef::wrap) {
                let n = cell.value().name();
                if n != "td" && n != "th" {
                    continue;
                }
                while occupied[r].get(c).copied().unwrap_or(false) {
                    c += 1;
                }
                let span = |a: &str| {
                    cell.value()
                        .attr(a)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                };
                let colspan = span("colspan").unwrap_or(1).clamp(1, 100);
                let rowspan = match span("rowspan") {
                    Some(0) => rows.len().saturating_sub(r).max(1),
                    Some(n) => n.min(1000),
                    None => 1,
                };
                for rr in r..r + rowspan {
                    if occupied.len() <= rr {
                        occupied.resize(rr + 1, Vec::new());
                    }
                    if occupied[rr].len() < c + colspan {
                        occupied[rr].resize(c + colspan, false);
                    }
                    occupied[rr][c..c + colspan].fill(true);
                }
                let text = cell_text(cell);
                self.lin.push(text.trim(), PieceSource::Cell(index, r, c));
                c += colspan;
            }
        }
    }
}

/// Rows of this table only (not of nested tables), through thead/tbody/tfoot.
fn direct_rows(table: ElementRef) -> Vec<ElementRef> {
    let mut out = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => out.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|e| e.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    out
}

/// The text of a cell; paragraphs and line breaks inside it are joined without a space, since Word splits
/// one label over several paragraphs (商业/企业).
fn cell_text(cell: ElementRef) -> String {
    let mut s = String::new();
    for t in cell.text() {
        s.push_str(t);
    }
    s.replace(['\n', '\r'], "")
}

#[cfg(test)]
mod depth_tests {
    /// 20,000 nested `<div>` (220 KB) read on a thread with a tokio worker's 2 MiB stack: the text is kept,
    /// nothing overflows.
    #[test]
    fn deep_nesting_is_read_without_recursion() {
        let html = gongkai_testkit::hostile::nested_html(20_000);
        let lin = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || super::to_linear(&html))
            .unwrap()
            .join()
            .expect("no stack overflow")
            .expect("html");
        assert!(lin.text.contains("深处的文字"));
    }
}
