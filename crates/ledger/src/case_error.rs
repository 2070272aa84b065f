//! Why an application or one of its steps is rejected, in the words the office reads.

use chrono::NaiveDate;
use thiserror::Error;

/// Why an application or event is rejected.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CaseError {
    /// A case number that cannot be shown or used in an address safely.
    #[error("案件编号“{shown}”{problem}，应为不超过 64 个字符的可见字符，不含“/”“\\”")]
    BadId {
        /// The number as far as it can be shown.
        shown: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// A referral that does not name the responsible agency.
    #[error("告知不属于本机关负责公开的，须写明负责公开该信息的行政机关（条例第三十六条第五项）")]
    Referral,
    /// Not an outcome row of 表三.
    #[error(
        "“{0}”不是表三的办理结果行（应为予以公开、部分公开，或不予公开1–8、无法提供1–3、不予处理1–5、其他处理1–3中的一项，须写明是哪一项，如“不予公开-4.保护第三方合法权益”）"
    )]
    UnknownOutcome(String),
    /// An event dated before the receipt or before the previous event.
    #[error(
        "案件 {id}：事件“{event}”的日期 {date} 早于{before}（{before_date}），事件须按时间顺序登记"
    )]
    OutOfOrder {
        /// Case.
        id: String,
        /// Event.
        event: String,
        /// Its date.
        date: NaiveDate,
        /// What it precedes.
        before: String,
        /// That date.
        before_date: NaiveDate,
    },
    /// A step that needs an earlier one.
    #[error("案件 {id}：“{event}”之前没有“{needs}”")]
    MissingPredecessor {
        /// Case.
        id: String,
        /// Event.
        event: String,
        /// What must come first.
        needs: String,
    },
    /// A date after today: steps are recorded when they happen, not ahead.
    #[error("案件 {id}：{what}的日期 {date} 晚于今天（{today}，北京时间），不能预先登记")]
    Future {
        /// Case.
        id: String,
        /// The receipt or the step.
        what: String,
        /// Its date.
        date: NaiveDate,
        /// Today.
        today: NaiveDate,
    },
    /// An event after the application was closed.
    #[error("案件 {id}：申请已于 {closed} 办结（{how}），不能再登记“{event}”")]
    AfterClose {
        /// Case.
        id: String,
        /// Close date.
        closed: NaiveDate,
        /// How it closed.
        how: String,
        /// The event.
        event: String,
    },
    /// Extension beyond 20 working days or repeated.
    #[error(
        "案件 {id}：延长答复期限合计 {days} 个工作日，超过条例第三十三条第二款规定的 20 个工作日"
    )]
    ExtensionTooLong {
        /// Case.
        id: String,
        /// Total days.
        days: u32,
    },
    /// A required field is empty.
    #[error("案件 {id}：{field}不能为空")]
    Empty {
        /// Case.
        id: String,
        /// Which field.
        field: &'static str,
    },
}
