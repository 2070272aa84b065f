//! The demo agency's ledger: the synthetic ledger of gongkai-ledger moved so that it ends today — closed cases
//! of the past years, and this year's cases in every state (running, paused for a correction, consultation or
//! fee, due soon, overdue) — plus reviews and lawsuits. Filled once, into an empty ledger.

use chrono::{Datelike, Months, NaiveDate};
use gongkai_ledger::case::Application;
use gongkai_ledger::review::ReviewCase;
use gongkai_store::{Store, StoreError};

/// Moves a date by whole years (29 February becomes 28 February).
fn shift(d: NaiveDate, years: i32) -> NaiveDate {
    if years >= 0 {
        d.checked_add_months(Months::new(12 * years as u32))
            .unwrap_or(d)
    } else {
        d.checked_sub_months(Months::new(12 * (-years) as u32))
            .unwrap_or(d)
    }
}

/// The demo cases as of `today`: received within the three years before it, steps after today dropped.
pub fn cases(today: NaiveDate, n: usize) -> (Vec<Application>, Vec<ReviewCase>) {
    let (apps, reviews) = gongkai_ledger::sample::generate(n, 2026);
    // The sample covers 2023–2025; move it so that it ends this year.
    let years = today.year() - 2025;
    let apps = apps
        .into_iter()
        .enumerate()
        .filter_map(|(i, mut a)| {
            a.received = shift(a.received, years);
            if a.received > today {
                return None;
            }
            a.id = format!("DEMO-{:05}", i + 1);
            a.applicant_name = format!("演示申请人{}", i + 1);
            a.content = "（演示）某项政府信息".into();
            for e in &mut a.events {
                e.date = shift(e.date, years);
            }
            a.events.retain(|e| e.date <= today);
            // Cases of earlier months were answered long ago: only recent ones are still open.
            if a.closed().is_none() && a.received < today - chrono::Duration::days(90) {
                return None;
            }
            // A step moved past a later one by the leap day: keep the order valid.
            a.validate().is_ok().then_some(a)
        })
        .collect();
    let reviews = reviews
        .into_iter()
        .filter_map(|mut r| {
            r.filed = shift(r.filed, years);
            r.concluded = r
                .concluded
                .map(|(d, res)| (shift(d, years), res))
                .filter(|(d, _)| *d <= today);
            (r.filed <= today).then_some(r)
        })
        .collect();
    (apps, reviews)
}

/// Fills the demo ledger when the ledger is empty; returns how many applications were added.
pub async fn fill(store: &Store, today: NaiveDate) -> Result<usize, StoreError> {
    if !store.applications(false).await?.is_empty() {
        return Ok(0);
    }
    let (apps, reviews) = cases(today, 1500);
    store.add_applications(&apps).await?;
    for r in &reviews {
        store.add_review(r).await?;
    }
    Ok(apps.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_ledger::calendar::WorkingCalendar;
    use gongkai_ledger::clock::{ClockSettings, Status, clock};

    #[test]
    fn the_demo_ledger_has_cases_in_every_state_this_year() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let (apps, reviews) = cases(today, 1500);
        assert!(apps.len() > 1000 && !reviews.is_empty());
        let cal = WorkingCalendar::official();
        let (mut running, mut paused, mut closed, mut overdue) = (0, 0, 0, 0);
        for a in apps.iter().filter(|a| a.received.year() == 2026) {
            // A due date in 2027 is beyond the calendar data (the State Council has not published 2027 yet).
            let Ok(c) = clock(a, &cal, ClockSettings::default()) else {
                continue;
            };
            match c.status {
                Status::Running if c.due < today => overdue += 1,
                Status::Running => running += 1,
                Status::Paused { .. } => paused += 1,
                Status::Closed { .. } => closed += 1,
            }
        }
        assert!(
            running > 0 && paused > 0 && closed > 100 && overdue > 0,
            "{running} {paused} {closed} {overdue}"
        );
        assert!(
            apps.iter()
                .all(|a| a.received <= today && a.events.iter().all(|e| e.date <= today))
        );
    }
}
