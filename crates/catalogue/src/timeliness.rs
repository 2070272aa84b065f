//! 条例第二十六条: government information in the scope of proactive disclosure is published within 20 working
//! days of its creation or change. Counted on the official working-day calendar (调休 included) from the
//! 成文日期.

use crate::entry::Entry;
use chrono::NaiveDate;
use gongkai_ledger::calendar::WorkingCalendar;

/// The working days allowed.
pub const LIMIT: u32 = 20;

/// How an entry stands against the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timeliness {
    /// Published within the limit.
    OnTime {
        /// The last day allowed.
        due: NaiveDate,
    },
    /// Published after the limit.
    Late {
        /// The last day allowed.
        due: NaiveDate,
        /// Working days past it.
        days_late: u32,
    },
    /// Not yet published; overdue when today is past the last day.
    Unpublished {
        /// The last day allowed.
        due: NaiveDate,
        /// Whether it is already late.
        overdue: bool,
    },
    /// The calendar cannot compute the dates (beyond what it can count even provisionally).
    Unknown(String),
}

impl Timeliness {
    /// The last day allowed, when known.
    pub fn due(&self) -> Option<NaiveDate> {
        match self {
            Timeliness::OnTime { due }
            | Timeliness::Late { due, .. }
            | Timeliness::Unpublished { due, .. } => Some(*due),
            Timeliness::Unknown(_) => None,
        }
    }
}

/// How `e` stands on `today`.
pub fn timeliness(e: &Entry, cal: &WorkingCalendar, today: NaiveDate) -> Timeliness {
    let due = match cal.add_working_days(e.written, LIMIT) {
        Ok(d) => d,
        Err(err) => return Timeliness::Unknown(format!("期限待人工核对：{err}")),
    };
    match e.published {
        Some(p) if p <= due => Timeliness::OnTime { due },
        Some(p) => match cal.working_days_between(due, p) {
            Ok(days_late) => Timeliness::Late { due, days_late },
            Err(err) => Timeliness::Unknown(format!("期限待人工核对：{err}")),
        },
        None => Timeliness::Unpublished {
            due,
            overdue: today > due,
        },
    }
}

/// The entries published late or overdue unpublished, with their standing, oldest 成文日期 first.
pub fn late_list<'a>(
    entries: &'a [Entry],
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> Vec<(&'a Entry, Timeliness)> {
    let mut out: Vec<(&Entry, Timeliness)> = entries
        .iter()
        .map(|e| (e, timeliness(e, cal, today)))
        .filter(|(_, t)| {
            matches!(
                t,
                Timeliness::Late { .. }
                    | Timeliness::Unpublished { overdue: true, .. }
                    | Timeliness::Unknown(_)
            )
        })
        .collect();
    out.sort_by_key(|a| a.0.written);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::DocKind;
    use crate::entry::tests::{d, entry};

    #[test]
    fn twenty_working_days_follow_the_official_calendar() {
        let cal = WorkingCalendar::official();
        // Written on 2025-09-26 (Friday): the National Day holiday (1–8 October) and the make-up working days
        // (28 September, 11 October) count as the calendar says.
        let mut e = entry("A", DocKind::Other, "2025-09-26");
        let due = cal.add_working_days(e.written, 20).unwrap();
        e.published = Some(due);
        assert_eq!(
            timeliness(&e, &cal, d("2026-01-01")),
            Timeliness::OnTime { due }
        );
        let next = cal.add_working_days(due, 1).unwrap();
        e.published = Some(next);
        assert_eq!(
            timeliness(&e, &cal, d("2026-01-01")),
            Timeliness::Late { due, days_late: 1 }
        );
        e.published = None;
        assert!(matches!(
            timeliness(&e, &cal, d("2026-01-01")),
            Timeliness::Unpublished { overdue: true, .. }
        ));
        // Past the notices: counted by the statutory holidays, the due date provisional.
        let far = entry("B", DocKind::Other, "2031-01-05");
        let t = timeliness(&far, &cal, d("2031-01-06"));
        assert!(!matches!(t, Timeliness::Unknown(_)), "{t:?}");
        assert!(cal.is_provisional(t.due().unwrap()));
        let beyond = entry("C", DocKind::Other, "2040-01-05");
        assert!(matches!(
            timeliness(&beyond, &cal, d("2040-01-06")),
            Timeliness::Unknown(_)
        ));
        assert_eq!(late_list(&[e, beyond], &cal, d("2026-01-01")).len(), 2);
    }
}
