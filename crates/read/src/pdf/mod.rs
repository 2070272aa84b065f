//! PDF reports with a text layer (as printed from WPS or Word), read with oxidize-pdf (pure Rust, MIT): every
//! text run with its position becomes a piece; runs are grouped into lines by their baseline, page headers and
//! footers (“— 5 —”) are dropped, and a table continued on the next page simply continues in the line
//! sequence. The shared recognizer then finds the tables by their labels; rows whose label is broken over
//! several lines or set vertically are placed by row order and flagged. Text without a usable Unicode map is
//! refused rather than turned into garbage; a scan without text asks for OCR.

use crate::ReadError;
use crate::linear::{Linear, PieceSource};
pub mod isolate;
mod ruled;
pub mod rulings;

use oxidize_pdf::parser::{ContentParser, PdfDocument, PdfReader};
use oxidize_pdf::text::extraction::{ExtractionOptions, TextExtractor};
use rulings::{RuledTable, Segment};
use std::io::Cursor;
use std::sync::mpsc;
use std::time::Duration;

/// Time allowed for one PDF before it is given up as hostile or broken.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);
/// Pages read at most.
pub const MAX_PAGES: u32 = 500;

/// Decoded content-stream bytes of one page read at most.
pub const MAX_PAGE_CONTENT: usize = 8 << 20;
/// Content operators of one page parsed at most.
pub const MAX_PAGE_OPERATORS: usize = 1_000_000;

/// What a PDF holds for reading: text runs, the ruling segments of each page, the document title.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct Extracted {
    pub(crate) runs: Vec<Run>,
    pub(crate) segments: Vec<Vec<Segment>>,
    /// Each page's media box (x0, y0, x1, y1).
    pub(crate) boxes: Vec<[f64; 4]>,
    pub(crate) title: Option<String>,
}

/// A positioned run of text.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Run {
    pub(crate) page: u32,
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
    pub(crate) text: String,
}

fn corrupt(msg: impl Into<String>) -> ReadError {
    ReadError::Corrupt(format!("PDF 文件{}", msg.into()))
}

/// Extracts the runs of every page: in a child process when isolation is on ([`isolate::isolate_with`]),
/// otherwise in a thread of this process.
fn extract(bytes: Vec<u8>) -> Result<Extracted, ReadError> {
    match isolate::executable() {
        Some(exe) => isolate::extract_in_child(exe, bytes),
        None => extract_in_thread(bytes),
    }
}

/// Extracts the runs of every page in a thread of its own with a large stack and a time limit, since a
/// hostile file may make the parser recurse deeply or loop.
fn extract_in_thread(bytes: Vec<u8>) -> Result<Extracted, ReadError> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || {
            let result = std::panic::catch_unwind(move || extract_inner(bytes));
            let _ = tx.send(result);
        })
        .map_err(|e| corrupt(format!("无法启动解析：{e}")))?;
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => Err(corrupt("结构异常，解析时出错（文件可能被截断或损坏）")),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(corrupt(format!(
            "解析超过 {} 秒仍未完成（对象结构可能有循环或异常庞大），已放弃",
            TIME_LIMIT.as_secs()
        ))),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(corrupt("解析时异常终止（文件可能被截断或损坏）"))
        }
    }
}

fn extract_inner(bytes: Vec<u8>) -> Result<Extracted, ReadError> {
    let reader = PdfReader::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("无法解析（文件可能被截断或损坏）：{e}")))?;
    let doc = PdfDocument::new(reader);
    let pages = doc
        .page_count()
        .map_err(|e| corrupt(format!("的页面树无法读取：{e}")))?;
    if pages > MAX_PAGES {
        return Err(corrupt(format!("有 {pages} 页，超过 {MAX_PAGES} 页上限")));
    }
    let title = doc.metadata().ok().and_then(|m| m.title);
    let opts = ExtractionOptions {
        preserve_layout: true,
        ..Default::default()
    };
    let mut extractor = TextExtractor::with_options(opts);
    let mut runs = Vec::new();
    let mut segments = Vec::new();
    let mut boxes = Vec::new();
    for i in 0..pages {
        // Ruling lines: a page whose drawing cannot be parsed simply has none.
        let parsed = doc.get_page(i).ok();
        boxes.push(
            parsed
                .as_ref()
                .map_or([0.0, 0.0, f64::MAX, f64::MAX], |p| p.media_box),
        );
        let streams = parsed
            .and_then(|p| p.content_streams_with_document(&doc).ok())
            .unwrap_or_default();
        let content: usize = streams.iter().map(Vec::len).sum();
        if content > MAX_PAGE_CONTENT {
            return Err(corrupt(format!(
                "第 {} 页的内容流解压后有 {} MB，超过 {} MB 的上限（内容异常庞大），已放弃",
                i + 1,
                content >> 20,
                MAX_PAGE_CONTENT >> 20
            )));
        }
        let mut page_segments = Vec::new();
        let mut operators = 0;
        for ops in streams.iter().filter_map(|s| ContentParser::parse(s).ok()) {
            operators += ops.len();
            if operators > MAX_PAGE_OPERATORS {
                return Err(corrupt(format!(
                    "第 {} 页的绘制指令超过 {MAX_PAGE_OPERATORS} 条的上限（内容异常庞大），已放弃",
                    i + 1
                )));
            }
            page_segments.extend(rulings::segments(&ops));
        }
        segments.push(page_segments);
        let page = extractor
            .extract_from_page(&doc, i)
            .map_err(|e| corrupt(format!("第 {} 页的内容无法读取：{e}", i + 1)))?;
        for f in page.fragments {
            // Padding spaces inside a run shift its visible text: move the box to the text itself.
            let n = f.text.chars().count().max(1) as f64;
            let lead = f.text.chars().take_while(|c| c.is_whitespace()).count() as f64;
            let trail = f
                .text
                .chars()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count() as f64;
            let text = f.text.trim().to_string();
            if text.is_empty() {
                continue;
            }
            let per_char = f.width / n;
            runs.push(Run {
                page: i + 1,
                x: f.x + lead * per_char,
                y: f.y,
                w: (f.width - (lead + trail) * per_char).max(per_char),
                h: f.height,
                text,
            });
        }
    }
    Ok(Extracted {
        runs,
        segments,
        boxes,
        title,
    })
}

/// The cell pieces of a line's runs (line `n`); a run of numbers separated by spaces holds several cells,
/// one piece each.
fn run_pieces(line: &[Run], n: usize) -> Vec<(String, PieceSource)> {
    let mut out = Vec::new();
    for r in line {
        let bbox = [r.x, r.y, r.x + r.w, r.y + r.h].map(|v| (v * 10.0) as i32);
        let numeric = r.text.split_whitespace().count() > 1
            && r.text
                .split_whitespace()
                .all(|t| t.chars().all(|c| c.is_ascii_digit() || ".-".contains(c)));
        let parts: Vec<&str> = if numeric {
            r.text.split_whitespace().collect()
        } else {
            vec![r.text.trim()]
        };
        for part in parts.into_iter().filter(|p| !p.is_empty()) {
            out.push((
                part.to_string(),
                PieceSource::PdfRun(r.page, n, out.len(), bbox),
            ));
        }
    }
    out
}

/// Groups runs into lines (vertical centres within 40% of the smaller height), top to bottom, left to right.
fn group_lines(mut page: Vec<Run>) -> Vec<Vec<Run>> {
    page.sort_by(|a, b| (b.y + b.h / 2.0).total_cmp(&(a.y + a.h / 2.0)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for r in page {
        let c = r.y + r.h / 2.0;
        match lines.last_mut() {
            Some(line)
                if line
                    .iter()
                    .any(|o| (o.y + o.h / 2.0 - c).abs() <= 0.4 * o.h.min(r.h).max(1.0)) =>
            {
                line.push(r)
            }
            _ => lines.push(vec![r]),
        }
    }
    lines.into_iter().map(merge_touching_runs).collect()
}

/// Whether a line is a page number (“- 3 -”, “— 5 —”, “第 2 页”).
fn is_page_number(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t.trim_matches(|c| matches!(c, '-' | '—' | '－' | '–' | '第' | '页'));
    !core.is_empty() && core.len() <= 4 && core.chars().all(|c| c.is_ascii_digit()) && t != core
}

/// Joins runs of one line whose gap is under a third of the text height: producers that place glyph by glyph
/// (LibreOffice) split one number into touching runs, while cells are much further apart.
fn merge_touching_runs(mut line: Vec<Run>) -> Vec<Run> {
    line.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut merged: Vec<Run> = Vec::new();
    for r in line {
        match merged.last_mut() {
            Some(prev) if r.x - (prev.x + prev.w) < prev.h.min(r.h) / 3.0 => {
                prev.text.push_str(&r.text);
                let right = (r.x + r.w).max(prev.x + prev.w);
                let top = (r.y + r.h).max(prev.y + prev.h);
                prev.y = prev.y.min(r.y);
                prev.w = right - prev.x;
                prev.h = top - prev.y;
            }
            _ => merged.push(r),
        }
    }
    merged
}

fn is_value_run(r: &Run) -> bool {
    let t = r.text.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || " .,-/元万".contains(c))
}

/// A line of values only, just above a labelled line and in columns that line leaves empty, belongs to that
/// line: cells whose text is aligned to the top of a tall row print above the row's baseline.
fn join_partial_value_lines(lines: Vec<Vec<Run>>) -> Vec<Vec<Run>> {
    let mut out: Vec<Vec<Run>> = Vec::new();
    let mut pending: Option<Vec<Run>> = None;
    for line in lines {
        if let Some(p) = pending.take() {
            let gap = p[0].y - line.iter().map(|r| r.y).fold(f64::MIN, f64::max);
            let height = p.iter().chain(&line).map(|r| r.h).fold(0.0, f64::max);
            let overlaps = p
                .iter()
                .any(|a| line.iter().any(|b| a.x < b.x + b.w && b.x < a.x + a.w));
            let labelled = line.iter().any(|r| !is_value_run(r));
            // A full row of values (six or more) is a row of its own, however close.
            if gap > 0.0 && gap < 1.5 * height && !overlaps && labelled && p.len() < 6 {
                let mut joined = line;
                joined.extend(p);
                joined.sort_by(|a, b| a.x.total_cmp(&b.x));
                out.push(joined);
                continue;
            }
            out.push(p);
        }
        if line.iter().all(is_value_run) {
            pending = Some(line);
        } else {
            out.push(line);
        }
    }
    out.extend(pending);
    out
}

/// Stage 1 for PDF.
pub fn to_linear(bytes: &[u8]) -> Result<Linear, ReadError> {
    let extracted = extract(bytes.to_vec())?;
    let text = extracted
        .runs
        .iter()
        .any(|r| r.text.chars().any(|c| !c.is_whitespace()));
    if !text && !extracted.boxes.is_empty() {
        // A scan: every page is a picture.
        let mut lin = from_extracted(crate::ocr::scanned_pdf(bytes, &extracted.boxes)?)?;
        lin.ocr = true;
        return Ok(lin);
    }
    from_extracted(extracted)
}

/// The linear document of what was extracted from a PDF (or recognised on page pictures).
pub(crate) fn from_extracted(
    Extracted {
        runs,
        segments,
        boxes,
        title,
    }: Extracted,
) -> Result<Linear, ReadError> {
    let text_chars: usize = runs
        .iter()
        .map(|r| r.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if text_chars == 0 {
        return Err(ReadError::Unsupported(
            "PDF 中没有文字：既没有文字层，也没有识别出文字（扫描件过于模糊或为空白页）".into(),
        ));
    }
    let unmapped = runs
        .iter()
        .flat_map(|r| r.text.chars())
        .filter(|c| {
            *c == '\u{FFFD}'
                || ('\u{E000}'..='\u{F8FF}').contains(c)
                || (c.is_control() && *c != '\t')
        })
        .count();
    if unmapped * 10 > text_chars {
        return Err(ReadError::Unsupported(format!(
            "PDF 的字体缺少可用的 Unicode 映射（{unmapped}/{text_chars} 个字符无法解码），无法可靠提取文字，请用原始文档或 OCR"
        )));
    }
    let mut lin = Linear::new(None);
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        lin.push(t.trim(), PieceSource::Paragraph);
    }
    let tables: Vec<Vec<RuledTable>> = segments.iter().map(|s| rulings::tables(s)).collect();
    if tables.iter().any(|t| !t.is_empty()) {
        ruled::to_linear(&mut lin, runs, &tables, &boxes);
        return Ok(lin);
    }
    let mut page_runs: Vec<Vec<Run>> = Vec::new();
    for r in runs {
        if page_runs
            .last()
            .is_none_or(|p: &Vec<Run>| p[0].page != r.page)
        {
            page_runs.push(Vec::new());
        }
        page_runs.last_mut().expect("pushed").push(r);
    }
    for page in page_runs {
        let lines = join_partial_value_lines(group_lines(page));
        for (n, line) in lines.into_iter().enumerate() {
            let joined: String = line.iter().map(|r| r.text.as_str()).collect();
            if is_page_number(&joined) {
                continue;
            }
            for (text, source) in run_pieces(&line, n) {
                lin.push(&text, source);
            }
        }
    }
    Ok(lin)
}
