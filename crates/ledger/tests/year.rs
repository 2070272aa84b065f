//! A generated ledger: 10,000 random applications with random event sequences over three years. The reports
//! built from it pass every check, every 表三 cell equals the number of cases behind it, and the carry-over
//! chains from year to year.

use chrono::NaiveDate;
use gongkai_ledger::WorkingCalendar;
use gongkai_ledger::case::{ApplicantType, Application, Channel, Event, EventKind, Outcome};
use gongkai_ledger::clock::{ClockSettings, clock};
use gongkai_ledger::report::{explain, report_from_cases};
use gongkai_model::FormatVersion;
use rust_decimal::Decimal;

#[test]
fn generated_year_reports_pass_every_check_and_chain() {
    let (apps, reviews) = gongkai_ledger::sample::generate(10_000, 20251225);
    let cal = WorkingCalendar::official();
    for a in &apps {
        a.validate().unwrap();
        clock(a, &cal, ClockSettings::default()).unwrap();
    }
    let mut previous = None;
    for year in [2023, 2024, 2025] {
        let report = report_from_cases("示例局", year, &apps, &reviews, None);
        let diags = beyond_prompts(gongkai_check::check(&report, previous.as_ref()));
        assert!(diags.is_empty(), "{year}: {diags:#?}");
        // The checker does see this report: one changed cell breaks two identities, reported as one finding
        // that names the cell, with the two broken identities under it.
        let mut broken = report.clone();
        broken.table3.rows[2].cells[0].value =
            gongkai_model::CellValue::Number(Decimal::from(999_999));
        let found = beyond_prompts(gongkai_check::check(&broken, previous.as_ref()));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.contains("列印为 999999"),
            "{}",
            found[0].message
        );
        assert!(found[0].consequences.len() >= 2);
        // Each cell equals the number of cases behind it.
        for row in &report.table3.rows {
            for (col, cell) in row.cells.iter().enumerate() {
                let n = explain(&apps, year, &row.key, col).len();
                assert_eq!(
                    cell.value.number(),
                    Some(Decimal::from(n)),
                    "{year} {} col {col}",
                    row.key
                );
            }
        }
        let new = report.t3("new_received", 6).unwrap();
        assert!(new > Decimal::from(3000), "{year}: {new} new applications");
        if let Some(prev) = &previous {
            let prev: &gongkai_model::Report = prev;
            for col in 0..7 {
                assert_eq!(
                    report.t3("carried_over", col),
                    prev.t3("carried_forward", col),
                    "{year} col {col}"
                );
            }
            assert!(report.t3("carried_over", 6).unwrap() > Decimal::ZERO);
        }
        // The 2019 rows map correctly: the 2021 format from 2021 on.
        assert_eq!(report.format, Some(FormatVersion::V2021));
        previous = Some(report);
    }
}

#[test]
fn a_2020_report_maps_other_rows_to_the_single_2019_row() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let app = |id: &str, kind: EventKind| Application {
        id: id.into(),
        applicant: ApplicantType::Commercial,
        applicant_name: "某公司".into(),
        channel: Channel::InPerson,
        received: d("2020-06-01"),
        content: "x".into(),
        events: vec![Event {
            date: d("2020-06-05"),
            kind,
        }],
    };
    let apps = vec![
        app("a", EventKind::Withdrawn),
        app(
            "b",
            EventKind::Replied {
                outcome: Outcome::new("granted").unwrap(),
            },
        ),
    ];
    let r = report_from_cases("示例局", 2020, &apps, &[], None);
    assert_eq!(r.format, Some(FormatVersion::V2019));
    assert_eq!(r.t3("other", 1), Some(Decimal::ONE));
    assert!(beyond_prompts(gongkai_check::check(&r, None)).is_empty());
}

/// The findings other than the draft's prompts: a report generated from the ledger is a draft whose sections
/// 五 and 六 are prompts for the office, reported as SECTION-PLACEHOLDER as they must be.
fn beyond_prompts(d: Vec<gongkai_check::Diagnostic>) -> Vec<gongkai_check::Diagnostic> {
    assert!(
        d.iter().any(|x| x.code == "SECTION-PLACEHOLDER"),
        "the draft's prompts are reported"
    );
    d.into_iter()
        .filter(|x| x.code != "SECTION-PLACEHOLDER")
        .collect()
}
