//! Administrative reviews and lawsuits about disclosure (表四).
//!
//! Counting convention (the format does not state one): a case appears in the report of year Y when it was
//! filed by 31 December of Y and not concluded before 1 January of Y, i.e. cases still pending from earlier
//! years are counted again (as Shanghai's 2025 report notes). Its column is its result when concluded by
//! 31 December of Y, otherwise 尚未审结.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The three blocks of 表四.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// 行政复议.
    Reconsideration,
    /// 未经复议直接起诉.
    LitigationDirect,
    /// 复议后起诉.
    LitigationAfterReconsideration,
}

impl ReviewKind {
    /// Row index in 表四.
    pub fn index(self) -> usize {
        match self {
            ReviewKind::Reconsideration => 0,
            ReviewKind::LitigationDirect => 1,
            ReviewKind::LitigationAfterReconsideration => 2,
        }
    }

    /// Parses a key or the printed label (复议 / 直接起诉 / 复议后起诉 accepted).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "reconsideration" | "行政复议" | "复议" => Some(ReviewKind::Reconsideration),
            "litigation_direct" | "未经复议直接起诉" | "直接起诉" => {
                Some(ReviewKind::LitigationDirect)
            }
            "litigation_after_reconsideration" | "复议后起诉" => {
                Some(ReviewKind::LitigationAfterReconsideration)
            }
            _ => None,
        }
    }
}

/// The result of a concluded case (the first three columns of each 表四 block).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewResult {
    /// 结果维持.
    Upheld,
    /// 结果纠正.
    Corrected,
    /// 其他结果.
    Other,
}

impl ReviewResult {
    /// Column index within a 表四 block.
    pub fn index(self) -> usize {
        match self {
            ReviewResult::Upheld => 0,
            ReviewResult::Corrected => 1,
            ReviewResult::Other => 2,
        }
    }

    /// Parses a key or the printed label.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "upheld" | "结果维持" | "维持" => Some(ReviewResult::Upheld),
            "corrected" | "结果纠正" | "纠正" => Some(ReviewResult::Corrected),
            "other" | "其他结果" | "其他" => Some(ReviewResult::Other),
            _ => None,
        }
    }
}

/// A review or lawsuit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewCase {
    /// Case number.
    pub id: String,
    /// Which block of 表四.
    pub kind: ReviewKind,
    /// Filing date.
    pub filed: NaiveDate,
    /// Conclusion, if concluded: date and result.
    pub concluded: Option<(NaiveDate, ReviewResult)>,
    /// The application it concerns, if recorded.
    pub application_id: Option<String>,
}

impl ReviewCase {
    /// The 表四 column (0–3: 维持, 纠正, 其他, 尚未审结) of this case in the report for `year`, or `None`
    /// when it does not appear in that year.
    pub fn column_in(&self, year: i32) -> Option<usize> {
        let start = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
        if self.filed > end {
            return None;
        }
        match self.concluded {
            Some((d, _)) if d < start => None,
            Some((d, r)) if d <= end => Some(r.index()),
            _ => Some(3),
        }
    }
}

/// The ids of the reviews and lawsuits behind one 表四 cell of `year`: block `kind`, `column` 0–3 (维持, 纠正,
/// 其他, 尚未审结) or 4 (总计).
pub fn explain(reviews: &[ReviewCase], year: i32, kind: ReviewKind, column: usize) -> Vec<&str> {
    reviews
        .iter()
        .filter(|r| r.kind == kind)
        .filter(|r| {
            r.column_in(year)
                .is_some_and(|c| column == 4 || c == column)
        })
        .map(|r| r.id.as_str())
        .collect()
}
