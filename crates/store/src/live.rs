//! The supervisor's live view of the platform's agencies: each agency's open cases and where their statutory
//! clocks stand, and this year's answers, counted in SQL over the agency-keyed indexes (no case is read).

use crate::{Store, StoreError};
use chrono::NaiveDate;
use sqlx::Row;
use std::collections::BTreeMap;

/// One agency's figures on a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Live {
    /// Open cases.
    pub open: i64,
    /// Open, running and past their due date.
    pub overdue: i64,
    /// Open, running and due on or before the “soon” day.
    pub due_soon: i64,
    /// Closed this year (the year of the day).
    pub closed: i64,
    /// Closed this year with an answer (not withdrawn, lapsed or unpaid) after the due date.
    pub late: i64,
    /// Closed this year as 予以公开 or 部分公开.
    pub disclosed: i64,
    /// The last day an application was received.
    pub last_received: Option<NaiveDate>,
    /// The last day a case was closed.
    pub last_closed: Option<NaiveDate>,
}

impl Live {
    /// 公开率 so far this year: 予以公开 and 部分公开 among the cases closed, in per cent (none before any).
    pub fn disclosure_rate(&self) -> Option<f64> {
        (self.closed > 0).then(|| self.disclosed as f64 * 100.0 / self.closed as f64)
    }
}

impl Store {
    /// Every agency's figures on `today` (due soon: on or before `soon`), by agency id; agencies without
    /// cases are absent.
    pub async fn live_by_agency(
        &self,
        today: NaiveDate,
        soon: NaiveDate,
    ) -> Result<BTreeMap<String, Live>, StoreError> {
        let mut out: BTreeMap<String, Live> = BTreeMap::new();
        let open = sqlx::query(
            "SELECT agency_id, COUNT(*), \
             SUM(CASE WHEN clock = 'running' AND due_on < $1 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN clock = 'running' AND due_on >= $1 AND due_on <= $2 THEN 1 ELSE 0 END), \
             MAX(received) \
             FROM applications WHERE closed_on IS NULL GROUP BY agency_id",
        )
        .bind(today.to_string())
        .bind(soon.to_string())
        .fetch_all(&self.pool)
        .await?;
        for r in open {
            let live = out.entry(r.try_get(0)?).or_default();
            live.open = r.try_get(1)?;
            live.overdue = r.try_get::<Option<i64>, _>(2)?.unwrap_or(0);
            live.due_soon = r.try_get::<Option<i64>, _>(3)?.unwrap_or(0);
            live.last_received = day(r.try_get(4)?)?;
        }
        let year_start = format!("{}-01-01", chrono::Datelike::year(&today));
        let closed = sqlx::query(
            "SELECT agency_id, COUNT(*), \
             SUM(CASE WHEN outcome NOT LIKE 'other.%' AND due_on IS NOT NULL AND closed_on > due_on \
                 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN outcome IN ('granted', 'partially_granted') THEN 1 ELSE 0 END), \
             MAX(closed_on), MAX(received) \
             FROM applications WHERE closed_on IS NOT NULL AND closed_on >= $1 GROUP BY agency_id",
        )
        .bind(year_start)
        .fetch_all(&self.pool)
        .await?;
        for r in closed {
            let live = out.entry(r.try_get(0)?).or_default();
            live.closed = r.try_get(1)?;
            live.late = r.try_get::<Option<i64>, _>(2)?.unwrap_or(0);
            live.disclosed = r.try_get::<Option<i64>, _>(3)?.unwrap_or(0);
            live.last_closed = day(r.try_get(4)?)?;
            live.last_received = live.last_received.max(day(r.try_get(5)?)?);
        }
        Ok(out)
    }
}

fn day(s: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    s.map(|s| crate::date(&s)).transpose()
}
