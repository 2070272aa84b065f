//! A synthetic ledger for tests, benchmarks and demonstrations: random but valid applications and reviews.

use crate::case::{ApplicantType, Application, Channel, Consulted, Event, EventKind, Outcome};
use crate::review::{ReviewCase, ReviewKind, ReviewResult};
use chrono::{Duration, NaiveDate};
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

/// `n` random applications received 2023–2025 with random, valid event sequences (about 7% still open),
/// and 300 reviews and lawsuits; the same `seed` gives the same ledger.
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
            step(
                &mut rng,
                EventKind::ConsultationSent { party, name: None },
                &mut events,
            );
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
