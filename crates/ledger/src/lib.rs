//! The case ledger as pure domain code (no I/O): the official working-day calendar, applications
//! (依申请公开) with their events and statutory clocks, the 信息处理费, reviews and lawsuits, and the year-end
//! report built from the cases.

#![warn(missing_docs)]

pub mod calendar;
pub mod case;
pub mod case_error;
pub mod case_number;
pub mod clock;
pub mod fees;
pub mod notice;
pub mod outcome;
pub mod report;
pub mod review;
pub mod sample;
pub mod table;
pub mod today;

pub use calendar::{CalendarError, WorkingCalendar};
