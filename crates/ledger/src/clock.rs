//! The statutory clock of an application (条例 第三十条、第三十三条): the due date computed from the events,
//! with a step-by-step explanation in Chinese.
//!
//! Conventions (the 条例 leaves them open; see [`ClockSettings`]):
//! - "自收到申请之日起20个工作日内": by default the day of receipt is not counted and day 1 is the next
//!   working day (民法典 第二百零一条: the starting day is not counted). With `count_receipt_day` a receipt on a
//!   working day is day 1.
//! - A 补正通知 stops the clock; the corrected application restarts it with a full 20 working days (第三十条).
//! - Consultation of a third party or another agency is excluded (第三十三条第三款): the working days after
//!   the request is sent, up to and including the day the answer arrives, are added to the due date.
//! - The time between a 收费通知 and the payment is excluded likewise, unless `fee_pause` is off.

use crate::calendar::{CalendarError, WorkingCalendar, weekday_name};
use crate::case::{Application, EventKind, Outcome};
use chrono::NaiveDate;
use serde::Serialize;

/// The answer period of 条例 第三十三条第二款, in working days.
pub const ANSWER_DAYS: u32 = 20;
/// The period for a 补正通知 (条例 第三十条), in working days.
pub const CORRECTION_NOTICE_DAYS: u32 = 7;
/// The period for a consulted party's answer (条例 第三十二条、第三十四条), in working days.
pub const CONSULTATION_DAYS: u32 = 15;
/// The period for paying the 信息处理费 after the notice, in working days.
pub const FEE_PAYMENT_DAYS: u32 = 20;

/// Counting conventions, each one setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ClockSettings {
    /// Count the day of receipt as day 1 when it is a working day (default: no).
    pub count_receipt_day: bool,
    /// Exclude the time from the fee notice to the payment (default: yes).
    pub fee_pause: bool,
}

impl Default for ClockSettings {
    fn default() -> Self {
        ClockSettings {
            count_receipt_day: false,
            fee_pause: true,
        }
    }
}

/// Where an application stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// The clock runs.
    Running,
    /// The clock is stopped (waiting for a correction, a consulted party or a payment).
    Paused {
        /// Why.
        reason: String,
    },
    /// Answered or otherwise ended.
    Closed {
        /// The day.
        date: NaiveDate,
        /// The 表三 row.
        outcome: Outcome,
        /// Whether it ended after the due date.
        late: bool,
    },
}

/// The clock of one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    /// The due date (when the clock is paused: the due date if the pause ended on the day of the last event).
    pub due: NaiveDate,
    /// Where it stands.
    pub status: Status,
    /// The computation, step by step, in Chinese.
    pub steps: Vec<String>,
    /// Departures from the statutory periods (e.g. a late 补正通知).
    pub warnings: Vec<String>,
    /// Whether the due date is provisional: it lies in a year whose holiday notice is not yet in the calendar
    /// (see [`crate::calendar::PROVISIONAL_NOTE`]); it is recomputed when the notice is added.
    pub provisional: bool,
}

impl Clock {
    /// The due date as a reader should take it: a provisional one says so and why.
    pub fn due_words(&self) -> String {
        if self.provisional {
            format!(
                "{}（暂定：{}年节假日安排尚未公布，{}；公布后如有调整，以调整后的期限为准）",
                self.due,
                self.due.format("%Y"),
                crate::calendar::PROVISIONAL_NOTE
            )
        } else {
            self.due.to_string()
        }
    }
}

/// A date with its weekday, marked 暂定 when no notice covers its year yet.
fn fmt(cal: &WorkingCalendar, d: NaiveDate) -> String {
    if cal.is_provisional(d) {
        format!("{d}（{}，暂定）", weekday_name(d))
    } else {
        format!("{d}（{}）", weekday_name(d))
    }
}

/// The last day of a period of `n` working days starting with a day received on `start`.
fn period_end(
    cal: &WorkingCalendar,
    start: NaiveDate,
    n: u32,
    s: ClockSettings,
) -> Result<NaiveDate, CalendarError> {
    if s.count_receipt_day && cal.is_working_day(start)? {
        cal.add_working_days(start, n - 1)
    } else {
        cal.add_working_days(start, n)
    }
}

/// Computes the clock of an application.
pub fn clock(
    app: &Application,
    cal: &WorkingCalendar,
    s: ClockSettings,
) -> Result<Clock, CalendarError> {
    let mut steps = Vec::new();
    let mut warnings = Vec::new();
    let convention = if s.count_receipt_day {
        "收到申请当日为工作日的计为第1日"
    } else {
        "收到申请当日不计入，自次日起算"
    };
    let mut due = period_end(cal, app.received, ANSWER_DAYS, s)?;
    steps.push(format!(
        "{} 收到申请（{}）；{convention}，{ANSWER_DAYS} 个工作日内答复（条例第三十三条第二款），期限至 {}",
        fmt(cal, app.received),
        app.channel.receipt_rule(),
        fmt(cal, due)
    ));
    let mut status = Status::Running;
    let mut pause_start: Option<(NaiveDate, &'static str)> = None;
    for e in &app.events {
        match &e.kind {
            EventKind::CorrectionRequested => {
                let limit = period_end(cal, app.received, CORRECTION_NOTICE_DAYS, s)?;
                steps.push(format!(
                    "{} 发出补正通知，停止计时，待申请人补正",
                    fmt(cal, e.date)
                ));
                if e.date > limit {
                    warnings.push(format!(
                        "补正通知于 {} 发出，超过条例第三十条规定的收到申请之日起 {CORRECTION_NOTICE_DAYS} 个工作日（应不迟于 {}）",
                        e.date, limit
                    ));
                }
                status = Status::Paused {
                    reason: "等待申请人补正".into(),
                };
            }
            EventKind::CorrectionReceived => {
                due = period_end(cal, e.date, ANSWER_DAYS, s)?;
                steps.push(format!(
                    "{} 收到补正后的申请，答复期限自此重新计算（条例第三十条），{ANSWER_DAYS} 个工作日，期限至 {}",
                    fmt(cal, e.date),
                    fmt(cal, due)
                ));
                status = Status::Running;
            }
            EventKind::Extended { days, approved_by } => {
                if e.date > due {
                    warnings.push(format!(
                        "延长答复期限于 {} 批准，已在原期限 {} 届满之后",
                        e.date, due
                    ));
                }
                due = cal.add_working_days(due, *days)?;
                steps.push(format!(
                    "{} 经{approved_by}同意延长答复期限 {days} 个工作日（条例第三十三条第二款），期限延至 {}",
                    fmt(cal, e.date),
                    fmt(cal, due)
                ));
            }
            EventKind::ConsultationSent { .. } => {
                let reply_by = cal.add_working_days(e.date, CONSULTATION_DAYS)?;
                steps.push(format!(
                    "{} {}，征求意见所需时间不计入答复期限（条例第三十三条第三款）；被征求方应于 {} 前答复",
                    fmt(cal, e.date),
                    e.kind.label(),
                    fmt(cal, reply_by)
                ));
                pause_start = Some((e.date, "征求意见"));
                status = Status::Paused {
                    reason: "等待征求意见答复".into(),
                };
            }
            EventKind::FeeNotified { .. } => {
                let pay_by = cal.add_working_days(e.date, FEE_PAYMENT_DAYS)?;
                let paused = if s.fee_pause {
                    "，通知至缴费期间不计入答复期限"
                } else {
                    ""
                };
                steps.push(format!(
                    "{} {}，申请人应于 {} 前缴费{paused}",
                    fmt(cal, e.date),
                    e.kind.label(),
                    fmt(cal, pay_by)
                ));
                if s.fee_pause {
                    pause_start = Some((e.date, "收费"));
                    status = Status::Paused {
                        reason: "等待申请人缴费".into(),
                    };
                }
            }
            EventKind::ConsultationAnswered | EventKind::FeePaid => {
                if let Some((from, what)) = pause_start.take() {
                    let days = cal.working_days_between(from, e.date)?;
                    due = cal.add_working_days(due, days)?;
                    steps.push(format!(
                        "{} {}，{what}期间 {days} 个工作日不计入，期限顺延至 {}",
                        fmt(cal, e.date),
                        e.kind.label(),
                        fmt(cal, due)
                    ));
                } else {
                    steps.push(format!("{} {}", fmt(cal, e.date), e.kind.label()));
                }
                status = Status::Running;
            }
            EventKind::FeeUnpaid
            | EventKind::CorrectionLapsed
            | EventKind::Withdrawn
            | EventKind::Replied { .. }
            | EventKind::Referred { .. } => {
                let outcome = e
                    .kind
                    .closing_outcome()
                    .expect("closing events have an outcome");
                let late = matches!(
                    e.kind,
                    EventKind::Replied { .. } | EventKind::Referred { .. }
                ) && e.date > due;
                let verdict = if late {
                    let over = cal.working_days_between(due, e.date)?;
                    format!("，超过期限 {over} 个工作日")
                } else {
                    String::new()
                };
                steps.push(format!(
                    "{} {}，计入表三“{}”{verdict}",
                    fmt(cal, e.date),
                    e.kind.label(),
                    outcome.label()
                ));
                status = Status::Closed {
                    date: e.date,
                    outcome,
                    late,
                };
            }
        }
    }
    let provisional = cal.is_provisional(due);
    if provisional {
        steps.push(format!(
            "期限暂定：{} 年的节假日调休安排尚未收录，{}（《全国年节及纪念日放假办法》），安排公布并录入后重新计算",
            due.format("%Y"),
            crate::calendar::PROVISIONAL_NOTE
        ));
    }
    Ok(Clock {
        due,
        status,
        steps,
        warnings,
        provisional,
    })
}

/// Whether an open application is overdue on `today`.
pub fn overdue(c: &Clock, today: NaiveDate) -> bool {
    matches!(c.status, Status::Running) && today > c.due
}

/// Working days left until the due date on `today` (0 on the due day), for running clocks.
pub fn days_left(
    c: &Clock,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> Result<Option<u32>, CalendarError> {
    if !matches!(c.status, Status::Running) || today > c.due {
        return Ok(None);
    }
    cal.working_days_between(today, c.due).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{ApplicantType, Channel, Consulted, Event};
    use rust_decimal::Decimal;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn app(received: &str, events: Vec<(&str, EventKind)>) -> Application {
        Application {
            id: "2025-001".into(),
            applicant: ApplicantType::NaturalPerson,
            applicant_name: "张三".into(),
            channel: Channel::Online,
            received: d(received),
            content: "某项目审批文件".into(),
            events: events
                .into_iter()
                .map(|(date, kind)| Event {
                    date: d(date),
                    kind,
                })
                .collect(),
        }
    }

    fn due(a: &Application, s: ClockSettings) -> NaiveDate {
        a.validate().unwrap();
        clock(a, &WorkingCalendar::official(), s).unwrap().due
    }

    fn reply() -> EventKind {
        EventKind::Replied {
            outcome: Outcome::new("granted").unwrap(),
        }
    }

    #[test]
    fn plain_period_both_conventions() {
        let a = app("2025-03-03", vec![]);
        assert_eq!(due(&a, ClockSettings::default()), d("2025-03-31"));
        let counting = ClockSettings {
            count_receipt_day: true,
            ..Default::default()
        };
        assert_eq!(due(&a, counting), d("2025-03-28"));
        // Received on a Saturday: day 1 is Monday under both conventions.
        let sat = app("2025-03-01", vec![]);
        assert_eq!(due(&sat, ClockSettings::default()), due(&sat, counting));
    }

    #[test]
    fn across_spring_festival_with_make_up_days() {
        assert_eq!(
            due(&app("2025-01-20", vec![]), ClockSettings::default()),
            d("2025-02-21")
        );
    }

    #[test]
    fn correction_restarts_the_clock() {
        let a = app(
            "2025-03-03",
            vec![
                ("2025-03-05", EventKind::CorrectionRequested),
                ("2025-03-10", EventKind::CorrectionReceived),
            ],
        );
        // 20 working days after 03-10, skipping Qingming (Fri 04-04).
        assert_eq!(due(&a, ClockSettings::default()), d("2025-04-08"));
        let c = clock(&a, &WorkingCalendar::official(), ClockSettings::default()).unwrap();
        assert!(c.warnings.is_empty());
        assert!(c.steps[2].contains("重新计算"));
        let late = app(
            "2025-03-03",
            vec![("2025-03-13", EventKind::CorrectionRequested)],
        );
        let c = clock(
            &late,
            &WorkingCalendar::official(),
            ClockSettings::default(),
        )
        .unwrap();
        assert_eq!(
            c.warnings.len(),
            1,
            "7 working days after 03-03 end on 03-12"
        );
        assert!(matches!(c.status, Status::Paused { .. }));
    }

    #[test]
    fn extension_adds_working_days() {
        let a = app(
            "2025-03-03",
            vec![(
                "2025-03-28",
                EventKind::Extended {
                    days: 15,
                    approved_by: "办公室主任".into(),
                },
            )],
        );
        assert_eq!(due(&a, ClockSettings::default()), d("2025-04-22"));
    }

    #[test]
    fn consultation_time_is_excluded() {
        let a = app(
            "2025-03-03",
            vec![
                (
                    "2025-03-10",
                    EventKind::ConsultationSent {
                        party: Consulted::ThirdParty,
                        name: None,
                    },
                ),
                ("2025-03-20", EventKind::ConsultationAnswered),
            ],
        );
        // 8 working days (03-11..03-20) are added to 03-31.
        assert_eq!(due(&a, ClockSettings::default()), d("2025-04-11"));
    }

    #[test]
    fn fee_time_is_excluded_unless_switched_off() {
        let a = app(
            "2025-03-03",
            vec![
                (
                    "2025-03-17",
                    EventKind::FeeNotified {
                        amount: Decimal::from(150),
                    },
                ),
                ("2025-03-19", EventKind::FeePaid),
            ],
        );
        assert_eq!(due(&a, ClockSettings::default()), d("2025-04-02"));
        assert_eq!(
            due(
                &a,
                ClockSettings {
                    fee_pause: false,
                    ..Default::default()
                }
            ),
            d("2025-03-31")
        );
    }

    #[test]
    fn reply_on_the_due_day_and_after() {
        let cal = WorkingCalendar::official();
        let on = app("2025-03-03", vec![("2025-03-31", reply())]);
        let c = clock(&on, &cal, ClockSettings::default()).unwrap();
        assert!(matches!(c.status, Status::Closed { late: false, .. }));
        let after = app("2025-03-03", vec![("2025-04-01", reply())]);
        let c = clock(&after, &cal, ClockSettings::default()).unwrap();
        assert!(matches!(c.status, Status::Closed { late: true, .. }));
        assert!(
            c.steps.last().unwrap().contains("超过期限 1 个工作日"),
            "{:?}",
            c.steps
        );
        let open = app("2025-03-03", vec![]);
        let c = clock(&open, &cal, ClockSettings::default()).unwrap();
        assert!(!overdue(&c, d("2025-03-31")));
        assert!(overdue(&c, d("2025-04-01")));
        assert_eq!(days_left(&c, &cal, d("2025-03-27")).unwrap(), Some(2));
    }

    /// A case whose due date lies past the calendar's data keeps its state and every step; only the due date
    /// is provisional, and it becomes definite when the year's notice is added.
    #[test]
    fn past_the_data_the_clock_is_provisional_never_lost() {
        let cal = WorkingCalendar::official();
        let a = app(
            "2026-12-10",
            vec![
                ("2026-12-14", EventKind::CorrectionRequested),
                ("2026-12-16", EventKind::CorrectionReceived),
            ],
        );
        let c = clock(&a, &cal, ClockSettings::default()).unwrap();
        // 12-17..12-31: 11 working days; 2027-01-01 元旦 off; 01-04..01-14: 9 more.
        assert_eq!(c.due, d("2027-01-14"));
        assert!(c.provisional);
        assert!(matches!(c.status, Status::Running));
        assert_eq!(c.steps.len(), 4, "{:?}", c.steps);
        assert!(
            c.steps[2].contains("2027-01-14（周四，暂定）"),
            "{:?}",
            c.steps
        );
        assert!(c.steps[3].contains("调休安排公布前按法定节假日推算"));
        let mut closed = a.clone();
        closed.events.push(Event {
            date: d("2027-01-08"),
            kind: EventKind::Replied {
                outcome: Outcome::new("denied.process_info").unwrap(),
            },
        });
        let c = clock(&closed, &cal, ClockSettings::default()).unwrap();
        assert!(matches!(c.status, Status::Closed { late: false, .. }));
        // With a 2027 notice that works Saturday 01-09 (a test arrangement), the date is definite and earlier.
        let extra = "[[notice]]\nyear = 2027\nsource = \"测试通知\"\ndays_off = [2027-01-01]\nworkdays = [2027-01-09]\n";
        let cal27 = WorkingCalendar::with_extra(extra).unwrap();
        let c = clock(&a, &cal27, ClockSettings::default()).unwrap();
        assert_eq!(c.due, d("2027-01-13"));
        assert!(!c.provisional);
    }

    #[test]
    fn events_out_of_order_or_impossible_are_rejected() {
        let before = app("2025-03-03", vec![("2025-03-01", reply())]);
        assert!(matches!(
            before.validate(),
            Err(crate::case::CaseError::OutOfOrder { .. })
        ));
        let orphan = app(
            "2025-03-03",
            vec![("2025-03-05", EventKind::CorrectionReceived)],
        );
        assert!(matches!(
            orphan.validate(),
            Err(crate::case::CaseError::MissingPredecessor { .. })
        ));
        let after_close = app(
            "2025-03-03",
            vec![
                ("2025-03-05", reply()),
                ("2025-03-06", EventKind::Withdrawn),
            ],
        );
        assert!(matches!(
            after_close.validate(),
            Err(crate::case::CaseError::AfterClose { .. })
        ));
        let long = app(
            "2025-03-03",
            vec![
                (
                    "2025-03-20",
                    EventKind::Extended {
                        days: 15,
                        approved_by: "主任".into(),
                    },
                ),
                (
                    "2025-03-21",
                    EventKind::Extended {
                        days: 10,
                        approved_by: "主任".into(),
                    },
                ),
            ],
        );
        assert!(matches!(
            long.validate(),
            Err(crate::case::CaseError::ExtensionTooLong { days: 25, .. })
        ));
        assert!(Outcome::new("approved").is_err());
        assert_eq!(
            Outcome::parse("4.保护第三方合法权益").unwrap().key(),
            "denied.third_party"
        );
        assert!(Outcome::parse("3.其他").is_ok());
    }
}
