//! A generated ledger: 10,000 random applications with random event sequences over three years. The reports
//! built from it pass every check, every 表三 cell equals the number of cases behind it, and the carry-over
//! chains from year to year.

use chrono::{Duration, NaiveDate};
use gongkai_ledger::WorkingCalendar;
use gongkai_ledger::case::{
    ApplicantType, Application, Channel, Consulted, Event, EventKind, Outcome,
};
use gongkai_ledger::clock::{ClockSettings, clock};
use gongkai_ledger::report::{explain, report_from_cases};
use gongkai_ledger::review::{ReviewCase, ReviewKind, ReviewResult};
use gongkai_model::{FormatVersion, table3_rows};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;

fn outcomes() -> Vec<Outcome> {
    table3_rows(FormatVersion::V2021)
        .iter()
        .filter(|r| r.outcome)
        .map(|r| Outcome::new(r.key).unwrap())
        .collect()
}

pub fn generate(n: usize, seed: u64) -> (Vec<Application>, Vec<ReviewCase>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let outcomes = outcomes();
    let mut apps = Vec::with_capacity(n);
    for i in 0..n {
        let received = start + Duration::days(rng.random_range(0..365 * 3));
        let mut date = received;
        let mut events = Vec::new();
        let mut step = |rng: &mut StdRng, kind: EventKind, events: &mut Vec<Event>| {
            date += Duration::days(rng.random_range(0..12));
            events.push(Event { date, kind });
        };
        let mut closed = false;
        if rng.random_bool(0.15) {
            step(&mut rng, EventKind::CorrectionRequested, &mut events);
            if rng.random_bool(0.2) {
                step(&mut rng, EventKind::CorrectionLapsed, &mut events);
                closed = true;
            } else {
                step(&mut rng, EventKind::CorrectionReceived, &mut events);
            }
        }
        if !closed && rng.random_bool(0.1) {
            let party = if rng.random_bool(0.5) {
                Consulted::ThirdParty
            } else {
                Consulted::OtherAgency
            };
            step(&mut rng, EventKind::ConsultationSent { party }, &mut events);
            step(&mut rng, EventKind::ConsultationAnswered, &mut events);
        }
        if !closed && rng.random_bool(0.1) {
            let days = rng.random_range(1..=20);
            step(
                &mut rng,
                EventKind::Extended {
                    days,
                    approved_by: "主任".into(),
                },
                &mut events,
            );
        }
        if !closed && rng.random_bool(0.05) {
            step(
                &mut rng,
                EventKind::FeeNotified {
                    amount: Decimal::from(100),
                },
                &mut events,
            );
            if rng.random_bool(0.5) {
                step(&mut rng, EventKind::FeeUnpaid, &mut events);
                closed = true;
            } else {
                step(&mut rng, EventKind::FeePaid, &mut events);
            }
        }
        if !closed {
            let roll: f64 = rng.random();
            if roll < 0.05 {
                step(&mut rng, EventKind::Withdrawn, &mut events);
            } else if roll < 0.93 {
                let outcome = outcomes[rng.random_range(0..outcomes.len())].clone();
                step(&mut rng, EventKind::Replied { outcome }, &mut events);
            } // else: still open
        }
        apps.push(Application {
            id: format!("YSQ-{i:06}"),
            applicant: ApplicantType::ALL[rng.random_range(0..6)],
            applicant_name: format!("申请人{i}"),
            channel: Channel::ALL[rng.random_range(0..5)],
            received,
            content: "某文件".into(),
            events,
        });
    }
    let reviews = (0..300)
        .map(|i| {
            let filed = start + Duration::days(rng.random_range(0..365 * 3));
            let kinds = [
                ReviewKind::Reconsideration,
                ReviewKind::LitigationDirect,
                ReviewKind::LitigationAfterReconsideration,
            ];
            let results = [
                ReviewResult::Upheld,
                ReviewResult::Corrected,
                ReviewResult::Other,
            ];
            ReviewCase {
                id: format!("FY-{i}"),
                kind: kinds[rng.random_range(0..3)],
                filed,
                concluded: rng.random_bool(0.8).then(|| {
                    (
                        filed + Duration::days(rng.random_range(0..200)),
                        results[rng.random_range(0..3)],
                    )
                }),
                application_id: None,
            }
        })
        .collect();
    (apps, reviews)
}

#[test]
fn generated_year_reports_pass_every_check_and_chain() {
    let (apps, reviews) = generate(10_000, 20251225);
    let cal = WorkingCalendar::official();
    for a in &apps {
        a.validate().unwrap();
        clock(a, &cal, ClockSettings::default()).unwrap();
    }
    let mut previous = None;
    for year in [2023, 2024, 2025] {
        let report = report_from_cases("示例局", year, &apps, &reviews, None);
        let diags = gongkai_check::check(&report, previous.as_ref());
        assert!(diags.is_empty(), "{year}: {diags:#?}");
        // The checker does see this report: one changed cell breaks two identities.
        let mut broken = report.clone();
        broken.table3.rows[2].cells[0].value =
            gongkai_model::CellValue::Number(Decimal::from(999_999));
        assert!(gongkai_check::check(&broken, previous.as_ref()).len() >= 2);
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
    assert!(gongkai_check::check(&r, None).is_empty());
}
