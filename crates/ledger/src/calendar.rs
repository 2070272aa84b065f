//! The official working-day calendar: weekdays are working days except the holidays the State Council's
//! notices give off, and weekend days they declare worked (调休) are working days. The data lives in
//! `data/cn-workdays.toml`; more years can be added by data alone ([`WorkingCalendar::with_extra`]).
//! Dates outside the covered years are refused, never guessed.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;
use thiserror::Error;

/// The calendar data shipped with gongkai.
pub const BUILTIN: &str = include_str!("../data/cn-workdays.toml");

/// Why a calendar question cannot be answered.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// The date is outside the years the calendar data covers.
    #[error(
        "{date} 不在工作日历覆盖范围内（已收录 {first} 至 {last} 年的国务院节假日安排），无法计算工作日"
    )]
    NotCovered {
        /// The date asked about.
        date: NaiveDate,
        /// First covered year.
        first: i32,
        /// Last covered year.
        last: i32,
    },
    /// The data file is malformed.
    #[error("工作日历数据有误：{0}")]
    Data(String),
}

#[derive(Deserialize)]
struct File {
    notice: Vec<Notice>,
}

#[derive(Deserialize)]
struct Notice {
    year: i32,
    source: String,
    days_off: Vec<toml::value::Datetime>,
    workdays: Vec<toml::value::Datetime>,
}

/// What kind of day a date is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    /// Monday to Friday, no holiday.
    Weekday,
    /// Saturday or Sunday, not worked.
    Weekend,
    /// A weekday given off by a notice.
    Holiday {
        /// The notice.
        source: String,
    },
    /// A weekend day worked by a notice (调休上班).
    MakeUpWorkday {
        /// The notice.
        source: String,
    },
}

impl DayKind {
    /// Whether the day is a working day.
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Weekday | DayKind::MakeUpWorkday { .. })
    }
}

/// The calendar.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    special: BTreeMap<NaiveDate, (bool, String)>,
    first: NaiveDate,
    last: NaiveDate,
}

fn date(d: &toml::value::Datetime) -> Result<NaiveDate, CalendarError> {
    NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d")
        .map_err(|e| CalendarError::Data(format!("{d}: {e}")))
}

/// The Chinese name of a weekday.
pub fn weekday_name(d: NaiveDate) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        [d.weekday().num_days_from_monday() as usize]
}

impl WorkingCalendar {
    /// The calendar of the data shipped with gongkai.
    pub fn official() -> Self {
        Self::parse(BUILTIN).expect("the built-in calendar data is valid")
    }

    /// Parses calendar data in the format of `data/cn-workdays.toml`.
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let mut cal = WorkingCalendar {
            special: BTreeMap::new(),
            first: NaiveDate::MAX,
            last: NaiveDate::MIN,
        };
        cal.add(text)?;
        Ok(cal)
    }

    /// The official calendar plus the years in `extra` (same format), e.g. next year's notice.
    pub fn with_extra(extra: &str) -> Result<Self, CalendarError> {
        let mut cal = Self::official();
        cal.add(extra)?;
        Ok(cal)
    }

    fn add(&mut self, text: &str) -> Result<(), CalendarError> {
        let file: File = toml::from_str(text).map_err(|e| CalendarError::Data(e.to_string()))?;
        for n in &file.notice {
            let start = NaiveDate::from_ymd_opt(n.year, 1, 1)
                .ok_or(CalendarError::Data(format!("年份 {}", n.year)))?;
            let end = NaiveDate::from_ymd_opt(n.year, 12, 31).expect("valid");
            self.first = self.first.min(start);
            self.last = self.last.max(end);
            for (list, working) in [(&n.days_off, false), (&n.workdays, true)] {
                for d in list {
                    let d = date(d)?;
                    let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
                    if weekend != working {
                        let what = if working {
                            "调休上班日应为周末"
                        } else {
                            "放假日应为工作日（周一至周五）"
                        };
                        return Err(CalendarError::Data(format!(
                            "{} 年通知中的 {d}：{what}",
                            n.year
                        )));
                    }
                    self.first = self.first.min(d);
                    self.special.insert(d, (working, n.source.clone()));
                }
            }
        }
        Ok(())
    }

    /// The first and last covered dates.
    pub fn coverage(&self) -> (NaiveDate, NaiveDate) {
        (self.first, self.last)
    }

    fn covered(&self, d: NaiveDate) -> Result<(), CalendarError> {
        if d < self.first || d > self.last {
            return Err(CalendarError::NotCovered {
                date: d,
                first: self.first.year(),
                last: self.last.year(),
            });
        }
        Ok(())
    }

    /// What kind of day `d` is.
    pub fn day(&self, d: NaiveDate) -> Result<DayKind, CalendarError> {
        self.covered(d)?;
        Ok(match self.special.get(&d) {
            Some((true, s)) => DayKind::MakeUpWorkday { source: s.clone() },
            Some((false, s)) => DayKind::Holiday { source: s.clone() },
            None if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) => DayKind::Weekend,
            None => DayKind::Weekday,
        })
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.day(d)?.is_working())
    }

    /// The reason in Chinese, e.g. "2025-10-08（周三）为法定节假日放假（国办发明电〔2024〕12号）".
    pub fn reason(&self, d: NaiveDate) -> Result<String, CalendarError> {
        let w = weekday_name(d);
        Ok(match self.day(d)? {
            DayKind::Weekday => format!("{d}（{w}）为工作日"),
            DayKind::Weekend => format!("{d}（{w}）为周末休息日"),
            DayKind::Holiday { source } => format!("{d}（{w}）为节假日放假（{source}）"),
            DayKind::MakeUpWorkday { source } => format!("{d}（{w}）为调休上班日（{source}）"),
        })
    }

    /// The `n`-th working day after `d` (`d` itself not counted); `n` = 0 gives `d`.
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.covered(d)?;
        let mut cur = d;
        let mut left = n;
        while left > 0 {
            cur += Duration::days(1);
            if self.is_working_day(cur)? {
                left -= 1;
            }
        }
        Ok(cur)
    }

    /// The number of working days in the interval (`a`, `b`]: after `a`, up to and including `b`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<u32, CalendarError> {
        let mut n = 0;
        let mut cur = a;
        while cur < b {
            cur += Duration::days(1);
            if self.is_working_day(cur)? {
                n += 1;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn counts_match_the_spec_check() {
        // (weekday days off) − (weekend working days) per notice year, from shared/spec/holidays.md §0.
        let cal = WorkingCalendar::official();
        let file: File = toml::from_str(BUILTIN).unwrap();
        for n in file.notice {
            let diff = n.days_off.len() as i32 - n.workdays.len() as i32;
            let want = match n.year {
                2020 | 2025 | 2026 => 13,
                _ => 11,
            };
            assert_eq!(diff, want, "{}", n.year);
            for x in &n.days_off {
                assert!(!cal.is_working_day(date(x).unwrap()).unwrap());
            }
            for x in &n.workdays {
                assert!(cal.is_working_day(date(x).unwrap()).unwrap());
            }
        }
    }

    #[test]
    fn refuses_uncovered_years() {
        let cal = WorkingCalendar::official();
        assert!(matches!(
            cal.is_working_day(d("2027-01-04")),
            Err(CalendarError::NotCovered { .. })
        ));
        assert!(matches!(
            cal.add_working_days(d("2026-12-20"), 20),
            Err(CalendarError::NotCovered { .. })
        ));
        assert!(
            cal.is_working_day(d("2018-12-29")).unwrap(),
            "set by the 2019 notice"
        );
    }

    #[test]
    fn extensible_by_data() {
        let extra = "[[notice]]\nyear = 2027\nsource = \"测试通知\"\ndays_off = [2027-01-01]\nworkdays = []\n";
        let cal = WorkingCalendar::with_extra(extra).unwrap();
        assert!(!cal.is_working_day(d("2027-01-01")).unwrap());
        assert!(cal.is_working_day(d("2027-01-04")).unwrap());
        let bad =
            "[[notice]]\nyear = 2027\nsource = \"x\"\ndays_off = [2027-01-02]\nworkdays = []\n";
        assert!(matches!(
            WorkingCalendar::with_extra(bad),
            Err(CalendarError::Data(_))
        ));
    }

    #[test]
    fn spans_across_spring_festival_and_national_day() {
        let cal = WorkingCalendar::official();
        // 2025 Spring Festival: 1-28..2-04 off, 1-26 (Sun) and 2-08 (Sat) worked.
        assert_eq!(
            cal.add_working_days(d("2025-01-24"), 1).unwrap(),
            d("2025-01-26")
        );
        assert_eq!(
            cal.add_working_days(d("2025-01-26"), 1).unwrap(),
            d("2025-01-27")
        );
        assert_eq!(
            cal.add_working_days(d("2025-01-27"), 1).unwrap(),
            d("2025-02-05")
        );
        assert_eq!(
            cal.add_working_days(d("2025-02-07"), 1).unwrap(),
            d("2025-02-08")
        );
        // 2025 National Day + Mid-Autumn: 10-01..10-08 off; 9-28 (Sun) and 10-11 (Sat) worked.
        assert_eq!(
            cal.add_working_days(d("2025-09-26"), 1).unwrap(),
            d("2025-09-28")
        );
        assert_eq!(
            cal.add_working_days(d("2025-09-30"), 1).unwrap(),
            d("2025-10-09")
        );
        assert_eq!(
            cal.add_working_days(d("2025-09-30"), 3).unwrap(),
            d("2025-10-11")
        );
        // 2020 extension: 1-31 off and 2-01 not worked; 2-03 the first working day.
        assert_eq!(
            cal.add_working_days(d("2020-01-23"), 1).unwrap(),
            d("2020-02-03")
        );
        // Spec example: receipt Mon 2025-03-03, 20 working days → 03-31.
        assert_eq!(
            cal.add_working_days(d("2025-03-03"), 20).unwrap(),
            d("2025-03-31")
        );
        assert_eq!(
            cal.working_days_between(d("2025-09-30"), d("2025-10-11"))
                .unwrap(),
            3
        );
    }
}

#[cfg(test)]
mod oracle {
    use super::*;

    /// Every day of 2019–2026 against an independent dataset (the chinese_holiday crate), which includes the
    /// 2019 Labour Day change, the 2020 extension and the 2025 rule change.
    #[test]
    fn every_day_2019_to_2026_matches_the_independent_oracle() {
        let cal = WorkingCalendar::official();
        let mut day = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap();
        let mut checked = 0;
        // The oracle's data ends on 2026-12-25.
        let oracle_end = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        while day <= oracle_end {
            let ymd =
                chinese_holiday::Ymd::new(day.year() as u16, day.month() as u8, day.day() as u8);
            let oracle = chinese_holiday::chinese_holiday(ymd).is_workday();
            assert_eq!(cal.is_working_day(day).unwrap(), oracle, "{day}");
            day += Duration::days(1);
            checked += 1;
        }
        assert_eq!(checked, 2922 - 6);
    }
}
