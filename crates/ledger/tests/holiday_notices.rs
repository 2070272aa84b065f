//! The State Council's holiday notices of 2019–2026, as printed, read by the notice parser: the calendar built
//! from their texts alone equals the shipped data (crates/ledger/data/cn-workdays.toml) year by year, and a
//! notice with a misprinted weekday, count or working day is refused with the place named.

use chrono::{Datelike, NaiveDate};
use gongkai_ledger::calendar::WorkingCalendar;
use gongkai_ledger::calendar::notice_text::{NoticeForm, parse};

fn text(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/notices/{name}.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_notices_texts_give_the_shipped_data() {
    let mut cal = WorkingCalendar::empty();
    let order = [
        ("2019", None),
        ("2019-labour", None),
        ("2020", None),
        ("2020-extension", None),
        ("2021", None),
        ("2022", None),
        ("2023", None),
        ("2024", None),
        ("2025", None),
        // The reprinted text of the 2026 notice omits its number; the office types it.
        ("2026", Some("国办发明电〔2025〕7号")),
    ];
    for (name, number) in order {
        let n = parse(&text(name), number).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let expected_kind = if name.contains('-') {
            NoticeForm::Adjustment
        } else {
            NoticeForm::Annual
        };
        assert_eq!(n.kind, expected_kind, "{name}");
        assert_eq!(n.year.to_string(), name[..4], "{name}");
        assert!(
            n.number.as_deref().unwrap().starts_with("国办发明电〔"),
            "{name}"
        );
        cal.add_notice(&n).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let official = WorkingCalendar::official();
    for year in 2019..=2026 {
        assert_eq!(cal.year_lists(year), official.year_lists(year), "{year}");
    }
    assert_eq!(cal.coverage(), official.coverage());
    assert!(cal.years()[&2019].contains("国办发明电〔2019〕3号"));
    assert!(cal.years()[&2020].contains("国办发明电〔2020〕1号"));
    // Spot checks the lists imply: the 2019 Labour Day as adjusted, the 2020 extension.
    assert!(!cal.is_working_day(d("2019-05-03")).unwrap());
    assert!(cal.is_working_day(d("2019-05-05")).unwrap());
    assert!(!cal.is_working_day(d("2020-01-31")).unwrap());
    assert!(!cal.is_working_day(d("2020-02-01")).unwrap());
}

#[test]
fn the_2025_notice_lists_its_breaks() {
    let n = parse(&text("2025"), None).unwrap();
    assert_eq!(n.number.as_deref(), Some("国办发明电〔2024〕12号"));
    assert_eq!(n.items.len(), 6);
    let spring = &n.items[1];
    assert_eq!(
        (spring.start, spring.end),
        (d("2025-01-28"), d("2025-02-04"))
    );
    assert_eq!(spring.workdays, vec![d("2025-01-26"), d("2025-02-08")]);
    assert_eq!(n.items[5].holiday, "国庆节、中秋节");
}

#[test]
fn misprints_are_refused_with_their_place() {
    let good = text("2026");
    let weekday = good.replace("1月1日（周四）", "1月1日（周五）");
    let e = parse(&weekday, None).unwrap_err();
    assert!(
        e.iter()
            .any(|m| m.contains("第一项“元旦”") && m.contains("1月1日印为星期五，实为周四")),
        "{e:?}"
    );

    let count = good.replace("放假调休，共9天", "放假调休，共8天");
    let e = parse(&count, None).unwrap_err();
    assert!(
        e.iter()
            .any(|m| m.contains("第二项“春节”") && m.contains("印为共8天") && m.contains("为9天")),
        "{e:?}"
    );

    let worked = good.replace("5月9日（周六）上班", "5月8日上班");
    let e = parse(&worked, None).unwrap_err();
    assert!(
        e.iter()
            .any(|m| m.contains("第四项“劳动节”") && m.contains("不是周末")),
        "{e:?}"
    );

    let missing = good.replace(
        "五、端午节：6月19日（周五）至21日（周日）放假，共3天。\n",
        "",
    );
    let e = parse(&missing, None).unwrap_err();
    assert!(e.iter().any(|m| m.contains("没有找到端午节")), "{e:?}");

    let e = parse("今天天气很好。", None).unwrap_err();
    assert!(e[0].contains("没有找到通知的年份"), "{e:?}");
    let e = parse(&good, Some("国发〔2025〕7号")).unwrap_err();
    assert!(e[0].contains("国办发明电"), "{e:?}");

    // Every problem at once.
    let both = weekday.replace("放假调休，共9天", "放假调休，共8天");
    assert!(parse(&both, None).unwrap_err().len() >= 2);
}

#[test]
fn a_covered_year_is_not_added_twice_and_an_adjustment_needs_its_year() {
    let mut cal = WorkingCalendar::official();
    let n = parse(&text("2026"), None).unwrap();
    assert!(
        cal.add_notice(&n)
            .unwrap_err()
            .to_string()
            .contains("已收录")
    );
    let mut empty = WorkingCalendar::empty();
    let adj = parse(&text("2019-labour"), None).unwrap();
    assert!(
        empty
            .add_notice(&adj)
            .unwrap_err()
            .to_string()
            .contains("尚未收录 2019 年")
    );
}

/// Half-width punctuation and spaces, as news reprints have them, read the same.
#[test]
fn reprint_punctuation_is_read_alike() {
    let t = text("2023")
        .replace('：', ":")
        .replace('（', "(")
        .replace('）', ")")
        .replace('，', ", ");
    let a = parse(&t, None).unwrap();
    let b = parse(&text("2023"), None).unwrap();
    assert_eq!(a, b);
}

/// The provisional calendar (statutory holidays with 补假, no notice) against the notices of 2019–2026: every
/// statutory holiday and every 补假 day is a day off in the notice's arrangement; and for each day of the year taken as the day
/// of receipt, how often the provisional 20-working-day due date equals the real one (printed for the README
/// and the issue note: `cargo test -p gongkai-ledger --test holiday_notices -- --nocapture provisional`).
#[test]
fn provisional_answers_against_the_notices() {
    use gongkai_ledger::calendar::statutory::{days_off, statutory_days};
    let real = WorkingCalendar::official();
    let guess = WorkingCalendar::empty();
    let (mut same, mut earlier, mut later, mut worst) = (0, 0, 0, 0i64);
    for year in 2019..=2026 {
        for (name, days) in statutory_days(year) {
            for day in days {
                assert!(
                    !real.is_working_day(day).unwrap(),
                    "{year} {name}: the statutory holiday {day} is a working day in the notice"
                );
            }
        }
        let lieu_worked = days_off(year)
            .iter()
            .filter(|(day, s)| s.in_lieu && real.is_working_day(**day).unwrap())
            .count();
        let mut day = d(&format!("{year}-01-01"));
        while day.year_ce().1 as i32 == year {
            let r = real.add_working_days(day, 20).unwrap();
            if !real.is_provisional(r) {
                let g = guess.add_working_days(day, 20).unwrap();
                match g.cmp(&r) {
                    std::cmp::Ordering::Equal => same += 1,
                    std::cmp::Ordering::Less => earlier += 1,
                    std::cmp::Ordering::Greater => later += 1,
                }
                worst = worst.max((g - r).num_days().abs());
            }
            day = day.succ_opt().unwrap();
        }
        assert_eq!(
            lieu_worked, 0,
            "{year}: a 补假 day is a working day in the notice"
        );
    }
    let total = same + earlier + later;
    eprintln!(
        "20 working days from each day of 2019–2026: provisional = real {same}/{total}, earlier {earlier}, \
         later {later}, largest difference {worst} calendar days"
    );
    // Every day but those of late 2026, whose due dates fall in 2027.
    assert!(total > 2850, "{total}");
}
