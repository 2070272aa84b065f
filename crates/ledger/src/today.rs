//! Where “today” comes from: the system clock read in Beijing time (UTC+8, whatever the server's own time
//! zone), or a fixed date for a demonstration or a test. Every deadline, overdue list and date check takes its
//! day from one of these, never from the clock directly.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The source of today's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Today {
    /// The system clock, in Beijing time.
    #[default]
    System,
    /// A fixed day.
    Fixed(NaiveDate),
}

impl Today {
    /// Today's date in Beijing.
    pub fn date(&self) -> NaiveDate {
        match self {
            Today::System => (Utc::now() + Duration::hours(8)).date_naive(),
            Today::Fixed(d) => *d,
        }
    }

    /// The current moment, for timestamps that must agree with [`Today::date`]: the system clock, or on a fixed
    /// day that day at the system clock's Beijing time of day.
    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        match self {
            Today::System => now,
            Today::Fixed(d) => {
                let time = (now + Duration::hours(8)).time();
                d.and_time(time).and_utc() - Duration::hours(8)
            }
        }
    }

    /// Parses `YYYY-MM-DD` into a fixed day; `None` gives the system clock.
    pub fn from_option(s: Option<&str>) -> Result<Today, String> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(Today::System),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Today::Fixed)
                .map_err(|_| format!("“{s}”不是日期，应写作 2026-12-05 这样的形式")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_falls_on_today() {
        let day = NaiveDate::from_ymd_opt(2027, 9, 1).unwrap();
        let t = Today::Fixed(day);
        assert_eq!((t.now() + Duration::hours(8)).date_naive(), day);
        let s = Today::System;
        assert_eq!((s.now() + Duration::hours(8)).date_naive(), s.date());
    }
}
