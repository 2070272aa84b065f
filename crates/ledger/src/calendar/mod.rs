//! The official working-day calendar: weekdays are working days except the holidays the State Council's
//! notices give off, and weekend days they declare worked (调休) are working days. The data lives in
//! `data/cn-workdays.toml`; a year's notice is added by data ([`WorkingCalendar::with_extra`]) or by its text
//! ([`notice_text`], [`WorkingCalendar::add_notice`]).
//!
//! Beyond the notices' years the calendar still answers, provisionally ([`WorkingCalendar::is_provisional`]):
//! weekends and the statutory holidays of 《全国年节及纪念日放假办法》 with their 补假 ([`statutory`]), never the
//! 调休 that only a notice sets. Dates before 2008 (the current rules) or more than [`HORIZON_YEARS`] years past
//! the data are refused.

pub mod notice_text;
pub mod statutory;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use statutory::StatutoryDay;
use std::collections::BTreeMap;
use thiserror::Error;

/// The calendar data shipped with gongkai.
pub const BUILTIN: &str = include_str!("../../data/cn-workdays.toml");

/// How a provisional date is explained wherever it is shown.
pub const PROVISIONAL_NOTE: &str = "调休安排公布前按法定节假日推算";

/// Years answered provisionally past the later of the data and the rules in force.
pub const HORIZON_YEARS: i32 = 10;

/// Why a calendar question cannot be answered.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// The date is outside the years the calendar can answer, even provisionally.
    #[error(
        "{date} 不在工作日历可计算的范围内（{first} 年至 {last} 年；已收录国务院节假日安排通知的年份之外按法定节假日暂定）"
    )]
    NotCovered {
        /// The date asked about.
        date: NaiveDate,
        /// First year answered.
        first: i32,
        /// Last year answered.
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
    /// Beyond the notices: a statutory holiday on a weekday, or its 补假 (provisional).
    Statutory(StatutoryDay),
}

impl DayKind {
    /// Whether the day is a working day.
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Weekday | DayKind::MakeUpWorkday { .. })
    }
}

/// A day set by a notice: worked or off, the notice's source, and the notice's year.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Special {
    working: bool,
    source: String,
    year: i32,
}

/// The calendar.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    special: BTreeMap<NaiveDate, Special>,
    /// The notices' years with their sources.
    years: BTreeMap<i32, String>,
    first: NaiveDate,
    last: NaiveDate,
    /// Provisional days off outside the notices' years (statutory days and 补假 on weekdays).
    provisional: BTreeMap<NaiveDate, StatutoryDay>,
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

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl WorkingCalendar {
    /// The calendar of the data shipped with gongkai.
    pub fn official() -> Self {
        Self::parse(BUILTIN).expect("the built-in calendar data is valid")
    }

    /// A calendar without any notice: every date is answered provisionally.
    pub fn empty() -> Self {
        let mut cal = WorkingCalendar {
            special: BTreeMap::new(),
            years: BTreeMap::new(),
            first: NaiveDate::MAX,
            last: NaiveDate::MIN,
            provisional: BTreeMap::new(),
        };
        cal.refresh_provisional();
        cal
    }

    /// Parses calendar data in the format of `data/cn-workdays.toml`.
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let mut cal = Self::empty();
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
            let off = n.days_off.iter().map(date).collect::<Result<Vec<_>, _>>()?;
            let worked = n.workdays.iter().map(date).collect::<Result<Vec<_>, _>>()?;
            self.add_year(n.year, &n.source, &off, &worked)?;
        }
        Ok(())
    }

    /// Adds a year's arrangement: its weekdays off and its weekend days worked.
    pub fn add_year(
        &mut self,
        year: i32,
        source: &str,
        days_off: &[NaiveDate],
        workdays: &[NaiveDate],
    ) -> Result<(), CalendarError> {
        let start = NaiveDate::from_ymd_opt(year, 1, 1)
            .filter(|_| year >= statutory::FIRST_RULE_YEAR)
            .ok_or(CalendarError::Data(format!("年份 {year}")))?;
        let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid");
        for (list, working) in [(days_off, false), (workdays, true)] {
            for &d in list {
                if is_weekend(d) != working {
                    let what = if working {
                        "调休上班日应为周末"
                    } else {
                        "放假日应为工作日（周一至周五）"
                    };
                    return Err(CalendarError::Data(format!(
                        "{year} 年通知中的 {d}：{what}"
                    )));
                }
            }
        }
        self.first = self.first.min(start);
        self.last = self.last.max(end);
        self.years.insert(year, source.to_string());
        for (list, working) in [(days_off, false), (workdays, true)] {
            for &d in list {
                self.first = self.first.min(d);
                self.special.insert(
                    d,
                    Special {
                        working,
                        source: source.to_string(),
                        year,
                    },
                );
            }
        }
        self.refresh_provisional();
        Ok(())
    }

    /// Adds a notice read from its text: a year's arrangement (refused when the year is already covered), or an
    /// adjustment or extension of a covered year's holiday, laid over it.
    pub fn add_notice(&mut self, n: &notice_text::ParsedNotice) -> Result<(), CalendarError> {
        let source = n.source();
        match &n.kind {
            notice_text::NoticeForm::Annual => {
                if self.years.contains_key(&n.year) {
                    return Err(CalendarError::Data(format!(
                        "{} 年的节假日安排已收录（{}），不能再次添加",
                        n.year, self.years[&n.year]
                    )));
                }
                self.add_year(n.year, &source, &n.days_off(), &n.workdays())
            }
            notice_text::NoticeForm::Adjustment => {
                if !self.years.contains_key(&n.year) {
                    return Err(CalendarError::Data(format!(
                        "尚未收录 {} 年的节假日安排通知，请先添加该年的通知，再添加调整通知",
                        n.year
                    )));
                }
                for item in &n.items {
                    let start = if item.extends {
                        self.break_end_before(item.end).ok_or_else(|| {
                            CalendarError::Data(format!(
                                "{} 前 30 天内没有已收录的{}假期，无法延长",
                                item.end, item.holiday
                            ))
                        })? + Duration::days(1)
                    } else {
                        item.start
                    };
                    let mut d = start;
                    while d <= item.end {
                        if is_weekend(d) {
                            // A weekend inside the new break is no longer worked.
                            if self.special.get(&d).is_some_and(|s| s.working) {
                                self.special.remove(&d);
                            }
                        } else {
                            self.special.insert(
                                d,
                                Special {
                                    working: false,
                                    source: source.clone(),
                                    year: n.year,
                                },
                            );
                        }
                        d += Duration::days(1);
                    }
                    for &w in &item.workdays {
                        self.special.insert(
                            w,
                            Special {
                                working: true,
                                source: source.clone(),
                                year: n.year,
                            },
                        );
                    }
                }
                let entry = self.years.get_mut(&n.year).expect("checked");
                entry.push('；');
                entry.push_str(&source);
                self.refresh_provisional();
                Ok(())
            }
        }
    }

    /// The last weekday off set by a notice in the 30 days before `d`: the end of the break an extension
    /// extends.
    fn break_end_before(&self, d: NaiveDate) -> Option<NaiveDate> {
        self.special
            .range(d - Duration::days(30)..d)
            .rev()
            .find(|(_, s)| !s.working)
            .map(|(d, _)| *d)
    }

    fn refresh_provisional(&mut self) {
        let (from, to) = self.answered_years();
        self.provisional = (from..=to)
            .filter(|y| !self.years.contains_key(y))
            .flat_map(statutory::days_off)
            .collect();
    }

    /// The first and last years answered at all (provisionally outside the notices' years).
    fn answered_years(&self) -> (i32, i32) {
        let last = self.last.year().max(statutory::LATEST_RULE_YEAR);
        (statutory::FIRST_RULE_YEAR, last + HORIZON_YEARS)
    }

    /// The first and last dates covered by notices.
    pub fn coverage(&self) -> (NaiveDate, NaiveDate) {
        (self.first, self.last)
    }

    /// The years covered by notices, each with its notices' sources.
    pub fn years(&self) -> &BTreeMap<i32, String> {
        &self.years
    }

    /// The weekdays off and the weekend days worked that the notices of `year` set.
    pub fn year_lists(&self, year: i32) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
        let of = |working: bool| {
            self.special
                .iter()
                .filter(|(_, s)| s.year == year && s.working == working)
                .map(|(d, _)| *d)
                .collect()
        };
        (of(false), of(true))
    }

    /// Whether the answer for `d` is provisional: no notice covers its year yet.
    pub fn is_provisional(&self, d: NaiveDate) -> bool {
        !(self.first..=self.last).contains(&d)
    }

    fn covered(&self, d: NaiveDate) -> Result<(), CalendarError> {
        let (first, last) = self.answered_years();
        if d.year() < first || d.year() > last {
            return Err(CalendarError::NotCovered {
                date: d,
                first,
                last,
            });
        }
        Ok(())
    }

    /// What kind of day `d` is.
    pub fn day(&self, d: NaiveDate) -> Result<DayKind, CalendarError> {
        self.covered(d)?;
        Ok(match self.special.get(&d) {
            Some(s) if s.working => DayKind::MakeUpWorkday {
                source: s.source.clone(),
            },
            Some(s) => DayKind::Holiday {
                source: s.source.clone(),
            },
            None if self.is_provisional(d) && self.provisional.contains_key(&d) => {
                DayKind::Statutory(self.provisional[&d])
            }
            None if is_weekend(d) => DayKind::Weekend,
            None => DayKind::Weekday,
        })
    }

    /// Whether `d` is a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.day(d)?.is_working())
    }

    /// The reason in Chinese, e.g. "2025-10-08（周三）为法定节假日放假（国办发明电〔2024〕12号）"; a provisional
    /// answer says so.
    pub fn reason(&self, d: NaiveDate) -> Result<String, CalendarError> {
        let w = weekday_name(d);
        let text = match self.day(d)? {
            DayKind::Weekday => format!("{d}（{w}）为工作日"),
            DayKind::Weekend => format!("{d}（{w}）为周末休息日"),
            DayKind::Holiday { source } => format!("{d}（{w}）为节假日放假（{source}）"),
            DayKind::MakeUpWorkday { source } => format!("{d}（{w}）为调休上班日（{source}）"),
            DayKind::Statutory(s) if s.in_lieu => {
                format!(
                    "{d}（{w}）为{}补假（节日适逢周末，在工作日补假）",
                    s.holiday
                )
            }
            DayKind::Statutory(s) => format!("{d}（{w}）为{}法定节假日", s.holiday),
        };
        Ok(if self.is_provisional(d) {
            format!(
                "{text}（暂定：{} 年的节假日安排通知尚未收录，{PROVISIONAL_NOTE}）",
                d.year()
            )
        } else {
            text
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
mod tests;
