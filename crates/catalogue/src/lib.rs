//! The proactive disclosure catalogue (政府信息公开目录, 条例第十九至二十六条): entries with the metadata Chinese
//! government sites use, the lifecycle of 规章 and 行政规范性文件 (issued, amended, repealed, expired), the
//! register of documents in force on any date, the 20-working-day publication limit of 条例第二十六条, the
//! 索引号 rule, and 表二 and section 一's count of information published, counted from the catalogue.

#![warn(missing_docs)]

pub mod counts;
pub mod entry;
pub mod import;
pub mod index_no;
pub mod timeliness;
pub mod vocab;

pub use entry::{DocKind, Entry, Validity};
