//! Tests of the working-day calendar.

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
fn answers_beyond_the_data_provisionally() {
    let cal = WorkingCalendar::official();
    assert!(cal.is_working_day(d("2027-01-04")).unwrap());
    assert!(cal.is_provisional(d("2027-01-04")));
    assert!(!cal.is_provisional(d("2026-12-31")));
    // 2027: 元旦 Fri 01-01; 春节 除夕 02-05 (Fri) to 初三 02-08 (Mon), 02-06/07 owed → 02-09, 02-10.
    assert!(!cal.is_working_day(d("2027-01-01")).unwrap());
    for day in ["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"] {
        assert!(!cal.is_working_day(d(day)).unwrap(), "{day}");
    }
    assert!(cal.is_working_day(d("2027-02-11")).unwrap());
    assert_eq!(
        cal.add_working_days(d("2026-12-20"), 20).unwrap(),
        d("2027-01-18"),
        "12-21..12-31 (9), 01-04..01-15 (10), 01-18: 01-01 is off"
    );
    let why = cal.reason(d("2027-02-09")).unwrap();
    assert!(
        why.contains("春节补假") && why.contains("暂定") && why.contains(PROVISIONAL_NOTE),
        "{why}"
    );
    assert!(
        cal.is_working_day(d("2018-12-29")).unwrap(),
        "set by the 2019 notice"
    );
    assert!(matches!(
        cal.is_working_day(d("2007-12-31")),
        Err(CalendarError::NotCovered { .. })
    ));
    assert!(matches!(
        cal.is_working_day(d("2040-01-02")),
        Err(CalendarError::NotCovered { .. })
    ));
}

/// The provisional rules against every year of the data: each statutory day is off in the notices'
/// arrangement, and the number of weekdays off less weekend days worked equals the provisional count.
#[test]
fn provisional_rules_agree_with_every_year_of_the_data() {
    let cal = WorkingCalendar::official();
    for year in 2019..=2026 {
        for (name, days) in statutory::statutory_days(year) {
            for day in days {
                assert!(!cal.is_working_day(day).unwrap(), "{year} {name} {day}");
            }
        }
        let (off, worked) = cal.year_lists(year);
        let provisional = statutory::days_off(year).len() as i32;
        let extension = if year == 2020 { 2 } else { 0 };
        assert_eq!(
            off.len() as i32 - worked.len() as i32,
            provisional + extension,
            "{year}"
        );
    }
}

#[test]
fn extensible_by_data() {
    let extra =
        "[[notice]]\nyear = 2027\nsource = \"测试通知\"\ndays_off = [2027-01-01]\nworkdays = []\n";
    let cal = WorkingCalendar::with_extra(extra).unwrap();
    assert!(!cal.is_working_day(d("2027-01-01")).unwrap());
    assert!(cal.is_working_day(d("2027-01-04")).unwrap());
    let bad = "[[notice]]\nyear = 2027\nsource = \"x\"\ndays_off = [2027-01-02]\nworkdays = []\n";
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

mod oracle {
    use crate::calendar::*;
    use chrono::{Datelike, Duration, NaiveDate};

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
