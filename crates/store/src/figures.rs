//! The year-end figures the ledger keeps: reviews and lawsuits (表四), the proactive-disclosure table (表二) as
//! entered, 表三 counted in SQL, and the cases behind one 表三 cell.

use crate::{Store, StoreError, date};
use gongkai_ledger::case::ApplicantType;
use gongkai_ledger::report::Table3Counts;
use gongkai_ledger::review::{ReviewCase, ReviewKind, ReviewResult};
use gongkai_model::FormatVersion;
use sqlx::{AssertSqlSafe, Row};

impl Store {
    /// Stores a review or lawsuit.
    pub async fn add_review(&self, r: &ReviewCase) -> Result<(), StoreError> {
        let exists = sqlx::query("SELECT id FROM reviews WHERE agency_id = $2 AND id = $1")
            .bind(r.id.clone())
            .bind(self.ag())
            .fetch_optional(&self.pool)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Duplicate(r.id.clone()));
        }
        let kind = serde_json::to_value(r.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let result = r.concluded.map(|(_, x)| {
            serde_json::to_value(x)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        });
        sqlx::query("INSERT INTO reviews (id, kind, filed, concluded_on, result, application_id, agency_id) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(r.id.clone())
            .bind(kind)
            .bind(r.filed.to_string())
            .bind(r.concluded.map(|(d, _)| d.to_string()))
            .bind(result)
            .bind(r.application_id.clone())
            .bind(self.ag())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// All reviews and lawsuits.
    pub async fn reviews(&self) -> Result<Vec<ReviewCase>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, kind, filed, concluded_on, result, application_id FROM reviews WHERE agency_id = $1 ORDER BY id",
        )
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let kind: String = r.try_get(1)?;
                let concluded: Option<String> = r.try_get(3)?;
                let result: Option<String> = r.try_get(4)?;
                let concluded = match (concluded, result) {
                    (Some(d), Some(x)) => Some((
                        date(&d)?,
                        ReviewResult::parse(&x).ok_or(StoreError::Corrupt(x))?,
                    )),
                    _ => None,
                };
                Ok(ReviewCase {
                    id: r.try_get(0)?,
                    kind: ReviewKind::parse(&kind).ok_or(StoreError::Corrupt(kind))?,
                    filed: date(&r.try_get::<String, _>(2)?)?,
                    concluded,
                    application_id: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// Saves the proactive-disclosure table (表二, exchange JSON object) of a year.
    pub async fn set_proactive(
        &self,
        year: i32,
        table2: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM proactive WHERE agency_id = $2 AND year = $1")
            .bind(i64::from(year))
            .bind(self.ag())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO proactive (agency_id, year, data) VALUES ($3, $1, $2)")
            .bind(i64::from(year))
            .bind(table2.to_string())
            .bind(self.ag())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The proactive-disclosure table of a year, if entered.
    pub async fn proactive(&self, year: i32) -> Result<Option<serde_json::Value>, StoreError> {
        let row = sqlx::query("SELECT data FROM proactive WHERE agency_id = $2 AND year = $1")
            .bind(i64::from(year))
            .bind(self.ag())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let s: String = r.try_get(0)?;
            serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(e.to_string()))
        })
        .transpose()
    }

    /// 表三 counts of a year, computed in SQL in one pass over the covering index (see
    /// gongkai_ledger::report::place for the rules).
    pub async fn table3_counts(&self, year: i32) -> Result<Table3Counts, StoreError> {
        let (start, end) = (format!("{year}-01-01"), format!("{year}-12-31"));
        let format = FormatVersion::for_year(year);
        let sql = "SELECT applicant, outcome, \
                   SUM(CASE WHEN received >= $1 THEN 1 ELSE 0 END), \
                   SUM(CASE WHEN received < $1 THEN 1 ELSE 0 END), \
                   SUM(CASE WHEN closed_on <= $2 THEN 1 ELSE 0 END), \
                   SUM(CASE WHEN closed_on IS NULL OR closed_on > $2 THEN 1 ELSE 0 END) \
                   FROM applications \
                   WHERE agency_id = $3 AND received <= $2 AND (closed_on IS NULL OR closed_on >= $1) \
                   GROUP BY applicant, outcome";
        let mut t = Table3Counts::default();
        for r in sqlx::query(sql)
            .bind(start)
            .bind(end)
            .bind(self.ag())
            .fetch_all(&self.pool)
            .await?
        {
            let applicant: String = r.try_get(0)?;
            let outcome: Option<String> = r.try_get(1)?;
            let count = |i: usize| -> Result<i64, StoreError> {
                Ok(r.try_get::<Option<i64>, _>(i)?.unwrap_or(0))
            };
            let (new, carried_in, closed, carried_out) =
                (count(2)?, count(3)?, count(4)?, count(5)?);
            add(&mut t, "new_received", &applicant, new)?;
            add(&mut t, "carried_over", &applicant, carried_in)?;
            add(&mut t, "carried_forward", &applicant, carried_out)?;
            if closed > 0 {
                let outcome = outcome.ok_or_else(|| {
                    StoreError::Corrupt(format!("已办结的申请缺少办理结果（{applicant}）"))
                })?;
                let outcome = gongkai_ledger::case::Outcome::new(&outcome)?;
                add(&mut t, outcome.key_in(format), &applicant, closed)?;
                add(&mut t, "total", &applicant, closed)?;
            }
        }
        t.counts.retain(|_, v| v.iter().any(|n| *n > 0));
        Ok(t)
    }

    /// The case numbers behind one 表三 cell (`column` 0–5, or 6 for 总计).
    pub async fn explain(
        &self,
        year: i32,
        row: &str,
        column: usize,
    ) -> Result<Vec<String>, StoreError> {
        let (start, end) = (format!("{year}-01-01"), format!("{year}-12-31"));
        let format = FormatVersion::for_year(year);
        let cond = match row {
            "new_received" => "received >= $1 AND received <= $2".to_string(),
            "carried_over" => {
                "received < $1 AND (closed_on IS NULL OR closed_on >= $1) AND $2 = $2".to_string()
            }
            "carried_forward" => {
                "received <= $2 AND (closed_on IS NULL OR closed_on > $2) AND $1 = $1".to_string()
            }
            "total" => "closed_on >= $1 AND closed_on <= $2".to_string(),
            "other" if format == FormatVersion::V2019 => {
                "closed_on >= $1 AND closed_on <= $2 AND outcome LIKE 'other.%'".to_string()
            }
            key => {
                gongkai_ledger::case::Outcome::new(key)?;
                "closed_on >= $1 AND closed_on <= $2 AND outcome = $3".to_string()
            }
        };
        // $3 is the outcome key (bound even when unused, so that the agency is always $4 and the applicant $5).
        let (sql, applicant) = match ApplicantType::ALL.get(column) {
            Some(a) => (
                format!(
                    "SELECT id FROM applications WHERE agency_id = $4 AND {cond} AND applicant = $5 AND $3 = $3 \
                     ORDER BY id"
                ),
                Some(a.key()),
            ),
            None => (
                format!(
                    "SELECT id FROM applications WHERE agency_id = $4 AND {cond} AND $3 = $3 ORDER BY id"
                ),
                None,
            ),
        };
        let mut q = sqlx::query(AssertSqlSafe(sql))
            .bind(start)
            .bind(end)
            .bind(row.to_string())
            .bind(self.ag());
        if let Some(a) = applicant {
            q = q.bind(a.to_string());
        }
        q.fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|r| Ok(r.try_get::<String, _>(0)?))
            .collect()
    }
}

fn add(t: &mut Table3Counts, row: &str, applicant: &str, n: i64) -> Result<(), StoreError> {
    let a = ApplicantType::parse(applicant)
        .ok_or_else(|| StoreError::Corrupt(applicant.to_string()))?;
    t.counts.entry(row.to_string()).or_default()[a.column()] += n as u64;
    Ok(())
}
