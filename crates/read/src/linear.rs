//! The intermediate document of stage 1: the document's text as a sequence of pieces (table cells, lines,
//! paragraphs) joined by [`SEP`], folded character by character (full-width digits, Kangxi radicals, odd
//! spaces) so that labels match, with a map back to the source for provenance.

use gongkai_model::Provenance;
use std::ops::Range;

/// Separator between pieces: a cell boundary that the source really has.
pub const SEP: char = '\u{1F}';

/// Where a piece came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceSource {
    /// A cell of an HTML table (table index, grid row, grid column).
    Cell(usize, usize, usize),
    /// A paragraph of HTML text outside tables.
    Paragraph,
    /// A stretch of a text file starting at this byte offset.
    Text(usize),
    /// A table cell of a text file (a Markdown table): byte offset, table index, row and column.
    TextCell(usize, usize, usize, usize),
    /// A run of text on a PDF page: page (1-based), line number on the page, position in the line, and its
    /// box (x0, y0, x1, y1 in tenths of a point).
    PdfRun(u32, usize, usize, [i32; 4]),
    /// A cell of a ruled table on a PDF page (drawn borders): page, grid row (unique in the document), grid
    /// column and the cell's box; every cell of the grid is a piece, empty ones too.
    PdfCell(u32, usize, usize, [i32; 4]),
    /// A paragraph of prose on a PDF page (outside ruled tables): page and the box of its first line.
    PdfText(u32, [i32; 4]),
}

impl PieceSource {
    /// The table, row and column of a cell piece.
    pub fn cell(self) -> Option<(usize, usize, usize)> {
        match self {
            PieceSource::Cell(t, r, c) | PieceSource::TextCell(_, t, r, c) => Some((t, r, c)),
            PieceSource::PdfRun(page, line, col, _) | PieceSource::PdfCell(page, line, col, _) => {
                Some((page as usize, line, col))
            }
            _ => None,
        }
    }
}

/// One piece of the linear document.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Byte range in [`Linear::text`].
    pub range: Range<usize>,
    /// Byte range of the same piece, unfolded, in [`Linear::raw`].
    pub raw: Range<usize>,
    /// Its source.
    pub source: PieceSource,
}

/// The linear document.
#[derive(Debug, Default)]
pub struct Linear {
    /// Folded text, pieces joined by [`SEP`].
    pub text: String,
    /// The same pieces as printed (not folded); each character corresponds to one of [`Linear::text`].
    pub raw: String,
    /// Pieces in document order.
    pub pieces: Vec<Piece>,
    /// The text was recognised on pictures (OCR), not read from the document.
    pub ocr: bool,
    /// For text sources: (folded byte offset, source byte offset) at each piece start and after every
    /// character whose folded form has another length; between two entries bytes correspond one to one.
    offsets: Vec<(usize, usize)>,
    /// Byte offsets where source lines start.
    line_starts: Vec<usize>,
    /// Pieces whose content the source does not show (a table cell cut off at the page edge).
    unknown: Vec<usize>,
    /// Markdown table rows (table, row) with fewer cells than the table's other rows: a cell was lost, and
    /// which one cannot be told, so no value of such a row is placed.
    incomplete: std::collections::BTreeSet<(usize, usize)>,
}

/// Folds one character so that printed variants compare equal: full-width ASCII digits and letters to ASCII,
/// ASCII brackets and colons to the full-width forms the official labels use, every kind of space to ' ',
/// quotation marks to '"', and compatibility ideographs (Kangxi radicals) to the unified ideograph.
pub fn fold(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '．' => '.',
        '－' | '−' => '-',
        '／' => '/',
        '％' => '%',
        '(' => '（',
        ')' => '）',
        ':' => '：',
        ';' => '；',
        '“' | '”' | '＂' | '"' => '"',
        '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' => {
            let mut out = c;
            unicode_normalization::char::decompose_compatible(c, |d| out = d);
            out
        }
        c if c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}' => ' ',
        c => c,
    }
}

/// Folds a whole string (for labels).
pub fn fold_str(s: &str) -> String {
    s.chars().map(fold).collect()
}

impl Linear {
    /// A new document; `source` is the decoded source text when it is a text file (for line numbers).
    pub fn new(source: Option<&str>) -> Self {
        let mut line_starts = vec![0];
        if let Some(s) = source {
            line_starts.extend(s.match_indices('\n').map(|(i, _)| i + 1));
        }
        Linear {
            line_starts,
            ..Default::default()
        }
    }

    /// Appends a piece. For [`PieceSource::Text`], `s` must be the source text at that offset.
    pub fn push(&mut self, s: &str, source: PieceSource) {
        if !self.text.is_empty() {
            self.text.push(SEP);
            self.raw.push(SEP);
        }
        let start = self.text.len();
        let raw_start = self.raw.len();
        self.raw.push_str(s);
        match source {
            PieceSource::Text(orig) | PieceSource::TextCell(orig, ..) => {
                self.offsets.push((self.text.len(), orig));
                for (i, c) in s.char_indices() {
                    let f = fold(c);
                    self.text.push(f);
                    if f.len_utf8() != c.len_utf8() {
                        self.offsets
                            .push((self.text.len(), orig + i + c.len_utf8()));
                    }
                }
            }
            _ => self.text.extend(s.chars().map(fold)),
        }
        self.pieces.push(Piece {
            range: start..self.text.len(),
            raw: raw_start..self.raw.len(),
            source,
        });
    }

    /// Appends an empty cell piece whose content the source does not show (cut off at the page edge): it
    /// reads as missing, never as blank.
    pub fn push_unknown(&mut self, source: PieceSource) {
        self.push("", source);
        self.unknown.push(self.pieces.len() - 1);
    }

    /// Appends every piece of another document made without a source text (a picture recognised inside this
    /// one), keeping which of its pieces the source does not show.
    pub fn append(&mut self, other: &Linear) {
        for (i, p) in other.pieces.iter().enumerate() {
            if other.unknown.binary_search(&i).is_ok() {
                self.push_unknown(p.source);
            } else {
                self.push(&other.raw[p.raw.clone()], p.source);
            }
        }
        self.ocr |= other.ocr;
    }

    /// Marks a table row as having fewer cells than its table has columns.
    pub fn mark_incomplete(&mut self, table: usize, row: usize) {
        self.incomplete.insert((table, row));
    }

    /// Whether a table row was marked with [`Linear::mark_incomplete`].
    pub fn is_incomplete(&self, table: usize, row: usize) -> bool {
        self.incomplete.contains(&(table, row))
    }

    /// Whether the piece at folded offset `at` was pushed with [`Linear::push_unknown`].
    pub fn is_unknown(&self, at: usize) -> bool {
        self.piece_index(at)
            .is_some_and(|i| self.unknown.binary_search(&i).is_ok())
    }

    /// The printed (unfolded) text of the folded range `r` inside piece `p`. Folding maps one character to
    /// one character, so the correspondence goes by character count.
    pub fn raw_text(&self, p: &Piece, r: Range<usize>) -> &str {
        let skip = self.text[p.range.start..r.start].chars().count();
        let take = self.text[r.start..r.end].chars().count();
        let raw = &self.raw[p.raw.clone()];
        let mut idx = raw.char_indices().map(|(i, _)| i).chain([raw.len()]);
        let a = idx.nth(skip).unwrap_or(raw.len());
        let b = if take == 0 {
            a
        } else {
            idx.nth(take - 1).unwrap_or(raw.len())
        };
        &raw[a..b]
    }

    /// The piece that contains folded byte offset `at`.
    pub fn piece_at(&self, at: usize) -> Option<&Piece> {
        self.piece_index(at).map(|i| &self.pieces[i])
    }

    fn piece_index(&self, at: usize) -> Option<usize> {
        let i = self.pieces.partition_point(|p| p.range.end < at);
        self.pieces
            .get(i)
            .filter(|p| p.range.start <= at)
            .map(|_| i)
    }

    fn source_offset(&self, at: usize) -> Option<usize> {
        let i = self
            .offsets
            .partition_point(|(n, _)| *n <= at)
            .checked_sub(1)?;
        let (n, o) = self.offsets[i];
        Some(o + (at - n))
    }

    /// Provenance of the folded range `r`.
    pub fn provenance(&self, r: Range<usize>) -> Provenance {
        match self.piece_at(r.start).map(|p| p.source) {
            Some(
                PieceSource::PdfRun(page, _, _, bbox)
                | PieceSource::PdfCell(page, _, _, bbox)
                | PieceSource::PdfText(page, bbox),
            ) => Provenance {
                page: Some(page),
                bbox: Some(bbox),
                ..Default::default()
            },
            Some(PieceSource::Cell(t, row, col)) => Provenance {
                table_cell: Some((t, row, col)),
                ..Default::default()
            },
            Some(source @ (PieceSource::Text(_) | PieceSource::TextCell(..))) => {
                let (Some(a), Some(b)) = (self.source_offset(r.start), self.source_offset(r.end))
                else {
                    return Provenance::default();
                };
                let line = self.line_starts.partition_point(|&s| s <= a);
                Provenance {
                    bytes: Some((a, b)),
                    line: Some(line),
                    table_cell: source.cell(),
                    ..Default::default()
                }
            }
            _ => Provenance::default(),
        }
    }

    /// Finds `label` (already folded) at or after `from` and before `to`, allowing spaces and piece separators
    /// between its characters. Returns the matched range.
    pub fn find(&self, label: &str, from: usize, to: usize) -> Option<Range<usize>> {
        let mut to = to.min(self.text.len());
        while !self.text.is_char_boundary(to) {
            to -= 1;
        }
        if from >= to || !self.text.is_char_boundary(from) {
            return None;
        }
        let first = label.chars().next()?;
        let hay = &self.text[from..to];
        for (i, _) in hay.match_indices(first) {
            if let Some(end) = match_at(hay, i, label) {
                return Some(from + i..from + end);
            }
        }
        None
    }

    /// Finds the earliest of several labels; on a tie the longest wins. Returns (index, range).
    pub fn find_any(
        &self,
        labels: &[&str],
        from: usize,
        to: usize,
    ) -> Option<(usize, Range<usize>)> {
        let mut best: Option<(usize, Range<usize>)> = None;
        for (i, l) in labels.iter().enumerate() {
            let limit = best.as_ref().map_or(to, |(_, r)| {
                let next = self.text[r.start..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                (r.start + next).min(to)
            });
            if let Some(r) = self.find(l, from, limit) {
                let better = match &best {
                    None => true,
                    Some((_, b)) => r.start < b.start || (r.start == b.start && r.end > b.end),
                };
                if better {
                    best = Some((i, r));
                }
            }
        }
        best
    }
}

/// Matches `label` in `hay` starting exactly at byte `i`, skipping spaces and separators inside the text.
fn match_at(hay: &str, i: usize, label: &str) -> Option<usize> {
    let mut it = hay[i..].char_indices().peekable();
    let mut end = i;
    for lc in label.chars() {
        loop {
            let (j, c) = it.next()?;
            if c == lc {
                end = i + j + c.len_utf8();
                break;
            }
            if (c == ' ' || c == SEP) && j != 0 {
                continue;
            }
            return None;
        }
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_fullwidth_digits_and_radicals() {
        assert_eq!(fold_str("１２(三)⼀"), "12（三）一");
    }

    #[test]
    fn finds_labels_with_inserted_spaces_and_separators() {
        let mut l = Linear::new(None);
        l.push("三 、本 年 度办", PieceSource::Paragraph);
        l.push("理 结果", PieceSource::Paragraph);
        let r = l.find("三、本年度办理结果", 0, l.text.len()).unwrap();
        assert_eq!(r.start, 0);
        assert_eq!(r.end, l.text.len());
        assert!(l.find("三、本年度办理情况", 0, l.text.len()).is_none());
    }
}
