//! The statutory holidays of 《全国年节及纪念日放假办法》, computed from the lunar calendar and the solar terms
//! (the `tyme4rs` crate), for the days beyond the State Council's published arrangements: a provisional
//! calendar of weekends, the statutory days and their 补假 (第六条: a statutory day on a Saturday or Sunday is
//! made up on the next working day), without the 调休 that only a notice can set.
//!
//! The rules by period: 2008–2013 春节 = 除夕、正月初一、初二; 2014–2024 春节 = 正月初一至初三; from 2025 春节 =
//! 除夕 + 正月初一至初三 and 劳动节 = 5月1日、2日. Always: 元旦 1月1日, 清明 (the solar term's day), 端午 (五月初五),
//! 中秋 (八月十五), 国庆 10月1日至3日.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::BTreeMap;
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

/// The first year the provisional rules cover (the 2007 revision, in force from 2008).
pub const FIRST_RULE_YEAR: i32 = 2008;

/// The year the rules in force took effect (the 2024 revision, from 2025).
pub const LATEST_RULE_YEAR: i32 = 2025;

/// Why a provisional day is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatutoryDay {
    /// The holiday, e.g. 春节.
    pub holiday: &'static str,
    /// Whether the day is a 补假 for a statutory day that fell on a weekend.
    pub in_lieu: bool,
}

fn solar(d: SolarDay) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        d.get_year() as i32,
        d.get_month() as u32,
        d.get_day() as u32,
    )
    .expect("tyme4rs gives valid dates")
}

fn lunar(year: i32, month: isize, day: usize) -> NaiveDate {
    solar(LunarDay::from_ymd(year as isize, month, day).get_solar_day())
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The statutory days of `year` by holiday, in date order (none before [`FIRST_RULE_YEAR`]).
pub fn statutory_days(year: i32) -> Vec<(&'static str, Vec<NaiveDate>)> {
    if year < FIRST_RULE_YEAR {
        return vec![];
    }
    let new_year = lunar(year, 1, 1);
    let eve = new_year - Duration::days(1);
    let spring: Vec<NaiveDate> = match year {
        ..=2013 => vec![eve, new_year, new_year + Duration::days(1)],
        2014..=2024 => (0..3).map(|i| new_year + Duration::days(i)).collect(),
        _ => (-1..3).map(|i| new_year + Duration::days(i)).collect(),
    };
    let labour = if year >= 2025 {
        vec![ymd(year, 5, 1), ymd(year, 5, 2)]
    } else {
        vec![ymd(year, 5, 1)]
    };
    let qingming = solar(SolarTerm::from_name(year as isize, "清明").get_solar_day());
    let mut days = vec![
        ("元旦", vec![ymd(year, 1, 1)]),
        ("春节", spring),
        ("清明节", vec![qingming]),
        ("劳动节", labour),
        ("端午节", vec![lunar(year, 5, 5)]),
        ("中秋节", vec![lunar(year, 8, 15)]),
        ("国庆节", (1..=3).map(|d| ymd(year, 10, d)).collect()),
    ];
    days.sort_by_key(|(_, d)| d[0]);
    days
}

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Every day off of `year` under the provisional rules that is not an ordinary weekend day: the statutory days
/// on weekdays and the 补假 weekdays for those on weekends (each on the first weekday after its holiday that is
/// not itself off). 补假 may fall in the next year (元旦 never needs it past 31 December; 国庆 and 中秋 may).
pub fn days_off(year: i32) -> BTreeMap<NaiveDate, StatutoryDay> {
    let mut off = BTreeMap::new();
    let holidays = statutory_days(year);
    let all: Vec<NaiveDate> = holidays.iter().flat_map(|(_, d)| d.clone()).collect();
    for (name, days) in &holidays {
        let mut owed = 0;
        for &d in days {
            // A day on a weekend, or already off for another holiday (国庆 meeting 中秋), is owed a weekday.
            if weekend(d) || off.contains_key(&d) {
                owed += 1;
            }
            off.entry(d).or_insert(StatutoryDay {
                holiday: name,
                in_lieu: false,
            });
        }
        let mut cur = *days.last().expect("every holiday has a day");
        while owed > 0 {
            cur += Duration::days(1);
            if !weekend(cur) && !all.contains(&cur) && !off.contains_key(&cur) {
                off.insert(
                    cur,
                    StatutoryDay {
                        holiday: name,
                        in_lieu: true,
                    },
                );
                owed -= 1;
            }
        }
    }
    off.retain(|d, _| !weekend(*d));
    off
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Dates read from the notices (shared/spec/holidays.md): 除夕/正月初一, 清明, 端午, 中秋 of 2019–2026.
    #[test]
    fn lunar_and_solar_term_dates_match_the_notices() {
        let want = [
            (2019, "2019-02-05", "2019-04-05", "2019-06-07", "2019-09-13"),
            (2020, "2020-01-25", "2020-04-04", "2020-06-25", "2020-10-01"),
            (2021, "2021-02-12", "2021-04-04", "2021-06-14", "2021-09-21"),
            (2022, "2022-02-01", "2022-04-05", "2022-06-03", "2022-09-10"),
            (2023, "2023-01-22", "2023-04-05", "2023-06-22", "2023-09-29"),
            (2024, "2024-02-10", "2024-04-04", "2024-06-10", "2024-09-17"),
            (2025, "2025-01-29", "2025-04-04", "2025-05-31", "2025-10-06"),
            (2026, "2026-02-17", "2026-04-05", "2026-06-19", "2026-09-25"),
        ];
        for (year, spring, qingming, duanwu, zhongqiu) in want {
            let days = statutory_days(year);
            let first = |name: &str| {
                days.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, d)| d.clone())
                    .unwrap()
            };
            let spring_days = first("春节");
            let new_year_day = if year >= 2025 {
                spring_days[1]
            } else {
                spring_days[0]
            };
            assert_eq!(new_year_day, d(spring), "{year} 正月初一");
            assert_eq!(first("清明节"), vec![d(qingming)], "{year} 清明");
            assert_eq!(first("端午节"), vec![d(duanwu)], "{year} 端午");
            assert_eq!(first("中秋节"), vec![d(zhongqiu)], "{year} 中秋");
        }
    }

    #[test]
    fn statutory_counts_by_period() {
        let count = |y| {
            statutory_days(y)
                .iter()
                .map(|(_, d)| d.len())
                .sum::<usize>()
        };
        assert_eq!(count(2012), 11);
        assert_eq!(count(2024), 11);
        assert_eq!(count(2025), 13);
        assert_eq!(count(2027), 13);
        assert!(statutory_days(2007).is_empty());
        // 2012: 春节 = 除夕 (01-22) to 初二.
        assert_eq!(statutory_days(2012)[1].1[0], d("2012-01-22"));
    }

    #[test]
    fn weekend_holidays_are_made_up_on_the_next_weekday() {
        // 2027-10-02 and 10-03 are a Saturday and a Sunday: 10-04 and 10-05 are 补假.
        let off = days_off(2027);
        assert!(!off.get(&d("2027-10-01")).unwrap().in_lieu);
        assert!(off.get(&d("2027-10-04")).unwrap().in_lieu);
        assert!(off.get(&d("2027-10-05")).unwrap().in_lieu);
        assert!(!off.contains_key(&d("2027-10-06")));
        assert!(off.keys().all(|d| !weekend(*d)));
        // 13 statutory days a year, each a weekday off either itself or by 补假.
        assert_eq!(off.len(), 13);
    }
}
