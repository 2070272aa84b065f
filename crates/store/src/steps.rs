//! A case's steps as recorded, withdrawn ones included: a step recorded by mistake is withdrawn by the office
//! head with a reason, never deleted; the clock then runs without it.

use crate::{Store, StoreError, date};
use chrono::NaiveDate;
use gongkai_ledger::case::{Application, EventKind};
use serde::Serialize;
use sqlx::Row;

/// Who withdrew a step, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawal {
    /// Username.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// Why.
    pub reason: String,
}

/// A step as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredStep {
    /// Its number within the case.
    pub seq: i64,
    /// The step's date.
    pub date: NaiveDate,
    /// What happened.
    pub kind: EventKind,
    /// Set when withdrawn.
    pub withdrawn: Option<Withdrawal>,
}

impl Store {
    /// Every step of a case in recorded order, withdrawn ones included.
    pub async fn case_steps(&self, id: &str) -> Result<Vec<StoredStep>, StoreError> {
        let rows = sqlx::query(
            "SELECT CAST(seq AS BIGINT), date, data, withdrawn_at, withdrawn_by, withdrawn_reason FROM events \
             WHERE agency_id = $2 AND application_id = $1 ORDER BY seq",
        )
        .bind(id.to_string())
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get(2)?;
                let at: Option<String> = r.try_get(3)?;
                Ok(StoredStep {
                    seq: r.try_get(0)?,
                    date: date(&r.try_get::<String, _>(1)?)?,
                    kind: serde_json::from_str(&data)
                        .map_err(|e| StoreError::Corrupt(format!("{data}: {e}")))?,
                    withdrawn: match at {
                        Some(at) => Some(Withdrawal {
                            at,
                            by: r.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
                            reason: r.try_get::<Option<String>, _>(5)?.unwrap_or_default(),
                        }),
                        None => None,
                    },
                })
            })
            .collect()
    }

    /// Withdraws step `seq` of case `id`: refused without a reason, for a step already withdrawn, and when the
    /// steps left would not be a possible sequence (a later step needs it: withdraw that first). The case's
    /// clock is derived again without it.
    pub async fn withdraw_step(
        &self,
        id: &str,
        seq: i64,
        who: &str,
        reason: &str,
        now: &str,
    ) -> Result<Application, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Refused("撤回步骤须写明理由".into()));
        }
        let steps = self.case_steps(id).await?;
        let step = steps
            .iter()
            .find(|s| s.seq == seq)
            .ok_or_else(|| StoreError::Refused(format!("案件 {id} 没有第 {} 个步骤", seq + 1)))?;
        if step.withdrawn.is_some() {
            return Err(StoreError::Refused("该步骤已撤回".into()));
        }
        let mut app = self
            .application(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        app.events = steps
            .iter()
            .filter(|s| s.withdrawn.is_none() && s.seq != seq)
            .map(|s| gongkai_ledger::case::Event {
                date: s.date,
                kind: s.kind.clone(),
            })
            .collect();
        app.validate().map_err(|e| {
            StoreError::Refused(format!(
                "撤回“{}”后其余步骤不成立：{e}。请先撤回其后的步骤",
                step.kind.label()
            ))
        })?;
        let closed = app.closed();
        let (due, clock) = crate::cases::derive(&app, &self.calendar());
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "UPDATE events SET withdrawn_at = $1, withdrawn_by = $2, withdrawn_reason = $3 \
             WHERE agency_id = $6 AND application_id = $4 AND seq = $5",
        )
        .bind(now.to_string())
        .bind(who.to_string())
        .bind(reason.to_string())
        .bind(id.to_string())
        .bind(seq)
        .bind(self.ag())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE applications SET closed_on = $1, outcome = $2, due_on = $3, clock = $4 WHERE agency_id = $6 AND id = $5")
            .bind(closed.as_ref().map(|(d, _)| d.to_string()))
            .bind(closed.as_ref().map(|(_, o)| o.key().to_string()))
            .bind(due)
            .bind(clock.key())
            .bind(id.to_string())
            .bind(self.ag())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(app)
    }
}
