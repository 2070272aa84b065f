//! A cell shown in its document: for a PDF the page (drawn by poppler's pdftoppm) with the cell's box; for
//! HTML, DOCX, XLSX and Markdown the document's table with the cell marked; for text the passage with the cell's
//! characters marked. GET /supervise/documents/{hash}/pages/{n} serves a page as PNG.

use super::SupervisorUser;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongkai_model::Provenance;
use gongkai_read::linear::PieceSource;

/// Pages are drawn at 72 dpi, so that a pixel is a point and the cell's box needs no scaling.
const DPI: &str = "72";

/// How a cell is shown in its document.
pub enum DocView {
    /// Nothing to show, and why.
    Nothing(String),
    /// A PDF page: its image URL, size in points, and the cell's box (x, y from the top, width, height).
    Page {
        /// Page number.
        page: u32,
        /// Image URL.
        src: String,
        /// Width.
        width: u32,
        /// Height.
        height: u32,
        /// The box, if the cell has one.
        the_box: Option<(f64, f64, f64, f64)>,
    },
    /// A table of the document: caption and rows of (text, is the cell).
    Table {
        /// Which table.
        caption: String,
        /// Rows.
        rows: Vec<Vec<(String, bool)>>,
    },
    /// A passage of text: before, the cell's text, after.
    Text {
        /// Text before.
        before: String,
        /// The cell's characters.
        hit: String,
        /// Text after.
        after: String,
    },
}

/// The largest page drawn, in points (a pixel each): about A0 (2384 × 3370 pt) fits.
const MAX_PAGE_POINTS: f64 = 10_000_000.0;
/// Memory and time of one drawing.
const DRAW_MEMORY: u64 = 512 << 20;
const DRAW_TIME: std::time::Duration = std::time::Duration::from_secs(20);

/// A page's size in points, as pdfinfo reports it (“Page    3 size: 595.32 x 841.92 pts (A4)”).
fn page_size(input: &std::path::Path, page: u32) -> Result<(f64, f64), String> {
    let n = page.to_string();
    let mut command = std::process::Command::new("pdfinfo");
    command.args(["-f", &n, "-l", &n]).arg(input);
    let (_, out) = gongkai_read::pdf::isolate::run_bounded(
        &mut command,
        Vec::new(),
        DRAW_MEMORY,
        DRAW_TIME,
        1 << 20,
    )
    .map_err(|_| "服务器未安装 poppler-utils（pdfinfo），或读取页面尺寸超时".to_string())?;
    let text = String::from_utf8_lossy(&out);
    text.lines()
        .find(|l| l.starts_with("Page") && l.contains(" size:"))
        .and_then(|l| {
            let mut nums = l
                .split(" size:")
                .nth(1)?
                .split_whitespace()
                .filter_map(|w| w.parse::<f64>().ok());
            Some((nums.next()?, nums.next()?))
        })
        .ok_or_else(|| format!("无法读取第 {page} 页的尺寸"))
}

/// A PDF page as PNG at 72 dpi: bytes, width and height in pixels (= points). A page over
/// [`MAX_PAGE_POINTS`] is not drawn; drawing runs with a memory and a time limit, two at a time.
pub fn page_png(pdf: &[u8], page: u32) -> Result<(Vec<u8>, u32, u32), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let input = dir.path().join("doc.pdf");
    std::fs::write(&input, pdf).map_err(|e| e.to_string())?;
    let (w, h) = page_size(&input, page)?;
    if !(w * h <= MAX_PAGE_POINTS && w > 0.0 && h > 0.0) {
        return Err(format!(
            "第 {page} 页的尺寸为 {w:.0} × {h:.0} 点，超过可显示的大小（面积上限 {MAX_PAGE_POINTS:.0} 平方点），不予绘制"
        ));
    }
    let n = page.to_string();
    let mut command = std::process::Command::new("pdftoppm");
    command
        .args(["-png", "-r", DPI, "-singlefile", "-f", &n, "-l", &n])
        .arg(&input);
    let (status, png) = match gongkai_read::pdf::isolate::run_bounded(
        &mut command,
        Vec::new(),
        DRAW_MEMORY,
        DRAW_TIME,
        64 << 20,
    ) {
        Ok(r) => r,
        Err(gongkai_read::pdf::isolate::Bounded::Spawn(_)) => {
            return Err("服务器未安装 poppler-utils（pdftoppm），无法显示 PDF 页面".into());
        }
        Err(gongkai_read::pdf::isolate::Bounded::TimedOut) => {
            return Err(format!(
                "绘制第 {page} 页超过 {} 秒，已放弃",
                DRAW_TIME.as_secs()
            ));
        }
    };
    if !status.success() {
        return Err(format!("无法绘制第 {page} 页（页面内容损坏或过于复杂）"));
    }
    // Width and height are the first fields of the IHDR chunk.
    if png.len() < 24 || &png[12..16] != b"IHDR" {
        return Err("页面图像无效".into());
    }
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    Ok((png, w, h))
}

/// The view of a cell (by its provenance) in the document `bytes` stored under `hash`.
pub fn view(hash: &str, bytes: &[u8], at: &Provenance) -> DocView {
    if bytes.starts_with(b"%PDF") {
        let page = at.page.unwrap_or(1);
        return match page_png(bytes, page) {
            Ok((_, width, height)) => DocView::Page {
                page,
                src: format!("/supervise/documents/{hash}/pages/{page}"),
                width,
                height,
                the_box: at.bbox.map(|b| {
                    let [x0, y0, x1, y1] = b.map(|v| f64::from(v) / 10.0);
                    (
                        x0 - 2.0,
                        f64::from(height) - y1 - 2.0,
                        x1 - x0 + 4.0,
                        y1 - y0 + 4.0,
                    )
                }),
            },
            Err(e) => DocView::Nothing(e),
        };
    }
    if let Some((t, r, c)) = at.table_cell
        && let Ok(linear) = gongkai_read::linear(bytes)
    {
        let mut rows: Vec<Vec<(String, bool)>> = Vec::new();
        for p in &linear.pieces {
            let (pt, pr, pc) = match p.source {
                PieceSource::Cell(a, b, c) | PieceSource::TextCell(_, a, b, c) => (a, b, c),
                _ => continue,
            };
            if pt != t {
                continue;
            }
            while rows.len() <= pr {
                rows.push(Vec::new());
            }
            let row = &mut rows[pr];
            while row.len() <= pc {
                row.push((String::new(), false));
            }
            row[pc] = (linear.raw[p.raw.clone()].to_string(), pr == r && pc == c);
        }
        if !rows.is_empty() {
            return DocView::Table {
                caption: format!(
                    "原文第 {} 个表格（第 {} 行第 {} 列标出）",
                    t + 1,
                    r + 1,
                    c + 1
                ),
                rows,
            };
        }
    }
    if let Some((from, to)) = at.bytes {
        let text = if gongkai_read::sniff(bytes).ok() == Some(gongkai_read::InputKind::Html) {
            gongkai_read::decode::decode_html(bytes)
        } else {
            gongkai_read::decode::decode_text(bytes)
        };
        if let Ok(text) = text
            && to <= text.len()
            && text.is_char_boundary(from)
            && text.is_char_boundary(to)
        {
            let mut start = from.saturating_sub(240);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (to + 240).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            return DocView::Text {
                before: text[start..from].to_string(),
                hit: text[from..to].to_string(),
                after: text[to..end].to_string(),
            };
        }
    }
    DocView::Nothing("读取结果没有记下这一格在原文中的位置。".into())
}

/// GET /supervise/documents/{hash}/pages/{n}: a page of a stored PDF as PNG.
pub async fn page(
    State(state): State<AppState>,
    SupervisorUser(_): SupervisorUser,
    Path((hash, page)): Path<(String, u32)>,
) -> Response {
    let Ok(Some((_, bytes))) = state.store.document_file(&hash).await else {
        return super::problem(&state, StatusCode::NOT_FOUND, "没有这个文件。").await;
    };
    if !bytes.starts_with(b"%PDF") || page == 0 {
        return super::problem(&state, StatusCode::NOT_FOUND, "这不是 PDF 文件的页面。").await;
    }
    match tokio::task::spawn_blocking(move || page_png(&bytes, page)).await {
        Ok(Ok((png, _, _))) => ([(header::CONTENT_TYPE, "image/png")], png).into_response(),
        Ok(Err(e)) => super::problem(&state, StatusCode::SERVICE_UNAVAILABLE, e).await,
        Err(_) => super::problem(&state, StatusCode::INTERNAL_SERVER_ERROR, "系统错误").await,
    }
}
