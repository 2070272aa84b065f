//! Locating tables and rows: the official labels (and the variants agencies print) found in the linear
//! document, in table order.

use crate::linear::{Linear, SEP, fold_str};
use gongkai_model::CellValue;
use gongkai_model::Table3Row;
use gongkai_model::format::{LabelVariant, VariantKind};
use std::ops::Range;

pub(super) fn is_value_char(c: char) -> bool {
    c.is_ascii_digit() || " .,-+/\\*×—–―元万无%".contains(c)
}

/// The length in bytes of the values at the start of `s`: value characters, and a counting word right after
/// a digit (“1个246900元”, “2笔”).
pub(super) fn values_len(s: &str) -> usize {
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        let counted = crate::split::COUNT_UNITS.contains(&c) && prev.is_ascii_digit();
        if !is_value_char(c) && !counted && c != crate::linear::SEP {
            return i;
        }
        prev = c;
    }
    s.len()
}

/// Whether a delimited cell's text is a value: value characters only, or a cell that gongkai printed as
/// uncertain (〔缺失〕, 〔待核：…〕).
pub(super) fn is_value_text(s: &str) -> bool {
    (values_len(s) == s.len() && !s.contains(crate::linear::SEP))
        || CellValue::from_uncertain_text(s).is_some()
}

/// A row's label as found: which variant matched and where.
pub(super) struct Found {
    pub(super) index: usize,
    pub(super) label: Range<usize>,
    pub(super) variant: Option<gongkai_model::format::VariantKind>,
}

pub(super) fn find_label(
    lin: &Linear,
    label: &str,
    variants: &[LabelVariant],
    from: usize,
    to: usize,
) -> Option<Found> {
    let mut options = vec![fold_str(label)];
    options.extend(variants.iter().map(|v| fold_str(v.text)));
    let refs: Vec<&str> = options.iter().map(String::as_str).collect();
    lin.find_any(&refs, from, to).map(|(i, r)| Found {
        index: 0,
        label: r,
        variant: if i == 0 {
            None
        } else {
            Some(variants[i - 1].kind)
        },
    })
}

/// The longest stretch of text searched for one row's label by similarity (bytes of folded text).
const MAX_GAP: usize = 24_000;

/// The most edits accepted when matching a label of `n` characters by similarity: one per six characters, at
/// least one.
fn max_edits(n: usize) -> usize {
    (n / 6).max(1)
}

/// The official label without its item number (“3.其他” → “其他”), when it has one.
fn without_item_number(label: &str) -> Option<&str> {
    let rest = label.trim_start_matches(|c: char| c.is_ascii_digit());
    (rest.len() < label.len())
        .then(|| rest.strip_prefix('.'))
        .flatten()
        .filter(|r| !r.is_empty())
}

/// Finds the stretch of `[from, to)` closest to `label` (folded) by edit distance over characters, spaces and
/// piece separators skipped, when it is within [`max_edits`]. Among equally close stretches the latest start
/// wins, so that a digit of the previous row is never taken into the label. Returns the range and the edits.
pub(super) fn find_similar(
    lin: &Linear,
    label: &str,
    from: usize,
    to: usize,
) -> Option<(Range<usize>, usize)> {
    let want: Vec<char> = label.chars().filter(|c| *c != ' ').collect();
    let m = want.len();
    if m < 4 || from >= to || !lin.text.is_char_boundary(from) || !lin.text.is_char_boundary(to) {
        return None;
    }
    // Piece separators are kept: a label matched by similarity lies within one piece.
    let text: Vec<(usize, char)> = lin.text[from..to]
        .char_indices()
        .filter(|(_, c)| *c != ' ')
        .map(|(i, c)| (from + i, c))
        .collect();
    let limit = max_edits(m);
    let fresh = |j: usize| -> Vec<(usize, usize)> { (0..=m).map(|i| (i, j)).collect() };
    // Sellers' algorithm: column j holds, for each label prefix, the fewest edits of a stretch ending at j and
    // that stretch's first character.
    let mut col = fresh(0);
    let mut best: Option<(usize, usize, usize)> = None; // (edits, start index, end index)
    for (j, &(_, c)) in text.iter().enumerate() {
        if c == SEP {
            col = fresh(j + 1);
            continue;
        }
        let mut next = vec![(0, j + 1); m + 1];
        for i in 1..=m {
            let diag = (col[i - 1].0 + usize::from(want[i - 1] != c), col[i - 1].1);
            let up = (next[i - 1].0 + 1, next[i - 1].1);
            let left = (col[i].0 + 1, col[i].1);
            next[i] = [diag, up, left]
                .into_iter()
                .min_by_key(|(d, start)| (*d, std::cmp::Reverse(*start)))
                .expect("three options");
        }
        let (d, start) = next[m];
        // Equally close: the later start; from the same start, the longer stretch when it ends in a
        // character of text (案件 for 案卷 rather than 案 with 卷 dropped), never in a digit of the values.
        let better = |(bd, bs, _): (usize, usize, usize)| {
            d < bd || (d == bd && (start > bs || (start == bs && !is_value_char(c))))
        };
        if d <= limit && best.is_none_or(better) {
            best = Some((d, start, j));
        }
        col = next;
    }
    let (d, mut start, end) = best?;
    // Never start inside a number: digits that continue the digits before them (the previous row's last
    // value in flattened text) are not the label's item number, and neither is a dot after them.
    let digit = |k: usize| text.get(k).is_some_and(|(_, c)| c.is_ascii_digit());
    if start > 0 && digit(start - 1) && digit(start) {
        while start < end && digit(start) {
            start += 1;
        }
        if text.get(start).is_some_and(|(_, c)| *c == '.') {
            start += 1;
        }
    }
    let (a, _) = text.get(start)?;
    let (b, c) = text[end];
    Some((*a..b + c.len_utf8(), d))
}

/// Finds the rows of a table in order. First every official label or known variant, each after the previous
/// one found; then each row still missing is looked for only between its neighbours found in table order, by
/// similarity ([`find_similar`]) or without its item number, and reported as [`VariantKind::Edited`].
pub(super) fn locate_rows(
    lin: &Linear,
    defs: &[Table3Row],
    start: usize,
    end: usize,
) -> Vec<(String, Found)> {
    let mut slots: Vec<Option<Found>> = Vec::with_capacity(defs.len());
    let mut pos = start;
    for (index, def) in defs.iter().enumerate() {
        let f = find_label(lin, def.label, def.variants, pos, end).map(|mut f| {
            f.index = index;
            pos = f.label.end;
            f
        });
        slots.push(f);
    }
    if slots.iter().all(Option::is_none) {
        return vec![];
    }
    for index in 0..defs.len() {
        if slots[index].is_some() {
            continue;
        }
        let gap_start = slots[..index]
            .iter()
            .rev()
            .find_map(|s| s.as_ref().map(|f| f.label.end))
            .unwrap_or(start);
        let gap_end = slots[index + 1..]
            .iter()
            .find_map(|s| s.as_ref().map(|f| f.label.start))
            .unwrap_or(end);
        // A row's label is near its neighbours: the search is bounded, so that a huge gap (a 10 MB line with
        // one label in it) costs no more than a table's worth of text.
        let mut gap_end = gap_end.min(gap_start.saturating_add(MAX_GAP));
        while !lin.text.is_char_boundary(gap_end) {
            gap_end -= 1;
        }
        let label = fold_str(defs[index].label);
        let hit = find_similar(lin, &label, gap_start, gap_end)
            .map(|(r, _)| r)
            .or_else(|| {
                without_item_number(&label).and_then(|core| lin.find(core, gap_start, gap_end))
            });
        slots[index] = hit.map(|r| Found {
            index,
            label: r,
            variant: Some(VariantKind::Edited),
        });
    }
    slots
        .into_iter()
        .zip(defs)
        .filter_map(|(f, d)| f.map(|f| (d.key.to_string(), f)))
        .collect()
}

/// In a source with table rows, the first row of fifteen values after `start`: 表四's data row when its
/// header could not be read as text (labels set vertically, one character per line).
pub(super) fn fifteen_value_row(lin: &Linear, start: usize, end: usize) -> Option<Range<usize>> {
    let first = lin.pieces.partition_point(|p| p.range.end <= start);
    let region: Vec<&crate::linear::Piece> = lin.pieces[first..]
        .iter()
        .take_while(|p| p.range.start < end)
        .collect();
    let mut i = 0;
    while i < region.len() {
        let row = region[i].source.cell().map(|(t, r, _)| (t, r));
        let j = i + region[i..]
            .iter()
            .take_while(|p| p.source.cell().map(|(t, r, _)| (t, r)) == row)
            .count()
            .max(1);
        let cells = &region[i..j];
        if row.is_some()
            && cells.len() == 15
            && cells
                .iter()
                .all(|p| is_value_text(&lin.text[p.range.clone()]))
        {
            return Some(cells[0].range.start..cells[14].range.end);
        }
        i = j;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear::PieceSource;

    fn doc(s: &str) -> Linear {
        let mut l = Linear::new(Some(s));
        l.push(s, PieceSource::Text(0));
        l
    }

    #[test]
    fn similar_labels_are_found_without_taking_digits_of_the_previous_row() {
        let l = doc("00000007.属于行政执法案件0000000");
        let (r, d) = find_similar(&l, "7.属于行政执法案卷", 0, l.text.len()).unwrap();
        assert_eq!(d, 1);
        assert_eq!(&l.text[r], "属于行政执法案件");
        let l = doc("0 0 0 0 0 0 02.其他法律和行政法规禁止公开1");
        let (r, _) = find_similar(&l, "2.其他法律行政法规禁止公开", 0, l.text.len()).unwrap();
        assert_eq!(&l.text[r], "其他法律和行政法规禁止公开");
        // Too far from the label: not a match.
        let l = doc("0000000属于行政查询事项0000000");
        assert!(find_similar(&l, "7.属于行政执法案卷", 0, l.text.len()).is_none());
    }
}
