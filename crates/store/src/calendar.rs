//! The working-day calendar of this database: the shipped data plus the holiday notices an office head added
//! (kept with their text, number, who and when). Adding a notice recomputes every case whose due date was
//! provisional and records those whose due date moved earlier, for the dashboard.

use crate::{Store, StoreError, date};
use chrono::NaiveDate;
use gongkai_ledger::calendar::WorkingCalendar;
use gongkai_ledger::calendar::notice_text::{self, ParsedNotice};
use serde::Serialize;
use sqlx::Row;
use std::sync::Arc;

/// A notice added to this database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredNotice {
    /// Its document number.
    pub number: String,
    /// The year it arranges.
    pub year: i32,
    /// The text as pasted.
    pub text: String,
    /// Who added it.
    pub added_by: String,
    /// When (RFC 3339).
    pub added_at: String,
}

/// A case whose due date a notice moved earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueChange {
    /// The case.
    pub id: String,
    /// The notice's number.
    pub notice: String,
    /// The provisional due date before.
    pub old_due: NaiveDate,
    /// The due date now.
    pub new_due: NaiveDate,
    /// When the notice was added (RFC 3339).
    pub at: String,
}

impl Store {
    /// The calendar in force: shipped data plus this database's notices.
    pub fn calendar(&self) -> Arc<WorkingCalendar> {
        self.calendar.read().expect("calendar lock").clone()
    }

    /// The notices added to this database, oldest first.
    pub async fn calendar_notices(&self) -> Result<Vec<StoredNotice>, StoreError> {
        let rows = sqlx::query(
            "SELECT number, CAST(year AS BIGINT), text, added_by, added_at FROM calendar_notices ORDER BY added_at, number",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredNotice {
                    number: r.try_get(0)?,
                    year: r.try_get::<i64, _>(1)? as i32,
                    text: r.try_get(2)?,
                    added_by: r.try_get(3)?,
                    added_at: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Builds the calendar from the shipped data and the stored notices.
    pub(crate) async fn load_calendar(&self) -> Result<(), StoreError> {
        let mut cal = WorkingCalendar::official();
        for n in self.calendar_notices().await? {
            let parsed = notice_text::parse(&n.text, Some(&n.number)).map_err(|e| {
                StoreError::Corrupt(format!("节假日通知 {}：{}", n.number, e.join("；")))
            })?;
            // A notice stored by an earlier version and since shipped in the data is already covered.
            if cal.years().contains_key(&parsed.year)
                && parsed.kind == notice_text::NoticeForm::Annual
            {
                continue;
            }
            cal.add_notice(&parsed)
                .map_err(|e| StoreError::Corrupt(format!("节假日通知 {}：{e}", n.number)))?;
        }
        *self.calendar.write().expect("calendar lock") = Arc::new(cal);
        Ok(())
    }

    /// Adds a parsed notice (its number required): checked against the calendar in force, stored with its text,
    /// then every case (of every agency: the calendar is national) whose due date lay past the old data is
    /// recomputed. Returns this agency's open cases whose due date moved earlier (kept for every agency's
    /// dashboard).
    pub async fn add_calendar_notice(
        &self,
        notice: &ParsedNotice,
        text: &str,
        who: &str,
        now: &str,
    ) -> Result<Vec<DueChange>, StoreError> {
        let number = notice.number.clone().ok_or_else(|| {
            StoreError::Refused("请填写通知的文号（国办发明电〔YYYY〕N号）".into())
        })?;
        let old = self.calendar();
        let mut cal = (*old).clone();
        cal.add_notice(notice)
            .map_err(|e| StoreError::Refused(e.to_string()))?;
        let (_, old_last) = old.coverage();
        let mut apps = Vec::new();
        for agency in self.agencies_with_cases().await? {
            let view = self.for_agency(&agency);
            let found = view
                .load(&format!("due_on IS NULL OR due_on > '{old_last}'"), None)
                .await?;
            apps.extend(found.into_iter().map(|a| (agency.clone(), a)));
        }
        let mut tx = self.write_tx().await?;
        let exists = sqlx::query("SELECT 1 FROM calendar_notices WHERE number = $1")
            .bind(number.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Refused(format!("通知 {number} 已添加过")));
        }
        sqlx::query(
            "INSERT INTO calendar_notices (number, year, text, added_by, added_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(number.clone())
        .bind(notice.year as i64)
        .bind(text.to_string())
        .bind(who.to_string())
        .bind(now.to_string())
        .execute(&mut *tx)
        .await?;
        let mut changes = Vec::new();
        for (agency, app) in &apps {
            let before = crate::cases::derive(app, &old).0;
            let (due, clock) = crate::cases::derive(app, &cal);
            // Open cases only: a closed case's answer is given, there is nothing left to do by the date.
            if let (Some(b), Some(a), None) = (&before, &due, app.closed())
                && a < b
            {
                sqlx::query(
                    "INSERT INTO due_changes (agency_id, application_id, notice, old_due, new_due, at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(agency.clone())
                .bind(app.id.clone())
                .bind(number.clone())
                .bind(b.clone())
                .bind(a.clone())
                .bind(now.to_string())
                .execute(&mut *tx)
                .await?;
                if *agency == *self.agency {
                    changes.push(DueChange {
                        id: app.id.clone(),
                        notice: number.clone(),
                        old_due: date(b)?,
                        new_due: date(a)?,
                        at: now.to_string(),
                    });
                }
            }
            sqlx::query(
                "UPDATE applications SET due_on = $1, clock = $2 WHERE agency_id = $4 AND id = $3",
            )
            .bind(due)
            .bind(clock.key())
            .bind(app.id.clone())
            .bind(agency.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        *self.calendar.write().expect("calendar lock") = Arc::new(cal);
        Ok(changes)
    }

    /// Cases whose due date a notice moved earlier, for notices added at or after `since` (RFC 3339), the
    /// earliest new due date first.
    pub async fn due_changes(&self, since: &str) -> Result<Vec<DueChange>, StoreError> {
        let rows = sqlx::query(
            "SELECT application_id, notice, old_due, new_due, at FROM due_changes \
             WHERE agency_id = $2 AND at >= $1 ORDER BY new_due, application_id",
        )
        .bind(since.to_string())
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DueChange {
                    id: r.try_get(0)?,
                    notice: r.try_get(1)?,
                    old_due: date(&r.try_get::<String, _>(2)?)?,
                    new_due: date(&r.try_get::<String, _>(3)?)?,
                    at: r.try_get(4)?,
                })
            })
            .collect()
    }
}
