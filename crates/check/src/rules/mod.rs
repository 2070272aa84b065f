//! The registry: every rule, in the order diagnostics are printed.

use crate::Rule;

mod cell_ambiguous;
mod cell_blank;
mod cell_mark;
mod format_version;
mod label_variant;
mod meta_year;
mod narrative;
mod placeholder;
mod prev_carry;
mod prev_in_force;
mod read_notes;
mod sections;
mod t2_values;
mod t3_balance;
mod t3_row_total;
mod t3_total_sum;
mod t3_values;
mod t4_total;
mod table_shape;

/// All rules.
pub static REGISTRY: &[Rule] = &[
    table_shape::RULE,
    cell_ambiguous::RULE,
    t3_balance::RULE,
    t3_total_sum::RULE,
    t3_row_total::RULE,
    t3_values::RULE,
    t4_total::RULE,
    t2_values::RULE,
    cell_blank::RULE,
    cell_mark::RULE,
    format_version::RULE,
    label_variant::RULE,
    narrative::RULE,
    prev_carry::RULE,
    prev_in_force::RULE,
    meta_year::RULE,
    sections::RULE,
    placeholder::RULE,
    read_notes::RULE,
];

use gongkai_model::{MAX_SPLIT_CANDIDATES, Report, RowData, TableId};
use rust_decimal::Decimal;

/// A 表三 row whose digits ran together so that no split of them makes 总计 the sum of the six applicant
/// columns: the document's error, not the reader's doubt. Only claimed when every split is known.
pub(crate) fn no_split_adds_up(row: &RowData) -> bool {
    !row.split_candidates.is_empty()
        && row.split_candidates.len() < MAX_SPLIT_CANDIDATES
        && row
            .split_candidates
            .iter()
            .all(|v| v.len() == 7 && v[..6].iter().sum::<Decimal>() != v[6])
}

/// The numeral of a section (一 to 六) by its number; out-of-range numbers are clamped.
pub(crate) fn numeral(number: u8) -> &'static str {
    ["一", "二", "三", "四", "五", "六"][(number as usize).clamp(1, 6) - 1]
}

/// Formats a list of column labels for messages.
pub(crate) fn join_labels(labels: &[&str]) -> String {
    labels.join("、")
}

/// The keys of the 表三 outcome rows present in the report's 表三 format.
pub(crate) fn outcome_keys(r: &Report) -> Vec<&'static str> {
    r.table3
        .format
        .map(|f| {
            gongkai_model::table3_rows(f)
                .iter()
                .filter(|d| d.outcome)
                .map(|d| d.key)
                .collect()
        })
        .unwrap_or_default()
}

/// "表三 “（七）总计” 行 自然人 列" style location text.
pub(crate) fn where_text(r: &Report, id: TableId, row: &str, col: Option<usize>) -> String {
    let mut s = format!("{} “{}” 行", id.title(), r.row_label(id, row));
    if let Some(c) = col {
        s += &format!(" “{}” 列", r.column_label(id, row, c));
    }
    s
}
