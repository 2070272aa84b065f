//! The case list: each case's statutory clock derived when its events are saved (official working-day
//! calendar, 调休 included), and the searches and due list over it answered by SQL, a page at a time, so that a
//! ledger of a million cases lists as fast as one of a hundred.

use crate::{Store, StoreError, date};
use chrono::NaiveDate;
use gongkai_ledger::calendar::WorkingCalendar;
use gongkai_ledger::case::{ApplicantType, Application, Channel};
use gongkai_ledger::clock::{ClockSettings, Status, clock};
use serde::Serialize;
use sqlx::{AssertSqlSafe, Row};

/// Where a case's clock stands, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// The clock runs towards the due date.
    Running,
    /// Stopped (correction, consultation or fee pending).
    Paused,
    /// Answered or otherwise ended.
    Closed,
    /// The due date could not be computed (a date before 2008 or far past the calendar's data): to be checked
    /// by hand.
    Unknown,
}

impl ClockState {
    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Closed => "closed",
            ClockState::Unknown => "unknown",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [
            ClockState::Running,
            ClockState::Paused,
            ClockState::Closed,
            ClockState::Unknown,
        ]
        .into_iter()
        .find(|c| c.key() == s)
    }
}

/// The due date and clock state of an application, as stored.
pub(crate) fn derive(app: &Application, cal: &WorkingCalendar) -> (Option<String>, ClockState) {
    match clock(app, cal, ClockSettings::default()) {
        Ok(c) => (
            Some(c.due.to_string()),
            match c.status {
                Status::Running => ClockState::Running,
                Status::Paused { .. } => ClockState::Paused,
                Status::Closed { .. } => ClockState::Closed,
            },
        ),
        Err(_) => (None, ClockState::Unknown),
    }
}

/// One case in a list (no personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRow {
    /// Case number.
    pub id: String,
    /// The 表三 column.
    pub applicant: ApplicantType,
    /// How the application came in.
    pub channel: Channel,
    /// Day of receipt.
    pub received: NaiveDate,
    /// The statutory due date (for a paused case: if the pause ended on its last step); none when unknown.
    pub due: Option<NaiveDate>,
    /// Where the clock stands.
    pub clock: ClockState,
    /// The closing day.
    pub closed_on: Option<NaiveDate>,
    /// The 表三 row of the reply (2021 keys).
    pub outcome: Option<String>,
}

/// Which cases by their state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    /// Not yet closed.
    Open,
    /// Closed.
    Closed,
    /// Running and due before the day.
    OverdueOn(NaiveDate),
    /// Running and due on or before the day.
    DueBy(NaiveDate),
    /// Clock stopped.
    Paused,
    /// Due date not computable.
    Unknown,
}

/// A search over the cases; every part is optional and they combine with AND.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Text in the case number or the description of the information requested.
    pub text: Option<String>,
    /// Text in the applicant's name (a person's or an organisation's); the caller records the search in the
    /// audit log.
    pub name: Option<String>,
    /// The applicant column.
    pub applicant: Option<ApplicantType>,
    /// The channel.
    pub channel: Option<Channel>,
    /// The state.
    pub state: Option<StateFilter>,
    /// The 表三 row of the reply (2021 key, or a prefix such as `denied.`).
    pub outcome: Option<String>,
    /// Received on or after.
    pub received_from: Option<NaiveDate>,
    /// Received on or before.
    pub received_to: Option<NaiveDate>,
}

/// The order of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// By case number.
    #[default]
    Id,
    /// Earliest due date first (cases without one are listed apart).
    Due,
    /// Latest received first.
    Newest,
    /// By case number, last first.
    IdDesc,
    /// Earliest received first.
    Oldest,
    /// Latest due date first.
    DueDesc,
}

/// Matches are counted up to this many; beyond, the count says “more than”.
pub const COUNT_LIMIT: i64 = 10_000;

/// A page of cases and how many match in all.
#[derive(Debug, Clone, Serialize)]
pub struct CasePage {
    /// All matching cases, counted up to [`COUNT_LIMIT`].
    pub total: i64,
    /// Whether more than [`COUNT_LIMIT`] match (then `total` is the limit).
    pub more: bool,
    /// This page's cases.
    pub rows: Vec<CaseRow>,
}

/// Counts for the due list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DueSummary {
    /// Open cases.
    pub open: i64,
    /// Running and past the due date.
    pub overdue: i64,
    /// Running and due within the window (not yet overdue).
    pub due_soon: i64,
    /// Paused.
    pub paused: i64,
    /// Due date not computable.
    pub unknown: i64,
}

pub(crate) fn like(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

impl CaseFilter {
    /// The WHERE clause and its bound values ($1…).
    /// The WHERE clause within `agency` (always `$1`) and its values.
    fn sql(&self, agency: &str) -> (String, Vec<String>) {
        let mut conds: Vec<String> = vec!["agency_id = $1".into()];
        let mut binds: Vec<String> = vec![agency.to_string()];
        let bind = |v: String, binds: &mut Vec<String>| {
            binds.push(v);
            format!("${}", binds.len())
        };
        if let Some(t) = self
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let p = bind(like(t), &mut binds);
            conds.push(format!(
                "(id LIKE {p} ESCAPE '\\' OR content LIKE {p} ESCAPE '\\')"
            ));
        }
        if let Some(n) = self
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let p = bind(like(n), &mut binds);
            conds.push(format!("applicant_name LIKE {p} ESCAPE '\\'"));
        }
        if let Some(a) = self.applicant {
            conds.push(format!("applicant = {}", bind(a.key().into(), &mut binds)));
        }
        if let Some(c) = self.channel {
            conds.push(format!("channel = {}", bind(c.key().into(), &mut binds)));
        }
        if let Some(o) = self.outcome.as_deref().filter(|o| !o.is_empty()) {
            conds.push(if o.ends_with('.') {
                format!(
                    "outcome LIKE {} ESCAPE '\\'",
                    bind(like(o)[1..].into(), &mut binds)
                )
            } else {
                format!("outcome = {}", bind(o.into(), &mut binds))
            });
        }
        if let Some(d) = self.received_from {
            conds.push(format!("received >= {}", bind(d.to_string(), &mut binds)));
        }
        if let Some(d) = self.received_to {
            conds.push(format!("received <= {}", bind(d.to_string(), &mut binds)));
        }
        match self.state {
            None => {}
            Some(StateFilter::Open) => conds.push("closed_on IS NULL".into()),
            Some(StateFilter::Closed) => conds.push("closed_on IS NOT NULL".into()),
            Some(StateFilter::Paused) => {
                conds.push("closed_on IS NULL AND clock = 'paused'".into())
            }
            Some(StateFilter::Unknown) => {
                conds.push("closed_on IS NULL AND clock = 'unknown'".into())
            }
            Some(StateFilter::OverdueOn(d)) => conds.push(format!(
                "closed_on IS NULL AND clock = 'running' AND due_on < {}",
                bind(d.to_string(), &mut binds)
            )),
            Some(StateFilter::DueBy(d)) => conds.push(format!(
                "closed_on IS NULL AND clock = 'running' AND due_on <= {}",
                bind(d.to_string(), &mut binds)
            )),
        }
        (format!("WHERE {}", conds.join(" AND ")), binds)
    }
}

fn row(r: &sqlx::any::AnyRow) -> Result<CaseRow, StoreError> {
    let applicant: String = r.try_get(1)?;
    let channel: String = r.try_get(2)?;
    let opt_date = |i: usize| -> Result<Option<NaiveDate>, StoreError> {
        r.try_get::<Option<String>, _>(i)?
            .map(|s| date(&s))
            .transpose()
    };
    let clock: Option<String> = r.try_get(5)?;
    Ok(CaseRow {
        id: r.try_get(0)?,
        applicant: ApplicantType::parse(&applicant).ok_or(StoreError::Corrupt(applicant))?,
        channel: Channel::parse(&channel).ok_or(StoreError::Corrupt(channel))?,
        received: date(&r.try_get::<String, _>(3)?)?,
        due: opt_date(4)?,
        clock: clock
            .as_deref()
            .and_then(ClockState::parse)
            .unwrap_or(ClockState::Unknown),
        closed_on: opt_date(6)?,
        outcome: r.try_get(7)?,
    })
}

impl Store {
    /// A page of the cases matching `filter`, in `order`, and the number matching in all.
    pub async fn cases(
        &self,
        filter: &CaseFilter,
        order: Order,
        limit: i64,
        offset: i64,
    ) -> Result<CasePage, StoreError> {
        let (clause, binds) = filter.sql(&self.agency);
        let order = match order {
            Order::Id => "id",
            Order::Due => "due_on, id",
            Order::Newest => "received DESC, id DESC",
            Order::IdDesc => "id DESC",
            Order::Oldest => "received, id",
            Order::DueDesc => "due_on DESC, id DESC",
        };
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM applications {clause} LIMIT {}) AS matched",
            COUNT_LIMIT + 1
        );
        let mut q = sqlx::query(AssertSqlSafe(count_sql));
        for b in &binds {
            q = q.bind(b.clone());
        }
        let counted: i64 = q.fetch_one(&self.pool).await?.try_get(0)?;
        let sql = format!(
            "SELECT id, applicant, channel, received, due_on, clock, closed_on, outcome \
             FROM applications {clause} ORDER BY {order} LIMIT {} OFFSET {}",
            limit.clamp(0, 10_000),
            offset.max(0)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(b.clone());
        }
        let rows = q
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(row)
            .collect::<Result<_, _>>()?;
        Ok(CasePage {
            total: counted.min(COUNT_LIMIT),
            more: counted > COUNT_LIMIT,
            rows,
        })
    }

    /// The due list's counts on `today`, with “due soon” meaning running and due on or before `soon`.
    pub async fn due_summary(
        &self,
        today: NaiveDate,
        soon: NaiveDate,
    ) -> Result<DueSummary, StoreError> {
        let r = sqlx::query(
            "SELECT COUNT(*), \
             SUM(CASE WHEN clock = 'running' AND due_on < $1 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN clock = 'running' AND due_on >= $1 AND due_on <= $2 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN clock = 'paused' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN clock = 'unknown' OR clock IS NULL THEN 1 ELSE 0 END) \
             FROM applications WHERE agency_id = $3 AND closed_on IS NULL",
        )
        .bind(today.to_string())
        .bind(soon.to_string())
        .bind(self.ag())
        .fetch_one(&self.pool)
        .await?;
        let n = |i: usize| -> Result<i64, StoreError> {
            Ok(r.try_get::<Option<i64>, _>(i)?.unwrap_or(0))
        };
        Ok(DueSummary {
            open: n(0)?,
            overdue: n(1)?,
            due_soon: n(2)?,
            paused: n(3)?,
            unknown: n(4)?,
        })
    }

    /// The agencies that have cases (for work over the whole database: the calendar changes them all).
    pub(crate) async fn agencies_with_cases(&self) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query("SELECT DISTINCT agency_id FROM applications ORDER BY agency_id")
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?,
        )
    }

    /// Derives the clock of cases stored before clocks were kept (a database from an earlier version), in every
    /// agency.
    pub(crate) async fn derive_missing_clocks(&self) -> Result<(), StoreError> {
        for agency in self.agencies_with_cases().await? {
            self.for_agency(&agency).derive_own_missing_clocks().await?;
        }
        Ok(())
    }

    async fn derive_own_missing_clocks(&self) -> Result<(), StoreError> {
        // Never derived, not computable, or provisional under the calendar they were derived with.
        let (_, last) = self.calendar().coverage();
        let apps = self
            .load(
                &format!(
                    "clock IS NULL OR clock = 'unknown' OR due_on IS NULL OR due_on > '{last}'"
                ),
                None,
            )
            .await?;
        let cal = self.calendar();
        for chunk in apps.chunks(500) {
            let mut tx = self.write_tx().await?;
            for app in chunk {
                let (due, clock) = derive(app, &cal);
                sqlx::query(
                    "UPDATE applications SET due_on = $1, clock = $2 WHERE agency_id = $4 AND id = $3",
                )
                .bind(due)
                .bind(clock.key())
                .bind(app.id.clone())
                .bind(self.ag())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::like;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like("50%_a\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(like("规划"), "%规划%");
    }
}
